/**
 * Lazy accrual equals a block-by-block run of the same rules (docs/architecture.md principle 4, issue 5 item 1).
 *
 * fast-check drives random histories on the Hardhat chain: gaps of empty blocks (small, across tempo
 * boundaries, and thousands of blocks), subnet registrations and starts, tempo changes, MinerBurned
 * records and TAO-emission switches (straight through the restricted Coinbase functions, with the
 * settlement role granted to a test signer, and the governance switch also before a start), changes of
 * SubnetMovingAlpha and EMAPriceHalvingBlocks (fast EMAs, so that prices and shares really move), stakes and
 * unstakes that move prices, and drains of due epochs. Some runs start with the TAO issuance just below
 * the first halving, so the history crosses it. After every transaction the Coinbase is compared to
 * test/models/coinbase-model.ts, which steps block by block:
 * - each injection of the transaction (netuid, TAO in, α in), hence the TAO minted per subnet;
 * - the pending buckets, the due block and the EMA price of every started subnet, and the buckets each
 *   drain returns;
 * - the TAO total supply.
 * The model aggregates exactly what the Coinbase documents as aggregated per accrued range: the shares'
 * EMA prices (from the start of the range), the injection (one alphaIn per range at the price of the
 * accrual, whose α joins the α issuance after the range) and the EMA step (once per range). Pool reserves and α supplies, which staking and registration change, are read from the chain
 * after each transaction; the model owns everything else.
 *
 * Size: COINBASE_MODEL_RUNS runs (default 8) of COINBASE_MODEL_STEPS actions (default 30).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { expect } from "chai";
import type { ContractTransactionReceipt, ContractTransactionResponse, Wallet } from "ethers";
import fc from "fast-check";
import { ethers } from "hardhat";

import { fundedWallet, mine, tao } from "../../scripts/lib/local-network";
import { type Buckets, eraStart } from "../contracts/helpers/emissionReference";
import { type Layer, ROLES, alphaToken, deployLayer, grantRole, setTempoTx } from "../contracts/helpers/subnet-layer";
import { CoinbaseModel, type Injection } from "../models/coinbase-model";

const RUNS = Number(process.env.COINBASE_MODEL_RUNS ?? 8);
const STEPS = Number(process.env.COINBASE_MODEL_STEPS ?? 30);
const MAX_SUBNETS = 6;

type Action =
  | { kind: "mine"; blocks: number }
  | { kind: "accrue" }
  | { kind: "register"; start: boolean; tempo: number }
  | { kind: "start" }
  | { kind: "tempo"; pick: number; tempo: number }
  | { kind: "minerBurned"; pick: number; withheld: bigint; total: bigint }
  | { kind: "switch"; pick: number; enabled: boolean }
  | { kind: "stake"; pick: number; amount: bigint }
  | { kind: "unstake"; pick: number; fraction: number }
  | { kind: "drain"; pick: number; record: boolean }
  | { kind: "emaHalving"; pick: number; blocks: bigint }
  | { kind: "movingAlpha"; alpha: bigint }
  | { kind: "rootStake"; pick: number; amount: bigint }
  | { kind: "taoWeight"; weight: bigint };

const pick = fc.nat({ max: 1_000 });
const tempo = fc.integer({ min: 2, max: 40 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 15 }) },
        { weight: 3, arbitrary: fc.integer({ min: 16, max: 200 }) },
        { weight: 1, arbitrary: fc.integer({ min: 201, max: 5_000 }) },
      )
      .map((blocks): Action => ({ kind: "mine", blocks })),
  },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: "accrue" }) },
  { weight: 2, arbitrary: fc.record({ start: fc.boolean(), tempo }).map((r): Action => ({ kind: "register", ...r })) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: "start" }) },
  { weight: 1, arbitrary: fc.record({ pick, tempo }).map((r): Action => ({ kind: "tempo", ...r })) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        pick,
        total: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 12n })),
        part: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
      })
      .map(({ pick, total, part }): Action => {
        const withheld = (total * BigInt(Math.round(part * 1e6))) / 1_000_000n;
        return { kind: "minerBurned", pick, withheld, total };
      }),
  },
  { weight: 2, arbitrary: fc.record({ pick, enabled: fc.boolean() }).map((r): Action => ({ kind: "switch", ...r })) },
  {
    weight: 2,
    arbitrary: fc.record({ pick, amount: fc.bigInt({ min: tao(1), max: tao(2_000) }) }).map((r): Action => ({ kind: "stake", ...r })),
  },
  { weight: 1, arbitrary: fc.record({ pick, fraction: fc.double({ min: 0.01, max: 1, noNaN: true }) }).map((r): Action => ({ kind: "unstake", ...r })) },
  { weight: 3, arbitrary: fc.record({ pick, record: fc.boolean() }).map((r): Action => ({ kind: "drain", ...r })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ pick, blocks: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 1_000n }), fc.constant(201_600n)) })
      .map((r): Action => ({ kind: "emaHalving", ...r })),
  },
  {
    weight: 1,
    // Never 0, so that the EMA prices (and so the emission) never stall for a whole run.
    arbitrary: fc
      .oneof(fc.constant(3n * 10n ** 12n), fc.bigInt({ min: 10n ** 9n, max: 10n ** 18n }))
      .map((alpha): Action => ({ kind: "movingAlpha", alpha })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ pick, amount: fc.oneof(fc.bigInt({ min: tao(1), max: tao(100) }), fc.bigInt({ min: tao(1_000), max: tao(50_000) })) })
      .map((r): Action => ({ kind: "rootStake", ...r })),
  },
  {
    weight: 1,
    // 0 (no root weight), the code default ≈ 5.27%, mainnet's ≈ 18%, or all of it.
    arbitrary: fc
      .constantFrom(0n, 971_718_665_099_567_868n, 3_320_413_933_267_719_290n, (1n << 64n) - 1n)
      .map((weight): Action => ({ kind: "taoWeight", weight })),
  },
);

/** How far below the first halving a run's genesis TAO is (runs alternate with a genesis far from it). */
const belowHalving = fc.integer({ min: 50, max: 3_000 }).map((below) => tao(below));

