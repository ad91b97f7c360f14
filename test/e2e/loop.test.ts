/**
 * The loop, end to end on the Hardhat chain: register -> stake -> set weights -> epoch due ->
 * oracle node settles -> every metagraph value and every balance the settlement changed equals
 * what the engine computes from the same snapshot (docs/spec/chain.md §2.7), and a restarted node
 * carries on from its durable store without settling anything twice.
 */
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ethers } from "hardhat";
import { bondsCommitment } from "../../oracle/chain/bonds";
import { readMetagraph } from "../../oracle/chain/metagraph";
import { snapshotToEpochInput } from "../../oracle/chain/snapshot";
import { readWeightRows } from "../../oracle/chain/weights";
import { EpochResult, OracleNode, revertName } from "../../oracle/node/oracle-node";
import { IEpochSettlement__factory } from "../../typechain-types";

const SETTLEMENT_ERRORS = IEpochSettlement__factory.createInterface();
import { FileBondsStore, MemoryBondsStore } from "../../oracle/store/bonds-store";
import { runEpoch } from "../../oracle/yuma";
import { deploySubnetLayer } from "../../scripts/deploy";
import { type SubnetPopulation, mineTo, populateSubnet, setMinerWeights, tao } from "../../scripts/lib/local-network";

const TAKE_U16 = 11_796n;

async function loopFixture() {
  const [deployer, oracleSigner] = await ethers.getSigners();
  const layer = await deploySubnetLayer(deployer, { genesis: [{ to: deployer.address, amount: tao(100_000) }] });
  await (await layer.settlement.setOracle(oracleSigner.address, true)).wait();
  const subnet = await populateSubnet(layer, { validatorStakes: [tao(3_000), tao(2_000), tao(1_000)], miners: 4 });
  const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "oracle-store-")), "bonds.json");
  const node = new OracleNode({
    signer: oracleSigner,
    lens: layer.addresses.MetagraphLens,
    settlement: layer.addresses.EpochSettlement,
    store: new FileBondsStore(storeFile),
  });
  return { layer, subnet, node, oracleSigner, storeFile };
}

type Fixture = Awaited<ReturnType<typeof loopFixture>>;

async function settleNextEpoch({ layer, subnet, node }: Pick<Fixture, "layer" | "subnet" | "node">): Promise<EpochResult> {
  await mineTo(await layer.coinbase.dueBlock(subnet.netuid));
  const results = await node.tick();
  expect(results.map((r) => r.outcome), results.map((r) => r.error).join("; ")).to.deep.equal(["settled"]);
  return results[0];
}

function minerScore(v: number, m: number): number {
  return v === 2 ? (m === 0 ? 65_535 : 1_000) : 10_000 * (m + 1) + v * 500;
}

