/**
 * The validator payouts an oracle node reports (oracle/chain/dividends.ts): the root part of dividends,
 * the buckets the α and root parts share, the takes, and the bounds the EpochSettlement checks (the α
 * parts within V_eff, the root parts within the root bucket).
 */
import { expect } from "chai";
import fc from "fast-check";

import {
  type DividendInputs,
  type ValidatorPayout,
  rootPart,
  snapshotPayouts,
  validatorPayouts,
} from "../../oracle/chain/dividends";
import { packPayouts } from "../../oracle/chain/report";
import type { EpochSnapshot } from "../../oracle/chain/snapshot";

const U64_MAX = (1n << 64n) - 1n;
const HALF = 1n << 63n;

const hotkey = (uid: number): string => `0x${(uid + 1).toString(16).padStart(40, "0")}`;
const sum = (values: readonly bigint[]): bigint => values.reduce((a, b) => a + b, 0n);
const alphaPaid = (p: ValidatorPayout): bigint => p.alphaPool + p.alphaTake;
const rootPaid = (p: ValidatorPayout): bigint => p.rootPool + p.rootTake;

/** Inputs for `validatorEmission.length` UIDs: no miner emission, no stake, τ = 0, zero takes unless given. */
function inputs(x: Partial<DividendInputs> & Pick<DividendInputs, "validatorEmission" | "buckets">): DividendInputs {
  const n = x.validatorEmission.length;
  return {
    serverEmission: Array<bigint>(n).fill(0n),
    hotkeys: Array.from({ length: n }, (_, uid) => hotkey(uid)),
    alphaStake: Array<bigint>(n).fill(1n),
    taoStake: Array<bigint>(n).fill(0n),
    taoWeight: 0n,
    takes: Array<number>(n).fill(0),
    ...x,
  };
}

/** A payout with no take. */
function untaken(uid: number, alpha: bigint, root = 0n): ValidatorPayout {
  return { uid, hotkey: hotkey(uid), alphaPool: alpha, alphaTake: 0n, rootPool: root, rootTake: 0n };
}

describe("oracle/chain/dividends: rootPart", function () {
  it("is 0 when τ is 0 or the validator has no root stake", function () {
    expect(rootPart(1_000n, 100n, 500n, 0n)).to.equal(0n);
    expect(rootPart(1_000n, 100n, 0n, U64_MAX)).to.equal(0n);
    expect(rootPart(1_000n, 0n, 0n, U64_MAX)).to.equal(0n);
  });

  it("splits dividends by τ·root against α + τ·root: a worked example", function () {
    // τ = 1: 100 root against 300 α, a quarter of 1 000.
    expect(rootPart(1_000n, 300n, 100n, U64_MAX)).to.equal(250n);
    // τ = 2^63 / (2^64 − 1), a hair above 1/2: 200 root count as ~100 against 100 α, so half.
    expect(rootPart(1_000n, 100n, 200n, HALF)).to.equal(500n);
    // No α stake: all of it is root.
    expect(rootPart(1_000n, 0n, 7n, HALF)).to.equal(1_000n);
  });

  it("floors", function () {
    expect(rootPart(10n, 1n, 2n, U64_MAX)).to.equal(6n); // 20 / 3
    expect(rootPart(1n, 1n, 1n, U64_MAX)).to.equal(0n); // 1 / 2
  });
});

