// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ISenate
/// @notice The voting house of governance and its motions (docs/spec/chain.md §8.1, subtensor's classic
///         Senate with pallet-collective motions): Triumvirate members propose a batch of calls, the
///         Senate (at most 12 hotkeys ranked by root stake) votes, and an approved motion is queued in
///         the governance `TimelockController`, which executes it after its delay. The timelock is the
///         admin of the protocol's AccessManager, so every privileged function changes only this way.
/// @dev Differences from subtensor, on purpose:
///      - membership is re-ranked on every {adjustSenate} call against the members' current root stake
///        (subtensor compared against stake recorded at join time, so a member whose stake left kept
///        its seat);
///      - a motion's threshold, floor(seats / 2) + 1, and its voters, the members at creation, are fixed
///        when it is proposed: a hotkey that joins later cannot vote on it, and a member that leaves has
///        its votes removed from every open motion (pallet-collective's `change_members`) and cannot vote
///        on them again;
///      - an approved motion is not dispatched at once but queued in the timelock and executed after
///        its delay by {execute};
///      - governance may remove a member ({removeMember}, subtensor's `SenateMembers::remove_member` by
///        Root); its seat stays empty for the next {adjustSenate};
///      - who may {close} is a governance-set flag: anyone (pallet-collective) or only Triumvirate
///        members (the nearest to subtensor's final root-only close).
///      Votes are cast by the coldkey that owns the member hotkey (ISubnetRegistry.hotkeyOwner), as
///      subtensor's `vote(hotkey, …)` is signed by the hotkey's coldkey. Seats are numbered 0..11;
///      a motion's votes are two bitmaps over them.
interface ISenate {
    /* TYPES */

    /// @notice Where a motion is in its life.
    enum MotionState {
        /// Never proposed.
        None,
        /// Open for votes until closed.
        Open,
        /// Approved and queued in the timelock; {execute} runs it once the delay has passed.
        Queued,
        /// Closed without reaching the threshold.
        Disapproved,
        /// Executed through the timelock.
        Executed
    }

    /// @notice A motion as stored.
    struct Motion {
        /// The last block of its voting period; after it, {close} counts abstentions as the prime's vote.
        uint48 end;
        /// The Senate's membership version when it was proposed (its voters are the members seated by then).
        uint32 version;
        /// Its number among all motions (the timelock salt, so a re-proposed motion is a new operation).
        uint32 nonce;
        /// Ayes needed: floor(seats / 2) + 1.
        uint8 threshold;
        /// Members when it was proposed.
        uint8 seats;
        /// Bit s: the member in seat s voted aye.
        uint16 ayes;
        /// Bit s: the member in seat s voted nay.
        uint16 nays;
        /// Where it is.
        MotionState state;
        /// The Triumvirate member that proposed it.
        address proposer;
    }

    /* ERRORS */

    /// @notice Only Triumvirate members may propose.
    /// @param account The caller.
    error SenateNotProposer(address account);
    /// @notice A motion needs at least one call, and as many values and payloads as targets.
    error SenateMalformedMotion();
    /// @notice A motion must run at least {MIN_DURATION} blocks.
    /// @param duration The duration given.
    /// @param minimum {MIN_DURATION}.
    error SenateDurationTooShort(uint256 duration, uint256 minimum);
    /// @notice {MAX_OPEN_MOTIONS} motions are open already.
    error SenateTooManyMotions();
    /// @notice The same motion (same calls and description) is open or queued. A queued motion whose calls
    ///         revert stays queued (the timelock keeps it); propose its successor with another description.
    /// @param id The motion.
    error SenateDuplicateMotion(bytes32 id);
    /// @notice The motion is not in the state this call needs.
    /// @param id The motion.
    /// @param state Its state.
    error SenateWrongState(bytes32 id, MotionState state);
    /// @notice The caller is not the coldkey that owns `hotkey`.
    /// @param hotkey The hotkey named.
    /// @param caller The caller.
    error SenateNotHotkeyOwner(address hotkey, address caller);
    /// @notice `hotkey` holds no Senate seat.
    /// @param hotkey The hotkey named.
    error SenateNotMember(address hotkey);
    /// @notice `hotkey` took its seat after the motion was proposed, so it is not one of its voters.
    /// @param id The motion.
    /// @param hotkey The member.
    error SenateNotVoter(bytes32 id, address hotkey);
    /// @notice `hotkey` already voted this way on the motion.
    /// @param id The motion.
    /// @param hotkey The member.
    error SenateDuplicateVote(bytes32 id, address hotkey);
    /// @notice The motion can be closed only after its end block, unless its outcome is already certain.
    /// @param id The motion.
    /// @param end Its end block.
    error SenateTooEarly(bytes32 id, uint48 end);
    /// @notice Only Triumvirate members may close motions (governance set {closeRestricted}).
    /// @param account The caller.
    error SenateNotCloser(address account);
    /// @notice The timelock delay of the queued motion has not passed.
    /// @param id The motion.
    /// @param readyAt The timestamp from which it can be executed.
    error SenateNotReady(bytes32 id, uint256 readyAt);
    /// @notice `hotkey` holds a Senate seat already.
    /// @param hotkey The hotkey given.
    error SenateAlreadyMember(address hotkey);
    /// @notice `hotkey` is not registered to any coldkey.
    /// @param hotkey The hotkey given.
    error SenateUnknownHotkey(address hotkey);
    /// @notice `hotkey` has no root stake (netuid 0).
    /// @param hotkey The hotkey given.
    error SenateNoRootStake(address hotkey);
    /// @notice The Senate is full and `hotkey`'s root stake does not exceed that of its lowest member.
    /// @param hotkey The hotkey given.
    /// @param stake Its root stake.
    /// @param lowest The lowest member's root stake.
    error SenateStakeTooLow(address hotkey, uint256 stake, uint256 lowest);
    /// @notice The prime must be a member (or zero for none).
    /// @param hotkey The hotkey given.
    error SenatePrimeNotMember(address hotkey);

