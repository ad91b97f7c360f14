// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ISubtensorBalanceTransfer} from "./interfaces/subtensor/ISubtensorBalanceTransfer.sol";
import {FacadeContext, PrecompileFacade} from "./PrecompileFacade.sol";
import {NativeCredit} from "./NativeCredit.sol";

/// @title BalanceTransferPrecompile
/// @notice subtensor's BalanceTransfer precompile at 0x…0800 (docs/spec/chain.md §9): sends the call's value to
///         a substrate account. A linked EVM account's id is that account (its balance is the EVM balance, as
///         on the chain); any other key is a substrate account, credited at its shadow address (IKeyRegistry),
///         where `address(shadow).balance` shows it. The recipient's code never runs.
contract BalanceTransferPrecompile is ISubtensorBalanceTransfer, PrecompileFacade {
    // The account and amount stay unindexed: the account follows from `to`, nobody filters by amount, and a
    // topic costs more than a data word.
    // solhint-disable gas-indexed-events

    /// @notice `from` sent `weiAmount` native TAO to substrate account `to` (held at `account`).
    /// @param from The caller, who sent the call's value.
    /// @param to The recipient's 32-byte substrate account id.
    /// @param account The layer address that holds `to`: a linked EVM account, else `to`'s shadow address.
    /// @param weiAmount The native TAO sent, in wei.
    event BalanceTransferred(address indexed from, bytes32 indexed to, address account, uint256 weiAmount);

    // solhint-enable gas-indexed-events

    constructor(FacadeContext memory c) PrecompileFacade(c) {}

    /// @inheritdoc ISubtensorBalanceTransfer
    function transfer(bytes32 data) external payable {
        address account = KEYS.resolve(data);
        emit BalanceTransferred(msg.sender, data, account, msg.value);
        NativeCredit.credit(account, msg.value);
    }
}
