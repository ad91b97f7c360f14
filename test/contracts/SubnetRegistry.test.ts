import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { expect } from "chai";
import { ethers } from "hardhat";
import { readMetagraph } from "../../oracle/chain/metagraph";
import { packReport } from "../../oracle/chain/report";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ISubnetRegistry } from "../../typechain-types";
import { AlphaToken__factory } from "../../typechain-types";

import {
  type Layer,
  TAO,
  TOTAL_SUPPLY,
  addStake,
  deployLayer,
  eventArgs,
  mine,
  mineTo,
  plainHyperparameters,
  receiptLogs,
  referenceBuy,
  registerNeuron,
  registerSubnet,
} from "./helpers/subnet-layer";
import { DEFAULT_HYPERPARAMETERS } from "../../scripts/lib/hyperparameters";
import {
  DEFAULT_REGISTRATION_PARAMETERS,
  blockByBlockBurn,
  bumpedBurn,
  decayErrorBound,
  decayFactorQ32,
  lazyBurn,
} from "./helpers/burn-reference";

type Hyperparameters = ISubnetRegistry.HyperparametersStruct;
type RegistrationParameters = ISubnetRegistry.RegistrationParametersStruct;

const MIN_LOCK = 100n * TAO;
const INTERVAL = 57_600n;
const MIN_BURN = 500_000n;
const MAX_BURN = 100n * TAO;
const Q64 = 1n << 64n;
const MULT = DEFAULT_REGISTRATION_PARAMETERS.burnIncreaseMult;
const F360 = decayFactorQ32(360n);

/** The burn price a transaction sent now pays (the view run in the next block). */
async function pendingBurn(layer: Layer, netuid: number): Promise<bigint> {
  return layer.registry.burn(netuid, { blockTag: "pending" });
}

/** A registration parameters result as a plain object. */
function plainRegistrationParameters(p: ISubnetRegistry.RegistrationParametersStructOutput): RegistrationParameters {
  return {
    minBurn: p.minBurn,
    maxBurn: p.maxBurn,
    burnIncreaseMult: p.burnIncreaseMult,
    burnHalfLife: p.burnHalfLife,
    immuneOwnerUidsLimit: p.immuneOwnerUidsLimit,
    minNonImmuneUids: p.minNonImmuneUids,
  };
}

/** subtensor's `init_new_network` values (ISubnetRegistry.Hyperparameters). */
const DEFAULTS: Hyperparameters = DEFAULT_HYPERPARAMETERS;

/** subtensor `get_network_lock_cost` at `block`, with the last lock `last` paid at `lastBlock`. */
function lockCost(last: bigint, lastBlock: bigint, block: bigint, interval: bigint): bigint {
  const mult = lastBlock === 0n ? 1n : 2n;
  const decay = interval === 0n ? 0n : (last / interval) * (block - lastBlock);
  const cost = last * mult > decay ? last * mult - decay : 0n;
  return cost > MIN_LOCK ? cost : MIN_LOCK;
}

interface Fixture {
  layer: Layer;
  owner: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  pauper: HardhatEthersSigner;
  ownerHotkey: string;
}

