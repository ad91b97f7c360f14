// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {IWeights} from "../interfaces/IWeights.sol";
import {IServing} from "./interfaces/IServing.sol";
import {INeuron} from "./interfaces/subtensor/INeuron.sol";
import {FacadeContext, PrecompileFacade} from "./PrecompileFacade.sol";

/// @title NeuronPrecompile
/// @notice subtensor's Neuron precompile (0x804, docs/spec/chain.md §9) over the layer: burned registration
///         paid in native TAO, weights and served endpoints for the caller.
/// @dev The caller is the coldkey for registration and the hotkey (its own EVM address, which the layer
///      keys hotkeys by) for weights and endpoints. The layer has no commit-reveal (docs/spec/chain.md §6,
///      ISubnetRegistry.Hyperparameters): commitWeights / revealWeights revert {PrecompileUnsupported}, as
///      the chain refuses them on a subnet with commit-reveal off (the Subnet facade reports it off). Only
///      the registrations spend value; any other value is refused ({PrecompileValueMismatch}).
contract NeuronPrecompile is INeuron, PrecompileFacade {
    /// @notice `hotkey` served an axon on `netuid` with a TLS certificate. Serving keeps the axon; the
    ///         certificate is recorded by this event only (subtensor keeps it in `NeuronCertificates`).
    /// @param netuid The subnet.
    /// @param hotkey The hotkey (the caller).
    /// @param certificate The certificate as given.
    event AxonCertificateServed(uint16 indexed netuid, address indexed hotkey, bytes certificate);

    constructor(FacadeContext memory c) PrecompileFacade(c) {}

    /// @inheritdoc INeuron
    /// @dev Weights.setWeights for the caller: the same arguments, checks and errors (docs/spec/chain.md §6).
    function setWeights(uint16 netuid, uint16[] calldata dests, uint16[] calldata weights, uint64 versionKey) external payable {
        _noValue();
        _forward(address(WEIGHTS), abi.encodeCall(IWeights.setWeights, (netuid, dests, weights, versionKey)));
    }

    /// @inheritdoc INeuron
    function commitWeights(uint16, bytes32) external payable {
        _unsupported();
    }

    /// @inheritdoc INeuron
    function revealWeights(uint16, uint16[] calldata, uint16[] calldata, uint16[] calldata, uint64) external payable {
        _unsupported();
    }

    /// @inheritdoc INeuron
    /// @dev The burn is paid as the call's value: exactly burn(netuid) × 1e9 wei, the price of the block the
    ///      call runs in (it decays every block and rises with every registration: registerLimit takes a
    ///      ceiling instead).
    function burnedRegister(uint16 netuid, bytes32 hotkey) external payable {
        _register(netuid, hotkey, REGISTRY.burn(netuid));
    }

    /// @inheritdoc INeuron
    /// @dev The call's value is the ceiling: exactly limitPrice × 1e9 wei. The registry refuses a burn above it
    ///      ({ISubnetRegistry-RegistryPriceAboveLimit}, the whole value comes back with the revert); otherwise
    ///      the burn is paid and the rest (limitPrice − burn) goes back to the caller as native TAO.
    function registerLimit(uint16 netuid, bytes32 hotkey, uint64 limitPrice) external payable {
        _register(netuid, hotkey, limitPrice);
    }

    /// @inheritdoc INeuron
    /// @dev Serving.serveAxon for the caller. The placeholders are not kept (the layer's AxonInfo has no
    ///      such fields), and the IP is not validated nor the announcement rate-limited.
    function serveAxon(uint16 netuid, uint32 version, uint128 ip, uint16 port, uint8 ipType, uint8 protocol, uint8, uint8) external payable {
        _serveAxon(netuid, version, ip, port, ipType, protocol);
    }

    /// @inheritdoc INeuron
    /// @dev {serveAxon}, and the certificate in {AxonCertificateServed}.
    function serveAxonTls(
        uint16 netuid,
        uint32 version,
        uint128 ip,
        uint16 port,
        uint8 ipType,
        uint8 protocol,
        uint8,
        uint8,
        bytes calldata certificate
    ) external payable {
        _serveAxon(netuid, version, ip, port, ipType, protocol);
        emit AxonCertificateServed(netuid, msg.sender, certificate);
    }

    /// @inheritdoc INeuron
    /// @dev Serving.servePrometheus for the caller.
    function servePrometheus(uint16 netuid, uint32 version, uint128 ip, uint16 port, uint8 ipType) external payable {
        _noValue();
        IServing.PrometheusInfo memory info = IServing.PrometheusInfo(0, version, ip, port, ipType);
        _forward(address(SERVING), abi.encodeCall(IServing.servePrometheus, (netuid, info)));
    }

    /// @dev Takes `rao` from the call's value and registers the hotkey for the caller with `rao` as the
    ///      price ceiling; what the registry did not pull goes back as native TAO. The hotkey key names a
    ///      linked EVM account, an EVM hotkey already on the subnet, or a substrate key's shadow; it and the
    ///      caller are linked so their ids name them in later calls.
    function _register(uint16 netuid, bytes32 hotkeyKey, uint256 rao) private {
        uint256 held = TAO.balanceOf(address(this));
        _takeNative(rao, address(REGISTRY));
        _linkCaller();
        address hotkey = _hotkey(hotkeyKey, netuid);
        _forward(address(REGISTRY), abi.encodeCall(ISubnetRegistry.burnedRegister, (netuid, hotkey, rao)));
        uint256 left = TAO.balanceOf(address(this)) - held;
        if (left != 0) {
            TAO.approve(address(REGISTRY), 0);
            _payNative(msg.sender, left);
        }
    }

    function _serveAxon(uint16 netuid, uint32 version, uint128 ip, uint16 port, uint8 ipType, uint8 protocol) private {
        _noValue();
        IServing.AxonInfo memory info = IServing.AxonInfo(0, version, ip, port, ipType, protocol);
        _forward(address(SERVING), abi.encodeCall(IServing.serveAxon, (netuid, info)));
    }

    /// @dev Refuses value on a call that spends none.
    function _noValue() private view {
        if (msg.value != 0) revert PrecompileValueMismatch(0, msg.value);
    }
}
