// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IServing
/// @notice Where neurons announce their endpoints (subtensor's `serve_axon` / `serve_prometheus`,
///         docs/spec/chain.md §9 Neuron), written through the Neuron facade for its caller (the hotkey)
///         and read by the Metagraph facade. The layer's economics never read it.
interface IServing {
    /// @notice subtensor's AxonInfo, in the order `getAxon` returns it.
    struct AxonInfo {
        uint64 block;
        uint32 version;
        uint128 ip;
        uint16 port;
        uint8 ipType;
        uint8 protocol;
    }

    /// @notice subtensor's PrometheusInfo.
    struct PrometheusInfo {
        uint64 block;
        uint32 version;
        uint128 ip;
        uint16 port;
        uint8 ipType;
    }

    /// @notice The caller is not registered on `netuid` (subtensor: HotKeyNotRegisteredInSubNet).
    /// @param netuid The subnet.
    /// @param hotkey The caller's hotkey.
    error ServingNotRegistered(uint16 netuid, address hotkey);

    /// @notice `hotkey` announced its axon on `netuid`.
    /// @param netuid The subnet.
    /// @param hotkey The hotkey (the caller).
    /// @param axon The axon recorded, `block` set to the current block.
    event AxonServed(uint16 indexed netuid, address indexed hotkey, AxonInfo axon);
    /// @notice `hotkey` announced its Prometheus endpoint on `netuid`.
    /// @param netuid The subnet.
    /// @param hotkey The hotkey (the caller).
    /// @param prometheus The endpoint recorded, `block` set to the current block.
    event PrometheusServed(uint16 indexed netuid, address indexed hotkey, PrometheusInfo prometheus);

    /// @notice Records the caller's (the hotkey's) axon on `netuid`; `block` is set to the current block.
    /// @param netuid A subnet the caller is registered on.
    /// @param axon The axon; its `block` is ignored.
    function serveAxon(uint16 netuid, AxonInfo calldata axon) external;

    /// @notice Records the caller's Prometheus endpoint on `netuid`; `block` is set to the current block.
    /// @param netuid A subnet the caller is registered on.
    /// @param prometheus The endpoint; its `block` is ignored.
    function servePrometheus(uint16 netuid, PrometheusInfo calldata prometheus) external;

    /// @notice `hotkey`'s axon on `netuid` (all zero if none was served).
    /// @param netuid The subnet.
    /// @param hotkey The hotkey.
    /// @return The axon last served.
    function axon(uint16 netuid, address hotkey) external view returns (AxonInfo memory);

    /// @notice `hotkey`'s Prometheus endpoint on `netuid` (all zero if none was served).
    /// @param netuid The subnet.
    /// @param hotkey The hotkey.
    /// @return The endpoint last served.
    function prometheus(uint16 netuid, address hotkey) external view returns (PrometheusInfo memory);
}
