/**
 * The bonds an epoch starts from, rebuilt from chain data alone when the node's cache does not have them
 * (a lost or truncated store, a node that missed epochs, a node joining a running committee).
 *
 * Why replay and not publish: bonds are the only state an epoch takes from the previous one that the
 * chain does not keep (the permits, stakes, weights and schedule are all readable at any block), and
 * they are a deterministic function of what the chain does keep: each settled epoch's inputs, read at
 * its snapshot block, and the bonds before it. The chain commits to every epoch's bonds
 * (`bondsCommitment` in the report, read back from the next epoch's snapshot), so a replay is checked
 * step by step against those commitments. Publishing the bonds themselves would cost every settlement
 * ~1.2M gas more (64 validators × 192 miners × 4 bytes: 49 KiB of calldata and of log); the replay costs nothing on
 * chain, needs an endpoint that serves state at past blocks (an archive node; Hardhat's always does),
 * and reads one snapshot per epoch back to the newest bonds the cache holds, or to the subnet's first
 * epoch (no bonds).
 *
 * When a committed commitment cannot be reproduced (the committee accepted a report this node disagrees
 * with), the node carries its own bonds from that epoch on: the chain never reads bonds, only commits to
 * them, and every honest node replays the same way, so the honest nodes go on agreeing with each other.
 */
import type { Provider } from "ethers";
import type { IEpochSettlement, MetagraphLens } from "../../typechain-types";
import { BondRows, ZERO_COMMITMENT, bondsCommitment } from "../chain/bonds";
import { EpochSnapshot, snapshotToEpochInput } from "../chain/snapshot";
import { readWeightRows } from "../chain/weights";
import type { BondsStore } from "../store/bonds-store";
import { Backend, computeEpochs } from "../yuma";
import type { OracleLogger } from "./logger";

/** The chain's history does not lead back to bonds this node can rebuild. */
export class BondsRecoveryError extends Error {
  override name = "BondsRecoveryError";
}

export interface RecoveryContext {
  lens: MetagraphLens;
  settlement: IEpochSettlement;
  provider: Provider;
  weights: () => Promise<string>;
  store: BondsStore;
  backend: Backend;
  log: OracleLogger;
  /** Runs a request with the node's backoff on transient RPC errors (and its warning at the first). */
  retry: <T>(fn: () => Promise<T>) => Promise<T>;
}

export interface RecoveredBonds {
  bonds: BondRows;
  /** Epochs replayed to rebuild them (0: from the cache). */
  replayed: number;
  /** Replayed epochs whose committed bonds this node computes differently (it carries its own). */
  divergent: bigint[];
}

/**
 * The bonds the chain's commitment `commitment` names, as produced by netuid's last settled epoch
 * before `beforeBlock`. `substitutes` maps a commitment this node could not reproduce to the bonds it
 * carries instead (kept across calls so the replay happens once per process).
 */
export async function recoverBonds(
  ctx: RecoveryContext,
  netuid: number,
  commitment: string,
  beforeBlock: bigint,
  substitutes: Map<string, BondRows>,
): Promise<RecoveredBonds> {
  const cached = lookup(ctx, commitment, substitutes);
  if (cached !== undefined)
    return { bonds: cached, replayed: 0, divergent: [] };

  // The subnet's settled epochs, newest last; walk back until bonds we hold (or none: the first epoch).
  const settled = await ctx.retry(() =>
    ctx.settlement.queryFilter(
      ctx.settlement.filters.EpochSettled(netuid),
      0,
      Number(beforeBlock),
    ),
  );
  const snapshotBlocks = settled
    .map((e) => e.args.snapshotBlock)
    .filter((b) => b < beforeBlock);
  const steps: Array<{ snapshot: EpochSnapshot; produced: string }> = [];
  let wanted = commitment;
  let base: BondRows | undefined;
  for (let i = snapshotBlocks.length - 1; i >= 0; i--) {
    const snapshot = await ctx.retry(() =>
      ctx.lens.epochSnapshot(netuid, { blockTag: Number(snapshotBlocks[i]) }),
    );
    steps.push({ snapshot, produced: wanted });
    wanted = snapshot.bondsCommitment;
    base = lookup(ctx, wanted, substitutes);
    if (base !== undefined) break;
  }
  if (base === undefined) {
    throw new BondsRecoveryError(
      `subnet ${netuid}: no settled epoch before block ${beforeBlock} leads back to known bonds (commitment ${commitment})`,
    );
  }

  let bonds = base;
  const divergent: bigint[] = [];
  for (const { snapshot, produced } of steps.reverse()) {
    const weightRows = await readWeightRows(
      ctx.provider,
      await ctx.weights(),
      snapshot.netuid,
      snapshot.weightBlocks,
    );
    const [output] = await computeEpochs(
      [snapshotToEpochInput(snapshot, bonds, weightRows)],
      { backend: ctx.backend, notice: () => undefined },
    );
    const ours = bondsCommitment(netuid, snapshot.blockNumber, output.bonds);
    ctx.store.put(ours, {
      netuid,
      snapshotBlock: snapshot.blockNumber.toString(),
      bonds: output.bonds,
    });
    if (ours !== produced) {
      substitutes.set(produced.toLowerCase(), output.bonds);
      divergent.push(snapshot.blockNumber);
    }
    bonds = output.bonds;
  }
  if (divergent.length > 0) {
    ctx.log.error(
      { netuid, epochs: divergent.map(String) },
      "the committed bonds of these epochs are not what this node computes (the committee accepted another report); carrying this node's own",
    );
  }
  ctx.log.info(
    { netuid, replayed: steps.length },
    "rebuilt bonds from the chain",
  );
  return { bonds, replayed: steps.length, divergent };
}

/** Bonds for `commitment` from the cache (checked: never trust the disk) or the substitutes; [] for none. */
function lookup(
  ctx: RecoveryContext,
  commitment: string,
  substitutes: Map<string, BondRows>,
): BondRows | undefined {
  if (commitment === ZERO_COMMITMENT) return [];
  const substitute = substitutes.get(commitment.toLowerCase());
  if (substitute !== undefined) return substitute;
  const entry = ctx.store.get(commitment);
  if (entry === undefined) return undefined;
  const recomputed = bondsCommitment(
    entry.netuid,
    BigInt(entry.snapshotBlock),
    entry.bonds,
  );
  if (recomputed !== commitment) {
    ctx.log.warn(
      { netuid: entry.netuid, commitment, recomputed },
      "a cached bonds entry does not match its commitment; ignoring it",
    );
    return undefined;
  }
  return entry.bonds;
}
