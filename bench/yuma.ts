/**
 * `npm run bench:yuma`: Yuma epochs per second on random 64-validator x 256-UID subnets (Yuma3 +
 * liquid alpha), in batches of 1, 32, 128 and 512 subnets, for each available backend (the BigInt
 * reference only for small batches). Median of several runs after a warm-up. Prints a table and
 * writes bench/results/yuma.json:
 *   {"env": {...}, "rows": [{"backend", "subnets", "median_ms", "min_ms", "max_ms", "subnet_epochs_per_s"}]}
 * Timings are measured here, never asserted in tests.
 */
import { Command } from "commander";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BACKENDS, type Backend, type EpochInput, computeEpochs } from "../oracle/yuma";
import { formatTable } from "../scripts/lib/table";
import { randomEpochInput } from "./lib/random-epochs";

export interface BenchRow {
  backend: Backend;
  subnets: number;
  median_ms: number;
  min_ms: number;
  max_ms: number;
  subnet_epochs_per_s: number;
}

interface Plan {
  backend: Backend;
  subnets: number;
  runs: number;
}

/** Which (backend, batch) pairs to time: the scalar reference is too slow for big batches. */
function plans(quick: boolean): Plan[] {
  if (quick) return [{ backend: "reference", subnets: 1, runs: 1 }];
  const out: Plan[] = [];
  for (const backend of BACKENDS) {
    for (const subnets of [1, 32, 128, 512]) {
      if (backend === "reference" && subnets > 32) continue;
      out.push({ backend, subnets, runs: backend === "reference" && subnets > 1 ? 3 : 7 });
    }
  }
  return out;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function timeBatch(inputs: EpochInput[], backend: Backend): Promise<number> {
  const start = process.hrtime.bigint();
  await computeEpochs(inputs, { backend });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function runBench(options: { quick: boolean; out: string; log: (line: string) => void }): Promise<BenchRow[]> {
  const todo = plans(options.quick);
  const maxSubnets = Math.max(...todo.map((p) => p.subnets));
  options.log(`Generating ${maxSubnets} random subnets (64 validators x 256 UIDs, Yuma3 + liquid alpha)...`);
  const inputs = Array.from({ length: maxSubnets }, (_, i) => randomEpochInput(1_000 + i));

  const rows: BenchRow[] = [];
  for (const [k, plan] of todo.entries()) {
    const batch = inputs.slice(0, plan.subnets);
    await timeBatch(batch.slice(0, 1), plan.backend); // warm-up (JIT, caches)
    const times: number[] = [];
    for (let r = 0; r < plan.runs; r++) {
      times.push(await timeBatch(batch, plan.backend));
      options.log(`[${k + 1}/${todo.length}] ${plan.backend} x${plan.subnets}: run ${r + 1}/${plan.runs} ${times[r].toFixed(1)} ms`);
    }
    const med = median(times);
    rows.push({
      backend: plan.backend,
      subnets: plan.subnets,
      median_ms: med,
      min_ms: Math.min(...times),
      max_ms: Math.max(...times),
      subnet_epochs_per_s: (plan.subnets * 1000) / med,
    });
  }

  const referenceRate = rows.find((r) => r.backend === "reference")?.subnet_epochs_per_s;
  options.log("");
  options.log(
    formatTable(
      ["backend", "subnets", "median ms", "min ms", "max ms", "subnet-epochs/s", "x reference"],
      rows.map((r) => [
        r.backend,
        r.subnets,
        r.median_ms.toFixed(1),
        r.min_ms.toFixed(1),
        r.max_ms.toFixed(1),
        r.subnet_epochs_per_s.toFixed(2),
        referenceRate ? (r.subnet_epochs_per_s / referenceRate).toFixed(2) : "-",
      ]),
    ),
  );
  const env = {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.arch()}`,
    adapter: null as string | null, // set by the WebGPU backend once it exists
    quick: options.quick,
    date: new Date().toISOString(),
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, `${JSON.stringify({ env, rows }, null, 2)}\n`);
  options.log(`\nWrote ${options.out}`);
  return rows;
}

if (require.main === module) {
  const program = new Command("bench:yuma")
    .option("--quick", "one tiny timing only (smoke test)")
    .option("--out <file>", "where to write the JSON", path.join(__dirname, "results", "yuma.json"))
    .parse();
  const opts = program.opts<{ quick?: boolean; out: string }>();
  runBench({ quick: opts.quick ?? false, out: opts.out, log: (l) => console.log(l) }).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
