import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import type { BaseContract, ContractTransactionResponse, Wallet } from "ethers";
import fc from "fast-check";
import { ethers } from "hardhat";

import type { EpochBuckets, ValidatorPayout } from "../../oracle/chain/dividends";
import { readMetagraph as readCheckedMetagraph } from "../../oracle/chain/metagraph";
import { type ReportColumns, committedWords, packPayouts, packReport } from "../../oracle/chain/report";
import { fundedWallet, mine, mineTo, tao } from "../../scripts/lib/local-network";
import type { IEpochSettlement } from "../../typechain-types/contracts/consensus/EpochSettlement";
import { MINER_BURNED_ONE, OWNER_CUT, U16_MAX } from "./helpers/emissionReference";
import { payoutsNow } from "./helpers/payouts";
import {
  type Layer,
  ROLES,
  SharePoolModel,
  deployLayer,
  grantRole,
  instantEma,
  plainHyperparameters,
  registerNeuron,
  registerSubnet,
  setTempo,
} from "./helpers/subnet-layer";

/**
 * A report as the tests write it: Yuma's per-UID validator emission stands for the validators' payouts,
 * which an oracle node computes from it with the stakes and takes at the snapshot ({accept}).
 */
type Report = {
  netuid: number;
  snapshotBlock: bigint;
  raoEmission: bigint;
  consensus: number[];
  incentive: number[];
  dividends: number[];
  validatorTrust: number[];
  stakeWeight: number[];
  emission: bigint[];
  serverEmission: bigint[];
  validatorEmission: bigint[];
  active: boolean[];
  validatorPermit: boolean[];
  ownerOwnedUids: bigint;
  bondsCommitment: string;
};

/** The packed report's ABI type, written out here so that the encoding is checked independently. */
const REPORT_TYPE =
  "tuple(uint16 netuid, uint64 snapshotBlock, uint256 raoEmission, uint256[] metagraph, uint256[] serverEmission, " +
  "uint256[] validatorPayouts, uint256 ownerOwnedUids, bytes32 bondsCommitment)";

const U64_MAX = 2n ** 64n - 1n;

/** keccak256(abi.encode(report)) of a packed report, computed off chain. */
function hashPacked(p: IEpochSettlement.EpochReportStruct): string {
  return ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode([REPORT_TYPE], [p]));
}

/**
 * The report's columns with `payouts` in place of its validator emission. Without payouts the report must
 * pay no validator: a non-zero validator emission needs the payouts an oracle computes ({accept}).
 */
function columnsOf(r: Report, payouts?: readonly ValidatorPayout[]): ReportColumns {
  const { validatorEmission, ...rest } = r;
  if (payouts === undefined && validatorEmission.some((x) => x !== 0n)) throw new Error("validator emission without payouts");
  return { ...rest, validatorPayouts: payouts ?? [] };
}

/** packReport of the report's columns ({columnsOf}). */
function pack(r: Report, payouts?: readonly ValidatorPayout[]): IEpochSettlement.EpochReportStruct {
  return packReport(columnsOf(r, payouts));
}

/** keccak256(abi.encode(pack(r))): the hash oracle nodes attest for `r`'s columns (no validator paid). */
function hashReport(r: Report): string {
  return hashPacked(pack(r));
}

/** A report of `n` UIDs with every array zero (or false), overridden by `fields`. */
function makeReport(netuid: number, snapshotBlock: bigint, raoEmission: bigint, n: number, fields: Partial<Report> = {}): Report {
  const zeros = (): number[] => new Array<number>(n).fill(0);
  const zeros64 = (): bigint[] => new Array<bigint>(n).fill(0n);
  const no = (): boolean[] => new Array<boolean>(n).fill(false);
  return {
    netuid,
    snapshotBlock,
    raoEmission,
    consensus: zeros(),
    incentive: zeros(),
    dividends: zeros(),
    validatorTrust: zeros(),
    stakeWeight: zeros(),
    emission: zeros64(),
    serverEmission: zeros64(),
    validatorEmission: zeros64(),
    active: no(),
    validatorPermit: no(),
    ownerOwnedUids: 0n,
    bondsCommitment: ethers.id(`bonds ${netuid} ${snapshotBlock}`),
    ...fields,
  };
}

