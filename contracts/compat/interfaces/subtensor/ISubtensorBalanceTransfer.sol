// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev The BalanceTransfer precompile's address (subtensor INDEX 2048).
address constant ISUBTENSOR_BALANCE_TRANSFER_ADDRESS = 0x0000000000000000000000000000000000000800;

/// @title ISubtensorBalanceTransfer
/// @notice subtensor's BalanceTransfer precompile (docs/spec/chain.md §9): sends the call's value to a
///         substrate account.
interface ISubtensorBalanceTransfer {
    /// @notice Sends `msg.value` native TAO to the substrate account `data`.
    /// @param data The recipient's 32-byte substrate account id (a public key, or an EVM account's mapped id).
    function transfer(bytes32 data) external payable;
}
