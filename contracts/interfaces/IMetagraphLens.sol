// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ISubnetRegistry} from "./ISubnetRegistry.sol";

/// @title IMetagraphLens
/// @notice One view call returns everything a subnet's epoch reads (docs/spec/yuma.md §2), so an oracle
///         node reads a subnet at its snapshot block with a single `eth_call` at that block.
interface IMetagraphLens {
    /// @notice A subnet's epoch inputs at the block the call executes in. Per-UID arrays have one
    ///         entry per UID 0..n-1. The schedule fields are zero until the subnet is started.
    // Returned in memory only, so packing saves nothing; the field order is the ABI the oracle decodes.
    // solhint-disable-next-line gas-struct-packing
    struct EpochSnapshot {
        /// The subnet.
        uint16 netuid;
        /// The block the view ran at: the epoch's `current_block` when read at the snapshot block.
        uint64 blockNumber;
        /// The due block (`lastEpochBlock + tempo`).
        uint64 dueBlock;
        /// Whether the due block has been reached (the epoch can be attested and settled).
        bool due;
        /// Pending α for the epoch (server + validator + root buckets): Yuma's `rao_emission`.
        uint256 raoEmission;
        /// The pending server (miners') bucket, in α rao: part of raoEmission.
        uint256 pendingServer;
        /// The pending validator bucket, in α rao: part of raoEmission.
        uint256 pendingValidator;
        /// The pending root bucket (root stakers' dividends), in α rao: part of raoEmission.
        uint256 pendingRoot;
        /// `LastMechansimStepBlock`: the last settled epoch's block, 0 before the first.
        uint64 lastMechanismStepBlock;
        /// Whether the owner hotkey holds a UID (`owner_uid` is Some).
        bool hasOwnerUid;
        /// The owner hotkey's UID, exempt from the stake threshold and always permitted (0 if none).
        uint16 ownerUid;
        /// The subnet's hyperparameters (docs/spec/yuma.md §13).
        ISubnetRegistry.Hyperparameters hyperparameters;
        /// Hotkey of each UID.
        address[] hotkeys;
        /// Each hotkey's α stake on the subnet (`TotalHotkeyAlpha`) plus its UID's unclaimed stake credit
        /// (IEpochSettlement-stakeCredit), in α rao.
        uint64[] alphaStake;
        /// Each hotkey's root TAO stake (netuid 0), in rao.
        uint64[] taoStake;
        /// `TaoWeight`: a root TAO's weight in Yuma stake (α + τ·root), out of 2^64 - 1.
        uint64 taoWeight;
        /// Each hotkey's delegate take (ISubnetRegistry-delegate), a u16 proportion: what the validator
        /// payouts of the epoch keep for its owner (docs/spec/chain.md §4.3).
        uint16[] takes;
        /// The permits of the last settled epoch (all false before the first).
        bool[] validatorPermit;
        /// Where each UID's current weight row is: the block of its latest {IWeights-WeightsSet} event
        /// (0: no row). The row itself is that event's `pairs` (IWeights: rows live in the logs).
        uint64[] weightBlocks;
        /// max(last setWeights block, registration block) per UID.
        uint64[] lastUpdate;
        /// The block each UID registered at.
        uint64[] blockAtRegistration;
        /// The commitment to the bonds the previous epoch produced (zero before the first).
        bytes32 bondsCommitment;
        /// Bit u set when UID u's hotkey is the owner hotkey or owned by the owner coldkey: the UIDs whose
        /// incentive is withheld (docs/spec/chain.md §2.7.5), reported as {IEpochSettlement-EpochReport}
        /// `ownerOwnedUids`.
        uint256 ownerOwnedUids;
    }

    /// @notice The epoch inputs of `netuid` at the current block.
    /// @param netuid The subnet; an unknown one reads as empty (no UIDs).
    /// @return The snapshot.
    function epochSnapshot(uint16 netuid) external view returns (EpochSnapshot memory);

    /// @notice The started subnets whose epoch is due at the current block, and their snapshot blocks.
    /// @return netuids Their netuids, in registration order.
    /// @return dueBlocks Each one's due (snapshot) block, `lastEpochBlock + tempo`, to read it at.
    function dueSubnets() external view returns (uint16[] memory netuids, uint64[] memory dueBlocks);
}
