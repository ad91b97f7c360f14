/**
 * The EpochReport an oracle node attests to and settles: the engine's outputs for one subnet's
 * epoch, with the UIDs whose incentive the owner withholds (read by the lens at the snapshot block),
 * encoded as IEpochSettlement expects, and its hash (keccak256 of the ABI encoding).
 */
import { AbiCoder, keccak256 } from "ethers";
import { IEpochSettlement__factory } from "../../typechain-types";
import type { IEpochSettlement } from "../../typechain-types";
import { EpochOutput } from "../yuma";

export type EpochReport = IEpochSettlement.EpochReportStruct;

const REPORT_PARAM = IEpochSettlement__factory.createInterface().getFunction("reportHash").inputs[0];

export function buildReport(
  netuid: number,
  snapshotBlock: bigint,
  raoEmission: bigint,
  out: EpochOutput,
  bondsCommitment: string,
  ownerOwnedUids: bigint,
): EpochReport {
  return {
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
  };
}

/** keccak256(abi.encode(report)), as `EpochSettlement.reportHash` computes it. */
export function reportHash(report: EpochReport): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode([REPORT_PARAM], [report]));
}
