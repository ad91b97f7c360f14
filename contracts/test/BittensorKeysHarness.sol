// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BittensorKeys} from "../compat/BittensorKeys.sol";

/// @notice Exposes BittensorKeys for its tests.
contract BittensorKeysHarness {
    /// @notice BittensorKeys.blake2b256.
    /// @param message At most 128 bytes.
    /// @return The digest.
    function blake2b256(bytes calldata message) external view returns (bytes32) {
        return BittensorKeys.blake2b256(message);
    }

    /// @notice BittensorKeys.evmAccountId.
    /// @param account An EVM account.
    /// @return Its substrate account.
    function evmAccountId(address account) external view returns (bytes32) {
        return BittensorKeys.evmAccountId(account);
    }
}
