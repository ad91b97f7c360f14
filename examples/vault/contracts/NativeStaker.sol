// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStakingV2, ISTAKING_V2_ADDRESS} from "subnet-layer/contracts/compat/interfaces/subtensor/IStakingV2.sol";
import {IAddressMapping, IADDRESS_MAPPING_ADDRESS} from "subnet-layer/contracts/compat/interfaces/subtensor/IAddressMapping.sol";

/// @title NativeStaker
/// @notice Written for the Bittensor EVM: stakes native TAO through the StakingV2 precompile as its own coldkey,
///         and unstakes to its native balance. On subnet-layer's fixture the precompile is at its real address.
contract NativeStaker {
    IStakingV2 private constant STAKING = IStakingV2(ISTAKING_V2_ADDRESS);

    /// @notice Takes native TAO.
    receive() external payable {}

    /// @notice Stakes `rao` of this contract's native TAO on `hotkey` in `netuid`.
    function stake(bytes32 hotkey, uint256 netuid, uint256 rao) external {
        // On the chain the precompile debits the caller; on a plain EVM the amount comes as value.
        STAKING.addStake{value: rao * 1e9}(hotkey, rao, netuid);
    }

    /// @notice Unstakes everything on `hotkey` in `netuid` into this contract's native balance.
    function unstakeAll(bytes32 hotkey, uint256 netuid) external {
        STAKING.removeStakeFull(hotkey, netuid);
    }

    /// @notice This contract's α on `hotkey` in `netuid`.
    function staked(bytes32 hotkey, uint256 netuid) external view returns (uint256) {
        return STAKING.getStake(hotkey, IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(address(this)), netuid);
    }
}
