// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev One UID of a subnet in SubnetRegistry storage: its hotkey and registration block (`Keys`,
///      `BlockAtRegistration`). Declared here so that {NeuronPruning} can scan the registry's storage.
struct Neuron {
    address hotkey;
    uint64 registeredAt;
}

/// @dev A hotkey's owner coldkey and delegate take, in one slot of SubnetRegistry storage (`Owner`,
///      `Delegates`, and the block of its last take change for `TxDelegateTakeRateLimit`).
struct Delegate {
    address coldkey;
    uint16 take;
    uint64 takeChangedAt;
}

/// @title NeuronPruning
/// @notice Which UID a registration on a full subnet replaces (docs/spec/chain.md §5.3 `get_neuron_to_prune`).
/// @dev A linked library (external function, run by DELEGATECALL on the registry's storage): the scan
///      lives outside SubnetRegistry to keep that contract under the 24 576-byte code size limit.
library NeuronPruning {
    /// @notice What the scan needs besides the registry's storage.
    struct Subnet {
        /// UIDs 0..n-1 exist; n <= 256.
        uint256 n;
        /// The owner coldkey.
        address owner;
        /// The owner hotkey (never pruned).
        address ownerHotkey;
        /// `ImmunityPeriod`, in blocks.
        uint256 immunityPeriod;
        /// `ImmuneOwnerUidsLimit` (the owner hotkey included).
        uint256 immuneOwnerUidsLimit;
        /// `MinNonImmuneUids`.
        uint256 minNonImmuneUids;
    }

    /// @notice subtensor's `get_neuron_to_prune`. Owner-immortal UIDs are skipped: the owner hotkey and,
    ///         when immuneOwnerUidsLimit > 1, the owner coldkey's limit − 1 earliest-registered other
    ///         hotkeys (by registration block, then UID; subtensor's `get_immune_owner_tuples` puts the owner
    ///         hotkey first and keeps `limit` entries). Each other UID is immune while
    ///         now − registeredAt < immunityPeriod. The candidate is the lowest (emission, registration
    ///         block, UID): among the non-immune UIDs if more than minNonImmuneUids of them exist, else among
    ///         the immune ones; none if that set is empty.
    /// @dev One packed storage read per UID, plus one owner lookup per UID when immuneOwnerUidsLimit > 1.
    /// @param neurons The subnet's UIDs in registry storage.
    /// @param delegates Hotkey owners in registry storage.
    /// @param s The subnet.
    /// @param emission Each UID's emission in the last settled epoch, or values in the same order (the
    ///        settlement's emission ranks, 0 for no emission); UIDs past its end count as 0.
    /// @return found Whether some UID can be pruned.
    /// @return uid The UID (0 if none).
    function neuronToPrune(
        mapping(uint16 => Neuron) storage neurons,
        mapping(address => Delegate) storage delegates,
        Subnet calldata s,
        uint64[] calldata emission
    ) external view returns (bool found, uint16 uid) {
        // n <= 256: one bit per UID.
        uint256 immortal = s.immuneOwnerUidsLimit > 1 ? _immortalOwnerUids(neurons, delegates, s, s.immuneOwnerUidsLimit - 1) : 0;
        uint256 bestFree = type(uint256).max;
        uint256 bestImmune = type(uint256).max;
        uint256 freeCount;
        for (uint256 i; i < s.n; ++i) {
            Neuron memory neuron = neurons[uint16(i)];
            if (neuron.hotkey == s.ownerHotkey || (immortal >> i) & 1 == 1) continue;
            // (emission, registration block, uid) as one number: the lowest is the candidate.
            uint256 key = ((i < emission.length ? uint256(emission[i]) : 0) << 80) |
                (uint256(neuron.registeredAt) << 16) |
                i;
            if (block.number - neuron.registeredAt < s.immunityPeriod) {
                if (key < bestImmune) bestImmune = key;
            } else {
                ++freeCount;
                if (key < bestFree) bestFree = key;
            }
        }
        if (freeCount > s.minNonImmuneUids) return (true, uint16(bestFree));
        if (bestImmune != type(uint256).max) return (true, uint16(bestImmune));
        return (false, 0);
    }

    /// @dev Bitmap of the owner coldkey's `count` earliest-registered hotkeys on the subnet other than the
    ///      owner hotkey, ordered by (registration block, UID).
    function _immortalOwnerUids(
        mapping(uint16 => Neuron) storage neurons,
        mapping(address => Delegate) storage delegates,
        Subnet calldata s,
        uint256 count
    ) private view returns (uint256 bitmap) {
        // The `count` (at most 9) lowest (registration block, uid) keys so far, ascending.
        uint256[] memory earliest = new uint256[](count);
        uint256 kept;
        for (uint256 i; i < s.n; ++i) {
            Neuron memory neuron = neurons[uint16(i)];
            if (neuron.hotkey == s.ownerHotkey || delegates[neuron.hotkey].coldkey != s.owner) continue;
            uint256 key = (uint256(neuron.registeredAt) << 16) | i;
            uint256 j;
            if (kept < count) {
                j = kept;
                ++kept;
            } else if (key < earliest[count - 1]) {
                j = count - 1;
            } else {
                continue;
            }
            while (j > 0 && earliest[j - 1] > key) {
                earliest[j] = earliest[j - 1];
                --j;
            }
            earliest[j] = key;
        }
        for (uint256 k; k < kept; ++k) {
            bitmap |= 1 << (earliest[k] & type(uint16).max);
        }
    }
}
