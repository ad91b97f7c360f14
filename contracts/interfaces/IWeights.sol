// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IWeights
/// @notice Validators' weights on miners (docs/spec/chain.md §6): `setWeights` with subtensor's checks, and each
///         UID's `lastUpdate` block (its activity timestamp for the epoch).
/// @dev The caller is the hotkey. Commit-reveal is not implemented yet (CommitRevealWeightsEnabled is
///      false on every subnet here).
///
///      Rows live in the logs, not in storage. A UID's current row is the `pairs` of its latest
///      {WeightsSet} event, at block {currentRow}'s `setAt`; storage keeps only who set it, when, and
///      its length. That is what lets a 256-entry row cost about 124k gas through {setWeightsPacked}:
///      storing it would add 16 words, 80k of writes on every rewrite. The row is logged as given, in
///      its order and with its 0 entries (a 0 entry is not an absent one in docs/spec/yuma.md §5 clipping
///      and the §8.2 sparse bond EMA), and the epoch max-upscales it (`vec_u16_max_upscale_to_u16`,
///      docs/spec/yuma.md §1) when the oracle reads it (oracle/chain/weights.ts), where subtensor stores it
///      upscaled: the same numbers. Logs are chain data like storage: a node that serves `eth_call` at a block serves that
///      block's logs, and the oracle committee reads both from the same chain.
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

    /// @notice A UID set its weights: the row, as given.
    /// @param netuid The subnet.
    /// @param uid The setter's UID.
    /// @param pairs The entries, 4 bytes each in the order given: the target uid then the submitted value,
    ///        big-endian u16s ({setWeightsPacked}' encoding, whichever entry point was called). Not upscaled.
    event WeightsSet(uint16 indexed netuid, uint16 indexed uid, bytes pairs);
    /// @notice A UID's row was cleared because the UID changed hands (docs/spec/chain.md §5.3 `clear_neuron`);
    ///         its `lastUpdate` is now the new holder's registration block.
    /// @param netuid The subnet.
    /// @param uid The UID.
    event WeightsCleared(uint16 indexed netuid, uint16 indexed uid);

    /* ACTIONS */

    /// @notice Sets the caller hotkey's weights on `netuid` (docs/spec/chain.md §6 checks 1-9).
    /// @param netuid The subnet; the caller must hold a UID on it.
    /// @param uids The target UIDs: distinct, each below n.
    /// @param values The weights, one per target, on any scale (only their ratios matter).
    /// @param versionKey At least the subnet's `weightsVersionKey` when that is non-zero.
    function setWeights(uint16 netuid, uint16[] calldata uids, uint16[] calldata values, uint64 versionKey) external;

    /// @notice {setWeights} with the row as packed (uid, value) entries: the same checks in the same
    ///         order with the same errors, after a length check of its own ({WeightsPackedLength} in
    ///         place of {WeightsLengthMismatch}), and the same logged row.
    /// @dev The cheaper entry point, and the encoding {WeightsSet} logs. Entry i is bytes 4i..4i+3 of
    ///      `pairs`: the target uid then its value, each a big-endian u16
    ///      (`ethers.solidityPacked(["uint16", "uint16", ...], [uid0, value0, ...])`). It is the
    ///      compact form of the two arrays: 4 bytes an entry instead of two 32-byte ABI words, so a
    ///      256-entry row is 1 KiB of calldata instead of 16 KiB (about 13k gas instead of 98k, and
    ///      under EIP-7623's floor). A dense form (values by uid plus a presence bitmap) would halve the
    ///      bytes again for full rows but could not express the vector subtensor's checks run on
    ///      (order, duplicates, out-of-range uids), so the same errors could not be kept.
    /// @param netuid The subnet; the caller must hold a UID on it.
    /// @param pairs The entries, 4 bytes each: uid (distinct, below n) then weight (any scale).
    /// @param versionKey At least the subnet's `weightsVersionKey` when that is non-zero.
    function setWeightsPacked(uint16 netuid, bytes calldata pairs, uint64 versionKey) external;

    /// @notice Clears the row and last update of `uid`, replaced by a new hotkey (docs/spec/chain.md §5.3
    ///         `replace_neuron`). Restricted (the SubnetRegistry, when it prunes the UID).
    /// @param netuid The subnet.
    /// @param uid The replaced UID.
    function clearNeuron(uint16 netuid, uint16 uid) external;

    /* VIEWS */

    /// @notice Where `uid`'s current row is: the block of its latest {WeightsSet}, and its entry count.
    /// @param netuid The subnet.
    /// @param uid The setter's UID.
    /// @return setAt The block of the row's {WeightsSet} (the last one of that block for this UID); 0 if the
    ///         UID does not exist, never set weights, or changed holder since.
    /// @return entries The row's number of entries (0 when `setAt` is 0).
    function currentRow(uint16 netuid, uint16 uid) external view returns (uint64 setAt, uint16 entries);

    /// @notice subtensor's `LastUpdate[uid]`: the block of the last `setWeights` by the UID's current
    ///         holder, or the block it registered at if it has not set weights since (`append_neuron` and
    ///         `replace_neuron` write the registration block; docs/spec/yuma.md §2). 0 for a UID that does not exist.
    /// @dev This is also the block the weights rate limit counts from, so a new UID waits
    ///      `weightsSetRateLimit` blocks after registering before its first `setWeights`, as in subtensor.
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The block.
    function lastUpdate(uint16 netuid, uint16 uid) external view returns (uint64);
}
