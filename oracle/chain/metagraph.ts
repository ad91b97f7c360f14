/**
 * Reads a subnet's metagraph from the EpochSettlement: the flag columns it stores, and the u16 proportions
 * and emissions it only commits to, taken from the last `MetagraphColumns` event of the subnet and checked
 * on chain against the commitment (IEpochSettlement.metagraph).
 */
import type { IEpochSettlement } from "../../typechain-types";

export type Metagraph = IEpochSettlement.MetagraphStructOutput;

/** Contracts that have a metagraph: the EpochSettlement, or anything with its `metagraph` and event. */
type MetagraphSource = Pick<IEpochSettlement, "metagraph" | "columnsCommitment" | "queryFilter" | "filters">;

/** The column words the subnet's last settled epoch published (empty before its first). */
export async function columnWordsOf(settlement: MetagraphSource, netuid: number): Promise<bigint[]> {
  const commitment = await settlement.columnsCommitment(netuid);
  if (BigInt(commitment) === 0n) return [];
  const events = await settlement.queryFilter(settlement.filters.MetagraphColumns(netuid));
  // The last event is the last settled epoch's; the view checks the words against the commitment anyway.
  const last = events.at(-1);
  if (last === undefined) throw new Error(`no MetagraphColumns event for subnet ${netuid}`);
  // A plain array: ethers cannot encode the Result the event decodes to.
  return [...last.args.words];
}

/** The subnet's metagraph, its committed columns checked against the stored commitment. */
export async function readMetagraph(settlement: MetagraphSource, netuid: number): Promise<Metagraph> {
  return settlement.metagraph(netuid, await columnWordsOf(settlement, netuid));
}
