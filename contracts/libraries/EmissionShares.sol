// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {EmissionMath} from "./EmissionMath.sol";

/// @title EmissionShares
/// @notice The TAO block emission shared among subnets by weight (docs/spec/chain.md §1, §2.2) through one
///         global accumulator, so that a subnet collects its TAO in O(1) whatever the number of subnets.
/// @dev Per block, with E = blockEmission(issuance) and ΣW the total weight, each unit of weight earns
///      q = floor(E · 2^128 / ΣW) (TAO per unit of weight, in 2^-128 rao), and a subnet of weight W is
///      credited W · q. The issuance counts the credits as they are earned, in 2^-128 rao ("fine" units):
///      it grows by ΣW · q per block, at most E (short of it by less than ΣW · 2^-128 rao). A subnet's
///      credit is paid in whole rao when it collects; its fraction stays owed to it. Inside a halving era
///      E, q and the growth are constant, so a range of blocks costs O(1) per era it touches.
library EmissionShares {
    /// @dev 2^128: one rao in fine units.
    uint256 internal constant ONE = 1 << 128;

    /// @notice Advances the issuance over `blocks` blocks of emission shared by `totalWeight`.
    /// @param fine The TAO issuance before the first block, in 2^-128 rao (supply · 2^128 + owed credits).
    /// @param totalWeight ΣW over the blocks (constant over them); non-zero.
    /// @param blocks The number of blocks.
    /// @return perWeight What each unit of weight earned over the blocks, in 2^-128 rao.
    /// @return newFine The issuance after the blocks, in 2^-128 rao.
    function grow(
        uint256 fine,
        uint256 totalWeight,
        uint256 blocks
    ) internal pure returns (uint256 perWeight, uint256 newFine) {
        while (blocks != 0) {
            uint256 issuance = fine >> 128;
            uint256 emission = EmissionMath.blockEmission(issuance);
            if (emission == 0) break; // at the cap or past era 29: nothing more, ever
            uint256 q = Math.ceilDiv(emission << 128, totalWeight); // rounded up: one subnet gets exactly E
            uint256 growth = q * totalWeight;
            if (growth == 0) break; // a weight above 2^158: cannot happen (weights stay below 2^100)
            // Blocks until the issuance reaches the next era (the block that reaches it is still this era's).
            uint256 inEra = Math.min(blocks, Math.ceilDiv((EmissionMath.nextEraIssuance(issuance) << 128) - fine, growth));
            perWeight += q * inEra;
            fine += growth * inEra;
            blocks -= inEra;
        }
        newFine = fine;
    }
}
