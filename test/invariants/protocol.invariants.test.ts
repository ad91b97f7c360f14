/**
 * Protocol invariants (docs/spec/chain.md §10) under random action sequences (fast-check): stake, unstake,
 * limit orders, stake-and-unstake round trips, stake moves (hotkey, subnet, coldkey, to and from root),
 * root stake and root claims, recycled and burned α, liquid α out and back in, neuron registration, weights, TAO transfers, advancing blocks, settling due epochs
 * through the oracle node (which leaves the stake credits unclaimed) and claiming stake credits of random UIDs, subnet registrations at SubnetLimit (2 here, no immunity), each dissolving the
 * subnet with the lowest EMA price, and redemptions of a dissolved subnet's stake and liquid α. After
 * every step:
 * - the TAO supply never exceeds the 21M cap, and each subnet's α issuance never exceeds its own;
 * - reserve backing and conservation: Staking's TAO balance equals the TAO it accounts for, which is
 *   the pools' TAO plus retained TAO plus root TAO plus the dissolved subnets' unredeemed TAO, and
 *   what the actors could still redeem never exceeds the latter; root claims never exceed the credits; each α
 *   token's supply is exactly its pool reserve plus the α staked in hotkey pools plus the protocol α
 *   of the chain buys plus unclaimed root dividends plus burned α plus the unclaimed stake credits,
 *   which equal the settlement's ledger (all held by Staking), plus the liquid α the actors hold; a
 *   claim moves exactly the claimed UIDs' credits;
 * - share-pool solvency: the coldkeys' stakes on a hotkey never add up to more than its pool
 *   (every fifth step and at the end: it reads every position);
 * - a buy never lowers the spot price; a stake-unstake round trip inside one transaction never
 *   returns more TAO than it spent (across blocks it can: the block's emission is injected at the
 *   new spot price between the legs, deepening the pool the sale meets, as in subtensor);
 * - limits: UIDs never exceed maxAllowedUids; a limited buy never leaves the price above its limit,
 *   a limited sell never leaves it below.
 * A refused action (a custom error of the protocol or of OpenZeppelin) is fine; any other revert
 * fails the run. `INVARIANT_STEPS` sets the total steps (default 2,000 here; `npm run
 * test:invariants` runs 20,000, ~28 min on 2 cores), and the timeout with them; a progress line goes to
 * stderr every 500 steps. To replay a failure: INVARIANT_SEED=<the printed seed>, plus
 * INVARIANT_TRACE=1 to print each step, or INVARIANT_SHRINK=1 to let fast-check shrink it.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { Interface } from "ethers";
import fc from "fast-check";
import { ethers } from "hardhat";
import { performance } from "perf_hooks";
import { OracleNode } from "../../oracle/node/oracle-node";
import { MemoryBondsStore } from "../../oracle/store/bonds-store";
import {
  AlphaToken__factory,
  Coinbase__factory,
  EpochSettlement__factory,
  ProtocolAccessManager__factory,
  Staking__factory,
  StakeRoundTrip__factory,
  SubnetRegistry__factory,
  Tao__factory,
  Weights__factory,
} from "../../typechain-types";
import { type Layer, TAO, TOTAL_SUPPLY, deployLayer, registerSubnet, setTempo } from "../contracts/helpers/subnet-layer";

const STEPS = Number(process.env.INVARIANT_STEPS ?? 2_000);
const STEPS_PER_RUN = Math.min(STEPS, 500);
const RUNS = Math.max(1, Math.round(STEPS / STEPS_PER_RUN));
/**
 * The run's mocha timeout grows with its steps (the config's flat 600 s ended `npm run test:invariants`'
 * 20,000 steps, ~28 min, on a 2-core machine): 600 s for the fixtures and the summary, plus STEP_BUDGET_MS
 * a step, about 3x a step's cost there (2,000 steps in 170 s: 85 ms a step).
 */
