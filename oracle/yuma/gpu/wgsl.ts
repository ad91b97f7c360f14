/**
 * WGSL sources of the GPU stages. WGSL has no 64-bit integers, so every raw I32F32 value is a
 * `vec2<u32>` (x = low word, y = high word, two's complement) and the fixed-point operations of
 * ../fixed.ts are rebuilt from u32 limbs. No float ever touches a value.
 */

/** Threads per workgroup of both stage kernels. */
export const WORKGROUP_SIZE = 64;

/**
 * The 64-bit limb library: wrapping add/sub, signed/unsigned compares, shifts, 32×32→64 and
 * 64×64→128 products, I32F32 saturating add/sub/mul, division by a small u32, 64/64 and 2^64/d long
 * division, and substrate-fixed's exp. Pure functions, no bindings.
 */
export const LIMB_WGSL = /* wgsl */ `
const ZERO64 = vec2<u32>(0u, 0u);
const FIX_ONE = vec2<u32>(0u, 1u);          // I32F32 1.0 = 2^32
const FIX_HALF = vec2<u32>(0x80000000u, 0u); // 0.5
const I64_MAX = vec2<u32>(0xffffffffu, 0x7fffffffu);
const I64_MIN = vec2<u32>(0u, 0x80000000u);
const EXP_E = vec2<u32>(0xb7e15000u, 2u);    // substrate-fixed's I9F23 e, 22802600 << 9
const EXP_LIMIT = vec2<u32>(0u, 20u);        // exp_safe clamps to ±20

fn u64_add(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let lo = a.x + b.x;
  return vec2<u32>(lo, a.y + b.y + select(0u, 1u, lo < a.x));
}

fn u64_sub(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  return vec2<u32>(a.x - b.x, a.y - b.y - select(0u, 1u, a.x < b.x));
}

fn u64_eq(a: vec2<u32>, b: vec2<u32>) -> bool { return a.x == b.x && a.y == b.y; }
fn u64_lt(a: vec2<u32>, b: vec2<u32>) -> bool { return a.y < b.y || (a.y == b.y && a.x < b.x); }
fn i64_is_neg(a: vec2<u32>) -> bool { return (a.y >> 31u) != 0u; }

fn i64_lt(a: vec2<u32>, b: vec2<u32>) -> bool {
  let ah = bitcast<i32>(a.y);
  let bh = bitcast<i32>(b.y);
  return ah < bh || (ah == bh && a.x < b.x);
}

fn i64_le(a: vec2<u32>, b: vec2<u32>) -> bool { return !i64_lt(b, a); }
fn i64_min(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> { return select(b, a, i64_lt(a, b)); }
fn i64_max(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> { return select(b, a, i64_lt(b, a)); }
/** clamp_value: min(high) then max(low). */
fn i64_clamp(v: vec2<u32>, lo: vec2<u32>, hi: vec2<u32>) -> vec2<u32> { return i64_max(i64_min(v, hi), lo); }
fn i64_neg(a: vec2<u32>) -> vec2<u32> { return u64_sub(ZERO64, a); }
/** |a| as an unsigned value (|MIN| = 2^63 is representable unsigned). */
fn i64_abs(a: vec2<u32>) -> vec2<u32> { return select(a, i64_neg(a), i64_is_neg(a)); }

fn i64_sat_add(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let s = u64_add(a, b);
  let sa = a.y >> 31u;
  if (sa == (b.y >> 31u) && sa != (s.y >> 31u)) { return select(I64_MAX, I64_MIN, sa != 0u); }
  return s;
}

fn i64_sat_sub(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let s = u64_sub(a, b);
  let sa = a.y >> 31u;
  if (sa != (b.y >> 31u) && sa != (s.y >> 31u)) { return select(I64_MAX, I64_MIN, sa != 0u); }
  return s;
}

fn u64_shl(a: vec2<u32>, n: u32) -> vec2<u32> {
  if (n == 0u) { return a; }
  if (n >= 32u) { return vec2<u32>(0u, a.x << (n - 32u)); }
  return vec2<u32>(a.x << n, (a.y << n) | (a.x >> (32u - n)));
}

fn u64_shr(a: vec2<u32>, n: u32) -> vec2<u32> {
  if (n == 0u) { return a; }
  if (n >= 32u) { return vec2<u32>(a.y >> (n - 32u), 0u); }
  return vec2<u32>((a.x >> n) | (a.y << (32u - n)), a.y >> n);
}

/** Arithmetic shift right (floor), n in [0, 63]. */
fn i64_shr(a: vec2<u32>, n: u32) -> vec2<u32> {
  let hi = bitcast<i32>(a.y);
  if (n == 0u) { return a; }
  if (n >= 32u) { return vec2<u32>(bitcast<u32>(hi >> (n - 32u)), bitcast<u32>(hi >> 31u)); }
  return vec2<u32>((a.x >> n) | (a.y << (32u - n)), bitcast<u32>(hi >> n));
}

/** 32×32 → 64 from 16-bit halves. */
fn mul32_wide(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let p00 = a0 * b0;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let p11 = a1 * b1;
  let mid = p01 + p10;
  let midCarry = select(0u, 0x10000u, mid < p01);
  let lo = p00 + (mid << 16u);
  return vec2<u32>(lo, p11 + (mid >> 16u) + midCarry + select(0u, 1u, lo < p00));
}

/** Unsigned 64×64 → 128, words low to high. */
fn mul64_wide(a: vec2<u32>, b: vec2<u32>) -> vec4<u32> {
  let ll = mul32_wide(a.x, b.x);
  let lh = mul32_wide(a.x, b.y);
  let hl = mul32_wide(a.y, b.x);
  let hh = mul32_wide(a.y, b.y);
  var w1 = ll.y + lh.x;
  var c1 = select(0u, 1u, w1 < lh.x);
  w1 = w1 + hl.x;
  c1 = c1 + select(0u, 1u, w1 < hl.x);
  var w2 = lh.y + hl.y;
  var c2 = select(0u, 1u, w2 < hl.y);
  w2 = w2 + hh.x;
  c2 = c2 + select(0u, 1u, w2 < hh.x);
  w2 = w2 + c1;
  c2 = c2 + select(0u, 1u, w2 < c1);
  return vec4<u32>(ll.x, w1, w2, hh.y + c2);
}

/** I32F32 saturating_mul: exact product, floor (arithmetic >> 32), clamp. */
fn i64_sat_mul_shr32(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let neg = i64_is_neg(a) != i64_is_neg(b);
  let p = mul64_wide(i64_abs(a), i64_abs(b));
  if (!neg) {
    if (p.w != 0u || (p.z >> 31u) != 0u) { return I64_MAX; }
    return p.yz;
  }
  // floor(-P / 2^32) = -ceil(P / 2^32)
  var m = p.yz;
  var top = p.w;
  if (p.x != 0u) {
    m = u64_add(m, vec2<u32>(1u, 0u));
    if (m.x == 0u && m.y == 0u) { top = top + 1u; }
  }
  if (top != 0u || u64_lt(I64_MIN, m)) { return I64_MIN; }
  return i64_neg(m);
}

/** floor(n / d) for 1 <= d <= 65536, by 16-bit steps (the remainder shifted stays below 2^32). */
fn u64_div_small(n: vec2<u32>, d: u32) -> vec2<u32> {
  let qh = n.y / d;
  var r = n.y - qh * d;
  let c1 = (r << 16u) | (n.x >> 16u);
  let q1 = c1 / d;
  r = c1 - q1 * d;
  let c0 = (r << 16u) | (n.x & 0xffffu);
  return vec2<u32>((q1 << 16u) | (c0 / d), qh);
}

/** One restoring-division step: shifts bit into r (r < d), returns (r', quotient bit in .z). */
fn div_step(r: vec2<u32>, bit: u32, d: vec2<u32>) -> vec3<u32> {
  let top = r.y >> 31u;
  let s = vec2<u32>((r.x << 1u) | bit, (r.y << 1u) | (r.x >> 31u));
  // With the top bit shifted out, the true value is >= 2^64 > d; the wrapped difference is exact.
  let ge = top != 0u || !u64_lt(s, d);
  return vec3<u32>(select(s, u64_sub(s, d), ge), select(0u, 1u, ge));
}

/** Unsigned 64/64 long division, d != 0: (quotient.xy, remainder.zw). */
fn u64_divmod(n: vec2<u32>, d: vec2<u32>) -> vec4<u32> {
  var r = ZERO64;
  var q = ZERO64;
  for (var i = 0u; i < 64u; i = i + 1u) {
    let bit = select(n.x >> (63u - i), n.y >> (31u - i), i < 32u) & 1u;
    let st = div_step(r, bit, d);
    r = st.xy;
    q = vec2<u32>((q.x << 1u) | st.z, (q.y << 1u) | (q.x >> 31u));
  }
  return vec4<u32>(q, r);
}

/** floor(2^64 / d) for d >= 2^32: a restoring division that skips the quotient's leading zeros. */
fn div_2p64(d: vec2<u32>) -> vec2<u32> {
  // With L = bitlen(d) >= 33, numerator bits 64..66-L leave r = 2^(L-2) < d and no quotient bit
  // set; bits 65-L..0 remain (66 - L steps, 33 at most).
  let len = 64u - countLeadingZeros(d.y);
  var r = u64_shl(vec2<u32>(1u, 0u), len - 2u);
  var q = ZERO64;
  for (var i = len; i < 66u; i = i + 1u) {
    let st = div_step(r, 0u, d);
    r = st.xy;
    q = vec2<u32>((q.x << 1u) | st.z, (q.y << 1u) | (q.x >> 31u));
  }
  return q;
}

/** One term of the exp series: floor(term * op / 2^32) (ok if it fits I32F32), then / i. */
fn exp_term(term: vec2<u32>, op: vec2<u32>, i: u32, ok: ptr<function, bool>) -> vec2<u32> {
  let p = mul64_wide(term, op);
  if (p.w != 0u || (p.z >> 31u) != 0u) { *ok = false; }
  return u64_div_small(p.yz, i);
}

struct ExpResult { value: vec2<u32>, ok: bool }

/**
 * substrate_fixed::transcendental::exp::<I32F32>: 1 + x + Σ_{i=2}^{31} x^i/i!, each term floored by
 * the multiply and truncated by the divide; x = 1 gives the 23-bit e; negative x is computed for |x|
 * and inverted as 2^64 / r. ok = false where subtensor returns Err.
 */
fn exp_i32f32(x: vec2<u32>) -> ExpResult {
  if (u64_eq(x, ZERO64)) { return ExpResult(FIX_ONE, true); }
  if (u64_eq(x, FIX_ONE)) { return ExpResult(EXP_E, true); }
  let neg = i64_is_neg(x);
  if (u64_eq(x, I64_MIN)) { return ExpResult(ZERO64, false); }
  let op = i64_abs(x);
  var ok = true;
  var result = u64_add(op, FIX_ONE);
  if (i64_is_neg(result)) { return ExpResult(ZERO64, false); }
  var term = op;
__EXP_SERIES__
  if (!ok) { return ExpResult(ZERO64, false); }
  if (neg) { return ExpResult(div_2p64(result), true); }
  return ExpResult(result, true);
}

/** exp_safe: clamp to [-20, 20], exp; an error gives 0 (input <= 0) or I32F32::MAX. */
fn exp_safe(x: vec2<u32>) -> vec2<u32> {
  let c = i64_clamp(x, i64_neg(EXP_LIMIT), EXP_LIMIT);
  let r = exp_i32f32(c);
  if (r.ok) { return r.value; }
  return select(I64_MAX, ZERO64, i64_le(c, ZERO64));
}
`.replace(
  "__EXP_SERIES__",
  // Unrolled so every divisor is a literal: compilers turn division by a constant into a multiply.
  Array.from(
    { length: 30 },
    (_, k) =>
      `  term = exp_term(term, op, ${k + 2}u, &ok);\n` +
      `  result = u64_add(result, term);\n` +
      `  if (i64_is_neg(result)) { ok = false; }`,
  ).join("\n"),
);

