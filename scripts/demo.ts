/**
 * `npm run demo`: the whole loop on the embedded Hardhat chain. Deploys the protocol, registers two
 * subnets (owner + 4 validators + 12 miners each, distinct stakes), and runs 5 epochs of each with
 * an oracle node in the loop: the node reads each due subnet at its snapshot block, computes Yuma
 * for all of them in one engine call, attests and settles. Each settled epoch prints a table of
 * what the chain now holds.
 *
 * Root TAO is staked too (through the hotkey of a third subnet that is registered but never started, so
 * it is nobody's stake on the two subnets): with root stake the root proportion rp is above 0, so each
 * subnet's TAO emission is split between liquidity injected at the price and chain buys of the excess
 * (spec/chain.md §2.4); without any, all of it would be chain buys. Each table's header shows the α the
 * chain buys hold (protocol α).
 *
 * Epoch 1 bootstraps: validator permits come from the previous epoch (spec/yuma.md §3.2), so
 * before it nobody but the owner may weight miners and emission follows stake. Validators set
 * weights once they hold permits; one validator per subnet disagrees with the others.
 *
 * Last, governance takes over (README "Governance"): the root-staked hotkey takes a Senate seat, the
 * deployer hands its rights to the timelock, and a motion from the Triumvirate (the deployer) raises the
 * first subnet's kappa, passes, waits out the timelock and executes; the motions' table is printed.
 */
import { Wallet, formatUnits } from "ethers";
import { ethers, network } from "hardhat";
import { readMetagraph } from "../oracle/chain/metagraph";
import { OracleNode } from "../oracle/node/oracle-node";
import { MemoryBondsStore } from "../oracle/store/bonds-store";
import { deploySubnetLayer, handOverToGovernance, type SubnetLayer } from "./deploy";
import { closeMotion, encodeCall, executeMotion, motionStatus, proposeMotion, voteOnMotion } from "./governance/motions";
import { plainHyperparameters } from "./lib/hyperparameters";
import { type SubnetPopulation, mineTo, populateSubnet, setMinerWeights, tao } from "./lib/local-network";
import { formatRao, formatTable } from "./lib/table";

const EPOCHS = 5;
/**
 * Root TAO staked by the deployer. τ ≈ 5.27% by default, so τ·R ≈ 10.5 TAO: a root proportion of a few
 * percent that falls as each subnet's α issuance grows, so the injection cap starts to bind (and chain
 * buys to show) within the demo.
 */
const ROOT_STAKE = tao(200);

interface SubnetPlan {
  validatorStakes: bigint[];
  /** Weight validator v gives miner m; the last validator is the dissenter. */
  score: (v: number, m: number) => number;
}

const PLANS: SubnetPlan[] = [
  {
    validatorStakes: [tao(40), tao(25), tao(20), tao(15)],
    score: (v, m) => (v === 3 ? (m < 3 ? 60_000 : 500) : 1_000 + m * 4_000 + v * 150),
  },
  {
    validatorStakes: [tao(10), tao(30), tao(30), tao(5)],
    score: (v, m) => (v === 3 ? (m === 11 ? 65_535 : 0) : ((m * 7 + v * 3) % 12) * 5_000 + 5_000),
  },
];

const pct = (u16: bigint | number): string => ((Number(u16) / 65535) * 100).toFixed(2);

async function stakes(layer: SubnetLayer, p: SubnetPopulation): Promise<bigint[]> {
  return Promise.all(p.neurons.map((n) => layer.staking.totalHotkeyAlpha(n.hotkey.address, p.netuid)));
}

