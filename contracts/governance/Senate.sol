// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {ISenate} from "../interfaces/ISenate.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {ITriumvirate} from "../interfaces/ITriumvirate.sol";

/// @title Senate
/// @notice docs/spec/chain.md §8.1: the Senate's seats (by root stake) and the motions it votes on, queued in
///         the governance timelock when approved. See {ISenate} for the rules and where they differ from
///         subtensor.
/// @dev A vote reads the hotkey's owner (registry), its seat reference and the motion's first slot, and
///      writes that slot: the tallies are two 12-bit bitmaps over the seats, counted with a popcount.
contract Senate is ISenate, AccessManaged {
    /* CONSTANTS */

    /// @inheritdoc ISenate
    uint256 public constant MAX_SEATS = 12;
    /// @inheritdoc ISenate
    uint256 public constant MAX_OPEN_MOTIONS = 10;
    /// @inheritdoc ISenate
    uint256 public constant MIN_DURATION = 3600;
    /// @dev The root network, whose stake ranks the Senate.
    uint16 private constant ROOT_NETUID = 0;
    /// @dev Every seat taken.
    uint16 private constant ALL_SEATS = uint16((1 << MAX_SEATS) - 1);

    /* TYPES */

    /// @dev A member's seat, numbered from 1 (0: not a member), and the membership version it was seated at.
    struct SeatRef {
        uint8 seatPlusOne;
        uint32 since;
    }

    /* IMMUTABLES */

    ISubnetRegistry private immutable _registry;
    IStaking private immutable _staking;
    ITriumvirate private immutable _triumvirate;
    TimelockController private immutable _timelock;

    /* STORAGE */

    /// @dev The member hotkey of each seat (zero: empty).
    address[MAX_SEATS] private _seats;
    /// @dev Bit s: seat s is taken.
    uint16 private _taken;
    /// @dev Bumped on every seat change; a motion's voters are the members seated at or before its version.
    uint32 private _version;
    /// @dev Motions proposed so far (each motion's nonce is its number).
    uint32 private _motionCount;
    /// @dev The prime member (zero: none).
    address private _prime;
    /// @dev Whether only Triumvirate members may close.
    bool private _closeRestricted;
    mapping(address hotkey => SeatRef) private _seatOf;
    mapping(bytes32 id => Motion) private _motions;
    mapping(bytes32 id => bytes32 operationId) private _operations;
    bytes32[] private _open;

    /* CONSTRUCTOR */

    /// @notice Deploys the Senate, empty: hotkeys take seats through {adjustSenate}.
    /// @param manager The protocol's AccessManager (its admin sets the prime and the close flag).
    /// @param registry_ The SubnetRegistry (hotkey owners).
    /// @param staking_ Staking (root stake).
    /// @param triumvirate_ The Triumvirate (proposers).
    /// @param timelock_ The TimelockController that executes approved motions; it must make this contract
    ///        its proposer and executor.
    constructor(
        address manager,
        ISubnetRegistry registry_,
        IStaking staking_,
        ITriumvirate triumvirate_,
        TimelockController timelock_
    ) AccessManaged(manager) {
        _registry = registry_;
        _staking = staking_;
        _triumvirate = triumvirate_;
        _timelock = timelock_;
    }

    /* MOTIONS */

    /// @inheritdoc ISenate
    /// @dev Checks in pallet-collective's order: proposer, shape and duration, duplicate, open count.
    function propose(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        string calldata description,
        uint48 duration
    ) external returns (bytes32 id) {
        id = _admit(targets, values, payloads, description, duration);
        Motion memory m = _create(id, duration);
        emit MotionProposed(id, msg.sender, targets, values, payloads, description, m.end, m.threshold, m.seats);
    }

    /// @inheritdoc ISenate
    /// @dev Checks in subtensor's order (`do_vote`): the coldkey owns the hotkey, the hotkey is a member,
    ///      the motion is open, the member is one of its voters, the vote is not a repeat.
    function vote(address hotkey, bytes32 id, bool aye) external {
        if (_registry.hotkeyOwner(hotkey) != msg.sender) revert SenateNotHotkeyOwner(hotkey, msg.sender);
        SeatRef memory ref = _seatOf[hotkey];
        if (ref.seatPlusOne == 0) revert SenateNotMember(hotkey);
        Motion storage m = _motions[id];
        MotionState state = m.state;
        if (state != MotionState.Open) revert SenateWrongState(id, state);
        if (ref.since > m.version) revert SenateNotVoter(id, hotkey);

        uint16 bit = uint16(1) << (ref.seatPlusOne - 1);
        uint16 ayes = m.ayes;
        uint16 nays = m.nays;
        if ((aye ? ayes : nays) & bit != 0) revert SenateDuplicateVote(id, hotkey);
        if (aye) {
            ayes |= bit;
            nays &= ~bit;
        } else {
            nays |= bit;
            ayes &= ~bit;
        }
        m.ayes = ayes;
        m.nays = nays;
        emit Voted(id, hotkey, msg.sender, aye, _count(ayes), _count(nays));
    }

    /// @inheritdoc ISenate
    /// @dev pallet-collective's `close`: early approval, then early disapproval, then (after the end)
    ///      abstentions as the prime's vote (`PrimeDefaultVote`). Seats are those at creation: a member
    ///      that left since counts as an abstention.
    function close(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        bytes32 descriptionHash
    ) external returns (bool approved) {
        bytes32 id = hashMotion(targets, values, payloads, descriptionHash);
        Motion memory m = _motions[id];
        if (m.state != MotionState.Open) revert SenateWrongState(id, m.state);
        if (_closeRestricted && !_triumvirate.isMember(msg.sender)) revert SenateNotCloser(msg.sender);
        uint8 ayes;
        uint8 nays;
        (approved, ayes, nays) = _outcome(id, m);

        _removeOpen(id);
        emit MotionClosed(id, ayes, nays, approved);
        if (!approved) {
            _motions[id].state = MotionState.Disapproved;
            return false;
        }
        _motions[id].state = MotionState.Queued;
        _queue(id, m.nonce, targets, values, payloads);
    }

    /// @inheritdoc ISenate
    /// @dev The motion is marked executed before the timelock runs it, so a call in the batch cannot run it twice.
    function execute(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        bytes32 descriptionHash
    ) external payable {
        bytes32 id = hashMotion(targets, values, payloads, descriptionHash);
        Motion storage m = _motions[id];
        if (m.state != MotionState.Queued) revert SenateWrongState(id, m.state);
        bytes32 operation = _operations[id];
        if (!_timelock.isOperationReady(operation)) revert SenateNotReady(id, _timelock.getTimestamp(operation));
        m.state = MotionState.Executed;
        _timelock.executeBatch{value: msg.value}(targets, values, payloads, bytes32(0), bytes32(uint256(m.nonce)));
        emit MotionExecuted(id, operation);
    }

    /* MEMBERSHIP */

    /// @inheritdoc ISenate
    /// @dev docs/spec/chain.md §8.1 `adjust_senate`, re-ranked against current root stake (ISenate @dev).
    function adjustSenate(address hotkey) external {
        if (_seatOf[hotkey].seatPlusOne != 0) revert SenateAlreadyMember(hotkey);
        if (_registry.hotkeyOwner(hotkey) == address(0)) revert SenateUnknownHotkey(hotkey);
        uint256 stake = _staking.totalHotkeyAlpha(hotkey, ROOT_NETUID);
        if (stake == 0) revert SenateNoRootStake(hotkey);

        uint16 taken = _taken;
        uint8 seat;
        if (taken != ALL_SEATS) {
            seat = _firstFreeSeat(taken);
            _taken = taken | (uint16(1) << seat);
        } else {
            uint256 lowest;
            (seat, lowest) = _lowestSeat();
            // Strictly more: an equal newcomer does not displace a member.
            // solhint-disable-next-line gas-strict-inequalities
            if (stake <= lowest) revert SenateStakeTooLow(hotkey, stake, lowest);
            _unseat(_seats[seat], seat);
        }
        uint32 version = ++_version;
        _seats[seat] = hotkey;
        _seatOf[hotkey] = SeatRef({seatPlusOne: seat + 1, since: version});
        emit SenateMemberAdded(hotkey, seat, stake);
    }

    /* GOVERNANCE */

    /// @inheritdoc ISenate
    /// @dev subtensor's `SenateMembers::remove_member` (Root). The seat is left empty for the next
    ///      {adjustSenate}; the member's votes leave the open motions, whose seats and thresholds stay.
    function removeMember(address hotkey) external restricted {
        uint8 seatPlusOne = _seatOf[hotkey].seatPlusOne;
        if (seatPlusOne == 0) revert SenateNotMember(hotkey);
        uint8 seat = seatPlusOne - 1;
        _unseat(hotkey, seat);
        _seats[seat] = address(0);
        _taken &= ~(uint16(1) << seat);
    }

    /// @inheritdoc ISenate
    function setPrime(address hotkey) external restricted {
        if (hotkey != address(0) && _seatOf[hotkey].seatPlusOne == 0) revert SenatePrimeNotMember(hotkey);
        _prime = hotkey;
        emit PrimeSet(hotkey);
    }

    /// @inheritdoc ISenate
    function setCloseRestricted(bool restricted_) external restricted {
        _closeRestricted = restricted_;
        emit CloseRestrictedSet(restricted_);
    }

    /* VIEWS */

    /// @inheritdoc ISenate
    function hashMotion(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        bytes32 descriptionHash
    ) public pure returns (bytes32) {
        return keccak256(abi.encode(targets, values, payloads, descriptionHash));
    }

    /// @inheritdoc ISenate
    function motion(bytes32 id) external view returns (Motion memory) {
        return _motions[id];
    }

    /// @inheritdoc ISenate
    function openMotions() external view returns (bytes32[] memory) {
        return _open;
    }

    /// @inheritdoc ISenate
    /// @dev A member seated after the motion was proposed is not one of its voters: the seat's bits, if
    ///      any, are its predecessor's (kept on a closed motion).
    function voteOf(bytes32 id, address hotkey) external view returns (bool voted, bool aye) {
        SeatRef memory ref = _seatOf[hotkey];
        Motion storage m = _motions[id];
        if (ref.seatPlusOne == 0 || ref.since > m.version) return (false, false);
        uint16 bit = uint16(1) << (ref.seatPlusOne - 1);
        aye = m.ayes & bit != 0;
        voted = aye || m.nays & bit != 0;
    }

    /// @inheritdoc ISenate
    function operationId(bytes32 id) external view returns (bytes32) {
        return _operations[id];
    }

    /// @inheritdoc ISenate
    function members() external view returns (address[] memory list) {
        list = new address[](_count(_taken));
        uint256 i;
        for (uint256 s; s < MAX_SEATS; ++s) {
            address hotkey = _seats[s];
            if (hotkey == address(0)) continue;
            list[i] = hotkey;
            ++i;
        }
    }

    /// @inheritdoc ISenate
    function isMember(address hotkey) external view returns (bool) {
        return _seatOf[hotkey].seatPlusOne != 0;
    }

    /// @inheritdoc ISenate
    function prime() external view returns (address) {
        return _prime;
    }

    /// @inheritdoc ISenate
    function closeRestricted() external view returns (bool) {
        return _closeRestricted;
    }

    /// @inheritdoc ISenate
    function timelock() external view returns (address) {
        return address(_timelock);
    }

    /// @inheritdoc ISenate
    function triumvirate() external view returns (address) {
        return address(_triumvirate);
    }

    /* INTERNAL */

    /// @dev {propose}'s checks; returns the motion's id.
    function _admit(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        string calldata description,
        uint48 duration
    ) private view returns (bytes32 id) {
        if (!_triumvirate.isMember(msg.sender)) revert SenateNotProposer(msg.sender);
        uint256 calls = targets.length;
        if (calls == 0 || values.length != calls || payloads.length != calls) revert SenateMalformedMotion();
        if (duration < MIN_DURATION) revert SenateDurationTooShort(duration, MIN_DURATION);
        id = hashMotion(targets, values, payloads, keccak256(bytes(description)));
        MotionState state = _motions[id].state;
        if (state == MotionState.Open || state == MotionState.Queued) revert SenateDuplicateMotion(id);
        if (_open.length == MAX_OPEN_MOTIONS) revert SenateTooManyMotions();
    }

    /// @dev Records a new open motion: the threshold, floor(seats / 2) + 1, and the voters (the membership
    ///      version) fixed now.
    function _create(bytes32 id, uint48 duration) private returns (Motion memory m) {
        uint8 seats = _count(_taken);
        m = Motion({
            end: SafeCast.toUint48(block.number + duration),
            version: _version,
            nonce: ++_motionCount,
            threshold: seats / 2 + 1,
            seats: seats,
            ayes: 0,
            nays: 0,
            state: MotionState.Open,
            proposer: msg.sender
        });
        _motions[id] = m;
        _open.push(id);
    }

    /// @dev Whether open motion `m` is approved now, and its final tallies: approved once its ayes reach
    ///      the threshold, disapproved once the seats left cannot reach it, and otherwise (after its end
    ///      only, else {SenateTooEarly}) with the abstentions counted as the prime's vote.
    function _outcome(bytes32 id, Motion memory m) private view returns (bool approved, uint8 ayes, uint8 nays) {
        ayes = _count(m.ayes);
        nays = _count(m.nays);
        // "At least the threshold": the strict form would need a subtraction.
        // solhint-disable-next-line gas-strict-inequalities
        if (ayes >= m.threshold) return (true, ayes, nays);
        if (m.seats - nays < m.threshold) return (false, ayes, nays);
        // solhint-disable-next-line gas-strict-inequalities
        if (block.number <= m.end) revert SenateTooEarly(id, m.end);
        uint8 abstentions = m.seats - ayes - nays;
        if (_primeVotedAye(m.ayes)) ayes += abstentions;
        else nays += abstentions;
        // solhint-disable-next-line gas-strict-inequalities
        approved = ayes >= m.threshold;
    }

    /// @dev Schedules an approved motion's calls in the timelock with its minimum delay, salted with the
    ///      motion's nonce so that a motion proposed again later is a new operation.
    function _queue(
        bytes32 id,
        uint32 nonce,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads
    ) private {
        bytes32 salt = bytes32(uint256(nonce));
        bytes32 operation = _timelock.hashOperationBatch(targets, values, payloads, bytes32(0), salt);
        _operations[id] = operation;
        uint256 delay = _timelock.getMinDelay();
        _timelock.scheduleBatch(targets, values, payloads, bytes32(0), salt, delay);
        emit MotionQueued(id, operation, block.timestamp + delay);
    }

    /// @dev The lowest seat that is not taken (`taken` has one).
    function _firstFreeSeat(uint16 taken) private pure returns (uint8 seat) {
        while (taken & (uint16(1) << seat) != 0) ++seat;
    }

    /// @dev The seat whose member has the lowest root stake now (the earliest seat on a tie), and that stake.
    function _lowestSeat() private view returns (uint8 seat, uint256 lowest) {
        lowest = type(uint256).max;
        for (uint256 s; s < MAX_SEATS; ++s) {
            uint256 stake = _staking.totalHotkeyAlpha(_seats[s], ROOT_NETUID);
            if (stake < lowest) {
                lowest = stake;
                seat = uint8(s);
            }
        }
    }

    /// @dev Takes `hotkey` out of `seat`: its votes leave every open motion, and it stops being prime.
    function _unseat(address hotkey, uint8 seat) private {
        delete _seatOf[hotkey];
        uint16 keep = ~(uint16(1) << seat);
        uint256 open = _open.length;
        for (uint256 i; i < open; ++i) {
            bytes32 id = _open[i];
            Motion storage m = _motions[id];
            uint16 ayes = m.ayes;
            uint16 nays = m.nays;
            if ((ayes | nays) & ~keep == 0) continue;
            ayes &= keep;
            nays &= keep;
            m.ayes = ayes;
            m.nays = nays;
            emit VoteRemoved(id, hotkey, _count(ayes), _count(nays));
        }
        if (_prime == hotkey) {
            _prime = address(0);
            emit PrimeSet(address(0));
        }
        emit SenateMemberRemoved(hotkey, seat);
    }

    /// @dev Whether the prime member voted aye in the `ayes` bitmap (false with no prime).
    function _primeVotedAye(uint16 ayes) private view returns (bool) {
        address primeHotkey = _prime;
        if (primeHotkey == address(0)) return false;
        uint8 seatPlusOne = _seatOf[primeHotkey].seatPlusOne;
        return seatPlusOne != 0 && ayes & (uint16(1) << (seatPlusOne - 1)) != 0;
    }

    /// @dev Removes `id` from the open motions (it is there).
    function _removeOpen(bytes32 id) private {
        uint256 last = _open.length - 1;
        for (uint256 i; i < last; ++i) {
            if (_open[i] == id) {
                _open[i] = _open[last];
                break;
            }
        }
        _open.pop();
    }

    /// @dev Set bits of a seat bitmap (at most 12).
    function _count(uint16 bits) private pure returns (uint8 n) {
        while (bits != 0) {
            bits &= bits - 1;
            ++n;
        }
    }
}
