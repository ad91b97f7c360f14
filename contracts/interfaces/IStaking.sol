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
    /// @param netuid The subnet asked for.
    error StakingNoPool(uint16 netuid);
    /// @notice A pool already exists for `netuid`.
    /// @param netuid The subnet.
    error StakingPoolExists(uint16 netuid);
    /// @notice Staking on the subnet has not started (the owner has not called `startCall`).
    /// @param netuid The subnet.
    error StakingSubnetNotStarted(uint16 netuid);
    /// @notice The hotkey has no owner coldkey (it was never registered anywhere).
    /// @param hotkey The hotkey.
    error StakingUnknownHotkey(address hotkey);
    /// @notice A zero amount was given.
    error StakingZeroAmount();
    /// @notice The swap would pay out nothing, or drain the output reserve (or it holds less than
    ///         `MinimumReserve`), or a stake would mint zero shares.
    /// @param netuid The subnet whose pool is too thin.
    error StakingInsufficientLiquidity(uint16 netuid);
    /// @notice The coldkey's stake on (hotkey, netuid) is below the amount asked.
    /// @param hotkey The hotkey staked on.
    /// @param coldkey The position's owner (the caller).
    /// @param netuid The subnet.
    /// @param stake The position's α value, in α rao.
    /// @param amount The α asked to unstake, in α rao.
    error StakingInsufficientStake(address hotkey, address coldkey, uint16 netuid, uint256 stake, uint256 amount);
    /// @notice The contract was not sent the TAO a privileged call accounts for.
    /// @param expected The TAO the call brings, in rao.
    /// @param available The contract's TAO balance above {accountedTao}, in rao.
    error StakingUnfundedTao(uint256 expected, uint256 available);

    /* EVENTS */

    // Amounts stay unindexed: nobody filters logs by them, and a topic (375 gas) costs more than a
    // data word (256 gas).
    // solhint-disable gas-indexed-events

    /// @notice A subnet's pool was created with its initial reserves (subnet registration, spec/chain.md §5.1).
    /// @param netuid The subnet.
    /// @param alpha The subnet's α token.
    /// @param taoReserve The initial TAO reserve (the lock cost), in rao.
    /// @param alphaReserve The α minted into the pool, in α rao.
    event PoolCreated(uint16 indexed netuid, address indexed alpha, uint256 taoReserve, uint256 alphaReserve);

    /// @notice `coldkey` staked `tao` on (hotkey, netuid), receiving `alpha` after `fee` TAO.
    /// @param coldkey The staker (the caller).
    /// @param hotkey The hotkey staked on.
    /// @param netuid The subnet.
    /// @param tao The TAO pulled from the coldkey, fee included, in rao.
    /// @param alpha The α bought and staked, in α rao.
    /// @param fee The TAO fee sent to the fee recipient, in rao.
    event StakeAdded(address indexed coldkey, address indexed hotkey, uint16 indexed netuid, uint256 tao, uint256 alpha, uint256 fee);

    /// @notice `coldkey` unstaked `alpha` from (hotkey, netuid), receiving `tao` after `fee` (α).
    /// @param coldkey The staker (the caller).
    /// @param hotkey The hotkey unstaked from.
    /// @param netuid The subnet.
    /// @param alpha The α unstaked, fee included, in α rao.
    /// @param tao The TAO paid to the coldkey, in rao.
    /// @param fee The α fee, sold fee-free for the fee recipient, in α rao.
    event StakeRemoved(address indexed coldkey, address indexed hotkey, uint16 indexed netuid, uint256 alpha, uint256 tao, uint256 fee);

    /// @notice Emission added liquidity at the current price (spec/chain.md §2.4).
    /// @param netuid The subnet.
    /// @param taoIn TAO added to the reserve, in rao.
    /// @param alphaIn α minted into the reserve, in α rao.
    event Injected(uint16 indexed netuid, uint256 taoIn, uint256 alphaIn);

    /// @notice TAO was bought into the pool and the α bought was recycled (neuron registration burn).
    /// @param netuid The subnet.
    /// @param tao The burn paid, fee included (the fee stays with the subnet as {retainedTao}), in rao.
    /// @param alphaRecycled The α bought and burned, in α rao.
    event BoughtAndRecycled(uint16 indexed netuid, uint256 tao, uint256 alphaRecycled);

    /// @notice New α was staked to (hotkey, coldkey, netuid) by the protocol (incentive, take, owner cut).
    /// @param hotkey The hotkey staked on.
    /// @param coldkey The position's owner.
    /// @param netuid The subnet.
    /// @param alpha The α minted and staked, in α rao.
    event StakeCredited(address indexed hotkey, address indexed coldkey, uint16 indexed netuid, uint256 alpha);

    /// @notice New α was added to the hotkey's pool value (dividends to all its nominators).
    /// @param hotkey The hotkey.
    /// @param netuid The subnet.
    /// @param alpha The α minted into the share pool's value, in α rao.
    event HotkeyRewarded(address indexed hotkey, uint16 indexed netuid, uint256 alpha);

    // solhint-enable gas-indexed-events

    /* USER ACTIONS */

    /// @notice Buy α with `tao` TAO (pulled from the caller, fee on input) and stake it on (hotkey, netuid).
    /// @param hotkey Any hotkey with an owner; it need not be registered on `netuid`.
    /// @param netuid A started subnet.
    /// @param tao The TAO to spend, fee included, in rao (approve it first).
    /// @return alpha The α staked, in α rao.
    function addStake(address hotkey, uint16 netuid, uint256 tao) external returns (uint256 alpha);

    /// @notice Unstake `alpha` α from (hotkey, netuid), sell it and send the TAO to the caller.
    /// @param hotkey The hotkey staked on.
    /// @param netuid The subnet.
    /// @param alpha The α to unstake, fee included, in α rao; at most {stakeOf}.
    /// @return tao The TAO paid out, in rao.
    function removeStake(address hotkey, uint16 netuid, uint256 alpha) external returns (uint256 tao);

    /* VIEWS */

    /// @notice The α value of `coldkey`'s position on (hotkey, netuid): floor(V·s_c/D).
    /// @param hotkey The hotkey staked on.
    /// @param coldkey The position's owner.
    /// @param netuid The subnet.
    /// @return The position's value, in α rao.
    function stakeOf(address hotkey, address coldkey, uint16 netuid) external view returns (uint256);
    /// @notice The hotkey's total α on the subnet (`TotalHotkeyAlpha`, the share pool value V).
    /// @param hotkey The hotkey.
    /// @param netuid The subnet.
    /// @return V, in α rao.
    function totalHotkeyAlpha(address hotkey, uint16 netuid) external view returns (uint256);
    /// @notice The pool's reserves (both 0 if no pool).
    /// @param netuid The subnet.
    /// @return taoReserve The TAO reserve y (`SubnetTAO`), in rao.
    /// @return alphaReserve The α reserve x (`SubnetAlphaIn`), in α rao.
    function pool(uint16 netuid) external view returns (uint256 taoReserve, uint256 alphaReserve);
    /// @notice Spot price in rao of TAO per whole α (×1e9), 0 if the α reserve is empty.
    /// @param netuid The subnet.
    /// @return floor(taoReserve · 1e9 / alphaReserve).
    function spotPrice(uint16 netuid) external view returns (uint256);
    /// @notice The α that {addStake} of `taoAmount` would credit against the pool as it is now, fee
    ///         included (spec/chain.md §9, precompile 0x808 `simSwapTaoForAlpha`).
    /// @dev A transaction first accrues the emission of blocks not yet accrued, which moves the pool a
    ///      little; the quote does not. 0 where the swap would revert (no pool, pool too thin, zero output).
    /// @param netuid The subnet.
    /// @param taoAmount Gross TAO in, before the input fee, in rao.
    /// @return alpha The α out, in α rao.
    function simSwapTaoForAlpha(uint16 netuid, uint256 taoAmount) external view returns (uint256 alpha);
    /// @notice The TAO that {removeStake} of `alphaAmount` would pay against the pool as it is now, fee
    ///         included (spec/chain.md §9, precompile 0x808 `simSwapAlphaForTao`).
    /// @dev As {simSwapTaoForAlpha}: accrual is not simulated; 0 where the swap would revert.
    /// @param netuid The subnet.
    /// @param alphaAmount Gross α in, before the input fee, in α rao.
    /// @return taoOut The TAO out, in rao.
    function simSwapAlphaForTao(uint16 netuid, uint256 alphaAmount) external view returns (uint256 taoOut);
    /// @notice The subnet's α token (zero if no pool).
    /// @param netuid The subnet.
    /// @return The token.
    function alphaToken(uint16 netuid) external view returns (IAlphaToken);
    /// @notice Swap fee rate, out of 65535 (33 by default).
    /// @return The rate.
    function feeRate() external view returns (uint16);
    /// @notice TAO the subnet's account holds beyond its reserve: the registration-burn swap fees, which
    ///         stay with the subnet (spec/chain.md §5.2).
    /// @param netuid The subnet.
    /// @return The retained TAO, in rao.
    function retainedTao(uint16 netuid) external view returns (uint256);
    /// @notice All TAO this contract accounts for: Σ TAO reserves + Σ retained TAO. Its TAO balance is at
    ///         least this; anything above is unaccounted and is what a privileged call may claim as funding.
    /// @return The accounted TAO, in rao.
    function accountedTao() external view returns (uint256);

    /* PROTOCOL (restricted) */

    /// @notice Creates the pool of a new subnet with `tao` TAO (already transferred here) and mints `alphaReserve` α into it.
    /// @param netuid The new subnet.
    /// @param alpha Its α token (this contract must be the minter).
    /// @param tao The initial TAO reserve (the lock cost), in rao; non-zero.
    /// @param alphaReserve The initial α reserve, in α rao; non-zero.
    function createPool(uint16 netuid, IAlphaToken alpha, uint256 tao, uint256 alphaReserve) external;
    /// @notice Adds emission liquidity: `taoIn` TAO (already transferred here) and `alphaIn` newly minted α.
    /// @param netuid The subnet.
    /// @param taoIn TAO to add to the reserve, in rao.
    /// @param alphaIn α to mint into the reserve, in α rao (sized by the caller to keep the price).
    function inject(uint16 netuid, uint256 taoIn, uint256 alphaIn) external;
    /// @notice Buys α with `tao` TAO (already transferred here; fee kept in the pool account) and recycles the α.
    /// @param netuid The subnet.
    /// @param tao The registration burn, fee included, in rao; non-zero.
    /// @return alphaRecycled The α bought and burned, in α rao.
    function buyAndRecycle(uint16 netuid, uint256 tao) external returns (uint256 alphaRecycled);
    /// @notice Mints `alpha` α and stakes it to (hotkey, coldkey, netuid) as new shares.
    /// @param hotkey The hotkey to stake on.
    /// @param coldkey The position's owner.
    /// @param netuid The subnet.
    /// @param alpha The α to mint and stake, in α rao (0 does nothing).
    function creditStake(address hotkey, address coldkey, uint16 netuid, uint256 alpha) external;
    /// @notice Mints `alpha` α into the (hotkey, netuid) share pool's value, without new shares.
    /// @param hotkey The hotkey whose nominators share the reward.
    /// @param netuid The subnet.
    /// @param alpha The α to mint, in α rao (0 does nothing).
    function rewardHotkey(address hotkey, uint16 netuid, uint256 alpha) external;
}
