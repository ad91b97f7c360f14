/**
 * SubnetOwnerAdmin: the subnet owner's path to its parameters (docs/spec/chain.md §7, §7.1): who may set
 * what, the owner bounds, the owner rate limits, the admin freeze window, and governance's direct
 * access through the registry.
 */
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import type { Signer } from "ethers";
import { ethers } from "hardhat";

import { DEFAULT_REGISTRATION_PARAMETERS } from "./helpers/burn-reference";
import { type Layer, ROLES, atBlock, deployLayer, mineTo, plainHyperparameters, registerSubnet } from "./helpers/subnet-layer";

/** ISubnetOwnerAdmin.Parameter, in declaration order. */
const P = {
  Tempo: 0,
  ActivityCutoffFactorMilli: 1,
  Kappa: 2,
  BondsPenalty: 3,
  BondsMovingAverage: 4,
  MaxAllowedValidators: 5,
  MaxAllowedUids: 6,
  Yuma3Enabled: 7,
  LiquidAlphaEnabled: 8,
  AlphaLow: 9,
  AlphaHigh: 10,
  AlphaSigmoidSteepness: 11,
  ImmunityPeriod: 12,
  MinAllowedWeights: 13,
  WeightsSetRateLimit: 14,
  WeightsVersionKey: 15,
  MinBurn: 16,
  MaxBurn: 17,
  BurnIncreaseMult: 18,
  BurnHalfLife: 19,
  ImmuneOwnerUidsLimit: 20,
  MinNonImmuneUids: 21,
} as const;
type ParameterName = keyof typeof P;

const ROOT_ONLY: ParameterName[] = ["Kappa", "MaxAllowedValidators", "WeightsSetRateLimit", "MinNonImmuneUids"];
const U64_MAX = 2n ** 64n - 1n;
const Q64 = 1n << 64n;

/** Each owner-settable parameter, a non-default value within the owner's bounds, and where it shows. */
const OWNER_CASES: Array<{ name: ParameterName; value: bigint; field: string; registration?: boolean; read?: bigint | boolean }> = [
  { name: "Tempo", value: 720n, field: "tempo" },
  { name: "ActivityCutoffFactorMilli", value: 20_000n, field: "activityCutoffFactorMilli" },
  { name: "BondsPenalty", value: 1_000n, field: "bondsPenalty" },
  { name: "BondsMovingAverage", value: 975_000n, field: "bondsMovingAverage" },
  { name: "MaxAllowedUids", value: 128n, field: "maxAllowedUids" },
  { name: "Yuma3Enabled", value: 0n, field: "yuma3Enabled", read: false },
  { name: "LiquidAlphaEnabled", value: 1n, field: "liquidAlphaEnabled", read: true },
  { name: "AlphaHigh", value: 60_000n, field: "alphaHigh" },
  { name: "AlphaLow", value: 50_000n, field: "alphaLow" },
  { name: "AlphaSigmoidSteepness", value: 32_767n, field: "alphaSigmoidSteepness" },
  { name: "ImmunityPeriod", value: 65_535n, field: "immunityPeriod" },
  { name: "MinAllowedWeights", value: 8n, field: "minAllowedWeights" },
  { name: "WeightsVersionKey", value: U64_MAX, field: "weightsVersionKey" },
  { name: "MinBurn", value: 1_000_000n, field: "minBurn", registration: true },
  { name: "MaxBurn", value: 200n * 10n ** 9n, field: "maxBurn", registration: true },
  { name: "BurnIncreaseMult", value: 3n * Q64, field: "burnIncreaseMult", registration: true },
  { name: "BurnHalfLife", value: 36_100n, field: "burnHalfLife", registration: true },
  { name: "ImmuneOwnerUidsLimit", value: 10n, field: "immuneOwnerUidsLimit", registration: true },
];

interface Fixture {
  layer: Layer;
  owner: Signer;
  ownerAddress: string;
  /** Registered, not started: no epoch, so no freeze window. */
  netuid: number;
}

