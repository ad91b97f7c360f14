/**
 * One-block ranges follow the per-block rules of docs/spec/chain.md §2.2-§2.5 exactly.
 *
 * The Coinbase aggregates a range of blocks in places (see its notes); a range of one block must be the
 * spec's per-block rule itself. Here every transaction is mined in its own block and accrues first, so
 * every accrual covers exactly one block, and each is checked against the rules written out plainly
 * below from the state the block starts with (read from the chain just before): the TAO shares from the
 * EMA prices and MinerBurned, the injection capped by the root proportion and the chain buy of the
 * excess, the α split with root's part (to its bucket or recycled by the sell flag), and the EMA step
 * after the block's coinbase. Stakes and unstakes between blocks move the prices, root stakes and
 * TaoWeight the root proportion; MinerBurned records and switches change the weights.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import { ethers } from "hardhat";

import { mine, tao } from "../../scripts/lib/local-network";
import { DEFAULT_MOVING_ALPHA, WAD } from "../models/coinbase-model";
import { type Buckets, MINER_BURNED_ONE, OWNER_CUT, U16_MAX, blockEmission, sumBuckets } from "./helpers/emissionReference";
import { type Layer, ROLES, alphaToken, deployLayer, grantRole, registerSubnet } from "./helpers/subnet-layer";

interface SubnetView {
  netuid: number;
  movingPrice: bigint;
  minerBurned: bigint;
  enabled: boolean;
  startBlock: bigint;
  halving: bigint;
  taoReserve: bigint;
  alphaReserve: bigint;
  /** α issuance: token supply + pending buckets. */
  issuance: bigint;
  pending: Buckets;
}