    /* EVENTS */

    // Tallies, flags and amounts stay unindexed: nobody filters logs by them.
    // solhint-disable gas-indexed-events

    /// @notice A Triumvirate member proposed a motion.
    /// @param id keccak256(abi.encode(targets, values, payloads, keccak256(bytes(description)))).
    /// @param proposer The Triumvirate member.
    /// @param targets The contracts called, in order.
    /// @param values The wei sent with each call.
    /// @param payloads The calldata of each call.
    /// @param description What the motion does, in words.
    /// @param end The last block of voting.
    /// @param threshold Ayes needed.
    /// @param seats Members at creation (its voters).
    event MotionProposed(
        bytes32 indexed id,
        address indexed proposer,
        address[] targets,
        uint256[] values,
        bytes[] payloads,
        string description,
        uint48 end,
        uint8 threshold,
        uint8 seats
    );
    /// @notice A member voted (or changed its vote), with the running tallies.
    /// @param id The motion.
    /// @param hotkey The member.
    /// @param coldkey The coldkey that signed.
    /// @param aye Aye or nay.
    /// @param ayes Ayes now.
    /// @param nays Nays now.
    event Voted(bytes32 indexed id, address indexed hotkey, address indexed coldkey, bool aye, uint8 ayes, uint8 nays);
    /// @notice A member left the Senate, and its vote on an open motion was removed.
    /// @param id The motion.
    /// @param hotkey The former member.
    /// @param ayes Ayes now.
    /// @param nays Nays now.
    event VoteRemoved(bytes32 indexed id, address indexed hotkey, uint8 ayes, uint8 nays);
    /// @notice A motion was closed with these final tallies (abstentions counted, if it had ended).
    /// @param id The motion.
    /// @param ayes Final ayes.
    /// @param nays Final nays.
    /// @param approved Whether it reached its threshold.
    event MotionClosed(bytes32 indexed id, uint8 ayes, uint8 nays, bool approved);
    /// @notice An approved motion was queued in the timelock.
    /// @param id The motion.
    /// @param operationId The timelock's operation id.
    /// @param readyAt The timestamp from which {execute} can run it.
    event MotionQueued(bytes32 indexed id, bytes32 indexed operationId, uint256 readyAt);
    /// @notice A queued motion was executed.
    /// @param id The motion.
    /// @param operationId The timelock's operation id.
    event MotionExecuted(bytes32 indexed id, bytes32 indexed operationId);
    /// @notice `hotkey` took Senate seat `seat`.
    /// @param hotkey The new member.
    /// @param seat Its seat.
    /// @param rootStake Its root stake then.
    event SenateMemberAdded(address indexed hotkey, uint8 seat, uint256 rootStake);
    /// @notice `hotkey` lost Senate seat `seat`: to a hotkey with more root stake, or by governance.
    /// @param hotkey The former member.
    /// @param seat Its seat.
    event SenateMemberRemoved(address indexed hotkey, uint8 seat);
    /// @notice Governance set the prime member (zero: none).
    /// @param hotkey The prime.
    event PrimeSet(address indexed hotkey);
    /// @notice Governance set who may close motions.
    /// @param restricted Only Triumvirate members (true) or anyone (false).
    event CloseRestrictedSet(bool restricted);

    // solhint-enable gas-indexed-events

    /* MOTIONS */

    /// @notice Proposes a motion: a batch of calls the timelock makes if the Senate approves. Only
    ///         Triumvirate members. Its threshold and voters are fixed now.
    /// @param targets The contracts to call, in order (at least one).
    /// @param values The wei to send with each call.
    /// @param payloads The calldata of each call.
    /// @param description What the motion does, in words (part of its id).
    /// @param duration Blocks of voting, at least {MIN_DURATION}.
    /// @return id The motion's id ({hashMotion}).
    function propose(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        string calldata description,
        uint48 duration
    ) external returns (bytes32 id);

