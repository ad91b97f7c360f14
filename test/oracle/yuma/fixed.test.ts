/** Unit tests of the fixed-point primitives: the rounding and saturation rules of docs/spec/yuma.md §1. */
import { expect } from "chai";
import {
  FixedPointError,
  I32F32,
  I64F64,
  I96F32,
  U96F32,
  checkedDiv,
  checkedMul,
  convert,
  expI32F32,
  expSafe,
  fromF32,
  fromF64,
  fromInt,
  round,
  safeDiv,
  saturatingAdd,
  saturatingDiv,
  saturatingMul,
  saturatingSub,
  toUint,
  wrappingSum,
} from "../../../oracle/yuma/fixed";

const ONE = I32F32.one;
const half = ONE / 2n;

describe("fixed point (docs/spec/yuma.md §1)", function () {
  it("multiplies exactly and floors toward −∞", function () {
    expect(saturatingMul(I32F32, 3n * ONE, half)).to.equal(3n * half);
    expect(saturatingMul(I32F32, 1n, 1n)).to.equal(0n); // 2^-64 floors to 0
    expect(saturatingMul(I32F32, -1n, 1n)).to.equal(-1n); // −2^-64 floors to −2^-32
  });

  it("saturates products and sums, returns null from checked ops on overflow", function () {
    const big = fromInt(I32F32, 1n << 30n);
    expect(saturatingMul(I32F32, big, big)).to.equal(I32F32.max);
    expect(saturatingMul(I32F32, -big, big)).to.equal(I32F32.min);
    expect(checkedMul(I32F32, big, big)).to.equal(null);
    expect(saturatingAdd(I32F32, I32F32.max, ONE)).to.equal(I32F32.max);
    expect(saturatingSub(I32F32, I32F32.min, ONE)).to.equal(I32F32.min);
    expect(saturatingSub(U96F32, 0n, 1n)).to.equal(0n);
  });

  it("wraps plain sums like a Rust release build", function () {
    expect(wrappingSum(I32F32, [I32F32.max, 1n])).to.equal(I32F32.min);
    expect(wrappingSum(I32F32, [1n, 2n, 3n])).to.equal(6n);
  });

  it("divides truncating toward zero; safe_div is 0 on /0 and on overflow", function () {
    expect(safeDiv(I32F32, ONE, 3n * ONE)).to.equal(1431655765n); // floor(2^32/3)
    expect(safeDiv(I32F32, -ONE, 3n * ONE)).to.equal(-1431655765n); // toward zero, not −∞
    expect(safeDiv(I32F32, ONE, 0n)).to.equal(0n);
    expect(safeDiv(I32F32, I32F32.max, 1n)).to.equal(0n); // quotient overflows
    expect(checkedDiv(I32F32, ONE, 0n)).to.equal(null);
    expect(saturatingDiv(I32F32, I32F32.max, 1n)).to.equal(I32F32.max);
    expect(() => saturatingDiv(I32F32, ONE, 0n)).to.throw(FixedPointError);
  });

  it("converts between formats by floor and saturation", function () {
    expect(convert(I64F64, I32F32, (1n << 64n) - 1n)).to.equal(ONE - 1n); // 1 − 2^-64 → 1 − 2^-32
    expect(convert(I64F64, I32F32, -1n)).to.equal(-1n); // −2^-64 floors to −2^-32
    expect(convert(I64F64, I32F32, fromInt(I64F64, 1n << 40n))).to.equal(I32F32.max);
    expect(convert(I32F32, I96F32, -ONE)).to.equal(-ONE);
    expect(convert(U96F32, I64F64, fromInt(U96F32, 5))).to.equal(fromInt(I64F64, 5));
  });

  it("floors and clamps to unsigned integers", function () {
    expect(toUint(I32F32, 3n * ONE - 1n, 16)).to.equal(2n);
    expect(toUint(I32F32, -ONE, 16)).to.equal(0n);
    expect(toUint(I32F32, fromInt(I32F32, 70000), 16)).to.equal(65535n);
    expect(toUint(I96F32, fromInt(I96F32, 1n << 70n), 64)).to.equal((1n << 64n) - 1n);
  });

  it("rounds half away from zero", function () {
    expect(round(I32F32, half)).to.equal(ONE);
    expect(round(I32F32, -half)).to.equal(-ONE);
    expect(round(I32F32, half - 1n)).to.equal(0n);
    expect(round(I32F32, 5n * half)).to.equal(3n * ONE);
  });

  it("converts floats to nearest, ties to even, through f32 for from_num(f32)", function () {
    expect(fromF64(I32F32, 0.1)).to.equal(429496730n);
    expect(fromF32(I32F32, 0.1)).to.equal(429496736n); // 0.1f32 is not 0.1
    expect(fromF64(I32F32, 2 ** -33)).to.equal(0n); // tie → even (0)
    expect(fromF64(I32F32, 3 * 2 ** -33)).to.equal(2n); // tie → even (2)
    expect(fromF32(I32F32, 0.51)).to.equal(2190433280n);
    expect(() => fromF64(I32F32, NaN)).to.throw(FixedPointError);
  });

  it("computes exp by substrate-fixed's truncated series", function () {
    expect(expI32F32(0n)).to.equal(ONE);
    expect(expI32F32(ONE)).to.equal(22802600n << 9n); // the 23-bit e constant
    // −1 goes through the series and the reciprocal, not the e constant.
    const viaConstant = safeDiv(I32F32, ONE, 22802600n << 9n);
    const viaSeries = expI32F32(-ONE) as bigint;
    expect(viaSeries).to.not.equal(viaConstant);
    expect(Number(viaSeries)).to.be.closeTo(Math.exp(-1) * 2 ** 32, 4);
    expect(expI32F32(fromInt(I32F32, 20))).to.equal(2066907302758576256n); // 481239357.67…, not e^20
    expect(expI32F32(fromInt(I32F32, 40))).to.equal(null); // overflows I32F32
    expect(expSafe(fromInt(I32F32, 40))).to.equal(expSafe(fromInt(I32F32, 20)));
    expect(expSafe(fromInt(I32F32, -20))).to.equal(8n);
    const x = fromF64(I32F32, 0.5);
    const e = Math.exp(0.5) * 2 ** 32;
    expect(Number(expSafe(x))).to.be.closeTo(e, 8);
  });
});
