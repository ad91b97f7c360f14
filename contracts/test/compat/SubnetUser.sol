// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ISUBNET_ADDRESS, ISubnet} from "../../compat/interfaces/subtensor/ISubnet.sol";
import {INEURON_ADDRESS, INeuron} from "../../compat/interfaces/subtensor/INeuron.sol";

/// @title SubnetUser
/// @notice A third-party contract written against subtensor's Subnet and Neuron precompiles only (as it
///         would be for the Bittensor EVM): it owns a subnet as its coldkey and runs a neuron as its own
///         hotkey. For test/compat/subnet-neuron.test.ts.
contract SubnetUser {
    ISubnet private constant SUBNET = ISubnet(ISUBNET_ADDRESS);
    INeuron private constant NEURON = INeuron(INEURON_ADDRESS);

    /// @notice Native TAO refunded to this contract (registerLimit's change).
    receive() external payable {}

    /// @notice Registers a subnet, this contract as owner coldkey, paying the call's value as the lock.
    /// @param hotkey The owner hotkey.
    function registerNetwork(bytes32 hotkey) external payable {
        SUBNET.registerNetwork{value: msg.value}(hotkey);
    }

    /// @notice Registers `hotkey` on `netuid`, this contract as coldkey, paying the call's value as the burn.
    /// @param netuid The subnet.
    /// @param hotkey The hotkey.
    function burnedRegister(uint16 netuid, bytes32 hotkey) external payable {
        NEURON.burnedRegister{value: msg.value}(netuid, hotkey);
    }

    /// @notice Registers `hotkey` with a price ceiling, paying the call's value as the ceiling.
    /// @param netuid The subnet.
    /// @param hotkey The hotkey.
    /// @param limitPrice The ceiling, in rao.
    function registerLimit(uint16 netuid, bytes32 hotkey, uint64 limitPrice) external payable {
        NEURON.registerLimit{value: msg.value}(netuid, hotkey, limitPrice);
    }

    /// @notice Sets this contract's (as hotkey) weights.
    /// @param netuid The subnet.
    /// @param uids The UIDs.
    /// @param values The weights.
    /// @param versionKey The version key.
    function setWeights(uint16 netuid, uint16[] calldata uids, uint16[] calldata values, uint64 versionKey) external {
        NEURON.setWeights(netuid, uids, values, versionKey);
    }

    /// @notice Serves this contract's (as hotkey) axon.
    /// @param netuid The subnet.
    /// @param ip The IP address.
    /// @param port The port.
    function serveAxon(uint16 netuid, uint128 ip, uint16 port) external {
        NEURON.serveAxon(netuid, 1, ip, port, 4, 0, 0, 0);
    }

    /// @notice Sets the owned subnet's weights version key.
    /// @param netuid The subnet.
    /// @param key The version key.
    function setWeightsVersionKey(uint16 netuid, uint64 key) external {
        SUBNET.setWeightsVersionKey(netuid, key);
    }

    /// @notice Reads a few hyperparameters back through the precompile.
    /// @param netuid The subnet.
    /// @return versionKey WeightsVersionKey.
    /// @return immunityPeriod ImmunityPeriod.
    /// @return kappa Kappa.
    /// @return registeredAt The subnet's registration block.
    function read(uint16 netuid) external view returns (uint64 versionKey, uint16 immunityPeriod, uint16 kappa, uint64 registeredAt) {
        return (
            SUBNET.getWeightsVersionKey(netuid),
            SUBNET.getImmunityPeriod(netuid),
            SUBNET.getKappa(netuid),
            SUBNET.getNetworkRegistrationBlock(netuid)
        );
    }
}
