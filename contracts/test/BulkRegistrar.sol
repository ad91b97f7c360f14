// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStaking} from "../interfaces/IStaking.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {ITao} from "../interfaces/ITao.sol";

/// @title BulkRegistrar
/// @notice Test-only contract (bench/round.ts): one coldkey that registers many hotkeys by burned
///         registration and stakes on many of them, a batch per transaction, so that a bench can fill
///         128 subnets of 256 UIDs in hundreds of transactions instead of tens of thousands. A hotkey needs
///         no key to be registered (the coldkey pays and owns it), so the hotkeys are plain addresses.
/// @dev Every hotkey is bound to this contract as its coldkey; the stakes are its own positions. It
///      spends the TAO sent to it, and only its deployer may make it spend.
contract BulkRegistrar {
    /// @notice The registry hotkeys are registered on.
    ISubnetRegistry public immutable registry;
    /// @notice The staking contract stakes go to.
    IStaking public immutable staking;
    /// @notice The TAO token this coldkey pays in.
    ITao public immutable tao;
    /// @notice The only caller: the bench that deployed it.
    address public immutable operator;

    /// @notice A caller other than the deployer.
    /// @param caller The caller.
    error BulkRegistrarNotOperator(address caller);
    /// @notice `hotkeys` and `amounts` differ in length.
    error BulkRegistrarLengthMismatch();

    /// @notice Approves the registry (burns) and the staking contract (stakes) for all of its TAO.
    /// @param registry_ The SubnetRegistry.
    /// @param staking_ The Staking contract.
    /// @param tao_ The TAO token.
    constructor(ISubnetRegistry registry_, IStaking staking_, ITao tao_) {
        registry = registry_;
        staking = staking_;
        tao = tao_;
        operator = msg.sender;
        tao_.approve(address(registry_), type(uint256).max);
        tao_.approve(address(staking_), type(uint256).max);
    }

    /// @notice Registers every hotkey on `netuid`, in order (each takes the next UID), each burn at most `maxBurn`.
    /// @param netuid The subnet.
    /// @param hotkeys The hotkeys to register.
    /// @param maxBurn The highest burn price accepted for any one of them.
    function register(uint16 netuid, address[] calldata hotkeys, uint256 maxBurn) external {
        _onlyOperator();
        for (uint256 i; i < hotkeys.length; ++i) registry.burnedRegister(netuid, hotkeys[i], maxBurn);
    }

    /// @notice Stakes `amounts[i]` TAO (rao) on `hotkeys[i]` on `netuid`.
    /// @param netuid The subnet (started).
    /// @param hotkeys The hotkeys to stake on.
    /// @param amounts The TAO to stake on each, in rao.
    function stake(uint16 netuid, address[] calldata hotkeys, uint256[] calldata amounts) external {
        _onlyOperator();
        if (hotkeys.length != amounts.length) revert BulkRegistrarLengthMismatch();
        for (uint256 i; i < hotkeys.length; ++i) staking.addStake(hotkeys[i], netuid, amounts[i]);
    }

    /// @dev Reverts with {BulkRegistrarNotOperator} for any caller but the deployer.
    function _onlyOperator() private view {
        if (msg.sender != operator) revert BulkRegistrarNotOperator(msg.sender);
    }
}
