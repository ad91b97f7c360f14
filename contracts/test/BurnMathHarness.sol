// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BurnMath} from "../libraries/BurnMath.sol";

/// @title BurnMathHarness
/// @notice Test-only contract exposing the internal functions of {BurnMath}.
contract BurnMathHarness {
    /// @notice See {BurnMath-powQ32}.
    function powQ32(uint256 baseQ32, uint256 exp) external pure returns (uint256) {
        return BurnMath.powQ32(baseQ32, exp);
    }

    /// @notice See {BurnMath-decayFactorQ32}.
    function decayFactorQ32(uint256 halfLife) external pure returns (uint256) {
        return BurnMath.decayFactorQ32(halfLife);
    }

    /// @notice See {BurnMath-decay}.
    function decay(uint256 price, uint256 factorQ32, uint256 blocks) external pure returns (uint256) {
        return BurnMath.decay(price, factorQ32, blocks);
    }

    /// @notice See {BurnMath-increase}.
    function increase(uint256 price, uint256 multQ64) external pure returns (uint256) {
        return BurnMath.increase(price, multQ64);
    }
}
