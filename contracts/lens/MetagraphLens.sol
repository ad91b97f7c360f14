// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {ICoinbase} from "../interfaces/ICoinbase.sol";
import {IEpochSettlement} from "../interfaces/IEpochSettlement.sol";
import {IMetagraphLens} from "../interfaces/IMetagraphLens.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {IWeights} from "../interfaces/IWeights.sol";

/// @title MetagraphLens
/// @notice Read-only aggregation of a subnet's epoch inputs (docs/spec/yuma.md §2) for the oracle.
/// @dev Holds no state. α stake is each hotkey's own α (`TotalHotkeyAlpha`) plus its UID's unclaimed
///      stake credit; TAO stake is its root stake (netuid 0), which the epoch weighs by `taoWeight`.
///      Child keys do not exist yet, so inherited stake equals own stake.
contract MetagraphLens is IMetagraphLens {
    /* CONSTANTS */

    /// @dev Root stake lives on netuid 0 (docs/spec/chain.md §4.7).
    uint16 private constant ROOT_NETUID = 0;

    /* IMMUTABLES */

    /// @notice Subnets, neurons and hyperparameters.
    ISubnetRegistry public immutable registry;
    /// @notice Each hotkey's α stake.
    IStaking public immutable staking;
    /// @notice Pending emission and the epoch schedule.
    ICoinbase public immutable coinbase;
    /// @notice Weight rows and last-update blocks.
    IWeights public immutable weights;
    /// @notice Validator permits and the bonds commitment of the last settled epoch.
    IEpochSettlement public immutable settlement;

    /* CONSTRUCTOR */

    /// @notice Deploys the lens over an already wired protocol.
    /// @param registry_ Subnets, neurons and hyperparameters.
    /// @param staking_ Stake per hotkey.
    /// @param coinbase_ Pending emission and the epoch schedule.
    /// @param weights_ Weights and last-update blocks.
    /// @param settlement_ Permits and bonds commitments of the last epoch.
    constructor(
        ISubnetRegistry registry_,
        IStaking staking_,
        ICoinbase coinbase_,
        IWeights weights_,
        IEpochSettlement settlement_
    ) {
        registry = registry_;
        staking = staking_;
        coinbase = coinbase_;
        weights = weights_;
        settlement = settlement_;
    }

    /* VIEWS */

    /// @inheritdoc IMetagraphLens
    function epochSnapshot(uint16 netuid) external view returns (EpochSnapshot memory s) {
        ISubnetRegistry.SubnetInfo memory info = registry.subnet(netuid);
        s.netuid = netuid;
        s.blockNumber = uint64(block.number);
        s.hyperparameters = registry.hyperparameters(netuid);
        s.hotkeys = registry.hotkeys(netuid);
        s.blockAtRegistration = registry.registrationBlocks(netuid);
        (s.hasOwnerUid, s.ownerUid) = registry.uidOf(netuid, info.ownerHotkey);
        s.bondsCommitment = settlement.bondsCommitment(netuid);
        if (info.startBlock != 0) {
            s.dueBlock = coinbase.dueBlock(netuid);
            s.due = coinbase.isDue(netuid);
            ICoinbase.PendingBuckets memory p = coinbase.pending(netuid);
            s.raoEmission = p.server + p.validator + p.root;
            (s.pendingServer, s.pendingValidator, s.pendingRoot) = (p.server, p.validator, p.root);
            s.lastMechanismStepBlock = coinbase.lastStepBlock(netuid);
        }
        _readNeurons(netuid, s);
        s.ownerOwnedUids = _ownerOwnedUids(info, s.hotkeys);
    }

    /// @inheritdoc IMetagraphLens
    function dueSubnets() external view returns (uint16[] memory netuids, uint64[] memory dueBlocks) {
        uint16[] memory all = registry.netuids();
        netuids = new uint16[](all.length);
        dueBlocks = new uint64[](all.length);
        uint256 count;
        for (uint256 i; i < all.length; ++i) {
            if (registry.subnet(all[i]).startBlock != 0 && coinbase.isDue(all[i])) {
                netuids[count] = all[i];
                dueBlocks[count] = coinbase.dueBlock(all[i]);
                ++count;
            }
        }
        // Shrinks both arrays to the `count` entries written: count <= all.length, so this only drops
        // unused slots at the end of memory already allocated (no copy into second arrays).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(netuids, count)
            mstore(dueBlocks, count)
        }
    }

    /* INTERNAL */

    /// @dev Per-UID stake, permits, weights and activity.
    function _readNeurons(uint16 netuid, EpochSnapshot memory s) private view {
        uint256 n = s.hotkeys.length;
        bool[] memory permits = settlement.validatorPermits(netuid);
        uint64[] memory credits = settlement.stakeCredits(netuid);
        s.taoWeight = staking.taoWeight();
        s.alphaStake = new uint64[](n);
        s.taoStake = new uint64[](n);
        s.takes = new uint16[](n);
        s.validatorPermit = new bool[](n);
        s.weightBlocks = new uint64[](n);
        s.lastUpdate = new uint64[](n);
        for (uint256 uid; uid < n; ++uid) {
            // The UID's unclaimed stake credit is stake subtensor would already hold (IEpochSettlement).
            s.alphaStake[uid] = SafeCast.toUint64(staking.totalHotkeyAlpha(s.hotkeys[uid], netuid) + credits[uid]);
            s.taoStake[uid] = SafeCast.toUint64(staking.totalHotkeyAlpha(s.hotkeys[uid], ROOT_NETUID));
            (, s.takes[uid]) = registry.delegate(s.hotkeys[uid]);
            s.validatorPermit[uid] = uid < permits.length && permits[uid];
            (s.weightBlocks[uid], ) = weights.currentRow(netuid, uint16(uid));
            uint64 lastSet = weights.lastUpdate(netuid, uint16(uid));
            // A replaced or new UID counts as updated at its registration (docs/spec/yuma.md §2 last_update).
            s.lastUpdate[uid] = lastSet > s.blockAtRegistration[uid] ? lastSet : s.blockAtRegistration[uid];
        }
    }

    /// @dev Bit u set when UID u's hotkey is the owner hotkey or one of the owner coldkey's (docs/spec/chain.md
    ///      §2.7.5 `get_owner_hotkeys`): the UIDs whose incentive the epoch withholds.
    function _ownerOwnedUids(
        ISubnetRegistry.SubnetInfo memory info,
        address[] memory hotkeys
    ) private view returns (uint256 mask) {
        uint256 n = hotkeys.length;
        for (uint256 uid; uid < n; ++uid) {
            address hotkey = hotkeys[uid];
            if (hotkey == info.ownerHotkey || registry.hotkeyOwner(hotkey) == info.owner) mask |= 1 << uid;
        }
    }
}
