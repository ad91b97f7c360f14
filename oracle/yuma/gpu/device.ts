/// <reference types="@webgpu/types" />
/**
 * The process-wide WebGPU device (Dawn through the `webgpu` npm package) and the small amount of
 * plumbing every kernel needs: explicit bind-group layouts, error scopes that turn validation
 * errors into exceptions (Dawn otherwise only reports them asynchronously and reads back zeros),
 * and one generic "upload, dispatch, read back" helper.
 *
 * `webgpu` is optional and loaded only on first use. Before Dawn is loaded here, a child process
 * probes for an adapter ({@link probeGpu}): Dawn prints its discovery warnings from native code to
 * fd 2 ("Couldn't load Vulkan", "maxDynamicUniformBuffersPerPipelineLayout artificially reduced…"),
 * with no option to stop it, and in the child they go to a pipe that is dropped. Only when there is
 * an adapter does this process load Dawn, with fd 2 silenced around the calls that print
 * ({@link withNativeStderrSilenced}).
 */

/** A WebGPU failure (validation, out-of-memory, lost device, failed map): the result is unusable. */
export class GpuError extends Error {
  override name = "GpuError";
}

/** No WebGPU here: the `webgpu` package cannot load or no adapter exists. */
export class GpuUnavailableError extends Error {
  override name = "GpuUnavailableError";
}

/** The process's WebGPU objects. */
export interface GpuContext {
  readonly gpu: GPU;
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
}

/** What the adapter says about itself; `software` marks CPU rasterisers (lavapipe, SwiftShader). */
export interface AdapterSummary {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly software: boolean;
}

/** What the `webgpu` package exports (only what the engine uses). */
export interface WebGpuModule {
  create(options: string[]): GPU;
  globals: object;
}

/** The adapter a probe found, as plain data (GPUAdapterInfo's fields, read in the probing process). */
export interface ProbedAdapter {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
}

/**
 * Whether the `webgpu` package finds an adapter and opens a device on it, and which, or why not.
 * `noisy`: native code wrote to stderr meanwhile, so it will again when this process opens the GPU.
 */
