// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Where subtensor answers {ISubnet}: precompile index 2051 (docs/spec/chain.md §9).
address constant ISUBNET_ADDRESS = 0x0000000000000000000000000000000000000803;

/// @title ISubnet
/// @notice subtensor's Subnet precompile (0x803) as its runtime declares it (docs/spec/chain.md §9): subnet
///         registration and the per-subnet hyperparameters. Each setter runs the chain's admin call with the
///         caller as origin, so the subnet owner and root rules of docs/spec/chain.md §7 apply. Amounts are in
///         rao (9 decimals); a registration's lock cost is paid in native TAO.
/// @dev Selectors follow the runtime, not subtensor's subnet.sol, where the two differ:
///      `setImmunityPeriod(uint16,uint16)` (the .sol says uint64), `setAlphaSigmoidSteepness(uint16,uint16)`
///      (the .sol says int16), and `getNetworkRegistrationBlock` / `toggleTransfers`, which the .sol lacks.
///      The 9-argument `registerNetwork` takes `additional` before `logoUrl`, as the runtime reads them.
interface ISubnet {
    /// @notice Registers a subnet for the caller (its owner coldkey) with `hotkey` as owner hotkey (UID 0),
    ///         paying the current lock cost; no identity is recorded.
    /// @param hotkey The owner hotkey: unowned or already the caller's.
    function registerNetwork(bytes32 hotkey) external payable;

    /// @notice {registerNetwork}, recording the subnet's identity (no logo).
    /// @param hotkey The owner hotkey.
    /// @param subnetName The subnet's name (at most 256 bytes).
    /// @param githubRepo Its source repository (at most 1 024 bytes).
    /// @param subnetContact A contact (at most 1 024 bytes).
    /// @param subnetUrl Its web site (at most 1 024 bytes).
    /// @param discord Its Discord handle (at most 256 bytes).
    /// @param description A description (at most 1 024 bytes).
    /// @param additional Anything else (at most 1 024 bytes).
    function registerNetwork(
        bytes32 hotkey,
        string memory subnetName,
        string memory githubRepo,
        string memory subnetContact,
        string memory subnetUrl,
        string memory discord,
        string memory description,
        string memory additional
    ) external payable;

    /// @notice {registerNetwork}, recording the subnet's identity with a logo.
    /// @param hotkey The owner hotkey.
    /// @param subnetName The subnet's name (at most 256 bytes).
    /// @param githubRepo Its source repository (at most 1 024 bytes).
    /// @param subnetContact A contact (at most 1 024 bytes).
    /// @param subnetUrl Its web site (at most 1 024 bytes).
    /// @param discord Its Discord handle (at most 256 bytes).
    /// @param description A description (at most 1 024 bytes).
    /// @param additional Anything else (at most 1 024 bytes); eighth, as the runtime reads it.
    /// @param logoUrl Its logo (at most 1 024 bytes); last, as the runtime reads it.
    function registerNetwork(
        bytes32 hotkey,
        string memory subnetName,
        string memory githubRepo,
        string memory subnetContact,
        string memory subnetUrl,
        string memory discord,
        string memory description,
        string memory additional,
        string memory logoUrl
    ) external payable;

    /// @notice The block the subnet was registered at.
    /// @param netuid The subnet.
    /// @return The block, 0 for a netuid with no subnet.
    function getNetworkRegistrationBlock(uint16 netuid) external view returns (uint64);

    /// @notice Blocks a hotkey waits between two axon or Prometheus announcements.
    /// @param netuid The subnet.
    /// @return The rate limit, in blocks.
    function getServingRateLimit(uint16 netuid) external view returns (uint64);

    /// @notice Sets ServingRateLimit (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param servingRateLimit The new value.
    function setServingRateLimit(uint16 netuid, uint64 servingRateLimit) external payable;

    /// @notice The lowest proof-of-work difficulty (legacy: PoW registration is gone).
    /// @param netuid The subnet.
    /// @return The difficulty.
    function getMinDifficulty(uint16 netuid) external view returns (uint64);

    /// @notice Sets MinDifficulty (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param minDifficulty The new value.
    function setMinDifficulty(uint16 netuid, uint64 minDifficulty) external payable;

    /// @notice The highest proof-of-work difficulty (legacy).
    /// @param netuid The subnet.
    /// @return The difficulty.
    function getMaxDifficulty(uint16 netuid) external view returns (uint64);

    /// @notice Sets MaxDifficulty (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param maxDifficulty The new value.
    function setMaxDifficulty(uint16 netuid, uint64 maxDifficulty) external payable;

    /// @notice The lowest version key `setWeights` accepts (0 accepts any).
    /// @param netuid The subnet.
    /// @return The version key.
    function getWeightsVersionKey(uint16 netuid) external view returns (uint64);

