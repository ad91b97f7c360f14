/**
 * The 84 math-helper cases of subtensor's Yuma vectors against our helpers. Float inputs are
 * converted as subtensor's tests convert them (`I32F32::from_num(x as f32)`); approximate
 * expectations are compared in I32F32 as subtensor's tests do.
 */
import { expect } from "chai";
import { I32F32, I64F64, expSafe, fromF32, fromF64, fromInt, safeDiv, toNumber } from "../../../oracle/yuma/fixed";
import {
  SparseMatrix,
  checkVecMaxLimited,
  colMaxUpscaleSparse,
  colNormalizeSparse,
  computeLiquidAlphaValuesSparse,
  fixed64ToFixed32,
  fixedProportionToU16,
  isTopk,
  isTopkNonzero,
  matEmaAlphaSparse,
  matEmaSparse,
  normalize,
  normalize64,
  rowNormalizeSparse,
  sum,
  u16ProportionToFixed,
  vecMaxUpscaleToU16,
  vecU16MaxUpscaleToU16,
  weightedMedian,
  weightedMedianColSparse,
} from "../../../oracle/yuma/math";
import { bondsAlpha } from "../../../oracle/yuma/epoch";
import { MathCase, loadVectors } from "./vectors";
import { prng } from "../../../bench/lib/random-epochs";

type Dict = Record<string, unknown>;

const big = (x: unknown): bigint => BigInt(x as string | number);
const f32 = (x: unknown): bigint => fromF32(I32F32, x as number);
const f32s = (xs: unknown): bigint[] => (xs as number[]).map(f32);

/** A dense row-major matrix as sparse rows; `keep` chooses which entries exist. */
function toSparse(values: bigint[], rows: number, cols: number, keep: (v: bigint) => boolean = () => true): SparseMatrix {
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => [j, values[i * cols + j]] as [number, bigint]).filter(([, v]) => keep(v)),
  );
}

function toDense(m: SparseMatrix, cols: number): bigint[] {
  return m.flatMap((row) => {
    const d = new Array<bigint>(cols).fill(0n);
    for (const [j, v] of row) d[j] = v;
    return d;
  });
}

/** subtensor's comparison: |result − from_num(target as f32)| ≤ from_num(epsilon). */
function expectCloseI32F32(got: bigint[], want: number[], epsilon: number, msg: string): void {
  expect(got, msg).to.have.length(want.length);
  const eps = fromF32(I32F32, epsilon);
  got.forEach((g, i) => {
    const diff = g - f32(want[i]);
    expect(diff <= eps && -diff <= eps, `${msg}[${i}]: ${toNumber(I32F32, g)} vs ${want[i]}`).to.equal(true);
  });
}

/** The transposed layout of the col-normalise cases: column c of a 5x4 matrix is group c. */
function groupsToMatrix(groups: bigint[], cols: number): SparseMatrix {
  const rows = groups.length / cols;
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => [c, groups[c * rows + r]] as [number, bigint]));
}

function matrixToGroups(m: SparseMatrix, cols: number): bigint[] {
  const rows = m.length;
  const out = new Array<bigint>(rows * cols).fill(0n);
  m.forEach((row, r) => row.forEach(([c, v]) => (out[c * rows + r] = v)));
  return out;
}

/**
 * subtensor's randomized weighted-median test: for 100 voters (equal stake and distinct scores,
 * or random 0/1 stake and runs of equal scores) and majorities from 0 to 1, the result is one of
 * the scores at the stake-quantile boundary, for any order of the voters.
 */
function weightedMedianProperty(): void {
  const rand = prng(0x5eed);
  const n = 100;
  const one = I32F32.one;
  for (const majority of f32s([0, 0.0000001, 0.25, 0.49, 0.49, 0.49, 0.5, 0.51, 0.51, 0.51, 0.9999999, 1])) {
    for (const allowEqual of [false, true]) {
      let stake: bigint[] = [];
      let score: bigint[] = [];
      let lastScore = 0n;
      for (let i = 0; i < n; i++) {
        if (allowEqual) {
          stake.push(rand() < 0.5 ? one : 0n);
          if (rand() < 0.5) lastScore += one;
          score.push(lastScore);
        } else {
          stake.push(one);
          score.push(fromInt(I32F32, i));
        }
      }
      stake = normalize(stake);
      const total = sum(stake);
      const minority = total - majority < 0n ? 0n : total - majority;
      const medians: bigint[] = [];
      let medianStake = 0n;
      let medianSet = false;
      let stakeSum = 0n;
      for (let i = 0; i < n; i++) {
        stakeSum += stake[i];
        if (!medianSet && stakeSum >= minority) {
          medianStake = stakeSum;
          medianSet = true;
        }
        if (medianSet) {
          if (medianStake < stakeSum) {
            if (medianStake === minority && !medians.includes(score[i])) medians.push(score[i]);
            break;
          }
          if (!medians.includes(score[i])) medians.push(score[i]);
        }
      }
      if (medians.length === 0) medians.push(0n);
      const idx = stake.map((_, i) => i);
      for (let round = 0; round <= 10; round++) {
        const got = weightedMedian(stake, score, idx, minority, 0n, total);
        expect(medians, `majority ${toNumber(I32F32, majority)}, allowEqual ${allowEqual}`).to.include(got);
        const perm = idx.slice();
        for (let i = perm.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [perm[i], perm[j]] = [perm[j], perm[i]];
        }
        stake = perm.map((i) => stake[i]);
        score = perm.map((i) => score[i]);
      }
    }
  }
}

