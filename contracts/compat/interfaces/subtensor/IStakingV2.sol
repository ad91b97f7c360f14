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
    /// @param hotkey The hotkey to stake on, a 32-byte substrate key.
    /// @param amount The TAO to stake, fee included, in rao (saturates at u64).
    /// @param netuid The subnet, narrowed to u16.
    function addStake(bytes32 hotkey, uint256 amount, uint256 netuid) external payable;

    /// @notice Unstakes `amount` α rao from `hotkey` in `netuid`; the TAO goes to the caller's balance.
    /// @param hotkey The hotkey staked on, a 32-byte substrate key.
    /// @param amount The α to unstake, fee included, in α rao (saturates at u64).
    /// @param netuid The subnet, narrowed to u16.
    function removeStake(bytes32 hotkey, uint256 amount, uint256 netuid) external payable;

    /// @notice Unstakes the caller's whole position on `hotkey` in `netuid`.
    /// @param hotkey The hotkey staked on, a 32-byte substrate key.
    /// @param netuid The subnet, narrowed to u16.
    function removeStakeFull(bytes32 hotkey, uint256 netuid) external payable;

    /// @notice {removeStakeFull} no lower than `limitPrice` (rao per α).
    /// @param hotkey The hotkey staked on, a 32-byte substrate key.
    /// @param netuid The subnet, narrowed to u16.
    /// @param limitPrice The lowest acceptable price after the sale, in rao per α (TAO per α × 1e9), narrowed
    ///        to u64.
    function removeStakeFullLimit(bytes32 hotkey, uint256 netuid, uint256 limitPrice) external payable;

    /// @notice Moves `amount` α rao of the caller's stake between hotkeys and subnets.
    /// @param originHotkey The hotkey staked on, a 32-byte substrate key.
    /// @param destinationHotkey The hotkey to stake on, a 32-byte substrate key.
    /// @param originNetuid The subnet staked on, narrowed to u16.
    /// @param destinationNetuid The subnet to stake on, narrowed to u16.
    /// @param amount The α to move, in α rao (saturates at u64).
    function moveStake(
        bytes32 originHotkey,
        bytes32 destinationHotkey,
        uint256 originNetuid,
        uint256 destinationNetuid,
        uint256 amount
    ) external payable;

    /// @notice Gives `amount` α rao of the caller's stake on `hotkey` to `destinationColdkey`.
    /// @param destinationColdkey The new owner, a 32-byte substrate key.
    /// @param hotkey The hotkey, on both sides, a 32-byte substrate key.
    /// @param originNetuid The subnet staked on, narrowed to u16.
    /// @param destinationNetuid The subnet the new owner's stake lands on, narrowed to u16.
    /// @param amount The α to transfer, in α rao (saturates at u64).
    function transferStake(
        bytes32 destinationColdkey,
        bytes32 hotkey,
        uint256 originNetuid,
        uint256 destinationNetuid,
        uint256 amount
    ) external payable;

    /// @notice Burns `amount` α rao of the caller's stake on `hotkey` in `netuid`.
    /// @param hotkey The hotkey staked on, a 32-byte substrate key.
    /// @param amount The α to burn, in α rao (saturates at u64).
    /// @param netuid The subnet, narrowed to u16.
    function burnAlpha(bytes32 hotkey, uint256 amount, uint256 netuid) external payable;

    /// @notice The TAO value (rao) of everything `coldkey` has staked.
    /// @param coldkey The coldkey, a 32-byte substrate key.
    /// @return The TAO value, in rao.
    function getTotalColdkeyStake(bytes32 coldkey) external view returns (uint256);

    /// @notice The TAO value (rao) of everything staked on `hotkey`, over all subnets.
    /// @param hotkey The hotkey, a 32-byte substrate key.
    /// @return The TAO value, in rao.
    function getTotalHotkeyStake(bytes32 hotkey) external view returns (uint256);

    /// @notice `coldkey`'s stake on `hotkey` in `netuid`, α rao.
    /// @param hotkey The hotkey staked on, a 32-byte substrate key.
    /// @param coldkey The position's owner, a 32-byte substrate key.
    /// @param netuid The subnet, narrowed to u16.
    /// @return The position's α, in α rao.
    function getStake(bytes32 hotkey, bytes32 coldkey, uint256 netuid) external view returns (uint256);

    /// @notice The coldkeys staking on `hotkey` in `netuid`.
    /// @param hotkey The hotkey, a 32-byte substrate key.
    /// @param netuid The subnet, narrowed to u16.
    /// @return The coldkeys, as 32-byte substrate keys.
    function getAlphaStakedValidators(bytes32 hotkey, uint256 netuid) external view returns (bytes32[] memory);

    /// @notice All α staked on `hotkey` in `netuid`, α rao.
    /// @param hotkey The hotkey, a 32-byte substrate key.
    /// @param netuid The subnet, narrowed to u16.
    /// @return The α staked, in α rao.
    function getTotalAlphaStaked(bytes32 hotkey, uint256 netuid) external view returns (uint256);

    /// @notice The smallest nomination, rao.
    /// @return The minimum, in rao.
    function getNominatorMinRequiredStake() external view returns (uint256);

    /// @notice Adds `delegate` as the caller's staking proxy.
    /// @param delegate The proxy's 32-byte substrate key.
    function addProxy(bytes32 delegate) external payable;

    /// @notice Removes `delegate` as the caller's staking proxy.
    /// @param delegate The proxy's 32-byte substrate key.
    function removeProxy(bytes32 delegate) external payable;

    /// @notice {addStake} while the price stays at or below `limitPrice` (rao per α); `allowPartial` stakes
    ///         what fits instead of failing.
    /// @param hotkey The hotkey to stake on, a 32-byte substrate key.
    /// @param amount The most TAO to stake, fee included, in rao (saturates at u64).
    /// @param limitPrice The highest acceptable price after the stake, in rao per α (TAO per α × 1e9),
    ///        narrowed to u64.
    /// @param allowPartial Stake only what fills within the limit (true) or revert (false).
    /// @param netuid The subnet, narrowed to u16.
    function addStakeLimit(bytes32 hotkey, uint256 amount, uint256 limitPrice, bool allowPartial, uint256 netuid) external payable;

    /// @notice {removeStake} while the price stays at or above `limitPrice`; `allowPartial` as above.
    /// @param hotkey The hotkey staked on, a 32-byte substrate key.
    /// @param amount The most α to unstake, fee included, in α rao (saturates at u64).
    /// @param limitPrice The lowest acceptable price after the sale, in rao per α (TAO per α × 1e9), narrowed
    ///        to u64.
    /// @param allowPartial Unstake only what fills within the limit (true) or revert (false).
    /// @param netuid The subnet, narrowed to u16.
    function removeStakeLimit(bytes32 hotkey, uint256 amount, uint256 limitPrice, bool allowPartial, uint256 netuid) external payable;

    /// @notice The TAO value (rao) of `coldkey`'s stake in `netuid`.
    /// @param coldkey The coldkey, a 32-byte substrate key.
    /// @param netuid The subnet, narrowed to u16.
    /// @return The TAO value, in rao.
    function getTotalColdkeyStakeOnSubnet(bytes32 coldkey, uint256 netuid) external view returns (uint256);

    /// @notice Lets `spender` move up to `amount` α rao of the caller's stake in `netuid` (0 clears it).
    ///         The approval dies if the netuid is registered again.
    /// @param spender The EVM address that may move the stake with {transferStakeFrom}.
    /// @param netuid The subnet the allowance is for, narrowed to u16.
    /// @param amount The allowance, in α rao (0 clears it).
    function approve(address spender, uint256 netuid, uint256 amount) external;

    /// @notice What `spender` may still move of `source`'s stake in `netuid`.
    /// @param source The stake's owner, an EVM address.
    /// @param spender The spender, an EVM address.
    /// @param netuid The subnet the allowance is for, narrowed to u16.
    /// @return The allowance left, in α rao.
    function allowance(address source, address spender, uint256 netuid) external view returns (uint256);

    /// @notice Raises `spender`'s allowance (saturating).
    /// @param spender The spender, an EVM address.
    /// @param netuid The subnet the allowance is for, narrowed to u16.
    /// @param amount The α rao to add.
    function increaseAllowance(address spender, uint256 netuid, uint256 amount) external;

    /// @notice Lowers `spender`'s allowance (saturating at 0).
    /// @param spender The spender, an EVM address.
    /// @param netuid The subnet the allowance is for, narrowed to u16.
    /// @param amount The α rao to remove.
    function decreaseAllowance(address spender, uint256 netuid, uint256 amount) external;

    /// @notice The caller, as `source`'s spender, moves `amount` α rao of `source`'s stake on `hotkey` to
    ///         `destination`'s mapped coldkey, using its allowance in `originNetuid`.
    /// @param source The stake's owner, an EVM address.
    /// @param destination The new owner, an EVM address.
    /// @param hotkey The hotkey, on both sides, a 32-byte substrate key.
    /// @param originNetuid The subnet staked on, whose allowance is spent, narrowed to u16.
    /// @param destinationNetuid The subnet the stake lands on, narrowed to u16.
    /// @param amount The α to transfer, in α rao.
    function transferStakeFrom(
        address source,
        address destination,
        bytes32 hotkey,
        uint256 originNetuid,
        uint256 destinationNetuid,
        uint256 amount
    ) external;
}
