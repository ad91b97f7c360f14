// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKeyRegistry} from "./interfaces/IKeyRegistry.sol";
import {BittensorKeys} from "./BittensorKeys.sol";

/// @title KeyRegistry
/// @notice `bytes32` keys ⇄ the layer's addresses, for the Bittensor-EVM facades (see {IKeyRegistry}).
contract KeyRegistry is IKeyRegistry {
    /// @dev A linked EVM account by its HashedAddressMapping id.
    mapping(bytes32 accountId => address account) private _evmAccounts;
    /// @dev A recorded substrate key by its shadow address.
    mapping(address shadow => bytes32 key) private _substrateKeys;

    /// @inheritdoc IKeyRegistry
    function link(address account) external returns (bytes32 accountId) {
        accountId = BittensorKeys.evmAccountId(account);
        if (_evmAccounts[accountId] == address(0)) {
            _evmAccounts[accountId] = account;
            emit EvmAccountLinked(account, accountId);
        }
    }

    /// @inheritdoc IKeyRegistry
    function resolve(bytes32 key) external returns (address account) {
        account = _evmAccounts[key];
        if (account != address(0)) return account;
        account = shadowOf(key);
        if (_substrateKeys[account] == bytes32(0)) {
            _substrateKeys[account] = key;
            emit SubstrateKeyRecorded(key, account);
        }
    }

    /// @inheritdoc IKeyRegistry
    function addressOf(bytes32 key) external view returns (address account) {
        account = _evmAccounts[key];
        if (account == address(0)) account = shadowOf(key);
    }

    /// @inheritdoc IKeyRegistry
    function keyOf(address account) external view returns (bytes32 key) {
        key = _substrateKeys[account];
        if (key == bytes32(0)) key = BittensorKeys.evmAccountId(account);
    }

    /// @inheritdoc IKeyRegistry
    function isLinked(bytes32 key) external view returns (bool) {
        return _evmAccounts[key] != address(0);
    }

    /// @inheritdoc IKeyRegistry
    function shadowOf(bytes32 key) public pure returns (address shadow) {
        return address(uint160(uint256(keccak256(abi.encodePacked("subnet-layer:substrate:", key)))));
    }
}
