// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev The deprecated Staking V1 precompile's address (subtensor INDEX 2049).
address constant ISTAKING_V1_ADDRESS = 0x0000000000000000000000000000000000000801;

/// @title IStakingV1
/// @notice subtensor's first staking precompile (docs/spec/chain.md §9), deprecated there: amounts are in the
///         EVM's 18 decimals (1 rao = 1e9 wei), and `addStake` stakes the call's value.
interface IStakingV1 {
    /// @notice Stakes the call's value on `hotkey` in `netuid`.
    /// @param hotkey The hotkey to stake on, a 32-byte substrate key.
    /// @param netuid The subnet, narrowed to u16.
    function addStake(bytes32 hotkey, uint256 netuid) external payable;

    /// @notice Unstakes `amount` (α, 18 decimals) from `hotkey` in `netuid`.
    /// @param hotkey The hotkey staked on, a 32-byte substrate key.
    /// @param amount The α to unstake, in 18 decimals (α rao × 1e9).
    /// @param netuid The subnet, narrowed to u16.
    function removeStake(bytes32 hotkey, uint256 amount, uint256 netuid) external payable;

    /// @notice The TAO value of everything `coldkey` has staked, 18 decimals.
    /// @param coldkey The coldkey, a 32-byte substrate key.
    /// @return The TAO value, in wei (18 decimals).
    function getTotalColdkeyStake(bytes32 coldkey) external view returns (uint256);

    /// @notice The TAO value of everything staked on `hotkey`, 18 decimals.
    /// @param hotkey The hotkey, a 32-byte substrate key.
    /// @return The TAO value, in wei (18 decimals).
    function getTotalHotkeyStake(bytes32 hotkey) external view returns (uint256);

    /// @notice `coldkey`'s α on `hotkey` in `netuid`, 18 decimals.
    /// @param hotkey The hotkey staked on, a 32-byte substrate key.
    /// @param coldkey The position's owner, a 32-byte substrate key.
    /// @param netuid The subnet, narrowed to u16.
    /// @return The position's α, in 18 decimals (α rao × 1e9).
    function getStake(bytes32 hotkey, bytes32 coldkey, uint256 netuid) external view returns (uint256);

    /// @notice Adds `delegate` as the caller's staking proxy.
    /// @param delegate The proxy's 32-byte substrate key.
    function addProxy(bytes32 delegate) external payable;

    /// @notice Removes `delegate` as the caller's staking proxy.
    /// @param delegate The proxy's 32-byte substrate key.
    function removeProxy(bytes32 delegate) external payable;
}
