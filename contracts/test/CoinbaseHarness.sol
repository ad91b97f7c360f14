// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICoinbase} from "../interfaces/ICoinbase.sol";
import {EmissionShares} from "../libraries/EmissionShares.sol";
import {SubnetAccrual} from "../libraries/SubnetAccrual.sol";

/// @title CoinbaseHarness
/// @notice Test-only contract exposing the Coinbase's accrual maths ({EmissionShares}, {SubnetAccrual}), so tests
///         can check it against a block-by-block reference at any issuance (era crossings of TAO and of α).
contract CoinbaseHarness {
    /// @notice {SubnetAccrual-alphaBuckets} without root stake.
    /// @param issuance α issuance before the first block.
    /// @param blocks Number of blocks.
    /// @return The buckets accrued over the blocks.
    function alphaBuckets(uint256 issuance, uint256 blocks) external pure returns (ICoinbase.PendingBuckets memory) {
        (ICoinbase.PendingBuckets memory p, ) = SubnetAccrual.alphaBuckets(issuance, blocks, 0, false);
        return p;
    }

    /// @notice {SubnetAccrual-alphaBuckets}.
    /// @param issuance α issuance before the first block.
    /// @param blocks Number of blocks.
    /// @param rootBits τ·R in U96F32 bits.
    /// @param sell The root sell flag.
    /// @return p The buckets accrued over the blocks.
    /// @return minted What the blocks add to the α issuance.
    function alphaBucketsWithRoot(
        uint256 issuance,
        uint256 blocks,
        uint256 rootBits,
        bool sell
    ) external pure returns (ICoinbase.PendingBuckets memory p, uint256 minted) {
        return SubnetAccrual.alphaBuckets(issuance, blocks, rootBits, sell);
    }

    /// @notice {SubnetAccrual-blockSplit}.
    /// @param emission A.
    /// @param rpBits rp in U96F32 bits.
    /// @return The buckets.
    function blockSplit(uint256 emission, uint256 rpBits) external pure returns (ICoinbase.PendingBuckets memory) {
        return SubnetAccrual.blockSplit(emission, rpBits);
    }

    /// @notice {SubnetAccrual-rootProportion} of {SubnetAccrual-weightedRoot}.
    /// @param rootTao R.
    /// @param taoWeight TaoWeight.
    /// @param issuance α issuance.
    /// @return rp in U96F32 bits.
    function rootProportion(uint256 rootTao, uint256 taoWeight, uint256 issuance) external pure returns (uint256) {
        return SubnetAccrual.rootProportion(SubnetAccrual.weightedRoot(rootTao, taoWeight), issuance);
    }

    /// @notice Each of `count` equal-weight subnets' TAO over the blocks ({EmissionShares-grow}).
    /// @param issuance TAO issuance before the first block.
    /// @param blocks Number of blocks.
    /// @param count Number of subnets sharing each block's emission.
    /// @return share One subnet's TAO (whole rao).
    /// @return issued The issuance growth (whole rao, the credits' fractions included).
    function taoShare(uint256 issuance, uint256 blocks, uint256 count) external pure returns (uint256 share, uint256 issued) {
        uint256 fine = issuance << 128;
        (uint256 perWeight, uint256 newFine) = EmissionShares.grow(fine, count, blocks);
        return (perWeight >> 128, (newFine - fine) >> 128);
    }

    /// @notice Each subnet's TAO over the blocks by `weights` ({EmissionShares-grow}): w · (what a unit of weight
    ///         earned), in whole rao.
    /// @param issuance TAO issuance before the first block.
    /// @param blocks Number of blocks.
    /// @param weights Each subnet's weight (not all 0).
    /// @return amounts Each subnet's TAO.
    /// @return issued The issuance growth (whole rao).
    function taoSplit(
        uint256 issuance,
        uint256 blocks,
        uint256[] calldata weights
    ) external pure returns (uint256[] memory amounts, uint256 issued) {
        uint256 total;
        for (uint256 i; i < weights.length; ++i) total += weights[i];
        uint256 fine = issuance << 128;
        (uint256 perWeight, uint256 newFine) = EmissionShares.grow(fine, total, blocks);
        amounts = new uint256[](weights.length);
        for (uint256 i; i < weights.length; ++i) amounts[i] = (weights[i] * perWeight) >> 128;
        issued = (newFine >> 128) - issuance;
    }
}
