/**
 * Governance end to end (issue "Governance" item 8): on a chain whose deployer has handed every right
 * to governance, passed motions add the oracle node and change a subnet's kappa, and the next epoch the
 * oracle settles uses the new kappa.
 */
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";
import { readMetagraph } from "../../oracle/chain/metagraph";
import { snapshotToEpochInput } from "../../oracle/chain/snapshot";
import { type EpochResult, OracleNode } from "../../oracle/node/oracle-node";
import { MemoryBondsStore } from "../../oracle/store/bonds-store";
import { runEpoch } from "../../oracle/yuma";
import type { SubnetLayer } from "../../scripts/deploy";
import { EpochSettlement__factory } from "../../typechain-types";
import { closeMotion, encodeCall, executeMotion, proposeMotion, voteOnMotion, governanceMembers } from "../../scripts/governance/motions";
import { setUpSandbox } from "../../scripts/governance/sandbox";
import { plainHyperparameters } from "../../scripts/lib/hyperparameters";
import { mineTo, populateSubnet, setMinerWeights, tao } from "../../scripts/lib/local-network";

const DELAY = 60n;
const NEW_KAPPA = 58_982n; // 0.9 of 65_535, up from the default 32_767

async function governedFixture() {
  const accounts = await ethers.getSigners();
  const [, proposer, , , , oracleSigner] = accounts;
  const layer = await setUpSandbox(accounts, DELAY);
  const subnet = await populateSubnet(layer, { validatorStakes: [tao(3_000), tao(2_000), tao(1_000)], miners: 4 });
  const node = new OracleNode({
    signer: oracleSigner,
    lens: layer.addresses.MetagraphLens,
    settlement: layer.addresses.EpochSettlement,
    store: new MemoryBondsStore(),
  });
  return { accounts, proposer, oracleSigner, layer, subnet, node };
}

/** Proposes `call`s, has two of the three Senators vote aye, closes, waits out the timelock and executes. */
async function pass(layer: SubnetLayer, accounts: Awaited<ReturnType<typeof ethers.getSigners>>, description: string, calls: Parameters<typeof proposeMotion>[2]["calls"]) {
  const id = await proposeMotion(layer.senate, accounts[1], { calls, description });
  const { senate: seats } = await governanceMembers(layer.addresses, ethers.provider);
  for (const seat of seats.slice(0, 2)) {
    const coldkey = accounts.find((a) => a.address === seat.coldkey)!;
    await voteOnMotion(layer.senate, coldkey, seat.hotkey, id, true);
  }
  expect(await closeMotion(layer.senate, accounts[0], id), description).to.equal(true);
  await time.increase(DELAY);
  await executeMotion(layer.senate, accounts[0], id);
}

describe("e2e: governance through the oracle loop", function () {
  it("a passed motion changes kappa, and the next settled epoch uses it", async function () {
    const { accounts, oracleSigner, layer, subnet, node } = await loadFixture(governedFixture);
    const netuid = subnet.netuid;
    // The deployer handed over: even the oracle committee needs a motion.
    const settlement = EpochSettlement__factory.connect(layer.addresses.EpochSettlement, accounts[0]);
    await expect(settlement.setOracle(oracleSigner.address, true)).to.be.revertedWithCustomError(settlement, "AccessManagedUnauthorized");
    await pass(layer, accounts, "Add the oracle node", [encodeCall(layer.addresses, "EpochSettlement", "setOracle", [oracleSigner.address, true])]);
    expect(await layer.settlement.isOracle(oracleSigner.address)).to.equal(true);

    const settle = async (): Promise<EpochResult> => {
      await mineTo(await layer.coinbase.dueBlock(netuid));
      const result = (await node.tick()).find((r) => r.netuid === netuid);
      expect(result?.outcome).to.equal("settled");
      return result!;
    };
    await settle(); // bootstrap: permits
    // Miner 0 is favoured by the smallest validator only: kappa decides whether consensus keeps it.
    await setMinerWeights(layer, subnet, (v, m) => (v === 2 ? (m === 0 ? 65_535 : 1_000) : 10_000 * (m + 1)));
    const before = await settle();
    expect(before.snapshot!.hyperparameters.kappa).to.equal(32_767n);

    const params = plainHyperparameters(await layer.registry.hyperparameters(netuid));
    await pass(layer, accounts, `Kappa of subnet ${netuid} to 0.9`, [
      encodeCall(layer.addresses, "SubnetRegistry", "setHyperparameters", [netuid, { ...params, kappa: NEW_KAPPA }]),
    ]);
    expect((await layer.registry.hyperparameters(netuid)).kappa).to.equal(NEW_KAPPA);

    const after = await settle();
    const snapshot = after.snapshot!;
    expect(snapshot.hyperparameters.kappa).to.equal(NEW_KAPPA);
    // The settled metagraph is the engine's output with kappa 0.9, and differs from what the old kappa gives.
    const input = snapshotToEpochInput(snapshot, before.output!.bonds, after.weights!);
    const withNew = runEpoch(input);
    const withOld = runEpoch({ ...input, hyperparameters: { ...input.hyperparameters, kappa: 32_767 } });
    const stored = await readMetagraph(layer.settlement, netuid);
    expect(stored.consensus.map(Number)).to.deep.equal(withNew.consensus);
    expect(withNew.consensus).to.not.deep.equal(withOld.consensus);
  });
});
