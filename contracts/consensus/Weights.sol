// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IEpochSettlement} from "../interfaces/IEpochSettlement.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {IWeights} from "../interfaces/IWeights.sol";
import {PrecompileForwarded} from "../compat/PrecompileForwarded.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";

/// @title Weights
/// @notice Validators' weights (docs/spec/chain.md §6): `setWeights` with subtensor's checks in subtensor's
///         order (`internal_set_weights`), the rows logged (IWeights: rows live in the logs), and each
///         UID's `LastUpdate`.
/// @dev Storage is one word per UID: the hotkey that set the current row, its block and its length. A row
///      belongs to the UID holder that set it: when a UID changes hands (a later registration block, or
///      another hotkey) the old row reads as absent and `lastUpdate` falls back to the new holder's
///      registration block, as subtensor's `replace_neuron` clears the row and writes that block; the
///      registry also clears the row outright when it prunes the UID ({clearNeuron}), so that a hotkey
///      pruned and re-registered at the same UID in one block starts empty too. Like subtensor, an
///      all-zero row is accepted. Not implemented yet: commit-reveal, StakeThreshold (the minimum stake to
///      set weights), and mechanisms (sub-subnets).
contract Weights is IWeights, AccessManaged, PrecompileForwarded {
    /* CONSTANTS */

    /// @dev UIDs a subnet may have (SubnetRegistry.MAX_UIDS): every valid uid is below it.
    uint256 private constant MAX_UIDS = 256;
    /// @dev The largest u16.
    uint256 private constant U16_MAX = type(uint16).max;
    /// @dev Bytes of a {setWeightsPacked} entry: uid then value, big-endian u16s.
    uint256 private constant PAIR_BYTES = 4;
    /// @dev Bytes of a big-endian u16.
    uint256 private constant U16_BYTES = 2;
    /// @dev Right shift that leaves the u16 at the start of a calldata word.
    uint256 private constant TOP_U16_SHIFT = 256 - 16;
    /// @dev Left shift that puts a 4-byte entry at the start of a memory word.
    uint256 private constant TOP_PAIR_SHIFT = 256 - 32;
    /// @dev Bytes of an ABI word.
    uint256 private constant ABI_WORD = 32;
    /// @dev A bitmap of every possible uid (2^16 bits) takes this many words.
    uint256 private constant UID_BITMAP_WORDS = 256;
    /// @dev "No uid" (above every u16).
    uint256 private constant NONE = type(uint256).max;

    /* TYPES */

    /// @dev Who set a UID's current row, when, and its length; one slot.
    struct Row {
        address setter;
        uint48 lastSet;
        uint16 length;
    }

    /// @dev Where a row's entries lie in calldata: entry i's uid is the word at `uids + i·stride` shifted
    ///      right by `shift`, and its value likewise from `values`. Both entry points use it, so that the
    ///      checks run once, on either layout, without copying the row to memory.
    struct Entries {
        /// The number of entries.
        uint256 length;
        /// Calldata offset of entry 0's uid.
        uint256 uids;
        /// Calldata offset of entry 0's value.
        uint256 values;
        /// Bytes from one entry to the next.
        uint256 stride;
        /// Right shift that leaves the u16 of a loaded word (0 for a clean ABI word).
        uint256 shift;
    }

    /* IMMUTABLES */

    /// @notice Subnets, UIDs and the hyperparameters the checks read.
    ISubnetRegistry public immutable registry;
    /// @notice The validator permits of the last settled epoch.
    IEpochSettlement public immutable settlement;

    /* STORAGE */

    mapping(uint16 netuid => mapping(uint16 uid => Row)) private _rows;

    /* CONSTRUCTOR */

    /// @notice Deploys the weights store.
    /// @param authority The protocol AccessManager (governs {clearNeuron}: the registry's role).
    /// @param registry_ The SubnetRegistry.
    /// @param settlement_ The EpochSettlement (validator permits).
    constructor(address authority, ISubnetRegistry registry_, IEpochSettlement settlement_) AccessManaged(authority) {
        registry = registry_;
        settlement = settlement_;
    }

    /* ACTIONS */

    /// @inheritdoc IWeights
    /// @dev subtensor `internal_set_weights`, checks in its order, each with its error:
    ///      lengths equal ({WeightsLengthMismatch}); subnet exists ({WeightsUnknownSubnet}); length ≤ n
    ///      ({WeightsTooMany}); caller registered ({WeightsNotRegistered}); version key
    ///      ({WeightsVersionTooLow}); rate limit `now − lastUpdate ≥ weightsSetRateLimit` unless lastUpdate is
    ///      0 ({WeightsRateLimited}); a validator permit unless a single self-weight or the owner hotkey
    ///      ({WeightsNoPermit}); no duplicates ({WeightsDuplicateUid}); uids < n ({WeightsUidOutOfRange});
    ///      length ≥ min(minAllowedWeights, n) unless a self-weight ({WeightsTooFew}). Then the row is
    ///      logged in the packed encoding, and `lastUpdate` becomes this block.
    function setWeights(uint16 netuid, uint16[] calldata uids, uint16[] calldata values, uint64 versionKey) external {
        uint256 length = uids.length;
        if (length != values.length) revert WeightsLengthMismatch(length, values.length);
        uint256 uidsAt;
        uint256 valuesAt;
        // solhint-disable-next-line no-inline-assembly
        assembly {
            uidsAt := uids.offset
            valuesAt := values.offset
        }
        uint16 uid = _setWeights(
            netuid,
            Entries({length: length, uids: uidsAt, values: valuesAt, stride: ABI_WORD, shift: 0}),
            versionKey
        );
        // The entries are clean u16s now (checked): pack them 4 bytes each. Every mstore writes a whole
        // word, so the buffer has 28 bytes of slack past the last entry, and its length is set after.
        bytes memory pairs = new bytes(length * PAIR_BYTES + ABI_WORD - PAIR_BYTES);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let out := add(pairs, ABI_WORD)
            for {
                let i := 0
            } lt(i, length) {
                i := add(i, 1)
            } {
                let entry := or(shl(16, calldataload(add(uidsAt, shl(5, i)))), calldataload(add(valuesAt, shl(5, i))))
                mstore(add(out, shl(2, i)), shl(TOP_PAIR_SHIFT, entry))
            }
            mstore(pairs, mul(length, PAIR_BYTES))
        }
        emit WeightsSet(netuid, uid, pairs);
    }

    /// @inheritdoc IWeights
    /// @dev The same internal path as {setWeights}, reading the entries where they lie in `pairs`, which
    ///      it then logs as they are.
    function setWeightsPacked(uint16 netuid, bytes calldata pairs, uint64 versionKey) external {
        if (pairs.length % PAIR_BYTES != 0) revert WeightsPackedLength(pairs.length);
        uint256 at;
        // solhint-disable-next-line no-inline-assembly
        assembly {
            at := pairs.offset
        }
        uint16 uid = _setWeights(
            netuid,
            Entries({
                length: pairs.length / PAIR_BYTES,
                uids: at,
                values: at + U16_BYTES,
                stride: PAIR_BYTES,
                shift: TOP_U16_SHIFT
            }),
            versionKey
        );
        emit WeightsSet(netuid, uid, pairs);
    }

    /// @inheritdoc IWeights
    /// @dev docs/spec/chain.md §5.3 `clear_neuron` (`Weights::remove`). Entries of other rows that point at the
    ///      UID are not zeroed, unlike subtensor: the epoch drops every weight set before its target's
    ///      registration (docs/spec/yuma.md §3.5 step 4), so they never count.
    function clearNeuron(uint16 netuid, uint16 uid) external restricted {
        delete _rows[netuid][uid];
        emit WeightsCleared(netuid, uid);
    }

    /* VIEWS */

    /// @inheritdoc IWeights
    function currentRow(uint16 netuid, uint16 uid) external view returns (uint64 setAt, uint16 entries) {
        address holder = registry.hotkeyAt(netuid, uid);
        if (holder == address(0)) return (0, 0);
        Row memory row = _rows[netuid][uid];
        if (!_isCurrent(row, holder, registry.blockAtRegistration(netuid, uid))) return (0, 0);
        return (row.lastSet, row.length);
    }

    /// @inheritdoc IWeights
    function lastUpdate(uint16 netuid, uint16 uid) external view returns (uint64) {
        address holder = registry.hotkeyAt(netuid, uid);
        if (holder == address(0)) return 0;
        return _lastUpdate(netuid, uid, holder, _rows[netuid][uid]);
    }

    /* INTERNAL */

    /// @dev Both entry points after their length check: the checks of {setWeights}' @dev from the subnet
    ///      on, in that order, then the row's record. Returns the caller's UID.
    function _setWeights(uint16 netuid, Entries memory entries, uint64 versionKey) private returns (uint16 uid) {
        ISubnetRegistry.SubnetInfo memory info = registry.subnet(netuid);
        if (info.owner == address(0)) revert WeightsUnknownSubnet(netuid);
        if (entries.length > info.n) revert WeightsTooMany(entries.length, info.n);
        // The hotkey: the caller, or the caller a Neuron facade acts for (PrecompileForwarded).
        address hotkey = _msgSender();
        bool registered;
        (registered, uid) = registry.uidOf(netuid, hotkey);
        if (!registered) revert WeightsNotRegistered(netuid, hotkey);

        ISubnetRegistry.Hyperparameters memory params = registry.hyperparameters(netuid);
        _checkVersionAndRate(netuid, uid, hotkey, versionKey, params);
        bool selfWeight = entries.length == 1 && _firstUid(entries) == uid;
        if (!selfWeight && hotkey != info.ownerHotkey && !settlement.hasValidatorPermit(netuid, uid)) {
            revert WeightsNoPermit(netuid, uid);
        }
        _checkUids(entries, info.n);
        uint256 minAllowed = Math.min(params.minAllowedWeights, info.n);
        if (!selfWeight && entries.length < minAllowed) revert WeightsTooFew(entries.length, minAllowed);

        _rows[netuid][uid] = Row({
            setter: hotkey,
            lastSet: SafeCast.toUint48(block.number),
            length: uint16(entries.length)
        });
    }

    /// @dev Version key (`check_version_key`) then rate limit (`check_rate_limit`), in that order.
    function _checkVersionAndRate(
        uint16 netuid,
        uint16 uid,
        address hotkey,
        uint64 versionKey,
        ISubnetRegistry.Hyperparameters memory params
    ) private view {
        uint64 required = params.weightsVersionKey;
        if (required != 0 && versionKey < required) revert WeightsVersionTooLow(versionKey, required);
        uint256 last = _lastUpdate(netuid, uid, hotkey, _rows[netuid][uid]);
        uint256 limit = params.weightsSetRateLimit;
        if (last != 0 && block.number - last < limit) {
            revert WeightsRateLimited(netuid, uid, uint64(Math.min(last + limit, type(uint64).max)));
        }
    }

    /// @dev `has_duplicate_uids` then `contains_invalid_uids` (uid < n), in one branch-free pass over
    ///      calldata for a valid row: duplicates and uids above 255 show as fewer distinct uids below 256
    ///      than entries, out-of-range uids as bits at or above n, a dirty ABI word as bits above the u16
    ///      range; any of those hands the row to {_revertInvalidUids} for subtensor's errors.
    function _checkUids(Entries memory entries, uint256 n) private pure {
        uint256 length = entries.length;
        uint256 at = entries.uids;
        uint256 toValue = entries.values - at;
        uint256 stride = entries.stride;
        uint256 shift = entries.shift;
        uint256 seen;
        uint256 dirty;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            for {
                let end := add(at, mul(length, stride))
            } lt(at, end) {
                at := add(at, stride)
            } {
                let u := shr(shift, calldataload(at))
                seen := or(seen, shl(u, 1)) // 0 for u > 255
                dirty := or(dirty, or(u, shr(shift, calldataload(add(at, toValue)))))
            }
        }
        if (dirty > U16_MAX || _popcount(seen) != length || seen >> n != 0) _revertInvalidUids(entries, n);
    }

    /// @dev `has_duplicate_uids` over the whole vector first, then `contains_invalid_uids` (uid < n),
    ///      each error naming the first offender, with a bitmap of all 2^16 uids (256 words of memory);
    ///      a dirty ABI word reverts without data where the ABI decoder would have. Only for a row that
    ///      {_checkUids} found irregular, so it always reverts (a uid ≥ 256, the largest n, counts as out
    ///      of range too: the same as uid ≥ n while n ≤ 256).
    function _revertInvalidUids(Entries memory entries, uint256 n) private pure {
        uint256[] memory seen = new uint256[](UID_BITMAP_WORDS);
        uint256 bound = Math.min(n, MAX_UIDS);
        uint256 firstOutOfRange = NONE;
        for (uint256 i; i < entries.length; ++i) {
            (uint256 u, uint256 v) = _entry(entries, i);
            if (u > U16_MAX) _revertEmpty();
            uint256 bit = 1 << (u & 0xff);
            uint256 word = u >> 8;
            if (seen[word] & bit != 0) revert WeightsDuplicateUid(uint16(u));
            seen[word] |= bit;
            // solhint-disable-next-line gas-strict-inequalities
            if (firstOutOfRange == NONE && u >= bound) firstOutOfRange = u;
            if (v > U16_MAX) _revertEmpty();
        }
        revert WeightsUidOutOfRange(uint16(firstOutOfRange), uint16(n));
    }

    /// @dev subtensor's `LastUpdate` of `uid` held by `holder`, whose row record is `row`: its last set
    ///      if still current, else its registration block.
    function _lastUpdate(uint16 netuid, uint16 uid, address holder, Row memory row) private view returns (uint64) {
        uint64 registeredAt = registry.blockAtRegistration(netuid, uid);
        return _isCurrent(row, holder, registeredAt) ? row.lastSet : registeredAt;
    }

    /// @dev Whether `row` was set by the UID's current holder, registered at `registeredAt`.
    function _isCurrent(Row memory row, address holder, uint64 registeredAt) private pure returns (bool) {
        // Inclusive: a row set in the block its holder registered in is the holder's own.
        // solhint-disable-next-line gas-strict-inequalities
        return row.setter == holder && row.lastSet >= registeredAt;
    }

    /// @dev The uid of a row's first entry, as the self-weight test reads it.
    function _firstUid(Entries memory entries) private pure returns (uint256 u) {
        (u, ) = _entry(entries, 0);
        if (u > U16_MAX) _revertEmpty();
    }

    /// @dev Entry `i` of a row, as loaded (an ABI word may be dirty: above 65_535).
    function _entry(Entries memory entries, uint256 i) private pure returns (uint256 u, uint256 v) {
        uint256 uidAt = entries.uids + i * entries.stride;
        uint256 valueAt = entries.values + i * entries.stride;
        uint256 shift = entries.shift;
        // solhint-disable-next-line no-inline-assembly
        assembly {
            u := shr(shift, calldataload(uidAt))
            v := shr(shift, calldataload(valueAt))
        }
    }

    /// @dev Set bits of `x` (at most 256).
    function _popcount(uint256 x) private pure returns (uint256) {
        unchecked {
            x -= (x >> 1) & 0x5555555555555555555555555555555555555555555555555555555555555555;
            x = (x & 0x3333333333333333333333333333333333333333333333333333333333333333) +
                ((x >> 2) & 0x3333333333333333333333333333333333333333333333333333333333333333);
            x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f;
            x = (x + (x >> 8)) & 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff;
            // Sixteen 16-bit counts summed into the top lane (at most 256, so no carry out of a lane).
            return (x * 0x0001000100010001000100010001000100010001000100010001000100010001) >> 240;
        }
    }

    /// @dev Reverts without data, as the ABI decoder does on a dirty uint16.
    function _revertEmpty() private pure {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            revert(0, 0)
        }
    }

    /// @dev The caller, or the caller a Bittensor-EVM facade acts for (PrecompileForwarded).
    function _msgSender() internal view override(Context, PrecompileForwarded) returns (address) {
        return PrecompileForwarded._msgSender();
    }
}
