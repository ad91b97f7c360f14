/**
 * A committee of oracle nodes on the in-process Hardhat chain, each with its own key: a threshold above 1,
 * liars in the minority and in the majority, reports the chain refuses, and a node that joins late with
 * an empty store. What the chain logs is the truth checked: every epoch settles exactly once, with the
 * honest report, and a refused report leaves no effect. (test/e2e/faults.test.ts runs such a committee as
 * real processes with faults injected.)
 */
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { EpochReport } from "../../oracle/chain/report";
import {
  EpochOutcome,
  EpochResult,
  OracleNode,
} from "../../oracle/node/oracle-node";
import { MemoryBondsStore } from "../../oracle/store/bonds-store";
import { deploySubnetLayer } from "../../scripts/deploy";
import {
  mineTo,
  populateSubnet,
  setMinerWeights,
  tao,
} from "../../scripts/lib/local-network";

/** The same stranger address for every liar: colluding liars attest one hash. */
const NOT_A_HOTKEY = "0x00000000000000000000000000000000000b0b00";
const ONE_MORE_RAO = (r: EpochReport): EpochReport => ({
  ...r,
  raoEmission: BigInt(r.raoEmission) + 1n,
});

async function committeeFixture() {
  const signers = await ethers.getSigners();
  const [deployer] = signers;
  const oracles = signers.slice(1, 6);
  const layer = await deploySubnetLayer(deployer, {
    genesis: [{ to: deployer.address, amount: tao(100_000) }],
    oracles: oracles.map((o) => o.address),
    oracleThreshold: 3,
  });
  const subnet = await populateSubnet(layer, {
    validatorStakes: [tao(3_000), tao(2_000), tao(1_000)],
    miners: 3,
  });
  const node = (
    i: number,
    tamper?: (r: EpochReport) => EpochReport,
    store = new MemoryBondsStore(),
  ): OracleNode =>
    new OracleNode({
      signer: oracles[i],
      lens: layer.addresses.MetagraphLens,
      settlement: layer.addresses.EpochSettlement,
      store,
      backend: "reference",
      claimStakeCredits: false,
      tamper,
    });
  return { layer, subnet, node };
}

type Fixture = Awaited<ReturnType<typeof committeeFixture>>;

/** Mines to the subnet's due block and ticks the nodes in order; each node's outcomes for the subnet. */
async function epoch(
  f: Fixture,
  nodes: OracleNode[],
): Promise<{
  snapshotBlock: bigint;
  outcomes: Array<EpochOutcome | "none">;
  results: EpochResult[];
}> {
  const snapshotBlock = await f.layer.coinbase.dueBlock(f.subnet.netuid);
  await mineTo(snapshotBlock);
  const outcomes: Array<EpochOutcome | "none"> = [];
  const results: EpochResult[] = [];
  for (const n of nodes) {
    const [r] = (await n.tick()).filter((x) => x.netuid === f.subnet.netuid);
    outcomes.push(r?.outcome ?? "none");
    if (r !== undefined) results.push(r);
  }
  return { snapshotBlock, outcomes, results };
}

/** The EpochSettled logs of the subnet's epoch at `snapshotBlock`. */
async function settledAt(f: Fixture, snapshotBlock: bigint) {
  return f.layer.settlement.queryFilter(
    f.layer.settlement.filters.EpochSettled(f.subnet.netuid, snapshotBlock),
  );
}

