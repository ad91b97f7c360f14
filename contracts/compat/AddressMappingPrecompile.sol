// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAddressMapping} from "./interfaces/subtensor/IAddressMapping.sol";
import {BittensorKeys} from "./BittensorKeys.sol";
import {FacadeContext, PrecompileFacade} from "./PrecompileFacade.sol";

/// @title AddressMappingPrecompile
/// @notice subtensor's AddressMapping precompile (0x80C, docs/spec/chain.md §9): the same pure function,
///         blake2_256("evm:" ‖ h160), computed with BLAKE2F. Reads no layer state.
contract AddressMappingPrecompile is IAddressMapping, PrecompileFacade {
    /// @notice Binds the facade to the layer (see PrecompileFacade).
    /// @param c The layer's contracts.
    constructor(FacadeContext memory c) PrecompileFacade(c) {}

    /// @inheritdoc IAddressMapping
    function addressMapping(address targetAddress) external view returns (bytes32) {
        return BittensorKeys.evmAccountId(targetAddress);
    }
}
