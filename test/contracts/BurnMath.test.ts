import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";

import type { BurnMathHarness } from "../../typechain-types";
import {
  blockByBlockBurn,
  closedFormDecay,
  decayErrorBound,
  decayFactorQ32,
  powQ32,
} from "./helpers/burn-reference";

const HALF_LIVES = [1n, 2n, 7n, 360n, 1_000n, 36_100n];
const MULT_126 = 0x1428f5c28f5c29000n;

describe("BurnMath (docs/spec/chain.md §5.2 burn decay and bump)", function () {
  async function deploy(): Promise<BurnMathHarness> {
    return (await ethers.deployContract("BurnMathHarness")) as unknown as BurnMathHarness;
  }

  it("decayFactorQ32 is subtensor's bisection: the largest f with pow_q32(f, h) <= 1/2", async function () {
    const h = await loadFixture(deploy);
    expect(await h.decayFactorQ32(0)).to.equal(1n << 32n);
    expect(await h.decayFactorQ32(1)).to.equal(1n << 31n);
    expect(await h.decayFactorQ32(360)).to.equal(4_286_705_684n);
    expect(await h.decayFactorQ32(36_100)).to.equal(4_294_884_830n);
    for (const halfLife of HALF_LIVES) {
      const f = await h.decayFactorQ32(halfLife);
      expect(f).to.equal(decayFactorQ32(halfLife));
      expect(await h.powQ32(f, halfLife)).to.be.at.most(1n << 31n);
      expect(await h.powQ32(f + 1n, halfLife)).to.be.above(1n << 31n);
      expect(await h.powQ32(f, halfLife)).to.equal(powQ32(f, halfLife));
    }
  });

  it("decay is never below the block-by-block floors and exceeds them by at most floor(1/(1 - f))", async function () {
    const h = await loadFixture(deploy);
    const gaps = [0n, 1n, 2n, 3n, 17n, 100n, 359n, 360n, 361n, 1_000n, 5_000n];
    const prices = [1n, 500_000n, 10n ** 9n, 123_456_789_012n, 100n * 10n ** 9n, (1n << 64n) - 1n];
    for (const halfLife of HALF_LIVES) {
      const f = decayFactorQ32(halfLife);
      for (const price of prices) {
        for (const k of gaps) {
          const lazy = await h.decay(price, f, k);
          expect(lazy).to.equal(closedFormDecay(price, f, k));
          const exact = blockByBlockBurn(price, f, k, 0n, 1n << 64n);
          expect(lazy - exact, `h=${halfLife} price=${price} k=${k}`).to.be.within(0n, decayErrorBound(f));
        }
      }
    }
    // The bounds the NatSpec quotes.
    expect(decayErrorBound(decayFactorQ32(360n))).to.equal(519n);
    expect(decayErrorBound(decayFactorQ32(1_000n))).to.equal(1_443n);
    expect(decayErrorBound(decayFactorQ32(36_100n))).to.equal(52_081n);
  });

  it("decay stays within the bound for random prices, half-lives and gaps (fuzz)", async function () {
    const h = await loadFixture(deploy);
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.integer({ min: 1, max: 36_100 }),
        fc.integer({ min: 0, max: 4_000 }),
        async (price, halfLife, k) => {
          const f = decayFactorQ32(BigInt(halfLife));
          const lazy = await h.decay(price, f, k);
          const exact = blockByBlockBurn(price, f, BigInt(k), 0n, 1n << 64n);
          expect(lazy - exact).to.be.within(0n, decayErrorBound(f));
        },
      ),
      { numRuns: 60, seed: 5 },
    );
  });

  it("decay returns 0 for gaps of 2^22 blocks or more, where the exact value is 0 too", async function () {
    const h = await loadFixture(deploy);
    const f = decayFactorQ32(36_100n);
    expect(await h.decay((1n << 64n) - 1n, f, 1n << 22n)).to.equal(0n);
    expect(await h.decay((1n << 64n) - 1n, f, (1n << 64n) - 1n)).to.equal(0n);
    // Just under the cap, the largest price and half-life still decay to 0.
    expect(await h.decay((1n << 64n) - 1n, f, (1n << 22n) - 1n)).to.equal(0n);
  });

  it("increase is floor(price · mult) in U64F64: ×1.26 equals floor(price · 126 / 100), saturating at 2^64 - 1", async function () {
    const h = await loadFixture(deploy);
    for (const price of [0n, 1n, 99n, 500_000n, 10n ** 9n, 79_365_079_365n, 100n * 10n ** 9n, 10n ** 14n]) {
      expect(await h.increase(price, MULT_126)).to.equal((price * 126n) / 100n);
    }
    expect(await h.increase(12_345n, 1n << 64n)).to.equal(12_345n);
    expect(await h.increase(12_345n, 3n << 64n)).to.equal(37_035n);
    expect(await h.increase((1n << 64n) - 1n, 3n << 64n)).to.equal((1n << 64n) - 1n);
  });
});