describe("e2e: an oracle committee", function () {
  it("three honest nodes, threshold 2: each epoch settles once, by the node that completes the quorum", async function () {
    const f = await loadFixture(committeeFixture);
    await (await f.layer.settlement.setThreshold(2)).wait();
    const nodes = [f.node(0), f.node(1), f.node(2)];
    for (let e = 0; e < 3; e++) {
      const { snapshotBlock, outcomes, results } = await epoch(f, nodes);
      // The third node finds nothing due: it spends nothing on an epoch already settled.
      expect(outcomes, `epoch ${e}`).to.deep.equal([
        "attested",
        "settled",
        "none",
      ]);
      expect(results[0].reportHash).to.equal(results[1].reportHash);
      const settled = await settledAt(f, snapshotBlock);
      expect(settled.map((l) => l.args.reportHash)).to.deep.equal([
        results[1].reportHash,
      ]);
    }
  });

  it("two colluding liars of five (threshold 3) never settle; the honest quorum does", async function () {
    const f = await loadFixture(committeeFixture);
    const liars = [f.node(0, ONE_MORE_RAO), f.node(1, ONE_MORE_RAO)];
    const honest = [f.node(2), f.node(3), f.node(4)];
    for (let e = 0; e < 2; e++) {
      const { snapshotBlock, outcomes, results } = await epoch(f, [
        ...liars,
        ...honest,
      ]);
      expect(outcomes, `epoch ${e}`).to.deep.equal([
        "attested",
        "attested",
        "attested",
        "attested",
        "settled",
      ]);
      expect(results[0].reportHash).to.not.equal(results[2].reportHash);
      expect(
        (await settledAt(f, snapshotBlock)).map((l) => l.args.reportHash),
      ).to.deep.equal([results[4].reportHash]);
    }
    expect(
      await f.layer.settlement.queryFilter(
        f.layer.settlement.filters.ReportRejected(),
      ),
    ).to.have.length(0);
  });

  for (const [label, tamper] of [
    ["one rao more emission", ONE_MORE_RAO],
    [
      "a payout to a hotkey that is not the UID's",
      (r: EpochReport): EpochReport => {
        // The first validator payout's hotkey (bits 0-159 of its first word) swapped for another address.
        const words = [...r.validatorPayouts].map(BigInt);
        words[0] = ((words[0] >> 160n) << 160n) | BigInt(NOT_A_HOTKEY);
        return { ...r, validatorPayouts: words };
      },
    ],
  ] as const) {
    it(`a liar quorum's report with ${label} is rejected without effect; the next round settles the honest report`, async function () {
      const f = await loadFixture(committeeFixture);
      await (await f.layer.settlement.setThreshold(2)).wait();
      const liars = [f.node(0, tamper), f.node(1, tamper)];
      const honest = [f.node(2), f.node(3)];
      const snapshotBlock = await f.layer.coinbase.dueBlock(f.subnet.netuid);
      await mineTo(snapshotBlock);
      const pendingBefore = await f.layer.coinbase.pending(f.subnet.netuid);
      // The second liar completes the quorum and settles: the chain refuses and opens round 1.
      const [, second] = [await liars[0].tick(), await liars[1].tick()];
      expect(second.map((r) => [r.outcome, r.error])).to.deep.equal([
        [
          "rejected",
          "SettlementBadReport(" +
            (label.startsWith("one") ? "raoEmission" : "hotkey") +
            ")",
        ],
      ]);
      expect(await f.layer.coinbase.pending(f.subnet.netuid)).to.deep.equal(
        pendingBefore,
      );
      expect(
        (await f.layer.settlement.round(f.subnet.netuid, snapshotBlock)).number,
      ).to.equal(1n);
      // The liars do not attest a rejected report again; the honest nodes settle in the new round.
      expect((await liars[0].tick()).map((r) => r.outcome)).to.deep.equal([
        "rejected",
      ]);
      const outcomes = [];
      for (const n of honest)
        outcomes.push(...(await n.tick()).map((r) => r.outcome));
      expect(outcomes).to.deep.equal(["attested", "settled"]);
      expect(await settledAt(f, snapshotBlock)).to.have.length(1);
    });
  }

  it("a report a liar quorum got accepted and withholds expires with its round; the honest nodes settle the next", async function () {
    const f = await loadFixture(committeeFixture);
    await (await f.layer.settlement.setThreshold(2)).wait();
    await (await f.layer.settlement.setRoundTimeout(10)).wait();
    const [, o0, o1] = await ethers.getSigners();
    const honest = [f.node(2), f.node(3)];
    const snapshotBlock = await f.layer.coinbase.dueBlock(f.subnet.netuid);
    await mineTo(snapshotBlock);
    // Two liars attest a hash whose report nobody but they could settle, and never settle it.
    const withheld = ethers.id("a report only the liars hold");
    for (const liar of [o0, o1])
      await (
        await f.layer.settlement
          .connect(liar)
          .attest(f.subnet.netuid, snapshotBlock, withheld)
      ).wait();
    const outcomes = async () => {
      const all = [];
      for (const n of honest)
        all.push(...(await n.tick()).map((r) => r.outcome));
      return all;
    };
    expect(await outcomes()).to.deep.equal(["disagreed", "disagreed"]);
    await mineTo(snapshotBlock + 10n);
    // The round is 10 blocks old: the first honest attestation opens round 1, the second settles.
    expect(await outcomes()).to.deep.equal(["attested", "settled"]);
    expect(
      (await f.layer.settlement.round(f.subnet.netuid, snapshotBlock)).number,
    ).to.equal(1n);
    expect(await settledAt(f, snapshotBlock)).to.have.length(1);
  });

  it("a node started with an empty store on a chain at epoch 20 rebuilds the bonds from the chain and attests epoch 21 with the others", async function () {
    this.timeout(120_000);
    const f = await loadFixture(committeeFixture);
    await (await f.layer.settlement.setThreshold(2)).wait();
    const early = [f.node(0), f.node(1)];
    const epochs = 20;
    for (let e = 0; e < epochs; e++) {
      expect((await epoch(f, early)).outcomes).to.deep.equal([
        "attested",
        "settled",
      ]);
      // Weights from the first epoch on (the rate limit counts from registration), changed halfway: bonds to carry.
      if (e === 0)
        await setMinerWeights(
          f.layer,
          f.subnet,
          (v, m) => 10_000 * (m + 1) + 100 * v,
        );
      if (e === 10)
        await setMinerWeights(
          f.layer,
          f.subnet,
          (v, m) => 10_000 * (3 - m) + 300 * v,
        );
    }
    const settledEpochs = () =>
      f.layer.settlement.queryFilter(
        f.layer.settlement.filters.EpochSettled(f.subnet.netuid),
      );
    expect(
      await settledEpochs(),
      "epochs settled before the late node starts",
    ).to.have.length(epochs);
    // It attests first: epoch 21 settles when an early node agrees, on the same hash.
    const late = f.node(2);
    const { snapshotBlock, outcomes, results } = await epoch(f, [
      late,
      early[0],
    ]);
    expect(outcomes).to.deep.equal(["attested", "settled"]);
    expect(results[0].replayed, "epochs replayed from the chain").to.equal(
      epochs,
    );
    expect(results[0].reportHash).to.equal(results[1].reportHash);
    expect(
      results[0].output!.bonds.some((row) => row.length > 0),
      "bonds carried",
    ).to.equal(true);
    expect(
      (await settledAt(f, snapshotBlock)).map((l) => l.args.reportHash),
    ).to.deep.equal([results[0].reportHash]);
    expect(await settledEpochs(), "epoch 21 settled, once").to.have.length(
      epochs + 1,
    );
  });
});
