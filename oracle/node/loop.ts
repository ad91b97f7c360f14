/**
 * Runs an oracle node until stopped: one `tick` per poll, never two at once, errors logged and
 * retried on the next poll (a node must outlive a flaky RPC endpoint).
 */
import { OracleLogger, OracleNode } from "./oracle-node";

export interface LoopOptions {
  pollMs: number;
  /** Stop after this many ticks (tests, `--once`). */
  maxTicks?: number;
  signal?: AbortSignal;
  logger: OracleLogger;
}

/** Resolves to the number of ticks that failed. */
export async function runOracleLoop(node: OracleNode, options: LoopOptions): Promise<number> {
  let failures = 0;
  for (let ticks = 0; options.maxTicks === undefined || ticks < options.maxTicks; ticks++) {
    if (options.signal?.aborted) return failures;
    try {
      for (const r of await node.tick()) {
        options.logger.info({ netuid: r.netuid, snapshotBlock: r.snapshotBlock.toString(), outcome: r.outcome }, "epoch");
      }
    } catch (e) {
      failures++;
      // ethers errors carry a one-line `shortMessage`; `message` can hold a whole signed transaction.
      const err = (e as { shortMessage?: string }).shortMessage ?? (e instanceof Error ? e.message : String(e));
      options.logger.error({ err }, "tick failed; retrying on the next poll");
    }
    if (options.maxTicks !== undefined && ticks + 1 >= options.maxTicks) return failures;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.pollMs);
      options.signal?.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return failures;
}
