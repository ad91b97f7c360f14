/**
 * One oracle node's epoch loop (docs/architecture.md "The epoch, as data flows"): find the due subnets, ask
 * the chain where each stands (accepted report, this node's attestation in the epoch's round), read the
 * ones this node must compute at their snapshot blocks, add the bonds the previous epoch produced (from
 * the cache, or rebuilt from the chain: ./bonds-recovery), compute them in one engine call, then for each
 * subnet on its own: attest to the report's hash and settle once the committee agrees.
 *
 * Faults it survives: restarting is safe (what is due, accepted and attested comes from the chain, which
 * settles an epoch at most once); a lost or corrupt store is rebuilt from the chain; one subnet's failure
 * never blocks another (each is handled and reported on its own); every transaction is simulated before
 * it is sent (./send), so a race lost costs no gas; transient RPC errors are retried with backoff.
 */
import type { Signer } from "ethers";
import { performance } from "perf_hooks";
import {
  IEpochSettlement__factory,
  MetagraphLens__factory,
} from "../../typechain-types";
import type { IEpochSettlement, MetagraphLens } from "../../typechain-types";
import { BondRows, bondsCommitment } from "../chain/bonds";
import { EpochReport, buildReport, reportHash } from "../chain/report";
import { EpochSnapshot, snapshotToEpochInput } from "../chain/snapshot";
import { type WeightRow, readWeightRows } from "../chain/weights";
import { BondsStore } from "../store/bonds-store";
import {
  Backend,
  EpochOutput,
  backendAnnouncement,
  chooseBackend,
  computeEpochs,
} from "../yuma";
import { RecoveryContext, recoverBonds } from "./bonds-recovery";
import { OracleLogger, silentLogger } from "./logger";
import {
  RETRY_DELAYS_MS,
  TransactionSender,
  describeError,
  formatRevert,
  withRetry,
} from "./send";

export type { OracleLogger } from "./logger";
export { revertName } from "./send";

export interface OracleNodeConfig {
  /** Sends attestations and settlements; its provider is read at snapshot blocks. */
  signer: Signer;
  lens: string;
  settlement: string;
  /** A cache of bonds by commitment: whatever it lacks is rebuilt from the chain. */
  store: BondsStore;
  /** Yuma backend; default "auto" (WebGPU on a hardware adapter, else the CPU worker threads). */
  backend?: Backend;
  /**
   * After settling an epoch, stake the subnet's stake credits for their owners
   * (`EpochSettlement.claimStakeCredits`, {@link CLAIM_BATCH} UIDs a transaction), as a keeper would, so
   * that miners see their incentive as stake at once. Default true; false leaves claiming to the owners.
   */
  claimStakeCredits?: boolean;
  logger?: OracleLogger;
  /**
   * Fault injection (the fault tests and `npm run soak`): the report this node attests and settles, changed
   * from the one it computed. A node with this set is a liar; never set it on a real node.
   */
  tamper?: (report: EpochReport) => EpochReport;
  /**
   * Profiling (`bench/round.ts`): called with each {@link OracleNodePhase}'s wall time in ms as it ends,
   * and the netuid for the per-epoch phases. Per-epoch reads run concurrently, so their times overlap.
   * Must not throw; leave unset on a real node.
   */
  timings?: (phase: OracleNodePhase, ms: number, netuid?: number) => void;
}

/**
 * The phases {@link OracleNodeConfig.timings} reports. Once a tick: `due` (the due subnets and their
 * blocks' headers), `state` (where each epoch stands on chain), `inputs` (all epochs' reads, below, end
 * to end), `compute` (the engine call), `report` (the reports, their hashes and bonds commitments).
 * Once an epoch: `snapshot` (`epochSnapshot` at the due block), `bonds` (the starting bonds: cache or
 * replay), `weights` (the weight rows from the logs), `attest` (the checks, the attestation and the
 * accepted-hash read), `settle` (the settlement) and `claim` (the stake credits' claims).
 */
export type OracleNodePhase =
  | "due"
  | "state"
  | "inputs"
  | "compute"
  | "report"
  | "snapshot"
  | "bonds"
  | "weights"
  | "attest"
  | "settle"
  | "claim";

