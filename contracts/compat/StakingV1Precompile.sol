// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStaking} from "../interfaces/IStaking.sol";
import {IStakingV1} from "./interfaces/subtensor/IStakingV1.sol";
import {IStakingV2} from "./interfaces/subtensor/IStakingV2.sol";
import {BittensorPrecompiles} from "./BittensorPrecompiles.sol";
import {FacadeContext, PrecompileFacade} from "./PrecompileFacade.sol";

/// @title StakingV1Precompile
/// @notice subtensor's deprecated Staking V1 precompile at 0x…0801 (docs/spec/chain.md §9): StakingV2's
///         positions in the EVM's 18 decimals. `addStake` stakes the call's value, exactly as on the chain.
contract StakingV1Precompile is IStakingV1, PrecompileFacade {
    uint256 private constant WEI_PER_RAO = 1e9;

    constructor(FacadeContext memory c) PrecompileFacade(c) {}

    /// @inheritdoc IStakingV1
    function addStake(bytes32 hotkey, uint256 netuid) external payable {
        uint16 n = _u16(netuid);
        uint64 rao = _u64Saturated(msg.value / WEI_PER_RAO);
        address h = _hotkey(hotkey, n);
        _linkCaller();
        // The value in whole rao (NativeTao refuses a fraction of one).
        _takeNative(rao, address(STAKING));
        _forward(address(STAKING), abi.encodeCall(IStaking.addStake, (h, n, rao)));
    }

    /// @inheritdoc IStakingV1
    /// @dev `amount` is α in 18 decimals, floored to α rao (subtensor's BalanceConverter).
    function removeStake(bytes32 hotkey, uint256 amount, uint256 netuid) external payable {
        if (msg.value != 0) revert PrecompileValueMismatch(0, msg.value);
        uint16 n = _u16(netuid);
        bytes memory result = _forward(address(STAKING), abi.encodeCall(IStaking.removeStake, (_hotkey(hotkey, n), n, _u64Saturated(amount / WEI_PER_RAO))));
        _payNative(msg.sender, abi.decode(result, (uint256)));
    }

    /// @inheritdoc IStakingV1
    function getTotalColdkeyStake(bytes32 coldkey) external view returns (uint256) {
        return _v2().getTotalColdkeyStake(coldkey) * WEI_PER_RAO;
    }

    /// @inheritdoc IStakingV1
    function getTotalHotkeyStake(bytes32 hotkey) external view returns (uint256) {
        return _v2().getTotalHotkeyStake(hotkey) * WEI_PER_RAO;
    }

    /// @inheritdoc IStakingV1
    function getStake(bytes32 hotkey, bytes32 coldkey, uint256 netuid) external view returns (uint256) {
        return _v2().getStake(hotkey, coldkey, netuid) * WEI_PER_RAO;
    }

    /// @inheritdoc IStakingV1
    /// @dev The layer has no proxies (subtensor's pallet_proxy).
    function addProxy(bytes32) external payable {
        _unsupported();
    }

    /// @inheritdoc IStakingV1
    /// @dev The layer has no proxies (subtensor's pallet_proxy).
    function removeProxy(bytes32) external payable {
        _unsupported();
    }

    /// @dev The V2 facade answers the reads (one implementation of the totals).
    function _v2() private pure returns (IStakingV2) {
        return IStakingV2(BittensorPrecompiles.STAKING_V2);
    }
}
