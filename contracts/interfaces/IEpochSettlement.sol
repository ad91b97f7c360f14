// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IEpochSettlement
/// @notice Settles each subnet's epoch from a Yuma report attested by the oracle committee
///         (docs/architecture.md principle 5), pays it (docs/spec/chain.md §2.7) and keeps its metagraph.
/// @dev Flow: a subnet is due (ICoinbase.isDue); registered oracle nodes `attest` to the keccak256 of
///      the ABI-encoded report for its snapshot block; once `threshold` distinct nodes agree on a
///      hash in the epoch's round, anyone may `settle` the report with that hash. Settling drains the pending buckets
///      accrued up to the snapshot block and pays: miners their `serverEmission` α (as stake credits,
///      below; owner-owned hotkeys' incentive is burned), validators the report's `validatorPayouts` (the
///      take credited for the hotkey owner, the rest into the hotkey's share pool without new shares, and
///      root dividends to its root stakers), and the owner cut staked to the owner hotkey. Rounding dust
///      is recycled. The fraction of the miner incentive withheld from owner-owned hotkeys becomes the
///      subnet's MinerBurned in the Coinbase (ICoinbase.minerBurned), which lowers its TAO share from the
///      next block (docs/spec/chain.md §2.2).
///
///      **Where the arithmetic happens.** Yuma runs in the oracle, and so does §2.7's split of each
///      validator's dividends into α and root parts by stake composition and the take of each: the oracle
///      reads the stakes and takes at the snapshot block, where subtensor reads them at the epoch block.
///      The settlement checks that the payouts fit the drained buckets and applies them.
///
///      **Rounds: no epoch is stuck.** Attestations count in the epoch's current round. A round opens
///      afresh ({RoundOpened}) when its accepted report is refused at {settle} (the chain checks what it
///      can: lengths, padding, the drained emission, the payouts' hotkeys against the UIDs, the caps; any
///      refusal is caught, undone and recorded as {ReportRejected}, so an accepted report either settles
///      or is superseded), and when a round has gone `roundTimeout` blocks without its epoch settling
///      (no report accepted, or one accepted and withheld by the nodes that hold it; the next attestation
///      opens the new one). Removing an oracle voids every round's attestations so
///      far (nodes attest again): a removed node's attestations never count. Reports that disagree never
///      settle; which nodes attested a report that did not settle is in the {Attested} and
///      {ReportRejected} events.
///
///      **What is stored.** The metagraph's permits, active flags and emission ranks (what the chain's
///      rules read: Weights, pruning) are stored; its u16 proportions and u64 emissions are committed to by
///      hash and published in an event ({MetagraphColumns}), and {metagraph} returns them checked against
///      the commitment. Storing them cost ~0.7M gas per 256-UID epoch.
///
///      **Stake credits (pull-based).** What a UID's owner coldkey is paid as stake on the UID's hotkey
///      (miner incentive, and the validator take of both dividend parts) is not staked at settlement:
///      the α is minted and held by Staking, and credited to the UID in a packed per-UID ledger (4 UIDs
///      a word), so an epoch's cost no longer grows with a cold stake write per paid miner. Anyone may
///      {claimStakeCredits} for any UIDs: each UID's credit is staked to (its hotkey, the hotkey's owner
///      coldkey) at the share price of the claim. A replaced UID's credit is staked to its old hotkey
///      first ({clearNeuron}). Differences from subtensor, which stakes at the epoch: until claimed, the
///      credit is not in `Staking.stakeOf` ({stakeCredit} shows it; the MetagraphLens adds it to the
///      hotkey's α stake, so the next epoch's stake weights are as subtensor's) and does not share in
///      the pool's growth; a subnet dissolved before a claim drops its unclaimed credits, as it drops
///      unclaimed root dividends (subtensor's `RootClaimable`). The pool rewards (validators' dividends
///      after take) and root dividends are still paid at settlement.
interface IEpochSettlement {
    /* TYPES */

