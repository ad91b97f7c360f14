// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Where the Bittensor EVM answers {IUidLookup} (precompile index 2054).
address constant IUID_LOOKUP_ADDRESS = 0x0000000000000000000000000000000000000806;

/// @notice One UID found by {IUidLookup-uidLookup}: subtensor returns it as the tuple (uint16, uint64).
struct LookupItem {
    /// The UID on the subnet asked.
    uint16 uid;
    /// The block the EVM address was associated with the UID at.
    uint64 block_associated; // solhint-disable-line var-name-mixedcase
}

/// @title IUidLookup
/// @notice subtensor's UidLookup precompile (docs/spec/chain.md §9, 0x806): which UIDs of a subnet an EVM
///         address is associated with (`AssociatedEvmAddress`, set by `associate_evm_key`).
interface IUidLookup {
    /// @notice The UIDs of `netuid` whose associated EVM key is `evmAddress`, each with the block of the
    ///         association, at most `limit` of them.
    /// @param netuid The subnet.
    /// @param evmAddress The EVM address looked up.
    /// @param limit The most entries returned (0: none).
    /// @return The UIDs and their association blocks (empty when none).
    function uidLookup(uint16 netuid, address evmAddress, uint16 limit) external view returns (LookupItem[] memory);
}
