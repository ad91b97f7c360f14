// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";

/// @title SubnetParameterBounds
/// @notice The bounds governance's per-subnet parameter setters enforce (docs/spec/chain.md §7.1, subtensor's
///         `sudo_set_*` checks). SubnetOwnerAdmin builds the owners' bounds on the same constants. Each failure reverts
///         with {ISubnetRegistry-RegistryInvalidHyperparameter} naming the field.
/// @dev A linked library (external functions, run by DELEGATECALL), like {NeuronPruning}: the checks live
///      outside SubnetRegistry to keep that contract under the 24 576-byte code size limit.
library SubnetParameterBounds {
    /// @notice `DefaultMaxAllowedUids`, the registry's MAX_UIDS.
    uint256 internal constant MAX_UIDS = 256;
    /// @notice Bounds of ActivityCutoffFactorMilli (`Min/MaxActivityCutoffFactorMilli`).
    uint256 internal constant MIN_ACTIVITY_CUTOFF_FACTOR_MILLI = 1_000;
    uint256 internal constant MAX_ACTIVITY_CUTOFF_FACTOR_MILLI = 50_000;
    /// @notice BondsMovingAverage is out of 1e6.
    uint256 internal constant MAX_BONDS_MOVING_AVERAGE = 1_000_000;
    /// @notice The lowest alpha value subtensor accepts (`u16::MAX / 40`).
    uint256 internal constant MIN_ALPHA_VALUE = 1_638;
    /// @notice `MinBurnUpperBound` (MinBurn < 1 TAO) and `MaxBurnLowerBound` (MaxBurn > 0.1 TAO).
    uint256 internal constant MIN_BURN_UPPER_BOUND = 1e9;
    uint256 internal constant MAX_BURN_LOWER_BOUND = 1e8;
    /// @notice `BurnIncreaseMult` bounds (1.0 and 3.0 in U64F64).
    uint256 internal constant MIN_BURN_INCREASE_MULT = 1 << 64;
    uint256 internal constant MAX_BURN_INCREASE_MULT = 3 << 64;
    /// @notice `MaxBurnHalfLife`, in blocks.
    uint256 internal constant MAX_BURN_HALF_LIFE = 36_100;
    /// @notice `ImmuneOwnerUidsLimit` upper bound.
    uint256 internal constant MAX_IMMUNE_OWNER_UIDS_LIMIT = 10;

    /// @notice Checks, in order: tempo ≥ 1; activityCutoffFactorMilli in [1 000, 50 000];
    ///         bondsMovingAverage ≤ 1 000 000; n ≤ maxAllowedUids ≤ 256; maxAllowedValidators ≤
    ///         maxAllowedUids; 1 638 ≤ alphaLow ≤ alphaHigh (`do_set_alpha_values`). Other fields take any value.
    /// @param params The new hyperparameters.
    /// @param n The subnet's UIDs now (maxAllowedUids cannot drop below it).
    function checkHyperparameters(ISubnetRegistry.Hyperparameters calldata params, uint16 n) external pure {
        if (params.tempo == 0) _invalid("tempo");
        if (
            params.activityCutoffFactorMilli < MIN_ACTIVITY_CUTOFF_FACTOR_MILLI ||
            params.activityCutoffFactorMilli > MAX_ACTIVITY_CUTOFF_FACTOR_MILLI
        ) _invalid("activityCutoffFactorMilli");
        if (params.bondsMovingAverage > MAX_BONDS_MOVING_AVERAGE) _invalid("bondsMovingAverage");
        if (params.maxAllowedUids > MAX_UIDS || params.maxAllowedUids < n) _invalid("maxAllowedUids");
        if (params.maxAllowedValidators > params.maxAllowedUids) _invalid("maxAllowedValidators");
        if (params.alphaHigh < MIN_ALPHA_VALUE) _invalid("alphaHigh");
        if (params.alphaLow < MIN_ALPHA_VALUE || params.alphaLow > params.alphaHigh) _invalid("alphaLow");
    }

    /// @notice Checks, in order (subtensor `sudo_set_min_burn`, `sudo_set_max_burn`,
    ///         `sudo_set_burn_increase_mult`, `sudo_set_burn_half_life`, `sudo_set_owner_immune_neuron_limit`):
    ///         minBurn < 1 TAO and < maxBurn; maxBurn > 0.1 TAO; burnIncreaseMult in [1, 3];
    ///         burnHalfLife in [1, 36 100]; immuneOwnerUidsLimit in [1, 10]. minNonImmuneUids takes any value.
    /// @param params The new registration parameters.
    function checkRegistrationParameters(ISubnetRegistry.RegistrationParameters calldata params) external pure {
        // "Less than 1 TAO and less than MaxBurn", as subtensor states it.
        // solhint-disable-next-line gas-strict-inequalities
        if (params.minBurn >= MIN_BURN_UPPER_BOUND || params.minBurn >= params.maxBurn) _invalid("minBurn");
        // "Greater than 0.1 TAO", as subtensor states it.
        // solhint-disable-next-line gas-strict-inequalities
        if (params.maxBurn <= MAX_BURN_LOWER_BOUND) _invalid("maxBurn");
        if (params.burnIncreaseMult < MIN_BURN_INCREASE_MULT || params.burnIncreaseMult > MAX_BURN_INCREASE_MULT) {
            _invalid("burnIncreaseMult");
        }
        if (params.burnHalfLife == 0 || params.burnHalfLife > MAX_BURN_HALF_LIFE) _invalid("burnHalfLife");
        if (params.immuneOwnerUidsLimit == 0 || params.immuneOwnerUidsLimit > MAX_IMMUNE_OWNER_UIDS_LIMIT) {
            _invalid("immuneOwnerUidsLimit");
        }
    }

    function _invalid(string memory name) private pure {
        revert ISubnetRegistry.RegistryInvalidHyperparameter(name);
    }
}
