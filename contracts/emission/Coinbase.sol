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

/// @title Coinbase
/// @notice Lazily accrued block emission (DESIGN.md principle 4): TAO into the subnets' pools, each
///         subnet's α into its pending buckets, and the epoch schedule (spec/chain.md §1, §2.4-§2.6).
/// @dev Accrual runs on `accrue()`, which every state-changing entry point of the protocol calls first.
///      For the blocks since the last accrual (exclusive) up to the current block (inclusive):
///      1. α, per subnet, up to its due block (`lastEpochBlock + tempo`, or the block of a late drain)
///         and no further until that epoch is drained: A = blockEmission(α issuance) per block, α
///         issuance = the α token's supply (pool reserve + staked) + the pending buckets. A is split
///         per block into owner cut
///         floor(A · 11_796 / 65_535), server floor(rest / 2), validator rest - server, root 0 (§2.5).
///         A subnet whose TAO emission is disabled still accrues its α (§2.1).
///      2. TAO: E = blockEmission(TAO issuance) per block, split among the started subnets by weight
///         (§2.2): w_i = 2^32 - min(2^32, MinerBurned_i) (base share · (1 - min(1, MinerBurned_i)), in
///         units of 2^-32 of a base share); if every w_i is 0, w_i = 1 (the unweighted fallback); then
///         w_i = 0 for subnets with TAO emission disabled (§2.1). Subnet i gets floor(E · w_i / Σ w) per
///         block; the remainder is not minted, i.e. recycled (nothing at all if Σ w = 0). Each subnet's
///         TAO is injected into its pool at its current price: alphaIn = floor(taoIn · αReserve /
///         taoReserve) (§2.4, simplified).
///      Both are computed in closed form per halving era: inside an era the emission is constant and the
///      issuance grows by the same amount each block, so each era of the range costs O(1) (O(subnets)
///      for TAO). The weights are constant over an accrued range: MinerBurned changes only at a
///      settlement and the switch only by `setSubnetEmissionEnabled`, and both accrue first.
///      α is accrued before the range's TAO is injected, so an injection never changes α already
///      accrued, and the buckets at a due block are the same whenever, and however often, accrual ran.
///
///      Simplifications, to be lifted by the issue "Economics":
///      - the base share is equal per subnet (no EMA prices, §2.3): the weights are exactly
///        1 - min(1, MinerBurned). The weighting is exact rational arithmetic, floored once per subnet
///        and block; subtensor evaluates the same formula in U64F64 fixed point, which can differ by a
///        rao or so per block;
///      - the injection has no root-proportion cap and there are no chain buys (`excess` = 0, §2.4);
///      - per-block rounding is aggregated per accrued range in two places: the injection computes one
///        alphaIn for the whole range at the price of the accrual (block by block it would be one
///        floor per block, each at that block's price), and a range's α emission uses the α issuance
///        at the start of the range without the α its TAO injections add (so an α halving inside a range
///        can shift by the injected α). Everything else (per-block emission, the per-block splits, the
///        TAO era crossings) equals a block-by-block computation to the rao
///        (test/invariants/coinbase.lazy-accrual.test.ts).
///      - The schedule reads issuance at accrual time, so a change of TAO or α supply that does not call
///        `accrue()` first (e.g. a user's `Tao.recycle`) counts from the last accrual, not from its block.
///      - New subnets have TAO emission enabled (subtensor: disabled since 2026-06-23), see
///        {ICoinbase-subnetEmissionEnabled}.
contract Coinbase is AccessManaged, ICoinbase {
    using SafeCast for uint256;

    /* TYPES */

    /// @dev Per-subnet state, three slots, all read by every accrual. Buckets fit in 64 bits: together they
    ///      hold at most the α the schedule ever emits, under 21e15 < 2^64 (toUint64 checks it anyway).
    struct SubnetState {
        IAlphaToken alpha;
        uint64 lastEpochBlock;
        bool started;
        bool emissionDisabled; // the negation of subtensor's SubnetEmissionEnabled: enabled by default
        uint64 lastAlphaBlock; // α is accrued up to and including this block
        uint64 epochsSettled;
        uint64 server;
        uint64 validator;
        uint64 ownerCut;
        uint64 root;
        uint64 drainedAt; // block of the last drain: the next due block is never before it
        uint64 minerBurned; // U96F32 bits, at most MINER_BURNED_ONE
    }

    /* CONSTANTS */

    /// @notice subtensor `SubnetOwnerCut` default, out of 65_535 (≈ 18%).
    uint256 public constant OWNER_CUT = 11_796;

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

        uint256 count = _netuids.length;
        uint256[] memory weights = new uint256[](count);
        uint256 burnWeight; // Σ w over all subnets, disabled ones included (the fallback's test)
        for (uint256 i; i < count; ++i) {
            uint16 netuid = _netuids[i];
            SubnetState storage s = _subnets[netuid];
            (PendingBuckets memory p, uint256 alphaBlock) = _accruedAlpha(netuid, s, block.number);
            if (alphaBlock != s.lastAlphaBlock) _storeBuckets(s, p, alphaBlock);
            (uint256 w, bool enabled) = _weight(s);
            burnWeight += w;
            if (enabled) weights[i] = w;
        }

        uint256[] memory amounts;
        uint256 minted;
        // No subnet, nothing to split: spare the call to TAO (cold in a subnet's first start).
        if (count != 0) {
            (amounts, minted) = _taoSplit(tao.totalSupply(), block.number - from, _applyFallback(weights, burnWeight));
        }
        emit EmissionAccrued(uint64(from + 1), uint64(block.number), minted);
        if (minted == 0) return;
        // One mint for all subnets: Staking accounts each injection against its unaccounted balance.
        tao.mint(address(staking), minted);
        for (uint256 i; i < count; ++i) {
            uint256 taoIn = amounts[i];
            if (taoIn == 0) continue; // TAO emission disabled (or a weight too small for a rao)
            uint16 netuid = _netuids[i];
            staking.inject(netuid, taoIn, _alphaIn(netuid, taoIn));
        }
    }

    /* VIEWS */

    /// @inheritdoc ICoinbase
    function pending(uint16 netuid) external view returns (PendingBuckets memory p) {
        (p, ) = _accruedAlpha(netuid, _subnet(netuid), _accrualTarget());
    }

    /// @inheritdoc ICoinbase
    /// @dev Token supply + pending buckets + the α that `accrue()` would inject now.
    function alphaIssuance(uint16 netuid) external view returns (uint256) {
        SubnetState storage s = _subnet(netuid);
        (PendingBuckets memory p, ) = _accruedAlpha(netuid, s, _accrualTarget());
        uint256 issuance = s.alpha.totalSupply() + _sum(p);
        uint256 from = _lastAccrualBlock;
        if (from < block.number) {
            uint256 count = _netuids.length;
            uint256[] memory weights = new uint256[](count);
            uint256 burnWeight;
            uint256 index;
            for (uint256 i; i < count; ++i) {
                if (_netuids[i] == netuid) index = i;
                (uint256 w, bool enabled) = _weight(_subnets[_netuids[i]]);
                burnWeight += w;
                if (enabled) weights[i] = w;
            }
            (uint256[] memory amounts, ) = _taoSplit(
                tao.totalSupply(),
                block.number - from,
                _applyFallback(weights, burnWeight)
            );
            if (amounts[index] != 0) issuance += _alphaIn(netuid, amounts[index]);
        }
        return issuance;
    }

    /// @inheritdoc ICoinbase
    function lastEpochBlock(uint16 netuid) external view returns (uint64) {
        return _subnet(netuid).lastEpochBlock;
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
    ///      Its first epoch is due `tempo` blocks after this block. Reverts with CoinbaseUnknownSubnet if
    ///      Staking has no α token (no pool) for `netuid`.
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
        _netuids.push(netuid);
        emit SubnetAdded(netuid, start + 1);
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

        p = PendingBuckets({server: s.server, validator: s.validator, ownerCut: s.ownerCut, root: s.root});
        s.server = 0;
        s.validator = 0;
        s.ownerCut = 0;
        s.root = 0;
        s.lastEpochBlock = snapshotBlock;
        s.drainedAt = uint64(block.number);
        ++s.epochsSettled;
        (PendingBuckets memory next, uint256 alphaBlock) = _accruedAlpha(netuid, s, block.number);
        if (alphaBlock != s.lastAlphaBlock) _storeBuckets(s, next, alphaBlock);
        emit PendingDrained(netuid, snapshotBlock, p);
    }

    /// @inheritdoc ICoinbase
    /// @dev spec/chain.md §2.7.5: subtensor stores withheld / total as a U96F32 after every distribution
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
    /// @dev spec/chain.md §2.1. Unlike subtensor (disabled at registration since 2026-06-23) a subnet starts
    ///      enabled; governance may switch it off before its start. Accrues first: every block up to this
    ///      one keeps the old setting.
    function setSubnetEmissionEnabled(uint16 netuid, bool enabled) external restricted {
        SubnetState storage s = _subnets[netuid];
        if (!s.started && address(staking.alphaToken(netuid)) == address(0)) revert CoinbaseUnknownSubnet(netuid);
        accrue();
        s.emissionDisabled = !enabled;
        emit SubnetEmissionEnabledSet(netuid, enabled);
    }

    /* ACCRUAL MATHS */

    /// @dev α of `netuid` accrued up to min(`toBlock`, due block): the buckets and the block they reach.
    ///      The α issuance of the range is the token supply plus the buckets already pending.
    function _accruedAlpha(
        uint16 netuid,
        SubnetState storage s,
        uint256 toBlock
    ) internal view returns (PendingBuckets memory p, uint256 alphaBlock) {
        p = PendingBuckets({server: s.server, validator: s.validator, ownerCut: s.ownerCut, root: s.root});
        alphaBlock = s.lastAlphaBlock;
        uint256 to = Math.min(toBlock, _dueBlock(netuid, s));
        // Already accrued up to `to` (inclusive, see accrue).
        // solhint-disable-next-line gas-strict-inequalities
        if (to <= alphaBlock) return (p, alphaBlock);
        PendingBuckets memory added = _alphaBuckets(s.alpha.totalSupply() + _sum(p), to - alphaBlock);
        p.server += added.server;
        p.validator += added.validator;
        p.ownerCut += added.ownerCut;
        p.root += added.root;
        alphaBlock = to;
    }

    /// @dev α emitted over `blocks` blocks from α issuance `issuance`, split per block into the buckets
    ///      (spec/chain.md §2.5), in closed form per era: A and its split are constant inside an era and
    ///      the issuance grows by A each block, so each era's blocks are counted at once. Equal to the sum
    ///      of the block-by-block splits to the rao. At most ~30 eras, then A = 0.
    function _alphaBuckets(uint256 issuance, uint256 blocks) internal pure returns (PendingBuckets memory p) {
        while (blocks != 0) {
            uint256 emission = EmissionMath.blockEmission(issuance);
            if (emission == 0) break; // 0 from here on: the issuance no longer moves
            uint256 inEra = Math.min(blocks, Math.ceilDiv(EmissionMath.nextEraIssuance(issuance) - issuance, emission));
            uint256 ownerCut = (emission * OWNER_CUT) / U16_MAX;
            uint256 server = (emission - ownerCut) / 2;
            p.ownerCut += ownerCut * inEra;
            p.server += server * inEra;
            p.validator += (emission - ownerCut - server) * inEra;
            issuance += emission * inEra;
            blocks -= inEra;
        }
    }

    /// @dev Each subnet's TAO over `blocks` blocks from TAO issuance `issuance` (spec/chain.md §1, §2.2):
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
            // takes the blocks past it back below. Unchecked: emission <= 1e9, a weight <= 2^32 (the
            // callers' bound) and blocks < 2^64, so no product or sum comes near 2^256.
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

    /// @dev A subnet's TAO weight before the enabled switch (spec/chain.md §2.2): 2^32 - min(2^32,
    ///      MinerBurned), and whether its TAO emission is enabled (§2.1).
    function _weight(SubnetState storage s) private view returns (uint256 w, bool enabled) {
        w = MINER_BURNED_ONE - Math.min(s.minerBurned, MINER_BURNED_ONE);
        enabled = !s.emissionDisabled;
    }

    /// @dev The unweighted fallback (spec/chain.md §2.2): when every subnet's weight is 0 (`burnWeight`, the
    ///      sum over all subnets, disabled ones included, as subtensor tests it before zeroing those), each
    ///      enabled subnet weighs 1. `weights` holds the enabled subnets' weights, 0 for disabled ones.
    function _applyFallback(uint256[] memory weights, uint256 burnWeight) private view returns (uint256[] memory) {
        if (burnWeight == 0) {
            uint256 count = weights.length;
            for (uint256 i; i < count; ++i) weights[i] = _subnets[_netuids[i]].emissionDisabled ? 0 : 1;
        }
        return weights;
    }

    /// @dev The block a view accrues to, "as if `accrue()` ran now": `accrue()` does nothing a second time
    ///      in a block, and a drain brings its subnet's buckets up to date itself, so once this block has
    ///      accrued the stored buckets are current.
    function _accrualTarget() private view returns (uint256) {
        return _lastAccrualBlock < block.number ? block.number : 0;
    }

    /// @dev max(`lastEpochBlock + tempo`, the last drain's block), or `type(uint64).max` for tempo 0
    ///      (never due). The drain's block only matters when an epoch was settled late (see drain).
    function _dueBlock(uint16 netuid, SubnetState storage s) private view returns (uint64) {
        uint16 tempo = registry.hyperparameters(netuid).tempo;
        if (tempo == 0) return type(uint64).max;
        uint64 due = s.lastEpochBlock + tempo;
        return due > s.drainedAt ? due : s.drainedAt;
    }

    /// @dev α minted with an injection of `taoIn`, keeping the spot price: floor(taoIn · α / TAO reserve).
    function _alphaIn(uint16 netuid, uint256 taoIn) private view returns (uint256) {
        (uint256 taoReserve, uint256 alphaReserve) = staking.pool(netuid);
        return taoReserve == 0 ? 0 : Math.mulDiv(taoIn, alphaReserve, taoReserve);
    }

    function _storeBuckets(SubnetState storage s, PendingBuckets memory p, uint256 alphaBlock) private {
        s.server = p.server.toUint64();
        s.validator = p.validator.toUint64();
        s.ownerCut = p.ownerCut.toUint64();
        s.root = p.root.toUint64();
        s.lastAlphaBlock = uint64(alphaBlock);
    }

    function _subnet(uint16 netuid) private view returns (SubnetState storage s) {
        s = _subnets[netuid];
        if (!s.started) revert CoinbaseUnknownSubnet(netuid);
    }

    function _sum(PendingBuckets memory p) private pure returns (uint256) {
        return p.server + p.validator + p.ownerCut + p.root;
    }
}
