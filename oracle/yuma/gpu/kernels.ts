/**
 * The WebGPU backend of the two hot stages (../batch/stages.ts): packs each batch into u32 storage
 * buffers (raw I32F32 values as little-endian word pairs), dispatches one thread per output over all
 * subnets at once, and unpacks the read-back words. Batches whose buffers would exceed the binding
 * limit are split by subnets into chunks that run one after another.
 */
import type { LiquidAlphaBatch, LiquidAlphaResult, MedianBatch, MedianResult, StageKernels } from "../batch/stages";
import {
  AdapterSummary,
  ComputeKernel,
  GpuContext,
  GpuError,
  acquireGpu,
  adapterDescription,
  createKernel,
  runKernel,
} from "./device";
import { LIQUID_ALPHA_WGSL, WORKGROUP_SIZE, medianKernelWgsl } from "./wgsl";

const TWO_32 = 4294967296;

/** Writes values[start..end) (exact integers, |v| < 2^53) as (low, high) two's-complement u32 pairs. */
export function packI64(values: ArrayLike<number>, start = 0, end = values.length): Uint32Array {
  const out = new Uint32Array(2 * (end - start));
  for (let i = start, k = 0; i < end; i++, k += 2) {
    const v = values[i];
    const hi = Math.floor(v / TWO_32);
    out[k] = v - hi * TWO_32;
    out[k + 1] = hi >>> 0;
  }
  return out;
}

/** Reads (low, high) u32 pairs back as exact integers into out[offset..]; values must fit 2^53. */
export function unpackI64(words: Uint32Array, out?: Float64Array, offset = 0): Float64Array {
  const n = words.length >> 1;
  const target = out ?? new Float64Array(n);
  for (let k = 0; k < n; k++) target[offset + k] = (words[2 * k + 1] | 0) * TWO_32 + words[2 * k];
  return target;
}

/** Options of the GPU backend. */
export interface GpuStageOptions {
  /** Upper bound on any one storage binding in bytes (default: the device's limits). */
  readonly maxBindingBytes?: number;
}

/** Bytes of one binding holding `n` subnets, as the buffer is allocated (16-byte granules). */
export type BindingBytes = (n: number) => number;

const granule = (bytes: number): number => Math.max(16, Math.ceil(bytes / 16) * 16);

/** Splits [0, subnets) into consecutive chunks whose every binding fits `limit` bytes. */
export function subnetChunks(subnets: number, bindings: readonly BindingBytes[], limit: number): [number, number][] {
  const fits = (n: number): boolean => bindings.every((b) => b(n) <= limit);
  if (subnets > 0 && !fits(1)) throw new GpuError(`one subnet needs a binding larger than ${limit} bytes`);
  // Largest n that fits (every binding grows with n): binary search.
  let good = 1;
  let hi = subnets;
  while (good < hi) {
    const mid = (good + hi + 1) >> 1;
    if (fits(mid)) good = mid;
    else hi = mid - 1;
  }
  const chunks: [number, number][] = [];
  for (let s = 0; s < subnets; s += good) chunks.push([s, Math.min(subnets, s + good)]);
  return chunks;
}

function expectLength(name: string, actual: number, expected: number): void {
  if (actual !== expected) throw new RangeError(`${name}: length ${actual}, expected ${expected}`);
}