export type ProbeResult =
  | { readonly ok: true; readonly adapter: ProbedAdapter; readonly noisy?: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * Where the engine gets WebGPU from. `webgpu` is an optional dependency: nothing requires it when a
 * module loads, and the default loader only resolves it (`require.resolve`, which loads nothing) until
 * the GPU is really used. Tests replace parts of it ({@link setWebGpuLoader}) to simulate a missing
 * package or a given adapter without uninstalling anything.
 */
export interface WebGpuLoader {
  /** The package's entry file, or null when it is not installed. */
  resolve(): string | null;
  /** Loads the package into this process. */
  load(entry: string): WebGpuModule;
  /** Looks for an adapter without loading Dawn into this process (default: in a child process). */
  probe(entry: string): Promise<ProbeResult>;
}

/** Gives the child process up after this long (a hung driver must not hang the engine). */
const PROBE_TIMEOUT_MS = 30_000;

/**
 * The probe's child process: loads `webgpu`, asks for an adapter and a device as {@link openContext}
 * does and prints what it found as one JSON line on stdout. Plain JavaScript, so it needs no ts-node.
 */
const PROBE_SCRIPT = `
const { pathToFileURL } = require("url");
const say = (o) => process.stdout.write(JSON.stringify(o) + "\\n", () => process.exit(0));
(async () => {
  let mod;
  try {
    mod = await import(pathToFileURL(process.env.YUMA_WEBGPU_ENTRY).href);
  } catch (e) {
    return say({ ok: false, reason: "the webgpu package failed to load: " + (e && e.message ? e.message : e) });
  }
  const gpu = mod.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) return say({ ok: false, reason: null });
  const l = adapter.limits;
  const device = await adapter.requestDevice({ requiredLimits: {
    maxStorageBufferBindingSize: l.maxStorageBufferBindingSize, maxBufferSize: l.maxBufferSize,
    maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
  } });
  device.destroy();
  const i = adapter.info;
  say({ ok: true, adapter: {
    vendor: String(i.vendor ?? ""), architecture: String(i.architecture ?? ""),
    device: String(i.device ?? ""), description: String(i.description ?? ""),
    isFallbackAdapter: adapter.isFallbackAdapter === true,
  } });
})().catch((e) => say({ ok: false, reason: "webgpu failed: " + (e && e.message ? e.message : e) }));
`;

/** Dawn's first warning in a probe's stderr, as a short reason ("Couldn't load Vulkan: …"). */
function dawnReason(stderr: string): string | null {
  const line = stderr.split("\n").find((l) => /^(Warning|Error): /.test(l));
  return line === undefined ? null : line.replace(/^(Warning|Error): /, "").trim();
}

/**
 * Runs {@link PROBE_SCRIPT} in a short-lived child process whose stderr is a pipe read here and never
 * forwarded: Dawn's discovery messages ("Couldn't load Vulkan", "maxDynamicUniformBuffersPerPipelineLayout
 * artificially reduced…", Mesa's own) are printed by native code straight to file descriptor 2, with no
 * option or callback to turn them off, so the only way to keep them off the user's terminal is for
 * them to go to another process's fd 2. A driver that crashes or hangs takes only the probe down.
 */
export function probeInChildProcess(entry: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawn } = require("child_process") as typeof import("child_process");
    // NODE_OPTIONS may preload hooks (ts-node, coverage) this plain script does not need.
    const env: NodeJS.ProcessEnv = { ...process.env, YUMA_WEBGPU_ENTRY: entry };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ["-e", PROBE_SCRIPT], { env, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), PROBE_TIMEOUT_MS);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `cannot start the adapter probe: ${e.message}` });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith("{"));
      if (line === undefined) {
        const how = signal === "SIGKILL" ? `timed out after ${PROBE_TIMEOUT_MS / 1000} s` : signal ? `crashed (${signal})` : `exited with code ${code}`;
        resolve({ ok: false, reason: `the adapter probe ${how}` });
        return;
      }
      const found = JSON.parse(line) as { ok: true; adapter: ProbedAdapter } | { ok: false; reason: string | null };
      if (found.ok) resolve({ ...found, noisy: stderr.length > 0 });
      else {
        const detail = found.reason ?? dawnReason(stderr);
        resolve({ ok: false, reason: found.reason ?? `no WebGPU adapter${detail ? `: ${detail}` : ""}` });
      }
    });
  });
}

const defaultLoader: WebGpuLoader = {
  resolve: () => {
    try {
      return require.resolve("webgpu");
    } catch {
      return null;
    }
  },
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  load: (entry) => require(entry) as WebGpuModule,
  probe: probeInChildProcess,
};

let loader: WebGpuLoader = defaultLoader;

// Dawn crashes if the object returned by create() is garbage collected: keep it for the process.
let gpuInstance: GPU | undefined;
/** Instances a {@link setWebGpuLoader} call stopped using, kept alive for the same reason. */
const retiredInstances: GPU[] = [];
let globalsInstalled = false;
let contextPromise: Promise<GpuContext> | undefined;
let probePromise: Promise<ProbeResult> | undefined;

/**
 * Replaces parts of the loader (tests: `{ resolve: () => null }` is a machine without the package) and
 * forgets the cached probe and context; no argument restores the default loader. A Dawn instance
 * already created stays alive (see above) but is not reused after a change.
 */
export function setWebGpuLoader(replacement?: Partial<WebGpuLoader>): void {
  loader = replacement === undefined ? defaultLoader : { ...defaultLoader, ...replacement };
  if (gpuInstance !== undefined) retiredInstances.push(gpuInstance);
  gpuInstance = undefined;
  contextPromise = undefined;
  probePromise = undefined;
}

