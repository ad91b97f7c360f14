import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { packReport } from "../../oracle/chain/report";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse } from "ethers";
import type { Weights } from "../../typechain-types";

import { readCurrentRow } from "../../oracle/chain/weights";
import { vecU16MaxUpscaleToU16 } from "../../oracle/yuma/math";
import { packWeightPairs } from "../../scripts/lib/weights";
import {
  type Layer,
  ROLES,
  TOTAL_SUPPLY,
  deployLayer,
  grantRole,
  mine,
  mineTo,
  plainHyperparameters,
  registerNeuron,
  registerSubnet,
} from "./helpers/subnet-layer";

const RATE_LIMIT = 100n;

/** One of the two entry points, called with a row as arrays. */
type SetWeights = (
  w: Weights,
  netuid: number,
  uids: number[],
  values: number[],
  versionKey: number | bigint,
) => Promise<ContractTransactionResponse>;

const ENTRY_POINTS: ReadonlyArray<{ name: string; set: SetWeights }> = [
  { name: "setWeights", set: (w, netuid, uids, values, key) => w.setWeights(netuid, uids, values, key) },
  {
    name: "setWeightsPacked",
    set: (w, netuid, uids, values, key) => w.setWeightsPacked(netuid, packWeightPairs(uids, values), key),
  },
];

interface Fixture {
  layer: Layer;
  netuid: number;
  owner: HardhatEthersSigner;
  /** UID 0: the subnet owner's hotkey. */
  ownerHotkey: HardhatEthersSigner;
  /** UIDs 1 and 2: validators (no permit until an epoch grants one). */
  v1: HardhatEthersSigner;
  v2: HardhatEthersSigner;
  /** UIDs 3 and 4: miners. */
  m3: HardhatEthersSigner;
  m4: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
}

/** The default hyperparameters of `netuid` with `changes` applied, set by the admin. */
async function setParams(layer: Layer, netuid: number, changes: Record<string, bigint | boolean>): Promise<void> {
  const current = plainHyperparameters(await layer.registry.hyperparameters(netuid));
  await layer.registry.setHyperparameters(netuid, { ...current, ...changes });
}

