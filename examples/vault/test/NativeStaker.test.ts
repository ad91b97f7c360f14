/**
 * A contract written for the Bittensor EVM, in a consumer project: subnet-layer's fixture answers the
 * StakingV2 precompile at 0x…0805 over the same positions its own API shows, and the oracle's settled
 * epochs pay the contract's stake.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadSubnetLayer } from "subnet-layer/testing";

describe("NativeStaker on subnet-layer's Bittensor EVM", function () {
  it("stakes native TAO through the precompile, earns the settled epochs, unstakes to its balance", async function () {
    const layer = await loadSubnetLayer({ subnets: 1, validators: 3, miners: 6 });
    const subnet = layer.subnets[0];
    const validator = subnet.neurons.find((n) => n.role === "validator")!;
    const [funder] = await ethers.getSigners();
    const staker = await ethers.deployContract("NativeStaker");
    const address = await staker.getAddress();
    await (await funder.sendTransaction({ to: address, value: ethers.parseEther("50") })).wait();
    const hotkey = await layer.bittensorEvm!.keys.keyOf(validator.hotkey.address);

    await (await staker.stake(hotkey, subnet.netuid, 50n * 10n ** 9n)).wait();
    expect(await ethers.provider.getBalance(address)).to.equal(0n);
    const staked = await staker.staked(hotkey, subnet.netuid);
    expect(staked).to.equal(await layer.staking.stakeOf(validator.hotkey.address, address, subnet.netuid));
    expect(staked).to.be.greaterThan(0n);

    await layer.settleEpochs(2);
    expect(await staker.staked(hotkey, subnet.netuid), "the epochs' rewards").to.be.greaterThan(staked);

    await (await staker.unstakeAll(hotkey, subnet.netuid)).wait();
    expect(await staker.staked(hotkey, subnet.netuid)).to.equal(0n);
    expect(await ethers.provider.getBalance(address), "unstaked to its native balance").to.be.greaterThan(0n);
  });
});
