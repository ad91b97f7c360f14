// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IWeights
/// @notice Validators' weights on miners (spec/chain.md §6): `setWeights` with subtensor's checks,
///         stored max-upscaled so the largest is 65_535 (`vec_u16_max_upscale_to_u16`), plus each
///         UID's `lastUpdate` block (its activity timestamp for the epoch).
/// @dev The caller is the hotkey. Commit-reveal is not implemented yet (CommitRevealWeightsEnabled is
///      false on every subnet here).
interface IWeights {
    error WeightsUnknownSubnet(uint16 netuid);
    error WeightsNotRegistered(uint16 netuid, address hotkey);
    error WeightsLengthMismatch(uint256 uids, uint256 values);
    error WeightsTooMany(uint256 length, uint16 n);
    error WeightsTooFew(uint256 length, uint256 minAllowed);
    error WeightsDuplicateUid(uint16 uid);
    error WeightsUidOutOfRange(uint16 uid, uint16 n);
    error WeightsNoPermit(uint16 netuid, uint16 uid);
    error WeightsVersionTooLow(uint64 versionKey, uint64 required);
    error WeightsRateLimited(uint16 netuid, uint16 uid, uint64 nextAllowedBlock);

    event WeightsSet(uint16 indexed netuid, uint16 indexed uid, uint16[] uids, uint16[] values);

    /// @notice Sets the caller hotkey's weights on `netuid` (spec/chain.md §6 checks 1-9).
    function setWeights(uint16 netuid, uint16[] calldata uids, uint16[] calldata values, uint64 versionKey) external;

    /// @notice The stored (max-upscaled) row of `uid`, in the order it was set.
    function weights(uint16 netuid, uint16 uid) external view returns (uint16[] memory uids, uint16[] memory values);
    /// @notice subtensor's `LastUpdate[uid]`: the block of the last `setWeights` by the UID's current
    ///         holder, or the block it registered at if it has not set weights since (`append_neuron` and
    ///         `replace_neuron` write the registration block; spec/yuma.md §2). 0 for a UID that does not exist.
    /// @dev This is also the block the weights rate limit counts from, so a new UID waits
    ///      `weightsSetRateLimit` blocks after registering before its first `setWeights`, as in subtensor.
    function lastUpdate(uint16 netuid, uint16 uid) external view returns (uint64);
}
