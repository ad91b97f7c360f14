/**
 * Weight rows from the chain's logs (IWeights: rows live in the logs). The lens says at which block
 * each UID's current row was set; the row is the `pairs` of that UID's last WeightsSet event in that
 * block, as given (order and 0 entries kept), and the epoch reads it max-upscaled, as subtensor
 * stores it (`vec_u16_max_upscale_to_u16`, docs/spec/yuma.md §1).
 */
import { type Provider, getBytes, toBeHex, zeroPadValue } from "ethers";
import { IWeights__factory } from "../../typechain-types";
import { vecU16MaxUpscaleToU16 } from "../yuma/math";
import { mapLimit } from "./limit";

/** A weight row as the epoch reads it: (target uid, max-upscaled value) in the order given. */
export type WeightRow = Array<readonly [number, number]>;

/** A row the lens points at could not be read from the logs. */
export class WeightsLogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WeightsLogError";
  }
}

const WEIGHTS = IWeights__factory.createInterface();
const WEIGHTS_SET = WEIGHTS.getEvent("WeightsSet").topicHash;

/** The (uid, value) entries of a WeightsSet `pairs`: 4 bytes each, big-endian u16s, as submitted. */
export function decodeWeightPairs(pairs: string | Uint8Array): Array<[number, number]> {
  const bytes = getBytes(pairs);
  if (bytes.length % 4 !== 0) throw new WeightsLogError(`weight pairs of ${bytes.length} bytes: not 4-byte entries`);
  const entries: Array<[number, number]> = [];
  for (let i = 0; i < bytes.length; i += 4) entries.push([(bytes[i] << 8) | bytes[i + 1], (bytes[i + 2] << 8) | bytes[i + 3]]);
  return entries;
}

/** The row the epoch reads from submitted entries: the same order, values max-upscaled. */
export function upscaledRow(entries: ReadonlyArray<readonly [number, number]>): WeightRow {
  const values = vecU16MaxUpscaleToU16(entries.map(([, v]) => v));
  return entries.map(([uid], i) => [uid, values[i]] as const);
}

/** `eth_getLogs` requests {@link readWeightRows} keeps in flight at once. */
export const WEIGHT_LOG_CONCURRENCY = 8;

/**
 * The current rows of a subnet's UIDs: `weightBlocks[uid]` is the block of the UID's current row
 * (0: none), as the lens returns it. One `eth_getLogs` per distinct block, at most
 * {@link WEIGHT_LOG_CONCURRENCY} at a time (a subnet's rows can span hundreds of blocks).
 */
export async function readWeightRows(
  provider: Provider,
  weights: string,
  netuid: number | bigint,
  weightBlocks: readonly bigint[],
): Promise<WeightRow[]> {
  const blocks = [...new Set(weightBlocks.filter((b) => b !== 0n))];
  const netuidTopic = zeroPadValue(toBeHex(netuid), 32);
  // (uid, block) -> the pairs of that UID's last WeightsSet in the block (logs come in log-index order).
  const rows = new Map<string, string>();
  await mapLimit(blocks, WEIGHT_LOG_CONCURRENCY, async (block) => {
    const logs = await provider.getLogs({ address: weights, topics: [WEIGHTS_SET, netuidTopic], fromBlock: block, toBlock: block });
    for (const log of logs) {
      const parsed = WEIGHTS.parseLog(log);
      if (parsed === null) continue;
      rows.set(`${Number(parsed.args.uid)}@${block}`, parsed.args.pairs as string);
    }
  });
  return weightBlocks.map((block, uid) => {
    if (block === 0n) return [];
    const pairs = rows.get(`${uid}@${block}`);
    if (pairs === undefined) throw new WeightsLogError(`no WeightsSet log of netuid ${netuid} uid ${uid} in block ${block}`);
    return upscaledRow(decodeWeightPairs(pairs));
  });
}

/** A UID's current row as submitted (`entries`) and as the epoch reads it (`row`); both empty if it has none. */
export async function readCurrentRow(
  provider: Provider,
  weights: string,
  netuid: number | bigint,
  uid: number | bigint,
): Promise<{ entries: Array<[number, number]>; row: WeightRow }> {
  const contract = IWeights__factory.connect(weights, provider);
  const [setAt] = await contract.currentRow(netuid, uid);
  if (setAt === 0n) return { entries: [], row: [] };
  const uidTopic = zeroPadValue(toBeHex(uid), 32);
  const logs = await provider.getLogs({ address: weights, topics: [WEIGHTS_SET, zeroPadValue(toBeHex(netuid), 32), uidTopic], fromBlock: setAt, toBlock: setAt });
  const last = logs.at(-1);
  if (last === undefined) throw new WeightsLogError(`no WeightsSet log of netuid ${netuid} uid ${uid} in block ${setAt}`);
  const entries = decodeWeightPairs(WEIGHTS.parseLog(last)!.args.pairs as string);
  return { entries, row: upscaledRow(entries) };
}