/** The flat thread index of a 2D-folded dispatch of 1D work. */
const THREAD_INDEX_WGSL = /* wgsl */ `
fn thread_index(wid: vec3<u32>, nwg: vec3<u32>, lix: u32) -> u32 {
  return (wid.y * nwg.x + wid.x) * ${WORKGROUP_SIZE}u + lix;
}
`;

/**
 * Consensus: one thread per (subnet, column) runs subtensor's weighted_median quickselect over the
 * subnet's voters, keeping the current index list in a private array of `capacity` entries and
 * partitioning it in place (stable compaction keeps lower/upper in their original order).
 *
 * Bindings: 0 uniform dims (subnets, rows, cols); 1 params, two vec4 per subnet: (colCount,
 * voterCount, 0, 0), (minority, stakeSum); 2 stake[s·R + r]; 3 score[(s·R + r)·C + c];
 * 4 result[s·C + c].
 */
export function medianKernelWgsl(capacity: number): string {
  return /* wgsl */ `
${LIMB_WGSL}
${THREAD_INDEX_WGSL}
struct Dims { subnets: u32, rows: u32, cols: u32, pad: u32 }
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> params: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read> stake: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> score: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> result: array<vec2<u32>>;

const CAPACITY = ${capacity}u;

fn weighted_median(s: u32, c: u32, voters: u32, minority: vec2<u32>, stakeSum: vec2<u32>) -> vec2<u32> {
  var cur: array<u32, CAPACITY>;
  for (var i = 0u; i < voters; i = i + 1u) { cur[i] = i; }
  let rowBase = s * dims.rows;
  let C = dims.cols;
  var n = voters;
  var lo = ZERO64;
  var hi = stakeSum;
  for (var iteration = 0u; iteration <= voters; iteration = iteration + 1u) {
    if (n == 0u) { return ZERO64; }
    if (n == 1u) { return score[(rowBase + cur[0]) * C + c]; }
    let pivot = score[(rowBase + cur[n >> 1u]) * C + c];
    var loStake = ZERO64;
    var hiStake = ZERO64;
    var nLo = 0u;
    var nHi = 0u;
    for (var j = 0u; j < n; j = j + 1u) {
      let idx = cur[j];
      let sc = score[(rowBase + idx) * C + c];
      if (u64_eq(sc, pivot)) { continue; }
      if (i64_lt(sc, pivot)) {
        loStake = i64_sat_add(loStake, stake[rowBase + idx]);
        nLo = nLo + 1u;
      } else {
        hiStake = i64_sat_add(hiStake, stake[rowBase + idx]);
        nHi = nHi + 1u;
      }
    }
    let loEnd = i64_sat_add(lo, loStake);
    let hiStart = i64_sat_sub(hi, hiStake);
    var goLower = false;
    if (i64_lt(minority, loEnd) && nLo > 0u) {
      goLower = true;
      hi = loEnd;
    } else if (i64_le(hiStart, minority) && nHi > 0u) {
      lo = hiStart;
    } else {
      return pivot;
    }
    // Stable in-place compaction of the chosen side (write index never passes read index).
    var k = 0u;
    for (var j = 0u; j < n; j = j + 1u) {
      let idx = cur[j];
      let sc = score[(rowBase + idx) * C + c];
      if (!u64_eq(sc, pivot) && i64_lt(sc, pivot) == goLower) {
        cur[k] = idx;
        k = k + 1u;
      }
    }
    n = k;
  }
  return ZERO64;
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lix: u32) {
  let t = thread_index(wid, nwg, lix);
  if (t >= dims.subnets * dims.cols) { return; }
  let s = t / dims.cols;
  let c = t - s * dims.cols;
  let p0 = params[2u * s];
  let p1 = params[2u * s + 1u];
  if (c >= p0.x) {
    result[t] = ZERO64;
    return;
  }
  result[t] = weighted_median(s, c, min(p0.y, CAPACITY), p1.xy, p1.zw);
}
`;
}

