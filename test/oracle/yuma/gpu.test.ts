/**
 * The WebGPU stage kernels against the BigInt reference: the WGSL limb library op by op, then
 * weightedMedianColumns and liquidAlphaEma on random multi-subnet batches, and batch splitting under
 * a forced tiny binding limit. Skipped where WebGPU is unavailable (no `webgpu` build, no adapter).
 */
import { expect } from "chai";
import fc from "fast-check";
import { prng } from "../../../bench/lib/random-epochs";
import type { LiquidAlphaBatch, MedianBatch } from "../../../oracle/yuma/batch/stages";
import {
  I32F32,
  expI32F32,
  expSafe,
  saturatingAdd,
  saturatingMul,
  saturatingSub,
} from "../../../oracle/yuma/fixed";
import { GpuContext, GpuError, acquireGpu, createKernel, gpuAvailability, runKernel } from "../../../oracle/yuma/gpu/device";
import { GpuStageKernels, packI64, subnetChunks, unpackI64 } from "../../../oracle/yuma/gpu/kernels";
import { LIMB_WGSL } from "../../../oracle/yuma/gpu/wgsl";
import { alphaSigmoid, matEmaAlphaSparse, weightedMedian, type SparseRow } from "../../../oracle/yuma/math";

const F = I32F32;
const ONE = F.one;
const ONE_N = 2 ** 32;
const M32 = 0xffffffffn;
const M64 = (1n << 64n) - 1n;

/** A uniform integer in [0, n] (n ≤ 2^52), exact. */
const uniformInt = (rnd: () => number, n: number): number => {
  const hi = Math.floor(rnd() * (Math.floor(n / ONE_N) + 1));
  return Math.min(n, hi * ONE_N + Math.floor(rnd() * ONE_N));
};

// ------------------------------------------------------------------ limb library test kernel

const LIMB_TEST_WGSL = /* wgsl */ `
${LIMB_WGSL}
@group(0) @binding(0) var<uniform> dims: vec4<u32>;
@group(0) @binding(1) var<storage, read> args: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read> codes: array<u32>;
@group(0) @binding(3) var<storage, read_write> out: array<vec4<u32>>;

fn b2u(b: bool) -> vec4<u32> { return vec4<u32>(select(0u, 1u, b), 0u, 0u, 0u); }
fn w2(v: vec2<u32>) -> vec4<u32> { return vec4<u32>(v, 0u, 0u); }

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lix: u32) {
  let t = (wid.y * nwg.x + wid.x) * 64u + lix;
  if (t >= dims.x) { return; }
  let a = args[t].xy;
  let b = args[t].zw;
  var r = vec4<u32>(0u);
  switch codes[t] {
    case 0u: { r = w2(u64_add(a, b)); }
    case 1u: { r = w2(u64_sub(a, b)); }
    case 2u: { r = b2u(u64_lt(a, b)); }
    case 3u: { r = b2u(i64_lt(a, b)); }
    case 4u: { r = w2(mul32_wide(a.x, b.x)); }
    case 5u: { r = mul64_wide(a, b); }
    case 6u: { r = w2(i64_sat_mul_shr32(a, b)); }
    case 7u: { r = w2(i64_sat_add(a, b)); }
    case 8u: { r = w2(i64_sat_sub(a, b)); }
    case 9u: { r = w2(u64_div_small(a, (b.x & 0xffffu) + 1u)); }
    case 10u: { r = u64_divmod(a, b); }
    case 11u: { r = w2(div_2p64(a)); }
    case 12u: { let e = exp_i32f32(a); r = vec4<u32>(e.value, select(0u, 1u, e.ok), 0u); }
    case 13u: { r = w2(exp_safe(a)); }
    case 14u: { r = w2(u64_shl(a, b.x & 63u)); }
    case 15u: { r = w2(u64_shr(a, b.x & 63u)); }
    case 16u: { r = w2(i64_shr(a, b.x & 63u)); }
    case 17u: { r = w2(i64_clamp(a, vec2<u32>(0u), FIX_ONE)); }
    default: { r = vec4<u32>(0xdeadu); }
  }
  out[t] = r;
}
`;

