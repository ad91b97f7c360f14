// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IUidLookup, LookupItem} from "./interfaces/subtensor/IUidLookup.sol";
import {FacadeContext, PrecompileFacade} from "./PrecompileFacade.sol";

/// @title UidLookupPrecompile
/// @notice subtensor's UidLookup precompile (0x806, docs/spec/chain.md §9) over the layer's registry.
/// @dev The layer has no `associate_evm_key`: its hotkeys are EVM addresses already, so the EVM key a UID
///      is associated with is its hotkey, since the registration of that hotkey on the UID (what the
///      chain's association proves, a signature of the EVM key, the layer has by construction). A hotkey
///      holds at most one UID per subnet, so the answer has at most one entry; `block_associated` is the
///      UID's `BlockAtRegistration`.
contract UidLookupPrecompile is IUidLookup, PrecompileFacade {
    /// @notice Binds the facade to the layer (see PrecompileFacade).
    /// @param c The layer's contracts.
    constructor(FacadeContext memory c) PrecompileFacade(c) {}

    /// @inheritdoc IUidLookup
    function uidLookup(uint16 netuid, address evmAddress, uint16 limit) external view returns (LookupItem[] memory items) {
        (bool registered, uint16 uid) = REGISTRY.uidOf(netuid, evmAddress);
        if (!registered || limit == 0) return new LookupItem[](0);
        items = new LookupItem[](1);
        items[0] = LookupItem({uid: uid, block_associated: REGISTRY.blockAtRegistration(netuid, uid)});
    }
}