const STEP_BUDGET_MS = 250;
const TIMEOUT_MS = 600_000 + RUNS * STEPS_PER_RUN * STEP_BUDGET_MS;
/** Steps between progress lines on stderr. */
const PROGRESS_EVERY = 500;

/** Every custom error the protocol (and OpenZeppelin inside it) may refuse an action with. */
const ERROR_INTERFACES: Interface[] = [
  Tao__factory,
  Staking__factory,
  SubnetRegistry__factory,
  Weights__factory,
  Coinbase__factory,
  EpochSettlement__factory,
  ProtocolAccessManager__factory,
].map((f) => new Interface(f.abi));

function refusal(error: unknown): string | null {
  const data = (error as { data?: unknown }).data;
  if (typeof data !== "string" || data.length < 10) return null;
  for (const iface of ERROR_INTERFACES) {
    try {
      const parsed = iface.parseError(data);
      if (parsed !== null) return parsed.name;
    } catch {
      // not this interface's error
    }
  }
  return null;
}

/** How often each action went through, and each refusal by name, over the whole suite. */
const tally = new Map<string, number>();
const count = (key: string): void => void tally.set(key, (tally.get(key) ?? 0) + 1);

/** Send; a refusal with a known custom error returns its name, anything else is a failure. */
async function attempt(send: () => Promise<{ wait(): Promise<unknown> }>): Promise<string | null> {
  try {
    await (await send()).wait();
    count("accepted");
    return null;
  } catch (e) {
    const name = refusal(e);
    if (name === null) throw e;
    count(name);
    return name;
  }
}

interface World {
  layer: Layer;
  actors: HardhatEthersSigner[];
  hotkeys: HardhatEthersSigner[];
  /** The live subnets (two: a registration at the limit replaces the one it dissolves). */
  netuids: number[];
  /** Dissolved subnets, in dissolution order. */
  dissolved: number[];
  node: OracleNode;
  /** Indexes into `hotkeys` of the hotkeys bound to a coldkey (owner hotkeys and registered ones). */
  owned: Set<number>;
}

type Action =
  | { kind: "stake"; actor: number; hotkey: number; subnet: number; amount: bigint }
  | { kind: "unstake"; actor: number; hotkey: number; subnet: number; fraction: number }
  | { kind: "roundTrip"; actor: number; hotkey: number; subnet: number; amount: bigint }
  | { kind: "limitStake"; actor: number; hotkey: number; subnet: number; amount: bigint; slack: number; partial: boolean }
  | { kind: "limitUnstake"; actor: number; hotkey: number; subnet: number; slack: number; partial: boolean }
  | { kind: "move"; actor: number; to: number; hotkey: number; destHotkey: number; subnet: number; destSubnet: number; fraction: number }
  | { kind: "liquid"; actor: number; hotkey: number; subnet: number; fraction: number; deposit: boolean }
  | { kind: "root"; actor: number; hotkey: number; amount: bigint; unstake: boolean }
  | { kind: "claim"; actor: number; hotkey: number; keep: boolean }
  | { kind: "claimCredits"; actor: number; subnet: number; uids: number[] }
  | { kind: "burn"; actor: number; hotkey: number; subnet: number; fraction: number; recycle: boolean }
  | { kind: "register"; actor: number; hotkey: number; subnet: number }
  | { kind: "weights"; hotkey: number; subnet: number; values: number[] }
  | { kind: "transfer"; from: number; to: number; amount: bigint }
  | { kind: "advance"; blocks: number }
  | { kind: "settle"; subnet: number }
  | { kind: "network"; actor: number; hotkey: number; draw: number }
  | { kind: "redeem"; actor: number; hotkey: number; dissolved: number; liquid: boolean };

