/**
 * The Yuma engine's one API: a batch of epoch inputs in, their outputs out, in order. Every
 * backend computes the same bits:
 * - `reference`: the readable scalar specification (./epoch.ts), BigInt fixed point;
 * - `cpu`: the batched epoch (./batch) on typed arrays with exact two-limb integer arithmetic,
 *   spread over worker threads;
 * - `webgpu`: the batched epoch with its hot stages as WGSL kernels (./gpu), one dispatch per
 *   stage for the whole batch; without an adapter it says why and runs on `cpu`;
 * - `auto`: `webgpu` on a hardware adapter, otherwise `cpu`.
 */
import { runEpoch } from "./epoch";
import { packInput, unpackOutput } from "./batch/pack";
import { CpuPool } from "./batch/pool";
import { runPackedBatch } from "./batch/pipeline";
import type { StageKernels } from "./batch/stages";
import { EpochInput, EpochOutput } from "./types";

export * from "./types";
export { runEpoch } from "./epoch";
export { YumaInputError, parseEpochInput, parseEpochInputs, formatEpochOutput } from "./io";

export const BACKENDS = ["reference", "cpu", "webgpu", "auto"] as const;
export type Backend = (typeof BACKENDS)[number];
/** The backend that actually ran (`auto` and an unavailable `webgpu` resolve to one of these). */
export type ResolvedBackend = Exclude<Backend, "auto">;

export interface ComputeOptions {
  readonly backend?: Backend;
  /**
   * Where the engine says which adapter `webgpu` runs on, or why it fell back to `cpu` (default:
   * stderr, each message once per process).
   */
  readonly notice?: (message: string) => void;
}

/** An unknown backend name was asked for. */
export class UnknownBackendError extends Error {
  override name = "UnknownBackendError";
  constructor(readonly backend: string) {
    super(`unknown backend "${backend}" (expected one of: ${BACKENDS.join(", ")})`);
  }
}

export function isBackend(name: string): name is Backend {
  return (BACKENDS as readonly string[]).includes(name);
}

/** The GPU adapter a `webgpu` run used. */
export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** A software rasteriser (lavapipe, SwiftShader) rather than a GPU. */
  readonly software: boolean;
}

/** Which backend a request resolves to on this machine, and on what. */
export interface BackendChoice {
  readonly backend: ResolvedBackend;
  readonly adapter: AdapterInfo | null;
  /** Why `webgpu` was not used, when it was asked for (or considered by `auto`) and not used. */
  readonly reason: string | null;
}

/** "description (vendor, architecture)", marked when it is a software rasteriser. */
export function describeAdapter(a: AdapterInfo): string {
  const soft = a.software && a.architecture !== "software" ? ", software" : "";
  return `${a.description} (${a.vendor}, ${a.architecture}${soft})`;
}

let pool: CpuPool | null = null;
let gpu: Promise<{ kernels: StageKernels; adapter: AdapterInfo } | { reason: string }> | null = null;

/** The WebGPU kernels, created once per process, or why there are none. */
function gpuKernels(): Promise<{ kernels: StageKernels; adapter: AdapterInfo } | { reason: string }> {
  gpu ??= (async () => {
    try {
      const { GpuStageKernels } = await import("./gpu/kernels");
      const kernels = await GpuStageKernels.create();
      return { kernels, adapter: kernels.adapter };
    } catch (e) {
      return { reason: e instanceof Error ? e.message : String(e) };
    }
  })();
  return gpu;
}

/** Resolve a backend name to what will run here (starts the GPU device for webgpu/auto). */
export async function chooseBackend(backend: Backend): Promise<BackendChoice> {
  if (!isBackend(backend)) throw new UnknownBackendError(backend);
  if (backend === "reference" || backend === "cpu") return { backend, adapter: null, reason: null };
  const found = await gpuKernels();
  if ("reason" in found) return { backend: "cpu", adapter: null, reason: found.reason };
  if (backend === "auto" && found.adapter.software) {
    return { backend: "cpu", adapter: found.adapter, reason: `adapter "${found.adapter.description}" is a software rasteriser` };
  }
  return { backend: "webgpu", adapter: found.adapter, reason: null };
}

const noticed = new Set<string>();
function stderrOnce(message: string): void {
  if (noticed.has(message)) return;
  noticed.add(message);
  process.stderr.write(`${message}\n`);
}

/** Run one epoch per input (many subnets, or many epochs of simulations) on the chosen backend. */
export async function computeEpochs(inputs: readonly EpochInput[], options: ComputeOptions = {}): Promise<EpochOutput[]> {
  const choice = await chooseBackend(options.backend ?? "reference");
  const notice = options.notice ?? stderrOnce;
  if (options.backend === "webgpu" && choice.backend !== "webgpu") {
    notice(`webgpu: no usable adapter (${choice.reason}); running on the cpu backend`);
  }
  if (choice.backend === "webgpu" && choice.adapter !== null) {
    notice(`webgpu: running on ${describeAdapter(choice.adapter)}`);
  }
  if (inputs.length === 0) return [];
  switch (choice.backend) {
    case "reference":
      return inputs.map(runEpoch);
    case "cpu":
      pool ??= new CpuPool();
      return (await pool.run(inputs.map(packInput))).map(unpackOutput);
    case "webgpu": {
      const found = await gpuKernels();
      if ("reason" in found) throw new Error(found.reason); // unreachable: chooseBackend checked
      return (await runPackedBatch(inputs.map(packInput), found.kernels)).map(unpackOutput);
    }
  }
}

/** Stop the CPU backend's worker threads (they restart on the next call; idle ones never block exit). */
export async function closeEngine(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}
