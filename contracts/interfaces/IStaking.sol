// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAlphaToken} from "./IAlphaToken.sol";

/// @title IStaking
/// @notice Each subnet's TAO/α pool and the per-(hotkey, subnet) share pools that hold stake
///         (spec/chain.md §3, §3.6, §4.2). A position is (hotkey, coldkey, netuid) in α; the coldkey
///         is `msg.sender`. The contract holds all pool TAO and all α tokens (reserve + staked).
/// @dev Privileged entry points (`restricted` through the protocol AccessManager) are called by the
///      SubnetRegistry (createPool, buyAndRecycle), the Coinbase (inject) and the EpochSettlement
///      (creditStake, rewardHotkey). Whoever calls them with TAO must have transferred that TAO to
///      this contract first, in the same transaction; the contract checks its unaccounted balance.
interface IStaking {
    /* ERRORS */

    /// @notice No pool exists for `netuid`.
    error StakingNoPool(uint16 netuid);
    /// @notice A pool already exists for `netuid`.
    error StakingPoolExists(uint16 netuid);
    /// @notice Staking on the subnet has not started (the owner has not called `startCall`).
    error StakingSubnetNotStarted(uint16 netuid);
    /// @notice The hotkey has no owner coldkey (it was never registered anywhere).
    error StakingUnknownHotkey(address hotkey);
    /// @notice A zero amount was given.
    error StakingZeroAmount();
    /// @notice The swap would pay out nothing, or drain the output reserve.
    error StakingInsufficientLiquidity(uint16 netuid);
    /// @notice The coldkey's stake on (hotkey, netuid) is below the amount asked.
    error StakingInsufficientStake(address hotkey, address coldkey, uint16 netuid, uint256 stake, uint256 amount);
    /// @notice The contract was not sent the TAO a privileged call accounts for.
    error StakingUnfundedTao(uint256 expected, uint256 available);

    /* EVENTS */

    /// @notice A pool was created with its initial reserves.
    event PoolCreated(uint16 indexed netuid, address indexed alpha, uint256 taoReserve, uint256 alphaReserve);
    /// @notice `coldkey` staked `tao` on (hotkey, netuid), receiving `alpha` after `fee` TAO.
    event StakeAdded(address indexed coldkey, address indexed hotkey, uint16 indexed netuid, uint256 tao, uint256 alpha, uint256 fee);
    /// @notice `coldkey` unstaked `alpha` from (hotkey, netuid), receiving `tao` after `fee` (α).
    event StakeRemoved(address indexed coldkey, address indexed hotkey, uint16 indexed netuid, uint256 alpha, uint256 tao, uint256 fee);
    /// @notice Emission added liquidity at the current price.
    event Injected(uint16 indexed netuid, uint256 taoIn, uint256 alphaIn);
    /// @notice TAO was bought into the pool and the α bought was recycled (neuron registration burn).
    event BoughtAndRecycled(uint16 indexed netuid, uint256 tao, uint256 alphaRecycled);
    /// @notice New α was staked to (hotkey, coldkey, netuid) by the protocol (incentive, take, owner cut).
    event StakeCredited(address indexed hotkey, address indexed coldkey, uint16 indexed netuid, uint256 alpha);
    /// @notice New α was added to the hotkey's pool value (dividends to all its nominators).
    event HotkeyRewarded(address indexed hotkey, uint16 indexed netuid, uint256 alpha);

    /* USER ACTIONS */

    /// @notice Buy α with `tao` TAO (pulled from the caller, fee on input) and stake it on (hotkey, netuid).
    /// @return alpha The α staked.
    function addStake(address hotkey, uint16 netuid, uint256 tao) external returns (uint256 alpha);

    /// @notice Unstake `alpha` α from (hotkey, netuid), sell it and send the TAO to the caller.
    /// @return tao The TAO paid out.
    function removeStake(address hotkey, uint16 netuid, uint256 alpha) external returns (uint256 tao);

    /* VIEWS */

    /// @notice The α value of `coldkey`'s position on (hotkey, netuid): floor(V·s_c/D).
    function stakeOf(address hotkey, address coldkey, uint16 netuid) external view returns (uint256);
    /// @notice The hotkey's total α on the subnet (`TotalHotkeyAlpha`, the share pool value V).
    function totalHotkeyAlpha(address hotkey, uint16 netuid) external view returns (uint256);
    /// @notice The pool's reserves.
    function pool(uint16 netuid) external view returns (uint256 taoReserve, uint256 alphaReserve);
    /// @notice Spot price in rao of TAO per whole α (×1e9), 0 if the α reserve is empty.
    function spotPrice(uint16 netuid) external view returns (uint256);
    /// @notice The subnet's α token (zero if no pool).
    function alphaToken(uint16 netuid) external view returns (IAlphaToken);
    /// @notice Swap fee rate, out of 65535 (33 by default).
    function feeRate() external view returns (uint16);
    /// @notice TAO the subnet's account holds beyond its reserve: the registration-burn swap fees, which
    ///         stay with the subnet (spec/chain.md §5.2).
    function retainedTao(uint16 netuid) external view returns (uint256);
    /// @notice All TAO this contract accounts for: Σ TAO reserves + Σ retained TAO. Its TAO balance is at
    ///         least this; anything above is unaccounted and is what a privileged call may claim as funding.
    function accountedTao() external view returns (uint256);

    /* PROTOCOL (restricted) */

    /// @notice Creates the pool of a new subnet with `tao` TAO (already transferred here) and mints `alphaReserve` α into it.
    function createPool(uint16 netuid, IAlphaToken alpha, uint256 tao, uint256 alphaReserve) external;
    /// @notice Adds emission liquidity: `taoIn` TAO (already transferred here) and `alphaIn` newly minted α.
    function inject(uint16 netuid, uint256 taoIn, uint256 alphaIn) external;
    /// @notice Buys α with `tao` TAO (already transferred here; fee kept in the pool account) and recycles the α.
    /// @return alphaRecycled The α bought and burned.
    function buyAndRecycle(uint16 netuid, uint256 tao) external returns (uint256 alphaRecycled);
    /// @notice Mints `alpha` α and stakes it to (hotkey, coldkey, netuid) as new shares.
    function creditStake(address hotkey, address coldkey, uint16 netuid, uint256 alpha) external;
    /// @notice Mints `alpha` α into the (hotkey, netuid) share pool's value, without new shares.
    function rewardHotkey(address hotkey, uint16 netuid, uint256 alpha) external;
}