const ACTORS = 4;
const HOTKEYS = 8;
const taoAmount = fc.oneof(
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 2_100_000n }) }, // dust around MIN_STAKE: mostly refused
  { weight: 4, arbitrary: fc.bigInt({ min: TAO / 100n, max: 50n * TAO }) },
);
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("stake" as const), actor: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), subnet: fc.nat(1), amount: taoAmount }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("unstake" as const), actor: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), subnet: fc.nat(1), fraction: fc.double({ min: 0.01, max: 1, noNaN: true }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("roundTrip" as const), actor: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), subnet: fc.nat(1), amount: taoAmount }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("limitStake" as const), actor: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), subnet: fc.nat(1), amount: taoAmount, slack: fc.integer({ min: -5, max: 300 }), partial: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("limitUnstake" as const), actor: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), subnet: fc.nat(1), slack: fc.integer({ min: -5, max: 300 }), partial: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("move" as const), actor: fc.nat(ACTORS - 1), to: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), destHotkey: fc.nat(HOTKEYS - 1), subnet: fc.nat(2), destSubnet: fc.nat(2), fraction: fc.double({ min: 0.01, max: 1, noNaN: true }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("root" as const), actor: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), amount: taoAmount, unstake: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("claim" as const), actor: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), keep: fc.boolean() }) },
  // Mostly the few UIDs a subnet has here; now and then one past its n (SettlementUnknownUid).
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("claimCredits" as const),
      actor: fc.nat(ACTORS - 1),
      subnet: fc.nat(1),
      uids: fc.array(fc.oneof({ weight: 8, arbitrary: fc.nat(3) }, { weight: 1, arbitrary: fc.nat(9) }), { maxLength: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("burn" as const), actor: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), subnet: fc.nat(1), fraction: fc.double({ min: 0.01, max: 1, noNaN: true }), recycle: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("liquid" as const), actor: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), subnet: fc.nat(1), fraction: fc.double({ min: 0.01, max: 1, noNaN: true }), deposit: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("register" as const), actor: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), subnet: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("weights" as const), hotkey: fc.nat(HOTKEYS - 1), subnet: fc.nat(1), values: fc.array(fc.nat(65_535), { minLength: 1, maxLength: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("transfer" as const), from: fc.nat(ACTORS - 1), to: fc.nat(ACTORS - 1), amount: taoAmount }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("advance" as const), blocks: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("settle" as const), subnet: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("network" as const), actor: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), draw: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("redeem" as const), actor: fc.nat(ACTORS - 1), hotkey: fc.nat(HOTKEYS - 1), dissolved: fc.nat(7), liquid: fc.boolean() }) },
);

async function world(): Promise<World> {
  const layer = await deployLayer({ funded: 1 + ACTORS });
  const signers = layer.signers;
  const actors = signers.slice(1, 1 + ACTORS);
  const oracle = signers[1 + ACTORS];
  await (await layer.settlement.setOracle(oracle.address, true)).wait();
  await (await layer.registry.setSubnetLimit(2)).wait();
  await (await layer.registry.setNetworkImmunityPeriod(0)).wait();
  const netuids: number[] = [];
  for (let s = 0; s < 2; s++) {
    const { netuid } = await registerSubnet(layer, { owner: actors[s], ownerHotkey: signers[10 + s].address });
    await setTempo(layer, netuid, 40);
    netuids.push(netuid);
  }
  // The node leaves stake credits to the claimCredits steps, so that credits also wait across epochs,
  // registrations that replace their UIDs, and dissolutions.
  const node = new OracleNode({
    signer: oracle,
    lens: layer.addresses.MetagraphLens,
    settlement: layer.addresses.EpochSettlement,
    store: new MemoryBondsStore(),
    backend: "cpu",
    claimStakeCredits: false,
  });
  return { layer, actors, hotkeys: signers.slice(10, 10 + HOTKEYS), netuids, dissolved: [], node, owned: new Set([0, 1]) };
}

/**
 * The hotkey a stake action targets: three times in four a bound one (staking needs a hotkey with an
 * owner), otherwise the drawn one, bound or not, so refusals stay exercised.
 */