describe("SubnetRegistry", function () {
  /** Signers 0-9 share the genesis `supply` (default 1M TAO). */
  async function deploy(supply?: bigint): Promise<Fixture> {
    const layer = await deployLayer({ funded: 10, supply });
    const [, owner, alice, bob] = layer.signers;
    return { layer, owner, alice, bob, pauper: layer.signers[15], ownerHotkey: layer.signers[10].address };
  }

  /** No TAO emission: no pool injections and no lock-cost decay. */
  async function cappedFixture(): Promise<Fixture> {
    return deploy(TOTAL_SUPPLY);
  }

  /** No TAO emission, and the deployed NetworkRateLimit (the other fixtures set it to 0). */
  async function rateLimitedFixture(): Promise<Fixture> {
    const layer = await deployLayer({ funded: 10, supply: TOTAL_SUPPLY, networkRateLimit: null });
    const [, owner, alice, bob] = layer.signers;
    return { layer, owner, alice, bob, pauper: layer.signers[15], ownerHotkey: layer.signers[10].address };
  }

  /** Era 0 (1 TAO per block). */
  async function liveFixture(): Promise<Fixture> {
    return deploy();
  }

  /** Issuance at exactly 10.5M TAO: era 1 (0.5 TAO per block). */
  async function eraOneFixture(): Promise<Fixture> {
    return deploy(TOTAL_SUPPLY / 2n);
  }

  /** A registered, started subnet for `owner` with `ownerHotkey` at UID 0. */
  async function subnetFixture(): Promise<Fixture & { netuid: number }> {
    const f = await cappedFixture();
    return { ...f, netuid: (await registerSubnet(f.layer, { owner: f.owner, ownerHotkey: f.ownerHotkey })).netuid };
  }

  /** A registered subnet that is not started (no epoch ever falls due). */
  async function idleSubnetFixture(): Promise<Fixture & { netuid: number }> {
    const f = await cappedFixture();
    const { netuid } = await registerSubnet(f.layer, { owner: f.owner, ownerHotkey: f.ownerHotkey, start: false });
    return { ...f, netuid };
  }

  async function expectAccruedFirst(layer: Layer, tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
    const receipt = (await (await tx).wait()) as { logs: Array<{ address: string; topics: readonly string[]; data: string }> };
    const first = receipt.logs[0];
    expect(first.address).to.equal(await layer.coinbase.getAddress());
    expect(layer.coinbase.interface.parseLog({ topics: [...first.topics], data: first.data })?.name).to.equal("SubnetAccrued");
  }

  /** The call accrues no subnet: its cost does not grow with the number of subnets. */
  async function expectNoAccrual(layer: Layer, tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
    const receipt = (await (await tx).wait()) as { logs: Array<{ address: string; topics: readonly string[]; data: string }> };
    const coinbase = await layer.coinbase.getAddress();
    const names = receipt.logs
      .filter((l) => l.address === coinbase)
      .map((l) => layer.coinbase.interface.parseLog({ topics: [...l.topics], data: l.data })?.name);
    expect(names).to.not.include("SubnetAccrued");
  }

  describe("deployment", function () {
    it("has subtensor's constants, its wiring, no subnets, and the minimum lock cost", async function () {
      const { layer } = await loadFixture(cappedFixture);
      const r = layer.registry;
      expect(await r.NETWORK_MIN_LOCK_COST()).to.equal(MIN_LOCK);
      expect(await r.NETWORK_LOCK_REDUCTION_INTERVAL()).to.equal(INTERVAL);
      expect(await r.INITIAL_BURN()).to.equal(TAO);
      expect(await r.MIN_BURN()).to.equal(MIN_BURN);
      expect(await r.MAX_BURN()).to.equal(MAX_BURN);
      expect(await r.MAX_UIDS()).to.equal(256n);
      expect(await r.tao()).to.equal(await layer.tao.getAddress());
      expect(await r.staking()).to.equal(await layer.staking.getAddress());
      expect(await r.coinbase()).to.equal(await layer.coinbase.getAddress());
      expect(await r.authority()).to.equal(await layer.accessManager.getAddress());
      expect(await r.subnetCount()).to.equal(0n);
      expect(await r.netuids()).to.deep.equal([]);
      expect(await r.subnetExists(0)).to.equal(false);
      expect(await r.networkLockCost()).to.equal(MIN_LOCK);
    });

    it("reads zeros for an unknown subnet, UID or hotkey", async function () {
      const { layer, ownerHotkey } = await loadFixture(cappedFixture);
      const r = layer.registry;
      expect((await r.subnet(42)).owner).to.equal(ethers.ZeroAddress);
      expect((await r.hyperparameters(42)).tempo).to.equal(0n);
      expect(await r.burn(42)).to.equal(0n);
      expect((await r.registrationParameters(42)).maxBurn).to.equal(0n);
      expect(await r.hotkeys(42)).to.deep.equal([]);
      expect(await r.registrationBlocks(42)).to.deep.equal([]);
      expect(await r.hotkeyAt(42, 0)).to.equal(ethers.ZeroAddress);
      expect(await r.blockAtRegistration(42, 0)).to.equal(0n);
      expect([...(await r.uidOf(42, ownerHotkey))]).to.deep.equal([false, 0n]);
      expect(await r.hotkeyOwner(ownerHotkey)).to.equal(ethers.ZeroAddress);
    });
  });

  describe("registerNetwork", function () {
    it("registers netuid 1: lock into a new pool at price 1, a new α token, UID 0, defaults, 1 TAO burn", async function () {
      const { layer, owner, ownerHotkey } = await loadFixture(cappedFixture);
      const r = layer.registry;
      await layer.tao.connect(owner).approve(await r.getAddress(), MIN_LOCK);
      expect(await r.connect(owner).registerNetwork.staticCall(ownerHotkey, MIN_LOCK)).to.equal(1n);
      const tx = r.connect(owner).registerNetwork(ownerHotkey, MIN_LOCK);
      await expect(tx).to.changeTokenBalances(layer.tao, [owner, await layer.staking.getAddress()], [-MIN_LOCK, MIN_LOCK]);
      const logs = await receiptLogs(await tx);
      const block = BigInt((await ethers.provider.getBlock("latest"))!.number);
      const alphaAddress = eventArgs(logs, r, "NetworkRegistered")[3] as string;
      await expect(tx).to.emit(r, "NetworkRegistered").withArgs(1, owner.address, ownerHotkey, alphaAddress, MIN_LOCK);
      await expect(tx).to.emit(r, "HotkeyBound").withArgs(ownerHotkey, owner.address);
      await expect(tx).to.emit(r, "NeuronRegistered").withArgs(1, 0, ownerHotkey, owner.address, 0);
      await expect(tx).to.emit(r, "HyperparametersSet");
      await expect(tx).to.emit(layer.staking, "PoolCreated").withArgs(1, alphaAddress, MIN_LOCK, MIN_LOCK);

      const info = await r.subnet(1);
      expect(info.owner).to.equal(owner.address);
      expect(info.ownerHotkey).to.equal(ownerHotkey);
      expect(info.alpha).to.equal(alphaAddress);
      expect(info.registeredAt).to.equal(block);
      expect(info.startBlock).to.equal(0n);
      expect(info.lockCost).to.equal(MIN_LOCK);
      expect(info.n).to.equal(1n);

      const alpha = AlphaToken__factory.connect(alphaAddress, ethers.provider);
      expect(await alpha.name()).to.equal("Subnet 1 Alpha");
      expect(await alpha.symbol()).to.equal("A1");
      expect(await alpha.netuid()).to.equal(1n);
      expect(await alpha.minter()).to.equal(await layer.staking.getAddress());
      expect(await alpha.totalSupply()).to.equal(MIN_LOCK);
      expect(await layer.staking.alphaToken(1)).to.equal(alphaAddress);
      expect([...(await layer.staking.pool(1))]).to.deep.equal([MIN_LOCK, MIN_LOCK]);

      expect(await r.hotkeyOwner(ownerHotkey)).to.equal(owner.address);
      expect([...(await r.uidOf(1, ownerHotkey))]).to.deep.equal([true, 0n]);
      expect(await r.hotkeyAt(1, 0)).to.equal(ownerHotkey);
      expect(await r.blockAtRegistration(1, 0)).to.equal(block);
      expect(await r.hotkeys(1)).to.deep.equal([ownerHotkey]);
      expect(await r.registrationBlocks(1)).to.deep.equal([block]);
      expect(plainHyperparameters(await r.hyperparameters(1))).to.deep.equal(DEFAULTS);
      expect(await r.burn(1)).to.equal(TAO);
      expect(plainRegistrationParameters(await r.registrationParameters(1))).to.deep.equal(DEFAULT_REGISTRATION_PARAMETERS);
      expect(await r.subnetCount()).to.equal(1n);
      expect(await r.netuids()).to.deep.equal([1n]);
      expect(await r.subnetExists(1)).to.equal(true);
    });

    it("numbers subnets from 1 up, and lets an owner reuse its own hotkey (bound only once)", async function () {
      const { layer, owner, ownerHotkey } = await loadFixture(cappedFixture);
      expect((await registerSubnet(layer, { owner, ownerHotkey, start: false })).netuid).to.equal(1);
      const lock = await layer.registry.networkLockCost();
      await layer.tao.connect(owner).approve(await layer.registry.getAddress(), lock);
      const tx = layer.registry.connect(owner).registerNetwork(ownerHotkey, lock);
      await expect(tx).to.emit(layer.registry, "NetworkRegistered");
      await expect(tx).to.not.emit(layer.registry, "HotkeyBound");
      expect(await layer.registry.netuids()).to.deep.equal([1n, 2n]);
      expect((await layer.registry.subnet(2)).ownerHotkey).to.equal(ownerHotkey);
    });

    it("sizes the new α reserve at the median spot price of the existing subnets (odd and even counts)", async function () {
      const { layer, owner, alice, bob } = await loadFixture(cappedFixture);
      const registered: number[] = [];
      const hotkeyOf = (i: number): string => layer.signers[10 + i].address;
      const medianQ64 = async (): Promise<bigint> => {
        const prices: bigint[] = [];
        for (const n of registered) {
          const [taoReserve, alphaReserve] = await layer.staking.pool(n);
          prices.push((taoReserve * Q64) / alphaReserve);
        }
        prices.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        return (prices[(prices.length - 1) >> 1] + prices[prices.length >> 1]) / 2n;
      };
      for (let i = 0; i < 4; i++) {
        const lock = await layer.registry.networkLockCost();
        const expectedAlpha = registered.length === 0 ? lock : (lock * Q64) / (await medianQ64());
        const { netuid } = await registerSubnet(layer, { owner, ownerHotkey: hotkeyOf(i) });
        expect([...(await layer.staking.pool(netuid))]).to.deep.equal([lock, expectedAlpha]);
        registered.push(netuid);
        // Move this subnet's price by a different amount each time.
        await addStake(layer, [alice, bob][i % 2], hotkeyOf(i), netuid, BigInt(i * 37 + 5) * TAO);
      }
    });

    it("costs the minimum first, then 2x the last lock decaying by floor(L / 57 600) per block, floored (era 0)", async function () {
      const { layer, owner } = await loadFixture(liveFixture);
      const hotkeys = layer.signers.slice(10, 14).map((s) => s.address);
      await registerSubnet(layer, { owner, ownerHotkey: hotkeys[0], start: false });
      const paidAt = BigInt(await ethers.provider.getBlockNumber());
      const now = (): Promise<bigint> => ethers.provider.getBlockNumber().then(BigInt);
      expect(await layer.registry.networkLockCost()).to.equal(2n * MIN_LOCK);
      await mine(1);
      expect(await layer.registry.networkLockCost()).to.equal(2n * MIN_LOCK - MIN_LOCK / INTERVAL);
      await mine(1000);
      expect(await layer.registry.networkLockCost()).to.equal(lockCost(MIN_LOCK, paidAt, await now(), INTERVAL));

      // A registration pays the cost of its own block, which becomes the new last lock.
      await layer.tao.connect(owner).approve(await layer.registry.getAddress(), 2n * MIN_LOCK);
      const expected = lockCost(MIN_LOCK, paidAt, (await now()) + 1n, INTERVAL);
      const logs = await receiptLogs(await layer.registry.connect(owner).registerNetwork(hotkeys[1], 2n * MIN_LOCK));
      expect(eventArgs(logs, layer.registry, "NetworkRegistered")[4]).to.equal(expected);
      const secondAt = await now();
      expect((await layer.registry.subnet(2)).lockCost).to.equal(expected);

      // Decays to the floor after long enough.
      await mine(INTERVAL * 2n);
      expect(lockCost(expected, secondAt, await now(), INTERVAL)).to.equal(MIN_LOCK);
      expect(await layer.registry.networkLockCost()).to.equal(MIN_LOCK);
    });

    it("halves the reduction interval with the TAO halving (era 1: floor(L / 28 800) per block)", async function () {
      const { layer, owner, ownerHotkey } = await loadFixture(eraOneFixture);
      expect(await layer.tao.blockEmission()).to.equal(TAO / 2n);
      await registerSubnet(layer, { owner, ownerHotkey, start: false });
      await mine(10);
      expect(await layer.registry.networkLockCost()).to.equal(2n * MIN_LOCK - (MIN_LOCK / (INTERVAL / 2n)) * 10n);
    });

    it("does not decay while the block emission is zero (interval 0)", async function () {
      const { layer, owner, ownerHotkey } = await loadFixture(cappedFixture);
      expect(await layer.tao.blockEmission()).to.equal(0n);
      await registerSubnet(layer, { owner, ownerHotkey, start: false });
      await mine(100_000);
      expect(await layer.registry.networkLockCost()).to.equal(2n * MIN_LOCK);
    });

    it("accrues no subnet: a new subnet has no emission yet, and the cost does not grow with the subnets", async function () {
      const { layer, owner, ownerHotkey } = await loadFixture(liveFixture);
      await layer.tao.connect(owner).approve(await layer.registry.getAddress(), MIN_LOCK);
      await expectNoAccrual(layer, layer.registry.connect(owner).registerNetwork(ownerHotkey, MIN_LOCK));
    });

    it("allows one subnet registration per NetworkRateLimit blocks, by anyone (default 28 800; the first is free)", async function () {
      const { layer, owner, alice } = await loadFixture(rateLimitedFixture);
      const r = layer.registry;
      expect(await r.DEFAULT_NETWORK_RATE_LIMIT()).to.equal(28_800n);
      expect(await r.networkRateLimit()).to.equal(28_800n);
      await registerSubnet(layer, { owner, ownerHotkey: layer.signers[10].address, start: false });
      const lastAt = (await r.subnet(1)).registeredAt;
      await layer.tao.connect(alice).approve(await r.getAddress(), ethers.MaxUint256);
      // Another coldkey, one block before the limit ends.
      await mineTo(lastAt + 28_800n - 2n);
      await expect(r.connect(alice).registerNetwork(layer.signers[11].address, ethers.MaxUint256))
        .to.be.revertedWithCustomError(r, "RegistryNetworkRateLimited")
        .withArgs(lastAt + 28_800n);
      await expect(r.connect(alice).registerNetwork(layer.signers[11].address, ethers.MaxUint256)).to.emit(r, "NetworkRegistered");
      expect((await r.subnet(2)).registeredAt).to.equal(lastAt + 28_800n);
      // Governance lowers it; 0 removes it.
      await expect(r.setNetworkRateLimit(5)).to.emit(r, "NetworkRateLimitSet").withArgs(5);
      await expect(r.connect(alice).registerNetwork(layer.signers[12].address, ethers.MaxUint256))
        .to.be.revertedWithCustomError(r, "RegistryNetworkRateLimited")
        .withArgs(lastAt + 28_805n);
      await r.setNetworkRateLimit(0);
      await expect(r.connect(alice).registerNetwork(layer.signers[12].address, ethers.MaxUint256)).to.emit(r, "NetworkRegistered");
      await expect(r.connect(alice).registerNetwork(layer.signers[13].address, ethers.MaxUint256)).to.emit(r, "NetworkRegistered");
    });

    it("takes NetworkRateLimit from governance only", async function () {
      const { layer, owner } = await loadFixture(rateLimitedFixture);
      await expect(layer.registry.connect(owner).setNetworkRateLimit(0))
        .to.be.revertedWithCustomError(layer.registry, "AccessManagedUnauthorized")
        .withArgs(owner.address);
    });

    it("reverts with RegistryZeroHotkey for the zero address", async function () {
      const { layer, owner } = await loadFixture(cappedFixture);
      await expect(layer.registry.connect(owner).registerNetwork(ethers.ZeroAddress, MIN_LOCK)).to.be.revertedWithCustomError(
        layer.registry,
        "RegistryZeroHotkey",
      );
    });

    it("reverts with RegistryHotkeyOwnedByOther for a hotkey bound to another coldkey", async function () {
      const { layer, owner, alice, ownerHotkey } = await loadFixture(cappedFixture);
      await registerSubnet(layer, { owner, ownerHotkey, start: false });
      await layer.tao.connect(alice).approve(await layer.registry.getAddress(), 2n * MIN_LOCK);
      await expect(layer.registry.connect(alice).registerNetwork(ownerHotkey, 2n * MIN_LOCK))
        .to.be.revertedWithCustomError(layer.registry, "RegistryHotkeyOwnedByOther")
        .withArgs(ownerHotkey, owner.address);
    });

    it("reverts with RegistryPriceAboveLimit when the lock cost exceeds the caller's limit", async function () {
      const { layer, owner, ownerHotkey } = await loadFixture(cappedFixture);
      await layer.tao.connect(owner).approve(await layer.registry.getAddress(), MIN_LOCK);
      await expect(layer.registry.connect(owner).registerNetwork(ownerHotkey, MIN_LOCK - 1n))
        .to.be.revertedWithCustomError(layer.registry, "RegistryPriceAboveLimit")
        .withArgs(MIN_LOCK, MIN_LOCK - 1n);
    });

    it("reverts with ERC20InsufficientAllowance without approval, ERC20InsufficientBalance without TAO", async function () {
      const { layer, owner, pauper, ownerHotkey } = await loadFixture(cappedFixture);
      await expect(layer.registry.connect(owner).registerNetwork(ownerHotkey, MIN_LOCK))
        .to.be.revertedWithCustomError(layer.tao, "ERC20InsufficientAllowance")
        .withArgs(await layer.registry.getAddress(), 0n, MIN_LOCK);
      await layer.tao.connect(pauper).approve(await layer.registry.getAddress(), MIN_LOCK);
      await expect(layer.registry.connect(pauper).registerNetwork(ownerHotkey, MIN_LOCK))
        .to.be.revertedWithCustomError(layer.tao, "ERC20InsufficientBalance")
        .withArgs(pauper.address, 0n, MIN_LOCK);
    });
  });

  describe("startCall", function () {
    it("the owner starts the subnet once: startBlock, and emission from the next block", async function () {
      const { layer, owner, ownerHotkey } = await loadFixture(cappedFixture);
      const { netuid } = await registerSubnet(layer, { owner, ownerHotkey, start: false });
      const tx = layer.registry.connect(owner).startCall(netuid);
      await (await tx).wait();
      const block = BigInt(await ethers.provider.getBlockNumber());
      await expect(tx).to.emit(layer.registry, "NetworkStarted").withArgs(netuid, block);
      await expect(tx).to.emit(layer.coinbase, "SubnetAdded").withArgs(netuid, block + 1n);
      expect((await layer.registry.subnet(netuid)).startBlock).to.equal(block);
      expect(await layer.coinbase.lastEpochBlock(netuid)).to.equal(block);
    });

    it("accrues no subnet: a new subnet has no emission yet, and the cost does not grow with the subnets", async function () {
      const { layer, owner, ownerHotkey } = await loadFixture(liveFixture);
      const { netuid } = await registerSubnet(layer, { owner, ownerHotkey, start: false });
      await expectNoAccrual(layer, layer.registry.connect(owner).startCall(netuid));
    });

    it("reverts with RegistryUnknownSubnet, RegistryNotSubnetOwner, RegistryAlreadyStarted", async function () {
      const { layer, owner, alice, ownerHotkey } = await loadFixture(cappedFixture);
      await expect(layer.registry.connect(owner).startCall(42))
        .to.be.revertedWithCustomError(layer.registry, "RegistryUnknownSubnet")
        .withArgs(42);
      const { netuid } = await registerSubnet(layer, { owner, ownerHotkey, start: false });
      await expect(layer.registry.connect(alice).startCall(netuid))
        .to.be.revertedWithCustomError(layer.registry, "RegistryNotSubnetOwner")
        .withArgs(netuid, alice.address);
      await layer.registry.connect(owner).startCall(netuid);
      await expect(layer.registry.connect(owner).startCall(netuid))
        .to.be.revertedWithCustomError(layer.registry, "RegistryAlreadyStarted")
        .withArgs(netuid);
    });
  });

  describe("burnedRegister", function () {
    it("appends the next UID, buys the burn into the pool, recycles the α and raises the burn ×1.26", async function () {
      const { layer, alice, netuid } = await loadFixture(subnetFixture);
      const hotkey = layer.signers[11].address;
      const pool = await layer.staking.pool(netuid);
      const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
      const supply = await alpha.totalSupply();
      await layer.tao.connect(alice).approve(await layer.registry.getAddress(), TAO);
      // The price of the block the registration lands in: 1 TAO decayed since the subnet's registration.
      const registeredAt = (await layer.registry.subnet(netuid)).registeredAt;
      const price = await pendingBurn(layer, netuid);
      const now = BigInt(await ethers.provider.getBlockNumber());
      expect(price).to.equal(lazyBurn(TAO, F360, now + 1n - registeredAt, MIN_BURN, MAX_BURN));
      const expected = referenceBuy({ tao: pool[0], alpha: pool[1] }, price);

      expect(await layer.registry.connect(alice).burnedRegister.staticCall(netuid, hotkey, TAO)).to.equal(1n);
      const tx = layer.registry.connect(alice).burnedRegister(netuid, hotkey, TAO);
      await expect(tx).to.emit(layer.registry, "NeuronRegistered").withArgs(netuid, 1, hotkey, alice.address, price);
      await expect(tx).to.emit(layer.registry, "HotkeyBound").withArgs(hotkey, alice.address);
      await expect(tx).to.emit(layer.staking, "BoughtAndRecycled").withArgs(netuid, price, expected.alpha);
      await expect(tx).to.changeTokenBalances(layer.tao, [alice, await layer.staking.getAddress()], [-price, price]);
      const block = BigInt(await ethers.provider.getBlockNumber());

      expect([...(await layer.staking.pool(netuid))]).to.deep.equal([expected.after.tao, expected.after.alpha]);
      expect(await layer.staking.retainedTao(netuid)).to.equal(expected.fee);
      expect(await alpha.totalSupply()).to.equal(supply - expected.alpha);
      expect(await layer.registry.burn(netuid)).to.equal((price * 126n) / 100n);
      expect((await layer.registry.subnet(netuid)).n).to.equal(2n);
      expect([...(await layer.registry.uidOf(netuid, hotkey))]).to.deep.equal([true, 1n]);
      expect(await layer.registry.hotkeyAt(netuid, 1)).to.equal(hotkey);
      expect(await layer.registry.blockAtRegistration(netuid, 1)).to.equal(block);
      expect((await layer.registry.hotkeys(netuid)).length).to.equal(2);
      expect((await layer.registry.registrationBlocks(netuid))[1]).to.equal(block);
      expect(await layer.registry.hotkeyOwner(hotkey)).to.equal(alice.address);
    });

    it("multiplies the burn by 1.26 (floored) per registration, up to MAX_BURN, decaying in between", async function () {
      const { layer, alice, netuid } = await loadFixture(subnetFixture);
      await layer.tao.connect(alice).approve(await layer.registry.getAddress(), ethers.MaxUint256);
      let stored = TAO;
      let storedAt = (await layer.registry.subnet(netuid)).registeredAt;
      for (let i = 0; i < 26; i++) {
        const tx = await layer.registry.connect(alice).burnedRegister(netuid, ethers.Wallet.createRandom().address, MAX_BURN);
        const block = BigInt((await tx.wait())!.blockNumber);
        const paid = lazyBurn(stored, F360, block - storedAt, MIN_BURN, MAX_BURN);
        await expect(tx).to.emit(layer.registry, "NeuronRegistered").withArgs(netuid, i + 1, anyValue, alice.address, paid);
        stored = bumpedBurn(paid, MULT, MIN_BURN, MAX_BURN);
        storedAt = block;
        expect(await layer.registry.burn(netuid)).to.equal(stored);
      }
      expect(stored).to.equal(MAX_BURN);
    });

    it("charges the bumped price to a second registration in the same block", async function () {
      const { layer, alice, bob, netuid } = await loadFixture(subnetFixture);
      const r = layer.registry;
      await layer.tao.connect(alice).approve(await r.getAddress(), ethers.MaxUint256);
      await layer.tao.connect(bob).approve(await r.getAddress(), ethers.MaxUint256);
      const first = await pendingBurn(layer, netuid);
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        const a = await r.connect(alice).burnedRegister(netuid, layer.signers[11].address, MAX_BURN);
        const b = await r.connect(bob).burnedRegister(netuid, layer.signers[12].address, MAX_BURN);
        await mine(1);
        const second = bumpedBurn(first, MULT, MIN_BURN, MAX_BURN);
        await expect(a).to.emit(r, "NeuronRegistered").withArgs(netuid, 1, layer.signers[11].address, alice.address, first);
        await expect(b).to.emit(r, "NeuronRegistered").withArgs(netuid, 2, layer.signers[12].address, bob.address, second);
        expect(await r.burn(netuid)).to.equal(bumpedBurn(second, MULT, MIN_BURN, MAX_BURN));
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
    });

    it("works before startCall, and for the owner's hotkey on a second subnet (bound once)", async function () {
      const { layer, owner, alice, ownerHotkey, netuid } = await loadFixture(subnetFixture);
      const { netuid: idle } = await registerSubnet(layer, { owner: alice, ownerHotkey: layer.signers[11].address, start: false });
      await layer.tao.connect(owner).approve(await layer.registry.getAddress(), TAO);
      const price = await pendingBurn(layer, idle);
      const tx = layer.registry.connect(owner).burnedRegister(idle, ownerHotkey, TAO);
      await expect(tx).to.emit(layer.registry, "NeuronRegistered").withArgs(idle, 1, ownerHotkey, owner.address, price);
      await expect(tx).to.not.emit(layer.registry, "HotkeyBound");
      expect([...(await layer.registry.uidOf(netuid, ownerHotkey))]).to.deep.equal([true, 0n]);
      expect([...(await layer.registry.uidOf(idle, ownerHotkey))]).to.deep.equal([true, 1n]);
    });

    it("accrues emission first", async function () {
      const { layer, owner, alice, ownerHotkey } = await loadFixture(liveFixture);
      const { netuid } = await registerSubnet(layer, { owner, ownerHotkey });
      await layer.tao.connect(alice).approve(await layer.registry.getAddress(), TAO);
      await expectAccruedFirst(layer, layer.registry.connect(alice).burnedRegister(netuid, layer.signers[11].address, TAO));
    });

    it("reverts with RegistryUnknownSubnet, RegistryZeroHotkey, RegistryPriceAboveLimit", async function () {
      const { layer, alice, netuid } = await loadFixture(subnetFixture);
      const hotkey = layer.signers[11].address;
      await expect(layer.registry.connect(alice).burnedRegister(0, hotkey, TAO))
        .to.be.revertedWithCustomError(layer.registry, "RegistryUnknownSubnet")
        .withArgs(0);
      await expect(layer.registry.connect(alice).burnedRegister(netuid, ethers.ZeroAddress, TAO)).to.be.revertedWithCustomError(
        layer.registry,
        "RegistryZeroHotkey",
      );
      const price = await pendingBurn(layer, netuid);
      await expect(layer.registry.connect(alice).burnedRegister(netuid, hotkey, price - 1n))
        .to.be.revertedWithCustomError(layer.registry, "RegistryPriceAboveLimit")
        .withArgs(price, price - 1n);
    });

    it("reverts with RegistryHotkeyAlreadyRegistered and RegistryHotkeyOwnedByOther", async function () {
      const { layer, owner, alice, ownerHotkey, netuid } = await loadFixture(subnetFixture);
      await expect(layer.registry.connect(owner).burnedRegister(netuid, ownerHotkey, MAX_BURN))
        .to.be.revertedWithCustomError(layer.registry, "RegistryHotkeyAlreadyRegistered")
        .withArgs(netuid, ownerHotkey);
      const { netuid: idle } = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[12].address, start: false });
      await expect(layer.registry.connect(alice).burnedRegister(idle, ownerHotkey, MAX_BURN))
        .to.be.revertedWithCustomError(layer.registry, "RegistryHotkeyOwnedByOther")
        .withArgs(ownerHotkey, owner.address);
    });

    it("reverts with RegistrySubnetFull when the subnet is full of owner-immortal UIDs", async function () {
      const { layer, owner, alice, netuid } = await loadFixture(subnetFixture);
      await registerNeuron(layer, netuid, owner, layer.signers[11].address);
      await layer.registry.setHyperparameters(netuid, { ...DEFAULTS, maxAllowedUids: 2, maxAllowedValidators: 2, immunityPeriod: 0 });
      await layer.registry.setRegistrationParameters(netuid, { ...DEFAULT_REGISTRATION_PARAMETERS, immuneOwnerUidsLimit: 2n, minNonImmuneUids: 0n });
      expect([...(await layer.registry.neuronToPrune(netuid))]).to.deep.equal([false, 0n]);
      await layer.tao.connect(alice).approve(await layer.registry.getAddress(), MAX_BURN);
      await expect(layer.registry.connect(alice).burnedRegister(netuid, layer.signers[12].address, MAX_BURN))
        .to.be.revertedWithCustomError(layer.registry, "RegistrySubnetFull")
        .withArgs(netuid, 2);
    });

    it("reverts with RegistrySubnetFull when at most minNonImmuneUids UIDs are non-immune and none is immune", async function () {
      const { layer, alice, netuid } = await loadFixture(subnetFixture);
      await registerNeuron(layer, netuid, alice, layer.signers[11].address);
      await registerNeuron(layer, netuid, alice, layer.signers[12].address);
      await layer.registry.setHyperparameters(netuid, { ...DEFAULTS, maxAllowedUids: 3, maxAllowedValidators: 3, immunityPeriod: 0 });
      // Two non-immune UIDs, default MinNonImmuneUids 10: subtensor prunes none (it would not take a free one).
      expect([...(await layer.registry.neuronToPrune(netuid))]).to.deep.equal([false, 0n]);
      await layer.tao.connect(alice).approve(await layer.registry.getAddress(), MAX_BURN);
      await expect(layer.registry.connect(alice).burnedRegister(netuid, layer.signers[13].address, MAX_BURN))
        .to.be.revertedWithCustomError(layer.registry, "RegistrySubnetFull")
        .withArgs(netuid, 3);
      await layer.registry.setRegistrationParameters(netuid, { ...DEFAULT_REGISTRATION_PARAMETERS, minNonImmuneUids: 1n });
      expect([...(await layer.registry.neuronToPrune(netuid))]).to.deep.equal([true, 1n]);
    });

    it("reverts with ERC20InsufficientAllowance without approval", async function () {
      const { layer, alice, netuid } = await loadFixture(subnetFixture);
      const price = await pendingBurn(layer, netuid);
      await expect(layer.registry.connect(alice).burnedRegister(netuid, layer.signers[11].address, TAO))
        .to.be.revertedWithCustomError(layer.tao, "ERC20InsufficientAllowance")
        .withArgs(await layer.registry.getAddress(), 0n, price);
    });
  });

  describe("pruning when full (spec §5.3)", function () {
    /** Settles the subnet's due epoch with this emission column, paying nothing (the α is recycled). */
    async function settleEmission(layer: Layer, netuid: number, emission: bigint[]): Promise<void> {
      const oracle = layer.signers[19];
      await layer.settlement.setOracle(oracle.address, true);
      const due = await layer.coinbase.dueBlock(netuid);
      await mineTo(due);
      const n = emission.length;
      const pending = await layer.coinbase.pending(netuid);
      const report = packReport({
        netuid,
        snapshotBlock: due,
        raoEmission: pending.server + pending.validator + pending.root,
        consensus: Array(n).fill(7),
        incentive: Array(n).fill(7),
        dividends: Array(n).fill(7),
        validatorTrust: Array(n).fill(7),
        stakeWeight: Array(n).fill(7),
        emission,
        serverEmission: Array<bigint>(n).fill(0n),
        validatorPayouts: [],
        active: Array(n).fill(false),
        validatorPermit: Array(n).fill(true),
        ownerOwnedUids: 0n,
        bondsCommitment: ethers.ZeroHash,
      });
      await layer.settlement.connect(oracle).attest(netuid, due, await layer.settlement.reportHash(report));
      await layer.settlement.settle(report);
    }

    /**
     * A started subnet, tempo 20, full at 5 UIDs: 0 the owner hotkey, 1-4 Alice's hotkeys (11-14), then
     * an epoch settled with emission [1, 9, 3, 3, 8] (the owner hotkey lowest). No immunity, no non-immune floor.
     */
    async function fullFixture(): Promise<Fixture & { netuid: number; hotkeys: string[] }> {
      const f = await subnetFixture();
      const { layer, alice, netuid } = f;
      const hotkeys = layer.signers.slice(11, 15).map((s) => s.address);
      await layer.tao.connect(alice).approve(await layer.registry.getAddress(), ethers.MaxUint256);
      for (const hotkey of hotkeys) await layer.registry.connect(alice).burnedRegister(netuid, hotkey, MAX_BURN);
      await layer.registry.setHyperparameters(netuid, {
        ...DEFAULTS,
        tempo: 20,
        maxAllowedUids: 5,
        maxAllowedValidators: 5,
        immunityPeriod: 0,
        weightsSetRateLimit: 0,
      });
      await layer.registry.setRegistrationParameters(netuid, { ...DEFAULT_REGISTRATION_PARAMETERS, minNonImmuneUids: 0n });
      await settleEmission(layer, netuid, [1n, 9n, 3n, 3n, 8n]);
      return { ...f, hotkeys };
    }

    it("replaces the lowest-emission UID (ties: earliest registration), clearing its weights and metagraph entries", async function () {
      const { layer, bob, netuid, hotkeys } = await loadFixture(fullFixture);
      const r = layer.registry;
      // UID 2 sets a self-weight, so that it has a row to clear.
      await layer.weights.connect(layer.signers[12]).setWeights(netuid, [2], [1], 0);
      expect((await layer.weights.currentRow(netuid, 2))[1], "one entry").to.equal(1n);
      // UIDs 2 and 3 tie at emission 3; 2 registered first. The owner hotkey (emission 1) is immortal.
      expect([...(await r.neuronToPrune(netuid))]).to.deep.equal([true, 2n]);

      const newcomer = layer.signers[16].address;
      await layer.tao.connect(bob).approve(await r.getAddress(), MAX_BURN);
      const price = await pendingBurn(layer, netuid);
      const tx = r.connect(bob).burnedRegister(netuid, newcomer, price);
      await expect(tx).to.emit(r, "NeuronReplaced").withArgs(netuid, 2, hotkeys[1], newcomer);
      await expect(tx).to.emit(r, "NeuronRegistered").withArgs(netuid, 2, newcomer, bob.address, price);
      await expect(tx).to.emit(layer.weights, "WeightsCleared").withArgs(netuid, 2);
      await expect(tx).to.emit(layer.settlement, "NeuronCleared").withArgs(netuid, 2);
      const block = BigInt(await ethers.provider.getBlockNumber());

      expect((await r.subnet(netuid)).n).to.equal(5n);
      expect([...(await r.uidOf(netuid, hotkeys[1]))]).to.deep.equal([false, 0n]);
      expect([...(await r.uidOf(netuid, newcomer))]).to.deep.equal([true, 2n]);
      expect(await r.hotkeyAt(netuid, 2)).to.equal(newcomer);
      expect(await r.blockAtRegistration(netuid, 2)).to.equal(block);
      expect(await r.hotkeyOwner(hotkeys[1])).to.equal(layer.signers[2].address); // ownership is for good
      expect(await layer.weights.currentRow(netuid, 2)).to.deep.equal([0n, 0n]);
      expect(await layer.weights.lastUpdate(netuid, 2)).to.equal(block);
      const m = await readMetagraph(layer.settlement, netuid);
      expect([...m.emission]).to.deep.equal([1n, 9n, 0n, 3n, 8n]);
      // Ranks in the order of [1, 9, 3, 3, 8], the replaced UID 2 at 0 (its emission is cleared).
      expect(await layer.settlement.emissionRanks(netuid)).to.deep.equal([1n, 4n, 0n, 2n, 3n]);
      for (const column of [m.consensus, m.incentive, m.dividends, m.validatorTrust, m.stakeWeight]) {
        expect([...column]).to.deep.equal([7n, 7n, 0n, 7n, 7n]);
      }
      expect([...m.validatorPermit]).to.deep.equal([true, true, false, true, true]);
      expect([...m.active]).to.deep.equal([false, false, true, false, false]);
      // The newcomer inherits no emission: it is the next candidate (0, the latest registration).
      expect([...(await r.neuronToPrune(netuid))]).to.deep.equal([true, 2n]);
      // The pruned hotkey may register again, and takes the lowest candidate in turn.
      await registerNeuron(layer, netuid, layer.signers[2], hotkeys[1]);
      expect([...(await r.uidOf(netuid, hotkeys[1]))]).to.deep.equal([true, 2n]);
    });

    it("breaks emission ties by the earliest registration block", async function () {
      const { layer, netuid } = await loadFixture(fullFixture);
      await settleEmission(layer, netuid, [1n, 4n, 0n, 0n, 0n]);
      const blocks = await layer.registry.registrationBlocks(netuid);
      expect(blocks[2]).to.be.below(blocks[3]);
      expect([...(await layer.registry.neuronToPrune(netuid))]).to.deep.equal([true, 2n]);
    });

    it("among UIDs registered in the same block with equal emission, takes the lowest UID", async function () {
      const { layer, alice, netuid } = await loadFixture(subnetFixture);
      const r = layer.registry;
      await layer.tao.connect(alice).approve(await r.getAddress(), ethers.MaxUint256);
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        for (const s of layer.signers.slice(11, 14)) await r.connect(alice).burnedRegister(netuid, s.address, MAX_BURN);
        await mine(1);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const blocks = await r.registrationBlocks(netuid);
      expect(blocks[1]).to.equal(blocks[3]);
      await r.setHyperparameters(netuid, { ...DEFAULTS, maxAllowedUids: 4, maxAllowedValidators: 4, immunityPeriod: 0 });
      await r.setRegistrationParameters(netuid, { ...DEFAULT_REGISTRATION_PARAMETERS, minNonImmuneUids: 0n });
      expect([...(await r.neuronToPrune(netuid))]).to.deep.equal([true, 1n]);
    });

    it("prefers non-immune UIDs while more than minNonImmuneUids exist, else the best immune one", async function () {
      const { layer, alice, netuid } = await loadFixture(fullFixture);
      const r = layer.registry;
      // A new hotkey takes UID 2 (emission 3, registered before UID 3); its emission is now 0.
      expect(await registerNeuron(layer, netuid, alice, layer.signers[16].address)).to.equal(2);
      const registeredAt = await r.blockAtRegistration(netuid, 2);
      // Immunity 10 blocks: UID 2 is immune; UIDs 1 (9), 3 (3) and 4 (8) registered longer ago are not.
      await r.setHyperparameters(netuid, { ...DEFAULTS, tempo: 20, maxAllowedUids: 5, maxAllowedValidators: 5, immunityPeriod: 10 });
      await r.setRegistrationParameters(netuid, { ...DEFAULT_REGISTRATION_PARAMETERS, minNonImmuneUids: 3n });
      expect([...(await r.neuronToPrune(netuid))]).to.deep.equal([true, 2n]); // 3 non-immune: not more than 3
      await r.setRegistrationParameters(netuid, { ...DEFAULT_REGISTRATION_PARAMETERS, minNonImmuneUids: 2n });
      expect([...(await r.neuronToPrune(netuid))]).to.deep.equal([true, 3n]); // 3 > 2: the best non-immune
      // Immunity ends when now - registeredAt reaches the period: UID 2 (emission 0) is then the best.
      await mineTo(registeredAt + 9n);
      expect([...(await r.neuronToPrune(netuid))]).to.deep.equal([true, 3n]);
      await mine(1);
      expect([...(await r.neuronToPrune(netuid))]).to.deep.equal([true, 2n]);
    });

    it("never prunes the owner hotkey; immuneOwnerUidsLimit protects the owner coldkey's earliest other hotkeys", async function () {
      const { layer, owner, alice, netuid } = await loadFixture(subnetFixture);
      const r = layer.registry;
      await layer.tao.connect(owner).approve(await r.getAddress(), ethers.MaxUint256);
      await layer.tao.connect(alice).approve(await r.getAddress(), ethers.MaxUint256);
      // UIDs 1, 3: the owner coldkey's; 2: Alice's.
      await r.connect(owner).burnedRegister(netuid, layer.signers[11].address, MAX_BURN);
      await r.connect(alice).burnedRegister(netuid, layer.signers[12].address, MAX_BURN);
      await r.connect(owner).burnedRegister(netuid, layer.signers[13].address, MAX_BURN);
      await r.setHyperparameters(netuid, { ...DEFAULTS, tempo: 20, maxAllowedUids: 4, maxAllowedValidators: 4, immunityPeriod: 0 });
      const params = { ...DEFAULT_REGISTRATION_PARAMETERS, minNonImmuneUids: 0n };
      await r.setRegistrationParameters(netuid, params);
      await settleEmission(layer, netuid, [0n, 1n, 5n, 2n]);
      // Limit 1: the owner hotkey alone (emission 0) is immortal; UID 1 goes first.
      expect([...(await r.neuronToPrune(netuid))]).to.deep.equal([true, 1n]);
      // Limit 2: UID 1 (the owner coldkey's earliest other hotkey) too; then UID 3.
      await r.setRegistrationParameters(netuid, { ...params, immuneOwnerUidsLimit: 2n });
      expect([...(await r.neuronToPrune(netuid))]).to.deep.equal([true, 3n]);
      // Limit 3: UIDs 1 and 3; only Alice's UID 2 is left.
      await r.setRegistrationParameters(netuid, { ...params, immuneOwnerUidsLimit: 3n });
      expect([...(await r.neuronToPrune(netuid))]).to.deep.equal([true, 2n]);
      const tx = r.connect(alice).burnedRegister(netuid, layer.signers[14].address, MAX_BURN);
      await expect(tx).to.emit(r, "NeuronReplaced").withArgs(netuid, 2, layer.signers[12].address, layer.signers[14].address);
      // Alice's new hotkey is the only mortal UID still.
      expect([...(await r.neuronToPrune(netuid))]).to.deep.equal([true, 2n]);
      await r.setRegistrationParameters(netuid, { ...params, immuneOwnerUidsLimit: 10n });
      expect([...(await r.neuronToPrune(netuid))]).to.deep.equal([true, 2n]);
    });

    it("replaces a UID of a full 256-UID subnet well within the transaction gas cap", async function () {
      const { layer, owner, alice, bob, netuid } = await loadFixture(subnetFixture);
      const r = layer.registry;
      await layer.tao.connect(alice).approve(await r.getAddress(), ethers.MaxUint256);
      await layer.tao.connect(owner).approve(await r.getAddress(), ethers.MaxUint256);
      await layer.tao.connect(bob).approve(await r.getAddress(), ethers.MaxUint256);
      await r.setRegistrationParameters(netuid, { ...DEFAULT_REGISTRATION_PARAMETERS, maxBurn: 10n ** 8n + 1n });
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        for (let i = 1; i < 256; i++) {
          const who = i % 10 === 0 ? owner : alice; // some owner-coldkey hotkeys for the immortality scan
          await r.connect(who).burnedRegister(netuid, ethers.Wallet.createRandom().address, MAX_BURN, { gasLimit: 600_000 });
          if (i % 40 === 0) await mine(1);
        }
        await mine(1);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      expect((await r.subnet(netuid)).n).to.equal(256n);
      await r.setHyperparameters(netuid, { ...DEFAULTS, tempo: 30, immunityPeriod: 0 });
      await settleEmission(layer, netuid, Array.from({ length: 256 }, (_, i) => BigInt(1_000 + ((i * 7919) % 256))));
      const gasCap = 1n << 24n;
      for (const limit of [1n, 10n]) {
        await r.setRegistrationParameters(netuid, { ...DEFAULT_REGISTRATION_PARAMETERS, maxBurn: 10n ** 8n + 1n, immuneOwnerUidsLimit: limit });
        const [found, uid] = await r.neuronToPrune(netuid);
        expect(found).to.equal(true);
        const tx = await r.connect(bob).burnedRegister(netuid, ethers.Wallet.createRandom().address, MAX_BURN);
        const receipt = (await tx.wait())!;
        await expect(tx).to.emit(r, "NeuronReplaced").withArgs(netuid, uid, anyValue, anyValue);
        expect(receipt.gasUsed).to.be.below(gasCap / 4n);
      }
    });
  });

  describe("burn price decay and registration parameters (spec §5.2, §7.1)", function () {
    it("decays every block by f^k (closed form), within floor(1/(1 - f)) above the block-by-block price, floored at MinBurn", async function () {
      const { layer, netuid } = await loadFixture(subnetFixture);
      const registeredAt = (await layer.registry.subnet(netuid)).registeredAt;
      let now = BigInt(await ethers.provider.getBlockNumber());
      for (const gap of [0n, 1n, 10n, 348n, 1_000n, 2_000n]) {
        await mine(gap);
        now += gap;
        const k = now - registeredAt;
        const burn = await layer.registry.burn(netuid);
        expect(burn).to.equal(lazyBurn(TAO, F360, k, MIN_BURN, MAX_BURN));
        const exact = blockByBlockBurn(TAO, F360, k, MIN_BURN, MAX_BURN);
        expect(burn - exact, `after ${k} blocks`).to.be.within(0n, decayErrorBound(F360));
      }
      // About 360 blocks per halving: 1 TAO falls below 0.0005 TAO after ~3 950 blocks, then stays there.
      expect(await layer.registry.burn(netuid)).to.be.above(MIN_BURN);
      await mine(2_000);
      expect(blockByBlockBurn(TAO, F360, BigInt(await ethers.provider.getBlockNumber()) - registeredAt, MIN_BURN, MAX_BURN)).to.equal(MIN_BURN);
      expect(await layer.registry.burn(netuid)).to.equal(MIN_BURN);
      await mine(1n << 23n);
      expect(await layer.registry.burn(netuid)).to.equal(MIN_BURN);
    });

    it("the admin sets the parameters: bounds, bump and half-life rule from then on, the accrued price stays", async function () {
      // Not started: no epoch falls due while blocks are mined.
      const { layer, alice, netuid } = await loadFixture(idleSubnetFixture);
      const r = layer.registry;
      await mine(100);
      const custom: RegistrationParameters = {
        minBurn: 10n ** 6n,
        maxBurn: TAO / 2n,
        burnIncreaseMult: 2n * Q64,
        burnHalfLife: 1_000n,
        immuneOwnerUidsLimit: 3n,
        minNonImmuneUids: 4n,
      };
      const tx = await r.setRegistrationParameters(netuid, custom);
      await expect(tx).to.emit(r, "RegistrationParametersSet");
      const setAt = BigInt((await tx.wait())!.blockNumber);
      const registeredAt = (await r.subnet(netuid)).registeredAt;
      const accrued = lazyBurn(TAO, F360, setAt - registeredAt, MIN_BURN, MAX_BURN);
      expect(plainRegistrationParameters(await r.registrationParameters(netuid))).to.deep.equal(custom);
      // In the block of the change the price is the one accrued under the old parameters, above the new
      // maxBurn; its first block under the new ones decays it and clamps it to maxBurn, exactly.
      expect(await r.burn(netuid, { blockTag: setAt })).to.equal(accrued);
      const f = decayFactorQ32(1_000n);
      const afterOne = blockByBlockBurn(accrued, f, 1n, custom.minBurn as bigint, custom.maxBurn as bigint);
      expect(afterOne).to.equal(TAO / 2n);
      await mine(1);
      expect(await r.burn(netuid)).to.equal(afterOne);
      await mine(499);
      expect(await r.burn(netuid)).to.equal(lazyBurn(accrued, f, 500n, custom.minBurn as bigint, custom.maxBurn as bigint));
      expect((await r.burn(netuid)) - blockByBlockBurn(accrued, f, 500n, 10n ** 6n, TAO / 2n)).to.be.within(0n, decayErrorBound(f));
      // A registration now doubles the price, clamped to the new maxBurn.
      const paid = await pendingBurn(layer, netuid);
      await registerNeuron(layer, netuid, alice, layer.signers[11].address);
      const expectedPaid = lazyBurn(accrued, f, BigInt(await ethers.provider.getBlockNumber()) - setAt, 10n ** 6n, TAO / 2n);
      expect(paid).to.be.at.least(expectedPaid);
      expect(await r.burn(netuid)).to.equal(bumpedBurn(expectedPaid, 2n * Q64, 10n ** 6n, TAO / 2n));
      // A raised minBurn lifts the price from the next block.
      await r.setRegistrationParameters(netuid, { ...custom, minBurn: TAO / 4n, maxBurn: TAO });
      await mine(1);
      expect(await r.burn(netuid)).to.be.at.least(TAO / 4n);
      await mine(5_000);
      expect(await r.burn(netuid)).to.equal(TAO / 4n);
    });

    it("accepts every bound exactly", async function () {
      const { layer, netuid } = await loadFixture(subnetFixture);
      for (const edge of [
        { minBurn: 0n, maxBurn: 10n ** 8n + 1n },
        { minBurn: TAO - 1n, maxBurn: TAO },
        { maxBurn: (1n << 64n) - 1n },
        { burnIncreaseMult: Q64 },
        { burnIncreaseMult: 3n * Q64 },
        { burnHalfLife: 1n },
        { burnHalfLife: 36_100n },
        { immuneOwnerUidsLimit: 1n },
        { immuneOwnerUidsLimit: 10n },
        { minNonImmuneUids: 0n },
        { minNonImmuneUids: 65_535n },
      ]) {
        await expect(layer.registry.setRegistrationParameters(netuid, { ...DEFAULT_REGISTRATION_PARAMETERS, ...edge })).to.emit(
          layer.registry,
          "RegistrationParametersSet",
        );
      }
    });

    it("reverts with RegistryInvalidHyperparameter naming the field out of range", async function () {
      const { layer, netuid } = await loadFixture(subnetFixture);
      for (const [edge, name] of [
        [{ minBurn: TAO, maxBurn: 2n * TAO }, "minBurn"],
        [{ minBurn: 2n * 10n ** 8n, maxBurn: 2n * 10n ** 8n }, "minBurn"],
        [{ minBurn: 0n, maxBurn: 10n ** 8n }, "maxBurn"],
        [{ burnIncreaseMult: Q64 - 1n }, "burnIncreaseMult"],
        [{ burnIncreaseMult: 3n * Q64 + 1n }, "burnIncreaseMult"],
        [{ burnHalfLife: 0n }, "burnHalfLife"],
        [{ burnHalfLife: 36_101n }, "burnHalfLife"],
        [{ immuneOwnerUidsLimit: 0n }, "immuneOwnerUidsLimit"],
        [{ immuneOwnerUidsLimit: 11n }, "immuneOwnerUidsLimit"],
      ] as const) {
        await expect(layer.registry.setRegistrationParameters(netuid, { ...DEFAULT_REGISTRATION_PARAMETERS, ...edge }))
          .to.be.revertedWithCustomError(layer.registry, "RegistryInvalidHyperparameter")
          .withArgs(name);
      }
    });

    it("reverts with RegistryUnknownSubnet, and AccessManagedUnauthorized for anyone but the admin", async function () {
      const { layer, owner, netuid } = await loadFixture(subnetFixture);
      await expect(layer.registry.setRegistrationParameters(42, DEFAULT_REGISTRATION_PARAMETERS))
        .to.be.revertedWithCustomError(layer.registry, "RegistryUnknownSubnet")
        .withArgs(42);
      await expect(layer.registry.connect(owner).setRegistrationParameters(netuid, DEFAULT_REGISTRATION_PARAMETERS))
        .to.be.revertedWithCustomError(layer.registry, "AccessManagedUnauthorized")
        .withArgs(owner.address);
    });
  });

  describe("setHyperparameters (restricted)", function () {
    const custom: Hyperparameters = {
      tempo: 99n,
      activityCutoffFactorMilli: 20_000n,
      kappa: 1n,
      bondsPenalty: 0n,
      bondsMovingAverage: 975_000n,
      maxAllowedValidators: 10n,
      maxAllowedUids: 128n,
      yuma3Enabled: false,
      liquidAlphaEnabled: true,
      alphaLow: 2_000n,
      alphaHigh: 60_000n,
      alphaSigmoidSteepness: -5n,
      immunityPeriod: 7n,
      minAllowedWeights: 3n,
      weightsSetRateLimit: 0n,
      weightsVersionKey: 42n,
    };

    it("refuses registrations and parameter changes while a started subnet's epoch awaits settlement", async function () {
      const { layer, alice, netuid } = await loadFixture(subnetFixture);
      const due = await layer.coinbase.dueBlock(netuid);
      await mine(Number(due - BigInt(await ethers.provider.getBlockNumber())));
      expect(await layer.coinbase.isDue(netuid)).to.equal(true);
      await expect(layer.registry.connect(alice).burnedRegister(netuid, layer.signers[11].address, TAO))
        .to.be.revertedWithCustomError(layer.registry, "RegistryEpochPending")
        .withArgs(netuid, due);
      await expect(layer.registry.setHyperparameters(netuid, custom))
        .to.be.revertedWithCustomError(layer.registry, "RegistryEpochPending")
        .withArgs(netuid, due);
    });

    it("the admin sets every field at once", async function () {
      const { layer, netuid } = await loadFixture(subnetFixture);
      await expect(layer.registry.setHyperparameters(netuid, custom)).to.emit(layer.registry, "HyperparametersSet");
      expect(plainHyperparameters(await layer.registry.hyperparameters(netuid))).to.deep.equal(custom);
    });

    it("accepts every bound exactly", async function () {
      for (const edge of [
        { tempo: 1n },
        { activityCutoffFactorMilli: 1_000n },
        { activityCutoffFactorMilli: 50_000n },
        { bondsMovingAverage: 1_000_000n },
        { maxAllowedUids: 256n, maxAllowedValidators: 256n },
        { maxAllowedUids: 2n, maxAllowedValidators: 2n },
        { alphaLow: 1_638n, alphaHigh: 1_638n },
      ]) {
        // A fresh subnet each time: tempo 1 makes the epoch due at once, which freezes parameters.
        const { layer, alice, netuid } = await loadFixture(subnetFixture);
        await registerNeuron(layer, netuid, alice, layer.signers[11].address);
        await expect(layer.registry.setHyperparameters(netuid, { ...DEFAULTS, ...edge })).to.emit(
          layer.registry,
          "HyperparametersSet",
        );
      }
    });

    it("reverts with RegistryInvalidHyperparameter naming the field out of range", async function () {
      const { layer, alice, netuid } = await loadFixture(subnetFixture);
      await registerNeuron(layer, netuid, alice, layer.signers[11].address);
      for (const [edge, name] of [
        [{ tempo: 0n }, "tempo"],
        [{ activityCutoffFactorMilli: 999n }, "activityCutoffFactorMilli"],
        [{ activityCutoffFactorMilli: 50_001n }, "activityCutoffFactorMilli"],
        [{ bondsMovingAverage: 1_000_001n }, "bondsMovingAverage"],
        [{ maxAllowedUids: 257n }, "maxAllowedUids"],
        [{ maxAllowedUids: 1n, maxAllowedValidators: 1n }, "maxAllowedUids"], // below n = 2
        [{ maxAllowedValidators: 257n }, "maxAllowedValidators"],
        [{ alphaHigh: 1_637n, alphaLow: 1_637n }, "alphaHigh"],
        [{ alphaLow: 1_637n }, "alphaLow"],
        [{ alphaLow: 50_000n, alphaHigh: 49_999n }, "alphaLow"],
      ] as const) {
        await expect(layer.registry.setHyperparameters(netuid, { ...DEFAULTS, ...edge }))
          .to.be.revertedWithCustomError(layer.registry, "RegistryInvalidHyperparameter")
          .withArgs(name);
      }
    });

    it("reverts with RegistryUnknownSubnet, and AccessManagedUnauthorized for anyone but the admin", async function () {
      const { layer, owner, netuid } = await loadFixture(subnetFixture);
      await expect(layer.registry.setHyperparameters(42, DEFAULTS))
        .to.be.revertedWithCustomError(layer.registry, "RegistryUnknownSubnet")
        .withArgs(42);
      await expect(layer.registry.connect(owner).setHyperparameters(netuid, DEFAULTS))
        .to.be.revertedWithCustomError(layer.registry, "AccessManagedUnauthorized")
        .withArgs(owner.address);
    });

    it("accrues emission first", async function () {
      const { layer, owner, ownerHotkey } = await loadFixture(liveFixture);
      const { netuid } = await registerSubnet(layer, { owner, ownerHotkey });
      await expectAccruedFirst(layer, layer.registry.setHyperparameters(netuid, DEFAULTS));
    });
  });

  describe("delegate take (spec §4.3)", function () {
    const DEFAULT_TAKE = 11_796n;
    const RATE_LIMIT = 216_000n;

    it("binds every hotkey at the default take (18%); an unbound hotkey reads (0, 0)", async function () {
      const { layer, owner, ownerHotkey } = await loadFixture(subnetFixture);
      expect(await layer.registry.DEFAULT_DELEGATE_TAKE()).to.equal(DEFAULT_TAKE);
      expect(await layer.registry.TAKE_RATE_LIMIT()).to.equal(RATE_LIMIT);
      expect(await layer.registry.delegate(ownerHotkey)).to.deep.equal([owner.address, DEFAULT_TAKE]);
      expect(await layer.registry.delegate(layer.signers[17].address)).to.deep.equal([ethers.ZeroAddress, 0n]);
      expect(await layer.registry.minDelegateTake()).to.equal(0n);
      expect(await layer.registry.maxDelegateTake()).to.equal(DEFAULT_TAKE);
    });

    it("decreases at once (owner only, strictly lower, not below the minimum) and restarts the increase limit", async function () {
      const { layer, owner, alice, ownerHotkey } = await loadFixture(subnetFixture);
      await expect(layer.registry.connect(alice).decreaseTake(ownerHotkey, 100))
        .to.be.revertedWithCustomError(layer.registry, "RegistryNotHotkeyOwner")
        .withArgs(ownerHotkey, alice.address);
      await expect(layer.registry.connect(owner).decreaseTake(ownerHotkey, DEFAULT_TAKE))
        .to.be.revertedWithCustomError(layer.registry, "RegistryTakeNotLower")
        .withArgs(DEFAULT_TAKE, DEFAULT_TAKE);
      await expect(layer.registry.connect(owner).decreaseTake(ownerHotkey, 5_000))
        .to.emit(layer.registry, "DelegateTakeSet")
        .withArgs(ownerHotkey, 5_000);
      expect((await layer.registry.delegate(ownerHotkey))[1]).to.equal(5_000n);
      const changedAt = BigInt(await ethers.provider.getBlockNumber());
      await (await layer.registry.setDelegateTakeBounds(1_000, DEFAULT_TAKE)).wait();
      await expect(layer.registry.connect(owner).decreaseTake(ownerHotkey, 999))
        .to.be.revertedWithCustomError(layer.registry, "RegistryTakeOutOfBounds")
        .withArgs(999, 1_000, DEFAULT_TAKE);
      await expect(layer.registry.connect(owner).increaseTake(ownerHotkey, 6_000))
        .to.be.revertedWithCustomError(layer.registry, "RegistryTakeRateLimited")
        .withArgs(ownerHotkey, changedAt + RATE_LIMIT);
    });

    it("increases only after TAKE_RATE_LIMIT blocks, strictly higher and not above the maximum", async function () {
      const { layer, owner, alice, ownerHotkey } = await loadFixture(subnetFixture);
      await (await layer.registry.connect(owner).decreaseTake(ownerHotkey, 5_000)).wait();
      const changedAt = BigInt(await ethers.provider.getBlockNumber());
      await mine(RATE_LIMIT - 2n); // the next transaction lands one block early
      await expect(layer.registry.connect(owner).increaseTake(ownerHotkey, 6_000))
        .to.be.revertedWithCustomError(layer.registry, "RegistryTakeRateLimited")
        .withArgs(ownerHotkey, changedAt + RATE_LIMIT);
      await expect(layer.registry.connect(alice).increaseTake(ownerHotkey, 6_000)).to.be.revertedWithCustomError(
        layer.registry,
        "RegistryNotHotkeyOwner",
      );
      await expect(layer.registry.connect(owner).increaseTake(ownerHotkey, 5_000))
        .to.be.revertedWithCustomError(layer.registry, "RegistryTakeNotHigher")
        .withArgs(5_000, 5_000);
      await expect(layer.registry.connect(owner).increaseTake(ownerHotkey, DEFAULT_TAKE + 1n))
        .to.be.revertedWithCustomError(layer.registry, "RegistryTakeOutOfBounds")
        .withArgs(DEFAULT_TAKE + 1n, 0, DEFAULT_TAKE);
      await expect(layer.registry.connect(owner).increaseTake(ownerHotkey, 6_000))
        .to.emit(layer.registry, "DelegateTakeSet")
        .withArgs(ownerHotkey, 6_000);
      expect((await layer.registry.delegate(ownerHotkey))[1]).to.equal(6_000n);
    });

    it("takes its bounds from governance only, min <= max", async function () {
      const { layer, alice } = await loadFixture(subnetFixture);
      await expect(layer.registry.connect(alice).setDelegateTakeBounds(0, 20_000))
        .to.be.revertedWithCustomError(layer.registry, "AccessManagedUnauthorized")
        .withArgs(alice.address);
      await expect(layer.registry.setDelegateTakeBounds(2, 1))
        .to.be.revertedWithCustomError(layer.registry, "RegistryInvalidTakeBounds")
        .withArgs(2, 1);
      await expect(layer.registry.setDelegateTakeBounds(0, 20_000)).to.emit(layer.registry, "DelegateTakeBoundsSet").withArgs(0, 20_000);
      expect(await layer.registry.maxDelegateTake()).to.equal(20_000n);
    });
  });
});
