// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IALPHA_ADDRESS, IAlpha} from "../../compat/interfaces/subtensor/IAlpha.sol";
import {IADDRESS_MAPPING_ADDRESS, IAddressMapping} from "../../compat/interfaces/subtensor/IAddressMapping.sol";
import {IMETAGRAPH_ADDRESS, IMetagraph} from "../../compat/interfaces/subtensor/IMetagraph.sol";
import {IUID_LOOKUP_ADDRESS, IUidLookup, LookupItem} from "../../compat/interfaces/subtensor/IUidLookup.sol";

/// @title ViewsReader
/// @notice A third-party contract reading the Bittensor-EVM view precompiles as it would on subtensor:
///         through the subtensor-style interfaces only (test/compat/views.test.ts).
contract ViewsReader {
    /// @notice One neuron as a contract would assemble it from the Metagraph precompile.
    struct Neuron {
        bytes32 hotkey;
        bytes32 coldkey;
        uint64 stake;
        uint16 incentive;
        uint16 dividends;
        uint64 emission;
        bool validatorPermit;
        uint64 lastUpdate;
    }

    /// @notice A subnet's pool as read from the Alpha precompile.
    struct Pool {
        uint256 price;
        uint256 movingPrice;
        uint64 taoIn;
        uint64 alphaIn;
        uint64 issuance;
        uint16 mechanism;
    }

    /// @notice The neuron at (`netuid`, `uid`).
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return n What the Metagraph precompile says of it.
    function neuron(uint16 netuid, uint16 uid) external view returns (Neuron memory n) {
        IMetagraph m = IMetagraph(IMETAGRAPH_ADDRESS);
        n.hotkey = m.getHotkey(netuid, uid);
        n.coldkey = m.getColdkey(netuid, uid);
        n.stake = m.getStake(netuid, uid);
        n.incentive = m.getIncentive(netuid, uid);
        n.dividends = m.getDividends(netuid, uid);
        n.emission = m.getEmission(netuid, uid);
        n.validatorPermit = m.getValidatorStatus(netuid, uid);
        n.lastUpdate = m.getLastUpdate(netuid, uid);
    }

    /// @notice The pool of `netuid`.
    /// @param netuid The subnet.
    /// @return p What the Alpha precompile says of it.
    function pool(uint16 netuid) external view returns (Pool memory p) {
        IAlpha a = IAlpha(IALPHA_ADDRESS);
        p.price = a.getAlphaPrice(netuid);
        p.movingPrice = a.getMovingAlphaPrice(netuid);
        p.taoIn = a.getTaoInPool(netuid);
        p.alphaIn = a.getAlphaInPool(netuid);
        p.issuance = a.getAlphaIssuance(netuid);
        p.mechanism = a.getSubnetMechanism(netuid);
    }

    /// @notice The α a stake of `tao` rao would buy on `netuid`.
    /// @param netuid The subnet.
    /// @param tao The TAO in, in rao.
    /// @return The α out, in α rao.
    function quote(uint16 netuid, uint64 tao) external view returns (uint256) {
        return IAlpha(IALPHA_ADDRESS).simSwapTaoForAlpha(netuid, tao);
    }

    /// @notice The caller's substrate account.
    /// @return Its AccountId32.
    function me() external view returns (bytes32) {
        return IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(msg.sender);
    }

    /// @notice The UIDs `evmAddress` is associated with on `netuid`.
    /// @param netuid The subnet.
    /// @param evmAddress The address.
    /// @return The UIDs found (at most 8).
    function uids(uint16 netuid, address evmAddress) external view returns (LookupItem[] memory) {
        return IUidLookup(IUID_LOOKUP_ADDRESS).uidLookup(netuid, evmAddress, 8);
    }
}
