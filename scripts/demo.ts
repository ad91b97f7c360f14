/**
 * `npm run demo`: the whole loop on the embedded Hardhat chain. Deploys the protocol, registers two
 * subnets (owner + 4 validators + 12 miners each, distinct stakes), and runs 10 epochs of each with
 * an oracle node in the loop: the node reads each due subnet at its snapshot block, computes Yuma
 * for all of them in one engine call, attests and settles. Each settled epoch prints a table of
 * what the chain now holds; a last line per subnet sums what was paid once weights counted.
 *
 * Root TAO is staked too (through the hotkey of a third subnet that is registered but never started, so
 * it is nobody's stake on the two subnets): with root stake the root proportion rp is above 0, so each
 * subnet's TAO emission is split between liquidity injected at the price and chain buys of the excess
 * (docs/spec/chain.md §2.4); without any, all of it would be chain buys. Each table's header shows the α the
 * chain buys hold (protocol α).
 *
 * Epoch 1 bootstraps: validator permits come from the previous epoch (docs/spec/yuma.md §3.2), so
 * before it nobody but the owner may weight miners and emission follows stake. Validators set
 * weights once they hold permits, and again after every epoch, as real validators do; one validator
 * per subnet disagrees with the others (in subnet 1 the smallest, propping up the three weakest
 * miners; in subnet 2 the largest, a third of the stake, putting everything on one miner).
 *
 * Why the activity cutoff is short. Consensus is the weighted median over *active, permitted* stake
 * (docs/spec/yuma.md §3.1–§4), and with 17 UIDs every staked UID holds a permit (MaxAllowedValidators 64),
 * the owner's always (§3.3). The owner (its 18% cut) and the miners (their incentive) accumulate
 * stake as the run goes, set no weights, and would count with score 0 on every miner: within a few
 * epochs they outweigh the honest validators below kappa (0.5) and consensus collapses to zero. On a real subnet
 * they do not count, because a UID whose last weights are older than the activity cutoff (5000 blocks
 * by default, ~14 tempos) is inactive and its stake leaves consensus; the demo lives only 10 tempos, so
 * the deployer, still the admin before the hand-over, sets ActivityCutoffFactorMilli to 2 tempos (in
 * the "active" column the owner drops out at epoch 2, the miners at epoch 3). Lowering
 * MaxAllowedValidators instead would not do: the owner keeps its permit whatever the limit, and the
 * best miner's stake soon outgrows the dissenter's and would take its permit.
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

const EPOCHS = 10;
/**
 * Root TAO staked by the deployer. τ ≈ 5.27% by default, so τ·R ≈ 10.5 TAO: a root proportion of a few
 * percent that falls as each subnet's α issuance grows, so the injection cap starts to bind (and chain
 * buys to show) within the demo.
 */
const ROOT_STAKE = tao(200);
/** Activity cutoff, in thousandths of a tempo: UIDs whose last weights are older than 2 tempos are inactive. */
const ACTIVITY_CUTOFF_FACTOR_MILLI = 2_000n;

interface SubnetPlan {
  validatorStakes: bigint[];
  /** Weight validator v gives miner m; the last validator is the dissenter. */
  score: (v: number, m: number) => number;
}

const PLANS: SubnetPlan[] = [
  {
    // Four validators of similar size (later stakers buy α dearer, so they stake more TAO); the
    // dissenter, the smallest, props up the three weakest miners.
    validatorStakes: [tao(20), tao(25), tao(30), tao(30)],
    score: (v, m) => (v === 3 ? (m < 3 ? 60_000 : 500) : 1_000 + m * 4_000 + v * 150),
  },
  {
    // The dissenter is the largest validator, about a third of the stake, and puts all its weight on one miner.
    validatorStakes: [tao(10), tao(15), tao(20), tao(35)],
    score: (v, m) => (v === 3 ? (m === 11 ? 65_535 : 0) : (((m * 5) % 12) + 1) * 5_000 + v * 300),
  },
];

const pct = (u16: bigint | number): string => ((Number(u16) / 65535) * 100).toFixed(2);

/** "validator (dissents)" for the last validator, the role otherwise. */
function roleLabel(p: SubnetPopulation, n: SubnetPopulation["neurons"][number]): string {
  const validators = p.neurons.filter((x) => x.role === "validator");
  return n.role + (n === validators[validators.length - 1] ? " (dissents)" : "");
}

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
  for (const s of subnets) {
    // The deployer is still the admin (governance takes over at the end): a root-level hyperparameter change.
    const params = plainHyperparameters(await layer.registry.hyperparameters(s.netuid));
    await (await layer.registry.setHyperparameters(s.netuid, { ...params, activityCutoffFactorMilli: ACTIVITY_CUTOFF_FACTOR_MILLI })).wait();
  }
  print(`Activity cutoff: ${ACTIVITY_CUTOFF_FACTOR_MILLI / 1000n} tempos. Only UIDs that set weights within it (the validators) count in consensus.`);
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
  /** α paid to each UID once weights count (epoch 2 on), per subnet. */
  const paid = new Map<number, bigint[]>(subnets.map((s) => [s.netuid, s.neurons.map(() => 0n)]));
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
      const total = paid.get(s.netuid)!;
      const rows = s.neurons.map((n) => {
        const alphaPaid = after[n.uid] - before.get(s.netuid)![n.uid];
        if (epoch > 1) total[n.uid] += alphaPaid;
        return [
          n.uid,
          roleLabel(s, n),
          formatRao(after[n.uid], 2),
          m.active[n.uid] ? "yes" : "no",
          pct(m.consensus[n.uid]),
          pct(m.incentive[n.uid]),
          n.role === "miner" ? "" : pct(m.validatorTrust[n.uid]),
          pct(m.dividends[n.uid]),
          formatRao(alphaPaid),
        ];
      });
      print(formatTable(["uid", "role", "stake α", "active", "consensus %", "incentive %", "vtrust %", "dividends %", "α paid"], rows));

      // Permits exist from the first epoch on: validators weight the miners (the last one dissents), and set
      // them again every epoch, as validators do, to stay active.
      await setMinerWeights(layer, s, PLANS[subnets.indexOf(s)].score);
      if (epoch === 1) print("(validators now hold permits and set their weights; they set them again after every epoch)");
    }
  }
  print(`\nα paid once weights counted (epochs 2–${EPOCHS}):`);
  for (const s of subnets) {
    const total = paid.get(s.netuid)!;
    const sum = (role: string): bigint => s.neurons.filter((n) => n.role === role).reduce((a, n) => a + total[n.uid], 0n);
    const validators = s.neurons.filter((n) => n.role === "validator");
    print(
      `subnet ${s.netuid}: miners ${formatRao(sum("miner"), 2)}, validators ${formatRao(sum("validator"), 2)}, owner ${formatRao(sum("owner"), 2)}; ` +
        `dividends ${validators.map((n) => `uid ${n.uid}${roleLabel(s, n).slice(9)} ${formatRao(total[n.uid], 2)}`).join(", ")}`,
    );
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
