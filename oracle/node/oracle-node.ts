/**
 * One oracle node's epoch loop (docs/architecture.md "The epoch, as data flows"): find the due subnets, read
 * each at its snapshot block through the lens, add the bonds the previous epoch produced (from the
 * durable store, checked against the on-chain commitment), compute every due subnet in one engine
 * call, store the new bonds, attest to the report's hash, and settle once the committee agrees.
 *
 * Restarting is safe: what is due comes from the chain, which settles an epoch at most once, and
 * bonds are found by the commitment the chain holds.
 */
import type { Signer } from "ethers";
import { ICoinbase__factory, IEpochSettlement__factory, MetagraphLens__factory } from "../../typechain-types";
import type { IEpochSettlement, MetagraphLens } from "../../typechain-types";
import { BondRows, ZERO_COMMITMENT, bondsCommitment } from "../chain/bonds";
import { EpochReport, buildReport, reportHash } from "../chain/report";
import { EpochSnapshot, snapshotToEpochInput } from "../chain/snapshot";
import { type WeightRow, readWeightRows } from "../chain/weights";
import { BondsStore } from "../store/bonds-store";
import { Backend, EpochOutput, backendAnnouncement, chooseBackend, computeEpochs } from "../yuma";

/** The subset of a pino logger the node uses. */
export interface OracleLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Errors a settle or attest can revert with, from the settlement itself or bubbled up from the coinbase. */
const REVERT_INTERFACES = [IEpochSettlement__factory.createInterface(), ICoinbase__factory.createInterface()];

/** The custom error a failed call reverted with, if it is one of ours. */
export function revertName(error: unknown): string | undefined {
  const data = (error as { data?: unknown }).data;
  // A selector needs 4 bytes; "0x" is a revert without data (out of gas, a bare revert).
  if (typeof data !== "string" || data.length < 10) return undefined;
  for (const iface of REVERT_INTERFACES) {
    const parsed = iface.parseError(data);
    if (parsed) return parsed.name;
  }
  return undefined;
}

const silent: OracleLogger = { info: () => {}, warn: () => {}, error: () => {} };

export interface OracleNodeConfig {
  /** Sends attestations and settlements; its provider is read at snapshot blocks. */
  signer: Signer;
  lens: string;
  settlement: string;
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
}

/** UIDs per `claimStakeCredits` transaction the node sends. */
export const CLAIM_BATCH = 64;

export type EpochOutcome = "settled" | "attested" | "settled-by-other" | "disagreed" | "missing-bonds";

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
}

export class OracleNode {
  readonly lens: MetagraphLens;
  readonly settlement: IEpochSettlement;
  private readonly log: OracleLogger;
  private backendLogged = false;
  /** The Weights contract, whose logs hold the rows (read from the lens once). */
  private weightsAddress?: string;

  constructor(private readonly config: OracleNodeConfig) {
    this.lens = MetagraphLens__factory.connect(config.lens, config.signer);
    this.settlement = IEpochSettlement__factory.connect(config.settlement, config.signer);
    this.log = config.logger ?? silent;
  }

  /** Handle every subnet due now; resolves to what happened to each. */
  async tick(): Promise<EpochResult[]> {
    const [netuids, dueBlocks] = await this.lens.dueSubnets();
    if (netuids.length === 0) return [];
    // Each subnet is read at its own snapshot block: what the epoch saw, whatever happened since.
    const snapshots = await Promise.all(
      netuids.map((netuid, i) => this.lens.epochSnapshot(netuid, { blockTag: Number(dueBlocks[i]) })),
    );

    const results: EpochResult[] = [];
    const ready: Array<{ snapshot: EpochSnapshot; bonds: BondRows; weights: WeightRow[] }> = [];
    for (const snapshot of snapshots) {
      const bonds = this.previousBonds(snapshot);
      if (bonds === undefined) {
        const netuid = Number(snapshot.netuid);
        this.log.error({ netuid, commitment: snapshot.bondsCommitment }, "no stored bonds match the on-chain commitment; skipping");
        results.push({ netuid, snapshotBlock: snapshot.blockNumber, outcome: "missing-bonds" });
      } else {
        ready.push({ snapshot, bonds, weights: await this.weightRows(snapshot) });
      }
    }
    const backend = this.config.backend ?? "auto";
    if (!this.backendLogged && ready.length > 0) {
      // Say once which engine and adapter this node computes on (and why not the GPU, if not).
      const choice = await chooseBackend(backend);
      this.log.info(
        { requested: backend, backend: choice.backend, adapter: choice.adapter?.description ?? null, reason: choice.reason },
        backendAnnouncement(backend, choice) ?? `yuma: backend ${choice.backend}`,
      );
      this.backendLogged = true;
    }
    const outputs = await computeEpochs(
      ready.map((r) => snapshotToEpochInput(r.snapshot, r.bonds, r.weights)),
      // The engine's own announcement is the line logged above.
      { backend, notice: () => undefined },
    );
    for (let i = 0; i < ready.length; i++) results.push(await this.submit(ready[i].snapshot, ready[i].weights, outputs[i]));
    return results;
  }