/** Whether WebGPU is there, and on what adapter, found once per process without loading Dawn here. */
export function probeGpu(): Promise<ProbeResult> {
  probePromise ??= (async (): Promise<ProbeResult> => {
    const entry = loader.resolve();
    if (entry === null) return { ok: false, reason: "webgpu package not installed" };
    return loader.probe(entry);
  })();
  return probePromise;
}

/**
 * Runs `fn` with file descriptor 2 pointing at /dev/null, so that what native code prints to stderr
 * while `fn` runs is dropped. Used, when the probe saw Dawn print, around the in-process Dawn calls
 * that print: create(), requestAdapter() (Dawn discovers adapters synchronously inside the call, which
 * is when "maxDynamicUniformBuffersPerPipelineLayout artificially reduced…" and the like are written)
 * and requestDevice().
 *
 * Node has no dup2, so this closes fd 2, opens /dev/null (the lowest free descriptor, hence 2, with 0
 * and 1 open) and afterwards reopens the original stderr through /proc/self/fd/N. That gives fd 2 a new
 * open file description, which is harmless for a terminal or a pipe but not for a regular file (stdout
 * and stderr sharing one file's offset, as `> log 2>&1` does, would overwrite each other) nor possible
 * for a socket: there, and off Linux, it does nothing and `fn` just runs, messages and all. It is
 * synchronous, so no JavaScript writes to stderr meanwhile, and lasts a few milliseconds once per
 * process; another thread opening a file in exactly that window would get fd 2, which is checked for
 * (the descriptor must come back as 2) and makes it give up.
 */
export function withNativeStderrSilenced<T>(fn: () => T): T {
  const restore = redirectFd2ToNull();
  try {
    return fn();
  } finally {
    restore?.();
  }
}

function redirectFd2ToNull(): (() => void) | null {
  if (process.platform !== "linux") return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require("fs") as typeof import("fs");
  const { O_WRONLY, O_APPEND } = fs.constants;
  let saved: number;
  try {
    fs.fstatSync(0);
    fs.fstatSync(1);
    const stderr = fs.fstatSync(2);
    if (!stderr.isCharacterDevice() && !stderr.isFIFO()) return null;
    saved = fs.openSync("/proc/self/fd/2", O_WRONLY | O_APPEND);
  } catch {
    return null;
  }
  const reopen = (): void => {
    const fd = fs.openSync(`/proc/self/fd/${saved}`, O_WRONLY | O_APPEND);
    if (fd !== 2) fs.closeSync(fd); // fd 2 was taken meanwhile: nothing safe left to do
    fs.closeSync(saved);
  };
  try {
    fs.closeSync(2);
  } catch {
    fs.closeSync(saved);
    return null;
  }
  let nul: number;
  try {
    nul = fs.openSync("/dev/null", O_WRONLY);
  } catch {
    reopen();
    return null;
  }
  if (nul !== 2) {
    // Another thread took fd 2 between the close and the open: without dup2 it cannot be moved back.
    fs.closeSync(nul);
    fs.closeSync(saved);
    return null;
  }
  return () => {
    fs.closeSync(2);
    reopen();
  };
}

function loadWebGpu(): GPU {
  if (gpuInstance) return gpuInstance;
  const entry = loader.resolve();
  if (entry === null) throw new GpuUnavailableError("webgpu package not installed");
  let mod: WebGpuModule;
  try {
    mod = loader.load(entry);
  } catch (e) {
    throw new GpuUnavailableError(`cannot load the "webgpu" package: ${(e as Error).message}`);
  }
  if (!globalsInstalled) {
    Object.assign(globalThis, mod.globals);
    globalsInstalled = true;
  }
  try {
    gpuInstance = mod.create([]);
  } catch (e) {
    throw new GpuUnavailableError(`webgpu create() failed: ${(e as Error).message}`);
  }
  return gpuInstance;
}