    /// @notice One subnet's epoch results for its UIDs 0..n-1 (n: the registry's), with every per-UID
    ///         column packed into words as the metagraph is stored: u16 proportions (out of 65_535,
    ///         `fixed_proportion_to_u16`, docs/spec/yuma.md §1) 16 a word, UID u at bits 16·(u % 16) of the
    ///         column's word u / 16; u64 α amounts 4 a word (bits 64·(u % 4) of word u / 4); u8 ranks 32 a
    ///         word; flags 256 a word (bit u % 256 of word u / 256). Lanes past n are zero. Packed, a
    ///         256-UID report is ~11 KiB of calldata instead of ~84 KiB of ABI arrays, and settling stores
    ///         its stored words as they come. oracle/chain/report.ts `packReport` builds it from plain arrays.
    struct EpochReport {
        /// The subnet.
        uint16 netuid;
        /// The epoch's due block (ICoinbase.dueBlock), at which the oracle read its inputs.
        uint64 snapshotBlock;
        /// Pending α the oracle read for the epoch (server + validator + root buckets): Yuma's rao_emission.
        uint256 raoEmission;
        /// The metagraph's columns, each starting on a new word, in this order: `consensus` (each
        /// miner's consensus weight, the kappa stake-weighted quantile of its weights, docs/spec/yuma.md §4),
        /// `incentive` (each miner's share of the miners' emission, §5), `dividends` (each validator's
        /// share of the validators' emission, from its bonds, §7-§9), `validatorTrust` (how much of each
        /// validator's weight survived clipping, §5), `stakeWeight` (normalised stake, §2.1), all u16;
        /// `emission` (Yuma's stored `Emission`: each UID's incentive + dividends share of raoEmission),
        /// u64 — these six are committed to and published, not stored ({MetagraphColumns}); then, stored:
        /// `emissionRank` (u8, 32 a word: each UID's dense rank among the epoch's emissions, 0 for the
        /// lowest, equal for equal: what pruning compares, {emissionRanks}), `active` (set weights or
        /// registered within the activity cutoff, §3.1) and `validatorPermit` (the new permits: top
        /// `maxAllowedValidators` by stake, §3.3), flags.
        uint256[] metagraph;
        /// Each UID's miner emission (`server_emission`), u64 lanes: staked for its owner coldkey.
        uint256[] serverEmission;
        /// What each validator with dividends is paid (docs/spec/chain.md §2.7 steps 3, 6 and 7), computed by
        ///         the oracle from the snapshot block's stakes and takes, as subtensor computes it at the epoch
        ///         (oracle/chain/dividends.ts): two words per validator, in ascending UID order, validators
        ///         paid nothing left out. Word 1: the hotkey (bits 0-159) and the UID (bits 160-175). Word 2,
        ///         four u64 lanes: `alphaPool` (its α dividends after take, added to the hotkey's pool
        ///         value), `alphaTake` (the take of them), `rootPool` (its root dividends after take, to the
        ///         hotkey's root stakers) and `rootTake` (the take of them); both takes are credited to the
        ///         UID for the hotkey's owner coldkey. The α parts share V_eff (the validator bucket, plus the
        ///         server bucket when no miner earned) and the root parts the root bucket, pro rata to each
        ///         validator's dividends split by its stake composition, floored. The committee attests the
        ///         hotkeys with the rest: no UID changes hands while its epoch is pending (the registry
        ///         refuses registrations then), so they are the UIDs' hotkeys at settlement too. Stakes can
        ///         move in between: a `rootPool` whose hotkey holds no root stake at settlement has nobody to
        ///         go to and is recycled (subtensor pays at the epoch block, so it has no such gap).
        uint256[] validatorPayouts;
        /// Bit u is set when UID u's hotkey is the subnet's owner hotkey or is owned by the owner's
        /// coldkey, as read at the snapshot block (the MetagraphLens' `ownerOwnedUids`): its incentive is
        /// withheld (docs/spec/chain.md §2.7.5). UIDs are below MAX_UIDS = 256, so one word holds them all.
        uint256 ownerOwnedUids;
        /// keccak256 of the new bonds (see oracle/chain: canonical encoding), committed for recovery.
        bytes32 bondsCommitment;
    }

