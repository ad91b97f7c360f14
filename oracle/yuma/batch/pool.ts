/**
 * The CPU backend's thread pool: a batch is split into chunks of about equal work (n² per
 * subnet), one per core; the calling thread computes one chunk itself while workers compute the
 * others. Workers start on first use, are shared by every call, and never keep the process alive
 * while idle.
 */
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { cpuKernels } from "./cpu-kernels";
import { PackedInput, PackedOutput, transferList } from "./pack";
import { runPackedBatch } from "./pipeline";
import type { WorkerRequest } from "./worker";

interface WorkerReply {
  readonly id: number;
  readonly outputs?: PackedOutput[];
  readonly error?: string;
}

/** A worker thread failed while computing a chunk. */
export class WorkerFailedError extends Error {
  override name = "WorkerFailedError";
}

/** Below this many uid² of work a batch runs on the calling thread alone (a message costs more). */
const MIN_PARALLEL_WORK = 4 * 256 * 256;

/**
 * Worker threads run this file's compiled JavaScript; from TypeScript sources (ts-node, tests)
 * the worker registers ts-node first.
 */
function startWorker(): Worker {
  const file = path.join(__dirname, `worker${path.extname(__filename)}`);
  if (file.endsWith(".ts")) {
    const project = path.join(__dirname, "..", "..", "..", "tsconfig.json");
    const boot = `require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(project)} }); require(${JSON.stringify(file)});`;
    return new Worker(boot, { eval: true });
  }
  return new Worker(file);
}

class PooledWorker {
  private readonly pending = new Map<number, { resolve: (o: PackedOutput[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private broken: Error | null = null;

  constructor(private readonly worker: Worker = startWorker()) {
    worker.unref();
    worker.on("message", (reply: WorkerReply) => {
      const job = this.pending.get(reply.id);
      if (job === undefined) return;
      this.settle(reply.id);
      if (reply.outputs !== undefined) job.resolve(reply.outputs);
      else job.reject(new WorkerFailedError(reply.error ?? "worker failed"));
    });
    worker.on("error", (e) => this.fail(e));
    worker.on("exit", (code) => this.fail(new WorkerFailedError(`worker exited with code ${code}`)));
  }

  run(inputs: PackedInput[]): Promise<PackedOutput[]> {
    if (this.broken !== null) return Promise.reject(this.broken);
    const id = this.nextId++;
    // Referenced while a job is in flight, so the process waits for it; unreferenced when idle.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: WorkerRequest = { id, inputs };
      this.worker.postMessage(request, transferList(inputs));
    });
  }

  get alive(): boolean {
    return this.broken === null;
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }

  private fail(error: Error): void {
    this.broken = error;
    for (const [id, job] of this.pending) {
      this.settle(id);
      job.reject(error);
    }
  }
}

/** Split items into `parts` contiguous chunks of about equal total weight. */
export function balancedChunks<T>(items: readonly T[], weight: (item: T) => number, parts: number): T[][] {
  const total = items.reduce((acc, x) => acc + weight(x), 0);
  const chunks: T[][] = [];
  let current: T[] = [];
  let acc = 0;
  for (const item of items) {
    current.push(item);
    acc += weight(item);
    if (chunks.length < parts - 1 && acc >= (total * (chunks.length + 1)) / parts) {
      chunks.push(current);
      current = [];
    }
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current);
  return chunks;
}

/** The pool: `threads` = cores including the calling thread. */
export class CpuPool {
  private workers: PooledWorker[] = [];

  constructor(readonly threads: number = Math.max(1, os.availableParallelism())) {}

  /** Run packed inputs, outputs in order. */
  async run(inputs: readonly PackedInput[]): Promise<PackedOutput[]> {
    const work = (x: PackedInput): number => x.alphaStake.length ** 2;
    const total = inputs.reduce((acc, x) => acc + work(x), 0);
    const parts = total < MIN_PARALLEL_WORK ? 1 : Math.min(this.threads, inputs.length);
    if (parts <= 1) return runPackedBatch(inputs, cpuKernels);
    const chunks = balancedChunks(inputs, work, parts);
    this.workers = this.workers.filter((w) => w.alive);
    while (this.workers.length < chunks.length - 1) this.workers.push(new PooledWorker());
    // Workers take the later chunks (their inputs are transferred away); this thread takes the first.
    const remote = chunks.slice(1).map((chunk, k) => this.workers[k].run(chunk));
    const local = await runPackedBatch(chunks[0], cpuKernels);
    return local.concat(...(await Promise.all(remote)));
  }

  /** Stop the workers (tests, benchmarks); the pool restarts them on the next run. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
