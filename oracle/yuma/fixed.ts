/**
 * Exact fixed-point arithmetic as subtensor uses it (`substrate-fixed` 0.6, encointer fork), on
 * BigInt raw values: a number x of format IaFb is stored as the integer x * 2^b.
 *
 * Semantics (docs/spec/yuma.md §1):
 * - saturating add/sub clamp to the format's range; plain sums (`iter().sum()`) wrap, as a Rust
 *   release build does;
 * - multiplication: exact product of the raw integers, arithmetic shift right = floor;
 * - division: `(a << frac) / b` truncating toward zero; `safeDiv` gives 0 on /0 and on overflow;
 * - conversion to fewer fractional bits and to integers: floor, then saturate;
 * - `round`: nearest, ties away from zero; `fromF32`: nearest, ties to even (tests, constants).
 *
 * This module is the readable specification the batched backends are tested against; it favours
 * clarity over speed.
 */

/** A signed or unsigned two's-complement fixed-point format and its exact operations. */
export interface FixedFormat {
  readonly name: string;
  /** Total raw bits (64 or 128). */
  readonly bits: number;
  readonly fracBits: bigint;
  readonly signed: boolean;
  readonly min: bigint;
  readonly max: bigint;
  /** Raw value of 1. */
  readonly one: bigint;
}

function defineFormat(name: string, bits: number, fracBits: number, signed: boolean): FixedFormat {
  const b = BigInt(bits);
  return {
    name,
    bits,
    fracBits: BigInt(fracBits),
    signed,
    min: signed ? -(1n << (b - 1n)) : 0n,
    max: signed ? (1n << (b - 1n)) - 1n : (1n << b) - 1n,
    one: 1n << BigInt(fracBits),
  };
}

export const I32F32 = defineFormat("I32F32", 64, 32, true);
export const I64F64 = defineFormat("I64F64", 128, 64, true);
export const I96F32 = defineFormat("I96F32", 128, 32, true);
export const U96F32 = defineFormat("U96F32", 128, 32, false);

export const U16_MAX = 65535n;
export const U64_MAX = (1n << 64n) - 1n;

/** Thrown where subtensor would panic (only `saturatingDiv` by zero). */
export class FixedPointError extends Error {
  override name = "FixedPointError";
}

export function saturate(f: FixedFormat, raw: bigint): bigint {
  return raw < f.min ? f.min : raw > f.max ? f.max : raw;
}

export function inRange(f: FixedFormat, raw: bigint): boolean {
  return raw >= f.min && raw <= f.max;
}

/** Two's-complement wrap to the format's width (Rust release-mode `+`). */
export function wrap(f: FixedFormat, raw: bigint): bigint {
  return f.signed ? BigInt.asIntN(f.bits, raw) : BigInt.asUintN(f.bits, raw);
}

export function saturatingAdd(f: FixedFormat, a: bigint, b: bigint): bigint {
  return saturate(f, a + b);
}

export function saturatingSub(f: FixedFormat, a: bigint, b: bigint): bigint {
  return saturate(f, a - b);
}

/** `iter().sum()`: plain additions, wrapping on overflow. */
export function wrappingSum(f: FixedFormat, values: Iterable<bigint>): bigint {
  let acc = 0n;
  for (const v of values) acc = wrap(f, acc + v);
  return acc;
}

/** Full product, then floor (arithmetic shift); null on overflow (`checked_mul`). */
export function checkedMul(f: FixedFormat, a: bigint, b: bigint): bigint | null {
  const r = (a * b) >> f.fracBits;
  return inRange(f, r) ? r : null;
}

/** Full product, then floor, then clamp (`saturating_mul`). */
export function saturatingMul(f: FixedFormat, a: bigint, b: bigint): bigint {
  return saturate(f, (a * b) >> f.fracBits);
}

/** `(a << frac) / b`, truncating toward zero; null on /0 or overflow (`checked_div`). */
export function checkedDiv(f: FixedFormat, a: bigint, b: bigint): bigint | null {
  if (b === 0n) return null;
  const q = (a << f.fracBits) / b; // BigInt division truncates toward zero
  return inRange(f, q) ? q : null;
}

/** `safe_div`: 0 on division by zero and on overflow. */
export function safeDiv(f: FixedFormat, a: bigint, b: bigint): bigint {
  return checkedDiv(f, a, b) ?? 0n;
}