/** UIDs per `claimStakeCredits` transaction the node sends. */
export const CLAIM_BATCH = 64;

/**
 * What happened to a due epoch in one tick: `settled` by this node; `attested` and waiting for the
 * committee; `settled-by-other` (a race lost, nothing spent); `disagreed` (the committee accepted another
 * report); `rejected` (the chain refused this node's report: it is not attested again); `failed` (an error,
 * in `error`; retried on the next tick).
 */
export type EpochOutcome =
  | "settled"
  | "attested"
  | "settled-by-other"
  | "disagreed"
  | "rejected"
  | "failed";

export interface EpochResult {
  netuid: number;
  snapshotBlock: bigint;
  outcome: EpochOutcome;
  reportHash?: string;
  report?: EpochReport;
  output?: EpochOutput;
  snapshot?: EpochSnapshot;
  /** The weight rows the epoch read (from the WeightsSet logs the snapshot points at), max-upscaled. */
  weights?: WeightRow[];
  /** α the node staked from the subnet's stake credits after settling it (see `claimStakeCredits`). */
  claimed?: bigint;
  /** Epochs replayed from the chain to rebuild this epoch's starting bonds (0 or absent: from the cache). */
  replayed?: number;
  /** Why the epoch `failed` or was `rejected`, in one line. */
  error?: string;
}

/** A due epoch and the report this node computed for it. */
interface Computed {
  netuid: number;
  snapshotBlock: bigint;
  report: EpochReport;
  hash: string;
  output: EpochOutput;
  snapshot: EpochSnapshot;
  weights: WeightRow[];
  replayed: number;
}

const key = (netuid: number, snapshotBlock: bigint): string =>
  `${netuid}@${snapshotBlock}`;
const computedKey = (d: {
  netuid: number;
  snapshotBlock: bigint;
  blockHash: string;
}): string => `${key(d.netuid, d.snapshotBlock)}@${d.blockHash}`;

export class OracleNode {
  readonly lens: MetagraphLens;
  readonly settlement: IEpochSettlement;
  private readonly log: OracleLogger;
  private readonly sender: TransactionSender;
  private backendLogged = false;
  private address?: string;
  /** The Weights contract, whose logs hold the rows (read from the lens once). */
  private weightsAddress?: string;
  /** EpochSettlement.roundTimeout, read once (governance may change it; a node restart picks it up). */
  private roundTimeout?: bigint;
  /** Reports computed for epochs still due, so a node waiting on the committee does not compute again. */
  private readonly computed = new Map<string, Computed>();
  /** Bonds this node carries where the chain committed to bonds it computes differently (./bonds-recovery). */
  private readonly substitutes = new Map<string, BondRows>();
  /** Epochs whose disagreement or rejection was logged already: one line each, not one per tick. */
  private readonly reported = new Set<string>();

  constructor(private readonly config: OracleNodeConfig) {
    this.lens = MetagraphLens__factory.connect(config.lens, config.signer);
    this.settlement = IEpochSettlement__factory.connect(
      config.settlement,
      config.signer,
    );
    this.log = config.logger ?? silentLogger;
    this.sender = new TransactionSender(config.signer, (e, attempt) =>
      this.warnRetry(e, attempt),
    );
  }

