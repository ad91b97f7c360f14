// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Context} from "@openzeppelin/contracts/utils/Context.sol";

/// @title PrecompileForwarded
/// @notice Lets the Bittensor-EVM facades act for their caller, as ERC-2771 forwarders do: a call from a
///         precompile address carries the caller the facade acts for in its last 20 bytes, and
///         {_msgSender} returns that caller. Positions, ownership and hotkeys follow {_msgSender}; TAO
///         moves with `msg.sender` (the facade pays and is paid, converting native TAO, see NativeTao).
/// @dev Code exists at those addresses only where a facade was placed (a Hardhat chain, by the fixture)
///      or where the chain's own precompiles live (the Bittensor EVM, whose precompiles never call EVM
///      contracts); no one can deploy there, so trusting them adds no caller that could lie.
abstract contract PrecompileForwarded is Context {
    function _msgSender() internal view virtual override returns (address sender) {
        // BittensorPrecompiles.isPrecompile(caller()), in assembly: it is inlined at every use, and Staking
        // has little room. A facade always appends its caller (a call from there without one reads 0).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sender := caller()
            if lt(sub(sender, 0x800), 0x0E) {
                sender := shr(96, calldataload(sub(calldatasize(), 20)))
            }
        }
    }
}
