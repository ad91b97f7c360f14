// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ICoinbase} from "../interfaces/ICoinbase.sol";
import {EmissionMath} from "./EmissionMath.sol";
import {PoolMath} from "./PoolMath.sol";

/// @title SubnetAccrual
/// @notice One subnet's emission rules over a range of blocks (docs/spec/chain.md §2.3-§2.5): the α split into
///         the pending buckets, the root proportion, the injection and its cap, the chain buy, the EMA price.
/// @dev Fixed point as subtensor's: the root proportion rp, the owner cut and the split are U96F32 (32
///      fraction bits), each product truncated as substrate-fixed truncates, and each bucket takes the
///      integer part (`tou64`); EMA prices and SubnetMovingAlpha are 1e18 fixed point.
library SubnetAccrual {
    /// @notice subtensor's default `SubnetOwnerCut`, out of 65_535 (≈ 18%).
    uint256 internal constant OWNER_CUT = 11_796;

    /// @dev The owner cut in U96F32, as `get_float_subnet_owner_cut` truncates it: floor(11_796 · 2^32 / 65_535).
    uint256 internal constant OWNER_CUT_BITS = (OWNER_CUT << 32) / 65_535;

    /// @dev 1.0 in the 1e18 fixed point of EMA prices and SubnetMovingAlpha.
    uint256 internal constant WAD = 1e18;

    /// @dev A long range is cut into at most this many chunks, each evaluated at the root proportion of its
    ///      middle block (see {alphaBuckets}).
    uint256 internal constant ROOT_CHUNKS = 8;

    /// @notice τ·R in U96F32 bits: R (root TAO) times TaoWeight in U96F32 (`get_tao_weight`:
    ///         floor(taoWeight · 2^32 / (2^64 - 1))), the product exact as R is an integer.
    /// @param rootTao R, in rao.
    /// @param taoWeight TaoWeight, out of 2^64 - 1.
    /// @return The bits of τ·R.
    function weightedRoot(uint256 rootTao, uint256 taoWeight) internal pure returns (uint256) {
        return rootTao * ((taoWeight << 32) / type(uint64).max);
    }

    /// @notice rp = τR / (τR + α issuance) in U96F32 bits (`root_proportion`), 0 without root stake.
    /// @param rootBits τ·R in U96F32 bits ({weightedRoot}).
    /// @param issuance The α issuance, in rao.
    /// @return The bits of rp, below 2^32.
    function rootProportion(uint256 rootBits, uint256 issuance) internal pure returns (uint256) {
        if (rootBits == 0) return 0;
        return Math.mulDiv(rootBits, 1 << 32, rootBits + (issuance << 32));
    }

    /// @notice One block's α emission `emission` split into the buckets (§2.5, `emit_to_subnets`), in U96F32:
    ///         owner cut = A · cut, α out = A - owner cut, root = rp · α out · 0.5, server = α out · 0.5,
    ///         validator = α out - server - root, each bucket the integer part. The fractions (at most a few
    ///         rao per block) are minted in subtensor but in no bucket: the caller counts them in the issuance.
    /// @param emission A, in α rao.
    /// @param rpBits rp in U96F32 bits.
    /// @return b The buckets.
    function blockSplit(uint256 emission, uint256 rpBits) internal pure returns (ICoinbase.PendingBuckets memory b) {
        uint256 cut = emission * OWNER_CUT_BITS;
        uint256 out = (emission << 32) - cut;
        uint256 root = ((rpBits * out) >> 32) >> 1;
        uint256 server = out >> 1;
        b.ownerCut = cut >> 32;
        b.server = server >> 32;
        b.root = root >> 32;
        b.validator = (out - server - root) >> 32; // root <= out / 2 <= out - server
    }

    /// @notice α emitted over `blocks` blocks from α issuance `issuance`, split per block into the buckets
    ///         ({blockSplit}), with rp at the issuance each block starts from: root goes to its bucket when
    ///         `sell` is set, else it is recycled (never minted), so the issuance grows by A - root per block.
    /// @dev Closed form: inside an era A is constant, and the range is cut into up to {ROOT_CHUNKS} chunks,
    ///      each split at the rp of its middle block's issuance (the issuance grows by about A per block, so
    ///      rp drifts by a relative A / issuance per block). A range of one block is exact; a longer one is
    ///      exact but for that midpoint rule. At most ~30 eras, then A = 0.
    /// @param issuance The α issuance before the first block.
    /// @param blocks The number of blocks.
    /// @param rootBits τ·R in U96F32 bits, fixed over the range.
    /// @param sell The root sell flag, fixed over the range.
    /// @return p The buckets accrued.
    /// @return minted The α the range adds to the issuance (the buckets and the split's fractions).
    function alphaBuckets(
        uint256 issuance,
        uint256 blocks,
        uint256 rootBits,
        bool sell
    ) internal pure returns (ICoinbase.PendingBuckets memory p, uint256 minted) {
        uint256 chunk = Math.ceilDiv(blocks, ROOT_CHUNKS);
        minted = issuance; // the start, until the end
        while (blocks != 0) {
            uint256 emission = EmissionMath.blockEmission(issuance);
            if (emission == 0) break; // 0 from here on: the issuance no longer moves
            uint256 len = Math.min(blocks, chunk);
            ICoinbase.PendingBuckets memory b = blockSplit(emission, rootProportion(rootBits, issuance + (emission * (len - 1)) / 2));
            uint256 growth = sell ? emission : emission - b.root; // > 0: root <= A / 2
            len = Math.min(len, Math.ceilDiv(EmissionMath.nextEraIssuance(issuance) - issuance, growth));
            p.ownerCut += b.ownerCut * len;
            p.server += b.server * len;
            p.validator += b.validator * len;
            if (sell) p.root += b.root * len;
            issuance += growth * len;
            blocks -= len;
        }
        minted = issuance - minted;
    }

    /// @notice The injection cap over `blocks` blocks (§2.4): Σ floor(rp · A) per block, evaluated at the
    ///         issuance of the range's middle block (the α split adds about A per block); exact for one block.
    /// @param issuance The α issuance before the first block.
    /// @param blocks The number of blocks.
    /// @param rootBits τ·R in U96F32 bits.
    /// @return The most α the range may inject.
    function injectionCap(uint256 issuance, uint256 blocks, uint256 rootBits) internal pure returns (uint256) {
        if (rootBits == 0) return 0;
        uint256 emission = EmissionMath.blockEmission(issuance);
        uint256 middle = issuance + (emission * (blocks - 1)) / 2;
        return ((rootProportion(rootBits, middle) * EmissionMath.blockEmission(middle)) >> 32) * blocks;
    }

    /// @notice The injection and chain buy of `tao` TAO into a pool of reserves (y, x) (§2.4):
    ///         alphaIn = floor(tao · x / y), capped at `cap`, and then taoIn = floor(cap · y / x); the rest
    ///         buys α fee-free with no price limit after the injection (our pool's 0.5/0.5 weights keep the
    ///         price through an injection). A buy from a pool whose α reserve is below `MinimumReserve` is not
    ///         made: its TAO is recycled (subtensor: the swap fails and the credit is recycled).
    /// @param tao The subnet's TAO over the range.
    /// @param y The TAO reserve.
    /// @param x The α reserve.
    /// @param cap The injection cap ({injectionCap}).
    /// @return taoIn The TAO injected.
    /// @return alphaIn The α injected.
    /// @return buy The TAO of the chain buy.
    /// @return bought The α the chain buy takes from the pool.
    function inject(
        uint256 tao,
        uint256 y,
        uint256 x,
        uint256 cap
    ) internal pure returns (uint256 taoIn, uint256 alphaIn, uint256 buy, uint256 bought) {
        alphaIn = y == 0 ? 0 : Math.mulDiv(tao, x, y);
        taoIn = tao;
        if (alphaIn > cap) {
            // x > 0 here (alphaIn > 0 needs it) and cap < tao · x / y, so taoIn < tao.
            alphaIn = cap;
            taoIn = Math.mulDiv(cap, y, x);
        }
        buy = tao - taoIn;
        if (buy != 0) {
            if (x + alphaIn < PoolMath.MINIMUM_RESERVE) return (taoIn, alphaIn, 0, 0);
            bought = PoolMath.amountOut(y + taoIn, x + alphaIn, buy);
        }
    }

    /// @notice The EMA price after `blocks` blocks whose first is `first` blocks after the start (§2.3):
    ///         floor((P · p̄ + (1e18 - P) · spot) / 1e18), P = (1e18 - a_m)^blocks, a_m the rate at the range's
    ///         middle block (for one block, the per-block rule p̄ ← a · spot + (1 - a) · p̄).
    /// @param price p̄ before the range, 1e18 fixed point.
    /// @param spot The capped spot price after the range's injection ({cappedSpot}).
    /// @param first b of the range's first block (blocks since `startCall`), at least 1.
    /// @param blocks The number of blocks, at least 1.
    /// @param movingAlpha SubnetMovingAlpha, 1e18 fixed point.
    /// @param halving EMAPriceHalvingBlocks h.
    /// @return The new EMA price.
    function movedPrice(
        uint256 price,
        uint256 spot,
        uint256 first,
        uint256 blocks,
        uint256 movingAlpha,
        uint256 halving
    ) internal pure returns (uint64) {
        uint256 b = (first + first + blocks - 1) / 2;
        uint256 keep = wadPow(WAD - (movingAlpha * b) / (b + halving), blocks);
        return uint64((keep * price + (WAD - keep) * spot) / WAD);
    }

    /// @notice min(floor(taoReserve · 1e18 / αReserve), 1e18): the spot price capped at 1 TAO per α (§2.3).
    /// @param taoReserve y.
    /// @param alphaReserve x.
    /// @return The capped spot, 1e18 fixed point (0 for an empty pool).
    function cappedSpot(uint256 taoReserve, uint256 alphaReserve) internal pure returns (uint256) {
        if (alphaReserve == 0) return 0;
        return Math.min(Math.mulDiv(taoReserve, WAD, alphaReserve), WAD);
    }

    /// @notice base^exponent in 1e18 fixed point by squaring, each product floored; base <= 1e18.
    /// @param base The base.
    /// @param exponent The exponent.
    /// @return result The power.
    function wadPow(uint256 base, uint256 exponent) internal pure returns (uint256 result) {
        result = WAD;
        while (exponent != 0) {
            if (exponent & 1 != 0) result = (result * base) / WAD;
            exponent >>= 1;
            if (exponent != 0) base = (base * base) / WAD;
        }
    }
}
