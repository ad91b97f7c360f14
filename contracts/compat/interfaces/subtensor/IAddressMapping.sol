// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Where the Bittensor EVM answers {IAddressMapping} (precompile index 2060).
address constant IADDRESS_MAPPING_ADDRESS = 0x000000000000000000000000000000000000080C;

/// @title IAddressMapping
/// @notice subtensor's AddressMapping precompile (docs/spec/chain.md §9, 0x80C): the substrate account
///         (AccountId32) an EVM address acts as on the Bittensor EVM.
interface IAddressMapping {
    /// @notice The substrate account of `targetAddress`: Frontier's HashedAddressMapping,
    ///         blake2_256("evm:" ‖ the address's 20 bytes). A pure function: the account need not exist.
    /// @param targetAddress Any EVM address.
    /// @return The 32-byte account id (a coldkey or hotkey as the other precompiles take it).
    function addressMapping(address targetAddress) external view returns (bytes32);
}