  /** Handle every subnet due now; resolves to what happened to each. */
  async tick(): Promise<EpochResult[]> {
    let started = performance.now();
    const [netuids, dueBlocks] = await this.retry(() => this.lens.dueSubnets());
    this.address ??= await this.config.signer.getAddress();
    if (netuids.length === 0) {
      this.computed.clear();
      this.timed("due", started);
      return [];
    }
    // A computed report is kept under its snapshot block's hash: a chain that reorganised (or a dev chain
    // reverted to a snapshot) has other inputs at the same height.
    const blockHashes = new Map<bigint, string>();
    await Promise.all(
      [...new Set(dueBlocks)].map(async (block) => {
        const header = await this.retry(() =>
          this.provider().getBlock(Number(block)),
        );
        blockHashes.set(block, header?.hash ?? "");
      }),
    );
    this.timed("due", started);
    const due = netuids.map((netuid, i) => ({
      netuid: Number(netuid),
      snapshotBlock: dueBlocks[i],
      blockHash: blockHashes.get(dueBlocks[i])!,
    }));
    const stillDue = new Set(due.map((d) => computedKey(d)));
    for (const k of this.computed.keys())
      if (!stillDue.has(k)) this.computed.delete(k);

    // Where each epoch stands on chain; an epoch this node attested in its current round, with nothing
    // accepted yet, needs nothing from it this tick.
    const results = new Map<string, EpochResult>();
    const waiting: typeof due = [];
    const toCompute: typeof due = [];
    started = performance.now();
    await Promise.all(
      due.map(async (d) => {
        try {
          const [attested, accepted, expired] = await this.retry(() =>
            Promise.all([
              this.settlement.hasAttested(
                d.netuid,
                d.snapshotBlock,
                this.address!,
              ),
              this.settlement.acceptedHash(d.netuid, d.snapshotBlock),
              this.roundExpired(d.netuid, d.snapshotBlock),
            ]),
          );
          if (attested && BigInt(accepted) === 0n && !expired) waiting.push(d);
          else if (!this.computed.has(computedKey(d))) toCompute.push(d);
        } catch (e) {
          results.set(
            key(d.netuid, d.snapshotBlock),
            this.failed(d, "reading the epoch's state", e),
          );
        }
      }),
    );
    this.timed("state", started);
    for (const d of waiting) {
      results.set(key(d.netuid, d.snapshotBlock), {
        netuid: d.netuid,
        snapshotBlock: d.snapshotBlock,
        outcome: "attested",
        reportHash: this.computed.get(computedKey(d))?.hash,
      });
    }

    await this.compute(toCompute, results);

    // Each epoch on its own: one subnet's failure never blocks the next. Sends are sequential (one nonce
    // sequence), the longest-waiting epoch first, so that no subnet is always served last.
    for (const d of [...due].sort((a, b) =>
      a.snapshotBlock < b.snapshotBlock
        ? -1
        : a.snapshotBlock > b.snapshotBlock
          ? 1
          : a.netuid - b.netuid,
    )) {
      const k = key(d.netuid, d.snapshotBlock);
      if (results.has(k)) continue;
      const c = this.computed.get(computedKey(d))!;
      try {
        results.set(k, await this.submit(c));
      } catch (e) {
        results.set(k, this.failed(d, "submitting", e));
      }
    }
    return due.map((d) => results.get(key(d.netuid, d.snapshotBlock))!);
  }

