// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title NativeCredit
/// @notice Pays native TAO to an account without running its code, as a balance credit on the Bittensor
///         chain runs none: to an account without code by a plain call, else through a contract created
///         with the value that self-destructs to the recipient (EIP-6780 keeps that transfer).
library NativeCredit {
    /// @notice Sending `weiAmount` native TAO to `to` failed.
    /// @param to The recipient.
    /// @param weiAmount The native TAO, in wei.
    error NativeCreditFailed(address to, uint256 weiAmount);

    /// @notice Pays `weiAmount` native TAO to `to` without running `to`'s code (nothing if zero).
    /// @param to The recipient.
    /// @param weiAmount The native TAO to pay, in wei.
    function credit(address to, uint256 weiAmount) internal {
        if (weiAmount == 0) return;
        if (to.code.length == 0) {
            (bool ok, ) = to.call{value: weiAmount}("");
            if (!ok) revert NativeCreditFailed(to, weiAmount);
            return;
        }
        // Init code: PUSH20 to, SELFDESTRUCT.
        bytes memory init = abi.encodePacked(hex"73", to, hex"ff");
        address sent;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sent := create(weiAmount, add(init, 32), mload(init))
        }
        if (sent == address(0)) revert NativeCreditFailed(to, weiAmount);
    }
}
