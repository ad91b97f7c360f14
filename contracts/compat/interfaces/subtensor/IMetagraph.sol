// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Where the Bittensor EVM answers {IMetagraph} (precompile index 2050).
address constant IMETAGRAPH_ADDRESS = 0x0000000000000000000000000000000000000802;

/// @title IMetagraph
/// @notice subtensor's Metagraph precompile (docs/spec/chain.md §9, 0x802): per-UID reads of a subnet's
///         metagraph. u16 proportions are out of 65_535; amounts are in rao (9 decimals).
interface IMetagraph {
    /// @notice subtensor's AxonInfo, as {getAxon} returns it.
    struct AxonInfo {
        /// The block the axon was served at.
        uint64 block;
        /// The neuron's software version.
        uint32 version;
        /// The IP address (v4 or v6) as an integer.
        uint128 ip;
        /// The port.
        uint16 port;
        /// 4 or 6.
        uint8 ip_type; // solhint-disable-line var-name-mixedcase
        /// The protocol (subtensor: 0 TCP, 1 UDP, …).
        uint8 protocol;
    }

    /// @notice `uid` holds no hotkey on `netuid` (subtensor reverts with ExitError::InvalidRange, or
    ///         "hotkey not found" in {getAxon}).
    /// @param netuid The subnet.
    /// @param uid The UID asked.
    error MetagraphUidNotFound(uint16 netuid, uint16 uid);

    /// @notice The number of UIDs registered on `netuid` (`SubnetworkN`; 0 for an unknown subnet).
    /// @param netuid The subnet.
    /// @return n.
    function getUidCount(uint16 netuid) external view returns (uint16);

    /// @notice The TAO value of all the stake on the UID's hotkey, over every subnet: Σ over netuids of
    ///         the hotkey's α (`TotalHotkeyAlpha`) × the subnet's spot price (root at 1), floored.
    ///         Reverts {MetagraphUidNotFound} for a UID without hotkey.
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The value, in rao.
    function getStake(uint16 netuid, uint16 uid) external view returns (uint64);

    /// @notice Deprecated on the chain (rank is no longer computed).
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return Always 0.
    function getRank(uint16 netuid, uint16 uid) external view returns (uint16);

    /// @notice Deprecated on the chain (trust is no longer computed).
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return Always 0.
    function getTrust(uint16 netuid, uint16 uid) external view returns (uint16);

    /// @notice The UID's consensus from the last epoch (0 for a UID the epoch did not have).
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return Consensus, out of 65_535.
    function getConsensus(uint16 netuid, uint16 uid) external view returns (uint16);

    /// @notice The UID's incentive (its share of the miners' emission) from the last epoch.
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return Incentive, out of 65_535 (0 for a UID the epoch did not have).
    function getIncentive(uint16 netuid, uint16 uid) external view returns (uint16);

    /// @notice The UID's dividends (its share of the validators' emission) from the last epoch.
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return Dividends, out of 65_535 (0 for a UID the epoch did not have).
    function getDividends(uint16 netuid, uint16 uid) external view returns (uint16);

    /// @notice The UID's emission in the last epoch (`Emission`: its incentive and dividends shares of
    ///         the epoch's α).
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return Emission, in α rao (0 for a UID the epoch did not have).
    function getEmission(uint16 netuid, uint16 uid) external view returns (uint64);

    /// @notice The UID's validator trust from the last epoch.
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return Validator trust, out of 65_535 (0 for a UID the epoch did not have).
    function getVtrust(uint16 netuid, uint16 uid) external view returns (uint16);

    /// @notice Whether the UID holds a validator permit (from the last epoch).
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The permit (false for a UID the epoch did not have).
    function getValidatorStatus(uint16 netuid, uint16 uid) external view returns (bool);

    /// @notice The UID's `LastUpdate`: the block of its last weights, or of its registration if later.
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The block (0 for a UID that does not exist).
    function getLastUpdate(uint16 netuid, uint16 uid) external view returns (uint64);

    /// @notice Whether the UID was active in the last epoch (updated within the activity cutoff).
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The flag (false for a UID the epoch did not have).
    function getIsActive(uint16 netuid, uint16 uid) external view returns (bool);

    /// @notice The axon the UID's hotkey served on `netuid` (all zero if none). Reverts
    ///         {MetagraphUidNotFound} for a UID without hotkey.
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The axon.
    function getAxon(uint16 netuid, uint16 uid) external view returns (AxonInfo memory);

    /// @notice The UID's hotkey, as a 32-byte account id. Reverts {MetagraphUidNotFound} for a UID
    ///         without hotkey.
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The hotkey.
    function getHotkey(uint16 netuid, uint16 uid) external view returns (bytes32);

    /// @notice The coldkey owning the UID's hotkey (`Owner`), as a 32-byte account id. Reverts
    ///         {MetagraphUidNotFound} for a UID without hotkey.
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The coldkey.
    function getColdkey(uint16 netuid, uint16 uid) external view returns (bytes32);
}
