import { expect } from "chai";
import { packLanes, packReport } from "../../oracle/chain/report";

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
      validatorEmission: [0n, 0n, 0n, 0n, 0n],
      active: [true, true, true, true, true],
      validatorPermit: [false, true, false, false, false],
      ownerOwnedUids: 1n,
      bondsCommitment: `0x${"ab".repeat(32)}`,
    });
    const m = r.metagraph as bigint[];
    expect(m).to.have.length(5 + 2 + 2); // five u16 words, two u64 words, two flag words
    expect(m.slice(0, 5).map((w) => w & 0xffffn)).to.deep.equal([1n, 2n, 3n, 4n, 5n]);
    expect(m[5] & ((1n << 64n) - 1n)).to.equal(6n);
    expect(m[6]).to.equal(6n);
    expect([m[7], m[8]]).to.deep.equal([(1n << BigInt(n)) - 1n, 2n]);
    expect(r.serverEmission).to.deep.equal([9n << 64n, 1n]);
  });
});
