/**
 * The hot stages on the CPU, over typed arrays with exact integer arithmetic (./exact.ts). They
 * follow `weightedMedian`, `alphaSigmoid` and `matEmaAlphaSparse` of ../math.ts step for step; the
 * property tests hold them to those functions bit for bit.
 */
import { E_I32F32, I32F32, expSafe, fromInt, saturatingAdd, saturatingDiv } from "../fixed";
import { TWO16, TWO32, divShl32, mulShr32, mulShr32Small } from "./exact";
import { LiquidAlphaBatch, LiquidAlphaResult, MedianBatch, StageKernels } from "./stages";

const HALF = TWO32 / 2;
const E = Number(E_I32F32);
/** Up to |x| = 10 the exp series stays below 2^47 and every product below 2^85: exact in ./exact.ts. */
const EXP_FAST_LIMIT = 10 * TWO32;

/**
 * `weighted_median` for one column: the mid-pivot quickselect over voters 0..count-1, partitions
 * kept in original order, equal-to-pivot entries dropped. `score` is read at `scoreOff + k`.
 */
export function weightedMedianColumn(
  stake: Float64Array,
  stakeOff: number,
  score: Float64Array,
  scoreOff: number,
  count: number,
  minority: number,
  stakeSum: number,
  scratch: Int32Array,
): number {
  // Three index lists of `count` each inside `scratch`: current, lower, upper (rotated).
  let cur = 0;
  let lower = count;
  let upper = 2 * count;
  for (let k = 0; k < count; k++) scratch[k] = k;
  let len = count;
  let lo = 0;
  let hi = stakeSum;
  for (let iteration = 0; iteration <= count; iteration++) {
    if (len === 0) return 0;
    if (len === 1) return score[scoreOff + scratch[cur]];
    const pivot = score[scoreOff + scratch[cur + (len >> 1)]];
    let loStake = 0;
    let hiStake = 0;
    let nl = 0;
    let nu = 0;
    for (let t = 0; t < len; t++) {
      const idx = scratch[cur + t];
      const s = score[scoreOff + idx];
      if (s === pivot) continue;
      if (s < pivot) {
        loStake += stake[stakeOff + idx];
        scratch[lower + nl++] = idx;
      } else {
        hiStake += stake[stakeOff + idx];
        scratch[upper + nu++] = idx;
      }
    }
    if (minority < lo + loStake && nl > 0) {
      hi = lo + loStake;
      const free = cur;
      cur = lower;
      lower = free;
      len = nl;
    } else if (hi - hiStake <= minority && nu > 0) {
      lo = hi - hiStake;
      const free = cur;
      cur = upper;
      upper = free;
      len = nu;
    } else {
      return pivot;
    }
  }
  return 0;
}

/**
 * `exp_safe` for |x| ≤ 10 (raw): substrate-fixed's 31-term series, reciprocal for negatives. The
 * product term · |x| / 2^32 is done in limbs: |x| = oh · 2^32 + olh · 2^16 + oll (oh ≤ 10) and
 * term = th · 2^32 + tl (term < 2^47), so every partial product stays below 2^53. Once a term
 * floors to 0 every later one is 0 too, so the loop stops early without changing the sum.
 */
export function expSmall(x: number): number {
  if (x === 0) return TWO32;
  if (x === TWO32) return E;
  const operand = Math.abs(x);
  const oh = Math.floor(operand / TWO32);
  const ol = operand - oh * TWO32;
  const olh = Math.floor(ol / TWO16);
  const oll = ol - olh * TWO16;
  let result = operand + TWO32;
  let term = operand;
  for (let i = 2; i < 32 && term !== 0; i++) {
    const th = Math.floor(term / TWO32);
    const tl = term - th * TWO32;
    const product = term * oh + th * ol + Math.floor((tl * olh + Math.floor((tl * oll) / TWO16)) / TWO16);
    term = Math.floor(product / i);
    result += term;
  }
  return x < 0 ? divShl32(TWO32, result) : result;
}

/** 1/i for the series' divisions; each quotient is then corrected to the exact floor. */
const RECIPROCAL = Float64Array.from({ length: 32 }, (_, i) => (i === 0 ? 0 : 1 / i));

// Module-local copies of hot constants: an imported binding is a property load in the loop.
const SPLITTER = 134217729;
const SHIFT_UP = 4294967296;
const SHIFT_DOWN = 1 / 4294967296;

