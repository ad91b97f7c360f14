// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

/// @title ProtocolAccessManager
/// @notice The one OpenZeppelin AccessManager that holds every privileged function of the protocol
///         (docs/architecture.md principle 3). Its initial admin is the deployer; the governance issue hands the
///         admin role to the Senate/Triumvirate timelock.
contract ProtocolAccessManager is AccessManager {
    /// @notice Deploys the manager; `initialAdmin` holds the admin role, and no other role is granted.
    /// @param initialAdmin The first holder of the admin role (the deployer, until governance takes over).
    constructor(address initialAdmin) AccessManager(initialAdmin) {}
}