  /** The bonds the chain's commitment names, if the store has them and they hash to it. */
  private previousBonds(snapshot: EpochSnapshot): BondRows | undefined {
    const commitment = snapshot.bondsCommitment;
    if (commitment === ZERO_COMMITMENT) return [];
    const entry = this.config.store.get(commitment);
    if (entry === undefined) return undefined;
    // Never trust the disk: a corrupted or edited store must not feed the epoch.
    const recomputed = bondsCommitment(entry.netuid, BigInt(entry.snapshotBlock), entry.bonds);
    if (recomputed !== commitment) {
      this.log.error({ netuid: entry.netuid, commitment, recomputed }, "stored bonds do not match their commitment");
      return undefined;
    }
    return entry.bonds;
  }

  /** The weight rows a snapshot points at, from the Weights contract's logs. */
  private async weightRows(snapshot: EpochSnapshot): Promise<WeightRow[]> {
    this.weightsAddress ??= await this.lens.weights();
    const provider = this.config.signer.provider;
    if (provider === null) throw new Error("the oracle signer has no provider");
    return readWeightRows(provider, this.weightsAddress, snapshot.netuid, snapshot.weightBlocks);
  }

  private async submit(snapshot: EpochSnapshot, weights: WeightRow[], output: EpochOutput): Promise<EpochResult> {
    const netuid = Number(snapshot.netuid);
    const snapshotBlock = snapshot.blockNumber;
    const commitment = bondsCommitment(netuid, snapshotBlock, output.bonds);
    // Store first: if we crash after the chain accepts the report, the bonds are already on disk.
    this.config.store.put(commitment, { netuid, snapshotBlock: snapshotBlock.toString(), bonds: output.bonds });
    const report = buildReport(snapshot, output, commitment);
    const hash = reportHash(report);
    const base = { netuid, snapshotBlock, reportHash: hash, report, output, snapshot, weights };

    let accepted = await this.settlement.acceptedHash(netuid, snapshotBlock);
    if (accepted === ZERO_COMMITMENT) {
      // A subnet dissolved since the node read it (CoinbaseUnknownSubnet) has nothing left to settle.
      await this.sendIgnoring(() => this.settlement.attest(netuid, snapshotBlock, hash), ["SettlementAlreadyAttested", "CoinbaseUnknownSubnet"]);
      accepted = await this.settlement.acceptedHash(netuid, snapshotBlock);
    }
    if (accepted === ZERO_COMMITMENT) {
      this.log.info({ netuid, snapshotBlock, hash }, "attested; waiting for the committee");
      return { ...base, outcome: "attested" };
    }
    if (accepted !== hash) {
      this.log.warn({ netuid, snapshotBlock, ours: hash, accepted }, "the committee accepted a different report");
      return { ...base, outcome: "disagreed" };
    }
    const settled = await this.sendIgnoring(() => this.settlement.settle(report), ["SettlementNotDue", "CoinbaseWrongSnapshot", "CoinbaseEpochNotDue", "CoinbaseUnknownSubnet"]);
    this.log.info({ netuid, snapshotBlock, hash }, settled ? "epoch settled" : "epoch already settled by another node");
    if (!settled) return { ...base, outcome: "settled-by-other" };
    const claimed = this.config.claimStakeCredits === false ? undefined : await this.claimCredits(netuid);
    return { ...base, outcome: "settled", claimed };
  }

  /** Stake every credited UID's credit, {@link CLAIM_BATCH} UIDs a transaction; the α staked. */
  private async claimCredits(netuid: number): Promise<bigint> {
    // A plain array: methods of the ethers Result it comes as would build Results, which ethers cannot encode.
    const credits = [...(await this.settlement.stakeCredits(netuid))];
    const uids = credits.flatMap((credit, uid) => (credit > 0n ? [uid] : []));
    let claimed = 0n;
    for (let i = 0; i < uids.length; i += CLAIM_BATCH) {
      const batch = uids.slice(i, i + CLAIM_BATCH);
      // Another node or an owner may claim first (the credits are then 0 and skipped), and a subnet
      // dissolved in between has no UIDs left (SettlementUnknownUid): a lost race either way.
      if (await this.sendIgnoring(() => this.settlement.claimStakeCredits(netuid, batch), ["SettlementUnknownUid"])) {
        claimed += batch.reduce((sum, uid) => sum + credits[uid], 0n);
      }
    }
    if (uids.length > 0) this.log.info({ netuid, uids: uids.length, claimed: claimed.toString() }, "stake credits claimed");
    return claimed;
  }

  /** Send a transaction and wait for it; false if it reverted with one of `benign` (a race lost). */
  private async sendIgnoring(send: () => Promise<{ wait(): Promise<unknown> }>, benign: string[]): Promise<boolean> {
    try {
      await (await send()).wait();
      return true;
    } catch (e) {
      const name = revertName(e);
      if (name !== undefined && benign.includes(name)) return false;
      throw e;
    }
  }
}
