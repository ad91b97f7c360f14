// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {INativeTao} from "./interfaces/INativeTao.sol";
import {NativeCredit} from "./NativeCredit.sol";

/// @title NativeTao
/// @notice See {INativeTao}. Permissionless: anyone may convert either way while the reserves last.
contract NativeTao is INativeTao, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc INativeTao
    uint256 public constant WEI_PER_RAO = 1e9;

    /// @notice The layer's ERC-20 TAO (9 decimals), whose reserve this contract holds.
    IERC20 public immutable tao;

    constructor(IERC20 tao_) {
        tao = tao_;
    }

    /// @notice Seeds (or tops up) the native reserve.
    receive() external payable {}

    /// @inheritdoc INativeTao
    function wrap() external payable nonReentrant returns (uint256 rao) {
        if (msg.value % WEI_PER_RAO != 0) revert NativeTaoNotWholeRao(msg.value);
        rao = msg.value / WEI_PER_RAO;
        uint256 available = tao.balanceOf(address(this));
        if (rao > available) revert NativeTaoReserveExhausted(false, rao, available);
        emit Wrapped(msg.sender, rao);
        tao.safeTransfer(msg.sender, rao);
    }

    /// @inheritdoc INativeTao
    function unwrapTo(address to, uint256 rao) external nonReentrant {
        uint256 amount = rao * WEI_PER_RAO;
        if (amount > address(this).balance) revert NativeTaoReserveExhausted(true, rao, address(this).balance / WEI_PER_RAO);
        emit Unwrapped(msg.sender, to, rao);
        tao.safeTransferFrom(msg.sender, address(this), rao);
        NativeCredit.credit(to, amount);
    }
}
