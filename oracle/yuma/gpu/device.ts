/// <reference types="@webgpu/types" />
/**
 * The process-wide WebGPU device (Dawn through the `webgpu` npm package) and the small amount of
 * plumbing every kernel needs: explicit bind-group layouts, error scopes that turn validation
 * errors into exceptions (Dawn otherwise only reports them asynchronously and reads back zeros),
 * and one generic "upload, dispatch, read back" helper.
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

interface WebGpuModule {
  create(options: string[]): GPU;
  globals: object;
}

// Dawn crashes if the object returned by create() is garbage collected: keep it for the process.
let gpuInstance: GPU | undefined;
let globalsInstalled = false;
let contextPromise: Promise<GpuContext> | undefined;

function loadWebGpu(): GPU {
  if (gpuInstance) return gpuInstance;
  let mod: WebGpuModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require("webgpu") as WebGpuModule;
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
  const gpu = loadWebGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) throw new GpuUnavailableError("no WebGPU adapter (no GPU and no software Vulkan driver)");
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
    },
  });
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
  const vendor = String(info.vendor ?? "");
  const architecture = String(info.architecture ?? "");
  const device = String(info.device ?? "");
  const description = String(info.description ?? "");
  const fallback = (ctx.adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  const text = `${device} ${description}`.toLowerCase();
  const software =
    fallback ||
    architecture.toLowerCase() === "software" ||
    /llvmpipe|lavapipe|swiftshader/.test(text);
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
