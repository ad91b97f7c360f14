// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICoinbase} from "./ICoinbase.sol";
import {ISubnetRegistry} from "./ISubnetRegistry.sol";

/// @title ISubnetOwnerAdmin
/// @notice The subnet owner's path to its subnet's parameters (subtensor's `admin-utils` with a signed
///         owner origin, docs/spec/chain.md §7, §7.1): one parameter per call, within the owner's bounds, the
///         owner rate limits and the admin freeze window. Governance sets every parameter directly on the
///         SubnetRegistry ({ISubnetRegistry-setHyperparameters}, {ISubnetRegistry-setRegistrationParameters},
///         root bounds only, no rate limit); this contract holds the role that lets it call those setters
///         for owners.
/// @dev Who sets what (docs/spec/chain.md §7.1; "Root" = governance, through the registry; owner-settable
///      parameters are root-settable too):
///
///      | Parameter                 | Who          | Owner bounds (this contract)            | Owner rate limit        |
///      |---------------------------|--------------|-----------------------------------------|-------------------------|
///      | Tempo                     | Owner / Root | 360 – 50 400                            | 360 blocks              |
///      | ActivityCutoffFactorMilli | Owner / Root | 1 000 – 50 000                          | general                 |
///      | Kappa                     | Root         | —                                       | —                       |
///      | BondsPenalty              | Owner / Root | 0 – 65 535                              | general                 |
///      | BondsMovingAverage        | Owner / Root | 0 – 975 000 (root: ≤ 1 000 000)         | general                 |
///      | MaxAllowedValidators      | Root         | —                                       | —                       |
///      | MaxAllowedUids            | Owner / Root | 64 (MinAllowedUids) – 256, and ≥ n      | general                 |
///      | Yuma3Enabled              | Owner / Root | 0 or 1                                  | general                 |
///      | LiquidAlphaEnabled        | Owner / Root | 0 or 1                                  | general                 |
///      | AlphaLow                  | Owner / Root | 1 638 – 65 535, ≤ alphaHigh, liquid α  | general                 |
///      | AlphaHigh                 | Owner / Root | 1 638 – 65 535, ≥ alphaLow, liquid α   | general                 |
///      | AlphaSigmoidSteepness     | Owner / Root | 0 – 32 767 (root: any int16)            | general                 |
///      | ImmunityPeriod            | Owner / Root | 0 – 65 535 (subtensor's u16)            | general                 |
///      | MinAllowedWeights         | Owner / Root | 0 – 65 535                              | general                 |
///      | WeightsSetRateLimit       | Root         | —                                       | —                       |
///      | WeightsVersionKey         | Owner / Root | any u64                                 | 5 tempos                |
///      | MinBurn                   | Owner / Root | < 1 TAO, < maxBurn                      | general                 |
///      | MaxBurn                   | Owner / Root | > 0.1 TAO, > minBurn                    | general                 |
///      | BurnIncreaseMult          | Owner / Root | 1.0 – 3.0 (U64F64 raw bits)             | general                 |
///      | BurnHalfLife              | Owner / Root | 1 – 36 100                              | general                 |
///      | ImmuneOwnerUidsLimit      | Owner / Root | 1 – 10                                  | general                 |
///      | MinNonImmuneUids          | Root         | —                                       | —                       |
///
///      "general" = `OwnerHyperparamRateLimit` tempos of the subnet's current tempo (default 2), per
///      (subnet, parameter). Every owner call is also refused while fewer than `AdminFreezeWindow` blocks
///      (default 10) remain before a started subnet's epoch is due, and while it is due and unsettled.
///      Elsewhere: TransferToggle is set by the owner on Staking (`setTransfersEnabled`);
///      SubnetEmissionEnabled by governance on the Coinbase; the swap FeeRate and TaoWeight by governance
///      on Staking. Relational bounds (≥ n, minBurn < maxBurn, alphaLow ≤ alphaHigh) are the registry's
///      and revert with {ISubnetRegistry-RegistryInvalidHyperparameter}.
///
///      §7.1 parameters not implemented yet, so neither the owner nor governance can set them:
///      CommitRevealWeightsEnabled and RevealPeriodEpochs (no commit-reveal: weights are set in the
///      clear), MinAllowedUids and `sudo_trim_to_max_allowed_uids` (no trimming; the owner floor of
///      MaxAllowedUids is its default, 64), BondsResetOn (no bond reset), RecycleOrBurn (the owner
///      hotkey's incentive is always burned), OwnerCutEnabled / OwnerCutAutoLockEnabled (the owner cut
///      is always paid, liquid), MinChildkeyTakePerSubnet (no child keys), MechanismCountCurrent /
///      MechanismEmissionSplit (no mechanisms: one weight matrix per subnet), RootClaimableThreshold,
///      VotingPower tracking, SubnetOwnerHotkey changes (fixed at registration), EMAPriceHalvingBlocks,
///      ServingRateLimit (no axon/prometheus serving), NetworkRegistrationAllowed and
///      MaxRegistrationsPerBlock (registration is always open, bounded by the burn price), and the
///      legacy PoW / adjustment parameters (Rho, Difficulty, AdjustmentInterval/Alpha,
///      TargetRegistrationsPerInterval, MaxWeightsLimit), which subtensor no longer reads.
interface ISubnetOwnerAdmin {
    /* TYPES */