describe("oracle/chain/dividends: validatorPayouts", function () {
  it("adds the server bucket to V_eff only when no miner earned", function () {
    const buckets = { server: 600n, validator: 400n, root: 0n };
    const validatorEmission = [0n, 300n, 100n, 0n];
    // Σ serverEmission = 0: V_eff = 400 + 600, shared 3 : 1.
    expect(validatorPayouts(inputs({ buckets, validatorEmission }))).to.deep.equal([untaken(1, 750n), untaken(2, 250n)]);
    // A miner earned the server bucket: V_eff is the validator bucket alone.
    const serverEmission = [0n, 0n, 0n, 600n];
    expect(validatorPayouts(inputs({ buckets, validatorEmission, serverEmission }))).to.deep.equal([
      untaken(1, 300n),
      untaken(2, 100n),
    ]);
  });

  it("pays the root bucket only to validators with root stake, pro rata to their root parts", function () {
    const x = inputs({
      buckets: { server: 0n, validator: 1_000n, root: 500n },
      validatorEmission: [0n, 400n, 400n, 0n],
      alphaStake: [0n, 300n, 100n, 0n],
      taoStake: [0n, 100n, 0n, 0n],
      taoWeight: U64_MAX,
    });
    // UID 1: root part 400·100/400 = 100, α part 300; UID 2: α part 400. V_eff 1 000 over α parts 700.
    expect(validatorPayouts(x)).to.deep.equal([untaken(1, 428n, 500n), untaken(2, 571n)]);
    // τ = 0: root stake counts for nothing, the root bucket is not paid.
    expect(validatorPayouts({ ...x, taoWeight: 0n })).to.deep.equal([untaken(1, 500n), untaken(2, 500n)]);
  });

  it("keeps floor(pay · take / 65 535) of each part for the owner", function () {
    const x = inputs({
      buckets: { server: 0n, validator: 1_000n, root: 500n },
      validatorEmission: [0n, 400n, 400n, 0n],
      alphaStake: [0n, 300n, 100n, 0n],
      taoStake: [0n, 100n, 0n, 0n],
      taoWeight: U64_MAX,
      takes: [65_535, 6_553, 65_535, 0],
    });
    const [one, two] = validatorPayouts(x);
    // 428 · 6 553 / 65 535 = 42.8; 500 · 6 553 / 65 535 = 49.996.
    expect(one).to.deep.equal({ uid: 1, hotkey: hotkey(1), alphaPool: 386n, alphaTake: 42n, rootPool: 451n, rootTake: 49n });
    // A 100 % take keeps it all.
    expect(two).to.deep.equal({ uid: 2, hotkey: hotkey(2), alphaPool: 0n, alphaTake: 571n, rootPool: 0n, rootTake: 0n });
  });

  it("lists payouts in ascending UID order, leaving out validators paid nothing", function () {
    const payouts = validatorPayouts(
      inputs({
        buckets: { server: 5n, validator: 10n, root: 0n },
        serverEmission: [0n, 5n, 0n, 0n],
        validatorEmission: [5n, 0n, 7n, 1n],
      }),
    );
    // V_eff 10 over 13: UID 0 gets 3, UID 2 gets 5, UID 3's 10/13 floors to 0; UID 1 has no dividends.
    expect(payouts).to.deep.equal([untaken(0, 3n), untaken(2, 5n)]);
    expect(validatorPayouts(inputs({ buckets: { server: 5n, validator: 10n, root: 3n }, validatorEmission: [0n, 0n] }))).to.deep.equal([]);
  });

  it("keeps Σ α parts within V_eff and Σ root parts within the root bucket", function () {
    const buckets = { server: 0n, validator: 1_000_003n, root: 777_777n };
    const payouts = validatorPayouts(
      inputs({
        buckets,
        validatorEmission: [13n, 17n, 19n, 23n],
        alphaStake: [5n, 0n, 11n, 3n],
        taoStake: [7n, 2n, 0n, 9n],
        taoWeight: HALF,
        takes: [0, 1_000, 30_000, 65_535],
      }),
    );
    expect(payouts).to.have.length(4);
    expect(sum(payouts.map(alphaPaid))).to.be.at.most(buckets.validator);
    expect(sum(payouts.map(alphaPaid))).to.be.greaterThan(buckets.validator - 4n); // at most one rao lost per validator
    expect(sum(payouts.map(rootPaid))).to.be.at.most(buckets.root);
  });

  it("throws a RangeError when the miners' emission exceeds the epoch's", function () {
    const x = inputs({ buckets: { server: 500n, validator: 300n, root: 200n }, validatorEmission: [0n, 10n], serverEmission: [0n, 1_001n] });
    expect(() => validatorPayouts(x)).to.throw(RangeError, /1001/);
    expect(() => validatorPayouts({ ...x, serverEmission: [0n, 1_000n] })).to.not.throw();
  });

  it("caps the root bucket, then V_eff, to what the miners' emission leaves of raoEmission", function () {
    const x = inputs({
      buckets: { server: 100n, validator: 400n, root: 300n },
      validatorEmission: [0n, 100n],
      alphaStake: [0n, 100n],
      taoStake: [0n, 100n],
      taoWeight: U64_MAX,
    });
    // Miners got 300 of 800 (more than the server bucket): the root bucket keeps its 300, V_eff 400 → 200.
    expect(validatorPayouts({ ...x, serverEmission: [0n, 300n] })).to.deep.equal([untaken(1, 200n, 300n)]);
    // Miners got 600: 200 are left, all to the root bucket; V_eff is 0.
    expect(validatorPayouts({ ...x, serverEmission: [0n, 600n] })).to.deep.equal([untaken(1, 0n, 200n)]);
  });

  it("never pays more than the buckets, and every lane is a non-negative u64 (property)", function () {
    const amount = fc.bigInt({ min: 0n, max: 1n << 50n });
    const uids = fc.integer({ min: 1, max: 8 });
    const arb = uids.chain((n) =>
      fc.record({
        buckets: fc.record({ server: amount, validator: amount, root: amount }),
        validatorEmission: fc.array(fc.oneof(fc.constant(0n), amount), { minLength: n, maxLength: n }),
        // Scaled below to fit raoEmission.
        serverWeights: fc.array(fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 1_000n })), { minLength: n, maxLength: n }),
        minerShare: fc.bigInt({ min: 0n, max: 1_000n }),
        alphaStake: fc.array(fc.oneof(fc.constant(0n), amount), { minLength: n, maxLength: n }),
        taoStake: fc.array(fc.oneof(fc.constant(0n), amount), { minLength: n, maxLength: n }),
        taoWeight: fc.oneof(fc.constant(0n), fc.constant(U64_MAX), fc.bigInt({ min: 0n, max: U64_MAX })),
        takes: fc.array(fc.integer({ min: 0, max: 65_535 }), { minLength: n, maxLength: n }),
      }),
    );
    fc.assert(
      fc.property(arb, (r) => {
        const raoEmission = r.buckets.server + r.buckets.validator + r.buckets.root;
        const weightSum = sum(r.serverWeights);
        const minersGet = (raoEmission * r.minerShare) / 1_000n;
        const serverEmission = r.serverWeights.map((w) => (weightSum === 0n ? 0n : (minersGet * w) / weightSum));
        const serverSum = sum(serverEmission);
        const payouts = validatorPayouts(inputs({ ...r, serverEmission }));

        const vEff = r.buckets.validator + (serverSum === 0n ? r.buckets.server : 0n);
        expect(sum(payouts.map(alphaPaid))).to.be.at.most(vEff);
        expect(sum(payouts.map(rootPaid))).to.be.at.most(r.buckets.root);
        expect(serverSum + sum(payouts.map(alphaPaid)) + sum(payouts.map(rootPaid))).to.be.at.most(raoEmission);
        for (const [i, p] of payouts.entries()) {
          for (const lane of [p.alphaPool, p.alphaTake, p.rootPool, p.rootTake]) expect(lane >= 0n, `UID ${p.uid} lane`).to.equal(true);
          expect(alphaPaid(p) + rootPaid(p), "paid nothing").to.be.greaterThan(0n);
          expect(r.validatorEmission[p.uid]).to.be.greaterThan(0n);
          if (r.taoWeight === 0n || r.taoStake[p.uid] === 0n) expect(rootPaid(p)).to.equal(0n);
          if (i > 0) expect(p.uid).to.be.greaterThan(payouts[i - 1].uid);
        }
        // Buckets below 2^64: the report can pack every lane.
        expect(() => packPayouts(payouts)).to.not.throw();
      }),
      { numRuns: 500 },
    );
  });
});

describe("oracle/chain/dividends: snapshotPayouts", function () {
  it("reads the buckets, stakes, τ and takes from the lens snapshot", function () {
    const x = inputs({
      buckets: { server: 0n, validator: 900n, root: 300n },
      validatorEmission: [0n, 40n, 60n],
      alphaStake: [0n, 100n, 50n],
      taoStake: [0n, 0n, 50n],
      taoWeight: HALF,
      takes: [0, 11_796, 0],
    });
    const snapshot = {
      pendingServer: x.buckets.server,
      pendingValidator: x.buckets.validator,
      pendingRoot: x.buckets.root,
      hotkeys: x.hotkeys,
      alphaStake: x.alphaStake,
      taoStake: x.taoStake,
      taoWeight: x.taoWeight,
      takes: x.takes.map(BigInt),
    } as unknown as EpochSnapshot; // only the fields the payouts read
    const payouts = snapshotPayouts(snapshot, { serverEmission: x.serverEmission, validatorEmission: x.validatorEmission });
    expect(payouts).to.deep.equal(validatorPayouts(x));
    expect(payouts.map((p) => p.uid)).to.deep.equal([1, 2]);
    expect(payouts[1].rootPool).to.equal(300n);
  });
});
