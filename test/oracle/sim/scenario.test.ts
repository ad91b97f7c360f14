/** Scenario parsing: the examples load, defaults apply, and every bad field is refused by name. */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_VARIANTS, ScenarioError, parseScenario, scenarioSlug, storedWeights, taoToRao } from "../../../oracle/sim/scenario";
import { tinyScenarioJson } from "./fixtures";

const EXAMPLES = path.join(__dirname, "..", "..", "..", "examples", "scenarios");

function expectRejected(json: unknown, field: string, reason?: RegExp): void {
  let error: unknown;
  try {
    parseScenario(json);
  } catch (e) {
    error = e;
  }
  expect(error, `expected a ScenarioError on ${field}`).to.be.instanceOf(ScenarioError);
  expect((error as ScenarioError).field).to.equal(field);
  if (reason) expect((error as ScenarioError).message).to.match(reason);
}

/** The tiny scenario with validator `i`'s JSON replaced by `patch(validator)`. */
function withValidator(i: number, patch: (v: Record<string, unknown>) => Record<string, unknown>): Record<string, unknown> {
  const json = tinyScenarioJson();
  const validators = (json.validators as Array<Record<string, unknown>>).slice();
  validators[i] = patch(validators[i]);
  return { ...json, validators };
}

describe("sim: scenario format", function () {
  const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".json"));

  it("has the four documented examples", function () {
    expect(examples).to.include.members(["weight-copier.json", "new-miner.json", "kappa-sweep.json", "late-validator.json"]);
  });

  for (const file of examples) {
    it(`accepts examples/scenarios/${file}`, function () {
      const scenario = parseScenario(JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")));
      expect(scenario.validators.length).to.be.within(1, 8);
      expect(scenario.miners.length).to.be.within(1, 16);
      expect(scenario.epochs).to.be.within(1, 100);
    });
  }

  it("resolves names and applies subtensor's defaults", function () {
    const s = parseScenario(tinyScenarioJson());
    expect(s.tempo).to.equal(360);
    expect(s.emissionRaoPerEpoch).to.equal(295_200_000_000n);
    expect(s.maxAllowedValidators).to.equal(64);
    expect(s.owner).to.equal(null);
    expect(s.variants).to.deep.equal(DEFAULT_VARIANTS);
    expect(s.variants.map((v) => [v.yuma3, v.liquidAlpha])).to.deep.equal([
      [true, true],
      [false, false],
    ]);
    expect(s.validators.map((v) => v.stakeRao)).to.deep.equal([2_000_000_000_000n, 3_500_500_000_000n, 1_000_000_000_000n]);
    expect(s.miners).to.deep.equal([
      { name: "a", registrationEpoch: null },
      { name: "b", registrationEpoch: null },
      { name: "c", registrationEpoch: null },
    ]);
    // Miner indices, max-upscaled: a gets 65535, b half of it.
    expect(s.validators[0].behaviour).to.deep.equal({ type: "fixed", weights: [[0, 65535], [1, 32768]] });
    expect(s.validators[1].behaviour).to.deep.equal({ type: "moves_to", epoch: 3, from: [[0, 65535]], to: [[1, 21845], [2, 65535]] });
  });

  it("names miners m0.. from a count, and reads variants, owner and registrations", function () {
    const s = parseScenario(
      tinyScenarioJson({
        miners: 4,
        validators: [
          { name: "v0", stake: 1, behaviour: { type: "schedule", changes: [{ epoch: 2, weights: { m3: 5 } }] } },
          { name: "v1", stake: "0.000000001", behaviour: { type: "late", like: "v0", delay: 2 } },
        ],
        miner_registrations: { m3: 2 },
        owner: "v1",
        variants: [{ name: "strict", kappa_u16: 45875, bonds_penalty_u16: 0, alpha_values_u16: [1638, 65535] }],
      }),
    );
    expect(s.miners.map((m) => m.name)).to.deep.equal(["m0", "m1", "m2", "m3"]);
    expect(s.miners[3].registrationEpoch).to.equal(2);
    expect(s.owner).to.equal(1);
    expect(s.validators[1].stakeRao).to.equal(1n);
    expect(s.validators[1].behaviour).to.deep.equal({ type: "late", like: 0, delay: 2, initial: [] });
    expect(s.variants).to.have.length(1);
    expect(s.variants[0]).to.include({ name: "strict", yuma3: true, liquidAlpha: false, kappa: 45875, bondsPenalty: 0 });
    expect(s.variants[0].alphaValues).to.deep.equal([1638, 65535]);
  });

  it("converts TAO to rao exactly, by digits", function () {
    expect(taoToRao("1000.5", "f")).to.equal(1_000_500_000_000n);
    expect(taoToRao("0.000000001", "f")).to.equal(1n);
    expect(taoToRao(0.1, "f")).to.equal(100_000_000n);
    expect(taoToRao("18446744073.709551615", "f")).to.equal((1n << 64n) - 1n);
    expect(() => taoToRao("1.0000000001", "f")).to.throw(ScenarioError, /more than 9 decimals/);
    expect(() => taoToRao("18446744073.709551616", "f")).to.throw(ScenarioError, /exceeds u64/);
    expect(() => taoToRao(1e21, "f")).to.throw(ScenarioError, /decimal string/);
    expect(() => taoToRao("1e3", "f")).to.throw(ScenarioError);
    expect(() => taoToRao(true, "f")).to.throw(ScenarioError);
  });

  it("stores weights as set_weights does: max-upscaled to u16, zeros dropped", function () {
    expect(storedWeights([[0, 43690], [1, 21845]])).to.deep.equal([[0, 65535], [1, 32768]]);
    expect(storedWeights([[1, 0.5], [0, 1], [2, 0]])).to.deep.equal([[0, 65535], [1, 32768]]);
    expect(storedWeights([[0, 0]])).to.deep.equal([]);
    expect(storedWeights([])).to.deep.equal([]);
  });

  it("slugs names into folder names", function () {
    expect(scenarioSlug("Weight copier: lag 1!")).to.equal("weight-copier-lag-1");
    expect(scenarioSlug("<script>")).to.equal("script");
    expect(scenarioSlug("***")).to.equal("scenario");
  });

  describe("refuses, naming the field", function () {
    it("an unknown miner in a weights map", function () {
      expectRejected(withValidator(0, (v) => ({ ...v, behaviour: { type: "fixed", weights: { zed: 1 } } })), "validators[0].behaviour.weights.zed", /unknown miner/);
      expectRejected(withValidator(0, (v) => ({ ...v, behaviour: { type: "fixed", weights: { v1: 1 } } })), "validators[0].behaviour.weights.v1", /is a validator/);
    });

    it("a negative, malformed or missing stake", function () {
      expectRejected(withValidator(1, (v) => ({ ...v, stake: "-5" })), "validators[1].stake", /negative/);
      expectRejected(withValidator(1, (v) => ({ ...v, stake: -5 })), "validators[1].stake", /negative/);
      expectRejected(withValidator(1, (v) => ({ ...v, stake: "lots" })), "validators[1].stake");
      expectRejected(withValidator(1, (v) => ({ name: v.name, behaviour: v.behaviour })), "validators[1].stake", /missing/);
    });

    it("an epoch out of range", function () {
      expectRejected(withValidator(1, (v) => ({ ...v, behaviour: { type: "moves_to", from: {}, to: { a: 1 }, epoch: 6 } })), "validators[1].behaviour.epoch", /0\.\.5/);
      expectRejected(
        withValidator(0, (v) => ({ ...v, behaviour: { type: "schedule", changes: [{ epoch: 1, weights: {} }, { epoch: 1, weights: {} }] } })),
        "validators[0].behaviour.changes[1].epoch",
        /increasing/,
      );
      expectRejected(tinyScenarioJson({ miner_registrations: { c: 9 } }), "miner_registrations.c", /out of range/);
      expectRejected(tinyScenarioJson({ miner_registrations: { zed: 1 } }), "miner_registrations.zed", /unknown miner/);
      expectRejected(tinyScenarioJson({ epochs: 0 }), "epochs");
      expectRejected(tinyScenarioJson({ epochs: 10_001 }), "epochs");
    });

    it("weights on a miner before it registers", function () {
      expectRejected(tinyScenarioJson({ miner_registrations: { a: 2 } }), "validators[0].behaviour.weights.a", /registers at epoch 2/);
    });

    it("an unknown behaviour type or behaviour field", function () {
      expectRejected(withValidator(2, (v) => ({ ...v, behaviour: { type: "bribes" } })), "validators[2].behaviour.type", /unknown behaviour "bribes"/);
      expectRejected(withValidator(2, (v) => ({ ...v, behaviour: { type: "copies_consensus", lagg: 1 } })), "validators[2].behaviour.lagg", /unknown field/);
      expectRejected(withValidator(2, (v) => ({ ...v, behaviour: { type: "late", delay: 1 } })), "validators[2].behaviour.like", /missing/);
      expectRejected(withValidator(2, (v) => ({ ...v, behaviour: { type: "late", like: "v2", delay: 1 } })), "validators[2].behaviour.like", /itself/);
      expectRejected(withValidator(2, (v) => ({ ...v, behaviour: { type: "late", like: "nobody", delay: 1 } })), "validators[2].behaviour.like", /unknown validator/);
    });

    it("an unknown or out-of-range variant field", function () {
      expectRejected(tinyScenarioJson({ variants: [{ name: "x", kapa: 1 }] }), "variants[0].kapa", /unknown field/);
      expectRejected(tinyScenarioJson({ variants: [{ name: "x" }, { name: "y", kappa_u16: 70000 }] }), "variants[1].kappa_u16", /out of range/);
      expectRejected(tinyScenarioJson({ variants: [{ name: "x", alpha_values_u16: [60000, 1000] }] }), "variants[0].alpha_values_u16", /low/);
      expectRejected(tinyScenarioJson({ variants: [{ name: "x", bonds_moving_average: 1_000_001 }] }), "variants[0].bonds_moving_average");
      expectRejected(tinyScenarioJson({ variants: [{ name: "x" }, { name: "x" }] }), "variants[1].name", /already used/);
      expectRejected(tinyScenarioJson({ variants: [] }), "variants");
    });

    it("duplicate names, unknown top-level fields, a bad owner and a non-object", function () {
      expectRejected(withValidator(1, (v) => ({ ...v, name: "a" })), "validators[1].name", /already used by miners\[0\]/);
      expectRejected(tinyScenarioJson({ epoch: 5 }), "epoch", /unknown field/);
      expectRejected(tinyScenarioJson({ owner: "a" }), "owner", /unknown validator/);
      expectRejected(tinyScenarioJson({ name: " " }), "name", /empty/);
      expectRejected([1, 2], "scenario", /expected an object/);
    });
  });
});