    /// @notice A per-subnet parameter: the fields of {ISubnetRegistry-Hyperparameters} then those of
    ///         {ISubnetRegistry-RegistrationParameters}, in declaration order. Root-only ones are listed
    ///         so that an owner's attempt fails with {OwnerAdminRootOnly} naming them.
    enum Parameter {
        Tempo,
        ActivityCutoffFactorMilli,
        Kappa,
        BondsPenalty,
        BondsMovingAverage,
        MaxAllowedValidators,
        MaxAllowedUids,
        Yuma3Enabled,
        LiquidAlphaEnabled,
        AlphaLow,
        AlphaHigh,
        AlphaSigmoidSteepness,
        ImmunityPeriod,
        MinAllowedWeights,
        WeightsSetRateLimit,
        WeightsVersionKey,
        MinBurn,
        MaxBurn,
        BurnIncreaseMult,
        BurnHalfLife,
        ImmuneOwnerUidsLimit,
        MinNonImmuneUids
    }

    /* ERRORS */

    /// @notice Only the subnet's owner coldkey may set its parameters here (docs/spec/chain.md §7 "Owner").
    /// @param netuid The subnet (an unknown one has no owner).
    /// @param caller The caller.
    error OwnerAdminNotSubnetOwner(uint16 netuid, address caller);
    /// @notice The parameter is set by governance only (docs/spec/chain.md §7.1 "Root").
    /// @param parameter The parameter.
    error OwnerAdminRootOnly(Parameter parameter);
    /// @notice The value is outside the owner's bounds for the parameter (docs/spec/chain.md §7.1).
    /// @param parameter The parameter.
    /// @param value The value asked for.
    /// @param min The lowest value an owner may set.
    /// @param max The highest value an owner may set.
    error OwnerAdminOutOfBounds(Parameter parameter, uint256 value, uint256 min, uint256 max);
    /// @notice The parameter was set by the owner too recently (docs/spec/chain.md §7 `OwnerHyperparamRateLimit`,
    ///         §7.1 Tempo's cooldown and WeightsVersionKey's 5 tempos).
    /// @param netuid The subnet.
    /// @param parameter The parameter.
    /// @param nextBlock The first block the owner may set it again.
    error OwnerAdminRateLimited(uint16 netuid, Parameter parameter, uint64 nextBlock);
    /// @notice The subnet is in its admin freeze window: fewer than `AdminFreezeWindow` blocks remain before
    ///         its epoch's due block, or the epoch is due and unsettled (docs/spec/chain.md §7).
    /// @param netuid The subnet.
    /// @param dueBlock The block its epoch is due at.
    error OwnerAdminFreezeWindow(uint16 netuid, uint64 dueBlock);
    /// @notice AlphaLow and AlphaHigh can be set only while liquid alpha is on (docs/spec/chain.md §7.1
    ///         AlphaValues, subtensor `LiquidAlphaDisabled`).
    /// @param netuid The subnet.
    error OwnerAdminLiquidAlphaDisabled(uint16 netuid);

    /* EVENTS */

    // Values and limits stay unindexed: nobody filters logs by them.
    // solhint-disable gas-indexed-events

