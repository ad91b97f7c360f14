/**
 * Weight rows from logs with bounded fan-out: `mapLimit` keeps at most `limit` calls in flight and
 * its results in order, and `readWeightRows` reads as many blocks as before, 8 requests at a time.
 */
import { expect } from "chai";
import { type Filter, type Log, type Provider, ZeroAddress, concat, toBeHex, zeroPadValue } from "ethers";
import { mapLimit } from "../../oracle/chain/limit";
import { WEIGHT_LOG_CONCURRENCY, readWeightRows, upscaledRow } from "../../oracle/chain/weights";
import { IWeights__factory } from "../../typechain-types";

const WEIGHTS = IWeights__factory.createInterface();
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe("oracle: bounded log reads", function () {
  it("mapLimit keeps at most `limit` calls in flight and returns results in input order", async function () {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 40 }, (_, i) => i);
    const out = await mapLimit(items, 5, async (x, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (x * 7) % 5)); // finish out of order
      inFlight--;
      return `${x}:${i}`;
    });
    expect(peak).to.equal(5);
    expect(out).to.deep.equal(items.map((x) => `${x}:${x}`));
    expect(await mapLimit([], 3, async () => 1)).to.deep.equal([]);
  });

  it("mapLimit rejects with the first failure and starts nothing after it", async function () {
    const started: number[] = [];
    const run = mapLimit([0, 1, 2, 3, 4, 5], 2, async (x) => {
      started.push(x);
      if (x === 1) throw new Error("rpc down");
      await tick();
      return x;
    });
    await expect(run).to.be.rejectedWith("rpc down");
    await tick();
    expect(started).to.deep.equal([0, 1]);
    await expect(mapLimit([1], 0, async () => 1)).to.be.rejectedWith(RangeError);
  });

  it("readWeightRows reads every distinct block with at most 8 eth_getLogs in flight", async function () {
    const netuid = 7;
    // 30 UIDs, each with a row set in its own block (two share one), one without a row.
    const blocks = Array.from({ length: 30 }, (_, uid) => (uid === 29 ? 0n : uid === 28 ? 100n : BigInt(100 + uid)));
    const pairsOf = (uid: number): string => concat([toBeHex(uid, 2), toBeHex(uid + 1, 2), toBeHex((uid + 1) % 30, 2), toBeHex(3, 2)]);
    let inFlight = 0;
    let peak = 0;
    let calls = 0;
    const provider = {
      getLogs: async (filter: Filter): Promise<Log[]> => {
        calls++;
        inFlight++;
        peak = Math.max(peak, inFlight);
        await tick();
        inFlight--;
        expect(filter.topics?.[1]).to.equal(zeroPadValue(toBeHex(netuid), 32));
        const block = BigInt(filter.fromBlock as bigint);
        return blocks.flatMap((b, uid) => {
          if (b !== block) return [];
          const { data, topics } = WEIGHTS.encodeEventLog("WeightsSet", [netuid, uid, pairsOf(uid)]);
          return [{ data, topics, address: ZeroAddress } as unknown as Log];
        });
      },
    } as unknown as Provider;
    const rows = await readWeightRows(provider, ZeroAddress, netuid, blocks);
    expect(calls).to.equal(28); // 30 UIDs, one block shared, one UID without a row
    expect(peak).to.equal(WEIGHT_LOG_CONCURRENCY);
    expect(rows[29]).to.deep.equal([]);
    for (let uid = 0; uid < 29; uid++) {
      expect(rows[uid], `uid ${uid}`).to.deep.equal(upscaledRow([[uid, uid + 1], [(uid + 1) % 30, 3]]));
    }
  });
});
