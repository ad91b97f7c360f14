// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IEpochSettlement} from "../interfaces/IEpochSettlement.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {IWeights} from "../interfaces/IWeights.sol";
import {WeightsMath} from "../libraries/WeightsMath.sol";

/// @title Weights
/// @notice Validators' weights (spec/chain.md §6): `setWeights` with subtensor's checks in subtensor's
///         order (`internal_set_weights`), rows stored max-upscaled (`vec_u16_max_upscale_to_u16`), and
///         each UID's `LastUpdate`.
/// @dev A row is stored densely by target uid (IWeights' row encoding: 16 u16 values a word, 16 words
///      for 256 UIDs, and a bitmap of the entries whose value is 0, written only when there are some),
///      plus one header word with the setter hotkey, its block, the entry count and which words are
///      non-zero. A row belongs to the UID holder that set it: when a UID changes hands (a later
///      registration block, or another hotkey) the old row reads as empty and `lastUpdate` falls back to
///      the new holder's registration block, as subtensor's `replace_neuron` clears the row and writes
///      that block; the registry also clears the row outright when it prunes the UID ({clearNeuron}),
///      so that a hotkey pruned and re-registered at the same UID in one block starts empty too. Like
///      subtensor, an all-zero row is accepted (its entries are kept, as zeros). Not implemented yet:
///      commit-reveal, StakeThreshold (the minimum stake to set weights), and mechanisms (sub-subnets).
contract Weights is IWeights, AccessManaged {
    /* CONSTANTS */

    /// @dev UIDs a subnet may have (SubnetRegistry.MAX_UIDS): the largest row and the storage a row gets.
    uint256 private constant MAX_UIDS = 256;
    /// @dev u16 values per storage word.
    uint256 private constant LANES = 16;
    /// @dev Bits of a u16 value.
    uint256 private constant LANE_BITS = 16;
    /// @dev Storage words of a full row.
    uint256 private constant MAX_WORDS = MAX_UIDS / LANES;
    /// @dev The largest u16; also the largest value of an upscaled row.
    uint256 private constant U16_MAX = type(uint16).max;
    /// @dev Bytes of a {setWeightsPacked} entry: uid then value, big-endian u16s.
    uint256 private constant PAIR_BYTES = 4;
    /// @dev Bytes of a big-endian u16.
    uint256 private constant U16_BYTES = 2;
    /// @dev Right shift that leaves the u16 at the start of a calldata word.
    uint256 private constant TOP_U16_SHIFT = 256 - LANE_BITS;
    /// @dev Bytes of an ABI word.
    uint256 private constant ABI_WORD = 32;
    /// @dev A bitmap of every possible uid (2^16 bits) takes this many words.
    uint256 private constant UID_BITMAP_WORDS = 256;
    /// @dev The lowest bit of each u16 lane of a word.
    uint256 private constant LANE_LOW_BITS = 0x0001000100010001000100010001000100010001000100010001000100010001;
    /// @dev "No uid" (above every u16).
    uint256 private constant NONE = type(uint256).max;

    /* TYPES */

    /// @dev Who set a UID's row, when, and its shape; one slot.
    struct Header {
        /// The hotkey that set the row.
        address setter;
        /// The block it was set at.
        uint48 lastSet;
        /// Its number of entries.
        uint16 length;
        /// Bit k: `words[k]` may be non-zero (exactly the non-zero words once a row is set). Kept when
        /// the row is cleared or goes stale, so that the next row zeroes what is left and nothing else.
        uint16 wordMask;
        /// Whether `zeros` is this row's (otherwise it is stale and reads as 0).
        bool hasZeros;
    }

    /// @dev A UID's row in the interface's encoding: the header, the bitmap of 0-valued entries, the values.
    struct Row {
        /// Setter, block and shape.
        Header header;
        /// Bit j: an entry for uid j, of value 0; meaningful only when `header.hasZeros`.
        uint256 zeros;
        /// The values by target uid: uid j's at bits 16·(j mod 16) of word j / 16.
        uint256[MAX_WORDS] words;
    }

    /// @dev Where a row's entries lie in calldata: entry i's uid is the word at `uids + i·stride` shifted
    ///      right by `shift`, and its value likewise from `values`. Both entry points use it, so that the
    ///      checks and the storing run once, on either layout, without copying the row to memory.
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
    ///      length ≥ min(minAllowedWeights, n) unless a self-weight ({WeightsTooFew}). Then the values are
    ///      max-upscaled, stored, and `lastUpdate` becomes this block.
    function setWeights(uint16 netuid, uint16[] calldata uids, uint16[] calldata values, uint64 versionKey) external {
        if (uids.length != values.length) revert WeightsLengthMismatch(uids.length, values.length);
        uint256 uidsAt;
        uint256 valuesAt;
        // solhint-disable-next-line no-inline-assembly
        assembly {
            uidsAt := uids.offset
            valuesAt := values.offset
        }
        _setWeights(
            netuid,
            Entries({length: uids.length, uids: uidsAt, values: valuesAt, stride: ABI_WORD, shift: 0}),
            versionKey
        );
    }

    /// @inheritdoc IWeights
    /// @dev The same internal path as {setWeights}, reading the entries where they lie in `pairs`.
    function setWeightsPacked(uint16 netuid, bytes calldata pairs, uint64 versionKey) external {
        if (pairs.length % PAIR_BYTES != 0) revert WeightsPackedLength(pairs.length);
        uint256 at;
        // solhint-disable-next-line no-inline-assembly
        assembly {
            at := pairs.offset
        }
        _setWeights(
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
    }

    /// @inheritdoc IWeights
    /// @dev spec/chain.md §5.3 `clear_neuron` (`Weights::remove`). Only the setter and block go: the row
    ///      then reads as empty, and its word mask stays for the next row to clear the words it leaves.
    ///      Entries of other rows that point at the UID are not zeroed, unlike subtensor: the epoch drops
    ///      every weight set before its target's registration (spec/yuma.md §3.5 step 4), so they never count.
    function clearNeuron(uint16 netuid, uint16 uid) external restricted {
        Header storage header = _rows[netuid][uid].header;
        header.setter = address(0);
        header.lastSet = 0;
        emit WeightsCleared(netuid, uid);
    }

    /* VIEWS */

    /// @inheritdoc IWeights
    /// @dev Copies the row's storage words up to its last non-zero one.
    function packedWeights(uint16 netuid, uint16 uid) external view returns (uint256[] memory words, uint256 zeros) {
        (Header memory header, bool current) = _currentHeader(netuid, uid);
        if (!current) return (words, 0);
        Row storage row = _rows[netuid][uid];
        words = new uint256[](_wordCount(header.wordMask));
        for (uint256 k; k < words.length; ++k) {
            words[k] = row.words[k];
        }
        zeros = header.hasZeros ? row.zeros : 0;
    }

    /// @inheritdoc IWeights
    /// @dev Empty for a UID that does not exist, has not set weights, or changed holder since.
    function weights(uint16 netuid, uint16 uid) external view returns (uint16[] memory uids, uint16[] memory values) {
        (Header memory header, bool current) = _currentHeader(netuid, uid);
        if (!current) return (uids, values);
        Row storage row = _rows[netuid][uid];
        uids = new uint16[](header.length);
        values = new uint16[](header.length);
        uint256 zeros = header.hasZeros ? row.zeros : 0;
        uint256 i;
        for (uint256 k; k < MAX_WORDS; ++k) {
            uint256 word = (header.wordMask >> k) & 1 == 1 ? row.words[k] : 0;
            uint256 zeroLanes = (zeros >> (k * LANES)) & U16_MAX;
            for (uint256 lane; (word | zeroLanes) != 0 && lane < LANES; ++lane) {
                uint256 value = (word >> (lane * LANE_BITS)) & U16_MAX;
                if (value != 0 || (zeroLanes >> lane) & 1 == 1) {
                    uids[i] = uint16(k * LANES + lane);
                    values[i] = uint16(value);
                    ++i;
                }
            }
        }
    }

    /// @inheritdoc IWeights
    function lastUpdate(uint16 netuid, uint16 uid) external view returns (uint64) {
        address holder = registry.hotkeyAt(netuid, uid);
        if (holder == address(0)) return 0;
        return _lastUpdate(netuid, uid, holder, _rows[netuid][uid].header);
    }

    /* INTERNAL */

    /// @dev Both entry points after their length check: the checks of {setWeights}' @dev from the subnet
    ///      on, in that order, then {_store}.
    function _setWeights(uint16 netuid, Entries memory entries, uint64 versionKey) private {
        ISubnetRegistry.SubnetInfo memory info = registry.subnet(netuid);
        if (info.owner == address(0)) revert WeightsUnknownSubnet(netuid);
        if (entries.length > info.n) revert WeightsTooMany(entries.length, info.n);
        (bool registered, uint16 uid) = registry.uidOf(netuid, msg.sender);
        if (!registered) revert WeightsNotRegistered(netuid, msg.sender);

        ISubnetRegistry.Hyperparameters memory params = registry.hyperparameters(netuid);
        Header memory header = _rows[netuid][uid].header;
        _checkVersionAndRate(netuid, uid, versionKey, params, header);
        bool selfWeight = entries.length == 1 && _firstUid(entries) == uid;
        if (!selfWeight && msg.sender != info.ownerHotkey && !settlement.hasValidatorPermit(netuid, uid)) {
            revert WeightsNoPermit(netuid, uid);
        }
        (uint256[] memory words, uint256 max) = _pack(entries, info.n);
        uint256 minAllowed = Math.min(params.minAllowedWeights, info.n);
        if (!selfWeight && entries.length < minAllowed) revert WeightsTooFew(entries.length, minAllowed);

        _store(netuid, uid, header.wordMask, entries, words, max);
    }

    /// @dev Version key (`check_version_key`) then rate limit (`check_rate_limit`), in that order.
    function _checkVersionAndRate(
        uint16 netuid,
        uint16 uid,
        uint64 versionKey,
        ISubnetRegistry.Hyperparameters memory params,
        Header memory header
    ) private view {
        uint64 required = params.weightsVersionKey;
        if (required != 0 && versionKey < required) revert WeightsVersionTooLow(versionKey, required);
        uint256 last = _lastUpdate(netuid, uid, msg.sender, header);
        uint256 limit = params.weightsSetRateLimit;
        if (last != 0 && block.number - last < limit) {
            revert WeightsRateLimited(netuid, uid, uint64(Math.min(last + limit, type(uint64).max)));
        }
    }

    /// @dev Checks the uids of a row and lays its raw values out by uid in `words` (16 a word), in one
    ///      pass over calldata; returns the largest value. A valid row pays no per-entry branch but the
    ///      maximum's: duplicates and uids above 255 show as fewer distinct uids below 256 than entries,
    ///      out-of-range uids as bits at or above n, a dirty ABI word as a maximum above 65_535, and any
    ///      of those hands the row to {_revertInvalidUids} for subtensor's errors (`words` is then garbage).
    function _pack(Entries memory entries, uint256 n) private pure returns (uint256[] memory words, uint256 max) {
        words = new uint256[](MAX_WORDS);
        uint256 length = entries.length;
        uint256 at = entries.uids;
        uint256 toValue = entries.values - at;
        uint256 stride = entries.stride;
        uint256 shift = entries.shift;
        uint256 seen;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let base := add(words, 0x20)
            for {
                let end := add(at, mul(length, stride))
            } lt(at, end) {
                at := add(at, stride)
            } {
                let u := shr(shift, calldataload(at))
                let v := shr(shift, calldataload(add(at, toValue)))
                seen := or(seen, shl(u, 1)) // 0 for u > 255
                if gt(v, max) {
                    max := v
                }
                // words[u / 16 mod 16] |= v << 16·(u mod 16); the mod keeps a uid above 255 in the buffer.
                let word := add(base, shl(5, and(shr(4, u), 15)))
                mstore(word, or(mload(word), shl(shl(4, and(u, 15)), v)))
            }
        }
        if (max > U16_MAX || _popcount(seen) != length || seen >> n != 0) _revertInvalidUids(entries, n);
    }

    /// @dev `has_duplicate_uids` over the whole vector first, then `contains_invalid_uids` (uid < n),
    ///      each error naming the first offender, with a bitmap of all 2^16 uids (256 words of memory);
    ///      a dirty ABI word reverts without data where the ABI decoder would have. Only for a row that
    ///      {_pack} found irregular, so it always reverts (a uid ≥ 256, the storage's bound, counts as
    ///      out of range too: the same as uid ≥ n while n ≤ 256).
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

    /// @dev Stores the row of `uid` for the caller, max-upscaled against `max`, the largest value
    ///      ({WeightsMath-upscaleWord}), writing only the words that are or were non-zero (`oldMask`), so a
    ///      shorter row leaves nothing of a longer one and a full rewrite is 16 words; then the bitmap of
    ///      0 values, when the row has any (fewer non-zero values than entries); sets its `lastUpdate` to
    ///      this block, and logs it.
    function _store(
        uint16 netuid,
        uint16 uid,
        uint256 oldMask,
        Entries memory entries,
        uint256[] memory words,
        uint256 max
    ) private {
        Row storage row = _rows[netuid][uid];
        uint256 mask;
        uint256 nonZero;
        for (uint256 k; k < MAX_WORDS; ++k) {
            uint256 word = words[k];
            if (word != 0) {
                nonZero += _nonZeroLanes(word);
                word = WeightsMath.upscaleWord(word, max);
                words[k] = word;
                mask |= 1 << k;
            } else if ((oldMask >> k) & 1 == 0) {
                continue; // 0 in storage already
            }
            row.words[k] = word;
        }
        uint256 length = entries.length;
        uint256 zeros = nonZero == length ? 0 : _zeros(entries);
        row.header = Header({
            setter: msg.sender,
            lastSet: SafeCast.toUint48(block.number),
            length: uint16(length),
            wordMask: uint16(mask),
            hasZeros: zeros != 0
        });
        if (zeros != 0) row.zeros = zeros;
        uint256 count = _wordCount(mask);
        // Logs the words up to the last non-zero one: shortens the array in place (count <= MAX_WORDS).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(words, count)
        }
        emit WeightsSet(netuid, uid, words, zeros);
    }

    /// @dev The header of `uid`'s row and whether it is current: set by the UID's holder since it
    ///      registered (else {weights} and {packedWeights} read the row as empty).
    function _currentHeader(uint16 netuid, uint16 uid) private view returns (Header memory header, bool current) {
        address holder = registry.hotkeyAt(netuid, uid);
        if (holder == address(0)) return (header, false);
        header = _rows[netuid][uid].header;
        current = _isCurrent(header, holder, registry.blockAtRegistration(netuid, uid));
    }

    /// @dev subtensor's `LastUpdate` of `uid` held by `holder`, whose row header is `header`: its last set
    ///      if still current, else its registration block.
    function _lastUpdate(uint16 netuid, uint16 uid, address holder, Header memory header) private view returns (uint64) {
        uint64 registeredAt = registry.blockAtRegistration(netuid, uid);
        return _isCurrent(header, holder, registeredAt) ? header.lastSet : registeredAt;
    }

    /// @dev Whether a row with `header` was set by the UID's current holder, registered at `registeredAt`.
    function _isCurrent(Header memory header, address holder, uint64 registeredAt) private pure returns (bool) {
        // Inclusive: a row set in the block its holder registered in is the holder's own.
        // solhint-disable-next-line gas-strict-inequalities
        return header.setter == holder && header.lastSet >= registeredAt;
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

    /// @dev The bitmap of the uids a (valid) row gives the value 0.
    function _zeros(Entries memory entries) private pure returns (uint256 zeros) {
        for (uint256 i; i < entries.length; ++i) {
            (uint256 u, uint256 v) = _entry(entries, i);
            if (v == 0) zeros |= 1 << u;
        }
    }

    /// @dev How many of the 16 u16 lanes of `word` are non-zero.
    function _nonZeroLanes(uint256 word) private pure returns (uint256) {
        unchecked {
            // Folds each lane's bits into its lowest bit (shifts add up to 15: no lane reaches the next).
            word |= word >> 8;
            word |= word >> 4;
            word |= word >> 2;
            word |= word >> 1;
            word &= LANE_LOW_BITS;
            // Sixteen 0/1 lanes summed into the top lane.
            return (word * LANE_LOW_BITS) >> (256 - LANE_BITS);
        }
    }

    /// @dev Words up to the last one set in a word mask.
    function _wordCount(uint256 mask) private pure returns (uint256) {
        return mask == 0 ? 0 : Math.log2(mask) + 1;
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
            return (x * LANE_LOW_BITS) >> (256 - LANE_BITS);
        }
    }

    /// @dev Reverts without data, as the ABI decoder does on a dirty uint16.
    function _revertEmpty() private pure {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            revert(0, 0)
        }
    }
}
