import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { expect } from "chai";
import fc from "fast-check";
import { ethers, network } from "hardhat";

import { fundedWallet, mine, mineTo, tao } from "../../scripts/lib/local-network";
import type { CoinbaseHarness } from "../../typechain-types";
import {
  type Buckets,
  MINER_BURNED_ONE,
  ONE,
  TOTAL_SUPPLY,
  ZERO_BUCKETS,
  addBuckets,
  alphaBlockByBlock,
  blockEmission,
  eraStart,
  rootBits,
  scaleBuckets,
  splitAlpha,
  sumBuckets,
  taoBlockByBlock,
  taoSplitBlockByBlock,
  taoWeights,
} from "./helpers/emissionReference";
import { rootPropBits } from "../models/block-reference";
import {
  type Layer,
  ROLES,
  alphaToken,
  atBlock,
  deployLayer,
  grantRole,
  instantEma,
  registerNeuron,
  registerSubnet,
  setTempo,
  setTempoTx,
} from "./helpers/subnet-layer";

/** One era-0 block of α, split in U96F32 (owner 179_995_422, miners 410_002_288, validators 410_002_288). */
const PER_BLOCK = splitAlpha(ONE);

function toBuckets(p: { server: bigint; validator: bigint; ownerCut: bigint; root: bigint }): Buckets {
  return { server: p.server, validator: p.validator, ownerCut: p.ownerCut, root: p.root };
}

/** An issuance `offset` blocks of era k-1's emission from the start of era k, clamped to [0, 21M TAO]. */
function issuanceNearEra(k: bigint, offset: bigint): bigint {
  const start = eraStart(k);
  const e = blockEmission(start > 0n ? start - 1n : 0n);
  const issuance = start + offset * (e > 0n ? e : 1n);
  return issuance < 0n ? 0n : issuance > TOTAL_SUPPLY ? TOTAL_SUPPLY : issuance;
}

async function blockNumber(): Promise<bigint> {
  return BigInt(await ethers.provider.getBlockNumber());
}