function stakeTarget(w: World, drawn: number): string {
  const owned = [...w.owned].sort((x, y) => x - y);
  return w.hotkeys[drawn % 4 !== 0 && owned.length > 0 ? owned[drawn % owned.length] : drawn].address;
}

/**
 * Mines up to `block` one block at a time. hardhat_mine reserves a range of blocks whose state
 * eth_call cannot read afterwards (the code of every contract reads as empty there), and the
 * oracle reads each subnet at its due block, which may lie inside such a range.
 */
async function mineEachTo(block: bigint): Promise<void> {
  for (let b = BigInt(await ethers.provider.getBlockNumber()); b < block; b++) await ethers.provider.send("evm_mine", []);
}

/** Run one action; the checks that compare before and after it live here. */
async function step(w: World, a: Action): Promise<void> {
  const { layer } = w;
  const staking = layer.addresses.Staking;
  switch (a.kind) {
    case "stake": {
      const [actor, netuid, hotkey] = [w.actors[a.actor], w.netuids[a.subnet], stakeTarget(w, a.hotkey)];
      const before = await layer.staking.spotPrice(netuid);
      await (await layer.tao.connect(actor).approve(staking, a.amount)).wait();
      if ((await attempt(() => layer.staking.connect(actor).addStake(hotkey, netuid, a.amount))) === null) {
        expect(await layer.staking.spotPrice(netuid), "a buy lowered the spot price").to.be.at.least(before);
      }
      return;
    }
    case "unstake": {
      const [actor, netuid, hotkey] = [w.actors[a.actor], w.netuids[a.subnet], stakeTarget(w, a.hotkey)];
      const stake = await layer.staking.stakeOf(hotkey, actor.address, netuid);
      const amount = a.fraction >= 1 ? stake : (stake * BigInt(Math.round(a.fraction * 1e6))) / 1_000_000n;
      if (amount > 0n) await attempt(() => layer.staking.connect(actor).removeStake(hotkey, netuid, amount));
      return;
    }
    case "roundTrip": {
      // In one transaction, so no block's emission deepens the pool between the two legs (across
      // blocks it can: see the suite's note on round trips), and through a fresh contract, so no
      // share dust left by an earlier round trip is paid out with this one.
      const [actor, netuid, hotkey] = [w.actors[a.actor], w.netuids[a.subnet], stakeTarget(w, a.hotkey)];
      const roundTrip = await new StakeRoundTrip__factory(layer.deployer).deploy();
      const taoBefore = await layer.tao.balanceOf(actor.address);
      await (await layer.tao.connect(actor).approve(await roundTrip.getAddress(), a.amount)).wait();
      await attempt(() => roundTrip.connect(actor).run(staking, layer.addresses.Tao, hotkey, netuid, a.amount));
      expect(await layer.tao.balanceOf(actor.address), "a stake-unstake round trip made TAO").to.be.at.most(taoBefore);
      return;
    }
    case "limitStake": {
      // A limit `slack` basis points above the spot price (at or below it: refused).
      const [actor, netuid, hotkey] = [w.actors[a.actor], w.netuids[a.subnet], stakeTarget(w, a.hotkey)];
      const limit = ((await layer.staking.spotPrice(netuid)) * BigInt(10_000 + a.slack)) / 10_000n;
      await (await layer.tao.connect(actor).approve(staking, a.amount)).wait();
      if ((await attempt(() => layer.staking.connect(actor).addStakeLimit(hotkey, netuid, a.amount, limit, a.partial))) === null) {
        expect(await layer.staking.spotPrice(netuid), "a limited buy ended above its limit").to.be.at.most(limit);
      }
      return;
    }
    case "limitUnstake": {
      // Sells the whole position, or the part that fills, down to `slack` basis points under the spot price.
      const [actor, netuid, hotkey] = [w.actors[a.actor], w.netuids[a.subnet], stakeTarget(w, a.hotkey)];
      const limit = ((await layer.staking.spotPrice(netuid)) * BigInt(10_000 - a.slack)) / 10_000n;
      const stake = await layer.staking.stakeOf(hotkey, actor.address, netuid);
      if (stake === 0n) return;
      if ((await attempt(() => layer.staking.connect(actor).removeStakeLimit(hotkey, netuid, stake, limit, a.partial))) === null) {
        const [poolTao, poolAlpha] = await layer.staking.pool(netuid);
        expect(poolTao * 10n ** 9n, "a limited sell ended below its limit").to.be.at.least(limit * poolAlpha);
      }
      return;
    }
    case "move": {
      // moveStake / swapStake for the actor's own stake; transferStake (same hotkey) to another actor.
      // Subnet index 2 is root (netuid 0).
      const [actor, netuid, hotkey] = [w.actors[a.actor], w.netuids[a.subnet] ?? 0, stakeTarget(w, a.hotkey)];
      const [to, destNetuid] = [w.actors[a.to], w.netuids[a.destSubnet] ?? 0];
      const stake = await layer.staking.stakeOf(hotkey, actor.address, netuid);
      const amount = a.fraction >= 1 ? stake : (stake * BigInt(Math.round(a.fraction * 1e6))) / 1_000_000n;
      if (amount === 0n) return;
      const s = layer.staking.connect(actor);
      if (to === actor) await attempt(() => s.moveStake(hotkey, stakeTarget(w, a.destHotkey), netuid, destNetuid, amount));
      else await attempt(() => s.transferStake(to.address, hotkey, netuid, destNetuid, amount));
      return;
    }
    case "liquid": {
      // Withdraw part of a position as α tokens, or deposit part of the actor's α tokens.
      const [actor, netuid, hotkey] = [w.actors[a.actor], w.netuids[a.subnet], stakeTarget(w, a.hotkey)];
      const scale = (x: bigint): bigint => (a.fraction >= 1 ? x : (x * BigInt(Math.round(a.fraction * 1e6))) / 1_000_000n);
      if (a.deposit) {
        const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), actor);
        const amount = scale(await alpha.balanceOf(actor.address));
        if (amount === 0n) return;
        await (await alpha.approve(staking, amount)).wait();
        await attempt(() => layer.staking.connect(actor).depositAlpha(hotkey, netuid, amount));
      } else {
        const amount = scale(await layer.staking.stakeOf(hotkey, actor.address, netuid));
        if (amount > 0n) await attempt(() => layer.staking.connect(actor).withdrawAlpha(hotkey, netuid, amount));
      }
      return;
    }
    case "root": {
      // Root stake (netuid 0, TAO 1:1): stake `amount`, or unstake that much (capped at the position).
      const [actor, hotkey] = [w.actors[a.actor], stakeTarget(w, a.hotkey)];
      if (a.unstake) {
        const stake = await layer.staking.stakeOf(hotkey, actor.address, 0);
        const amount = a.amount < stake ? a.amount : stake;
        if (amount > 0n) await attempt(() => layer.staking.connect(actor).removeStake(hotkey, 0, amount));
      } else {
        await (await layer.tao.connect(actor).approve(staking, a.amount)).wait();
        await attempt(() => layer.staking.connect(actor).addStake(hotkey, 0, a.amount));
      }
      return;
    }
    case "claim": {
      const [actor, hotkey] = [w.actors[a.actor], stakeTarget(w, a.hotkey)];
      await (await layer.staking.connect(actor).setRootClaimType(a.keep ? 1 : 0)).wait();
      await attempt(() => layer.staking.connect(actor).claimRoot(hotkey, w.netuids));
      return;
    }
    case "claimCredits": {
      // Anyone stakes any UIDs' credits for their owners; the α moves from held credits to positions.
      const netuid = w.netuids[a.subnet];
      const credits = await layer.settlement.stakeCredits(netuid);
      const owed = [...new Set(a.uids)].reduce((sum, uid) => sum + (uid < credits.length ? credits[uid] : 0n), 0n);
      const held = await layer.staking.heldStakeCredits(netuid);
      if ((await attempt(() => layer.settlement.connect(w.actors[a.actor]).claimStakeCredits(netuid, a.uids))) === null) {
        if (owed > 0n) count("stake credits claimed");
        expect(held - (await layer.staking.heldStakeCredits(netuid)), "a claim staked other than the UIDs' credits").to.equal(owed);
      }
      return;
    }
    case "burn": {
      // recycleAlpha (destroyed: issuance drops) or burnAlpha (kept as burnedAlpha) of part of a position.
      const [actor, netuid, hotkey] = [w.actors[a.actor], w.netuids[a.subnet], stakeTarget(w, a.hotkey)];
      const stake = await layer.staking.stakeOf(hotkey, actor.address, netuid);
      const amount = a.fraction >= 1 ? stake : (stake * BigInt(Math.round(a.fraction * 1e6))) / 1_000_000n;
      if (amount === 0n) return;
      const s = layer.staking.connect(actor);
      await attempt(() => (a.recycle ? s.recycleAlpha(hotkey, netuid, amount) : s.burnAlpha(hotkey, netuid, amount)));
      return;
    }
    case "register": {
      const [actor, netuid, hotkey] = [w.actors[a.actor], w.netuids[a.subnet], w.hotkeys[a.hotkey].address];
      const price = await layer.registry.burn(netuid);
      await (await layer.tao.connect(actor).approve(layer.addresses.SubnetRegistry, price)).wait();
      if ((await attempt(() => layer.registry.connect(actor).burnedRegister(netuid, hotkey, price))) === null) w.owned.add(a.hotkey);
      return;
    }
    case "weights": {
      const netuid = w.netuids[a.subnet];
      const n = (await layer.registry.hotkeys(netuid)).length;
      const uids = [...new Set(a.values.map((v) => v % n))].sort((x, y) => x - y);
      const values = uids.map((_, k) => a.values[k]);
      await attempt(() => layer.weights.connect(w.hotkeys[a.hotkey]).setWeights(netuid, uids, values, 0));
      return;
    }
    case "transfer":
      await attempt(() => layer.tao.connect(w.actors[a.from]).transfer(w.actors[a.to].address, a.amount));
      return;
    case "advance":
      await mineEachTo(BigInt(await ethers.provider.getBlockNumber()) + BigInt(a.blocks));
      return;
    case "settle": {
      await mineEachTo(await layer.coinbase.dueBlock(w.netuids[a.subnet]));
      await w.node.tick();
      return;
    }
    case "network": {
      // A registration at SubnetLimit (2): it dissolves the live subnet with the lowest EMA price (§5.1).
      // One draw in four, so that a run sees a few dissolutions and mostly live subnets.
      if (a.draw !== 0) return;
      const [actor, hotkey] = [w.actors[a.actor], w.hotkeys[a.hotkey].address];
      const lock = await layer.registry.networkLockCost();
      await (await layer.tao.connect(actor).approve(layer.addresses.SubnetRegistry, lock)).wait();
      const before = await layer.registry.netuids();
      if ((await attempt(() => layer.registry.connect(actor).registerNetwork(hotkey, lock))) !== null) return;
      // The registration accrues first, which may reorder the EMA prices: read what it dissolved.
      const live = (await layer.registry.netuids()).map(Number);
      const pruned = before.map(Number).find((n) => !live.includes(n));
      const netuid = live[live.length - 1];
      if (pruned === undefined) throw new Error("a registration at SubnetLimit dissolved nothing");
      w.netuids[w.netuids.indexOf(pruned)] = netuid;
      w.dissolved.push(pruned);
      count("subnets dissolved");
      w.owned.add(a.hotkey);
      await (await layer.registry.connect(actor).startCall(netuid)).wait();
      await setTempo(layer, netuid, 40);
      return;
    }
    case "redeem": {
      // The actor's position on a hotkey, or all its liquid α, of a dissolved subnet.
      if (w.dissolved.length === 0) return;
      const netuid = w.dissolved[a.dissolved % w.dissolved.length];
      const actor = w.actors[a.actor];
      const d = await layer.staking.dissolution(netuid);
      const before = await layer.tao.balanceOf(actor.address);
      let alpha = 0n;
      if (a.liquid) {
        alpha = await AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), actor).balanceOf(actor.address);
        if (alpha === 0n) return;
        await attempt(() => layer.staking.connect(actor).redeemAlpha(netuid, alpha));
      } else {
        const hotkey = stakeTarget(w, a.hotkey);
        alpha = await layer.staking.stakeOf(hotkey, actor.address, netuid);
        await attempt(() => layer.staking.connect(actor).redeemStake(hotkey, netuid));
      }
      if (alpha > 0n) count("redemptions");
      expect((await layer.tao.balanceOf(actor.address)) - before, "a redemption paid other than floor(α · pot / alphaValue)").to.equal(
        (alpha * d.pot) / d.alphaValue,
      );
      return;
    }
  }
}