function checkShape(batch: { subnets: number; rows: number; cols: number }): void {
  for (const k of ["subnets", "rows", "cols"] as const) {
    const v = batch[k];
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${k}: ${v} is not a count`);
  }
}

/** Smallest private index capacity (a power of two ≥ 256) holding `voters`. */
function medianCapacity(voters: number): number {
  let cap = 256;
  while (cap < voters) cap *= 2;
  return cap;
}

/** WebGPU implementation of the hot stages, bit-identical to the BigInt reference in ../math.ts. */
export class GpuStageKernels implements StageKernels {
  /** The adapter the kernels run on. */
  readonly adapter: AdapterSummary;
  private readonly medianKernels = new Map<number, Promise<ComputeKernel>>();
  private readonly maxBindingBytes: number;

  private constructor(
    private readonly ctx: GpuContext,
    private readonly liquidKernel: ComputeKernel,
    options: GpuStageOptions,
  ) {
    this.adapter = adapterDescription(ctx);
    const l = ctx.device.limits;
    this.maxBindingBytes = Math.min(
      options.maxBindingBytes ?? Infinity,
      l.maxStorageBufferBindingSize,
      l.maxBufferSize,
    );
  }

  /** Opens the GPU (throws GpuUnavailableError without one) and compiles the kernels. */
  static async create(options: GpuStageOptions = {}): Promise<GpuStageKernels> {
    const ctx = await acquireGpu();
    const liquid = await createKernel(ctx, "liquid-alpha-ema", LIQUID_ALPHA_WGSL, "main", [
      "uniform",
      "read",
      "read",
      "read",
      "read",
      "read",
      "write",
    ]);
    const kernels = new GpuStageKernels(ctx, liquid, options);
    await kernels.medianKernel(256);
    return kernels;
  }

  private medianKernel(capacity: number): Promise<ComputeKernel> {
    let k = this.medianKernels.get(capacity);
    if (!k) {
      k = createKernel(this.ctx, `weighted-median-${capacity}`, medianKernelWgsl(capacity), "main", [
        "uniform",
        "read",
        "read",
        "read",
        "write",
      ]);
      k.catch(() => this.medianKernels.delete(capacity));
      this.medianKernels.set(capacity, k);
    }
    return k;
  }

  /** Consensus per (subnet, column): subtensor's weighted_median over the subnet's voters. */
  async weightedMedianColumns(batch: MedianBatch): Promise<MedianResult> {
    checkShape(batch);
    const { subnets: S, rows: R, cols: C } = batch;
    expectLength("colCount", batch.colCount.length, S);
    expectLength("voterCount", batch.voterCount.length, S);
    expectLength("stake", batch.stake.length, S * R);
    expectLength("score", batch.score.length, S * R * C);
    expectLength("minority", batch.minority.length, S);
    expectLength("stakeSum", batch.stakeSum.length, S);
    let maxVoters = 0;
    for (let s = 0; s < S; s++) {
      if (batch.voterCount[s] > R) throw new RangeError(`voterCount[${s}] exceeds rows`);
      if (batch.colCount[s] > C) throw new RangeError(`colCount[${s}] exceeds cols`);
      maxVoters = Math.max(maxVoters, batch.voterCount[s]);
    }
    const result = new Float64Array(S * C);
    if (S === 0 || C === 0) return result;
    const kernel = await this.medianKernel(medianCapacity(maxVoters));
    const chunks = subnetChunks(
      S,
      [(n) => granule(32 * n), (n) => granule(8 * R * n), (n) => granule(8 * R * C * n), (n) => granule(8 * C * n)],
      this.maxBindingBytes,
    );
    const minority = packI64(batch.minority);
    const stakeSum = packI64(batch.stakeSum);
    for (const [s0, s1] of chunks) {
      const n = s1 - s0;
      const params = new Uint32Array(8 * n);
      for (let i = 0; i < n; i++) {
        const s = s0 + i;
        params.set([batch.colCount[s], batch.voterCount[s], 0, 0], 8 * i);
        params.set([minority[2 * s], minority[2 * s + 1], stakeSum[2 * s], stakeSum[2 * s + 1]], 8 * i + 4);
      }
      const [out] = await runKernel(
        this.ctx,
        kernel,
        [
          new Uint32Array([n, R, C, 0]),
          params,
          packI64(batch.stake, s0 * R, s1 * R),
          packI64(batch.score, s0 * R * C, s1 * R * C),
          2 * n * C,
        ],
        Math.ceil((n * C) / WORKGROUP_SIZE),
      );
      unpackI64(out, result, s0 * C);
    }
    return result;
  }

  /** Yuma3 liquid-alpha bonds EMA per entry: alpha_sigmoid, then mat_ema_alpha_sparse's value. */
  async liquidAlphaEma(batch: LiquidAlphaBatch): Promise<LiquidAlphaResult> {
    checkShape(batch);
    const { subnets: S, rows: R, cols: C } = batch;
    const RC = R * C;
    expectLength("colCount", batch.colCount.length, S);
    expectLength("rowCount", batch.rowCount.length, S);
    expectLength("consensus", batch.consensus.length, S * C);
    expectLength("weight", batch.weight.length, S * RC);
    expectLength("weightPresent", batch.weightPresent.length, S * RC);
    expectLength("bond", batch.bond.length, S * RC);
    expectLength("alphaLow", batch.alphaLow.length, S);
    expectLength("alphaHigh", batch.alphaHigh.length, S);
    expectLength("steepness", batch.steepness.length, S);
    for (let s = 0; s < S; s++) {
      const k = batch.steepness[s];
      if (!Number.isInteger(k) || k < -(2 ** 31) || k >= 2 ** 31) throw new RangeError(`steepness[${s}]: ${k}`);
      if (batch.rowCount[s] > R) throw new RangeError(`rowCount[${s}] exceeds rows`);
      if (batch.colCount[s] > C) throw new RangeError(`colCount[${s}] exceeds cols`);
    }
    const value = new Float64Array(S * RC);
    const present = new Uint8Array(S * RC);
    if (S === 0 || RC === 0) return { value, present };
    const chunks = subnetChunks(
      S,
      [
        (n) => granule(32 * n),
        (n) => granule(8 * C * n),
        (n) => granule(8 * RC * n),
        (n) => granule(4 * Math.ceil((RC * n) / 32)),
      ],
      this.maxBindingBytes,
    );
    const low = packI64(batch.alphaLow);
    const high = packI64(batch.alphaHigh);
    for (const [s0, s1] of chunks) {
      const n = s1 - s0;
      const params = new Uint32Array(8 * n);
      for (let i = 0; i < n; i++) {
        const s = s0 + i;
        params.set([batch.colCount[s], batch.rowCount[s], batch.steepness[s] >>> 0, 0], 8 * i);
        params.set([low[2 * s], low[2 * s + 1], high[2 * s], high[2 * s + 1]], 8 * i + 4);
      }
      const e0 = s0 * RC;
      const entries = n * RC;
      const bits = new Uint32Array(Math.ceil(entries / 32));
      const wp = batch.weightPresent;
      for (let e = 0; e < entries; e++) if (wp[e0 + e] !== 0) bits[e >>> 5] |= 1 << (e & 31);
      const [out] = await runKernel(
        this.ctx,
        this.liquidKernel,
        [
          new Uint32Array([n, R, C, 0]),
          params,
          packI64(batch.consensus, s0 * C, s1 * C),
          packI64(batch.weight, e0, e0 + entries),
          packI64(batch.bond, e0, e0 + entries),
          bits,
          2 * entries,
        ],
        Math.ceil(entries / WORKGROUP_SIZE),
      );
      unpackI64(out, value, e0);
    }
    for (let e = 0; e < value.length; e++) present[e] = value[e] > 0 ? 1 : 0;
    return { value, present };
  }
}
