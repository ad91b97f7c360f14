/**
 * The EpochReport an oracle node attests to and settles: the engine's outputs for one subnet's
 * epoch, with the UIDs whose incentive the owner withholds (read by the lens at the snapshot block),
 * packed as IEpochSettlement stores them (u16 proportions 16 a word, u64 amounts 4 a word, flags 256 a
 * word, UID u in the lowest lanes first), and its hash (keccak256 of the ABI encoding).
 */
import { AbiCoder, keccak256 } from "ethers";
import { IEpochSettlement__factory } from "../../typechain-types";
import type { IEpochSettlement } from "../../typechain-types";
import { EpochOutput } from "../yuma";

export type EpochReport = IEpochSettlement.EpochReportStruct;

/** The engine outputs a report carries per UID (one entry per UID 0..n-1), as the engine gives them. */
type OutputColumns = Pick<
  EpochOutput,
  "consensus" | "incentive" | "dividends" | "validatorTrust" | "stakeWeight" | "emission" | "serverEmission" | "validatorEmission" | "active"
>;

/** A report with its per-UID columns as plain arrays, before packing. */
export interface ReportColumns extends OutputColumns {
  readonly netuid: number;
  readonly snapshotBlock: bigint;
  readonly raoEmission: bigint;
  /** The new permits (the engine's `newValidatorPermits`). */
  readonly validatorPermit: readonly boolean[];
  readonly ownerOwnedUids: bigint;
  readonly bondsCommitment: string;
}

const REPORT_PARAM = IEpochSettlement__factory.createInterface().getFunction("reportHash").inputs[0];

/** A column's entries of `bits` bits each (u16, u64 or 1-bit flags) packed 256 / bits a word. */
export function packLanes(values: readonly (number | bigint | boolean)[], bits: 1 | 16 | 64): bigint[] {
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

/** The report IEpochSettlement takes, from plain columns. */
export function packReport(r: ReportColumns): EpochReport {
  const metagraph = [
    ...packLanes(r.consensus, 16),
    ...packLanes(r.incentive, 16),
    ...packLanes(r.dividends, 16),
    ...packLanes(r.validatorTrust, 16),
    ...packLanes(r.stakeWeight, 16),
    ...packLanes(r.emission, 64),
    ...packLanes(r.active, 1),
    ...packLanes(r.validatorPermit, 1),
  ];
  return {
    netuid: r.netuid,
    snapshotBlock: r.snapshotBlock,
    raoEmission: r.raoEmission,
    metagraph,
    serverEmission: packLanes(r.serverEmission, 64),
    validatorEmission: packLanes(r.validatorEmission, 64),
    ownerOwnedUids: r.ownerOwnedUids,
    bondsCommitment: r.bondsCommitment,
  };
}

export function buildReport(
  netuid: number,
  snapshotBlock: bigint,
  raoEmission: bigint,
  out: EpochOutput,
  bondsCommitment: string,
  ownerOwnedUids: bigint,
): EpochReport {
  return packReport({
    netuid,
    snapshotBlock,
    raoEmission,
    consensus: out.consensus,
    incentive: out.incentive,
    dividends: out.dividends,
    validatorTrust: out.validatorTrust,
    stakeWeight: out.stakeWeight,
    emission: out.emission,
    serverEmission: out.serverEmission,
    validatorEmission: out.validatorEmission,
    active: out.active,
    validatorPermit: out.newValidatorPermits,
    ownerOwnedUids,
    bondsCommitment,
  });
}

/** keccak256(abi.encode(report)), as `EpochSettlement.reportHash` computes it. */
export function reportHash(report: EpochReport): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode([REPORT_PARAM], [report]));
}
