/**
 * The block-by-block reference model (test/models/block-reference.ts) against hand-computed
 * single blocks for each rule of docs/spec/chain.md §1–§2, the TAO halving crossing, the
 * oracle-settled epoch's pause and drain, the carried TAO remainders, and a conservation property.
 *
 * The hand-computed numbers were worked out from the spec's formulas with the model's conventions
 * (2^-128 rao TAO credit, U96F32 root proportion, 32-fraction-bit split), independently of the
 * model's code; each test shows its arithmetic. Two project rules (not subtensor's) are fixed here:
 * - TAO per unit weight is rounded up, q = ceil(E·2^128 / ΣW): a lone subnet is paid exactly E, and
 *   the issuance grows by ΣW·q ∈ [E·2^128, E·2^128 + ΣW) in 2^-128 rao.
 * - The α split's root proportion (rpSplit) is taken from the α issuance the block started from (before
 *   its alphaIn and A), the injection cap's issuance, in the per-block step and in the drain catch-up.
 */
import { expect } from "chai";
import fc from "fast-check";
import {
  BITS_ONE,
  BlockReference,
  BlockReport,
  DEFAULT_BLOCK_EMISSION,
  FINE,
  MINER_BURNED_ONE,
  NewSubnet,
  ONE,
  OWNER_CUT_BITS,
  TOTAL_SUPPLY,
  U64_MAX,
  blockEmission,
  rootPropBits,
  splitAlpha,
} from "./block-reference";

const TAO = 1_000_000_000n;
/**
 * EMA prices whose share weights W = p̄·2^32 divide 1e9·2^128 (and 5e8·2^128), so q is exact and a
 * lone subnet's block mints exactly E with no 2^-128 excess (with q rounded up it is paid E anyway).
 */
const P_BELOW_ONE = 1n << 59n; // ≈ 0.576: Σp̄ < 1, sell flag off
const P_ABOVE_ONE = 1n << 60n; // ≈ 1.153: Σp̄ > 1, sell flag on

/** A subnet with a 1000 TAO / 1000 α pool (price 1), Iα = 2000 α, tempo 360 unless overridden. */
function pool(over: Partial<NewSubnet> = {}): NewSubnet {
  return {
    taoReserve: 1_000n * TAO,
    alphaReserve: 1_000n * TAO,
    alphaIssuance: 2_000n * TAO,
    tempo: 360n,
    ...over,
  };
}

function only(r: BlockReport) {
  expect(r.subnets).to.have.length(1);
  return r.subnets[0];
}

