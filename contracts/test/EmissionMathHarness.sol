// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EmissionMath} from "../libraries/EmissionMath.sol";

/// @title EmissionMathHarness
/// @notice Test-only contract exposing the internal functions and constants of {EmissionMath}.
contract EmissionMathHarness {
    /// @notice See {EmissionMath-TOTAL_SUPPLY}.
    function totalSupplyCap() external pure returns (uint256) {
        return EmissionMath.TOTAL_SUPPLY;
    }

    /// @notice See {EmissionMath-DEFAULT_BLOCK_EMISSION}.
    function defaultBlockEmission() external pure returns (uint256) {
        return EmissionMath.DEFAULT_BLOCK_EMISSION;
    }

    /// @notice See {EmissionMath-blockEmission}.
    function blockEmission(uint256 issuance) external pure returns (uint256) {
        return EmissionMath.blockEmission(issuance);
    }

    /// @notice See {EmissionMath-mintable}.
    function mintable(uint256 issuance) external pure returns (uint256) {
        return EmissionMath.mintable(issuance);
    }

    /// @notice See {EmissionMath-nextEraIssuance}.
    function nextEraIssuance(uint256 issuance) external pure returns (uint256) {
        return EmissionMath.nextEraIssuance(issuance);
    }

    /// @notice {EmissionMath-blockEmission} of many issuances in one call.
    function blockEmissions(uint256[] calldata issuances) external pure returns (uint256[] memory out) {
        out = new uint256[](issuances.length);
        for (uint256 i = 0; i < issuances.length; ++i) {
            out[i] = EmissionMath.blockEmission(issuances[i]);
        }
    }
}
