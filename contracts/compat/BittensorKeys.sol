// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title BittensorKeys
/// @notice An EVM account's substrate account on the Bittensor EVM: `blake2_256("evm:" ‖ h160)`, Frontier's
///         HashedAddressMapping (docs/spec/chain.md §9), computed with the EIP-152 BLAKE2F precompile.
/// @dev BLAKE2F is at 0x09 on Ethereum and on Hardhat; the Bittensor EVM puts Bn128Add there (§9), and
///      its own precompile at 0x80C answers the mapping instead, so this library is for the chains that
///      host the facades. One compression: "evm:" ‖ h160 is 24 bytes, within BLAKE2b's 128-byte block.
library BittensorKeys {
    /// @notice The BLAKE2F precompile failed (not an EIP-152 chain).
    error BittensorKeysNoBlake2f();
    /// @notice A message longer than one BLAKE2b block (128 bytes).
    /// @param length The message's length, in bytes.
    error BittensorKeysMessageTooLong(uint256 length);

    address private constant BLAKE2F = address(0x09);

    /// @dev BLAKE2b's IV as the parameter block of an unkeyed 32-byte digest (h[0] ^= 0x01010020), each
    ///      word little-endian as BLAKE2F takes it.
    bytes private constant H_256 =
        hex"28c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b";

    /// @notice The substrate account (coldkey) of EVM account `account`: blake2_256("evm:" ‖ account).
    /// @param account The EVM account (h160).
    /// @return The 32-byte substrate account id (HashedAddressMapping).
    function evmAccountId(address account) internal view returns (bytes32) {
        return blake2b256(abi.encodePacked("evm:", account));
    }

    /// @notice BLAKE2b-256 of a message of at most 128 bytes (one compression).
    /// @param message The message, at most 128 bytes.
    /// @return digest The 32-byte BLAKE2b-256 digest.
    function blake2b256(bytes memory message) internal view returns (bytes32 digest) {
        uint256 length = message.length;
        if (length > 128) revert BittensorKeysMessageTooLong(length);
        // rounds (4 bytes BE) ‖ h (64) ‖ m (128, zero-padded) ‖ t (16, LE: the byte count) ‖ f (1: final block).
        bytes memory m = new bytes(128);
        for (uint256 i; i < length; ++i) m[i] = message[i];
        bytes memory input = abi.encodePacked(uint32(12), H_256, m, _le64(length), uint64(0), uint8(1));
        (bool ok, bytes memory out) = BLAKE2F.staticcall(input);
        if (!ok || out.length != 64) revert BittensorKeysNoBlake2f();
        // The digest is the state's first 32 bytes, each word little-endian: as BLAKE2F returns it.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            digest := mload(add(out, 32))
        }
    }

    /// @dev `x` as 8 little-endian bytes.
    function _le64(uint256 x) private pure returns (bytes8) {
        uint64 v = uint64(x);
        v = ((v & 0xFF00FF00FF00FF00) >> 8) | ((v & 0x00FF00FF00FF00FF) << 8);
        v = ((v & 0xFFFF0000FFFF0000) >> 16) | ((v & 0x0000FFFF0000FFFF) << 16);
        v = (v >> 32) | (v << 32);
        return bytes8(v);
    }
}