    /// @notice The metagraph of a subnet's last settled epoch: the report's `metagraph` columns unpacked
    ///         (same units). The emission and flag columns are read from storage; the u16 proportions from
    ///         the words {MetagraphProportions} published, checked against their stored commitment.
    struct Metagraph {
        /// The snapshot block of the epoch (0 before the first).
        uint64 snapshotBlock;
        /// {EpochReport} `consensus`, u16 / 65_535.
        uint16[] consensus;
        /// {EpochReport} `incentive`, u16 / 65_535.
        uint16[] incentive;
        /// {EpochReport} `dividends`, u16 / 65_535.
        uint16[] dividends;
        /// {EpochReport} `validatorTrust`, u16 / 65_535.
        uint16[] validatorTrust;
        /// {EpochReport} `stakeWeight`, u16 / 65_535.
        uint16[] stakeWeight;
        /// {EpochReport} `emission`, α rao.
        uint64[] emission;
        /// {EpochReport} `active`.
        bool[] active;
        /// {EpochReport} `validatorPermit`: the permits the next epoch and `setWeights` read.
        bool[] validatorPermit;
        /// {EpochReport} `bondsCommitment`: the bonds the next epoch starts from.
        bytes32 bondsCommitment;
        /// keccak256 of the packed committed words ({columnsCommitment}).
        bytes32 columnsCommitment;
    }

    /* ERRORS */

    /// @notice The caller is not a registered oracle node.
    /// @param caller The address that tried to attest.
    error SettlementNotOracle(address caller);

    /// @notice The oracle node already attested for this epoch (one attestation per node and snapshot).
    /// @param oracle The oracle node.
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's snapshot block.
    error SettlementAlreadyAttested(address oracle, uint16 netuid, uint64 snapshotBlock);

    /// @notice The attestation is not for the subnet's current due block, or that block is not reached yet.
    /// @param netuid The subnet.
    /// @param snapshotBlock The snapshot block attested.
    /// @param dueBlock The subnet's current due block.
    error SettlementNotDue(uint16 netuid, uint64 snapshotBlock, uint64 dueBlock);

    /// @notice The report is not the one the committee accepted for its (netuid, snapshotBlock).
    /// @param reportHash The hash of the calldata report.
    error SettlementNotAttested(bytes32 reportHash);

    /// @notice The report or attestation is malformed.
    /// @param reason "hash" (zero hash attested), "length" (a packed column has not the words `n`
    ///        UIDs take, or `validatorPayouts` an odd count), "padding" (a lane past `n` is not zero),
    ///        "ownerOwnedUids" (a bit at or past `n`), "raoEmission" (not the drained server + validator
    ///        + root), "emission" (Σ serverEmission above raoEmission), "validatorPayouts" (an entry out of
    ///        ascending UID order, at or past `n`, or paying nothing), "hotkey" (a payout's hotkey is not its
    ///        UID's) or "dividends" (the α parts above
    ///        V_eff or the root parts above the root bucket).
    error SettlementBadReport(string reason);

    /// @notice The column words given to {metagraph} are not the ones the subnet's last epoch committed
    ///         to ({MetagraphColumns}).
    /// @param netuid The subnet.
    error SettlementBadColumns(uint16 netuid);

    /// @notice A claimed UID is not a UID of the subnet (at or above its `n`; every UID of a dissolved
    ///         or unknown subnet).
    /// @param netuid The subnet.
    /// @param uid The UID.
    error SettlementUnknownUid(uint16 netuid, uint16 uid);

    /// @notice {settle} ran out of gas applying the report (a revert without data): the report is kept;
    ///         send it again with more gas.
    error SettlementOutOfGas();
    /// @notice {applyReport} is called only by the settlement itself, from {settle}.
    error SettlementOnlySelf();
    /// @notice A round timeout of 0 blocks.
    /// @param blocks The timeout asked for.
    error SettlementInvalidRoundTimeout(uint32 blocks);
    /// @notice The threshold is 0 or above the number of registered oracle nodes.
    /// @param threshold The threshold asked for.
    error SettlementInvalidThreshold(uint8 threshold);

    /* EVENTS */

    // Flags, counts and amounts stay unindexed: nobody filters logs by them, and a topic (375 gas)
    // costs more than a data word (256 gas).
    // solhint-disable gas-indexed-events

    /// @notice An oracle node was registered or removed (emitted even if nothing changed).
    /// @param oracle The node.
    /// @param enabled Whether it may attest now.
    event OracleSet(address indexed oracle, bool enabled);

    /// @notice The attestation threshold changed (emitted with 1 at deployment).
    /// @param threshold Distinct oracle attestations a report hash needs to be accepted.
    event ThresholdSet(uint8 threshold);

