// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICoinbase} from "./ICoinbase.sol";

/// @title ISubnetRegistry
/// @notice Subnets (registration with the lock cost, owner, α token, start), neurons (UIDs, hotkeys,
///         registration blocks, burned registration), hotkey ownership, and the per-subnet
///         hyperparameters the epoch reads (spec/chain.md §5, §7; spec/yuma.md §13).
/// @dev Coldkey = `msg.sender`. A hotkey is an address; the first registration that names it binds it
///      to the caller's coldkey forever (`hotkeyOwner`).
interface ISubnetRegistry {
    /* TYPES */

    struct SubnetInfo {
        address owner; // coldkey
        address ownerHotkey; // UID 0 at registration, immune from pruning
        address alpha; // the subnet's AlphaToken
        uint64 registeredAt; // block
        uint64 startBlock; // block of startCall (0 = not started: no emission, no staking)
        uint256 lockCost; // TAO paid at registration (rao), now the pool's TAO reserve
        uint16 n; // registered UIDs
    }

    /// @dev The hyperparameters the epoch and the weight rules read, with subtensor's defaults for a
    ///      new subnet (`init_new_network`): tempo 360, activityCutoffFactorMilli 13_889, kappa 32_767,
    ///      bondsPenalty 65_535, bondsMovingAverage 900_000, maxAllowedValidators 64,
    ///      maxAllowedUids 256, yuma3Enabled true, liquidAlphaEnabled false, alpha (45_875, 58_982),
    ///      steepness 1_000, immunityPeriod 5_000, minAllowedWeights 1, weightsSetRateLimit 100,
    ///      weightsVersionKey 0, commitRevealEnabled false (commit-reveal is not implemented yet).
    struct Hyperparameters {
        uint16 tempo;
        uint32 activityCutoffFactorMilli;
        uint16 kappa;
        uint16 bondsPenalty;
        uint64 bondsMovingAverage;
        uint16 maxAllowedValidators;
        uint16 maxAllowedUids;
        bool yuma3Enabled;
        bool liquidAlphaEnabled;
        uint16 alphaLow;
        uint16 alphaHigh;
        int16 alphaSigmoidSteepness;
        uint64 immunityPeriod;
        uint16 minAllowedWeights;
        uint64 weightsSetRateLimit;
        uint64 weightsVersionKey;
    }

    /* ERRORS */

    error RegistryUnknownSubnet(uint16 netuid);
    error RegistryHotkeyOwnedByOther(address hotkey, address owner);
    error RegistryHotkeyAlreadyRegistered(uint16 netuid, address hotkey);
    error RegistrySubnetFull(uint16 netuid, uint16 maxAllowedUids);
    error RegistryNotSubnetOwner(uint16 netuid, address caller);
    error RegistryAlreadyStarted(uint16 netuid);
    error RegistryPriceAboveLimit(uint256 price, uint256 limit);
    error RegistryInvalidHyperparameter(string name);
    error RegistryZeroHotkey();
    /// @notice The subnet's epoch is due and not yet settled: its UIDs and hyperparameters are frozen
    ///         at the snapshot until the settlement (a new UID would change `n` under the attested report).
    /// @param netuid The subnet.
    /// @param dueBlock The snapshot block awaiting settlement.
    error RegistryEpochPending(uint16 netuid, uint64 dueBlock);

    /* EVENTS */

    event NetworkRegistered(uint16 indexed netuid, address indexed owner, address indexed ownerHotkey, address alpha, uint256 lockCost);
    event NetworkStarted(uint16 indexed netuid, uint64 startBlock);
    event NeuronRegistered(uint16 indexed netuid, uint16 indexed uid, address indexed hotkey, address coldkey, uint256 burn);
    event HotkeyBound(address indexed hotkey, address indexed coldkey);
    event HyperparametersSet(uint16 indexed netuid, Hyperparameters params);

    /* ACTIONS */

    /// @notice Registers a subnet for the caller (owner coldkey) with `ownerHotkey` at UID 0, paying
    ///         `networkLockCost()` TAO (pulled; at most `maxLockCost`), which seeds the new pool (spec §5.1).
    function registerNetwork(address ownerHotkey, uint256 maxLockCost) external returns (uint16 netuid);
    /// @notice The subnet owner starts emission and staking (subtensor `start_call`).
    function startCall(uint16 netuid) external;
    /// @notice Registers `hotkey` on `netuid` for the caller, paying the burn price (pulled; at most
    ///         `maxBurn`), bought into the pool with the α recycled (spec §5.2).
    function burnedRegister(uint16 netuid, address hotkey, uint256 maxBurn) external returns (uint16 uid);

    /* VIEWS */

    /// @notice The Coinbase every state-changing call accrues emission through first (DESIGN.md principle 4).
    function coinbase() external view returns (ICoinbase);
    function networkLockCost() external view returns (uint256);
    function burn(uint16 netuid) external view returns (uint256);
    function subnetCount() external view returns (uint16);
    /// @notice All registered netuids, in registration order (netuid 0 is root and is not a subnet here).
    function netuids() external view returns (uint16[] memory);
    function subnetExists(uint16 netuid) external view returns (bool);
    function subnet(uint16 netuid) external view returns (SubnetInfo memory);
    function hyperparameters(uint16 netuid) external view returns (Hyperparameters memory);
    function hotkeyOwner(address hotkey) external view returns (address);
    function uidOf(uint16 netuid, address hotkey) external view returns (bool registered, uint16 uid);
    function hotkeyAt(uint16 netuid, uint16 uid) external view returns (address);
    function blockAtRegistration(uint16 netuid, uint16 uid) external view returns (uint64);
    /// @notice Hotkeys of UIDs 0..n-1.
    function hotkeys(uint16 netuid) external view returns (address[] memory);
    /// @notice Registration blocks of UIDs 0..n-1.
    function registrationBlocks(uint16 netuid) external view returns (uint64[] memory);

    /* GOVERNANCE (restricted) */

    function setHyperparameters(uint16 netuid, Hyperparameters calldata params) external;
}
