import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";

import type { EmissionMathHarness } from "../../typechain-types";

import {
  I96F32,
  checkedDiv,
  fromF64,
  fromInt,
  safeDiv,
  saturatingMul,
  saturatingSub,
  toUint,
} from "../../oracle/yuma/fixed";

const TOTAL_SUPPLY = 21_000_000n * 10n ** 9n; // rao
const DEFAULT_BLOCK_EMISSION = 10n ** 9n; // 1 TAO in rao
const UINT256_MAX = (1n << 256n) - 1n;
const U64_MAX = (1n << 64n) - 1n;

// ---------------------------------------------------------------------------------------------
// Reference: subtensor's `get_block_emission_for_issuance` (coinbase/block_emission.rs), step by
// step in I96F32 raw values, with `substrate_fixed::transcendental::log2` (v0.6.0) written out.

const ONE = I96F32.one;
const TWO = 2n * ONE;

/** substrate-fixed `rs`: shift right by one, rounding half up (adds back the dropped bit). */
function rs(x: bigint): bigint {
  return (x >> 1n) + (x & 1n);
}

/** substrate-fixed `log2_inner` for I96F32, operand >= 1: integer part by halving, then 32 fraction bits by squaring. */
function log2Inner(operand: bigint): bigint {
  let x = operand;
  let result = 0n; // raw bits; counts whole halvings first, then shifts in fraction bits
  while (x >= TWO) {
    result += 1n;
    x = rs(x);
  }
  if (x === ONE) return fromInt(I96F32, result);
  for (let i = 0; i < Number(I96F32.fracBits); i++) {
    x = saturatingMul(I96F32, x, x); // never saturates: x < 2, so x * x < 4
    result <<= 1n;
    if (x >= TWO) {
      result |= 1n;
      x = rs(x);
    }
  }
  return result;
}

/** substrate-fixed `log2`: Err for operand <= 0, -log2(1/x) below 1. */
function log2(operand: bigint): bigint {
  if (operand <= 0n) throw new Error("log2 of a non-positive number");
  if (operand < ONE) {
    const inverse = checkedDiv(I96F32, ONE, operand);
    if (inverse === null) throw new Error("log2: 1/x overflows");
    return -log2Inner(inverse);
  }
  return log2Inner(operand);
}

interface SubtensorEmission {
  /** `floored_residual_int`, the halving era; null when the cap check returns early. */
  era: bigint | null;
  emission: bigint;
}

/** subtensor's steps, in order. Throws where subtensor returns "Logarithm calculation failed". */
function subtensorEmission(issuance: bigint): SubtensorEmission {
  if (issuance < 0n || issuance > U64_MAX) throw new Error("issuance is a u64");
  const totalIssuance = fromInt(I96F32, issuance);
  if (totalIssuance >= fromInt(I96F32, TOTAL_SUPPLY)) return { era: null, emission: 0n };
  const denominator = saturatingMul(I96F32, fromF64(I96F32, 2.0), fromF64(I96F32, 10_500_000_000_000_000.0));
  const fraction = checkedDiv(I96F32, totalIssuance, denominator);
  if (fraction === null) throw new Error("Logarithm calculation failed");
  const remaining = saturatingSub(I96F32, fromF64(I96F32, 1.0), fraction); // checked_sub; cannot underflow here
  const inverse = checkedDiv(I96F32, fromF64(I96F32, 1.0), remaining);
  if (inverse === null) throw new Error("Logarithm calculation failed");
  const residual = log2(inverse);
  const era = toUint(I96F32, residual, 64); // floor(), then saturating_to_num::<u64>()
  let multiplier = fromF64(I96F32, 1.0);
  for (let i = 0n; i < era; i++) multiplier = saturatingMul(I96F32, multiplier, fromF64(I96F32, 2.0));
  const percentage = safeDiv(I96F32, fromF64(I96F32, 1.0), multiplier);
  const emission = toUint(I96F32, saturatingMul(I96F32, percentage, fromInt(I96F32, DEFAULT_BLOCK_EMISSION)), 64);
  return { era, emission };
}

// The integer rule EmissionMath implements (see its @dev for the proof that the two agree).

