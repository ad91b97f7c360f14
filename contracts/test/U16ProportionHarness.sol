// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {U16Proportion} from "../libraries/U16Proportion.sol";

/// @title U16ProportionHarness
/// @notice Test-only contract exposing the internal functions of {U16Proportion}.
contract U16ProportionHarness {
    /// @notice See {U16Proportion-u16ProportionToFixed}.
    function u16ProportionToFixed(uint16 x) external pure returns (uint64) {
        return U16Proportion.u16ProportionToFixed(x);
    }

    /// @notice See {U16Proportion-fixedProportionToU16}.
    function fixedProportionToU16(uint64 raw) external pure returns (uint16) {
        return U16Proportion.fixedProportionToU16(raw);
    }
}
