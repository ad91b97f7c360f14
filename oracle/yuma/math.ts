/**
 * The vector and sparse-matrix helpers of the epoch (subtensor `epoch/math.rs`), on I32F32 raw
 * BigInt values. Each function keeps subtensor's semantics exactly, including the order of entries
 * in sparse rows, which entries survive (explicit zeros vs absent), and how out-of-range column
 * indices are ignored. Names follow subtensor's so a reader can go from spec to code by search.
 */
import {
  I32F32,
  I64F64,
  U16_MAX,
  checkedMul,
  convert,
  expSafe,
  fromF32,
  fromInt,
  round,
  safeDiv,
  saturatingAdd,
  saturatingDiv,
  saturatingMul,
  saturatingSub,
  toUint,
  wrappingSum,
} from "./fixed";

/** One sparse row: (column, I32F32 raw value) pairs in stored order. */
export type SparseRow = Array<[number, bigint]>;
export type SparseMatrix = SparseRow[];

const F = I32F32;
const ZERO = 0n;
const ONE = F.one;
const U16_MAX_FIXED = fromInt(F, U16_MAX);

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const at = (v: readonly bigint[], i: number): bigint => (i < v.length ? v[i] : ZERO);

// ------------------------------------------------------------------ conversions (spec §1)

/** `u16_to_fixed`: the integer x as I32F32. */
export function u16ToFixed(x: number): bigint {
  return fromInt(F, x);
}

/** `u16_proportion_to_fixed`: x / 65535, truncated. */
export function u16ProportionToFixed(x: number): bigint {
  return safeDiv(F, fromInt(F, x), U16_MAX_FIXED);
}

/** `fixed_to_fixed_u16_proportion`: x / 65535 (Yuma3 bond read-back). */
export function fixedToFixedU16Proportion(x: bigint): bigint {
  return safeDiv(F, x, U16_MAX_FIXED);
}

/** `fixed_proportion_to_u16`: floor(x * 65535), clamped — never rounded. */
export function fixedProportionToU16(x: bigint): number {
  return Number(toUint(F, saturatingMul(F, x, U16_MAX_FIXED), 16));
}

/** `fixed64_to_fixed32`: drop 32 fractional bits (floor), saturate. */
export function fixed64ToFixed32(x: bigint): bigint {
  return convert(I64F64, F, x);
}

/**
 * `vec_max_upscale_to_u16` (how `set_weights` stores weights): scale so the max becomes 65535,
 * rounding half away from zero; the two branches order mul/div differently, as subtensor does.
 */
export function vecMaxUpscaleToU16(vec: readonly bigint[]): number[] {
  if (vec.length === 0) return [];
  const m = vec.reduce(max);
  const toU16 = (x: bigint): number => Number(toUint(F, x, 16));
  if (m === ZERO) return vec.map((e) => toU16(saturatingMul(F, e, U16_MAX_FIXED)));
  if (m > fromInt(F, 32768)) {
    const scale = safeDiv(F, U16_MAX_FIXED, m);
    return vec.map((e) => toU16(round(F, saturatingMul(F, e, scale))));
  }
  return vec.map((e) => toU16(round(F, safeDiv(F, saturatingMul(F, e, U16_MAX_FIXED), m))));
}

/** `vec_u16_max_upscale_to_u16`: the same on u16 integers. */
export function vecU16MaxUpscaleToU16(vec: readonly number[]): number[] {
  return vecMaxUpscaleToU16(vec.map(u16ToFixed));
}

/** `check_vec_max_limited`: after normalising, no entry exceeds maxLimit / 65535. */
export function checkVecMaxLimited(vec: readonly number[], maxLimit: number): boolean {
  const limit = u16ProportionToFixed(maxLimit);
  const normalized = normalize(vec.map(u16ToFixed));
  return normalized.length === 0 || normalized.reduce(max) <= limit;
}

// ------------------------------------------------------------------ vectors

/** Σ x with plain (wrapping) additions, as `iter().sum()`. */
export function sum(x: readonly bigint[]): bigint {
  return wrappingSum(F, x);
}

/** `normalize` / `inplace_normalize`: x_i / Σx (safe_div); unchanged if the sum is 0. */
export function normalize(x: readonly bigint[]): bigint[] {
  const s = sum(x);
  return s === ZERO ? x.slice() : x.map((v) => safeDiv(F, v, s));
}