interface BlockOutcome {
  /** TAO and α injected per subnet (only subnets that got TAO). */
  injected: Map<number, { taoIn: bigint; alphaIn: bigint }>;
  /** Chain buys per subnet: TAO in, α bought. */
  bought: Map<number, { tao: bigint; alpha: bigint }>;
  /** Each subnet's pending buckets after the block. */
  pending: Map<number, Buckets>;
  /** Each subnet's EMA price after the block. */
  movingPrices: Map<number, bigint>;
  minted: bigint;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const U64_MAX = (1n << 64n) - 1n;

/** The per-block rules, straight from the spec, on the state the block starts with. */
function perBlock(block: bigint, subnets: SubnetView[], taoIssuance: bigint, movingAlpha: bigint, rootTao: bigint, taoWeight: bigint): BlockOutcome {
  const injected = new Map<number, { taoIn: bigint; alphaIn: bigint }>();
  const bought = new Map<number, { tao: bigint; alpha: bigint }>();
  const pending = new Map<number, Buckets>();
  const movingPrices = new Map<number, bigint>();
  // rp_i = τ·R / (τ·R + α issuance_i), τ = TaoWeight / (2^64 - 1): kept as a fraction (num, den).
  const tauR = taoWeight * rootTao;
  const rp = (s: SubnetView) => ({ num: tauR, den: tauR + s.issuance * U64_MAX });
  // §2.5: the root sell flag, Σ p̄ > 1 over the emitting subnets.
  const sell = subnets.reduce((a, s) => a + s.movingPrice, 0n) > WAD;
  // §2.2: share_i = p̄_i / Σ p̄, weighted by 1 - min(1, MinerBurned) and renormalised (fallback: the price
  // shares), then the disabled subnets' shares go to the enabled ones.
  const priceSum = subnets.reduce((a, s) => a + s.movingPrice, 0n);
  const weighted = subnets.map((s) => s.movingPrice * (MINER_BURNED_ONE - min(s.minerBurned, MINER_BURNED_ONE)));
  const fallback = weighted.every((w) => w === 0n);
  const weights = subnets.map((s, i) => (s.enabled ? (fallback ? s.movingPrice : weighted[i]) : 0n));
  const total = weights.reduce((a, b) => a + b, 0n);
  const e = blockEmission(taoIssuance);
  let minted = 0n;
  for (const [i, s] of subnets.entries()) {
    let y = s.taoReserve;
    let x = s.alphaReserve;
    const r = rp(s);
    const alphaEmission = blockEmission(s.issuance); // A_i
    const taoI = priceSum === 0n || total === 0n ? 0n : (e * weights[i]) / total;
    if (taoI !== 0n) {
      // §2.4: alpha_in = E / p, capped at rp · A (then tao_in = cap · p); the excess is bought fee-free.
      let alphaIn = (taoI * x) / y;
      let taoIn = taoI;
      const cap = r.num === 0n ? 0n : (r.num * alphaEmission) / r.den;
      if (alphaIn > cap) {
        alphaIn = cap;
        taoIn = (cap * y) / x;
      }
      if (taoIn !== 0n || alphaIn !== 0n) injected.set(s.netuid, { taoIn, alphaIn });
      y += taoIn;
      x += alphaIn;
      const excess = taoI - taoIn;
      if (excess !== 0n) {
        const out = (x * excess) / (y + excess);
        bought.set(s.netuid, { tao: excess, alpha: out });
        y += excess;
        x -= out;
      }
      minted += taoI;
    }
    // §2.5: owner cut, then half to miners; root takes rp of the validators' half.
    const ownerCut = (alphaEmission * OWNER_CUT) / U16_MAX;
    const rest = alphaEmission - ownerCut;
    const server = rest / 2n;
    const root = r.num === 0n ? 0n : (r.num * rest) / (2n * r.den);
    pending.set(s.netuid, {
      server: s.pending.server + server,
      validator: s.pending.validator + rest - server - root,
      ownerCut: s.pending.ownerCut + ownerCut,
      root: s.pending.root + (sell ? root : 0n),
    });
    // §2.3: after the coinbase, p̄ ← a · min(spot, 1) + (1 - a) · p̄, a = M · b / (b + h).
    const b = block - s.startBlock;
    const a = (movingAlpha * b) / (b + s.halving);
    const spot = min((y * WAD) / x, WAD);
    movingPrices.set(s.netuid, (a * spot + (WAD - a) * s.movingPrice) / WAD);
  }
  return { injected, bought, pending, movingPrices, minted };
}

describe("Coinbase: one-block ranges follow the per-block rules (docs/spec/chain.md §2.2-§2.4)", function () {
  let layer: Layer;
  let netuids: number[];
  let staker: HardhatEthersSigner;
  let drainer: HardhatEthersSigner;
  let hotkeys: Map<number, string>;
  /** What the checks saw: chain buys, and a non-zero root bucket. */
  let seen: { buys: number; root: boolean };

  async function view(): Promise<SubnetView[]> {
    return Promise.all(
      netuids.map(async (netuid) => {
        const [taoReserve, alphaReserve] = await layer.staking.pool(netuid);
        const p = await layer.coinbase.pending(netuid);
        const pending: Buckets = { server: p.server, validator: p.validator, ownerCut: p.ownerCut, root: p.root };
        const supply = await (await alphaToken(layer, netuid)).totalSupply();
        return {
          issuance: supply + sumBuckets(pending),
          pending,
          netuid,
          movingPrice: await layer.coinbase.movingPrice(netuid),
          minerBurned: await layer.coinbase.minerBurned(netuid),
          enabled: await layer.coinbase.subnetEmissionEnabled(netuid),
          startBlock: (await layer.registry.subnet(netuid)).startBlock,
          halving: await layer.coinbase.emaPriceHalvingBlocks(netuid),
          taoReserve,
          alphaReserve,
        };
      }),
    );
  }

  /** Sends `send` (which accrues first, one block since the last accrual) and checks it against the rules. */
  async function checkBlock(label: string, send: () => Promise<ContractTransactionResponse>): Promise<void> {
    const subnets = await view();
    const issuance = await layer.tao.totalSupply();
    const movingAlpha = await layer.coinbase.subnetMovingAlpha();
    const [rootTao] = await layer.staking.pool(0);
    const taoWeight = await layer.staking.taoWeight();
    const receipt = (await (await send()).wait())!;
    const block = BigInt(receipt.blockNumber);
    const expected = perBlock(block, subnets, issuance, movingAlpha, rootTao, taoWeight);
    const injected = new Map<number, { taoIn: bigint; alphaIn: bigint }>();
    const bought = new Map<number, { tao: bigint; alpha: bigint }>();
    let accruedEvent: { fromBlock: bigint; toBlock: bigint; taoMinted: bigint } | undefined;
    for (const log of receipt.logs) {
      if (log.address === layer.addresses.Staking) {
        const ev = layer.staking.interface.parseLog(log);
        if (ev?.name === "Injected") injected.set(Number(ev.args.netuid), { taoIn: ev.args.taoIn, alphaIn: ev.args.alphaIn });
        if (ev?.name === "ProtocolBought") bought.set(Number(ev.args.netuid), { tao: ev.args.tao, alpha: ev.args.alpha });
      } else if (log.address === layer.addresses.Coinbase) {
        const ev = layer.coinbase.interface.parseLog(log);
        if (ev?.name === "EmissionAccrued") accruedEvent = { fromBlock: ev.args.fromBlock, toBlock: ev.args.toBlock, taoMinted: ev.args.taoMinted };
      }
    }
    expect(accruedEvent, `${label}: one accrual`).to.deep.equal({ fromBlock: block, toBlock: block, taoMinted: expected.minted });
    expect(injected, `${label}: injections at ${block}`).to.deep.equal(expected.injected);
    expect(bought, `${label}: chain buys at ${block}`).to.deep.equal(expected.bought);
    seen.buys += bought.size;
    for (const n of netuids) {
      const p = await layer.coinbase.pending(n);
      const got: Buckets = { server: p.server, validator: p.validator, ownerCut: p.ownerCut, root: p.root };
      expect(got, `${label}: buckets of ${n} at ${block}`).to.deep.equal(expected.pending.get(n));
      if (got.root > 0n) seen.root = true;
      expect(await layer.coinbase.movingPrice(n), `${label}: EMA price of ${n} at ${block}`).to.equal(expected.movingPrices.get(n));
    }
  }

  beforeEach(async function () {
    seen = { buys: 0, root: false };
    layer = await deployLayer();
    const subnets = [await registerSubnet(layer), await registerSubnet(layer), await registerSubnet(layer)];
    netuids = subnets.map((s) => s.netuid);
    hotkeys = new Map(subnets.map((s) => [s.netuid, s.ownerHotkey]));
    [, drainer, staker] = await ethers.getSigners();
    await grantRole(layer, ROLES.SETTLEMENT, drainer.address);
    await (await layer.tao.connect(layer.deployer).transfer(staker.address, tao(5_000))).wait();
    await (await layer.tao.connect(staker).approve(layer.addresses.Staking, ethers.MaxUint256)).wait();
    await (await layer.coinbase.accrue()).wait(); // the last accrual is this block
  });

  it("shares by EMA price and MinerBurned, injection at the spot, and the EMA step, block after block", async function () {
    const [a, b, c] = netuids;
    const cb = () => layer.coinbase.accrue();
    // Young EMAs at the default rate: the first blocks.
    await checkBlock("fresh", cb);
    // A fast EMA on one subnet, a different one on another, so the shares differ visibly.
    await checkBlock("halving a", () => layer.coinbase.connect(layer.deployer).setEmaPriceHalvingBlocks(a, 0));
    await checkBlock("halving b", () => layer.coinbase.connect(layer.deployer).setEmaPriceHalvingBlocks(b, 50));
    await checkBlock("moving alpha", () => layer.coinbase.connect(layer.deployer).setSubnetMovingAlpha(WAD / 10n));
    for (let i = 0; i < 3; i++) await checkBlock(`accrue ${i}`, cb);
    // Prices move: a stake on b (price above 1, capped in the EMA), a stake and unstake on c.
    await checkBlock("stake b", () => layer.staking.connect(staker).addStake(hotkeys.get(b)!, b, tao(400)));
    await checkBlock("after stake b", cb);
    await checkBlock("stake c", () => layer.staking.connect(staker).addStake(hotkeys.get(c)!, c, tao(30)));
    const stakeC = await layer.staking.stakeOf(hotkeys.get(c)!, staker.address, c);
    await checkBlock("unstake c", () => layer.staking.connect(staker).removeStake(hotkeys.get(c)!, c, stakeC / 2n));
    await checkBlock("after unstake c", cb);
    // MinerBurned weights, the fallback, and the switch.
    await checkBlock("burn a", () => layer.coinbase.connect(drainer).recordMinerBurned(a, 1, 3));
    await checkBlock("burned a", cb);
    await checkBlock("burn b", () => layer.coinbase.connect(drainer).recordMinerBurned(b, 1, 1));
    await checkBlock("burn c", () => layer.coinbase.connect(drainer).recordMinerBurned(c, 1, 1));
    await checkBlock("burn a all", () => layer.coinbase.connect(drainer).recordMinerBurned(a, 1, 1));
    await checkBlock("fallback", cb);
    await checkBlock("disable b", () => layer.coinbase.connect(layer.deployer).setSubnetEmissionEnabled(b, false));
    await checkBlock("disabled b", cb);
    expect(DEFAULT_MOVING_ALPHA).to.equal(3n * 10n ** 12n);
    expect(seen.buys, "no root stake: all TAO emission is bought").to.be.greaterThan(0);
  });

  it("with root stake: injection capped by rp · A, the excess bought, root's α split by the sell flag", async function () {
    const [a, b, c] = netuids;
    const cb = () => layer.coinbase.accrue();
    // Root TAO: rp = τR / (τR + α issuance) becomes sizeable with τ = 1 (all of 2^64 - 1).
    await checkBlock("root stake", () => layer.staking.connect(staker).addStake(hotkeys.get(a)!, 0, tao(2_000)));
    await checkBlock("tao weight", () => layer.staking.connect(layer.deployer).setTaoWeight((1n << 64n) - 1n));
    for (let i = 0; i < 2; i++) await checkBlock(`slow EMA ${i}`, cb); // Σ p̄ ≤ 1: root's α is recycled
    // Fast EMAs: p̄ = min(spot, 1) for all three, Σ p̄ = 3 > 1, so root's α goes to its bucket.
    await checkBlock("moving alpha", () => layer.coinbase.connect(layer.deployer).setSubnetMovingAlpha(WAD));
    for (const n of [a, b, c]) await checkBlock(`halving ${n}`, () => layer.coinbase.connect(layer.deployer).setEmaPriceHalvingBlocks(n, 0));
    for (let i = 0; i < 3; i++) await checkBlock(`sell ${i}`, cb);
    await checkBlock("stake b", () => layer.staking.connect(staker).addStake(hotkeys.get(b)!, b, tao(300)));
    await checkBlock("more root", () => layer.staking.connect(staker).addStake(hotkeys.get(c)!, 0, tao(1_000)));
    await checkBlock("default weight", () => layer.staking.connect(layer.deployer).setTaoWeight(971_718_665_099_567_868n));
    for (let i = 0; i < 2; i++) await checkBlock(`after ${i}`, cb);
    expect(seen.root, "root's bucket filled").to.equal(true);
    expect(seen.buys).to.be.greaterThan(0);
  });

  it("while every EMA price is 0 a block emits nothing (§2.2); a longer range emits from its second block", async function () {
    const l = await deployLayer();
    const s = await registerSubnet(l); // its start accrues: the last accrual is this block
    const issuance = await l.tao.totalSupply();
    await expect(l.coinbase.accrue()).to.not.emit(l.staking, "Injected");
    expect(await l.tao.totalSupply()).to.equal(issuance);
    expect(await l.coinbase.movingPrice(s.netuid)).to.be.greaterThan(0n); // moved: the next block emits

    const fresh = await deployLayer();
    const t = await registerSubnet(fresh);
    const before = await fresh.tao.totalSupply();
    await mine(4);
    await fresh.coinbase.accrue(); // 5 blocks: the first emits nothing, the single subnet gets the other 4
    expect((await fresh.tao.totalSupply()) - before).to.equal(4n * blockEmission(before));
    expect((await fresh.staking.pool(t.netuid))[0]).to.equal((await fresh.registry.subnet(t.netuid)).lockCost + 4n * blockEmission(before));
  });
});
