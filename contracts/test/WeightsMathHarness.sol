// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {WeightsMath} from "../libraries/WeightsMath.sol";

/// @title WeightsMathHarness
/// @notice Test-only contract exposing the internal functions of {WeightsMath}.
contract WeightsMathHarness {
    /// @notice See {WeightsMath-maxUpscaleToU16}.
    function maxUpscaleToU16(uint16[] calldata values) external pure returns (uint16[] memory) {
        return WeightsMath.maxUpscaleToU16(values);
    }

    /// @notice See {WeightsMath-upscaleWord}.
    function upscaleWord(uint256 word, uint256 m) external pure returns (uint256) {
        return WeightsMath.upscaleWord(word, m);
    }

    /// @notice See {WeightsMath-upscale}.
    function upscale(uint256 e, uint256 m) external pure returns (uint256) {
        return WeightsMath.upscale(e, m);
    }
}