const checks: Record<string, (input: Dict, expected: Dict, c: MathCase) => void> = {
  weighted_median(input, expected, c) {
    if (c.inputs === undefined) return weightedMedianProperty();
    const stake = (input.stake_raw_i32f32 as unknown[]).map(big);
    const score = (input.score_raw_i32f32 as unknown[]).map(big);
    const idx = stake.map((_, i) => i);
    const fromFloats = f32s(input.stake_f32);
    expect(stake).to.deep.equal(input.stake_normalized_first ? normalize(fromFloats) : fromFloats);
    expect(score).to.deep.equal(f32s(input.score_f32));
    const got = weightedMedian(stake, score, idx, big(input.minority_raw_i32f32), 0n, sum(stake));
    expect(got).to.equal(big(expected.value_raw_i32f32));
  },

  "weighted_median_col / weighted_median_col_sparse (identical results)"(input, expected) {
    const stake = f32s(input.stake_f32);
    const rows = input.rows as number;
    const cols = (input.weights_row_major_f32 as number[]).length / rows;
    const weights = f32s(input.weights_row_major_f32);
    const majority = f32(input.majority_f32);
    const want = (expected.value_raw_i32f32 as unknown[]).map(big);
    // Sparse (entries > 0 only) and dense-as-sparse (every entry present) give the same medians.
    expect(weightedMedianColSparse(stake, toSparse(weights, rows, cols, (v) => v > 0n), cols, majority)).to.deep.equal(want);
    expect(weightedMedianColSparse(stake, toSparse(weights, rows, cols), cols, majority)).to.deep.equal(want);
  },

  weighted_median_col(input, expected) {
    const weights = input.weights as unknown[][];
    const cols = weights[0]?.length ?? 0;
    expect(weightedMedianColSparse([], [], cols, f32(input.majority_f32))).to.deep.equal(expected.value);
  },

  vec_max_upscale_to_u16(input, expected) {
    const values =
      input.vector_int !== undefined
        ? (input.vector_int as Array<number | string>).map((x) => (x === "I32F32::MAX" ? I32F32.max : fromInt(I32F32, x as number)))
        : f32s(input.vector_f32);
    expect(values).to.deep.equal((input.vector_raw_i32f32 as unknown[]).map(big));
    expect(vecMaxUpscaleToU16(values)).to.deep.equal(expected.value);
  },

  "vec_u16_max_upscale_to_u16 (how set_weights stores weights)"(input, expected) {
    expect(vecU16MaxUpscaleToU16(input.vector_u16 as number[])).to.deep.equal(expected.value);
  },

  check_vec_max_limited(input, expected) {
    expect(checkVecMaxLimited(input.vector_u16 as number[], input.max_limit_u16 as number)).to.equal(expected.value);
  },

  "is_topk (is_topk_nonzero = same plus value!=0)"(input, expected) {
    const v = f32s(input.vector_f32);
    const want = expected.value as boolean[];
    expect(isTopk(v, input.k as number)).to.deep.equal(want);
    expect(isTopkNonzero(v, input.k as number)).to.deep.equal(want.map((t, i) => t && v[i] !== 0n));
  },

  "normalize / inplace_normalize (I32F32) / inplace_normalize_64 (I64F64)"(input, expected, c) {
    const xs = input.vector as number[];
    const got32 = normalize(xs.map(f32));
    expect(got32).to.deep.equal((c.derived_exact_raw_i32f32 as unknown[]).map(big));
    expectCloseI32F32(got32, expected.value as number[], expected.epsilon as number, "I32F32");
    const got64 = normalize64(xs.map((x) => fromF32(I64F64, x)));
    expect(got64).to.deep.equal((c.derived_exact_raw_i64f64 as unknown[]).map(big));
  },

  inplace_row_normalize(input, expected) {
    const rows = input.rows as number;
    const cols = input.cols as number;
    const m = rowNormalizeSparse(toSparse(f32s(input.matrix_row_major), rows, cols));
    expectCloseI32F32(toDense(m, cols), expected.value_row_major as number[], expected.epsilon as number, "row normalize");
  },

  inplace_col_normalize(input, expected) {
    const m = groupsToMatrix(f32s(input.groups), 4);
    const got = matrixToGroups(colNormalizeSparse(m, 4), 4);
    expectCloseI32F32(got, expected.value_groups as number[], expected.epsilon as number, "col normalize");
  },

  inplace_col_max_upscale(input, expected) {
    const m = groupsToMatrix(f32s(input.groups), 4);
    const got = matrixToGroups(colMaxUpscaleSparse(m, 4), 4);
    expectCloseI32F32(got, expected.value_groups as number[], expected.epsilon as number, "col max upscale");
  },

  mat_ema_alpha(input, expected) {
    // Dense semantics: every entry exists (explicit zeros decay instead of being dropped).
    const alpha = Array.from({ length: 4 }, () => new Array<bigint>(3).fill(f32(input.alpha_all)));
    const m = matEmaAlphaSparse(toSparse(f32s(input.new_row_major_4x3), 4, 3), toSparse(f32s(input.old_row_major_4x3), 4, 3), alpha);
    expectCloseI32F32(toDense(m, 3), expected.value_row_major as number[], expected.epsilon as number, "mat_ema_alpha");
  },

  mat_ema_alpha_sparse(input, expected) {
    const alpha = Array.from({ length: 4 }, () => new Array<bigint>(3).fill(f32(input.alpha_all)));
    const positive = (v: bigint): boolean => v > 0n;
    const m = matEmaAlphaSparse(
      toSparse(f32s(input.new_row_major_4x3), 4, 3, positive),
      toSparse(f32s(input.old_row_major_4x3), 4, 3, positive),
      alpha,
    );
    expectCloseI32F32(toDense(m, 3), expected.value_row_major as number[], expected.epsilon as number, "mat_ema_alpha_sparse");
  },

  "1 - I32F32(I64F64(900000)/I64F64(1_000_000))"(_input, expected) {
    expect(bondsAlpha(900_000n)).to.equal(big(expected.value_raw_i32f32));
    expect(bondsAlpha(900_000n)).to.equal(fromF64(I32F32, 0.1));
  },

  "I64F64 division then I32F32 conversion"(_input, expected) {
    for (const k of expected.cases as Dict[]) {
      const got = fixed64ToFixed32(safeDiv(I64F64, fromInt(I64F64, big(k.x)), fromInt(I64F64, big(k.total))));
      const want = k.i32f32 !== undefined ? fromF32(I32F32, k.i32f32 as number) : 1n; // "I32F32::from_num(0.0000000002) (raw 1)"
      expect(got, `${String(k.x)}/${String(k.total)}`).to.equal(want);
    }
  },

  fixed_proportion_to_u16(input, expected) {
    expect(fixedProportionToU16(f32(input.x))).to.equal(expected.value);
  },

  exp_safe(_input, _expected, c) {
    const derived = c.derived_raw_i32f32 as Record<string, unknown>;
    expect(expSafe(0n)).to.equal(big(derived["exp(0)"]));
    expect(expSafe(I32F32.one)).to.equal(big(derived["exp(1)"]));
    expect(expSafe(fromInt(I32F32, 20))).to.equal(big(derived["exp(20)"]));
    expect(expSafe(fromInt(I32F32, -20))).to.equal(big(derived["exp(-20)"]));
    // The rule subtensor asserts: inputs beyond ±20 are clamped.
    expect(expSafe(fromInt(I32F32, 21))).to.equal(expSafe(fromInt(I32F32, 20)));
    expect(expSafe(fromInt(I32F32, -1000))).to.equal(expSafe(fromInt(I32F32, -20)));
  },

  "compute_bonds (dense)"(input, _expected, c) {
    const weights = toSparse(f32s(input.weights_4x3), 4, 3);
    const bonds = toSparse(f32s(input.bonds_4x3), 4, 3);
    const consensus = f32s(input.consensus).slice(0, 3); // zip truncates to the 3 columns
    const [low, high] = (input.alpha_values_u16 as number[]).map(u16ProportionToFixed);
    const alphas = computeLiquidAlphaValuesSparse(weights, bonds, consensus, low, high, fromInt(I32F32, 1000));
    const liquid = toDense(matEmaAlphaSparse(weights, bonds, alphas), 3);
    expect(liquid).to.deep.equal((c.derived_result_raw_i32f32 as unknown[][]).flat().map(big));
    // With alpha_low == alpha_high, liquid alpha equals the fixed alpha 1 − 0.9 within 1e-3.
    const fixed = toDense(matEmaSparse(weights, bonds, bondsAlpha(BigInt(input.bonds_moving_average as number))), 3);
    expectCloseI32F32(liquid, fixed.map((x) => toNumber(I32F32, x)), 0.001, "liquid vs fixed alpha");
  },
};

describe("Yuma fixed-point helpers: subtensor's math vectors", function () {
  const cases = loadVectors().math_cases;

  it("has the 84 math cases", function () {
    expect(cases).to.have.length(84);
  });

  for (const c of cases) {
    it(`${c.id} (${c.function})`, function () {
      const check = checks[c.function];
      expect(check, `no check for function ${c.function}`).to.be.a("function");
      check(c.inputs ?? {}, c.expected, c);
    });
  }
});