/**
 * Liquid-alpha bonds EMA: one thread per (subnet, row, column) entry computes alpha_sigmoid and
 * the mat_ema_alpha_sparse value; the entry exists iff its weight is present and the value > 0, so
 * the output is just the value (0 = absent).
 *
 * Bindings: 0 uniform dims (subnets, rows, cols); 1 params, two vec4 per subnet: (colCount,
 * rowCount, steepness as i32, 0), (alphaLow, alphaHigh); 2 consensus[s·C + c]; 3 weight and
 * 4 bond at (s·R + r)·C + c; 5 weightPresent as a bitmask (bit e & 31 of word e >> 5);
 * 6 value out.
 */
export const LIQUID_ALPHA_WGSL = /* wgsl */ `
${LIMB_WGSL}
${THREAD_INDEX_WGSL}
struct Dims { subnets: u32, rows: u32, cols: u32, pad: u32 }
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> params: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read> consensus: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> weight: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read> bond: array<vec2<u32>>;
@group(0) @binding(5) var<storage, read> presentBits: array<u32>;
@group(0) @binding(6) var<storage, read_write> value: array<vec2<u32>>;

/** alpha_sigmoid (spec §8.1). */
fn alpha_sigmoid(cons: vec2<u32>, w: vec2<u32>, b: vec2<u32>, low: vec2<u32>, high: vec2<u32>, steep: i32) -> vec2<u32> {
  let diffBuy = i64_clamp(i64_sat_sub(w, cons), ZERO64, FIX_ONE);
  let diffSell = i64_clamp(i64_sat_sub(b, w), ZERO64, FIX_ONE);
  let d = select(diffSell, diffBuy, i64_le(b, w));
  // saturating_div(steepness, -100) = trunc(-steepness · 2^32 / 100): never saturates for an i32.
  let mag = u64_div_small(vec2<u32>(0u, u32(abs(steep))), 100u);
  let k = select(mag, i64_neg(mag), steep > 0);
  let x = i64_sat_mul_shr32(k, i64_sat_sub(d, FIX_HALF));
  // 2^64 / (1 + exp): 1 + exp >= 2^32 in range; exp = I32F32::MAX would saturate the sum first.
  let sigmoid = div_2p64(i64_sat_add(FIX_ONE, exp_safe(x)));
  let alpha = i64_sat_add(low, i64_sat_mul_shr32(sigmoid, i64_sat_sub(high, low)));
  return i64_clamp(alpha, low, high);
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lix: u32) {
  let t = thread_index(wid, nwg, lix);
  let perSubnet = dims.rows * dims.cols;
  if (t >= dims.subnets * perSubnet) { return; }
  let s = t / perSubnet;
  let rc = t - s * perSubnet;
  let r = rc / dims.cols;
  let c = rc - r * dims.cols;
  let p0 = params[2u * s];
  let p1 = params[2u * s + 1u];
  let present = ((presentBits[t >> 5u] >> (t & 31u)) & 1u) != 0u;
  if (!present || r >= p0.y || c >= p0.x) {
    value[t] = ZERO64;
    return;
  }
  let w = weight[t];
  let b = bond[t];
  let alpha = alpha_sigmoid(consensus[s * dims.cols + c], w, b, p1.xy, p1.zw, bitcast<i32>(p0.z));
  let decayed = i64_sat_mul_shr32(i64_sat_sub(FIX_ONE, alpha), b);
  let inc = i64_max(i64_sat_mul_shr32(alpha, w), ZERO64);
  let v = i64_min(i64_sat_add(decayed, inc), FIX_ONE);
  value[t] = select(ZERO64, v, i64_lt(ZERO64, v));
}
`;
