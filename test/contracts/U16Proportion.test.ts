import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";

import type { U16ProportionHarness } from "../../typechain-types";

import { I32F32 } from "../../oracle/yuma/fixed";
import * as oracleMath from "../../oracle/yuma/math";

// Differential: the contract must give the same bits as the oracle's reference engine.
const U16_MAX = 65535n;
const U64_MAX = (1n << 64n) - 1n;
const ONE = 1n << 32n; // I32F32 raw of 1.0

/** `u16_proportion_to_fixed` as the Yuma engine computes it. */
function u16ProportionToFixed(x: bigint): bigint {
  return oracleMath.u16ProportionToFixed(Number(x));
}

/** `fixed_proportion_to_u16` as the Yuma engine computes it. */
function fixedProportionToU16(raw: bigint): bigint {
  return BigInt(oracleMath.fixedProportionToU16(raw));
}

/** Smallest raw whose product with 65535 no longer fits a u16 after the shift: ceil(2^48 / 65535). */
const FIRST_SATURATING_RAW = ((1n << 48n) + U16_MAX - 1n) / U16_MAX;

describe("U16Proportion", function () {
  async function deployHarness(): Promise<{ harness: U16ProportionHarness }> {
    const harness = await ethers.deployContract("U16ProportionHarness");
    return { harness };
  }

  describe("reference", function () {
    it("the Yuma engine matches hand-computed values", function () {
      // 32767 * 2^32 = 140733193388032 = 65535 * 2147450879 + 32767.
      expect(u16ProportionToFixed(32767n)).to.equal(2147450879n);
      expect(u16ProportionToFixed(U16_MAX)).to.equal(ONE);
      expect(FIRST_SATURATING_RAW).to.equal(ONE + 65538n);
    });
  });

  describe("u16ProportionToFixed", function () {
    it("maps 0 to 0", async function () {
      const { harness } = await loadFixture(deployHarness);
      expect(await harness.u16ProportionToFixed(0)).to.equal(0n);
    });

    it("maps 65535 to exactly 1.0 (2^32)", async function () {
      const { harness } = await loadFixture(deployHarness);
      expect(await harness.u16ProportionToFixed(65535)).to.equal(ONE);
    });

    it("truncates inexact quotients (1, 2, kappa 32767, 32768, 65534)", async function () {
      const { harness } = await loadFixture(deployHarness);
      for (const x of [1n, 2n, 32767n, 32768n, 65534n]) {
        const expected = u16ProportionToFixed(x);
        // The division is inexact for these inputs, so truncation is observable.
        expect((x << 32n) % U16_MAX).to.not.equal(0n);
        expect(await harness.u16ProportionToFixed(x)).to.equal(expected);
      }
    });

    it("matches the Yuma engine on random u16", async function () {
      const { harness } = await loadFixture(deployHarness);
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 65535 }), async (x) => {
          expect(await harness.u16ProportionToFixed(x)).to.equal(u16ProportionToFixed(BigInt(x)));
        }),
        { numRuns: 100 },
      );
    });
  });

  describe("fixedProportionToU16", function () {
    it("maps 0 to 0", async function () {
      const { harness } = await loadFixture(deployHarness);
      expect(await harness.fixedProportionToU16(0n)).to.equal(0);
    });

    it("maps 1.0 (2^32) to 65535", async function () {
      const { harness } = await loadFixture(deployHarness);
      expect(await harness.fixedProportionToU16(ONE)).to.equal(65535);
    });

    it("floors, does not round", async function () {
      const { harness } = await loadFixture(deployHarness);
      // Just below 1.0 and the decoded kappa: both land one below the nearest u16.
      expect(await harness.fixedProportionToU16(ONE - 1n)).to.equal(65534);
      expect(await harness.fixedProportionToU16(u16ProportionToFixed(32767n))).to.equal(32766);
    });

    it("clamps to 65535 above 1.0, up to 2^64 - 1", async function () {
      const { harness } = await loadFixture(deployHarness);
      // Last raw that still fits without clamping, then the first that needs the clamp.
      expect(((FIRST_SATURATING_RAW - 1n) * U16_MAX) >> 32n).to.equal(U16_MAX);
      expect((FIRST_SATURATING_RAW * U16_MAX) >> 32n).to.equal(U16_MAX + 1n);
      for (const raw of [ONE + 1n, FIRST_SATURATING_RAW - 1n, FIRST_SATURATING_RAW, 2n * ONE, U64_MAX]) {
        expect(await harness.fixedProportionToU16(raw)).to.equal(65535);
      }
    });

    it("matches the Yuma engine on random non-negative I32F32", async function () {
      const { harness } = await loadFixture(deployHarness);
      await fc.assert(
        fc.asyncProperty(fc.bigInt({ min: 0n, max: I32F32.max }), fc.bigInt({ min: 0n, max: 2n * ONE }), async (any, small) => {
          for (const raw of [any, small]) {
            expect(await harness.fixedProportionToU16(raw)).to.equal(fixedProportionToU16(raw));
          }
        }),
        { numRuns: 100 },
      );
    });
  });

  describe("round trip", function () {
    it("u16 -> I32F32 -> u16 loses one unit except at 0 and 65535", async function () {
      const { harness } = await loadFixture(deployHarness);
      // Decoding truncates and encoding floors, so x -> raw -> x' gives x - 1 except at 0 and 65535,
      // the only u16 values where (x << 32) is a multiple of 65535 (gcd(2^32, 65535) = 1).
      for (const x of [0n, 1n, 32767n, 65534n, 65535n]) {
        const raw = await harness.u16ProportionToFixed(x);
        const back = await harness.fixedProportionToU16(raw);
        expect(back).to.equal(x === 0n || x === U16_MAX ? x : x - 1n);
        expect(back).to.equal(fixedProportionToU16(u16ProportionToFixed(x)));
      }
    });
  });
});
