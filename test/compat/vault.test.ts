/**
 * The "done when", end to end: a contract written against subtensor's precompile interfaces only
 * (contracts/test/compat/StakeVault.sol) runs on the one-call fixture (`loadSubnetLayer`, which places the
 * Bittensor EVM). It stakes as its own coldkey, receives the epoch rewards the oracle settles, moves stake
 * between hotkeys, gives some to a substrate coldkey, unstakes to its native balance, and reads prices,
 * quotes, the metagraph and the subnet's registration block, each checked against the layer's own API.
 */
import { expect } from "chai";
import { keccak256, parseEther, toUtf8Bytes } from "ethers";
import { ethers } from "hardhat";
import { evmAccountId } from "../../scripts/lib/bittensor-keys";
import { loadSubnetLayer } from "../../src/testing";

const WEI = 10n ** 9n;

describe("compat: a Bittensor-EVM vault on the fixture", function () {
  this.timeout(120_000);

  it("stakes, earns the settled epochs' rewards, moves, gives, unstakes to native TAO, and reads the chain", async function () {
    const layer = await loadSubnetLayer({
      subnets: 1,
      validators: 2,
      miners: 3,
    });
    const [deployer] = await ethers.getSigners();
    const vault = await ethers.deployContract("StakeVault");
    const address = await vault.getAddress();
    await (
      await deployer.sendTransaction({ to: address, value: parseEther("200") })
    ).wait();
    const [subnet] = layer.subnets;
    const netuid = subnet.netuid;
    const [v1, v2] = subnet.neurons.filter((n) => n.role === "validator");

    // Its coldkey is its mapped account; stake from its native balance on UID v1's hotkey.
    expect(await vault.coldkey()).to.equal(evmAccountId(address));
    await (await vault.stake(netuid, v1.uid, 100n * 10n ** 9n)).wait();
    expect(await ethers.provider.getBalance(address)).to.equal(
      parseEther("100"),
    );
    const staked = await layer.staking.stakeOf(
      v1.hotkey.address,
      address,
      netuid,
    );
    expect(
      staked,
      "the layer's own position, the vault its coldkey",
    ).to.be.greaterThan(0n);
    const h1 = evmAccountId(v1.hotkey.address);
    expect(await vault.position(h1, netuid)).to.equal(staked);

    // The oracle settles epochs: the validator's pool earns dividends, so the vault's stake grows.
    const results = await layer.settleEpochs(3);
    expect(results.map((r) => r.outcome)).to.deep.equal([
      "settled",
      "settled",
      "settled",
    ]);
    const grown = await vault.position(h1, netuid);
    expect(grown, "epoch rewards reached the vault's stake").to.be.greaterThan(
      staked,
    );
    expect(grown).to.equal(
      await layer.staking.stakeOf(v1.hotkey.address, address, netuid),
    );

    // Reads: the metagraph names UID v1 as the layer does; the market matches the pool.
    const [hotkey, coldkey, stakeTao] = await vault.neuron(netuid, v1.uid);
    expect(hotkey).to.equal(h1);
    expect(coldkey).to.equal(evmAccountId(v1.coldkey.address));
    expect(stakeTao).to.be.greaterThan(0n);
    const [price, quote, registeredAt] = await vault.market(netuid, 10n ** 9n);
    expect(price).to.equal((await layer.staking.spotPrice(netuid)) * WEI);
    expect(quote).to.equal(
      await layer.staking.simSwapTaoForAlpha(netuid, 10n ** 9n),
    );
    expect(registeredAt).to.equal(
      (await layer.registry.subnet(netuid)).registeredAt,
    );

    // Move half to UID v2's hotkey, give a quarter of it to a substrate coldkey.
    const h2 = evmAccountId(v2.hotkey.address);
    await (await vault.rebalance(h1, h2, netuid, grown / 2n)).wait();
    const onH2 = await vault.position(h2, netuid);
    expect(onH2).to.be.greaterThan(0n);
    const alice = keccak256(toUtf8Bytes("//Alice"));
    await (await vault.give(alice, h2, netuid, onH2 / 4n)).wait();
    const shadow = await layer.bittensorEvm!.keys.shadowOf(alice);
    // The share pool floors what moves between positions: one rao at most.
    expect(await layer.staking.stakeOf(v2.hotkey.address, shadow, netuid), "the substrate coldkey holds it").to.be.closeTo(onH2 / 4n, 1n);

    // Unstake everything on h1 into the vault's native balance.
    const before = await ethers.provider.getBalance(address);
    await (await vault.withdraw(h1, netuid)).wait();
    const received = (await ethers.provider.getBalance(address)) - before;
    const logs = await layer.staking.queryFilter(
      layer.staking.filters.StakeRemoved(address),
    );
    expect(received, "the layer's payout, credited as native TAO").to.equal(
      logs.at(-1)!.args.tao * WEI,
    );
    expect(await vault.position(h1, netuid)).to.equal(0n);
  });
});
