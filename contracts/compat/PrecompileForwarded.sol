// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Context} from "@openzeppelin/contracts/utils/Context.sol";

/// @title PrecompileForwarded
/// @notice Lets the Bittensor-EVM facades act for their caller, as ERC-2771 forwarders do: a call from a
///         precompile address carries the caller the facade acts for in its last 20 bytes, and
///         {_msgSender} returns that caller. Positions, ownership and hotkeys follow {_msgSender}; TAO
///         moves with `msg.sender` (the facade pays and is paid, converting native TAO, see NativeTao).
/// @dev Only on a dev chain with the Hardhat / anvil chain id (31337), where the facades are placed with
///      `hardhat_setCode`: no one can deploy at those addresses, so no caller there could lie. Elsewhere the
///      range may hold a chain's own precompiles (Moonbeam and other Frontier chains put theirs at 0x800+),
///      and one that makes calls with its own address as the sender would otherwise let anyone be anyone.
abstract contract PrecompileForwarded is Context {
    /// @dev The chain id the facades are placed on (Hardhat's and anvil's default).
    uint256 internal constant FACADE_CHAIN_ID = 31_337;

    function _msgSender() internal view virtual override returns (address sender) {
        // BittensorPrecompiles.isPrecompile(caller()) on the facades' chain, in assembly (Staking has little
        // room). A facade always appends its caller (a call from there without one reads 0).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sender := caller()
            if and(lt(sub(sender, 0x800), 0x0E), eq(chainid(), FACADE_CHAIN_ID)) {
                sender := shr(96, calldataload(sub(calldatasize(), 20)))
            }
        }
    }
}