    /// @notice The attestation round timeout changed (emitted with the default at deployment).
    /// @param blocks Blocks a round may go unsettled before the next attestation opens a new one.
    event RoundTimeoutSet(uint32 blocks);
    /// @notice An oracle node attested a report hash for an epoch.
    /// @param oracle The node.
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's snapshot block.
    /// @param round The epoch's round the attestation counts in.
    /// @param reportHash The hash attested ({reportHash} of the report).
    /// @param count Attestations of this hash in this round so far, saturating at 255.
    event Attested(address indexed oracle, uint16 indexed netuid, uint64 indexed snapshotBlock, uint32 round, bytes32 reportHash, uint8 count);
    /// @notice A new attestation round of an epoch opened: the previous one expired unsettled, or its
    ///         accepted report was rejected ({ReportRejected}).
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's snapshot block.
    /// @param round The new round's number (1 for the second round).
    event RoundOpened(uint16 indexed netuid, uint64 indexed snapshotBlock, uint32 round);
    /// @notice An accepted report could not be applied ({settle}): nothing of it took effect and the epoch
    ///         goes on in a new round. The nodes that attested it are in the round's {Attested} events.
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's snapshot block.
    /// @param round The round that had accepted it.
    /// @param reportHash The rejected report's hash.
    /// @param reason The refusal, ABI-encoded as the revert it was (e.g. SettlementBadReport("hotkey")).
    event ReportRejected(uint16 indexed netuid, uint64 indexed snapshotBlock, uint32 round, bytes32 reportHash, bytes reason);

    /// @notice A report hash reached the threshold first in its round: {settle} accepts only this report for
    ///         the epoch, unless it is rejected.
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's snapshot block.
    /// @param reportHash The accepted hash.
    event ReportAccepted(uint16 indexed netuid, uint64 indexed snapshotBlock, bytes32 reportHash);

    /// @notice An epoch paid `paid` α of root dividends (docs/spec/chain.md §2.7 steps 3 and 7): validators'
    ///         take as α stake, the rest credited to their root stakers to claim (Staking.claimRoot).
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's snapshot block.
    /// @param paid The root bucket paid out, in α rao.
    event RootDividendsPaid(uint16 indexed netuid, uint64 indexed snapshotBlock, uint256 paid);

    /// @notice An epoch was settled and paid (docs/spec/chain.md §2.7). All amounts in α rao.
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's snapshot block.
    /// @param reportHash The settled report's hash.
    /// @param minersPaid Miner incentive credited to the miners' coldkeys ({stakeCredit}).
    /// @param validatorsPaid Validator dividends paid (take, credited like the incentive, + share-pool
    ///        rewards).
    /// @param ownerPaid The owner cut staked to the subnet owner's hotkey.
    /// @param recycled raoEmission - minersPaid - validatorsPaid - the root dividends paid
    ///        ({RootDividendsPaid}): never minted (burned incentive, rounding dust, unpaid buckets).
    event EpochSettled(uint16 indexed netuid, uint64 indexed snapshotBlock, bytes32 reportHash, uint256 minersPaid, uint256 validatorsPaid, uint256 ownerPaid, uint256 recycled);

    /// @notice The columns of a settled epoch's metagraph that are committed to, not stored (the report's
    ///         first `metagraph` words: consensus, incentive, dividends, validatorTrust and stakeWeight, 16
    ///         UIDs a word, then emission, 4 UIDs a word): published here, committed to by keccak256 of their
    ///         packed words ({columnsCommitment}). No rule of the chain reads the values (pruning reads the
    ///         stored emission ranks). Pass them to {metagraph} to read them, checked.
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's snapshot block.
    /// @param words The packed column words.
    event MetagraphColumns(uint16 indexed netuid, uint64 indexed snapshotBlock, uint256[] words);

    /// @notice A miner's incentive was withheld because the subnet owner owns its hotkey, or it is the
    ///         owner hotkey (docs/spec/chain.md §2.7.5); the α is never minted.
    /// @param netuid The subnet.
    /// @param uid The miner's UID.
    /// @param alpha The incentive withheld, in α rao.
    event MinerIncentiveBurned(uint16 indexed netuid, uint16 indexed uid, uint256 alpha);

