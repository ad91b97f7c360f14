// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IWeights
/// @notice Validators' weights on miners (spec/chain.md §6): `setWeights` with subtensor's checks,
///         stored max-upscaled so the largest is 65_535 (`vec_u16_max_upscale_to_u16`), plus each
///         UID's `lastUpdate` block (its activity timestamp for the epoch).
/// @dev The caller is the hotkey. Commit-reveal is not implemented yet (CommitRevealWeightsEnabled is
///      false on every subnet here).
interface IWeights {
    /* ERRORS */

    /// @notice No subnet is registered under `netuid`.
    /// @param netuid The netuid given.
    error WeightsUnknownSubnet(uint16 netuid);
    /// @notice The caller hotkey holds no UID on the subnet.
    /// @param netuid The subnet.
    /// @param hotkey The caller.
    error WeightsNotRegistered(uint16 netuid, address hotkey);
    /// @notice `uids` and `values` differ in length.
    /// @param uids The length of `uids`.
    /// @param values The length of `values`.
    error WeightsLengthMismatch(uint256 uids, uint256 values);
    /// @notice The row has more entries than the subnet has UIDs.
    /// @param length The row's length.
    /// @param n The subnet's UID count.
    error WeightsTooMany(uint256 length, uint16 n);
    /// @notice The row has fewer than min(minAllowedWeights, n) entries and is not a self-weight.
    /// @param length The row's length.
    /// @param minAllowed min(minAllowedWeights, n).
    error WeightsTooFew(uint256 length, uint256 minAllowed);
    /// @notice A UID appears twice in the row.
    /// @param uid The first duplicated UID.
    error WeightsDuplicateUid(uint16 uid);
    /// @notice The row names a UID that does not exist (uid >= n).
    /// @param uid The first such UID.
    /// @param n The subnet's UID count.
    error WeightsUidOutOfRange(uint16 uid, uint16 n);
    /// @notice The caller has no validator permit from the last epoch, and the row is not a single
    ///         self-weight nor is the caller the owner hotkey.
    /// @param netuid The subnet.
    /// @param uid The caller's UID.
    error WeightsNoPermit(uint16 netuid, uint16 uid);
    /// @notice The version key is below the subnet's `weightsVersionKey`.
    /// @param versionKey The key given.
    /// @param required The subnet's `weightsVersionKey`.
    error WeightsVersionTooLow(uint64 versionKey, uint64 required);
    /// @notice Fewer than `weightsSetRateLimit` blocks since the UID's last update.
    /// @param netuid The subnet.
    /// @param uid The caller's UID.
    /// @param nextAllowedBlock The first block at which it may set weights again.
    error WeightsRateLimited(uint16 netuid, uint16 uid, uint64 nextAllowedBlock);

    /* EVENTS */

    /// @notice A UID set its weights: the stored row, in {packedWeights}' encoding (the stored words; word
    ///         k holds pairs 8k..8k+7, pair i at bits 32·(i mod 8), each `uid << 16 | value`, the targets
    ///         in the order given, the values max-upscaled so the largest is 65_535, all 0 if every value
    ///         was 0). Packed, a 256-entry row logs 1 KiB instead of 16 KiB.
    /// @param netuid The subnet.
    /// @param uid The setter's UID.
    /// @param words The packed pairs.
    /// @param pairs The number of pairs.
    event WeightsSet(uint16 indexed netuid, uint16 indexed uid, uint256[] words, uint16 pairs);
    /// @notice A UID's row was cleared because the UID changed hands (spec/chain.md §5.3 `clear_neuron`);
    ///         its `lastUpdate` is now the new holder's registration block.
    /// @param netuid The subnet.
    /// @param uid The UID.
    event WeightsCleared(uint16 indexed netuid, uint16 indexed uid);

    /* ACTIONS */

    /// @notice Sets the caller hotkey's weights on `netuid` (spec/chain.md §6 checks 1-9).
    /// @param netuid The subnet; the caller must hold a UID on it.
    /// @param uids The target UIDs: distinct, each below n.
    /// @param values The weights, one per target, on any scale (only their ratios matter).
    /// @param versionKey At least the subnet's `weightsVersionKey` when that is non-zero.
    function setWeights(uint16 netuid, uint16[] calldata uids, uint16[] calldata values, uint64 versionKey) external;

    /// @notice Clears the row and last update of `uid`, replaced by a new hotkey (spec/chain.md §5.3
    ///         `replace_neuron`). Restricted (the SubnetRegistry, when it prunes the UID).
    /// @param netuid The subnet.
    /// @param uid The replaced UID.
    function clearNeuron(uint16 netuid, uint16 uid) external;

    /* VIEWS */

    /// @notice The stored (max-upscaled) row of `uid`, in the order it was set.
    /// @param netuid The subnet.
    /// @param uid The setter's UID.
    /// @return uids The target UIDs; empty if the UID does not exist, never set weights, or changed holder since.
    /// @return values The stored values (the largest is 65_535 unless all are 0).
    function weights(uint16 netuid, uint16 uid) external view returns (uint16[] memory uids, uint16[] memory values);

    /// @notice The same row as {weights}, as its storage words: word k holds pairs 8k..8k+7, pair i at
    ///         bits 32·(i mod 8), each pair `uid << 16 | value`. A full 256-entry row is 32 words instead
    ///         of two 256-word arrays, which keeps a whole subnet's snapshot within an eth_call's gas.
    /// @param netuid The subnet.
    /// @param uid The setter's UID.
    /// @return words The packed pairs; empty exactly when {weights} is.
    /// @return pairs The number of pairs.
    function packedWeights(uint16 netuid, uint16 uid) external view returns (uint256[] memory words, uint16 pairs);
    /// @notice subtensor's `LastUpdate[uid]`: the block of the last `setWeights` by the UID's current
    ///         holder, or the block it registered at if it has not set weights since (`append_neuron` and
    ///         `replace_neuron` write the registration block; spec/yuma.md §2). 0 for a UID that does not exist.
    /// @dev This is also the block the weights rate limit counts from, so a new UID waits
    ///      `weightsSetRateLimit` blocks after registering before its first `setWeights`, as in subtensor.
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The block.
    function lastUpdate(uint16 netuid, uint16 uid) external view returns (uint64);
}