interface World {
  layer: Layer;
  model: CoinbaseModel;
  drainer: HardhatEthersSigner;
  staker: Wallet;
  /** Owner coldkey and hotkey of every registered subnet. */
  owners: Map<number, { owner: Wallet; hotkey: string }>;
  unstarted: number[];
  /** Registered, not started subnets governance switched off. */
  disabledBeforeStart: Set<number>;
  /** TAO put into each pool according to the Injected and ProtocolBought events. */
  injectedTao: Map<number, bigint>;
  /** α bought per subnet according to the ProtocolBought events. */
  protocolAlpha: Map<number, bigint>;
}

async function nextBlock(): Promise<bigint> {
  return BigInt(await ethers.provider.getBlockNumber()) + 1n;
}

function injectedEvents(w: World, receipt: ContractTransactionReceipt): Injection[] {
  const out: Injection[] = [];
  for (const log of receipt.logs) {
    if (log.address !== w.layer.addresses.Staking) continue;
    const e = w.layer.staking.interface.parseLog(log);
    if (e?.name === "Injected") out.push({ kind: "inject", netuid: Number(e.args.netuid), tao: e.args.taoIn, alpha: e.args.alphaIn });
    if (e?.name === "ProtocolBought") out.push({ kind: "buy", netuid: Number(e.args.netuid), tao: e.args.tao, alpha: e.args.alpha });
  }
  return out;
}

async function poolOf(w: World, netuid: number): Promise<{ tao: bigint; alpha: bigint; supply: bigint }> {
  const [taoReserve, alphaReserve] = await w.layer.staking.pool(netuid);
  const supply = await (await alphaToken(w.layer, netuid)).totalSupply();
  return { tao: taoReserve, alpha: alphaReserve, supply };
}

/**
 * Sends a transaction that accrues in its block, applies the model's counterpart at that block, and
 * compares the injections, every subnet's buckets and due block, and the TAO supply; then syncs the pools.
 */
