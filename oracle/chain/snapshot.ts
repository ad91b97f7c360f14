/**
 * From the MetagraphLens' view of a subnet at its snapshot block, plus the bonds the previous
 * epoch produced, to the Yuma engine's epoch input.
 */
import type { IMetagraphLens } from "../../typechain-types";
import { EpochInput } from "../yuma";
import { activityCutoffBlocks } from "../yuma/io";
import { BondRows } from "./bonds";

export type EpochSnapshot = IMetagraphLens.EpochSnapshotStructOutput;

/** The epoch input subtensor's `epoch_mechanism` would read at the snapshot block. */
export function snapshotToEpochInput(s: EpochSnapshot, bonds: BondRows): EpochInput {
  const hp = s.hyperparameters;
  const n = s.hotkeys.length;
  const tempo = BigInt(hp.tempo);
  const factor = Number(hp.activityCutoffFactorMilli);
  return {
    currentBlock: s.blockNumber,
    raoEmission: s.raoEmission,
    ownerUid: s.hasOwnerUid ? Number(s.ownerUid) : null,
    lastMechanismStepBlock: s.lastMechanismStepBlock,
    hyperparameters: {
      tempo,
      activityCutoffFactorMilli: factor,
      activityCutoffBlocks: activityCutoffBlocks(factor, tempo),
      kappa: Number(hp.kappa),
      bondsPenalty: Number(hp.bondsPenalty),
      bondsMovingAverage: hp.bondsMovingAverage,
      maxAllowedValidators: Number(hp.maxAllowedValidators),
      stakeThreshold: 0n,
      yuma3Enabled: hp.yuma3Enabled,
      liquidAlphaEnabled: hp.liquidAlphaEnabled,
      alphaValues: [Number(hp.alphaLow), Number(hp.alphaHigh)],
      alphaSigmoidSteepness: Number(hp.alphaSigmoidSteepness),
      taoWeight: 0n,
      commitRevealEnabled: false,
    },
    alphaStake: s.alphaStake.map(BigInt),
    taoStake: s.taoStake.map(BigInt),
    validatorPermit: [...s.validatorPermit],
    weights: s.weightUids.map((uids, i) => uids.map((u, k) => [Number(u), Number(s.weightValues[i][k])] as const)),
    bonds: Array.from({ length: n }, (_, uid) => bonds[uid] ?? []),
    lastUpdate: s.lastUpdate.map(BigInt),
    blockAtRegistration: s.blockAtRegistration.map(BigInt),
    commitBlocks: null,
  };
}
