/**
 * The EpochReport an oracle node attests to and settles: the engine's outputs for one subnet's
 * epoch, with the UIDs whose incentive the owner withholds and the validators' payouts (both from the
 * lens at the snapshot block), packed as IEpochSettlement reads them (u16 proportions 16 a word, u64
 * amounts 4 a word, u8 emission ranks 32 a word, flags 256 a word, UID u in the lowest lanes first; two
 * words per validator payout), and its hash (keccak256 of the ABI encoding).
 */
import { AbiCoder, keccak256 } from "ethers";
import { IEpochSettlement__factory } from "../../typechain-types";
import type { IEpochSettlement } from "../../typechain-types";
import { EpochOutput } from "../yuma";
import { ValidatorPayout, snapshotPayouts } from "./dividends";
import type { EpochSnapshot } from "./snapshot";

export type EpochReport = IEpochSettlement.EpochReportStruct;

/** The engine outputs a report carries per UID (one entry per UID 0..n-1), as the engine gives them. */
type OutputColumns = Pick<
  EpochOutput,
  "consensus" | "incentive" | "dividends" | "validatorTrust" | "stakeWeight" | "emission" | "serverEmission" | "active"
>;

/** A report with its per-UID columns as plain arrays, before packing. */
export interface ReportColumns extends OutputColumns {
  readonly netuid: number;
  readonly snapshotBlock: bigint;
  readonly raoEmission: bigint;
  /** The new permits (the engine's `newValidatorPermits`). */
  readonly validatorPermit: readonly boolean[];
  /** What each validator is paid, in ascending UID order (./dividends). */
  readonly validatorPayouts: readonly ValidatorPayout[];
  readonly ownerOwnedUids: bigint;
  readonly bondsCommitment: string;
}

const REPORT_PARAM = IEpochSettlement__factory.createInterface().getFunction("reportHash").inputs[0];

/** A column's entries of `bits` bits each (flags, u8, u16 or u64) packed 256 / bits a word. */
export function packLanes(values: readonly (number | bigint | boolean)[], bits: 1 | 8 | 16 | 64): bigint[] {
  const perWord = 256 / bits;
  const max = (1n << BigInt(bits)) - 1n;
  const words = new Array<bigint>(Math.ceil(values.length / perWord)).fill(0n);
  values.forEach((value, i) => {
    const v = typeof value === "boolean" ? (value ? 1n : 0n) : BigInt(value);
    if (v < 0n || v > max) throw new RangeError(`entry ${i} (${v}) does not fit ${bits} bits`);
    words[Math.floor(i / perWord)] |= v << BigInt((i % perWord) * bits);
  });
  return words;
}

const LANE = (1n << 64n) - 1n;

/** Validator payouts as the report packs them: [hotkey | uid << 160, four u64 lanes] each. */
export function packPayouts(payouts: readonly ValidatorPayout[]): bigint[] {
  return payouts.flatMap((p) => {
    const lanes = [p.alphaPool, p.alphaTake, p.rootPool, p.rootTake];
    lanes.forEach((v) => {
      if (v < 0n || v > LANE) throw new RangeError(`payout of UID ${p.uid} (${v}) does not fit 64 bits`);
    });
    if (!Number.isInteger(p.uid) || p.uid < 0 || p.uid > 0xffff) throw new RangeError(`UID ${p.uid} is not a u16`);
    const hotkey = BigInt(p.hotkey);
    if (hotkey >> 160n !== 0n) throw new RangeError(`hotkey ${p.hotkey} is not an address`);
    return [hotkey | (BigInt(p.uid) << 160n), lanes.reduce((word, v, i) => word | (v << BigInt(64 * i)), 0n)];
  });
}

/**
 * Each UID's dense rank among the emissions (0 for the lowest, equal for equal, one more for each larger
 * distinct value): the order pruning compares, which the settlement stores instead of the u64 values.
 */
export function emissionRanks(emission: readonly bigint[]): number[] {
  const distinct = [...new Set(emission)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map(distinct.map((value, i) => [value, i]));
  return emission.map((value) => rank.get(value)!);
}

/** The words of a packed report's metagraph that the settlement commits to and publishes (MetagraphColumns). */
export function committedWords(report: EpochReport, n: number): bigint[] {
  return [...report.metagraph].slice(0, 5 * Math.ceil(n / 16) + Math.ceil(n / 4)).map(BigInt);
}

/** The report IEpochSettlement takes, from plain columns. */
export function packReport(r: ReportColumns): EpochReport {
  const metagraph = [
    ...packLanes(r.consensus, 16),
    ...packLanes(r.incentive, 16),
    ...packLanes(r.dividends, 16),
    ...packLanes(r.validatorTrust, 16),
    ...packLanes(r.stakeWeight, 16),
    ...packLanes(r.emission, 64),
    ...packLanes(emissionRanks(r.emission), 8),
    ...packLanes(r.active, 1),
    ...packLanes(r.validatorPermit, 1),
  ];
  return {
    netuid: r.netuid,
    snapshotBlock: r.snapshotBlock,
    raoEmission: r.raoEmission,
    metagraph,
    serverEmission: packLanes(r.serverEmission, 64),
    validatorPayouts: packPayouts(r.validatorPayouts),
    ownerOwnedUids: r.ownerOwnedUids,
    bondsCommitment: r.bondsCommitment,
  };
}

/** The report of the epoch the engine computed from `snapshot` (read at the snapshot block). */
export function buildReport(snapshot: EpochSnapshot, out: EpochOutput, bondsCommitment: string): EpochReport {
  return packReport({
    netuid: Number(snapshot.netuid),
    snapshotBlock: snapshot.blockNumber,
    raoEmission: snapshot.raoEmission,
    consensus: out.consensus,
    incentive: out.incentive,
    dividends: out.dividends,
    validatorTrust: out.validatorTrust,
    stakeWeight: out.stakeWeight,
    emission: out.emission,
    serverEmission: out.serverEmission,
    active: out.active,
    validatorPermit: out.newValidatorPermits,
    validatorPayouts: snapshotPayouts(snapshot, out),
    ownerOwnedUids: snapshot.ownerOwnedUids,
    bondsCommitment,
  });
}

/** keccak256(abi.encode(report)), as `EpochSettlement.reportHash` computes it. */
export function reportHash(report: EpochReport): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode([REPORT_PARAM], [report]));
}