// Scratch rows for `expSmallMany`: fixed-size module constants (V8 compiles the hot loop against
// them directly; reassignable arrays measured twice as slow), filled in chunks of EXP_CHUNK.
const EXP_CHUNK = 1024;
const scratchOperand = new Float64Array(EXP_CHUNK);
const scratchHigh = new Float64Array(EXP_CHUNK);
const scratchLow = new Float64Array(EXP_CHUNK);
const scratchTerm = new Float64Array(EXP_CHUNK);
const scratchResult = new Float64Array(EXP_CHUNK);
const scratchLive = new Int32Array(EXP_CHUNK);

/**
 * `expSmall` for xs[0..count) at once (each |x| ≤ 10 raw), into out. The series of different
 * entries are independent, so running them side by side lets the CPU overlap their latency; the
 * list of series still running is compacted each step without branching (a term that floors to 0
 * ends its series: every later term is 0 too). Each step is exact: term · |x| as p + e by Dekker's
 * TwoProduct, its floor after the 2^32 shift from p's and (p's remainder + e)'s, and the divide by
 * i as a multiply by 1/i corrected by one step (within 1 of the floor for products below 2^47).
 */
export function expSmallMany(xs: Float64Array, count: number, out: Float64Array): void {
  for (let start = 0; start < count; start += EXP_CHUNK) {
    const n = Math.min(EXP_CHUNK, count - start);
    expChunk(start === 0 ? xs : xs.subarray(start), n, start === 0 ? out : out.subarray(start));
  }
}

function expChunk(xs: Float64Array, count: number, out: Float64Array): void {
  const operand = scratchOperand;
  const high = scratchHigh;
  const low = scratchLow;
  const term = scratchTerm;
  const result = scratchResult;
  const live = scratchLive;
  for (let k = 0; k < count; k++) {
    const o = Math.abs(xs[k]);
    operand[k] = o;
    const c = o * SPLITTER;
    high[k] = c - (c - o);
    low[k] = o - high[k];
    term[k] = o;
    result[k] = o + TWO32;
    live[k] = k;
  }
  let running = count;
  for (let i = 2; i < 32 && running > 0; i++) {
    const inv = RECIPROCAL[i];
    let next = 0;
    for (let j = 0; j < running; j++) {
      const k = live[j];
      const t = term[k];
      const p = t * operand[k];
      // Dekker's TwoProduct, inlined (./exact.ts splitHigh / productError): e = t · |x| − p.
      const c = t * SPLITTER;
      const tHigh = c - (c - t);
      const tLow = t - tHigh;
      const e = tHigh * high[k] - p + tHigh * low[k] + tLow * high[k] + tLow * low[k];
      const shifted = Math.floor(p * SHIFT_DOWN);
      const product = shifted + Math.floor((p - shifted * SHIFT_UP + e) * SHIFT_DOWN);
      let q = Math.floor(product * inv);
      if (q * i > product) q--;
      else if ((q + 1) * i <= product) q++;
      term[k] = q;
      result[k] += q;
      live[next] = k;
      next += q > 0 ? 1 : 0;
    }
    running = next;
  }
  for (let k = 0; k < count; k++) {
    const x = xs[k];
    out[k] = x === TWO32 ? E : x < 0 ? divShl32(TWO32, result[k]) : result[k];
  }
}

/** The sigmoid 1 / (1 + exp_safe(x)) as `alpha_sigmoid` computes it (saturating_div). */
function sigmoid(x: number): number {
  if (x >= -EXP_FAST_LIMIT && x <= EXP_FAST_LIMIT) return divShl32(TWO32, TWO32 + expSmall(x));
  // exp_safe clamps to ±20, so beyond that the sigmoid is one of two constants.
  if (x >= EXP_CLAMP) return SIGMOID_AT_CLAMP;
  if (x <= -EXP_CLAMP) return SIGMOID_AT_MINUS_CLAMP;
  return sigmoidBig(x);
}

/**
 * The sigmoid for 10 < |x| < 20 (steepness above ~2,000, on a band of entries): exp's terms exceed
 * 2^53 there, so these few go through the BigInt reference arithmetic.
 */
function sigmoidBig(x: number): number {
  const one = I32F32.one;
  return Number(saturatingDiv(I32F32, one, saturatingAdd(I32F32, one, expSafe(BigInt(x)))));
}

