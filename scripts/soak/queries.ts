/** Small reads of the settlement's logs, for the fault tests' per-fault checks (the soak reads them all in ./measure). */
import type { Harness } from "./harness";
import { abiOf, decodeError } from "./abi";

export interface AttestedLog {
  block: number;
  tx: string;
  oracle: string;
  netuid: number;
  snapshotBlock: number;
  round?: number;
  hash: string;
}

export interface SettledLog {
  block: number;
  tx: string;
  netuid: number;
  snapshotBlock: number;
  hash: string;
}

export interface RejectedLog {
  block: number;
  netuid: number;
  snapshotBlock: number;
  hash: string;
  reason: string;
}

async function events(h: Harness, name: string, fromBlock: number, topics: Array<string | null> = []) {
  const iface = abiOf("EpochSettlement");
  const event = iface.getEvent(name);
  if (event === null) return [];
  const logs = await h.provider.getLogs({ address: h.network.layer.addresses.EpochSettlement, fromBlock, toBlock: "latest", topics: [event.topicHash, ...topics] });
  return logs.map((log) => ({ log, args: iface.parseLog(log)!.args }));
}

const topicOf = (address: string): string => `0x${address.toLowerCase().replace(/^0x/, "").padStart(64, "0")}`;

/** Attestations since `fromBlock`, of one oracle if given. */
export async function attestations(h: Harness, fromBlock: number, oracle?: string): Promise<AttestedLog[]> {
  return (await events(h, "Attested", fromBlock, oracle === undefined ? [] : [topicOf(oracle)])).map(({ log, args }) => ({
    block: log.blockNumber,
    tx: log.transactionHash,
    oracle: String(args.oracle),
    netuid: Number(args.netuid),
    snapshotBlock: Number(args.snapshotBlock),
    round: args.round === undefined ? undefined : Number(args.round),
    hash: String(args.reportHash).toLowerCase(),
  }));
}

export async function settlements(h: Harness, fromBlock: number): Promise<SettledLog[]> {
  return (await events(h, "EpochSettled", fromBlock)).map(({ log, args }) => ({
    block: log.blockNumber,
    tx: log.transactionHash,
    netuid: Number(args.netuid),
    snapshotBlock: Number(args.snapshotBlock),
    hash: String(args.reportHash).toLowerCase(),
  }));
}

export async function rejections(h: Harness, fromBlock: number): Promise<RejectedLog[]> {
  return (await events(h, "ReportRejected", fromBlock)).map(({ log, args }) => ({
    block: log.blockNumber,
    netuid: Number(args.netuid),
    snapshotBlock: Number(args.snapshotBlock),
    hash: String(args.reportHash).toLowerCase(),
    reason: decodeError(String(args.reason)) ?? String(args.reason),
  }));
}

/** Hashes accepted (ReportAccepted) since `fromBlock`. */
export async function acceptedHashes(h: Harness, fromBlock: number): Promise<Set<string>> {
  return new Set((await events(h, "ReportAccepted", fromBlock)).map(({ args }) => String(args.reportHash).toLowerCase()));
}
