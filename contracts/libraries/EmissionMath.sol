// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title EmissionMath
/// @notice subtensor's TAO block emission: 1 TAO per block, halved by issuance, not by height
///         (docs/spec/chain.md §1). The same rule gives each subnet's alpha emission from its alpha issuance.
/// @dev subtensor (`coinbase/block_emission.rs`, `get_block_emission_for_issuance`) computes, with
///      I = issuance and S = 21e15 rao, in I96F32 (substrate-fixed v0.6.0):
///        0 if I >= S; else q = I / S (S written as 2.0 * 10_500_000_000_000_000.0, exact),
///        d = 1 - q, x = 1 / d, k = floor(log2(x)) (`transcendental::log2`), emission = to_u64((1 / 2^k) * 1e9).
///      Every fixed-point division truncates, and `log2` counts the halvings x -> ceil(x / 2) while
///      x >= 2 for its integer part (the fraction bits it adds afterwards never reach the integer).
///      In raw units (value * 2^32), with integers throughout:
///        q = floor(I * 2^32 / S), D = 2^32 - q (1 <= D <= 2^32), X = floor(2^64 / D),
///        k = least n >= 0 with ceil(X / 2^n) < 2^33, i.e. with X <= T_n := 2^(33+n) - 2^n.
///      This k equals the exact rule k = min(32, floor(log2(S / (S - I)))), floors included:
///      1. X > T_n  <=>  D <= floor(2^64 / (T_n + 1)) = 2^(31-n) for 0 <= n <= 31 (the remainder
///         (2^31 - 2^(31-n)) / (T_n + 1) is below 1), and never for n >= 32 (T_n >= 2^64). So the
///         round-up in the halving loop never shows: k = #{m in 1..32 : D <= 2^(32-m)}.
///      2. D <= 2^(32-m)  <=>  floor(I * 2^32 / S) >= 2^32 - 2^(32-m)  <=>  I >= S - S / 2^m
///         <=>  I >= S - floor(S / 2^m) (I is an integer)  <=>  S - I <= floor(S / 2^m)
///         <=>  2^m <= S / (S - I)  <=>  2^m <= floor(S / (S - I)).
///      3. 1 / 2^k is exact in I96F32 for k <= 32, so emission = floor(1e9 / 2^k) = 1e9 >> k, which is
///         0 for every k >= 30; dropping the cap at 32 therefore changes no result.
///      So era k starts at I = S - floor(S / 2^k): exactly S * (1 - 2^-k) for k <= 15, the real
///      threshold rounded up for k >= 16 (S = 21 * 5^15 * 2^15). test/contracts/EmissionMath.test.ts
///      checks this against a BigInt emulation of the fixed-point steps.
library EmissionMath {
    /// @notice Hard cap on TAO issuance: 21M TAO in rao (subtensor `TotalSupply`, `MAX_TAO_ISSUANCE`).
    uint256 internal constant TOTAL_SUPPLY = 21_000_000e9;

    /// @notice Emission per block in era 0: 1 TAO in rao (subtensor `DefaultBlockEmission`).
    uint256 internal constant DEFAULT_BLOCK_EMISSION = 1e9;

    /// @notice Emission per block at `issuance` (docs/spec/chain.md §1, `get_block_emission_for_issuance`).
    /// @dev floor(1e9 / 2^k) with k = floor(log2(1 / (1 - issuance / 21e15))), evaluated exactly as
    ///      floor(log2(floor(S / (S - issuance)))); bit-identical to subtensor's I96F32 computation
    ///      (proof in the library's notes). 0 at and above the cap, and from era 30 on (issuance at or above
    ///      21e15 - 19_557_774 rao), where the shift leaves nothing.
    /// @param issuance Total issuance in rao (subtensor `TotalIssuance`).
    /// @return The rao to emit this block, before the hard cap of {mintable}.
    function blockEmission(uint256 issuance) internal pure returns (uint256) {
        if (issuance < TOTAL_SUPPLY) {
            // TOTAL_SUPPLY - issuance >= 1, so the quotient is in [1, TOTAL_SUPPLY] and log2 is the era.
            uint256 era = Math.log2(TOTAL_SUPPLY / (TOTAL_SUPPLY - issuance));
            return DEFAULT_BLOCK_EMISSION >> era;
        }
        return 0;
    }

    /// @notice The first issuance of the era after the one `issuance` is in: every issuance in
    ///         [issuance, nextEraIssuance(issuance)) has the same {blockEmission}, and the emission at the
    ///         returned issuance is half of it (rounded down). Closed-form accrual steps era by era with it.
    /// @dev Era k starts at S - floor(S / 2^k) (see the library's notes), so the next one starts at
    ///      S - floor(S / 2^(k+1)). Returns `type(uint256).max` at and above the cap (the emission is 0
    ///      and stays 0).
    /// @param issuance Total issuance in rao.
    /// @return The smallest issuance of the next era.
    function nextEraIssuance(uint256 issuance) internal pure returns (uint256) {
        if (issuance < TOTAL_SUPPLY) {
            uint256 era = Math.log2(TOTAL_SUPPLY / (TOTAL_SUPPLY - issuance));
            return TOTAL_SUPPLY - (TOTAL_SUPPLY >> (era + 1));
        }
        return type(uint256).max;
    }

    /// @notice What a block actually mints at `issuance`: the emission, hard-capped at 21M TAO
    ///         (docs/spec/chain.md §1 `mint_tao`: min(emission, 21e15 - issuance)).
    /// @dev The cap never binds on the schedule itself: in era k, 21e15 - issuance > 21e15 / 2^(k+1),
    ///      which exceeds 1e9 / 2^k; it is kept because subtensor applies it.
    /// @param issuance Total issuance in rao.
    /// @return The rao to mint this block; 0 at and above the cap.
    function mintable(uint256 issuance) internal pure returns (uint256) {
        if (issuance < TOTAL_SUPPLY) return Math.min(blockEmission(issuance), TOTAL_SUPPLY - issuance);
        return 0;
    }
}
