/**
 * MetagraphLens: one view returns exactly what the contracts that own the state say (docs/spec/yuma.md
 * §2), and `dueSubnets` lists the started subnets whose epoch is due, with their snapshot blocks.
 */
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";
import { MetagraphLens__factory } from "../../typechain-types";
import { fundedWallet, tao } from "../../scripts/lib/local-network";
import { readWeightRows } from "../../oracle/chain/weights";
import { type Layer, deployLayer, mine, mineTo, plainHyperparameters, registerNeuron, registerSubnet } from "./helpers/subnet-layer";

describe("MetagraphLens", function () {
  async function lensFixture() {
    const layer: Layer = await deployLayer();
    const lens = MetagraphLens__factory.connect(layer.addresses.MetagraphLens, layer.deployer);
    const a = await registerSubnet(layer);
    const b = await registerSubnet(layer, { start: false });
    const coldkey = await fundedWallet(layer, tao(100));
    const validator = await fundedWallet(layer);
    const miner = ethers.Wallet.createRandom().address;
    await registerNeuron(layer, a.netuid, coldkey, validator.address);
    await registerNeuron(layer, a.netuid, coldkey, miner);
    await (await layer.tao.connect(coldkey).approve(layer.addresses.Staking, tao(10))).wait();
    await (await layer.staking.connect(coldkey).addStake(validator.address, a.netuid, tao(10))).wait();
    return { layer, lens, a, b, coldkey, validator, miner };
  }

  it("returns each UID's hotkey, stake, registration, activity, weights and the subnet's parameters", async function () {
    const { layer, lens, a, validator, miner } = await loadFixture(lensFixture);
    const s = await lens.epochSnapshot(a.netuid);
    expect(s.netuid).to.equal(a.netuid);
    expect(s.blockNumber).to.equal(BigInt(await ethers.provider.getBlockNumber()));
    expect([...s.hotkeys]).to.deep.equal([a.ownerHotkey, validator.address, miner]);
    expect(s.hasOwnerUid).to.equal(true);
    expect(s.ownerUid).to.equal(0n);
    for (const [uid, hotkey] of s.hotkeys.entries()) {
      expect(s.alphaStake[uid]).to.equal(await layer.staking.totalHotkeyAlpha(hotkey, a.netuid));
      expect(s.taoStake[uid]).to.equal(0n);
      expect(s.blockAtRegistration[uid]).to.equal(await layer.registry.blockAtRegistration(a.netuid, uid));
      expect(s.lastUpdate[uid], "a UID that never set weights is active from its registration").to.equal(s.blockAtRegistration[uid]);
      expect(s.validatorPermit[uid], "no epoch settled yet").to.equal(false);
      expect(s.weightBlocks[uid], "no row").to.equal(0n);
    }
    expect(s.alphaStake[1]).to.be.greaterThan(0n);
    expect(plainHyperparameters(s.hyperparameters)).to.deep.equal(plainHyperparameters(await layer.registry.hyperparameters(a.netuid)));
    expect(s.lastMechanismStepBlock).to.equal(0n);
    expect(s.bondsCommitment).to.equal(ethers.ZeroHash);
    const pending = await layer.coinbase.pending(a.netuid);
    expect(s.raoEmission).to.equal(pending.server + pending.validator + pending.root);
    expect(s.dueBlock).to.equal(await layer.coinbase.dueBlock(a.netuid));

    // Weights set after the rate limit show up, with the setter's lastUpdate.
    await mine(Number((await layer.registry.hyperparameters(a.netuid)).weightsSetRateLimit));
    await (await layer.weights.connect(validator).setWeights(a.netuid, [1], [1], 0)).wait();
    const after = await lens.epochSnapshot(a.netuid);
    const setAt = BigInt(await ethers.provider.getBlockNumber());
    expect([...after.weightBlocks]).to.deep.equal([0n, setAt, 0n]);
    const rows = await readWeightRows(ethers.provider, await layer.weights.getAddress(), a.netuid, [...after.weightBlocks]);
    expect(rows).to.deep.equal([[], [[1, 65535]], []]); // max-upscaled
    expect(after.lastUpdate[1]).to.equal(BigInt(await ethers.provider.getBlockNumber()));
  });

  it("returns the pending buckets that make up raoEmission, and each hotkey's delegate take", async function () {
    const { layer, lens, a, coldkey, validator } = await loadFixture(lensFixture);
    await mine(3);
    const s = await lens.epochSnapshot(a.netuid);
    const pending = await layer.coinbase.pending(a.netuid);
    expect([s.pendingServer, s.pendingValidator, s.pendingRoot]).to.deep.equal([pending.server, pending.validator, pending.root]);
    expect(s.pendingServer + s.pendingValidator).to.be.greaterThan(0n);
    expect(s.raoEmission).to.equal(s.pendingServer + s.pendingValidator + s.pendingRoot);
    for (const [uid, hotkey] of s.hotkeys.entries()) expect(s.takes[uid]).to.equal((await layer.registry.delegate(hotkey)).take);
    // The validator's owner lowers its take: the next snapshot reads the new one, the other hotkeys keep theirs.
    const defaultTake = s.takes[1];
    expect(defaultTake).to.be.greaterThan(1_000n);
    await (await layer.registry.connect(coldkey).decreaseTake(validator.address, 1_000)).wait();
    const after = await lens.epochSnapshot(a.netuid);
    expect([...after.takes]).to.deep.equal([s.takes[0], 1_000n, s.takes[2]]);
    expect((await layer.registry.delegate(validator.address)).take).to.equal(1_000n);
  });

  it("marks the UIDs whose incentive the owner withholds: the owner hotkey and the owner coldkey's hotkeys (§2.7.5)", async function () {
    const { layer, lens, a } = await loadFixture(lensFixture);
    expect((await lens.epochSnapshot(a.netuid)).ownerOwnedUids, "uid 0 is the owner hotkey").to.equal(1n);
    // A hotkey the owner's coldkey registers (uid 3) is owner-owned too; uids 1 and 2 belong to another coldkey.
    await registerNeuron(layer, a.netuid, a.owner, ethers.Wallet.createRandom().address);
    expect((await lens.epochSnapshot(a.netuid)).ownerOwnedUids).to.equal((1n << 0n) | (1n << 3n));
  });

  it("reads an unstarted subnet without emission or schedule", async function () {
    const { lens, b } = await loadFixture(lensFixture);
    const s = await lens.epochSnapshot(b.netuid);
    expect(s.hotkeys).to.have.length(1);
    expect(s.raoEmission).to.equal(0n);
    expect(s.due).to.equal(false);
    expect(s.dueBlock).to.equal(0n);
    expect([s.pendingServer, s.pendingValidator, s.pendingRoot]).to.deep.equal([0n, 0n, 0n]);
  });

  it("lists exactly the started subnets that are due, with their snapshot blocks", async function () {
    const { layer, lens, a } = await loadFixture(lensFixture);
    let [netuids, dueBlocks] = await lens.dueSubnets();
    expect([...netuids]).to.deep.equal([]);
    const due = await layer.coinbase.dueBlock(a.netuid);
    await mineTo(due - 1n);
    [netuids] = await lens.dueSubnets();
    expect([...netuids]).to.deep.equal([]);
    await mineTo(due + 5n);
    [netuids, dueBlocks] = await lens.dueSubnets();
    expect([...netuids]).to.deep.equal([BigInt(a.netuid)]);
    expect([...dueBlocks]).to.deep.equal([due]);
  });
});
