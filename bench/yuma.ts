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
import { type EpochInput, type EpochOutput, type ResolvedBackend, chooseBackend, closeEngine, computeEpochs, describeAdapter } from "../oracle/yuma";
import { formatEpochOutput } from "../oracle/yuma/io";
import { formatTable } from "../scripts/lib/table";
import { randomEpochInput } from "./lib/random-epochs";

export interface BenchRow {
  backend: ResolvedBackend;
  subnets: number;
  median_ms: number;
  min_ms: number;
  max_ms: number;
  subnet_epochs_per_s: number;
}

interface Plan {
  backend: ResolvedBackend;
  subnets: number;
  runs: number;
}

/** Which (backend, batch) pairs to time: the scalar reference is too slow for big batches. */
function plans(quick: boolean, backends: readonly ResolvedBackend[]): Plan[] {
  if (quick) return [{ backend: "reference", subnets: 1, runs: 1 }];
  const out: Plan[] = [];
  for (const backend of backends) {
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

async function timeBatch(inputs: EpochInput[], backend: ResolvedBackend): Promise<{ ms: number; outputs: EpochOutput[] }> {
  const start = process.hrtime.bigint();
  const outputs = await computeEpochs(inputs, { backend });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, outputs };
}

const sameBits = (a: EpochOutput[], b: EpochOutput[]): boolean =>
  a.length === b.length && a.every((x, i) => JSON.stringify(formatEpochOutput(x)) === JSON.stringify(formatEpochOutput(b[i])));

export async function runBench(options: { quick: boolean; out: string; log: (line: string) => void }): Promise<BenchRow[]> {
  const gpu = await chooseBackend("webgpu");
  const backends: ResolvedBackend[] = ["reference", "cpu"];
  if (gpu.backend === "webgpu") backends.push("webgpu");
  else options.log(`webgpu: not timed (${gpu.reason})`);
  const todo = plans(options.quick, backends);
  const maxSubnets = Math.max(...todo.map((p) => p.subnets));
  options.log(`Generating ${maxSubnets} random subnets (64 validators x 256 UIDs, Yuma3 + liquid alpha)...`);
  const inputs = Array.from({ length: maxSubnets }, (_, i) => randomEpochInput(1_000 + i));

  const rows: BenchRow[] = [];
  // Every backend's first batch is compared with the reference's: the speed is only worth
  // reporting for the same bits.
  const firstOutputs = new Map<ResolvedBackend, EpochOutput[]>();
  for (const [k, plan] of todo.entries()) {
    const batch = inputs.slice(0, plan.subnets);
    await timeBatch(batch.slice(0, 1), plan.backend); // warm-up (JIT, caches, threads, shaders)
    const times: number[] = [];
    for (let r = 0; r < plan.runs; r++) {
      const { ms, outputs } = await timeBatch(batch, plan.backend);
      times.push(ms);
      if (!firstOutputs.has(plan.backend)) firstOutputs.set(plan.backend, outputs);
      options.log(`[${k + 1}/${todo.length}] ${plan.backend} x${plan.subnets}: run ${r + 1}/${plan.runs} ${ms.toFixed(1)} ms`);
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
  const reference = firstOutputs.get("reference") ?? [];
  const bitIdentical: Record<string, boolean> = {};
  for (const [backend, outputs] of firstOutputs) {
    if (backend !== "reference") bitIdentical[backend] = sameBits(outputs, reference.slice(0, outputs.length));
  }
  for (const [backend, same] of Object.entries(bitIdentical)) {
    options.log(`${backend}: ${same ? "bit-identical to the reference" : "DIFFERS FROM THE REFERENCE"} on the 1-subnet batch`);
  }
  const env = {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.arch()}`,
    adapter: gpu.adapter === null ? null : describeAdapter(gpu.adapter),
    webgpu: gpu.backend === "webgpu" ? "timed" : `not timed: ${gpu.reason}`,
    bit_identical_to_reference: bitIdentical,
    quick: options.quick,
    date: new Date().toISOString(),
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, `${JSON.stringify({ env, rows }, null, 2)}\n`);
  options.log(`\nWrote ${options.out}`);
  await closeEngine();
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
