/**
 * The oracle loop (oracle/node/loop.ts) on a stand-in node: ticks, failures counted and retried, the
 * hooks before each tick and after its results, and no abort listener left behind by its waits.
 */
import { expect } from "chai";
import { getEventListeners } from "node:events";

import { runOracleLoop } from "../../oracle/node/loop";
import type { EpochResult, OracleNode } from "../../oracle/node/oracle-node";

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** A node whose ticks return `results`, or throw where an entry is an Error. */
function standIn(ticks: Array<EpochResult[] | Error>): OracleNode {
  let i = 0;
  return {
    tick: async () => {
      const next = ticks[i++] ?? [];
      if (next instanceof Error) throw next;
      return next;
    },
  } as unknown as OracleNode;
}

const settled = (netuid: number): EpochResult => ({ netuid, snapshotBlock: 10n, outcome: "settled" });

describe("oracle loop", function () {
  it("counts failed ticks and goes on, calling the hooks around each tick", async function () {
    const order: string[] = [];
    const failures = await runOracleLoop(standIn([[settled(1)], new Error("rpc down"), [settled(2)]]), {
      pollMs: 0,
      maxTicks: 3,
      logger: silent,
      beforeTick: async () => {
        order.push("before");
      },
      onResults: (results) => {
        order.push(results.map((r) => r.netuid).join(","));
      },
    });
    expect(failures).to.equal(1);
    expect(order).to.deep.equal(["before", "1", "before", "before", "2"]);
  });

  it("ends the loop when the hook before a tick fails (it is not retried)", async function () {
    await expect(runOracleLoop(standIn([]), { pollMs: 0, maxTicks: 2, logger: silent, beforeTick: async () => Promise.reject(new Error("not a dev chain")) })).to.be.rejectedWith("not a dev chain");
  });

  it("leaves no abort listener on the signal after many waits", async function () {
    const stop = new AbortController();
    await runOracleLoop(standIn([]), { pollMs: 0, maxTicks: 20, logger: silent, signal: stop.signal });
    expect(getEventListeners(stop.signal, "abort")).to.have.length(0);
  });
});