const OPS = 18;
const u = (x: bigint): bigint => BigInt.asUintN(64, x);
const s = (x: bigint): bigint => BigInt.asIntN(64, x);
const w2 = (x: bigint): bigint[] => [u(x) & M32, u(x) >> 32n, 0n, 0n];
const bool = (b: boolean): bigint[] => [b ? 1n : 0n, 0n, 0n, 0n];

/** The operands an op actually gets (some ops need a non-zero or ≥ 2^32 divisor). */
function operands(op: number, a: bigint, b: bigint): [bigint, bigint] {
  if (op === 10 && u(b) === 0n) return [a, 1n];
  if (op === 11 && u(a) >> 32n === 0n) return [u(a) | (1n << 32n), b];
  return [a, b];
}

/** The BigInt meaning of each test op, as four u32 words. */
function limbReference(op: number, a: bigint, b: bigint): bigint[] {
  switch (op) {
    case 0: return w2(a + b);
    case 1: return w2(a - b);
    case 2: return bool(u(a) < u(b));
    case 3: return bool(s(a) < s(b));
    case 4: return w2((u(a) & M32) * (u(b) & M32));
    case 5: {
      const p = u(a) * u(b);
      return [p & M32, (p >> 32n) & M32, (p >> 64n) & M32, p >> 96n];
    }
    case 6: return w2(saturatingMul(F, s(a), s(b)));
    case 7: return w2(saturatingAdd(F, s(a), s(b)));
    case 8: return w2(saturatingSub(F, s(a), s(b)));
    case 9: return w2(u(a) / ((u(b) & 0xffffn) + 1n));
    case 10: {
      const q = u(a) / u(b);
      const r = u(a) % u(b);
      return [q & M32, q >> 32n, r & M32, r >> 32n];
    }
    case 11: return w2((1n << 64n) / u(a));
    case 12: {
      const e = expI32F32(s(a));
      return e === null ? [0n, 0n, 0n, 0n] : [u(e) & M32, u(e) >> 32n, 1n, 0n];
    }
    case 13: return w2(expSafe(s(a)));
    case 14: return w2(u(a) << (u(b) & 63n));
    case 15: return w2(u(a) >> (u(b) & 63n));
    case 16: return w2(s(a) >> (u(b) & 63n));
    case 17: return w2(s(a) < 0n ? 0n : s(a) > ONE ? ONE : s(a));
    default: throw new Error(`op ${op}`);
  }
}

const EDGES: bigint[] = [
  0n, 1n, 2n, M32, 1n << 32n, (1n << 32n) + 1n, 1n << 31n, (1n << 63n) - 1n, -(1n << 63n), -1n, -2n,
  -(1n << 32n), -(1n << 31n), 20n << 32n, -(20n << 32n), (20n << 32n) + 1n, -(20n << 32n) - 1n,
  1n << 53n, (22n << 32n) - 1n, 21n << 32n, -(22n << 32n), 0xffffn, 0x10000n, 100n << 32n, M64 >> 1n,
];

const i64Arb: fc.Arbitrary<bigint> = fc.oneof(
  fc.constantFrom(...EDGES),
  fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
  fc.bigInt({ min: -(1n << 34n), max: 1n << 34n }),
  fc.bigInt({ min: -(24n << 32n), max: 24n << 32n }),
  fc.bigInt({ min: 0n, max: 1n << 20n }),
);

