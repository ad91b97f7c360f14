/**
 * From the MetagraphLens' view of a subnet at its snapshot block, plus the bonds the previous
 * epoch produced and the weight rows read from the logs (./weights), to the Yuma engine's epoch input.
 */
import type { IMetagraphLens } from "../../typechain-types";
import { EpochInput } from "../yuma";
import { bondsCutoffBlock } from "../yuma/epoch";
import { activityCutoffBlocks } from "../yuma/io";
import { BondRows } from "./bonds";
import type { WeightRow } from "./weights";

export type EpochSnapshot = IMetagraphLens.EpochSnapshotStructOutput;

/**
 * The epoch input subtensor's `epoch_mechanism` would read at the snapshot block.
 *
 * `bonds` are the rows the previous epoch stored. subtensor's `replace_neuron` removes a pruned UID's
 * bond row (docs/spec/chain.md §5.3), so the row of a UID registered after those bonds were made (at or
 * after the bonds cutoff block, the block after the previous epoch) is read as empty here; its column
 * is dropped by the epoch itself (docs/spec/yuma.md §7.2 / §8.2).
 */
export function snapshotToEpochInput(s: EpochSnapshot, bonds: BondRows, weights: readonly WeightRow[]): EpochInput {
  const hp = s.hyperparameters;
  const n = s.hotkeys.length;
  const tempo = BigInt(hp.tempo);
  const factor = Number(hp.activityCutoffFactorMilli);
  const input: EpochInput = {
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
      taoWeight: s.taoWeight,
      commitRevealEnabled: false,
    },
    alphaStake: s.alphaStake.map(BigInt),
    taoStake: s.taoStake.map(BigInt),
    validatorPermit: [...s.validatorPermit],
    weights: Array.from({ length: n }, (_, uid) => [...(weights[uid] ?? [])]),
    bonds: [],
    lastUpdate: s.lastUpdate.map(BigInt),
    blockAtRegistration: s.blockAtRegistration.map(BigInt),
    commitBlocks: null,
  };
  const cutoff = bondsCutoffBlock(input);
  return {
    ...input,
    bonds: Array.from({ length: n }, (_, uid) => (input.blockAtRegistration[uid] >= cutoff ? [] : (bonds[uid] ?? []))),
  };
}