    /// @notice A UID's stake credit was staked to its hotkey's owner coldkey ({claimStakeCredits}, or
    ///         {clearNeuron} when the UID is replaced); Staking also emits `StakeCredited`.
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @param hotkey The hotkey staked on.
    /// @param alpha The credit, in α rao.
    event StakeCreditClaimed(uint16 indexed netuid, uint16 indexed uid, address indexed hotkey, uint256 alpha);

    /// @notice A replaced UID's entries in the stored metagraph were reset (docs/spec/chain.md §5.3
    ///         `clear_neuron`): consensus, incentive, dividends, validator trust, stake weight, emission and
    ///         permit to zero, active to true.
    /// @param netuid The subnet.
    /// @param uid The UID.
    event NeuronCleared(uint16 indexed netuid, uint16 indexed uid);

    // solhint-enable gas-indexed-events

    /* COMMITTEE */

    /// @notice The calling oracle node attests `reportHash` as the subnet's epoch report at
    ///         `snapshotBlock`; the first hash `threshold` nodes agree on is accepted.
    /// @param netuid The subnet.
    /// @param snapshotBlock The subnet's current due block, reached.
    /// @param reportHash {reportHash} of the report the node computed; non-zero.
    function attest(uint16 netuid, uint64 snapshotBlock, bytes32 reportHash) external;

    /* SETTLEMENT */

    /// @notice Settles an epoch with its accepted report: drains the pending buckets, stores the
    ///         metagraph, pays miners, validators and the owner (docs/spec/chain.md §2.7) and records the
    ///         subnet's MinerBurned (ICoinbase.recordMinerBurned, §2.7.5); or, if the chain refuses the
    ///         report, rejects it ({ReportRejected}) and opens a new round, with no other effect. Anyone may
    ///         call. Reverts only when there is nothing to do: the epoch is not the due one (settled
    ///         already: {SettlementNotDue}), the report is not the accepted one, or gas ran out.
    /// @param report The report, ABI-encoded canonically: its hash must be the accepted one.
    function settle(EpochReport calldata report) external;

    /// @notice Stakes each listed UID's credit to (its hotkey, the hotkey's owner coldkey) and zeroes it.
    ///         Anyone may call, for any UIDs; a UID listed twice, or with no credit, is skipped.
    /// @param netuid The subnet.
    /// @param uids UIDs below the subnet's `n` (else {SettlementUnknownUid}).
    /// @return alpha The α staked, in α rao.
    function claimStakeCredits(uint16 netuid, uint16[] calldata uids) external returns (uint256 alpha);

    /* VIEWS */

    /// @notice The hash oracle nodes attest: keccak256(abi.encode(report)).
    /// @param report A report.
    /// @return The report hash.
    function reportHash(EpochReport calldata report) external pure returns (bytes32);

    /// @notice The hash the committee accepted for (netuid, snapshotBlock) in the epoch's current round,
    ///         zero if none yet.
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's snapshot block.
    /// @return The accepted report hash.
    function acceptedHash(uint16 netuid, uint64 snapshotBlock) external view returns (bytes32);
    /// @notice How many oracles attested `hash` for (netuid, snapshotBlock) in the epoch's current round.
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's snapshot block.
    /// @param hash A report hash.
    /// @return The number of attestations.
    function attestations(uint16 netuid, uint64 snapshotBlock, bytes32 hash) external view returns (uint256);
    /// @notice Whether `oracle` attested for (netuid, snapshotBlock) in the epoch's current round.
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's snapshot block.
    /// @param oracle An oracle node.
    /// @return True if it did.
    function hasAttested(uint16 netuid, uint64 snapshotBlock, address oracle) external view returns (bool);
    /// @notice The epoch's current attestation round.
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's snapshot block.
    /// @return number 0 for the first round, one more for each round opened since ({RoundOpened}).
    /// @return openedAt The block the round opened: the snapshot block for round 0.
    function round(uint16 netuid, uint64 snapshotBlock) external view returns (uint32 number, uint64 openedAt);
    /// @notice Blocks a round may go unsettled before the next attestation opens a new one.
    /// @return The timeout in blocks.
    function roundTimeout() external view returns (uint32);
    /// @notice The number of registered oracle nodes.
    /// @return The count.
    function oracleCount() external view returns (uint256);

