// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IWeights
/// @notice Validators' weights on miners (spec/chain.md §6): `setWeights` with subtensor's checks,
///         stored max-upscaled so the largest is 65_535 (`vec_u16_max_upscale_to_u16`), plus each
///         UID's `lastUpdate` block (its activity timestamp for the epoch).
/// @dev The caller is the hotkey. Commit-reveal is not implemented yet (CommitRevealWeightsEnabled is
///      false on every subnet here).
///
///      Row encoding ({packedWeights}, {WeightsSet}): a row is stored densely by target uid, not as the
///      vector given. `words[k]` holds the values of uids 16k..16k+15, uid j's at bits 16·(j mod 16);
///      `words` runs up to its last non-zero word (empty if every value is 0). Bit j of `zeros` is set
///      when the row has an entry for uid j whose value is 0. The row's entries are exactly the uids
///      whose value is non-zero or whose `zeros` bit is set, in uid order. Unlike subtensor, which keeps
///      `Weights[uid]` in the order given, the order is lost: the epoch's numbers do not depend on it
///      (spec/yuma.md §3-§8: per-entry maps and exact fixed-point sums), only the order of the entries
///      of the bond rows it builds from a row (ascending here). Which entries exist does matter (a 0
///      entry is not an absent one in §5 clipping and the §8.2 sparse bond EMA), hence `zeros`.
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
    /// @notice The `pairs` of {setWeightsPacked} are not a whole number of 4-byte (uid, value) entries.
    /// @param length The byte length given.
    error WeightsPackedLength(uint256 length);
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

    /// @notice A UID set its weights: the stored row, as {packedWeights} returns it (the interface's row
    ///         encoding: values by target uid, 16 to a word, max-upscaled so the largest is 65_535, and
    ///         a bitmap of the entries whose value is 0). A full 256-entry row logs 16 words.
    /// @param netuid The subnet.
    /// @param uid The setter's UID.
    /// @param words The values by target uid: uid j's at bits 16·(j mod 16) of `words[j / 16]`.
    /// @param zeros Bit j: the row has an entry for uid j, of value 0.
    event WeightsSet(uint16 indexed netuid, uint16 indexed uid, uint256[] words, uint256 zeros);
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

    /// @notice {setWeights} with the row as packed (uid, value) entries: the same checks in the same
    ///         order with the same errors, after a length check of its own ({WeightsPackedLength} in
    ///         place of {WeightsLengthMismatch}), and the same stored row.
    /// @dev Entry i is bytes 4i..4i+3 of `pairs`: the target uid then its value, each a big-endian
    ///      u16 (`ethers.solidityPacked(["uint16", "uint16", ...], [uid0, value0, ...])`). It is the
    ///      compact form of the two arrays: 4 bytes an entry instead of two 32-byte ABI words, so a
    ///      256-entry row is 1 KiB of calldata instead of 16 KiB (about 13k gas instead of 98k, and
    ///      under EIP-7623's floor). A dense form (values by uid plus a presence bitmap) would halve the
    ///      bytes again for full rows but could not express the vector subtensor's checks run on
    ///      (order, duplicates, out-of-range uids), so the same errors could not be kept.
    /// @param netuid The subnet; the caller must hold a UID on it.
    /// @param pairs The entries, 4 bytes each: uid (distinct, below n) then weight (any scale).
    /// @param versionKey At least the subnet's `weightsVersionKey` when that is non-zero.
    function setWeightsPacked(uint16 netuid, bytes calldata pairs, uint64 versionKey) external;

    /// @notice Clears the row and last update of `uid`, replaced by a new hotkey (spec/chain.md §5.3
    ///         `replace_neuron`). Restricted (the SubnetRegistry, when it prunes the UID).
    /// @param netuid The subnet.
    /// @param uid The replaced UID.
    function clearNeuron(uint16 netuid, uint16 uid) external;

    /* VIEWS */

    /// @notice The stored (max-upscaled) row of `uid`, in uid order.
    /// @param netuid The subnet.
    /// @param uid The setter's UID.
    /// @return uids The target UIDs, ascending; empty if the UID does not exist, never set weights, or
    ///         changed holder since.
    /// @return values The stored values (the largest is 65_535 unless all are 0).
    function weights(uint16 netuid, uint16 uid) external view returns (uint16[] memory uids, uint16[] memory values);

    /// @notice The same row as {weights}, as its storage words (the row encoding described at the top
    ///         of this interface): a full 256-entry row is 16 words and one bitmap, which keeps a whole subnet's
    ///         snapshot within an eth_call's gas.
    /// @param netuid The subnet.
    /// @param uid The setter's UID.
    /// @return words The values by target uid, 16 to a word, up to the last non-zero word.
    /// @return zeros Bit j: the row has an entry for uid j, of value 0.
    function packedWeights(uint16 netuid, uint16 uid) external view returns (uint256[] memory words, uint256 zeros);

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
