// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title U16Proportion
/// @notice subtensor's u16 proportion encoding: a u16 `x` stands for the proportion `x / 65535`.
/// @dev Exact integer ports of `u16_proportion_to_fixed` and `fixed_proportion_to_u16` from
///      subtensor's `epoch/math.rs` (docs/spec/yuma.md §1). I32F32 values are passed as their raw
///      integer (value = raw / 2^32) and must be non-negative, as proportions are.
library U16Proportion {
    /// @notice The u16 that stands for the proportion 1.
    uint16 internal constant U16_MAX = type(uint16).max;

    /// @notice Number of fractional bits of I32F32.
    uint256 internal constant I32F32_FRAC_BITS = 32;

    /// @notice Decodes a stored u16 proportion into I32F32 (docs/spec/yuma.md §1 `u16_proportion_to_fixed`).
    /// @dev `I32F32(x).safe_div(I32F32(65535))` = `(x << 32) / 65535`, truncating; never overflows.
    /// @param x The u16 proportion (65535 = 1).
    /// @return raw The I32F32 raw value, in [0, 2^32].
    function u16ProportionToFixed(uint16 x) internal pure returns (uint64 raw) {
        // (x << 32) / 65535 <= 2^32, so the cast cannot truncate.
        return uint64((uint256(x) << I32F32_FRAC_BITS) / U16_MAX);
    }

    /// @notice Encodes an I32F32 proportion as a u16 (docs/spec/yuma.md §1 `fixed_proportion_to_u16`).
    /// @dev `floor_u16(x.saturating_mul(65535))` = `(raw * 65535) >> 32`, floored (not rounded),
    ///      clamped to 65535 for proportions above 1 (raw > 2^32).
    /// @param raw The I32F32 raw value of a non-negative proportion.
    /// @return x The u16 proportion (65535 = 1).
    function fixedProportionToU16(uint64 raw) internal pure returns (uint16 x) {
        // raw * 65535 < 2^80: no overflow in uint256.
        uint256 scaled = (uint256(raw) * U16_MAX) >> I32F32_FRAC_BITS;
        return scaled > U16_MAX ? U16_MAX : uint16(scaled);
    }
}
