/** The simulator: batched epochs, state chained per variant, and each behaviour's weights. */
import { expect } from "chai";
import { parseScenario } from "../../../oracle/sim/scenario";
import { GENESIS_BLOCK, SimulationResult, epochBlock, simulate, uidLayout } from "../../../oracle/sim/simulate";
import { toJson } from "../../../oracle/sim/report";
import { Backend, EpochInput, UnknownBackendError } from "../../../oracle/yuma";
import { vecU16MaxUpscaleToU16 } from "../../../oracle/yuma/math";
import { tinyScenarioJson } from "./fixtures";

/** Run and keep every epoch's batch of inputs. */
async function run(json: Record<string, unknown>): Promise<{ result: SimulationResult; inputs: EpochInput[][] }> {
  const inputs: EpochInput[][] = [];
  const result = await simulate(parseScenario(json), { onInputs: (epoch, batch) => (inputs[epoch] = [...batch]) });
  return { result, inputs };
}

describe("sim: simulate", function () {
  let tiny: { result: SimulationResult; inputs: EpochInput[][] };
  before(async function () {
    tiny = await run(tinyScenarioJson());
  });

  it("runs one batch per epoch, one input per variant", function () {
    const { result, inputs } = tiny;
    expect(inputs).to.have.length(6);
    for (const batch of inputs) expect(batch).to.have.length(2);
    expect(result.variants.map((v) => v.spec.name)).to.deep.equal(["Yuma3 + liquid alpha", "classic Yuma"]);
    for (const v of result.variants) expect(v.epochs.map((r) => r.epoch)).to.deep.equal([0, 1, 2, 3, 4, 5]);
    expect(inputs[0][0].hyperparameters.yuma3Enabled).to.equal(true);
    expect(inputs[0][1].hyperparameters.yuma3Enabled).to.equal(false);
  });

  it("is deterministic", async function () {
    const again = await simulate(parseScenario(tinyScenarioJson()));
    expect(toJson(again)).to.equal(toJson(tiny.result));
  });

  it("lays out validators then miners, and fires epoch k at START + (k+1)·tempo", function () {
    const { result, inputs } = tiny;
    expect(result.uids.map((u) => [u.uid, u.name, u.role])).to.deep.equal([
      [0, "v0", "validator"],
      [1, "v1", "validator"],
      [2, "v2", "validator"],
      [3, "a", "miner"],
      [4, "b", "miner"],
      [5, "c", "miner"],
    ]);
    const first = inputs[0][0];
    expect(first.currentBlock).to.equal(1360n);
    expect(first.lastMechanismStepBlock).to.equal(0n);
    expect(first.alphaStake).to.deep.equal([2_000_000_000_000n, 3_500_500_000_000n, 1_000_000_000_000n, 0n, 0n, 0n]);
    expect(first.validatorPermit).to.deep.equal([true, true, true, false, false, false]);
    expect(first.bonds).to.deep.equal([[], [], [], [], [], []]);
    expect(first.ownerUid).to.equal(null);
    expect(first.hyperparameters.activityCutoffBlocks).to.equal(5000n);
    expect(first.lastUpdate).to.deep.equal([1360n, 1360n, 1360n, GENESIS_BLOCK, GENESIS_BLOCK, GENESIS_BLOCK]);
  });

  it("chains bonds, permits and the last step block from the variant's previous epoch", function () {
    const { result, inputs } = tiny;
    result.variants.forEach((variant, v) => {
      for (let k = 1; k < inputs.length; k++) {
        const previous = variant.epochs[k - 1];
        expect(inputs[k][v].bonds, `variant ${v} epoch ${k}`).to.deep.equal(previous.bonds);
        expect(inputs[k][v].validatorPermit).to.deep.equal(previous.validatorPermit);
        expect(inputs[k][v].lastMechanismStepBlock).to.equal(previous.block);
        expect(inputs[k][v].currentBlock).to.equal(epochBlock(result.scenario, k));
      }
      // The chain is not trivially empty: validators hold bonds after the first epoch.
      expect(variant.epochs[0].bonds[0].length).to.be.greaterThan(0);
    });
    // Variants are separate chains: Yuma3 and classic store different bonds.
    expect(result.variants[0].epochs[2].bonds).to.not.deep.equal(result.variants[1].epochs[2].bonds);
  });

  it("copies_consensus submits the previous epoch's consensus, max-upscaled", function () {
    const { result, inputs } = tiny;
    result.variants.forEach((variant, v) => {
      expect(inputs[0][v].weights[2]).to.deep.equal([
        [3, 65535],
        [4, 65535],
        [5, 65535],
      ]);
      for (let k = 1; k < inputs.length; k++) {
        const consensus = variant.epochs[k - 1].consensus.slice(3);
        const expected = vecU16MaxUpscaleToU16([...consensus])
          .map((w, j) => [3 + j, w])
          .filter(([, w]) => w > 0);
        expect(expected.length).to.be.greaterThan(0);
        expect(inputs[k][v].weights[2], `variant ${v} epoch ${k}`).to.deep.equal(expected);
      }
    });
  });

  it("moves_to switches the weights at its epoch", function () {
    const { inputs } = tiny;
    for (let k = 0; k < inputs.length; k++) {
      const want =
        k < 3
          ? [[3, 65535]]
          : [
              [4, 21845],
              [5, 65535],
            ];
      expect(inputs[k][0].weights[1], `epoch ${k}`).to.deep.equal(want);
    }
    // The consensus follows: c gets weight only once v1 (and then v2, copying) move to it.
    const consensusC = tiny.result.variants[0].epochs.map((r) => r.consensus[5]);
    expect(consensusC.slice(0, 3)).to.deep.equal([0, 0, 0]);
    expect(consensusC[5]).to.be.greaterThan(0);
  });

  it("pays at most the epoch's emission, and validators' cumulative dividends add up", function () {
    const { result } = tiny;
    const emission = result.scenario.emissionRaoPerEpoch;
    for (const variant of result.variants) {
      for (const r of variant.epochs) {
        const paid = [...r.serverEmission, ...r.validatorEmission].reduce((s, x) => s + x, 0n);
        expect(paid <= emission, `epoch ${r.epoch} pays ${paid}`).to.equal(true);
        // Each share is I32F32 (2^-32 steps), floored once more into rao: a few steps lost per uid at most.
        const slack = 2n * BigInt(result.uids.length) * ((emission >> 32n) + 1n);
        expect(paid >= emission - slack, `epoch ${r.epoch} pays ${paid}`).to.equal(true);
      }
      variant.cumulativeValidatorEmission.forEach((total, uid) =>
        expect(total).to.equal(variant.epochs.reduce((s, r) => s + r.validatorEmission[uid], 0n)),
      );
    }
  });

  it("late copies the other validator's stored weights `delay` epochs later", async function () {
    const { result, inputs } = await run(
      tinyScenarioJson({
        validators: [
          {
            name: "v0",
            stake: "3000",
            behaviour: { type: "schedule", changes: [{ epoch: 0, weights: { a: 1 } }, { epoch: 2, weights: { b: 1 } }, { epoch: 4, weights: { c: 1 } }] },
          },
          { name: "v1", stake: "1000", behaviour: { type: "late", like: "v0", delay: 2, initial: { a: 1, b: 1 } } },
        ],
      }),
    );
    const uidsOf = (k: number, uid: number): number[] => inputs[k][0].weights[uid].map(([j]) => j);
    expect([0, 1, 2, 3, 4, 5].map((k) => uidsOf(k, 0))).to.deep.equal([[2], [2], [3], [3], [4], [4]]);
    expect([0, 1, 2, 3, 4, 5].map((k) => uidsOf(k, 1))).to.deep.equal([[2, 3], [2, 3], [2], [2], [3], [3]]);
    expect(result.variants[0].epochs[5].weights[1]).to.deep.equal(result.variants[0].epochs[3].weights[0]);
  });

  it("a validator that submits nothing keeps its stored row and its old last_update", async function () {
    const { inputs } = await run(
      tinyScenarioJson({
        validators: [
          { name: "v0", stake: "3000", behaviour: { type: "fixed", weights: { a: 1 } } },
          { name: "v1", stake: "1000", behaviour: { type: "schedule", changes: [{ epoch: 2, weights: { b: 1 } }, { epoch: 4, weights: {} }] } },
        ],
      }),
    );
    const row = (k: number): unknown => inputs[k][0].weights[1];
    const lastUpdate = (k: number): bigint => inputs[k][0].lastUpdate[1];
    expect([row(0), row(1)]).to.deep.equal([[], []]);
    expect([lastUpdate(0), lastUpdate(1)]).to.deep.equal([GENESIS_BLOCK, GENESIS_BLOCK]);
    expect(row(3)).to.deep.equal([[3, 65535]]);
    expect(lastUpdate(3)).to.equal(inputs[3][0].currentBlock);
    // From epoch 4 it submits nothing: the chain keeps its last row; last_update stays at epoch 3.
    expect(row(5)).to.deep.equal([[3, 65535]]);
    expect(lastUpdate(5)).to.equal(inputs[3][0].currentBlock);
  });

  it("registers a late miner between epochs: its bond column is masked once, then earned", async function () {
    const json = tinyScenarioJson({
      miner_registrations: { c: 3 },
      validators: [
        { name: "v0", stake: "3000", behaviour: { type: "moves_to", from: { a: 1 }, to: { c: 1 }, epoch: 3 } },
        { name: "v1", stake: "1000", behaviour: { type: "fixed", weights: { a: 1 } } },
      ],
    });
    const scenario = parseScenario(json);
    const reg = uidLayout(scenario)[4].registrationBlock;
    expect(reg).to.equal(epochBlock(scenario, 2) + 1n);
    const { result, inputs } = await run(json);
    // At epoch 3: registered after the last step (bonds masked), before the weights (they count).
    expect(inputs[3][0].lastMechanismStepBlock + 1n <= reg).to.equal(true);
    expect(inputs[3][0].lastUpdate[0] > reg).to.equal(true);
    for (const variant of result.variants) {
      expect(variant.epochs[2].incentive[4]).to.equal(0);
      expect(variant.epochs[3].incentive[4]).to.be.greaterThan(0);
      expect(variant.epochs[3].bonds[0].map(([j]) => j)).to.include(4);
    }
  });

  it("owner and max_allowed_validators reach the epoch input", async function () {
    const { inputs } = await run(tinyScenarioJson({ owner: "v2", max_allowed_validators: 2, epochs: 4 }));
    expect(inputs[0][0].ownerUid).to.equal(2);
    expect(inputs[0][0].hyperparameters.maxAllowedValidators).to.equal(2);
  });

  it("reports progress once per epoch and refuses an unknown backend", async function () {
    const calls: Array<[number, number]> = [];
    await simulate(parseScenario(tinyScenarioJson({ epochs: 4 })), { onEpoch: (done, total) => calls.push([done, total]) });
    expect(calls).to.deep.equal([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    let error: unknown;
    try {
      await simulate(parseScenario(tinyScenarioJson()), { backend: "abacus" as Backend });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(UnknownBackendError);
  });
});