async function fixture(): Promise<Fixture> {
  const layer = await deployLayer();
  const { netuid, owner } = await registerSubnet(layer, { start: false });
  return { layer, owner, ownerAddress: await owner.getAddress(), netuid };
}

/** A started subnet: its epoch is due at startBlock + 360 and is never settled here. */
async function startedFixture(): Promise<Fixture & { due: bigint }> {
  const layer = await deployLayer();
  const { netuid, owner } = await registerSubnet(layer);
  return { layer, owner, ownerAddress: await owner.getAddress(), netuid, due: await layer.coinbase.dueBlock(netuid) };
}

async function readField(layer: Layer, netuid: number, field: string, registration = false): Promise<unknown> {
  const params = registration ? await layer.registry.registrationParameters(netuid) : await layer.registry.hyperparameters(netuid);
  return (params as unknown as Record<string, unknown>)[field];
}

async function nextBlock(): Promise<bigint> {
  return BigInt(await ethers.provider.getBlockNumber()) + 1n;
}

describe("SubnetOwnerAdmin", function () {
  describe("deployment", function () {
    it("points at the registry and Coinbase, with subtensor's default limits, and may call the registry's setters", async function () {
      const { layer } = await loadFixture(fixture);
      expect(await layer.ownerAdmin.registry()).to.equal(layer.addresses.SubnetRegistry);
      expect(await layer.ownerAdmin.coinbase()).to.equal(layer.addresses.Coinbase);
      expect(await layer.ownerAdmin.ownerHyperparamRateLimit()).to.equal(2n);
      expect(await layer.ownerAdmin.adminFreezeWindow()).to.equal(10n);
      const [isMember] = await layer.accessManager.hasRole(ROLES.HYPERPARAMETER_SETTER, layer.addresses.SubnetOwnerAdmin);
      expect(isMember).to.equal(true);
    });
  });

  describe("who sets what (docs/spec/chain.md §7.1)", function () {
    it("sets every owner-settable parameter, each visible in the registry, with an event", async function () {
      const { layer, owner, ownerAddress, netuid } = await loadFixture(fixture);
      for (const c of OWNER_CASES) {
        await expect(layer.ownerAdmin.connect(owner).setParameter(netuid, P[c.name], c.value), c.name)
          .to.emit(layer.ownerAdmin, "OwnerParameterSet")
          .withArgs(netuid, P[c.name], c.value, ownerAddress);
        expect(await readField(layer, netuid, c.field, c.registration), c.name).to.equal(c.read ?? c.value);
        expect(await layer.ownerAdmin.lastSetBlock(netuid, P[c.name])).to.equal(BigInt(await ethers.provider.getBlockNumber()));
      }
    });

    it("reverts with OwnerAdminRootOnly for every root-only parameter", async function () {
      const { layer, owner, netuid } = await loadFixture(fixture);
      for (const name of ROOT_ONLY) {
        await expect(layer.ownerAdmin.connect(owner).setParameter(netuid, P[name], 1n), name)
          .to.be.revertedWithCustomError(layer.ownerAdmin, "OwnerAdminRootOnly")
          .withArgs(P[name]);
        const [settable, min, max] = await layer.ownerAdmin.ownerBounds(P[name]);
        expect([settable, min, max]).to.deep.equal([false, 0n, 0n]);
        expect(await layer.ownerAdmin.nextSettableBlock(netuid, P[name])).to.equal(U64_MAX);
      }
    });

    it("reverts with OwnerAdminNotSubnetOwner for anyone but the owner, governance included, and for an unknown subnet", async function () {
      const { layer, owner, ownerAddress, netuid } = await loadFixture(fixture);
      const other = layer.signers[5];
      for (const caller of [other, layer.deployer]) {
        await expect(layer.ownerAdmin.connect(caller).setParameter(netuid, P.BondsPenalty, 1n))
          .to.be.revertedWithCustomError(layer.ownerAdmin, "OwnerAdminNotSubnetOwner")
          .withArgs(netuid, caller.address);
      }
      await expect(layer.ownerAdmin.connect(owner).setParameter(99, P.BondsPenalty, 1n))
        .to.be.revertedWithCustomError(layer.ownerAdmin, "OwnerAdminNotSubnetOwner")
        .withArgs(99, ownerAddress);
    });

    it("lets governance set every parameter directly on the registry, root bounds only, and not the owner", async function () {
      const { layer, owner, netuid } = await loadFixture(fixture);
      const h = {
        ...plainHyperparameters(await layer.registry.hyperparameters(netuid)),
        tempo: 10n,
        kappa: 40_000n,
        maxAllowedValidators: 32n,
        weightsSetRateLimit: 7n,
        bondsMovingAverage: 1_000_000n,
        alphaSigmoidSteepness: -50n,
        immunityPeriod: 100_000n,
      };
      await layer.registry.connect(layer.deployer).setHyperparameters(netuid, h);
      const got = plainHyperparameters(await layer.registry.hyperparameters(netuid));
      expect(got).to.deep.equal({ ...got, ...h });
      const r = { ...DEFAULT_REGISTRATION_PARAMETERS, minNonImmuneUids: 3n, immuneOwnerUidsLimit: 4n };
      await layer.registry.connect(layer.deployer).setRegistrationParameters(netuid, r);
      expect((await layer.registry.registrationParameters(netuid)).minNonImmuneUids).to.equal(3n);
      // Governance's changes do not start the owner's rate limits.
      expect(await layer.ownerAdmin.lastSetBlock(netuid, P.Tempo)).to.equal(0n);

      await expect(layer.registry.connect(owner).setHyperparameters(netuid, h)).to.be.revertedWithCustomError(
        layer.registry,
        "AccessManagedUnauthorized",
      );
      await expect(layer.registry.connect(owner).setRegistrationParameters(netuid, r)).to.be.revertedWithCustomError(
        layer.registry,
        "AccessManagedUnauthorized",
      );
    });
  });

  describe("owner bounds (docs/spec/chain.md §7.1)", function () {
    it("reverts with OwnerAdminOutOfBounds just outside every owner-settable parameter's bounds", async function () {
      const { layer, owner, netuid } = await loadFixture(fixture);
      for (const [name, p] of Object.entries(P)) {
        const [settable, min, max] = await layer.ownerAdmin.ownerBounds(p);
        if (!settable) continue;
        const outside = [...(min > 0n ? [min - 1n] : []), max + 1n];
        for (const value of outside) {
          await expect(layer.ownerAdmin.connect(owner).setParameter(netuid, p, value), `${name} ${value}`)
            .to.be.revertedWithCustomError(layer.ownerAdmin, "OwnerAdminOutOfBounds")
            .withArgs(p, value, min, max);
        }
      }
    });

    it("holds owners to tighter bounds than governance: BondsMovingAverage, AlphaSigmoidSteepness, Tempo, MaxAllowedUids", async function () {
      const { layer, owner, netuid } = await loadFixture(fixture);
      const expectBounds = async (p: number, min: bigint, max: bigint): Promise<void> => {
        const [settable, lo, hi] = await layer.ownerAdmin.ownerBounds(p);
        expect([settable, lo, hi]).to.deep.equal([true, min, max]);
      };
      await expectBounds(P.BondsMovingAverage, 0n, 975_000n);
      await expectBounds(P.AlphaSigmoidSteepness, 0n, 32_767n);
      await expectBounds(P.Tempo, 360n, 50_400n);
      await expectBounds(P.MaxAllowedUids, 64n, 256n);
      await expectBounds(P.MinBurn, 0n, 10n ** 9n - 1n);
      await expectBounds(P.MaxBurn, 10n ** 8n + 1n, U64_MAX);
      await expectBounds(P.BurnIncreaseMult, Q64, 3n * Q64);
      await expectBounds(P.ImmuneOwnerUidsLimit, 1n, 10n);
      await layer.ownerAdmin.connect(owner).setParameter(netuid, P.Tempo, 50_400n);
      await layer.ownerAdmin.connect(owner).setParameter(netuid, P.MaxAllowedUids, 64n);
      expect((await layer.registry.hyperparameters(netuid)).tempo).to.equal(50_400n);
    });

    it("leaves the relational bounds to the registry (minBurn < maxBurn, alphaLow ≤ alphaHigh)", async function () {
      const { layer, owner, netuid } = await loadFixture(fixture);
      await layer.ownerAdmin.connect(owner).setParameter(netuid, P.MaxBurn, 200_000_000n);
      await expect(layer.ownerAdmin.connect(owner).setParameter(netuid, P.MinBurn, 200_000_000n))
        .to.be.revertedWithCustomError(layer.registry, "RegistryInvalidHyperparameter")
        .withArgs("minBurn");
      await layer.ownerAdmin.connect(owner).setParameter(netuid, P.LiquidAlphaEnabled, 1n);
      await expect(layer.ownerAdmin.connect(owner).setParameter(netuid, P.AlphaLow, 60_000n))
        .to.be.revertedWithCustomError(layer.registry, "RegistryInvalidHyperparameter")
        .withArgs("alphaLow");
    });

    it("reverts with OwnerAdminLiquidAlphaDisabled for AlphaLow and AlphaHigh while liquid alpha is off", async function () {
      const { layer, owner, netuid } = await loadFixture(fixture);
      for (const p of [P.AlphaLow, P.AlphaHigh]) {
        await expect(layer.ownerAdmin.connect(owner).setParameter(netuid, p, 50_000n))
          .to.be.revertedWithCustomError(layer.ownerAdmin, "OwnerAdminLiquidAlphaDisabled")
          .withArgs(netuid);
      }
    });
  });

  describe("owner rate limits", function () {
    it("allows a parameter again OwnerHyperparamRateLimit (2) tempos later, per parameter, at the current tempo", async function () {
      const { layer, owner, netuid } = await loadFixture(fixture);
      const admin = layer.ownerAdmin.connect(owner);
      const set = (p: number, v: bigint) => () => admin.setParameter(netuid, p, v);
      const b = await nextBlock();
      await set(P.BondsPenalty, 1n)();
      expect(await layer.ownerAdmin.nextSettableBlock(netuid, P.BondsPenalty)).to.equal(b + 720n);
      // Another parameter has its own clock.
      await set(P.ImmunityPeriod, 1n)();
      await expect(atBlock(b + 719n, set(P.BondsPenalty, 2n)))
        .to.be.revertedWithCustomError(layer.ownerAdmin, "OwnerAdminRateLimited")
        .withArgs(netuid, P.BondsPenalty, b + 720n);
      await atBlock(b + 720n, set(P.BondsPenalty, 2n));
      expect((await layer.registry.hyperparameters(netuid)).bondsPenalty).to.equal(2n);

      // The limit is read at the tempo of the moment.
      await layer.registry.connect(layer.deployer).setHyperparameters(netuid, {
        ...plainHyperparameters(await layer.registry.hyperparameters(netuid)),
        tempo: 1_000n,
      });
      expect(await layer.ownerAdmin.nextSettableBlock(netuid, P.BondsPenalty)).to.equal(b + 720n + 2_000n);
    });

    it("limits Tempo to once per 360 blocks and WeightsVersionKey to once per 5 tempos", async function () {
      const { layer, owner, netuid } = await loadFixture(fixture);
      const admin = layer.ownerAdmin.connect(owner);
      const b = await nextBlock();
      await admin.setParameter(netuid, P.Tempo, 400n);
      await admin.setParameter(netuid, P.WeightsVersionKey, 7n);
      expect(await layer.ownerAdmin.nextSettableBlock(netuid, P.Tempo)).to.equal(b + 360n);
      // Five tempos of 400 blocks (the tempo just set).
      expect(await layer.ownerAdmin.nextSettableBlock(netuid, P.WeightsVersionKey)).to.equal(b + 1n + 2_000n);
      await expect(atBlock(b + 359n, () => admin.setParameter(netuid, P.Tempo, 500n)))
        .to.be.revertedWithCustomError(layer.ownerAdmin, "OwnerAdminRateLimited")
        .withArgs(netuid, P.Tempo, b + 360n);
      await atBlock(b + 360n, () => admin.setParameter(netuid, P.Tempo, 500n));
      // Now five tempos of 500 blocks.
      await expect(atBlock(b + 1n + 2_499n, () => admin.setParameter(netuid, P.WeightsVersionKey, 8n)))
        .to.be.revertedWithCustomError(layer.ownerAdmin, "OwnerAdminRateLimited")
        .withArgs(netuid, P.WeightsVersionKey, b + 1n + 2_500n);
      await atBlock(b + 1n + 2_500n, () => admin.setParameter(netuid, P.WeightsVersionKey, 8n));
      expect((await layer.registry.hyperparameters(netuid)).weightsVersionKey).to.equal(8n);
    });

    it("lets governance change OwnerHyperparamRateLimit (0 removes it), and nobody else", async function () {
      const { layer, owner, netuid } = await loadFixture(fixture);
      await expect(layer.ownerAdmin.connect(owner).setOwnerHyperparamRateLimit(0)).to.be.revertedWithCustomError(
        layer.ownerAdmin,
        "AccessManagedUnauthorized",
      );
      await expect(layer.ownerAdmin.connect(layer.deployer).setOwnerHyperparamRateLimit(0))
        .to.emit(layer.ownerAdmin, "OwnerHyperparamRateLimitSet")
        .withArgs(0);
      const admin = layer.ownerAdmin.connect(owner);
      await admin.setParameter(netuid, P.BondsPenalty, 1n);
      await admin.setParameter(netuid, P.BondsPenalty, 2n);
      // Tempo keeps its own cooldown.
      await admin.setParameter(netuid, P.Tempo, 400n);
      await expect(admin.setParameter(netuid, P.Tempo, 500n)).to.be.revertedWithCustomError(layer.ownerAdmin, "OwnerAdminRateLimited");
    });
  });

  describe("admin freeze window", function () {
    it("refuses owner calls when fewer than AdminFreezeWindow (10) blocks remain before the due block, and while the epoch is pending", async function () {
      const { layer, owner, netuid, due } = await loadFixture(startedFixture);
      const admin = layer.ownerAdmin.connect(owner);
      // subtensor: frozen while due - block < AdminFreezeWindow, i.e. from due - 9 on.
      await mineTo(due - 11n);
      expect(await layer.ownerAdmin.inFreezeWindow(netuid)).to.equal(false);
      await atBlock(due - 10n, () => admin.setParameter(netuid, P.BondsPenalty, 1n));
      await expect(atBlock(due - 9n, () => admin.setParameter(netuid, P.ImmunityPeriod, 1n)))
        .to.be.revertedWithCustomError(layer.ownerAdmin, "OwnerAdminFreezeWindow")
        .withArgs(netuid, due);
      await mineTo(due - 9n);
      expect(await layer.ownerAdmin.inFreezeWindow(netuid)).to.equal(true);
      // Governance is not held by the window (only by a pending epoch, for the hyperparameters).
      await layer.registry.connect(layer.deployer).setRegistrationParameters(netuid, { ...DEFAULT_REGISTRATION_PARAMETERS, burnHalfLife: 100n });
      await mineTo(due + 5n);
      await expect(admin.setParameter(netuid, P.MinBurn, 1n))
        .to.be.revertedWithCustomError(layer.ownerAdmin, "OwnerAdminFreezeWindow")
        .withArgs(netuid, due);
    });

    it("lets governance change AdminFreezeWindow, and nobody else", async function () {
      const { layer, owner, netuid, due } = await loadFixture(startedFixture);
      await expect(layer.ownerAdmin.connect(owner).setAdminFreezeWindow(0)).to.be.revertedWithCustomError(
        layer.ownerAdmin,
        "AccessManagedUnauthorized",
      );
      await expect(layer.ownerAdmin.connect(layer.deployer).setAdminFreezeWindow(0)).to.emit(layer.ownerAdmin, "AdminFreezeWindowSet").withArgs(0);
      await atBlock(due - 1n, () => layer.ownerAdmin.connect(owner).setParameter(netuid, P.BondsPenalty, 1n));
      expect((await layer.registry.hyperparameters(netuid)).bondsPenalty).to.equal(1n);
    });
  });
});
