// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Where subtensor answers {INeuron}: precompile index 2052 (docs/spec/chain.md §9).
address constant INEURON_ADDRESS = 0x0000000000000000000000000000000000000804;

/// @title INeuron
/// @notice subtensor's Neuron precompile (0x804) as its runtime declares it (docs/spec/chain.md §9): neuron
///         registration, weights and served endpoints. Registration is signed by the coldkey (the caller)
///         and pays the burn in native TAO; weights and endpoints are signed by the hotkey (the caller).
/// @dev `registerLimit` is in the runtime but not in subtensor's neuron.sol.
interface INeuron {
    /// @notice Sets the caller's (a hotkey's) weights on `netuid`.
    /// @param netuid The subnet.
    /// @param dests The UIDs weighted.
    /// @param weights Their weights, in the order of `dests` (scaled by the chain so the largest is 65 535).
    /// @param versionKey The caller's version key (at least the subnet's WeightsVersionKey).
    function setWeights(uint16 netuid, uint16[] calldata dests, uint16[] calldata weights, uint64 versionKey) external payable;

    /// @notice Commits a hash of the caller's weights, to be revealed later (commit-reveal subnets).
    /// @param netuid The subnet.
    /// @param commitHash The hash of (hotkey, netuid, uids, values, salt, version key).
    function commitWeights(uint16 netuid, bytes32 commitHash) external payable;

    /// @notice Reveals weights committed with {commitWeights}.
    /// @param netuid The subnet.
    /// @param uids The UIDs weighted.
    /// @param values Their weights.
    /// @param salt The salt hashed into the commit.
    /// @param versionKey The version key hashed into the commit.
    function revealWeights(
        uint16 netuid,
        uint16[] calldata uids,
        uint16[] calldata values,
        uint16[] calldata salt,
        uint64 versionKey
    ) external payable;

    /// @notice Registers `hotkey` on `netuid` for the caller (its coldkey), paying the current burn.
    /// @param netuid The subnet.
    /// @param hotkey The hotkey: unowned or already the caller's, not yet on the subnet.
    function burnedRegister(uint16 netuid, bytes32 hotkey) external payable;

    /// @notice {burnedRegister}, refused if the burn is above `limitPrice`.
    /// @param netuid The subnet.
    /// @param hotkey The hotkey.
    /// @param limitPrice The most the caller will pay, in rao.
    function registerLimit(uint16 netuid, bytes32 hotkey, uint64 limitPrice) external payable;

    /// @notice Announces the caller's (a registered hotkey's) axon on `netuid`.
    /// @param netuid The subnet.
    /// @param version The axon's version.
    /// @param ip Its IP address, as an integer.
    /// @param port Its port.
    /// @param ipType 4 or 6.
    /// @param protocol Its protocol (0 TCP, 1 UDP).
    /// @param placeholder1 Reserved.
    /// @param placeholder2 Reserved.
    function serveAxon(
        uint16 netuid,
        uint32 version,
        uint128 ip,
        uint16 port,
        uint8 ipType,
        uint8 protocol,
        uint8 placeholder1,
        uint8 placeholder2
    ) external payable;

    /// @notice {serveAxon} with the axon's TLS certificate.
    /// @param netuid The subnet.
    /// @param version The axon's version.
    /// @param ip Its IP address, as an integer.
    /// @param port Its port.
    /// @param ipType 4 or 6.
    /// @param protocol Its protocol (0 TCP, 1 UDP).
    /// @param placeholder1 Reserved.
    /// @param placeholder2 Reserved.
    /// @param certificate The certificate.
    function serveAxonTls(
        uint16 netuid,
        uint32 version,
        uint128 ip,
        uint16 port,
        uint8 ipType,
        uint8 protocol,
        uint8 placeholder1,
        uint8 placeholder2,
        bytes calldata certificate
    ) external payable;

    /// @notice Announces the caller's (a registered hotkey's) Prometheus endpoint on `netuid`.
    /// @param netuid The subnet.
    /// @param version The endpoint's version.
    /// @param ip Its IP address, as an integer.
    /// @param port Its port.
    /// @param ipType 4 or 6.
    function servePrometheus(uint16 netuid, uint32 version, uint128 ip, uint16 port, uint8 ipType) external payable;
}