function sum(values: readonly bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

/** A payout of `uid`'s hotkey (zero lanes unless given). */
function payout(uid: number, hotkey: string, lanes: Partial<Omit<ValidatorPayout, "uid" | "hotkey">> = {}): ValidatorPayout {
  return { uid, hotkey, alphaPool: 0n, alphaTake: 0n, rootPool: 0n, rootTake: 0n, ...lanes };
}

/**
 * The payouts the spec's formulas give (§2.7 steps 3, 6, 7), written out here from Staking and registry
 * reads rather than the lens, so that a wrong oracle computation is caught: root part
 * floor(d·τ·root / (α·(2^64 − 1) + τ·root)) with α the hotkey's α stake plus its UID's unclaimed credit;
 * α pay floor(V_eff·(d − root) / Σ(d − root)), root pay floor(rootBucket·root / Σ root); take
 * floor(pay·take / 65_535) of each.
 */
async function referencePayouts(l: Layer, netuid: number, b: EpochBuckets, serverEmission: bigint[], validatorEmission: bigint[]) {
  const tau = await l.staking.taoWeight();
  const serverSum = sum(serverEmission);
  const room = b.server + b.validator + b.root - serverSum;
  const rootBucket = b.root < room ? b.root : room;
  const vEffUncapped = b.validator + (serverSum === 0n ? b.server : 0n);
  const vEff = vEffUncapped < room - rootBucket ? vEffUncapped : room - rootBucket;
  const parts = [];
  for (const [uid, d] of validatorEmission.entries()) {
    if (d === 0n) continue;
    const hotkey = await l.registry.hotkeyAt(netuid, uid);
    const alpha = (await l.staking.totalHotkeyAlpha(hotkey, netuid)) + (await l.settlement.stakeCredit(netuid, uid));
    const root = await l.staking.totalHotkeyAlpha(hotkey, 0);
    const rootPart = root === 0n ? 0n : (d * tau * root) / (alpha * U64_MAX + tau * root);
    parts.push({ uid, hotkey, d, rootPart, take: (await l.registry.delegate(hotkey))[1] });
  }
  const alphaSum = sum(parts.map((p) => p.d - p.rootPart));
  const rootSum = sum(parts.map((p) => p.rootPart));
  return parts
    .map(({ uid, hotkey, d, rootPart, take }) => {
      const alphaPay = alphaSum === 0n ? 0n : (vEff * (d - rootPart)) / alphaSum;
      const rootPay = rootSum === 0n ? 0n : (rootBucket * rootPart) / rootSum;
      const alphaTake = (alphaPay * take) / U16_MAX;
      const rootTake = (rootPay * take) / U16_MAX;
      return payout(uid, hotkey, { alphaPool: alphaPay - alphaTake, alphaTake, rootPool: rootPay - rootTake, rootTake });
    })
    .filter((p) => p.alphaPool + p.alphaTake + p.rootPool + p.rootTake !== 0n);
}

/** The arguments of every `name` event `contract` emitted in the mined `tx`, in order. */
async function emitted(
  tx: ContractTransactionResponse | Promise<ContractTransactionResponse>,
  contract: BaseContract,
  name: string,
): Promise<unknown[][]> {
  const receipt = await (await tx).wait();
  const target = String(contract.target).toLowerCase();
  return receipt!.logs
    .filter((log) => log.address.toLowerCase() === target)
    .map((log) => contract.interface.parseLog({ topics: [...log.topics], data: log.data }))
    .filter((e) => e?.name === name)
    .map((e) => [...e!.args]);
}

/**
 * `ranks` order the UIDs exactly as `emission` does (what pruning needs): equal for equal emissions, lower for
 * less, 0 exactly for no emission.
 */
function expectSameOrder(ranks: readonly bigint[], emission: readonly bigint[]): void {
  expect(ranks).to.have.length(emission.length);
  for (let i = 0; i < emission.length; i++) {
    expect(ranks[i] === 0n, `UID ${i}: rank 0 iff no emission`).to.equal(emission[i] === 0n);
    for (let j = 0; j < emission.length; j++) {
      expect(Math.sign(Number(ranks[i] - ranks[j])), `UIDs ${i}, ${j}`).to.equal(Math.sign(Number(emission[i] - emission[j])));
    }
  }
}

/** The metagraph view as plain values, its committed columns those of the subnet's last MetagraphColumns event. */
async function readMetagraph(l: Layer, netuid: number) {
  const m = await readCheckedMetagraph(l.settlement, netuid);
  return {
    snapshotBlock: m.snapshotBlock,
    consensus: m.consensus.map(Number),
    incentive: m.incentive.map(Number),
    dividends: m.dividends.map(Number),
    validatorTrust: m.validatorTrust.map(Number),
    stakeWeight: m.stakeWeight.map(Number),
    emission: [...m.emission],
    active: [...m.active],
    validatorPermit: [...m.validatorPermit],
    bondsCommitment: m.bondsCommitment,
    columnsCommitment: m.columnsCommitment,
  };
}

/** The metagraph `r` keeps, its proportions and emissions committed to by keccak256 of their packed words. */
function expectedMetagraph(r: Report) {
  return {
    snapshotBlock: r.snapshotBlock,
    consensus: r.consensus,
    incentive: r.incentive,
    dividends: r.dividends,
    validatorTrust: r.validatorTrust,
    stakeWeight: r.stakeWeight,
    emission: r.emission,
    active: r.active,
    validatorPermit: r.validatorPermit,
    bondsCommitment: r.bondsCommitment,
    columnsCommitment: ethers.solidityPackedKeccak256(["uint256[]"], [committedWords(pack(r, []), r.emission.length)]),
  };
}

/** A report an oracle attested: its payouts, packed form and hash. */
interface Accepted {
  readonly hash: string;
  readonly report: IEpochSettlement.EpochReportStruct;
  readonly payouts: ValidatorPayout[];
}

/**
 * Oracle o1 attests the report (threshold 1, so it is accepted), its validator emission turned into the
 * payouts an oracle node computes from the lens now and the pending buckets (unless `payouts` are given):
 * call it before any stake changes after the snapshot, as the oracle reads the snapshot block.
 */
/**
 * The settle of an accepted report the chain refuses: the transaction succeeds, nothing is paid, and the
 * report is rejected (ReportRejected, carrying SettlementBadReport(`reason`)) with a new round opened.
 */
async function expectRejected(f: Layer, tx: Promise<ContractTransactionResponse>, reason: string, label?: string): Promise<void> {
  const receipt = await (await tx).wait();
  const events = receipt!.logs.flatMap((log) => {
    const parsed = f.settlement.interface.parseLog(log);
    return parsed === null ? [] : [parsed];
  });
  expect(events.map((e) => e.name), label).to.deep.equal(["RoundOpened", "ReportRejected"]);
  const error = f.settlement.interface.parseError(events[1].args.reason as string);
  expect([error?.name, error?.args[0]], label).to.deep.equal(["SettlementBadReport", reason]);
}

async function accept(f: Layer & { o1: HardhatEthersSigner }, r: Report, payouts?: ValidatorPayout[]): Promise<Accepted> {
  const paid = r.validatorEmission.some((x) => x !== 0n);
  const computed = payouts ?? (paid ? await payoutsNow(f, r.netuid, await f.coinbase.pending(r.netuid), r) : []);
  const report = pack(r, computed);
  const hash = hashPacked(report);
  await (await f.settlement.connect(f.o1).attest(r.netuid, r.snapshotBlock, hash)).wait();
  return { hash, report, payouts: computed };
}

describe("EpochSettlement", function () {
  /**
   * One started subnet with six UIDs: 0 the owner hotkey, 1 and 2 miners of other coldkeys, 3 a miner
   * owned by the subnet owner's coldkey, 4 a validator staked by its coldkey and a nominator, 5 a
   * validator without stake. Oracle o1 is registered (threshold 1); the epoch is due 12 blocks on.
   */
  async function subnetFixture() {
    const l = await deployLayer();
    const [, o1, o2, o3, stranger] = await ethers.getSigners();
    await (await l.settlement.connect(l.deployer).setOracle(o1.address, true)).wait();
    const s = await registerSubnet(l);
    const coldkeys = await Promise.all([0, 1, 2, 3, 4].map(() => fundedWallet(l, tao(500))));
    const [c1, c2, cv1, cv2, nominator] = coldkeys;
    const hk = await Promise.all([0, 1, 2, 3, 4].map(() => fundedWallet(l)));
    const [m1, m2, ownerMiner, v1, v2] = hk;
    await (await l.tao.connect(l.deployer).transfer(await s.owner.getAddress(), tao(100))).wait();
    expect(await registerNeuron(l, s.netuid, c1, m1.address)).to.equal(1);
    expect(await registerNeuron(l, s.netuid, c2, m2.address)).to.equal(2);
    expect(await registerNeuron(l, s.netuid, s.owner, ownerMiner.address)).to.equal(3);
    expect(await registerNeuron(l, s.netuid, cv1, v1.address)).to.equal(4);
    expect(await registerNeuron(l, s.netuid, cv2, v2.address)).to.equal(5);
    for (const [who, amount] of [
      [cv1, tao(100)],
      [nominator, tao(50)],
    ] as const) {
      await (await l.tao.connect(who).approve(l.addresses.Staking, amount)).wait();
      await (await l.staking.connect(who).addStake(v1.address, s.netuid, amount)).wait();
    }
    const now = BigInt(await ethers.provider.getBlockNumber());
    await setTempo(l, s.netuid, Number(now + 12n - s.startBlock));
    const due = await l.coinbase.dueBlock(s.netuid);
    return { ...l, s, o1, o2, o3, stranger, c1, c2, cv1, cv2, nominator, m1, m2, ownerMiner, v1, v2, due, n: 6 };
  }

  type Fixture = Awaited<ReturnType<typeof subnetFixture>>;

  /**
   * The fixture's owner-owned UIDs as the oracle reports them (the lens' `ownerOwnedUids`): 0, the owner
   * hotkey, and 3, the owner coldkey's miner. The settlement burns their incentive from this mask alone.
   */
  const OWNER_OWNED = (1n << 0n) | (1n << 3n);

  /** The fixture at its due block, with the pending buckets the report must account for. */
  async function dueFixture() {
    const f = await subnetFixture();
    await mineTo(f.due);
    const buckets = await f.coinbase.pending(f.s.netuid);
    const rao = buckets.server + buckets.validator + buckets.root;
    return { ...f, buckets, rao };
  }

  type Due = Awaited<ReturnType<typeof dueFixture>>;

  /**
   * The fixture with a root bucket, at its due block: a second subnet and EMA prices at spot (Σ p̄ > 1 sets
   * the sell flag), τ = 1/2, and 50 TAO each of root and α stake from the deployer on every UID's hotkey
   * (`hotkeys`, by UID), so that every validator's dividends have both parts.
   */
  async function rootFixture() {
    const f = await subnetFixture();
    const { netuid } = f.s;
    await setTempo(f, netuid, 10_000); // room for the set-up before the epoch falls due
    await registerSubnet(f);
    await instantEma(f, [netuid, netuid + 1]);
    await (await f.staking.connect(f.deployer).setTaoWeight(2n ** 63n)).wait();
    const hotkeys = [f.s.ownerHotkey, f.m1.address, f.m2.address, f.ownerMiner.address, f.v1.address, f.v2.address];
    await (await f.tao.connect(f.deployer).approve(f.addresses.Staking, tao(1_000))).wait();
    for (const hotkey of hotkeys) {
      await (await f.staking.connect(f.deployer).addStake(hotkey, 0, tao(50))).wait();
      await (await f.staking.connect(f.deployer).addStake(hotkey, netuid, tao(50))).wait();
    }
    const now = BigInt(await ethers.provider.getBlockNumber());
    await setTempo(f, netuid, Number(now + 20n - (await f.coinbase.lastEpochBlock(netuid))));
    const due = await f.coinbase.dueBlock(netuid);
    await mineTo(due);
    const buckets = await f.coinbase.pending(netuid);
    expect(buckets.root, "root bucket").to.be.greaterThan(0n);
    return { ...f, hotkeys, due, buckets, rao: buckets.server + buckets.validator + buckets.root };
  }

  /** {rootFixture}'s epoch with every UID a miner (`share` of the server bucket each) and a validator (1_000 each). */
  function rootReport(f: Awaited<ReturnType<typeof rootFixture>>) {
    const share = f.buckets.server / 6n;
    const r = makeReport(f.s.netuid, f.due, f.rao, f.n, {
      serverEmission: new Array<bigint>(6).fill(share),
      validatorEmission: new Array<bigint>(6).fill(1_000n),
      ownerOwnedUids: OWNER_OWNED,
    });
    return { r, share };
  }

  describe("deployment", function () {
    it("wires the registry, Staking and the Coinbase; threshold 1, no oracle", async function () {
      const l = await loadFixture(deployLayer);
      const a = l.addresses;
      expect(await l.settlement.registry()).to.equal(a.SubnetRegistry);
      expect(await l.settlement.staking()).to.equal(a.Staking);
      expect(await l.settlement.coinbase()).to.equal(a.Coinbase);
      expect(await l.settlement.authority()).to.equal(a.ProtocolAccessManager);
      expect(await l.settlement.threshold()).to.equal(1n);
      expect(await l.settlement.oracleCount()).to.equal(0n);
      expect(await l.settlement.isOracle(l.deployer.address)).to.equal(false);
      expect(await l.registry.DEFAULT_DELEGATE_TAKE()).to.equal(11_796n);
    });
  });

  describe("committee governance", function () {
    it("setOracle adds and removes nodes, counting each once", async function () {
      const f = await loadFixture(subnetFixture);
      await expect(f.settlement.connect(f.deployer).setOracle(f.o2.address, true))
        .to.emit(f.settlement, "OracleSet")
        .withArgs(f.o2.address, true);
      await f.settlement.connect(f.deployer).setOracle(f.o2.address, true); // again: no double count
      expect(await f.settlement.oracleCount()).to.equal(2n);
      expect(await f.settlement.isOracle(f.o2.address)).to.equal(true);
      await expect(f.settlement.connect(f.deployer).setOracle(f.o2.address, false))
        .to.emit(f.settlement, "OracleSet")
        .withArgs(f.o2.address, false);
      await f.settlement.connect(f.deployer).setOracle(f.o3.address, false); // never added: nothing to remove
      expect(await f.settlement.oracleCount()).to.equal(1n);
      expect(await f.settlement.isOracle(f.o2.address)).to.equal(false);
    });

    it("setThreshold accepts 1..number of nodes", async function () {
      const f = await loadFixture(subnetFixture);
      await f.settlement.connect(f.deployer).setOracle(f.o2.address, true);
      await expect(f.settlement.connect(f.deployer).setThreshold(2)).to.emit(f.settlement, "ThresholdSet").withArgs(2);
      expect(await f.settlement.threshold()).to.equal(2n);
      await f.settlement.connect(f.deployer).setThreshold(1);
      expect(await f.settlement.threshold()).to.equal(1n);
    });

    it("setThreshold reverts with SettlementInvalidThreshold for 0 and above the node count", async function () {
      const f = await loadFixture(subnetFixture);
      for (const t of [0, 2, 255]) {
        await expect(f.settlement.connect(f.deployer).setThreshold(t))
          .to.be.revertedWithCustomError(f.settlement, "SettlementInvalidThreshold")
          .withArgs(t);
      }
    });

    it("setOracle and setThreshold revert with AccessManagedUnauthorized for anyone but governance", async function () {
      const f = await loadFixture(subnetFixture);
      for (const caller of [f.stranger, f.o1]) {
        await expect(f.settlement.connect(caller).setOracle(caller.address, true))
          .to.be.revertedWithCustomError(f.settlement, "AccessManagedUnauthorized")
          .withArgs(caller.address);
        await expect(f.settlement.connect(caller).setThreshold(1))
          .to.be.revertedWithCustomError(f.settlement, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });
  });

  describe("attest", function () {
    it("reportHash is keccak256(abi.encode(report))", async function () {
      const f = await loadFixture(dueFixture);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n, { incentive: [1, 2, 3, 4, 5, 6], active: [true, false, true, true, false, true] });
      expect(await f.settlement.reportHash(pack(r))).to.equal(hashReport(r));
      // With payouts: two words each, the hotkey and UID, then the four u64 lanes.
      const payouts = [
        payout(4, f.v1.address, { alphaPool: 1n, alphaTake: 2n, rootPool: 3n, rootTake: 4n }),
        payout(5, f.v2.address, { alphaPool: U64_MAX }),
      ];
      const packed = pack({ ...r, validatorEmission: [0n, 0n, 0n, 0n, 1n, 1n] }, payouts);
      expect(packed.validatorPayouts).to.deep.equal([
        BigInt(f.v1.address) | (4n << 160n),
        1n | (2n << 64n) | (3n << 128n) | (4n << 192n),
        BigInt(f.v2.address) | (5n << 160n),
        U64_MAX,
      ]);
      expect(await f.settlement.reportHash(packed)).to.equal(hashPacked(packed));
    });

    it("with threshold 1, one attestation accepts the hash", async function () {
      const f = await loadFixture(dueFixture);
      const hash = hashReport(makeReport(f.s.netuid, f.due, f.rao, f.n));
      await expect(f.settlement.connect(f.o1).attest(f.s.netuid, f.due, hash))
        .to.emit(f.settlement, "Attested")
        .withArgs(f.o1.address, f.s.netuid, f.due, 0, hash, 1)
        .and.to.emit(f.settlement, "ReportAccepted")
        .withArgs(f.s.netuid, f.due, hash);
      expect(await f.settlement.acceptedHash(f.s.netuid, f.due)).to.equal(hash);
      expect(await f.settlement.attestations(f.s.netuid, f.due, hash)).to.equal(1n);
    });

    it("with threshold 2 of 3, the first hash two nodes agree on is accepted", async function () {
      const f = await loadFixture(dueFixture);
      await f.settlement.connect(f.deployer).setOracle(f.o2.address, true);
      await f.settlement.connect(f.deployer).setOracle(f.o3.address, true);
      await f.settlement.connect(f.deployer).setThreshold(2);
      const good = hashReport(makeReport(f.s.netuid, f.due, f.rao, f.n));
      const bad = hashReport(makeReport(f.s.netuid, f.due, f.rao + 1n, f.n));
      await expect(f.settlement.connect(f.o1).attest(f.s.netuid, f.due, good)).to.not.emit(f.settlement, "ReportAccepted");
      await expect(f.settlement.connect(f.o2).attest(f.s.netuid, f.due, bad))
        .to.emit(f.settlement, "Attested")
        .withArgs(f.o2.address, f.s.netuid, f.due, 0, bad, 1)
        .and.not.to.emit(f.settlement, "ReportAccepted");
      expect(await f.settlement.acceptedHash(f.s.netuid, f.due)).to.equal(ethers.ZeroHash);
      await expect(f.settlement.connect(f.o3).attest(f.s.netuid, f.due, good))
        .to.emit(f.settlement, "ReportAccepted")
        .withArgs(f.s.netuid, f.due, good);
      expect(await f.settlement.acceptedHash(f.s.netuid, f.due)).to.equal(good);
      expect(await f.settlement.attestations(f.s.netuid, f.due, good)).to.equal(2n);
    });

    it("a later hash reaching the threshold does not replace the accepted one", async function () {
      const f = await loadFixture(dueFixture);
      await f.settlement.connect(f.deployer).setOracle(f.o2.address, true);
      const first = hashReport(makeReport(f.s.netuid, f.due, f.rao, f.n));
      const second = hashReport(makeReport(f.s.netuid, f.due, f.rao - 1n, f.n));
      await f.settlement.connect(f.o1).attest(f.s.netuid, f.due, first);
      await expect(f.settlement.connect(f.o2).attest(f.s.netuid, f.due, second))
        .to.emit(f.settlement, "Attested")
        .and.not.to.emit(f.settlement, "ReportAccepted");
      expect(await f.settlement.acceptedHash(f.s.netuid, f.due)).to.equal(first);
    });

    it("reverts with SettlementNotOracle for a non-node, and for a removed node", async function () {
      const f = await loadFixture(dueFixture);
      const hash = hashReport(makeReport(f.s.netuid, f.due, f.rao, f.n));
      await expect(f.settlement.connect(f.stranger).attest(f.s.netuid, f.due, hash))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNotOracle")
        .withArgs(f.stranger.address);
      await f.settlement.connect(f.deployer).setOracle(f.o1.address, false);
      await expect(f.settlement.connect(f.o1).attest(f.s.netuid, f.due, hash))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNotOracle")
        .withArgs(f.o1.address);
    });

    it("reverts with SettlementAlreadyAttested for a second attestation of a node, whatever the hash", async function () {
      const f = await loadFixture(dueFixture);
      const hash = hashReport(makeReport(f.s.netuid, f.due, f.rao, f.n));
      await f.settlement.connect(f.o1).attest(f.s.netuid, f.due, hash);
      for (const h of [hash, ethers.id("other")]) {
        await expect(f.settlement.connect(f.o1).attest(f.s.netuid, f.due, h))
          .to.be.revertedWithCustomError(f.settlement, "SettlementAlreadyAttested")
          .withArgs(f.o1.address, f.s.netuid, f.due);
      }
    });

    it("reverts with SettlementNotDue before the due block and for any block but the due block", async function () {
      const f = await loadFixture(subnetFixture);
      const hash = ethers.id("report");
      await mineTo(f.due - 2n); // the attestation is mined at due - 1
      await expect(f.settlement.connect(f.o1).attest(f.s.netuid, f.due, hash))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNotDue")
        .withArgs(f.s.netuid, f.due, f.due);
      await mine(3);
      for (const snapshot of [f.due - 1n, f.due + 1n]) {
        await expect(f.settlement.connect(f.o1).attest(f.s.netuid, snapshot, hash))
          .to.be.revertedWithCustomError(f.settlement, "SettlementNotDue")
          .withArgs(f.s.netuid, snapshot, f.due);
      }
    });

    it("reverts with SettlementBadReport(hash) for the zero hash, and CoinbaseUnknownSubnet for a subnet not started", async function () {
      const f = await loadFixture(dueFixture);
      await expect(f.settlement.connect(f.o1).attest(f.s.netuid, f.due, ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.settlement, "SettlementBadReport")
        .withArgs("hash");
      await expect(f.settlement.connect(f.o1).attest(77, f.due, ethers.id("x")))
        .to.be.revertedWithCustomError(f.coinbase, "CoinbaseUnknownSubnet")
        .withArgs(77);
    });
  });

  describe("rounds: no epoch stuck, no removed node counted", function () {
    /** The due fixture with o2 and o3 registered too and threshold 2, so one node alone cannot accept. */
    async function committeeFixture() {
      const f = await dueFixture();
      await (await f.settlement.connect(f.deployer).setOracle(f.o2.address, true)).wait();
      await (await f.settlement.connect(f.deployer).setOracle(f.o3.address, true)).wait();
      await (await f.settlement.connect(f.deployer).setThreshold(2)).wait();
      return f;
    }

    it("rejects an accepted report the chain refuses without effect, and settles the next round's report", async function () {
      const f = await loadFixture(dueFixture);
      const bad = makeReport(f.s.netuid, f.due, f.rao + 1n, f.n);
      const { report: badReport } = await accept(f, bad);
      await expectRejected(f, f.settlement.settle(badReport), "raoEmission");
      // Nothing drained or paid: the buckets are still pending, the epoch still due in round 1.
      expect(await f.coinbase.pending(f.s.netuid)).to.deep.equal(f.buckets);
      expect(await f.coinbase.dueBlock(f.s.netuid)).to.equal(f.due);
      expect((await f.settlement.round(f.s.netuid, f.due)).number).to.equal(1n);
      expect(await f.settlement.acceptedHash(f.s.netuid, f.due)).to.equal(ethers.ZeroHash);
      expect(await f.settlement.hasAttested(f.s.netuid, f.due, f.o1.address)).to.equal(false);
      await expect(f.settlement.settle(badReport)).to.be.revertedWithCustomError(f.settlement, "SettlementNotAttested");
      // The node attests again in the new round; the right report settles.
      const { hash, report } = await accept(f, makeReport(f.s.netuid, f.due, f.rao, f.n));
      await expect(f.settlement.settle(report))
        .to.emit(f.settlement, "EpochSettled")
        .withArgs(f.s.netuid, f.due, hash, 0n, 0n, f.buckets.ownerCut, f.rao);
    });

    it("rejects a payout whose hotkey is not its UID's, or no registered hotkey at all (SettlementBadReport(hotkey))", async function () {
      const hotkeys: Array<(f: Due) => string> = [(f) => f.m1.address, () => ethers.Wallet.createRandom().address];
      for (const hotkey of hotkeys) {
        const f = await loadFixture(dueFixture);
        const r = makeReport(f.s.netuid, f.due, f.rao, f.n, { validatorEmission: [0n, 0n, 0n, 0n, 1n, 0n] });
        const { report } = await accept(f, r, [payout(4, hotkey(f), { alphaPool: 1n })]);
        await expectRejected(f, f.settlement.settle(report), "hotkey");
      }
    });

    it("opens a new round when one goes roundTimeout blocks unsettled; its attestations and acceptance void", async function () {
      const f = await loadFixture(committeeFixture);
      const timeout = await f.settlement.roundTimeout();
      expect(timeout).to.equal(64n);
      const good = hashReport(makeReport(f.s.netuid, f.due, f.rao, f.n));
      const lie = hashReport(makeReport(f.s.netuid, f.due, f.rao + 1n, f.n));
      await f.settlement.connect(f.o1).attest(f.s.netuid, f.due, good);
      await f.settlement.connect(f.o2).attest(f.s.netuid, f.due, lie);
      expect(await f.settlement.round(f.s.netuid, f.due)).to.deep.equal([0n, f.due]);
      await mineTo(f.due + timeout - 1n); // the next attestation is mined at due + timeout
      await expect(f.settlement.connect(f.o2).attest(f.s.netuid, f.due, lie))
        .to.emit(f.settlement, "RoundOpened")
        .withArgs(f.s.netuid, f.due, 1)
        .and.to.emit(f.settlement, "Attested")
        .withArgs(f.o2.address, f.s.netuid, f.due, 1, lie, 1);
      expect(await f.settlement.attestations(f.s.netuid, f.due, good)).to.equal(0n);
      expect(await f.settlement.hasAttested(f.s.netuid, f.due, f.o1.address)).to.equal(false);
      await f.settlement.connect(f.o1).attest(f.s.netuid, f.due, good);
      await expect(f.settlement.connect(f.o3).attest(f.s.netuid, f.due, good)).to.emit(f.settlement, "ReportAccepted");
      // Accepted and withheld (nobody settles it) the round expires too: whoever holds a report cannot
      // keep the epoch waiting for it.
      await mine(Number(timeout));
      expect(await f.settlement.acceptedHash(f.s.netuid, f.due)).to.equal(good);
      await expect(f.settlement.connect(f.o2).attest(f.s.netuid, f.due, lie)).to.emit(f.settlement, "RoundOpened").withArgs(f.s.netuid, f.due, 2);
      expect(await f.settlement.acceptedHash(f.s.netuid, f.due)).to.equal(ethers.ZeroHash);
    });

    it("stops counting a removed oracle's attestations, before and after they made a report accepted", async function () {
      const f = await loadFixture(committeeFixture);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n);
      const hash = hashReport(r);
      await f.settlement.connect(f.o2).attest(f.s.netuid, f.due, hash);
      await f.settlement.connect(f.deployer).setOracle(f.o2.address, false);
      // o2's attestation is void: o1 alone does not reach 2.
      await expect(f.settlement.connect(f.o1).attest(f.s.netuid, f.due, hash)).to.not.emit(f.settlement, "ReportAccepted");
      await f.settlement.connect(f.deployer).setOracle(f.o2.address, true);
      await expect(f.settlement.connect(f.o3).attest(f.s.netuid, f.due, hash)).to.emit(f.settlement, "ReportAccepted");
      // Removing o3 now voids the acceptance its attestation made: the report no longer settles.
      await f.settlement.connect(f.deployer).setOracle(f.o3.address, false);
      await expect(f.settlement.settle(pack(r))).to.be.revertedWithCustomError(f.settlement, "SettlementNotAttested");
      await f.settlement.connect(f.o1).attest(f.s.netuid, f.due, hash);
      await f.settlement.connect(f.o2).attest(f.s.netuid, f.due, hash);
      await expect(f.settlement.settle(pack(r))).to.emit(f.settlement, "EpochSettled");
    });

    it("reverts with SettlementOutOfGas when applying runs out of gas, keeping the report accepted", async function () {
      const f = await loadFixture(dueFixture);
      const { hash, report } = await accept(f, makeReport(f.s.netuid, f.due, f.rao, f.n));
      await expect(f.settlement.settle(report, { gasLimit: 120_000 })).to.be.revertedWithCustomError(f.settlement, "SettlementOutOfGas");
      expect(await f.settlement.acceptedHash(f.s.netuid, f.due)).to.equal(hash);
      await expect(f.settlement.settle(report)).to.emit(f.settlement, "EpochSettled");
    });

    it("lets only the settlement itself apply a report (SettlementOnlySelf)", async function () {
      const f = await loadFixture(dueFixture);
      const { report } = await accept(f, makeReport(f.s.netuid, f.due, f.rao, f.n));
      await expect(f.settlement.applyReport(report)).to.be.revertedWithCustomError(f.settlement, "SettlementOnlySelf");
    });

    it("sets the round timeout by governance only, at least 1 block", async function () {
      const f = await loadFixture(dueFixture);
      await expect(f.settlement.connect(f.deployer).setRoundTimeout(10)).to.emit(f.settlement, "RoundTimeoutSet").withArgs(10);
      expect(await f.settlement.roundTimeout()).to.equal(10n);
      await expect(f.settlement.connect(f.deployer).setRoundTimeout(0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementInvalidRoundTimeout")
        .withArgs(0);
      await expect(f.settlement.connect(f.stranger).setRoundTimeout(10)).to.be.revertedWithCustomError(f.settlement, "AccessManagedUnauthorized");
    });
  });

  describe("settle: payment (docs/spec/chain.md §2.7)", function () {
    it("pays each validator at its own delegate take (§4.3): a zero take keeps nothing, a lowered one less", async function () {
      const f = await loadFixture(dueFixture);
      const { netuid } = f.s;
      // No miner earns in this report, so the server bucket goes to the validators too (§2.7.3).
      const V = f.buckets.validator + f.buckets.server;
      await (await f.registry.connect(f.cv1).decreaseTake(f.v1.address, 0)).wait();
      await (await f.registry.connect(f.cv2).decreaseTake(f.v2.address, 1_000)).wait();
      const validator = [0n, 0n, 0n, 0n, 2_000n, 1_000n];
      const r = makeReport(netuid, f.due, f.rao, f.n, {
        validatorEmission: validator,
        emission: validator,
        validatorPermit: [true, false, false, false, true, true],
        dividends: [0, 0, 0, 0, 43690, 21845],
      });
      const a = await accept(f, r);
      const pay4 = (V * 2_000n) / 3_000n;
      const pay5 = (V * 1_000n) / 3_000n;
      const take5 = (pay5 * 1_000n) / U16_MAX;
      // The oracle's payouts carry each validator's own take: none for v1, 1_000 / 65_535 for v2.
      expect(a.payouts).to.deep.equal([
        payout(4, f.v1.address, { alphaPool: pay4 }),
        payout(5, f.v2.address, { alphaPool: pay5 - take5, alphaTake: take5 }),
      ]);
      const pool4Before = await f.staking.totalHotkeyAlpha(f.v1.address, netuid);
      const tx = f.settlement.settle(a.report);
      // Validator 4 (staked by its coldkey and a nominator): all of its pay raises the pool.
      await expect(tx).to.emit(f.staking, "HotkeysRewarded").withArgs(netuid, a.report.validatorPayouts);
      expect(await f.staking.totalHotkeyAlpha(f.v1.address, netuid)).to.equal(pool4Before + pay4);
      // Validator 5 has no stake: its pool reward (the pay after take) is staked for its owner, since a
      // pool without shares has no one to share it.
      await expect(tx)
        .to.emit(f.staking, "StakeCredited")
        .withArgs(f.v2.address, f.cv2.address, netuid, pay5 - take5);
      // Its owner keeps 1_000 / 65_535 of the pay as take: credited to its UID, not staked yet.
      expect(await f.settlement.stakeCredit(netuid, 5)).to.equal(take5);
      expect(await f.settlement.stakeCredit(netuid, 4), "no take for a zero-take validator").to.equal(0n);

      const claim = f.settlement.claimStakeCredits(netuid, [4, 5]);
      await expect(claim).to.emit(f.staking, "StakeCredited").withArgs(f.v2.address, f.cv2.address, netuid, take5);
      expect(await emitted(claim, f.settlement, "StakeCreditClaimed")).to.deep.equal([[BigInt(netuid), 5n, f.v2.address, take5]]);
      // Both stakes were first-staker or same-price mints (shares = α · 1e9): exact.
      expect(await f.staking.stakeOf(f.v2.address, f.cv2.address, netuid)).to.equal(pay5);
    });

    it("pays the owner cut and the validators' pool rewards, credits miners and takes to their UIDs; burns owner-owned incentive", async function () {
      const f = await loadFixture(dueFixture);
      const { netuid } = f.s;
      const S = f.buckets.server;
      const V = f.buckets.validator;
      const O = f.buckets.ownerCut;
      expect(f.buckets.root).to.equal(0n);
      // Miners: 5/10 to uid 1, 3/10 to uid 2, 1/10 to uid 3 (owner's coldkey), the rest to uid 0 (owner hotkey).
      const server = [0n, (S * 5n) / 10n, (S * 3n) / 10n, S / 10n, 0n, 0n];
      server[0] = S - sum(server);
      // Validators: dividends 2 : 1 (any scale: only the proportions count).
      const validator = [0n, 0n, 0n, 0n, 2_000n, 1_000n];
      const r = makeReport(netuid, f.due, f.rao, f.n, {
        serverEmission: server,
        validatorEmission: validator,
        emission: server.map((x, i) => x + validator[i]),
        validatorPermit: [true, false, false, false, true, true],
        incentive: [6553, 32767, 19660, 6553, 0, 0],
        dividends: [0, 0, 0, 0, 43690, 21845],
        ownerOwnedUids: OWNER_OWNED,
      });
      const { hash, report, payouts } = await accept(f, r);
      const alpha = await ethers.getContractAt("AlphaToken", await f.staking.alphaToken(netuid));
      const supplyBefore = await alpha.totalSupply();
      const ownerHotkey = f.s.ownerHotkey;
      const owner = await f.s.owner.getAddress();
      const v1Before = await f.staking.totalHotkeyAlpha(f.v1.address, netuid);
      const cv1Before = await f.staking.stakeOf(f.v1.address, f.cv1.address, netuid);
      const nominatorBefore = await f.staking.stakeOf(f.v1.address, f.nominator.address, netuid);
      const ownerBefore = await f.staking.stakeOf(ownerHotkey, owner, netuid);
      // Validator 4's pool as the reference models it: two stakes into a pool never rewarded, so each
      // holder has 1e9 shares per α rao and its stake is exactly what it put in.
      expect(cv1Before + nominatorBefore).to.equal(v1Before);
      const pool4 = new SharePoolModel();
      pool4.stake(f.cv1.address, cv1Before);
      pool4.stake(f.nominator.address, nominatorBefore);

      const pay4 = (V * 2_000n) / 3_000n;
      const pay5 = (V * 1_000n) / 3_000n;
      const take4 = (pay4 * OWNER_CUT) / U16_MAX; // the default delegate take is the same fraction
      const take5 = (pay5 * OWNER_CUT) / U16_MAX;
      const minersPaid = server[1] + server[2];
      const validatorsPaid = pay4 + pay5;
      const recycled = S + V - minersPaid - validatorsPaid;
      expect(payouts).to.deep.equal([
        payout(4, f.v1.address, { alphaPool: pay4 - take4, alphaTake: take4 }),
        payout(5, f.v2.address, { alphaPool: pay5 - take5, alphaTake: take5 }),
      ]);

      const tx = f.settlement.settle(report);
      await expect(tx)
        .to.emit(f.settlement, "EpochSettled")
        .withArgs(netuid, f.due, hash, minersPaid, validatorsPaid, O, recycled);
      await expect(tx)
        .to.emit(f.settlement, "MinerIncentiveBurned")
        .withArgs(netuid, 0, server[0])
        .and.to.emit(f.settlement, "MinerIncentiveBurned")
        .withArgs(netuid, 3, server[3]);
      // The pool rewards: validator 4's raises its pool; validator 5's pool has no shares (its take is no
      // longer staked first), so its reward is staked for its owner, the pool's first shares.
      await expect(tx).to.emit(f.staking, "HotkeysRewarded").withArgs(netuid, report.validatorPayouts);
      expect(await emitted(tx, f.staking, "HotkeyRewarded")).to.deep.equal([]);
      // Besides that, only the owner cut is staked at settlement; the miners' incentive and the takes are credits.
      expect(await emitted(tx, f.staking, "StakeCredited")).to.deep.equal([
        [ownerHotkey, owner, BigInt(netuid), O],
        [f.v2.address, f.cv2.address, BigInt(netuid), pay5 - take5],
      ]);
      const credits = [0n, server[1], server[2], 0n, take4, take5];
      expect(await f.settlement.stakeCredits(netuid)).to.deep.equal(credits);
      expect(await f.staking.heldStakeCredits(netuid)).to.equal(sum(credits));

      // Exactly what was paid or credited was minted (besides the α of the drain's TAO injection); the rest never exists.
      // Injected(netuid, taoIn, alphaIn).
      const injected = (await emitted(tx, f.staking, "Injected")).reduce((a, args) => a + (args[2] as bigint), 0n);
      expect((await alpha.totalSupply()) - supplyBefore - injected).to.equal(minersPaid + validatorsPaid + O);
      expect(await f.staking.stakeOf(f.m1.address, f.c1.address, netuid), "not staked before a claim").to.equal(0n);
      expect(await f.staking.stakeOf(f.m2.address, f.c2.address, netuid)).to.equal(0n);
      expect(await f.staking.stakeOf(f.ownerMiner.address, owner, netuid)).to.equal(0n);
      expect(await f.staking.stakeOf(ownerHotkey, owner, netuid)).to.equal(ownerBefore + O);
      // Validator 4's pool grows by its pay after take, shared pro rata by the shares held before.
      pool4.reward(pay4 - take4);
      expect(await f.staking.totalHotkeyAlpha(f.v1.address, netuid)).to.equal(pool4.value);
      expect(await f.staking.stakeOf(f.v1.address, f.nominator.address, netuid)).to.equal(pool4.stakeOf(f.nominator.address));
      expect(await f.staking.stakeOf(f.v1.address, f.cv1.address, netuid)).to.equal(pool4.stakeOf(f.cv1.address));
      expect(await f.coinbase.epochsSettled(netuid)).to.equal(1n);

      // The claim stakes each credit for the hotkey's owner: the take joins the pool at the new share
      // price, so it does not share this epoch's reward (subtensor stakes it first, and it would).
      await expect(f.settlement.claimStakeCredits(netuid, [0, 1, 2, 3, 4, 5]))
        .to.emit(f.staking, "StakeCredited")
        .withArgs(f.m1.address, f.c1.address, netuid, server[1])
        .and.to.emit(f.staking, "StakeCredited")
        .withArgs(f.m2.address, f.c2.address, netuid, server[2])
        .and.to.emit(f.staking, "StakeCredited")
        .withArgs(f.v1.address, f.cv1.address, netuid, take4)
        .and.to.emit(f.staking, "StakeCredited")
        .withArgs(f.v2.address, f.cv2.address, netuid, take5);
      expect(await f.staking.stakeOf(f.m1.address, f.c1.address, netuid)).to.equal(server[1]);
      expect(await f.staking.stakeOf(f.m2.address, f.c2.address, netuid)).to.equal(server[2]);
      expect(await f.staking.stakeOf(f.ownerMiner.address, owner, netuid)).to.equal(0n);
      pool4.stake(f.cv1.address, take4);
      expect(await f.staking.totalHotkeyAlpha(f.v1.address, netuid)).to.equal(pool4.value);
      expect(await f.staking.stakeOf(f.v1.address, f.cv1.address, netuid)).to.equal(pool4.stakeOf(f.cv1.address));
      expect(await f.staking.stakeOf(f.v1.address, f.nominator.address, netuid)).to.equal(pool4.stakeOf(f.nominator.address));
      expect(await f.staking.stakeOf(f.v2.address, f.cv2.address, netuid)).to.equal(pay5);
      expect(await f.staking.heldStakeCredits(netuid)).to.equal(0n);
    });

    it("stores the metagraph and the permits of the settled epoch", async function () {
      const f = await loadFixture(dueFixture);
      expect(await readMetagraph(f, f.s.netuid)).to.deep.equal({
        snapshotBlock: 0n,
        consensus: [],
        incentive: [],
        dividends: [],
        validatorTrust: [],
        stakeWeight: [],
        emission: [],
        active: [],
        validatorPermit: [],
        bondsCommitment: ethers.ZeroHash,
        columnsCommitment: ethers.ZeroHash,
      });
      expect(await f.settlement.validatorPermits(f.s.netuid)).to.deep.equal([]);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n, {
        consensus: [1, 2, 3, 4, 5, 65_535],
        incentive: [65_535, 0, 7, 8, 9, 10],
        dividends: [11, 12, 13, 14, 15, 16],
        validatorTrust: [17, 18, 19, 20, 21, 22],
        stakeWeight: [23, 24, 25, 26, 27, 28],
        emission: [2n ** 64n - 1n, 1n, 2n, 3n, 4n, 5n],
        active: [true, true, false, true, false, true],
        validatorPermit: [true, false, false, false, true, true],
      });
      const a = await accept(f, r);
      await f.settlement.settle(a.report);
      expect(await readMetagraph(f, f.s.netuid)).to.deep.equal(expectedMetagraph(r));
      expect(await f.settlement.validatorPermits(f.s.netuid)).to.deep.equal(r.validatorPermit);
      expect(await f.settlement.bondsCommitment(f.s.netuid)).to.equal(r.bondsCommitment);
    });

    it("when no miner earned, validators share the server bucket too (V_eff = V + S)", async function () {
      const f = await loadFixture(dueFixture);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n, { validatorEmission: [0n, 0n, 0n, 0n, 1n, 0n] });
      const { hash, report, payouts } = await accept(f, r);
      const pay = f.buckets.server + f.buckets.validator;
      const take = (pay * OWNER_CUT) / U16_MAX;
      expect(payouts).to.deep.equal([payout(4, f.v1.address, { alphaPool: pay - take, alphaTake: take })]);
      const poolBefore = await f.staking.totalHotkeyAlpha(f.v1.address, f.s.netuid);
      await expect(f.settlement.settle(report))
        .to.emit(f.settlement, "EpochSettled")
        .withArgs(f.s.netuid, f.due, hash, 0n, pay, f.buckets.ownerCut, 0n)
        .and.to.emit(f.staking, "HotkeysRewarded")
        .withArgs(f.s.netuid, report.validatorPayouts);
      expect(await f.staking.totalHotkeyAlpha(f.v1.address, f.s.netuid)).to.equal(poolBefore + pay - take);
      expect(await f.settlement.stakeCredits(f.s.netuid)).to.deep.equal([0n, 0n, 0n, 0n, take, 0n]);
    });

    it("splits each validator's dividends into α and root parts by stake composition (§2.7 step 3)", async function () {
      const f = await loadFixture(dueFixture);
      const { netuid } = f.s;
      const tau = 2n ** 63n; // τ = 1/2 of u64::MAX, a little over 0.5
      await (await f.staking.connect(f.deployer).setTaoWeight(tau)).wait();
      // v1 (uid 4) holds 150 TAO of α stake and gets 30 TAO of root stake; v2 (uid 5) holds only root stake.
      for (const [who, hotkey] of [
        [f.cv1, f.v1],
        [f.cv2, f.v2],
      ] as const) {
        await (await f.tao.connect(who).approve(f.addresses.Staking, tao(30))).wait();
        await (await f.staking.connect(who).addStake(hotkey.address, 0, tao(30))).wait();
      }
      const due = await f.coinbase.dueBlock(netuid);
      await mineTo(due);
      const buckets = await f.coinbase.pending(netuid);
      expect(buckets.root, "the Coinbase's root bucket is empty here").to.equal(0n);
      const rao = buckets.server + buckets.validator + buckets.root;
      // uid 1 (a miner's hotkey, no stake at all) has dividends too: its part is all α, and shares V_eff with
      // v1's α part, so v1's root part shows in both pays.
      const validator = [0n, 1_000n, 0n, 0n, 2_000n, 1_000n];
      const r = makeReport(netuid, due, rao, f.n, { validatorEmission: validator, emission: validator });
      const { hash, report, payouts } = await accept(f, r);
      const alpha1 = await f.staking.totalHotkeyAlpha(f.v1.address, netuid);
      expect(await f.settlement.stakeCredit(netuid, 4)).to.equal(0n); // else part of v1's α stake
      const root1 = (2_000n * tau * tao(30)) / (alpha1 * U64_MAX + tau * tao(30));
      expect(root1).to.be.greaterThan(0n);
      // v2 has no α stake: its dividends are all root, and the root bucket is empty, so it is paid nothing.
      const vEff = buckets.server + buckets.validator; // no miner earned
      const alphaSum = 2_000n - root1 + 1_000n;
      const pay4 = (vEff * (2_000n - root1)) / alphaSum;
      const pay1 = (vEff * 1_000n) / alphaSum;
      const [take4, take1] = [pay4, pay1].map((pay) => (pay * OWNER_CUT) / U16_MAX);
      expect(payouts).to.deep.equal([
        payout(1, f.m1.address, { alphaPool: pay1 - take1, alphaTake: take1 }),
        payout(4, f.v1.address, { alphaPool: pay4 - take4, alphaTake: take4 }),
      ]);
      expect(payouts).to.deep.equal(await referencePayouts(f, netuid, buckets, r.serverEmission, validator));

      const tx = f.settlement.settle(report);
      await expect(tx)
        .to.emit(f.settlement, "EpochSettled")
        .withArgs(netuid, due, hash, 0n, pay1 + pay4, buckets.ownerCut, rao - pay1 - pay4)
        .and.not.to.emit(f.settlement, "RootDividendsPaid");
      await expect(tx).to.emit(f.staking, "HotkeysRewarded").withArgs(netuid, report.validatorPayouts);
      // v1's pool grows by its pay after take; uid 1's pool has no shares: its pay is staked for its owner.
      expect(await f.staking.totalHotkeyAlpha(f.v1.address, netuid)).to.equal(alpha1 + pay4 - take4);
      expect(await emitted(tx, f.staking, "StakeCredited")).to.deep.equal([
        [f.s.ownerHotkey, await f.s.owner.getAddress(), BigInt(netuid), buckets.ownerCut],
        [f.m1.address, f.c1.address, BigInt(netuid), pay1 - take1],
      ]);
      expect(await f.settlement.stakeCredits(netuid)).to.deep.equal([0n, take1, 0n, 0n, take4, 0n]);
    });

    it("pays four times per UID when each is a miner and a validator with α and root stake (root bucket on)", async function () {
      const f = await loadFixture(rootFixture);
      const { netuid } = f.s;
      const { r, share } = rootReport(f);
      // The oracle's payouts are those of the spec's formulas on the chain's stakes and takes.
      const expected = await referencePayouts(f, netuid, f.buckets, r.serverEmission, r.validatorEmission);
      const { hash, report, payouts } = await accept(f, r);
      expect(payouts).to.deep.equal(expected);
      expect(payouts.map((p) => p.uid)).to.deep.equal([0, 1, 2, 3, 4, 5]);
      for (const p of payouts) {
        for (const lane of [p.alphaPool, p.alphaTake, p.rootPool, p.rootTake]) expect(lane, `uid ${p.uid}`).to.be.greaterThan(0n);
      }
      const alphaPaid = sum(payouts.map((p) => p.alphaPool + p.alphaTake));
      const rootPaid = sum(payouts.map((p) => p.rootPool + p.rootTake));
      expect(alphaPaid).to.be.within(f.buckets.validator - 6n, f.buckets.validator);
      expect(rootPaid).to.be.within(f.buckets.root - 6n, f.buckets.root);
      const minersPaid = 4n * share; // UIDs 0 and 3 are the owner's: burned
      const poolsBefore = await Promise.all(f.hotkeys.map((hotkey) => f.staking.totalHotkeyAlpha(hotkey, netuid)));
      const unclaimedBefore = await f.staking.unclaimedRootAlpha(netuid);

      // 1 owner cut and 6 pool rewards are paid, 6 root parts credited to the root stakers; 4 miners and
      // 6 × (α take, root take) are credited to the UIDs, several to one UID.
      const tx = f.settlement.settle(report);
      await expect(tx)
        .to.emit(f.settlement, "RootDividendsPaid")
        .withArgs(netuid, f.due, rootPaid)
        .and.to.emit(f.settlement, "EpochSettled")
        .withArgs(netuid, f.due, hash, minersPaid, alphaPaid, f.buckets.ownerCut, f.rao - minersPaid - alphaPaid - rootPaid);
      await expect(tx).to.emit(f.staking, "HotkeysRewarded").withArgs(netuid, report.validatorPayouts);
      expect(await emitted(tx, f.staking, "RootDividendsCredited")).to.deep.equal(payouts.map((p) => [p.hotkey, BigInt(netuid), p.rootPool]));
      expect(await f.staking.unclaimedRootAlpha(netuid)).to.equal(unclaimedBefore + sum(payouts.map((p) => p.rootPool)));
      for (const [uid, hotkey] of f.hotkeys.entries()) {
        const p = payouts[uid];
        // The owner hotkey's pool also takes the owner cut (staked to it, new shares).
        const ownerCut = uid === 0 ? f.buckets.ownerCut : 0n;
        expect(await f.staking.totalHotkeyAlpha(hotkey, netuid), `pool of uid ${uid}`).to.equal(poolsBefore[uid] + p.alphaPool + ownerCut);
        // The deployer is the hotkey's only root staker: it is owed the root part, less the per-share floor.
        expect(await f.staking.rootOwed(hotkey, f.deployer.address, netuid), `root owed on uid ${uid}`).to.be.within(p.rootPool - 1n, p.rootPool);
      }
      // Every UID holds its takes; the paid miners their incentive on top.
      const credits = payouts.map((p) => ([1, 2, 4, 5].includes(p.uid) ? share : 0n) + p.alphaTake + p.rootTake);
      expect(await f.settlement.stakeCredits(netuid)).to.deep.equal(credits);
      expect(await f.staking.heldStakeCredits(netuid)).to.equal(sum(credits));
    });

    it("recycles the root part of a hotkey left without root stake at settlement; its root take is still credited", async function () {
      const f = await loadFixture(rootFixture);
      const { netuid } = f.s;
      const { r, share } = rootReport(f);
      const { hash, report, payouts } = await accept(f, r);
      // After the snapshot, the deployer (v2's only root staker) unstakes: v2's root part has no one to go to.
      await (await f.staking.connect(f.deployer).removeStakeFull(f.v2.address, 0)).wait();
      expect(await f.staking.totalHotkeyAlpha(f.v2.address, 0)).to.equal(0n);
      const lost = payouts[5];
      expect(lost.uid).to.equal(5);
      expect(lost.rootPool).to.be.greaterThan(0n);
      const alphaPaid = sum(payouts.map((p) => p.alphaPool + p.alphaTake));
      const rootPaid = sum(payouts.map((p) => p.rootPool + p.rootTake)) - lost.rootPool;
      const minersPaid = 4n * share;
      const unclaimedBefore = await f.staking.unclaimedRootAlpha(netuid);

      const tx = f.settlement.settle(report);
      await expect(tx)
        .to.emit(f.settlement, "RootDividendsPaid")
        .withArgs(netuid, f.due, rootPaid)
        .and.to.emit(f.settlement, "EpochSettled")
        .withArgs(netuid, f.due, hash, minersPaid, alphaPaid, f.buckets.ownerCut, f.rao - minersPaid - alphaPaid - rootPaid);
      const credited = payouts.filter((p) => p.uid !== 5);
      expect(await emitted(tx, f.staking, "RootDividendsCredited")).to.deep.equal(credited.map((p) => [p.hotkey, BigInt(netuid), p.rootPool]));
      expect(await f.staking.unclaimedRootAlpha(netuid)).to.equal(unclaimedBefore + sum(credited.map((p) => p.rootPool)));
      expect(await f.staking.rootOwed(f.v2.address, f.deployer.address, netuid)).to.equal(0n);
      // The take of it is the owner's, not the root stakers': credited as usual.
      expect(await f.settlement.stakeCredit(netuid, 5)).to.equal(share + lost.alphaTake + lost.rootTake);
    });

    it("with no dividends, validators get nothing and their bucket is recycled", async function () {
      const f = await loadFixture(dueFixture);
      const server = [0n, f.buckets.server, 0n, 0n, 0n, 0n];
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n, { serverEmission: server });
      const { hash, report } = await accept(f, r);
      await expect(f.settlement.settle(report))
        .to.emit(f.settlement, "EpochSettled")
        .withArgs(f.s.netuid, f.due, hash, f.buckets.server, 0n, f.buckets.ownerCut, f.buckets.validator)
        .and.not.to.emit(f.staking, "HotkeysRewarded");
    });

    it("with nothing earned at all, only the owner cut is paid and the rest recycled", async function () {
      const f = await loadFixture(dueFixture);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n);
      const { hash, report } = await accept(f, r);
      await expect(f.settlement.settle(report))
        .to.emit(f.settlement, "EpochSettled")
        .withArgs(f.s.netuid, f.due, hash, 0n, 0n, f.buckets.ownerCut, f.rao);
    });

    it("recycles the rounding dust of the validator shares", async function () {
      const f = await loadFixture(dueFixture);
      // Three equal dividends: floor(V / 3) each; the remainder is dust.
      const validator = [1n, 0n, 0n, 0n, 1n, 1n];
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n, {
        serverEmission: [0n, f.buckets.server, 0n, 0n, 0n, 0n],
        validatorEmission: validator,
      });
      const { hash, report, payouts } = await accept(f, r);
      const each = f.buckets.validator / 3n;
      const dust = f.buckets.validator - 3n * each;
      expect(dust).to.be.greaterThan(0n);
      const take = (each * OWNER_CUT) / U16_MAX;
      const lanes = { alphaPool: each - take, alphaTake: take };
      expect(payouts).to.deep.equal([payout(0, f.s.ownerHotkey, lanes), payout(4, f.v1.address, lanes), payout(5, f.v2.address, lanes)]);
      await expect(f.settlement.settle(report))
        .to.emit(f.settlement, "EpochSettled")
        .withArgs(f.s.netuid, f.due, hash, f.buckets.server, 3n * each, f.buckets.ownerCut, dust)
        .and.to.emit(f.staking, "HotkeysRewarded")
        .withArgs(f.s.netuid, report.validatorPayouts);
      expect(await f.settlement.stakeCredits(f.s.netuid)).to.deep.equal([take, f.buckets.server, 0n, 0n, take, take]);
    });

    it("never pays more than it drained: V_eff is capped at raoEmission - Σ serverEmission", async function () {
      const f = await loadFixture(dueFixture);
      // Miners are reported 5 rao above the server bucket (a rounding excess); one validator takes the rest.
      const server = [0n, f.buckets.server + 5n, 0n, 0n, 0n, 0n];
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n, {
        serverEmission: server,
        validatorEmission: [0n, 0n, 0n, 0n, 1n, 0n],
      });
      const { hash, report, payouts } = await accept(f, r);
      const pay = f.buckets.validator - 5n;
      const take = (pay * OWNER_CUT) / U16_MAX;
      expect(payouts).to.deep.equal([payout(4, f.v1.address, { alphaPool: pay - take, alphaTake: take })]);
      const poolBefore = await f.staking.totalHotkeyAlpha(f.v1.address, f.s.netuid);
      await expect(f.settlement.settle(report))
        .to.emit(f.settlement, "EpochSettled")
        .withArgs(f.s.netuid, f.due, hash, f.buckets.server + 5n, pay, f.buckets.ownerCut, 0n);
      expect(await f.staking.totalHotkeyAlpha(f.v1.address, f.s.netuid)).to.equal(poolBefore + pay - take);
      expect(await f.settlement.stakeCredits(f.s.netuid)).to.deep.equal([0n, f.buckets.server + 5n, 0n, 0n, take, 0n]);
    });

    it("when incentives exist but every dividend is 0, miners may take the whole emission and no validator is paid (§2.7.2)", async function () {
      const f = await loadFixture(dueFixture);
      // Yuma normalises incentive + dividends together: with no dividends, serverEmission sums to raoEmission.
      const server = [0n, f.rao / 3n, 0n, 0n, 0n, 0n];
      server[2] = f.rao - server[1];
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n, { serverEmission: server });
      const { hash, report } = await accept(f, r);
      const tx = f.settlement.settle(report);
      await expect(tx).to.emit(f.settlement, "EpochSettled").withArgs(f.s.netuid, f.due, hash, f.rao, 0n, f.buckets.ownerCut, 0n);
      await expect(tx).to.not.emit(f.staking, "HotkeysRewarded");
      expect(await f.settlement.stakeCredits(f.s.netuid)).to.deep.equal(server);
      expect(await f.coinbase.minerBurned(f.s.netuid)).to.equal(0n);
      await f.settlement.claimStakeCredits(f.s.netuid, [1, 2]);
      expect(await f.staking.stakeOf(f.m1.address, f.c1.address, f.s.netuid)).to.equal(server[1]);
      expect(await f.staking.stakeOf(f.m2.address, f.c2.address, f.s.netuid)).to.equal(server[2]);
    });

    it("records MinerBurned = withheld / Σ serverEmission (2^-32 units) after accruing the settlement's block (§2.7.5)", async function () {
      const f = await loadFixture(dueFixture);
      const { netuid } = f.s;
      const S = f.buckets.server;
      // uid 0 (owner hotkey) and uid 3 (owner's coldkey) are withheld; uid 1 is paid.
      const server = [S / 7n, S / 2n, S / 5n, 0n, 0n, 0n];
      server[3] = S - sum(server);
      const r = makeReport(netuid, f.due, f.rao, f.n, { serverEmission: server, ownerOwnedUids: OWNER_OWNED });
      const { report } = await accept(f, r);
      const withheld = server[0] + server[3];
      const expected = (withheld * MINER_BURNED_ONE) / S;
      const tx = await f.settlement.settle(report);
      await expect(tx).to.emit(f.coinbase, "MinerBurnedSet").withArgs(netuid, expected);
      expect(await f.coinbase.minerBurned(netuid)).to.equal(expected);
      // The Coinbase accrued the block (in the drain) before the new weight was set.
      const names = (await tx.wait())!.logs
        .filter((log) => log.address === f.addresses.Coinbase)
        .map((log) => f.coinbase.interface.parseLog(log)!.name);
      expect(names).to.deep.equal(["SubnetAccrued", "PendingDrained", "MinerBurnedSet", "UndistributedRecorded"]);

      // The next epoch pays no miner: MinerBurned goes back to 0.
      const due = await f.coinbase.dueBlock(netuid);
      await mineTo(due);
      const b = await f.coinbase.pending(netuid);
      const next = makeReport(netuid, due, b.server + b.validator + b.root, f.n, { validatorEmission: [0n, 0n, 0n, 0n, 1n, 0n] });
      const { report: nextReport } = await accept(f, next);
      await expect(f.settlement.settle(nextReport)).to.emit(f.coinbase, "MinerBurnedSet").withArgs(netuid, 0n);
      expect(await f.coinbase.minerBurned(netuid)).to.equal(0n);
    });

    it("records MinerBurned = 1 when every miner is the owner's", async function () {
      const f = await loadFixture(dueFixture);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n, {
        serverEmission: [f.buckets.server - 9n, 0n, 0n, 9n, 0n, 0n],
        ownerOwnedUids: OWNER_OWNED,
      });
      const { hash, report } = await accept(f, r);
      await expect(f.settlement.settle(report))
        .to.emit(f.coinbase, "MinerBurnedSet")
        .withArgs(f.s.netuid, MINER_BURNED_ONE)
        .and.to.emit(f.settlement, "EpochSettled")
        .withArgs(f.s.netuid, f.due, hash, 0n, 0n, f.buckets.ownerCut, f.rao);
      expect(await f.settlement.stakeCredits(f.s.netuid)).to.deep.equal(new Array<bigint>(f.n).fill(0n));
      expect(await f.staking.heldStakeCredits(f.s.netuid)).to.equal(0n);
    });

    it("burns the incentive of exactly the UIDs the report marks, whoever owns their hotkeys", async function () {
      const f = await loadFixture(dueFixture);
      // The mask is the oracle's reading at the snapshot block: the settlement does not look the owners up.
      // Marking uid 1 (another coldkey's miner) burns it; unmarked uid 3 (the owner's) is credited.
      const S = f.buckets.server;
      const server = [0n, S / 2n, 0n, S - S / 2n, 0n, 0n];
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n, { serverEmission: server, ownerOwnedUids: 1n << 1n });
      const { hash, report } = await accept(f, r);
      const tx = f.settlement.settle(report);
      await expect(tx)
        .to.emit(f.settlement, "MinerIncentiveBurned")
        .withArgs(f.s.netuid, 1, server[1])
        .and.to.emit(f.settlement, "EpochSettled")
        .withArgs(f.s.netuid, f.due, hash, server[3], 0n, f.buckets.ownerCut, f.rao - server[3]);
      expect(await emitted(tx, f.settlement, "MinerIncentiveBurned")).to.have.length(1);
      expect(await f.settlement.stakeCredits(f.s.netuid)).to.deep.equal([0n, 0n, 0n, server[3], 0n, 0n]);
      expect(await f.coinbase.minerBurned(f.s.netuid)).to.equal((server[1] * MINER_BURNED_ONE) / S);
    });

    it("settles the next epoch at its own due block and overwrites the metagraph", async function () {
      const f = await loadFixture(dueFixture);
      const first = makeReport(f.s.netuid, f.due, f.rao, f.n, { active: new Array<boolean>(f.n).fill(true) });
      await f.settlement.settle((await accept(f, first)).report);
      const tempo = BigInt((await f.registry.hyperparameters(f.s.netuid)).tempo);
      const next = await f.coinbase.dueBlock(f.s.netuid);
      expect(next).to.equal(f.due + tempo);
      await mineTo(next);
      const p = await f.coinbase.pending(f.s.netuid);
      const second = makeReport(f.s.netuid, next, p.server + p.validator + p.root, f.n, { consensus: [9, 9, 9, 9, 9, 9] });
      await f.settlement.settle((await accept(f, second)).report);
      expect(await readMetagraph(f, f.s.netuid)).to.deep.equal(expectedMetagraph(second));
      expect(await f.coinbase.epochsSettled(f.s.netuid)).to.equal(2n);
    });

    it("anyone may submit the accepted report", async function () {
      const f = await loadFixture(dueFixture);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n);
      const { report } = await accept(f, r);
      await expect(f.settlement.connect(f.stranger).settle(report)).to.emit(f.settlement, "EpochSettled");
    });
  });

  describe("settle: rejections", function () {
    it("reverts with SettlementNotAttested when the report's hash is not the accepted one", async function () {
      const f = await loadFixture(dueFixture);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n);
      await expect(f.settlement.settle(pack(r))).to.be.revertedWithCustomError(f.settlement, "SettlementNotAttested").withArgs(hashReport(r));
      const { report } = await accept(f, r);
      const tampered = { ...r, bondsCommitment: ethers.id("tampered") };
      await expect(f.settlement.settle(pack(tampered)))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNotAttested")
        .withArgs(hashReport(tampered));
      // The payouts are part of the attested report too.
      const paid = { ...report, validatorPayouts: packPayouts([payout(4, f.v1.address, { alphaPool: 1n })]) };
      await expect(f.settlement.settle(paid)).to.be.revertedWithCustomError(f.settlement, "SettlementNotAttested").withArgs(hashPacked(paid));
    });

    /** Oracle o1 attests a packed report as it is (possibly malformed), for `settle` to reject. */
    async function attestPacked(f: Fixture, packed: IEpochSettlement.EpochReportStruct): Promise<void> {
      await (await f.settlement.connect(f.o1).attest(f.s.netuid, f.due, hashPacked(packed))).wait();
    }

    it("rejects with SettlementBadReport(length) when a packed column has a word too many or too few, or validatorPayouts an odd count", async function () {
      type Field = "metagraph" | "serverEmission" | "validatorPayouts";
      const cases: Array<[Field, string, (words: bigint[], entry: bigint[]) => bigint[]]> = [
        ["metagraph", "-1 word", (words) => words.slice(0, -1)],
        ["metagraph", "+1 word", (words) => [...words, 0n]],
        ["serverEmission", "-1 word", (words) => words.slice(0, -1)],
        ["serverEmission", "+1 word", (words) => [...words, 0n]],
        // Two words a payout: half of one, or one and a half.
        ["validatorPayouts", "1 word", (_words, entry) => entry.slice(0, 1)],
        ["validatorPayouts", "3 words", (_words, entry) => [...entry, entry[0]]],
      ];
      for (const [field, label, edit] of cases) {
        const f = await loadFixture(dueFixture);
        const packed = pack(makeReport(f.s.netuid, f.due, f.rao, f.n));
        const entry = packPayouts([payout(4, f.v1.address, { alphaPool: 1n })]);
        const bad = { ...packed, [field]: edit([...(packed[field] as bigint[])], entry) };
        await attestPacked(f, bad);
        await expectRejected(f, f.settlement.settle(bad), "length", `${field} ${label}`);
      }
    });

    it("rejects with SettlementBadReport(padding) for a set lane past n in any column", async function () {
      // n = 6: each u16, u8 and flag column is one word, the u64 columns two (UIDs 4 and 5 in lanes 0, 1 of
      // the second); the first lane past n is bit 16·6 of a u16 word, 64·2 of the last u64 word, 8·6 of the u8
      // word, 6 of a flag word.
      // validatorPayouts has no padding: its entries name their UIDs (SettlementBadReport("validatorPayouts")).
      const cases: Array<[string, "metagraph" | "serverEmission", number, bigint]> = [
        ...[0, 1, 2, 3, 4].map((c): [string, "metagraph", number, bigint] => [`u16 column ${c}`, "metagraph", c, 1n << 96n]),
        ["emission", "metagraph", 6, 1n << 128n],
        ["emissionRank", "metagraph", 7, 1n << 48n],
        ["active", "metagraph", 8, 1n << 6n],
        ["validatorPermit", "metagraph", 9, 1n << 6n],
        ["serverEmission", "serverEmission", 1, 1n << 128n],
      ];
      for (const [label, field, word, bit] of cases) {
        const f = await loadFixture(dueFixture);
        expect(f.n).to.equal(6);
        const packed = pack(makeReport(f.s.netuid, f.due, f.rao, f.n));
        const words = [...(packed[field] as bigint[])];
        words[word] |= bit;
        const bad = { ...packed, [field]: words };
        await attestPacked(f, bad);
        await expectRejected(f, f.settlement.settle(bad), "padding", label);
      }
    });

    it("rejects with SettlementBadReport(validatorPayouts) for UIDs not strictly ascending, at or past n, or an entry paying nothing", async function () {
      // One encoding per result: each validator once, in UID order, and only those paid something.
      const cases: Array<[string, (f: Fixture) => bigint[]]> = [
        ["the same UID twice", (f) => packPayouts([payout(4, f.v1.address, { alphaPool: 1n }), payout(4, f.v1.address, { alphaTake: 1n })])],
        ["descending UIDs", (f) => packPayouts([payout(5, f.v2.address, { alphaPool: 1n }), payout(4, f.v1.address, { alphaPool: 1n })])],
        ["UID n", (f) => packPayouts([payout(6, f.v1.address, { alphaPool: 1n })])],
        [
          "UID 65_535 after a valid entry",
          (f) => packPayouts([payout(4, f.v1.address, { alphaPool: 1n }), payout(65_535, f.v2.address, { alphaPool: 1n })]),
        ],
        // A bit above the UID's 16 bits makes it a UID past n.
        ["a bit above the UID", (f) => [BigInt(f.v1.address) | (4n << 160n) | (1n << 176n), 1n]],
        ["an all-zero amounts word", (f) => packPayouts([payout(4, f.v1.address), payout(5, f.v2.address, { alphaPool: 1n })])],
      ];
      for (const [label, words] of cases) {
        const f = await loadFixture(dueFixture);
        const bad = { ...pack(makeReport(f.s.netuid, f.due, f.rao, f.n)), validatorPayouts: words(f) };
        await attestPacked(f, bad);
        await expectRejected(f, f.settlement.settle(bad), "validatorPayouts", label);
      }
      // Ascending UIDs below n, each paying something in any lane, settle.
      const f = await loadFixture(dueFixture);
      const good = [
        payout(0, f.s.ownerHotkey, { alphaPool: 1n }),
        payout(4, f.v1.address, { alphaTake: 1n }),
        payout(5, f.v2.address, { alphaPool: 2n }),
      ];
      const { report } = await accept(f, makeReport(f.s.netuid, f.due, f.rao, f.n, { validatorEmission: [1n, 0n, 0n, 0n, 1n, 1n] }), good);
      await expect(f.settlement.settle(report)).to.emit(f.settlement, "EpochSettled");
      expect(await f.settlement.stakeCredits(f.s.netuid)).to.deep.equal([0n, 0n, 0n, 0n, 1n, 0n]);
    });

    it("rejects with SettlementBadReport(dividends) when the α parts exceed V_eff or the root parts the root bucket, by 1 rao", async function () {
      // No root bucket and no miner: V_eff = S + V, the root parts may take nothing.
      const vEffCases: Array<[string, (f: Due) => ValidatorPayout[]]> = [
        ["α parts V_eff + 1", (f) => [payout(4, f.v1.address, { alphaPool: f.buckets.server + f.buckets.validator - 1n, alphaTake: 2n })]],
        ["a root take with no root bucket", (f) => [payout(4, f.v1.address, { rootTake: 1n })]],
      ];
      for (const [label, payouts] of vEffCases) {
        const f = await loadFixture(dueFixture);
        expect(f.buckets.root).to.equal(0n);
        const { report } = await accept(f, makeReport(f.s.netuid, f.due, f.rao, f.n, { validatorEmission: [0n, 0n, 0n, 0n, 1n, 0n] }), payouts(f));
        await expectRejected(f, f.settlement.settle(report), "dividends", label);
      }
      // With a root bucket and miners paid: V_eff = V (what the miners left, less the root bucket, caps
      // nothing here). The oracle's payouts, raised to the caps exactly, settle; 1 rao more does not.
      for (const [alphaExcess, rootExcess] of [
        [1n, 0n],
        [0n, 1n],
        [0n, 0n],
      ]) {
        const f = await loadFixture(rootFixture);
        const { r, share } = rootReport(f);
        const payouts = await payoutsNow(f, f.s.netuid, f.buckets, r);
        const alphaLeft = f.buckets.validator - sum(payouts.map((p) => p.alphaPool + p.alphaTake));
        const rootLeft = f.buckets.root - sum(payouts.map((p) => p.rootPool + p.rootTake));
        const [first, ...rest] = payouts;
        const raised = [
          { ...first, alphaPool: first.alphaPool + alphaLeft + alphaExcess, rootPool: first.rootPool + rootLeft + rootExcess },
          ...rest,
        ];
        const { hash, report } = await accept(f, r, raised);
        const tx = f.settlement.settle(report);
        if (alphaExcess + rootExcess === 0n) {
          // Everything drained is paid but the burned incentive (UIDs 0 and 3) and the miners' rounding.
          await expect(tx)
            .to.emit(f.settlement, "EpochSettled")
            .withArgs(f.s.netuid, f.due, hash, 4n * share, f.buckets.validator, f.buckets.ownerCut, f.buckets.server - 4n * share);
        } else {
          await expectRejected(f, tx, "dividends", `α +${alphaExcess}, root +${rootExcess}`);
        }
      }
    });

    it("rejects with SettlementBadReport(dividends) when the α parts exceed what the miners' emission left", async function () {
      // Miners are reported 5 rao above the server bucket: V_eff = V - 5, so the uncapped V is rejected.
      const f = await loadFixture(dueFixture);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n, {
        serverEmission: [0n, f.buckets.server + 5n, 0n, 0n, 0n, 0n],
        validatorEmission: [0n, 0n, 0n, 0n, 1n, 0n],
      });
      const { report } = await accept(f, r, [payout(4, f.v1.address, { alphaPool: f.buckets.validator - 4n })]);
      await expectRejected(f, f.settlement.settle(report), "dividends");
    });

    it("keeps an attested report settleable: no UID can register between snapshot and settlement", async function () {
      const f = await loadFixture(dueFixture);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n);
      const { report } = await accept(f, r);
      await expect(registerNeuron(f, f.s.netuid, f.c1, (await fundedWallet(f)).address))
        .to.be.revertedWithCustomError(f.registry, "RegistryEpochPending")
        .withArgs(f.s.netuid, f.due);
      await expect(f.settlement.settle(report)).to.emit(f.settlement, "EpochSettled");
      // Settled: registration is open again.
      await registerNeuron(f, f.s.netuid, f.c1, (await fundedWallet(f)).address);
    });

    it("rejects with SettlementBadReport(raoEmission) unless raoEmission is the drained server + validator + root", async function () {
      for (const delta of [-1n, 1n]) {
        const f = await loadFixture(dueFixture);
        const r = makeReport(f.s.netuid, f.due, f.rao + delta, f.n);
        const { report } = await accept(f, r);
        await expectRejected(f, f.settlement.settle(report), "raoEmission");
      }
    });

    it("rejects with SettlementBadReport(emission) when Σ serverEmission exceeds raoEmission", async function () {
      const f = await loadFixture(dueFixture);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n, { serverEmission: [0n, f.rao, 1n, 0n, 0n, 0n] });
      const { report } = await accept(f, r);
      await expectRejected(f, f.settlement.settle(report), "emission");
    });

    it("rejects with SettlementBadReport(ownerOwnedUids) for a mask bit at or past n, and settles with bit n - 1", async function () {
      for (const bit of [6n, 255n]) {
        const f = await loadFixture(dueFixture); // one attestation per node and epoch: a fresh epoch each
        const r = makeReport(f.s.netuid, f.due, f.rao, f.n, { ownerOwnedUids: 1n << bit });
        const { report } = await accept(f, r);
        await expectRejected(f, f.settlement.settle(report), "ownerOwnedUids", `bit ${bit}`);
      }
      const f = await loadFixture(dueFixture);
      expect(f.n).to.equal(6);
      const last = makeReport(f.s.netuid, f.due, f.rao, f.n, { ownerOwnedUids: 1n << 5n });
      await expect(f.settlement.settle((await accept(f, last)).report)).to.emit(f.settlement, "EpochSettled");
    });

    it("cannot settle an epoch twice: the snapshot is no longer the due block (SettlementNotDue)", async function () {
      const f = await loadFixture(dueFixture);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n);
      const { report } = await accept(f, r);
      await f.settlement.settle(report);
      const next = await f.coinbase.dueBlock(f.s.netuid);
      await expect(f.settlement.settle(report))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNotDue")
        .withArgs(f.s.netuid, f.due, next);
    });

    it("keeps an accepted report settleable: the tempo cannot move the due block while it is pending", async function () {
      const f = await loadFixture(dueFixture);
      const r = makeReport(f.s.netuid, f.due, f.rao, f.n);
      const { report } = await accept(f, r);
      const tempo = Number(f.due - (await f.registry.subnet(f.s.netuid)).startBlock);
      await expect(setTempo(f, f.s.netuid, tempo + 100))
        .to.be.revertedWithCustomError(f.registry, "RegistryEpochPending")
        .withArgs(f.s.netuid, f.due);
      await expect(f.settlement.settle(report)).to.emit(f.settlement, "EpochSettled");
    });
  });

  describe("stake credits", function () {
    /**
     * A report shaped like the fixture's usual epoch: the miner incentive 1/10 to uid 0 (owner hotkey) and the
     * rest of 1/10 to uid 3 (owner's coldkey), both burned, 5/10 to uid 1 and 3/10 to uid 2; dividends 2 : 1
     * to validators 4 and 5 (no root stake anywhere, so all α). With the expected per-UID credits: the two
     * paid miners' incentive and the two validators' takes at the default delegate take.
     */
    function creditReport(f: Fixture, snapshotBlock: bigint, b: { server: bigint; validator: bigint; root: bigint }) {
      const S = b.server;
      const server = [S / 10n, S / 2n, (S * 3n) / 10n, 0n, 0n, 0n];
      server[3] = S - sum(server);
      const validator = [0n, 0n, 0n, 0n, 2_000n, 1_000n];
      const report = makeReport(f.s.netuid, snapshotBlock, b.server + b.validator + b.root, f.n, {
        serverEmission: server,
        validatorEmission: validator,
        emission: server.map((x, i) => x + validator[i]),
        validatorPermit: [true, false, false, false, true, true],
        ownerOwnedUids: OWNER_OWNED,
      });
      // V_eff = V: the root bucket is empty, so raoEmission - Σ serverEmission caps nothing.
      const pay4 = (b.validator * 2_000n) / 3_000n;
      const pay5 = (b.validator * 1_000n) / 3_000n;
      const take4 = (pay4 * OWNER_CUT) / U16_MAX;
      const take5 = (pay5 * OWNER_CUT) / U16_MAX;
      const credits = [0n, server[1], server[2], 0n, take4, take5];
      return { report, server, pay4, pay5, take4, take5, credits };
    }

    /** Settles the epoch due now with {creditReport}. */
    async function settleCredits(f: Fixture) {
      const due = await f.coinbase.dueBlock(f.s.netuid);
      await mineTo(due);
      const b = await f.coinbase.pending(f.s.netuid);
      expect(b.root, "no root bucket").to.equal(0n);
      const c = creditReport(f, due, b);
      const { report, payouts } = await accept(f, c.report);
      // The oracle pays each validator its share of V at the default take: no root stake anywhere, all α.
      expect(payouts).to.deep.equal([
        payout(4, f.v1.address, { alphaPool: c.pay4 - c.take4, alphaTake: c.take4 }),
        payout(5, f.v2.address, { alphaPool: c.pay5 - c.take5, alphaTake: c.take5 }),
      ]);
      const tx = await f.settlement.settle(report);
      return { ...c, buckets: b, tx };
    }

    /** The fixture after one settled {creditReport} epoch, nothing claimed; with validator 4's stakes before it. */
    async function creditedFixture() {
      const f = await subnetFixture();
      const cv1Before = await f.staking.stakeOf(f.v1.address, f.cv1.address, f.s.netuid);
      const nominatorBefore = await f.staking.stakeOf(f.v1.address, f.nominator.address, f.s.netuid);
      const settled = await settleCredits(f);
      const alpha = await ethers.getContractAt("AlphaToken", await f.staking.alphaToken(f.s.netuid));
      return { ...f, ...settled, alpha, cv1Before, nominatorBefore };
    }

    type Credited = Awaited<ReturnType<typeof creditedFixture>>;

    /** Validator 4's share pool after the fixture's epoch: its two stakes (1e9 shares per α rao), then the reward. */
    function pool4(f: Credited): SharePoolModel {
      const pool = new SharePoolModel();
      pool.stake(f.cv1.address, f.cv1Before);
      pool.stake(f.nominator.address, f.nominatorBefore);
      pool.reward(f.pay4 - f.take4);
      return pool;
    }

    it("the settlement mints the credited α with the payments; Staking holds it until claimed", async function () {
      const f = await loadFixture(subnetFixture);
      const { netuid } = f.s;
      const alpha = await ethers.getContractAt("AlphaToken", await f.staking.alphaToken(netuid));
      const supplyBefore = await alpha.totalSupply();
      const stakingBefore = await alpha.balanceOf(f.addresses.Staking);
      const { tx, buckets, pay4, pay5, take4, take5, credits } = await settleCredits(f);
      const credited = sum(credits);
      // Injected(netuid, taoIn, alphaIn): the drain's reserve α, minted before the payments.
      const injected = (await emitted(tx, f.staking, "Injected")).reduce((a, args) => a + (args[2] as bigint), 0n);
      const paid = buckets.ownerCut + (pay4 - take4) + (pay5 - take5); // owner cut + pool rewards
      expect((await alpha.totalSupply()) - supplyBefore - injected).to.equal(paid + credited);
      expect((await alpha.balanceOf(f.addresses.Staking)) - stakingBefore - injected).to.equal(paid + credited);
      expect(await f.staking.heldStakeCredits(netuid)).to.equal(credited);
    });

    it("stakeCredits is stakeCredit of each UID 0..n-1; 0 at or beyond n, empty for an unknown subnet", async function () {
      const f = await loadFixture(creditedFixture);
      const { netuid } = f.s;
      const check = async () => {
        const column = await f.settlement.stakeCredits(netuid);
        expect(column).to.have.length(f.n);
        for (let uid = 0; uid < f.n; uid++) expect(column[uid], `uid ${uid}`).to.equal(await f.settlement.stakeCredit(netuid, uid));
        return [...column];
      };
      expect(await check()).to.deep.equal(f.credits);
      // After a partial claim, the claimed UIDs read 0 and the others are unchanged.
      await f.settlement.claimStakeCredits(netuid, [1, 4]);
      expect(await check()).to.deep.equal([0n, 0n, f.credits[2], 0n, 0n, f.credits[5]]);
      expect(await f.settlement.stakeCredit(netuid, 6)).to.equal(0n);
      expect(await f.settlement.stakeCredit(netuid, 65_535)).to.equal(0n);
      expect(await f.settlement.stakeCredits(77)).to.deep.equal([]);
    });

    it("claimStakeCredits stakes exactly each credit for (its hotkey, the hotkey's owner) and zeroes it", async function () {
      const f = await loadFixture(creditedFixture);
      const { netuid } = f.s;
      const uids = [0, 1, 2, 3, 4, 5];
      const total = sum(f.credits);
      expect(await f.staking.heldStakeCredits(netuid)).to.equal(total);
      const v1Pool = pool4(f);
      expect(await f.staking.stakeOf(f.v1.address, f.cv1.address, netuid)).to.equal(v1Pool.stakeOf(f.cv1.address));
      // Validator 5 had no stake: its pool reward was staked for its owner (the first shares).
      const cv2Before = await f.staking.stakeOf(f.v2.address, f.cv2.address, netuid);
      expect(cv2Before).to.equal(f.pay5 - f.take5);
      const supplyBefore = await f.alpha.totalSupply();
      const stakingBefore = await f.alpha.balanceOf(f.addresses.Staking);

      expect(await f.settlement.claimStakeCredits.staticCall(netuid, uids)).to.equal(total);
      const tx = f.settlement.claimStakeCredits(netuid, uids);
      // One claim per credited UID, in the order listed; the burned UIDs 0 and 3 have nothing.
      expect(await emitted(tx, f.settlement, "StakeCreditClaimed")).to.deep.equal([
        [BigInt(netuid), 1n, f.m1.address, f.credits[1]],
        [BigInt(netuid), 2n, f.m2.address, f.credits[2]],
        [BigInt(netuid), 4n, f.v1.address, f.credits[4]],
        [BigInt(netuid), 5n, f.v2.address, f.credits[5]],
      ]);
      expect(await emitted(tx, f.staking, "StakeCredited")).to.deep.equal([
        [f.m1.address, f.c1.address, BigInt(netuid), f.credits[1]],
        [f.m2.address, f.c2.address, BigInt(netuid), f.credits[2]],
        [f.v1.address, f.cv1.address, BigInt(netuid), f.credits[4]],
        [f.v2.address, f.cv2.address, BigInt(netuid), f.credits[5]],
      ]);
      expect(await emitted(tx, f.staking, "HotkeyRewarded")).to.deep.equal([]);
      expect(await emitted(tx, f.staking, "HotkeysRewarded")).to.deep.equal([]);

      // New positions hold exactly the credit; existing pools take it at their share price.
      expect(await f.staking.stakeOf(f.m1.address, f.c1.address, netuid)).to.equal(f.credits[1]);
      expect(await f.staking.stakeOf(f.m2.address, f.c2.address, netuid)).to.equal(f.credits[2]);
      v1Pool.stake(f.cv1.address, f.take4);
      expect(await f.staking.totalHotkeyAlpha(f.v1.address, netuid)).to.equal(v1Pool.value);
      expect(await f.staking.stakeOf(f.v1.address, f.cv1.address, netuid)).to.equal(v1Pool.stakeOf(f.cv1.address));
      expect(await f.staking.stakeOf(f.v1.address, f.nominator.address, netuid)).to.equal(v1Pool.stakeOf(f.nominator.address));
      expect(await f.staking.stakeOf(f.v2.address, f.cv2.address, netuid)).to.equal(cv2Before + f.take5);
      // Nothing owed any more; the held α became stake: none minted, none left the Staking contract.
      expect(await f.settlement.stakeCredits(netuid)).to.deep.equal(new Array<bigint>(f.n).fill(0n));
      expect(await f.staking.heldStakeCredits(netuid)).to.equal(0n);
      expect(await f.alpha.totalSupply()).to.equal(supplyBefore);
      expect(await f.alpha.balanceOf(f.addresses.Staking)).to.equal(stakingBefore);
    });

    it("skips UIDs with no credit and UIDs listed twice", async function () {
      const f = await loadFixture(creditedFixture);
      const { netuid } = f.s;
      const held = await f.staking.heldStakeCredits(netuid);
      const tx = f.settlement.claimStakeCredits(netuid, [1, 0, 1, 3, 1]);
      expect(await emitted(tx, f.settlement, "StakeCreditClaimed")).to.deep.equal([[BigInt(netuid), 1n, f.m1.address, f.credits[1]]]);
      expect(await emitted(tx, f.staking, "StakeCredited")).to.deep.equal([[f.m1.address, f.c1.address, BigInt(netuid), f.credits[1]]]);
      expect(await f.staking.stakeOf(f.m1.address, f.c1.address, netuid)).to.equal(f.credits[1]);
      expect(await f.staking.heldStakeCredits(netuid)).to.equal(held - f.credits[1]);

      // Nothing left to claim on these: 0, no event, nothing staked.
      for (const uids of [[0, 3, 1], []]) {
        expect(await f.settlement.claimStakeCredits.staticCall(netuid, uids), `[${uids.join(", ")}]`).to.equal(0n);
        await expect(f.settlement.claimStakeCredits(netuid, uids))
          .to.not.emit(f.settlement, "StakeCreditClaimed")
          .and.not.to.emit(f.staking, "StakeCredited");
      }
      expect(await f.staking.stakeOf(f.m1.address, f.c1.address, netuid)).to.equal(f.credits[1]);
      expect(await f.staking.heldStakeCredits(netuid)).to.equal(held - f.credits[1]);
    });

    it("reverts with SettlementUnknownUid for a uid at or above the registry's n, claiming nothing", async function () {
      const f = await loadFixture(creditedFixture);
      const { netuid } = f.s;
      for (const uid of [6, 255, 65_535]) {
        await expect(f.settlement.claimStakeCredits(netuid, [1, uid]))
          .to.be.revertedWithCustomError(f.settlement, "SettlementUnknownUid")
          .withArgs(netuid, uid);
      }
      expect(await f.settlement.stakeCredit(netuid, 1), "uid 1 still owed").to.equal(f.credits[1]);
      // A subnet that does not exist has no UIDs.
      await expect(f.settlement.claimStakeCredits(77, [0]))
        .to.be.revertedWithCustomError(f.settlement, "SettlementUnknownUid")
        .withArgs(77, 0);
      // n is the registry's current one: a UID registered since the settlement is claimable, with nothing owed.
      expect(await registerNeuron(f, netuid, f.c1, (await fundedWallet(f)).address)).to.equal(6);
      expect(await f.settlement.claimStakeCredits.staticCall(netuid, [6])).to.equal(0n);
    });

    it("anyone may claim: the stake goes to the UID's hotkey owner, never to the caller", async function () {
      const f = await loadFixture(creditedFixture);
      const { netuid } = f.s;
      await expect(f.settlement.connect(f.stranger).claimStakeCredits(netuid, [4]))
        .to.emit(f.settlement, "StakeCreditClaimed")
        .withArgs(netuid, 4, f.v1.address, f.take4)
        .and.to.emit(f.staking, "StakeCredited")
        .withArgs(f.v1.address, f.cv1.address, netuid, f.take4);
      expect(await f.staking.stakeOf(f.v1.address, f.stranger.address, netuid)).to.equal(0n);
      const v1Pool = pool4(f);
      v1Pool.stake(f.cv1.address, f.take4);
      expect(await f.staking.stakeOf(f.v1.address, f.cv1.address, netuid)).to.equal(v1Pool.stakeOf(f.cv1.address));
      expect(await f.settlement.stakeCredit(netuid, 4)).to.equal(0n);
    });

    it("credits accumulate across settled epochs until claimed; a claimed UID is credited afresh", async function () {
      const f = await loadFixture(creditedFixture);
      const { netuid } = f.s;
      const first = f.credits;
      const second = (await settleCredits(f)).credits;
      const both = first.map((x, i) => x + second[i]);
      expect(await f.settlement.stakeCredits(netuid)).to.deep.equal(both);
      expect(await f.staking.heldStakeCredits(netuid)).to.equal(sum(both));

      await expect(f.settlement.claimStakeCredits(netuid, [1]))
        .to.emit(f.staking, "StakeCredited")
        .withArgs(f.m1.address, f.c1.address, netuid, both[1]);
      expect(await f.staking.stakeOf(f.m1.address, f.c1.address, netuid)).to.equal(both[1]);

      // The third epoch's credit of uid 1 is all it is owed; the others still hold all three.
      const third = (await settleCredits(f)).credits;
      const owed = both.map((x, i) => (i === 1 ? 0n : x) + third[i]);
      expect(await f.settlement.stakeCredits(netuid)).to.deep.equal(owed);
      expect(await f.staking.heldStakeCredits(netuid)).to.equal(sum(owed));
      expect(await f.settlement.claimStakeCredits.staticCall(netuid, [0, 1, 2, 3, 4, 5])).to.equal(sum(owed));
      await f.settlement.claimStakeCredits(netuid, [1, 2]);
      expect(await f.staking.stakeOf(f.m1.address, f.c1.address, netuid)).to.equal(both[1] + third[1]);
      expect(await f.staking.stakeOf(f.m2.address, f.c2.address, netuid)).to.equal(owed[2]);
    });

    it("a replaced UID's credit is staked to its old hotkey's owner; the newcomer inherits none", async function () {
      const f = await loadFixture(creditedFixture);
      const { netuid } = f.s;
      // Full at 6 UIDs: the next registration replaces the lowest-emission UID, validator 5 (1_000).
      const params = plainHyperparameters(await f.registry.hyperparameters(netuid));
      await (await f.registry.connect(f.deployer).setHyperparameters(netuid, { ...params, maxAllowedUids: 6, maxAllowedValidators: 6 })).wait();
      expect([...(await f.registry.neuronToPrune(netuid))]).to.deep.equal([true, 5n]);
      const cv2Before = await f.staking.stakeOf(f.v2.address, f.cv2.address, netuid);
      const held = await f.staking.heldStakeCredits(netuid);
      expect(f.credits[5]).to.be.greaterThan(0n);

      const newcomer = (await fundedWallet(f)).address;
      const price = await f.registry.burn(netuid);
      await (await f.tao.connect(f.c1).approve(f.addresses.SubnetRegistry, price)).wait();
      const tx = f.registry.connect(f.c1).burnedRegister(netuid, newcomer, price);
      await expect(tx).to.emit(f.registry, "NeuronReplaced").withArgs(netuid, 5, f.v2.address, newcomer);
      await expect(tx)
        .to.emit(f.settlement, "StakeCreditClaimed")
        .withArgs(netuid, 5, f.v2.address, f.credits[5])
        .and.to.emit(f.staking, "StakeCredited")
        .withArgs(f.v2.address, f.cv2.address, netuid, f.credits[5])
        .and.to.emit(f.settlement, "NeuronCleared")
        .withArgs(netuid, 5);
      // v2's pool has only its owner's shares, minted at 1e9 per rao: exact.
      expect(await f.staking.stakeOf(f.v2.address, f.cv2.address, netuid)).to.equal(cv2Before + f.credits[5]);
      expect(await f.staking.heldStakeCredits(netuid)).to.equal(held - f.credits[5]);
      expect(await f.settlement.stakeCredit(netuid, 5)).to.equal(0n);
      await expect(f.settlement.claimStakeCredits(netuid, [5])).to.not.emit(f.staking, "StakeCredited");
      expect(await f.staking.stakeOf(newcomer, f.c1.address, netuid)).to.equal(0n);
      // The other UIDs' credits are untouched.
      expect(await f.settlement.stakeCredits(netuid)).to.deep.equal([...f.credits.slice(0, 5), 0n]);
    });

    it("clearNeuron (restricted) stakes the UID's credit to the hotkey it is given, once", async function () {
      const f = await loadFixture(creditedFixture);
      const { netuid } = f.s;
      await expect(f.settlement.connect(f.stranger).clearNeuron(netuid, 4, f.v1.address))
        .to.be.revertedWithCustomError(f.settlement, "AccessManagedUnauthorized")
        .withArgs(f.stranger.address);
      await grantRole(f, ROLES.REGISTRY, f.deployer.address);
      const tx = f.settlement.clearNeuron(netuid, 4, f.v1.address);
      await expect(tx)
        .to.emit(f.settlement, "StakeCreditClaimed")
        .withArgs(netuid, 4, f.v1.address, f.take4)
        .and.to.emit(f.staking, "StakeCredited")
        .withArgs(f.v1.address, f.cv1.address, netuid, f.take4)
        .and.to.emit(f.settlement, "NeuronCleared")
        .withArgs(netuid, 4);
      const v1Pool = pool4(f);
      v1Pool.stake(f.cv1.address, f.take4);
      expect(await f.staking.stakeOf(f.v1.address, f.cv1.address, netuid)).to.equal(v1Pool.stakeOf(f.cv1.address));
      expect(await f.settlement.stakeCredit(netuid, 4)).to.equal(0n);
      // Cleared again: no credit left, only the metagraph entries.
      await expect(f.settlement.clearNeuron(netuid, 4, f.v1.address))
        .to.emit(f.settlement, "NeuronCleared")
        .and.not.to.emit(f.settlement, "StakeCreditClaimed");
    });
  });

  describe("metagraph storage", function () {
    /** A subnet with `n` UIDs (one coldkey registers them all), due in a few blocks, oracle o1. */
    async function wideSubnet(n: number) {
      const l = await deployLayer();
      const [, o1] = await ethers.getSigners();
      await (await l.settlement.connect(l.deployer).setOracle(o1.address, true)).wait();
      const s = await registerSubnet(l);
      // Registering many UIDs takes more blocks than a default tempo, and a due epoch freezes registration.
      await setTempo(l, s.netuid, 10_000);
      const coldkey: Wallet = await fundedWallet(l, tao(30_000));
      const hotkeys: string[] = [];
      for (let i = 1; i < n; i++) {
        const hotkey = ethers.Wallet.createRandom().address;
        await registerNeuron(l, s.netuid, coldkey, hotkey);
        hotkeys.push(hotkey);
      }
      const now = BigInt(await ethers.provider.getBlockNumber());
      await setTempo(l, s.netuid, Number(now + 3n - s.startBlock));
      const due = await l.coinbase.dueBlock(s.netuid);
      await mineTo(due);
      const p = await l.coinbase.pending(s.netuid);
      return { ...l, s, o1, coldkey, hotkeys, due, n, buckets: p, rao: p.server + p.validator + p.root };
    }

    const wide37 = () => wideSubnet(37);
    const wide256 = () => wideSubnet(256);

    function randomReport(netuid: number, snapshotBlock: bigint, rao: bigint, n: number, seed: number): Report {
      const values = fc.sample(
        fc.record({
          u16: fc.array(fc.integer({ min: 0, max: 65_535 }), { minLength: 5 * n, maxLength: 5 * n }),
          u64: fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { minLength: n, maxLength: n }),
          bools: fc.array(fc.boolean(), { minLength: 2 * n, maxLength: 2 * n }),
        }),
        { numRuns: 1, seed },
      )[0];
      return makeReport(netuid, snapshotBlock, rao, n, {
        consensus: values.u16.slice(0, n),
        incentive: values.u16.slice(n, 2 * n),
        dividends: values.u16.slice(2 * n, 3 * n),
        validatorTrust: values.u16.slice(3 * n, 4 * n),
        stakeWeight: values.u16.slice(4 * n, 5 * n),
        emission: values.u64,
        active: values.bools.slice(0, n),
        validatorPermit: values.bools.slice(n),
      });
    }

    it("round-trips arbitrary values across word boundaries (n = 37)", async function () {
      for (const seed of [1, 2, 3]) {
        const f = await loadFixture(wide37);
        const r = randomReport(f.s.netuid, f.due, f.rao, f.n, seed);
        await f.settlement.settle((await accept(f, r)).report);
        expect(await readMetagraph(f, f.s.netuid)).to.deep.equal(expectedMetagraph(r));
        expect(await f.settlement.validatorPermits(f.s.netuid)).to.deep.equal(r.validatorPermit);
      }
    });

    it("emissionRanks orders the UIDs as their emissions, 0 for none; clearNeuron resets one UID's entries (restricted)", async function () {
      const f = await loadFixture(wide37);
      // Ties and a zero emission, so that equal ranks and rank 0 both occur.
      const base = randomReport(f.s.netuid, f.due, f.rao, f.n, 4);
      const r = { ...base, emission: base.emission.map((e, i) => (i % 5 === 0 ? base.emission[0] : i === 7 ? 0n : e)) };
      expect(await f.settlement.emissionRanks(f.s.netuid)).to.deep.equal([]);
      await f.settlement.settle((await accept(f, r)).report);
      expectSameOrder(await f.settlement.emissionRanks(f.s.netuid), r.emission);

      await expect(f.settlement.connect(f.o1).clearNeuron(f.s.netuid, 17, f.hotkeys[16]))
        .to.be.revertedWithCustomError(f.settlement, "AccessManagedUnauthorized")
        .withArgs(f.o1.address);
      // The registry's role clears it; try UIDs at word edges of every column (16 u16, 4 u64, 32 u8 per word).
      // Nothing was credited (the report pays no one), so nothing is staked.
      await grantRole(f, ROLES.REGISTRY, f.deployer.address);
      const expected = expectedMetagraph(r);
      for (const uid of [0, 15, 16, 17, 31, 32, 36]) {
        const hotkey = await f.registry.hotkeyAt(f.s.netuid, uid);
        await expect(f.settlement.clearNeuron(f.s.netuid, uid, hotkey))
          .to.emit(f.settlement, "NeuronCleared")
          .withArgs(f.s.netuid, uid)
          .and.not.to.emit(f.settlement, "StakeCreditClaimed");
        for (const column of [expected.consensus, expected.incentive, expected.dividends, expected.validatorTrust, expected.stakeWeight]) {
          column[uid] = 0;
        }
        expected.emission[uid] = 0n;
        expected.active[uid] = true;
        expected.validatorPermit[uid] = false;
        expect(await readMetagraph(f, f.s.netuid)).to.deep.equal(expected);
      }
      // A cleared UID has emission 0: it ranks 0, with the UID that earned nothing.
      expectSameOrder(await f.settlement.emissionRanks(f.s.netuid), expected.emission);
      // A UID beyond the stored metagraph (registered since) has nothing to clear.
      await expect(f.settlement.clearNeuron(f.s.netuid, 37, ethers.Wallet.createRandom().address)).to.not.emit(
        f.settlement,
        "NeuronCleared",
      );
      expect(await readMetagraph(f, f.s.netuid)).to.deep.equal(expected);
    });

    it("emissionRanks puts a cleared UID below every other when every UID earned", async function () {
      const f = await loadFixture(wide37);
      const base = randomReport(f.s.netuid, f.due, f.rao, f.n, 5);
      const r = { ...base, emission: base.emission.map((e) => e / 2n + 1n) };
      await f.settlement.settle((await accept(f, r)).report);
      const ranks = await f.settlement.emissionRanks(f.s.netuid);
      expectSameOrder(ranks, r.emission);
      expect(ranks.every((rank) => rank > 0n), "no UID without emission: no rank 0").to.equal(true);
      await grantRole(f, ROLES.REGISTRY, f.deployer.address);
      await (await f.settlement.clearNeuron(f.s.netuid, 9, await f.registry.hotkeyAt(f.s.netuid, 9))).wait();
      expectSameOrder(await f.settlement.emissionRanks(f.s.netuid), r.emission.map((e, i) => (i === 9 ? 0n : e)));
    });

    it("publishes the proportion and emission words in MetagraphColumns and commits to keccak256 of them (n = 37)", async function () {
      const f = await loadFixture(wide37);
      const { netuid } = f.s;
      // Before the first settlement: no commitment, and no words read the empty metagraph.
      expect(await f.settlement.columnsCommitment(netuid)).to.equal(ethers.ZeroHash);
      const before = await f.settlement.metagraph(netuid, []);
      expect([before.snapshotBlock, before.consensus.length, before.stakeWeight.length, before.emission.length]).to.deep.equal([0n, 0, 0, 0]);
      expect([before.bondsCommitment, before.columnsCommitment]).to.deep.equal([ethers.ZeroHash, ethers.ZeroHash]);

      const r = randomReport(netuid, f.due, f.rao, f.n, 9);
      const { report } = await accept(f, r);
      // Five u16 columns of ceil(37 / 16) = 3 words and the emissions, ceil(37 / 4) = 10 words: the report's
      // first 25 metagraph words.
      const words = committedWords(report, f.n);
      expect(words).to.have.length(25);
      const tx = f.settlement.settle(report);
      await expect(tx).to.emit(f.settlement, "MetagraphColumns").withArgs(netuid, f.due, words);
      expect(await emitted(tx, f.settlement, "MetagraphColumns")).to.have.length(1);
      // abi.encodePacked(uint256[]): the words as 32 bytes each, back to back.
      const commitment = ethers.keccak256(ethers.concat(words.map((w) => ethers.toBeHex(w, 32))));
      expect(ethers.solidityPackedKeccak256(["uint256[]"], [words])).to.equal(commitment);
      expect(await f.settlement.columnsCommitment(netuid)).to.equal(commitment);
      const m = await f.settlement.metagraph(netuid, words);
      expect(m.columnsCommitment).to.equal(commitment);
      expect(m.incentive.map(Number)).to.deep.equal(r.incentive);
      expect([...m.emission]).to.deep.equal(r.emission);
      expect(await readMetagraph(f, netuid)).to.deep.equal(expectedMetagraph(r));
    });

    it("metagraph reverts with SettlementBadColumns unless given exactly the committed words", async function () {
      const f = await loadFixture(wide37);
      const { netuid } = f.s;
      const { report } = await accept(f, randomReport(netuid, f.due, f.rao, f.n, 10));
      await f.settlement.settle(report);
      const words = committedWords(report, f.n);
      const cases: Array<[string, bigint[]]> = [
        ["one bit of the first word", words.map((w, i) => (i === 0 ? w ^ 1n : w))],
        ["one lane of the last u16 word", words.map((w, i) => (i === 14 ? w ^ (1n << 240n) : w))],
        ["one emission lane", words.map((w, i) => (i === 20 ? w ^ (1n << 64n) : w))],
        ["a word missing", words.slice(0, -1)],
        ["a word too many", [...words, 0n]],
        ["two words swapped", [words[1], words[0], ...words.slice(2)]],
        ["none", []],
      ];
      for (const [label, bad] of cases) {
        await expect(f.settlement.metagraph(netuid, bad), label).to.be.revertedWithCustomError(f.settlement, "SettlementBadColumns").withArgs(netuid);
      }
      expect((await f.settlement.metagraph(netuid, words)).snapshotBlock).to.equal(f.due);
    });

    it("a UID cleared since the epoch reads 0 in its five proportions and emission, the others unchanged, until the next settlement", async function () {
      const f = await loadFixture(wide37);
      const { netuid } = f.s;
      const uid = 20;
      const columns = ["consensus", "incentive", "dividends", "validatorTrust", "stakeWeight"] as const;
      const first = randomReport(netuid, f.due, f.rao, f.n, 11);
      for (const column of columns) expect(first[column][uid], column).to.not.equal(0);
      expect(first.emission[uid]).to.not.equal(0n);
      await f.settlement.settle((await accept(f, first)).report);
      await grantRole(f, ROLES.REGISTRY, f.deployer.address);
      await (await f.settlement.clearNeuron(netuid, uid, await f.registry.hotkeyAt(netuid, uid))).wait();

      // The words and their commitment are the epoch's; the view zeroes the cleared UID's entries.
      const expected = expectedMetagraph(first);
      for (const column of columns) expected[column] = expected[column].map((x, i) => (i === uid ? 0 : x));
      expected.emission = expected.emission.map((x, i) => (i === uid ? 0n : x));
      const cleared = await readMetagraph(f, netuid);
      for (const column of columns) expect(cleared[column], column).to.deep.equal(expected[column]);
      expect(cleared.emission).to.deep.equal(expected.emission);
      expect(cleared.columnsCommitment).to.equal(expected.columnsCommitment);

      // The next settlement publishes new columns, the UID's included.
      const due = await f.coinbase.dueBlock(netuid);
      await mineTo(due);
      const p = await f.coinbase.pending(netuid);
      const second = randomReport(netuid, due, p.server + p.validator + p.root, f.n, 12);
      for (const column of columns) expect(second[column][uid], column).to.not.equal(0);
      await f.settlement.settle((await accept(f, second)).report);
      expect(await readMetagraph(f, netuid)).to.deep.equal(expectedMetagraph(second));
    });

    it("settles 256 UIDs within the transaction gas cap: 64 validators, then 64 validators and 191 new miners", async function () {
      // EIP-7825 caps a transaction at 2^24 gas. The realistic worst case: epoch 1 pays dividends only (no
      // permits before it, so no weights), epoch 2 pays every UID, 191 miners credited (their new stake
      // positions are written by the claims, not the settlement).
      const f = await loadFixture(wide256);
      const spread = (total: bigint, from: number, to: number) =>
        Array.from({ length: f.n }, (_, i) => (i >= from && i <= to ? total / BigInt(to - from + 1) : 0n));
      const first = { ...randomReport(f.s.netuid, f.due, f.rao, f.n, 7), validatorEmission: spread(f.buckets.validator, 1, 64) };
      const firstGas = (await (await f.settlement.settle((await accept(f, first)).report)).wait())!.gasUsed;

      const due = await f.coinbase.dueBlock(f.s.netuid);
      await mineTo(due);
      const p = await f.coinbase.pending(f.s.netuid);
      const second = {
        ...randomReport(f.s.netuid, due, p.server + p.validator + p.root, f.n, 8),
        validatorEmission: spread(p.validator, 1, 64),
        serverEmission: spread(p.server, 65, 255),
      };
      const secondGas = (await (await f.settlement.settle((await accept(f, second)).report)).wait())!.gasUsed;
      expect(firstGas).to.be.lessThan(2n ** 24n);
      expect(secondGas).to.be.lessThan(2n ** 24n);
      expect(await readMetagraph(f, f.s.netuid)).to.deep.equal(expectedMetagraph(second));
      // hotkeys[i] holds uid i + 1: uid 200 is a miner (65..255), credited its incentive.
      expect(await f.settlement.stakeCredit(f.s.netuid, 200)).to.equal(p.server / 191n);
      expect(await f.staking.stakeOf(f.hotkeys[199], f.coldkey.address, f.s.netuid)).to.equal(0n);
      // Claiming every miner's credit at once also fits a transaction: 191 new positions.
      const miners = Array.from({ length: 191 }, (_, i) => 65 + i);
      const claimGas = (await (await f.settlement.claimStakeCredits(f.s.netuid, miners)).wait())!.gasUsed;
      expect(claimGas).to.be.lessThan(2n ** 24n);
      expect(await f.staking.stakeOf(f.hotkeys[199], f.coldkey.address, f.s.netuid)).to.equal(p.server / 191n);
      expect(await f.settlement.stakeCredit(f.s.netuid, 200)).to.equal(0n);
    });
  });
});
