/** The epoch input parser: every bad input is refused with the offending field named. */
import { expect } from "chai";
import { U64_MAX } from "../../../oracle/yuma/fixed";
import { YumaInputError, activityCutoffBlocks, formatEpochOutput, parseEpochInput, parseEpochInputs } from "../../../oracle/yuma/io";
import { runEpoch } from "../../../oracle/yuma/epoch";
import { smallEpochJson } from "./fixtures";

function expectRejected(json: unknown, field: string, reason?: RegExp): void {
  let error: unknown;
  try {
    parseEpochInput(json);
  } catch (e) {
    error = e;
  }
  expect(error, `expected a YumaInputError on ${field}`).to.be.instanceOf(YumaInputError);
  expect((error as YumaInputError).field).to.equal(field);
  if (reason) expect((error as YumaInputError).message).to.match(reason);
}

describe("epoch input format", function () {
  it("parses a valid input into typed values", function () {
    const input = parseEpochInput(smallEpochJson());
    expect(input.currentBlock).to.equal(100n);
    expect(input.alphaStake).to.deep.equal([3_000_000_000n, 1_000_000_000n, 0n]);
    expect(input.weights[0]).to.deep.equal([[2, 65535]]);
    expect(input.hyperparameters.activityCutoffBlocks).to.equal(5000n);
    expect(input.commitBlocks).to.equal(null);
  });

  it("accepts u64 values as decimal strings and u64::MAX commit blocks", function () {
    const input = parseEpochInput(
      smallEpochJson({ rao_emission: "18446744073709551615", commit_blocks: ["u64::MAX", "7", 9] }),
    );
    expect(input.raoEmission).to.equal(U64_MAX);
    expect(input.commitBlocks).to.deep.equal([U64_MAX, 7n, 9n]);
  });

  it("derives the activity cutoff from its factor when the block count is absent", function () {
    const json = smallEpochJson();
    delete json.hyperparameters.activity_cutoff_blocks;
    expect(parseEpochInput(json).hyperparameters.activityCutoffBlocks).to.equal(5000n);
    expect(activityCutoffBlocks(13889, 1n)).to.equal(13n);
    expect(activityCutoffBlocks(13889, 0n)).to.equal(1n);
  });

  it("refuses bad inputs, naming the field", function () {
    expectRejected(null, "input", /object/);
    expectRejected({ ...smallEpochJson(), current_block: undefined }, "input.current_block", /unsigned integer/);
    const missing = smallEpochJson();
    delete (missing as Record<string, unknown>).tao_stake;
    expectRejected(missing, "input.tao_stake", /missing/);
    expectRejected(smallEpochJson({ tao_stake: [0, 0] }), "input.tao_stake", /expected 3 entries/);
    expectRejected(smallEpochJson({ alpha_stake: [1, -2, 0] }), "input.alpha_stake[1]", /unsigned/);
    expectRejected(smallEpochJson({ alpha_stake: [1, 2 ** 60, 0] }), "input.alpha_stake[1]", /decimal string/);
    expectRejected(smallEpochJson({ alpha_stake: [1, "18446744073709551616", 0] }), "input.alpha_stake[1]", /exceeds u64/);
    expectRejected(smallEpochJson({ weights_u16: [[[2, 65536]], [], []] }), "input.weights_u16[0][0][1]", /exceeds u16/);
    expectRejected(smallEpochJson({ weights_u16: [[[2]], [], []] }), "input.weights_u16[0][0]", /expected 2 entries/);
    expectRejected(smallEpochJson({ validator_permit_before: [true, 1, false] }), "input.validator_permit_before[1]", /true or false/);
    expectRejected(smallEpochJson({ owner_uid: 3 }), "input.owner_uid", /not registered/);
    expectRejected(smallEpochJson({ commit_blocks: ["never", 0, 0] }), "input.commit_blocks[0]");
    const cutoff = smallEpochJson();
    cutoff.hyperparameters.activity_cutoff_blocks = 4999;
    expectRejected(cutoff, "input.hyperparameters.activity_cutoff_blocks", /disagrees/);
    const steep = smallEpochJson();
    steep.hyperparameters.alpha_sigmoid_steepness = 40000;
    expectRejected(steep, "input.hyperparameters.alpha_sigmoid_steepness", /i16/);
    const tempo = smallEpochJson();
    tempo.hyperparameters.tempo = 70000;
    expectRejected(tempo, "input.hyperparameters.tempo", /exceeds u16/);
  });

  it("names the array element in a batch", function () {
    expect(() => parseEpochInputs([smallEpochJson(), smallEpochJson({ last_update: [] })]))
      .to.throw(YumaInputError)
      .with.property("field", "inputs[1].last_update");
    expect(parseEpochInputs([smallEpochJson()]).isArray).to.equal(true);
    expect(parseEpochInputs(smallEpochJson()).isArray).to.equal(false);
  });

  it("writes u64 outputs above 2^53 as decimal strings", function () {
    const out = formatEpochOutput(runEpoch(parseEpochInput(smallEpochJson({ rao_emission: "18446744073709551615" }))));
    expect(out.emission.some((x) => typeof x === "string")).to.equal(true);
    expect(out.emission.every((x) => typeof x === "number" || /^[0-9]+$/.test(x))).to.equal(true);
  });
});
