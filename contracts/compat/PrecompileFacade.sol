// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICoinbase} from "../interfaces/ICoinbase.sol";
import {IEpochSettlement} from "../interfaces/IEpochSettlement.sol";
import {IMetagraphLens} from "../interfaces/IMetagraphLens.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {ISubnetOwnerAdmin} from "../interfaces/ISubnetOwnerAdmin.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {ITao} from "../interfaces/ITao.sol";
import {IWeights} from "../interfaces/IWeights.sol";
import {IKeyRegistry} from "./interfaces/IKeyRegistry.sol";
import {INativeTao} from "./interfaces/INativeTao.sol";
import {IServing} from "./interfaces/IServing.sol";
import {BittensorKeys} from "./BittensorKeys.sol";

/// @notice The layer's contracts, as every facade receives them (one shape, so placement is uniform).
struct FacadeContext {
    ITao tao;
    IStaking staking;
    ISubnetRegistry registry;
    ICoinbase coinbase;
    IWeights weights;
    IEpochSettlement settlement;
    IMetagraphLens lens;
    ISubnetOwnerAdmin ownerAdmin;
    IKeyRegistry keys;
    INativeTao nativeTao;
    IServing serving;
}

// Immutables named as constants: they are, once the code is placed (they live in it, not in storage).
// solhint-disable immutable-vars-naming
/// @title PrecompileFacade
/// @notice What every Bittensor-EVM facade shares: it runs at a subtensor precompile address (placed there
///         with `hardhat_setCode`, so its constructor never runs there: what it needs of the layer is in
///         immutables, which travel with the code; state of its own, where subtensor keeps some the layer
///         does not (StakingV2's allowances, the Metagraph's recorded columns), is in that address's
///         storage) and acts on the layer for its caller.
abstract contract PrecompileFacade {
    ITao internal immutable TAO;
    IStaking internal immutable STAKING;
    ISubnetRegistry internal immutable REGISTRY;
    ICoinbase internal immutable COINBASE;
    IWeights internal immutable WEIGHTS;
    IEpochSettlement internal immutable SETTLEMENT;
    IMetagraphLens internal immutable LENS;
    ISubnetOwnerAdmin internal immutable OWNER_ADMIN;
    IKeyRegistry internal immutable KEYS;
    INativeTao internal immutable NATIVE_TAO;
    IServing internal immutable SERVING;

    /// @notice A subtensor precompile function this layer has no counterpart for (the chain's feature is
    ///         absent here, or the chain itself refuses it); `selector` names the call.
    /// @param selector The called function's selector.
    error PrecompileUnsupported(bytes4 selector);
    /// @notice A `uint256` argument that subtensor narrows (netuid to u16, amounts to u64) is out of range.
    /// @param value The argument given.
    error PrecompileValueOutOfBounds(uint256 value);
    /// @notice A call that debits native TAO came with `received` wei where it needs `expected`: on a plain
    ///         EVM the facade cannot debit the caller's balance, so the amount comes as the call's value.
    /// @param expected The value the call needs, in wei.
    /// @param received The call's value, in wei.
    error PrecompileValueMismatch(uint256 expected, uint256 received);

    constructor(FacadeContext memory c) {
        TAO = c.tao;
        STAKING = c.staking;
        REGISTRY = c.registry;
        COINBASE = c.coinbase;
        WEIGHTS = c.weights;
        SETTLEMENT = c.settlement;
        LENS = c.lens;
        OWNER_ADMIN = c.ownerAdmin;
        KEYS = c.keys;
        NATIVE_TAO = c.nativeTao;
        SERVING = c.serving;
    }

    /// @dev Calls `target` with `data` on behalf of this call's sender: the sender's address appended, which
    ///      the layer's contracts read as `_msgSender()` (PrecompileForwarded). Bubbles a revert as it is.
    function _forward(address target, bytes memory data) internal returns (bytes memory result) {
        return _forwardFor(target, msg.sender, data);
    }

    /// @dev {_forward} acting for `account` (a shadow address, or a source with an allowance).
    function _forwardFor(address target, address account, bytes memory data) internal returns (bytes memory result) {
        bool ok;
        // Forwarding appends the account to arbitrary calldata, which only a low-level call can send.
        // solhint-disable-next-line avoid-low-level-calls
        (ok, result) = target.call(abi.encodePacked(data, account));
        if (!ok) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
    }

    /// @dev Reverts {PrecompileUnsupported} for the current call.
    function _unsupported() internal pure {
        revert PrecompileUnsupported(msg.sig);
    }

    function _u16(uint256 value) internal pure returns (uint16) {
        if (value > type(uint16).max) revert PrecompileValueOutOfBounds(value);
        return uint16(value);
    }

    function _u64(uint256 value) internal pure returns (uint64) {
        if (value > type(uint64).max) revert PrecompileValueOutOfBounds(value);
        return uint64(value);
    }

    /// @dev subtensor's `unique_saturated_into::<u64>()` for amounts: values above u64 become u64::MAX.
    function _u64Saturated(uint256 value) internal pure returns (uint64) {
        return value > type(uint64).max ? type(uint64).max : uint64(value);
    }

    /// @dev Takes `rao` native TAO from this call's value (`rao × 1e9` wei exactly, see docs/bittensor-evm.md)
    ///      and returns it as ERC-20 TAO held by this facade, approved for `spender`.
    function _takeNative(uint256 rao, address spender) internal {
        uint256 expected = rao * 1e9;
        if (msg.value != expected) revert PrecompileValueMismatch(expected, msg.value);
        if (rao == 0) return;
        NATIVE_TAO.wrap{value: msg.value}();
        TAO.approve(spender, rao);
    }

    /// @dev Pays `rao` ERC-20 TAO this facade holds out as native TAO to `to`.
    function _payNative(address to, uint256 rao) internal {
        if (rao == 0) return;
        TAO.approve(address(NATIVE_TAO), rao);
        NATIVE_TAO.unwrapTo(to, rao);
    }

    /// @dev The layer hotkey `key` names (read only): a linked EVM account; else an EVM hotkey registered on
    ///      `netuid` through the layer's own API whose id is `key` (found among the subnet's hotkeys); else
    ///      the key's shadow.
    function _hotkeyView(bytes32 key, uint16 netuid) internal view returns (address hotkey, bool found) {
        if (KEYS.isLinked(key)) return (KEYS.addressOf(key), true);
        if (REGISTRY.subnetExists(netuid)) {
            address[] memory hotkeys = REGISTRY.hotkeys(netuid);
            for (uint256 i; i < hotkeys.length; ++i) {
                if (BittensorKeys.evmAccountId(hotkeys[i]) == key) return (hotkeys[i], true);
            }
        }
        return (KEYS.shadowOf(key), false);
    }

    /// @dev {_hotkeyView}, recording what it found (a linked account, or the shadow's key) for later calls.
    function _hotkey(bytes32 key, uint16 netuid) internal returns (address hotkey) {
        bool found;
        (hotkey, found) = _hotkeyView(key, netuid);
        if (found) {
            if (!KEYS.isLinked(key)) KEYS.link(hotkey);
        } else {
            KEYS.resolve(key);
        }
    }

    /// @dev The caller, linked in the key registry (so its id, passed as a `bytes32` key, names it).
    function _linkCaller() internal {
        KEYS.link(msg.sender);
    }
}
