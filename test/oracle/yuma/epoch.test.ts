/**
 * Rules of the reference epoch that subtensor's vectors leave untested (their TaoWeight and
 * StakeThreshold are always 0), and the engine API.
 */
import { expect } from "chai";
import { I32F32, I64F64, U64_MAX, fromInt } from "../../../oracle/yuma/fixed";
import { bondsAlpha, runEpoch, taoWeightI64F64, totalStakeI64F64 } from "../../../oracle/yuma/epoch";
import { UnknownBackendError, computeEpochs, parseEpochInput, type Backend } from "../../../oracle/yuma";
import { smallEpochJson } from "./fixtures";

describe("reference epoch: rules beyond the vectors", function () {
  it("weights root TAO stake by TaoWeight / u64::MAX (spec §2.1)", function () {
    expect(taoWeightI64F64(0n)).to.equal(0n);
    // u64::MAX / u64::MAX is exactly 1 in U96F32.
    expect(taoWeightI64F64(U64_MAX)).to.equal(I64F64.one);
    // 2^63 / (2^64 − 1) truncated to 32 fractional bits is exactly one half.
    expect(taoWeightI64F64(1n << 63n)).to.equal(I64F64.one / 2n);
    expect(taoWeightI64F64((1n << 63n) - 1n)).to.equal(I64F64.one / 2n - (1n << 32n));

    const json = smallEpochJson({ alpha_stake: [1_000_000_000, 0, 0], tao_stake: [0, 2_000_000_000, 0] });
    json.hyperparameters.tao_weight_u64 = (1n << 63n).toString();
    const input = parseEpochInput(json);
    const total = totalStakeI64F64(input);
    expect(total[0]).to.equal(fromInt(I64F64, 1_000_000_000n));
    expect(total[1]).to.equal(fromInt(I64F64, 1_000_000_000n)); // 2e9 TAO · 0.5
    const out = runEpoch(input);
    expect(out.stakeWeight[0]).to.equal(out.stakeWeight[1]);
    expect(out.stakeWeight[0]).to.equal(32767);

    json.hyperparameters.tao_weight_u64 = 0;
    expect(runEpoch(parseEpochInput(json)).stakeWeight).to.deep.equal([65535, 0, 0]);
  });

  it("filters stake below StakeThreshold, except the subnet owner's (spec §2.1)", function () {
    const json = smallEpochJson({ alpha_stake: [3_000, 1_000, 500] });
    json.hyperparameters.stake_threshold = 1_000;
    let out = runEpoch(parseEpochInput(json));
    expect(out.stakeWeight[2]).to.equal(0);
    expect(out.newValidatorPermits).to.deep.equal([true, true, false]);
    out = runEpoch(parseEpochInput({ ...json, owner_uid: 2 }));
    expect(out.stakeWeight[2]).to.be.greaterThan(0);
    expect(out.newValidatorPermits[2]).to.equal(true);
  });

  it("pays miners by incentive and validators by dividends, half and half (spec §9)", function () {
    const out = runEpoch(parseEpochInput(smallEpochJson()));
    expect(out.consensus[2]).to.equal(65535);
    expect(out.incentive).to.deep.equal([0, 0, 65535]);
    expect(out.dividends[0]).to.be.greaterThan(out.dividends[1]);
    const rao = 1_000_000_000n;
    const server = out.serverEmission.reduce((a, b) => a + b, 0n);
    const validator = out.validatorEmission.reduce((a, b) => a + b, 0n);
    expect(server).to.be.within(rao / 2n - 3n, rao / 2n);
    expect(validator).to.be.within(rao / 2n - 3n, rao / 2n);
    expect(out.emission.reduce((a, b) => a + b, 0n)).to.be.within(rao - 3n, rao);
  });

  it("forgets the permits' weights of inactive validators (spec §3.1)", function () {
    // Validator 0 last set weights 5001 blocks ago: inactive, so validator 1 alone sets consensus.
    const json = smallEpochJson({ current_block: 5101, last_update: [99, 5100, 0] });
    const out = runEpoch(parseEpochInput(json));
    expect(out.active).to.deep.equal([false, true, false]);
    expect(out.raw.activeStake).to.deep.equal([0n, I32F32.one, 0n]);
    expect(out.dividends).to.deep.equal([0, 65535, 0]);
  });

  it("turns BondsMovingAverage into the EMA rate 1 − BMA/1e6", function () {
    expect(bondsAlpha(900_000n)).to.equal(429496730n);
    expect(bondsAlpha(1_000_000n)).to.equal(0n);
    expect(bondsAlpha(0n)).to.equal(I32F32.one);
  });

  it("computes a batch in order, and refuses an unknown backend", async function () {
    const inputs = [smallEpochJson(), smallEpochJson({ alpha_stake: [1, 3, 0] })].map((j) => parseEpochInput(j));
    const outs = await computeEpochs(inputs, { backend: "reference" });
    expect(outs.map((o) => o.stakeWeight)).to.deep.equal(inputs.map((i) => runEpoch(i).stakeWeight));
    expect(outs[0].dividends[0]).to.be.greaterThan(outs[1].dividends[0]);
    let error: unknown;
    try {
      await computeEpochs(inputs, { backend: "quantum" as Backend });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(UnknownBackendError);
  });
});
