/**
 * The batched backends' building blocks: the exact two-limb arithmetic on numbers against BigInt,
 * the exp series against substrate-fixed's (the reference's), the packed wire forms, and the thread
 * pool's chunking and worker path.
 */
import { expect } from "chai";
import fc from "fast-check";
import { expSafe } from "../../../oracle/yuma/fixed";
import { alphaSigmoid, fixedProportionToU16 } from "../../../oracle/yuma/math";
import { runEpoch } from "../../../oracle/yuma";
import { divShl32, lowBits, mulHi32, mulShr32, mulShr32Small, proportionToU16 } from "../../../oracle/yuma/batch/exact";
import { alphaSigmoidRaw, expSmall, expSmallMany, steepnessScale } from "../../../oracle/yuma/batch/cpu-kernels";
import { packInput, packOutput, unpackInput, unpackOutput } from "../../../oracle/yuma/batch/pack";
import { CpuPool, balancedChunks } from "../../../oracle/yuma/batch/pool";
import { prng, randomEpochInput } from "../../../bench/lib/random-epochs";

const TWO32 = 2 ** 32;
const bits = (b: number): fc.Arbitrary<number> => fc.bigInt({ min: 0n, max: (1n << BigInt(b)) - 1n }).map(Number);
const edge = (values: number[], arb: fc.Arbitrary<number>): fc.Arbitrary<number> => fc.oneof(fc.constantFrom(...values), arb);

describe("batched engine: exact arithmetic on numbers", function () {
  it("mulHi32 / lowBits give the exact 32-bit split of products below 2^85", function () {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 53 }).chain((b) => fc.tuple(bits(b), bits(Math.min(53, 85 - b)))), ([x, y]) => {
        const p = BigInt(x) * BigInt(y);
        expect(mulHi32(x, y)).to.equal(Number(p >> 32n));
        expect(lowBits()).to.equal(Number(p & 0xffffffffn));
      }),
      { numRuns: 1000 },
    );
  });

  it("mulShr32 floors signed products like an arithmetic shift; mulShr32Small on proportions", function () {
    const signed = edge([0, 1, -1, TWO32, -TWO32, TWO32 - 1], fc.integer({ min: -(2 ** 40), max: 2 ** 40 }));
    fc.assert(
      fc.property(signed, signed, (a, b) => {
        expect(mulShr32(a, b)).to.equal(Number((BigInt(a) * BigInt(b)) >> 32n));
      }),
      { numRuns: 1000 },
    );
    const proportion = edge([0, 1, TWO32, TWO32 - 1, TWO32 / 2], fc.integer({ min: 0, max: TWO32 }));
    fc.assert(
      fc.property(proportion, proportion, (a, b) => {
        expect(mulShr32Small(a, b)).to.equal(Number((BigInt(a) * BigInt(b)) >> 32n));
      }),
      { numRuns: 1000 },
    );
  });

  it("divShl32 is floor(x · 2^32 / d) exactly, including quotients next to an integer", function () {
    fc.assert(
      fc.property(bits(45), fc.integer({ min: 1, max: 2 ** 52 }), (x, d) => {
        const q = (BigInt(x) << 32n) / BigInt(d);
        fc.pre(q < 2n ** 52n);
        expect(divShl32(x, d)).to.equal(Number(q));
      }),
      { numRuns: 1000 },
    );
    // x · 2^32 / d just below an integer: the double quotient rounds up, the result must not.
    for (let d = 3; d < 5000; d += 7) {
      const x = TWO32;
      expect(divShl32(x, TWO32 + d)).to.equal(Number((BigInt(x) << 32n) / BigInt(TWO32 + d)));
      expect(divShl32(d * 3 - 1, d)).to.equal(Number((BigInt(d * 3 - 1) << 32n) / BigInt(d)));
    }
  });

  it("proportionToU16 is fixed_proportion_to_u16", function () {
    fc.assert(
      fc.property(edge([0, TWO32, TWO32 - 1, 65536, 65535], fc.integer({ min: 0, max: TWO32 })), (x) => {
        expect(proportionToU16(x)).to.equal(fixedProportionToU16(BigInt(x)));
      }),
      { numRuns: 1000 },
    );
  });

  it("expSmall and expSmallMany are substrate-fixed's exp on |x| ≤ 10", function () {
    const x = edge([0, 1, -1, TWO32, -TWO32, 10 * TWO32, -10 * TWO32, TWO32 / 2], fc.integer({ min: -10 * TWO32, max: 10 * TWO32 }));
    fc.assert(
      fc.property(fc.array(x, { minLength: 1, maxLength: 40 }), (xs) => {
        const out = new Float64Array(xs.length);
        expSmallMany(Float64Array.from(xs), xs.length, out);
        xs.forEach((v, k) => {
          const want = Number(expSafe(BigInt(v)));
          expect(expSmall(v), `expSmall(${v})`).to.equal(want);
          expect(out[k], `expSmallMany(${v})`).to.equal(want);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("expSmallMany handles rows longer than its scratch chunk", function () {
    const rand = prng(11);
    const xs = Float64Array.from({ length: 2500 }, () => Math.floor((rand() * 2 - 1) * 10 * TWO32));
    const out = new Float64Array(xs.length);
    expSmallMany(xs, xs.length, out);
    xs.forEach((v, k) => expect(out[k], `x = ${v}`).to.equal(expSmall(v)));
  });

  it("alphaSigmoidRaw is alpha_sigmoid for every steepness, including the steep BigInt path", function () {
    const p = edge([0, TWO32, 1, TWO32 / 2], fc.integer({ min: 0, max: TWO32 }));
    fc.assert(
      fc.property(p, p, p, p, p, fc.integer({ min: -32768, max: 32767 }), (c, w, b, lo, hi, steep) => {
        const [low, high] = lo <= hi ? [lo, hi] : [hi, lo];
        const want = alphaSigmoid(BigInt(c), BigInt(w), BigInt(b), BigInt(low), BigInt(high), BigInt(steep) << 32n);
        expect(alphaSigmoidRaw(c, w, b, low, high, steepnessScale(steep))).to.equal(Number(want));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("batched engine: packing and the thread pool", function () {
  it("packs inputs and outputs without losing anything", function () {
    const input = randomEpochInput(3, { n: 40, validators: 6 });
    expect(unpackInput(packInput(input))).to.deep.equal(input);
    const output = runEpoch(input);
    expect(unpackOutput(packOutput(output))).to.deep.equal(output);
  });

  it("balances chunks by weight and keeps order", function () {
    const items = [1, 1, 1, 1, 8, 1, 1, 2];
    const chunks = balancedChunks(items, (x) => x, 3);
    expect(chunks.flat()).to.deep.equal(items);
    expect(chunks).to.have.length(3);
    expect(balancedChunks([5], (x) => x, 4)).to.deep.equal([[5]]);
    expect(balancedChunks([], (x: number) => x, 2)).to.deep.equal([[]]);
  });

  it("computes in worker threads with the same bits as the reference, in input order", async function () {
    const pool = new CpuPool(3);
    try {
      const inputs = Array.from({ length: 7 }, (_, s) => randomEpochInput(40 + s, { n: 200, validators: 4 + (s % 3) }));
      const outputs = (await pool.run(inputs.map(packInput))).map(unpackOutput);
      outputs.forEach((out, i) => expect(out, `input ${i}`).to.deep.equal(runEpoch(inputs[i])));
    } finally {
      await pool.close();
    }
  });
});
