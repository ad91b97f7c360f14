// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {IAlphaToken} from "../interfaces/IAlphaToken.sol";

/// @title AlphaToken
/// @notice One subnet's alpha (α): ERC-20 + ERC-2612 permit, 9 decimals (α rao), named
///         "Subnet <netuid> Alpha" with symbol "A<netuid>". Deployed by the SubnetRegistry when the
///         subnet is registered (docs/spec/chain.md §5.1); only the Staking contract mints and burns.
/// @dev Alpha is bookkeeping in subtensor; here it is a real token (docs/architecture.md "Deliberate differences from subtensor").
///      `totalSupply()` is the α in the pool reserve plus the α staked, both held by the minter.
contract AlphaToken is ERC20, ERC20Permit, IAlphaToken {
    /* CONSTANTS */

    /// @dev One token unit is one α rao.
    uint8 private constant DECIMALS = 9;

    /* IMMUTABLES */

    /// @inheritdoc IAlphaToken
    uint16 public immutable override netuid;

    /// @inheritdoc IAlphaToken
    address public immutable override minter;

    /* MODIFIERS */

    /// @dev Reverts with {AlphaUnauthorizedMinter} unless the caller is the minter.
    modifier onlyMinter() {
        if (_msgSender() != minter) revert AlphaUnauthorizedMinter(_msgSender());
        _;
    }

    /* CONSTRUCTOR */

    /// @notice Deploys the α token of subnet `netuid_` with zero supply.
    /// @param netuid_ The subnet this token belongs to.
    /// @param minter_ The only address allowed to mint and burn (the Staking contract).
    constructor(
        uint16 netuid_,
        address minter_
    ) ERC20(_tokenName(netuid_), _tokenSymbol(netuid_)) ERC20Permit(_tokenName(netuid_)) {
        netuid = netuid_;
        minter = minter_;
    }

    /* VIEWS */

    /// @notice 9: token units are α rao.
    /// @return The number of decimals.
    function decimals() public pure override(ERC20, IERC20Metadata) returns (uint8) {
        return DECIMALS;
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(ERC20Permit, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }

    /* SUPPLY */

    /// @inheritdoc IAlphaToken
    function mint(address to, uint256 amount) external onlyMinter {
        _mint(to, amount);
    }

    /// @inheritdoc IAlphaToken
    function burn(address from, uint256 amount) external onlyMinter {
        _burn(from, amount);
    }

    /* INTERNAL */

    /// @dev "Subnet <netuid> Alpha" (also the EIP-712 domain name).
    function _tokenName(uint16 netuid_) private pure returns (string memory) {
        return string.concat("Subnet ", Strings.toString(netuid_), " Alpha");
    }

    /// @dev "A<netuid>".
    function _tokenSymbol(uint16 netuid_) private pure returns (string memory) {
        return string.concat("A", Strings.toString(netuid_));
    }
}