async function step(
  w: World,
  send: () => Promise<ContractTransactionResponse>,
  apply: (block: bigint) => Injection[],
): Promise<ContractTransactionReceipt> {
  const receipt = (await (await send()).wait())!;
  const block = BigInt(receipt.blockNumber);
  const expected = apply(block);
  const got = injectedEvents(w, receipt);
  expect(got, `injections at block ${block}`).to.deep.equal(expected);
  for (const i of got) if (i.kind === "buy") w.protocolAlpha.set(i.netuid, (w.protocolAlpha.get(i.netuid) ?? 0n) + i.alpha);
  for (const i of got) w.injectedTao.set(i.netuid, (w.injectedTao.get(i.netuid) ?? 0n) + i.tao);
  await compare(w, block);
  return receipt;
}

async function compare(w: World, block: bigint): Promise<void> {
  const { coinbase, tao: taoToken } = w.layer;
  w.model.syncRoot((await w.layer.staking.pool(0))[0], await w.layer.staking.taoWeight());
  expect(await taoToken.totalSupply(), `TAO supply at ${block}`).to.equal(w.model.taoIssuance);
  for (const s of w.model.subnets) {
    const p = await coinbase.pending(s.netuid);
    const got: Buckets = { server: p.server, validator: p.validator, ownerCut: p.ownerCut, root: p.root };
    expect(got, `buckets of ${s.netuid} at ${block}`).to.deep.equal(s.buckets);
    expect(await coinbase.dueBlock(s.netuid), `due block of ${s.netuid}`).to.equal(w.model.dueBlock(s));
    expect(w.injectedTao.get(s.netuid) ?? 0n, `TAO injected into ${s.netuid}`).to.equal(s.taoInjected);
    expect(await coinbase.movingPrice(s.netuid), `EMA price of ${s.netuid} at ${block}`).to.equal(s.movingPrice);
    expect(await w.layer.staking.protocolAlpha(s.netuid), `protocol α of ${s.netuid}`).to.equal(w.protocolAlpha.get(s.netuid) ?? 0n);
    w.model.syncPool(s.netuid, await poolOf(w, s.netuid));
  }
}

async function start(w: World, netuid: number, t: number): Promise<void> {
  const { owner } = w.owners.get(netuid)!;
  const enabled = !w.disabledBeforeStart.has(netuid);
  // The pool is read before the start: nothing between the registration and the start moves it.
  const pool = await poolOf(w, netuid);
  await step(
    w,
    () => w.layer.registry.connect(owner).startCall(netuid),
    (b) => w.model.addSubnet(b, netuid, 360n, pool, enabled),
  );
  w.unstarted = w.unstarted.filter((n) => n !== netuid);
  await step(w, () => setTempoTx(w.layer, netuid, t), (b) => w.model.setTempo(b, netuid, BigInt(t)));
}

async function register(w: World, startNow: boolean, t: number): Promise<void> {
  const { layer } = w;
  const lock = await layer.registry.networkLockCost();
  const owner = await fundedWallet(layer, lock);
  const hotkey = (await fundedWallet(layer)).address;
  await (await layer.tao.connect(owner).approve(layer.addresses.SubnetRegistry, lock)).wait();
  const netuid = Number(await layer.registry.connect(owner).registerNetwork.staticCall(hotkey, lock));
  await step(w, () => layer.registry.connect(owner).registerNetwork(hotkey, lock), (b) => w.model.accrue(b));
  w.owners.set(netuid, { owner, hotkey });
  w.unstarted.push(netuid);
  if (startNow) await start(w, netuid, t);
}

