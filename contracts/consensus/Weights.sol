// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IEpochSettlement} from "../interfaces/IEpochSettlement.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {IWeights} from "../interfaces/IWeights.sol";
import {WeightsMath} from "../libraries/WeightsMath.sol";

/// @title Weights
/// @notice Validators' weights (spec/chain.md §6): `setWeights` with subtensor's checks in subtensor's
///         order (`internal_set_weights`), rows stored max-upscaled (`vec_u16_max_upscale_to_u16`), and
///         each UID's `LastUpdate`.
/// @dev A row is stored as (uid, value) pairs packed 8 per word, each pair `uid << 16 | value`, plus one
///      word with the setter hotkey, its block and the length. A row belongs to the UID holder that set
///      it: when a UID changes hands (a later registration block, or another hotkey) the old row reads as
///      empty and `lastUpdate` falls back to the new holder's registration block, as subtensor's
///      `replace_neuron` clears the row and writes that block; the registry also clears the row outright
///      when it prunes the UID ({clearNeuron}), so that a hotkey pruned and re-registered at the same UID
///      in one block starts empty too. Like subtensor, an all-zero row is accepted
///      (it stores zeros). Not implemented yet: commit-reveal, StakeThreshold (the minimum stake to set
///      weights), and mechanisms (sub-subnets).
contract Weights is IWeights, AccessManaged {
    /* TYPES */

    /// @dev Who set a UID's row, when, and how many entries it has.
    struct Row {
        address setter;
        uint64 lastSet;
        uint16 length;
    }

    /* CONSTANTS */

    /// @dev (uid, value) pairs per storage word.
    uint256 private constant PAIRS_PER_WORD = 8;
    /// @dev Bits per packed pair.
    uint256 private constant PAIR_BITS = 32;
    /// @dev Bits of one u16 half of a pair.
    uint256 private constant U16_BITS = 16;
    /// @dev A bitmap of every possible uid (2^16 bits) takes this many words.
    uint256 private constant UID_BITMAP_WORDS = 256;

    /* IMMUTABLES */

    /// @notice Subnets, UIDs and the hyperparameters the checks read.
    ISubnetRegistry public immutable registry;
    /// @notice The validator permits of the last settled epoch.
    IEpochSettlement public immutable settlement;

    /* STORAGE */

    mapping(uint16 netuid => mapping(uint16 uid => Row)) private _rows;
    mapping(uint16 netuid => mapping(uint16 uid => mapping(uint256 word => uint256))) private _pairs;

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
        ISubnetRegistry.SubnetInfo memory info = registry.subnet(netuid);
        if (info.owner == address(0)) revert WeightsUnknownSubnet(netuid);
        if (uids.length > info.n) revert WeightsTooMany(uids.length, info.n);
        (bool registered, uint16 uid) = registry.uidOf(netuid, msg.sender);
        if (!registered) revert WeightsNotRegistered(netuid, msg.sender);

        ISubnetRegistry.Hyperparameters memory params = registry.hyperparameters(netuid);
        _checkVersionAndRate(netuid, uid, versionKey, params);
        bool selfWeight = uids.length == 1 && uids[0] == uid;
        if (!selfWeight && msg.sender != info.ownerHotkey && !settlement.hasValidatorPermit(netuid, uid)) {
            revert WeightsNoPermit(netuid, uid);
        }
        uint256 maxValue = _checkUids(uids, values, info.n);
        uint256 minAllowed = Math.min(params.minAllowedWeights, info.n);
        if (!selfWeight && uids.length < minAllowed) revert WeightsTooFew(uids.length, minAllowed);

        _store(netuid, uid, uids, values, maxValue);
    }

    /// @inheritdoc IWeights
    /// @dev spec/chain.md §5.3 `clear_neuron` (`Weights::remove`). Entries of other rows that point at the
    ///      UID are not zeroed, unlike subtensor: the epoch drops every weight set before its target's
    ///      registration (spec/yuma.md §3.5 step 4), so they never count.
    function clearNeuron(uint16 netuid, uint16 uid) external restricted {
        delete _rows[netuid][uid];
        emit WeightsCleared(netuid, uid);
    }

    /* VIEWS */

    /// @inheritdoc IWeights
    /// @dev Copies the row's storage words as they are: pairs are stored 8 to a word, so no unpacking.
    function packedWeights(uint16 netuid, uint16 uid) external view returns (uint256[] memory words, uint16 pairs) {
        pairs = uint16(_currentLength(netuid, uid));
        words = new uint256[]((uint256(pairs) + PAIRS_PER_WORD - 1) / PAIRS_PER_WORD);
        mapping(uint256 => uint256) storage stored = _pairs[netuid][uid];
        for (uint256 k; k < words.length; ++k) {
            words[k] = stored[k];
        }
    }

    /// @inheritdoc IWeights
    /// @dev Empty for a UID that does not exist, has not set weights, or changed holder since.
    function weights(uint16 netuid, uint16 uid) external view returns (uint16[] memory uids, uint16[] memory values) {
        uint256 len = _currentLength(netuid, uid);
        uids = new uint16[](len);
        values = new uint16[](len);
        mapping(uint256 => uint256) storage words = _pairs[netuid][uid];
        uint256 word;
        for (uint256 i; i < len; ++i) {
            uint256 slot = i % PAIRS_PER_WORD;
            if (slot == 0) word = words[i / PAIRS_PER_WORD];
            uint256 pair = word >> (slot * PAIR_BITS);
            uids[i] = uint16(pair >> U16_BITS);
            values[i] = uint16(pair);
        }
    }

    /// @inheritdoc IWeights
    function lastUpdate(uint16 netuid, uint16 uid) external view returns (uint64) {
        address holder = registry.hotkeyAt(netuid, uid);
        if (holder == address(0)) return 0;
        return _lastUpdate(netuid, uid, holder);
    }

    /* INTERNAL */

    /// @dev Version key (`check_version_key`) then rate limit (`check_rate_limit`), in that order.
    function _checkVersionAndRate(
        uint16 netuid,
        uint16 uid,
        uint64 versionKey,
        ISubnetRegistry.Hyperparameters memory params
    ) private view {
        uint64 required = params.weightsVersionKey;
        if (required != 0 && versionKey < required) revert WeightsVersionTooLow(versionKey, required);
        uint256 last = _lastUpdate(netuid, uid, msg.sender);
        uint256 limit = params.weightsSetRateLimit;
        if (last != 0 && block.number - last < limit) {
            revert WeightsRateLimited(netuid, uid, uint64(Math.min(last + limit, type(uint64).max)));
        }
    }

    /// @dev `has_duplicate_uids` over the whole vector first, then `contains_invalid_uids` (uid < n), each
    ///      error naming the first offender; returns the largest value, found in the same pass. UIDs below
    ///      256 (every valid one: n <= 256) are tracked in one word; the first larger uid hands the whole
    ///      vector to {_checkUidsAnyRange}.
    function _checkUids(uint16[] calldata uids, uint16[] calldata values, uint16 n) private pure returns (uint256 max) {
        uint256 seen;
        bool outOfRange;
        uint16 firstOutOfRange;
        uint256 len = uids.length;
        for (uint256 i; i < len; ) {
            uint16 u = uids[i];
            if (u > type(uint8).max) return _checkUidsAnyRange(uids, values, n);
            uint256 bit = 1 << u;
            if (seen & bit != 0) revert WeightsDuplicateUid(u);
            seen |= bit;
            // subtensor's `contains_invalid_uids` (uid >= n); the strict `u > n - 1` underflows at n = 0.
            // solhint-disable-next-line gas-strict-inequalities
            if (!outOfRange && u >= n) {
                outOfRange = true;
                firstOutOfRange = u;
            }
            uint256 v = values[i];
            if (v > max) max = v;
            unchecked {
                ++i;
            }
        }
        if (outOfRange) revert WeightsUidOutOfRange(firstOutOfRange, n);
    }

    /// @dev {_checkUids} for uids of any size, with a bitmap of all 2^16 (256 words of memory).
    function _checkUidsAnyRange(
        uint16[] calldata uids,
        uint16[] calldata values,
        uint16 n
    ) private pure returns (uint256 max) {
        uint256[] memory seen = new uint256[](UID_BITMAP_WORDS);
        bool outOfRange;
        uint16 firstOutOfRange;
        for (uint256 i; i < uids.length; ++i) {
            uint16 u = uids[i];
            uint256 bit = 1 << (u & 0xff);
            uint256 word = u >> 8;
            if (seen[word] & bit != 0) revert WeightsDuplicateUid(u);
            seen[word] |= bit;
            // uid >= n, as in {_checkUids}.
            // solhint-disable-next-line gas-strict-inequalities
            if (!outOfRange && u >= n) {
                outOfRange = true;
                firstOutOfRange = u;
            }
            if (values[i] > max) max = values[i];
        }
        if (outOfRange) revert WeightsUidOutOfRange(firstOutOfRange, n);
    }

    /// @dev Stores the row of `uid` for the caller, max-upscaled against `m`, the largest value
    ///      ({WeightsMath-upscale}), and packed in one pass over the calldata, sets its `lastUpdate` to
    ///      this block, and logs it.
    function _store(
        uint16 netuid,
        uint16 uid,
        uint16[] calldata uids,
        uint16[] calldata values,
        uint256 m
    ) private {
        uint256 len = uids.length;
        _rows[netuid][uid] = Row({setter: msg.sender, lastSet: uint64(block.number), length: uint16(len)});
        uint256[] memory words = new uint256[]((len + PAIRS_PER_WORD - 1) / PAIRS_PER_WORD);
        mapping(uint256 => uint256) storage stored = _pairs[netuid][uid];
        uint256 word;
        for (uint256 i; i < len; ) {
            // i < len <= 256: none of this index arithmetic can overflow.
            unchecked {
                uint256 value = m == 0 ? 0 : WeightsMath.upscale(values[i], m);
                uint256 slot = i % PAIRS_PER_WORD;
                word |= ((uint256(uids[i]) << U16_BITS) | value) << (slot * PAIR_BITS);
                if (slot == PAIRS_PER_WORD - 1 || i == len - 1) {
                    words[i / PAIRS_PER_WORD] = word;
                    stored[i / PAIRS_PER_WORD] = word;
                    word = 0;
                }
                ++i;
            }
        }
        emit WeightsSet(netuid, uid, words, uint16(len));
    }

    /// @dev subtensor's `LastUpdate` of `uid` held by `holder`: its last set if still current, else its
    ///      registration block.
    function _lastUpdate(uint16 netuid, uint16 uid, address holder) private view returns (uint64) {
        uint64 registeredAt = registry.blockAtRegistration(netuid, uid);
        Row memory row = _rows[netuid][uid];
        return _isCurrent(row, holder, registeredAt) ? row.lastSet : registeredAt;
    }

    /// @dev The length of `uid`'s stored row, or 0 if the UID is empty, never set weights, or changed
    ///      holder since (what {weights} and {packedWeights} return as an empty row).
    function _currentLength(uint16 netuid, uint16 uid) private view returns (uint256) {
        address holder = registry.hotkeyAt(netuid, uid);
        if (holder == address(0)) return 0;
        Row memory row = _rows[netuid][uid];
        return _isCurrent(row, holder, registry.blockAtRegistration(netuid, uid)) ? row.length : 0;
    }

    /// @dev Whether `row` was set by the UID's current holder, registered at `registeredAt`.
    function _isCurrent(Row memory row, address holder, uint64 registeredAt) private pure returns (bool) {
        // Inclusive: a row set in the block its holder registered in is the holder's own.
        // solhint-disable-next-line gas-strict-inequalities
        return row.setter == holder && row.lastSet >= registeredAt;
    }
}
