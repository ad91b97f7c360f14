/**
 * The Yuma engine's one API: a batch of epoch inputs in, their outputs out, in order. Every
 * backend computes the same bits:
 * - `reference`: the readable scalar specification (./epoch.ts), BigInt fixed point;
 * - `cpu`: the batched epoch (./batch) on typed arrays with exact two-limb integer arithmetic,
 *   spread over worker threads;
 * - `webgpu`: the batched epoch with its hot stages as WGSL kernels (./gpu), one dispatch per
 *   stage for the whole batch; without an adapter it says why and runs on `cpu`;
 * - `auto`: `webgpu` on a hardware adapter, otherwise `cpu`.
 *
 * `webgpu` (Dawn) is an optional dependency: no module here loads it; `auto` and `webgpu` first probe
 * for an adapter in a child process (./gpu/device.ts `probeGpu`), so where there is none, or no package,
 * Dawn never enters this process and its native warnings never reach the terminal. Either way the
 * engine says in one line, once per process, which backend it chose and why ({@link backendAnnouncement}).
 */
import { runEpoch } from "./epoch";
import { packInput, unpackOutput } from "./batch/pack";
import { CpuPool } from "./batch/pool";
import { runPackedBatch } from "./batch/pipeline";
import type { StageKernels } from "./batch/stages";
import { type WebGpuLoader, probeGpu, setWebGpuLoader as setDeviceLoader, summarizeAdapter } from "./gpu/device";
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
   * Where the engine announces, for `auto` and `webgpu`, the backend it chose and why: one line such as
   * `yuma: backend cpu (webgpu package not installed)` or `yuma: backend webgpu on <adapter>`
   * ({@link backendAnnouncement}). Default: stderr, each line once per process. A function given here
   * is called on every such call instead (`() => {}` silences it).
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

/** "description (vendor, architecture)", marked when it is a software rasteriser; empty fields left out. */
export function describeAdapter(a: AdapterInfo): string {
  const details = [a.vendor, a.architecture, a.software && a.architecture !== "software" ? "software" : ""].filter((x) => x !== "");
  const name = a.description || a.device || "unnamed adapter";
  return details.length === 0 ? name : `${name} (${details.join(", ")})`;
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

/**
 * Resolve a backend name to what will run here. For webgpu/auto this probes for an adapter (in a
 * child process, once per process) and opens the GPU device only when `webgpu` will run on it.
 */
export async function chooseBackend(backend: Backend): Promise<BackendChoice> {
  if (!isBackend(backend)) throw new UnknownBackendError(backend);
  if (backend === "reference" || backend === "cpu") return { backend, adapter: null, reason: null };
  const probe = await probeGpu();
  if (!probe.ok) return { backend: "cpu", adapter: null, reason: probe.reason };
  const probed = summarizeAdapter(probe.adapter);
  if (backend === "auto" && probed.software) return { backend: "cpu", adapter: probed, reason: softwareOnly(probed) };
  const found = await gpuKernels();
  if ("reason" in found) return { backend: "cpu", adapter: null, reason: found.reason };
  if (backend === "auto" && found.adapter.software) return { backend: "cpu", adapter: found.adapter, reason: softwareOnly(found.adapter) };
  return { backend: "webgpu", adapter: found.adapter, reason: null };
}

function softwareOnly(a: AdapterInfo): string {
  return `no hardware GPU adapter: only ${a.description || a.device || "a software rasteriser"}`;
}

/**
 * The one line the engine says about a choice for `auto` or `webgpu` (null for `reference` and `cpu`,
 * which need no explaining): `yuma: backend webgpu on <adapter>`, `yuma: backend cpu (<why not webgpu>)`,
 * `yuma: backend cpu, not webgpu (<why>)` when `webgpu` was asked for by name.
 */
export function backendAnnouncement(requested: Backend, choice: BackendChoice): string | null {
  if (requested !== "auto" && requested !== "webgpu") return null;
  if (choice.backend === "webgpu" && choice.adapter !== null) return `yuma: backend webgpu on ${describeAdapter(choice.adapter)}`;
  return `yuma: backend ${choice.backend}${requested === "webgpu" ? ", not webgpu" : ""} (${choice.reason ?? "no adapter"})`;
}

const noticed = new Set<string>();
function stderrOnce(message: string): void {
  if (noticed.has(message)) return;
  noticed.add(message);
  process.stderr.write(`${message}\n`);
}

/**
 * Tests: replace parts of how the `webgpu` package is found, loaded and probed (`{ resolve: () => null }`
 * is a machine without it) and forget the backend chosen and announced so far; no argument restores
 * the real loader.
 */
export function setWebGpuLoader(replacement?: Partial<WebGpuLoader>): void {
  setDeviceLoader(replacement);
  gpu = null;
  noticed.clear();
}

/** Run one epoch per input (many subnets, or many epochs of simulations) on the chosen backend. */
export async function computeEpochs(inputs: readonly EpochInput[], options: ComputeOptions = {}): Promise<EpochOutput[]> {
  const requested = options.backend ?? "reference";
  const choice = await chooseBackend(requested);
  const announcement = backendAnnouncement(requested, choice);
  if (announcement !== null) (options.notice ?? stderrOnce)(announcement);
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