/** `inplace_normalize_using_sum`: x_i / s; unchanged if s is 0. */
export function normalizeUsingSum(x: readonly bigint[], s: bigint): bigint[] {
  return s === ZERO ? x.slice() : x.map((v) => safeDiv(F, v, s));
}

/** `inplace_normalize_64`: the I64F64 version. */
export function normalize64(x: readonly bigint[]): bigint[] {
  const s = wrappingSum(I64F64, x);
  return s === ZERO ? x.slice() : x.map((v) => safeDiv(I64F64, v, s));
}

/** `is_topk`: true for the k largest (stable ascending sort; lower index loses ties first). */
export function isTopk(vector: readonly bigint[], k: number): boolean[] {
  return topkMask(vector, k, vector.map(() => true));
}

/** `is_topk_nonzero`: `is_topk`, and the value is non-zero. */
export function isTopkNonzero(vector: readonly bigint[], k: number): boolean[] {
  return topkMask(
    vector,
    k,
    vector.map((v) => v !== ZERO),
  );
}

function topkMask(vector: readonly bigint[], k: number, result: boolean[]): boolean[] {
  const n = vector.length;
  if (n < k) return result;
  const idxs = vector.map((_, i) => i);
  // Array.prototype.sort is stable (ES2019), like Rust's sort_by_key.
  idxs.sort((a, b) => (vector[a] < vector[b] ? -1 : vector[a] > vector[b] ? 1 : 0));
  for (const i of idxs.slice(0, n - k)) result[i] = false;
  return result;
}

/** `inplace_mask_vector`: zero where mask is true. */
export function maskVector(mask: readonly boolean[], vector: readonly bigint[]): bigint[] {
  return vector.map((v, i) => (mask[i] ? ZERO : v));
}

/** `vec_mul`: element-wise `checked_mul`, 0 on overflow. */
export function vecMul(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  const n = Math.min(a.length, b.length);
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) out.push(checkedMul(F, a[i], b[i]) ?? ZERO);
  return out;
}

/** `clamp_value`: min(high) then max(low). */
export function clampValue(value: bigint, low: bigint, high: bigint): bigint {
  return max(min(value, high), low);
}

// ------------------------------------------------------------------ sparse masks

/** `mask_rows_sparse`: empty the rows whose mask is true (or missing). */
export function maskRowsSparse(mask: readonly boolean[], m: SparseMatrix): SparseMatrix {
  return m.map((row, i) => ((mask[i] ?? true) ? [] : row.slice()));
}

/** `mask_diag_sparse`: drop (i, i). */
export function maskDiagSparse(m: SparseMatrix): SparseMatrix {
  return m.map((row, i) => row.filter(([j]) => j !== i));
}

/** `mask_diag_sparse_except_index`: drop (i, i) except (except, except). */
export function maskDiagSparseExceptIndex(m: SparseMatrix, except: number): SparseMatrix {
  return m.map((row, i) => row.filter(([j]) => j !== i || i === except));
}

/** `vec_mask_sparse_matrix`: drop (i, j) where maskFn(first[i], second[j]). */
export function vecMaskSparseMatrix(
  m: SparseMatrix,
  first: readonly bigint[],
  second: readonly bigint[],
  maskFn: (a: bigint, b: bigint) => boolean,
): SparseMatrix {
  return m.map((row, i) => {
    const fv = at(first, i);
    return row.filter(([j]) => !maskFn(fv, at(second, j)));
  });
}

/** `scalar_vec_mask_sparse_matrix`: drop (i, j) where maskFn(scalar, vector[j]). */
export function scalarVecMaskSparseMatrix(
  m: SparseMatrix,
  scalar: bigint,
  vector: readonly bigint[],
  maskFn: (a: bigint, b: bigint) => boolean,
): SparseMatrix {
  return m.map((row) => row.filter(([j]) => !maskFn(scalar, at(vector, j))));
}

// ------------------------------------------------------------------ sparse normalisation

/** `inplace_row_normalize_sparse`: rows with a positive sum are divided by it. */
export function rowNormalizeSparse(m: SparseMatrix): SparseMatrix {
  return m.map((row) => {
    const s = sum(row.map(([, v]) => v));
    return s > ZERO ? row.map(([j, v]) => [j, safeDiv(F, v, s)] as [number, bigint]) : row.slice();
  });
}

