// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title NetuidList
/// @notice Ordered lists of netuids in storage (the registry's registered subnets, the Coinbase's started
///         ones), whose order matters: registration order for ties, start order for the TAO split.
library NetuidList {
    /// @notice Removes `netuid` from `list`, keeping the order of the others. Reverts (index out of
    ///         bounds) if it is not there: callers remove only what they hold.
    /// @param list The list.
    /// @param netuid The netuid to remove.
    function removeOrdered(uint16[] storage list, uint16 netuid) internal {
        uint256 count = list.length;
        uint256 i;
        while (list[i] != netuid) ++i;
        for (; i + 1 < count; ++i) list[i] = list[i + 1];
        list.pop();
    }
}
