/**
 * The Subnet (0x803) and Neuron (0x804) facades (contracts/compat/SubnetPrecompile.sol, NeuronPrecompile.sol),
 * called at their precompile addresses through subtensor-style interfaces, as a Bittensor EVM client would
 * (docs/spec/chain.md §9; owner and root rules of §7.1).
 */
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { PRECOMPILE_ADDRESSES } from "../../scripts/lib/bittensor-evm";
import table from "./subtensor-precompiles.json";
import { bittensorEvmFixture } from "./fixture";

const SUBNET = PRECOMPILE_ADDRESSES.SubnetPrecompile;
const NEURON = PRECOMPILE_ADDRESSES.NeuronPrecompile;
const WEI_PER_RAO = 10n ** 9n;
/** A substrate key: no EVM account is linked to it, so the layer holds it under a shadow address. */
const SUBSTRATE_HOTKEY = ethers.id("a substrate hotkey");

async function base() {
  const f = await bittensorEvmFixture(["SubnetPrecompile", "NeuronPrecompile"]);
  const subnet = await ethers.getContractAt("ISubnet", SUBNET);
  const neuron = await ethers.getContractAt("INeuron", NEURON);
  // The facades' own ABIs, to decode their errors and events.
  const subnetFacade = await ethers.getContractAt("SubnetPrecompile", SUBNET);
  const neuronFacade = await ethers.getContractAt("NeuronPrecompile", NEURON);
  const [, , owner, ownerHotkey, coldkey, hotkey, stranger] = f.signers;
  // AccessManaged's errors, which the layer's restricted functions revert with.
  const accessManaged = await ethers.getContractAt(
    "SubnetRegistry",
    f.layer.addresses.SubnetRegistry,
  );
  return {
    ...f,
    accessManaged,
    subnet,
    neuron,
    subnetFacade,
    neuronFacade,
    owner,
    ownerHotkey,
    coldkey,
    hotkey,
    stranger,
  };
}

type Base = Awaited<ReturnType<typeof base>>;

/** The three `registerNetwork` overloads, as `signer`. */
function registerPlain(f: Base, signer: HardhatEthersSigner) {
  return f.subnet.connect(signer).getFunction("registerNetwork(bytes32)");
}
function registerWithIdentity(f: Base, signer: HardhatEthersSigner) {
  return f.subnet
    .connect(signer)
    .getFunction(
      "registerNetwork(bytes32,string,string,string,string,string,string,string)",
    );
}
function registerWithLogo(f: Base, signer: HardhatEthersSigner) {
  return f.subnet
    .connect(signer)
    .getFunction(
      "registerNetwork(bytes32,string,string,string,string,string,string,string,string)",
    );
}

/** The id a `bytes32` argument names an EVM account by (linked by the fixture). */
async function idOf(f: Base, account: string): Promise<string> {
  return f.evm.keys.keyOf(account);
}

/** The lock cost of the block the next transaction is mined in, in rao. */
async function pendingLock(f: Base): Promise<bigint> {
  return f.layer.registry.networkLockCost({ blockTag: "pending" });
}

async function pendingBurn(f: Base, netuid: bigint | number): Promise<bigint> {
  return f.layer.registry.burn(netuid, { blockTag: "pending" });
}

/** A subnet registered through the facade by `owner` (not started), with `ownerHotkey` at UID 0. */
async function withFacadeSubnet() {
  const f = await base();
  const lock = await pendingLock(f);
  const tx = await registerPlain(f, f.owner)(
    await idOf(f, f.ownerHotkey.address),
    {
      value: lock * WEI_PER_RAO,
    },
  );
  await tx.wait();
  const netuid = (await f.layer.registry.netuids()).at(-1)!;
  return { ...f, netuid, lock };
}

/**
 * `hotkey` registered through the Neuron facade by `coldkey` on the fixture's first subnet (started, with a
 * deep pool: a subnet registered after the fixture's two gets an α reserve under MINIMUM_RESERVE at their
 * prices, so no burn can be bought into it).
 */
async function withFixtureSubnet() {
  const f = await base();
  return { ...f, netuid: BigInt(f.subnets[0].netuid) };
}

