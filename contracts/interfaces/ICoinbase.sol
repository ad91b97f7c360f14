// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ICoinbase
/// @notice Block emission and the epoch schedule, accrued lazily (DESIGN.md principle 4): each
///         block's TAO emission (spec/chain.md §1) is split among started subnets (equal shares for
///         now) and injected into their pools at the current price; each subnet's α emission (the
///         same halving on its own α issuance, 21M cap) is split into pending buckets: owner cut
///         (SubnetOwnerCut 11_796/65_535), then half to miners and half to validators (§2.5).
/// @dev A subnet's epoch is due when `block.number - lastEpochBlock >= tempo`; its snapshot block is
///      the due block `lastEpochBlock + tempo`. α accrual stops at the due block until the epoch is
///      settled, so the buckets an epoch drains are exactly those accrued up to its snapshot block,
///      whoever triggers accrual and whenever.
interface ICoinbase {
    struct PendingBuckets {
        uint256 server; // miners
        uint256 validator; // validators and nominators
        uint256 ownerCut; // subnet owner
        uint256 root; // root stakers (always 0 until root stake exists)
    }

    error CoinbaseUnknownSubnet(uint16 netuid);
    error CoinbaseSubnetExists(uint16 netuid);
    error CoinbaseEpochNotDue(uint16 netuid, uint64 dueBlock);
    error CoinbaseWrongSnapshot(uint16 netuid, uint64 snapshotBlock, uint64 dueBlock);

    event SubnetAdded(uint16 indexed netuid, uint64 firstEmissionBlock);
    event EmissionAccrued(uint64 fromBlock, uint64 toBlock, uint256 taoMinted);
    event PendingDrained(uint16 indexed netuid, uint64 snapshotBlock, PendingBuckets buckets);

    /// @notice Accrues all emission up to the current block (anyone may call; every action calls it).
    function accrue() external;

    /// @notice The pending buckets as they would stand after `accrue()` now.
    function pending(uint16 netuid) external view returns (PendingBuckets memory);
    /// @notice The subnet's α issuance (pool reserve + α out, as subtensor counts it), after accrual now.
    function alphaIssuance(uint16 netuid) external view returns (uint256);
    /// @notice Block of the subnet's last settled epoch (its start block before the first).
    function lastEpochBlock(uint16 netuid) external view returns (uint64);
    /// @notice How many epochs of the subnet have been settled (the epoch's `LastMechansimStepBlock` is
    ///         `lastEpochBlock` once this is non-zero, 0 before).
    function epochsSettled(uint16 netuid) external view returns (uint64);
    /// @notice `lastEpochBlock + tempo`.
    function dueBlock(uint16 netuid) external view returns (uint64);
    /// @notice Whether the subnet's epoch is due now.
    function isDue(uint16 netuid) external view returns (bool);

    /// @notice Starts emission for a subnet from the next block. Restricted (SubnetRegistry).
    function addSubnet(uint16 netuid) external;
    /// @notice Accrues, checks `snapshotBlock` is the due block, zeroes the buckets and advances
    ///         `lastEpochBlock` to it. Restricted (EpochSettlement).
    function drain(uint16 netuid, uint64 snapshotBlock) external returns (PendingBuckets memory);
}
