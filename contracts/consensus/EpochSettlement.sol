// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ICoinbase} from "../interfaces/ICoinbase.sol";
import {IEpochSettlement} from "../interfaces/IEpochSettlement.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";

/// @title EpochSettlement
/// @notice The oracle committee's attestations, and the settlement of each subnet's epoch from an
///         accepted Yuma report: drain the pending buckets, keep the metagraph, pay (docs/spec/chain.md §2.7).
/// @dev Payment order follows subtensor's `distribute_dividends_and_incentives`: owner cut, then miner
///      incentive, then validator dividends. What each validator is paid (its dividends split into α and
///      root parts by stake composition, §2.7 step 3, and the take of each, §4.3) comes with the report,
///      computed by the oracle from the snapshot block's stakes and takes as subtensor computes it at the
///      epoch block (`validatorPayouts`, oracle/chain/dividends.ts); the settlement checks that the α parts
///      fit V_eff and the root parts the root bucket, and applies them. What a UID's owner coldkey is paid
///      as stake (miner incentive, validator takes) is credited to the UID in a packed ledger and staked
///      when anyone claims it (IEpochSettlement, "stake credits"); the owner cut and the pool rewards are
///      applied by Staking in one `pay` call, which also mints the credits' α once. Root dividends beyond
///      the take go to the hotkey's root stakers' claim accumulator (Staking.creditRootDividends). α that is
///      not paid (incentive of owner-owned hotkeys, rounding dust, the server bucket when no miner earned
///      and no validator either, the root bucket when no validator holds root stake) is never minted: the
///      α issuance (token supply + pending + unclaimed root α) drops by it (recycled). The fraction of the
///      miner incentive withheld from owner-owned hotkeys is recorded in the Coinbase as the subnet's
///      MinerBurned (§2.7.5), which weights its next TAO shares (§2.2); the drain accrued this block first,
///      so the new value counts from the next block. Which UIDs the owner owns comes with the report
///      (`ownerOwnedUids`, read by the oracle at the snapshot block, as subtensor reads them at the epoch).
///      The metagraph keeps in storage only what the chain's rules read: the permits (Weights), the
///      emission ranks (pruning, docs/spec/chain.md §5.3) and the active flags; its u16 proportions and u64
///      emissions are committed to by hash and published in {MetagraphColumns} (read them back, checked,
///      with {metagraph}). Storing all of it cost ~0.7M gas per 256-UID epoch, near half the budget.
contract EpochSettlement is AccessManaged, ReentrancyGuardTransient, IEpochSettlement {
    /* TYPES */

    /// @dev Header of a stored metagraph: its emission-rank and flag columns live in `_metagraphWords`, its
    ///      u16 proportions and emissions are committed to (`columnsCommitment`, {MetagraphColumns}).
    ///      `zeroEmission`: some UID had no emission, so rank 0 is emission 0.
    struct MetagraphHeader {
        uint64 snapshotBlock;
        uint16 n;
        bool zeroEmission;
        bytes32 bondsCommitment;
        bytes32 columnsCommitment;
    }

    /// @dev An epoch's attestation round: rounds after the first open when a round expires unsettled, or
    ///      when its accepted report is rejected at {settle}.
    struct EpochRound {
        uint32 number;
        uint64 openedAt;
    }

    /// @dev An epoch's stake credits, added to the ledger word by word (`words[w]` in the ledger's lanes),
    ///      and their total.
    struct Credits {
        uint256[] words;
        uint256 total;
    }

    /* CONSTANTS */


    /// @dev Blocks a round may go unsettled before the next attestation opens a new one:
    ///      long enough for every node of a live committee to attest (each attestation is a transaction),
    ///      short enough that a split or half-down committee is not stuck for long.
    uint32 private constant DEFAULT_ROUND_TIMEOUT = 64;
    /// @dev Root stake lives on netuid 0.
    uint16 private constant ROOT_NETUID = 0;
    /// @dev One u64 lane of a ledger word.
    uint256 private constant LANE = type(uint64).max;

    /* IMMUTABLES */

    /// @notice Subnets, neurons, hotkey owners.
    ISubnetRegistry public immutable registry;
    /// @notice Credits stake and dividends.
    IStaking public immutable staking;
    /// @notice Pending buckets and the epoch schedule.
    ICoinbase public immutable coinbase;

    /* STORAGE */

    mapping(address node => bool) private _isOracle;
    // One slot: what every attestation reads.
    uint64 private _oracleCount;
    uint8 private _threshold;
    /// @dev Bumped when an oracle is removed: it is part of every round's key, so the removed node's
    ///      attestations (and any report they helped accept, not yet settled) stop counting.
    uint32 private _committeeVersion;
    uint32 private _roundTimeout;

    /// @dev The current round of each epoch; round 0 (the zero value) opened at the snapshot block.
    mapping(uint16 netuid => mapping(uint64 snapshotBlock => EpochRound)) private _rounds;
    /// @dev Per round key ({_roundKey}): the accepted hash, who attested, and each hash's count.
    mapping(bytes32 roundKey => bytes32) private _accepted;
    mapping(bytes32 roundKey => mapping(address oracle => bool)) private _hasAttested;
    mapping(bytes32 roundKey => mapping(bytes32 reportHash => uint256)) private _attestations;

    mapping(uint16 netuid => MetagraphHeader) private _metagraphs;
    mapping(uint16 netuid => mapping(uint256 index => uint256 word)) private _metagraphWords;
    /// @dev Bit u: UID u was replaced since the stored metagraph's epoch, so its committed proportions and
    ///      emission read as zero (`clear_neuron`); cleared by the next settlement.
    mapping(uint16 netuid => uint256 uids) private _clearedUids;

    /// @dev The stake-credit ledger, u64 lanes 4 UIDs a word (UID u: word u / 4, bits 64·(u % 4)): every
    ///      credit a UID ever received, and every credit claimed from it. Both only grow, so after a UID's
    ///      first credit a settlement or claim rewrites a non-zero word (5k gas, not 22k). A lane never
    ///      carries into the next: its total is at most the subnet's α emission, under 21e15 < 2^64.
    mapping(uint16 netuid => mapping(uint256 index => uint256 word)) private _credited;
    mapping(uint16 netuid => mapping(uint256 index => uint256 word)) private _claimed;

    /* CONSTRUCTOR */

    /// @notice Deploys the settlement with no oracle node and a threshold of 1.
    /// @param authority The protocol AccessManager (governs `setOracle`, `setThreshold`).
    /// @param registry_ Subnet registry.
    /// @param staking_ Staking (credits).
    /// @param coinbase_ Coinbase (drain).
    constructor(
        address authority,
        ISubnetRegistry registry_,
        IStaking staking_,
        ICoinbase coinbase_
    ) AccessManaged(authority) {
        registry = registry_;
        staking = staking_;
        coinbase = coinbase_;
        _threshold = 1;
        _roundTimeout = DEFAULT_ROUND_TIMEOUT;
        emit ThresholdSet(1);
        emit RoundTimeoutSet(DEFAULT_ROUND_TIMEOUT);
    }

    /* COMMITTEE */

    /// @inheritdoc IEpochSettlement
    /// @dev `snapshotBlock` must be the subnet's current due block and reached. Attestations count in the
    ///      epoch's current round; a round `roundTimeout` blocks old (its epoch not settled, so its report
    ///      was never accepted, or accepted and never settled: withheld by whoever holds it) is closed by the
    ///      next attestation, which counts in a fresh round (RoundOpened). The first hash
    ///      whose count reaches the threshold in a round is accepted; later attestations in the round are
    ///      still counted (and emitted) but change nothing.
    function attest(uint16 netuid, uint64 snapshotBlock, bytes32 hash) external {
        address oracle = _msgSender();
        if (!_isOracle[oracle]) revert SettlementNotOracle(oracle);
        uint64 due = coinbase.dueBlock(netuid);
        if (snapshotBlock != due || snapshotBlock > block.number) revert SettlementNotDue(netuid, snapshotBlock, due);
        if (hash == bytes32(0)) revert SettlementBadReport("hash");

        (bytes32 key, EpochRound memory r) = _currentRound(netuid, snapshotBlock);
        // "At least `roundTimeout` blocks old": the strict form adds a subtraction and saves nothing.
        // solhint-disable-next-line gas-strict-inequalities
        if (block.number >= r.openedAt + _roundTimeout) {
            key = _openRound(netuid, snapshotBlock, r.number + 1);
            ++r.number;
        }
        if (_hasAttested[key][oracle]) revert SettlementAlreadyAttested(oracle, netuid, snapshotBlock);
        _hasAttested[key][oracle] = true;
        uint256 count = ++_attestations[key][hash];
        emit Attested(oracle, netuid, snapshotBlock, r.number, hash, uint8(Math.min(count, type(uint8).max)));
        // "At least `threshold`": the strict `count > threshold - 1` adds a subtraction and saves nothing.
        // solhint-disable-next-line gas-strict-inequalities
        if (count >= _threshold && _accepted[key] == bytes32(0)) {
            _accepted[key] = hash;
            emit ReportAccepted(netuid, snapshotBlock, hash);
        }
    }

    /* SETTLEMENT */

    /// @inheritdoc IEpochSettlement
    /// @dev First the epoch is the due one (SettlementNotDue) and the report's hash the accepted one in the
    ///      current round (SettlementNotAttested); then {applyReport} runs in a self-call and any revert there
    ///      becomes {ReportRejected} and a new round. {applyReport} checks, in order: every packed
    ///      column has the words the subnet's current `n` UIDs take and `validatorPayouts` an even count
    ///      (SettlementBadReport("length")), with no lane past `n` set ("padding"), nor a bit of
    ///      `ownerOwnedUids` ("ownerOwnedUids"); the drain succeeds; `raoEmission` is the drained
    ///      server + validator + root (SettlementBadReport("raoEmission")); Σ serverEmission <= raoEmission
    ///      ("emission"); the validator payouts are in ascending UID order below `n`, none empty
    ///      ("validatorPayouts"), each payout's hotkey the UID's ("hotkey"), their α parts within V_eff = validator bucket (+ server bucket if Σ
    ///      serverEmission = 0) and their root parts within the root bucket, both capped at raoEmission -
    ///      Σ serverEmission so that no epoch pays more than it drained (docs/spec/chain.md §10 invariant 18;
    ///      "dividends"). It records MinerBurned = withheld / Σ serverEmission in the Coinbase
    ///      (ICoinbase.recordMinerBurned; 0 when no miner earned). When incentives exist but every dividend
    ///      is 0, the report's serverEmission may take the whole raoEmission (§2.7.2: miners take
    ///      everything) and no validator is paid.
    ///      Gas (256 UIDs, `npm run gas`): ~1.4M for an epoch paying 191 miners and 64 validators (~2.3M for
    ///      a subnet's first, whose ledger words are new): the credit ledger (64 words, ~0.32M), the 64 pool
    ///      values (~0.32M), the stored metagraph (10 words), the calldata (~11 KiB) and the 256-UID passes.
    ///      Staking the credits is the claimers' ({claimStakeCredits}); pushed from here, as before the
    ///      ledger, such an epoch cost ~16M, near the 2^24 transaction cap (EIP-7825).
    function settle(EpochReport calldata report) external nonReentrant {
        // The call's arguments are abi.encode(report) byte for byte when the report is canonically
        // encoded, so this is {reportHash} without re-encoding the report. Calldata that is not canonical
        // hashes differently and is rejected.
        bytes32 hash = keccak256(msg.data[4:]);
        uint16 netuid = report.netuid;
        uint64 snapshotBlock = report.snapshotBlock;
        // An epoch settled already has moved the due block on: a lost race, not a bad report.
        uint64 due = coinbase.dueBlock(netuid);
        if (snapshotBlock != due) revert SettlementNotDue(netuid, snapshotBlock, due);
        (bytes32 key, EpochRound memory r) = _currentRound(netuid, snapshotBlock);
        if (hash != _accepted[key]) revert SettlementNotAttested(hash);

        // Applied in a call to this contract, so that a report the chain refuses leaves no effect and
        // the epoch is not stuck with it: the report is rejected and a fresh round opens.
        // solhint-disable-next-line avoid-low-level-calls
        (bool applied, bytes memory reason) = address(this).call(bytes.concat(this.applyReport.selector, msg.data[4:]));
        if (applied) return;
        // Every refusal of ours carries data (custom errors, panics); a revert without data is the
        // caller's gas running out, which says nothing about the report.
        if (reason.length == 0) revert SettlementOutOfGas();
        _openRound(netuid, snapshotBlock, r.number + 1);
        emit ReportRejected(netuid, snapshotBlock, r.number, hash, reason);
    }

    /// @notice Pays an accepted report; {settle}'s body, run in a call of this contract to itself so that
    ///         any refusal reverts all its effects. Only this contract may call it.
    /// @dev Checks, then pays (see {settle}); any revert is caught by {settle}, which rejects the report.
    /// @param report The accepted report, checked by {settle}.
    function applyReport(EpochReport calldata report) external {
        if (msg.sender != address(this)) revert SettlementOnlySelf();
        bytes32 hash = keccak256(msg.data[4:]);
        uint16 netuid = report.netuid;
        ISubnetRegistry.SubnetInfo memory info = registry.subnet(netuid);
        _checkShape(report, info.n);

        // The epoch's stake credits are collected here and added to the ledger at the end; the owner cut and
        // the pool rewards are applied by Staking in one call, which mints all the α once.
        Credits memory credits = Credits(new uint256[](_words(info.n, 4)), 0);
        (uint256 minersPaid, uint256 withheld) = _creditMiners(credits, netuid, report.serverEmission, report.ownerOwnedUids);
        uint256 serverSum = minersPaid + withheld;

        ICoinbase.PendingBuckets memory b = coinbase.drain(netuid, report.snapshotBlock);
        uint256 rao = report.raoEmission;
        if (rao != b.server + b.validator + b.root) revert SettlementBadReport("raoEmission");
        if (serverSum > rao) revert SettlementBadReport("emission");
        _storeMetagraph(report, info.n);
        coinbase.recordMinerBurned(netuid, withheld, serverSum);
        (uint256 validatorsPaid, uint256 rootPaid) = _creditValidators(credits, netuid, report.validatorPayouts, info.n);
        _checkDividends(b, rao - serverSum, serverSum == 0, validatorsPaid, rootPaid);
        _pay(netuid, info, b.ownerCut, report.validatorPayouts, credits);
        if (rootPaid != 0) rootPaid -= _payRootDividends(netuid, report.validatorPayouts);
        if (rootPaid != 0) emit RootDividendsPaid(netuid, report.snapshotBlock, rootPaid);
        // The owner cut is always paid in full.
        uint256 recycled = rao - minersPaid - validatorsPaid - rootPaid;
        coinbase.recordUndistributed(netuid, recycled);
        emit EpochSettled(netuid, report.snapshotBlock, hash, minersPaid, validatorsPaid, b.ownerCut, recycled);
    }

    /// @inheritdoc IEpochSettlement
    /// @dev One Staking call for all the UIDs; each UID's hotkey and its owner are read from the registry.
    function claimStakeCredits(uint16 netuid, uint16[] calldata uids) external nonReentrant returns (uint256 alpha) {
        uint256 n = registry.subnet(netuid).n;
        uint256 count = uids.length;
        IStaking.Payment[] memory items = new IStaking.Payment[](count);
        uint256 paid;
        for (uint256 i; i < count; ++i) {
            uint16 uid = uids[i];
            // UIDs are 0..n-1 (none on a dissolved subnet).
            // solhint-disable-next-line gas-strict-inequalities
            if (uid >= n) revert SettlementUnknownUid(netuid, uid);
            uint256 owed = _takeCredit(netuid, uid);
            if (owed == 0) continue;
            address hotkey = registry.hotkeyAt(netuid, uid);
            items[paid] = IStaking.Payment(hotkey, registry.hotkeyOwner(hotkey), owed);
            ++paid;
            alpha += owed;
            emit StakeCreditClaimed(netuid, uid, hotkey, owed);
        }
        if (alpha == 0) return 0;
        // Shrinks the array in place to the UIDs paid (paid <= count).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(items, paid)
        }
        staking.pay(netuid, items, new uint256[](0), 0, alpha);
    }

    /* VIEWS */

    /// @inheritdoc IEpochSettlement
    function stakeCredit(uint16 netuid, uint16 uid) external view returns (uint256) {
        return uid < registry.subnet(netuid).n ? _owed(netuid, uid) : 0;
    }

    /// @inheritdoc IEpochSettlement
    /// @dev Reads each ledger word pair once for its four UIDs.
    function stakeCredits(uint16 netuid) external view returns (uint64[] memory owed) {
        uint256 n = registry.subnet(netuid).n;
        owed = new uint64[](n);
        mapping(uint256 => uint256) storage credited = _credited[netuid];
        mapping(uint256 => uint256) storage claimed = _claimed[netuid];
        uint256 creditedWord;
        uint256 claimedWord;
        for (uint256 uid; uid < n; ++uid) {
            uint256 shift = (uid & 3) << 6;
            if (shift == 0) (creditedWord, claimedWord) = (credited[uid >> 2], claimed[uid >> 2]);
            owed[uid] = uint64(((creditedWord >> shift) & LANE) - ((claimedWord >> shift) & LANE));
        }
    }

    /// @inheritdoc IEpochSettlement
    function reportHash(EpochReport calldata report) public pure returns (bytes32) {
        return keccak256(abi.encode(report));
    }

    /// @inheritdoc IEpochSettlement
    function acceptedHash(uint16 netuid, uint64 snapshotBlock) external view returns (bytes32) {
        (bytes32 key, ) = _currentRound(netuid, snapshotBlock);
        return _accepted[key];
    }

    /// @inheritdoc IEpochSettlement
    function attestations(uint16 netuid, uint64 snapshotBlock, bytes32 hash) external view returns (uint256) {
        (bytes32 key, ) = _currentRound(netuid, snapshotBlock);
        return _attestations[key][hash];
    }

    /// @inheritdoc IEpochSettlement
    function hasAttested(uint16 netuid, uint64 snapshotBlock, address oracle) external view returns (bool) {
        (bytes32 key, ) = _currentRound(netuid, snapshotBlock);
        return _hasAttested[key][oracle];
    }

    /// @inheritdoc IEpochSettlement
    function round(uint16 netuid, uint64 snapshotBlock) external view returns (uint32 number, uint64 openedAt) {
        (, EpochRound memory r) = _currentRound(netuid, snapshotBlock);
        return (r.number, r.openedAt);
    }

    /// @inheritdoc IEpochSettlement
    function roundTimeout() external view returns (uint32) {
        return _roundTimeout;
    }

    /// @inheritdoc IEpochSettlement
    function metagraph(uint16 netuid, uint256[] calldata columns) external view returns (Metagraph memory m) {
        MetagraphHeader storage h = _metagraphs[netuid];
        uint256 n = h.n;
        if (
            h.snapshotBlock != 0 &&
            (columns.length != _committedWords(n) || keccak256(abi.encodePacked(columns)) != h.columnsCommitment)
        ) revert SettlementBadColumns(netuid);
        m.snapshotBlock = h.snapshotBlock;
        if (m.snapshotBlock == 0) return m;
        uint256 cleared = _clearedUids[netuid];
        uint256 u16Words = _words(n, 16);
        m.consensus = _unpackU16(columns[:u16Words], n, cleared);
        m.incentive = _unpackU16(columns[u16Words:2 * u16Words], n, cleared);
        m.dividends = _unpackU16(columns[2 * u16Words:3 * u16Words], n, cleared);
        m.validatorTrust = _unpackU16(columns[3 * u16Words:4 * u16Words], n, cleared);
        m.stakeWeight = _unpackU16(columns[4 * u16Words:5 * u16Words], n, cleared);
        m.emission = _unpackU64(columns[5 * u16Words:], n, cleared);
        mapping(uint256 => uint256) storage words = _metagraphWords[netuid];
        uint256 base = _words(n, 32);
        (m.active, base) = _unpackBool(words, base, n);
        (m.validatorPermit, ) = _unpackBool(words, base, n);
        m.bondsCommitment = h.bondsCommitment;
        m.columnsCommitment = h.columnsCommitment;
    }

    /// @inheritdoc IEpochSettlement
    function columnsCommitment(uint16 netuid) external view returns (bytes32) {
        return _metagraphs[netuid].columnsCommitment;
    }

    /// @inheritdoc IEpochSettlement
    function validatorPermits(uint16 netuid) external view returns (bool[] memory permits) {
        uint256 n = _metagraphs[netuid].n;
        (permits, ) = _unpackBool(_metagraphWords[netuid], _permitsBase(n), n);
    }

    /// @inheritdoc IEpochSettlement
    /// @dev Reads the one bitmap word that holds `uid`, not the whole column.
    function hasValidatorPermit(uint16 netuid, uint16 uid) external view returns (bool) {
        uint256 n = _metagraphs[netuid].n;
        if (uid < n) {
            return (_metagraphWords[netuid][_permitsBase(n) + (uint256(uid) >> 8)] >> (uid & 255)) & 1 == 1;
        }
        return false;
    }

    /// @inheritdoc IEpochSettlement
    /// @dev A stored rank r reads as r when some UID had no emission (rank 0 is then emission 0), else r + 1,
    ///      so that a replaced UID (emission 0, `clear_neuron`) reads 0 and ranks below every other.
    function emissionRanks(uint16 netuid) external view returns (uint64[] memory ranks) {
        MetagraphHeader storage h = _metagraphs[netuid];
        uint256 n = h.n;
        uint256 shift = h.zeroEmission ? 0 : 1;
        uint256 cleared = _clearedUids[netuid];
        mapping(uint256 => uint256) storage words = _metagraphWords[netuid];
        ranks = new uint64[](n);
        uint256 word;
        for (uint256 i; i < n; ++i) {
            if (i & 31 == 0) word = words[i >> 5];
            if ((cleared >> i) & 1 == 0) ranks[i] = uint64(((word >> ((i & 31) << 3)) & 0xFF) + shift);
        }
    }

    /// @inheritdoc IEpochSettlement
    function bondsCommitment(uint16 netuid) external view returns (bytes32) {
        return _metagraphs[netuid].bondsCommitment;
    }

    /// @inheritdoc IEpochSettlement
    function isOracle(address node) external view returns (bool) {
        return _isOracle[node];
    }

    /// @inheritdoc IEpochSettlement
    function threshold() external view returns (uint8) {
        return _threshold;
    }

    /// @inheritdoc IEpochSettlement
    function oracleCount() external view returns (uint256) {
        return _oracleCount;
    }

    /* GOVERNANCE (restricted) */

    /// @inheritdoc IEpochSettlement
    /// @dev Removing nodes may leave the threshold above the node count: no report is accepted until
    ///      governance lowers the threshold or adds nodes (a compromised node can always be removed).
    function setOracle(address node, bool enabled) external restricted {
        if (_isOracle[node] != enabled) {
            _isOracle[node] = enabled;
            if (enabled) {
                ++_oracleCount;
            } else {
                --_oracleCount;
                // Every round key changes: what the removed node attested no longer counts.
                ++_committeeVersion;
            }
        }
        emit OracleSet(node, enabled);
    }

    /// @inheritdoc IEpochSettlement
    /// @dev Between 1 and the number of registered nodes, else SettlementInvalidThreshold.
    function setThreshold(uint8 newThreshold) external restricted {
        if (newThreshold == 0 || newThreshold > _oracleCount) revert SettlementInvalidThreshold(newThreshold);
        _threshold = newThreshold;
        emit ThresholdSet(newThreshold);
    }

    /// @inheritdoc IEpochSettlement
    function setRoundTimeout(uint32 blocks) external restricted {
        if (blocks == 0) revert SettlementInvalidRoundTimeout(blocks);
        _roundTimeout = blocks;
        emit RoundTimeoutSet(blocks);
    }

    /// @inheritdoc IEpochSettlement
    /// @dev docs/spec/chain.md §5.3 `replace_neuron` → `clear_neuron` and `set_active_for_uid(true)`, on the
    ///      packed words: the five u16 columns, the u64 emission, then active set and permit cleared. The
    ///      old hotkey's credit is staked first: subtensor had staked it at its epochs.
    function clearNeuron(uint16 netuid, uint16 uid, address oldHotkey) external restricted {
        uint256 owed = _takeCredit(netuid, uid);
        if (owed != 0) {
            IStaking.Payment[] memory items = new IStaking.Payment[](1);
            items[0] = IStaking.Payment(oldHotkey, registry.hotkeyOwner(oldHotkey), owed);
            staking.pay(netuid, items, new uint256[](0), 0, owed);
            emit StakeCreditClaimed(netuid, uid, oldHotkey, owed);
        }
        uint256 n = _metagraphs[netuid].n;
        if (uid < n) {
            mapping(uint256 => uint256) storage words = _metagraphWords[netuid];
            _clearedUids[netuid] |= 1 << uid;
            uint256 base = _words(n, 32);
            uint256 bit = 1 << (uid & 255);
            words[base + (uid >> 8)] |= bit;
            base += _words(n, 256);
            words[base + (uid >> 8)] &= ~bit;
            emit NeuronCleared(netuid, uid);
        }
    }

    /* PAYMENT */

    /// @dev Credits each miner's `serverEmission` to its UID, to be staked for the hotkey's owner coldkey;
    ///      the incentive of UIDs in `ownerOwned` (the owner hotkey, and hotkeys of the owner's coldkey, as
    ///      the report read them at the snapshot block) is withheld, never minted (docs/spec/chain.md §2.7.5).
    ///      Returns the incentive credited and the incentive withheld: together, Σ serverEmission.
    function _creditMiners(
        Credits memory credits,
        uint16 netuid,
        uint256[] calldata serverEmission,
        uint256 ownerOwned
    ) private returns (uint256 paid, uint256 withheld) {
        uint256 words = serverEmission.length;
        for (uint256 w; w < words; ++w) {
            uint256 word = serverEmission[w];
            if (word == 0) continue;
            uint256 owned = (ownerOwned >> (w << 2)) & 0xF;
            for (uint256 j; j < 4; ++j) {
                uint256 shift = j << 6;
                uint256 amount = (word >> shift) & LANE;
                if (amount == 0) continue;
                if ((owned >> j) & 1 == 1) {
                    emit MinerIncentiveBurned(netuid, uint16((w << 2) | j), amount);
                    word &= ~(LANE << shift);
                    withheld += amount;
                } else {
                    paid += amount;
                }
            }
            // The miners' credits come first: the word is still zero.
            credits.words[w] = word;
        }
        credits.total = paid;
    }

    /// @dev Credits the validator payouts' takes (docs/spec/chain.md §2.7 steps 6 and 7; computed by the oracle at
    ///      the snapshot block, oracle/chain/dividends.ts) to their UIDs and returns the α parts (pool + take)
    ///      and root parts (pool + take) they pay. Each entry is two words: the hotkey (bits 0-159) and UID
    ///      (bits 160-175), then four u64 lanes: α to the hotkey's pool, α take, root dividends to its root
    ///      stakers, root take. Staking adds the pool parts ({_pay}); {_payRootDividends} the root parts.
    function _creditValidators(
        Credits memory credits,
        uint16 netuid,
        uint256[] calldata entries,
        uint256 n
    ) private view returns (uint256 alphaPaid, uint256 rootPaid) {
        uint256 count = entries.length;
        uint256 next; // the lowest UID the next entry may have: UIDs ascend strictly
        for (uint256 i; i < count; i += 2) {
            uint256 uid = entries[i] >> 160;
            uint256 amounts = entries[i + 1];
            // One encoding per result: ascending UIDs below n (nothing above bit 175), no empty entry.
            // solhint-disable-next-line gas-strict-inequalities
            if (uid < next || uid >= n || amounts == 0) revert SettlementBadReport("validatorPayouts");
            next = uid + 1;
            // The report names each payout's hotkey (Staking pays its pool); it must be the UID's, which
            // cannot change while the epoch is pending (the registry refuses registrations then).
            if (registry.hotkeyAt(netuid, uint16(uid)) != address(uint160(entries[i]))) {
                revert SettlementBadReport("hotkey");
            }
            uint256 alphaTake = (amounts >> 64) & LANE;
            uint256 rootTake = amounts >> 192;
            alphaPaid += (amounts & LANE) + alphaTake;
            rootPaid += ((amounts >> 128) & LANE) + rootTake;
            if (alphaTake + rootTake != 0) _addCredit(credits, uid, alphaTake + rootTake);
        }
    }

    /// @dev The caps on the validators' parts: the α parts share V_eff (the validator bucket, plus the
    ///      server bucket when no miner earned), the root parts the root bucket, both capped so that together
    ///      they never exceed `room`, what the miners' emission left: a report whose miner emission
    ///      overshoots the server bucket by rounding must not make the settlement pay more than it drained.
    function _checkDividends(
        ICoinbase.PendingBuckets memory b,
        uint256 room,
        bool noMiners,
        uint256 alphaPaid,
        uint256 rootPaid
    ) private pure {
        uint256 rootBucket = Math.min(b.root, room);
        uint256 vEff = Math.min(b.validator + (noMiners ? b.server : 0), room - rootBucket);
        if (alphaPaid > vEff || rootPaid > rootBucket) revert SettlementBadReport("dividends");
    }

    /// @dev The root parts (lane 2) of the validator payouts, each to its hotkey's root stakers' claim
    ///      accumulator (docs/spec/chain.md §2.7 step 7). A hotkey that holds no root stake any more (it unstaked
    ///      since the snapshot) has nobody to pay: its part is returned, to be recycled.
    function _payRootDividends(uint16 netuid, uint256[] calldata entries) private returns (uint256 unpaid) {
        uint256 count = entries.length;
        for (uint256 i; i < count; i += 2) {
            uint256 rootPool = (entries[i + 1] >> 128) & LANE;
            if (rootPool == 0) continue;
            address hotkey = address(uint160(entries[i]));
            if (staking.totalHotkeyAlpha(hotkey, ROOT_NETUID) == 0) unpaid += rootPool;
            else staking.creditRootDividends(hotkey, netuid, rootPool);
        }
    }

    /// @dev Adds `alpha` to the epoch's credit of `uid` (its lane of `credits`; an epoch's lane stays below
    ///      its raoEmission < 2^64, so it never carries into the next).
    function _addCredit(Credits memory credits, uint256 uid, uint256 alpha) private pure {
        credits.words[uid >> 2] += alpha << ((uid & 3) << 6);
        credits.total += alpha;
    }

    /// @dev Adds the credits to the ledger, then Staking applies the owner cut (staked to the owner hotkey,
    ///      §2.7 step 4) and the pool rewards, and mints their α with the credits' (held there).
    function _pay(
        uint16 netuid,
        ISubnetRegistry.SubnetInfo memory info,
        uint256 ownerCut,
        uint256[] calldata poolRewards,
        Credits memory credits
    ) private {
        uint256 credited = credits.total;
        if (credited != 0) {
            mapping(uint256 => uint256) storage ledger = _credited[netuid];
            uint256[] memory words = credits.words;
            uint256 count = words.length;
            for (uint256 w; w < count; ++w) {
                // Lane-wise addition: no lane carries (see `_credited`).
                if (words[w] != 0) ledger[w] += words[w];
            }
        }
        if (ownerCut == 0 && poolRewards.length == 0 && credited == 0) return;
        IStaking.Payment[] memory owner = new IStaking.Payment[](ownerCut == 0 ? 0 : 1);
        if (ownerCut != 0) owner[0] = IStaking.Payment(info.ownerHotkey, info.owner, ownerCut);
        staking.pay(netuid, owner, poolRewards, credited, 0);
    }

    /* STAKE CREDITS */

    /// @dev Marks `uid`'s whole credit claimed and returns it.
    function _takeCredit(uint16 netuid, uint256 uid) private returns (uint256 owed) {
        uint256 index = uid >> 2;
        uint256 shift = (uid & 3) << 6;
        uint256 credited = (_credited[netuid][index] >> shift) & LANE;
        uint256 claimedWord = _claimed[netuid][index];
        uint256 claimed = (claimedWord >> shift) & LANE;
        if (credited == claimed) return 0;
        _claimed[netuid][index] = (claimedWord & ~(LANE << shift)) | (credited << shift);
        return credited - claimed;
    }

    /// @dev `uid`'s credit not yet claimed.
    function _owed(uint16 netuid, uint256 uid) private view returns (uint256) {
        uint256 index = uid >> 2;
        uint256 shift = (uid & 3) << 6;
        return ((_credited[netuid][index] >> shift) & LANE) - ((_claimed[netuid][index] >> shift) & LANE);
    }

    /* METAGRAPH STORAGE */

    /// @dev Commits to the report's u16 proportions and emissions, published in {MetagraphColumns}, and
    ///      stores its emission-rank and flag words as they come (the report's layout is the storage's): only
    ///      what the chain's rules read is kept in storage (emission order for pruning, permits for weights).
    function _storeMetagraph(EpochReport calldata r, uint16 n) private {
        uint256[] calldata m = r.metagraph;
        uint256 committed = _committedWords(n);
        uint256[] calldata columns = m[:committed];
        MetagraphHeader storage h = _metagraphs[r.netuid];
        h.snapshotBlock = r.snapshotBlock;
        h.n = n;
        h.zeroEmission = _hasZeroLane(m[committed - _words(n, 4):committed], n);
        h.bondsCommitment = r.bondsCommitment;
        h.columnsCommitment = keccak256(abi.encodePacked(columns));
        emit MetagraphColumns(r.netuid, r.snapshotBlock, columns);
        if (_clearedUids[r.netuid] != 0) delete _clearedUids[r.netuid];
        mapping(uint256 => uint256) storage words = _metagraphWords[r.netuid];
        uint256 count = m.length - committed;
        for (uint256 w; w < count; ++w) words[w] = m[committed + w];
    }

    /// @dev Whether any of the first `n` u64 lanes of `lanes` is zero.
    function _hasZeroLane(uint256[] calldata lanes, uint256 n) private pure returns (bool) {
        for (uint256 i; i < n; ++i) {
            if ((lanes[i >> 2] >> ((i & 3) << 6)) & LANE == 0) return true;
        }
        return false;
    }

    /// @dev A u16 column of `n` entries from its packed words, with the entries of `cleared` UIDs zero.
    function _unpackU16(
        uint256[] calldata words,
        uint256 n,
        uint256 cleared
    ) private pure returns (uint16[] memory values) {
        values = new uint16[](n);
        uint256 word;
        for (uint256 i; i < n; ++i) {
            if (i & 15 == 0) word = words[i >> 4];
            if ((cleared >> i) & 1 == 0) values[i] = uint16(word >> ((i & 15) << 4));
        }
    }

    /// @dev A u64 column of `n` entries from its packed words, with the entries of `cleared` UIDs zero.
    function _unpackU64(
        uint256[] calldata words,
        uint256 n,
        uint256 cleared
    ) private pure returns (uint64[] memory values) {
        values = new uint64[](n);
        uint256 word;
        for (uint256 i; i < n; ++i) {
            if (i & 3 == 0) word = words[i >> 2];
            if ((cleared >> i) & 1 == 0) values[i] = uint64(word >> ((i & 3) << 6));
        }
    }

    function _unpackBool(
        mapping(uint256 => uint256) storage words,
        uint256 base,
        uint256 n
    ) private view returns (bool[] memory values, uint256 next) {
        values = new bool[](n);
        uint256 word;
        for (uint256 i; i < n; ++i) {
            if (i & 255 == 0) word = words[base + (i >> 8)];
            values[i] = (word >> (i & 255)) & 1 == 1;
        }
        next = base + _words(n, 256);
    }

    /* ROUNDS */

    /// @dev The epoch's current round and its key: the key names the round and the committee version, so
    ///      that attestations of an earlier round, or made before an oracle was removed, do not count.
    function _currentRound(uint16 netuid, uint64 snapshotBlock) private view returns (bytes32 key, EpochRound memory r) {
        r = _rounds[netuid][snapshotBlock];
        if (r.number == 0) r.openedAt = snapshotBlock;
        key = _roundKey(netuid, snapshotBlock, r.number);
    }

    /// @dev Opens round `number` of the epoch now and returns its key.
    function _openRound(uint16 netuid, uint64 snapshotBlock, uint32 number) private returns (bytes32) {
        _rounds[netuid][snapshotBlock] = EpochRound(number, uint64(block.number));
        emit RoundOpened(netuid, snapshotBlock, number);
        return _roundKey(netuid, snapshotBlock, number);
    }

    function _roundKey(uint16 netuid, uint64 snapshotBlock, uint32 number) private view returns (bytes32) {
        return keccak256(abi.encode(netuid, snapshotBlock, number, _committeeVersion));
    }

    /* INTERNAL */

    /// @dev Every packed column has the words `n` UIDs take (SettlementBadReport("length")), its lanes past
    ///      `n` are zero ("padding") and so are the owner-owned bits ("ownerOwnedUids"): one result, one
    ///      encoding, one hash.
    function _checkShape(EpochReport calldata r, uint256 n) private pure {
        uint256 u16Words = _words(n, 16);
        uint256 u64Words = _words(n, 4);
        uint256 rankWords = _words(n, 32);
        uint256 flagWords = _words(n, 256);
        uint256[] calldata m = r.metagraph;
        if (
            m.length != 5 * u16Words + u64Words + rankWords + 2 * flagWords ||
            r.serverEmission.length != u64Words ||
            r.validatorPayouts.length % 2 != 0
        ) revert SettlementBadReport("length");
        if (n == 0) return;
        uint256 padding;
        for (uint256 column = 1; column < 6; ++column) padding |= _padding(m, column * u16Words, n, 16);
        uint256 end = 5 * u16Words + u64Words;
        padding |= _padding(m, end, n, 64);
        end += rankWords;
        padding |= _padding(m, end, n, 8);
        padding |= _padding(m, end + flagWords, n, 1) | _padding(m, end + 2 * flagWords, n, 1);
        padding |= _padding(r.serverEmission, u64Words, n, 64);
        if (padding != 0) revert SettlementBadReport("padding");
        if (r.ownerOwnedUids >> n != 0) revert SettlementBadReport("ownerOwnedUids");
    }

    /// @dev The lanes past `n` of the column of `bits`-bit lanes whose last word is `words[end - 1]`.
    function _padding(uint256[] calldata words, uint256 end, uint256 n, uint256 bits) private pure returns (uint256) {
        uint256 used = (n % (256 / bits)) * bits;
        return used == 0 ? 0 : words[end - 1] >> used;
    }

    /// @dev The first stored word of the validator-permit bitmap in a metagraph of `n` UIDs: after the u8
    ///      emission ranks and the `active` bitmap.
    function _permitsBase(uint256 n) private pure returns (uint256) {
        return _words(n, 32) + _words(n, 256);
    }

    /// @dev The report's metagraph words committed to, not stored: the five u16 columns and the u64 emissions.
    function _committedWords(uint256 n) private pure returns (uint256) {
        return 5 * _words(n, 16) + _words(n, 4);
    }

    /// @dev Words needed for `n` entries at `perWord` per word.
    function _words(uint256 n, uint256 perWord) private pure returns (uint256) {
        return (n + perWord - 1) / perWord;
    }
}