async function withNeuron() {
  const f = await withFixtureSubnet();
  const burn = await pendingBurn(f, f.netuid);
  await (
    await f.neuron
      .connect(f.coldkey)
      .burnedRegister(f.netuid, await idOf(f, f.hotkey.address), {
        value: burn * WEI_PER_RAO,
      })
  ).wait();
  const [, uid] = await f.layer.registry.uidOf(f.netuid, f.hotkey.address);
  return { ...f, uid };
}

async function nativeBalance(account: string): Promise<bigint> {
  return ethers.provider.getBalance(account);
}

describe("compat: Subnet (0x803) and Neuron (0x804) facades", function () {
  describe("ABI", function () {
    for (const [precompile, iface] of [
      ["Subnet", "ISubnet"],
      ["Neuron", "INeuron"],
    ] as const) {
      it(`${iface} declares exactly subtensor's ${precompile} functions (runtime selectors, returns, mutability)`, async function () {
        const abi = (await ethers.getContractAt(iface, SUBNET)).interface;
        const declared = new Map<
          string,
          { returns: string[]; mutability: string }
        >();
        abi.forEachFunction((fn) =>
          declared.set(fn.format("sighash"), {
            returns: fn.outputs.map((o) => o.type),
            mutability: fn.stateMutability,
          }),
        );
        const wanted = table.filter((e) => e.precompile === precompile);
        expect(wanted.length).to.equal(precompile === "Subnet" ? 56 : 8);
        for (const e of wanted) {
          expect(declared.get(e.signature), e.signature).to.deep.equal({
            returns: e.returns,
            mutability: e.mutability,
          });
        }
        expect([...declared.keys()].sort()).to.deep.equal(
          wanted.map((e) => e.signature).sort(),
        );
      });
    }
  });

  describe("registerNetwork", function () {
    it("registers a subnet for the caller paying exactly the lock cost in native TAO, unstarted, with no TAO lost", async function () {
      const f = await loadFixture(base);
      const lock = await pendingLock(f);
      const nativeTao = f.evm.addresses.NativeTao;
      const before = {
        owner: await nativeBalance(f.owner.address),
        converterNative: await nativeBalance(nativeTao),
        converterTao: await f.layer.tao.balanceOf(nativeTao),
      };
      const tx = await registerPlain(f, f.owner)(
        await idOf(f, f.ownerHotkey.address),
        {
          value: lock * WEI_PER_RAO,
        },
      );
      const receipt = (await tx.wait())!;
      const netuid = (await f.layer.registry.netuids()).at(-1)!;
      const info = await f.layer.registry.subnet(netuid);
      expect(info.owner).to.equal(f.owner.address);
      expect(info.ownerHotkey).to.equal(f.ownerHotkey.address);
      expect(info.lockCost).to.equal(lock);
      expect(info.startBlock).to.equal(0n);
      expect(info.registeredAt).to.equal(BigInt(receipt.blockNumber));
      expect(await f.subnet.getNetworkRegistrationBlock(netuid)).to.equal(
        BigInt(receipt.blockNumber),
      );

      expect(before.owner - (await nativeBalance(f.owner.address))).to.equal(
        lock * WEI_PER_RAO + receipt.fee,
      );
      expect(
        (await nativeBalance(nativeTao)) - before.converterNative,
      ).to.equal(lock * WEI_PER_RAO);
      expect(
        before.converterTao - (await f.layer.tao.balanceOf(nativeTao)),
      ).to.equal(lock);
      expect(await f.layer.tao.balanceOf(SUBNET)).to.equal(0n);
      expect(await nativeBalance(SUBNET)).to.equal(0n);
    });

    it("names a substrate hotkey by its shadow address", async function () {
      const f = await loadFixture(base);
      const lock = await pendingLock(f);
      await (
        await registerPlain(f, f.owner)(SUBSTRATE_HOTKEY, {
          value: lock * WEI_PER_RAO,
        })
      ).wait();
      const netuid = (await f.layer.registry.netuids()).at(-1)!;
      const shadow = await f.evm.keys.shadowOf(SUBSTRATE_HOTKEY);
      expect((await f.layer.registry.subnet(netuid)).ownerHotkey).to.equal(
        shadow,
      );
      expect(await f.evm.keys.keyOf(shadow)).to.equal(SUBSTRATE_HOTKEY);
    });

    it("refuses any value but the lock cost (PrecompileValueMismatch), and the value comes back", async function () {
      const f = await loadFixture(base);
      const id = await idOf(f, f.ownerHotkey.address);
      for (const offset of [-1n, WEI_PER_RAO, null]) {
        const lock = await pendingLock(f);
        const value = offset === null ? 0n : lock * WEI_PER_RAO + offset;
        await expect(registerPlain(f, f.owner)(id, { value }))
          .to.be.revertedWithCustomError(
            f.subnetFacade,
            "PrecompileValueMismatch",
          )
          .withArgs(lock * WEI_PER_RAO, value);
      }
      expect(await f.layer.registry.subnetCount()).to.equal(2n);
    });

    it("records the identity in the runtime's order (additional, then logoUrl) and bounds its lengths", async function () {
      const f = await loadFixture(base);
      const id = await idOf(f, f.ownerHotkey.address);
      const fields = [
        "name",
        "repo",
        "contact",
        "url",
        "discord",
        "description",
        "additional",
        "logo",
      ] as const;
      const [name, repo, contact, url, discord, description, additional] =
        fields;
      let lock = await pendingLock(f);
      await expect(
        registerWithLogo(f, f.owner)(id, ...fields, {
          value: lock * WEI_PER_RAO,
        }),
      )
        .to.emit(f.subnetFacade, "SubnetIdentitySet")
        .withArgs(3, [...fields]);
      lock = await pendingLock(f);
      await expect(
        registerWithIdentity(f, f.stranger)(
          SUBSTRATE_HOTKEY,
          name,
          repo,
          contact,
          url,
          discord,
          description,
          additional,
          {
            value: lock * WEI_PER_RAO,
          },
        ),
      )
        .to.emit(f.subnetFacade, "SubnetIdentitySet")
        .withArgs(4, [
          name,
          repo,
          contact,
          url,
          discord,
          description,
          additional,
          "",
        ]);
      lock = await pendingLock(f);
      await expect(
        registerWithIdentity(f, f.stranger)(
          SUBSTRATE_HOTKEY,
          "n".repeat(257),
          "",
          "",
          "",
          "",
          "",
          "",
          {
            value: lock * WEI_PER_RAO,
          },
        ),
      )
        .to.be.revertedWithCustomError(
          f.subnetFacade,
          "PrecompileValueOutOfBounds",
        )
        .withArgs(257);
    });
  });

  describe("getters", function () {
    it("answer the registry's hyperparameters in subtensor's units", async function () {
      const f = await loadFixture(base);
      const netuid = f.subnets[0].netuid;
      const h = await f.layer.registry.hyperparameters(netuid);
      const r = await f.layer.registry.registrationParameters(netuid);
      expect(await f.subnet.getWeightsVersionKey(netuid)).to.equal(
        h.weightsVersionKey,
      );
      expect(await f.subnet.getWeightsSetRateLimit(netuid)).to.equal(
        h.weightsSetRateLimit,
      );
      expect(await f.subnet.getImmunityPeriod(netuid)).to.equal(
        h.immunityPeriod,
      );
      expect(await f.subnet.getMinAllowedWeights(netuid)).to.equal(
        h.minAllowedWeights,
      );
      expect(await f.subnet.getKappa(netuid)).to.equal(h.kappa);
      expect(await f.subnet.getAlphaSigmoidSteepness(netuid)).to.equal(
        h.alphaSigmoidSteepness,
      );
      expect(await f.subnet.getActivityCutoffFactor(netuid)).to.equal(
        h.activityCutoffFactorMilli,
      );
      expect(await f.subnet.getActivityCutoff(netuid)).to.equal(
        (h.activityCutoffFactorMilli * h.tempo) / 1000n,
      );
      expect(await f.subnet.getActivityCutoff(netuid)).to.equal(5000n); // the chain's default at tempo 360
      expect(await f.subnet.getBondsMovingAverage(netuid)).to.equal(
        h.bondsMovingAverage,
      );
      expect(await f.subnet.getLiquidAlphaEnabled(netuid)).to.equal(
        h.liquidAlphaEnabled,
      );
      expect(await f.subnet.getYuma3Enabled(netuid)).to.equal(h.yuma3Enabled);
      expect(await f.subnet.getAlphaValues(netuid)).to.deep.equal([
        h.alphaLow,
        h.alphaHigh,
      ]);
      expect(await f.subnet.getMinBurn(netuid)).to.equal(r.minBurn);
      expect(await f.subnet.getMaxBurn(netuid)).to.equal(r.maxBurn);
      expect(await f.subnet.getNetworkRegistrationBlock(netuid)).to.equal(
        (await f.layer.registry.subnet(netuid)).registeredAt,
      );
      expect(await f.subnet.getNetworkRegistrationAllowed(netuid)).to.equal(
        true,
      );
      expect(await f.subnet.getNetworkRegistrationAllowed(99)).to.equal(false);
    });

    it("answer the chain's values for what a burned-registration subnet does not use", async function () {
      const f = await loadFixture(base);
      const netuid = f.subnets[0].netuid;
      expect(await f.subnet.getServingRateLimit(netuid)).to.equal(50n);
      expect(await f.subnet.getDifficulty(netuid)).to.equal(10_000_000n);
      expect(await f.subnet.getMinDifficulty(netuid)).to.equal(10_000_000n);
      expect(await f.subnet.getMaxDifficulty(netuid)).to.equal(
        2n ** 64n / 4n - 1n,
      );
      expect(await f.subnet.getAdjustmentAlpha(netuid)).to.equal(0n);
      expect(await f.subnet.getRho(netuid)).to.equal(10n);
      expect(await f.subnet.getMaxWeightLimit(netuid)).to.equal(65_535n);
      expect(await f.subnet.getNetworkPowRegistrationAllowed(netuid)).to.equal(
        false,
      );
      expect(await f.subnet.getCommitRevealWeightsEnabled(netuid)).to.equal(
        false,
      );
      expect(await f.subnet.getBondsResetEnabled(netuid)).to.equal(false);
      expect(await f.subnet.getCommitRevealWeightsInterval(netuid)).to.equal(
        1n,
      );
    });
  });

  describe("setters", function () {
    it("set the owner's parameters through SubnetOwnerAdmin, read back by the getters", async function () {
      const f = await loadFixture(withFacadeSubnet);
      const s = f.subnet.connect(f.owner);
      const n = f.netuid;
      await (await s.setWeightsVersionKey(n, 7)).wait();
      await (await s.setImmunityPeriod(n, 1234)).wait();
      await (await s.setMinAllowedWeights(n, 3)).wait();
      await (await s.setBondsMovingAverage(n, 950_000)).wait();
      await (await s.setYuma3Enabled(n, false)).wait();
      await (await s.setLiquidAlphaEnabled(n, true)).wait();
      await (await s.setAlphaValues(n, 60_000, 62_000)).wait(); // low above the old high: high goes first
      await (await s.setAlphaSigmoidSteepness(n, 500)).wait();
      await (await s.setActivityCutoff(n, 4000)).wait();
      const h = await f.layer.registry.hyperparameters(n);
      expect([
        h.weightsVersionKey,
        h.immunityPeriod,
        h.minAllowedWeights,
        h.bondsMovingAverage,
      ]).to.deep.equal([7n, 1234n, 3n, 950_000n]);
      expect([
        h.yuma3Enabled,
        h.liquidAlphaEnabled,
        h.alphaLow,
        h.alphaHigh,
        h.alphaSigmoidSteepness,
      ]).to.deep.equal([false, true, 60_000n, 62_000n, 500n]);
      expect(h.activityCutoffFactorMilli).to.equal(11_112n); // ceil(4000 · 1000 / 360)
      expect(await f.subnet.getActivityCutoff(n)).to.equal(4000n);
      expect(await f.subnet.getWeightsVersionKey(n)).to.equal(7n);
      expect(await f.subnet.getAlphaValues(n)).to.deep.equal([
        60_000n,
        62_000n,
      ]);
    });

    it("refuse a non-owner with the layer's error, and apply the owner's bounds and rate limits", async function () {
      const f = await loadFixture(withFacadeSubnet);
      await expect(
        f.subnet.connect(f.stranger).setWeightsVersionKey(f.netuid, 7),
      )
        .to.be.revertedWithCustomError(
          f.layer.ownerAdmin,
          "OwnerAdminNotSubnetOwner",
        )
        .withArgs(f.netuid, f.stranger.address);
      await expect(
        f.subnet.connect(f.owner).setActivityCutoffFactor(f.netuid, 999),
      ).to.be.revertedWithCustomError(
        f.layer.ownerAdmin,
        "OwnerAdminOutOfBounds",
      );
      // An i16 below zero, carried in the u16: an owner may not set it (the chain's owner rule).
      await expect(
        f.subnet.connect(f.owner).setAlphaSigmoidSteepness(f.netuid, 65_535),
      ).to.be.revertedWithCustomError(
        f.layer.ownerAdmin,
        "OwnerAdminOutOfBounds",
      );
      await (
        await f.subnet.connect(f.owner).setImmunityPeriod(f.netuid, 100)
      ).wait();
      await expect(
        f.subnet.connect(f.owner).setImmunityPeriod(f.netuid, 200),
      ).to.be.revertedWithCustomError(
        f.layer.ownerAdmin,
        "OwnerAdminRateLimited",
      );
      await expect(
        f.subnet
          .connect(f.owner)
          .setYuma3Enabled(f.netuid, true, { value: 1n }),
      )
        .to.be.revertedWithCustomError(
          f.subnetFacade,
          "PrecompileValueMismatch",
        )
        .withArgs(0n, 1n);
    });

    it("setKappa is root's: the owner is refused by the access manager", async function () {
      const f = await loadFixture(withFacadeSubnet);
      await expect(f.subnet.connect(f.owner).setKappa(f.netuid, 100))
        .to.be.revertedWithCustomError(
          f.accessManaged,
          "AccessManagedUnauthorized",
        )
        .withArgs(f.owner.address);
      expect(await f.subnet.getKappa(f.netuid)).to.equal(32_767n);
    });

    it("toggleTransfers switches Staking's transfers for the owner only", async function () {
      const f = await loadFixture(withFacadeSubnet);
      await (
        await f.subnet.connect(f.owner).toggleTransfers(f.netuid, false)
      ).wait();
      expect(await f.layer.staking.transfersEnabled(f.netuid)).to.equal(false);
      await expect(
        f.subnet.connect(f.stranger).toggleTransfers(f.netuid, true),
      ).to.be.revertedWithCustomError(f.layer.staking, "StakingNotSubnetOwner");
      await (
        await f.subnet.connect(f.owner).toggleTransfers(f.netuid, true)
      ).wait();
      expect(await f.layer.staking.transfersEnabled(f.netuid)).to.equal(true);
    });

    it("revert PrecompileUnsupported for parameters the layer does not have (and PoW, which the chain refuses)", async function () {
      const f = await loadFixture(withFacadeSubnet);
      const s = f.subnet.connect(f.owner);
      const n = f.netuid;
      const calls: [string, () => Promise<unknown>][] = [
        [
          "setServingRateLimit(uint16,uint64)",
          () => s.setServingRateLimit(n, 10),
        ],
        ["setMinDifficulty(uint16,uint64)", () => s.setMinDifficulty(n, 1)],
        ["setMaxDifficulty(uint16,uint64)", () => s.setMaxDifficulty(n, 1)],
        ["setDifficulty(uint16,uint64)", () => s.setDifficulty(n, 1)],
        ["setAdjustmentAlpha(uint16,uint64)", () => s.setAdjustmentAlpha(n, 1)],
        ["setRho(uint16,uint16)", () => s.setRho(n, 1)],
        [
          "setNetworkRegistrationAllowed(uint16,bool)",
          () => s.setNetworkRegistrationAllowed(n, false),
        ],
        [
          "setNetworkPowRegistrationAllowed(uint16,bool)",
          () => s.setNetworkPowRegistrationAllowed(n, true),
        ],
        [
          "setCommitRevealWeightsInterval(uint16,uint64)",
          () => s.setCommitRevealWeightsInterval(n, 2),
        ],
        [
          "setCommitRevealWeightsEnabled(uint16,bool)",
          () => s.setCommitRevealWeightsEnabled(n, true),
        ],
        [
          "setBondsResetEnabled(uint16,bool)",
          () => s.setBondsResetEnabled(n, true),
        ],
      ];
      for (const [signature, call] of calls) {
        await expect(call(), signature)
          .to.be.revertedWithCustomError(
            f.subnetFacade,
            "PrecompileUnsupported",
          )
          .withArgs(ethers.id(signature).slice(0, 10));
      }
    });

    it("accept and ignore what the runtime ignores, and switches the layer holds off", async function () {
      const f = await loadFixture(withFacadeSubnet);
      const s = f.subnet.connect(f.owner);
      const before = [
        await f.layer.registry.hyperparameters(f.netuid),
        await f.layer.registry.registrationParameters(f.netuid),
      ];
      await (await s.setMinBurn(f.netuid, 1)).wait();
      await (await s.setMaxBurn(f.netuid, 1)).wait();
      await (await s.setWeightsSetRateLimit(f.netuid, 1)).wait();
      await (await s.setCommitRevealWeightsEnabled(f.netuid, false)).wait();
      await (await s.setBondsResetEnabled(f.netuid, false)).wait();
      expect([
        await f.layer.registry.hyperparameters(f.netuid),
        await f.layer.registry.registrationParameters(f.netuid),
      ]).to.deep.equal(before);
      await expect(
        f.subnet
          .connect(f.stranger)
          .setCommitRevealWeightsEnabled(f.netuid, false),
      ).to.be.revertedWithCustomError(
        f.layer.ownerAdmin,
        "OwnerAdminNotSubnetOwner",
      );
    });
  });

  describe("Neuron", function () {
    it("burnedRegister registers the hotkey for the caller, paying exactly the burn, with no TAO lost", async function () {
      const f = await loadFixture(withFixtureSubnet);
      const burn = await pendingBurn(f, f.netuid);
      const nativeTao = f.evm.addresses.NativeTao;
      const before = {
        coldkey: await nativeBalance(f.coldkey.address),
        converter: await nativeBalance(nativeTao),
      };
      const tx = await f.neuron
        .connect(f.coldkey)
        .burnedRegister(f.netuid, await idOf(f, f.hotkey.address), {
          value: burn * WEI_PER_RAO,
        });
      const receipt = (await tx.wait())!;
      const [registered, uid] = await f.layer.registry.uidOf(
        f.netuid,
        f.hotkey.address,
      );
      expect(registered).to.equal(true);
      expect(uid).to.equal(BigInt(f.subnets[0].neurons.length));
      expect(await f.layer.registry.hotkeyOwner(f.hotkey.address)).to.equal(
        f.coldkey.address,
      );
      expect(
        before.coldkey - (await nativeBalance(f.coldkey.address)),
      ).to.equal(burn * WEI_PER_RAO + receipt.fee);
      expect((await nativeBalance(nativeTao)) - before.converter).to.equal(
        burn * WEI_PER_RAO,
      );
      expect(await f.layer.tao.balanceOf(NEURON)).to.equal(0n);
    });

    it("burnedRegister refuses any value but the burn, and registers a substrate hotkey under its shadow", async function () {
      const f = await loadFixture(withFixtureSubnet);
      const burn = await pendingBurn(f, f.netuid);
      await expect(
        f.neuron.connect(f.coldkey).burnedRegister(f.netuid, SUBSTRATE_HOTKEY, {
          value: burn * WEI_PER_RAO + 1n,
        }),
      )
        .to.be.revertedWithCustomError(
          f.neuronFacade,
          "PrecompileValueMismatch",
        )
        .withArgs(burn * WEI_PER_RAO, burn * WEI_PER_RAO + 1n);
      await (
        await f.neuron
          .connect(f.coldkey)
          .burnedRegister(f.netuid, SUBSTRATE_HOTKEY, {
            value: (await pendingBurn(f, f.netuid)) * WEI_PER_RAO,
          })
      ).wait();
      const [registered] = await f.layer.registry.uidOf(
        f.netuid,
        await f.evm.keys.shadowOf(SUBSTRATE_HOTKEY),
      );
      expect(registered).to.equal(true);
    });

    it("registerLimit takes the limit as value, pays the burn and refunds the rest; refuses a burn above it", async function () {
      const f = await loadFixture(withFixtureSubnet);
      const burn = await pendingBurn(f, f.netuid);
      const limit = burn * 2n;
      const id = await idOf(f, f.hotkey.address);
      const before = await nativeBalance(f.coldkey.address);
      const receipt = (await (
        await f.neuron
          .connect(f.coldkey)
          .registerLimit(f.netuid, id, limit, { value: limit * WEI_PER_RAO })
      ).wait())!;
      expect(before - (await nativeBalance(f.coldkey.address))).to.equal(
        burn * WEI_PER_RAO + receipt.fee,
      );
      expect(
        (await f.layer.registry.uidOf(f.netuid, f.hotkey.address))[0],
      ).to.equal(true);
      expect(await f.layer.tao.balanceOf(NEURON)).to.equal(0n);
      expect(
        await f.layer.tao.allowance(NEURON, f.layer.addresses.SubnetRegistry),
      ).to.equal(0n);

      const next = await pendingBurn(f, f.netuid);
      await expect(
        f.neuron
          .connect(f.coldkey)
          .registerLimit(f.netuid, SUBSTRATE_HOTKEY, next - 1n, {
            value: (next - 1n) * WEI_PER_RAO,
          }),
      )
        .to.be.revertedWithCustomError(
          f.layer.registry,
          "RegistryPriceAboveLimit",
        )
        .withArgs(next, next - 1n);
    });

    it("setWeights sets the calling hotkey's weights through Weights", async function () {
      const f = await loadFixture(withNeuron);
      const { weightsSetRateLimit } = await f.layer.registry.hyperparameters(
        f.netuid,
      );
      await mine(weightsSetRateLimit);
      const tx = await f.neuron
        .connect(f.hotkey)
        .setWeights(f.netuid, [f.uid], [1], 0);
      const receipt = (await tx.wait())!;
      expect(await f.layer.weights.lastUpdate(f.netuid, f.uid)).to.equal(
        BigInt(receipt.blockNumber),
      );
      expect((await f.layer.weights.currentRow(f.netuid, f.uid))[1]).to.equal(
        1n,
      );
      await expect(
        f.neuron.connect(f.stranger).setWeights(f.netuid, [0], [1], 0),
      )
        .to.be.revertedWithCustomError(f.layer.weights, "WeightsNotRegistered")
        .withArgs(f.netuid, f.stranger.address);
    });

    it("commitWeights and revealWeights are unsupported (no commit-reveal)", async function () {
      const f = await loadFixture(withNeuron);
      await expect(
        f.neuron.connect(f.hotkey).commitWeights(f.netuid, ethers.ZeroHash),
      )
        .to.be.revertedWithCustomError(f.neuronFacade, "PrecompileUnsupported")
        .withArgs(ethers.id("commitWeights(uint16,bytes32)").slice(0, 10));
      await expect(
        f.neuron.connect(f.hotkey).revealWeights(f.netuid, [0], [1], [2], 0),
      )
        .to.be.revertedWithCustomError(f.neuronFacade, "PrecompileUnsupported")
        .withArgs(
          ethers
            .id("revealWeights(uint16,uint16[],uint16[],uint16[],uint64)")
            .slice(0, 10),
        );
    });

    it("serveAxon, serveAxonTls and servePrometheus record the calling hotkey's endpoints in Serving", async function () {
      const f = await loadFixture(withNeuron);
      const n = f.neuron.connect(f.hotkey);
      const receipt = (await (
        await n.serveAxon(f.netuid, 3, 0x7f000001, 8091, 4, 0, 8, 9)
      ).wait())!;
      expect(
        await f.evm.serving.axon(f.netuid, f.hotkey.address),
      ).to.deep.equal([
        BigInt(receipt.blockNumber),
        3n,
        0x7f000001n,
        8091n,
        4n,
        0n,
      ]);
      await expect(
        n.serveAxonTls(f.netuid, 4, 0x7f000002, 8092, 4, 1, 0, 0, "0xc0ffee"),
      )
        .to.emit(f.neuronFacade, "AxonCertificateServed")
        .withArgs(f.netuid, f.hotkey.address, "0xc0ffee");
      expect(
        (await f.evm.serving.axon(f.netuid, f.hotkey.address))[2],
      ).to.equal(0x7f000002n);
      const p = (await (
        await n.servePrometheus(f.netuid, 5, 0x0a000001, 9090, 4)
      ).wait())!;
      expect(
        await f.evm.serving.prometheus(f.netuid, f.hotkey.address),
      ).to.deep.equal([BigInt(p.blockNumber), 5n, 0x0a000001n, 9090n, 4n]);
      await expect(
        f.neuron.connect(f.stranger).serveAxon(f.netuid, 1, 1, 1, 4, 0, 0, 0),
      ).to.be.revertedWithCustomError(f.evm.serving, "ServingNotRegistered");
    });
  });

  describe("from a third-party contract (SubnetUser)", function () {
    async function withUser() {
      const f = await base();
      const user = await ethers.deployContract("SubnetUser");
      const address = await user.getAddress();
      await (await f.evm.keys.link(address)).wait();
      return { ...f, user, address };
    }

    it("owns a subnet, registers itself as hotkey, sets weights, serves an axon and sets a parameter", async function () {
      const f = await loadFixture(withUser);
      const self = await idOf(f, f.address);
      const caller: HardhatEthersSigner = f.stranger;
      const before = await nativeBalance(caller.address);
      let fees = 0n;
      const send = async (
        tx: Promise<{ wait(): Promise<{ fee: bigint } | null> }>,
      ) => {
        fees += (await (await tx).wait())!.fee;
      };

      const lock = await pendingLock(f);
      await send(
        f.user
          .connect(caller)
          .registerNetwork(await idOf(f, f.ownerHotkey.address), {
            value: lock * WEI_PER_RAO,
          }),
      );
      const owned = (await f.layer.registry.netuids()).at(-1)!;
      expect((await f.layer.registry.subnet(owned)).owner).to.equal(f.address);
      await send(f.user.connect(caller).setWeightsVersionKey(owned, 9));
      const [versionKey, immunityPeriod, kappa, registeredAt] =
        await f.user.read(owned);
      const h = await f.layer.registry.hyperparameters(owned);
      expect([versionKey, immunityPeriod, kappa]).to.deep.equal([
        9n,
        h.immunityPeriod,
        h.kappa,
      ]);
      expect(registeredAt).to.equal(
        (await f.layer.registry.subnet(owned)).registeredAt,
      );

      // The neuron runs on the fixture's first subnet (see withNeuron).
      const netuid = f.subnets[0].netuid;
      const burn = await pendingBurn(f, netuid);
      await send(
        f.user
          .connect(caller)
          .burnedRegister(netuid, self, { value: burn * WEI_PER_RAO }),
      );
      const [registered, uid] = await f.layer.registry.uidOf(netuid, f.address);
      expect(registered).to.equal(true);
      expect(await f.layer.registry.hotkeyOwner(f.address)).to.equal(f.address);

      // registerLimit's change comes back to the contract.
      const burn2 = await pendingBurn(f, netuid);
      await send(
        f.user
          .connect(caller)
          .registerLimit(netuid, SUBSTRATE_HOTKEY, burn2 + 5n, {
            value: (burn2 + 5n) * WEI_PER_RAO,
          }),
      );
      expect(await nativeBalance(f.address)).to.equal(5n * WEI_PER_RAO);

      await mine(
        (await f.layer.registry.hyperparameters(netuid)).weightsSetRateLimit,
      );
      await send(f.user.connect(caller).setWeights(netuid, [uid], [1], 0));
      expect((await f.layer.weights.currentRow(netuid, uid))[1]).to.equal(1n);
      await send(f.user.connect(caller).serveAxon(netuid, 0x7f000001, 8091));
      expect((await f.evm.serving.axon(netuid, f.address)).port).to.equal(
        8091n,
      );

      expect(before - (await nativeBalance(caller.address))).to.equal(
        (lock + burn + burn2 + 5n) * WEI_PER_RAO + fees,
      );
      expect(await f.layer.tao.balanceOf(SUBNET)).to.equal(0n);
      expect(await f.layer.tao.balanceOf(NEURON)).to.equal(0n);
    });
  });
});