    /// @notice Sets WeightsVersionKey (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param weightsVersionKey The new value.
    function setWeightsVersionKey(uint16 netuid, uint64 weightsVersionKey) external payable;

    /// @notice Blocks a UID waits between two weight updates.
    /// @param netuid The subnet.
    /// @return The rate limit, in blocks.
    function getWeightsSetRateLimit(uint16 netuid) external view returns (uint64);

    /// @notice Sets WeightsSetRateLimit (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param weightsSetRateLimit The new value.
    function setWeightsSetRateLimit(uint16 netuid, uint64 weightsSetRateLimit) external payable;

    /// @notice The smoothing of the legacy burn and difficulty adjustment.
    /// @param netuid The subnet.
    /// @return The alpha, a u64 fraction.
    function getAdjustmentAlpha(uint16 netuid) external view returns (uint64);

    /// @notice Sets AdjustmentAlpha (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param adjustmentAlpha The new value.
    function setAdjustmentAlpha(uint16 netuid, uint64 adjustmentAlpha) external payable;

    /// @notice The largest normalized weight a row may give one UID (out of 65 535).
    /// @param netuid The subnet.
    /// @return The limit.
    function getMaxWeightLimit(uint16 netuid) external view returns (uint16);

    /// @notice Blocks a newly registered UID cannot be pruned.
    /// @param netuid The subnet.
    /// @return The period, in blocks.
    function getImmunityPeriod(uint16 netuid) external view returns (uint16);

    /// @notice Sets ImmunityPeriod (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param immunityPeriod The new value.
    function setImmunityPeriod(uint16 netuid, uint16 immunityPeriod) external payable;

    /// @notice The fewest non-zero weights a row must set.
    /// @param netuid The subnet.
    /// @return The count.
    function getMinAllowedWeights(uint16 netuid) external view returns (uint16);

    /// @notice Sets MinAllowedWeights (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param minAllowedWeights The new value.
    function setMinAllowedWeights(uint16 netuid, uint16 minAllowedWeights) external payable;

    /// @notice The consensus quantile (out of 65 535).
    /// @param netuid The subnet.
    /// @return Kappa.
    function getKappa(uint16 netuid) external view returns (uint16);

    /// @notice Sets Kappa (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param kappa The new value.
    function setKappa(uint16 netuid, uint16 kappa) external payable;

    /// @notice The legacy consensus temperature.
    /// @param netuid The subnet.
    /// @return Rho.
    function getRho(uint16 netuid) external view returns (uint16);

    /// @notice Sets Rho (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param rho The new value.
    function setRho(uint16 netuid, uint16 rho) external payable;

    /// @notice The steepness of the liquid-alpha sigmoid, an i16 carried in a u16 (two's complement).
    /// @param netuid The subnet.
    /// @return The steepness.
    function getAlphaSigmoidSteepness(uint16 netuid) external view returns (uint16);

    /// @notice Sets AlphaSigmoidSteepness (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param alphaSigmoidSteepness The new value.
    function setAlphaSigmoidSteepness(uint16 netuid, uint16 alphaSigmoidSteepness) external payable;

    /// @notice Blocks without a weight update after which a UID counts as inactive.
    /// @param netuid The subnet.
    /// @return The cutoff, in blocks.
    function getActivityCutoff(uint16 netuid) external view returns (uint16);

    /// @notice Sets ActivityCutoff (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param activityCutoff The new value.
    function setActivityCutoff(uint16 netuid, uint16 activityCutoff) external payable;

    /// @notice The activity cutoff in thousandths of a tempo.
    /// @param netuid The subnet.
    /// @return The factor, per mille of the tempo.
    function getActivityCutoffFactor(uint16 netuid) external view returns (uint32);

    /// @notice Sets ActivityCutoffFactor (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param activityCutoffFactor The new value.
    function setActivityCutoffFactor(uint16 netuid, uint32 activityCutoffFactor) external payable;

    /// @notice Whether neurons may register on the subnet.
    /// @param netuid The subnet.
    /// @return True if allowed.
    function getNetworkRegistrationAllowed(uint16 netuid) external view returns (bool);

    /// @notice Sets NetworkRegistrationAllowed (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param networkRegistrationAllowed The new value.
    function setNetworkRegistrationAllowed(uint16 netuid, bool networkRegistrationAllowed) external payable;

    /// @notice Whether proof-of-work registration is allowed (it was removed from the chain).
    /// @param netuid The subnet.
    /// @return True if allowed.
    function getNetworkPowRegistrationAllowed(uint16 netuid) external view returns (bool);