    /// @notice Votes aye or nay on an open motion for Senate member `hotkey`; the caller must own it.
    ///         A vote can be changed; repeating it reverts.
    /// @param hotkey The member voting.
    /// @param id The motion.
    /// @param aye Aye (true) or nay (false).
    function vote(address hotkey, bytes32 id, bool aye) external;

    /// @notice Closes an open motion: approved once its ayes reach the threshold, disapproved once the
    ///         seats left cannot reach it, and otherwise only after its end block, when abstentions count
    ///         as the prime's vote (nay with no prime, or a prime that voted nay or not at all). An
    ///         approved motion is queued in the timelock. The calls are given again (from
    ///         {MotionProposed}); calls that are no open motion's revert with {SenateWrongState}.
    /// @param targets The motion's targets.
    /// @param values The motion's values.
    /// @param payloads The motion's payloads.
    /// @param descriptionHash keccak256 of the motion's description.
    /// @return approved Whether it was approved (and queued).
    function close(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        bytes32 descriptionHash
    ) external returns (bool approved);

    /// @notice Executes a queued motion through the timelock once its delay has passed. Anyone.
    /// @param targets The motion's targets.
    /// @param values The motion's values (the call must send their sum).
    /// @param payloads The motion's payloads.
    /// @param descriptionHash keccak256 of the motion's description.
    function execute(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        bytes32 descriptionHash
    ) external payable;

    /* MEMBERSHIP */

    /// @notice Seats `hotkey` in the Senate by root stake: into the lowest free seat while fewer than
    ///         12 are taken, otherwise in place of the member with the lowest root stake now if `hotkey`'s is
    ///         higher (the earliest seat on a tie). Anyone may call it.
    /// @param hotkey A registered hotkey with root stake, not yet a member.
    function adjustSenate(address hotkey) external;

    /* GOVERNANCE */

    /// @notice Removes a member from the Senate, leaving its seat empty for the next {adjustSenate}; its
    ///         votes leave the open motions. Restricted (governance).
    /// @param hotkey A member.
    function removeMember(address hotkey) external;

    /// @notice Sets the prime member, whose vote abstentions follow after a motion ends. Restricted (governance).
    /// @param hotkey A member, or zero for none.
    function setPrime(address hotkey) external;

    /// @notice Sets whether only Triumvirate members may {close} motions. Restricted (governance).
    /// @param restricted True: Triumvirate only; false: anyone.
    function setCloseRestricted(bool restricted) external;

    /* VIEWS */

    /// @notice The most Senate seats (12).
    function MAX_SEATS() external view returns (uint256);

    /// @notice The most motions open at once (10).
    function MAX_OPEN_MOTIONS() external view returns (uint256);

    /// @notice The shortest voting period, in blocks (3,600: 12 hours of 12-second blocks).
    function MIN_DURATION() external view returns (uint256);

    /// @notice The id of a motion with these calls and description.
    /// @param targets The contracts called.
    /// @param values The wei sent with each call.
    /// @param payloads The calldata of each call.
    /// @param descriptionHash keccak256 of the description.
    function hashMotion(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        bytes32 descriptionHash
    ) external pure returns (bytes32);

    /// @notice A motion (state None if it was never proposed).
    /// @param id The motion.
    function motion(bytes32 id) external view returns (Motion memory);

    /// @notice The open motions' ids, at most {MAX_OPEN_MOTIONS}.
    function openMotions() external view returns (bytes32[] memory);

    /// @notice How `hotkey` voted on a motion.
    /// @param id The motion.
    /// @param hotkey Any hotkey.
    /// @return voted Whether it is a member, one of the motion's voters, and voted.
    /// @return aye Its vote, if it voted.
    function voteOf(bytes32 id, address hotkey) external view returns (bool voted, bool aye);

    /// @notice The timelock operation of a queued or executed motion (zero otherwise).
    /// @param id The motion.
    function operationId(bytes32 id) external view returns (bytes32);

    /// @notice The members, by seat (empty seats omitted).
    function members() external view returns (address[] memory);

    /// @notice Whether `hotkey` holds a seat.
    /// @param hotkey Any hotkey.
    function isMember(address hotkey) external view returns (bool);

    /// @notice The prime member (zero: none).
    function prime() external view returns (address);

    /// @notice Whether only Triumvirate members may close motions.
    function closeRestricted() external view returns (bool);

    /// @notice The timelock that executes approved motions (the AccessManager's admin once handed over).
    function timelock() external view returns (address);

    /// @notice The Triumvirate whose members propose.
    function triumvirate() external view returns (address);
}