describe("Weights", function () {
  /** Subnet with UIDs 0..4 (owner, two validators, two miners), registered RATE_LIMIT blocks ago. */
  async function deployWeights(): Promise<Fixture> {
    const layer = await deployLayer({ funded: 10, supply: TOTAL_SUPPLY });
    const [, owner, alice, bob, carol] = layer.signers;
    const [ownerHotkey, v1, v2, m3, m4, stranger] = layer.signers.slice(10, 16);
    const { netuid } = await registerSubnet(layer, { owner, ownerHotkey: ownerHotkey.address });
    await registerNeuron(layer, netuid, alice, v1.address);
    await registerNeuron(layer, netuid, bob, v2.address);
    await registerNeuron(layer, netuid, carol, m3.address);
    await registerNeuron(layer, netuid, carol, m4.address);
    await mine(RATE_LIMIT);
    return { layer, netuid, owner, ownerHotkey, v1, v2, m3, m4, stranger };
  }

  /** The same, with no rate limit. */
  async function deployUnlimited(): Promise<Fixture> {
    const f = await deployWeights();
    await setParams(f.layer, f.netuid, { weightsSetRateLimit: 0n });
    return f;
  }

  /** Settles the subnet's next epoch through the real committee with the given permits and zero emission. */
  async function settleWithPermits(f: Fixture, permits: boolean[]): Promise<void> {
    const { layer, netuid } = f;
    const oracle = layer.signers[19];
    await layer.settlement.setOracle(oracle.address, true);
    const due = await layer.coinbase.dueBlock(netuid);
    await mineTo(due);
    const n = permits.length;
    const pending = await layer.coinbase.pending(netuid);
    const report = packReport({
      netuid,
      snapshotBlock: due,
      raoEmission: pending.server + pending.validator + pending.root,
      consensus: Array(n).fill(0),
      incentive: Array(n).fill(0),
      dividends: Array(n).fill(0),
      validatorTrust: Array(n).fill(0),
      stakeWeight: Array(n).fill(0),
      emission: Array<bigint>(n).fill(0n),
      serverEmission: Array<bigint>(n).fill(0n),
      validatorPayouts: [],
      active: Array(n).fill(false),
      validatorPermit: permits,
      ownerOwnedUids: 0n,
      bondsCommitment: ethers.ZeroHash,
    });
    await layer.settlement.connect(oracle).attest(netuid, due, await layer.settlement.reportHash(report));
    await layer.settlement.settle(report);
    expect(await layer.settlement.validatorPermits(netuid)).to.deep.equal(permits);
  }

  /** The `WeightsSet` arguments after (netuid, uid) for a row submitted as `uids`, `values`: the packed pairs, as given. */
  function logged(uids: number[], values: number[]): [string] {
    return [packWeightPairs(uids, values)];
  }

  /**
   * A UID's current row as the epoch reads it, from its WeightsSet log (oracle/chain/weights): the
   * target uids in the order given and the values max-upscaled; checked against `currentRow`'s length.
   */
  async function row(layer: Layer, netuid: number, uid: number): Promise<[number[], number[]]> {
    const { row: read } = await readCurrentRow(ethers.provider, await layer.weights.getAddress(), netuid, uid);
    const [, length] = await layer.weights.currentRow(netuid, uid);
    expect(read.length, `currentRow(${netuid}, ${uid}) length`).to.equal(Number(length));
    return [read.map(([u]) => u), read.map(([, v]) => v)];
  }

  async function latestBlock(): Promise<bigint> {
    return BigInt(await ethers.provider.getBlockNumber());
  }

  for (const { name, set } of ENTRY_POINTS) {
    describe(name, function () {
      it("the owner hotkey needs no permit; the row is logged as given and read max-upscaled; lastUpdate is this block", async function () {
        const { layer, netuid, ownerHotkey } = await loadFixture(deployWeights);
        const tx = set(layer.weights.connect(ownerHotkey), netuid, [3, 4], [43690, 21845], 0);
        await expect(tx).to.emit(layer.weights, "WeightsSet").withArgs(netuid, 0, ...logged([3, 4], [43690, 21845]));
        expect(await row(layer, netuid, 0)).to.deep.equal([
          [3, 4],
          [65535, 32768],
        ]);
        expect(await layer.weights.lastUpdate(netuid, 0)).to.equal(await latestBlock());
      });

      it("accepts an all-zero row and keeps its 0 entries, as subtensor does", async function () {
        const { layer, netuid, ownerHotkey } = await loadFixture(deployWeights);
        await expect(set(layer.weights.connect(ownerHotkey), netuid, [1, 2], [0, 0], 0))
          .to.emit(layer.weights, "WeightsSet")
          .withArgs(netuid, 0, ...logged([1, 2], [0, 0]));
        expect(await row(layer, netuid, 0)).to.deep.equal([
          [1, 2],
          [0, 0],
        ]);
      });

      it("a single self-weight needs no permit and is exempt from minAllowedWeights", async function () {
        const { layer, netuid, m3 } = await loadFixture(deployWeights);
        await setParams(layer, netuid, { minAllowedWeights: 3n });
        await expect(set(layer.weights.connect(m3), netuid, [3], [7], 0))
          .to.emit(layer.weights, "WeightsSet")
          .withArgs(netuid, 3, ...logged([3], [7]));
      });

      it("other UIDs need a validator permit from the last settled epoch", async function () {
        const f = await loadFixture(deployWeights);
        const { layer, netuid, v1, v2 } = f;
        expect(await layer.settlement.validatorPermits(netuid)).to.deep.equal([]);
        await expect(set(layer.weights.connect(v1), netuid, [3, 4], [1, 2], 0))
          .to.be.revertedWithCustomError(layer.weights, "WeightsNoPermit")
          .withArgs(netuid, 1);
        await expect(set(layer.weights.connect(v1), netuid, [3], [1], 0))
          .to.be.revertedWithCustomError(layer.weights, "WeightsNoPermit")
          .withArgs(netuid, 1);

        await settleWithPermits(f, [false, true, false, false, false]);
        expect(await layer.settlement.hasValidatorPermit(netuid, 1)).to.equal(true);
        expect(await layer.settlement.hasValidatorPermit(netuid, 2)).to.equal(false);
        expect(await layer.settlement.hasValidatorPermit(netuid, 5), "a UID the epoch did not have").to.equal(false);
        await expect(set(layer.weights.connect(v1), netuid, [3, 4], [1, 2], 0))
          .to.emit(layer.weights, "WeightsSet")
          .withArgs(netuid, 1, ...logged([3, 4], [1, 2]));
        await expect(set(layer.weights.connect(v2), netuid, [3, 4], [1, 2], 0))
          .to.be.revertedWithCustomError(layer.weights, "WeightsNoPermit")
          .withArgs(netuid, 2);
      });

      it("rate-limits from the registration block, then from the last set (weightsSetRateLimit blocks)", async function () {
        const { layer, netuid, owner, ownerHotkey } = await loadFixture(deployWeights);
        const newcomer = layer.signers[16];
        const uid = await registerNeuron(layer, netuid, owner, newcomer.address);
        const registeredAt = await latestBlock();
        expect(await layer.weights.lastUpdate(netuid, uid)).to.equal(registeredAt);
        await mineTo(registeredAt + RATE_LIMIT - 2n); // the next transaction runs at registeredAt + 99
        await expect(set(layer.weights.connect(newcomer), netuid, [uid], [1], 0))
          .to.be.revertedWithCustomError(layer.weights, "WeightsRateLimited")
          .withArgs(netuid, uid, registeredAt + RATE_LIMIT);
        await expect(set(layer.weights.connect(newcomer), netuid, [uid], [1], 0)).to.emit(layer.weights, "WeightsSet");

        await set(layer.weights.connect(ownerHotkey), netuid, [1], [1], 0);
        const setAt = await latestBlock();
        await mineTo(setAt + RATE_LIMIT - 2n);
        await expect(set(layer.weights.connect(ownerHotkey), netuid, [1], [1], 0))
          .to.be.revertedWithCustomError(layer.weights, "WeightsRateLimited")
          .withArgs(netuid, 0, setAt + RATE_LIMIT);
        await expect(set(layer.weights.connect(ownerHotkey), netuid, [1], [1], 0)).to.emit(layer.weights, "WeightsSet");
      });

      it("with a zero rate limit, sets every block", async function () {
        const { layer, netuid, ownerHotkey } = await loadFixture(deployUnlimited);
        for (let i = 0; i < 3; i++) {
          await expect(set(layer.weights.connect(ownerHotkey), netuid, [1], [i], 0)).to.emit(layer.weights, "WeightsSet");
        }
      });

      it("checks the version key: any when the subnet requires 0, else at least the required key", async function () {
        const { layer, netuid, ownerHotkey } = await loadFixture(deployUnlimited);
        await set(layer.weights.connect(ownerHotkey), netuid, [1], [1], 12345);
        await setParams(layer, netuid, { weightsVersionKey: 5n });
        await expect(set(layer.weights.connect(ownerHotkey), netuid, [1], [1], 4))
          .to.be.revertedWithCustomError(layer.weights, "WeightsVersionTooLow")
          .withArgs(4, 5);
        await set(layer.weights.connect(ownerHotkey), netuid, [1], [1], 5);
        await set(layer.weights.connect(ownerHotkey), netuid, [1], [1], 6);
      });

      it("requires min(minAllowedWeights, n) entries unless a self-weight", async function () {
        const { layer, netuid, ownerHotkey } = await loadFixture(deployUnlimited);
        await setParams(layer, netuid, { minAllowedWeights: 3n });
        await expect(set(layer.weights.connect(ownerHotkey), netuid, [1, 2], [1, 1], 0))
          .to.be.revertedWithCustomError(layer.weights, "WeightsTooFew")
          .withArgs(2, 3);
        await set(layer.weights.connect(ownerHotkey), netuid, [1, 2, 3], [1, 1, 1], 0);
        await expect(set(layer.weights.connect(ownerHotkey), netuid, [0], [1], 0)).to.emit(layer.weights, "WeightsSet");
        await setParams(layer, netuid, { minAllowedWeights: 10n }); // above n = 5: n is enough
        await expect(set(layer.weights.connect(ownerHotkey), netuid, [1, 2, 3, 4], [1, 1, 1, 1], 0))
          .to.be.revertedWithCustomError(layer.weights, "WeightsTooFew")
          .withArgs(4, 5);
        await set(layer.weights.connect(ownerHotkey), netuid, [0, 1, 2, 3, 4], [1, 1, 1, 1, 1], 0);
      });

      it("reverts with its length error first, then WeightsUnknownSubnet, WeightsTooMany, WeightsNotRegistered", async function () {
        const { layer, netuid, ownerHotkey, stranger } = await loadFixture(deployWeights);
        const w = layer.weights;
        if (name === "setWeights") {
          await expect(w.connect(stranger).setWeights(42, [1, 2], [1], 0))
            .to.be.revertedWithCustomError(w, "WeightsLengthMismatch")
            .withArgs(2, 1);
        } else {
          for (const pairs of ["0x0001", "0x00010001000200", "0x000100010002000300"]) {
            await expect(w.connect(stranger).setWeightsPacked(42, pairs, 0))
              .to.be.revertedWithCustomError(w, "WeightsPackedLength")
              .withArgs((pairs.length - 2) / 2);
          }
          await expect(w.connect(ownerHotkey).setWeightsPacked(netuid, "0x", 0), "no entries: too few, not malformed")
            .to.be.revertedWithCustomError(w, "WeightsTooFew")
            .withArgs(0, 1);
        }
        for (const unknown of [0, 42]) {
          await expect(set(w.connect(ownerHotkey), unknown, [1], [1], 0))
            .to.be.revertedWithCustomError(w, "WeightsUnknownSubnet")
            .withArgs(unknown);
        }
        await expect(set(w.connect(stranger), netuid, [0, 1, 2, 3, 4, 5], [1, 1, 1, 1, 1, 1], 0))
          .to.be.revertedWithCustomError(w, "WeightsTooMany")
          .withArgs(6, 5);
        await expect(set(w.connect(stranger), netuid, [1], [1], 0))
          .to.be.revertedWithCustomError(w, "WeightsNotRegistered")
          .withArgs(netuid, stranger.address);
      });

      it("reverts with WeightsDuplicateUid before WeightsUidOutOfRange, each naming the first offender", async function () {
        const { layer, netuid, ownerHotkey } = await loadFixture(deployUnlimited);
        const w = layer.weights.connect(ownerHotkey);
        await expect(set(w, netuid, [3, 4, 3], [1, 1, 1], 0))
          .to.be.revertedWithCustomError(w, "WeightsDuplicateUid")
          .withArgs(3);
        await expect(set(w, netuid, [9, 4, 4], [1, 1, 1], 0))
          .to.be.revertedWithCustomError(w, "WeightsDuplicateUid")
          .withArgs(4);
        await expect(set(w, netuid, [60000, 1, 60000], [1, 1, 1], 0))
          .to.be.revertedWithCustomError(w, "WeightsDuplicateUid")
          .withArgs(60000);
        // Past a uid above 255 the whole vector is checked with the full bitmap: same answers.
        await expect(set(w, netuid, [3, 300, 3], [1, 1, 1], 0))
          .to.be.revertedWithCustomError(w, "WeightsDuplicateUid")
          .withArgs(3);
        await expect(set(w, netuid, [3, 3, 300], [1, 1, 1], 0))
          .to.be.revertedWithCustomError(w, "WeightsDuplicateUid")
          .withArgs(3);
        await expect(set(w, netuid, [1, 7, 300], [1, 1, 1], 0))
          .to.be.revertedWithCustomError(w, "WeightsUidOutOfRange")
          .withArgs(7, 5);
        await expect(set(w, netuid, [1, 300], [1, 1], 0))
          .to.be.revertedWithCustomError(w, "WeightsUidOutOfRange")
          .withArgs(300, 5);
        await expect(set(w, netuid, [3, 7, 5], [1, 1, 1], 0))
          .to.be.revertedWithCustomError(w, "WeightsUidOutOfRange")
          .withArgs(7, 5);
        await expect(set(w, netuid, [5], [1], 0))
          .to.be.revertedWithCustomError(w, "WeightsUidOutOfRange")
          .withArgs(5, 5);
      });

      it("checks in subtensor's order: rate limit, then permit, then uids", async function () {
        const { layer, netuid, ownerHotkey, v1 } = await loadFixture(deployWeights);
        await expect(set(layer.weights.connect(v1), netuid, [3, 3], [1, 1], 0))
          .to.be.revertedWithCustomError(layer.weights, "WeightsNoPermit")
          .withArgs(netuid, 1);
        await set(layer.weights.connect(ownerHotkey), netuid, [1], [1], 0);
        await expect(set(layer.weights.connect(ownerHotkey), netuid, [9, 9], [1, 1], 0)).to.be.revertedWithCustomError(
          layer.weights,
          "WeightsRateLimited",
        );
      });

      it("keeps a long row in the order given; a new row replaces the old one entirely", async function () {
        const f = await loadFixture(deployUnlimited);
        const { layer, netuid, owner, ownerHotkey } = f;
        for (let i = 0; i < 16; i++) await registerNeuron(layer, netuid, owner, ethers.Wallet.createRandom().address);
        const uids = Array.from({ length: 20 }, (_, i) => 20 - i); // 20..1, not sorted
        const values = uids.map((u) => (u * 3271) % 65536);
        await set(layer.weights.connect(ownerHotkey), netuid, uids, values, 0);
        expect(await row(layer, netuid, 0)).to.deep.equal([uids, vecU16MaxUpscaleToU16(values)]);
        await set(layer.weights.connect(ownerHotkey), netuid, [7, 2, 11], [1, 2, 3], 0);
        expect(await row(layer, netuid, 0)).to.deep.equal([
          [7, 2, 11],
          [21845, 43690, 65535],
        ]);
      });
    });
  }

  describe("rows in the logs (both entry points)", function () {
    /** Storage slot of `_rows[netuid][uid]` (after AccessManaged's one slot): setter, block and length in one word. */
    function rowSlot(netuid: number, uid: number): bigint {
      const coder = ethers.AbiCoder.defaultAbiCoder();
      const inner = ethers.keccak256(coder.encode(["uint16", "uint256"], [netuid, 1]));
      return BigInt(ethers.keccak256(coder.encode(["uint16", "bytes32"], [uid, inner])));
    }

    /** The owner's subnet with 64 UIDs and no rate limit. */
    async function deployWide(): Promise<Fixture> {
      const f = await deployUnlimited();
      for (let i = 5; i < 64; i++) await registerNeuron(f.layer, f.netuid, f.owner, ethers.Wallet.createRandom().address);
      return f;
    }

    it("log the same pairs from arrays and from packed pairs, 0 entries and order kept", async function () {
      const { layer, netuid, ownerHotkey } = await loadFixture(deployWide);
      const w = layer.weights.connect(ownerHotkey);
      const uids = [63, 0, 17, 5, 40, 16, 1];
      const values = [9, 0, 30_000, 1, 0, 65_535, 12];
      for (const { set } of ENTRY_POINTS) {
        await expect(set(w, netuid, uids, values, 0))
          .to.emit(layer.weights, "WeightsSet")
          .withArgs(netuid, 0, ...logged(uids, values));
        expect(await row(layer, netuid, 0)).to.deep.equal([uids, vecU16MaxUpscaleToU16(values)]);
      }
    });

    it("stores only who set the row, its block and its length, in one word", async function () {
      const { layer, netuid, ownerHotkey } = await loadFixture(deployWide);
      const all = Array.from({ length: 64 }, (_, u) => u);
      const receipt = await (await layer.weights.connect(ownerHotkey).setWeights(netuid, all, all, 0)).wait();
      const word = BigInt(await ethers.provider.getStorage(await layer.weights.getAddress(), rowSlot(netuid, 0)));
      expect(word & ((1n << 160n) - 1n)).to.equal(BigInt(ownerHotkey.address));
      expect((word >> 160n) & ((1n << 48n) - 1n)).to.equal(BigInt(receipt!.blockNumber));
      expect(word >> 208n).to.equal(64n);
      expect(await layer.weights.currentRow(netuid, 0)).to.deep.equal([BigInt(receipt!.blockNumber), 64n]);
    });

    it("reads the last row of a block when a UID sets twice in it", async function () {
      const { layer, netuid, ownerHotkey } = await loadFixture(deployWide);
      const w = layer.weights.connect(ownerHotkey);
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        await w.setWeights(netuid, [1, 2], [5, 10], 0);
        await w.setWeightsPacked(netuid, packWeightPairs([9], [3]), 0);
        await ethers.provider.send("evm_mine", []);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      expect(await row(layer, netuid, 0)).to.deep.equal([[9], [65_535]]);
    });

    it("a row set after clearNeuron is the holder's only row", async function () {
      const { layer, netuid, ownerHotkey } = await loadFixture(deployWide);
      const w = layer.weights.connect(ownerHotkey);
      await w.setWeights(netuid, [1, 50], [1, 0], 0);
      await grantRole(layer, ROLES.REGISTRY, layer.deployer.address);
      await layer.weights.clearNeuron(netuid, 0);
      expect(await row(layer, netuid, 0)).to.deep.equal([[], []]);
      expect(await layer.weights.currentRow(netuid, 0)).to.deep.equal([0n, 0n]);
      await w.setWeightsPacked(netuid, packWeightPairs([40], [7]), 0);
      expect(await row(layer, netuid, 0)).to.deep.equal([[40], [65_535]]);
    });

    it("reverts without data on a dirty uint16 ABI word, as the ABI decoder does", async function () {
      const { layer, netuid, ownerHotkey } = await loadFixture(deployWide);
      const to = await layer.weights.getAddress();
      const data = layer.weights.interface.encodeFunctionData("setWeights", [netuid, [3, 4], [1, 2], 0]);
      // selector, netuid, two offsets, versionKey, then uids (length, 3, 4) and values (length, 1, 2).
      const dirty = (word: number): string => `${data.slice(0, 2 + 2 * (4 + 32 * word))}01${data.slice(4 + 2 * (4 + 32 * word))}`;
      for (const word of [5, 6, 8, 9]) {
        await expect(ownerHotkey.sendTransaction({ to, data: dirty(word) }), `ABI word ${word}`).to.be.revertedWithoutReason();
      }
      await expect(ownerHotkey.sendTransaction({ to, data })).to.emit(layer.weights, "WeightsSet");
    });
  });

  describe("views", function () {
    it("an unset UID has an empty row and its registration block as lastUpdate; a missing UID reads 0", async function () {
      const { layer, netuid } = await loadFixture(deployWeights);
      expect(await row(layer, netuid, 2)).to.deep.equal([[], []]);
      expect(await layer.weights.lastUpdate(netuid, 2)).to.equal(await layer.registry.blockAtRegistration(netuid, 2));
      expect(await row(layer, netuid, 5)).to.deep.equal([[], []]);
      expect(await layer.weights.lastUpdate(netuid, 5)).to.equal(0n);
      expect(await layer.weights.lastUpdate(42, 0)).to.equal(0n);
    });

    it("wires the registry, the settlement and the access manager", async function () {
      const { layer } = await loadFixture(deployWeights);
      expect(await layer.weights.registry()).to.equal(await layer.registry.getAddress());
      expect(await layer.weights.settlement()).to.equal(await layer.settlement.getAddress());
      expect(await layer.weights.authority()).to.equal(await layer.accessManager.getAddress());
    });
  });

  describe("clearNeuron (restricted: the registry, when it prunes a UID)", function () {
    it("empties the row; lastUpdate falls back to the registration block", async function () {
      const { layer, netuid, m3, stranger } = await loadFixture(deployUnlimited);
      await layer.weights.connect(m3).setWeights(netuid, [3], [9], 0);
      expect(await row(layer, netuid, 3)).to.deep.equal([[3], [65_535]]);
      await expect(layer.weights.connect(stranger).clearNeuron(netuid, 3))
        .to.be.revertedWithCustomError(layer.weights, "AccessManagedUnauthorized")
        .withArgs(stranger.address);
      await grantRole(layer, ROLES.REGISTRY, layer.deployer.address);
      await expect(layer.weights.clearNeuron(netuid, 3)).to.emit(layer.weights, "WeightsCleared").withArgs(netuid, 3);
      expect(await row(layer, netuid, 3)).to.deep.equal([[], []]);
      expect(await layer.weights.lastUpdate(netuid, 3)).to.equal(await layer.registry.blockAtRegistration(netuid, 3));
      // The same holder sets weights again at once (no rate limit here).
      await layer.weights.connect(m3).setWeights(netuid, [3], [1], 0);
      expect(await row(layer, netuid, 3)).to.deep.equal([[3], [65_535]]);
    });
  });

  describe("vec_u16_max_upscale_to_u16 (oracle/yuma/math.ts), applied when the row is read", function () {
    const u16 = fc.oneof(
      fc.integer({ min: 0, max: 65535 }),
      fc.constantFrom(0, 1, 2, 32767, 32768, 32769, 65534, 65535),
      fc.integer({ min: 0, max: 40 }),
    );

    it("matches hand-computed values on both branches", function () {
      const cases: Array<[number[], number[]]> = [
        [[], []],
        [
          [0, 0, 0],
          [0, 0, 0],
        ],
        [
          [43690, 21845],
          [65535, 32768],
        ], // docs/spec/yuma.md §1 example (m > 32768)
        [
          [1, 2, 3],
          [21845, 43690, 65535],
        ], // m <= 32768
        [
          [32768, 1],
          [65535, 2],
        ],
        [[65535], [65535]],
      ];
      for (const [input, output] of cases) expect(vecU16MaxUpscaleToU16(input)).to.deep.equal(output);
    });

    it("both entry points log rows that read back as the reference upscales them (fast-check)", async function () {
      const { layer, netuid, ownerHotkey } = await loadFixture(deployUnlimited);
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 }), fc.array(u16, { minLength: 5, maxLength: 5 }), async (uids, pool) => {
          const values = uids.map((_, i) => pool[i]);
          await ENTRY_POINTS[runs++ % ENTRY_POINTS.length].set(layer.weights.connect(ownerHotkey), netuid, uids, values, 0);
          expect(await row(layer, netuid, 0)).to.deep.equal([uids, vecU16MaxUpscaleToU16(values)]);
        }),
        { numRuns: 40 },
      );
    });
  });
});