/** Runs the demo, printing through `print`; resolves to the number of epochs settled. */
export async function runDemo(print: (line: string) => void = console.log): Promise<number> {
  const [deployer, oracleSigner] = await ethers.getSigners();
  print("Deploying subnet-layer on the embedded Hardhat chain...");
  // Several subnets at once: no network rate limit on this local chain.
  const layer = await deploySubnetLayer(deployer, {
    genesis: [{ to: deployer.address, amount: tao(1_000_000) }],
    networkRateLimit: 0n,
    triumvirate: [deployer.address],
  });
  await (await layer.settlement.setOracle(oracleSigner.address, true)).wait();

  const subnets: SubnetPopulation[] = [];
  for (const plan of PLANS) subnets.push(await populateSubnet(layer, { validatorStakes: plan.validatorStakes, miners: 12 }));
  print(`Registered subnets ${subnets.map((s) => s.netuid).join(" and ")}: owner + 4 validators + 12 miners each.`);
  const rootHotkey = Wallet.createRandom().address;
  const lock = await layer.registry.networkLockCost();
  await (await layer.tao.approve(layer.addresses.SubnetRegistry, lock)).wait();
  await (await layer.registry.registerNetwork(rootHotkey, lock)).wait(); // binds the hotkey; never started
  await (await layer.tao.approve(layer.addresses.Staking, ROOT_STAKE)).wait();
  await (await layer.staking.addStake(rootHotkey, 0, ROOT_STAKE)).wait();
  print(`Staked ${formatRao(ROOT_STAKE, 0)} TAO on root: emission is injected up to the root proportion, the rest is chain buys.`);

  const node = new OracleNode({
    signer: oracleSigner,
    lens: layer.addresses.MetagraphLens,
    settlement: layer.addresses.EpochSettlement,
    store: new MemoryBondsStore(),
  });

  const settledEpochs = new Map<number, number>(subnets.map((s) => [s.netuid, 0]));
  const weightsSet = new Set<number>();
  while ([...settledEpochs.values()].some((e) => e < EPOCHS)) {
    const pending = subnets.filter((s) => settledEpochs.get(s.netuid)! < EPOCHS);
    const dueBlocks = await Promise.all(pending.map((s) => layer.coinbase.dueBlock(s.netuid)));
    await mineTo(dueBlocks.reduce((a, b) => (a < b ? a : b)));
    const before = new Map(await Promise.all(subnets.map(async (s) => [s.netuid, await stakes(layer, s)] as const)));

    for (const result of await node.tick()) {
      const s = subnets.find((x) => x.netuid === result.netuid)!;
      if (result.outcome !== "settled" || settledEpochs.get(s.netuid)! >= EPOCHS) continue;
      const epoch = settledEpochs.get(s.netuid)! + 1;
      settledEpochs.set(s.netuid, epoch);
      const after = await stakes(layer, s);
      const m = await readMetagraph(layer.settlement, s.netuid);
      const price = await layer.staking.spotPrice(s.netuid);
      print(
        `\nEpoch ${epoch}, subnet ${s.netuid}, snapshot block ${result.snapshotBlock}: ` +
          `${formatRao(result.snapshot!.raoEmission)} α emitted, α price ${formatUnits(price, 9)} TAO, ` +
          `protocol α ${formatRao(await layer.staking.protocolAlpha(s.netuid), 2)}, ` +
          `TAO issuance ${formatRao(await layer.tao.totalSupply(), 2)}`,
      );
      const rows = s.neurons.map((n) => [
        n.uid,
        n.role + (n.role === "validator" && n === s.neurons.filter((x) => x.role === "validator")[3] ? " (dissents)" : ""),
        formatRao(after[n.uid], 2),
        pct(m.consensus[n.uid]),
        pct(m.incentive[n.uid]),
        pct(m.dividends[n.uid]),
        formatRao(after[n.uid] - before.get(s.netuid)![n.uid]),
      ]);
      print(formatTable(["uid", "role", "stake α", "consensus %", "incentive %", "dividends %", "α paid"], rows));

      if (!weightsSet.has(s.netuid)) {
        // Permits exist from now on: validators weight the miners (the last one dissents).
        await setMinerWeights(layer, s, PLANS[subnets.indexOf(s)].score);
        weightsSet.add(s.netuid);
        print("(validators now hold permits and set their weights)");
      }
    }
  }
  await governKappa(layer, deployer, rootHotkey, subnets[0].netuid, print);
  return [...settledEpochs.values()].reduce((a, b) => a + b, 0);
}

/** The governance act: a Senate of one (the root-staked hotkey), the hand-over, and a kappa motion passed and executed. */
async function governKappa(
  layer: SubnetLayer,
  deployer: Awaited<ReturnType<typeof ethers.getSigners>>[number],
  senator: string,
  netuid: number,
  print: (line: string) => void,
): Promise<void> {
  await (await layer.senate.adjustSenate(senator)).wait();
  await handOverToGovernance(layer);
  print(`\nGovernance: hotkey ${senator} (root stake) takes the Senate's first seat; the deployer hands its rights to the timelock.`);
  const params = plainHyperparameters(await layer.registry.hyperparameters(netuid));
  const kappa = 39_321n; // 0.6
  const call = encodeCall(layer.addresses, "SubnetRegistry", "setHyperparameters", [netuid, { ...params, kappa }]);
  const id = await proposeMotion(layer.senate, deployer, { calls: [call], description: `Kappa of subnet ${netuid} to 0.6` });
  const table = async (): Promise<string> =>
    formatTable(
      ["id", "description", "ayes/nays/threshold", "end block", "state", "your vote"],
      (await motionStatus(layer.senate, [id], [senator])).map((r) => [r.id.slice(0, 10), r.description, `${r.ayes}/${r.nays}/${r.threshold}`, r.endBlock, r.state, r.yourVote]),
    );
  await voteOnMotion(layer.senate, deployer, senator, id, true);
  print(await table());
  await closeMotion(layer.senate, deployer, id);
  await network.provider.send("evm_increaseTime", [Number(await layer.timelock.getMinDelay())]);
  await executeMotion(layer.senate, deployer, id);
  print(await table());
  print(`Subnet ${netuid}'s kappa is now ${(await layer.registry.hyperparameters(netuid)).kappa} (was ${params.kappa}).`);
}

if (require.main === module) {
  runDemo().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  });
}
