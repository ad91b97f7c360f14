/**
 * The soak run: a committee of N nodes over S subnets for K epochs while faults are injected at random
 * (seeded), then a drain with every node whole, then the truth from the chain (./measure).
 *
 * Faults: at each epoch boundary of the block clock (every `tempo` blocks from the run's start), each
 * healthy node gets one with probability `faults`, of a kind drawn by weight, while fewer than
 * `maxDown` nodes are faulty (default N − t: the committee keeps a quorum; more only delays epochs,
 * which the run reports). One node may be held back and join late.
 *
 * Stops when every subnet has settled K epochs; or when the fastest subnet is 2 epochs past K and the
 * slowest has stopped moving (a stuck subnet: it shows as lost); or when nothing settled anywhere for
 * a stall window; or at the time bound (keeping time for the drain).
 */
import * as path from "path";
import { type FaultKind, FaultInjector, type FaultRecord } from "./faults";
import { Harness } from "./harness";
import { type ChainMeasure, measureChain } from "./measure";
import { type LogSummary, summarizeLog } from "./node-logs";
import { Rng } from "./rng";
import { LIE_VARIANTS } from "./tamper";

export interface SoakOptions {
  nodes: number;
  threshold: number;
  subnets: number;
  epochs: number;
  /** Probability per node per epoch of a fault. */
  faults: number;
  seed: number;
  maxMinutes: number;
  dir: string;
  tempo: number;
  blockMs: number;
  validators: number;
  miners: number;
  /** Start the last node only after this many epochs (0: all start together). */
  lateJoin: number;
  maxDown: number;
  /** Blocks the drain may take (after the run proper) for the epochs due during the run to settle. */
  drainBlocks: number;
  roundTimeout?: number;
  pollMs: number;
  /** Read every block for settle transactions that reverted (races lost on the chain). */
  scanTxs: boolean;
  log: (line: string) => void;
}

export interface SoakResult {
  options: Omit<SoakOptions, "log">;
  wallSeconds: number;
  setupSeconds: number;
  stopReason: string;
  blocks: { runStart: number; stop: number; end: number; byTimer: number };
  measure: ChainMeasure;
  faults: FaultRecord[];
  faultCounts: Record<string, { injected: number; triggered: number; recovered: number; medianRecoveryBlocks?: number }>;
  crashRestarts: FaultInjector["crashRestarts"];
  nodeExits: Array<{ node: number; code: number | null; signal: string | null; expected: boolean; reason?: string }>;
  logs: LogSummary[];
  racesLost: number;
  weights: { rows: number; refused: number; refusals: Record<string, number> };
  ok: boolean;
}

