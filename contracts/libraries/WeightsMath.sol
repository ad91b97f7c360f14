// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title WeightsMath
/// @notice How `set_weights` stores a row: `vec_u16_max_upscale_to_u16` (spec/yuma.md §1), which scales
///         the values so that the largest becomes 65535, rounding half away from zero.
/// @dev subtensor converts each u16 `e` and the maximum `m` to I32F32 and computes, in raw units:
///      - m == 0:      every value is 0 (`e · 65535` with e = 0);
///      - m > 32768:   scale = floor(65535 · 2^32 / m) (`I32F32(65535).safe_div(m)`), then
///                     round(e · scale / 2^32) (`e.saturating_mul(scale).round()`);
///      - otherwise:   round(floor(e · 65535 · 2^32 / m) / 2^32) (`(e · 65535).safe_div(m).round()`).
///      `round()` on a non-negative raw value r is floor((r + 2^31) / 2^32). Nothing saturates: e ≤ m, so
///      e · 65535 ≤ 2^15 · 65535 < 2^31 in the second branch and every result is at most 65535.
///      test/contracts/Weights.test.ts checks this against oracle/yuma/math.ts.
library WeightsMath {
    /// @dev The u16 the largest weight becomes.
    uint256 private constant U16_MAX = 65_535;
    /// @dev Above this maximum subtensor multiplies by a pre-divided scale; at or below it, it divides last.
    uint256 private constant BRANCH_MAX = 32_768;
    /// @dev Fractional bits of I32F32.
    uint256 private constant FRAC_BITS = 32;
    /// @dev One half in I32F32 raw units (for round half away from zero on non-negative values).
    uint256 private constant HALF = 1 << 31;
    /// @dev Bits of a u16 lane of a packed word.
    uint256 private constant LANE_BITS = 16;
    /// @dev u16 lanes 0, 4, 8 and 12: one at the bottom of each 64-bit quarter of a word.
    uint256 private constant QUARTER_LANES = 0xffff | (0xffff << 64) | (0xffff << 128) | (0xffff << 192);
    /// @dev HALF at the bottom of each 64-bit quarter.
    uint256 private constant QUARTER_HALVES = HALF | (HALF << 64) | (HALF << 128) | (HALF << 192);

    /// @notice `vec_u16_max_upscale_to_u16` (spec/yuma.md §1): upscales `values` so the largest is 65535.
    /// @param values The submitted weights.
    /// @return upscaled The stored weights (all zero if every value is zero).
    function maxUpscaleToU16(uint16[] memory values) internal pure returns (uint16[] memory upscaled) {
        uint256 len = values.length;
        upscaled = new uint16[](len);
        uint256 m;
        for (uint256 i; i < len; ++i) {
            if (values[i] > m) m = values[i];
        }
        if (m == 0) return upscaled;
        for (uint256 i; i < len; ++i) upscaled[i] = uint16(upscale(values[i], m));
    }

    /// @notice {upscale} on each of the 16 u16 lanes of a word (lane l at bits 16·l), as Weights stores a row.
    /// @param word Sixteen submitted weights, each at most `m`.
    /// @param m The row's largest submitted weight, non-zero.
    /// @return upscaled The sixteen stored weights, lane for lane (a 0 lane stays 0).
    function upscaleWord(uint256 word, uint256 m) internal pure returns (uint256 upscaled) {
        if (m == U16_MAX) return word; // scale = 2^32: every value is its own upscale
        unchecked {
            if (m > BRANCH_MAX) {
                // Four lanes per multiplication, 64 bits apart: e · scale + HALF < 2^16 · 2^33 + 2^31 < 2^50
                // stays within its quarter, and the result (at most 65535) is masked back out of it.
                uint256 scale = (U16_MAX << FRAC_BITS) / m;
                for (uint256 shift; shift < 4 * LANE_BITS; shift += LANE_BITS) {
                    uint256 lanes = (word >> shift) & QUARTER_LANES;
                    upscaled |= (((lanes * scale + QUARTER_HALVES) >> FRAC_BITS) & QUARTER_LANES) << shift;
                }
            } else {
                // A division per value; 0 lanes (most of a sparse row's word) are skipped.
                for (uint256 shift; shift < 256; shift += LANE_BITS) {
                    uint256 e = (word >> shift) & U16_MAX;
                    if (e != 0) upscaled |= upscale(e, m) << shift;
                }
            }
        }
    }

    /// @notice One value of {maxUpscaleToU16}: `e` against its row's maximum `m`.
    /// @param e The submitted weight, at most `m`.
    /// @param m The row's largest submitted weight, non-zero.
    /// @return The stored weight, at most 65535.
    function upscale(uint256 e, uint256 m) internal pure returns (uint256) {
        // Unchecked: every intermediate is below 2^50 and the result at most 65535 (e <= m), see above.
        unchecked {
            // e * floor(65535 * 2^32 / m) <= 65535 * 2^32, so the rounded result is at most 65535.
            if (m > BRANCH_MAX) return (e * ((U16_MAX << FRAC_BITS) / m) + HALF) >> FRAC_BITS;
            // floor(e * 65535 * 2^32 / m) <= 65535 * 2^32 because e <= m.
            return (((e * U16_MAX) << FRAC_BITS) / m + HALF) >> FRAC_BITS;
        }
    }
}