async function openContext(): Promise<GpuContext> {
  // Where the probe (a child process) finds nothing, Dawn is never loaded into this process.
  const probe = await probeGpu();
  if (!probe.ok) throw new GpuUnavailableError(probe.reason);
  const quietly = <T>(fn: () => T): T => (probe.noisy === true ? withNativeStderrSilenced(fn) : fn());
  const gpu = quietly(loadWebGpu);
  const adapter = await quietly(() => gpu.requestAdapter({ powerPreference: "high-performance" }));
  if (!adapter) throw new GpuUnavailableError("no WebGPU adapter (no GPU and no software Vulkan driver)");
  const l = adapter.limits;
  const device = await quietly(() =>
    adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
        maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
        maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      },
    }),
  );
  device.onuncapturederror = (ev: GPUUncapturedErrorEvent): void => {
    // Everything we submit runs inside an error scope; anything else is a bug worth seeing.
    console.error(`WebGPU uncaptured error: ${ev.error.message}`);
  };
  void device.lost.then((info) => {
    if (contextPromise && info.reason !== "destroyed") console.error(`WebGPU device lost: ${info.message}`);
    contextPromise = undefined;
  });
  return { gpu, adapter, device };
}

/** The process's GPU context, opened on first use and cached (a failed attempt is retried). */
export function acquireGpu(): Promise<GpuContext> {
  if (!contextPromise) {
    const opening = openContext();
    contextPromise = opening;
    opening.catch(() => {
      if (contextPromise === opening) contextPromise = undefined;
    });
  }
  return contextPromise;
}