  /** Reads, rebuilds the bonds of, and computes the given epochs in one engine call; failures go to `results`. */
  private async compute(
    epochs: Array<{ netuid: number; snapshotBlock: bigint; blockHash: string }>,
    results: Map<string, EpochResult>,
  ): Promise<void> {
    const ready: Array<{
      snapshot: EpochSnapshot;
      bonds: BondRows;
      weights: WeightRow[];
      replayed: number;
      blockHash: string;
    }> = [];
    const inputsStarted = performance.now();
    await Promise.all(
      epochs.map(async (d) => {
        try {
          // Each subnet is read at its own snapshot block: what the epoch saw, whatever happened since.
          let started = performance.now();
          const snapshot = await this.retry(() =>
            this.lens.epochSnapshot(d.netuid, {
              blockTag: Number(d.snapshotBlock),
            }),
          );
          this.timed("snapshot", started, d.netuid);
          started = performance.now();
          const { bonds, replayed } = await recoverBonds(
            this.recoveryContext(),
            d.netuid,
            snapshot.bondsCommitment,
            d.snapshotBlock,
            this.substitutes,
          );
          this.timed("bonds", started, d.netuid);
          started = performance.now();
          const weights = await this.weightRows(snapshot);
          this.timed("weights", started, d.netuid);
          ready.push({
            snapshot,
            bonds,
            weights,
            replayed,
            blockHash: d.blockHash,
          });
        } catch (e) {
          results.set(
            key(d.netuid, d.snapshotBlock),
            this.failed(d, "reading the epoch's inputs", e),
          );
        }
      }),
    );
    this.timed("inputs", inputsStarted);
    if (ready.length === 0) return;
    const computeStarted = performance.now();
    await this.announceBackend();
    let outputs: EpochOutput[];
    try {
      outputs = await computeEpochs(
        ready.map((r) => snapshotToEpochInput(r.snapshot, r.bonds, r.weights)),
        // The engine's own announcement is the line logged by announceBackend.
        { backend: this.config.backend ?? "auto", notice: () => undefined },
      );
    } catch (e) {
      for (const r of ready) {
        const d = {
          netuid: Number(r.snapshot.netuid),
          snapshotBlock: r.snapshot.blockNumber,
        };
        results.set(
          key(d.netuid, d.snapshotBlock),
          this.failed(d, "computing", e),
        );
      }
      return;
    }
    this.timed("compute", computeStarted);
    const reportStarted = performance.now();
    ready.forEach((r, i) => {
      const netuid = Number(r.snapshot.netuid);
      const snapshotBlock = r.snapshot.blockNumber;
      const output = outputs[i];
      const commitment = bondsCommitment(netuid, snapshotBlock, output.bonds);
      // Cached before attesting: the bonds the next epoch starts from, if this report is the one accepted.
      this.config.store.put(commitment, {
        netuid,
        snapshotBlock: snapshotBlock.toString(),
        bonds: output.bonds,
      });
      const built = buildReport(r.snapshot, output, commitment);
      const report = this.config.tamper?.(built) ?? built;
      this.computed.set(
        computedKey({ netuid, snapshotBlock, blockHash: r.blockHash }),
        {
          netuid,
          snapshotBlock,
          report,
          hash: reportHash(report),
          output,
          snapshot: r.snapshot,
          weights: r.weights,
          replayed: r.replayed,
        },
      );
    });
    this.timed("report", reportStarted);
  }

