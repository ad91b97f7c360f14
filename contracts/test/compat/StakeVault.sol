// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAddressMapping, IADDRESS_MAPPING_ADDRESS} from "../../compat/interfaces/subtensor/IAddressMapping.sol";
import {IAlpha, IALPHA_ADDRESS} from "../../compat/interfaces/subtensor/IAlpha.sol";
import {IMetagraph, IMETAGRAPH_ADDRESS} from "../../compat/interfaces/subtensor/IMetagraph.sol";
import {IStakingV2, ISTAKING_V2_ADDRESS} from "../../compat/interfaces/subtensor/IStakingV2.sol";
import {ISubnet, ISUBNET_ADDRESS} from "../../compat/interfaces/subtensor/ISubnet.sol";

/// @title StakeVault
/// @notice A contract written for the Bittensor EVM, against subtensor's precompile interfaces only: it holds
///         stake as its own coldkey (its mapped account), moves it between hotkeys, gives it to a substrate
///         coldkey, unstakes to its native balance, and reads prices and the metagraph. The one line that
///         is not what it would be on the chain is marked: staking sends the amount as value.
contract StakeVault {
    IStakingV2 private constant STAKING = IStakingV2(ISTAKING_V2_ADDRESS);
    IAlpha private constant ALPHA = IAlpha(IALPHA_ADDRESS);
    IMetagraph private constant METAGRAPH = IMetagraph(IMETAGRAPH_ADDRESS);
    ISubnet private constant SUBNET = ISubnet(ISUBNET_ADDRESS);
    IAddressMapping private constant MAPPING = IAddressMapping(IADDRESS_MAPPING_ADDRESS);

    uint256 private constant WEI_PER_RAO = 1e9;

    /// @notice Only the vault's owner may move its stake.
    error StakeVaultNotOwner(address caller);

    address public immutable owner;

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert StakeVaultNotOwner(msg.sender);
        _;
    }

    /// @notice Takes native TAO deposits.
    receive() external payable {}

    /// @notice The vault's coldkey: its mapped substrate account.
    function coldkey() public view returns (bytes32) {
        return MAPPING.addressMapping(address(this));
    }

    /// @notice Stakes `rao` of the vault's native balance on the UID `uid`'s hotkey of `netuid`.
    function stake(uint16 netuid, uint16 uid, uint256 rao) external onlyOwner {
        bytes32 hotkey = METAGRAPH.getHotkey(netuid, uid);
        // On the chain: STAKING.addStake(hotkey, rao, netuid). A plain EVM cannot debit the vault's balance,
        // so the amount comes as the call's value (docs/bittensor-evm.md).
        STAKING.addStake{value: rao * WEI_PER_RAO}(hotkey, rao, netuid);
    }

    /// @notice Moves `alpha` of the vault's stake from one hotkey to another.
    function rebalance(bytes32 fromHotkey, bytes32 toHotkey, uint16 netuid, uint256 alpha) external onlyOwner {
        STAKING.moveStake(fromHotkey, toHotkey, netuid, netuid, alpha);
    }

    /// @notice Gives `alpha` of the vault's stake on `hotkey` to the substrate coldkey `to`.
    function give(bytes32 to, bytes32 hotkey, uint16 netuid, uint256 alpha) external onlyOwner {
        STAKING.transferStake(to, hotkey, netuid, netuid, alpha);
    }

    /// @notice Unstakes the vault's whole position on `hotkey`; the TAO lands in the vault's native balance.
    function withdraw(bytes32 hotkey, uint16 netuid) external onlyOwner returns (uint256 received) {
        uint256 before = address(this).balance;
        STAKING.removeStakeFull(hotkey, netuid);
        received = address(this).balance - before;
    }

    /// @notice The vault's α on `hotkey` in `netuid`.
    function position(bytes32 hotkey, uint16 netuid) external view returns (uint256) {
        return STAKING.getStake(hotkey, coldkey(), netuid);
    }

    /// @notice The subnet's α price (1e18 = 1 TAO per α), what `rao` would buy, its registration block.
    function market(uint16 netuid, uint64 rao) external view returns (uint256 price, uint256 quote, uint64 registeredAt) {
        return (ALPHA.getAlphaPrice(netuid), ALPHA.simSwapTaoForAlpha(netuid, rao), SUBNET.getNetworkRegistrationBlock(netuid));
    }

    /// @notice UID `uid`'s hotkey, coldkey and TAO-valued stake on `netuid`.
    function neuron(uint16 netuid, uint16 uid) external view returns (bytes32 hotkey, bytes32 coldkeyOf, uint64 stakeTao) {
        return (METAGRAPH.getHotkey(netuid, uid), METAGRAPH.getColdkey(netuid, uid), METAGRAPH.getStake(netuid, uid));
    }
}
