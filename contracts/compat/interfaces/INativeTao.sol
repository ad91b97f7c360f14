// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title INativeTao
/// @notice Native TAO (the chain's currency, 18 decimals in the EVM: 1 rao = 1e9 wei) ⇄ the layer's ERC-20 TAO
///         (9 decimals), 1:1, from two reserves. The layer's contracts move ERC-20 TAO; the Bittensor-EVM
///         facades take and pay native TAO, as subtensor's precompiles do, by converting here.
/// @dev The reserves' sum is constant: a wrap moves value from the ERC-20 reserve to the native one, an
///      unwrap back. So every native TAO the facades take is matched by one ERC-20 TAO that enters the layer,
///      and every one they pay out by one that leaves it. A dev chain's fixture seeds both reserves
///      (genesis ERC-20 TAO, and a native balance).
interface INativeTao {
    /// @notice An amount of wei that is not a whole number of rao.
    /// @param weiAmount The amount given, in wei.
    error NativeTaoNotWholeRao(uint256 weiAmount);
    /// @notice The reserve of `native` (true) or ERC-20 TAO cannot cover `needed` rao; it holds `available`.
    /// @param native Whether the native reserve (true) or the ERC-20 reserve (false) ran short.
    /// @param needed The TAO asked, in rao.
    /// @param available The TAO the reserve holds, in rao.
    error NativeTaoReserveExhausted(bool native, uint256 needed, uint256 available);

    // Amounts stay unindexed: nobody filters logs by them, and a topic costs more than a data word.
    // solhint-disable gas-indexed-events

    /// @notice `account` converted `rao` native TAO into ERC-20 TAO.
    /// @param account The caller, who paid the native TAO and received the ERC-20 TAO.
    /// @param rao The TAO converted, in rao.
    event Wrapped(address indexed account, uint256 rao);
    /// @notice `account` converted `rao` ERC-20 TAO into native TAO paid to `to`.
    /// @param account The caller, who paid the ERC-20 TAO.
    /// @param to The recipient of the native TAO.
    /// @param rao The TAO converted, in rao (`rao × 1e9` wei paid).
    event Unwrapped(address indexed account, address indexed to, uint256 rao);

    // solhint-enable gas-indexed-events

    /// @notice Takes `msg.value` native TAO (whole rao) and sends as many rao of ERC-20 TAO to the caller.
    /// @return rao The ERC-20 TAO sent, in rao (`msg.value / 1e9`).
    function wrap() external payable returns (uint256 rao);

    /// @notice Takes `rao` ERC-20 TAO from the caller (allowance) and pays `rao × 1e9` wei of native TAO to
    ///         `to`, without running `to`'s code (as a credit to a substrate account runs none).
    /// @param to The recipient of the native TAO.
    /// @param rao The TAO to convert, in rao.
    function unwrapTo(address to, uint256 rao) external;

    /// @notice Wei per rao: 1e9.
    /// @return 1e9.
    function WEI_PER_RAO() external view returns (uint256);
}