/** The invariants that hold in every state; share-pool solvency (many reads) when `deep`. */
async function checkInvariants(w: World, deep: boolean): Promise<void> {
  const { layer } = w;
  expect(await layer.tao.totalSupply(), "TAO supply above the cap").to.be.at.most(TOTAL_SUPPLY);
  const stakingAddress = layer.addresses.Staking;
  let reserves = (await layer.staking.pool(0))[0]; // root TAO
  for (const [k, netuid] of w.dissolved.entries()) {
    const d = await layer.staking.dissolution(netuid);
    reserves += d.unredeemedTao;
    // Positions on a dissolved subnet change only by redemption: the deep check reads the latest two.
    if (!deep || k < w.dissolved.length - 2) continue;
    // What every actor could still redeem, staked and liquid, fits in what is left of the holders' TAO.
    const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
    let redeemable = 0n;
    for (const actor of w.actors) {
      redeemable += ((await alpha.balanceOf(actor.address)) * d.pot) / d.alphaValue;
      for (const hotkey of w.hotkeys) redeemable += ((await layer.staking.stakeOf(hotkey.address, actor.address, netuid)) * d.pot) / d.alphaValue;
    }
    expect(redeemable, `redeemable TAO of dissolved ${netuid} exceeds what is left`).to.be.at.most(d.unredeemedTao);
  }
  for (const netuid of [...w.netuids, ...w.dissolved]) {
    const live = w.netuids.includes(netuid);
    // A dissolved subnet changes only by redemption, which the redeem step checks to the rao: its α
    // identity is read on deep steps, its positions' solvency for the latest two.
    if (!live && !deep) continue;
    const solvency = deep && (live || w.dissolved.slice(-2).includes(netuid));
    const [poolTao, poolAlpha] = await layer.staking.pool(netuid);
    reserves += poolTao + (await layer.staking.retainedTao(netuid));
    const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
    let staked = 0n;
    for (const hotkey of w.hotkeys) {
      const total = await layer.staking.totalHotkeyAlpha(hotkey.address, netuid);
      staked += total;
      if (!solvency || total === 0n) continue;
      let positions = 0n;
      for (const coldkey of w.actors) positions += await layer.staking.stakeOf(hotkey.address, coldkey.address, netuid);
      expect(positions, `stakes on ${hotkey.address} exceed its pool on ${netuid}`).to.be.at.most(total);
    }
    let liquid = 0n;
    for (const actor of w.actors) liquid += await alpha.balanceOf(actor.address);
    // Also held by Staking: the chain buys' α (spec §2.4), root dividends not yet claimed (§4.7) and
    // the settlement's stake credits not yet claimed, which are exactly the ledger's.
    const protocol = await layer.staking.protocolAlpha(netuid);
    const unclaimed = await layer.staking.unclaimedRootAlpha(netuid);
    const burned = await layer.staking.burnedAlpha(netuid);
    const credits = await layer.staking.heldStakeCredits(netuid);
    const ledger = (await layer.settlement.stakeCredits(netuid)).reduce((sum, credit) => sum + credit, 0n);
    expect(credits, `Staking's held stake credits of ${netuid} are not the settlement's ledger`).to.equal(ledger);
    const held = poolAlpha + staked + protocol + unclaimed + burned + credits;
    expect(await alpha.balanceOf(stakingAddress), `Staking's α of ${netuid} is not pool + staked + protocol + unclaimed root + burned + credits`).to.equal(held);
    expect(await alpha.totalSupply(), `α supply of ${netuid} is not what Staking holds + liquid`).to.equal(held + liquid);
    if (live) expect(await layer.coinbase.alphaIssuance(netuid), `α issuance of ${netuid} above the cap`).to.be.at.most(TOTAL_SUPPLY);
    if (deep && live) {
      // Root claims: what every position could claim never exceeds the unclaimed root α credited.
      let owed = 0n;
      for (const hotkey of w.hotkeys) {
        for (const coldkey of w.actors) owed += await layer.staking.rootOwed(hotkey.address, coldkey.address, netuid);
      }
      expect(owed, `root claims on ${netuid} exceed the credits`).to.be.at.most(await layer.staking.unclaimedRootAlpha(netuid));
    }
    const n = BigInt((await layer.registry.hotkeys(netuid)).length);
    expect(n).to.be.at.most((await layer.registry.hyperparameters(netuid)).maxAllowedUids);
  }
  const accounted = await layer.staking.accountedTao();
  expect(accounted, "accounted TAO is not pools + retained + unredeemed").to.equal(reserves);
  expect(await layer.tao.balanceOf(stakingAddress), "Staking's TAO balance is not what it accounts for").to.equal(accounted);
}

