/**
 * A local oracle committee on a real JSON-RPC chain, for the soak run and the fault tests:
 *
 *   Hardhat node (child process) <- proxy i <- oracle node i (child process), i = 0..N-1
 *                                 <- the harness (deploys, mines, sets weights, injects faults, measures)
 *
 * Blocks: the chain automines (every transaction is its own block, so a node never waits on a block
 * to see its transaction land: the nodes' providers poll only every 4 s) and the harness adds an empty
 * block every `blockMs` on top, so the chain advances on its own and round timeouts expire even when
 * nobody sends anything. `evm_mine` one block at a time: `hardhat_mine` ranges cannot be read by the
 * nodes' historical `eth_call`s.
 *
 * Everything the harness starts is killed when it stops, exits, fails or is interrupted (./processes).
 */
import * as fs from "fs";
import * as path from "path";
import { FetchRequest, JsonRpcProvider, Network } from "ethers";
import { type OracleKey, oracleKeys } from "./accounts";
import { type ChainProcess, startHardhatNode } from "./chain";
import { HarnessError, HarnessTimeoutError } from "./errors";
import { type LocalNetwork, WeightKeeper, setUpNetwork } from "./network";
import { type NodeRole, OracleProcess, START_LINE } from "./oracle-process";
import { killAll } from "./processes";
import { RpcProxy } from "./proxy";

