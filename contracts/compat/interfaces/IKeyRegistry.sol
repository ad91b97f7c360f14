// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IKeyRegistry
/// @notice How the Bittensor-EVM facades name the layer's accounts with subtensor's `bytes32` keys. The
///         layer keys hotkeys and coldkeys by `address`; a `bytes32` key stands for:
///         - an EVM account, when the key is that account's HashedAddressMapping id
///           (`blake2_256("evm:" ‖ h160)`, docs/spec/chain.md §9) and the account was linked here; or
///         - otherwise a substrate account, which the layer holds under a shadow address derived from the
///           key ({shadowOf}): no one has its private key, so only the facades act for it (it can hold
///           and receive stake, as a substrate account that is not an EVM account does).
///         The mapping cannot be inverted on chain, so an EVM account is linked before its id is used as
///         an argument: the facades link their callers and the neurons they register, the fixture links
///         every configured account, and {link} is open to anyone (it records a pure function).
interface IKeyRegistry {
    /// @notice `account`'s id was recorded: `bytes32` arguments equal to it now name `account`.
    /// @param account The EVM account linked.
    /// @param accountId Its HashedAddressMapping id, `blake2_256("evm:" ‖ account)`.
    event EvmAccountLinked(address indexed account, bytes32 indexed accountId);

    /// @notice The shadow address of substrate key `key` was recorded: `keyOf(shadow)` now answers `key`.
    /// @param key The substrate key.
    /// @param shadow The key's shadow address.
    event SubstrateKeyRecorded(bytes32 indexed key, address indexed shadow);

    /// @notice Records `account`'s HashedAddressMapping id and returns it. Anyone may link any account.
    /// @param account The EVM account to link.
    /// @return accountId Its HashedAddressMapping id, `blake2_256("evm:" ‖ account)`.
    function link(address account) external returns (bytes32 accountId);

    /// @notice {addressOf}(key), recording a shadow's key so that {keyOf} can name it later.
    /// @param key A 32-byte key: a linked EVM account's id, or a substrate key.
    /// @return account The layer address `key` names, as {addressOf}.
    function resolve(bytes32 key) external returns (address account);

    /// @notice The layer address `key` names: the linked EVM account it is the id of, else its shadow.
    /// @param key A 32-byte key: a linked EVM account's id, or a substrate key.
    /// @return account The linked EVM account, else the key's shadow address.
    function addressOf(bytes32 key) external view returns (address account);

    /// @notice The `bytes32` key of layer address `account`: the substrate key it is the recorded shadow of,
    ///         else `account`'s HashedAddressMapping id (an EVM account).
    /// @param account A layer address: an EVM account or a recorded shadow.
    /// @return key The substrate key `account` shadows, else `account`'s HashedAddressMapping id.
    function keyOf(address account) external view returns (bytes32 key);

    /// @notice Whether `key` is a linked EVM account's id.
    /// @param key A 32-byte key.
    /// @return True if {link} recorded an EVM account with this id.
    function isLinked(bytes32 key) external view returns (bool);

    /// @notice The shadow address of substrate key `key` (a pure function of the key).
    /// @param key The substrate key.
    /// @return shadow The address the layer holds the key's stake and native TAO under.
    function shadowOf(bytes32 key) external pure returns (address shadow);
}
