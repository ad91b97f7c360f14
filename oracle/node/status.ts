/**
 * What an oracle node's operator wants to know at a glance (`subnet-layer oracle status`): the
 * committee, each due subnet's round and how far its attestations got, and whether the node's last
 * attestations agreed with what the chain settled. Reads only; oracle/node/status-format.ts prints it.
 */
import type { Provider } from "ethers";
import type { IEpochSettlement, MetagraphLens } from "../../typechain-types";
import { ZERO_COMMITMENT } from "../chain/bonds";
import { mapLimit } from "../chain/limit";

/** Requests the status keeps in flight at once (the chain/weights.ts bound). */
const CONCURRENCY = 8;

export interface CommitteeStatus {
  threshold: number;
  oracleCount: bigint;
  /** Blocks a round may go without an accepted report before a new one opens. */
  roundTimeout: bigint;
  /** The node the status is about. */
  address: string;
  isOracle: boolean;
}

export interface DueSubnetStatus {
  netuid: number;
  dueBlock: bigint;
  /** Blocks since the due block (0 at it). */
  overdue: bigint;
  /** The epoch's current attestation round (0 for the first). */
  round: number;
  roundOpenedAt: bigint;
  /** The hash the committee accepted in this round; null if none yet. */
  acceptedHash: string | null;
  /** Whether this node attested in this round. */
  attested: boolean;
  /** This node's hash in this round, from its Attested events; null if it has not attested. */
  ownHash: string | null;
  /** Whose attestations `attestations` counts: the accepted hash if any, else this node's. */
  countOf: "accepted" | "own" | null;
  attestations: bigint | null;
}

/** How an attestation compares with the chain: settled with it, settled with another, refused, or open. */
export type Agreement = "settled" | "differs" | "rejected" | "pending";

export interface AttestationStatus {
  netuid: number;
  snapshotBlock: bigint;
  round: number;
  reportHash: string;
  /** The block the attestation was mined in. */
  block: number;
  agreement: Agreement;
  /** The hash the epoch settled with, if it did. */
  settledHash: string | null;
}

export interface OracleStatus {
  chainId: bigint;
  block: number;
  lens: string;
  settlement: string;
  committee: CommitteeStatus;
  due: DueSubnetStatus[];
  /** This node's last attestations, oldest first. */
  attestations: AttestationStatus[];
}

export interface ReadStatusOptions {
  /** How many of the node's last attestations to show; default 10. */
  last?: number;
  /** The first block to search for events (endpoints may limit the range of eth_getLogs); default 0. */
  fromBlock?: number;
}

/** The agreement of an attestation of `hash` given the epoch's settled and rejected hashes. */
export function agreementOf(hash: string, settledHash: string | null, rejectedHashes: readonly string[]): Agreement {
  const h = hash.toLowerCase();
  if (settledHash !== null && settledHash.toLowerCase() === h) return "settled";
  // A refused report is the more telling answer, even if another report settled the epoch later.
  if (rejectedHashes.some((r) => r.toLowerCase() === h)) return "rejected";
  return settledHash === null ? "pending" : "differs";
}

/** Reads the status of `address` (an oracle node, or an address that wants to be one). */
export async function readOracleStatus(
  chain: { provider: Provider; chainId: bigint; lens: MetagraphLens; settlement: IEpochSettlement },
  address: string,
  options: ReadStatusOptions = {},
): Promise<OracleStatus> {
  const { provider, lens, settlement } = chain;
  const fromBlock = options.fromBlock ?? 0;
  const last = options.last ?? 10;
  // One block for every read, so the sections agree with each other.
  const block = await provider.getBlockNumber();
  const at = { blockTag: block };
  const [threshold, oracleCount, roundTimeout, isOracle, [netuids, dueBlocks], attestedLogs] = await Promise.all([
    settlement.threshold(at),
    settlement.oracleCount(at),
    settlement.roundTimeout(at),
    settlement.isOracle(address, at),
    lens.dueSubnets(at),
    settlement.queryFilter(settlement.filters.Attested(address), fromBlock, block),
  ]);
  const attested = attestedLogs.map((log) => ({
    netuid: Number(log.args.netuid),
    snapshotBlock: log.args.snapshotBlock,
    round: Number(log.args.round),
    reportHash: log.args.reportHash,
    block: log.blockNumber,
  }));

  const due = await mapLimit([...netuids], CONCURRENCY, async (netuid, i): Promise<DueSubnetStatus> => {
    const dueBlock = dueBlocks[i];
    const [[roundNumber, openedAt], accepted, hasAttested] = await Promise.all([
      settlement.round(netuid, dueBlock, at),
      settlement.acceptedHash(netuid, dueBlock, at),
      settlement.hasAttested(netuid, dueBlock, address, at),
    ]);
    const round = Number(roundNumber);
    const own = hasAttested
      ? attested.filter((a) => a.netuid === Number(netuid) && a.snapshotBlock === dueBlock && a.round === round).at(-1)?.reportHash ?? null
      : null;
    const acceptedHash = accepted === ZERO_COMMITMENT ? null : accepted;
    const counted = acceptedHash ?? own;
    return {
      netuid: Number(netuid),
      dueBlock,
      overdue: BigInt(block) > dueBlock ? BigInt(block) - dueBlock : 0n,
      round,
      roundOpenedAt: openedAt,
      acceptedHash,
      attested: hasAttested,
      ownHash: own,
      countOf: acceptedHash !== null ? "accepted" : own !== null ? "own" : null,
      attestations: counted === null ? null : await settlement.attestations(netuid, dueBlock, counted, at),
    };
  });

  // What became of each of the last attestations' epochs: one settled and one rejected query each.
  const recent = attested.slice(-last);
  const epochs = [...new Map(recent.map((a) => [`${a.netuid}@${a.snapshotBlock}`, a])).values()];
  const outcomes = new Map<string, { settled: string | null; rejected: string[] }>();
  await mapLimit(epochs, CONCURRENCY, async ({ netuid, snapshotBlock }) => {
    const [settled, rejected] = await Promise.all([
      settlement.queryFilter(settlement.filters.EpochSettled(netuid, snapshotBlock), fromBlock, block),
      settlement.queryFilter(settlement.filters.ReportRejected(netuid, snapshotBlock), fromBlock, block),
    ]);
    outcomes.set(`${netuid}@${snapshotBlock}`, { settled: settled.at(-1)?.args.reportHash ?? null, rejected: rejected.map((r) => r.args.reportHash) });
  });
  const attestations = recent.map((a): AttestationStatus => {
    const outcome = outcomes.get(`${a.netuid}@${a.snapshotBlock}`)!;
    return { ...a, agreement: agreementOf(a.reportHash, outcome.settled, outcome.rejected), settledHash: outcome.settled };
  });

  return {
    chainId: chain.chainId,
    block,
    lens: await lens.getAddress(),
    settlement: await settlement.getAddress(),
    committee: { threshold: Number(threshold), oracleCount, roundTimeout, address, isOracle },
    due,
    attestations,
  };
}