function floorLog2(n: bigint): bigint {
  let k = -1n;
  for (let v = n; v > 0n; v >>= 1n) k++;
  return k;
}

/** k = floor(log2(floor(S / (S - I)))), for I < S. */
function exactEra(issuance: bigint): bigint {
  return floorLog2(TOTAL_SUPPLY / (TOTAL_SUPPLY - issuance));
}

function exactEmission(issuance: bigint): bigint {
  return issuance >= TOTAL_SUPPLY ? 0n : DEFAULT_BLOCK_EMISSION >> exactEra(issuance);
}

/** First issuance of era k: S - floor(S / 2^k) = ceil(S * (1 - 2^-k)). */
function threshold(k: bigint): bigint {
  return TOTAL_SUPPLY - (TOTAL_SUPPLY >> k);
}

/** Issuances in [0, S + 1e6], half of them within 1000 rao of an era threshold. */
const issuanceArb = fc.oneof(
  fc.bigInt({ min: 0n, max: TOTAL_SUPPLY + 1_000_000n }),
  fc
    .tuple(fc.bigInt({ min: 1n, max: 40n }), fc.bigInt({ min: -1000n, max: 1000n }))
    .map(([k, d]) => threshold(k) + d),
);

describe("EmissionMath", function () {
  async function deployHarness(): Promise<{ harness: EmissionMathHarness }> {
    const harness = await ethers.deployContract("EmissionMathHarness");
    return { harness };
  }

  describe("reference", function () {
    it("the emulation of subtensor gives the hand-computed schedule", function () {
      expect(subtensorEmission(0n)).to.deep.equal({ era: 0n, emission: 1_000_000_000n });
      expect(subtensorEmission(10_499_999_999_999_999n)).to.deep.equal({ era: 0n, emission: 1_000_000_000n });
      expect(subtensorEmission(10_500_000_000_000_000n)).to.deep.equal({ era: 1n, emission: 500_000_000n });
      expect(subtensorEmission(15_750_000_000_000_000n)).to.deep.equal({ era: 2n, emission: 250_000_000n });
      expect(subtensorEmission(TOTAL_SUPPLY - 1n)).to.deep.equal({ era: 32n, emission: 0n });
      expect(subtensorEmission(TOTAL_SUPPLY)).to.deep.equal({ era: null, emission: 0n });
      expect(subtensorEmission(U64_MAX).emission).to.equal(0n);
    });

    it("era thresholds are exact for k <= 15 and rounded up for k >= 16", function () {
      for (let k = 1n; k <= 15n; k++) expect(TOTAL_SUPPLY % (1n << k)).to.equal(0n);
      // 21e15 * (1 - 2^-16) = 20999679565429687.5
      expect(threshold(16n)).to.equal(20_999_679_565_429_688n);
      expect(subtensorEmission(20_999_679_565_429_687n).era).to.equal(15n);
      expect(subtensorEmission(20_999_679_565_429_688n).era).to.equal(16n);
      // The last rao-paying era is 29; era 30 starts 19_557_774 rao below the cap.
      expect(TOTAL_SUPPLY - threshold(30n)).to.equal(19_557_774n);
    });

    it("log2's rounded halving never lifts the era: k = floor(log2(2^32 / D)) for every D near a power of two", function () {
      // D = 1 - issuance / S in raw units, D in [1, 2^32]; the operand of log2 is floor(2^64 / D).
      for (let j = 0n; j <= 32n; j++) {
        for (let d = -3n; d <= 3n; d++) {
          const D = (1n << j) + d;
          if (D < 1n || D > ONE) continue;
          const operand = checkedDiv(I96F32, ONE, D) as bigint;
          expect(toUint(I96F32, log2(operand), 64), `D = ${D}`).to.equal(floorLog2(ONE / D));
        }
      }
    });

    it("the integer rule equals the fixed-point steps within 50 rao of every threshold (k = 1..56)", function () {
      for (let k = 1n; k <= 56n; k++) {
        for (let d = -50n; d <= 50n; d++) {
          const issuance = threshold(k) + d;
          const { era, emission } = subtensorEmission(issuance);
          if (issuance >= TOTAL_SUPPLY) {
            expect(emission).to.equal(0n);
            continue;
          }
          const exact = exactEra(issuance);
          expect(era, `issuance ${issuance}`).to.equal(exact > 32n ? 32n : exact);
          expect(emission, `issuance ${issuance}`).to.equal(exactEmission(issuance));
        }
      }
    });

    it("the integer rule equals the fixed-point steps on the last 20_000 rao before the cap", function () {
      for (let issuance = TOTAL_SUPPLY - 20_000n; issuance <= TOTAL_SUPPLY; issuance++) {
        expect(subtensorEmission(issuance).emission).to.equal(exactEmission(issuance));
      }
    });

    it("the integer rule equals the fixed-point steps on random issuances", function () {
      fc.assert(
        fc.property(issuanceArb, (issuance) => {
          expect(subtensorEmission(issuance).emission).to.equal(exactEmission(issuance));
        }),
        { numRuns: 20_000 },
      );
    });
  });

  describe("constants", function () {
    it("cap 21e15 rao, default emission 1e9 rao", async function () {
      const { harness } = await loadFixture(deployHarness);
      expect(await harness.totalSupplyCap()).to.equal(TOTAL_SUPPLY);
      expect(await harness.defaultBlockEmission()).to.equal(DEFAULT_BLOCK_EMISSION);
    });
  });

  describe("blockEmission", function () {
    it("every era k = 0..31 emits floor(1e9 / 2^k) from its first rao", async function () {
      const { harness } = await loadFixture(deployHarness);
      const starts = Array.from({ length: 32 }, (_, k) => threshold(BigInt(k)));
      const got = await harness.blockEmissions(starts);
      for (let k = 0; k < 32; k++) {
        const expected = DEFAULT_BLOCK_EMISSION >> BigInt(k);
        expect(got[k], `era ${k}`).to.equal(expected);
        expect(got[k], `era ${k}`).to.equal(subtensorEmission(starts[k]).emission);
      }
      expect(got[29]).to.equal(1n); // the last rao-paying era
      expect(got[30]).to.equal(0n);
    });

    it("halves exactly at each threshold k = 1..30: one rao below, at, one rao above", async function () {
      const { harness } = await loadFixture(deployHarness);
      for (let k = 1n; k <= 30n; k++) {
        const t = threshold(k);
        const [below, at, above] = await harness.blockEmissions([t - 1n, t, t + 1n]);
        expect(below, `below era ${k}`).to.equal(DEFAULT_BLOCK_EMISSION >> (k - 1n));
        expect(at, `at era ${k}`).to.equal(DEFAULT_BLOCK_EMISSION >> k);
        expect(above, `above era ${k}`).to.equal(DEFAULT_BLOCK_EMISSION >> k);
        expect([below, at, above]).to.deep.equal([t - 1n, t, t + 1n].map((i) => subtensorEmission(i).emission));
      }
    });

    it("is 1 TAO at zero issuance and 0 at and above the cap", async function () {
      const { harness } = await loadFixture(deployHarness);
      expect(await harness.blockEmission(0n)).to.equal(DEFAULT_BLOCK_EMISSION);
      for (const issuance of [TOTAL_SUPPLY - 1n, TOTAL_SUPPLY, TOTAL_SUPPLY + 1n, U64_MAX, UINT256_MAX]) {
        expect(await harness.blockEmission(issuance), `issuance ${issuance}`).to.equal(0n);
      }
    });

    it("matches the emulation of subtensor on random issuances", async function () {
      const { harness } = await loadFixture(deployHarness);
      await fc.assert(
        fc.asyncProperty(fc.array(issuanceArb, { minLength: 1, maxLength: 50 }), async (issuances) => {
          const got = await harness.blockEmissions(issuances);
          expect(got).to.deep.equal(issuances.map((i) => subtensorEmission(i).emission));
        }),
        { numRuns: 100 },
      );
    });

    it("is non-increasing in issuance", async function () {
      const { harness } = await loadFixture(deployHarness);
      await fc.assert(
        fc.asyncProperty(fc.array(issuanceArb, { minLength: 2, maxLength: 50 }), async (issuances) => {
          const sorted = [...issuances].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          const got = await harness.blockEmissions(sorted);
          const reference = sorted.map((i) => subtensorEmission(i).emission);
          for (let i = 1; i < sorted.length; i++) {
            expect(got[i] <= got[i - 1], `${sorted[i - 1]} -> ${sorted[i]}`).to.equal(true);
            expect(reference[i] <= reference[i - 1]).to.equal(true);
          }
        }),
        { numRuns: 100 },
      );
    });
  });

  describe("nextEraIssuance", function () {
    it("is the first issuance of the next era, from anywhere in an era", async function () {
      const { harness } = await loadFixture(deployHarness);
      for (let k = 0n; k <= 40n; k++) {
        for (const issuance of [threshold(k), threshold(k + 1n) - 1n]) {
          if (issuance >= TOTAL_SUPPLY || threshold(k) === threshold(k + 1n)) continue;
          expect(await harness.nextEraIssuance(issuance), `era ${k}`).to.equal(threshold(k + 1n));
        }
      }
    });

    it("bounds a run of equal emission that halves at its end (random issuances)", async function () {
      const { harness } = await loadFixture(deployHarness);
      await fc.assert(
        fc.asyncProperty(issuanceArb.filter((i) => i < TOTAL_SUPPLY), async (issuance) => {
          const next = await harness.nextEraIssuance(issuance);
          expect(next > issuance).to.equal(true);
          const emission = exactEmission(issuance);
          expect(exactEmission(next - 1n)).to.equal(emission);
          expect(exactEmission(next)).to.equal(emission >> 1n);
        }),
        { numRuns: 100 },
      );
    });

    it("is the maximum uint256 at and above the cap, where the emission stays 0", async function () {
      const { harness } = await loadFixture(deployHarness);
      for (const issuance of [TOTAL_SUPPLY, TOTAL_SUPPLY + 1n, UINT256_MAX]) {
        expect(await harness.nextEraIssuance(issuance)).to.equal(UINT256_MAX);
      }
      expect(await harness.nextEraIssuance(TOTAL_SUPPLY - 1n)).to.equal(TOTAL_SUPPLY);
    });
  });

  describe("mintable", function () {
    it("is 0 at and above the cap, without underflow", async function () {
      const { harness } = await loadFixture(deployHarness);
      for (const issuance of [TOTAL_SUPPLY, TOTAL_SUPPLY + 1n, UINT256_MAX]) {
        expect(await harness.mintable(issuance), `issuance ${issuance}`).to.equal(0n);
      }
    });

    it("near the cap: 1 rao until era 30, then 0", async function () {
      const { harness } = await loadFixture(deployHarness);
      const lastPaying = threshold(30n) - 1n;
      expect(await harness.mintable(lastPaying)).to.equal(1n);
      expect(await harness.mintable(threshold(30n))).to.equal(0n);
      expect(await harness.mintable(TOTAL_SUPPLY - 1n)).to.equal(0n);
    });

    it("equals blockEmission below the cap: the hard cap never binds on the schedule", async function () {
      const { harness } = await loadFixture(deployHarness);
      for (let k = 1n; k <= 31n; k++) {
        // The end of era k - 1 has the least room left for the largest emission of that era.
        const issuance = threshold(k) - 1n;
        const emission = await harness.blockEmission(issuance);
        expect(TOTAL_SUPPLY - issuance > emission).to.equal(true);
        expect(await harness.mintable(issuance)).to.equal(emission);
      }
    });

    it("is min(blockEmission, room under the cap) on random issuances", async function () {
      const { harness } = await loadFixture(deployHarness);
      await fc.assert(
        fc.asyncProperty(issuanceArb, async (issuance) => {
          const emission = subtensorEmission(issuance).emission;
          const room = issuance >= TOTAL_SUPPLY ? 0n : TOTAL_SUPPLY - issuance;
          expect(await harness.mintable(issuance)).to.equal(emission < room ? emission : room);
        }),
        { numRuns: 100 },
      );
    });
  });
});
