/**
 * Exact integer arithmetic for the batched backends, on JavaScript numbers used as integers.
 *
 * A raw I32F32 value is the integer x · 2^32. The batched epoch keeps every raw value an exact
 * integer below 2^53, so a double holds it without rounding; the only operations that could round
 * — products that exceed 2^53 before their shift, and quotients of scaled numerators — go through
 * the two-limb routines below, which split operands into 32- and 16-bit limbs whose partial products
 * stay below 2^53 and carry between limbs exactly. Nothing here ever returns a rounded value: each
 * function states the operand ranges it is exact on, and the callers stay inside them.
 *
 * Where a product only needs comparing, Dekker's TwoProduct is cheaper than limbs: for doubles a
 * and b, p = fl(a · b) and the error e = a · b − p are both exact doubles (Veltkamp's split into
 * 26-bit halves makes each partial product exact), so a · b = p + e with no rounding anywhere.
 */

export const TWO16 = 65536;
export const TWO32 = 4294967296;
/** 2^-16 and 2^-32: scaling by a power of two is exact, and a multiply is cheaper than a divide. */
export const INV16 = 1 / TWO16;
export const INV32 = 1 / TWO32;
/** 2^53: above this a double no longer holds every integer. */
export const TWO53 = 9007199254740992;

/** 2^27 + 1: Veltkamp's splitter for binary64. */
const SPLITTER = 134217729;

/** Upper 26 bits of a (Veltkamp): a = splitHigh(a) + (a − splitHigh(a)), both exact. */
export function splitHigh(a: number): number {
  const c = a * SPLITTER;
  return c - (c - a);
}

/**
 * Dekker's TwoProduct error: a · b − p exactly, for p = a · b rounded, given a's and b's Veltkamp
 * halves (no overflow; integer operands give an integer error).
 */
export function productError(p: number, aHigh: number, aLow: number, bHigh: number, bLow: number): number {
  return aHigh * bHigh - p + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/** The low 32 bits of the last `mulHi32` product (a second return value without allocating). */
let lastLow = 0;

/**
 * floor(x · y / 2^32) for integers 0 ≤ x, y < 2^53 whose product is below 2^85 (so the result is
 * below 2^53); `lowBits()` then returns (x · y) mod 2^32.
 */
export function mulHi32(x: number, y: number): number {
  const xh = Math.floor(x * INV32);
  const xl = x - xh * TWO32;
  const yh = Math.floor(y * INV32);
  const yl = y - yh * TWO32;
  // xl · yl < 2^64 is split once more: xl = xlh · 2^16 + xll, so both partial products are < 2^48.
  const xlh = Math.floor(xl * INV16);
  const xll = xl - xlh * TWO16;
  const u = xlh * yl;
  const uh = Math.floor(u * INV16);
  const low = (u - uh * TWO16) * TWO16 + xll * yl; // < 2^49
  const lowHigh = Math.floor(low * INV32);
  lastLow = low - lowHigh * TWO32;
  return xh * yh * TWO32 + xh * yl + xl * yh + uh + lowHigh;
}

/** (x · y) mod 2^32 of the last `mulHi32` call. */
export function lowBits(): number {
  return lastLow;
}

/**
 * `saturating_mul` of two raw I32F32 values without saturation: floor(a · b / 2^32), the floor
 * toward −∞ as an arithmetic shift gives it. Exact for |a|, |b| < 2^53 with |a · b| < 2^85.
 */
export function mulShr32(a: number, b: number): number {
  const negative = a < 0 !== b < 0;
  const q = mulHi32(Math.abs(a), Math.abs(b));
  if (!negative) return q;
  return lastLow === 0 ? -q : -q - 1;
}

/** The hot case of `mulShr32`: 0 ≤ a, b ≤ 2^32 (proportions). Two partial products below 2^49. */
export function mulShr32Small(a: number, b: number): number {
  const ah = Math.floor(a * INV16);
  return Math.floor((ah * b + Math.floor((a - ah * TWO16) * b * INV16)) * INV16);
}

/**
 * The quotient of I32F32 `safe_div`/`checked_div` before its range check: floor(x · 2^32 / d) for
 * integers 0 ≤ x < 2^53 and 0 < d < 2^53 with a result below 2^52. The double quotient of the exact
 * numerator can only round up across an integer, so it is corrected by one when the product of the
 * candidate and d exceeds the numerator (compared exactly in two limbs).
 */
export function divShl32(x: number, d: number): number {
  const numerator = x * TWO32; // a power-of-two scale: exact
  const q = Math.floor(numerator / d);
  if (numerator < TWO53 || q === 0) return q; // exact operands below 2^53: floor(n / d) is exact
  // q · d exactly as p + e; n − p is exact (Sterbenz: p is within a factor 2 of n), then − e.
  const p = q * d;
  const qHigh = splitHigh(q);
  const dHigh = splitHigh(d);
  const e = productError(p, qHigh, q - qHigh, dHigh, d - dHigh);
  return numerator - p - e < 0 ? q - 1 : q;
}

/** floor(x / d) for integers 0 ≤ x < 2^53, d > 0 (a correctly rounded quotient cannot cross an integer). */
export function divFloor(x: number, d: number): number {
  return Math.floor(x / d);
}

/** `fixed_proportion_to_u16` for a raw value 0 ≤ x < 2^37: floor(x · 65535 / 2^32), clamped. */
export function proportionToU16(x: number): number {
  if (x <= 0) return 0;
  const v = Math.floor(x * 65535 * INV32);
  return v > 65535 ? 65535 : v;
}

/** `u16_proportion_to_fixed`: floor(u · 2^32 / 65535). */
export function u16ProportionToRaw(u: number): number {
  return Math.floor((u * TWO32) / 65535);
}
