// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ITriumvirate
/// @notice The proposing house of governance (docs/spec/chain.md §8.1, subtensor's `Triumvirate` collective
///         with its `TriumvirateMembers` membership): at most three members, and only they may propose a
///         motion to the Senate. The deployer seeds the members once; afterwards they change only
///         through a passed motion (the functions below are restricted to the governance timelock).
interface ITriumvirate {
    /* ERRORS */

    /// @notice The Triumvirate already has {MAX_MEMBERS} members.
    error TriumvirateFull();
    /// @notice `account` is already a member.
    /// @param account The account given.
    error TriumvirateAlreadyMember(address account);
    /// @notice `account` is not a member.
    /// @param account The account given.
    error TriumvirateNotMember(address account);
    /// @notice The zero address cannot be a member.
    error TriumvirateZeroAddress();

    /* EVENTS */

    /// @notice `account` joined the Triumvirate.
    /// @param account The new member.
    event TriumvirateMemberAdded(address indexed account);
    /// @notice `account` left the Triumvirate.
    /// @param account The former member.
    event TriumvirateMemberRemoved(address indexed account);

    /* GOVERNANCE */

    /// @notice Adds a member. Restricted (governance).
    /// @param account Not yet a member, not zero; the Triumvirate must have a free seat.
    function addMember(address account) external;

    /// @notice Removes a member. Restricted (governance).
    /// @param account A member.
    function removeMember(address account) external;

    /// @notice Replaces member `out` by `account` in one step (subtensor's `swap_member`). Restricted (governance).
    /// @param out A member.
    /// @param account Not yet a member, not zero.
    function swapMember(address out, address account) external;

    /* VIEWS */

    /// @notice The most members the Triumvirate may have (3).
    function MAX_MEMBERS() external view returns (uint256);

    /// @notice Whether `account` is a member.
    /// @param account Any account.
    function isMember(address account) external view returns (bool);

    /// @notice The members, in the order they joined (a removal moves the last one into the gap).
    function members() external view returns (address[] memory);
}
