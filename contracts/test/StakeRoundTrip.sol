// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IStaking} from "../interfaces/IStaking.sol";

/// @title StakeRoundTrip
/// @notice Test-only contract: stakes TAO and unstakes the α it got within one transaction, so the
///         invariant suite can check that a round trip inside a block never returns more than it spent.
contract StakeRoundTrip {
    using SafeERC20 for IERC20;

    /// @notice Pulls `amount` TAO from the caller, stakes it on (hotkey, netuid), unstakes the whole
    ///         position at once, and sends the TAO back to the caller.
    /// @param staking The Staking contract.
    /// @param tao The TAO token.
    /// @param hotkey The hotkey to stake on.
    /// @param netuid The subnet.
    /// @param amount The TAO to stake, in rao.
    /// @return taoOut The TAO returned to the caller.
    function run(IStaking staking, IERC20 tao, address hotkey, uint16 netuid, uint256 amount) external returns (uint256 taoOut) {
        tao.safeTransferFrom(msg.sender, address(this), amount);
        tao.forceApprove(address(staking), amount);
        staking.addStake(hotkey, netuid, amount);
        taoOut = staking.removeStake(hotkey, netuid, staking.stakeOf(hotkey, address(this), netuid));
        tao.safeTransfer(msg.sender, taoOut);
    }
}
