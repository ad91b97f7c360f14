/**
 * `npm run soak -- [options]`: an oracle committee of real processes on a local Hardhat node, under
 * seeded random faults, measured from the chain. Prints progress, then the tables (./report), writes
 * JSON (--out) and exits 0 only if no epoch was lost and none settled twice (1 otherwise, 2 on bad
 * options). Logs and stores stay in --dir (default tmp-soak/<seed-date>/, ignored by git).
 *
 *   npm run soak -- --nodes 5 --threshold 3 --subnets 8 --epochs 30 --faults 0.2 --seed 1 \
 *     --out bench/results/soak.json --max-minutes 15
 */
import { Command, CommanderError } from "commander";
import * as path from "path";
import { HarnessError, SoakUsageError } from "./errors";
import { formatSoak, writeSoakJson } from "./report";
import { type SoakOptions, defaultSoakDir, runSoak } from "./soak";

const ROOT = path.resolve(__dirname, "..", "..");

function int(name: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new SoakUsageError(`--${name} must be an integer in ${min}..${max}, got ${value}`);
    return n;
  };
}

function real(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new SoakUsageError(`--${name} must be a number in ${min}..${max}, got ${value}`);
    return n;
  };
}

/** The soak's options as commander parses them: the derived ones optional, plus where to write the JSON. */
type CliOptions = Omit<SoakOptions, "log" | "dir" | "tempo" | "lateJoin" | "maxDown" | "drainBlocks"> &
  Partial<Pick<SoakOptions, "dir" | "tempo" | "lateJoin" | "maxDown" | "drainBlocks">> & { out: string };

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command("soak")
    .description("run an oracle committee under random faults and measure, from the chain, what settled")
    .exitOverride()
    .option("--nodes <n>", "committee size", int("nodes", 1, 10), 5)
    .option("--threshold <t>", "attestations a report needs", int("threshold", 1, 10), 3)
    .option("--subnets <s>", "subnets", int("subnets", 1, 16), 8)
    .option("--epochs <k>", "epochs every subnet should settle", int("epochs", 1), 30)
    .option("--faults <rate>", "probability per node per epoch of a fault", real("faults", 0, 1), 0.2)
    .option("--seed <n>", "seed of the fault schedule", int("seed", 0), 1)
    .option("--out <file>", "JSON result", path.join("bench", "results", "soak.json"))
    .option("--max-minutes <m>", "wall-clock bound, drain included", real("max-minutes", 0.5, 600), 15)
    .option("--dir <dir>", "logs and stores (default tmp-soak/<seed>-<date>)")
    .option("--tempo <blocks>", "blocks per epoch (default: subnets x (nodes + 2), at least 20)", int("tempo", 5, 1000))
    .option("--block-ms <ms>", "an empty block every this many ms (transactions mine their own)", int("block-ms", 50), 400)
    .option("--validators <n>", "validators per subnet", int("validators", 1, 8), 3)
    .option("--miners <n>", "miners per subnet", int("miners", 1, 32), 5)
    .option("--late-join <epochs>", "the last node joins after this many epochs (0: never late; default min(20, epochs/3) with faults)", int("late-join", 0))
    .option("--max-down <n>", "most nodes faulty at once (default nodes - threshold)", int("max-down", 0, 10))
    .option("--drain-blocks <n>", "blocks the drain may take (default 4 tempos + the round timeout)", int("drain-blocks", 1))
    .option("--round-timeout <blocks>", "EpochSettlement.setRoundTimeout (default: the contract's)", int("round-timeout", 1))
    .option("--poll-ms <ms>", "the nodes' --poll-ms", int("poll-ms", 100), 250)
    .option("--no-scan-txs", "skip reading every block for reverted settle transactions");
  let opts: CliOptions;
  try {
    opts = program.parse(argv as string[]).opts<CliOptions>();
  } catch (e) {
    // commander printed it (the usage error, or --help)
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  if (opts.threshold > opts.nodes) throw new SoakUsageError(`--threshold ${opts.threshold} is above --nodes ${opts.nodes}`);
  // Every transaction is a block (automine), and each subnet's epoch mines about nodes + 2 of them (every
  // node attests, then a settle and a claim): a tempo below subnets x that keeps every subnet due at once,
  // so every epoch is late and the run measures only the nodes' throughput.
  const tempo = opts.tempo ?? Math.max(20, opts.subnets * (opts.nodes + 2));
  const lateJoin = opts.lateJoin ?? (opts.faults > 0 && opts.nodes > opts.threshold ? Math.min(20, Math.floor(opts.epochs / 3)) : 0);
  const options: SoakOptions = {
    nodes: opts.nodes,
    threshold: opts.threshold,
    subnets: opts.subnets,
    epochs: opts.epochs,
    faults: opts.faults,
    seed: opts.seed,
    maxMinutes: opts.maxMinutes,
    dir: path.resolve(opts.dir ?? defaultSoakDir(ROOT, opts.seed)),
    tempo,
    blockMs: opts.blockMs,
    validators: opts.validators,
    miners: opts.miners,
    lateJoin,
    maxDown: opts.maxDown ?? opts.nodes - opts.threshold,
    drainBlocks: opts.drainBlocks ?? 4 * tempo + (opts.roundTimeout ?? 64),
    roundTimeout: opts.roundTimeout,
    pollMs: opts.pollMs,
    scanTxs: opts.scanTxs,
    log: (line) => console.log(line),
  };
  console.log(
    `soak: ${options.nodes} nodes (threshold ${options.threshold}), ${options.subnets} subnets, tempo ${tempo}, ${options.epochs} epochs, ` +
      `faults ${options.faults}/node/epoch (seed ${options.seed}, at most ${options.maxDown} down), late join ${lateJoin || "none"}, logs in ${options.dir}`,
  );
  const result = await runSoak(options);
  console.log(`\n${formatSoak(result)}`);
  const out = path.resolve(opts.out);
  writeSoakJson(out, result);
  console.log(`\nWrote ${path.relative(process.cwd(), out)}`);
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
      // Every child is gone by now; should a stray handle keep the loop alive, do not hang the caller.
      setTimeout(() => process.exit(code), 5_000).unref();
    },
    (e: unknown) => {
      if (e instanceof SoakUsageError) {
        console.error(`error: ${e.message}`);
        process.exitCode = 2;
      } else {
        console.error(e instanceof HarnessError ? `error: ${e.message}` : e instanceof Error ? (e.stack ?? e.message) : e);
        process.exitCode = 1;
      }
    },
  );
}
