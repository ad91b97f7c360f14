/**
 * Reads a subnet's metagraph from the EpochSettlement: the emission and flag columns it stores, and the
 * u16 proportions it only commits to, taken from the last `MetagraphProportions` event of the subnet and
 * checked on chain against the commitment (IEpochSettlement.metagraph).
 */
import type { IEpochSettlement } from "../../typechain-types";

export type Metagraph = IEpochSettlement.MetagraphStructOutput;

/** Contracts that have a metagraph: the EpochSettlement, or anything with its `metagraph` and event. */
type MetagraphSource = Pick<IEpochSettlement, "metagraph" | "proportionsCommitment" | "queryFilter" | "filters">;

/** The proportion words the subnet's last settled epoch published (empty before its first). */
export async function proportionWordsOf(settlement: MetagraphSource, netuid: number): Promise<bigint[]> {
  const commitment = await settlement.proportionsCommitment(netuid);
  if (BigInt(commitment) === 0n) return [];
  const events = await settlement.queryFilter(settlement.filters.MetagraphProportions(netuid));
  // The last event is the last settled epoch's; the view checks the words against the commitment anyway.
  const last = events.at(-1);
  if (last === undefined) throw new Error(`no MetagraphProportions event for subnet ${netuid}`);
  // A plain array: ethers cannot encode the Result the event decodes to.
  return [...last.args.words];
}

/** The subnet's metagraph, its proportions checked against the stored commitment. */
export async function readMetagraph(settlement: MetagraphSource, netuid: number): Promise<Metagraph> {
  return settlement.metagraph(netuid, await proportionWordsOf(settlement, netuid));
}
