// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title BurnMath
/// @notice The neuron burn price's per-block decay and per-registration bump (docs/spec/chain.md §5.2),
///         in subtensor's Q32 / U64F64 fixed point, plus the closed form the registry uses to apply
///         many blocks of decay at once.
/// @dev subtensor (`update_registration_prices_for_networks`) multiplies the burn by f every block,
///      f = {decayFactorQ32}(BurnHalfLife), flooring each time: x ← floor(x·f / 2^32). We are lazy, so
///      {decay} applies k blocks at once: floor(x · F / 2^127), F = (f / 2^32)^k in Q127 by exponentiation
///      by squaring with every product rounded up. Let φ = f / 2^32, P the block-by-block value and
///      R = x·φ^k the exact one. Each floor loses less than 1 and the later blocks shrink that loss by φ,
///      so 0 ≤ R − P < 1 + φ + φ² + … = 1/(1 − φ). F is never below φ^k·2^127, and exceeds it by less
///      than 2^(s+1) units for a k of s bits (a rounding adds under one unit; squaring at most doubles an
///      earlier excess; the other factors are ≤ 1). Gaps of 2^22 blocks or more, over 116 half-lives at
///      the longest half-life (36_100), return 0 = floor(R) = P outright; so s ≤ 22 and, for x < 2^64,
///      the result lies in [floor(R), R + 2^-40]. Hence, exactly as the tests check against a
///      block-by-block model:
///          0 ≤ decay(x, f, k) − P < 1/(1 − φ) + 2^-40
///      The lazy price is never below subtensor's, and above it by at most 519 rao at the default
///      half-life of 360 blocks, 1_443 at 1_000, 52_081 at 36_100 (1/(1 − φ) ≈ half-life / ln 2). Once
///      either reaches MinBurn both are clamped to it, so the clamped prices then agree exactly.
library BurnMath {
    /// @dev 1.0 in Q32.
    uint256 internal constant ONE_Q32 = 1 << 32;
    /// @dev {decay} returns 0 for gaps of this many blocks or more (see the library's @dev).
    uint256 private constant DECAY_GAP_CAP = 1 << 22;
    /// @dev 0.5 in Q32.
    uint256 private constant HALF_Q32 = 1 << 31;
    /// @dev Fractional bits of the closed form's f^k.
    uint256 private constant Q127_BITS = 127;
    /// @dev 1.0 in Q127.
    uint256 private constant ONE_Q127 = 1 << 127;
    /// @dev Fractional bits of U64F64.
    uint256 private constant U64F64_BITS = 64;

    /// @notice subtensor's `mul_by_q32`: floor(value · factor / 2^32), saturating at 2^64 − 1.
    /// @param value An amount below 2^64.
    /// @param factorQ32 A Q32 factor below 2^64.
    /// @return The product, in the units of `value`.
    function mulQ32(uint256 value, uint256 factorQ32) internal pure returns (uint256) {
        uint256 product = (value * factorQ32) >> 32;
        return product > type(uint64).max ? type(uint64).max : product;
    }

    /// @notice subtensor's `pow_q32`: base^exp in Q32 by squaring, each product through {mulQ32}.
    /// @param baseQ32 The base in Q32, below 2^64.
    /// @param exp The exponent.
    /// @return result base^exp in Q32.
    function powQ32(uint256 baseQ32, uint256 exp) internal pure returns (uint256 result) {
        result = ONE_Q32;
        uint256 factor = baseQ32;
        while (exp != 0) {
            if (exp & 1 == 1) result = mulQ32(result, factor);
            exp >>= 1;
            if (exp != 0) factor = mulQ32(factor, factor);
        }
    }

    /// @notice subtensor's `decay_factor_q32`: the largest Q32 f with powQ32(f, halfLife) ≤ 1/2, found by
    ///         bisection (1.0 for a half-life of 0).
    /// @param halfLife `BurnHalfLife`, in blocks.
    /// @return lo The per-block factor f in Q32 (below 2^32 for a non-zero half-life).
    function decayFactorQ32(uint256 halfLife) internal pure returns (uint256 lo) {
        if (halfLife == 0) return ONE_Q32;
        uint256 hi = ONE_Q32;
        while (lo + 1 < hi) {
            uint256 mid = lo + ((hi - lo) >> 1);
            if (powQ32(mid, halfLife) > HALF_Q32) hi = mid;
            else lo = mid;
        }
    }

    /// @notice `blocks` blocks of decay of `price` at the per-block factor `factorQ32`, in closed form;
    ///         less than 1/(1 − f/2^32) + 2^-40 rao above the block-by-block floors and never below them
    ///         (see the library's notes). No clamping.
    /// @param price The price, in rao, below 2^64.
    /// @param factorQ32 The per-block factor f in Q32, at most decayFactorQ32(36_100).
    /// @param blocks The number of blocks.
    /// @return The decayed price, in rao.
    function decay(uint256 price, uint256 factorQ32, uint256 blocks) internal pure returns (uint256) {
        // At least 2^22 blocks: R < 2^64 · 2^-116 < 1, so both the exact and the block-by-block value are 0.
        // solhint-disable-next-line gas-strict-inequalities
        if (blocks >= DECAY_GAP_CAP) return 0;
        uint256 base = factorQ32 << (Q127_BITS - 32);
        uint256 power = ONE_Q127;
        // Both factors stay at most 2^127, so every product is below 2^254: nothing overflows, and the
        // rounding up adds less than one unit.
        unchecked {
            while (blocks != 0) {
                if (blocks & 1 == 1) power = (power * base + ONE_Q127 - 1) >> Q127_BITS;
                blocks >>= 1;
                if (blocks != 0) base = (base * base + ONE_Q127 - 1) >> Q127_BITS;
            }
        }
        return (price * power) >> Q127_BITS;
    }

    /// @notice subtensor's registration bump: floor(price · mult) with mult in U64F64, saturating at 2^64 − 1.
    /// @param price The price, in rao, below 2^64.
    /// @param multQ64 `BurnIncreaseMult` as U64F64 raw bits, below 2^128.
    /// @return The raised price, in rao (not clamped to the burn bounds).
    function increase(uint256 price, uint256 multQ64) internal pure returns (uint256) {
        uint256 product = (price * multQ64) >> U64F64_BITS;
        return product > type(uint64).max ? type(uint64).max : product;
    }
}
