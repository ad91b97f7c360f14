// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title ITao
/// @notice TAO as an ERC-20 with 9 decimals: one token unit is one rao, and `totalSupply()` is
///         subtensor's `TotalIssuance`, which drives the halving schedule (docs/spec/chain.md §1).
/// @dev Two ways TAO leaves circulation, as in subtensor:
///      - recycle ({recycle}, {recycleFrom}): the tokens are destroyed and issuance drops, which makes
///        room under the cap and can move the schedule back into an earlier, larger-emission era;
///      - burn: a plain transfer to a burn address; issuance is unchanged, so the schedule is not.
interface ITao is IERC20Metadata, IERC20Permit {
    /* ERRORS */

    /// @notice Minting `amount` on top of `issuance` would take issuance above the 21M TAO cap.
    /// @param issuance Total issuance before the mint, in rao.
    /// @param amount The rao asked to be minted.
    error TaoSupplyCapExceeded(uint256 issuance, uint256 amount);

    /* EVENTS */

    /// @notice `amount` rao of `from`'s TAO was recycled: destroyed, lowering total issuance.
    /// @dev Emitted after the ERC-20 `Transfer(from, address(0), amount)`.
    /// @param from The holder whose TAO was recycled.
    /// @param amount The rao recycled.
    event Recycled(address indexed from, uint256 amount); // solhint-disable-line gas-indexed-events

    /* VIEWS */

    /// @notice The hard cap on total issuance: 21M TAO = 21e15 rao (subtensor `TotalSupply`).
    /// @return The cap, in rao.
    function TOTAL_SUPPLY() external view returns (uint256); // solhint-disable-line func-name-mixedcase

    /// @notice The block emission at the current issuance (docs/spec/chain.md §1): 1 TAO halved once per
    ///         era, 0 at the cap. See {EmissionMath-blockEmission}.
    /// @return The rao per block.
    function blockEmission() external view returns (uint256);

    /* ISSUANCE */

    /// @notice Mints `amount` rao to `to`, raising total issuance (subtensor `mint_tao`).
    /// @dev Restricted through the AccessManager (granted to the Coinbase). Unlike subtensor, which mints
    ///      min(amount, room), this reverts with {TaoSupplyCapExceeded} if issuance + amount > 21e15;
    ///      callers cap the amount with {EmissionMath-mintable}.
    /// @param to The receiver.
    /// @param amount The rao to mint.
    function mint(address to, uint256 amount) external;

    /// @notice Recycles `amount` rao of the caller's TAO: destroys it and lowers total issuance, so the
    ///         schedule can emit it again (docs/spec/chain.md §1 `recycle_tao`). Emits {Recycled}.
    /// @dev To burn without touching issuance, transfer to a burn address instead.
    /// @param amount The rao to recycle.
    function recycle(uint256 amount) external;

    /// @notice Recycles `amount` rao of `from`'s TAO, spending the caller's allowance. Emits {Recycled}.
    /// @param from The holder whose TAO is recycled.
    /// @param amount The rao to recycle.
    function recycleFrom(address from, uint256 amount) external;
}
