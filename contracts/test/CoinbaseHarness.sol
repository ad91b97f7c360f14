// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Coinbase} from "../emission/Coinbase.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {ITao} from "../interfaces/ITao.sol";

/// @title CoinbaseHarness
/// @notice Test-only contract exposing the closed-form accrual maths of {Coinbase}, so tests can check it
///         against a block-by-block reference at any issuance (era crossings of TAO and of α).
contract CoinbaseHarness is Coinbase {
    /// @notice A Coinbase wired to nothing: only the pure functions are meant to be called.
    constructor() Coinbase(msg.sender, ITao(address(0)), ISubnetRegistry(address(0)), IStaking(address(0))) {}

    /// @notice See {Coinbase-_alphaBuckets}, without root stake.
    /// @param issuance α issuance before the first block.
    /// @param blocks Number of blocks.
    /// @return The buckets accrued over the blocks.
    function alphaBuckets(uint256 issuance, uint256 blocks) external pure returns (PendingBuckets memory) {
        return _alphaBuckets(issuance, blocks, 0, false);
    }

    /// @notice See {Coinbase-_alphaBuckets}, with root stake.
    /// @param issuance α issuance before the first block (the root proportion's too).
    /// @param blocks Number of blocks.
    /// @param weightedRoot TaoWeight (of 2^64 - 1) times the root TAO.
    /// @param sell The root sell flag.
    /// @return The buckets accrued over the blocks.
    function alphaBucketsWithRoot(
        uint256 issuance,
        uint256 blocks,
        uint256 weightedRoot,
        bool sell
    ) external pure returns (PendingBuckets memory) {
        return _alphaBuckets(issuance, blocks, weightedRoot, sell);
    }

    /// @notice {Coinbase-_taoSplit} with `count` equal weights: each subnet's TAO over the blocks.
    /// @param issuance TAO issuance before the first block.
    /// @param blocks Number of blocks.
    /// @param count Number of subnets sharing each block's emission.
    /// @return Each subnet's TAO over the blocks.
    function taoShare(uint256 issuance, uint256 blocks, uint256 count) external pure returns (uint256) {
        uint256[] memory weights = new uint256[](count);
        for (uint256 i; i < count; ++i) weights[i] = 1;
        (uint256[] memory amounts, ) = _taoSplit(issuance, blocks, weights);
        return amounts[0];
    }

    /// @notice See {Coinbase-_taoSplit}.
    /// @param issuance TAO issuance before the first block.
    /// @param blocks Number of blocks.
    /// @param weights Each subnet's weight.
    /// @return amounts Each subnet's TAO over the blocks.
    /// @return minted Their sum.
    function taoSplit(
        uint256 issuance,
        uint256 blocks,
        uint256[] calldata weights
    ) external pure returns (uint256[] memory amounts, uint256 minted) {
        return _taoSplit(issuance, blocks, weights);
    }
}
