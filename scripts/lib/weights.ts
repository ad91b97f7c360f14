/** A weight row as `IWeights.setWeightsPacked` takes it. */
import { solidityPacked } from "ethers";

/**
 * The `pairs` bytes of `setWeightsPacked`: entry i is uid i then value i, each a big-endian u16.
 * @throws RangeError when the lengths differ (the contract could not tell which entry is missing).
 */
export function packWeightPairs(uids: readonly number[], values: readonly number[]): string {
  if (uids.length !== values.length) throw new RangeError(`${uids.length} uids but ${values.length} values`);
  const entries = uids.flatMap((u, i) => [u, values[i]]);
  return solidityPacked(
    entries.map(() => "uint16"),
    entries,
  );
}
