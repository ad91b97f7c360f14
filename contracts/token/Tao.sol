// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

import {ITao} from "../interfaces/ITao.sol";
import {EmissionMath} from "../libraries/EmissionMath.sol";

/// @title Tao
/// @notice TAO, the layer's native token: ERC-20 + ERC-2612 permit, 9 decimals (rao). `totalSupply()`
///         is subtensor's `TotalIssuance` (docs/spec/chain.md §1).
/// @dev A plain transfer to a burn address is subtensor's "burn" (`burn_tao`): the tokens are gone from
///      circulation but still counted in issuance, so the halving schedule does not move. Only
///      {recycle} and {recycleFrom} lower issuance.
contract Tao is ERC20, ERC20Permit, AccessManaged, ITao {
    /* CONSTANTS */

    /// @inheritdoc ITao
    uint256 public constant override TOTAL_SUPPLY = EmissionMath.TOTAL_SUPPLY;

    /// @dev One token unit is one rao.
    uint8 private constant DECIMALS = 9;

    /* CONSTRUCTOR */

    /// @notice Deploys TAO with zero issuance.
    /// @param initialAuthority The AccessManager that decides who may call {mint}.
    constructor(
        address initialAuthority
    ) ERC20("TAO", "TAO") ERC20Permit("TAO") AccessManaged(initialAuthority) {}

    /* VIEWS */

    /// @notice 9: token units are rao.
    /// @return The number of decimals.
    function decimals() public pure override(ERC20, IERC20Metadata) returns (uint8) {
        return DECIMALS;
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(ERC20Permit, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc ITao
    function blockEmission() external view returns (uint256) {
        return EmissionMath.blockEmission(totalSupply());
    }

    /* ISSUANCE */

    /// @inheritdoc ITao
    function mint(address to, uint256 amount) external restricted {
        uint256 issuance = totalSupply();
        // issuance <= TOTAL_SUPPLY always holds (only mint raises it), so this cannot underflow.
        if (amount > TOTAL_SUPPLY - issuance) revert TaoSupplyCapExceeded(issuance, amount);
        _mint(to, amount);
    }

    /// @inheritdoc ITao
    function recycle(uint256 amount) external {
        _recycle(_msgSender(), amount);
    }

    /// @inheritdoc ITao
    function recycleFrom(address from, uint256 amount) external {
        _spendAllowance(from, _msgSender(), amount);
        _recycle(from, amount);
    }

    /* INTERNAL */

    /// @dev Destroys `amount` of `from`'s TAO, lowering total issuance, and emits {Recycled}.
    function _recycle(address from, uint256 amount) private {
        _burn(from, amount);
        emit Recycled(from, amount);
    }
}
