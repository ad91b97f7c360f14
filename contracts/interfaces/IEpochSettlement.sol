// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IEpochSettlement
/// @notice Settles each subnet's epoch from a Yuma report attested by the oracle committee
///         (DESIGN.md principle 5), pays it (spec/chain.md §2.7) and stores the metagraph.
/// @dev Flow: a subnet is due (ICoinbase.isDue); registered oracle nodes `attest` to the keccak256 of
///      the ABI-encoded report for its snapshot block; once `threshold` distinct nodes agree on a
///      hash, anyone may `settle` the report with that hash. Settling drains the pending buckets
///      accrued up to the snapshot block and pays: miners their `serverEmission` α (owner-owned
///      hotkeys' incentive is burned), validators `V_eff · validatorEmission_h / Σ validatorEmission`
///      (take to the hotkey owner, the rest into the hotkey's share pool without new shares), and the
///      owner cut staked to the owner hotkey. Rounding dust is recycled.
interface IEpochSettlement {
    /// @notice One subnet's epoch results, per UID 0..n-1 (n = array lengths).
    struct EpochReport {
        uint16 netuid;
        uint64 snapshotBlock;
        /// Pending α the oracle read for the epoch (server + validator + root buckets): Yuma's rao_emission.
        uint256 raoEmission;
        uint16[] consensus;
        uint16[] incentive;
        uint16[] dividends;
        uint16[] validatorTrust;
        uint16[] stakeWeight;
        uint64[] emission;
        uint64[] serverEmission;
        uint64[] validatorEmission;
        bool[] active;
        bool[] validatorPermit;
        /// keccak256 of the new bonds (see oracle/chain: canonical encoding), committed for recovery.
        bytes32 bondsCommitment;
    }

    /// @notice The stored metagraph of a subnet's last settled epoch.
    struct Metagraph {
        uint64 snapshotBlock;
        uint16[] consensus;
        uint16[] incentive;
        uint16[] dividends;
        uint16[] validatorTrust;
        uint16[] stakeWeight;
        uint64[] emission;
        bool[] active;
        bool[] validatorPermit;
        bytes32 bondsCommitment;
    }

    error SettlementNotOracle(address caller);
    error SettlementAlreadyAttested(address oracle, uint16 netuid, uint64 snapshotBlock);
    error SettlementNotDue(uint16 netuid, uint64 snapshotBlock, uint64 dueBlock);
    error SettlementNotAttested(bytes32 reportHash);
    error SettlementBadReport(string reason);
    error SettlementInvalidThreshold(uint8 threshold);

    event OracleSet(address indexed oracle, bool enabled);
    event ThresholdSet(uint8 threshold);
    event Attested(address indexed oracle, uint16 indexed netuid, uint64 indexed snapshotBlock, bytes32 reportHash, uint8 count);
    event ReportAccepted(uint16 indexed netuid, uint64 indexed snapshotBlock, bytes32 reportHash);
    event EpochSettled(uint16 indexed netuid, uint64 indexed snapshotBlock, bytes32 reportHash, uint256 minersPaid, uint256 validatorsPaid, uint256 ownerPaid, uint256 recycled);
    event MinerIncentiveBurned(uint16 indexed netuid, uint16 indexed uid, uint256 alpha);

    function attest(uint16 netuid, uint64 snapshotBlock, bytes32 reportHash) external;
    function settle(EpochReport calldata report) external;

    function reportHash(EpochReport calldata report) external pure returns (bytes32);
    /// @notice The hash the committee accepted for (netuid, snapshotBlock), zero if none yet.
    function acceptedHash(uint16 netuid, uint64 snapshotBlock) external view returns (bytes32);
    function metagraph(uint16 netuid) external view returns (Metagraph memory);
    /// @notice Permits from the last settled epoch (empty before the first), read by Weights and the epoch.
    function validatorPermits(uint16 netuid) external view returns (bool[] memory);
    function bondsCommitment(uint16 netuid) external view returns (bytes32);
    function isOracle(address node) external view returns (bool);
    function threshold() external view returns (uint8);

    /* GOVERNANCE (restricted) */

    function setOracle(address node, bool enabled) external;
    function setThreshold(uint8 threshold) external;
}
