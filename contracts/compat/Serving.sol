// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {IServing} from "./interfaces/IServing.sol";
import {PrecompileForwarded} from "./PrecompileForwarded.sol";

/// @title Serving
/// @notice See {IServing}. The hotkey is `_msgSender()`: the caller, or the caller the Neuron facade acts for.
contract Serving is IServing, PrecompileForwarded {
    /// @notice The subnet registry, which says whether a hotkey is registered on a subnet.
    ISubnetRegistry public immutable registry;

    mapping(uint16 netuid => mapping(address hotkey => AxonInfo)) private _axons;
    mapping(uint16 netuid => mapping(address hotkey => PrometheusInfo)) private _prometheus;

    constructor(ISubnetRegistry registry_) {
        registry = registry_;
    }

    /// @inheritdoc IServing
    function serveAxon(uint16 netuid, AxonInfo calldata info) external {
        address hotkey = _registered(netuid);
        AxonInfo memory a = info;
        a.block = uint64(block.number);
        _axons[netuid][hotkey] = a;
        emit AxonServed(netuid, hotkey, a);
    }

    /// @inheritdoc IServing
    function servePrometheus(uint16 netuid, PrometheusInfo calldata info) external {
        address hotkey = _registered(netuid);
        PrometheusInfo memory p = info;
        p.block = uint64(block.number);
        _prometheus[netuid][hotkey] = p;
        emit PrometheusServed(netuid, hotkey, p);
    }

    /// @inheritdoc IServing
    function axon(uint16 netuid, address hotkey) external view returns (AxonInfo memory) {
        return _axons[netuid][hotkey];
    }

    /// @inheritdoc IServing
    function prometheus(uint16 netuid, address hotkey) external view returns (PrometheusInfo memory) {
        return _prometheus[netuid][hotkey];
    }

    function _registered(uint16 netuid) private view returns (address hotkey) {
        hotkey = _msgSender();
        (bool registered, ) = registry.uidOf(netuid, hotkey);
        if (!registered) revert ServingNotRegistered(netuid, hotkey);
    }
}