/** The adapter's identity, read field by field (GPUAdapterInfo's fields are getters). */
export function adapterDescription(ctx: GpuContext): AdapterSummary {
  const info = ctx.adapter.info;
  return summarizeAdapter({
    vendor: String(info.vendor ?? ""),
    architecture: String(info.architecture ?? ""),
    device: String(info.device ?? ""),
    description: String(info.description ?? ""),
    isFallbackAdapter: (ctx.adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true,
  });
}

/** An adapter's identity, and whether it is a CPU rasteriser rather than a GPU. */
export function summarizeAdapter(a: ProbedAdapter): AdapterSummary {
  const { vendor, architecture, device, description } = a;
  const text = `${device} ${description}`.toLowerCase();
  const software = a.isFallbackAdapter || architecture.toLowerCase() === "software" || /llvmpipe|lavapipe|swiftshader/.test(text);
  return { vendor, architecture, device, description, software };
}

/** Whether WebGPU works in this process, and on what; never throws. */
export async function gpuAvailability(): Promise<
  { ok: true; adapter: AdapterSummary } | { ok: false; reason: string }
> {
  try {
    const ctx = await acquireGpu();
    return { ok: true, adapter: adapterDescription(ctx) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Runs `fn` inside validation and out-of-memory error scopes; a captured error is thrown as GpuError. */
export async function checked<T>(device: GPUDevice, what: string, fn: () => T): Promise<T> {
  device.pushErrorScope("out-of-memory");
  device.pushErrorScope("validation");
  let result: T | undefined;
  let thrown: unknown;
  try {
    result = fn();
  } catch (e) {
    thrown = e;
  }
  const validation = await device.popErrorScope();
  const oom = await device.popErrorScope();
  const err = validation ?? oom;
  if (err) throw new GpuError(`${what}: ${err.message}`);
  if (thrown !== undefined) throw thrown;
  return result as T;
}

/** How a kernel binding is used: a uniform, an input, or an output that is read back. */
export type BindingKind = "uniform" | "read" | "write";

/** A compute pipeline with its explicit bind-group layout (never `layout: "auto"`). */
export interface ComputeKernel {
  readonly pipeline: GPUComputePipeline;
  readonly bindGroupLayout: GPUBindGroupLayout;
  readonly kinds: readonly BindingKind[];
}

const LAYOUT_TYPE: Record<BindingKind, GPUBufferBindingType> = {
  uniform: "uniform",
  read: "read-only-storage",
  write: "storage",
};

/** Compiles `code` and builds a pipeline whose bindings 0..n-1 are `kinds`, in group 0. */
export async function createKernel(
  ctx: GpuContext,
  label: string,
  code: string,
  entryPoint: string,
  kinds: readonly BindingKind[],
): Promise<ComputeKernel> {
  const { device } = ctx;
  const module = await checked(device, `${label}: shader module`, () => device.createShaderModule({ label, code }));
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === "error");
  if (errors.length > 0) {
    const first = errors[0];
    throw new GpuError(`${label}: WGSL error at ${first.lineNum}:${first.linePos}: ${first.message}`);
  }
  return checked(device, `${label}: pipeline`, () => {
    const bindGroupLayout = device.createBindGroupLayout({
      label,
      entries: kinds.map((k, binding) => ({
        binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: LAYOUT_TYPE[k] },
      })),
    });
    const layout = device.createPipelineLayout({ label, bindGroupLayouts: [bindGroupLayout] });
    const pipeline = device.createComputePipeline({ label, layout, compute: { module, entryPoint } });
    return { pipeline, bindGroupLayout, kinds };
  });
}

/** Data for one binding: words to upload (uniform / read) or the word count of an output. */
export type BindingData = Uint32Array | number;

/** Workgroup counts for `groups` one-dimensional groups, folded into 2D so no dimension exceeds the limit. */
export function dispatchSize(groups: number, maxPerDim = 65535): [number, number] {
  if (groups <= maxPerDim) return [Math.max(groups, 1), 1];
  const y = Math.ceil(groups / maxPerDim);
  if (y > maxPerDim) throw new GpuError(`dispatch of ${groups} workgroups is too large`);
  return [Math.ceil(groups / y), y];
}

/**
 * Uploads the inputs, runs `groups` workgroups (folded into 2D) and returns the output bindings'
 * contents in binding order. Buffers live for this call only.
 */
export async function runKernel(
  ctx: GpuContext,
  kernel: ComputeKernel,
  data: readonly BindingData[],
  groups: number,
): Promise<Uint32Array[]> {
  const { device } = ctx;
  if (data.length !== kernel.kinds.length) throw new GpuError("binding count mismatch");
  const buffers: GPUBuffer[] = [];
  const outputs: { buffer: GPUBuffer; read: GPUBuffer; bytes: number }[] = [];
  const [gx, gy] = dispatchSize(groups, device.limits.maxComputeWorkgroupsPerDimension);
  try {
    await checked(device, `${kernel.pipeline.label}: dispatch`, () => {
      const entries: GPUBindGroupEntry[] = kernel.kinds.map((kind, binding) => {
        const d = data[binding];
        const words = typeof d === "number" ? d : d.length;
        // Sizes are rounded up to 16 bytes: no zero-sized bindings, uniform alignment.
        const size = Math.max(16, Math.ceil((words * 4) / 16) * 16);
        const usage =
          kind === "uniform"
            ? GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
            : kind === "read"
              ? GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST
              : GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
        const buffer = device.createBuffer({ size, usage });
        buffers.push(buffer);
        if (typeof d !== "number") {
          if (d.length > 0) device.queue.writeBuffer(buffer, 0, d.buffer, d.byteOffset, d.byteLength);
        } else {
          const read = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
          buffers.push(read);
          outputs.push({ buffer, read, bytes: words * 4 });
        }
        return { binding, resource: { buffer } };
      });
      const bindGroup = device.createBindGroup({ layout: kernel.bindGroupLayout, entries });
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(kernel.pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(gx, gy);
      pass.end();
      for (const o of outputs) encoder.copyBufferToBuffer(o.buffer, 0, o.read, 0, o.read.size);
      device.queue.submit([encoder.finish()]);
    });
    const results: Uint32Array[] = [];
    for (const o of outputs) {
      try {
        await o.read.mapAsync(GPUMapMode.READ);
      } catch (e) {
        throw new GpuError(`${kernel.pipeline.label}: readback failed: ${(e as Error).message}`);
      }
      results.push(new Uint32Array(o.read.getMappedRange(0, o.read.size).slice(0, o.bytes)));
      o.read.unmap();
    }
    return results;
  } finally {
    for (const b of buffers) b.destroy();
  }
}
