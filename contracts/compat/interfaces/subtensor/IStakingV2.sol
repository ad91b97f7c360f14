// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev The StakingV2 precompile's address (subtensor INDEX 2053).
address constant ISTAKING_V2_ADDRESS = 0x0000000000000000000000000000000000000805;

/// @title IStakingV2
/// @notice subtensor's StakingV2 precompile (docs/spec/chain.md §9), as contracts on the Bittensor EVM call it:
///         hotkeys and coldkeys are 32-byte substrate keys, the caller's coldkey is its mapped account
///         (`blake2_256("evm:" ‖ caller)`), TAO amounts are rao (9 decimals) and α amounts are α rao; netuids
///         are `uint256` narrowed to u16, amounts saturate at u64. Every state-changing function is payable,
///         as subtensor declares it; see docs/bittensor-evm.md for the one place value matters here.
interface IStakingV2 {
    /// @notice Stakes `amount` rao of the caller's TAO on `hotkey` in `netuid` (buys α at the pool).
    function addStake(bytes32 hotkey, uint256 amount, uint256 netuid) external payable;

    /// @notice Unstakes `amount` α rao from `hotkey` in `netuid`; the TAO goes to the caller's balance.
    function removeStake(bytes32 hotkey, uint256 amount, uint256 netuid) external payable;

    /// @notice Unstakes the caller's whole position on `hotkey` in `netuid`.
    function removeStakeFull(bytes32 hotkey, uint256 netuid) external payable;

    /// @notice {removeStakeFull} no lower than `limitPrice` (rao per α).
    function removeStakeFullLimit(bytes32 hotkey, uint256 netuid, uint256 limitPrice) external payable;

    /// @notice Moves `amount` α rao of the caller's stake between hotkeys and subnets.
    function moveStake(
        bytes32 originHotkey,
        bytes32 destinationHotkey,
        uint256 originNetuid,
        uint256 destinationNetuid,
        uint256 amount
    ) external payable;

    /// @notice Gives `amount` α rao of the caller's stake on `hotkey` to `destinationColdkey`.
    function transferStake(
        bytes32 destinationColdkey,
        bytes32 hotkey,
        uint256 originNetuid,
        uint256 destinationNetuid,
        uint256 amount
    ) external payable;

    /// @notice Burns `amount` α rao of the caller's stake on `hotkey` in `netuid`.
    function burnAlpha(bytes32 hotkey, uint256 amount, uint256 netuid) external payable;

    /// @notice The TAO value (rao) of everything `coldkey` has staked.
    function getTotalColdkeyStake(bytes32 coldkey) external view returns (uint256);

    /// @notice The TAO value (rao) of everything staked on `hotkey`, over all subnets.
    function getTotalHotkeyStake(bytes32 hotkey) external view returns (uint256);

    /// @notice `coldkey`'s stake on `hotkey` in `netuid`, α rao.
    function getStake(bytes32 hotkey, bytes32 coldkey, uint256 netuid) external view returns (uint256);

    /// @notice The coldkeys staking on `hotkey` in `netuid`.
    function getAlphaStakedValidators(bytes32 hotkey, uint256 netuid) external view returns (bytes32[] memory);

    /// @notice All α staked on `hotkey` in `netuid`, α rao.
    function getTotalAlphaStaked(bytes32 hotkey, uint256 netuid) external view returns (uint256);

    /// @notice The smallest nomination, rao.
    function getNominatorMinRequiredStake() external view returns (uint256);

    /// @notice Adds `delegate` as the caller's staking proxy.
    function addProxy(bytes32 delegate) external payable;

    /// @notice Removes `delegate` as the caller's staking proxy.
    function removeProxy(bytes32 delegate) external payable;

    /// @notice {addStake} while the price stays at or below `limitPrice` (rao per α); `allowPartial` stakes
    ///         what fits instead of failing.
    function addStakeLimit(bytes32 hotkey, uint256 amount, uint256 limitPrice, bool allowPartial, uint256 netuid) external payable;

    /// @notice {removeStake} while the price stays at or above `limitPrice`; `allowPartial` as above.
    function removeStakeLimit(bytes32 hotkey, uint256 amount, uint256 limitPrice, bool allowPartial, uint256 netuid) external payable;

    /// @notice The TAO value (rao) of `coldkey`'s stake in `netuid`.
    function getTotalColdkeyStakeOnSubnet(bytes32 coldkey, uint256 netuid) external view returns (uint256);

    /// @notice Lets `spender` move up to `amount` α rao of the caller's stake in `netuid` (0 clears it).
    ///         The approval dies if the netuid is registered again.
    function approve(address spender, uint256 netuid, uint256 amount) external;

    /// @notice What `spender` may still move of `source`'s stake in `netuid`.
    function allowance(address source, address spender, uint256 netuid) external view returns (uint256);

    /// @notice Raises `spender`'s allowance (saturating).
    function increaseAllowance(address spender, uint256 netuid, uint256 amount) external;

    /// @notice Lowers `spender`'s allowance (saturating at 0).
    function decreaseAllowance(address spender, uint256 netuid, uint256 amount) external;

    /// @notice The caller, as `source`'s spender, moves `amount` α rao of `source`'s stake on `hotkey` to
    ///         `destination`'s mapped coldkey, using its allowance in `originNetuid`.
    function transferStakeFrom(
        address source,
        address destination,
        bytes32 hotkey,
        uint256 originNetuid,
        uint256 destinationNetuid,
        uint256 amount
    ) external;
}