const EXP_CLAMP = 20 * TWO32;
const SIGMOID_AT_CLAMP = sigmoidBig(EXP_CLAMP);
const SIGMOID_AT_MINUS_CLAMP = sigmoidBig(-EXP_CLAMP);

/** The gap liquid alpha reacts to: buying above consensus, or selling below the bond. */
function liquidGap(consensus: number, weight: number, bond: number): number {
  return weight >= bond ? Math.min(Math.max(weight - consensus, 0), TWO32) : Math.min(Math.max(bond - weight, 0), TWO32);
}

/** `saturating_div(steepness, −100)` as a raw value (per subnet, so BigInt is fine). */
export function steepnessScale(steepness: number): number {
  return Number(saturatingDiv(I32F32, fromInt(I32F32, steepness), fromInt(I32F32, -100)));
}

/** `alpha_sigmoid` on raw values (see ../math.ts), `scale` from `steepnessScale`. */
export function alphaSigmoidRaw(
  consensus: number,
  weight: number,
  bond: number,
  alphaLow: number,
  alphaHigh: number,
  scale: number,
): number {
  const d = liquidGap(consensus, weight, bond);
  const s = sigmoid(mulShr32(scale, d - HALF));
  const alpha = alphaLow + mulShr32(s, alphaHigh - alphaLow);
  return Math.max(Math.min(alpha, alphaHigh), alphaLow);
}

/** The CPU implementation of the stage contract. */
export const cpuKernels: StageKernels = {
  subnetsPerCall: 1,

  weightedMedianColumns(batch: MedianBatch): Float64Array {
    const { subnets: S, rows: R, cols: C } = batch;
    const out = new Float64Array(S * C);
    const scratch = new Int32Array(3 * R);
    const column = new Float64Array(R);
    for (let s = 0; s < S; s++) {
      const count = batch.voterCount[s];
      const cols = batch.colCount[s];
      for (let c = 0; c < cols; c++) {
        // Gather the column once: the quickselect then reads contiguous memory.
        for (let k = 0; k < count; k++) column[k] = batch.score[(s * R + k) * C + c];
        out[s * C + c] = weightedMedianColumn(
          batch.stake,
          s * R,
          column,
          0,
          count,
          batch.minority[s],
          batch.stakeSum[s],
          scratch,
        );
      }
    }
    return out;
  },

  liquidAlphaEma(batch: LiquidAlphaBatch): LiquidAlphaResult {
    const { subnets: S, rows: R, cols: C } = batch;
    const value = new Float64Array(S * R * C);
    const present = new Uint8Array(S * R * C);
    // Per row: the sigmoid argument of every entry, then all their exps at once, then the EMA.
    const xs = new Float64Array(C);
    const exps = new Float64Array(C);
    const slot = new Int32Array(C);
    const sig = new Float64Array(C);
    for (let s = 0; s < S; s++) {
      const low = batch.alphaLow[s];
      const high = batch.alphaHigh[s];
      const scale = steepnessScale(batch.steepness[s]);
      const atZero = sigmoid(mulShr32(scale, -HALF));
      const cols = batch.colCount[s];
      for (let r = 0; r < batch.rowCount[s]; r++) {
        const base = (s * R + r) * C;
        let count = 0;
        for (let c = 0; c < cols; c++) {
          const at = base + c;
          if (batch.weightPresent[at] === 0) continue;
          const d = liquidGap(batch.consensus[s * C + c], batch.weight[at], batch.bond[at]);
          if (d === 0) {
            sig[c] = atZero;
            continue;
          }
          const x = mulShr32(scale, d - HALF);
          if (x >= -EXP_FAST_LIMIT && x <= EXP_FAST_LIMIT) {
            xs[count] = x;
            slot[count++] = c;
          } else {
            sig[c] = sigmoid(x);
          }
        }
        expSmallMany(xs, count, exps);
        for (let k = 0; k < count; k++) sig[slot[k]] = divShl32(TWO32, TWO32 + exps[k]);
        for (let c = 0; c < cols; c++) {
          const at = base + c;
          if (batch.weightPresent[at] === 0) continue;
          const a = Math.max(Math.min(low + mulShr32(sig[c], high - low), high), low);
          const w = batch.weight[at];
          const b = batch.bond[at];
          const v = Math.min(mulShr32Small(TWO32 - a, b) + Math.max(mulShr32Small(a, w), 0), TWO32);
          if (v > 0) {
            value[at] = v;
            present[at] = 1;
          }
        }
      }
    }
    return { value, present };
  },
};
