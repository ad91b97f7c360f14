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