/** `saturating_div`: clamps on overflow; subtensor panics on /0, so do we. */
export function saturatingDiv(f: FixedFormat, a: bigint, b: bigint): bigint {
  if (b === 0n) throw new FixedPointError(`${f.name} saturating_div by zero`);
  return saturate(f, (a << f.fracBits) / b);
}

/** Integer n as a fixed value (`saturating_from_num(int)`). */
export function fromInt(f: FixedFormat, n: bigint | number): bigint {
  return saturate(f, BigInt(n) << f.fracBits);
}

/** Re-express a raw value of `from` in `to`: floor when dropping fractional bits, then saturate. */
export function convert(from: FixedFormat, to: FixedFormat, raw: bigint): bigint {
  const shift = to.fracBits - from.fracBits;
  return saturate(to, shift >= 0n ? raw << shift : raw >> -shift);
}

/** `saturating_to_num::<uN>()`: floor, then clamp to [0, 2^bits - 1]. */
export function toUint(f: FixedFormat, raw: bigint, bits: number): bigint {
  const n = raw >> f.fracBits;
  const max = (1n << BigInt(bits)) - 1n;
  return n < 0n ? 0n : n > max ? max : n;
}

/** `round()`: nearest integer, ties away from zero (result is a raw fixed value). */
export function round(f: FixedFormat, raw: bigint): bigint {
  const half = 1n << (f.fracBits - 1n);
  const mag = raw < 0n ? -raw : raw;
  const rounded = ((mag + half) >> f.fracBits) << f.fracBits;
  return saturate(f, raw < 0n ? -rounded : rounded);
}

/**
 * `from_num(f32)`: the float is first rounded to f32, then to the nearest raw value, ties to even.
 * Used for test inputs and constants such as 0.5; never on the epoch's data path.
 */
export function fromF32(f: FixedFormat, x: number): bigint {
  return fromF64(f, Math.fround(x));
}

/** `from_num(f64)`: nearest raw value, ties to even, saturating. */
export function fromF64(f: FixedFormat, x: number): bigint {
  if (!Number.isFinite(x)) throw new FixedPointError(`cannot convert ${x} to ${f.name}`);
  // Scaling by a power of two is exact in binary floating point, so the only rounding is ours.
  const scaled = x * 2 ** Number(f.fracBits);
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  let n = BigInt(floor);
  if (diff > 0.5 || (diff === 0.5 && (n & 1n) === 1n)) n += 1n;
  return saturate(f, n);
}

/** Raw value as a JS number (lossy; for messages and charts only). */
export function toNumber(f: FixedFormat, raw: bigint): number {
  return Number(raw) / 2 ** Number(f.fracBits);
}

// ---------------------------------------------------------------------------------------------
// exp, as substrate_fixed::transcendental::exp computes it for I32F32.

/** e as the I9F23 constant substrate-fixed uses, widened to I32F32 (= 22802600 << 9). */
export const E_I32F32 = 22802600n << 9n;

/**
 * `substrate_fixed::transcendental::exp::<I32F32, I32F32>`: 1 + x + Σ_{i=2}^{31} x^i/i! with each
 * term floored by the multiply and truncated by the divide; exactly 1 gives the 23-bit e constant;
 * a negative input is computed for |x| and inverted. Returns null where subtensor returns `Err`.
 */
export function expI32F32(x: bigint): bigint | null {
  const f = I32F32;
  if (x === 0n) return f.one;
  if (x === f.one) return E_I32F32;
  const neg = x < 0n;
  const operand = neg ? -x : x;
  if (!inRange(f, operand)) return null;
  let result = operand + f.one;
  if (!inRange(f, result)) return null;
  let term = operand;
  for (let i = 2n; i < f.fracBits; i++) {
    const t = checkedMul(f, term, operand);
    if (t === null) return null;
    const d = checkedDiv(f, t, i << f.fracBits);
    if (d === null) return null;
    term = d;
    result += term;
    if (!inRange(f, result)) return null;
  }
  return neg ? checkedDiv(f, f.one, result) : result;
}

const EXP_LIMIT = 20n << 32n;

/** `exp_safe`: clamp to [-20, 20], then exp; an error maps to 0 (input ≤ 0) or I32F32::MAX. */
export function expSafe(x: bigint): bigint {
  const clamped = x < -EXP_LIMIT ? -EXP_LIMIT : x > EXP_LIMIT ? EXP_LIMIT : x;
  const r = expI32F32(clamped);
  if (r !== null) return r;
  return clamped <= 0n ? 0n : I32F32.max;
}