/** `row_sum_sparse`. */
export function rowSumSparse(m: SparseMatrix): bigint[] {
  return m.map((row) => sum(row.map(([, v]) => v)));
}

/** `inplace_col_normalize_sparse`: each entry / its column's (saturating) sum, if non-zero. */
export function colNormalizeSparse(m: SparseMatrix, columns: number): SparseMatrix {
  const colSum = new Array<bigint>(columns).fill(ZERO);
  for (const row of m) for (const [j, v] of row) if (j < columns) colSum[j] = saturatingAdd(F, colSum[j], v);
  return divideByColumn(m, colSum);
}

/** `inplace_col_max_upscale_sparse`: each entry / its column's max, if non-zero. */
export function colMaxUpscaleSparse(m: SparseMatrix, columns: number): SparseMatrix {
  const colMax = new Array<bigint>(columns).fill(ZERO);
  for (const row of m) for (const [j, v] of row) if (j < columns && colMax[j] < v) colMax[j] = v;
  return divideByColumn(m, colMax);
}

/** Each entry safe-divided by its column's denominator; entries of zero or missing columns stay. */
function divideByColumn(m: SparseMatrix, denominators: readonly bigint[]): SparseMatrix {
  return m.map((row) =>
    row.map(([j, v]) => {
      const d = at(denominators, j);
      return [j, d !== ZERO ? safeDiv(F, v, d) : v] as [number, bigint];
    }),
  );
}

// ------------------------------------------------------------------ sparse products

/** `row_hadamard_sparse`: entry (i, j) times vector[i]. */
export function rowHadamardSparse(m: SparseMatrix, vector: readonly bigint[]): SparseMatrix {
  const out: SparseMatrix = [];
  for (let i = 0; i < m.length && i < vector.length; i++) {
    out.push(m[i].map(([j, v]) => [j, saturatingMul(F, v, vector[i])] as [number, bigint]));
  }
  return out;
}

/** `matmul_sparse`: r_j = Σ_i vector_i · m_ij, accumulated in row order (saturating). */
export function matmulSparse(m: SparseMatrix, vector: readonly bigint[], columns: number): bigint[] {
  const result = new Array<bigint>(columns).fill(ZERO);
  m.forEach((row, i) => {
    const scale = at(vector, i);
    for (const [j, v] of row) {
      if (j < columns) result[j] = saturatingAdd(F, result[j], saturatingMul(F, scale, v));
    }
  });
  return result;
}

/** `matmul_transpose_sparse`: r_i = Σ_j vector_j · m_ij (saturating). */
export function matmulTransposeSparse(m: SparseMatrix, vector: readonly bigint[]): bigint[] {
  return m.map((row) => {
    let acc = ZERO;
    for (const [j, v] of row) acc = saturatingAdd(F, acc, saturatingMul(F, at(vector, j), v));
    return acc;
  });
}

/** `mat_vec_mul_sparse`: entry (i, j) times vector[j]; zero products are dropped. */
export function matVecMulSparse(m: SparseMatrix, vector: readonly bigint[]): SparseMatrix {
  return m.map((row) => {
    const out: SparseRow = [];
    for (const [j, v] of row) {
      if (j >= vector.length) continue;
      const p = saturatingMul(F, v, vector[j]);
      if (p !== ZERO) out.push([j, p]);
    }
    return out;
  });
}

// ------------------------------------------------------------------ consensus (spec §4, §5)

/**
 * `weighted_median`: subtensor's deterministic mid-pivot quickselect. The pivot is the middle
 * element of the current index list; entries equal to the pivot go to neither side; note the
 * strict `<` in the first branch and `<=` in the second. Do not replace with a textbook median.
 */