describe("e2e: the loop through the oracle", function () {
  it("settles the bootstrap epoch by stake, storing exactly the engine's metagraph", async function () {
    const { layer, subnet, node } = await loadFixture(loopFixture);
    const result = await settleNextEpoch({ layer, subnet, node });
    const out = result.output!;
    const m = await readMetagraph(layer.settlement, subnet.netuid);
    expect(m.snapshotBlock).to.equal(result.snapshotBlock);
    expect(m.consensus.map(Number)).to.deep.equal(out.consensus);
    expect(m.incentive.map(Number)).to.deep.equal(out.incentive);
    expect(m.dividends.map(Number)).to.deep.equal(out.dividends);
    expect(m.validatorTrust.map(Number)).to.deep.equal(out.validatorTrust);
    expect(m.stakeWeight.map(Number)).to.deep.equal(out.stakeWeight);
    expect([...m.emission]).to.deep.equal(out.emission);
    expect([...m.active]).to.deep.equal(out.active);
    expect([...m.validatorPermit]).to.deep.equal(out.newValidatorPermits);
    expect(m.bondsCommitment).to.equal(bondsCommitment(subnet.netuid, result.snapshotBlock, out.bonds));
    // No weights yet: emission follows stake, and the staked validators now hold permits.
    expect(out.incentive.every((x) => x === 0)).to.equal(true);
    for (const n of subnet.neurons.filter((x) => x.role === "validator")) expect(m.validatorPermit[n.uid]).to.equal(true);
  });

  it("pays miners, validators (with take) and the owner exactly per spec §2.7 from the engine's results", async function () {
    const f = await loadFixture(loopFixture);
    const { layer, subnet } = f;
    await settleNextEpoch(f);
    await setMinerWeights(layer, subnet, minerScore);

    const due = await layer.coinbase.dueBlock(subnet.netuid);
    await mineTo(due);
    const buckets = await layer.coinbase.pending(subnet.netuid);
    const hotkeyAlpha = (s: SubnetPopulation) => Promise.all(s.neurons.map((n) => layer.staking.totalHotkeyAlpha(n.hotkey.address, s.netuid)));
    const positions = (s: SubnetPopulation) => Promise.all(s.neurons.map((n) => layer.staking.stakeOf(n.hotkey.address, n.coldkey.address, s.netuid)));
    const beforeTotal = await hotkeyAlpha(subnet);
    const beforePos = await positions(subnet);

    const result = (await f.node.tick())[0];
    expect(result.outcome).to.equal("settled");
    const out = result.output!;
    // The node staked every stake credit (miner incentive, validator take) right after settling.
    expect((await layer.settlement.stakeCredits(subnet.netuid)).every((credit) => credit === 0n), "credits left").to.equal(true);
    expect(await layer.staking.heldStakeCredits(subnet.netuid)).to.equal(0n);

    // The report is the engine's output on the lens snapshot at the due block.
    const snapshot = await layer.lens.epochSnapshot(subnet.netuid, { blockTag: Number(due) });
    expect(snapshot.raoEmission).to.equal(buckets.server + buckets.validator + buckets.root);
    // The rows the snapshot points at, read from the Weights logs on our own.
    const rows = await readWeightRows(ethers.provider, layer.addresses.Weights, subnet.netuid, [...snapshot.weightBlocks]);
    expect(rows.filter((r) => r.length > 0), "the validators' rows").to.have.length(3);
    const recomputed = runEpoch(snapshotToEpochInput(snapshot, [], rows));
    expect(recomputed.incentive).to.deep.equal(out.incentive);
    expect(recomputed.serverEmission).to.deep.equal(out.serverEmission);
    expect(out.incentive.some((x) => x > 0), "miners earn once weights are set").to.equal(true);

    const afterTotal = await hotkeyAlpha(subnet);
    const afterPos = await positions(subnet);
    const serverSum = out.serverEmission.reduce((a, b) => a + b, 0n);
    const validatorSum = out.validatorEmission.reduce((a, b) => a + b, 0n);
    const vEff = buckets.validator + (serverSum === 0n ? buckets.server : 0n);
    let credited = 0n; // each miner's incentive and each validator's take (no root stake here)
    for (const n of subnet.neurons) {
      const gotTotal = afterTotal[n.uid] - beforeTotal[n.uid];
      const gotPosition = afterPos[n.uid] - beforePos[n.uid];
      const alphaPay = validatorSum === 0n ? 0n : (vEff * out.validatorEmission[n.uid]) / validatorSum;
      const take = (alphaPay * TAKE_U16) / 65535n;
      credited += take + (n.role === "miner" ? out.serverEmission[n.uid] : 0n);
      if (n.role === "miner") {
        expect(gotPosition, `miner uid ${n.uid}`).to.equal(out.serverEmission[n.uid]);
        expect(out.validatorEmission[n.uid]).to.equal(0n);
      } else if (n.role === "validator") {
        expect(gotTotal, `validator uid ${n.uid} pool`).to.equal(alphaPay);
        // The validator's coldkey is its hotkey's only staker: take plus the whole reward, less share flooring.
        expect(alphaPay - gotPosition, `validator uid ${n.uid} position`).to.be.within(0n, 2n);
        expect(take).to.be.greaterThan(0n);
      } else {
        expect(gotTotal, "owner hotkey").to.equal(buckets.ownerCut + alphaPay);
      }
    }
    expect(result.claimed, "the node's claims: every credit").to.equal(credited);
  });

  it("leaves stake credits to their owners when the node does not claim; the lens counts them as stake", async function () {
    const f = await loadFixture(loopFixture);
    const { layer, subnet, oracleSigner } = f;
    await settleNextEpoch(f);
    await setMinerWeights(layer, subnet, minerScore);
    const node = new OracleNode({
      signer: oracleSigner,
      lens: layer.addresses.MetagraphLens,
      settlement: layer.addresses.EpochSettlement,
      store: new FileBondsStore(f.storeFile),
      claimStakeCredits: false,
    });
    const result = await settleNextEpoch({ layer, subnet, node });
    expect(result.claimed, "no claim sent").to.equal(undefined);
    const miner = subnet.neurons.find((n) => n.role === "miner" && result.output!.serverEmission[n.uid] > 0n)!;
    const credit = await layer.settlement.stakeCredit(subnet.netuid, miner.uid);
    expect(credit).to.equal(result.output!.serverEmission[miner.uid]);
    expect(await layer.staking.stakeOf(miner.hotkey.address, miner.coldkey.address, subnet.netuid)).to.equal(0n);
    // The next epoch's inputs count it: the lens adds the credit to the hotkey's α stake.
    const snapshot = await layer.lens.epochSnapshot(subnet.netuid);
    expect(snapshot.alphaStake[miner.uid]).to.equal((await layer.staking.totalHotkeyAlpha(miner.hotkey.address, subnet.netuid)) + credit);
    // The miner's coldkey claims its own credit.
    await (await layer.settlement.connect(miner.coldkey).claimStakeCredits(subnet.netuid, [miner.uid])).wait();
    expect(await layer.staking.stakeOf(miner.hotkey.address, miner.coldkey.address, subnet.netuid)).to.equal(credit);
    expect(await layer.settlement.stakeCredit(subnet.netuid, miner.uid)).to.equal(0n);
  });

  it("counts root stake in Yuma stake as α + τ·root (docs/spec/yuma.md §2.1): root TAO lifts a validator", async function () {
    const { layer, subnet, node } = await loadFixture(loopFixture);
    const validators = subnet.neurons.filter((x) => x.role === "validator");
    const [big, , small] = validators; // 3,000 and 1,000 TAO of α stake
    // τ = 1/2: 6,000 root TAO count as ~3,000, so the smallest validator overtakes the largest.
    await (await layer.staking.setTaoWeight(2n ** 63n)).wait();
    await (await layer.tao.transfer(small.coldkey.address, tao(6_000))).wait();
    await (await layer.tao.connect(small.coldkey).approve(layer.addresses.Staking, tao(6_000))).wait();
    await (await layer.staking.connect(small.coldkey).addStake(small.hotkey.address, 0, tao(6_000))).wait();
    const result = await settleNextEpoch({ layer, subnet, node });
    const m = await readMetagraph(layer.settlement, subnet.netuid);
    expect(m.stakeWeight.map(Number)).to.deep.equal(result.output!.stakeWeight);
    const alphaBig = await layer.staking.totalHotkeyAlpha(big.hotkey.address, subnet.netuid);
    const alphaSmall = await layer.staking.totalHotkeyAlpha(small.hotkey.address, subnet.netuid);
    expect(alphaSmall).to.be.lessThan(alphaBig);
    expect(Number(m.stakeWeight[small.uid])).to.be.greaterThan(Number(m.stakeWeight[big.uid]));
  });

  it("pays root dividends end to end: root bucket -> settlement -> claimRoot (spec §2.5, §2.7 step 7, §4.7)", async function () {
    const { layer, subnet, node } = await loadFixture(loopFixture);
    const [big] = subnet.neurons.filter((x) => x.role === "validator");
    // A second subnet, and EMA prices at their spot at once: Σ p̄ > 1 sets the root sell flag.
    await (await layer.registry.setNetworkRateLimit(0)).wait();
    const other = await populateSubnet(layer, { validatorStakes: [tao(500)], miners: 1 });
    await (await layer.coinbase.setSubnetMovingAlpha(10n ** 18n)).wait();
    for (const n of [subnet.netuid, other.netuid]) await (await layer.coinbase.setEmaPriceHalvingBlocks(n, 0)).wait();
    // τ = 1/2 and 2,000 root TAO on the largest validator: a root proportion, and a root part in its dividends.
    await (await layer.staking.setTaoWeight(2n ** 63n)).wait();
    await (await layer.tao.transfer(big.coldkey.address, tao(2_000))).wait();
    await (await layer.tao.connect(big.coldkey).approve(layer.addresses.Staking, tao(2_000))).wait();
    await (await layer.staking.connect(big.coldkey).addStake(big.hotkey.address, 0, tao(2_000))).wait();
    await (await layer.coinbase.accrue()).wait();
    // Two subnets' due blocks are read by the node: mine one block at a time (hardhat_mine leaves block
    // ranges whose state eth_call cannot read). Skip the epoch already under way (it began before the
    // root stake), then settle a whole one.
    const mineEachTo = async (block: bigint): Promise<void> => {
      while (BigInt(await ethers.provider.getBlockNumber()) < block) await ethers.provider.send("evm_mine", []);
    };
    await mineEachTo(await layer.coinbase.dueBlock(subnet.netuid));
    await node.tick();
    await mineEachTo(await layer.coinbase.dueBlock(subnet.netuid));
    const root = (await layer.coinbase.pending(subnet.netuid)).root;
    expect(root, "the root bucket filled").to.be.greaterThan(0n);
    const [result] = (await node.tick()).filter((r) => r.netuid === subnet.netuid);
    expect(result.outcome, result.error).to.equal("settled");
    const owed = await layer.staking.rootOwed(big.hotkey.address, big.coldkey.address, subnet.netuid);
    expect(owed, "the validator's root stakers can claim").to.be.greaterThan(0n);
    expect(await layer.staking.unclaimedRootAlpha(subnet.netuid)).to.be.at.least(owed);
    // Claimed as Keep: the α lands as stake on the subnet.
    await (await layer.staking.connect(big.coldkey).setRootClaimType(1)).wait();
    const before = await layer.staking.stakeOf(big.hotkey.address, big.coldkey.address, subnet.netuid);
    await (await layer.staking.connect(big.coldkey).claimRoot(big.hotkey.address, [subnet.netuid])).wait();
    const after = await layer.staking.stakeOf(big.hotkey.address, big.coldkey.address, subnet.netuid);
    expect(after - before).to.be.closeTo(owed, 1n);
  });

  it("dissolves a subnet at SubnetLimit while the oracle keeps settling the others; its stakers redeem (spec §5.1)", async function () {
    const { layer, subnet, node } = await loadFixture(loopFixture);
    const mineEachTo = async (block: bigint): Promise<void> => {
      while (BigInt(await ethers.provider.getBlockNumber()) < block) await ethers.provider.send("evm_mine", []);
    };
    // A second subnet whose first epoch the oracle settles: its validator earns dividends as stake.
    await (await layer.registry.setNetworkRateLimit(0)).wait();
    const other = await populateSubnet(layer, { validatorStakes: [tao(500)], miners: 1 });
    const [validator] = other.neurons.filter((x) => x.role === "validator");
    await mineEachTo(await layer.coinbase.dueBlock(other.netuid));
    expect((await node.tick()).find((r) => r.netuid === other.netuid)?.outcome).to.equal("settled");
    const staked = await layer.staking.stakeOf(validator.hotkey.address, validator.coldkey.address, other.netuid);

    // At SubnetLimit 2 the next registration dissolves the lowest EMA price: the younger subnet.
    await (await layer.registry.setSubnetLimit(2)).wait();
    await (await layer.registry.setNetworkImmunityPeriod(0)).wait();
    await (await layer.coinbase.accrue()).wait();
    expect(await layer.registry.networkToPrune()).to.deep.equal([true, BigInt(other.netuid)]);
    const third = await populateSubnet(layer, { validatorStakes: [tao(100)], miners: 1 });
    expect(await layer.registry.netuids()).to.deep.equal([BigInt(subnet.netuid), BigInt(third.netuid)]);

    // The node no longer sees the dissolved subnet and settles the first one's next epoch as before.
    await mineEachTo(await layer.coinbase.dueBlock(subnet.netuid));
    const results = await node.tick();
    expect(results.map((r) => r.netuid)).to.not.include(other.netuid);
    expect(results.find((r) => r.netuid === subnet.netuid)?.outcome).to.equal("settled");

    // The validator's stake, dividends included, redeems for its share of the pot.
    const d = await layer.staking.dissolution(other.netuid);
    const position = await layer.staking.stakeOf(validator.hotkey.address, validator.coldkey.address, other.netuid);
    expect(position).to.equal(staked);
    const before = await layer.tao.balanceOf(validator.coldkey.address);
    await (await layer.staking.connect(validator.coldkey).redeemStake(validator.hotkey.address, other.netuid)).wait();
    const paid = (await layer.tao.balanceOf(validator.coldkey.address)) - before;
    expect(paid).to.equal((position * d.pot) / d.alphaValue);
    expect(paid).to.be.greaterThan(0n);
  });

  it("revertName reads our custom errors and gives undefined for a revert without data", function () {
    const data = SETTLEMENT_ERRORS.encodeErrorResult("SettlementNotDue", [1, 2, 3]);
    expect(revertName({ data })).to.equal("SettlementNotDue");
    expect(revertName({ data: "0x" })).to.equal(undefined);
    expect(revertName(new Error("no data"))).to.equal(undefined);
  });

  it("carries bonds between epochs through the store, and a node whose store is altered or empty rebuilds them from the chain", async function () {
    const f = await loadFixture(loopFixture);
    const { layer, subnet, oracleSigner, storeFile } = f;
    await settleNextEpoch(f);
    await setMinerWeights(layer, subnet, minerScore);
    const second = await settleNextEpoch(f);
    expect(await layer.settlement.bondsCommitment(subnet.netuid)).to.equal(second.report!.bondsCommitment);

    // Not due again until another tempo has passed: nothing is settled twice.
    expect(await f.node.tick()).to.deep.equal([]);

    // A new node process on the same store picks up the committed bonds.
    const restarted = new OracleNode({
      signer: oracleSigner,
      lens: layer.addresses.MetagraphLens,
      settlement: layer.addresses.EpochSettlement,
      store: new FileBondsStore(storeFile),
    });
    const third = await settleNextEpoch({ layer, subnet, node: restarted });
    const snapshot = third.snapshot!;
    expect(snapshotToEpochInput(snapshot, second.output!.bonds, third.weights!).bonds).to.deep.equal(second.output!.bonds);
    expect(runEpoch(snapshotToEpochInput(snapshot, second.output!.bonds, third.weights!)).bonds).to.deep.equal(third.output!.bonds);

    // A store whose bonds were altered on disk is refused, not used: the node rebuilds them from the
    // chain (one epoch replayed back to bonds it holds) and settles with exactly the right bonds.
    const file = JSON.parse(fs.readFileSync(storeFile, "utf8")) as { entries: Record<string, { bonds: Array<Array<[number, number]>> }> };
    const current = (await layer.settlement.bondsCommitment(subnet.netuid)).toLowerCase();
    const row = file.entries[current].bonds.find((r) => r.length > 0)!;
    row[0][1] = row[0][1] === 1 ? 2 : 1;
    fs.writeFileSync(storeFile, JSON.stringify(file));
    const tampered = new OracleNode({
      signer: oracleSigner,
      lens: layer.addresses.MetagraphLens,
      settlement: layer.addresses.EpochSettlement,
      store: new FileBondsStore(storeFile),
    });
    const fourth = await settleNextEpoch({ layer, subnet, node: tampered });
    expect(fourth.replayed).to.equal(1);
    expect(runEpoch(snapshotToEpochInput(fourth.snapshot!, third.output!.bonds, fourth.weights!)).bonds).to.deep.equal(fourth.output!.bonds);

    // A node with an empty store replays every settled epoch from the subnet's first and settles the next
    // one as a node that never stopped would.
    const amnesiac = new OracleNode({
      signer: oracleSigner,
      lens: layer.addresses.MetagraphLens,
      settlement: layer.addresses.EpochSettlement,
      store: new MemoryBondsStore(),
    });
    const fifth = await settleNextEpoch({ layer, subnet, node: amnesiac });
    expect(fifth.replayed).to.equal(4);
    expect(runEpoch(snapshotToEpochInput(fifth.snapshot!, fourth.output!.bonds, fifth.weights!)).bonds).to.deep.equal(fifth.output!.bonds);
    expect(await layer.settlement.bondsCommitment(subnet.netuid)).to.equal(fifth.report!.bondsCommitment);
  });
});