describe("block reference model (spec §1–§2)", function () {
  describe("§1 block emission", function () {
    it("halves by issuance and stops at era 30", function () {
      expect(blockEmission(0n)).to.equal(1_000_000_000n);
      expect(blockEmission(10_500_000n * TAO - 1n)).to.equal(1_000_000_000n);
      expect(blockEmission(10_500_000n * TAO)).to.equal(500_000_000n); // 21e15 / 10.5e15 = 2
      expect(blockEmission(15_750_000n * TAO - 1n)).to.equal(500_000_000n);
      expect(blockEmission(15_750_000n * TAO)).to.equal(250_000_000n); // = 4
      expect(blockEmission(18_375_000n * TAO)).to.equal(125_000_000n); // = 8
      // Era 29: 21e15 − I = floor(21e15 / 2^29) = 39 115 548 → quotient ≥ 2^29 → 1e9 >> 29 = 1.
      expect(blockEmission(TOTAL_SUPPLY - 39_115_548n)).to.equal(1n);
      expect(blockEmission(TOTAL_SUPPLY - 39_115_549n)).to.equal(3n); // era 28: 1e9 >> 28 = 3
      // Era 30: 21e15 − I = floor(21e15 / 2^30) = 19 557 774 → 1e9 >> 30 = 0.
      expect(blockEmission(TOTAL_SUPPLY - 19_557_774n)).to.equal(0n);
      expect(blockEmission(TOTAL_SUPPLY)).to.equal(0n);
      expect(blockEmission(TOTAL_SUPPLY + 5n)).to.equal(0n);
    });

    it("crosses the first TAO halving between two blocks", function () {
      // Issuance 10.5e15 − 1: block 1 mints 1e9, then issuance ≥ 10.5e15 and block 2 mints 5e8.
      const m = new BlockReference({ taoIssuance: 10_500_000n * TAO - 1n, movingAlpha: 0n });
      m.addSubnet(1, 0, pool({ movingPrice: P_BELOW_ONE }));
      const r1 = m.step(1);
      expect(r1.emission).to.equal(1_000_000_000n);
      expect(only(r1).tao).to.equal(1_000_000_000n);
      expect(m.taoIssuance()).to.equal(10_500_000n * TAO + 999_999_999n);
      const r2 = m.step(2);
      expect(r2.emission).to.equal(500_000_000n);
      expect(only(r2).tao).to.equal(500_000_000n);
      expect(m.taoIssuance()).to.equal(10_500_000n * TAO + 1_499_999_999n);
    });
  });

  describe("§2.5 α split", function () {
    it("splits A = 1e9 with no root: 179 995 422 owner, 410 002 288 server and validator", function () {
      // cutBits = floor(11796·2^32/65535) = 773 074 452; owner = floor(1e9·cutBits/2^32).
      expect(OWNER_CUT_BITS).to.equal(773_074_452n);
      const s = splitAlpha(1_000_000_000n, 0n);
      expect(s.ownerCut).to.equal(179_995_422n);
      expect(s.server).to.equal(410_002_288n);
      expect(s.validator).to.equal(410_002_288n);
      expect(s.root).to.equal(0n);
      expect(s.dust).to.equal(2n); // 1e9 − 179 995 422 − 2·410 002 288
    });

    it("takes the root part out of the validator half", function () {
      // rp = 1/2 exactly (2^31 bits): rootBits = floor(floor(2^31·aoBits/2^32)/2) = aoBits/4.
      const s = splitAlpha(1_000_000_000n, 1n << 31n);
      // aoBits = 1e9·(2^32 − 773 074 452) = 3 521 892 844 000 000 000; /4 /2^32 → 205 001 144.
      expect(s.root).to.equal(205_001_144n);
      expect(s.server).to.equal(410_002_288n);
      expect(s.validator).to.equal(205_001_144n);
      expect(s.ownerCut + s.server + s.validator + s.root + s.dust).to.equal(1_000_000_000n);
    });

    it("root proportion: τ = 1, R = Iα gives exactly 1/2; τ = 0 gives 0", function () {
      expect(rootPropBits(5n * TAO, U64_MAX, 5n * TAO)).to.equal(1n << 31n);
      expect(rootPropBits(5n * TAO, 0n, 5n * TAO)).to.equal(0n);
      expect(rootPropBits(0n, U64_MAX, 5n * TAO)).to.equal(0n);
      // τ = 1/2: twBits = floor((2^63)·2^32/(2^64−1)) = 2^31; R·2^31·2^32 / (R·2^31 + Iα·2^32).
      expect(rootPropBits(2n * TAO, 1n << 63n, 1n * TAO)).to.equal(BITS_ONE / 2n);
    });
  });

  describe("one block, each rule", function () {
    it("EMA first block: no TAO (p̄ = 0), p̄ = floor(3e12·1/201601) = 14 880 878", function () {
      const m = new BlockReference({ taoIssuance: 1_000_000n * TAO });
      m.addSubnet(1, 0, pool());
      const r = m.step(1);
      expect(r.weightSum).to.equal(0n);
      expect(r.mintedFine).to.equal(0n);
      const s = only(r);
      expect(s.tao).to.equal(0n);
      expect(s.emaAlpha).to.equal(14_880_878n);
      expect(s.spot).to.equal(ONE);
      expect(m.subnet(1).movingPrice).to.equal(14_880_878n);
      expect(m.taoIssuance()).to.equal(1_000_000n * TAO);
      // α still accrues (the α side does not depend on the TAO share): Iα = 2000 + 1 − 0 recycled root.
      expect(s.accrued).to.equal(true);
      expect(m.subnet(1).alphaIssuance).to.equal(2_001n * TAO);
      // Block 2: W = 14 880 878·2^32 = 63 912 884 345 765 888 does not divide 1e9·2^128
      // (1e9·2^128 mod W = 34 253 609 726 115 840), so q = ceil(1e9·2^128/W) and the lone subnet is
      // credited W·q = 1e9·2^128 + (W − 34 253 609 726 115 840) = 1e9·2^128 + 29 659 274 619 650 048:
      // it is paid exactly E = 1e9 (the excess, below W < 2^128, is carried in the credit).
      const r2 = m.step(2);
      expect(r2.weightSum).to.equal(63_912_884_345_765_888n);
      expect(r2.mintedFine).to.equal(1_000_000_000n * FINE + 29_659_274_619_650_048n);
      expect(only(r2).tao).to.equal(1_000_000_000n);
      expect(m.subnet(1).taoCredit).to.equal(r2.mintedFine);
      expect(m.taoIssuanceFine()).to.equal(1_000_000n * TAO * FINE + r2.mintedFine);
    });

    it("chain buy with no root: the whole E buys α, out = floor(x·E/(y+E))", function () {
      const m = new BlockReference({ taoIssuance: 1_000_000n * TAO });
      m.addSubnet(1, 0, pool({ movingPrice: P_BELOW_ONE }));
      const s = only(m.step(1));
      expect(s.tao).to.equal(1_000_000_000n);
      expect(s.cap).to.equal(0n); // rp = 0
      expect(s.alphaIn).to.equal(0n);
      expect(s.taoIn).to.equal(0n);
      expect(s.buy).to.equal(1_000_000_000n);
      // floor(1e12·1e9/(1e12 + 1e9)) = floor(999 000 999.000999)
      expect(s.buyAlpha).to.equal(999_000_999n);
      const st = m.subnet(1);
      expect(st.taoReserve).to.equal(1_001n * TAO);
      expect(st.alphaReserve).to.equal(1_000n * TAO - 999_000_999n);
      expect(st.protocolAlpha).to.equal(999_000_999n);
      expect(m.taoIssuance()).to.equal(1_000_001n * TAO);
      // Iα: + A (1e9), nothing injected, root part 0; the buy moves α, it does not mint it.
      expect(st.alphaIssuance).to.equal(2_001n * TAO);
    });

    it("cap binds with root; sell on: the root part goes to the root bucket", function () {
      // R = 1e12, τ = 1 (u64::MAX), Iα = 2e12 → rpBits = floor(1e12·2^32·2^32/(1e12·2^32 + 2e12·2^32))
      // = floor(2^32/3) = 1 431 655 765; cap = floor(rp·1e9/2^32) = 333 333 333.
      const m = new BlockReference({ taoIssuance: 1_000_000n * TAO, rootTao: 1_000n * TAO, taoWeight: U64_MAX });
      m.addSubnet(1, 0, pool({ movingPrice: P_ABOVE_ONE }));
      const r = m.step(1);
      expect(r.sell).to.equal(true);
      const s = only(r);
      expect(s.tao).to.equal(1_000_000_000n);
      expect(s.cap).to.equal(333_333_333n);
      // alphaIn = floor(1e9·x/y) = 1e9 > cap → alphaIn = cap, taoIn = floor(cap·y/x) = cap.
      expect(s.alphaIn).to.equal(333_333_333n);
      expect(s.taoIn).to.equal(333_333_333n);
      // buy = 666 666 667 on y = 1 000 333 333 333, x = 1 000 333 333 333:
      // out = floor(x·buy/(y + buy)) = 666 222 666.
      expect(s.buy).to.equal(666_666_667n);
      expect(s.buyAlpha).to.equal(666_222_666n);
      // Split with the issuance the block started from (the cap's, Iα = 2e12, not subtensor's
      // 2e12 + alphaIn + A = 2 001 333 333 333, which would give 1 431 019 756): rpSplit = rp = 1 431 655 765.
      // aoBits = 1e9·(2^32 − 773 074 452) = 3 521 892 844 000 000 000;
      // rootBits = floor(floor(1 431 655 765·aoBits/2^32)/2) = 586 982 140 529 999 237 → root 136 667 429;
      // serverBits = aoBits/2 → server 410 002 288; valBits = aoBits − serverBits − rootBits
      // = 1 173 964 281 470 000 763 → validator 273 334 859 (dust 1e9 − 179 995 422 − 410 002 288 −
      // 273 334 859 − 136 667 429 = 2).
      expect(s.rpSplitBits).to.equal(1_431_655_765n);
      expect(s.rpSplitBits).to.equal(rootPropBits(1_000n * TAO, U64_MAX, 2_000n * TAO));
      expect(s.ownerCut).to.equal(179_995_422n);
      expect(s.server).to.equal(410_002_288n);
      expect(s.root).to.equal(136_667_429n);
      expect(s.validator).to.equal(273_334_859n);
      expect(s.dust).to.equal(2n);
      expect(s.rootRecycled).to.equal(0n);
      const st = m.subnet(1);
      expect(st.buckets).to.deep.equal({
        server: 410_002_288n,
        validator: 273_334_859n,
        ownerCut: 179_995_422n,
        root: 136_667_429n,
      });
      // Iα = 2e12 + alphaIn 333 333 333 + A 1e9 (the root part stays, sell on).
      expect(st.alphaIssuance).to.equal(2_001_333_333_333n);
      expect(st.taoReserve).to.equal(1_001_000_000_000n);
      expect(st.alphaReserve).to.equal(999_667_110_667n);
      // EMA: spot = min(floor(y·1e18/x), 1e18) = 1e18 (price > 1 is capped);
      // p̄ = floor((14 880 878·1e18 + (1e18 − 14 880 878)·2^60)/1e18) = 1 152 921 504 604 571 369.
      expect(s.spot).to.equal(ONE);
      expect(st.movingPrice).to.equal(1_152_921_504_604_571_369n);
    });

    it("sell flag off (Σp̄ ≤ 1): the root part is recycled out of the issuance", function () {
      const m = new BlockReference({ taoIssuance: 1_000_000n * TAO, rootTao: 1_000n * TAO, taoWeight: U64_MAX });
      m.addSubnet(1, 0, pool({ movingPrice: P_BELOW_ONE }));
      const r = m.step(1);
      expect(r.sell).to.equal(false);
      const s = only(r);
      // Same injection and split as with the flag on (same E, reserves and issuance).
      expect(s.alphaIn).to.equal(333_333_333n);
      expect(s.rpSplitBits).to.equal(1_431_655_765n);
      expect(s.root).to.equal(136_667_429n);
      expect(s.rootRecycled).to.equal(136_667_429n);
      const st = m.subnet(1);
      expect(st.buckets.root).to.equal(0n);
      expect(st.buckets.validator).to.equal(273_334_859n);
      expect(st.alphaIssuance).to.equal(2_001_333_333_333n - 136_667_429n);
    });

    it("MinimumReserve: a buy on x < 1e6 is not made and its TAO is unminted", function () {
      // No root → cap 0 → the whole E is a buy. x = 999 999 < 1e6: refused.
      const m = new BlockReference({ taoIssuance: 1_000_000n * TAO });
      m.addSubnet(1, 0, pool({ alphaReserve: 999_999n, movingPrice: P_BELOW_ONE }));
      const s = only(m.step(1));
      expect(s.tao).to.equal(1_000_000_000n);
      expect(s.buy).to.equal(1_000_000_000n);
      expect(s.unminted).to.equal(1_000_000_000n);
      expect(s.buyAlpha).to.equal(0n);
      expect(m.taoIssuance()).to.equal(1_000_000n * TAO);
      const st = m.subnet(1);
      expect(st.taoReserve).to.equal(1_000n * TAO);
      expect(st.alphaReserve).to.equal(999_999n);
      expect(st.taoPaid).to.equal(1_000_000_000n); // credited and paid, then unminted
      expect(m.totals().taoUnminted).to.equal(1_000_000_000n);

      // x = 1e6 exactly: the buy is made, out = floor(1e6·1e9/(1e12 + 1e9)) = 999.
      const m2 = new BlockReference({ taoIssuance: 1_000_000n * TAO });
      m2.addSubnet(1, 0, pool({ alphaReserve: 1_000_000n, movingPrice: P_BELOW_ONE }));
      const s2 = only(m2.step(1));
      expect(s2.unminted).to.equal(0n);
      expect(s2.buyAlpha).to.equal(999n);
      expect(m2.taoIssuance()).to.equal(1_000_001n * TAO);
    });

    it("an uncapped injection keeps the price: alphaIn = floor(E·x/y), taoIn = E", function () {
      // Huge root (rp ≈ 1): cap = floor(rp·1e9/2^32) ≥ alphaIn at price 2 (x = y/2).
      const m = new BlockReference({ taoIssuance: 1_000_000n * TAO, rootTao: 10n ** 24n, taoWeight: U64_MAX });
      m.addSubnet(1, 0, pool({ alphaReserve: 500n * TAO, movingPrice: P_BELOW_ONE }));
      const s = only(m.step(1));
      expect(s.alphaIn).to.equal(500_000_000n);
      expect(s.taoIn).to.equal(1_000_000_000n);
      expect(s.buy).to.equal(0n);
      const st = m.subnet(1);
      expect(st.taoReserve).to.equal(1_001n * TAO);
      expect(st.alphaReserve).to.equal(500n * TAO + 500_000_000n);
    });

    it("shares: MinerBurned lowers W, disabled subnets get 0, all-burned falls back to p̄", function () {
      const m = new BlockReference({ taoIssuance: 1_000_000n * TAO, movingAlpha: 0n });
      m.addSubnet(1, 0, pool({ movingPrice: P_BELOW_ONE, minerBurned: MINER_BURNED_ONE / 2n }));
      m.addSubnet(2, 0, pool({ movingPrice: P_BELOW_ONE }));
      m.addSubnet(3, 0, pool({ movingPrice: P_BELOW_ONE, enabled: false }));
      // W = 2^59·2^31 = 2^90, 2^91, 0; q = ceil(1e9·2^128/(3·2^90)) = ceil(1e9·2^38/3), and
      // 1e9·2^38 ≡ 1·1 ≡ 1 (mod 3), so q = (1e9·2^38 + 2)/3 = 91 625 968 981 333 333 334.
      const r = m.step(1);
      expect(r.subnets.map((s) => s.weight)).to.deep.equal([1n << 90n, 1n << 91n, 0n]);
      expect(r.taoPerWeight).to.equal(((1_000_000_000n << 38n) + 2n) / 3n);
      expect(r.taoPerWeight).to.equal(91_625_968_981_333_333_334n);
      // Credits q/2^38 = 333 333 333.33… and 2q/2^38 = 666 666 666.67… rao: paid the floors.
      expect(r.subnets.map((s) => s.tao)).to.deep.equal([333_333_333n, 666_666_666n, 0n]);
      // ΣW·q = 2^90·(1e9·2^38 + 2) = 1e9·2^128 + 2^91: the issuance grows by exactly 1e9 rao and 2^-37 rao.
      expect(r.mintedFine).to.equal(1_000_000_000n * FINE + (1n << 91n));
      expect(m.taoIssuance()).to.equal(1_000_000n * TAO + 1_000_000_000n);
      expect(m.taoIssuanceFine()).to.equal((1_000_000n * TAO + 1_000_000_000n) * FINE + (1n << 91n));
      // 1.73 > 1 → sell on (disabled subnets count in Σp̄); the disabled subnet's α still accrues
      // and its EMA still runs.
      expect(r.sell).to.equal(true);
      expect(r.subnets[2].accrued).to.equal(true);

      // Everyone fully burned: W falls back to p̄ (1:1 between the enabled ones).
      m.setMinerBurned(1, MINER_BURNED_ONE);
      m.setMinerBurned(2, 2n * MINER_BURNED_ONE); // above 1 counts as 1
      m.setMinerBurned(3, MINER_BURNED_ONE);
      const r2 = m.step(2);
      expect(r2.subnets.map((s) => s.weight)).to.deep.equal([P_BELOW_ONE, P_BELOW_ONE, 0n]);
      // ΣW = 2^60 divides 1e9·2^128: q = 1e9·2^68, credit 5e8·2^128 each on top of block 1's carried
      // fractions, (1e9·2^128 + 2^91)/3 − 333 333 333·2^128 = (2^128 + 2^91)/3 and
      // 2(1e9·2^128 + 2^91)/3 − 666 666 666·2^128 = (2^129 + 2^92)/3, both below 2^128: 5e8 each.
      expect(r2.taoPerWeight).to.equal(1_000_000_000n << 68n);
      expect(r2.subnets.map((s) => s.tao)).to.deep.equal([500_000_000n, 500_000_000n, 0n]);
      expect(m.subnet(1).taoCredit - m.subnet(1).taoPaid * FINE).to.equal((FINE + (1n << 91n)) / 3n);
      expect(m.subnet(2).taoCredit - m.subnet(2).taoPaid * FINE).to.equal((2n * FINE + (1n << 92n)) / 3n);

      // All disabled: ΣW = 0, nothing is minted.
      m.setEnabled(1, false);
      m.setEnabled(2, false);
      const before = m.taoIssuanceFine();
      const r3 = m.step(3);
      expect(r3.weightSum).to.equal(0n);
      expect(m.taoIssuanceFine()).to.equal(before);
    });

    it("a subnet emits from startBlock + 1", function () {
      const m = new BlockReference({ taoIssuance: 0n, block: 10 });
      m.addSubnet(1, 12, pool({ movingPrice: P_BELOW_ONE }));
      expect(m.step(11).subnets).to.have.length(0);
      expect(m.step(12).subnets).to.have.length(0);
      const r = m.step(13);
      expect(only(r).tao).to.equal(1_000_000_000n);
      expect(only(r).emaAlpha).to.equal(14_880_878n); // n = 13 − 12 = 1
      expect(() => m.step(15)).to.throw(RangeError);
      expect(m.stepTo(15)?.block).to.equal(15n);
    });
  });

  describe("epochs: due, pause, drain", function () {
    // R = 0 and p̄ = 0 on a 1M α subnet: every block's α is A = 1e9 split (179 995 422, 410 002 288,
    // 410 002 288, 0) and nothing is injected, so the buckets count blocks.
    const OWNER = 179_995_422n;
    const HALF = 410_002_288n;
    const blocks = (n: bigint) => ({ server: n * HALF, validator: n * HALF, ownerCut: n * OWNER, root: 0n });

    it("accrues up to due, pauses after, drains and catches up the paused blocks", function () {
      const m = new BlockReference({ taoIssuance: 0n });
      m.addSubnet(1, 0, pool({ alphaIssuance: 1_000_000n * TAO, tempo: 10n }));
      expect(m.due(1)).to.equal(10n);
      m.stepTo(5);
      expect(() => m.drain(1, 5)).to.throw(RangeError); // not due yet
      m.stepTo(10);
      expect(m.subnet(1).buckets).to.deep.equal(blocks(10n));
      for (let b = 11; b <= 15; b++) expect(only(m.step(b)).accrued).to.equal(false);
      const st = m.subnet(1);
      expect(st.buckets).to.deep.equal(blocks(10n));
      expect(st.alphaBlock).to.equal(10n);
      expect(st.alphaIssuance).to.equal(1_000_010n * TAO);
      expect(() => m.drain(1, 14)).to.throw(RangeError); // not the last processed block

      const drained = m.drain(1, 15);
      expect(drained).to.deep.equal(blocks(10n));
      const after = m.subnet(1);
      expect(after.buckets).to.deep.equal(blocks(5n)); // blocks 11..15, accrued at once
      expect(after.alphaIssuance).to.equal(1_000_015n * TAO); // drain itself mints nothing
      expect(after.lastEpochBlock).to.equal(10n);
      expect(after.drainedAt).to.equal(15n);
      expect(after.alphaBlock).to.equal(15n);
      expect(m.due(1)).to.equal(20n); // max(10 + 10, 15)

      m.stepTo(20);
      expect(only(m.step(21)).accrued).to.equal(false);
      expect(m.drain(1, 21)).to.deep.equal(blocks(10n)); // 11..20
      expect(m.subnet(1).buckets).to.deep.equal(blocks(1n)); // 21
      expect(m.due(1)).to.equal(30n);
    });

    it("a drain later than the next due makes the subnet due again at once", function () {
      const m = new BlockReference({ taoIssuance: 0n });
      m.addSubnet(1, 0, pool({ alphaIssuance: 1_000_000n * TAO, tempo: 10n }));
      m.stepTo(35);
      expect(m.drain(1, 35)).to.deep.equal(blocks(10n));
      expect(m.subnet(1).buckets).to.deep.equal(blocks(25n)); // 11..35
      expect(m.due(1)).to.equal(35n); // max(20, 35)
      expect(only(m.step(36)).accrued).to.equal(false);
      expect(m.drain(1, 36)).to.deep.equal(blocks(25n));
      expect(m.subnet(1).lastEpochBlock).to.equal(35n);
      expect(m.due(1)).to.equal(45n);
      expect(m.subnet(1).buckets).to.deep.equal(blocks(1n));
    });

    it("the catch-up takes each paused block's α from the issuance it reached (α halving)", function () {
      const m = new BlockReference({ taoIssuance: 0n });
      m.addSubnet(1, 0, pool({ alphaIssuance: 10_500_000n * TAO - 2_500_000_000n, tempo: 2n }));
      m.stepTo(5); // 1, 2 accrue 1e9 each; 3, 4, 5 paused (A reported from the paused issuance)
      expect(m.subnet(1).alphaIssuance).to.equal(10_500_000n * TAO - 500_000_000n);
      m.drain(1, 5);
      // Catch-up: block 3 at 10.5e15 − 5e8 → 1e9; blocks 4, 5 at ≥ 10.5e15 → 5e8 each.
      expect(m.subnet(1).alphaIssuance).to.equal(10_500_000n * TAO + 1_500_000_000n);
      const a = splitAlpha(1_000_000_000n, 0n);
      const b = splitAlpha(500_000_000n, 0n);
      expect(m.subnet(1).buckets).to.deep.equal({
        server: a.server + 2n * b.server,
        validator: a.validator + 2n * b.validator,
        ownerCut: a.ownerCut + 2n * b.ownerCut,
        root: 0n,
      });
    });

    it("the catch-up uses R, τ and the sell flag as they are at the drain block", function () {
      const m = new BlockReference({ taoIssuance: 0n, movingAlpha: 0n });
      m.addSubnet(1, 0, pool({ alphaIssuance: 1_000_000n * TAO, tempo: 1n, movingPrice: 0n }));
      m.stepTo(3); // block 1 accrues, 2 and 3 paused; p̄ = 0 → sell off, R = 0
      m.setRoot(1_000_000n * TAO, U64_MAX);
      m.drain(1, 3);
      // Blocks 2, 3 at R = 1M TAO, τ = 1, sell off: their root part is recycled. Each block's rpSplit is
      // taken from the issuance that block started from: block 2 from i2 = 1e15 + A1 = 1 000 001 TAO,
      // rp2 = floor(1e15·2^64/(1e15·2^32 + i2·2^32)) = floor(2^32·1e6/2 000 001) = 2 147 482 574,
      // root2 = floor(floor(rp2·aoBits/2^32)/2/2^32) = 205 001 041 (aoBits of A = 1e9 as above);
      // block 3 from i3 = i2 + 1e9 − root2 = 1 000 001 794 998 959, rp3 = 2 147 481 720,
      // root3 = 205 000 960; final Iα = i3 + 1e9 − root3 = 1 000 002 589 997 999.
      const i2 = 1_000_001n * TAO;
      const rp2 = rootPropBits(1_000_000n * TAO, U64_MAX, i2);
      expect(rp2).to.equal(2_147_482_574n);
      const r2 = splitAlpha(TAO, rp2).root;
      expect(r2).to.equal(205_001_041n);
      const i3 = i2 + TAO - r2;
      expect(i3).to.equal(1_000_001_794_998_959n);
      const rp3 = rootPropBits(1_000_000n * TAO, U64_MAX, i3);
      expect(rp3).to.equal(2_147_481_720n);
      const r3 = splitAlpha(TAO, rp3).root;
      expect(r3).to.equal(205_000_960n);
      expect(m.subnet(1).alphaIssuance).to.equal(i3 + TAO - r3);
      expect(m.subnet(1).alphaIssuance).to.equal(1_000_002_589_997_999n);
      expect(m.subnet(1).buckets.root).to.equal(0n);
    });

    it("tempo 0 is never due; setTempo resets the cycle and resumes a paused subnet", function () {
      const m = new BlockReference({ taoIssuance: 0n });
      m.addSubnet(1, 0, pool({ alphaIssuance: 1_000_000n * TAO, tempo: 5n }));
      m.stepTo(8); // 1..5 accrue, 6..8 paused
      expect(m.subnet(1).buckets).to.deep.equal(blocks(5n));
      m.setTempo(1, 10n, 8);
      expect(m.subnet(1).buckets).to.deep.equal(blocks(8n)); // paused blocks caught up
      expect(m.due(1)).to.equal(18n);
      m.stepTo(18);
      expect(only(m.step(19)).accrued).to.equal(false);
      m.setTempo(1, 0n, 19);
      expect(m.due(1)).to.equal(null);
      expect(() => m.drain(1, 19)).to.throw(RangeError);
      m.stepTo(100);
      expect(m.subnet(1).buckets).to.deep.equal(blocks(100n));
    });

    it("recordRecycled leaves the issuance alone; addAlphaIssuance is signed", function () {
      const m = new BlockReference({ taoIssuance: 0n });
      m.addSubnet(1, 0, pool({ tempo: 1n }));
      m.step(1);
      const i = m.subnet(1).alphaIssuance;
      m.drain(1, 1);
      m.recordRecycled(1, 400_000_000n);
      expect(m.subnet(1).alphaIssuance).to.equal(i);
      m.addAlphaIssuance(1, -7n);
      m.addAlphaIssuance(1, 2n);
      expect(m.subnet(1).alphaIssuance).to.equal(i - 5n);
      expect(() => m.addAlphaIssuance(1, -i)).to.throw(RangeError);
    });
  });

  describe("TAO remainders are carried, never lost", function () {
    it("three subnets at 1:1:1 over 3000 blocks are each paid at least N·E/3, within a rao", function () {
      const N = 3000n;
      const m = new BlockReference({ taoIssuance: 1_000_000n * TAO, movingAlpha: 0n });
      const p = 300_000_000_000_000_000n; // 0.3 each: W = 0.3e18·2^32, not a divisor of 1e9·2^128
      for (const id of [1, 2, 3]) m.addSubnet(id, 0, pool({ movingPrice: p }));
      let perBlockFloor = 0n;
      for (let b = 1n; b <= N; b++) {
        const r = m.step(b);
        perBlockFloor += 3n * ((r.taoPerWeight * r.subnets[0].weight) / FINE); // a naive per-block floor
      }
      // W = 0.3e18·2^32 each, ΣW = 3 865 470 566 400 000 000 000 000 000 (does not divide 1e9·2^128),
      // q = ceil(1e9·2^128/ΣW) = 88 031 291 682 515 930 660, and each block mints
      // ΣW·q = 1e9·2^128 + δ, δ = ΣW − (1e9·2^128 mod ΣW) = 1 958 718 392 231 788 544 000 000 000 (< ΣW).
      // Each subnet is credited ΣW·q/3 a block, so after N = 3000 blocks
      // N·(1e9·2^128 + δ)/3 = 1e12·2^128 + 1000·δ, and 1000·δ ≈ 1.96e30 < 2^128: paid exactly 1e12 each.
      const delta = 1_958_718_392_231_788_544_000_000_000n;
      const subs = m.subnets();
      const paid = subs.map((s) => s.taoPaid);
      const third = (N * DEFAULT_BLOCK_EMISSION) / 3n; // 1e12
      for (const x of paid) expect(x).to.be.within(third, third + 1n);
      expect(paid).to.deep.equal([third, third, third]);
      for (const s of subs) expect(s.taoCredit - s.taoPaid * FINE).to.equal(1000n * delta);
      const total = paid.reduce((a, x) => a + x, 0n);
      expect(total).to.be.within(N * DEFAULT_BLOCK_EMISSION, N * DEFAULT_BLOCK_EMISSION + 3n);
      // The naive floor would lose a rao per block (333 333 333 × 3 each block).
      expect(perBlockFloor).to.equal(N * (DEFAULT_BLOCK_EMISSION - 1n));
      // Exactly: Σ credit (paid + carried fractions) = the issuance growth, in 2^-128 rao,
      // = N·(1e9·2^128 + δ).
      const credit = subs.reduce((a, s) => a + s.taoCredit, 0n);
      expect(credit).to.equal(m.taoIssuanceFine() - 1_000_000n * TAO * FINE);
      expect(credit).to.equal(N * (DEFAULT_BLOCK_EMISSION * FINE + delta));
      expect(m.taoIssuance() - 1_000_000n * TAO).to.be.within(N * DEFAULT_BLOCK_EMISSION, N * DEFAULT_BLOCK_EMISSION + 1n);
    });

    it("removing a subnet drops its unpaid fraction from the issuance", function () {
      const m = new BlockReference({ taoIssuance: 1_000_000n * TAO, movingAlpha: 0n });
      for (const id of [1, 2, 3]) m.addSubnet(id, 0, pool({ movingPrice: 300_000_000_000_000_000n }));
      m.stepTo(7);
      const s = m.subnet(2);
      const fraction = s.taoCredit - s.taoPaid * FINE;
      expect(fraction > 0n && fraction < FINE).to.equal(true);
      const before = m.taoIssuanceFine();
      m.removeSubnet(2);
      expect(m.taoIssuanceFine()).to.equal(before - fraction);
      expect(m.has(2)).to.equal(false);
      expect(m.step(8).subnets.map((x) => x.netuid)).to.deep.equal([1n, 3n]);
    });
  });

  describe("properties", function () {
    type Action =
      | { kind: "steps"; n: number }
      | { kind: "reserves"; i: number; y: bigint; x: bigint }
      | { kind: "burned"; i: number; mb: bigint }
      | { kind: "enabled"; i: number; on: boolean }
      | { kind: "root"; r: bigint; t: bigint }
      | { kind: "drain"; i: number }
      | { kind: "alpha"; i: number; d: bigint }
      | { kind: "add" }
      | { kind: "remove"; i: number };

    const action: fc.Arbitrary<Action> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant("steps" as const), n: fc.integer({ min: 1, max: 12 }) }) },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant("reserves" as const),
          i: fc.nat(7),
          y: fc.bigInt(0n, 10n ** 16n),
          x: fc.oneof(fc.bigInt(0n, 2_000_000n), fc.bigInt(0n, 10n ** 16n)),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant("burned" as const), i: fc.nat(7), mb: fc.bigInt(0n, MINER_BURNED_ONE) }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("enabled" as const), i: fc.nat(7), on: fc.boolean() }) },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant("root" as const), r: fc.bigInt(0n, 10n ** 17n), t: fc.bigInt(0n, U64_MAX) }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("drain" as const), i: fc.nat(7) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("alpha" as const), i: fc.nat(7), d: fc.bigInt(0n, 10n ** 12n) }) },
      { weight: 1, arbitrary: fc.constant({ kind: "add" as const }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), i: fc.nat(7) }) },
    );

    it("total TAO credited equals the issuance growth (less unminted buys and dropped fractions)", function () {
      fc.assert(
        fc.property(
          fc.bigInt(0n, 12_000_000n * TAO),
          fc.array(fc.bigInt(1n, 2n * ONE), { minLength: 1, maxLength: 3 }),
          fc.array(action, { maxLength: 30 }),
          (issuance0, prices, actions) => {
            const m = new BlockReference({ taoIssuance: issuance0, movingAlpha: 10n ** 15n });
            let nextId = 1;
            const add = (price: bigint) =>
              m.addSubnet(nextId++, m.lastBlock(), pool({ tempo: BigInt(1 + (nextId % 5)), movingPrice: price }));
            prices.forEach(add);
            let removedPaidFine = 0n; // removed subnets' paid TAO, 2^-128 rao
            let removedCredit = 0n; // removed subnets' whole credit (paid + dropped fraction)
            let unminted = 0n;
            let paid = 0n;
            const pick = (i: number) => {
              const ids = m.subnets().map((s) => s.netuid);
              return ids.length === 0 ? undefined : ids[i % ids.length];
            };
            const check = () => {
              const live = m.subnets().reduce((a, s) => a + s.taoCredit, 0n);
              const t = m.totals();
              // Issuance growth = Σ credit (live) + removed subnets' paid TAO − unminted buys.
              expect(m.taoIssuanceFine() - issuance0 * FINE).to.equal(live + removedPaidFine - unminted * FINE);
              expect(t.taoMintedFine).to.equal(live + removedCredit);
              expect(t.taoDroppedFine).to.equal(removedCredit - removedPaidFine);
              expect(t.taoUnminted).to.equal(unminted);
              expect(t.taoPaid).to.equal(paid);
              for (const s of m.subnets()) {
                expect(s.taoCredit - s.taoPaid * FINE >= 0n && s.taoCredit - s.taoPaid * FINE < FINE).to.equal(true);
              }
            };
            for (const a of actions) {
              const id = "i" in a ? pick(a.i) : undefined;
              switch (a.kind) {
                case "steps":
                  for (let k = 0; k < a.n; k++) {
                    // State at the start of the block: each subnet's Iα and carried TAO fraction, R and τ.
                    const before = new Map(m.subnets().map((s) => [s.netuid, s]));
                    const { rootTao, taoWeight } = m.root();
                    const r = m.step(m.lastBlock() + 1n);
                    const tao = r.subnets.reduce((x, s) => x + s.tao, 0n);
                    paid += tao;
                    unminted += r.subnets.reduce((x, s) => x + s.unminted, 0n);
                    // Per block, q rounded up: ΣW·(q − 1) < E·2^128 ≤ ΣW·q, i.e.
                    // E·2^128 ≤ ΣW·q < E·2^128 + ΣW (the excess is below ΣW·2^-128 rao).
                    if (r.weightSum > 0n) {
                      expect(r.mintedFine).to.equal(r.weightSum * r.taoPerWeight);
                      expect(r.emission * FINE <= r.mintedFine).to.equal(true);
                      expect(r.mintedFine < r.emission * FINE + r.weightSum).to.equal(true);
                    } else {
                      expect(r.mintedFine).to.equal(0n);
                    }
                    // A lone weighted subnet is paid E, plus 1 rao only when its carried fraction and the
                    // excess ΣW·q − E·2^128 (< ΣW < 2^128) reach a whole rao together.
                    const weighted = r.subnets.filter((s) => s.weight > 0n);
                    if (weighted.length === 1) {
                      const w = weighted[0];
                      const b = before.get(w.netuid);
                      if (b === undefined) throw new Error("a weighted subnet was not live before the block");
                      const carried = b.taoCredit - b.taoPaid * FINE;
                      const excess = r.mintedFine - r.emission * FINE;
                      expect(w.tao).to.equal(r.emission + (carried + excess >= FINE ? 1n : 0n));
                    }
                    for (const s of r.subnets) {
                      expect(s.taoIn + s.buy).to.equal(s.tao);
                      if (s.weight === 0n) expect(s.tao).to.equal(0n);
                      if (s.accrued) {
                        expect(s.ownerCut + s.server + s.validator + s.root + s.dust).to.equal(s.alphaEmission);
                        // rpSplit from the issuance the block started from, the injection cap's.
                        const b = before.get(s.netuid);
                        if (b === undefined) throw new Error("an accrued subnet was not live before the block");
                        expect(s.rpSplitBits).to.equal(rootPropBits(rootTao, taoWeight, b.alphaIssuance));
                        expect(s.alphaEmission).to.equal(blockEmission(b.alphaIssuance));
                        if (s.tao > 0n) expect(s.cap).to.equal((s.rpSplitBits * s.alphaEmission) / BITS_ONE);
                      }
                    }
                    check();
                  }
                  break;
                case "reserves":
                  if (id !== undefined) m.setReserves(id, a.y, a.x);
                  break;
                case "burned":
                  if (id !== undefined) m.setMinerBurned(id, a.mb);
                  break;
                case "enabled":
                  if (id !== undefined) m.setEnabled(id, a.on);
                  break;
                case "root":
                  m.setRoot(a.r, a.t);
                  break;
                case "drain":
                  if (id !== undefined) {
                    const due = m.due(id);
                    if (due !== null && due <= m.lastBlock()) m.drain(id, m.lastBlock());
                  }
                  break;
                case "alpha":
                  if (id !== undefined) m.addAlphaIssuance(id, a.d);
                  break;
                case "add":
                  add(ONE / 2n);
                  break;
                case "remove":
                  if (id !== undefined) {
                    removedPaidFine += m.subnet(id).taoPaid * FINE;
                    removedCredit += m.subnet(id).taoCredit;
                    m.removeSubnet(id);
                  }
                  break;
              }
              check();
            }
          },
        ),
        { numRuns: 150 },
      );
    });

    it("the α split always sums to A with at most 3 rao of dust", function () {
      fc.assert(
        fc.property(fc.bigInt(0n, DEFAULT_BLOCK_EMISSION), fc.bigInt(0n, BITS_ONE), (a, rp) => {
          const s = splitAlpha(a, rp);
          expect(s.ownerCut + s.server + s.validator + s.root + s.dust).to.equal(a);
          expect(s.dust >= 0n && s.dust <= 3n).to.equal(true);
          expect(s.validator >= 0n && s.root <= s.server).to.equal(true);
        }),
        { numRuns: 500 },
      );
    });
  });
});
