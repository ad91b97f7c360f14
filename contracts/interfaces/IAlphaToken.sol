// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title IAlphaToken
/// @notice A subnet's alpha (α) as a real ERC-20 + permit with 9 decimals (our deliberate difference
///         from subtensor, where alpha is bookkeeping: docs/architecture.md "Deliberate differences from subtensor").
/// @dev One token per subnet, deployed by the SubnetRegistry at subnet registration. Only the
///      Staking contract mints and burns: the pool reserve and every staked position are tokens it
///      holds, so `totalSupply()` is the α in the pool plus the α staked (pending emission is not
///      minted until an epoch pays it).
interface IAlphaToken is IERC20Metadata, IERC20Permit {
    /// @notice The caller is not this token's minter (the Staking contract).
    /// @param caller The address that tried to mint or burn.
    error AlphaUnauthorizedMinter(address caller);

    /// @notice The subnet this token belongs to.
    /// @return The subnet's netuid.
    function netuid() external view returns (uint16);

    /// @notice The only address allowed to mint and burn (the Staking contract).
    /// @return The minter.
    function minter() external view returns (address);

    /// @notice Mints `amount` α to `to`. Only the minter.
    /// @param to Recipient.
    /// @param amount Amount in α rao.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` α held by `from`. Only the minter (which burns its own holdings).
    /// @param from Holder.
    /// @param amount Amount in α rao.
    function burn(address from, uint256 amount) external;
}
