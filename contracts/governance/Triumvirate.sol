// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";

import {ITriumvirate} from "../interfaces/ITriumvirate.sol";

/// @title Triumvirate
/// @notice docs/spec/chain.md §8.1: the proposing house, at most three members.
/// @dev Membership changes are `restricted`: the protocol's AccessManager gives them to its admin, the
///      governance timelock once the deployer has handed over, so they pass only through a Senate motion.
contract Triumvirate is ITriumvirate, AccessManaged {
    /// @inheritdoc ITriumvirate
    uint256 public constant MAX_MEMBERS = 3;

    address[] private _members;
    mapping(address account => bool) private _isMember;

    /// @notice Deploys the Triumvirate with its founding members.
    /// @param manager The protocol's AccessManager.
    /// @param initialMembers The founding members (at most three), seeded once by the deployer.
    constructor(address manager, address[] memory initialMembers) AccessManaged(manager) {
        for (uint256 i; i < initialMembers.length; ++i) _add(initialMembers[i]);
    }

    /// @inheritdoc ITriumvirate
    function addMember(address account) external restricted {
        _add(account);
    }

    /// @inheritdoc ITriumvirate
    function removeMember(address account) external restricted {
        _remove(account);
    }

    /// @inheritdoc ITriumvirate
    function swapMember(address out, address account) external restricted {
        _remove(out);
        _add(account);
    }

    /// @inheritdoc ITriumvirate
    function isMember(address account) external view returns (bool) {
        return _isMember[account];
    }

    /// @inheritdoc ITriumvirate
    function members() external view returns (address[] memory) {
        return _members;
    }

    function _add(address account) private {
        if (account == address(0)) revert TriumvirateZeroAddress();
        if (_isMember[account]) revert TriumvirateAlreadyMember(account);
        if (_members.length == MAX_MEMBERS) revert TriumvirateFull();
        _isMember[account] = true;
        _members.push(account);
        emit TriumvirateMemberAdded(account);
    }

    function _remove(address account) private {
        if (!_isMember[account]) revert TriumvirateNotMember(account);
        _isMember[account] = false;
        uint256 last = _members.length - 1;
        for (uint256 i; i < last; ++i) {
            if (_members[i] == account) {
                _members[i] = _members[last];
                break;
            }
        }
        _members.pop();
        emit TriumvirateMemberRemoved(account);
    }
}