describe("GPU stage kernels (WebGPU, bit-identical to the BigInt reference)", function () {
  this.timeout(300_000);
  let ctx: GpuContext;
  let kernels: GpuStageKernels;

  before(async function () {
    const availability = await gpuAvailability();
    if (!availability.ok) {
      console.log(`    WebGPU unavailable, skipping: ${availability.reason}`);
      this.skip();
    }
    ctx = await acquireGpu();
    kernels = await GpuStageKernels.create();
  });

  describe("host packing", function () {
    it("round-trips exact integers, negatives as two's complement", function () {
      const values = [0, 1, -1, ONE_N - 1, ONE_N, -ONE_N, 2 ** 52, -(2 ** 52), 123456789012, -987654321];
      const words = packI64(values);
      expect(Array.from(words.slice(4, 6))).to.deep.equal([0xffffffff, 0xffffffff]);
      expect(Array.from(unpackI64(words))).to.deep.equal(values);
    });

    it("splits by subnets so every binding fits, and refuses a subnet that cannot", function () {
      const bindings = [(n: number): number => 1000 * n, (n: number): number => 16 * n];
      expect(subnetChunks(7, bindings, 2500)).to.deep.equal([[0, 2], [2, 4], [4, 6], [6, 7]]);
      expect(subnetChunks(3, bindings, 1e9)).to.deep.equal([[0, 3]]);
      expect(() => subnetChunks(3, bindings, 999)).to.throw(GpuError);
    });
  });

  describe("WGSL 64-bit limb library", function () {
    async function runLimbCases(cases: [number, bigint, bigint][]): Promise<void> {
      const kernel = await createKernel(ctx, "limb-test", LIMB_TEST_WGSL, "main", ["uniform", "read", "read", "write"]);
      const args = new Uint32Array(4 * cases.length);
      const codes = new Uint32Array(cases.length);
      cases.forEach(([op, a, b], i) => {
        args.set([Number(u(a) & M32), Number(u(a) >> 32n), Number(u(b) & M32), Number(u(b) >> 32n)], 4 * i);
        codes[i] = op;
      });
      const [out] = await runKernel(
        ctx,
        kernel,
        [new Uint32Array([cases.length, 0, 0, 0]), args, codes, 4 * cases.length],
        Math.ceil(cases.length / 64),
      );
      cases.forEach(([op, a, b], i) => {
        const got = Array.from(out.slice(4 * i, 4 * i + 4), (x) => BigInt(x));
        const want = limbReference(op, a, b);
        if (got.join() !== want.join()) {
          expect.fail(`op ${op}(${s(a)}, ${s(b)}): got [${got}] want [${want}]`);
        }
      });
    }

    it("matches BigInt on every op for all pairs of edge values", async function () {
      const cases: [number, bigint, bigint][] = [];
      for (let op = 0; op < OPS; op++) {
        for (const a of EDGES) for (const b of EDGES) cases.push([op, ...operands(op, a, b)]);
      }
      await runLimbCases(cases);
    });

    it("matches BigInt on random operands", async function () {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.integer({ min: 0, max: OPS - 1 }), i64Arb, i64Arb), { minLength: 300, maxLength: 600 }),
          async (raw) => runLimbCases(raw.map(([op, a, b]) => [op, ...operands(op, a, b)])),
        ),
        { numRuns: 15 },
      );
    });

    it("computes exp exactly across the whole clamped range", async function () {
      const cases: [number, bigint, bigint][] = [];
      const rnd = prng(7);
      for (let i = 0; i < 3000; i++) {
        const x = BigInt(uniformInt(rnd, 2 * 21 * ONE_N)) - (21n << 32n);
        cases.push([12, x, 0n], [13, x, 0n]);
      }
      await runLimbCases(cases);
    });
  });

  // ------------------------------------------------------------------ weighted median

  interface MedianSubnet {
    voters: number;
    cols: number;
    stake: bigint[];
    score: bigint[][]; // [voter][column]
    minority: bigint;
    stakeSum: bigint;
  }

  const medianSubnetArb = fc.record({
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
    voters: fc.oneof(fc.constant(1), fc.constant(2), fc.integer({ min: 1, max: 64 }), fc.constant(64)),
    cols: fc.oneof(fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 256 })),
    stakeStyle: fc.constantFrom("random", "zeros", "whale", "equal", "allZero"),
    scoreStyle: fc.constantFrom("random", "ties", "binary", "zero"),
    kappaStyle: fc.constantFrom("random", "half", "sumHalf", "one", "zero", "sum", "aboveSum"),
  });

  type MedianSpec = typeof medianSubnetArb extends fc.Arbitrary<infer T> ? T : never;

  function buildMedianSubnet(p: MedianSpec): MedianSubnet {
    const rnd = prng(p.seed);
    const V = p.voters;
    const raw = Array.from({ length: V }, () => {
      switch (p.stakeStyle) {
        case "zeros": return rnd() < 0.4 ? 0n : BigInt(1 + Math.floor(rnd() * 1e6));
        case "equal": return 1n;
        case "allZero": return 0n;
        default: return BigInt(Math.floor(rnd() * 1e9));
      }
    });
    if (p.stakeStyle === "whale") {
      raw.fill(0n);
      raw[Math.floor(rnd() * V)] = 1n;
    }
    const total = raw.reduce((x, y) => x + y, 0n);
    // Normalised to Σ ≤ 2^32 (floored), as the epoch's stake vector is.
    const stake = raw.map((x) => (total === 0n ? 0n : (x << 32n) / total));
    const stakeSum = stake.reduce((x, y) => x + y, 0n);
    const palette = [0n, 1n << 30n, 1n << 31n, ONE, BigInt(Math.floor(rnd() * ONE_N))];
    const score = Array.from({ length: V }, () =>
      Array.from({ length: p.cols }, () => {
        switch (p.scoreStyle) {
          case "ties": return palette[Math.floor(rnd() * palette.length)];
          case "binary": return rnd() < 0.5 ? 0n : ONE;
          case "zero": return 0n;
          default: return rnd() < 0.1 ? 0n : BigInt(uniformInt(rnd, ONE_N));
        }
      }),
    );
    const kappa = {
      random: BigInt(uniformInt(rnd, ONE_N)),
      half: 1n << 31n,
      sumHalf: stakeSum / 2n,
      one: ONE,
      zero: 0n,
      sum: stakeSum,
      aboveSum: stakeSum + 1n + BigInt(Math.floor(rnd() * Number(ONE - stakeSum))),
    }[p.kappaStyle];
    const k = kappa > ONE ? ONE : kappa;
    return { voters: V, cols: p.cols, stake, score, minority: stakeSum - k, stakeSum };
  }

  function medianBatch(subnets: MedianSubnet[], padRows = 0, padCols = 0): MedianBatch {
    const S = subnets.length;
    const R = Math.max(...subnets.map((x) => x.voters)) + padRows;
    const C = Math.max(...subnets.map((x) => x.cols)) + padCols;
    const b = {
      subnets: S,
      rows: R,
      cols: C,
      colCount: new Uint32Array(S),
      voterCount: new Uint32Array(S),
      stake: new Float64Array(S * R),
      score: new Float64Array(S * R * C),
      minority: new Float64Array(S),
      stakeSum: new Float64Array(S),
    };
    subnets.forEach((x, si) => {
      b.colCount[si] = x.cols;
      b.voterCount[si] = x.voters;
      b.minority[si] = Number(x.minority);
      b.stakeSum[si] = Number(x.stakeSum);
      for (let r = 0; r < x.voters; r++) {
        b.stake[si * R + r] = Number(x.stake[r]);
        for (let c = 0; c < x.cols; c++) b.score[(si * R + r) * C + c] = Number(x.score[r][c]);
      }
    });
    return b;
  }

  function expectMedians(subnets: MedianSubnet[], batch: MedianBatch, got: Float64Array): void {
    expect(got.length).to.equal(batch.subnets * batch.cols);
    subnets.forEach((x, si) => {
      const idx = x.stake.map((_, i) => i);
      for (let c = 0; c < x.cols; c++) {
        const col = x.score.map((row) => row[c]);
        const want = weightedMedian(x.stake, col, idx, x.minority, 0n, x.stakeSum);
        const g = got[si * batch.cols + c];
        if (BigInt(g) !== want) {
          expect.fail(`subnet ${si} column ${c} (V=${x.voters}, minority ${x.minority}): got ${g}, want ${want}`);
        }
      }
    });
  }

  describe("weightedMedianColumns", function () {
    it("handles the degenerate cases", async function () {
      const h = 1n << 31n;
      const subnets: MedianSubnet[] = [
        // One voter: its score, whatever kappa.
        { voters: 1, cols: 3, stake: [ONE], score: [[0n, h, ONE]], minority: 0n, stakeSum: ONE },
        // Exact 50/50 split between two voters, kappa = 0.5.
        { voters: 2, cols: 2, stake: [h, h], score: [[0n, ONE], [ONE, 0n]], minority: h - h, stakeSum: ONE },
        // Minority negative (kappa > stakeSum), and zero stakes.
        { voters: 3, cols: 2, stake: [0n, 0n, 0n], score: [[1n, 2n], [3n, 4n], [5n, 6n]], minority: -ONE, stakeSum: 0n },
        // All stake on one voter among ties.
        { voters: 4, cols: 1, stake: [0n, ONE, 0n, 0n], score: [[h], [7n], [h], [h]], minority: 0n, stakeSum: ONE },
      ];
      const batch = medianBatch(subnets, 2, 3);
      expectMedians(subnets, batch, await kernels.weightedMedianColumns(batch));
    });

    it("compiles a larger private index array for more than 256 voters", async function () {
      const subnets = [300, 5].map((voters, i) =>
        buildMedianSubnet({ seed: 99 + i, voters, cols: 9, stakeStyle: "zeros", scoreStyle: "ties", kappaStyle: "half" }),
      );
      const batch = medianBatch(subnets);
      expectMedians(subnets, batch, await kernels.weightedMedianColumns(batch));
    });

    it("equals weightedMedian column by column on random multi-subnet batches", async function () {
      await fc.assert(
        fc.asyncProperty(
          fc.array(medianSubnetArb, { minLength: 1, maxLength: 6 }),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 5 }),
          async (specs, padRows, padCols) => {
            const subnets = specs.map(buildMedianSubnet);
            const batch = medianBatch(subnets, padRows, padCols);
            expectMedians(subnets, batch, await kernels.weightedMedianColumns(batch));
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  // ------------------------------------------------------------------ liquid alpha

  interface AlphaSubnet {
    rows: number;
    cols: number;
    consensus: bigint[];
    weight: bigint[][];
    present: boolean[][];
    bond: bigint[][];
    low: bigint;
    high: bigint;
    steepness: number;
  }

  const alphaSubnetArb = fc.record({
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
    rows: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 64 })),
    cols: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 256 })),
    steepness: fc.oneof(fc.constantFrom(-32768, -1000, -1, 0, 1, 100, 1000, 32767), fc.integer({ min: -32768, max: 32767 })),
    alphaStyle: fc.constantFrom("random", "equal", "full", "u16"),
    valueStyle: fc.constantFrom("random", "palette", "near"),
    density: fc.constantFrom(0, 0.3, 0.9, 1),
  });

  type AlphaSpec = typeof alphaSubnetArb extends fc.Arbitrary<infer T> ? T : never;

  function buildAlphaSubnet(p: AlphaSpec): AlphaSubnet {
    const rnd = prng(p.seed);
    const palette = [0n, 1n, ONE - 1n, ONE, 1n << 31n, (1n << 31n) + 1n, BigInt(uniformInt(rnd, ONE_N))];
    const value = (base?: bigint): bigint => {
      if (p.valueStyle === "palette" || rnd() < 0.1) return palette[Math.floor(rnd() * palette.length)];
      if (p.valueStyle === "near" && base !== undefined) {
        const v = base + BigInt(Math.floor(rnd() * 2001) - 1000);
        return v < 0n ? 0n : v > ONE ? ONE : v;
      }
      return BigInt(uniformInt(rnd, ONE_N));
    };
    const consensus = Array.from({ length: p.cols }, () => value());
    const grid = <T>(f: (c: number) => T): T[][] => Array.from({ length: p.rows }, () => Array.from({ length: p.cols }, (_, c) => f(c)));
    const weight = grid((c) => value(consensus[c]));
    const bond = weight.map((row) => row.map((w) => (rnd() < 0.1 ? 0n : value(w))));
    const present = grid(() => rnd() < p.density);
    let [low, high] = [BigInt(uniformInt(rnd, ONE_N)), BigInt(uniformInt(rnd, ONE_N))];
    if (p.alphaStyle === "equal") high = low;
    if (p.alphaStyle === "full") [low, high] = [0n, ONE];
    if (p.alphaStyle === "u16") {
      // u16_proportion_to_fixed of typical AlphaValues (0.7, 0.9).
      [low, high] = [(45875n << 32n) / 65535n, (58982n << 32n) / 65535n];
    }
    if (low > high) [low, high] = [high, low];
    return { rows: p.rows, cols: p.cols, consensus, weight, present, bond, low, high, steepness: p.steepness };
  }

  function alphaBatch(subnets: AlphaSubnet[], padRows = 0, padCols = 0): LiquidAlphaBatch {
    const S = subnets.length;
    const R = Math.max(...subnets.map((x) => x.rows)) + padRows;
    const C = Math.max(...subnets.map((x) => x.cols)) + padCols;
    const b = {
      subnets: S,
      rows: R,
      cols: C,
      colCount: new Uint32Array(S),
      rowCount: new Uint32Array(S),
      consensus: new Float64Array(S * C),
      weight: new Float64Array(S * R * C),
      weightPresent: new Uint8Array(S * R * C),
      bond: new Float64Array(S * R * C),
      alphaLow: new Float64Array(S),
      alphaHigh: new Float64Array(S),
      steepness: new Float64Array(S),
    };
    subnets.forEach((x, si) => {
      b.colCount[si] = x.cols;
      b.rowCount[si] = x.rows;
      b.alphaLow[si] = Number(x.low);
      b.alphaHigh[si] = Number(x.high);
      b.steepness[si] = x.steepness;
      for (let c = 0; c < x.cols; c++) b.consensus[si * C + c] = Number(x.consensus[c]);
      for (let r = 0; r < x.rows; r++) {
        for (let c = 0; c < x.cols; c++) {
          const e = (si * R + r) * C + c;
          b.weight[e] = x.present[r][c] ? Number(x.weight[r][c]) : 0;
          b.weightPresent[e] = x.present[r][c] ? 1 : 0;
          b.bond[e] = Number(x.bond[r][c]);
        }
      }
    });
    return b;
  }

  /** The reference: alphaSigmoid per entry, then matEmaAlphaSparse on each row. */
  function expectAlpha(subnets: AlphaSubnet[], batch: LiquidAlphaBatch, got: { value: Float64Array; present: Uint8Array }): void {
    const { rows: R, cols: C } = batch;
    expect(got.value.length).to.equal(batch.subnets * R * C);
    subnets.forEach((x, si) => {
      const steep = BigInt(x.steepness) << 32n;
      for (let r = 0; r < x.rows; r++) {
        const w = x.weight[r].map((v, c) => (x.present[r][c] ? v : 0n));
        const alphaRow = x.consensus.map((cons, c) => alphaSigmoid(cons, w[c], x.bond[r][c], x.low, x.high, steep));
        const newRow: SparseRow = [];
        const oldRow: SparseRow = [];
        for (let c = 0; c < x.cols; c++) {
          if (x.present[r][c]) newRow.push([c, w[c]]);
          if (x.bond[r][c] !== 0n) oldRow.push([c, x.bond[r][c]]);
        }
        const [emitted] = matEmaAlphaSparse([newRow], [oldRow], [alphaRow]);
        const want = new Map(emitted);
        for (let c = 0; c < x.cols; c++) {
          const e = (si * R + r) * C + c;
          const wv = want.get(c);
          if (got.present[e] !== (wv === undefined ? 0 : 1) || BigInt(got.value[e]) !== (wv ?? 0n)) {
            expect.fail(
              `subnet ${si} (${r}, ${c}) steepness ${x.steepness} w ${w[c]} b ${x.bond[r][c]} c ${x.consensus[c]}` +
                ` low ${x.low} high ${x.high}: got ${got.value[e]}/${got.present[e]}, want ${wv}`,
            );
          }
        }
      }
    });
  }

  describe("liquidAlphaEma", function () {
    it("handles exact edge entries (ties, 0 and 1 everywhere, extreme steepness)", async function () {
      const vals = [0n, 1n, 1n << 31n, ONE - 1n, ONE];
      const subnets: AlphaSubnet[] = [-32768, -1, 0, 1, 1000, 32767].map((steepness) => ({
        rows: vals.length * vals.length,
        cols: vals.length,
        consensus: vals.slice(),
        weight: Array.from({ length: 25 }, (_, i) => vals.map(() => vals[i % 5])),
        bond: Array.from({ length: 25 }, (_, i) => vals.map(() => vals[Math.floor(i / 5)])),
        present: Array.from({ length: 25 }, () => vals.map(() => true)),
        low: steepness === 0 ? 0n : (45875n << 32n) / 65535n,
        high: steepness === 1 ? (45875n << 32n) / 65535n : ONE,
        steepness,
      }));
      const batch = alphaBatch(subnets, 1, 1);
      expectAlpha(subnets, batch, await kernels.liquidAlphaEma(batch));
    });

    it("equals alphaSigmoid + matEmaAlphaSparse entry by entry on random batches", async function () {
      await fc.assert(
        fc.asyncProperty(
          fc.array(alphaSubnetArb, { minLength: 1, maxLength: 4 }),
          fc.integer({ min: 0, max: 2 }),
          fc.integer({ min: 0, max: 3 }),
          async (specs, padRows, padCols) => {
            const subnets = specs.map(buildAlphaSubnet);
            const batch = alphaBatch(subnets, padRows, padCols);
            expectAlpha(subnets, batch, await kernels.liquidAlphaEma(batch));
          },
        ),
        { numRuns: 25 },
      );
    });
  });

  // ------------------------------------------------------------------ chunking

  describe("batch splitting", function () {
    it("gives the same bits when a tiny binding limit forces one dispatch per few subnets", async function () {
      const specs = fc.sample(fc.tuple(medianSubnetArb, alphaSubnetArb), { numRuns: 7, seed: 42 });
      const medSubnets = specs.map(([m]) => buildMedianSubnet({ ...m, voters: 8, cols: 16 }));
      const alphaSubnets = specs.map(([, a]) => buildAlphaSubnet({ ...a, rows: 8, cols: 16, density: 0.9 }));
      // score / weight bindings take 8·8·16 = 1 KiB per subnet: 2 subnets per chunk, 4 chunks.
      const small = await GpuStageKernels.create({ maxBindingBytes: 2500 });
      const mb = medianBatch(medSubnets);
      const whole = await kernels.weightedMedianColumns(mb);
      const split = await small.weightedMedianColumns(mb);
      expect(Array.from(split)).to.deep.equal(Array.from(whole));
      expectMedians(medSubnets, mb, split);
      const ab = alphaBatch(alphaSubnets);
      const wholeA = await kernels.liquidAlphaEma(ab);
      const splitA = await small.liquidAlphaEma(ab);
      expect(Array.from(splitA.value)).to.deep.equal(Array.from(wholeA.value));
      expect(Array.from(splitA.present)).to.deep.equal(Array.from(wholeA.present));
      expectAlpha(alphaSubnets, ab, splitA);
      const tooSmall = await GpuStageKernels.create({ maxBindingBytes: 512 });
      await tooSmall.weightedMedianColumns(mb).then(
        () => expect.fail("expected a GpuError"),
        (e: unknown) => expect(e).to.be.instanceOf(GpuError),
      );
    });
  });
});
