// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";

import {ICoinbase} from "../interfaces/ICoinbase.sol";
import {ISubnetOwnerAdmin} from "../interfaces/ISubnetOwnerAdmin.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {SubnetParameterBounds} from "../libraries/SubnetParameterBounds.sol";
import {PrecompileForwarded} from "../compat/PrecompileForwarded.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";

/// @title SubnetOwnerAdmin
/// @notice A subnet owner sets its subnet's parameters here, one per call, within the owner's bounds, rate
///         limits and freeze window (docs/spec/chain.md §7, §7.1; subtensor `admin-utils` with a signed origin).
///         The table of who sets what is on {ISubnetOwnerAdmin}.
/// @dev Holds the role of the registry's restricted setters (scripts/deploy.ts `HYPERPARAMETER_SETTER`,
///      which governance holds too): it reads the subnet's struct, changes the one field and writes it
///      back, so the registry's own bounds and its pending-epoch guard apply on top of the owner's.
///      Rate limits follow subtensor's `passes_rate_limit_on_subnet`: a parameter never set passes, else
///      `block - last >= limit`, the limit read at the subnet's current tempo.
contract SubnetOwnerAdmin is ISubnetOwnerAdmin, AccessManaged, PrecompileForwarded {
    /* CONSTANTS */

    /// @notice The lowest tempo an owner may set (`MIN_TEMPO`), also Tempo's owner cooldown in blocks
    ///         (`TransactionType::TempoUpdate`).
    uint16 public constant MIN_TEMPO = 360;
    /// @notice The highest tempo an owner may set (`MAX_TEMPO`).
    uint16 public constant MAX_TEMPO = 50_400;
    /// @notice WeightsVersionKey's owner rate limit, in tempos (`WeightsVersionKeyRateLimit`).
    uint64 public constant WEIGHTS_VERSION_KEY_RATE_LIMIT = 5;
    /// @notice Default of the general owner rate limit, in tempos (`OwnerHyperparamRateLimit`).
    uint16 public constant DEFAULT_OWNER_HYPERPARAM_RATE_LIMIT = 2;
    /// @notice Default of the admin freeze window, in blocks (`AdminFreezeWindow`).
    uint16 public constant DEFAULT_ADMIN_FREEZE_WINDOW = 10;

    /// @dev The owner's BondsMovingAverage cap (`BondsMovingAverageMaxReached` above 975 000).
    uint256 private constant OWNER_MAX_BONDS_MOVING_AVERAGE = 975_000;
    /// @dev `MinAllowedUids`' default, the owner's floor of MaxAllowedUids. The bounds owners share with
    ///      governance come from {SubnetParameterBounds}.
    uint256 private constant MIN_ALLOWED_UIDS = 64;
    /* IMMUTABLES */

    /// @inheritdoc ISubnetOwnerAdmin
    ISubnetRegistry public immutable override registry;
    /// @inheritdoc ISubnetOwnerAdmin
    ICoinbase public immutable override coinbase;

    /* STORAGE */

    mapping(uint16 netuid => mapping(Parameter parameter => uint64 blockNumber)) private _lastSet;
    uint16 private _ownerHyperparamRateLimit = DEFAULT_OWNER_HYPERPARAM_RATE_LIMIT;
    uint16 private _adminFreezeWindow = DEFAULT_ADMIN_FREEZE_WINDOW;

    /* CONSTRUCTOR */

    /// @notice Deploys the owner path for `registry_`'s subnets.
    /// @param initialAuthority The AccessManager that decides who may call the governance setters.
    /// @param registry_ The SubnetRegistry (its setters must grant this contract's role).
    /// @param coinbase_ The Coinbase (the epoch schedule of the freeze window).
    constructor(address initialAuthority, ISubnetRegistry registry_, ICoinbase coinbase_) AccessManaged(initialAuthority) {
        registry = registry_;
        coinbase = coinbase_;
    }

    /* ACTIONS */

    /// @inheritdoc ISubnetOwnerAdmin
    function setParameter(uint16 netuid, Parameter parameter, uint256 value) external {
        address caller = _msgSender();
        ISubnetRegistry.SubnetInfo memory info = registry.subnet(netuid);
        if (info.owner != caller) revert OwnerAdminNotSubnetOwner(netuid, caller);
        (bool ownerSettable, uint256 min, uint256 max) = ownerBounds(parameter);
        if (!ownerSettable) revert OwnerAdminRootOnly(parameter);
        if (value < min || value > max) revert OwnerAdminOutOfBounds(parameter, value, min, max);

        ISubnetRegistry.Hyperparameters memory h = registry.hyperparameters(netuid);
        if ((parameter == Parameter.AlphaLow || parameter == Parameter.AlphaHigh) && !h.liquidAlphaEnabled) {
            revert OwnerAdminLiquidAlphaDisabled(netuid);
        }
        if (info.startBlock != 0 && _frozen(netuid)) revert OwnerAdminFreezeWindow(netuid, coinbase.dueBlock(netuid));
        uint64 next = _nextSettableBlock(netuid, parameter, h.tempo);
        if (block.number < next) revert OwnerAdminRateLimited(netuid, parameter, next);

        _lastSet[netuid][parameter] = uint64(block.number);
        if (parameter < Parameter.MinBurn) {
            _write(h, parameter, value);
            registry.setHyperparameters(netuid, h);
        } else {
            ISubnetRegistry.RegistrationParameters memory r = registry.registrationParameters(netuid);
            _write(r, parameter, value);
            registry.setRegistrationParameters(netuid, r);
        }
        emit OwnerParameterSet(netuid, parameter, value, caller);
    }

    /* VIEWS */

    /// @inheritdoc ISubnetOwnerAdmin
    /// @dev docs/spec/chain.md §7.1 and subtensor admin-utils: the owner's extrinsic, its argument type and
    ///      its checks (root-only parameters: `ensure_root`).
    function ownerBounds(Parameter parameter) public pure returns (bool ownerSettable, uint256 min, uint256 max) {
        if (
            parameter == Parameter.Kappa ||
            parameter == Parameter.MaxAllowedValidators ||
            parameter == Parameter.WeightsSetRateLimit ||
            parameter == Parameter.MinNonImmuneUids
        ) return (false, 0, 0);
        if (parameter == Parameter.Tempo) return (true, MIN_TEMPO, MAX_TEMPO);
        if (parameter == Parameter.ActivityCutoffFactorMilli) {
            return (
                true,
                SubnetParameterBounds.MIN_ACTIVITY_CUTOFF_FACTOR_MILLI,
                SubnetParameterBounds.MAX_ACTIVITY_CUTOFF_FACTOR_MILLI
            );
        }
        if (parameter == Parameter.BondsMovingAverage) return (true, 0, OWNER_MAX_BONDS_MOVING_AVERAGE);
        if (parameter == Parameter.MaxAllowedUids) return (true, MIN_ALLOWED_UIDS, SubnetParameterBounds.MAX_UIDS);
        if (parameter == Parameter.Yuma3Enabled || parameter == Parameter.LiquidAlphaEnabled) return (true, 0, 1);
        if (parameter == Parameter.AlphaLow || parameter == Parameter.AlphaHigh) {
            return (true, SubnetParameterBounds.MIN_ALPHA_VALUE, type(uint16).max);
        }
        // Owners may not make the sigmoid negative (`NegativeSigmoidSteepness`).
        if (parameter == Parameter.AlphaSigmoidSteepness) return (true, 0, uint16(type(int16).max));
        if (parameter == Parameter.WeightsVersionKey || parameter == Parameter.MaxBurn) {
            uint256 lowest = parameter == Parameter.MaxBurn ? SubnetParameterBounds.MAX_BURN_LOWER_BOUND + 1 : 0;
            return (true, lowest, type(uint64).max);
        }
        if (parameter == Parameter.MinBurn) return (true, 0, SubnetParameterBounds.MIN_BURN_UPPER_BOUND - 1);
        if (parameter == Parameter.BurnIncreaseMult) {
            return (true, SubnetParameterBounds.MIN_BURN_INCREASE_MULT, SubnetParameterBounds.MAX_BURN_INCREASE_MULT);
        }
        if (parameter == Parameter.BurnHalfLife) return (true, 1, SubnetParameterBounds.MAX_BURN_HALF_LIFE);
        if (parameter == Parameter.ImmuneOwnerUidsLimit) {
            return (true, 1, SubnetParameterBounds.MAX_IMMUNE_OWNER_UIDS_LIMIT);
        }
        // BondsPenalty, ImmunityPeriod (subtensor's u16), MinAllowedWeights: any u16.
        return (true, 0, type(uint16).max);
    }

    /// @inheritdoc ISubnetOwnerAdmin
    function lastSetBlock(uint16 netuid, Parameter parameter) external view returns (uint64) {
        return _lastSet[netuid][parameter];
    }

    /// @inheritdoc ISubnetOwnerAdmin
    function nextSettableBlock(uint16 netuid, Parameter parameter) external view returns (uint64) {
        (bool ownerSettable, , ) = ownerBounds(parameter);
        if (!ownerSettable) return type(uint64).max;
        return _nextSettableBlock(netuid, parameter, registry.hyperparameters(netuid).tempo);
    }

    /// @inheritdoc ISubnetOwnerAdmin
    function inFreezeWindow(uint16 netuid) external view returns (bool) {
        return registry.subnet(netuid).startBlock != 0 && _frozen(netuid);
    }

    /// @inheritdoc ISubnetOwnerAdmin
    function ownerHyperparamRateLimit() external view returns (uint16) {
        return _ownerHyperparamRateLimit;
    }

    /// @inheritdoc ISubnetOwnerAdmin
    function adminFreezeWindow() external view returns (uint16) {
        return _adminFreezeWindow;
    }

    /* GOVERNANCE (restricted) */

    /// @inheritdoc ISubnetOwnerAdmin
    function setOwnerHyperparamRateLimit(uint16 tempos) external restricted {
        _ownerHyperparamRateLimit = tempos;
        emit OwnerHyperparamRateLimitSet(tempos);
    }

    /// @inheritdoc ISubnetOwnerAdmin
    function setAdminFreezeWindow(uint16 blocks) external restricted {
        _adminFreezeWindow = blocks;
        emit AdminFreezeWindowSet(blocks);
    }

    /* INTERNAL */

    /// @dev subtensor `is_in_admin_freeze_window` for a started subnet: fewer than AdminFreezeWindow blocks
    ///      remain before the due block, or the epoch is due and unsettled (no auto epoch has run yet here,
    ///      unlike subtensor, whose epoch runs in the due block itself).
    function _frozen(uint16 netuid) private view returns (bool) {
        uint256 due = coinbase.dueBlock(netuid);
        // Due from the due block on (inclusive, as ICoinbase.isDue).
        // solhint-disable-next-line gas-strict-inequalities
        return block.number >= due || due - block.number < _adminFreezeWindow;
    }

    /// @dev The first block the parameter's owner rate limit passes at `tempo`: 0 if never set, else the
    ///      last block plus MIN_TEMPO blocks (Tempo), WEIGHTS_VERSION_KEY_RATE_LIMIT tempos
    ///      (WeightsVersionKey) or OwnerHyperparamRateLimit tempos (every other parameter).
    function _nextSettableBlock(uint16 netuid, Parameter parameter, uint16 tempo) private view returns (uint64) {
        uint64 last = _lastSet[netuid][parameter];
        if (last == 0) return 0;
        uint64 limit;
        if (parameter == Parameter.Tempo) limit = MIN_TEMPO;
        else if (parameter == Parameter.WeightsVersionKey) limit = uint64(tempo) * WEIGHTS_VERSION_KEY_RATE_LIMIT;
        else limit = uint64(tempo) * _ownerHyperparamRateLimit;
        return last + limit;
    }

    /// @dev Writes `value` (within the owner's bounds) into the hyperparameter field `parameter`.
    function _write(ISubnetRegistry.Hyperparameters memory h, Parameter parameter, uint256 value) private pure {
        if (parameter == Parameter.Tempo) h.tempo = uint16(value);
        else if (parameter == Parameter.ActivityCutoffFactorMilli) h.activityCutoffFactorMilli = uint32(value);
        else if (parameter == Parameter.BondsPenalty) h.bondsPenalty = uint16(value);
        else if (parameter == Parameter.BondsMovingAverage) h.bondsMovingAverage = uint64(value);
        else if (parameter == Parameter.MaxAllowedUids) h.maxAllowedUids = uint16(value);
        else if (parameter == Parameter.Yuma3Enabled) h.yuma3Enabled = value == 1;
        else if (parameter == Parameter.LiquidAlphaEnabled) h.liquidAlphaEnabled = value == 1;
        else if (parameter == Parameter.AlphaLow) h.alphaLow = uint16(value);
        else if (parameter == Parameter.AlphaHigh) h.alphaHigh = uint16(value);
        else if (parameter == Parameter.AlphaSigmoidSteepness) h.alphaSigmoidSteepness = int16(uint16(value));
        else if (parameter == Parameter.ImmunityPeriod) h.immunityPeriod = uint64(value);
        else if (parameter == Parameter.MinAllowedWeights) h.minAllowedWeights = uint16(value);
        else h.weightsVersionKey = uint64(value);
    }

    /// @dev Writes `value` (within the owner's bounds) into the registration parameter field `parameter`.
    function _write(ISubnetRegistry.RegistrationParameters memory r, Parameter parameter, uint256 value) private pure {
        if (parameter == Parameter.MinBurn) r.minBurn = uint64(value);
        else if (parameter == Parameter.MaxBurn) r.maxBurn = uint64(value);
        else if (parameter == Parameter.BurnIncreaseMult) r.burnIncreaseMult = uint128(value);
        else if (parameter == Parameter.BurnHalfLife) r.burnHalfLife = uint16(value);
        else r.immuneOwnerUidsLimit = uint16(value);
    }

    /// @dev The caller, or the caller a Bittensor-EVM facade acts for (PrecompileForwarded).
    function _msgSender() internal view override(Context, PrecompileForwarded) returns (address) {
        return PrecompileForwarded._msgSender();
    }
}
