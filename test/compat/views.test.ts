/**
 * The view precompiles (docs/spec/chain.md §9): Metagraph 0x802, UidLookup 0x806, Alpha 0x808 and
 * AddressMapping 0x80C, answered by the facades over the layer. Each is called at its precompile address
 * through the subtensor-style interfaces, and through ViewsReader as a third-party contract would, and
 * checked against the layer's own API.
 */
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { blake2b } from "@noble/hashes/blake2b";
import { expect } from "chai";
import {
  concat,
  getBytes,
  hexlify,
  Interface,
  toUtf8Bytes,
  Wallet,
} from "ethers";
import { artifacts, ethers } from "hardhat";
import { columnWordsOf, readMetagraph } from "../../oracle/chain/metagraph";
import { OracleNode } from "../../oracle/node/oracle-node";
import { MemoryBondsStore } from "../../oracle/store/bonds-store";
import { PRECOMPILE_ADDRESSES } from "../../scripts/lib/bittensor-evm";
import {
  mine,
  mineTo,
  setMinerWeights,
  tao,
} from "../../scripts/lib/local-network";
import { IServing__factory } from "../../typechain-types";
import { bittensorEvmFixture } from "./fixture";

const FACADES = [
  "MetagraphPrecompile",
  "AlphaPrecompile",
  "UidLookupPrecompile",
  "AddressMappingPrecompile",
] as const;
const Q32 = 1n << 32n;
const Q64 = 1n << 64n;
const E9 = 10n ** 9n;
const UNKNOWN_NETUID = 77;

/** blake2_256("evm:" ‖ h160): HashedAddressMapping, computed off chain. */
function evmAccountId(address: string): string {
  return hexlify(
    blake2b(getBytes(concat([toUtf8Bytes("evm:"), getBytes(address)])), {
      dkLen: 32,
    }),
  );
}

/** subtensor's path for a price y / x: U64F64, × 1e9 floored, × 1e9. */
function evmPrice(taoReserve: bigint, alphaReserve: bigint): bigint {
  if (alphaReserve === 0n) return 0n;
  return ((((taoReserve * Q64) / alphaReserve) * E9) / Q64) * E9;
}

/** EmissionMath.blockEmission (docs/spec/chain.md §1): 1e9 >> floor(log2(S / (S - issuance))). */
function blockEmission(issuance: bigint): bigint {
  const supply = 21_000_000n * E9;
  if (issuance >= supply) return 0n;
  const ratio = supply / (supply - issuance);
  return E9 >> BigInt(ratio.toString(2).length - 1);
}

async function viewsFixture() {
  const f = await bittensorEvmFixture(FACADES);
  const reader = await (
    await ethers.getContractFactory("ViewsReader")
  ).deploy();
  return {
    ...f,
    reader,
    metagraph: await ethers.getContractAt(
      "IMetagraph",
      PRECOMPILE_ADDRESSES.MetagraphPrecompile,
    ),
    columns: await ethers.getContractAt(
      "MetagraphPrecompile",
      PRECOMPILE_ADDRESSES.MetagraphPrecompile,
    ),
    alpha: await ethers.getContractAt(
      "IAlpha",
      PRECOMPILE_ADDRESSES.AlphaPrecompile,
    ),
    alphaFacade: await ethers.getContractAt(
      "AlphaPrecompile",
      PRECOMPILE_ADDRESSES.AlphaPrecompile,
    ),
    lookup: await ethers.getContractAt(
      "IUidLookup",
      PRECOMPILE_ADDRESSES.UidLookupPrecompile,
    ),
    mapping: await ethers.getContractAt(
      "IAddressMapping",
      PRECOMPILE_ADDRESSES.AddressMappingPrecompile,
    ),
  };
}

type Fixture = Awaited<ReturnType<typeof viewsFixture>>;

/** Settles subnet 0's next epoch with the fixture's oracle (signers[1], threshold 1). */
async function settleEpoch(f: Fixture): Promise<void> {
  const netuid = f.subnets[0].netuid;
  const node = new OracleNode({
    signer: f.signers[1],
    lens: f.layer.addresses.MetagraphLens,
    settlement: f.layer.addresses.EpochSettlement,
    store: new MemoryBondsStore(),
    backend: "reference",
    claimStakeCredits: false,
  });
  await mineTo(await f.layer.coinbase.dueBlock(netuid));
  const outcome = (await node.tick()).find((r) => r.netuid === netuid)?.outcome;
  expect(outcome).to.equal("settled");
}

