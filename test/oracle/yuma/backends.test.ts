/**
 * Every batched backend against the reference, bit for bit: all of subtensor's public vectors
 * (batched across cases), and random inputs from fast-check — sizes 1..256, sparse and dense
 * weights, zero/one/many validators, ties, zero stake, owner, liquid alpha and Yuma3 on/off,
 * explicit zeros, huge stakes near 2^64 — each compared on every output field, raw ones included.
 * The WebGPU backend runs wherever an adapter exists (lavapipe in CI) and is skipped, with the
 * reason printed, where none does.
 */
import { expect } from "chai";
import fc from "fast-check";
import { Backend, EpochInput, EpochOutput, chooseBackend, closeEngine, computeEpochs, runEpoch } from "../../../oracle/yuma";
import { formatEpochOutput, parseEpochInput } from "../../../oracle/yuma/io";
import { onNumberPath } from "../../../oracle/yuma/batch/pipeline";
import { randomEpochInput } from "../../../bench/lib/random-epochs";
import { epochInputArb } from "./arbitraries";
import { runVectorCases } from "./vector-checks";
import { loadVectors } from "./vectors";

const RUNS = Number(process.env.YUMA_PROPERTY_RUNS ?? 200);

/** Assert two outputs are equal on every field; the message names the input on failure. */
function expectSameBits(got: EpochOutput, want: EpochOutput, what: string): void {
  expect(JSON.stringify(formatEpochOutput(got)), what).to.equal(JSON.stringify(formatEpochOutput(want)));
}

async function expectBatchMatches(backend: Backend, inputs: EpochInput[], what: () => string): Promise<void> {
  const outputs = await computeEpochs(inputs, { backend, notice: () => undefined });
  expect(outputs).to.have.length(inputs.length);
  inputs.forEach((input, i) => expectSameBits(outputs[i], runEpoch(input), `${what()} [input ${i}]`));
}

describe("Yuma batched backends: bit-identical to the reference", function () {
  after(closeEngine);

  it("runs ordinary inputs on the number path (so equality is not the reference agreeing with itself)", function () {
    for (let seed = 1; seed <= 4; seed++) expect(onNumberPath(randomEpochInput(seed, { n: 64, validators: 16 }))).to.equal(true);
    const samples = fc.sample(epochInputArb({ hugeStakes: false }), { numRuns: 200, seed: 7 }).map((j) => parseEpochInput(j));
    const onPath = samples.filter(onNumberPath).length;
    expect(onPath, `${onPath}/200 on the number path`).to.be.greaterThan(180);
  });

  for (const backend of ["cpu", "webgpu"] as const) {
    describe(backend, function () {
      before(async function () {
        if (backend !== "webgpu") return;
        const choice = await chooseBackend("webgpu");
        if (choice.backend !== "webgpu") {
          console.log(`      (skipped: ${choice.reason})`);
          this.skip();
        }
        console.log(`      adapter: ${choice.adapter?.description} (${choice.adapter?.vendor}, ${choice.adapter?.architecture})`);
      });

      it("passes every public vector, the cases batched together, with the reference's exact bits", async function () {
        const run = await runVectorCases(loadVectors().epoch_cases, (inputs) => computeEpochs(inputs, { backend, notice: () => undefined }));
        expect(run.inputs).to.have.length(101);
        run.inputs.forEach((input, i) => expectSameBits(run.outputs[i], runEpoch(input), `vector epoch ${i}`));
      });

      it("equals the reference on random batches of small subnets", async function () {
        await fc.assert(
          fc.asyncProperty(fc.array(epochInputArb({ maxUids: 24 }), { minLength: 1, maxLength: 8 }), async (jsons) => {
            await expectBatchMatches(backend, jsons.map((j) => parseEpochInput(j)), () => JSON.stringify(jsons));
          }),
          { numRuns: Math.ceil(RUNS / 2) },
        );
      });

      it("equals the reference on random subnets up to 256 uids", async function () {
        await fc.assert(
          fc.asyncProperty(fc.array(epochInputArb({ maxUids: 256 }), { minLength: 1, maxLength: 2 }), async (jsons) => {
            await expectBatchMatches(backend, jsons.map((j) => parseEpochInput(j)), () => JSON.stringify(jsons));
          }),
          { numRuns: Math.max(4, Math.ceil(RUNS / 20)) },
        );
      });

      it("equals the reference on dense Yuma3 + liquid alpha and classic subnets split across threads", async function () {
        const inputs = Array.from({ length: 12 }, (_, s) =>
          randomEpochInput(100 + s, { n: 160 + 16 * (s % 3), validators: 8 + (s % 5), yuma3: s % 4 !== 3, liquidAlpha: s % 2 === 0 }),
        );
        await expectBatchMatches(backend, inputs, () => "random-epochs seeds 100..111");
      });
    });
  }
});