async function run(w: World, a: Action): Promise<void> {
  const { layer, model } = w;
  const started = model.subnets;
  const chosen = started.length === 0 ? undefined : started[("pick" in a ? a.pick : 0) % started.length];
  const accrue = () => step(w, () => layer.coinbase.accrue(), (b) => model.accrue(b));
  switch (a.kind) {
    case "mine":
      await mine(a.blocks);
      return;
    case "accrue":
      await accrue();
      return;
    case "register":
      if (started.length + w.unstarted.length >= MAX_SUBNETS) return accrue().then(() => undefined);
      await register(w, a.start, a.tempo);
      return;
    case "start":
      if (w.unstarted.length === 0) return accrue().then(() => undefined);
      await start(w, w.unstarted[0], 10);
      return;
    case "tempo":
      if (chosen === undefined || model.dueBlock(chosen) <= (await nextBlock())) return accrue().then(() => undefined);
      await step(w, () => setTempoTx(w.layer, chosen.netuid, a.tempo), (b) => model.setTempo(b, chosen.netuid, BigInt(a.tempo)));
      return;
    case "minerBurned":
      if (chosen === undefined) return accrue().then(() => undefined);
      await step(
        w,
        () => layer.coinbase.connect(w.drainer).recordMinerBurned(chosen.netuid, a.withheld, a.total),
        (b) => model.recordMinerBurned(b, chosen.netuid, a.withheld, a.total),
      );
      return;
    case "switch": {
      // Now and then the switch targets a registered subnet that has not started yet.
      const target = w.unstarted.length > 0 && a.pick % 4 === 0 ? w.unstarted[0] : chosen?.netuid;
      if (target === undefined) return accrue().then(() => undefined);
      const isStarted = !w.unstarted.includes(target);
      await step(
        w,
        () => layer.coinbase.connect(layer.deployer).setSubnetEmissionEnabled(target, a.enabled),
        (b) => (isStarted ? model.setEnabled(b, target, a.enabled) : model.accrue(b)),
      );
      if (!isStarted) {
        if (a.enabled) w.disabledBeforeStart.delete(target);
        else w.disabledBeforeStart.add(target);
      }
      return;
    }
    case "stake":
      if (chosen === undefined) return accrue().then(() => undefined);
      await step(
        w,
        () => layer.staking.connect(w.staker).addStake(w.owners.get(chosen.netuid)!.hotkey, chosen.netuid, a.amount),
        (b) => model.accrue(b),
      );
      return;
    case "unstake": {
      if (chosen === undefined) return accrue().then(() => undefined);
      const hotkey = w.owners.get(chosen.netuid)!.hotkey;
      const stake = await layer.staking.stakeOf(hotkey, w.staker.address, chosen.netuid);
      const amount = a.fraction >= 1 ? stake : (stake * BigInt(Math.floor(a.fraction * 1e6))) / 1_000_000n;
      if (amount < tao(1) / 10n) return accrue().then(() => undefined);
      await step(w, () => layer.staking.connect(w.staker).removeStake(hotkey, chosen.netuid, amount), (b) => model.accrue(b));
      return;
    }
    case "emaHalving":
      if (chosen === undefined) return accrue().then(() => undefined);
      await step(
        w,
        () => layer.coinbase.connect(layer.deployer).setEmaPriceHalvingBlocks(chosen.netuid, a.blocks),
        (b) => model.setEmaHalving(b, chosen.netuid, a.blocks),
      );
      return;
    case "rootStake": {
      if (chosen === undefined) return accrue().then(() => undefined);
      const hotkey = w.owners.get(chosen.netuid)!.hotkey;
      await step(w, () => layer.staking.connect(w.staker).addStake(hotkey, 0, a.amount), (b) => model.accrue(b));
      return;
    }
    case "taoWeight":
      await step(w, () => layer.staking.connect(layer.deployer).setTaoWeight(a.weight), (b) => model.accrue(b));
      return;
    case "movingAlpha":
      await step(w, () => layer.coinbase.connect(layer.deployer).setSubnetMovingAlpha(a.alpha), (b) => model.setMovingAlpha(b, a.alpha));
      return;
    case "drain": {
      const next = await nextBlock();
      const due = started.filter((s) => model.dueBlock(s) <= next);
      if (due.length === 0) return accrue().then(() => undefined);
      const s = due[a.pick % due.length];
      const snapshot = model.dueBlock(s);
      let drained: Buckets | undefined;
      const receipt = await step(
        w,
        () => layer.coinbase.connect(w.drainer).drain(s.netuid, snapshot),
        (b) => {
          const r = model.drain(b, s.netuid);
          drained = r.drained;
          return r.injections;
        },
      );
      const event = receipt.logs
        .filter((log) => log.address === layer.addresses.Coinbase)
        .map((log) => layer.coinbase.interface.parseLog(log))
        .find((e) => e?.name === "PendingDrained");
      const b = event!.args.buckets;
      expect({ server: b.server, validator: b.validator, ownerCut: b.ownerCut, root: b.root }, `drain of ${s.netuid}`).to.deep.equal(drained);
      if (a.record) {
        // As a settlement would: the incentive withheld, out of the server bucket drained.
        const total = drained!.server;
        const withheld = (total * BigInt(a.pick % 5)) / 4n; // 0, 1/4, ..., all of it
        await step(
          w,
          () => layer.coinbase.connect(w.drainer).recordMinerBurned(s.netuid, withheld, total),
          (bl) => model.recordMinerBurned(bl, s.netuid, withheld, total),
        );
      }
      return;
    }
  }
}

