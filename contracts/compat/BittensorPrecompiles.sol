// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title BittensorPrecompiles
/// @notice The addresses of subtensor's EVM precompiles (docs/spec/chain.md §9): each is `0x…` followed by the
///         precompile's `INDEX` (precompiles/src/*.rs in opentensor/subtensor). On a Hardhat chain the
///         Bittensor-EVM facades (contracts/compat/) are placed at these addresses with `hardhat_setCode`.
library BittensorPrecompiles {
    address internal constant ED25519_VERIFY = address(0x402);
    address internal constant SR25519_VERIFY = address(0x403);
    address internal constant BALANCE_TRANSFER = address(0x800);
    address internal constant STAKING_V1 = address(0x801);
    address internal constant METAGRAPH = address(0x802);
    address internal constant SUBNET = address(0x803);
    address internal constant NEURON = address(0x804);
    address internal constant STAKING_V2 = address(0x805);
    address internal constant UID_LOOKUP = address(0x806);
    address internal constant ALPHA = address(0x808);
    address internal constant ADDRESS_MAPPING = address(0x80C);

    /// @notice Whether `account` is one of the subtensor precompile addresses a facade may act from (0x800..0x80D).
    /// @param account The address to check.
    /// @return True if `account` is in 0x800..0x80D.
    function isPrecompile(address account) internal pure returns (bool) {
        unchecked {
            return uint160(account) - 0x800 < 0x0E;
        }
    }
}