  /** Attest (in the epoch's current round, unless done or refused before) and settle if the committee agrees. */
  private async submit(c: Computed): Promise<EpochResult> {
    const { netuid, snapshotBlock, hash, report } = c;
    const base = {
      netuid,
      snapshotBlock,
      reportHash: hash,
      report,
      output: c.output,
      snapshot: c.snapshot,
      weights: c.weights,
      replayed: c.replayed,
    };
    const k = key(netuid, snapshotBlock);
    const attestStarted = performance.now();

    // An epoch whose round went `roundTimeout` blocks unsettled (nothing accepted, or a report accepted
    // and withheld by whoever holds it) needs a fresh round: this node's next attestation opens it.
    // (Not when the round accepted this node's own report: settling it is what is left to do.)
    const [attested, expired, acceptedNow] = await this.retry(() =>
      Promise.all([
        this.settlement.hasAttested(netuid, snapshotBlock, this.address!),
        this.roundExpired(netuid, snapshotBlock),
        this.settlement.acceptedHash(netuid, snapshotBlock),
      ]),
    );
    if (!attested || (expired && acceptedNow !== hash)) {
      const rejected = await this.rejection(netuid, snapshotBlock, hash);
      if (rejected !== undefined)
        return { ...base, outcome: "rejected", error: rejected };
      // Another node may have settled it meanwhile (SettlementNotDue); a subnet dissolved since the node
      // read it (CoinbaseUnknownSubnet) has nothing left to settle.
      const sent = await this.sender.send(
        {
          simulate: () =>
            this.settlement.attest.staticCall(netuid, snapshotBlock, hash),
          estimate: () =>
            this.settlement.attest.estimateGas(netuid, snapshotBlock, hash),
          send: (o) => this.settlement.attest(netuid, snapshotBlock, hash, o),
        },
        [
          "SettlementAlreadyAttested",
          "SettlementNotDue",
          "CoinbaseUnknownSubnet",
        ],
      );
      if (
        sent.kind === "skipped" &&
        sent.revert !== "SettlementAlreadyAttested"
      )
        return { ...base, outcome: "settled-by-other" };
    }
    const accepted = await this.retry(() =>
      this.settlement.acceptedHash(netuid, snapshotBlock),
    );
    this.timed("attest", attestStarted, netuid);
    if (BigInt(accepted) === 0n) {
      this.log.info(
        { netuid, snapshotBlock: String(snapshotBlock), hash },
        "attested; waiting for the committee",
      );
      return { ...base, outcome: "attested" };
    }
    if (accepted !== hash) {
      if (!this.reported.has(`${k}@${accepted}`)) {
        this.reported.add(`${k}@${accepted}`);
        this.log.error(
          {
            netuid,
            snapshotBlock: String(snapshotBlock),
            ours: hash,
            accepted,
          },
          "the committee accepted a different report than this node's (its attesters are in the Attested events); not settling it",
        );
      }
      return { ...base, outcome: "disagreed" };
    }
    const settleStarted = performance.now();
    const sent = await this.sender.send(
      {
        simulate: () => this.settlement.settle.staticCall(report),
        estimate: () => this.settlement.settle.estimateGas(report),
        send: (o) => this.settlement.settle(report, o),
      },
      ["SettlementNotDue", "SettlementNotAttested", "CoinbaseUnknownSubnet"],
    );
    this.timed("settle", settleStarted, netuid);
    if (sent.kind === "skipped") {
      this.log.info(
        { netuid, snapshotBlock: String(snapshotBlock), hash },
        "epoch already settled by another node",
      );
      return { ...base, outcome: "settled-by-other" };
    }
    const events = sent.receipt.logs.flatMap((log) => {
      const parsed = this.settlement.interface.parseLog(log);
      return parsed === null ? [] : [parsed];
    });
    const rejected = events.find((e) => e.name === "ReportRejected");
    if (rejected !== undefined) {
      const reason = formatRevert(rejected.args.reason as string);
      this.reported.add(k);
      this.log.error(
        { netuid, snapshotBlock: String(snapshotBlock), hash, reason },
        "the chain rejected this node's report; a new round is open",
      );
      return { ...base, outcome: "rejected", error: reason };
    }
    this.log.info(
      { netuid, snapshotBlock: String(snapshotBlock), hash },
      "epoch settled",
    );
    const claimStarted = performance.now();
    const claimed =
      this.config.claimStakeCredits === false
        ? undefined
        : await this.claimCredits(netuid);
    if (claimed !== undefined) this.timed("claim", claimStarted, netuid);
    return { ...base, outcome: "settled", claimed };
  }

  /** Why the chain rejected `hash` for the epoch before, if it did (this node does not attest it again). */
  private async rejection(
    netuid: number,
    snapshotBlock: bigint,
    hash: string,
  ): Promise<string | undefined> {
    const events = await this.retry(() =>
      this.settlement.queryFilter(
        this.settlement.filters.ReportRejected(netuid, snapshotBlock),
      ),
    );
    const ours = events.find((e) => e.args.reportHash === hash);
    if (ours === undefined) return undefined;
    const reason = formatRevert(ours.args.reason);
    const k = key(netuid, snapshotBlock);
    if (!this.reported.has(k)) {
      this.reported.add(k);
      this.log.error(
        { netuid, snapshotBlock: String(snapshotBlock), hash, reason },
        "the chain rejected this node's report for this epoch; not attesting it again",
      );
    }
    return reason;
  }