describe("Coinbase", function () {
  /** The protocol with one started subnet, tempo 10, and `drainer` holding the settlement role. */
  async function oneSubnet() {
    const l = await deployLayer();
    const [, drainer, registrar, stranger] = await ethers.getSigners();
    await grantRole(l, ROLES.SETTLEMENT, drainer.address);
    await grantRole(l, ROLES.REGISTRY, registrar.address);
    const subnet = await registerSubnet(l, { tempo: 10 });
    await (await l.coinbase.accrue()).wait(); // the EMA price moves off 0: the last accrual is this block
    return { ...l, subnet, drainer, registrar, stranger, lastAccrual: await blockNumber() };
  }

  /** Two started subnets with tempos 7 and 11. */
  async function twoSubnets() {
    const l = await deployLayer();
    const a = await registerSubnet(l, { start: false, tempo: 7 });
    const b = await registerSubnet(l, { start: false, tempo: 11 });
    const [, drainer] = await ethers.getSigners();
    await grantRole(l, ROLES.SETTLEMENT, drainer.address);
    await instantEma(l, [a.netuid, b.netuid]); // equal shares once both EMAs moved (by the two accruals)
    await (await l.registry.connect(a.owner).startCall(a.netuid)).wait();
    await (await l.registry.connect(b.owner).startCall(b.netuid)).wait();
    await (await l.coinbase.accrue()).wait();
    await (await l.coinbase.accrue()).wait(); // the last accrual is this block
    return { ...l, a, b, drainer };
  }

  async function harness(): Promise<{ harness: CoinbaseHarness }> {
    return { harness: await ethers.deployContract("CoinbaseHarness") };
  }

  interface Accrued {
    netuid: number;
    fromBlock: bigint;
    toBlock: bigint;
    taoShare: bigint;
    taoIn: bigint;
    alphaIn: bigint;
    taoBuy: bigint;
  }

  /** The subnets' accrual events of a transaction, in order. */
  async function accrued(l: Layer, txHash: string): Promise<Accrued[]> {
    const receipt = await ethers.provider.getTransactionReceipt(txHash);
    return receipt!.logs
      .filter((log) => log.address === l.addresses.Coinbase)
      .map((log) => l.coinbase.interface.parseLog(log))
      .filter((e) => e?.name === "SubnetAccrued")
      .map((e) => ({
        netuid: Number(e!.args.netuid),
        fromBlock: e!.args.fromBlock as bigint,
        toBlock: e!.args.toBlock as bigint,
        taoShare: e!.args.taoShare as bigint,
        taoIn: e!.args.taoIn as bigint,
        alphaIn: e!.args.alphaIn as bigint,
        taoBuy: e!.args.taoBuy as bigint,
      }));
  }

  /** The TAO a transaction's accruals minted (injections and chain buys). */
  async function minted(l: Layer, txHash: string): Promise<bigint> {
    return (await accrued(l, txHash)).reduce((a, e) => a + e.taoIn + e.taoBuy, 0n);
  }

  describe("deployment", function () {
    it("wires TAO, the registry and Staking under the protocol AccessManager", async function () {
      const l = await loadFixture(deployLayer);
      const a = l.addresses;
      expect(await l.coinbase.tao()).to.equal(a.Tao);
      expect(await l.coinbase.registry()).to.equal(a.SubnetRegistry);
      expect(await l.coinbase.staking()).to.equal(a.Staking);
      expect(await l.coinbase.authority()).to.equal(a.ProtocolAccessManager);
      expect(await l.coinbase.OWNER_CUT()).to.equal(11_796n);
    });
  });

  describe("addSubnet", function () {
    it("startCall adds the subnet: SubnetAdded(netuid, next block), lastEpochBlock = start, due a tempo later", async function () {
      const l = await loadFixture(deployLayer);
      const s = await registerSubnet(l, { start: false });
      const start = (await blockNumber()) + 1n;
      await expect(l.registry.connect(s.owner).startCall(s.netuid))
        .to.emit(l.coinbase, "SubnetAdded")
        .withArgs(s.netuid, start + 1n);
      expect(await l.coinbase.lastEpochBlock(s.netuid)).to.equal(start);
      expect(await l.coinbase.epochsSettled(s.netuid)).to.equal(0n);
      expect(await l.coinbase.dueBlock(s.netuid)).to.equal(start + 360n); // default tempo
      expect(await l.coinbase.isDue(s.netuid)).to.equal(false);
      expect(toBuckets(await l.coinbase.pending(s.netuid))).to.deep.equal(ZERO_BUCKETS);
    });

    it("reverts with AccessManagedUnauthorized for anyone but the registry, the admin included", async function () {
      const f = await loadFixture(oneSubnet);
      for (const caller of [f.stranger, f.deployer]) {
        await expect(f.coinbase.connect(caller).addSubnet(7))
          .to.be.revertedWithCustomError(f.coinbase, "AccessManagedUnauthorized")
          .withArgs(caller.address);
        await expect(f.coinbase.connect(caller).setTempo(f.subnet.netuid, 7))
          .to.be.revertedWithCustomError(f.coinbase, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("keeps the registry's tempo: read at the start, then pushed by every change (setTempo)", async function () {
      const f = await loadFixture(oneSubnet);
      expect(await f.coinbase.dueBlock(f.subnet.netuid)).to.equal(f.subnet.startBlock + 10n);
      await setTempo(f, f.subnet.netuid, 100);
      // A change resets the cycle (spec §2.6 set_tempo): due 100 blocks after it.
      expect(await f.coinbase.dueBlock(f.subnet.netuid)).to.equal((await blockNumber()) + 100n);
      // Before startCall the registry's value is what addSubnet reads.
      const idle = await registerSubnet(f, { start: false });
      await setTempo(f, idle.netuid, 50);
      const receipt = await (await f.registry.connect(idle.owner).startCall(idle.netuid)).wait();
      expect(await f.coinbase.dueBlock(idle.netuid)).to.equal(BigInt(receipt!.blockNumber) + 50n);
    });

    it("reverts with CoinbaseSubnetExists for a started subnet", async function () {
      const f = await loadFixture(oneSubnet);
      await expect(f.coinbase.connect(f.registrar).addSubnet(f.subnet.netuid))
        .to.be.revertedWithCustomError(f.coinbase, "CoinbaseSubnetExists")
        .withArgs(f.subnet.netuid);
    });

    it("reverts with CoinbaseUnknownSubnet when Staking has no pool for the netuid", async function () {
      const f = await loadFixture(oneSubnet);
      await expect(f.coinbase.connect(f.registrar).addSubnet(42))
        .to.be.revertedWithCustomError(f.coinbase, "CoinbaseUnknownSubnet")
        .withArgs(42);
    });

    it("accrues no other subnet, and the new subnet (EMA price 0) takes no share until its price moves", async function () {
      const f = await loadFixture(oneSubnet);
      await mine(5);
      const second = await registerSubnet(f, { start: false });
      const tx = await f.registry.connect(second.owner).startCall(second.netuid);
      expect(await accrued(f, tx.hash)).to.deep.equal([]); // its cost does not grow with the subnets
      const [poolTao] = await f.staking.pool(second.netuid);
      expect(poolTao).to.equal((await f.registry.subnet(second.netuid)).lockCost);
      await mine(3);
      const [event] = await accrued(f, (await f.coinbase.accrueSubnet(second.netuid)).hash);
      // Its stored EMA price was 0 over the whole range: no share, and its pool kept only its lock.
      expect(event).to.include({ netuid: second.netuid, taoShare: 0n });
      expect((await f.staking.pool(second.netuid))[0]).to.equal(poolTao);
      expect(await f.coinbase.movingPrice(second.netuid)).to.be.greaterThan(0n);
    });
  });

  describe("views", function () {
    it("revert with CoinbaseUnknownSubnet for a subnet that was never started", async function () {
      const f = await loadFixture(oneSubnet);
      const registered = await registerSubnet(f, { start: false });
      for (const netuid of [registered.netuid, 99]) {
        for (const call of [
          () => f.coinbase.pending(netuid),
          () => f.coinbase.alphaIssuance(netuid),
          () => f.coinbase.lastEpochBlock(netuid),
          () => f.coinbase.epochsSettled(netuid),
          () => f.coinbase.dueBlock(netuid),
          () => f.coinbase.isDue(netuid),
          () => f.coinbase.minerBurned(netuid),
        ]) {
          await expect(call()).to.be.revertedWithCustomError(f.coinbase, "CoinbaseUnknownSubnet").withArgs(netuid);
        }
      }
    });

    it("pending and alphaIssuance equal what accrue() stores in the same block", async function () {
      const f = await loadFixture(oneSubnet);
      await mine(4);
      const alpha = await alphaToken(f, f.subnet.netuid);
      const pendingView = toBuckets(await f.coinbase.pending(f.subnet.netuid, { blockTag: "pending" }));
      const issuanceView = await f.coinbase.alphaIssuance(f.subnet.netuid, { blockTag: "pending" });
      await f.coinbase.accrue();
      const stored = toBuckets(await f.coinbase.pending(f.subnet.netuid));
      expect(stored).to.deep.equal(pendingView);
      const unminted = await f.coinbase.unmintedAlpha(f.subnet.netuid);
      expect(unminted).to.be.greaterThan(0n); // the U96F32 split's fractions: 2 rao a block in era 0
      expect(issuanceView).to.equal((await alpha.totalSupply()) + sumBuckets(stored) + unminted);
      // The view includes the α the range's TAO injection mints: it is more than supply + pending before accrual.
      expect(issuanceView).to.equal(await f.coinbase.alphaIssuance(f.subnet.netuid));
    });
  });

  describe("TAO emission", function () {
    it("mints each block's emission to Staking; with no root stake (rp = 0) all of it is a chain buy (§2.4)", async function () {
      const f = await loadFixture(oneSubnet);
      const issuance = await f.tao.totalSupply();
      const stakingBalance = await f.tao.balanceOf(f.addresses.Staking);
      const [taoReserve, alphaReserve] = await f.staking.pool(f.subnet.netuid);
      const protocolBefore = await f.staking.protocolAlpha(f.subnet.netuid);
      await mine(9);
      const tx = await f.coinbase.accrue();
      const to = await blockNumber();
      const expected = taoBlockByBlock(issuance, to - f.lastAccrual, 1n).share;
      expect(expected).to.equal(10n * ONE);
      // The injection cap rp · A is 0: nothing is injected, the whole E buys α fee-free for the protocol.
      const bought = (alphaReserve * expected) / (taoReserve + expected);
      await expect(tx)
        .to.emit(f.coinbase, "SubnetAccrued")
        .withArgs(f.subnet.netuid, f.lastAccrual + 1n, to, expected, 0n, 0n, expected, anyValue)
        .and.to.emit(f.staking, "ProtocolBought")
        .withArgs(f.subnet.netuid, expected, bought);
      await expect(tx).to.not.emit(f.staking, "Injected");
      expect(await f.tao.totalSupply()).to.equal(issuance + expected);
      expect(await f.tao.balanceOf(f.addresses.Staking)).to.equal(stakingBalance + expected);
      expect(await f.staking.pool(f.subnet.netuid)).to.deep.equal([taoReserve + expected, alphaReserve - bought]);
      expect(await f.staking.protocolAlpha(f.subnet.netuid)).to.equal(protocolBefore + bought);
    });

    it("splits each block equally among subnets of equal EMA price; each keeps its fraction of a rao", async function () {
      const l = await loadFixture(deployLayer);
      const subnets = [await registerSubnet(l), await registerSubnet(l), await registerSubnet(l)];
      await instantEma(l, subnets.map((s) => s.netuid)); // every EMA price 1 from here on
      const lastAccrual = await blockNumber();
      const issuance = await l.tao.totalSupply();
      const reserves = await Promise.all(subnets.map(async (s) => (await l.staking.pool(s.netuid))[0]));
      await mine(20);
      const tx = await l.coinbase.accrue();
      const blocks = (await blockNumber()) - lastAccrual;
      // 333_333_333⅓ a block each: the fractions add up to whole rao instead of being recycled.
      const { share } = taoBlockByBlock(issuance, blocks, 3n);
      expect(share).to.equal((blocks * ONE) / 3n);
      expect(await minted(l, tx.hash)).to.equal(3n * share);
      expect(await l.tao.totalSupply()).to.equal(issuance + 3n * share);
      for (const [i, s] of subnets.entries()) {
        expect((await l.staking.pool(s.netuid))[0] - reserves[i], `subnet ${s.netuid}`).to.equal(share);
      }
    });

    it("a new subnet's EMA price starts at 0 (§2.3): it takes no TAO until an accrual has moved it", async function () {
      const l = await loadFixture(deployLayer);
      const first = await registerSubnet(l);
      await mine(3);
      await l.coinbase.accrue(); // the first subnet's EMA moves off 0
      const second = await registerSubnet(l);
      expect(await l.coinbase.movingPrice(second.netuid)).to.equal(0n);
      expect(await l.coinbase.movingPrice(first.netuid)).to.be.greaterThan(0n);
      const [lockB] = await l.staking.pool(second.netuid);
      await mine(4);
      const events = await accrued(l, (await l.coinbase.accrue()).hash);
      const byNetuid = new Map(events.map((e) => [e.netuid, e]));
      // The first subnet alone held weight over the range: all of each block's emission.
      const range = byNetuid.get(first.netuid)!;
      expect(range.taoShare).to.equal((range.toBlock - range.fromBlock + 1n) * ONE);
      expect(byNetuid.get(second.netuid)!.taoShare).to.equal(0n);
      expect((await l.staking.pool(second.netuid))[0]).to.equal(lockB);
      // Its EMA moved (the first block of its life: a = 3e-6 · 1 / (1 + 201_600), spot capped at 1).
      expect(await l.coinbase.movingPrice(second.netuid)).to.be.greaterThan(0n);
    });

    it("accrues a block once: a second accrue() in the same block does nothing", async function () {
      const f = await loadFixture(oneSubnet);
      await mine(3);
      await network.provider.send("evm_setAutomine", [false]);
      try {
        const first = await f.coinbase.accrue();
        const second = await f.coinbase.accrue();
        await network.provider.send("evm_mine", []);
        expect(await accrued(f, first.hash)).to.have.length(1);
        expect(await accrued(f, second.hash)).to.have.length(0);
      } finally {
        await network.provider.send("evm_setAutomine", [true]);
      }
    });

    it("with no started subnet, accrues the range and mints nothing", async function () {
      const l = await loadFixture(deployLayer);
      const { netuid } = await registerSubnet(l, { start: false });
      const issuance = await l.tao.totalSupply();
      await mine(5);
      for (const tx of [await l.coinbase.accrue(), await l.coinbase.accrueSubnet(netuid), await l.coinbase.accrueSubnet(0)]) {
        expect(await accrued(l, tx.hash)).to.deep.equal([]);
      }
      expect(await l.tao.totalSupply()).to.equal(issuance);
    });

    it("injects at the spot price: alphaIn = floor(taoIn · α reserve / TAO reserve), below the root cap", async function () {
      const f = await loadFixture(oneSubnet);
      // Root stake and τ = 1 make rp ≈ 1, so the cap rp · A does not bind; a stake moves the price off 1.0
      // so the floor matters.
      const staker = await fundedWallet(f, tao(100_050));
      await (await f.tao.connect(staker).approve(f.addresses.Staking, tao(100_050))).wait();
      await (await f.staking.connect(staker).addStake(f.subnet.ownerHotkey, 0, tao(100_000))).wait();
      await (await f.staking.connect(f.deployer).setTaoWeight((1n << 64n) - 1n)).wait();
      await (await f.staking.connect(staker).addStake(f.subnet.ownerHotkey, f.subnet.netuid, tao(37))).wait();
      await mine(2);
      const [taoReserve, alphaReserve] = await f.staking.pool(f.subnet.netuid);
      const price = await f.staking.spotPrice(f.subnet.netuid);
      const tx = await f.coinbase.accrue();
      const [event] = await accrued(f, tx.hash);
      const taoIn = event.taoShare;
      expect(event.taoIn).to.equal(taoIn); // all of it injected: the cap does not bind
      const alphaIn = (taoIn * alphaReserve) / taoReserve;
      expect(alphaIn * taoReserve).to.not.equal(taoIn * alphaReserve); // the floor is exercised
      await expect(tx).to.emit(f.staking, "Injected").withArgs(f.subnet.netuid, taoIn, alphaIn);
      expect(await f.staking.pool(f.subnet.netuid)).to.deep.equal([taoReserve + taoIn, alphaReserve + alphaIn]);
      // The floor can only raise the price, by less than one rao per α.
      const after = await f.staking.spotPrice(f.subnet.netuid);
      expect(after - price).to.be.within(0n, 1n);
    });

    it("crosses a TAO halving inside one accrued range in closed form, to the rao", async function () {
      const l = await loadFixture(deployLayer);
      const subnets = [await registerSubnet(l), await registerSubnet(l), await registerSubnet(l)];
      await instantEma(l, subnets.map((s) => s.netuid)); // equal shares
      await grantRole(l, ROLES.COINBASE, l.deployer.address); // the mint role, for this test only
      // Put the issuance 4.5 blocks (of 3 · 333_333_333 minted) below the first halving.
      const half = eraStart(1n);
      const target = half - (9n * ONE) / 2n;
      await (await l.tao.connect(l.deployer).mint(l.deployer.address, target - (await l.tao.totalSupply()))).wait();
      await l.coinbase.accrue(); // the mint did not accrue; this one uses the new issuance from the last accrual
      const issuance = await l.tao.totalSupply();
      const lastAccrual = await blockNumber();
      const reserves = await Promise.all(subnets.map(async (s) => (await l.staking.pool(s.netuid))[0]));
      await mine(12);
      const tx = await l.coinbase.accrue();
      const blocks = (await blockNumber()) - lastAccrual;
      const reference = taoBlockByBlock(issuance, blocks, 3n);
      // Sanity: the range really crosses into era 1 (166_666_666 a subnet per block there).
      expect(issuance < half && reference.issuance > half).to.equal(true);
      // Each subnet carried a fraction of a rao into the range, so its share is the reference's or 1 rao more.
      const shares = (await accrued(l, tx.hash)).map((e) => e.taoShare);
      expect(shares).to.have.length(3);
      for (const share of shares) expect(share).to.be.within(reference.share, reference.share + 1n);
      expect(await l.tao.totalSupply()).to.equal(issuance + shares.reduce((a, b) => a + b, 0n));
      for (const [i, s] of subnets.entries()) expect((await l.staking.pool(s.netuid))[0] - reserves[i]).to.equal(shares[i]);
    });

    it("closed form equals the block-by-block reference near every halving (random issuances, ranges, subnet counts)", async function () {
      const { harness: h } = await loadFixture(harness);
      const arb = fc
        .record({
          k: fc.bigInt({ min: 0n, max: 31n }),
          blocks: fc.bigInt({ min: 0n, max: 2_000n }),
          count: fc.bigInt({ min: 1n, max: 64n }),
          offset: fc.bigInt({ min: -2_000n, max: 2_000n }),
        })
        .map(({ k, blocks, count, offset }) => {
          return { issuance: issuanceNearEra(k, offset), blocks, count };
        });
      await fc.assert(
        fc.asyncProperty(arb, async ({ issuance, blocks, count }) => {
          const [share, issued] = await h.taoShare(issuance, blocks, count);
          const reference = taoBlockByBlock(issuance, blocks, count);
          expect(share).to.equal(reference.share);
          expect(issuance + issued).to.equal(reference.issuance);
        }),
        { numRuns: 150 },
      );
    });

    it("closed form runs through every era to the end of emission in a handful of steps", async function () {
      const { harness: h } = await loadFixture(harness);
      // From zero issuance, one subnet, 2^40 blocks: everything until emission stops at era 30 is minted.
      expect((await h.taoShare(0n, 1n << 40n, 1n))[0]).to.equal(eraStart(30n));
      expect(await h.taoShare.estimateGas(0n, 1n << 40n, 1n)).to.be.lessThan(150_000n);
      // With 3 subnets each unit of weight earns E/3 rounded up (in 2^-128 rao): the issuance overshoots the
      // schedule by under 3 · 2^-128 rao a block, and the emission still stops at era 30.
      const [three, issued] = await h.taoShare(0n, 1n << 40n, 3n);
      expect(issued).to.equal(eraStart(30n));
      expect(eraStart(30n) - 3n * three).to.be.within(0n, 2n);
      expect((await h.taoShare(TOTAL_SUPPLY, 10n, 1n))[0]).to.equal(0n);
      expect((await h.taoShare(123n, 0n, 1n))[0]).to.equal(0n);
    });
  });

  describe("α emission", function () {
    it("splits each block's α: owner cut 11_796/65_535, half of the rest to miners, the rest to validators, 0 root", async function () {
      const f = await loadFixture(oneSubnet);
      // subtensor's U96F32: 410_002_288 each (issue 18; the exact rational split gave 410_002_289), 2 rao in no bucket.
      expect(PER_BLOCK).to.deep.equal({ server: 410_002_288n, validator: 410_002_288n, ownerCut: 179_995_422n, root: 0n });
      // The subnet started at startBlock; α accrues from the next block on.
      await atBlock(f.subnet.startBlock + 6n, () => f.coinbase.accrue());
      expect(toBuckets(await f.coinbase.pending(f.subnet.netuid))).to.deep.equal(scaleBuckets(PER_BLOCK, 6n));
    });

    it("α issuance is the token supply plus pending plus unminted; drained α stays counted once recorded undistributed", async function () {
      const f = await loadFixture(oneSubnet);
      const alpha = await alphaToken(f, f.subnet.netuid);
      const due = await f.coinbase.dueBlock(f.subnet.netuid);
      await atBlock(due, () => f.coinbase.accrue());
      const supply = await alpha.totalSupply();
      const pending = toBuckets(await f.coinbase.pending(f.subnet.netuid));
      const unminted = await f.coinbase.unmintedAlpha(f.subnet.netuid);
      expect(unminted).to.equal(2n * (due - f.subnet.startBlock)); // the split's 2 rao a block (era 0, no root)
      const before = supply + sumBuckets(pending) + unminted;
      expect(await f.coinbase.alphaIssuance(f.subnet.netuid)).to.equal(before);
      await atBlock(due + 1n, () => f.coinbase.connect(f.drainer).drain(f.subnet.netuid, due));
      // The drainer minted nothing: the whole epoch's α left the issuance; what is pending now is the next
      // epoch's first block, accrued by the drain itself. No root stake: the drain block's TAO was a chain
      // buy, which moves α from the reserve to the protocol and mints none.
      expect(await alpha.totalSupply()).to.equal(supply);
      const next = toBuckets(await f.coinbase.pending(f.subnet.netuid));
      expect(next).to.deep.equal(scaleBuckets(PER_BLOCK, 1n));
      const perBlock = ONE; // A, all counted (buckets + 2 rao of fractions)
      expect(await f.coinbase.alphaIssuance(f.subnet.netuid)).to.equal(before - sumBuckets(pending) + perBlock);
      // The settlement records what it drained and did not mint: subtensor keeps it in SubnetAlphaOut.
      await expect(f.coinbase.connect(f.drainer).recordUndistributed(f.subnet.netuid, sumBuckets(pending)))
        .to.emit(f.coinbase, "UndistributedRecorded")
        .withArgs(f.subnet.netuid, sumBuckets(pending));
      expect(await f.coinbase.alphaIssuance(f.subnet.netuid)).to.equal(before + 2n * perBlock); // one more block accrued
      await expect(f.coinbase.connect(f.stranger).recordUndistributed(f.subnet.netuid, 1n))
        .to.be.revertedWithCustomError(f.coinbase, "AccessManagedUnauthorized")
        .withArgs(f.stranger.address);
      await expect(f.coinbase.connect(f.drainer).recordUndistributed(99, 1n))
        .to.be.revertedWithCustomError(f.coinbase, "CoinbaseUnknownSubnet")
        .withArgs(99);
    });

    it("stops at the due block until the epoch is drained, while TAO keeps flowing", async function () {
      const f = await loadFixture(oneSubnet);
      const due = await f.coinbase.dueBlock(f.subnet.netuid);
      expect(due).to.equal(f.subnet.startBlock + 10n);
      await mineTo(due - 1n);
      expect(await f.coinbase.isDue(f.subnet.netuid)).to.equal(false);
      await mine(1);
      expect(await f.coinbase.isDue(f.subnet.netuid)).to.equal(true);
      const atDue = toBuckets(await f.coinbase.pending(f.subnet.netuid));
      expect(atDue).to.deep.equal(scaleBuckets(PER_BLOCK, 10n));
      await mine(15);
      expect(toBuckets(await f.coinbase.pending(f.subnet.netuid))).to.deep.equal(atDue);
      const [taoBefore] = await f.staking.pool(f.subnet.netuid);
      await f.coinbase.accrue();
      expect(toBuckets(await f.coinbase.pending(f.subnet.netuid))).to.deep.equal(atDue);
      expect((await f.staking.pool(f.subnet.netuid))[0]).to.be.greaterThan(taoBefore);
      expect(await f.coinbase.dueBlock(f.subnet.netuid)).to.equal(due);
    });

    it("resumes from the snapshot block after the drain: the blocks after it belong to the next epoch", async function () {
      const f = await loadFixture(oneSubnet);
      const due = await f.coinbase.dueBlock(f.subnet.netuid);
      const drainBlock = due + 4n;
      await atBlock(drainBlock, () => f.coinbase.connect(f.drainer).drain(f.subnet.netuid, due));
      // The drain accrues the blocks after the snapshot at once, so the view is current in its block.
      expect(toBuckets(await f.coinbase.pending(f.subnet.netuid))).to.deep.equal(scaleBuckets(PER_BLOCK, 4n));
      await mine(1);
      expect(toBuckets(await f.coinbase.pending(f.subnet.netuid))).to.deep.equal(scaleBuckets(PER_BLOCK, 5n));
      await mineTo(due + 10n + 3n);
      expect(await f.coinbase.dueBlock(f.subnet.netuid)).to.equal(due + 10n);
      expect(toBuckets(await f.coinbase.pending(f.subnet.netuid))).to.deep.equal(scaleBuckets(PER_BLOCK, 10n));
    });

    it("accrues the blocks after the snapshot from the issuance that still counts the drained α (issue 18's drain bug)", async function () {
      const f = await loadFixture(oneSubnet);
      // Root stake, so the root proportion (and with it the validator and root buckets) reads the issuance.
      const staker = await fundedWallet(f, tao(1_000));
      await (await f.tao.connect(staker).approve(f.addresses.Staking, tao(1_000))).wait();
      await (await f.staking.connect(staker).addStake(f.subnet.ownerHotkey, 0, tao(1_000))).wait();
      const due = await f.coinbase.dueBlock(f.subnet.netuid);
      if ((await blockNumber()) < due) await mineTo(due);
      await (await f.coinbase.accrueSubnet(f.subnet.netuid)).wait(); // α up to the due block, root inputs read
      const drained = toBuckets(await f.coinbase.pending(f.subnet.netuid));
      const unminted = await f.coinbase.unmintedAlpha(f.subnet.netuid);
      const [rootTao] = await f.staking.pool(0);
      const bits = rootBits(rootTao, await f.staking.taoWeight());
      const { harness: h } = await harness();
      const drainBlock = (await blockNumber()) + 2n;
      await atBlock(drainBlock, () => f.coinbase.connect(f.drainer).drain(f.subnet.netuid, due));
      // The drain's own accrual injected its block's α into the pool (the token supply); the drained buckets
      // are minted by the settlement after it, so the issuance counts them. Before the fix the 4 blocks after
      // the snapshot were split with them left out.
      const supply = await (await alphaToken(f, f.subnet.netuid)).totalSupply();
      const after = drainBlock - due;
      const expected = toBuckets((await h.alphaBucketsWithRoot(supply + sumBuckets(drained) + unminted, after, bits, false)).p);
      const without = toBuckets((await h.alphaBucketsWithRoot(supply + unminted, after, bits, false)).p);
      expect(expected, "the issuance matters here").to.not.deep.equal(without);
      expect(toBuckets(await f.coinbase.pending(f.subnet.netuid))).to.deep.equal(expected);
    });

    it("after a late drain (past the next due block), the next epoch is due at the drain block and holds its α", async function () {
      const f = await loadFixture(oneSubnet);
      const due = await f.coinbase.dueBlock(f.subnet.netuid);
      const drainBlock = due + 10n + 3n; // the next due block would have been due + 10
      await atBlock(drainBlock, () => f.coinbase.connect(f.drainer).drain(f.subnet.netuid, due));
      // The next snapshot must be a state that already holds this settlement: the drain block itself.
      expect(await f.coinbase.dueBlock(f.subnet.netuid)).to.equal(drainBlock);
      expect(await f.coinbase.isDue(f.subnet.netuid)).to.equal(true);
      const atDrain = toBuckets(await f.coinbase.pending(f.subnet.netuid, { blockTag: Number(drainBlock) }));
      expect(atDrain).to.deep.equal(scaleBuckets(PER_BLOCK, 13n));
      await mine(5); // frozen at the new due block
      expect(toBuckets(await f.coinbase.pending(f.subnet.netuid))).to.deep.equal(atDrain);
      const tx = f.coinbase.connect(f.drainer).drain(f.subnet.netuid, drainBlock);
      await expect(tx).to.emit(f.coinbase, "PendingDrained");
      expect(await f.coinbase.dueBlock(f.subnet.netuid)).to.equal(drainBlock + 10n);
    });

    it("gives the same buckets at the due block whether accrue() runs every block or once", async function () {
      const everyBlock = await loadFixture(oneSubnet);
      const due = await everyBlock.coinbase.dueBlock(everyBlock.subnet.netuid);
      while ((await blockNumber()) < due) await everyBlock.coinbase.accrue();
      const a = toBuckets(await everyBlock.coinbase.pending(everyBlock.subnet.netuid));

      const once = await loadFixture(oneSubnet);
      await atBlock(due + 3n, () => once.coinbase.accrue());
      const b = toBuckets(await once.coinbase.pending(once.subnet.netuid));
      expect(a).to.deep.equal(b);
      expect(a).to.deep.equal(scaleBuckets(PER_BLOCK, 10n));
    });

    it("property: the buckets drained at each due block do not depend on when accrual runs", async function () {
      // Each step is one block: 0 = empty, 1 = accrue(), 2 = a registration on subnet a (accrues, recycles α);
      // once subnet a's epoch is due its registrations are frozen (RegistryEpochPending), so 2 accrues instead.
      const steps = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 12, maxLength: 12 });
      await fc.assert(
        fc.asyncProperty(steps, async (pattern) => {
          const f = await loadFixture(twoSubnets);
          const issuance = await f.tao.totalSupply();
          const from = await blockNumber(); // the last setTempo accrued up to here
          const coldkey = await fundedWallet(f, tao(100));
          let registered = 0;
          for (const step of pattern) {
            if (step === 0) await mine(1);
            else if (step === 1) await f.coinbase.accrue();
            else if ((await f.coinbase.dueBlock(f.a.netuid)) <= (await blockNumber()) + 2n) await f.coinbase.accrue(); // approve + register: two blocks
            else await registerNeuron(f, f.a.netuid, coldkey, ethers.Wallet.createRandom().address).then(() => registered++);
          }
          const dueA = await f.coinbase.dueBlock(f.a.netuid);
          const dueB = await f.coinbase.dueBlock(f.b.netuid);
          expect(await f.coinbase.pending(f.a.netuid).then(toBuckets)).to.deep.equal(scaleBuckets(PER_BLOCK, 7n));
          expect(await f.coinbase.pending(f.b.netuid).then(toBuckets)).to.deep.equal(scaleBuckets(PER_BLOCK, 11n));
          // The drains return exactly those buckets, and TAO followed the same rule throughout.
          const drained = await f.coinbase.connect(f.drainer).drain.staticCall(f.a.netuid, dueA);
          expect(toBuckets(drained)).to.deep.equal(scaleBuckets(PER_BLOCK, 7n));
          await f.coinbase.connect(f.drainer).drain(f.a.netuid, dueA);
          await f.coinbase.connect(f.drainer).drain(f.b.netuid, dueB);
          await f.coinbase.accrue();
          // TAO: both subnets accrued in this block; each holds a fraction of a rao at most.
          const expected = taoBlockByBlock(issuance, (await blockNumber()) - from, 2n);
          expect(expected.issuance - (await f.tao.totalSupply())).to.be.within(0n, 1n);
          expect(registered).to.be.at.most(pattern.filter((s) => s === 2).length);
        }),
        { numRuns: 12 },
      );
    });

    it("closed form equals the block-by-block reference across α halvings (random issuances and ranges)", async function () {
      const { harness: h } = await loadFixture(harness);
      const arb = fc
        .record({
          k: fc.bigInt({ min: 1n, max: 31n }),
          blocks: fc.bigInt({ min: 0n, max: 2_000n }),
          offset: fc.bigInt({ min: -2_000n, max: 500n }),
        })
        .map(({ k, blocks, offset }) => {
          const e = blockEmission(eraStart(k) - 1n);
          const issuance = eraStart(k) + offset * (e > 0n ? e : 1n);
          return { issuance: issuance < 0n ? 0n : issuance, blocks };
        });
      await fc.assert(
        fc.asyncProperty(arb, async ({ issuance, blocks }) => {
          const got = toBuckets(await h.alphaBuckets(issuance, blocks));
          expect(got).to.deep.equal(alphaBlockByBlock(issuance, blocks).buckets);
        }),
        { numRuns: 150 },
      );
    });

    it("closed form with root stake: one block exact, longer ranges within the midpoint rule's bound (sell flag)", async function () {
      const { harness: h } = await loadFixture(harness);
      const arb = fc
        .record({
          k: fc.bigInt({ min: 1n, max: 29n }),
          blocks: fc.bigInt({ min: 0n, max: 2_000n }),
          offset: fc.bigInt({ min: -2_000n, max: 500n }),
          // Root TAO up to 21M TAO, TaoWeight up to 1.
          rootTao: fc.bigInt({ min: 0n, max: TOTAL_SUPPLY }),
          taoWeight: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
          sell: fc.boolean(),
        })
        .map(({ k, blocks, offset, rootTao, taoWeight, sell }) => {
          const e = blockEmission(eraStart(k) - 1n);
          const issuance = eraStart(k) + offset * (e > 0n ? e : 1n);
          return { issuance: issuance < 0n ? 0n : issuance, blocks, rootTao, taoWeight, sell };
        });
      await fc.assert(
        fc.asyncProperty(arb, async ({ issuance, blocks, rootTao, taoWeight, sell }) => {
          const [p, issued] = await h.alphaBucketsWithRoot(issuance, blocks, rootBits(rootTao, taoWeight), sell);
          const got = toBuckets(p);
          // Block by block: rp from the issuance each block starts from; recycled root α leaves the issuance.
          let want = ZERO_BUCKETS;
          let i = issuance;
          for (let b = 0n; b < blocks; b++) {
            const a = blockEmission(i);
            const split = splitAlpha(a, rootPropBits(rootTao, taoWeight, i));
            want = addBuckets(want, { ...split, root: sell ? split.root : 0n });
            i += sell ? a : a - split.root;
          }
          if (blocks <= 1n) {
            expect(got).to.deep.equal(want);
            expect(issuance + issued).to.equal(i);
          }
          // Without the sell flag the recycled root α slows the issuance, so an α halving inside the range can
          // fall a block apart between the two (the chunks' root is their middle block's): one block of A.
          const crosses = blockEmission(issuance) !== blockEmission(i);
          const shift = !sell && crosses ? blockEmission(issuance) : 0n;
          expect(got.ownerCut - want.ownerCut).to.be.within(-shift, shift);
          expect(got.server - want.server).to.be.within(-shift, shift);
          // rp moves by a relative A / issuance a block; each chunk takes its middle block's, whose issuance it
          // estimates with A a block (without the recycled root part): a bias of about 1e-6 relative here.
          const tolerance = blocks + want.validator / 100_000n + shift;
          expect(got.validator - want.validator).to.be.within(-tolerance, tolerance);
          expect(got.root - want.root).to.be.within(-tolerance, tolerance);
        }),
        { numRuns: 100 },
      );
    });

    it("closed form: every era's split, and nothing once the α emission reaches 0", async function () {
      const { harness: h } = await loadFixture(harness);
      let expectedTotal = ZERO_BUCKETS;
      for (let k = 0n; k < 30n; k++) {
        // Three blocks at the start of era k.
        const got = toBuckets(await h.alphaBuckets(eraStart(k), 3n));
        expect(got, `era ${k}`).to.deep.equal(scaleBuckets(splitAlpha(ONE >> k), 3n));
        expectedTotal = addBuckets(expectedTotal, got);
      }
      expect(expectedTotal.root).to.equal(0n);
      const [p, issued] = await h.alphaBucketsWithRoot(0n, 1n << 40n, 0n, false);
      expect(issued).to.equal(eraStart(30n)); // the whole α schedule, 21M α less the last ~0.02
      // The buckets hold all of it but the U96F32 split's fractions: under 2 rao a block, 0 from era 30 on.
      expect(issued - sumBuckets(toBuckets(p))).to.be.within(1n, 2n * (1n << 30n) * 30n);
      expect(toBuckets(await h.alphaBuckets(eraStart(30n), 1_000n))).to.deep.equal(ZERO_BUCKETS);
      expect(toBuckets(await h.alphaBuckets(TOTAL_SUPPLY, 1_000n))).to.deep.equal(ZERO_BUCKETS);
    });
  });

  describe("TAO shares: MinerBurned and SubnetEmissionEnabled (docs/spec/chain.md §2.1, §2.2)", function () {
    /** Three started subnets; `drainer` holds the settlement role (recordMinerBurned), `registrar` the registry's. */
    async function threeSubnets() {
      const l = await deployLayer();
      const subnets = [await registerSubnet(l), await registerSubnet(l), await registerSubnet(l)];
      const [, drainer, registrar, stranger] = await ethers.getSigners();
      await grantRole(l, ROLES.SETTLEMENT, drainer.address);
      await grantRole(l, ROLES.REGISTRY, registrar.address);
      await instantEma(l, subnets.map((s) => s.netuid)); // every EMA price 1: shares by MinerBurned alone
      return { ...l, subnets, netuids: subnets.map((s) => s.netuid), drainer, registrar, stranger };
    }
    type Three = Awaited<ReturnType<typeof threeSubnets>>;

    async function taoReserves(f: Three): Promise<bigint[]> {
      return Promise.all(f.netuids.map(async (n) => (await f.staking.pool(n))[0]));
    }

    /**
     * Mines `blocks` empty blocks, accrues, and checks each pool's TAO, the event and the supply against the
     * block-by-block reference with `weights`, from the last accrual (the current block).
     */
    async function expectSplit(f: Three, blocks: number, weights: bigint[]): Promise<bigint[]> {
      await f.coinbase.accrue(); // every subnet accrued up to this block
      const issuance = await f.tao.totalSupply();
      const before = await taoReserves(f);
      const lastAccrual = await blockNumber();
      await mine(blocks);
      const tx = await f.coinbase.accrue();
      const reference = taoSplitBlockByBlock(issuance, (await blockNumber()) - lastAccrual, weights);
      const events = await accrued(f, tx.hash);
      const shares = f.netuids.map((n) => events.find((e) => e.netuid === n)!.taoShare);
      // Each subnet carried a fraction of a rao into the range: its share is the reference's or 1 rao more.
      for (const [i, share] of shares.entries()) expect(share - reference.amounts[i], `subnet ${f.netuids[i]}`).to.be.within(0n, 1n);
      const after = await taoReserves(f);
      expect(after.map((r, i) => r - before[i])).to.deep.equal(shares);
      expect(await f.tao.totalSupply()).to.equal(issuance + shares.reduce((a, b) => a + b, 0n));
      return shares;
    }

    it("minerBurned is floor(withheld · 2^32 / total), 0 without incentive; MinerBurnedSet only when it changes", async function () {
      const f = await loadFixture(threeSubnets);
      const [a] = f.netuids;
      expect(await f.coinbase.minerBurned(a)).to.equal(0n);
      const third = MINER_BURNED_ONE / 3n;
      await expect(f.coinbase.connect(f.drainer).recordMinerBurned(a, 1, 3)).to.emit(f.coinbase, "MinerBurnedSet").withArgs(a, third);
      expect(await f.coinbase.minerBurned(a)).to.equal(third);
      await expect(f.coinbase.connect(f.drainer).recordMinerBurned(a, 2, 6)).to.not.emit(f.coinbase, "MinerBurnedSet");
      await expect(f.coinbase.connect(f.drainer).recordMinerBurned(a, 7, 7)).to.emit(f.coinbase, "MinerBurnedSet").withArgs(a, MINER_BURNED_ONE);
      await expect(f.coinbase.connect(f.drainer).recordMinerBurned(a, 0, 0)).to.emit(f.coinbase, "MinerBurnedSet").withArgs(a, 0n);
      // Large amounts: the fixed point keeps 32 fractional bits, floored.
      const total = 123_456_789_012_345n;
      await f.coinbase.connect(f.drainer).recordMinerBurned(a, total - 1n, total);
      expect(await f.coinbase.minerBurned(a)).to.equal(((total - 1n) << 32n) / total);
    });

    it("recordMinerBurned reverts for anyone but the settlement, for an unknown subnet, and above the total", async function () {
      const f = await loadFixture(threeSubnets);
      for (const caller of [f.stranger, f.deployer, f.registrar]) {
        await expect(f.coinbase.connect(caller).recordMinerBurned(f.netuids[0], 0, 0))
          .to.be.revertedWithCustomError(f.coinbase, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
      await expect(f.coinbase.connect(f.drainer).recordMinerBurned(99, 0, 0))
        .to.be.revertedWithCustomError(f.coinbase, "CoinbaseUnknownSubnet")
        .withArgs(99);
      await expect(f.coinbase.connect(f.drainer).recordMinerBurned(f.netuids[0], 5, 4))
        .to.be.revertedWithCustomError(f.coinbase, "CoinbaseWithheldAboveTotal")
        .withArgs(5, 4);
    });

    it("weights each subnet's TAO by 1 - MinerBurned from the next block: floor per subnet and block, the rest recycled", async function () {
      const f = await loadFixture(threeSubnets);
      const [a, b] = f.netuids;
      await f.coinbase.accrue();
      await mine(3);
      // The record accrues the subnet first: its own block and those before it are split equally.
      const issuance = await f.tao.totalSupply();
      const tx = await f.coinbase.connect(f.drainer).recordMinerBurned(a, 1, 4);
      const [first] = await accrued(f, tx.hash);
      expect(first.netuid).to.equal(a);
      expect(first.taoShare - taoBlockByBlock(issuance, 4n, 3n).share).to.be.within(0n, 1n);
      await f.coinbase.connect(f.drainer).recordMinerBurned(b, 1, 2);
      const weights = [3n << 30n, 1n << 31n, 1n << 32n];
      expect(
        taoWeights([
          { minerBurned: 1n << 30n, enabled: true },
          { minerBurned: 1n << 31n, enabled: true },
          { minerBurned: 0n, enabled: true },
        ]),
      ).to.deep.equal(weights);
      const amounts = await expectSplit(f, 9, weights);
      // 3/9, 2/9 and 4/9 of each of the 10 blocks, the fractions carried.
      const exact = [3n, 2n, 4n].map((k) => (10n * k * ONE) / 9n);
      for (const [i, x] of amounts.entries()) expect(x - exact[i]).to.be.within(0n, 1n);
    });

    it("falls back to equal shares when every subnet withheld all its miner incentive", async function () {
      const f = await loadFixture(threeSubnets);
      for (const n of f.netuids) await f.coinbase.connect(f.drainer).recordMinerBurned(n, 10, 10);
      await expectSplit(f, 6, [1n, 1n, 1n]);
    });

    it("subnetEmissionEnabled is true by default, for started and unknown subnets alike", async function () {
      const f = await loadFixture(threeSubnets);
      for (const n of [...f.netuids, 99]) expect(await f.coinbase.subnetEmissionEnabled(n)).to.equal(true);
    });

    it("a disabled subnet gets no TAO (the others renormalise) while its α still flows; the switch accrues first", async function () {
      const f = await loadFixture(threeSubnets);
      const [, , c] = f.netuids;
      await setTempo(f, c, 1000); // accrues
      const issuance = await f.tao.totalSupply();
      const from = await blockNumber();
      await mine(2);
      const tx = await f.coinbase.connect(f.deployer).setSubnetEmissionEnabled(c, false);
      await expect(tx).to.emit(f.coinbase, "SubnetEmissionEnabledSet").withArgs(c, false);
      const [switched] = await accrued(f, tx.hash);
      expect(switched.netuid).to.equal(c);
      expect(switched.taoShare - taoBlockByBlock(issuance, (await blockNumber()) - from, 3n).share).to.be.within(0n, 1n);
      expect(await f.coinbase.subnetEmissionEnabled(c)).to.equal(false);
      const pendingBefore = toBuckets(await f.coinbase.pending(c));
      const amounts = await expectSplit(f, 7, [1n << 32n, 1n << 32n, 0n]);
      expect(amounts).to.deep.equal([4n * ONE, 4n * ONE, 0n]); // half a TAO a block each
      // α: the block of expectSplit's first accrual and the 8 it measured.
      expect(toBuckets(await f.coinbase.pending(c))).to.deep.equal(addBuckets(pendingBefore, scaleBuckets(PER_BLOCK, 9n)));
      // Re-enabled, it takes its share again from the next block.
      await expect(f.coinbase.connect(f.deployer).setSubnetEmissionEnabled(c, true))
        .to.emit(f.coinbase, "SubnetEmissionEnabledSet")
        .withArgs(c, true);
      await expectSplit(f, 4, [1n, 1n, 1n]);
    });

    it("with every subnet disabled nothing is minted; α keeps flowing", async function () {
      const f = await loadFixture(threeSubnets);
      for (const n of f.netuids) await f.coinbase.setSubnetEmissionEnabled(n, false);
      const issuance = await f.tao.totalSupply();
      const pendingBefore = toBuckets(await f.coinbase.pending(f.netuids[0]));
      await mine(5);
      const tx = await f.coinbase.accrue();
      expect(await minted(f, tx.hash)).to.equal(0n);
      await expect(tx).to.not.emit(f.staking, "Injected");
      expect(await f.tao.totalSupply()).to.equal(issuance);
      expect(toBuckets(await f.coinbase.pending(f.netuids[0]))).to.deep.equal(addBuckets(pendingBefore, scaleBuckets(PER_BLOCK, 6n)));
    });

    it("tests the fallback over all subnets, disabled ones included: enabled subnets of weight 0 then get nothing", async function () {
      // subtensor normalises the weights over every emitting subnet before zeroing the disabled ones, and falls
      // back to unweighted shares only if all weights are 0: here the disabled subnet's weight keeps them.
      const f = await loadFixture(threeSubnets);
      const [a, b, c] = f.netuids;
      await f.coinbase.connect(f.drainer).recordMinerBurned(a, 1, 1);
      await f.coinbase.connect(f.drainer).recordMinerBurned(b, 1, 1);
      await f.coinbase.setSubnetEmissionEnabled(c, false);
      expect(
        taoWeights([
          { minerBurned: MINER_BURNED_ONE, enabled: true },
          { minerBurned: MINER_BURNED_ONE, enabled: true },
          { minerBurned: 0n, enabled: false },
        ]),
      ).to.deep.equal([0n, 0n, 0n]);
      await expectSplit(f, 3, [0n, 0n, 0n]);
      // With c withholding everything too, the fallback applies: a and b share equally.
      await f.coinbase.connect(f.drainer).recordMinerBurned(c, 1, 1);
      await expectSplit(f, 3, [1n, 1n, 0n]);
    });

    it("governance can switch a registered subnet off before it starts: it starts without TAO", async function () {
      const f = await loadFixture(threeSubnets);
      const late = await registerSubnet(f, { start: false });
      await expect(f.coinbase.setSubnetEmissionEnabled(late.netuid, false))
        .to.emit(f.coinbase, "SubnetEmissionEnabledSet")
        .withArgs(late.netuid, false);
      await (await f.registry.connect(late.owner).startCall(late.netuid)).wait();
      const [before] = await f.staking.pool(late.netuid);
      await mine(5);
      await f.coinbase.accrue();
      expect((await f.staking.pool(late.netuid))[0]).to.equal(before);
      // Its α flows: every block's A, in the buckets or (the split's fractions) in its unminted α.
      const pending = sumBuckets(toBuckets(await f.coinbase.pending(late.netuid)));
      expect(pending + (await f.coinbase.unmintedAlpha(late.netuid))).to.equal(6n * ONE);
    });

    it("setSubnetEmissionEnabled reverts for anyone but governance, and for a netuid without a pool", async function () {
      const f = await loadFixture(threeSubnets);
      for (const caller of [f.stranger, f.drainer, f.registrar]) {
        await expect(f.coinbase.connect(caller).setSubnetEmissionEnabled(f.netuids[0], false))
          .to.be.revertedWithCustomError(f.coinbase, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
      await expect(f.coinbase.setSubnetEmissionEnabled(99, false))
        .to.be.revertedWithCustomError(f.coinbase, "CoinbaseUnknownSubnet")
        .withArgs(99);
    });

    it("alphaIssuance includes the α of the weighted injection accrue() would make now", async function () {
      const f = await loadFixture(threeSubnets);
      await f.coinbase.connect(f.drainer).recordMinerBurned(f.netuids[0], 1, 3);
      await f.coinbase.setSubnetEmissionEnabled(f.netuids[1], false);
      await mine(4);
      const views = await Promise.all(f.netuids.map((n) => f.coinbase.alphaIssuance(n, { blockTag: "pending" })));
      await f.coinbase.accrue();
      for (const [i, n] of f.netuids.entries()) {
        const supply = await (await alphaToken(f, n)).totalSupply();
        const unminted = await f.coinbase.unmintedAlpha(n);
        expect(views[i], `subnet ${n}`).to.equal(supply + sumBuckets(toBuckets(await f.coinbase.pending(n))) + unminted);
      }
    });

    it("closed form equals the block-by-block reference for random weights near every halving", async function () {
      const { harness: h } = await loadFixture(harness);
      const arb = fc
        .record({
          k: fc.bigInt({ min: 0n, max: 31n }),
          blocks: fc.bigInt({ min: 0n, max: 1_000n }),
          weights: fc.array(fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: MINER_BURNED_ONE })), { minLength: 1, maxLength: 8 }),
          offset: fc.bigInt({ min: -1_000n, max: 1_000n }),
        })
        .map(({ k, blocks, weights, offset }) => {
          return { issuance: issuanceNearEra(k, offset), blocks, weights };
        });
      await fc.assert(
        fc.asyncProperty(arb, async ({ issuance, blocks, weights }) => {
          if (weights.every((w) => w === 0n)) return;
          const [amounts, issued] = await h.taoSplit(issuance, blocks, weights);
          const reference = taoSplitBlockByBlock(issuance, blocks, weights);
          expect([...amounts]).to.deep.equal(reference.amounts);
          expect(issued).to.equal(reference.issuance - issuance);
        }),
        { numRuns: 120 },
      );
    });
  });

  describe("drain", function () {
    it("returns and zeroes the buckets, advances lastEpochBlock to the snapshot and counts the epoch", async function () {
      const f = await loadFixture(oneSubnet);
      const due = await f.coinbase.dueBlock(f.subnet.netuid);
      await mineTo(due + 2n);
      const expected = scaleBuckets(PER_BLOCK, 10n);
      expect(toBuckets(await f.coinbase.connect(f.drainer).drain.staticCall(f.subnet.netuid, due))).to.deep.equal(expected);
      await expect(f.coinbase.connect(f.drainer).drain(f.subnet.netuid, due))
        .to.emit(f.coinbase, "PendingDrained")
        .withArgs(f.subnet.netuid, due, [expected.server, expected.validator, expected.ownerCut, expected.root]);
      expect(await f.coinbase.lastEpochBlock(f.subnet.netuid)).to.equal(due);
      expect(await f.coinbase.epochsSettled(f.subnet.netuid)).to.equal(1n);
      expect(await f.coinbase.dueBlock(f.subnet.netuid)).to.equal(due + 10n);
      expect(await f.coinbase.isDue(f.subnet.netuid)).to.equal(false);
    });

    it("drains at exactly the due block", async function () {
      const f = await loadFixture(oneSubnet);
      const due = await f.coinbase.dueBlock(f.subnet.netuid);
      await atBlock(due, () => f.coinbase.connect(f.drainer).drain(f.subnet.netuid, due));
      expect(await f.coinbase.epochsSettled(f.subnet.netuid)).to.equal(1n);
      expect(toBuckets(await f.coinbase.pending(f.subnet.netuid))).to.deep.equal(ZERO_BUCKETS);
    });

    it("reverts with AccessManagedUnauthorized for anyone but the settlement, the admin included", async function () {
      const f = await loadFixture(oneSubnet);
      const due = await f.coinbase.dueBlock(f.subnet.netuid);
      await mineTo(due);
      for (const caller of [f.stranger, f.deployer, f.registrar]) {
        await expect(f.coinbase.connect(caller).drain(f.subnet.netuid, due))
          .to.be.revertedWithCustomError(f.coinbase, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("reverts with CoinbaseUnknownSubnet for a subnet that was never started", async function () {
      const f = await loadFixture(oneSubnet);
      await expect(f.coinbase.connect(f.drainer).drain(99, 10))
        .to.be.revertedWithCustomError(f.coinbase, "CoinbaseUnknownSubnet")
        .withArgs(99);
    });

    it("reverts with CoinbaseWrongSnapshot for any block but the due block, and for an epoch already drained", async function () {
      const f = await loadFixture(oneSubnet);
      const due = await f.coinbase.dueBlock(f.subnet.netuid);
      await mineTo(due + 5n);
      for (const snapshot of [due - 1n, due + 1n, 0n]) {
        await expect(f.coinbase.connect(f.drainer).drain(f.subnet.netuid, snapshot))
          .to.be.revertedWithCustomError(f.coinbase, "CoinbaseWrongSnapshot")
          .withArgs(f.subnet.netuid, snapshot, due);
      }
      await f.coinbase.connect(f.drainer).drain(f.subnet.netuid, due);
      await expect(f.coinbase.connect(f.drainer).drain(f.subnet.netuid, due))
        .to.be.revertedWithCustomError(f.coinbase, "CoinbaseWrongSnapshot")
        .withArgs(f.subnet.netuid, due, due + 10n);
    });

    it("reverts with CoinbaseEpochNotDue before the due block", async function () {
      const f = await loadFixture(oneSubnet);
      const due = await f.coinbase.dueBlock(f.subnet.netuid);
      await mineTo(due - 2n); // the call is mined at due - 1
      await expect(f.coinbase.connect(f.drainer).drain(f.subnet.netuid, due))
        .to.be.revertedWithCustomError(f.coinbase, "CoinbaseEpochNotDue")
        .withArgs(f.subnet.netuid, due);
    });

    it("a tempo change resets the cycle (spec §2.6 set_tempo): due a new tempo after it, the α so far kept", async function () {
      // Tempo 40: the change comes before the registry's freeze window (10 blocks before the due block).
      const l = await loadFixture(deployLayer);
      const subnet = await registerSubnet(l, { tempo: 40 });
      await mine(4);
      const change = (await blockNumber()) + 1n;
      await expect(setTempoTx(l, subnet.netuid, 25)).to.emit(l.coinbase, "EpochCycleReset").withArgs(subnet.netuid, 25, change + 25n);
      expect(await l.coinbase.lastEpochBlock(subnet.netuid)).to.equal(change);
      expect(await l.coinbase.lastStepBlock(subnet.netuid), "no epoch yet").to.equal(0n);
      expect(await l.coinbase.dueBlock(subnet.netuid)).to.equal(change + 25n);
      // Setting the same tempo again (the registry's bulk setter does with every update) resets nothing.
      await expect(setTempoTx(l, subnet.netuid, 25)).to.not.emit(l.coinbase, "EpochCycleReset");
      expect(await l.coinbase.dueBlock(subnet.netuid)).to.equal(change + 25n);
      // Pending keeps what accrued since the start and grows until the new due block, then stops.
      await mineTo(change + 30n);
      expect(toBuckets(await l.coinbase.pending(subnet.netuid))).to.deep.equal(scaleBuckets(PER_BLOCK, change + 25n - subnet.startBlock));
    });

    it("keeps the last epoch's block (lastStepBlock) through a tempo change", async function () {
      const f = await loadFixture(oneSubnet);
      const due = await f.coinbase.dueBlock(f.subnet.netuid);
      await atBlock(due, () => f.coinbase.connect(f.drainer).drain(f.subnet.netuid, due));
      expect(await f.coinbase.lastStepBlock(f.subnet.netuid)).to.equal(due);
      await setTempo(f, f.subnet.netuid, 30);
      expect(await f.coinbase.lastStepBlock(f.subnet.netuid)).to.equal(due);
      expect(await f.coinbase.lastEpochBlock(f.subnet.netuid)).to.equal(await blockNumber());
    });
  });

  describe("gas", function () {
    it("accrue() (the keeper's call) costs a bounded amount per started subnet", async function () {
      const l = await loadFixture(deployLayer);
      const used: bigint[] = [];
      for (let n = 1; n <= 4; n++) {
        await registerSubnet(l);
        await l.coinbase.accrue(); // the first accruals after a start write fresh storage
        await l.coinbase.accrue();
        await mine(10);
        used.push((await (await l.coinbase.accrue()).wait())!.gasUsed);
      }
      expect(used[0]).to.be.lessThan(250_000n);
      expect(used[3] - used[2]).to.be.lessThan(150_000n);
    });

    it("accrueSubnet costs the same whatever the number of subnets", async function () {
      const l = await loadFixture(deployLayer);
      const first = await registerSubnet(l);
      const used: bigint[] = [];
      for (let n = 1; n <= 4; n++) {
        if (n > 1) await registerSubnet(l);
        await l.coinbase.accrue(); // every subnet's EMA off 0, its storage written
        await l.coinbase.accrue();
        await mine(10);
        used.push((await (await l.coinbase.accrueSubnet(first.netuid)).wait())!.gasUsed);
      }
      const spread = used.reduce((a, b) => (a > b ? a : b)) - used.reduce((a, b) => (a < b ? a : b));
      expect(spread, `gas at 1..4 subnets: ${used.join(", ")}`).to.be.lessThan(2_000n);
      expect(used[0]).to.be.lessThan(250_000n);
    });
  });
});
