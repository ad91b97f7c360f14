// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IAlphaToken} from "../interfaces/IAlphaToken.sol";
import {ICoinbase} from "../interfaces/ICoinbase.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {ITao} from "../interfaces/ITao.sol";
import {EmissionShares} from "../libraries/EmissionShares.sol";
import {NetuidList} from "../libraries/NetuidList.sol";
import {SubnetAccrual} from "../libraries/SubnetAccrual.sol";

/// @title Coinbase
/// @notice Block emission, accrued lazily one subnet at a time (docs/architecture.md principle 4): TAO shared
///         among the subnets by EMA price (docs/spec/chain.md §1, §2.2), injected into each pool up to the
///         root-proportion cap with the rest bought back (§2.4), each subnet's α split into its pending
///         buckets (§2.5), each subnet's EMA price (§2.3), and the epoch schedule (§2.6).
/// @dev `accrueSubnet(netuid)` brings one subnet up to the current block at a cost that does not depend on
///      the number of subnets; every state-changing entry point of the protocol calls it for the subnets it
///      touches. `accrue()` is the keeper's call: it accrues every subnet.
///      1. TAO shares ({EmissionShares}): each block's E = blockEmission(TAO issuance) is shared by the
///         weights W_i = p̄_i · (2^32 - min(2^32, MinerBurned_i)) (p̄ the EMA price in 1e18, MinerBurned in
///         units of 2^-32), or W_i = p̄_i when every W_i is 0, and W_i = 0 for a subnet whose TAO emission
///         is disabled (§2.1). A global accumulator counts the TAO one unit of weight earned; a subnet
///         collects W_i times its growth since its last accrual. Its weight only changes when it accrues
///         (its EMA price moves) or is accrued first (MinerBurned, the switch), so the collection is exact
///         for the weights the chain holds. The TAO issuance counts the credits as they are earned (in
///         2^-128 rao: `_taoOwed` holds what is earned and not yet minted), so halvings are crossed at the
///         block the per-block rule crosses them; a subnet keeps the fraction of a rao it was not paid.
///      2. α ({SubnetAccrual-alphaBuckets}), up to the subnet's due block (`lastEpochBlock + tempo`, or the
///         block of a late drain) and no further until that epoch is drained: A = blockEmission(α issuance),
///         the issuance being the α token's supply + the pending buckets + `unminted` (α subtensor counts
///         in SubnetAlphaOut that no token holds: the split's fractions and the α left undistributed at an
///         epoch). The split is subtensor's U96F32 arithmetic; root's part goes to its bucket while the root
///         sell flag (Σ EMA prices > 1) is set and is recycled (never minted) otherwise.
///      3. Injection ({SubnetAccrual-inject}): alphaIn = floor(E_i · x / y) capped at floor(rp · A), the
///         rest of E_i buys α fee-free (protocol α). A buy into a pool below `MinimumReserve` is not made and
///         its TAO is not minted.
///      4. EMA price ({SubnetAccrual-movedPrice}) after the injection, for every started subnet, disabled
///         ones too.
///
///      What a lazy range changes against the block-by-block rules (test/invariants/coinbase.reference.test.ts
///      compares the two; a subnet accrued every block is exact):
///      - TAO shares: the EMA prices move every block, and a subnet's stored price moves when it accrues.
///        A range is shared by the prices stored at its start. This is the one rule that cannot be exact at
///        constant cost: a block's shares depend on every subnet's price in that block.
///      - rp (cap and split) uses τ·R and the root sell flag (as its block started) at the subnet's previous accrual,
///        and the issuance of each chunk's middle block (a range is cut into up to 8 chunks). So an epoch's
///        drained buckets depend only on the state at its due block, whenever it is drained; with
///        per-block inputs an oracle report read at the due block could stop matching the drain. rp is
///        evaluated from the issuance a block starts from (subtensor's split recounts the block's alpha_in
///        and alpha_out first: a relative difference of about A / issuance).
///      - A range's injection is one swap at the range's price, and its EMA moves once by
///        (1 - a_m)^n toward the spot after it (a_m the rate at the middle block).
///      Fixed point: subtensor keeps p̄ in I96F32; we keep it in 1e18 and the shares in exact integer
///      arithmetic. Order inside a block: subtensor swaps the chain buy before the injection is added (the
///      weighted pool's weights shift); our pool keeps 0.5/0.5 weights and injects first
///      (docs/spec/chain.md §3.4). EMAPriceHalvingBlocks lives here, per subnet, set by governance. New
///      subnets have TAO emission enabled (subtensor: disabled since 2026-06-23).
contract Coinbase is AccessManaged, ICoinbase {
    using SafeCast for uint256;

    /* TYPES */

    /// @dev Per-subnet state, eight slots, grouped by what an accrual reads and writes together rather than
    ///      packed tightest. Block numbers fit 48 bits for millions of years; buckets and `unminted` hold at
    ///      most the α the schedule ever emits (under 21e15 < 2^64; toUint64 checks).
    // solhint-disable-next-line gas-struct-packing
    struct SubnetState {
        IAlphaToken alpha;
        uint64 lastEpochBlock;
        bool started;
        bool emissionDisabled; // the negation of subtensor's SubnetEmissionEnabled: enabled by default
        bool emaHalvingSet; // governance set emaHalvingBlocks (possibly before the start): keep it at the start
        uint64 lastAlphaBlock; // α is accrued up to and including this block
        uint64 epochsSettled;
        uint64 server;
        uint64 validator;
        uint64 ownerCut;
        uint64 root;
        uint64 movingPrice; // 1e18 fixed point, at most 1e18
        uint64 drainedAt; // block of the last drain: the next due block is never before it
        uint64 minerBurned; // U96F32 bits, at most MINER_BURNED_ONE
        uint64 startBlock; // the block of startCall (subtensor FirstEmissionBlockNumber - 1)
        uint64 emaHalvingBlocks;
        uint16 tempo; // the registry's tempo, pushed on every change (setTempo)
        uint48 lastStepBlock; // the last settled epoch's snapshot block (LastMechansimStepBlock), 0 before
        uint64 lastTaoBlock; // TAO and the EMA price are accrued up to and including this block
        uint64 unminted; // α in the issuance that no token holds (see the contract's notes)
        uint128 taoRemainder; // the fraction of a rao earned and not paid, in 2^-128 rao
        uint128 rootBits; // τ·R in U96F32 bits at the previous accrual
        bool sell; // the root sell flag at the previous accrual
        uint256 taoPerWeightPaid; // `_taoPerWeight` at the previous accrual
        uint256 taoPerPricePaid; // `_taoPerPrice` at the previous accrual
    }

    /// @dev One subnet's accrual, as `_plan` computes it before anything is written (memory only).
    // solhint-disable-next-line gas-struct-packing
    struct Plan {
        PendingBuckets buckets; // after the range's α
        uint256 alphaBlock; // α accrued up to this block
        uint256 unminted;
        uint256 tao; // the range's TAO share, in rao
        uint128 remainder;
        uint256 taoIn;
        uint256 alphaIn;
        uint256 buy; // the chain buy's TAO (0 if not made)
        uint64 movingPrice; // after the range
    }

    /* CONSTANTS */

    /// @notice subtensor `SubnetOwnerCut` default, out of 65_535 (≈ 18%).
    uint256 public constant OWNER_CUT = SubnetAccrual.OWNER_CUT;

    /// @notice `SubnetMovingAlpha` until governance sets it: 3e-6 in 1e18 fixed point (docs/spec/chain.md §7.2).
    uint64 public constant DEFAULT_MOVING_ALPHA = 3e12;

    /// @notice `EMAPriceHalvingBlocks` of a new subnet (subtensor's default, 4 weeks; docs/spec/chain.md §7.1).
    uint64 public constant DEFAULT_EMA_HALVING_BLOCKS = 201_600;

    /// @dev 1.0 in the 1e18 fixed point of EMA prices and SubnetMovingAlpha.
    uint256 private constant WAD = 1e18;

    /// @dev MinerBurned = 1 (all incentive withheld): 1.0 in U96F32, subtensor's type for it (§2.2).
    uint256 private constant MINER_BURNED_ONE = 1 << 32;

    /* IMMUTABLES */

    /// @notice TAO; this contract holds its mint role.
    ITao public immutable tao;
    /// @notice Source of each subnet's tempo.
    ISubnetRegistry public immutable registry;
    /// @notice Holds the pools; receives the minted TAO and the injections.
    IStaking public immutable staking;

    /* STORAGE */

    /// @dev Started subnets, in start order.
    uint16[] private _netuids;
    mapping(uint16 netuid => SubnetState) private _subnets;
    /// @dev The TAO shares are accrued up to and including this block.
    uint64 private _lastAccrualBlock;
    /// @dev TAO earned by the subnets and not yet minted, in 2^-128 rao (at most 21e15 · 2^128 < 2^192).
    uint192 private _taoOwed;
    /// @dev Σ p̄ over the started subnets, and over those with TAO emission enabled.
    uint128 private _priceSum;
    uint128 private _enabledPriceSum;
    /// @dev Σ W over the started subnets, and over the enabled ones (W = p̄ · (2^32 - MinerBurned) < 2^92).
    uint128 private _weightSum;
    uint128 private _enabledWeightSum;
    /// @dev TAO one unit of weight has earned since deployment, in 2^-128 rao: by W (`_taoPerWeight`), and
    ///      by p̄ in the blocks where every W is 0 (`_taoPerPrice`).
    uint256 private _taoPerWeight;
    uint256 private _taoPerPrice;
    /// @inheritdoc ICoinbase
    uint64 public subnetMovingAlpha = DEFAULT_MOVING_ALPHA;
    /// @dev The root sell flag as this block started (Σ p̄ > 1 before any accrual of the block).
    bool private _blockSell;

    /* CONSTRUCTOR */

    /// @notice Deploys the Coinbase; TAO accrual starts at this block (no subnet yet, so nothing is minted).
    /// @param authority The protocol AccessManager (grants `addSubnet` to the registry, `drain` to the settlement).
    /// @param tao_ TAO token.
    /// @param registry_ Subnet registry (tempo).
    /// @param staking_ Staking (pools, α tokens).
    constructor(address authority, ITao tao_, ISubnetRegistry registry_, IStaking staking_) AccessManaged(authority) {
        tao = tao_;
        registry = registry_;
        staking = staking_;
        _lastAccrualBlock = block.number.toUint64();
    }

    /* ACCRUAL */

    /// @inheritdoc ICoinbase
    function accrue() public {
        _advance();
        uint256 count = _netuids.length;
        for (uint256 i; i < count; ++i) _accrueSubnet(_netuids[i]);
    }

    /// @inheritdoc ICoinbase
    function accrueSubnet(uint16 netuid) public {
        _advance();
        if (_subnets[netuid].started) _accrueSubnet(netuid);
    }

    /* VIEWS */

    /// @inheritdoc ICoinbase
    function pending(uint16 netuid) external view returns (PendingBuckets memory p) {
        SubnetState storage s = _subnet(netuid);
        (p, , ) = _accruedAlpha(s, _issuance(s));
    }

    /// @inheritdoc ICoinbase
    /// @dev Token supply + pending buckets + unminted α, plus the α that `accrueSubnet` would inject now.
    function alphaIssuance(uint16 netuid) external view returns (uint256) {
        SubnetState storage s = _subnet(netuid);
        // Accrued in this block already (the strict form adds a subtraction and saves nothing).
        // solhint-disable-next-line gas-strict-inequalities
        if (s.lastTaoBlock >= block.number) return _issuance(s);
        (uint256 perWeight, uint256 perPrice) = _accumulators();
        Plan memory plan = _plan(netuid, s, perWeight, perPrice);
        return s.alpha.totalSupply() + _sum(plan.buckets) + plan.unminted + plan.alphaIn;
    }

    /// @inheritdoc ICoinbase
    /// @dev The stored value: after the subnet's last accrual; 0 for a subnet that has not started
    ///      (docs/spec/chain.md §2.3: the EMA starts at 0), as the dissolution ranking reads it.
    function movingPrice(uint16 netuid) external view returns (uint64) {
        return _subnets[netuid].movingPrice;
    }

    /// @inheritdoc ICoinbase
    function emaPriceHalvingBlocks(uint16 netuid) external view returns (uint64) {
        SubnetState storage s = _subnets[netuid];
        return s.started || s.emaHalvingSet ? s.emaHalvingBlocks : DEFAULT_EMA_HALVING_BLOCKS;
    }

    /// @inheritdoc ICoinbase
    function lastEpochBlock(uint16 netuid) external view returns (uint64) {
        return _subnet(netuid).lastEpochBlock;
    }

    /// @inheritdoc ICoinbase
    function lastStepBlock(uint16 netuid) external view returns (uint64) {
        return _subnet(netuid).lastStepBlock;
    }

    /// @inheritdoc ICoinbase
    function epochsSettled(uint16 netuid) external view returns (uint64) {
        return _subnet(netuid).epochsSettled;
    }

    /// @inheritdoc ICoinbase
    /// @dev A tempo of 0 means the epoch never runs (subtensor `should_run_epoch` needs tempo > 0):
    ///      the due block is then `type(uint64).max` and α accrues without a stop.
    function dueBlock(uint16 netuid) public view returns (uint64) {
        return _dueBlock(_subnet(netuid));
    }

    /// @inheritdoc ICoinbase
    function isDue(uint16 netuid) external view returns (bool) {
        // Due from the due block on (inclusive).
        // solhint-disable-next-line gas-strict-inequalities
        return block.number >= dueBlock(netuid);
    }

    /// @inheritdoc ICoinbase
    function minerBurned(uint16 netuid) external view returns (uint64) {
        return _subnet(netuid).minerBurned;
    }

    /// @inheritdoc ICoinbase
    function subnetEmissionEnabled(uint16 netuid) external view returns (bool) {
        return !_subnets[netuid].emissionDisabled;
    }

    /// @inheritdoc ICoinbase
    function unmintedAlpha(uint16 netuid) external view returns (uint256) {
        return _subnets[netuid].unminted;
    }

    /* PROTOCOL (restricted) */

    /// @inheritdoc ICoinbase
    /// @dev The subnet takes part in no block up to this one: its TAO share and its α start at the next
    ///      block (subtensor `FirstEmissionBlockNumber`, emitted as `firstEmissionBlock`). Its EMA price
    ///      starts at 0 (§2.3), so it adds no weight yet. Its first epoch is due `tempo` blocks after this
    ///      block. Reverts with CoinbaseUnknownSubnet if Staking has no α token (no pool) for `netuid`.
    function addSubnet(uint16 netuid) external restricted {
        SubnetState storage s = _subnets[netuid];
        if (s.started) revert CoinbaseSubnetExists(netuid);
        IAlphaToken alpha = staking.alphaToken(netuid);
        if (address(alpha) == address(0)) revert CoinbaseUnknownSubnet(netuid);
        _advance();

        uint64 start = uint64(block.number);
        s.alpha = alpha;
        s.lastEpochBlock = start;
        s.started = true;
        s.lastAlphaBlock = start;
        s.lastTaoBlock = start;
        s.startBlock = start;
        s.tempo = registry.hyperparameters(netuid).tempo;
        if (!s.emaHalvingSet) s.emaHalvingBlocks = DEFAULT_EMA_HALVING_BLOCKS;
        s.taoPerWeightPaid = _taoPerWeight;
        s.taoPerPricePaid = _taoPerPrice;
        _snapshotRoot(s);
        _netuids.push(netuid);
        emit SubnetAdded(netuid, start + 1);
    }

    /// @inheritdoc ICoinbase
    /// @dev Accrues the subnet first, so it takes part in every block up to this one and in none after; the
    ///      fraction of a rao it was owed leaves the issuance with it.
    function removeSubnet(uint16 netuid) external restricted {
        SubnetState storage s = _subnets[netuid];
        if (!s.started) return;
        accrueSubnet(netuid);
        uint256 dropped = _sum(_buckets(s));
        _weigh(s, false);
        _taoOwed -= s.taoRemainder;
        NetuidList.removeOrdered(_netuids, netuid);
        delete _subnets[netuid];
        emit SubnetRemoved(netuid, dropped);
    }

    /// @inheritdoc ICoinbase
    /// @dev The registry accrues the subnet first, so the blocks already accrued keep the old cycle. Only a
    ///      change resets the cycle (subtensor's `set_tempo` resets it even for the same value). α accrued so
    ///      far stays pending for the next epoch. The registry refuses the change while an epoch is due and
    ///      unsettled, so an attested snapshot never moves. Before `startCall` it does nothing: addSubnet
    ///      reads the tempo then.
    function setTempo(uint16 netuid, uint16 tempo) external restricted {
        SubnetState storage s = _subnets[netuid];
        if (!s.started || s.tempo == tempo) return;
        accrueSubnet(netuid);
        s.tempo = tempo;
        s.lastEpochBlock = uint64(block.number);
        emit EpochCycleReset(netuid, tempo, _dueBlock(s));
    }

    /// @inheritdoc ICoinbase
    /// @dev α accrual resumes after `snapshotBlock`: the blocks between the snapshot and now belong to the
    ///      next epoch and are accrued here at once, from the issuance that still counts the drained α (the
    ///      settlement mints it next). A late drain (after the next epoch's due block) moves that due block
    ///      to this one: an epoch's snapshot must be a state that already holds the previous settlement.
    function drain(uint16 netuid, uint64 snapshotBlock) external restricted returns (PendingBuckets memory p) {
        SubnetState storage s = _subnet(netuid);
        accrueSubnet(netuid);
        uint64 due = _dueBlock(s);
        if (snapshotBlock != due) revert CoinbaseWrongSnapshot(netuid, snapshotBlock, due);
        if (block.number < due) revert CoinbaseEpochNotDue(netuid, due);

        p = _buckets(s);
        uint256 issuance = _issuance(s);
        s.server = 0;
        s.validator = 0;
        s.ownerCut = 0;
        s.root = 0;
        s.lastEpochBlock = snapshotBlock;
        s.lastStepBlock = uint48(snapshotBlock);
        s.drainedAt = uint64(block.number);
        ++s.epochsSettled;
        (PendingBuckets memory next, uint256 alphaBlock, uint256 unminted) = _accruedAlpha(s, issuance);
        _storeAlpha(s, next, alphaBlock, unminted);
        emit PendingDrained(netuid, snapshotBlock, p);
    }

    /// @inheritdoc ICoinbase
    /// @dev docs/spec/chain.md §2.7.5: subtensor stores withheld / total as a U96F32 after every distribution,
    ///      i.e. floor(withheld · 2^32 / total), and 0 when no miner earned. The settlement calls this after
    ///      its drain, which accrued this block: the new weight applies from the next block.
    function recordMinerBurned(uint16 netuid, uint256 withheld, uint256 total) external restricted {
        SubnetState storage s = _subnet(netuid);
        if (withheld > total) revert CoinbaseWithheldAboveTotal(withheld, total);
        accrueSubnet(netuid);
        uint64 value = total == 0 ? 0 : uint64((withheld * MINER_BURNED_ONE) / total);
        if (value == s.minerBurned) return;
        _weigh(s, false);
        s.minerBurned = value;
        _weigh(s, true);
        emit MinerBurnedSet(netuid, value);
    }

    /// @inheritdoc ICoinbase
    /// @dev subtensor mints an epoch's α when it is emitted, so what its distribution leaves to nobody (α
    ///      withheld from the owner's hotkeys, burned by the default RecycleOrBurn, and dividends nobody can
    ///      take) stays in SubnetAlphaOut. The settlement mints only what it pays, so the rest is counted here.
    function recordUndistributed(uint16 netuid, uint256 alpha) external restricted {
        SubnetState storage s = _subnet(netuid);
        if (alpha == 0) return;
        s.unminted = (s.unminted + alpha).toUint64();
        emit UndistributedRecorded(netuid, alpha);
    }

    /* GOVERNANCE (restricted) */

    /// @inheritdoc ICoinbase
    /// @dev docs/spec/chain.md §2.1. Unlike subtensor (disabled at registration since 2026-06-23) a subnet
    ///      starts enabled; governance may switch it off before its start. Accrues the subnet first: every
    ///      block up to this one keeps the old setting.
    function setSubnetEmissionEnabled(uint16 netuid, bool enabled) external restricted {
        SubnetState storage s = _subnets[netuid];
        if (!s.started && address(staking.alphaToken(netuid)) == address(0)) revert CoinbaseUnknownSubnet(netuid);
        accrueSubnet(netuid);
        bool weighed = s.started && s.emissionDisabled == enabled; // a change of a started subnet's weight
        if (weighed) _weigh(s, false);
        s.emissionDisabled = !enabled;
        if (weighed) _weigh(s, true);
        emit SubnetEmissionEnabledSet(netuid, enabled);
    }

    /// @inheritdoc ICoinbase
    /// @dev docs/spec/chain.md §2.3, §7.2 (root-only `SubnetMovingAlpha`). Nothing is accrued first: that would
    ///      cost a call per subnet (over the transaction gas cap at ~150 subnets), and a governance change must
    ///      always fit one. So a subnet's range that spans the change moves its EMA at the new rate throughout
    ///      (a keeper's `accrue()` in the same block first keeps the old rate for the blocks before).
    function setSubnetMovingAlpha(uint64 alpha) external restricted {
        if (alpha > WAD) revert CoinbaseMovingAlphaAboveOne(alpha);
        subnetMovingAlpha = alpha;
        emit SubnetMovingAlphaSet(alpha);
    }

    /// @inheritdoc ICoinbase
    /// @dev docs/spec/chain.md §2.3, §7.1 (root-only `EMAPriceHalvingBlocks`). Accrues the subnet first. Like
    ///      {setSubnetEmissionEnabled} it takes a registered subnet before its start too: the value set is
    ///      kept at the start.
    function setEmaPriceHalvingBlocks(uint16 netuid, uint64 blocks) external restricted {
        SubnetState storage s = _subnets[netuid];
        if (!s.started && address(staking.alphaToken(netuid)) == address(0)) revert CoinbaseUnknownSubnet(netuid);
        accrueSubnet(netuid);
        s.emaHalvingBlocks = blocks;
        s.emaHalvingSet = true;
        emit EmaPriceHalvingBlocksSet(netuid, blocks);
    }

    /* ACCRUAL (internal) */

    /// @dev Brings the TAO shares up to this block: the accumulators grow by what a unit of weight earned
    ///      over the blocks since the last advance, under the weights the subnets hold (constant since then:
    ///      a weight changes only after an advance in its block).
    function _advance() private {
        uint256 from = _lastAccrualBlock;
        // solhint-disable-next-line gas-strict-inequalities
        if (from >= block.number) return;
        (uint256 perWeight, uint256 perPrice, uint256 owed) = _grown(from);
        bool sell = _priceSum > WAD;
        if (sell != _blockSell) _blockSell = sell;
        _lastAccrualBlock = uint64(block.number);
        _taoOwed = uint192(owed);
        if (perWeight != _taoPerWeight) _taoPerWeight = perWeight;
        if (perPrice != _taoPerPrice) _taoPerPrice = perPrice;
    }

    /// @dev The accumulators and `_taoOwed` as {_advance} would leave them, from `from` (the last advance).
    function _grown(uint256 from) private view returns (uint256 perWeight, uint256 perPrice, uint256 owed) {
        perWeight = _taoPerWeight;
        perPrice = _taoPerPrice;
        owed = _taoOwed;
        bool byPrice = _weightSum == 0;
        uint256 total = byPrice ? _enabledPriceSum : _enabledWeightSum;
        if (total == 0) return (perWeight, perPrice, owed); // no TAO read: nothing is shared
        uint256 supply = tao.totalSupply() << 128;
        (uint256 earned, uint256 fine) = EmissionShares.grow(supply + owed, total, block.number - from);
        owed = fine - supply;
        if (byPrice) perPrice += earned;
        else perWeight += earned;
    }

    /// @dev The accumulators as of this block, for views.
    function _accumulators() private view returns (uint256 perWeight, uint256 perPrice) {
        uint256 from = _lastAccrualBlock;
        // solhint-disable-next-line gas-strict-inequalities
        if (from >= block.number) return (_taoPerWeight, _taoPerPrice);
        (perWeight, perPrice, ) = _grown(from);
    }

    /// @dev One subnet's accrual up to this block, after {_advance}: its α, its TAO share, the injection and
    ///      the chain buy, its EMA price and weight, and its root inputs for the next range.
    function _accrueSubnet(uint16 netuid) private {
        SubnetState storage s = _subnets[netuid];
        uint256 from = s.lastTaoBlock;
        // solhint-disable-next-line gas-strict-inequalities
        if (from >= block.number) return;
        Plan memory plan = _plan(netuid, s, _taoPerWeight, _taoPerPrice);

        _storeAlpha(s, plan.buckets, plan.alphaBlock, plan.unminted);
        s.lastTaoBlock = uint64(block.number);
        s.taoRemainder = plan.remainder;
        s.taoPerWeightPaid = _taoPerWeight;
        s.taoPerPricePaid = _taoPerPrice;
        if (plan.tao != 0) _taoOwed -= uint192(plan.tao << 128);
        _reprice(s, plan.movingPrice);
        _snapshotRoot(s);
        emit SubnetAccrued(
            netuid,
            uint64(from + 1),
            uint64(block.number),
            plan.tao,
            plan.taoIn,
            plan.alphaIn,
            plan.buy,
            plan.movingPrice
        );

        uint256 minted = plan.taoIn + plan.buy;
        if (minted == 0) return;
        tao.mint(address(staking), minted);
        if (plan.taoIn != 0 || plan.alphaIn != 0) staking.inject(netuid, plan.taoIn, plan.alphaIn);
        if (plan.buy != 0) staking.protocolBuy(netuid, plan.buy);
    }

    /// @dev Everything `_accrueSubnet` does for the range (`lastTaoBlock`, block.number], from the current
    ///      state and the accumulators `perWeight`, `perPrice`, without writing it.
    function _plan(
        uint16 netuid,
        SubnetState storage s,
        uint256 perWeight,
        uint256 perPrice
    ) private view returns (Plan memory plan) {
        uint256 issuance = _issuance(s);
        (plan.buckets, plan.alphaBlock, plan.unminted) = _accruedAlpha(s, issuance);

        uint256 credit = s.taoRemainder;
        if (!s.emissionDisabled) {
            credit += _weight(s, s.movingPrice) * (perWeight - s.taoPerWeightPaid) + s.movingPrice * (perPrice - s.taoPerPricePaid);
        }
        plan.tao = credit >> 128;
        plan.remainder = uint128(credit);

        uint256 blocks = block.number - s.lastTaoBlock;
        (uint256 y, uint256 x) = staking.pool(netuid);
        if (plan.tao != 0) {
            uint256 cap = SubnetAccrual.injectionCap(issuance, blocks, s.rootBits);
            uint256 bought;
            (plan.taoIn, plan.alphaIn, plan.buy, bought) = SubnetAccrual.inject(plan.tao, y, x, cap);
            y += plan.taoIn + plan.buy;
            x = x + plan.alphaIn - bought;
        }
        plan.movingPrice = SubnetAccrual.movedPrice(
            s.movingPrice,
            SubnetAccrual.cappedSpot(y, x),
            s.lastTaoBlock + 1 - s.startBlock,
            blocks,
            subnetMovingAlpha,
            s.emaHalvingBlocks
        );
    }

    /// @dev The subnet's buckets, α block and unminted α after accruing its α from `issuance` up to
    ///      min(this block, its due block), with the root inputs of its previous accrual.
    function _accruedAlpha(
        SubnetState storage s,
        uint256 issuance
    ) private view returns (PendingBuckets memory p, uint256 alphaBlock, uint256 unminted) {
        p = _buckets(s);
        alphaBlock = s.lastAlphaBlock;
        unminted = s.unminted;
        uint256 to = Math.min(block.number, _dueBlock(s));
        // solhint-disable-next-line gas-strict-inequalities
        if (to <= alphaBlock) return (p, alphaBlock, unminted);
        (PendingBuckets memory added, uint256 minted) = SubnetAccrual.alphaBuckets(
            issuance,
            to - alphaBlock,
            s.rootBits,
            s.sell
        );
        p.server += added.server;
        p.validator += added.validator;
        p.ownerCut += added.ownerCut;
        p.root += added.root;
        unminted += minted - _sum(added);
        alphaBlock = to;
    }

    /// @dev Moves the subnet's EMA price to `price`, and the sums with it.
    function _reprice(SubnetState storage s, uint64 price) private {
        uint256 old = s.movingPrice;
        if (price == old) return;
        _weigh(s, false);
        s.movingPrice = price;
        _weigh(s, true);
    }

    /// @dev Adds the subnet's price and weight to the sums, or takes them out.
    function _weigh(SubnetState storage s, bool add) private {
        uint256 price = s.movingPrice;
        uint256 weight = _weight(s, price);
        bool enabled = !s.emissionDisabled;
        if (add) {
            _priceSum += uint128(price);
            _weightSum += uint128(weight);
            if (enabled) {
                _enabledPriceSum += uint128(price);
                _enabledWeightSum += uint128(weight);
            }
        } else {
            _priceSum -= uint128(price);
            _weightSum -= uint128(weight);
            if (enabled) {
                _enabledPriceSum -= uint128(price);
                _enabledWeightSum -= uint128(weight);
            }
        }
    }

    /// @dev Stores τ·R as it stands now and the root sell flag as this block started, for the subnet's next
    ///      range (see the notes).
    function _snapshotRoot(SubnetState storage s) private {
        (uint256 rootTao, ) = staking.pool(0);
        uint128 bits = rootTao == 0 ? 0 : uint128(SubnetAccrual.weightedRoot(rootTao, staking.taoWeight()));
        bool sell = _blockSell;
        if (bits != s.rootBits) s.rootBits = bits;
        if (sell != s.sell) s.sell = sell;
    }

    /* INTERNAL */

    /// @dev W = p̄ · (2^32 - min(2^32, MinerBurned)) (§2.2), below 2^92.
    function _weight(SubnetState storage s, uint256 price) private view returns (uint256) {
        return price * (MINER_BURNED_ONE - Math.min(s.minerBurned, MINER_BURNED_ONE));
    }

    /// @dev The α issuance as the Coinbase counts it: the token's supply, the pending buckets and the α no
    ///      token holds.
    function _issuance(SubnetState storage s) private view returns (uint256) {
        return s.alpha.totalSupply() + _sum(_buckets(s)) + s.unminted;
    }

    /// @dev max(`lastEpochBlock + tempo`, the last drain's block), or `type(uint64).max` for tempo 0
    ///      (never due). The drain's block only matters when an epoch was settled late (see drain).
    function _dueBlock(SubnetState storage s) private view returns (uint64) {
        uint16 tempo = s.tempo;
        if (tempo == 0) return type(uint64).max;
        uint64 due = s.lastEpochBlock + tempo;
        return due > s.drainedAt ? due : s.drainedAt;
    }

    function _storeAlpha(SubnetState storage s, PendingBuckets memory p, uint256 alphaBlock, uint256 unminted) private {
        if (alphaBlock == s.lastAlphaBlock) return;
        s.server = p.server.toUint64();
        s.validator = p.validator.toUint64();
        s.ownerCut = p.ownerCut.toUint64();
        s.root = p.root.toUint64();
        s.lastAlphaBlock = uint64(alphaBlock);
        s.unminted = unminted.toUint64();
    }

    function _buckets(SubnetState storage s) private view returns (PendingBuckets memory) {
        return PendingBuckets({server: s.server, validator: s.validator, ownerCut: s.ownerCut, root: s.root});
    }

    function _subnet(uint16 netuid) private view returns (SubnetState storage s) {
        s = _subnets[netuid];
        if (!s.started) revert CoinbaseUnknownSubnet(netuid);
    }

    function _sum(PendingBuckets memory p) private pure returns (uint256) {
        return p.server + p.validator + p.ownerCut + p.root;
    }
}