  /** Stake every credited UID's credit, {@link CLAIM_BATCH} UIDs a transaction; the α staked. A failure here is logged, not the epoch's. */
  private async claimCredits(netuid: number): Promise<bigint> {
    let claimed = 0n;
    try {
      // A plain array: methods of the ethers Result it comes as would build Results, which ethers cannot encode.
      const credits = [
        ...(await this.retry(() => this.settlement.stakeCredits(netuid))),
      ];
      const uids = credits.flatMap((credit, uid) => (credit > 0n ? [uid] : []));
      for (let i = 0; i < uids.length; i += CLAIM_BATCH) {
        const batch = uids.slice(i, i + CLAIM_BATCH);
        // A subnet dissolved in between has no UIDs left (SettlementUnknownUid): a lost race.
        const sent = await this.sender.send(
          {
            simulate: () =>
              this.settlement.claimStakeCredits.staticCall(netuid, batch),
            estimate: () =>
              this.settlement.claimStakeCredits.estimateGas(netuid, batch),
            send: (o) => this.settlement.claimStakeCredits(netuid, batch, o),
          },
          ["SettlementUnknownUid"],
        );
        if (sent.kind === "mined")
          claimed += batch.reduce((sum, uid) => sum + credits[uid], 0n);
      }
      if (uids.length > 0)
        this.log.info(
          { netuid, uids: uids.length, claimed: claimed.toString() },
          "stake credits claimed",
        );
    } catch (e) {
      this.log.warn(
        { netuid, err: describeError(e) },
        "claiming stake credits failed; they stay claimable",
      );
    }
    return claimed;
  }

  /** Reports the phase begun at `started` (a `performance.now()`) to the timings hook, if any. */
  private timed(
    phase: OracleNodePhase,
    started: number,
    netuid?: number,
  ): void {
    this.config.timings?.(phase, performance.now() - started, netuid);
  }

  /** `fn` with backoff on transient RPC errors, saying so at the first one (a node cut off is not silent). */
  private retry<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, RETRY_DELAYS_MS, (e, attempt) =>
      this.warnRetry(e, attempt),
    );
  }

  private warnRetry(e: unknown, attempt: number): void {
    if (attempt === 0)
      this.log.warn(
        { err: describeError(e) },
        "RPC request failed; retrying with backoff",
      );
  }

  /** Whether the epoch's round is `roundTimeout` blocks old by the next block: an attestation opens a new one. */
  private async roundExpired(
    netuid: number,
    snapshotBlock: bigint,
  ): Promise<boolean> {
    this.roundTimeout ??= await this.settlement.roundTimeout();
    const [[, openedAt], block] = await Promise.all([
      this.settlement.round(netuid, snapshotBlock),
      this.provider().getBlockNumber(),
    ]);
    return BigInt(block) + 1n >= openedAt + this.roundTimeout;
  }

  private failed(
    d: { netuid: number; snapshotBlock: bigint },
    doing: string,
    e: unknown,
  ): EpochResult {
    const error = describeError(e);
    this.log.error(
      { netuid: d.netuid, snapshotBlock: String(d.snapshotBlock), err: error },
      `epoch failed while ${doing}; retrying on the next tick`,
    );
    return {
      netuid: d.netuid,
      snapshotBlock: d.snapshotBlock,
      outcome: "failed",
      error,
    };
  }

  private recoveryContext(): RecoveryContext {
    return {
      lens: this.lens,
      settlement: this.settlement,
      provider: this.provider(),
      weights: () => this.weights(),
      store: this.config.store,
      backend: this.config.backend ?? "auto",
      log: this.log,
      retry: <T>(fn: () => Promise<T>) => this.retry(fn),
    };
  }

  /** Say once which engine and adapter this node computes on (and why not the GPU, if not). */
  private async announceBackend(): Promise<void> {
    if (this.backendLogged) return;
    const backend = this.config.backend ?? "auto";
    const choice = await chooseBackend(backend);
    this.log.info(
      {
        requested: backend,
        backend: choice.backend,
        adapter: choice.adapter?.description ?? null,
        reason: choice.reason,
      },
      backendAnnouncement(backend, choice) ?? `yuma: backend ${choice.backend}`,
    );
    this.backendLogged = true;
  }

  private provider() {
    const provider = this.config.signer.provider;
    if (provider === null) throw new Error("the oracle signer has no provider");
    return provider;
  }

  private async weights(): Promise<string> {
    this.weightsAddress ??= await this.retry(() => this.lens.weights());
    return this.weightsAddress;
  }

  /** The weight rows a snapshot points at, from the Weights contract's logs. */
  private async weightRows(snapshot: EpochSnapshot): Promise<WeightRow[]> {
    return readWeightRows(
      this.provider(),
      await this.weights(),
      snapshot.netuid,
      snapshot.weightBlocks,
    );
  }
}
