// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ICoinbase} from "../interfaces/ICoinbase.sol";
import {EmissionMath} from "../libraries/EmissionMath.sol";
import {PoolMath} from "../libraries/PoolMath.sol";
import {IAlpha} from "./interfaces/subtensor/IAlpha.sol";
import {FacadeContext, PrecompileFacade} from "./PrecompileFacade.sol";

/// @title AlphaPrecompile
/// @notice subtensor's Alpha precompile (0x808, docs/spec/chain.md §9) over the layer's pools (Staking) and
///         emission (Coinbase).
/// @dev Mapping onto the layer:
///      - a netuid is dynamic (mechanism 1) while the registry has it (registered, not dissolved); root and
///        every other netuid are stable (mechanism 0: price 1, swaps 1:1), as subtensor's `SubnetMechanism`
///        defaults to 0;
///      - prices follow subtensor's path: the pool's price (w1 = w2 here, so y / x, §3.2) in U64F64, times
///        1e9 floored to u64 (saturating), times 1e9 to 18 decimals;
///      - the layer accrues emission lazily (docs/architecture.md principle 4): pools and EMA prices are as
///        of the last accrual, pending α as of now; and it keeps no per-block record of emission, so the
///        `get*InEmission` views compute what one block would emit from the current state, by the
///        Coinbase's per-block rules (§2.2, §2.4), where subtensor stores the last block's;
///      - the layer keeps no swap volume ({getSubnetVolume} is unsupported) and has no child keys
///        ({getCKBurn} answers the chain's default, 0).
contract AlphaPrecompile is IAlpha, PrecompileFacade {
    /// @dev 1.0 in U64F64, subtensor's price type.
    uint256 private constant Q64 = 1 << 64;
    /// @dev rao per TAO (the chain's ×1e9), and wei per rao (the EVM's).
    uint256 private constant E9 = 1e9;
    /// @dev 1e18 fixed point of the Coinbase's EMA prices.
    uint256 private constant WAD = 1e18;
    /// @dev TaoWeight's denominator (u64::MAX), and MinerBurned's 1.0 (U96F32), as the Coinbase uses them.
    uint256 private constant U64_MAX = type(uint64).max;
    uint256 private constant MINER_BURNED_ONE = 1 << 32;
    /// @dev subtensor's swap refuses a net input above 1000 × the input-side reserve (§3.3).
    uint256 private constant MAX_INPUT_FACTOR = 1_000;

    /// @notice Binds the facade to the layer (see PrecompileFacade).
    /// @param c The layer's contracts.
    constructor(FacadeContext memory c) PrecompileFacade(c) {}

    /* PRICES */

    /// @inheritdoc IAlpha
    function getAlphaPrice(uint16 netuid) external view returns (uint256) {
        if (!_dynamic(netuid)) return E9 * E9;
        return _toEvm(_price64(netuid));
    }

    /// @inheritdoc IAlpha
    /// @dev The Coinbase keeps p̄ in 1e18 (subtensor: I96F32), as of the last accrual.
    function getMovingAlphaPrice(uint16 netuid) external view returns (uint256) {
        if (!_dynamic(netuid)) return E9 * E9;
        return (COINBASE.movingPrice(netuid) / E9) * E9;
    }

    /// @inheritdoc IAlpha
    /// @dev Registered subnets only (subtensor's `NetworksAdded`), each at its spot price in U64F64.
    function getSumAlphaPrice() external view returns (uint256) {
        uint16[] memory netuids = REGISTRY.netuids();
        uint256 sum;
        for (uint256 i; i < netuids.length; ++i) {
            if (netuids[i] == 0) continue;
            uint256 price = _price64(netuids[i]);
            if (price < Q64) sum += price;
        }
        return _toEvm(sum);
    }

    /* POOL AND SUPPLY */

    /// @inheritdoc IAlpha
    function getTaoInPool(uint16 netuid) external view returns (uint64) {
        (uint256 taoReserve, ) = STAKING.pool(netuid);
        return _u64Saturated(taoReserve);
    }

    /// @inheritdoc IAlpha
    function getAlphaInPool(uint16 netuid) external view returns (uint64) {
        (, uint256 alphaReserve) = STAKING.pool(netuid);
        return _u64Saturated(alphaReserve);
    }

    /// @inheritdoc IAlpha
    /// @dev The α token's supply less the reserve (staked, liquid, protocol, burned, held credits and root
    ///      dividends) plus the pending buckets (emitted, not yet minted; subtensor mints alpha_out into
    ///      `SubnetAlphaOut` at once). Root has no α token: its stake is swapped 1:1, so its α out is taken
    ///      to be its TAO stake.
    function getAlphaOutPool(uint16 netuid) external view returns (uint64) {
        return _u64Saturated(_alphaOut(netuid));
    }

    /// @inheritdoc IAlpha
    function getAlphaIssuance(uint16 netuid) external view returns (uint64) {
        (, uint256 alphaReserve) = STAKING.pool(netuid);
        return _u64Saturated(alphaReserve + _alphaOut(netuid));
    }

    /* PARAMETERS */

    /// @inheritdoc IAlpha
    function getTaoWeight() external view returns (uint256) {
        return STAKING.taoWeight();
    }

    /// @inheritdoc IAlpha
    /// @dev The layer has no child keys (§4.5), so nothing is burned from their contributions: the chain's
    ///      default, 0.
    function getCKBurn() external pure returns (uint256) {
        return 0;
    }

    /// @inheritdoc IAlpha
    function getSubnetMechanism(uint16 netuid) external view returns (uint16) {
        return _dynamic(netuid) ? 1 : 0;
    }

    /// @inheritdoc IAlpha
    function getRootNetuid() external pure returns (uint16) {
        return 0;
    }

    /// @inheritdoc IAlpha
    function getEMAPriceHalvingBlocks(uint16 netuid) external view returns (uint64) {
        return COINBASE.emaPriceHalvingBlocks(netuid);
    }

    /// @inheritdoc IAlpha
    /// @dev The layer keeps no volume: 0 for a netuid without a pool (as the chain's default), else
    ///      {PrecompileUnsupported}.
    function getSubnetVolume(uint16 netuid) external view returns (uint256) {
        if (netuid != 0 && !_dynamic(netuid)) return 0;
        _unsupported();
    }

    /* SWAPS */

    /// @inheritdoc IAlpha
    /// @dev Staking's quote (fee included, against the pool as of the last accrual). Stable netuids: root
    ///      1:1; one that does not exist pays 0 (subtensor's stable swap pays nothing there).
    function simSwapTaoForAlpha(uint16 netuid, uint64 tao) external view returns (uint256) {
        return _simSwap(netuid, tao, true);
    }

    /// @inheritdoc IAlpha
    /// @dev As {simSwapTaoForAlpha}, selling α.
    function simSwapAlphaForTao(uint16 netuid, uint64 alpha) external view returns (uint256) {
        return _simSwap(netuid, alpha, false);
    }

    /* EMISSION */

    /// @inheritdoc IAlpha
    /// @dev One block's tao_in from the current state (see the contract's notes).
    function getTaoInEmission(uint16 netuid) external view returns (uint256 taoIn) {
        (taoIn, , ) = _blockEmission(netuid);
    }

    /// @inheritdoc IAlpha
    /// @dev One block's alpha_in from the current state (see the contract's notes).
    function getAlphaInEmission(uint16 netuid) external view returns (uint256 alphaIn) {
        (, alphaIn, ) = _blockEmission(netuid);
    }

    /// @inheritdoc IAlpha
    /// @dev One block's α emission A at the current α issuance (§2.4); 0 for a subnet not started.
    function getAlphaOutEmission(uint16 netuid) external view returns (uint256 alphaOut) {
        if (!_started(netuid)) return 0;
        return EmissionMath.blockEmission(_issuance(netuid));
    }

    /* INTERNAL */

    /// @dev Registered and not dissolved (subtensor `SubnetMechanism` = 1); root is stable.
    function _dynamic(uint16 netuid) private view returns (bool) {
        return netuid != 0 && REGISTRY.subnetExists(netuid);
    }

    /// @dev Started (`startCall`): in the Coinbase's emission schedule.
    function _started(uint16 netuid) private view returns (bool) {
        return netuid != 0 && REGISTRY.subnet(netuid).startBlock != 0;
    }

    /// @dev The pool's price y / x in U64F64 (floored); 0 with an empty α reserve.
    function _price64(uint16 netuid) private view returns (uint256) {
        (uint256 taoReserve, uint256 alphaReserve) = STAKING.pool(netuid);
        if (alphaReserve == 0) return 0;
        return Math.mulDiv(taoReserve, Q64, alphaReserve);
    }

    /// @dev A U64F64 price to the EVM's units: floor(price · 1e9) saturated to u64, then × 1e9.
    function _toEvm(uint256 price64) private pure returns (uint256) {
        return uint256(_u64Saturated(Math.mulDiv(price64, E9, Q64))) * E9;
    }

    function _alphaOut(uint16 netuid) private view returns (uint256) {
        if (netuid == 0) {
            (uint256 rootTao, ) = STAKING.pool(0);
            return rootTao;
        }
        if (!_dynamic(netuid)) return 0;
        (, uint256 alphaReserve) = STAKING.pool(netuid);
        uint256 supply = STAKING.alphaToken(netuid).totalSupply();
        uint256 out = supply > alphaReserve ? supply - alphaReserve : 0;
        return out + _pending(netuid);
    }

    /// @dev The subnet's pending buckets, accrued to now (0 before it starts).
    function _pending(uint16 netuid) private view returns (uint256) {
        if (!_started(netuid)) return 0;
        ICoinbase.PendingBuckets memory p = COINBASE.pending(netuid);
        return p.server + p.validator + p.ownerCut + p.root;
    }

    /// @dev The α issuance as the Coinbase's emission reads it: the token's supply plus pending α.
    function _issuance(uint16 netuid) private view returns (uint256) {
        return STAKING.alphaToken(netuid).totalSupply() + _pending(netuid);
    }

    function _simSwap(uint16 netuid, uint64 amount, bool buy) private view returns (uint256 out) {
        if (amount == 0) return 0;
        if (netuid == 0) return amount;
        if (!_dynamic(netuid)) return 0;
        // Staking's quote leaves out the input cap its swaps (and subtensor's simulation) apply.
        (uint256 taoReserve, uint256 alphaReserve) = STAKING.pool(netuid);
        uint256 net = amount - PoolMath.fee(amount, STAKING.feeRate(netuid));
        if (net > (buy ? taoReserve : alphaReserve) * MAX_INPUT_FACTOR) revert AlphaSimSwapFailed(netuid, amount);
        out = buy ? STAKING.simSwapTaoForAlpha(netuid, amount) : STAKING.simSwapAlphaForTao(netuid, amount);
        // Staking quotes 0 where the swap would revert; subtensor's simulation fails there.
        if (out == 0) revert AlphaSimSwapFailed(netuid, amount);
    }

    /// @dev One block of the Coinbase's schedule for `netuid` from the current state (§2.2, §2.4): its TAO
    ///      share E · W / ΣW of the block's TAO emission E, W = p̄ · (2^32 - min(2^32, MinerBurned)) (p̄ if
    ///      every W is 0; 0 while its TAO emission is disabled); alpha_in = E_i · x / y capped at rp · A,
    ///      tao_in = E_i or, when capped, cap · y / x; alpha_out = A. The excess (the chain buy) is neither.
    function _blockEmission(uint16 netuid) private view returns (uint256 taoIn, uint256 alphaIn, uint256 alphaOut) {
        if (!_started(netuid)) return (0, 0, 0);
        uint256 issuance = _issuance(netuid);
        alphaOut = EmissionMath.blockEmission(issuance);
        uint256 share = _taoShare(netuid);
        if (share == 0) return (0, 0, alphaOut);
        (uint256 y, uint256 x) = STAKING.pool(netuid);
        taoIn = share;
        alphaIn = y == 0 ? 0 : Math.mulDiv(share, x, y);
        (uint256 rootTao, ) = STAKING.pool(0);
        uint256 weightedRoot = rootTao * STAKING.taoWeight();
        uint256 cap = weightedRoot == 0 ? 0 : Math.mulDiv(weightedRoot, alphaOut, weightedRoot + issuance * U64_MAX);
        if (alphaIn > cap) {
            alphaIn = cap;
            taoIn = Math.mulDiv(cap, y, x);
        }
    }

    /// @dev `netuid`'s TAO for one block: floor(E · W_netuid / Σ W) over the started subnets.
    function _taoShare(uint16 netuid) private view returns (uint256) {
        uint16[] memory netuids = REGISTRY.netuids();
        uint256[] memory prices = new uint256[](netuids.length);
        uint256[] memory weights = new uint256[](netuids.length);
        uint256 raw;
        for (uint256 i; i < netuids.length; ++i) {
            if (!_started(netuids[i])) continue;
            prices[i] = COINBASE.movingPrice(netuids[i]);
            weights[i] = prices[i] * (MINER_BURNED_ONE - Math.min(COINBASE.minerBurned(netuids[i]), MINER_BURNED_ONE));
            raw += weights[i];
        }
        uint256 total;
        uint256 mine;
        for (uint256 i; i < netuids.length; ++i) {
            uint256 w = raw == 0 ? prices[i] : weights[i];
            if (w != 0 && !COINBASE.subnetEmissionEnabled(netuids[i])) w = 0;
            total += w;
            if (netuids[i] == netuid) mine = w;
        }
        if (total == 0) return 0;
        return (EmissionMath.blockEmission(TAO.totalSupply()) * mine) / total;
    }
}