    /// @notice Sets NetworkPowRegistrationAllowed (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param networkPowRegistrationAllowed The new value.
    function setNetworkPowRegistrationAllowed(uint16 netuid, bool networkPowRegistrationAllowed) external payable;

    /// @notice The floor of the neuron registration burn.
    /// @param netuid The subnet.
    /// @return The floor, in rao.
    function getMinBurn(uint16 netuid) external view returns (uint64);

    /// @notice Sets MinBurn (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param minBurn The new value.
    function setMinBurn(uint16 netuid, uint64 minBurn) external payable;

    /// @notice The ceiling of the neuron registration burn.
    /// @param netuid The subnet.
    /// @return The ceiling, in rao.
    function getMaxBurn(uint16 netuid) external view returns (uint64);

    /// @notice Sets MaxBurn (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param maxBurn The new value.
    function setMaxBurn(uint16 netuid, uint64 maxBurn) external payable;

    /// @notice The current proof-of-work difficulty (legacy).
    /// @param netuid The subnet.
    /// @return The difficulty.
    function getDifficulty(uint16 netuid) external view returns (uint64);

    /// @notice Sets Difficulty (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param difficulty The new value.
    function setDifficulty(uint16 netuid, uint64 difficulty) external payable;

    /// @notice The bonds moving average, out of 1 000 000.
    /// @param netuid The subnet.
    /// @return The moving average.
    function getBondsMovingAverage(uint16 netuid) external view returns (uint64);

    /// @notice Sets BondsMovingAverage (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param bondsMovingAverage The new value.
    function setBondsMovingAverage(uint16 netuid, uint64 bondsMovingAverage) external payable;

    /// @notice Whether weights must be committed, then revealed.
    /// @param netuid The subnet.
    /// @return True if enabled.
    function getCommitRevealWeightsEnabled(uint16 netuid) external view returns (bool);

    /// @notice Sets CommitRevealWeightsEnabled (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param commitRevealWeightsEnabled The new value.
    function setCommitRevealWeightsEnabled(uint16 netuid, bool commitRevealWeightsEnabled) external payable;

    /// @notice Whether bonds use a per-entry liquid alpha.
    /// @param netuid The subnet.
    /// @return True if enabled.
    function getLiquidAlphaEnabled(uint16 netuid) external view returns (bool);

    /// @notice Sets LiquidAlphaEnabled (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param liquidAlphaEnabled The new value.
    function setLiquidAlphaEnabled(uint16 netuid, bool liquidAlphaEnabled) external payable;

    /// @notice Whether the subnet's epoch runs Yuma3 bonds.
    /// @param netuid The subnet.
    /// @return True if enabled.
    function getYuma3Enabled(uint16 netuid) external view returns (bool);

    /// @notice Sets Yuma3Enabled (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param yuma3Enabled The new value.
    function setYuma3Enabled(uint16 netuid, bool yuma3Enabled) external payable;

    /// @notice Whether bonds are reset on commitments.
    /// @param netuid The subnet.
    /// @return True if enabled.
    function getBondsResetEnabled(uint16 netuid) external view returns (bool);

    /// @notice Sets BondsResetEnabled (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param bondsResetEnabled The new value.
    function setBondsResetEnabled(uint16 netuid, bool bondsResetEnabled) external payable;

    /// @notice Epochs between a weight commit and its reveal.
    /// @param netuid The subnet.
    /// @return The interval, in epochs.
    function getCommitRevealWeightsInterval(uint16 netuid) external view returns (uint64);

    /// @notice Sets CommitRevealWeightsInterval (the subnet owner's or root's call, per the chain's rules).
    /// @param netuid The subnet.
    /// @param commitRevealWeightsInterval The new value.
    function setCommitRevealWeightsInterval(uint16 netuid, uint64 commitRevealWeightsInterval) external payable;

    /// @notice The liquid-alpha bounds (out of 65 535).
    /// @param netuid The subnet.
    /// @return alphaLow The lower bound.
    /// @return alphaHigh The upper bound.
    function getAlphaValues(uint16 netuid) external view returns (uint16 alphaLow, uint16 alphaHigh);

    /// @notice Sets both liquid-alpha bounds (the subnet owner's call; liquid alpha must be on).
    /// @param netuid The subnet.
    /// @param alphaLow The new lower bound.
    /// @param alphaHigh The new upper bound.
    function setAlphaValues(uint16 netuid, uint16 alphaLow, uint16 alphaHigh) external payable;

    /// @notice Allows or forbids transferring stake on the subnet to another coldkey (the subnet owner's call).
    /// @param netuid The subnet.
    /// @param toggle True to allow transfers.
    function toggleTransfers(uint16 netuid, bool toggle) external payable;
}