export function weightedMedian(
  stake: readonly bigint[],
  score: readonly bigint[],
  partitionIdx: readonly number[],
  minority: bigint,
  partitionLo: bigint,
  partitionHi: bigint,
): bigint {
  if (stake.length !== score.length) return ZERO;
  let current = partitionIdx.slice();
  let lo = partitionLo;
  let hi = partitionHi;
  for (let iteration = 0; iteration <= partitionIdx.length; iteration++) {
    const n = current.length;
    if (n === 0) return ZERO;
    if (n === 1) return at(score, current[0]);
    const pivot = at(score, current[n >> 1]);
    let loStake = ZERO;
    let hiStake = ZERO;
    const lower: number[] = [];
    const upper: number[] = [];
    for (const idx of current) {
      const s = at(score, idx);
      if (s === pivot) continue;
      if (s < pivot) {
        loStake = saturatingAdd(F, loStake, at(stake, idx));
        lower.push(idx);
      } else {
        hiStake = saturatingAdd(F, hiStake, at(stake, idx));
        upper.push(idx);
      }
    }
    if (minority < saturatingAdd(F, lo, loStake) && lower.length > 0) {
      current = lower;
      hi = saturatingAdd(F, lo, loStake);
    } else if (saturatingSub(F, hi, hiStake) <= minority && upper.length > 0) {
      current = upper;
      lo = saturatingSub(F, hi, hiStake);
    } else {
      return pivot;
    }
  }
  return ZERO;
}

/**
 * `weighted_median_col_sparse`: per column, the weighted median of the scores of the rows with
 * positive stake (stake re-normalised over those rows); absent entries score 0.
 */
export function weightedMedianColSparse(
  stake: readonly bigint[],
  score: SparseMatrix,
  columns: number,
  majority: bigint,
): bigint[] {
  const useStake = normalize(stake.filter((s) => s > ZERO));
  const stakeSum = sum(useStake);
  const minority = saturatingSub(F, stakeSum, majority);
  const stakeIdx = useStake.map((_, k) => k);
  const useScore: bigint[][] = Array.from({ length: columns }, () => new Array<bigint>(useStake.length).fill(ZERO));
  let k = 0;
  for (let i = 0; i < stake.length && i < score.length; i++) {
    if (stake[i] > ZERO) {
      for (const [c, v] of score[i]) if (c < columns && k < useStake.length) useScore[c][k] = v;
      k++;
    }
  }
  return useScore.map((col) => weightedMedian(useStake, col, stakeIdx, minority, ZERO, stakeSum));
}

/** `col_clip_sparse`: entries above their column's consensus become it (dropped if it is ≤ 0). */
export function colClipSparse(m: SparseMatrix, threshold: readonly bigint[]): SparseMatrix {
  return m.map((row) => {
    const out: SparseRow = [];
    for (const [j, v] of row) {
      const th = at(threshold, j);
      if (th < v) {
        if (th > ZERO) out.push([j, th]);
      } else {
        out.push([j, v]);
      }
    }
    return out;
  });
}

/**
 * `interpolate_sparse`: ratio 0 → mat1, exactly 1 → mat2, otherwise mat1 + ratio·(mat2 − mat1)
 * per dense entry, keeping only positive results (so explicit zeros are dropped).
 */
export function interpolateSparse(
  mat1: SparseMatrix,
  mat2: SparseMatrix,
  columns: number,
  ratio: bigint,
): SparseMatrix {
  if (ratio === ZERO) return mat1.map((r) => r.slice());
  if (ratio === ONE || mat1.length !== mat2.length) return mat2.map((r) => r.slice());
  return mat1.map((row1, i) => {
    const d1 = densify(row1, columns);
    const d2 = densify(mat2[i], columns);
    const out: SparseRow = [];
    for (let j = 0; j < columns; j++) {
      const v = saturatingAdd(F, d1[j], saturatingMul(F, ratio, saturatingSub(F, d2[j], d1[j])));
      if (v > ZERO) out.push([j, v]);
    }
    return out;
  });
}

function densify(row: SparseRow, columns: number): bigint[] {
  const d = new Array<bigint>(columns).fill(ZERO);
  for (const [j, v] of row) if (j < columns) d[j] = v;
  return d;
}

// ------------------------------------------------------------------ bonds EMA (spec §7, §8)

/**
 * `mat_ema_sparse`: alpha·new + (1 − alpha)·old over the union of entries (square n×n, n = rows),
 * each product floored, keeping entries > 0.
 */
export function matEmaSparse(newM: SparseMatrix, oldM: SparseMatrix, alpha: bigint): SparseMatrix {
  const n = newM.length;
  const oneMinusAlpha = saturatingSub(F, ONE, alpha);
  return newM.map((newRow, i) => {
    const acc = new Array<bigint>(n).fill(ZERO);
    for (const [j, v] of newRow) if (j < n) acc[j] = saturatingAdd(F, acc[j], saturatingMul(F, alpha, v));
    for (const [j, v] of oldM[i] ?? []) if (j < n) acc[j] = saturatingAdd(F, acc[j], saturatingMul(F, oneMinusAlpha, v));
    const out: SparseRow = [];
    acc.forEach((v, j) => {
      if (v > ZERO) out.push([j, v]);
    });
    return out;
  });
}