/** Two settled epochs of subnet 0, the second with the validators' weights (they need permits first). */
async function settledFixture() {
  const f = await viewsFixture();
  await settleEpoch(f);
  await mine(101); // past the weights rate limit, counted from registration
  await setMinerWeights(f.layer, f.subnets[0], (v, m) => (m + 1) * (v + 1));
  await settleEpoch(f);
  return f;
}

/** subtensor's get_total_stake_for_hotkey from the layer: Σ (α + stake credit) × U96F32 price, root at 1. */
async function expectedStake(
  f: Fixture,
  hotkey: string,
  withRoot = true,
): Promise<bigint> {
  let value = withRoot
    ? (await f.layer.staking.totalHotkeyAlpha(hotkey, 0)) * Q32
    : 0n;
  for (const netuid of await f.layer.registry.netuids()) {
    let alpha = await f.layer.staking.totalHotkeyAlpha(hotkey, netuid);
    const [registered, uid] = await f.layer.registry.uidOf(netuid, hotkey);
    if (registered) alpha += await f.layer.settlement.stakeCredit(netuid, uid);
    const [y, x] = await f.layer.staking.pool(netuid);
    if (x !== 0n) value += alpha * ((y * Q32) / x);
  }
  return value / Q32;
}

describe("compat: view precompiles (Metagraph, UidLookup, Alpha, AddressMapping)", function () {
  it("declares every subtensor signature of the four precompiles, with subtensor's return types", async function () {
    const table = (await import("./subtensor-precompiles.json"))
      .default as Array<{
      precompile: string;
      signature: string;
      returns: string[];
      mutability: string;
    }>;
    const interfaces: Record<string, string> = {
      Metagraph: "IMetagraph",
      Alpha: "IAlpha",
      UidLookup: "IUidLookup",
      AddressMapping: "IAddressMapping",
    };
    for (const [precompile, name] of Object.entries(interfaces)) {
      const iface = new Interface((await artifacts.readArtifact(name)).abi);
      const rows = table.filter((r) => r.precompile === precompile);
      expect(rows.length, precompile).to.be.greaterThan(0);
      for (const row of rows) {
        const fn = iface.getFunction(row.signature);
        expect(fn, row.signature).to.not.equal(null);
        expect(
          fn!.outputs.map((o) => o.format("sighash")),
          row.signature,
        ).to.deep.equal(row.returns);
        expect(fn!.stateMutability, row.signature).to.equal(row.mutability);
      }
    }
  });

  describe("AddressMapping 0x80C", function () {
    it("maps an address to blake2_256('evm:' ‖ h160), at the precompile and for a calling contract", async function () {
      const f = await loadFixture(viewsFixture);
      for (const address of [
        f.signers[0].address,
        f.signers[7].address,
        Wallet.createRandom().address,
        ethers.ZeroAddress,
      ]) {
        expect(await f.mapping.addressMapping(address)).to.equal(
          evmAccountId(address),
        );
      }
      expect(await f.reader.connect(f.signers[3]).me()).to.equal(
        evmAccountId(f.signers[3].address),
      );
      // The layer's key registry names EVM accounts by the same id.
      expect(await f.evm.keys.keyOf(f.signers[3].address)).to.equal(
        evmAccountId(f.signers[3].address),
      );
    });
  });

  describe("UidLookup 0x806", function () {
    it("finds the UID whose hotkey is the address, with its registration block, within the limit", async function () {
      const f = await loadFixture(viewsFixture);
      const { netuid, neurons } = f.subnets[1];
      const miner = neurons[4];
      const block = await f.layer.registry.blockAtRegistration(
        netuid,
        miner.uid,
      );
      expect(block).to.be.greaterThan(0n);
      const found = await f.lookup.uidLookup(netuid, miner.hotkey.address, 16);
      expect(found.map((i) => [i.uid, i.block_associated])).to.deep.equal([
        [BigInt(miner.uid), block],
      ]);
      expect(
        (await f.reader.uids(netuid, miner.hotkey.address)).map((i) =>
          Number(i.uid),
        ),
      ).to.deep.equal([miner.uid]);
      // limit 0, a coldkey (not a hotkey), an unknown address, another subnet: nothing.
      expect(
        await f.lookup.uidLookup(netuid, miner.hotkey.address, 0),
      ).to.have.length(0);
      expect(
        await f.lookup.uidLookup(netuid, miner.coldkey.address, 16),
      ).to.have.length(0);
      expect(
        await f.lookup.uidLookup(netuid, Wallet.createRandom().address, 16),
      ).to.have.length(0);
      expect(
        await f.lookup.uidLookup(f.subnets[0].netuid, miner.hotkey.address, 16),
      ).to.have.length(0);
    });
  });

  describe("Metagraph 0x802", function () {
    it("answers the registry's UIDs, keys, last updates and axons; reverts for a UID without hotkey", async function () {
      const f = await loadFixture(viewsFixture);
      const { netuid, neurons } = f.subnets[0];
      expect(await f.metagraph.getUidCount(netuid)).to.equal(
        (await f.layer.registry.subnet(netuid)).n,
      );
      expect(await f.metagraph.getUidCount(netuid)).to.equal(
        BigInt(neurons.length),
      );
      expect(await f.metagraph.getUidCount(UNKNOWN_NETUID)).to.equal(0n);
      for (const n of neurons) {
        expect(await f.metagraph.getHotkey(netuid, n.uid)).to.equal(
          evmAccountId(n.hotkey.address),
        );
        expect(await f.metagraph.getColdkey(netuid, n.uid)).to.equal(
          evmAccountId(n.coldkey.address),
        );
        expect(await f.metagraph.getLastUpdate(netuid, n.uid)).to.equal(
          await f.layer.weights.lastUpdate(netuid, n.uid),
        );
        expect(await f.metagraph.getRank(netuid, n.uid)).to.equal(0n);
        expect(await f.metagraph.getTrust(netuid, n.uid)).to.equal(0n);
      }
      expect(
        await f.metagraph.getLastUpdate(netuid, neurons[2].uid),
      ).to.be.greaterThan(0n);

      const miner = neurons[3];
      await (
        await IServing__factory.connect(
          await f.evm.serving.getAddress(),
          miner.hotkey,
        ).serveAxon(netuid, {
          block: 0,
          version: 7,
          ip: 0x7f000001,
          port: 8091,
          ipType: 4,
          protocol: 4,
        })
      ).wait();
      const servedAt = BigInt(
        (await ethers.provider.getBlockNumber()).toString(),
      );
      const axon = await f.metagraph.getAxon(netuid, miner.uid);
      expect([
        axon.block,
        axon.version,
        axon.ip,
        axon.port,
        axon.ip_type,
        axon.protocol,
      ]).to.deep.equal([servedAt, 7n, 0x7f000001n, 8091n, 4n, 4n]);
      expect((await f.metagraph.getAxon(netuid, neurons[4].uid)).port).to.equal(
        0n,
      );

      const n = neurons.length;
      for (const call of [
        f.metagraph.getHotkey,
        f.metagraph.getColdkey,
        f.metagraph.getStake,
        f.metagraph.getAxon,
      ]) {
        await expect(call(netuid, n))
          .to.be.revertedWithCustomError(f.metagraph, "MetagraphUidNotFound")
          .withArgs(netuid, n);
      }
      // Vector reads past the UIDs answer defaults, as subtensor's do.
      expect(await f.metagraph.getLastUpdate(netuid, n)).to.equal(0n);
      expect(await f.metagraph.getValidatorStatus(netuid, n)).to.equal(false);
    });

    it("values a hotkey's stake over every subnet in TAO, root at 1", async function () {
      const f = await loadFixture(viewsFixture);
      const { netuid, neurons } = f.subnets[0];
      const validator = neurons[1];
      const before = await f.metagraph.getStake(netuid, validator.uid);
      expect(before).to.equal(await expectedStake(f, validator.hotkey.address));
      // Valued at the spot price after the validators' own buys: above the 3 000 TAO paid in.
      expect(before).to.be.greaterThan(tao(3_000));
      // Root stake on the same hotkey counts 1:1.
      const staker = f.signers[5];
      await (
        await f.layer.tao
          .connect(staker)
          .approve(f.layer.addresses.Staking, tao(500))
      ).wait();
      await (
        await f.layer.staking
          .connect(staker)
          .addStake(validator.hotkey.address, 0, tao(500))
      ).wait();
      const stake = await f.metagraph.getStake(netuid, validator.uid);
      expect(stake).to.equal(await expectedStake(f, validator.hotkey.address));
      expect(
        await f.layer.staking.totalHotkeyAlpha(validator.hotkey.address, 0),
      ).to.equal(tao(500));
      const rootPart =
        stake - (await expectedStake(f, validator.hotkey.address, false));
      expect(
        rootPart >= tao(500) - 1n && rootPart <= tao(500) + 1n,
        `root part ${rootPart}`,
      ).to.equal(true);
      expect(await f.metagraph.getStake(netuid, neurons[4].uid)).to.equal(
        await expectedStake(f, neurons[4].hotkey.address),
      );
    });

    it("answers the last settled epoch's metagraph once its columns are recorded", async function () {
      const f = await loadFixture(settledFixture);
      const { netuid, neurons } = f.subnets[0];
      // Before the columns are recorded the epoch's values cannot be read, and zeros are not made up.
      const commitment = await f.layer.settlement.columnsCommitment(netuid);
      expect(BigInt(commitment)).to.not.equal(0n);
      await expect(f.metagraph.getIncentive(netuid, 4))
        .to.be.revertedWithCustomError(f.columns, "MetagraphColumnsNotRecorded")
        .withArgs(netuid, commitment);
      expect(await f.columns.columnsRecorded(netuid)).to.equal(false);

      const words = await columnWordsOf(f.layer.settlement, netuid);
      const tampered = [...words];
      tampered[0] += 1n;
      await expect(
        f.columns.recordColumns(netuid, tampered),
      ).to.be.revertedWithCustomError(f.columns, "MetagraphBadColumns");
      await expect(f.columns.connect(f.signers[9]).recordColumns(netuid, words))
        .to.emit(f.columns, "MetagraphColumnsRecorded")
        .withArgs(netuid, commitment);
      expect(await f.columns.columnsRecorded(netuid)).to.equal(true);

      const m = await readMetagraph(f.layer.settlement, netuid);
      expect(m.incentive.some((x) => x > 0n)).to.equal(true);
      expect(m.dividends.some((x) => x > 0n)).to.equal(true);
      for (const n of neurons) {
        const u = n.uid;
        expect(
          await f.metagraph.getConsensus(netuid, u),
          `consensus ${u}`,
        ).to.equal(m.consensus[u]);
        expect(
          await f.metagraph.getIncentive(netuid, u),
          `incentive ${u}`,
        ).to.equal(m.incentive[u]);
        expect(
          await f.metagraph.getDividends(netuid, u),
          `dividends ${u}`,
        ).to.equal(m.dividends[u]);
        expect(await f.metagraph.getVtrust(netuid, u), `vtrust ${u}`).to.equal(
          m.validatorTrust[u],
        );
        expect(
          await f.metagraph.getEmission(netuid, u),
          `emission ${u}`,
        ).to.equal(m.emission[u]);
        expect(
          await f.metagraph.getIsActive(netuid, u),
          `active ${u}`,
        ).to.equal(m.active[u]);
        expect(
          await f.metagraph.getValidatorStatus(netuid, u),
          `permit ${u}`,
        ).to.equal(m.validatorPermit[u]);
        expect(await f.metagraph.getLastUpdate(netuid, u)).to.equal(
          await f.layer.weights.lastUpdate(netuid, u),
        );
      }
      // Unclaimed stake credits (the miners' incentive) count in the stake, as subtensor stakes them at the epoch.
      const miner = neurons[4];
      expect(
        await f.layer.settlement.stakeCredit(netuid, miner.uid),
      ).to.be.greaterThan(0n);
      expect(await f.metagraph.getStake(netuid, miner.uid)).to.equal(
        await expectedStake(f, miner.hotkey.address),
      );
      expect(await f.metagraph.getStake(netuid, miner.uid)).to.be.greaterThan(
        0n,
      );

      // A third-party contract reads the same.
      const read = await f.reader.neuron(netuid, miner.uid);
      expect(read.hotkey).to.equal(evmAccountId(miner.hotkey.address));
      expect(read.coldkey).to.equal(evmAccountId(miner.coldkey.address));
      expect(read.incentive).to.equal(m.incentive[miner.uid]);
      expect(read.emission).to.equal(m.emission[miner.uid]);
      expect(read.stake).to.equal(await expectedStake(f, miner.hotkey.address));
      // The other subnet has no settled epoch: its reads are the defaults.
      expect(await f.metagraph.getIncentive(f.subnets[1].netuid, 1)).to.equal(
        0n,
      );
    });
  });

  describe("Alpha 0x808", function () {
    it("answers prices, reserves, mechanism and parameters from the layer", async function () {
      const f = await loadFixture(viewsFixture);
      await mine(20);
      await (await f.layer.coinbase.accrue()).wait();
      for (const { netuid } of f.subnets) {
        const [y, x] = await f.layer.staking.pool(netuid);
        const price = await f.alpha.getAlphaPrice(netuid);
        expect(price).to.equal(evmPrice(y, x));
        expect(price).to.be.greaterThan(0n);
        const spot = (await f.layer.staking.spotPrice(netuid)) * E9;
        expect(spot - price)
          .to.be.lessThanOrEqual(E9)
          .and.greaterThanOrEqual(-E9);
        const moving = await f.layer.coinbase.movingPrice(netuid);
        expect(moving).to.be.greaterThan(0n);
        expect(await f.alpha.getMovingAlphaPrice(netuid)).to.equal(
          (moving / E9) * E9,
        );
        expect(await f.alpha.getTaoInPool(netuid)).to.equal(y);
        expect(await f.alpha.getAlphaInPool(netuid)).to.equal(x);
        expect(await f.alpha.getSubnetMechanism(netuid)).to.equal(1n);
        expect(await f.alpha.getEMAPriceHalvingBlocks(netuid)).to.equal(
          await f.layer.coinbase.emaPriceHalvingBlocks(netuid),
        );

        const token = await ethers.getContractAt(
          "IAlphaToken",
          await f.layer.staking.alphaToken(netuid),
        );
        const p = await f.layer.coinbase.pending(netuid);
        const out =
          (await token.totalSupply()) -
          x +
          p.server +
          p.validator +
          p.ownerCut +
          p.root;
        expect(await f.alpha.getAlphaOutPool(netuid)).to.equal(out);
        expect(await f.alpha.getAlphaIssuance(netuid)).to.equal(out + x);
        await expect(
          f.alpha.getSubnetVolume(netuid),
        ).to.be.revertedWithCustomError(f.alphaFacade, "PrecompileUnsupported");

        const read = await f.reader.pool(netuid);
        expect([
          read.price,
          read.taoIn,
          read.alphaIn,
          read.mechanism,
        ]).to.deep.equal([price, y, x, 1n]);
      }
      // Root and netuids without a pool are stable: price 1, mechanism 0.
      for (const netuid of [0, UNKNOWN_NETUID]) {
        expect(await f.alpha.getAlphaPrice(netuid)).to.equal(10n ** 18n);
        expect(await f.alpha.getMovingAlphaPrice(netuid)).to.equal(10n ** 18n);
        expect(await f.alpha.getSubnetMechanism(netuid)).to.equal(0n);
      }
      expect(await f.alpha.getSubnetVolume(UNKNOWN_NETUID)).to.equal(0n);
      expect(await f.alpha.getRootNetuid()).to.equal(0n);
      expect(await f.alpha.getTaoWeight()).to.equal(
        await f.layer.staking.taoWeight(),
      );
      expect(await f.alpha.getTaoWeight()).to.be.greaterThan(0n);
      expect(await f.alpha.getCKBurn()).to.equal(0n);

      let sum = 0n;
      for (const netuid of await f.layer.registry.netuids()) {
        const [y, x] = await f.layer.staking.pool(netuid);
        const p64 = x === 0n ? 0n : (y * Q64) / x;
        if (p64 < Q64) sum += p64;
      }
      expect(await f.alpha.getSumAlphaPrice()).to.equal(
        ((sum * E9) / Q64) * E9,
      );
    });

    it("simulates swaps with Staking's quotes; 0 for 0, 1:1 on root, reverts where the swap fails", async function () {
      const f = await loadFixture(viewsFixture);
      const { netuid } = f.subnets[0];
      for (const amount of [tao(1), tao(250), 1_234_567n]) {
        const alphaOut = await f.alpha.simSwapTaoForAlpha(netuid, amount);
        expect(alphaOut).to.equal(
          await f.layer.staking.simSwapTaoForAlpha(netuid, amount),
        );
        expect(alphaOut).to.be.greaterThan(0n);
        expect(await f.reader.quote(netuid, amount)).to.equal(alphaOut);
        expect(await f.alpha.simSwapAlphaForTao(netuid, amount)).to.equal(
          await f.layer.staking.simSwapAlphaForTao(netuid, amount),
        );
      }
      expect(await f.alpha.simSwapTaoForAlpha(netuid, 0)).to.equal(0n);
      expect(await f.alpha.simSwapTaoForAlpha(0, tao(3))).to.equal(tao(3));
      expect(await f.alpha.simSwapAlphaForTao(0, tao(3))).to.equal(tao(3));
      expect(await f.alpha.simSwapTaoForAlpha(UNKNOWN_NETUID, tao(3))).to.equal(
        0n,
      );
      const tooMuch = 2n ** 64n - 1n; // above 1000 × the α reserve: Staking quotes 0, subtensor fails
      await expect(f.alpha.simSwapAlphaForTao(netuid, tooMuch))
        .to.be.revertedWithCustomError(f.alpha, "AlphaSimSwapFailed")
        .withArgs(netuid, tooMuch);
    });

    it("reports one block's emission as the Coinbase's next single-block accrual makes it", async function () {
      const f = await loadFixture(viewsFixture);
      const { netuid } = f.subnets[0];
      // Root stake, so that rp > 0 and part of the TAO is injected rather than bought back.
      const staker = f.signers[5];
      await (
        await f.layer.tao
          .connect(staker)
          .approve(f.layer.addresses.Staking, tao(5_000))
      ).wait();
      await (
        await f.layer.staking
          .connect(staker)
          .addStake(f.subnets[0].neurons[1].hotkey.address, 0, tao(5_000))
      ).wait();
      await mine(10);
      await (await f.layer.coinbase.accrue()).wait();

      const token = await ethers.getContractAt(
        "IAlphaToken",
        await f.layer.staking.alphaToken(netuid),
      );
      const p = await f.layer.coinbase.pending(netuid);
      const alphaOut = await f.alpha.getAlphaOutEmission(netuid);
      expect(alphaOut).to.equal(
        blockEmission(
          (await token.totalSupply()) +
            p.server +
            p.validator +
            p.ownerCut +
            p.root,
        ),
      );
      expect(alphaOut).to.equal(E9);
      const taoIn = await f.alpha.getTaoInEmission(netuid);
      const alphaIn = await f.alpha.getAlphaInEmission(netuid);
      expect(taoIn).to.be.greaterThan(0n);
      expect(alphaIn).to.be.greaterThan(0n);

      // The next block's accrual covers one block: its injection is the one reported (the α issuance the
      // view reads includes the pending block's α, so allow a rao of rounding).
      const receipt = await (await f.layer.coinbase.accrue()).wait();
      const injected = receipt!.logs
        .map((l) => f.layer.staking.interface.parseLog(l))
        .find(
          (e) => e?.name === "Injected" && e.args.netuid === BigInt(netuid),
        );
      expect(injected, "Injected").to.not.equal(undefined);
      const close = (a: bigint, b: bigint) =>
        expect(a > b ? a - b : b - a).to.be.lessThanOrEqual(
          1n + b / 1_000_000n,
        );
      close(taoIn, injected!.args.taoIn as bigint);
      close(alphaIn, injected!.args.alphaIn as bigint);

      // A netuid without emission reports none.
      for (const get of [
        f.alpha.getTaoInEmission,
        f.alpha.getAlphaInEmission,
        f.alpha.getAlphaOutEmission,
      ]) {
        expect(await get(UNKNOWN_NETUID)).to.equal(0n);
        expect(await get(0)).to.equal(0n);
      }
    });
  });
});
