// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title PoolMath
/// @notice The swap arithmetic of a subnet's TAO/α pool (docs/spec/chain.md §3.2–3.3) with equal weights
///         (0.5/0.5), where subtensor's weighted-pool formula reduces to constant product.
/// @dev With w1 = w2 the buy formula `x·(1 − (y/(y+Δy))^(w2/w1))` is exactly `x·Δy/(y+Δy)`; we
///      evaluate that rational exactly and floor it (rounding favours the pool). subtensor evaluates the
///      power at 1e18 scale in fixed point, so its result can differ from the exact floor by a rao.
library PoolMath {
    /// @notice Fee rates are out of u16::MAX (docs/spec/chain.md §3.1 `FeeRate`).
    uint256 internal constant FEE_DENOMINATOR = 65_535;

    /// @notice The output-side reserve must hold at least this before a swap (subtensor `MinimumReserve`).
    uint256 internal constant MINIMUM_RESERVE = 1_000_000;

    /// @notice Prices are rao of TAO per whole α (×1e9), as limit prices are given (docs/spec/chain.md §3.3).
    uint256 internal constant PRICE_SCALE = 1e9;

    /// @notice The fee taken from a swap's input: floor(amountIn · feeRate / 65535) (docs/spec/chain.md §3.3).
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

    /// @notice The largest gross input whose net input (after the fee) is at most `net`:
    ///         max{g : g − floor(g·r/65535) ≤ net} = floor(net · 65535 / (65535 − r)).
    /// @dev g − floor(g·r/D) = ceil(g·(D−r)/D) is non-decreasing in g; at g0 = floor(net·D/(D−r)) it is
    ///      ≤ ceil(net) = net, and at g0 + 1 > net·D/(D−r) it exceeds net. So g0 is the maximum: the fee on
    ///      a limited fill is charged on top of the limited net amount (docs/spec/chain.md §3.3).
    /// @param net The largest acceptable net input.
    /// @param feeRate The fee rate out of 65535 (below 65535).
    /// @return The largest gross input.
    function grossForNet(uint256 net, uint256 feeRate) internal pure returns (uint256) {
        return Math.mulDiv(net, FEE_DENOMINATOR, FEE_DENOMINATOR - feeRate);
    }

    /// @notice The most net TAO a buy may put in before the price reaches `limitPrice` (docs/spec/chain.md §3.3
    ///         price limits): floor(sqrt(limitPrice · x · y / 1e9)) − y, or 0 if the price is already there.
    /// @dev With k = x·y, a buy of Δy leaves y' = y + Δy and x' = x − floor(x·Δy/y') = ceil(k/y') ≥ k/y',
    ///      so the price after is y'·1e9/x' ≤ y'^2·1e9/k ≤ limitPrice for y' ≤ sqrt(limitPrice·k/1e9):
    ///      a fill of at most this size never ends above the limit (subtensor's `(p_limit/p)^w1 − 1` with
    ///      w1 = 1/2, floored so that the limit holds exactly).
    /// @param taoReserve y.
    /// @param alphaReserve x.
    /// @param limitPrice The highest acceptable price after the buy, rao per α ×1e9.
    /// @return The largest net TAO input.
    function maxBuyInput(uint256 taoReserve, uint256 alphaReserve, uint256 limitPrice) internal pure returns (uint256) {
        uint256 target = Math.sqrt(Math.mulDiv(taoReserve * alphaReserve, limitPrice, PRICE_SCALE));
        return target > taoReserve ? target - taoReserve : 0;
    }

    /// @notice The most α a sale may put in before the price falls to `limitPrice`:
    ///         floor(sqrt(x · y · 1e9 / limitPrice)) − x, or 0 if the price is already there.
    /// @dev A sale of Δx leaves x' = x + Δx and y' = ceil(k/x') ≥ k/x', so the price after is ≥ k·1e9/x'^2
    ///      ≥ limitPrice for x' ≤ sqrt(k·1e9/limitPrice). The bound holds for the whole α put in, so a fee
    ///      sold fee-free after the caller's α (Staking's α fee) keeps the pool at or above the limit too.
    /// @param taoReserve y.
    /// @param alphaReserve x.
    /// @param limitPrice The lowest acceptable price after the sale, rao per α ×1e9; non-zero.
    /// @return The largest α input, fee included.
    function maxSellInput(uint256 taoReserve, uint256 alphaReserve, uint256 limitPrice) internal pure returns (uint256) {
        uint256 target = Math.sqrt(Math.mulDiv(taoReserve * alphaReserve, PRICE_SCALE, limitPrice));
        return target > alphaReserve ? target - alphaReserve : 0;
    }
}