/**
 * `mat_ema_alpha_sparse`: per-entry alpha; only columns present in the weight row are emitted, so
 * a bond whose weight entry is absent is dropped, not decayed (spec §8.2). new = min((1−a)·b +
 * max(a·w, 0), 1), kept if > 0.
 */
export function matEmaAlphaSparse(
  newM: SparseMatrix,
  oldM: SparseMatrix,
  alpha: readonly (readonly bigint[])[],
): SparseMatrix {
  if (newM.length !== oldM.length || newM.length !== alpha.length) return newM.map((r) => r.slice());
  return newM.map((newRow, i) => {
    const alphaRow = alpha[i];
    const decayed = new Array<bigint>(alphaRow.length).fill(ZERO);
    for (const [j, b] of oldM[i]) {
      if (j < alphaRow.length) decayed[j] = saturatingMul(F, saturatingSub(F, ONE, alphaRow[j]), b);
    }
    const out: SparseRow = [];
    for (const [j, w] of newRow) {
      if (j >= alphaRow.length) continue;
      const inc = max(saturatingMul(F, alphaRow[j], w), ZERO);
      const v = min(saturatingAdd(F, decayed[j], inc), ONE);
      if (v > ZERO) out.push([j, v]);
    }
    return out;
  });
}

const HALF = fromF32(F, 0.5);
const MINUS_100 = fromInt(F, -100);

/**
 * `alpha_sigmoid` (liquid alpha, spec §8.1): alpha = low + sigmoid·(high − low), clamped, where
 * the sigmoid's argument is −(steepness/100)·(d − 0.5) and d is the buy or sell gap.
 */
export function alphaSigmoid(
  consensus: bigint,
  weight: bigint,
  bond: bigint,
  alphaLow: bigint,
  alphaHigh: bigint,
  steepness: bigint,
): bigint {
  const diffBuy = clampValue(saturatingSub(F, weight, consensus), ZERO, ONE);
  const diffSell = clampValue(saturatingSub(F, bond, weight), ZERO, ONE);
  const d = weight >= bond ? diffBuy : diffSell;
  const x = saturatingMul(F, saturatingDiv(F, steepness, MINUS_100), saturatingSub(F, d, HALF));
  const sigmoid = saturatingDiv(F, ONE, saturatingAdd(F, ONE, expSafe(x)));
  const alpha = saturatingAdd(F, alphaLow, saturatingMul(F, sigmoid, saturatingSub(F, alphaHigh, alphaLow)));
  return clampValue(alpha, alphaLow, alphaHigh);
}

/**
 * `compute_liquid_alpha_values_sparse`: a dense n-wide alpha row per validator. Weight and bond
 * values are found by walking each sparse row in stored order (subtensor's peekable merge), so an
 * unsorted row is read exactly as subtensor reads it.
 */
export function computeLiquidAlphaValuesSparse(
  weights: SparseMatrix,
  bonds: SparseMatrix,
  consensus: readonly bigint[],
  alphaLow: bigint,
  alphaHigh: bigint,
  steepness: bigint,
): bigint[][] {
  if (weights.length !== bonds.length) return [];
  return weights.map((wRow, i) => {
    const w = new SparseCursor(wRow);
    const b = new SparseCursor(bonds[i]);
    return consensus.map((c, j) => alphaSigmoid(c, w.valueAt(j), b.valueAt(j), alphaLow, alphaHigh, steepness));
  });
}

/**
 * Reads a sparse row for increasing columns the way subtensor's peekable iterator does: skip
 * entries with a lower column, take the value if the next entry is the column, else 0. On an
 * unsorted row this misses entries exactly as subtensor does.
 */
class SparseCursor {
  private pos = 0;
  constructor(private readonly row: SparseRow) {}

  valueAt(j: number): bigint {
    while (this.pos < this.row.length && this.row[this.pos][0] < j) this.pos++;
    return this.pos < this.row.length && this.row[this.pos][0] === j ? this.row[this.pos][1] : ZERO;
  }
}
