// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title PoolMath
/// @notice The swap arithmetic of a subnet's TAO/α pool (spec/chain.md §3.2–3.3) with equal weights
///         (0.5/0.5), where subtensor's weighted-pool formula reduces to constant product.
/// @dev With w1 = w2 the buy formula `x·(1 − (y/(y+Δy))^(w2/w1))` is exactly `x·Δy/(y+Δy)`; we
///      evaluate that rational exactly and floor it (rounding favours the pool). subtensor evaluates the
///      power at 1e18 scale in fixed point, so its result can differ from the exact floor by a rao.
library PoolMath {
    /// @notice Fee rates are out of u16::MAX (spec/chain.md §3.1 `FeeRate`).
    uint256 internal constant FEE_DENOMINATOR = 65_535;

    /// @notice The output-side reserve must hold at least this before a swap (subtensor `MinimumReserve`).
    uint256 internal constant MINIMUM_RESERVE = 1_000_000;

    /// @notice The fee taken from a swap's input: floor(amountIn · feeRate / 65535) (spec/chain.md §3.3).
    /// @dev subtensor multiplies by the rate in U64F64, which can come out one rao lower when the exact
    ///      product is an integer; we use the exact floor the spec writes.
    /// @param amountIn The gross input.
    /// @param feeRate The fee rate out of 65535.
    /// @return The fee, always below `amountIn` for `feeRate` < 65535.
    function fee(uint256 amountIn, uint256 feeRate) internal pure returns (uint256) {
        return (amountIn * feeRate) / FEE_DENOMINATOR;
    }

    /// @notice The output of a constant-product swap: floor(reserveOut · amountIn / (reserveIn + amountIn)).
    /// @dev A buy is (reserveIn, reserveOut) = (y, x) with amountIn = Δy; a sell is (x, y) with Δx.
    ///      The result is below `reserveOut` whenever `reserveIn` > 0.
    /// @param reserveIn The input-side reserve before the swap.
    /// @param reserveOut The output-side reserve before the swap.
    /// @param amountIn The net input (after the fee).
    /// @return The output, floored.
    function amountOut(uint256 reserveIn, uint256 reserveOut, uint256 amountIn) internal pure returns (uint256) {
        return Math.mulDiv(reserveOut, amountIn, reserveIn + amountIn);
    }
}