describe(`protocol invariants (${RUNS} random runs x ${STEPS_PER_RUN} steps)`, function () {
  it("hold after every step of random stake / unstake / limit / move / liquid α / register / weights / transfer / advance / settle / dissolve / redeem sequences", async function () {
    this.timeout(TIMEOUT_MS);
    const started = performance.now();
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: STEPS_PER_RUN, maxLength: STEPS_PER_RUN }), async (actions) => {
        // loadFixture reverts the chain but hands back the same object: copy what the steps change.
        const base = await loadFixture(world);
        const w: World = { ...base, netuids: [...base.netuids], dissolved: [], owned: new Set([0, 1]) };
        await checkInvariants(w, true);
        for (const [k, a] of actions.entries()) {
          if (process.env.INVARIANT_TRACE !== undefined) console.log(`      step ${k} @${await ethers.provider.getBlockNumber()}: ${JSON.stringify(a, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`);
          await step(w, a);
          await checkInvariants(w, k % 5 === 4 || k === actions.length - 1);
          steps++;
          if (steps % PROGRESS_EVERY === 0) {
            const seconds = (performance.now() - started) / 1000;
            process.stderr.write(`      ${steps}/${RUNS * STEPS_PER_RUN} steps, ${seconds.toFixed(0)} s, ${(steps / seconds).toFixed(1)} steps/s\n`);
          }
        }
        for (const netuid of w.netuids) tally.set("epochs settled", (tally.get("epochs settled") ?? 0) + Number(await w.layer.coinbase.epochsSettled(netuid)));
      }),
      {
        numRuns: RUNS,
        endOnFailure: process.env.INVARIANT_SHRINK === undefined,
        seed: process.env.INVARIANT_SEED === undefined ? undefined : Number(process.env.INVARIANT_SEED),
      },
    );
    const summary = [...tally].sort(([, x], [, y]) => y - x).map(([k, v]) => `${k} ${v}`);
    console.log(`      ${steps} steps checked; transactions: ${summary.join(", ")}`);
    expect(steps).to.equal(RUNS * STEPS_PER_RUN);
  });
});
