import { expect } from "chai";
import type { ValidatorPayout } from "../../oracle/chain/dividends";
import { committedWords, emissionRanks, packLanes, packPayouts, packReport } from "../../oracle/chain/report";

const HOTKEY_A = "0x00000000000000000000000000000000000000a1";
const HOTKEY_B = "0xfFfFfFffFFfffFFfFFfFFFFFffFFFffffFfFFFfF";
const U64_MAX = (1n << 64n) - 1n;

/** A payout with the given lanes (alphaPool, alphaTake, rootPool, rootTake). */
function payout(uid: number, hotkey: string, lanes: readonly [bigint, bigint, bigint, bigint]): ValidatorPayout {
  const [alphaPool, alphaTake, rootPool, rootTake] = lanes;
  return { uid, hotkey, alphaPool, alphaTake, rootPool, rootTake };
}

describe("oracle report packing (IEpochSettlement.EpochReport layout)", function () {
  it("puts entry i of a column at bits (i mod 256/bits)·bits of word floor(i / (256/bits))", function () {
    expect(packLanes([1, 2, 3], 16)).to.deep.equal([1n | (2n << 16n) | (3n << 32n)]);
    const u16 = packLanes(Array.from({ length: 17 }, (_, i) => i + 1), 16);
    expect(u16).to.have.length(2);
    expect(u16[1]).to.equal(17n);
    expect(u16[0] >> 240n).to.equal(16n);
    expect(packLanes([5n, 0n, 7n, 9n, 11n], 64)).to.deep.equal([5n | (7n << 128n) | (9n << 192n), 11n]);
    expect(packLanes([true, false, true], 1)).to.deep.equal([5n]);
    expect(packLanes([], 64)).to.deep.equal([]);
  });

  it("refuses an entry that does not fit its lane", function () {
    expect(() => packLanes([65_536], 16)).to.throw(RangeError, /entry 0/);
    expect(() => packLanes([1n << 64n], 64)).to.throw(RangeError);
    expect(() => packLanes([-1], 16)).to.throw(RangeError);
    expect(() => packLanes([256], 8)).to.throw(RangeError);
  });

  it("orders the metagraph columns as the settlement stores them, each from a new word", function () {
    const n = 5;
    const r = packReport({
      netuid: 1,
      snapshotBlock: 10n,
      raoEmission: 100n,
      consensus: [1, 1, 1, 1, 1],
      incentive: [2, 2, 2, 2, 2],
      dividends: [3, 3, 3, 3, 3],
      validatorTrust: [4, 4, 4, 4, 4],
      stakeWeight: [5, 5, 5, 5, 5],
      emission: [6n, 6n, 6n, 6n, 6n],
      serverEmission: [0n, 9n, 0n, 0n, 1n],
      validatorPayouts: [payout(1, HOTKEY_A, [8n, 1n, 0n, 0n])],
      active: [true, true, true, true, true],
      validatorPermit: [false, true, false, false, false],
      ownerOwnedUids: 1n,
      bondsCommitment: `0x${"ab".repeat(32)}`,
    });
    const m = r.metagraph as bigint[];
    expect(m).to.have.length(5 + 2 + 1 + 2); // five u16 words, two u64 words, one u8 word, two flag words
    expect(m.slice(0, 5).map((w) => w & 0xffffn)).to.deep.equal([1n, 2n, 3n, 4n, 5n]);
    expect(m[5] & ((1n << 64n) - 1n)).to.equal(6n);
    expect(m[6]).to.equal(6n);
    expect(m[7]).to.equal(0n); // five equal emissions: all rank 0
    expect([m[8], m[9]]).to.deep.equal([(1n << BigInt(n)) - 1n, 2n]);
    expect(r.serverEmission).to.deep.equal([9n << 64n, 1n]);
    expect(r.validatorPayouts).to.deep.equal([BigInt(HOTKEY_A) | (1n << 160n), 8n | (1n << 64n)]);
    // The words the settlement commits to and publishes: the five u16 columns and the emissions.
    expect(committedWords(r, n)).to.deep.equal(m.slice(0, 7));
  });

  it("ranks emissions densely: 0 for the lowest, equal for equal, one up per larger distinct value", function () {
    expect(emissionRanks([])).to.deep.equal([]);
    expect(emissionRanks([5n, 0n, 5n, 9n, 1n << 63n, 2n])).to.deep.equal([2, 0, 2, 3, 4, 1]);
    expect(emissionRanks([7n, 7n])).to.deep.equal([0, 0]);
    // 256 distinct emissions still fit the u8 lanes: ranks 0..255.
    const all = Array.from({ length: 256 }, (_, i) => BigInt(1000 - i));
    expect(Math.max(...emissionRanks(all))).to.equal(255);
    const packed = packLanes(emissionRanks(all), 8);
    expect(packed).to.have.length(8);
    expect(packed[0] & 0xffn).to.equal(255n);
  });

  describe("packPayouts", function () {
    it("packs each payout as [hotkey | uid << 160, alphaPool | alphaTake << 64 | rootPool << 128 | rootTake << 192]", function () {
      const words = packPayouts([payout(3, HOTKEY_A, [1n, 2n, 3n, 4n])]);
      expect(words).to.deep.equal([0xa1n | (3n << 160n), 1n | (2n << 64n) | (3n << 128n) | (4n << 192n)]);
      // The hotkey fills the low 160 bits, whatever its case; the UID never overlaps it.
      const [first, second] = packPayouts([payout(0xffff, HOTKEY_B, [U64_MAX, 0n, U64_MAX, 0n])]);
      expect(first & ((1n << 160n) - 1n)).to.equal((1n << 160n) - 1n);
      expect(first >> 160n).to.equal(0xffffn);
      expect(second).to.equal(U64_MAX | (U64_MAX << 128n));
    });

    it("keeps the order given (ascending UID), two words per payout; none packs to nothing", function () {
      const payouts = [payout(1, HOTKEY_A, [5n, 0n, 0n, 0n]), payout(4, HOTKEY_B, [0n, 0n, 7n, 1n])];
      const words = packPayouts(payouts);
      expect(words).to.have.length(4);
      expect([words[0] >> 160n, words[2] >> 160n]).to.deep.equal([1n, 4n]);
      expect([words[1], words[3]]).to.deep.equal([5n, (7n << 128n) | (1n << 192n)]);
      expect(packPayouts([])).to.deep.equal([]);
    });

    it("refuses a lane of 2^64 or more, a negative lane, a UID that is not a u16 and a hotkey wider than an address", function () {
      expect(() => packPayouts([payout(2, HOTKEY_A, [0n, 0n, 0n, 1n << 64n])])).to.throw(RangeError, /UID 2/);
      expect(() => packPayouts([payout(2, HOTKEY_A, [1n << 64n, 0n, 0n, 0n])])).to.throw(RangeError);
      expect(() => packPayouts([payout(2, HOTKEY_A, [U64_MAX, U64_MAX, U64_MAX, U64_MAX])])).to.not.throw();
      expect(() => packPayouts([payout(2, HOTKEY_A, [-1n, 0n, 0n, 0n])])).to.throw(RangeError);
      expect(() => packPayouts([payout(65_536, HOTKEY_A, [1n, 0n, 0n, 0n])])).to.throw(RangeError, /u16/);
      // A hotkey wider than an address would spill into the UID bits.
      expect(() => packPayouts([payout(1, `0x1${"00".repeat(20)}`, [1n, 0n, 0n, 0n])])).to.throw(RangeError, /not an address/);
    });
  });
});