    /// @notice A subnet owner set one parameter; the registry's {ISubnetRegistry-HyperparametersSet} or
    ///         {ISubnetRegistry-RegistrationParametersSet} carries the whole new struct.
    /// @param netuid The subnet.
    /// @param parameter The parameter.
    /// @param value The new value (AlphaSigmoidSteepness is never negative here).
    /// @param caller The owner coldkey that set it.
    event OwnerParameterSet(uint16 indexed netuid, Parameter indexed parameter, uint256 value, address indexed caller);
    /// @notice Governance set the general owner rate limit (`OwnerHyperparamRateLimit`).
    /// @param tempos The limit, in tempos of the subnet's current tempo.
    event OwnerHyperparamRateLimitSet(uint16 tempos);
    /// @notice Governance set the admin freeze window (`AdminFreezeWindow`).
    /// @param blocks Blocks before an epoch's due block in which owners may not set parameters.
    event AdminFreezeWindowSet(uint16 blocks);

    // solhint-enable gas-indexed-events

    /* ACTIONS */

    /// @notice Sets one parameter of the caller's subnet (docs/spec/chain.md §7.1): checks the caller owns the
    ///         subnet, the parameter is owner-settable, the owner bounds, liquid alpha for AlphaLow/High,
    ///         the freeze window and the parameter's rate limit, then writes the registry's struct with
    ///         that one field changed.
    /// @param netuid The caller's subnet.
    /// @param parameter An owner-settable parameter (see {ownerBounds}).
    /// @param value The new value; booleans are 0 or 1; BurnIncreaseMult is U64F64 raw bits.
    function setParameter(uint16 netuid, Parameter parameter, uint256 value) external;

    /* VIEWS */

    /// @notice The registry whose parameters this contract sets.
    /// @return The SubnetRegistry.
    function registry() external view returns (ISubnetRegistry);
    /// @notice The Coinbase whose epoch schedule the freeze window reads.
    /// @return The Coinbase.
    function coinbase() external view returns (ICoinbase);
    /// @notice Whether an owner may set `parameter`, and the owner's static bounds for it (docs/spec/chain.md
    ///         §7.1). The registry adds the relational bounds (see the table above).
    /// @param parameter Any parameter.
    /// @return ownerSettable False for root-only parameters (then min = max = 0).
    /// @return min The lowest value an owner may set.
    /// @return max The highest value an owner may set.
    function ownerBounds(Parameter parameter) external pure returns (bool ownerSettable, uint256 min, uint256 max);
    /// @notice The block the owner last set `parameter` of `netuid` through this contract.
    /// @param netuid Any netuid.
    /// @param parameter Any parameter.
    /// @return The block, 0 if never.
    function lastSetBlock(uint16 netuid, Parameter parameter) external view returns (uint64);
    /// @notice The first block the owner's rate limit lets it set `parameter` of `netuid` (at the subnet's
    ///         current tempo). The freeze window may still refuse that block ({inFreezeWindow}).
    /// @param netuid A registered subnet.
    /// @param parameter Any parameter.
    /// @return The block: 0 if never set; type(uint64).max for a root-only parameter.
    function nextSettableBlock(uint16 netuid, Parameter parameter) external view returns (uint64);
    /// @notice Whether owner calls on `netuid` are refused now by the admin freeze window.
    /// @param netuid Any netuid (false for one not started: it has no epoch).
    /// @return True inside the window.
    function inFreezeWindow(uint16 netuid) external view returns (bool);
    /// @notice The general owner rate limit, in tempos (`OwnerHyperparamRateLimit`, default 2, docs/spec/chain.md §7.2).
    /// @return The limit.
    function ownerHyperparamRateLimit() external view returns (uint16);
    /// @notice The admin freeze window, in blocks (`AdminFreezeWindow`, default 10, docs/spec/chain.md §7.2).
    /// @return The window.
    function adminFreezeWindow() external view returns (uint16);

    /* GOVERNANCE (restricted) */

    /// @notice Sets the general owner rate limit (`OwnerHyperparamRateLimit`, docs/spec/chain.md §7.2). Restricted
    ///         (governance).
    /// @param tempos The limit, in tempos; 0 removes it (Tempo's and WeightsVersionKey's own limits stay).
    function setOwnerHyperparamRateLimit(uint16 tempos) external;
    /// @notice Sets the admin freeze window (`AdminFreezeWindow`, docs/spec/chain.md §7.2). Restricted (governance).
    /// @param blocks Blocks before an epoch's due block in which owners may not set parameters.
    function setAdminFreezeWindow(uint16 blocks) external;
}
