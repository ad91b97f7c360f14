/**
 * `npm run bench:round`: one oracle committee round at scale on the in-process Hardhat chain (issue "An
 * oracle committee that survives faults", item 7): S subnets of U UIDs with V validators, all due at the
 * same block, handled by N real OracleNodes (threshold t, CPU engine), each phase timed through the
 * node's `timings` hook: due-subnet listing, epoch state, snapshot reads, bond recovery, weight-log reads,
 * engine compute, attestations, settlements; then the stake-credit claims, and the gas of it all against
 * 30M and 60M gas blocks. Prints progress (stderr) and tables (stdout), writes bench/results/round.json.
 * A benchmark, not a test: timings are measured, never asserted.
 *
 * It needs the Hardhat runtime (the in-process chain), so it runs under `hardhat run`, which takes no
 * arguments of its own; options come from the environment:
 *   ROUND_SUBNETS (128)  ROUND_UIDS (256, owner UID included)  ROUND_VALIDATORS (64)  ROUND_NODES (3)
 *   ROUND_THRESHOLD (2)  ROUND_CLAIMS (1: time the claims; 0: skip)  ROUND_OUT (bench/results/round.json)
 * e.g. `ROUND_SUBNETS=4 ROUND_UIDS=32 ROUND_VALIDATORS=8 ROUND_OUT=/tmp/round.json npm run bench:round`.
 *
 * Setup, fast but by the protocol's rules where they matter to a round:
 * - subnets: one owner registers them all. The lock cost doubles with every registration and takes 8 days
 *   to decay (§5.1), and nothing sets it, so the bench zeroes NetworkLastLockCost in storage before each
 *   registration (a dev-chain shortcut): every subnet locks the 100 TAO minimum and gets the same pool.
 *   Registration parameters (the deployer's, before any hand-over) make the burn flat and small;
 * - neurons: contracts/test/BulkRegistrar.sol, one coldkey, registers every hotkey (plain addresses: a
 *   hotkey needs no key to be registered) and stakes on the validators, tens a transaction, before and
 *   after the subnets start (staking opens at the start; registering before it keeps the accrual, which
 *   runs over every started subnet, out of the registrations);
 * - every subnet starts in one block (automine off), so that all are due at the same block, and stay so:
 *   a settlement restarts the cycle at its snapshot block;
 * - round 1 (no weights) gives the validators their permits; then every validator sets its own weights
 *   (impersonated, msg.sender = hotkey, `setWeightsPacked`: S × V transactions, one a block as on a busy
 *   chain, so a subnet's rows lie in V blocks); round 2, the one that matters, pays everyone;
 * - the round timeout is raised: here every transaction is a block, so 3 × S transactions span far more
 *   blocks than a committee's round takes on a real chain.
 * The nodes tick one after another (in-process, they share one chain and two cores): the first t - 1
 * attest, the t-th attests and settles, the rest find nothing due.
 *
 * Gas: on automine every transaction is its own block, so every settle also pays its subnet's emission
 * accrual (Coinbase.accrueSubnet), which a real block pays once per subnet. So after the round the chain
 * is reverted to before the settling node's tick and its settles replayed, each in a block whose accrual a
 * keeper transaction paid first: that is a settle's own gas, from which the blocks a round needs follow.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { type ContractTransactionResponse, type Signer, ZeroHash, dataSlice, getAddress, parseEther, parseUnits, solidityPackedKeccak256 } from "ethers";
import { ethers, network } from "hardhat";
import type { EpochReport } from "../oracle/chain/report";
import { CLAIM_BATCH, type EpochResult, OracleNode, type OracleNodePhase } from "../oracle/node/oracle-node";
import { MemoryBondsStore } from "../oracle/store/bonds-store";
import { closeEngine } from "../oracle/yuma";
import { deploySubnetLayer, type SubnetLayer } from "../scripts/deploy";
import { plainHyperparameters } from "../scripts/lib/hyperparameters";
import { type Cell, formatTable } from "../scripts/lib/table";
import { tao } from "../scripts/lib/units";
import { packWeightPairs } from "../scripts/lib/weights";
import { BulkRegistrar__factory } from "../typechain-types";

/* OPTIONS */

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${name}=${raw}: expected an integer in [${min}, ${max}]`);
  return n;
}

const SUBNETS = envInt("ROUND_SUBNETS", 128, 1, 1_000);
const UIDS = envInt("ROUND_UIDS", 256, 3, 256);
const VALIDATORS = envInt("ROUND_VALIDATORS", 64, 1, UIDS - 2); // UID 0 is the owner's; at least one miner
const NODES = envInt("ROUND_NODES", 3, 1, 18); // Hardhat's 20 accounts: the deployer, the owner, the nodes
const THRESHOLD = envInt("ROUND_THRESHOLD", Math.min(2, NODES), 1, NODES);
const CLAIMS = envInt("ROUND_CLAIMS", 1, 0, 1) === 1;
const OUT = process.env.ROUND_OUT ?? path.join(__dirname, "results", "round.json");
const MINERS = UIDS - 1 - VALIDATORS;

/** Hotkeys a BulkRegistrar transaction registers / stakes on: well under the 2^24 transaction gas cap (EIP-7825). */
const REGISTER_BATCH = 40;
const STAKE_BATCH = 32;
/** Flat burn: the price is clamped to just above the lowest MaxBurn allowed (0.1 TAO) and never rises. */
const MAX_BURN = 100_000_001n;
/** Validator v (1-based) stakes 1 + v/50 TAO: distinct stakes, small next to the 100 TAO pools. */
const stakeOf = (v: number): bigint => tao(1) + (tao(1) * BigInt(v)) / 50n;
/** Gas blocks a real chain might offer, and its block time. */
const BLOCK_LIMITS = [30_000_000, 60_000_000] as const;
const BLOCK_SECONDS = 12;

/* CHAIN HELPERS */

const rpc = (method: string, params: unknown[] = []): Promise<unknown> => network.provider.send(method, params);
const hex = (n: bigint | number): string => `0x${BigInt(n).toString(16)}`;
const started = performance.now();
const log = (line: string): void => console.error(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);

/** A plain address, a deterministic hotkey (or owner hotkey, uid -1): registration needs no key for it. */
const hotkeyOf = (netuid: number, uid: number): string =>
  getAddress(dataSlice(solidityPackedKeccak256(["string", "uint16", "int32"], ["subnet-layer bench round", netuid, uid]), 12));

async function blockNumber(): Promise<bigint> {
  return BigInt(await ethers.provider.getBlockNumber());
}

/** Mines to `block` exactly, its last block by evm_mine so that it is a real block that calls can read at. */
async function mineTo(block: bigint): Promise<void> {
  const now = await blockNumber();
  if (block <= now) throw new Error(`block ${block} is not ahead of ${now}`);
  if (block - now > 1n) await rpc("hardhat_mine", [hex(block - now - 1n)]);
  await rpc("evm_mine");
  if ((await blockNumber()) !== block) throw new Error(`mined to ${await blockNumber()}, not ${block}`);
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction dropped");
  return receipt.gasUsed;
}

/** `send` each of `count` transactions with automine off, then one block with all of them; their receipts. */
async function inOneBlock(count: number, send: (i: number) => Promise<ContractTransactionResponse>) {
  await rpc("evm_setAutomine", [false]);
  let sent: ContractTransactionResponse[];
  try {
    sent = [];
    for (let i = 0; i < count; i++) sent.push(await send(i));
    await rpc("evm_mine");
  } finally {
    await rpc("evm_setAutomine", [true]);
  }
  const receipts = await Promise.all(sent.map((t) => t.wait()));
  if (new Set(receipts.map((r) => r?.blockNumber)).size !== 1) throw new Error("the transactions did not fit one block");
  return receipts.map((r) => r!);
}

/* MEASUREMENTS */

interface SetupStep {
  step: string;
  ms: number;
  txs: number;
  gas: bigint;
}

interface PhaseStats {
  calls: number;
  /** Wall time covered by the phase's calls (their union: per-epoch reads overlap). */
  wall_ms: number;
  /** Sum of the calls' times. */
  sum_ms: number;
}

interface NodeRound {
  node: number;
  tick_ms: number;
  outcomes: Record<string, number>;
  phases: Partial<Record<OracleNodePhase, PhaseStats>>;
}

interface RoundRecord {
  round: number;
  label: string;
  snapshotBlock: string;
  nodes: NodeRound[];
  /** Wall time of the whole round: every node's tick, one after another. */
  ms: number;
}

/** Collects one node's phase timings for one tick. */
class PhaseRecorder {
  private readonly spans = new Map<OracleNodePhase, Array<[number, number]>>();

  readonly hook = (phase: OracleNodePhase, ms: number): void => {
    const end = performance.now();
    const list = this.spans.get(phase) ?? [];
    list.push([end - ms, end]);
    this.spans.set(phase, list);
  };

  stats(): Partial<Record<OracleNodePhase, PhaseStats>> {
    const out: Partial<Record<OracleNodePhase, PhaseStats>> = {};
    for (const [phase, spans] of this.spans) {
      const sorted = [...spans].sort((a, b) => a[0] - b[0]);
      let wall = 0;
      let [from, to] = sorted[0];
      for (const [s, e] of sorted.slice(1)) {
        if (s > to) {
          wall += to - from;
          [from, to] = [s, e];
        } else to = Math.max(to, e);
      }
      wall += to - from;
      out[phase] = { calls: spans.length, wall_ms: wall, sum_ms: spans.reduce((sum, [s, e]) => sum + e - s, 0) };
    }
    this.spans.clear();
    return out;
  }
}

/** Blocks of `limit` gas that `gas` (in order) need, the first transaction of each block also paying `perBlock`. */
function blocksNeeded(gas: readonly bigint[], limit: number, perBlock: bigint): number {
  let blocks = 0;
  let used = BigInt(limit) + 1n;
  for (const g of gas) {
    if (used + g > BigInt(limit)) {
      blocks++;
      used = perBlock;
    }
    used += g;
  }
  return blocks;
}

const sum = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);
const fmtGas = (g: bigint | number): string => Math.round(Number(g)).toLocaleString("en-US");
const fmtMs = (ms: number): string => ms.toFixed(0);

/* THE BENCH */

async function main(): Promise<void> {
  const tempo = SUBNETS * (VALIDATORS + THRESHOLD + 4) + 200;
  if (tempo > 65_535) throw new RangeError(`tempo ${tempo} (room for ${SUBNETS} × ${VALIDATORS} weight transactions) exceeds a u16`);
  log(`${SUBNETS} subnets × ${UIDS} UIDs (${VALIDATORS} validators, ${MINERS} miners), ${NODES} oracle nodes, threshold ${THRESHOLD}, tempo ${tempo}`);
  const steps: SetupStep[] = [];
  const step = async <T>(name: string, fn: (count: (gas: bigint, txs?: number) => void) => Promise<T>): Promise<T> => {
    const at = performance.now();
    const s: SetupStep = { step: name, ms: 0, txs: 0, gas: 0n };
    const result = await fn((gas, txs = 1) => {
      s.gas += gas;
      s.txs += txs;
    });
    s.ms = performance.now() - at;
    steps.push(s);
    log(`${name}: ${(s.ms / 1000).toFixed(1)} s, ${s.txs} transactions, ${fmtGas(s.gas)} gas`);
    return result;
  };

  const signers = await ethers.getSigners();
  const [deployer, owner] = signers;
  const oracles = signers.slice(2, 2 + NODES);
  const validatorStake = Array.from({ length: VALIDATORS }, (_, i) => stakeOf(i + 1));
  const registrarTao = BigInt(SUBNETS) * (BigInt(UIDS - 1) * MAX_BURN + sum(validatorStake));
  const lock = tao(100); // SubnetRegistry.NETWORK_MIN_LOCK_COST, what each subnet locks here

  const { layer, registrar } = await step("deploy the protocol and BulkRegistrar", async (count) => {
    const layer = await deploySubnetLayer(deployer, {
      genesis: [{ to: deployer.address, amount: registrarTao + BigInt(SUBNETS) * lock + tao(10_000) }],
      networkRateLimit: 0n,
      oracles: oracles.map((o) => o.address),
      oracleThreshold: THRESHOLD,
    });
    count(await gasOf(layer.settlement.setRoundTimeout(1_000_000)));
    if (SUBNETS > 128) count(await gasOf(layer.registry.setSubnetLimit(SUBNETS)));
    const registrar = await new BulkRegistrar__factory(deployer).deploy(layer.addresses.SubnetRegistry, layer.addresses.Staking, layer.addresses.Tao);
    await registrar.waitForDeployment();
    count(await gasOf(layer.tao.transfer(await registrar.getAddress(), registrarTao)));
    count(await gasOf(layer.tao.transfer(owner.address, BigInt(SUBNETS) * lock + tao(100))));
    count(await gasOf(layer.tao.connect(owner).approve(layer.addresses.SubnetRegistry, ethers.MaxUint256)));
    return { layer, registrar };
  });
  const a = layer.addresses;

  const netuids = await step(`register ${SUBNETS} subnets (owner) and set their parameters (deployer)`, async (count) => {
    const out: number[] = [];
    let lockSlot: string | undefined;
    for (let s = 0; s < SUBNETS; s++) {
      if (lockSlot !== undefined) await rpc("hardhat_setStorageAt", [a.SubnetRegistry, lockSlot, ZeroHash]);
      const cost = await layer.registry.networkLockCost();
      if (cost !== lock) throw new Error(`lock cost ${cost}, expected ${lock}`);
      const netuid = s + 1; // netuids start at 1 and are never reused
      count(await gasOf(layer.registry.connect(owner).registerNetwork(hotkeyOf(netuid, -1), cost)));
      lockSlot ??= await findLockSlot(layer, cost);
      const params = {
        ...plainHyperparameters(await layer.registry.hyperparameters(netuid)),
        tempo,
        maxAllowedValidators: VALIDATORS,
        weightsSetRateLimit: 0,
      };
      count(await gasOf(layer.registry.setHyperparameters(netuid, params)));
      count(
        await gasOf(
          layer.registry.setRegistrationParameters(netuid, {
            minBurn: 500_000n,
            maxBurn: MAX_BURN,
            burnIncreaseMult: 1n << 64n,
            burnHalfLife: 360,
            immuneOwnerUidsLimit: 1,
            minNonImmuneUids: 10,
          }),
        ),
      );
      out.push(netuid);
      if ((s + 1) % 16 === 0 || s + 1 === SUBNETS) log(`  ${s + 1}/${SUBNETS} subnets registered`);
    }
    return out;
  });

  await step(`register ${SUBNETS} × ${UIDS - 1} hotkeys (BulkRegistrar, ${REGISTER_BATCH} a transaction)`, async (count) => {
    for (const netuid of netuids) {
      const hotkeys = Array.from({ length: UIDS - 1 }, (_, i) => hotkeyOf(netuid, i + 1));
      for (let i = 0; i < hotkeys.length; i += REGISTER_BATCH) {
        count(await gasOf(registrar.register(netuid, hotkeys.slice(i, i + REGISTER_BATCH), MAX_BURN, { gasLimit: 16_000_000 })));
      }
      if (netuid % 16 === 0 || netuid === SUBNETS) log(`  ${netuid}/${SUBNETS} subnets filled`);
    }
    const n = (await layer.registry.subnet(netuids[SUBNETS - 1])).n;
    const [registered, uid] = await layer.registry.uidOf(netuids[SUBNETS - 1], hotkeyOf(netuids[SUBNETS - 1], UIDS - 1));
    if (Number(n) !== UIDS || !registered || Number(uid) !== UIDS - 1) throw new Error(`the last subnet has ${n} UIDs`);
  });

  await step(`start the ${SUBNETS} subnets in one block`, async (count) => {
    const nonce = await owner.getNonce("pending");
    const receipts = await inOneBlock(SUBNETS, (i) => layer.registry.connect(owner).startCall(netuids[i], { nonce: nonce + i, gasLimit: 400_000 }));
    count(sum(receipts.map((r) => r.gasUsed)), receipts.length);
  });

  await step(`stake on ${SUBNETS} × ${VALIDATORS} validators (BulkRegistrar, ${STAKE_BATCH} a transaction)`, async (count) => {
    for (const netuid of netuids) {
      for (let i = 0; i < VALIDATORS; i += STAKE_BATCH) {
        const hotkeys = Array.from({ length: Math.min(STAKE_BATCH, VALIDATORS - i) }, (_, k) => hotkeyOf(netuid, i + k + 1));
        count(await gasOf(registrar.stake(netuid, hotkeys, validatorStake.slice(i, i + hotkeys.length), { gasLimit: 16_000_000 })));
      }
      if (netuid % 16 === 0 || netuid === SUBNETS) log(`  ${netuid}/${SUBNETS} subnets staked`);
    }
  });

  const nodes = oracles.map((signer) => {
    const recorder = new PhaseRecorder();
    const node = new OracleNode({
      signer,
      lens: a.MetagraphLens,
      settlement: a.EpochSettlement,
      store: new MemoryBondsStore(),
      backend: "cpu",
      claimStakeCredits: false,
      timings: recorder.hook,
    });
    return { node, recorder, signer };
  });
  const settler = THRESHOLD - 1; // the node whose attestation completes the quorum, ticking in order
  const rounds: RoundRecord[] = [];

  /** Mines to the common due block and ticks every node in turn; `beforeSettler` runs just before the settling node. */
  const runRound = async (round: number, label: string, beforeSettler?: () => Promise<void>): Promise<{ record: RoundRecord; results: EpochResult[][]; from: bigint; to: bigint }> => {
    const due = await commonDueBlock(layer, netuids);
    log(`round ${round} (${label}): mining to the due block ${due}`);
    await mineTo(due);
    const from = await blockNumber();
    const at = performance.now();
    const record: RoundRecord = { round, label, snapshotBlock: due.toString(), nodes: [], ms: 0 };
    const results: EpochResult[][] = [];
    for (const [i, { node, recorder }] of nodes.entries()) {
      if (i === settler) await beforeSettler?.();
      const tickAt = performance.now();
      const r = await node.tick();
      const tickMs = performance.now() - tickAt;
      const outcomes: Record<string, number> = {};
      for (const x of r) outcomes[x.outcome] = (outcomes[x.outcome] ?? 0) + 1;
      if (r.length === 0) outcomes["nothing due"] = SUBNETS;
      const failed = r.find((x) => x.outcome === "failed" || x.outcome === "rejected");
      if (failed !== undefined) throw new Error(`node ${i + 1}: subnet ${failed.netuid} ${failed.outcome}: ${failed.error}`);
      record.nodes.push({ node: i + 1, tick_ms: tickMs, outcomes, phases: recorder.stats() });
      results.push(r);
      log(`  node ${i + 1}: ${(tickMs / 1000).toFixed(1)} s, ${Object.entries(outcomes).map(([k, v]) => `${v} ${k}`).join(", ")}`);
    }
    record.ms = performance.now() - at;
    const to = await blockNumber();
    const settled = await layer.settlement.queryFilter(layer.settlement.filters.EpochSettled(), Number(from) + 1, Number(to));
    if (settled.length !== SUBNETS || settled.some((e) => e.args.snapshotBlock !== due)) throw new Error(`round ${round}: ${settled.length} epochs settled, not ${SUBNETS}`);
    rounds.push(record);
    return { record, results, from, to };
  };

  await runRound(1, "no weights yet: gives the validators their permits");

  await step(`set weights: ${SUBNETS} × ${VALIDATORS} validators, each its own transaction`, async (count) => {
    const data = (netuid: number, v: number): string => {
      const miners = Array.from({ length: MINERS }, (_, m) => VALIDATORS + 1 + m);
      // A shared score per miner and a validator's own noise: consensus with dissent.
      const values = miners.map((u) => 1 + ((u * 7_919) % 40_000) + ((u * 31 + v * 104_729) % 8_000));
      return layer.weights.interface.encodeFunctionData("setWeightsPacked", [netuid, packWeightPairs(miners, values), 0]);
    };
    const balance = hex(parseEther("10"));
    let gas = 0n;
    for (const netuid of netuids) {
      for (let v = 1; v <= VALIDATORS; v++) {
        const hotkey = hotkeyOf(netuid, v);
        await rpc("hardhat_impersonateAccount", [hotkey]);
        await rpc("hardhat_setBalance", [hotkey, balance]);
        const hash = (await rpc("eth_sendTransaction", [{ from: hotkey, to: a.Weights, data: data(netuid, v), gas: hex(1_000_000) }])) as string;
        await rpc("hardhat_stopImpersonatingAccount", [hotkey]);
        const receipt = await ethers.provider.getTransactionReceipt(hash);
        if (receipt === null || receipt.status !== 1) throw new Error(`weights of ${hotkey} on ${netuid} failed`);
        gas += receipt.gasUsed;
      }
      count(gas, VALIDATORS);
      gas = 0n;
      if (netuid % 8 === 0 || netuid === SUBNETS) log(`  ${netuid * VALIDATORS}/${SUBNETS * VALIDATORS} weight rows set`);
    }
  });

  // The settling node's tick is where the settles happen: the chain is kept as it is just before it, to
  // replay those settles in blocks already accrued (see the header).
  let beforeSettling = "";
  const round2 = await runRound(2, "every validator weights every miner: the first epoch to pay them", async () => {
    beforeSettling = (await rpc("evm_snapshot")) as string;
  });

  // Gas of round 2 as it ran (one transaction a block).
  const receiptsOf = async (logs: Array<{ transactionHash: string }>) =>
    Promise.all([...new Set(logs.map((l) => l.transactionHash))].map(async (h) => (await ethers.provider.getTransactionReceipt(h))!));
  const [from2, to2] = [Number(round2.from) + 1, Number(round2.to)];
  const attestReceipts = await receiptsOf(await layer.settlement.queryFilter(layer.settlement.filters.Attested(), from2, to2));
  const settleReceipts = await receiptsOf(await layer.settlement.queryFilter(layer.settlement.filters.EpochSettled(), from2, to2));
  const attestGas = attestReceipts.map((r) => r.gasUsed);
  const settleGasAsRun = settleReceipts.map((r) => r.gasUsed);

  const diagnostics = await readCosts(layer, netuids[0], BigInt(rounds[1].snapshotBlock));

  // Claims: every credited UID's stake credit, CLAIM_BATCH UIDs a transaction, as a keeper would.
  let claims: { ms: number; txs: number; uids: number; gas: bigint[] } | undefined;
  if (CLAIMS) {
    log(`claiming the stake credits of ${SUBNETS} subnets (${CLAIM_BATCH} UIDs a transaction)`);
    const at = performance.now();
    const gas: bigint[] = [];
    let uids = 0;
    for (const netuid of netuids) {
      const credits = [...(await layer.settlement.stakeCredits(netuid))];
      const credited = credits.flatMap((c, uid) => (c > 0n ? [uid] : []));
      uids += credited.length;
      for (let i = 0; i < credited.length; i += CLAIM_BATCH) {
        gas.push(await gasOf(layer.settlement.claimStakeCredits(netuid, credited.slice(i, i + CLAIM_BATCH), { gasLimit: 16_000_000 })));
      }
      if (netuid % 16 === 0 || netuid === SUBNETS) log(`  ${netuid}/${SUBNETS} subnets claimed`);
    }
    claims = { ms: performance.now() - at, txs: gas.length, uids, gas };
  }

  // The settles replayed, each after a keeper's accrual in its block.
  log(`replaying the ${SUBNETS} settles in blocks already accrued`);
  const replay = await replaySettles(layer, beforeSettling, deployer, oracles[settler], round2.results[settler]);

  report({ steps, rounds, attestGas, settleGasAsRun, replay, claims, diagnostics });
}

/** The one block every subnet is due at (they started together and settle together). */
async function commonDueBlock(layer: SubnetLayer, netuids: readonly number[]): Promise<bigint> {
  const blocks = new Set(await Promise.all(netuids.map((n) => layer.coinbase.dueBlock(n))));
  if (blocks.size !== 1) throw new Error(`the subnets are due at ${blocks.size} different blocks`);
  return [...blocks][0];
}

/** The registry's storage slot holding NetworkLastLockCost, found by its value right after a registration. */
async function findLockSlot(layer: SubnetLayer, paid: bigint): Promise<string> {
  const found: string[] = [];
  for (let slot = 0; slot < 64; slot++) {
    const value = (await rpc("eth_getStorageAt", [layer.addresses.SubnetRegistry, hex(slot), "latest"])) as string;
    if (BigInt(value) === paid) found.push(hex(slot));
  }
  if (found.length !== 1) throw new Error(`NetworkLastLockCost: ${found.length} candidate slots`);
  return found[0];
}

interface ReadCosts {
  /** One `epochSnapshot` eth_call at the due block, alone (mean of a few). */
  snapshot_ms: number;
  /** The same call at the latest block: a past block's state costs the in-process chain more to serve. */
  snapshot_latest_ms: number;
  /** Its gas, as `eth_estimateGas` prices the call (what an RPC node's call gas cap is checked against). */
  snapshot_gas: bigint;
  /** One block's WeightsSet logs of one subnet, alone (mean of a few). */
  logs_ms: number;
  /** Distinct weight blocks a node reads logs from in the round (all subnets). */
  weight_blocks: number;
}

/** What the node's reads cost one at a time, to tell the chain's service time from the node's queueing. */
async function readCosts(layer: SubnetLayer, netuid: number, snapshotBlock: bigint): Promise<ReadCosts> {
  const runs = 3;
  let at = performance.now();
  let snapshot = await layer.lens.epochSnapshot(netuid, { blockTag: Number(snapshotBlock) });
  for (let i = 1; i < runs; i++) snapshot = await layer.lens.epochSnapshot(netuid, { blockTag: Number(snapshotBlock) });
  const snapshotMs = (performance.now() - at) / runs;
  at = performance.now();
  for (let i = 0; i < runs; i++) await layer.lens.epochSnapshot(netuid);
  const latestMs = (performance.now() - at) / runs;
  const snapshotGas = await ethers.provider.estimateGas({ to: layer.addresses.MetagraphLens, data: layer.lens.interface.encodeFunctionData("epochSnapshot", [netuid]) });
  const blocks = [...new Set(snapshot.weightBlocks.filter((b) => b !== 0n))];
  const topics = [layer.weights.interface.getEvent("WeightsSet").topicHash, ethers.zeroPadValue(ethers.toBeHex(netuid), 32)];
  at = performance.now();
  for (let i = 0; i < runs && blocks.length > 0; i++) {
    const block = Number(blocks[i % blocks.length]);
    await ethers.provider.getLogs({ address: layer.addresses.Weights, topics, fromBlock: block, toBlock: block });
  }
  return { snapshot_ms: snapshotMs, snapshot_latest_ms: latestMs, snapshot_gas: snapshotGas, logs_ms: (performance.now() - at) / runs, weight_blocks: blocks.length * SUBNETS };
}

interface Replay {
  settle: bigint[];
  accrual: bigint[];
}

/**
 * Reverts to `snapshot` (just before the settling node's tick) and replays that node's round: its
 * attestations, then each settle in a block of its own whose emission accrual a keeper transaction
 * (higher tip, so first) paid. The gas of a settle there is the settle's own.
 */
async function replaySettles(layer: SubnetLayer, snapshot: string, keeper: Signer, settler: Signer, results: EpochResult[]): Promise<Replay> {
  if (!(await rpc("evm_revert", [snapshot]))) throw new Error("evm_revert failed");
  const settled = results.filter((r) => r.outcome === "settled" && r.report !== undefined && r.reportHash !== undefined);
  const settlement = layer.settlement.connect(settler);
  const fees = (tip: string) => ({ maxFeePerGas: parseUnits("1000", "gwei"), maxPriorityFeePerGas: parseUnits(tip, "gwei") });
  const out: Replay = { settle: [], accrual: [] };
  await rpc("evm_setAutomine", [false]);
  try {
    let nonce = await settler.getNonce("pending");
    const attests: ContractTransactionResponse[] = [];
    for (const r of settled) attests.push(await settlement.attest(r.netuid, r.snapshotBlock, r.reportHash!, { nonce: nonce++, gasLimit: 300_000, ...fees("1") }));
    for (let i = 0; i < 10 && ((await rpc("eth_getBlockByNumber", ["pending", false])) as { transactions: unknown[] }).transactions.length > 0; i++) await rpc("evm_mine");
    for (const t of attests) if ((await t.wait())?.status !== 1) throw new Error("a replayed attestation failed");
    let keeperNonce = await keeper.getNonce("pending");
    for (const [i, r] of settled.entries()) {
      const accrual = await layer.coinbase.connect(keeper).accrue({ nonce: keeperNonce++, gasLimit: 16_000_000, ...fees("2") });
      const settle = await settlement.settle(r.report as EpochReport, { nonce: nonce++, gasLimit: 16_000_000, ...fees("1") });
      await rpc("evm_mine");
      const [ra, rs] = [await accrual.wait(), await settle.wait()];
      if (ra === null || rs === null || ra.blockNumber !== rs.blockNumber || ra.index !== 0 || rs.index !== 1) throw new Error("replay: the keeper's accrual did not come first in the block");
      if (!rs.logs.some((l) => layer.settlement.interface.parseLog(l)?.name === "EpochSettled")) throw new Error(`replay: subnet ${r.netuid} did not settle`);
      out.accrual.push(ra.gasUsed);
      out.settle.push(rs.gasUsed);
      if ((i + 1) % 32 === 0) log(`  ${i + 1}/${settled.length} settles replayed`);
    }
  } finally {
    await rpc("evm_setAutomine", [true]);
  }
  return out;
}

/* REPORT */

const PHASE_ROWS: Array<[OracleNodePhase, string]> = [
  ["due", "due subnets (dueSubnets + block header)"],
  ["state", "epoch state (hasAttested, acceptedHash)"],
  ["inputs", "all reads, end to end"],
  ["snapshot", "  snapshot reads (epochSnapshot at the due block)"],
  ["weights", "  weight-log reads (WeightsSet logs)"],
  ["bonds", "  bond recovery (cache or replay)"],
  ["compute", "engine compute (cpu)"],
  ["report", "reports, hashes, bonds commitments"],
  ["attest", "attest transactions (+ checks)"],
  ["settle", "settle transactions"],
];

function report(r: {
  steps: SetupStep[];
  rounds: RoundRecord[];
  attestGas: bigint[];
  settleGasAsRun: bigint[];
  replay: Replay;
  claims?: { ms: number; txs: number; uids: number; gas: bigint[] };
  diagnostics: ReadCosts;
}): void {
  const print = (line = ""): void => console.log(line);
  print();
  print(`Setup: ${SUBNETS} subnets × ${UIDS} UIDs, ${VALIDATORS} validators each`);
  print(
    formatTable(
      ["step", "s", "transactions", "gas"],
      [...r.steps.map((s) => [s.step, (s.ms / 1000).toFixed(1), s.txs, fmtGas(s.gas)]), ["total", (r.steps.reduce((t, s) => t + s.ms, 0) / 1000).toFixed(1), r.steps.reduce((t, s) => t + s.txs, 0), fmtGas(sum(r.steps.map((s) => s.gas)))]],
    ),
  );

  for (const round of r.rounds) {
    print();
    print(`Round ${round.round} (${round.label}), snapshot block ${round.snapshotBlock}: ${(round.ms / 1000).toFixed(1)} s for ${NODES} nodes ticking in turn`);
    const busiest = round.nodes.find((n) => n.phases.settle !== undefined) ?? round.nodes[0];
    print(
      `ms: the phase's wall time in each node's tick (per-epoch phases overlap across epochs); per epoch: node ${busiest.node}'s (the settling node) / ${SUBNETS}; ` +
        "Σ calls: the sum of its per-epoch calls",
    );
    const headers = ["phase", ...round.nodes.map((n) => `node ${n.node} ms`), "per epoch ms", "Σ calls ms"];
    const perEpoch = new Set<OracleNodePhase>(["snapshot", "weights", "bonds", "attest", "settle"]);
    const rows: Cell[][] = PHASE_ROWS.map(([phase, label]) => {
      const b = busiest.phases[phase];
      return [
        label,
        ...round.nodes.map((n) => (n.phases[phase] === undefined ? "-" : fmtMs(n.phases[phase]!.wall_ms))),
        b === undefined ? "-" : (b.wall_ms / SUBNETS).toFixed(1),
        b === undefined || !perEpoch.has(phase) ? "-" : fmtMs(b.sum_ms),
      ];
    });
    rows.push(["tick total", ...round.nodes.map((n) => fmtMs(n.tick_ms)), (busiest.tick_ms / SUBNETS).toFixed(1), "-"]);
    print(formatTable(headers, rows));
    print(`outcomes: ${round.nodes.map((n) => `node ${n.node} ${Object.entries(n.outcomes).map(([k, v]) => `${v} ${k}`).join(", ")}`).join("; ")}`);
  }

  const replayAccrual = r.replay.accrual.length === 0 ? 0n : sum(r.replay.accrual) / BigInt(r.replay.accrual.length);
  // The accrual as a block's first settle pays it: the keeper's transaction less its own 21 000 base cost.
  const perBlock = replayAccrual > 21_000n ? replayAccrual - 21_000n : 0n;
  const stat = (xs: bigint[]): Cell[] =>
    xs.length === 0 ? [0, "-", "-", "-", "-"] : [xs.length, fmtGas(sum(xs) / BigInt(xs.length)), fmtGas(xs.reduce((m, x) => (x < m ? x : m))), fmtGas(xs.reduce((m, x) => (x > m ? x : m))), fmtGas(sum(xs))];
  const gasRows: Cell[][] = [
    ["attest (round 2)", ...stat(r.attestGas)],
    ["settle as run (own block: pays the block's accrual)", ...stat(r.settleGasAsRun)],
    ["settle, its block already accrued (replay)", ...stat(r.replay.settle)],
    [`Coinbase.accrue over ${SUBNETS} subnets (once a block)`, ...stat(r.replay.accrual)],
  ];
  if (r.claims) gasRows.push([`claimStakeCredits (${CLAIM_BATCH} UIDs; no accrual)`, ...stat(r.claims.gas)]);
  print();
  print("Gas");
  print(formatTable(["transaction", "count", "mean", "min", "max", "total"], gasRows));

  const settleTotal = sum(r.replay.settle);
  const attestTotal = sum(r.attestGas);
  const projection = BLOCK_LIMITS.map((limit) => {
    const attestBlocks = blocksNeeded(r.attestGas, limit, 0n);
    const settleBlocks = blocksNeeded(r.replay.settle, limit, perBlock);
    // Claims run no accrual (Staking.pay does not accrue): they pack by their own gas.
    const claimBlocks = r.claims ? blocksNeeded(r.claims.gas, limit, 0n) : 0;
    return { block_gas_limit: limit, attest_blocks: attestBlocks, settle_blocks: settleBlocks, claim_blocks: claimBlocks, seconds_attest_and_settle: (attestBlocks + settleBlocks) * BLOCK_SECONDS };
  });
  print();
  print(
    `One round on a real chain: ${SUBNETS} settles = ${fmtGas(settleTotal)} gas (${fmtGas(settleTotal / BigInt(Math.max(1, r.replay.settle.length)))} each) + one accrual of ${fmtGas(perBlock)} a block;` +
      ` ${r.attestGas.length} attestations = ${fmtGas(attestTotal)} gas.`,
  );
  print(
    formatTable(
      ["block gas limit", "attest blocks", "settle blocks", `min s (${BLOCK_SECONDS} s blocks)`, "claim blocks"],
      projection.map((p) => [fmtGas(p.block_gas_limit), p.attest_blocks, p.settle_blocks, p.seconds_attest_and_settle, r.claims ? p.claim_blocks : "-"]),
    ),
  );
  if (r.claims) print(`Claims (a keeper's, after the round): ${r.claims.uids} UIDs in ${r.claims.txs} transactions, ${(r.claims.ms / 1000).toFixed(1)} s, ${fmtGas(sum(r.claims.gas))} gas.`);
  const d = r.diagnostics;
  print(
    `Reads alone (sequential, after the round): epochSnapshot at the due block ${d.snapshot_ms.toFixed(0)} ms (at the latest block ${d.snapshot_latest_ms.toFixed(0)} ms; ${fmtGas(d.snapshot_gas)} gas as a call), ` +
      `one block's WeightsSet logs ${d.logs_ms.toFixed(1)} ms; ${SUBNETS} snapshots + ${d.weight_blocks} log reads a node ≈ ${((SUBNETS * d.snapshot_ms + d.weight_blocks * d.logs_ms) / 1000).toFixed(1)} s served one at a time.`,
  );

  const env = {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.arch()}`,
    hardhat: network.name,
    date: new Date().toISOString(),
  };
  const json = {
    env,
    options: { subnets: SUBNETS, uids: UIDS, validators: VALIDATORS, miners: MINERS, nodes: NODES, threshold: THRESHOLD, claims: CLAIMS, backend: "cpu" },
    setup: r.steps.map((s) => ({ step: s.step, ms: s.ms, txs: s.txs, gas: s.gas.toString() })),
    setup_ms: r.steps.reduce((t, s) => t + s.ms, 0),
    rounds: r.rounds,
    gas: {
      attest: r.attestGas.map(String),
      settle_as_run: r.settleGasAsRun.map(String),
      settle_block_accrued: r.replay.settle.map(String),
      accrual_per_block: perBlock.toString(),
      settle_total: settleTotal.toString(),
      attest_total: attestTotal.toString(),
      claims: r.claims ? { ms: r.claims.ms, txs: r.claims.txs, uids: r.claims.uids, gas: sum(r.claims.gas).toString() } : null,
    },
    projection,
    reads_alone: { ...r.diagnostics, snapshot_gas: r.diagnostics.snapshot_gas.toString() },
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(json, null, 2)}\n`);
  print();
  print(`Wrote ${path.relative(process.cwd(), OUT)}`);
}

main()
  .catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  })
  // The CPU engine's worker threads would keep the process alive.
  .finally(() => closeEngine());
