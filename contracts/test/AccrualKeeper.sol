// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICoinbase} from "../interfaces/ICoinbase.sol";

/// @title AccrualKeeper
/// @notice Test-only keeper (test/invariants/coinbase.reference.test.ts): accrues a batch of subnets in one
///         transaction, so that every subnet of a large network can be accrued first in every block within
///         the per-transaction gas cap (`Coinbase.accrue()` over 128 subnets exceeds it).
contract AccrualKeeper {
    /// @notice Accrues each of `netuids`, in order.
    /// @param coinbase The Coinbase.
    /// @param netuids The subnets.
    function accrue(ICoinbase coinbase, uint16[] calldata netuids) external {
        for (uint256 i; i < netuids.length; ++i) coinbase.accrueSubnet(netuids[i]);
    }
}
