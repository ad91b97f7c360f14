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
import {EmissionMath} from "../libraries/EmissionMath.sol";
import {NetuidList} from "../libraries/NetuidList.sol";
import {PoolMath} from "../libraries/PoolMath.sol";

/// @title Coinbase
/// @notice Lazily accrued block emission (docs/architecture.md principle 4): TAO into the subnets' pools, each
///         subnet's α into its pending buckets, each subnet's EMA price, and the epoch schedule
///         (docs/spec/chain.md §1, §2.2-§2.6).
/// @dev Accrual runs on `accrue()`, which every state-changing entry point of the protocol calls first.
///      It covers the blocks since the last accrual (exclusive) up to the current block (inclusive), "the
///      range", evaluated once from the state at the start of the range (the state `accrue()` finds):
///      1. α, per subnet, up to its due block (`lastEpochBlock + tempo`, or the block of a late drain)
///         and no further until that epoch is drained: A = blockEmission(α issuance) per block, α
///         issuance = the α token's supply (pool reserve + staked + liquid + protocol α) + the pending
///         buckets. A is split per block into owner cut floor(A · 11_796 / 65_535), rest = A - owner cut,
///         server floor(rest / 2), root floor(rp · rest / 2), validator rest - server - root (§2.5), with
///         the root proportion rp = τ·R / (τ·R + α issuance), R = root TAO (`Staking.pool(0)`), τ =
///         `Staking.taoWeight()` / (2^64 - 1). Root's α goes to the root bucket when the root sell flag
///         (Σ EMA prices of the started subnets > 1) is set, else it is recycled: never minted, so the
///         issuance grows by A - root. A subnet whose TAO emission is disabled still accrues its α (§2.1).
///      2. TAO shares (§2.2): W_i = p̄_i · (2^32 - min(2^32, MinerBurned_i)), p̄ the EMA price (1e18 = 1
///         TAO per α) and MinerBurned in units of 2^-32; if every W_i is 0, W_i = p̄_i (the unweighted
///         price share); then W_i = 0 for subnets with TAO emission disabled (§2.1). Per block
///         E = blockEmission(TAO issuance) and subnet i gets floor(E · W_i / Σ W); the remainder is not
///         minted, i.e. recycled (nothing at all if Σ W = 0, e.g. while every EMA price is 0, as in
///         subtensor whose price shares are then all 0).
///      3. Injection and chain buy (§2.4), per subnet with TAO E: alphaIn = floor(E · αReserve /
///         taoReserve), capped at floor(rp · A) (A = blockEmission(α issuance)), and then taoIn =
///         floor(cap · taoReserve / αReserve); the excess E - taoIn buys α fee-free with no price limit
///         (`Staking.protocolBuy`): that α is owned by nobody and stays in Staking as protocol α. Without
///         root stake rp = 0, so all of E becomes chain buys, as in subtensor. A chain buy into a pool whose
///         α reserve is below `MinimumReserve` is not made and its TAO is not minted (subtensor: the swap
///         fails and the credit is recycled).
///      4. EMA price (§2.3), for every started subnet (disabled ones too, as subtensor's
///         `update_moving_prices` over `subnets_to_emit_to`), after the injections:
///         p̄ ← floor((a · min(spot, 1) + (1 - a) · p̄)), a = SubnetMovingAlpha · b / (b + h), b = blocks
///         since the start (the block of `startCall`, so b = 1 in the first emitting block), h = the
///         subnet's EMAPriceHalvingBlocks; spot = floor(taoReserve · 1e18 / αReserve) after the block's
///         injection and chain buy. All in 1e18 fixed point ({movingPrice}), floored once per update.
///      α (1) and TAO (2) are computed in closed form per halving era: inside an era the emission is
///      constant and the issuance grows by the same amount each block, so each era of the range costs
///      O(1) (O(subnets) for TAO). α is accrued before the range's TAO is injected, so an injection never
///      changes α already accrued.
///
///      Differences from the per-block rules of the spec. A range of one block is evaluated exactly by
///      the rules above (test/contracts/CoinbaseRules.test.ts); a longer range aggregates:
///      - the shares' inputs (EMA prices, MinerBurned, the switch) are those at the start of the range.
///        MinerBurned changes only at a settlement and the switch only by `setSubnetEmissionEnabled`, both
///        accruing first, so they are exact; the EMA prices move every block, so a range shares its TAO by
///        the prices at its start. Exception, so that a fresh chain does not lose a whole range: when every
///        started subnet's EMA price is 0 at the start, the range's first block emits nothing (as the
///        per-block rule) and its other blocks are shared by the EMA prices after that first block
///        (a_1 · min(spot, 1), the spot at the start);
///      - rp and the root sell flag are those at the start of the range (R, τ, the α issuance and the EMA
///        prices as `accrue()` finds them); the α of blocks between a due block and a late drain, accrued
///        at the drain, uses rp and the flag as they stand at the drain. Block by block rp would shrink as
///        the issuance grows inside the range (by a relative A / issuance per block);
///      - the injection computes one alphaIn for the whole range at the price of the accrual (block by
///        block it would be one floor per block, each at that block's price), its cap is floor(rp · A · n)
///        for the range's n TAO blocks with A at the α issuance of the range's start (an α halving inside
///        the range is not seen by the cap), and the range's excess is one chain buy, made after the
///        injection (block by block: one buy per block, each raising the price the next block's alphaIn
///        and buy see). A range's α emission uses the α issuance at the start of the range without the α
///        its TAO injections add (so an α halving inside a range can shift by the injected α);
///      - the EMA moves once per range of n blocks, by the spot after the range's injection and chain buy:
///        p̄ ← floor(P · p̄ + (1 - P) · min(spot, 1)) with P = (1 - a_m)^n, a_m the rate at the range's
///        middle block b_m = floor((b_first + b_last) / 2) and the power taken by squaring, each product
///        floored (for n = 1 this is the per-block rule). Exactly it would be Π (1 - a_b) over the
///        range, each block at its own spot: b / (b + h) is concave, so a_m slightly overstates the mean
///        rate, by a relative O((n / (b + h))^2), and a rate of at most 3e-6 makes the power's own error
///        second order too;
///      - everything else (per-block emission, the per-block splits, the TAO era crossings) equals a
///        block-by-block computation of the same aggregated inputs to the rao
///        (test/invariants/coinbase.lazy-accrual.test.ts, against test/models/coinbase-model.ts).
///      Further simplifications:
///      - fixed point: subtensor keeps p̄ in I96F32 (read as U64F64) and SubnetMovingAlpha in I96F32, and rp
///        in U96F32; we keep p̄ and SubnetMovingAlpha in 1e18 and evaluate the shares, rp, the cap and the
///        root split in exact rational arithmetic, floored once per value, so results can differ from
///        subtensor's by a rao or so per block;
///      - order and timing inside a block: subtensor swaps the chain buy against the reserves before the
///        injection is added (with the injection's adjusted pool weights); our pool keeps 0.5/0.5 weights,
///        so we inject first (price unchanged) and buy from the deeper pool. subtensor also recomputes rp
///        for the α split after minting the block's alpha_in and alpha_out; we use the rp of the cap (the
///        issuance before the block), a relative difference of about A / issuance;
///      - the root bucket is paid by the settlement; until it does, drained root α is never minted. The α
///        issuance does not count `Staking.unclaimedRootAlpha` (root dividends owed but not minted; 0 until
///        the settlement pays root);
///      - the schedule reads issuance at accrual time, so a change of TAO or α supply that does not call
///        `accrue()` first (e.g. a user's `Tao.recycle`) counts from the last accrual, not from its block;
///      - EMAPriceHalvingBlocks lives here, per subnet, set by governance ({setEmaPriceHalvingBlocks}),
///        until the registry carries it as a hyperparameter;
///      - new subnets have TAO emission enabled (subtensor: disabled since 2026-06-23), see
///        {ICoinbase-subnetEmissionEnabled}.
contract Coinbase is AccessManaged, ICoinbase {
    using SafeCast for uint256;

    /* TYPES */

    /// @dev Per-subnet state, four slots. An accrual writes at most two (slot 1: the α block and two
    ///      buckets; slot 2: the other buckets and the EMA price) and reads all four. `lastEpochBlock` is where
    ///      the epoch cycle starts (a tempo change moves it), `lastStepBlock` the last epoch's block (block
    ///      numbers fit 48 bits for millions of years). Buckets fit in 64 bits:
    ///      together they hold at most the α the schedule ever emits, under 21e15 < 2^64 (toUint64 checks
    ///      it anyway); an EMA price is at most 1e18 < 2^64.
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
        uint16 tempo; // the registry's tempo, pushed on every change (setTempo): no registry call per accrual
        uint48 lastStepBlock; // the last settled epoch's snapshot block (LastMechansimStepBlock), 0 before
    }

    /// @dev One subnet's part of an accrual, as `_plan` computes it before anything is written.
    struct SubnetPlan {
        PendingBuckets buckets; // after the range's α
        uint256 alphaBlock; // α accrued up to this block
        uint256 taoReserve; // before the range's injection, then after it
        uint256 alphaReserve;
        uint256 issuance; // α issuance at the start of the range
        uint256 taoIn;
        uint256 alphaIn;
        uint256 taoBuy; // the chain buy's TAO
        uint64 movingPrice; // after the range
    }

    /* CONSTANTS */

    /// @notice subtensor `SubnetOwnerCut` default, out of 65_535 (≈ 18%).
    uint256 public constant OWNER_CUT = 11_796;

    /// @notice `SubnetMovingAlpha` until governance sets it: 3e-6 in 1e18 fixed point (docs/spec/chain.md §7.2).
    uint64 public constant DEFAULT_MOVING_ALPHA = 3e12;

    /// @notice `EMAPriceHalvingBlocks` of a new subnet (subtensor's default, 4 weeks; docs/spec/chain.md §7.1).
    uint64 public constant DEFAULT_EMA_HALVING_BLOCKS = 201_600;

    /// @dev 1.0 in the 1e18 fixed point of EMA prices and SubnetMovingAlpha.
    uint256 private constant WAD = 1e18;

    /// @dev Denominator of u64 fractions (`u64::MAX`), TaoWeight's.
    uint256 private constant U64_MAX = type(uint64).max;

    /// @dev Denominator of u16 fractions (`u16::MAX`).
    uint256 private constant U16_MAX = 65_535;

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
    /// @dev TAO is accrued up to and including this block.
    uint64 private _lastAccrualBlock;
    /// @inheritdoc ICoinbase
    uint64 public subnetMovingAlpha = DEFAULT_MOVING_ALPHA;

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
        uint256 from = _lastAccrualBlock;
        // Inclusive bounds are kept as the schedule states them in this file: a strict rewrite
        // (x > y - 1) adds a checked subtraction and saves nothing.
        // solhint-disable-next-line gas-strict-inequalities
        if (from >= block.number) return;
        _lastAccrualBlock = uint64(block.number);

        (SubnetPlan[] memory plans, uint256 minted) = _plan(from);
        uint256 count = plans.length;
        uint64[] memory prices = new uint64[](count);
        for (uint256 i; i < count; ++i) {
            SubnetState storage s = _subnets[_netuids[i]];
            SubnetPlan memory sp = plans[i];
            if (sp.alphaBlock != s.lastAlphaBlock) _storeBuckets(s, sp.buckets, sp.alphaBlock);
            s.movingPrice = sp.movingPrice;
            prices[i] = sp.movingPrice;
        }
        emit EmissionAccrued(uint64(from + 1), uint64(block.number), minted, prices);
        if (minted == 0) return;
        // One mint for all subnets: Staking accounts each injection against its unaccounted balance.
        tao.mint(address(staking), minted);
        for (uint256 i; i < count; ++i) {
            SubnetPlan memory sp = plans[i];
            uint16 netuid = _netuids[i];
            // Nothing for a subnet without TAO (disabled, or a share too small for a rao).
            if (sp.taoIn != 0 || sp.alphaIn != 0) staking.inject(netuid, sp.taoIn, sp.alphaIn);
            if (sp.taoBuy != 0) staking.protocolBuy(netuid, sp.taoBuy);
        }
    }

    /* VIEWS */

    /// @inheritdoc ICoinbase
    function pending(uint16 netuid) external view returns (PendingBuckets memory p) {
        SubnetState storage s = _subnet(netuid);
        uint256 target = _accrualTarget();
        if (target == 0) return _buckets(s); // this block has accrued: the stored buckets are current
        (uint256 weightedRoot, bool sell) = _rootContext();
        (p, ) = _accruedAlpha(netuid, s, target, _issuance(s), weightedRoot, sell);
    }

    /// @inheritdoc ICoinbase
    /// @dev Token supply + pending buckets + the α that `accrue()` would inject now.
    function alphaIssuance(uint16 netuid) external view returns (uint256) {
        SubnetState storage s = _subnet(netuid);
        uint256 from = _lastAccrualBlock;
        if (from < block.number) {
            (SubnetPlan[] memory plans, ) = _plan(from);
            uint256 count = plans.length;
            for (uint256 i; i < count; ++i) {
                if (_netuids[i] == netuid) return s.alpha.totalSupply() + _sum(plans[i].buckets) + plans[i].alphaIn;
            }
        }
        return s.alpha.totalSupply() + _sum(_buckets(s));
    }

    /// @inheritdoc ICoinbase
    /// @dev The stored value: after the last accrual (`accrue()` moves it first); 0 for a subnet that has
    ///      not started (docs/spec/chain.md §2.3: the EMA starts at 0), as the dissolution ranking reads it.
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
        return _dueBlock(netuid, _subnet(netuid));
    }

    /// @inheritdoc ICoinbase
    function isDue(uint16 netuid) external view returns (bool) {
        // Due from the due block on (inclusive, see accrue).
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

    /* PROTOCOL (restricted) */

    /// @inheritdoc ICoinbase
    /// @dev Accrues first, so the subnet takes part in no block up to this one: its TAO share and its α
    ///      start at the next block (subtensor `FirstEmissionBlockNumber`, emitted as `firstEmissionBlock`).
    ///      Its EMA price starts at 0 (§2.3) and its EMAPriceHalvingBlocks at the default. Its first epoch is
    ///      due `tempo` blocks after this block. Reverts with CoinbaseUnknownSubnet if Staking has no α token
    ///      (no pool) for `netuid`.
    function addSubnet(uint16 netuid) external restricted {
        SubnetState storage s = _subnets[netuid];
        if (s.started) revert CoinbaseSubnetExists(netuid);
        IAlphaToken alpha = staking.alphaToken(netuid);
        if (address(alpha) == address(0)) revert CoinbaseUnknownSubnet(netuid);
        accrue();

        uint64 start = uint64(block.number);
        s.alpha = alpha;
        s.lastEpochBlock = start;
        s.started = true;
        s.lastAlphaBlock = start;
        s.startBlock = start;
        s.tempo = registry.hyperparameters(netuid).tempo;
        if (!s.emaHalvingSet) s.emaHalvingBlocks = DEFAULT_EMA_HALVING_BLOCKS;
        _netuids.push(netuid);
        emit SubnetAdded(netuid, start + 1);
    }

    /// @inheritdoc ICoinbase
    /// @dev Accrues first (a no-op after the registry's accrual), so the subnet takes part in every block
    ///      up to this one and in none after. The start order of the others is kept: the TAO split walks
    ///      the subnets in that order.
    function removeSubnet(uint16 netuid) external restricted {
        SubnetState storage s = _subnets[netuid];
        if (!s.started) return;
        accrue();
        uint256 dropped = _sum(_buckets(s));
        NetuidList.removeOrdered(_netuids, netuid);
        delete _subnets[netuid];
        emit SubnetRemoved(netuid, dropped);
    }

    /// @inheritdoc ICoinbase
    /// @dev The registry calls this after accruing (its `setHyperparameters` accrues first), so the blocks
    ///      already accrued keep the old cycle. Its bulk setter passes the tempo with every update, so only a
    ///      change resets the cycle (subtensor's `set_tempo` resets it even for the same value). α accrued
    ///      so far stays pending for the next epoch, as in subtensor, whose pending buckets wait for it.
    ///      The registry refuses the change while an epoch is due and unsettled, so an attested snapshot
    ///      never moves. Before `startCall` it does nothing: addSubnet reads the tempo then.
    function setTempo(uint16 netuid, uint16 tempo) external restricted {
        SubnetState storage s = _subnets[netuid];
        if (!s.started || s.tempo == tempo) return;
        s.tempo = tempo;
        s.lastEpochBlock = uint64(block.number);
        emit EpochCycleReset(netuid, tempo, _dueBlock(netuid, s));
    }

    /// @inheritdoc ICoinbase
    /// @dev α accrual resumes after `snapshotBlock`: the blocks between the snapshot and now belong to
    ///      the next epoch, and are accrued here at once, so the buckets are current whenever this
    ///      block has accrued (what `pending` relies on). A late drain (after the next epoch's due
    ///      block) moves that due block to this one: an epoch's snapshot must be a state that already
    ///      holds the previous epoch's settlement, or the oracle could never report it.
    function drain(uint16 netuid, uint64 snapshotBlock) external restricted returns (PendingBuckets memory p) {
        SubnetState storage s = _subnet(netuid);
        accrue();
        uint64 due = _dueBlock(netuid, s);
        if (snapshotBlock != due) revert CoinbaseWrongSnapshot(netuid, snapshotBlock, due);
        if (block.number < due) revert CoinbaseEpochNotDue(netuid, due);

        p = _buckets(s);
        // The issuance as the snapshot left it, the drained α still counted: the settlement mints it next,
        // and the blocks after the snapshot accrue from it (read after the zeroing, it would omit that α).
        uint256 issuance = _issuance(s);
        s.server = 0;
        s.validator = 0;
        s.ownerCut = 0;
        s.root = 0;
        s.lastEpochBlock = snapshotBlock;
        s.lastStepBlock = uint48(snapshotBlock);
        s.drainedAt = uint64(block.number);
        ++s.epochsSettled;
        (uint256 weightedRoot, bool sell) = _rootContext();
        (PendingBuckets memory next, uint256 alphaBlock) = _accruedAlpha(
            netuid,
            s,
            block.number,
            issuance,
            weightedRoot,
            sell
        );
        if (alphaBlock != s.lastAlphaBlock) _storeBuckets(s, next, alphaBlock);
        emit PendingDrained(netuid, snapshotBlock, p);
    }

    /// @inheritdoc ICoinbase
    /// @dev docs/spec/chain.md §2.7.5: subtensor stores withheld / total as a U96F32 after every distribution
    ///      (`distribute_dividends_and_incentives`), i.e. floor(withheld · 2^32 / total), and 0 when no miner
    ///      earned; it counts incentive withheld whether it is burned or recycled. The settlement calls this
    ///      after its drain, which accrued this block: the new weight applies from the next block, as in
    ///      subtensor, whose coinbase emits a block before it distributes that block's epochs.
    function recordMinerBurned(uint16 netuid, uint256 withheld, uint256 total) external restricted {
        SubnetState storage s = _subnet(netuid);
        if (withheld > total) revert CoinbaseWithheldAboveTotal(withheld, total);
        accrue();
        uint64 value = total == 0 ? 0 : uint64((withheld * MINER_BURNED_ONE) / total);
        if (value == s.minerBurned) return;
        s.minerBurned = value;
        emit MinerBurnedSet(netuid, value);
    }

    /* GOVERNANCE (restricted) */

    /// @inheritdoc ICoinbase
    /// @dev docs/spec/chain.md §2.1. Unlike subtensor (disabled at registration since 2026-06-23) a subnet starts
    ///      enabled; governance may switch it off before its start. Accrues first: every block up to this
    ///      one keeps the old setting.
    function setSubnetEmissionEnabled(uint16 netuid, bool enabled) external restricted {
        SubnetState storage s = _subnets[netuid];
        if (!s.started && address(staking.alphaToken(netuid)) == address(0)) revert CoinbaseUnknownSubnet(netuid);
        accrue();
        s.emissionDisabled = !enabled;
        emit SubnetEmissionEnabledSet(netuid, enabled);
    }

    /// @inheritdoc ICoinbase
    /// @dev docs/spec/chain.md §2.3, §7.2 (root-only `SubnetMovingAlpha`). Accrues first.
    function setSubnetMovingAlpha(uint64 alpha) external restricted {
        if (alpha > WAD) revert CoinbaseMovingAlphaAboveOne(alpha);
        accrue();
        subnetMovingAlpha = alpha;
        emit SubnetMovingAlphaSet(alpha);
    }

    /// @inheritdoc ICoinbase
    /// @dev docs/spec/chain.md §2.3, §7.1 (root-only `EMAPriceHalvingBlocks`). Accrues first. Like
    ///      {setSubnetEmissionEnabled} it takes a registered subnet before its start too: the value set is
    ///      kept at the start.
    function setEmaPriceHalvingBlocks(uint16 netuid, uint64 blocks) external restricted {
        SubnetState storage s = _subnets[netuid];
        if (!s.started && address(staking.alphaToken(netuid)) == address(0)) revert CoinbaseUnknownSubnet(netuid);
        accrue();
        s.emaHalvingBlocks = blocks;
        s.emaHalvingSet = true;
        emit EmaPriceHalvingBlocksSet(netuid, blocks);
    }

    /* ACCRUAL MATHS */

    /// @dev Everything `accrue()` would do for the range (`from`, block.number], from the current state,
    ///      without writing it: per subnet (in start order) its buckets, injection and new EMA price, and the
    ///      TAO to mint. Some subnet has started whenever `minted` is non-zero.
    function _plan(uint256 from) internal view returns (SubnetPlan[] memory plans, uint256 minted) {
        uint256 count = _netuids.length;
        plans = new SubnetPlan[](count);
        if (count == 0) return (plans, 0); // no TAO read: cold in a subnet's first start
        uint256[] memory prices = new uint256[](count);
        (uint256 weightedRoot, bool sell) = _rootContext();
        for (uint256 i; i < count; ++i) {
            uint16 netuid = _netuids[i];
            SubnetState storage s = _subnets[netuid];
            SubnetPlan memory sp = plans[i];
            sp.issuance = _issuance(s);
            (sp.buckets, sp.alphaBlock) = _accruedAlpha(netuid, s, block.number, sp.issuance, weightedRoot, sell);
            (sp.taoReserve, sp.alphaReserve) = staking.pool(netuid);
            prices[i] = s.movingPrice;
        }

        // §2.2. Every EMA price 0 (a fresh chain): the first block emits nothing, the others share by the
        // EMA prices after it (see the contract's notes).
        uint256 taoBlocks = block.number - from;
        if (_priceSum() == 0) {
            --taoBlocks;
            for (uint256 i; i < count; ++i) {
                SubnetState storage s = _subnets[_netuids[i]];
                uint256 rate = _emaRate(from + 1 - s.startBlock, s.emaHalvingBlocks);
                prices[i] = (rate * _cappedSpot(plans[i].taoReserve, plans[i].alphaReserve)) / WAD;
            }
        }
        uint256[] memory amounts;
        if (taoBlocks != 0) (amounts, minted) = _taoSplit(tao.totalSupply(), taoBlocks, _weights(prices));

        for (uint256 i; i < count; ++i) {
            SubnetPlan memory sp = plans[i];
            if (taoBlocks != 0 && amounts[i] != 0) {
                minted -= _planInjection(sp, amounts[i], taoBlocks, weightedRoot);
            }
            sp.movingPrice = _movedPrice(_subnets[_netuids[i]], from, _cappedSpot(sp.taoReserve, sp.alphaReserve));
        }
    }

    /// @dev A subnet's injection and chain buy for `tao` TAO over `blocks` blocks (§2.4, see the notes):
    ///      alphaIn = floor(tao · x / y), capped at floor(rp · A · blocks) (A at the range's α issuance), and
    ///      then taoIn = floor(cap · y / x); the rest buys α fee-free after the injection. Leaves the reserves
    ///      after both. Returns the TAO not spent (a chain buy into a pool below `MinimumReserve`): recycled.
    function _planInjection(
        SubnetPlan memory sp,
        uint256 tao_,
        uint256 blocks,
        uint256 weightedRoot
    ) private pure returns (uint256 recycled) {
        uint256 y = sp.taoReserve;
        uint256 x = sp.alphaReserve;
        uint256 alphaIn = y == 0 ? 0 : Math.mulDiv(tao_, x, y);
        uint256 taoIn = tao_;
        uint256 cap = _rootShare(weightedRoot, sp.issuance, EmissionMath.blockEmission(sp.issuance) * blocks);
        if (alphaIn > cap) {
            // x > 0 here: alphaIn > 0 needs it. cap < tao · x / y, so taoIn < tao.
            alphaIn = cap;
            taoIn = Math.mulDiv(cap, y, x);
        }
        sp.taoIn = taoIn;
        sp.alphaIn = alphaIn;
        y += taoIn;
        x += alphaIn;
        uint256 buy = tao_ - taoIn;
        if (buy != 0) {
            if (x < PoolMath.MINIMUM_RESERVE) {
                recycled = buy; // subtensor: the swap fails and the credit is recycled
            } else {
                sp.taoBuy = buy;
                uint256 bought = PoolMath.amountOut(y, x, buy); // Staking.protocolBuy's output
                y += buy;
                x -= bought;
            }
        }
        sp.taoReserve = y;
        sp.alphaReserve = x;
    }

    /// @dev floor(rp · amount), rp = τ·R / (τ·R + α issuance) the root proportion (§2.4), with
    ///      `weightedRoot` = TaoWeight · R (TaoWeight in units of 1/(2^64 - 1)); 0 without root stake.
    function _rootShare(uint256 weightedRoot, uint256 issuance, uint256 amount) private pure returns (uint256) {
        if (weightedRoot == 0) return 0;
        return Math.mulDiv(weightedRoot, amount, weightedRoot + issuance * U64_MAX);
    }

    /// @dev TaoWeight · root TAO (rp's numerator, in units of 1/(2^64 - 1)) and the root sell flag: Σ of the
    ///      started subnets' EMA prices > 1 (§2.5). Both as the range starts.
    function _rootContext() private view returns (uint256 weightedRoot, bool sell) {
        (uint256 rootTao, ) = staking.pool(0);
        if (rootTao != 0) weightedRoot = rootTao * staking.taoWeight();
        sell = _priceSum() > WAD;
    }

    /// @dev Σ of the started subnets' EMA prices (`subnets_to_emit_to`, disabled ones included).
    function _priceSum() private view returns (uint256 sum) {
        uint256 count = _netuids.length;
        for (uint256 i; i < count; ++i) sum += _subnets[_netuids[i]].movingPrice;
    }

    /// @dev The α issuance as the Coinbase counts it: the token's supply plus the pending buckets.
    function _issuance(SubnetState storage s) private view returns (uint256) {
        return s.alpha.totalSupply() + _sum(_buckets(s));
    }

    /// @dev The TAO weights of §2.2 from the EMA prices `prices` (in start order): p̄ · (2^32 - min(2^32,
    ///      MinerBurned)); the unweighted fallback p̄ when all of those are 0 (the sum taken over all subnets,
    ///      disabled ones included, as subtensor tests it before zeroing those); then 0 for disabled subnets.
    function _weights(uint256[] memory prices) private view returns (uint256[] memory weights) {
        uint256 count = prices.length;
        weights = new uint256[](count);
        uint256 total;
        for (uint256 i; i < count; ++i) {
            SubnetState storage s = _subnets[_netuids[i]];
            weights[i] = prices[i] * (MINER_BURNED_ONE - Math.min(s.minerBurned, MINER_BURNED_ONE));
            total += weights[i];
        }
        for (uint256 i; i < count; ++i) {
            if (_subnets[_netuids[i]].emissionDisabled) weights[i] = 0;
            else if (total == 0) weights[i] = prices[i];
        }
    }

    /// @dev The EMA price after the range (`from`, block.number] ending at `spot` (§2.3, see the notes):
    ///      floor((P · p̄ + (1e18 - P) · spot) / 1e18), P = (1e18 - a_m)^blocks in 1e18.
    function _movedPrice(SubnetState storage s, uint256 from, uint256 spot) private view returns (uint64) {
        uint256 blocks = block.number - from;
        uint256 first = from + 1 - s.startBlock; // b of the range's first block, at least 1
        uint256 rate = _emaRate((first + first + blocks - 1) / 2, s.emaHalvingBlocks);
        uint256 keep = _wadPow(WAD - rate, blocks);
        return uint64((keep * s.movingPrice + (WAD - keep) * spot) / WAD);
    }

    /// @dev a = SubnetMovingAlpha · b / (b + h), floored, in 1e18 (§2.3); b >= 1.
    function _emaRate(uint256 b, uint256 h) private view returns (uint256) {
        return (uint256(subnetMovingAlpha) * b) / (b + h);
    }

    /// @dev min(floor(taoReserve · 1e18 / αReserve), 1e18): the spot price capped at 1 TAO per α (§2.3).
    function _cappedSpot(uint256 taoReserve, uint256 alphaReserve) private pure returns (uint256) {
        if (alphaReserve == 0) return 0;
        return Math.min(Math.mulDiv(taoReserve, WAD, alphaReserve), WAD);
    }

    /// @dev base^exponent in 1e18 fixed point by squaring, each product floored; base <= 1e18.
    function _wadPow(uint256 base, uint256 exponent) private pure returns (uint256 result) {
        result = WAD;
        while (exponent != 0) {
            if (exponent & 1 != 0) result = (result * base) / WAD;
            exponent >>= 1;
            if (exponent != 0) base = (base * base) / WAD;
        }
    }

    /// @dev α of `netuid` accrued up to min(`toBlock`, due block): the buckets and the block they reach.
    ///      `issuance` is the α issuance at the start (the token supply plus the buckets already pending);
    ///      the root proportion is taken from it and `weightedRoot`, and `sell` is the root sell flag.
    function _accruedAlpha(
        uint16 netuid,
        SubnetState storage s,
        uint256 toBlock,
        uint256 issuance,
        uint256 weightedRoot,
        bool sell
    ) internal view returns (PendingBuckets memory p, uint256 alphaBlock) {
        p = _buckets(s);
        alphaBlock = s.lastAlphaBlock;
        uint256 to = Math.min(toBlock, _dueBlock(netuid, s));
        // Already accrued up to `to` (inclusive, see accrue).
        // solhint-disable-next-line gas-strict-inequalities
        if (to <= alphaBlock) return (p, alphaBlock);
        PendingBuckets memory added = _alphaBuckets(issuance, to - alphaBlock, weightedRoot, sell);
        p.server += added.server;
        p.validator += added.validator;
        p.ownerCut += added.ownerCut;
        p.root += added.root;
        alphaBlock = to;
    }

    /// @dev α emitted over `blocks` blocks from α issuance `issuance`, split per block into the buckets
    ///      (docs/spec/chain.md §2.5), in closed form per era: owner cut floor(A · 11_796 / 65_535), rest = A -
    ///      owner cut, server floor(rest / 2), root floor(rp · rest / 2) with rp from `issuance` and
    ///      `weightedRoot` (fixed over the range), validator rest - server - root. Root goes to its bucket
    ///      when `sell` is set, else it is recycled: never minted, so the issuance grows by A - root. A and
    ///      the split are constant inside an era and the issuance grows by the same amount each block, so each
    ///      era's blocks are counted at once; equal to the sum of the block-by-block splits to the rao. At
    ///      most ~30 eras, then A = 0.
    function _alphaBuckets(
        uint256 issuance,
        uint256 blocks,
        uint256 weightedRoot,
        bool sell
    ) internal pure returns (PendingBuckets memory p) {
        uint256 rootIssuance = issuance;
        while (blocks != 0) {
            uint256 emission = EmissionMath.blockEmission(issuance);
            if (emission == 0) break; // 0 from here on: the issuance no longer moves
            PendingBuckets memory b = _blockSplit(emission, weightedRoot, rootIssuance);
            uint256 growth = sell ? emission : emission - b.root; // > 0: root <= rest / 2
            uint256 inEra = Math.min(blocks, Math.ceilDiv(EmissionMath.nextEraIssuance(issuance) - issuance, growth));
            p.ownerCut += b.ownerCut * inEra;
            p.server += b.server * inEra;
            p.validator += b.validator * inEra;
            if (sell) p.root += b.root * inEra;
            issuance += growth * inEra;
            blocks -= inEra;
        }
    }

    /// @dev One block's α `emission` split (§2.5): see {_alphaBuckets}; rp from `weightedRoot` and `issuance`.
    function _blockSplit(
        uint256 emission,
        uint256 weightedRoot,
        uint256 issuance
    ) private pure returns (PendingBuckets memory b) {
        b.ownerCut = (emission * OWNER_CUT) / U16_MAX;
        uint256 rest = emission - b.ownerCut;
        b.server = rest / 2;
        b.root = _rootShare(weightedRoot, issuance, rest) / 2;
        b.validator = rest - b.server - b.root;
    }

    /// @dev Each subnet's TAO over `blocks` blocks from TAO issuance `issuance` (docs/spec/chain.md §1, §2.2):
    ///      floor(blockEmission · weights[i] / Σ weights) per block for subnet i, the issuance growing by
    ///      their sum (the remainder is never minted). Closed form per era, equal to the block-by-block sum
    ///      to the rao: inside an era every subnet's per-block amount is constant. Nothing if Σ weights = 0.
    ///      Returns each subnet's TAO (`amounts`, in the order of `weights`) and their sum (`minted`).
    function _taoSplit(
        uint256 issuance,
        uint256 blocks,
        uint256[] memory weights
    ) internal pure returns (uint256[] memory amounts, uint256 minted) {
        uint256 count = weights.length;
        amounts = new uint256[](count);
        uint256 total;
        for (uint256 i; i < count; ++i) total += weights[i];
        if (total == 0) return (amounts, 0);
        while (blocks != 0) {
            uint256 emission = EmissionMath.blockEmission(issuance);
            uint256 perBlock; // minted per block in this era
            // One pass credits every remaining block at this era's rate; a range that leaves the era (rare)
            // takes the blocks past it back below. Unchecked: emission <= 1e9, a weight < 2^92 (an EMA
            // price <= 1e18 times at most 2^32, the callers' bound) and blocks < 2^64, so no product or sum
            // comes near 2^256.
            unchecked {
                for (uint256 i; i < count; ++i) {
                    uint256 amount = (emission * weights[i]) / total;
                    perBlock += amount;
                    amounts[i] += amount * blocks;
                }
            }
            if (perBlock == 0) break; // nothing minted, so the issuance and the emission stay as they are
            uint256 inEra = Math.ceilDiv(EmissionMath.nextEraIssuance(issuance) - issuance, perBlock);
            if (inEra < blocks) {
                unchecked {
                    for (uint256 i; i < count; ++i) amounts[i] -= ((emission * weights[i]) / total) * (blocks - inEra);
                }
            } else {
                inEra = blocks;
            }
            minted += perBlock * inEra;
            issuance += perBlock * inEra;
            blocks -= inEra;
        }
    }

    /* INTERNAL */

    /// @dev The block a view accrues to, "as if `accrue()` ran now": `accrue()` does nothing a second time
    ///      in a block, and a drain brings its subnet's buckets up to date itself, so once this block has
    ///      accrued the stored buckets are current.
    function _accrualTarget() private view returns (uint256) {
        return _lastAccrualBlock < block.number ? block.number : 0;
    }

    /// @dev max(`lastEpochBlock + tempo`, the last drain's block), or `type(uint64).max` for tempo 0
    ///      (never due). The drain's block only matters when an epoch was settled late (see drain).
    function _dueBlock(uint16, SubnetState storage s) private view returns (uint64) {
        uint16 tempo = s.tempo;
        if (tempo == 0) return type(uint64).max;
        uint64 due = s.lastEpochBlock + tempo;
        return due > s.drainedAt ? due : s.drainedAt;
    }

    function _storeBuckets(SubnetState storage s, PendingBuckets memory p, uint256 alphaBlock) private {
        s.server = p.server.toUint64();
        s.validator = p.validator.toUint64();
        s.ownerCut = p.ownerCut.toUint64();
        s.root = p.root.toUint64();
        s.lastAlphaBlock = uint64(alphaBlock);
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