export interface HarnessOptions {
  /** Repository root (bin/subnet-layer.js, node_modules/hardhat). */
  root?: string;
  /** Where logs and stores go. */
  dir: string;
  nodes: number;
  threshold: number;
  subnets: number;
  validators?: number;
  miners?: number;
  tempo: number;
  activityCutoffFactorMilli?: number;
  /** EpochSettlement.setRoundTimeout, when the settlement has rounds (default: the contract's). */
  roundTimeout?: number;
  /** An empty block every this many ms (transactions add their own). */
  blockMs: number;
  /** The nodes' --poll-ms. */
  pollMs?: number;
  backend?: string;
  /** Validators set weights again every this many settled epochs of their subnet. */
  weightsEvery?: number;
  /** Nodes not started with the others (late joiners): the caller starts them. */
  deferred?: readonly number[];
  log?: (line: string) => void;
}

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export class Harness {
  head = 0;
  /** When the harness first saw each block (ms): turns block numbers into wall time for the phase timings. */
  readonly blockSeenAt = new Map<number, number>();
  /** The block at which the nodes were running and mining started. */
  runStartBlock = 0;
  readonly keeper: WeightKeeper;
  private miningTimer?: NodeJS.Timeout;
  private clockTimer?: NodeJS.Timeout;
  private keeperTimer?: NodeJS.Timeout;
  private mining = false;
  private miningPaused = false;
  private stopped = false;
  readonly minedByTimer = { blocks: 0 };

  private constructor(
    readonly options: Required<Omit<HarnessOptions, "roundTimeout" | "log" | "deferred">> & Pick<HarnessOptions, "roundTimeout" | "deferred">,
    readonly chain: ChainProcess,
    readonly provider: JsonRpcProvider,
    readonly network: LocalNetwork,
    readonly keys: OracleKey[],
    readonly proxies: RpcProxy[],
    readonly nodes: OracleProcess[],
    readonly log: (line: string) => void,
  ) {
    this.keeper = new WeightKeeper(network, options.weightsEvery);
  }

  /** Chain, deployment, subnets, proxies and nodes; resolves once every started node is up. Mining starts with {@link startMining}. */
  static async start(options: HarnessOptions): Promise<Harness> {
    const o = {
      root: options.root ?? REPO_ROOT,
      dir: options.dir,
      nodes: options.nodes,
      threshold: options.threshold,
      subnets: options.subnets,
      validators: options.validators ?? 3,
      miners: options.miners ?? 5,
      tempo: options.tempo,
      activityCutoffFactorMilli: options.activityCutoffFactorMilli ?? 10_000,
      roundTimeout: options.roundTimeout,
      blockMs: options.blockMs,
      pollMs: options.pollMs ?? 250,
      backend: options.backend ?? "cpu",
      weightsEvery: options.weightsEvery ?? 3,
      deferred: options.deferred,
    };
    const log = options.log ?? (() => undefined);
    if (o.threshold < 1 || o.threshold > o.nodes) throw new HarnessError(`threshold ${o.threshold} is not within 1..${o.nodes}`);
    fs.mkdirSync(o.dir, { recursive: true });
    const started = Date.now();
    const chain = await startHardhatNode({ root: o.root, logFile: path.join(o.dir, "hardhat-node.log") });
    log(`hardhat node on ${chain.url} (chain ${chain.chainId}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const proxies: RpcProxy[] = [];
    const nodes: OracleProcess[] = [];
    try {
      // The harness's own reads must be fresh (no 250 ms cache: it counts blocks and nonces).
      const request = new FetchRequest(chain.url);
      request.timeout = 30_000;
      const provider = new JsonRpcProvider(request, Network.from(chain.chainId), { staticNetwork: true, cacheTimeout: -1, pollingInterval: 100 });
      const keys = oracleKeys(o.nodes);
      const network = await setUpNetwork(provider, {
        subnets: o.subnets,
        validators: o.validators,
        miners: o.miners,
        tempo: o.tempo,
        activityCutoffFactorMilli: o.activityCutoffFactorMilli,
        oracles: keys.map((k) => k.address),
        threshold: o.threshold,
        roundTimeout: o.roundTimeout,
        log,
      });
      log(`set up ${o.subnets} subnets by block ${network.setupBlock} in ${((Date.now() - started) / 1000).toFixed(1)} s` + (network.roundTimeout !== undefined ? `; round timeout ${network.roundTimeout} blocks` : "; the settlement has no rounds"));
      for (const key of keys) {
        const proxy = new RpcProxy(chain.port);
        await proxy.listen();
        proxies.push(proxy);
        nodes.push(
          new OracleProcess({
            index: key.index,
            key,
            root: o.root,
            dir: o.dir,
            rpcUrl: proxy.url,
            lens: network.layer.addresses.MetagraphLens,
            settlement: network.layer.addresses.EpochSettlement,
            pollMs: o.pollMs,
            backend: o.backend,
          }),
        );
      }
      const harness = new Harness(o, chain, provider, network, keys, proxies, nodes, log);
      harness.head = network.setupBlock;
      harness.startClock();
      const first = nodes.filter((n) => !(o.deferred ?? []).includes(n.index));
      const t0 = Date.now();
      for (const node of first) node.start();
      await Promise.all(first.map((n) => harness.waitForStart(n)));
      log(`${first.length} oracle nodes up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return harness;
    } catch (e) {
      for (const proxy of proxies) await proxy.close();
      killAll();
      await chain.stop();
      throw e;
    }
  }

  /** Wait until `node`'s current run has logged that it started (honest: "oracle node started", liar: "liar started"). */
  async waitForStart(node: OracleProcess, timeoutMs = 60_000): Promise<void> {
    await node.waitForLog(START_LINE, timeoutMs);
  }

  /** Start node `i` (as `role`) and wait until it is up. */
  async startNode(i: number, role: NodeRole = { kind: "honest" }): Promise<void> {
    this.nodes[i].start(role);
    await this.waitForStart(this.nodes[i]);
  }

  /** Empty blocks every `blockMs` from now on; the first call marks the run's start. */
  startMining(): void {
    if (this.runStartBlock === 0) this.runStartBlock = this.head;
    this.miningPaused = false;
    if (this.miningTimer !== undefined) return;
    this.miningTimer = setInterval(() => void this.mineOne(), this.options.blockMs);
    this.keeperTimer = setInterval(() => void this.keepWeights(), 1_000);
  }

  pauseMining(): void {
    this.miningPaused = true;
  }

  private keeping = false;
  private async keepWeights(): Promise<void> {
    if (this.keeping || this.stopped) return;
    this.keeping = true;
    try {
      await this.keeper.step();
    } catch (e) {
      if (!this.stopped) this.log(`weights: ${(e as Error).message.slice(0, 200)}`);
    } finally {
      this.keeping = false;
    }
  }

  private async mineOne(): Promise<void> {
    if (this.mining || this.miningPaused || this.stopped) return;
    this.mining = true;
    try {
      await this.provider.send("evm_mine", []);
      this.minedByTimer.blocks++;
    } catch (e) {
      if (!this.stopped) this.log(`evm_mine failed: ${(e as Error).message.slice(0, 200)}`);
    } finally {
      this.mining = false;
    }
  }

  /** Poll the head every 100 ms: `head` and `blockSeenAt` for everyone else. */
  private startClock(): void {
    let polling = false;
    this.clockTimer = setInterval(async () => {
      if (polling || this.stopped) return;
      polling = true;
      try {
        const head = await this.provider.getBlockNumber();
        const now = Date.now();
        for (let b = this.head + 1; b <= head; b++) this.blockSeenAt.set(b, now);
        if (head > this.head) this.head = head;
      } catch {
        // The next poll tries again; a dead chain shows as a head that stops moving.
      } finally {
        polling = false;
      }
    }, 100);
  }

  /** Resolve once `predicate` holds (checked every `everyMs`); reject after `timeoutMs`, naming `label`. */
  async waitUntil(label: string, predicate: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await predicate()) return;
      if (Date.now() > deadline) throw new HarnessTimeoutError(`timed out after ${timeoutMs} ms waiting for ${label}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  /** Wait until the head is `blocks` past where it is now. */
  async waitBlocks(blocks: number, timeoutMs = Math.max(30_000, blocks * this.options.blockMs * 4)): Promise<void> {
    const target = this.head + blocks;
    await this.waitUntil(`block ${target}`, () => this.head >= target, timeoutMs, 50);
  }

  /** Epochs settled on `netuid` so far (the Coinbase's count). */
  async settled(netuid: number): Promise<number> {
    return Number(await this.network.layer.coinbase.epochsSettled(netuid));
  }

  /** Every subnet's settled count. */
  async settledAll(): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const s of this.network.subnets) out.set(s.netuid, await this.settled(s.netuid));
    return out;
  }

  /** Wait until every subnet has settled `more` epochs beyond `from` (a settledAll() result). */
  async waitForSettles(from: Map<number, number>, more: number, timeoutMs: number): Promise<void> {
    await this.waitUntil(
      `${more} more settled epochs on every subnet`,
      async () => {
        for (const [netuid, count] of from) if ((await this.settled(netuid)) < count + more) return false;
        return true;
      },
      timeoutMs,
      500,
    );
  }

  /** Stop everything: nodes (SIGKILL), proxies, timers, the chain. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of [this.miningTimer, this.clockTimer, this.keeperTimer]) if (timer !== undefined) clearInterval(timer);
    await Promise.all(this.nodes.map((n) => n.kill("harness stopping")));
    for (const proxy of this.proxies) await proxy.close();
    this.provider.destroy();
    await this.chain.stop();
  }
}