    /// @notice The metagraph of the subnet's last settled epoch (docs/spec/chain.md §9 Metagraph): its u16
    ///         proportions and emissions from `columns`, the words of its {MetagraphColumns} event
    ///         (oracle/chain/metagraph.ts `readMetagraph` finds them), checked against the stored commitment
    ///         ({SettlementBadColumns}); its flags from storage. The proportions and emission of a UID
    ///         replaced since the epoch read as zero.
    /// @param netuid The subnet.
    /// @param columns The epoch's packed column words; empty before the first settlement.
    /// @return The metagraph; empty arrays and zero fields before the first settlement.
    function metagraph(uint16 netuid, uint256[] calldata columns) external view returns (Metagraph memory);

    /// @notice keccak256 of the packed column words of the subnet's last settled epoch ({MetagraphColumns}).
    /// @param netuid The subnet.
    /// @return The commitment; zero before the first settlement.
    function columnsCommitment(uint16 netuid) external view returns (bytes32);

    /// @notice Permits from the last settled epoch (empty before the first), read by Weights and the epoch.
    /// @param netuid The subnet.
    /// @return One flag per UID of the last settled epoch.
    function validatorPermits(uint16 netuid) external view returns (bool[] memory);
    /// @notice Whether `uid` holds a validator permit from the last settled epoch ({validatorPermits}
    ///         for one UID; false before the first epoch and for a UID the epoch did not have).
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The permit.
    function hasValidatorPermit(uint16 netuid, uint16 uid) external view returns (bool);

    /// @notice Each UID's emission in the last settled epoch as the order UID pruning compares (docs/spec/chain.md
    ///         §5.3 lowest `Emission` first): 0 for no emission (and for a UID replaced since, whose emission
    ///         `clear_neuron` zeroes), a higher rank for more emission, equal ranks for equal emissions. The
    ///         chain keeps the ranks (1 byte a UID), not the u64 values ({MetagraphColumns}, {metagraph}).
    /// @param netuid The subnet.
    /// @return One entry per UID of the last settled epoch (empty before the first).
    function emissionRanks(uint16 netuid) external view returns (uint64[] memory);

    /// @notice α credited to a UID and not yet staked (see the notes on stake credits).
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The credit, in α rao; 0 for a UID at or above the subnet's `n`.
    function stakeCredit(uint16 netuid, uint16 uid) external view returns (uint256);

    /// @notice {stakeCredit} of every UID of the subnet, 0..n-1 (the registry's current `n`).
    /// @param netuid The subnet.
    /// @return One entry per UID, in α rao (empty for a dissolved or unknown subnet).
    function stakeCredits(uint16 netuid) external view returns (uint64[] memory);

    /// @notice The commitment to the bonds the last settled epoch produced.
    /// @param netuid The subnet.
    /// @return The commitment; zero before the first settlement.
    function bondsCommitment(uint16 netuid) external view returns (bytes32);

    /// @notice Whether `node` may attest.
    /// @param node An address.
    /// @return True for a registered oracle node.
    function isOracle(address node) external view returns (bool);

    /// @notice Distinct oracle attestations a report hash needs to be accepted.
    /// @return The threshold (at least 1; removing nodes may leave it above their number).
    function threshold() external view returns (uint8);

    /* GOVERNANCE (restricted) */

    /// @notice Registers (`enabled`) or removes an oracle node. Restricted (governance).
    /// @param node The oracle node's address.
    /// @param enabled Whether it may attest.
    function setOracle(address node, bool enabled) external;

    /// @notice Stakes a replaced UID's credit to its old hotkey ({StakeCreditClaimed}) and resets the UID's
    ///         entries in the stored metagraph, so that its new holder inherits no credit, emission, permit
    ///         or scores ({NeuronCleared}; nothing for a UID beyond the stored metagraph). Restricted (the
    ///         SubnetRegistry, when it prunes the UID).
    /// @param netuid The subnet.
    /// @param uid The replaced UID.
    /// @param oldHotkey The hotkey that held the UID.
    function clearNeuron(uint16 netuid, uint16 uid, address oldHotkey) external;

    /// @notice Sets the round timeout ({roundTimeout}). Restricted (governance).
    /// @param blocks At least 1 (else {SettlementInvalidRoundTimeout}).
    function setRoundTimeout(uint32 blocks) external;
    /// @notice Sets the attestation threshold. Restricted (governance).
    /// @param threshold Between 1 and the number of registered nodes (else {SettlementInvalidThreshold}).
    function setThreshold(uint8 threshold) external;
}
