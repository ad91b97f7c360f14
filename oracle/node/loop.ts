/**
 * Runs an oracle node until stopped: one `tick` per poll, never two at once, errors logged and
 * retried on the next poll (a node must outlive a flaky RPC endpoint).
 */
import type { OracleLogger } from "./logger";
import { EpochResult, OracleNode } from "./oracle-node";
import { describeError } from "./send";

export interface LoopOptions {
  pollMs: number;
  /** Stop after this many ticks (tests, `--once`). */
  maxTicks?: number;
  signal?: AbortSignal;
  logger: OracleLogger;
  /** Runs before each tick, outside its retry (an error here ends the loop): e.g. mining to a due block on a dev chain. */
  beforeTick?: () => Promise<void>;
  /** Receives each tick's results, after they are logged. */
  onResults?: (results: EpochResult[]) => void | Promise<void>;
}

/** Resolves to the number of ticks that failed. */
export async function runOracleLoop(node: OracleNode, options: LoopOptions): Promise<number> {
  let failures = 0;
  for (let ticks = 0; options.maxTicks === undefined || ticks < options.maxTicks; ticks++) {
    if (options.signal?.aborted) return failures;
    await options.beforeTick?.();
    try {
      const results = await node.tick();
      for (const r of results) {
        const fields = { netuid: r.netuid, snapshotBlock: r.snapshotBlock.toString(), outcome: r.outcome, ...(r.error ? { err: r.error } : {}), ...(r.replayed ? { replayed: r.replayed } : {}) };
        options.logger.info(fields, "epoch");
      }
      await options.onResults?.(results);
    } catch (e) {
      failures++;
      // One line: our custom error decoded, else ethers' `shortMessage` (`message` can hold a whole signed transaction).
      options.logger.error({ err: describeError(e) }, "tick failed; retrying on the next poll");
    }
    if (options.maxTicks !== undefined && ticks + 1 >= options.maxTicks) return failures;
    await new Promise<void>((resolve) => {
      // One listener per wait, removed when the wait ends: a long run adds none that stay.
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        options.signal?.removeEventListener("abort", onAbort);
        resolve();
      }, options.pollMs);
      options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
  return failures;
}