const KIND_WEIGHTS: ReadonlyArray<readonly [Exclude<FaultKind, "late-join">, number]> = [
  ["kill", 3],
  ["kill-after-attest", 2],
  ["delete-store", 2],
  ["truncate-store", 1],
  ["rpc-outage", 2],
  ["liar", 2],
];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const t0 = Date.now();
  const elapsed = (): string => `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s`;
  const log = (line: string): void => o.log(`[${elapsed()}] ${line}`);
  const rng = new Rng(o.seed);
  const late = o.lateJoin > 0 ? [o.nodes - 1] : [];
  const h = await Harness.start({
    dir: o.dir,
    nodes: o.nodes,
    threshold: o.threshold,
    subnets: o.subnets,
    validators: o.validators,
    miners: o.miners,
    tempo: o.tempo,
    blockMs: o.blockMs,
    pollMs: o.pollMs,
    roundTimeout: o.roundTimeout,
    deferred: late,
    log,
  });
  const setupSeconds = (Date.now() - t0) / 1000;
  try {
    const injector = new FaultInjector(h);
    const netuids = h.network.subnets.map((s) => s.netuid);
    const base = await h.settledAll();
    h.startMining();
    const deadline = t0 + o.maxMinutes * 60_000;
    const drainReserveMs = Math.min(180_000, o.maxMinutes * 60_000 * 0.25);
    const stallBlocks = Math.max(6 * o.tempo, 2 * (h.network.roundTimeout ?? 0) + 2 * o.tempo);
    let lastEpoch = 0;
    let lastProgress = 0;
    let lastSettleBlock = h.head;
    let lastTotal = 0;
    // Per subnet: its settled count and the block it last moved at (a stuck subnet stops moving).
    const moved = new Map(netuids.map((n) => [n, { count: 0, block: h.head }]));
    let stopReason = "";
    for (;;) {
      await injector.update();
      const counts = await h.settledAll();
      const since = netuids.map((n) => counts.get(n)! - base.get(n)!);
      const total = since.reduce((a, b) => a + b, 0);
      if (total > lastTotal) {
        lastTotal = total;
        lastSettleBlock = h.head;
      }
      netuids.forEach((n, i) => {
        const m = moved.get(n)!;
        if (since[i] > m.count) moved.set(n, { count: since[i], block: h.head });
      });
      const min = Math.min(...since);
      const max = Math.max(...since);
      const slowestMoved = Math.max(...netuids.filter((_, i) => since[i] === min).map((n) => moved.get(n)!.block));
      const epoch = Math.floor((h.head - h.runStartBlock) / o.tempo);

      if (late.length > 0 && injector.parked.has(late[0]) && min >= o.lateJoin) injector.lateJoin(late[0], `after ${min} epochs`);
      for (; lastEpoch < epoch; lastEpoch++) {
        if (o.faults <= 0) continue;
        for (const node of h.nodes) {
          // Only a node that is up: one still starting (ts-node takes seconds) is not yet a member to fault.
          if (injector.isFaulty(node.index) || injector.parked.has(node.index) || !node.isUp()) continue;
          if (rng.next() >= o.faults) continue;
          if (injector.activeFaults.length + injector.parked.size >= o.maxDown) continue;
          await inject(injector, node.index, rng.weighted(KIND_WEIGHTS), rng, o.tempo);
        }
      }
      if (Date.now() - lastProgress > 5_000 || min >= o.epochs) {
        lastProgress = Date.now();
        const active = injector.activeFaults.map((f) => `${f.kind}@n${f.node}`).join(", ") || "none";
        log(`epoch ${Math.min(min, o.epochs)}/${o.epochs}  block ${h.head}  settled ${total} (per subnet ${min}..${max})  faults: ${active}${injector.parked.size > 0 ? `  waiting to join: n${[...injector.parked].join(", n")}` : ""}`);
      }
      if (min >= o.epochs) {
        stopReason = `every subnet settled ${o.epochs} epochs`;
        break;
      }
      if (max >= o.epochs + 2 && h.head - slowestMoved > stallBlocks) {
        stopReason = `the fastest subnet is past ${o.epochs + 2} epochs and the slowest stopped at ${min}`;
        break;
      }
      if (h.head - lastSettleBlock > stallBlocks) {
        stopReason = `nothing settled for ${stallBlocks} blocks`;
        break;
      }
      if (Date.now() > deadline - drainReserveMs) {
        stopReason = `time bound (${o.maxMinutes} min, less the drain reserve)`;
        break;
      }
      await sleep(400);
    }
    const stopBlock = h.head;
    log(`run over at block ${stopBlock}: ${stopReason}; ending every fault and draining (up to ${o.drainBlocks} blocks)`);
    await injector.endAll();
    const drainUntil = stopBlock + o.drainBlocks;
    const drainDeadline = Math.max(deadline, Date.now() + 60_000);
    for (;;) {
      await injector.update();
      const open = [];
      for (const netuid of netuids) if (Number(await h.network.layer.coinbase.dueBlock(netuid)) <= stopBlock) open.push(netuid);
      if (open.length === 0) {
        log(`drained at block ${h.head}: every epoch due by block ${stopBlock} is settled`);
        break;
      }
      if (h.head >= drainUntil || Date.now() > drainDeadline) {
        log(`drain window over at block ${h.head}; still due from the run: subnets ${open.join(", ")}`);
        break;
      }
      await sleep(500);
    }
    const endBlock = h.head;
    h.pauseMining();
    log(`measuring from the chain (blocks ${h.network.setupBlock + 1}..${endBlock})...`);
    const measure = await measureChain(h.provider, h.network, {
      fromBlock: h.network.setupBlock + 1,
      stopBlock,
      toBlock: endBlock,
      oracles: h.keys.map((k) => k.address),
      blockSeenAt: h.blockSeenAt,
      scanSettleTxs: o.scanTxs,
      checkAlpha: true,
    });
    injector.settleRecoveries(measure);
    const logs = h.nodes.map((n) => summarizeLog(n.logFile));
    const faultCounts: SoakResult["faultCounts"] = {};
    for (const r of injector.records) {
      const c = (faultCounts[r.kind] ??= { injected: 0, triggered: 0, recovered: 0 });
      c.injected++;
      if (r.triggered) c.triggered++;
      if (r.recoveredBlock !== undefined) c.recovered++;
    }
    for (const [kind, c] of Object.entries(faultCounts)) {
      const times = injector.records.filter((r) => r.kind === kind && r.recoveredBlock !== undefined).map((r) => r.recoveredBlock! - r.endBlock!);
      if (times.length > 0) c.medianRecoveryBlocks = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
    }
    const racesLost = logs.reduce((a, l) => a + l.racesLost, 0);
    const { log: _log, ...options } = o;
    const result: SoakResult = {
      options,
      wallSeconds: (Date.now() - t0) / 1000,
      setupSeconds,
      stopReason,
      blocks: { runStart: h.runStartBlock, stop: stopBlock, end: endBlock, byTimer: h.minedByTimer.blocks },
      measure,
      faults: injector.records,
      faultCounts,
      crashRestarts: injector.crashRestarts,
      nodeExits: h.nodes.flatMap((n) => n.exits.map((e) => ({ node: n.index, code: e.code, signal: e.signal, expected: e.expected, reason: e.reason }))),
      logs,
      racesLost,
      weights: { rows: h.keeper.stats.rows, refused: h.keeper.stats.refused, refusals: Object.fromEntries(h.keeper.stats.refusals) },
      ok: measure.totals.lost === 0 && measure.totals.settledTwice === 0,
    };
    return result;
  } finally {
    await h.stop();
  }
}

async function inject(injector: FaultInjector, node: number, kind: Exclude<FaultKind, "late-join">, rng: Rng, tempo: number): Promise<void> {
  switch (kind) {
    case "kill":
      await injector.kill(node, rng.int(1, 2 * tempo));
      return;
    case "kill-after-attest":
      await injector.killAfterAttest(node, rng.int(1, tempo), 3 * tempo);
      return;
    case "delete-store":
      await injector.deleteStore(node);
      return;
    case "truncate-store":
      await injector.truncateStore(node);
      return;
    case "rpc-outage":
      await injector.rpcOutage(node, rng.next() < 0.5 ? "refuse" : "blackhole", rng.int(Math.ceil(tempo / 2), 2 * tempo));
      return;
    case "liar":
      await injector.liar(node, LIE_VARIANTS[rng.int(0, LIE_VARIANTS.length - 1)], rng.int(tempo, 3 * tempo));
      return;
  }
}

/** Default log folder of a soak run. */
export function defaultSoakDir(root: string, seed: number): string {
  return path.join(root, "tmp-soak", `seed-${seed}-${new Date().toISOString().replace(/[:.]/g, "-")}`);
}
