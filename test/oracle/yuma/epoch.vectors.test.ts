/**
 * Every epoch case of subtensor's Yuma test vectors through the reference engine: each value
 * subtensor's tests assert, and every field of `derived_outputs` (a bit-exact re-implementation's
 * full outputs) where the vectors give them. Epochs of a case are chained as in subtensor.
 */
import { expect } from "chai";
import { createHash } from "crypto";
import * as fs from "fs";
import { runEpoch } from "../../../oracle/yuma/epoch";
import { runVectorCases } from "./vector-checks";
import { VECTORS_PATH, VECTORS_SHA256, loadVectors } from "./vectors";

describe("Yuma reference epoch: subtensor's epoch vectors", function () {
  const vectors = loadVectors();

  it("reads subtensor's values unedited (vectors.json has its recorded sha256)", function () {
    const sha256 = createHash("sha256").update(fs.readFileSync(VECTORS_PATH)).digest("hex");
    expect(sha256, "test/vectors/yuma/vectors.json changed: re-import subtensor's values and record the new VECTORS_SHA256").to.equal(
      VECTORS_SHA256,
    );
  });

  it("has the vectors it expects", function () {
    expect(vectors.epoch_cases).to.have.length(20);
    const epochs = vectors.epoch_cases.reduce((s, c) => s + c.epochs.length, 0);
    expect(epochs).to.equal(101);
  });

  for (const c of vectors.epoch_cases) {
    it(`${c.id}: ${c.description}`, async function () {
      const run = await runVectorCases([c], async (inputs) => inputs.map(runEpoch));
      expect(run.checked.get(c.id), "a case with nothing to check").to.be.greaterThan(0);
    });
  }
});
