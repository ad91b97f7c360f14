// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ISubnetRegistry} from "./ISubnetRegistry.sol";

/// @title IMetagraphLens
/// @notice One view call returns everything a subnet's epoch reads (spec/yuma.md §2), so an oracle
///         node reads a subnet at its snapshot block with a single `eth_call` at that block.
interface IMetagraphLens {
    /// @notice A subnet's epoch inputs at the block the call executes in.
    struct EpochSnapshot {
        uint16 netuid;
        /// The block the view ran at: the epoch's `current_block` when read at the snapshot block.
        uint64 blockNumber;
        /// The due block (`lastEpochBlock + tempo`) and whether it has been reached.
        uint64 dueBlock;
        bool due;
        /// Pending α for the epoch (server + validator + root buckets): Yuma's `rao_emission`.
        uint256 raoEmission;
        /// `LastMechansimStepBlock`: the last settled epoch's block, 0 before the first.
        uint64 lastMechanismStepBlock;
        bool hasOwnerUid;
        uint16 ownerUid;
        ISubnetRegistry.Hyperparameters hyperparameters;
        address[] hotkeys;
        uint64[] alphaStake;
        uint64[] taoStake;
        bool[] validatorPermit;
        uint16[][] weightUids;
        uint16[][] weightValues;
        /// max(last setWeights block, registration block) per UID.
        uint64[] lastUpdate;
        uint64[] blockAtRegistration;
        /// The commitment to the bonds the previous epoch produced (zero before the first).
        bytes32 bondsCommitment;
    }

    /// @notice The epoch inputs of `netuid` at the current block.
    function epochSnapshot(uint16 netuid) external view returns (EpochSnapshot memory);

    /// @notice The started subnets whose epoch is due at the current block.
    function dueSubnets() external view returns (uint16[] memory);
}