async function newWorld(supply: bigint): Promise<World> {
  const layer = await deployLayer({ supply });
  const drainer = (await ethers.getSigners())[1];
  await grantRole(layer, ROLES.SETTLEMENT, drainer.address);
  const staker = await fundedWallet(layer, tao(200_000));
  await (await layer.tao.connect(staker).approve(layer.addresses.Staking, ethers.MaxUint256)).wait();
  // No subnet yet, so nothing is minted until the first start: the model may begin at any block.
  const model = new CoinbaseModel(await layer.tao.totalSupply(), BigInt(await ethers.provider.getBlockNumber()));
  return {
    layer,
    model,
    drainer,
    staker,
    owners: new Map(),
    unstarted: [],
    disabledBeforeStart: new Set(),
    injectedTao: new Map(),
    protocolAlpha: new Map(),
  };
}

describe("Coinbase lazy accrual = block-by-block model (random histories)", function () {
  it("matches the model to the rao: injections, TAO per subnet, buckets, drains and the TAO supply", async function () {
    let runIndex = 0;
    let totalBlocks = 0n;
    let halvingsCrossed = 0;
    await fc.assert(
      fc.asyncProperty(belowHalving, fc.array(action, { minLength: STEPS, maxLength: STEPS }), async (below, actions) => {
        const nearHalving = runIndex++ % 2 === 0;
        const supply = nearHalving ? eraStart(1n) - below : tao(1_000_000);
        const w = await newWorld(supply);
        const first = BigInt(await ethers.provider.getBlockNumber());
        await register(w, true, 7);
        await register(w, true, 13);
        for (const a of actions) await run(w, a);
        if (nearHalving && w.model.taoIssuance < eraStart(1n)) {
          // Make sure the history crosses the halving: every subnet on, then one range across it.
          for (const s of w.model.subnets) {
            if (!s.enabled) await step(w, () => w.layer.coinbase.setSubnetEmissionEnabled(s.netuid, true), (b) => w.model.setEnabled(b, s.netuid, true));
          }
          if (w.model.weights().every((x) => x === 0n)) throw new Error("unreachable: the fallback weighs every enabled subnet");
          await mine((eraStart(1n) - w.model.taoIssuance) / (tao(1) - 10n) + 10n);
        }
        await step(w, () => w.layer.coinbase.accrue(), (b) => w.model.accrue(b));
        totalBlocks += BigInt(await ethers.provider.getBlockNumber()) - first;
        if (nearHalving) {
          expect(w.model.taoIssuance, "the near-halving run crossed the halving").to.be.at.least(eraStart(1n));
          halvingsCrossed++;
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(totalBlocks).to.be.greaterThan(BigInt(RUNS) * 100n);
    expect(halvingsCrossed).to.equal(Math.ceil(RUNS / 2));
  });
});
