// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IMetagraphColumns
/// @notice What the Metagraph facade (0x802, docs/spec/chain.md §9) adds to subtensor's ABI: the layer's
///         EpochSettlement stores only a commitment to each epoch's u16 proportions and u64 emissions and
///         publishes the words in its `MetagraphColumns` event, which no contract can read. Anyone may hand
///         the facade the last settled epoch's words; it checks them against the commitment and keeps them,
///         so that `getConsensus`, `getIncentive`, `getDividends`, `getVtrust`, `getEmission` and
///         `getIsActive` answer from them.
interface IMetagraphColumns {
    /// @notice The words given do not hash to the subnet's stored commitment (or it has none yet).
    /// @param netuid The subnet.
    error MetagraphBadColumns(uint16 netuid);

    /// @notice The subnet's last settled epoch's columns have not been recorded ({recordColumns}), so the
    ///         per-UID metagraph cannot be read.
    /// @param netuid The subnet.
    /// @param commitment The commitment of the columns needed (IEpochSettlement.columnsCommitment).
    error MetagraphColumnsNotRecorded(uint16 netuid, bytes32 commitment);

    /// @notice The columns of the epoch committed to by `commitment` were recorded for `netuid`.
    /// @param netuid The subnet.
    /// @param commitment keccak256 of the packed words.
    event MetagraphColumnsRecorded(uint16 indexed netuid, bytes32 indexed commitment);

    /// @notice Records the column words of `netuid`'s last settled epoch (its last `MetagraphColumns`
    ///         event). Open to anyone: the words must hash to the stored commitment.
    /// @param netuid The subnet.
    /// @param words The packed words.
    function recordColumns(uint16 netuid, uint256[] calldata words) external;

    /// @notice Whether the columns of `netuid`'s last settled epoch are recorded (true before its first
    ///         epoch: there is nothing to record).
    /// @param netuid The subnet.
    /// @return True when the metagraph views can answer.
    function columnsRecorded(uint16 netuid) external view returns (bool);
}
