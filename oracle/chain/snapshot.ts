/**
 * From the MetagraphLens' view of a subnet at its snapshot block, plus the bonds the previous
 * epoch produced, to the Yuma engine's epoch input.
 */
import type { IMetagraphLens } from "../../typechain-types";
import { EpochInput } from "../yuma";
import { bondsCutoffBlock } from "../yuma/epoch";
import { activityCutoffBlocks } from "../yuma/io";
import { BondRows } from "./bonds";

export type EpochSnapshot = IMetagraphLens.EpochSnapshotStructOutput;

/**
 * The epoch input subtensor's `epoch_mechanism` would read at the snapshot block.
 *
 * `bonds` are the rows the previous epoch stored. subtensor's `replace_neuron` removes a pruned UID's
 * bond row (spec/chain.md §5.3), so the row of a UID registered after those bonds were made (at or
 * after the bonds cutoff block, the block after the previous epoch) is read as empty here; its column
 * is dropped by the epoch itself (spec/yuma.md §7.2 / §8.2).
 */
export function snapshotToEpochInput(s: EpochSnapshot, bonds: BondRows): EpochInput {
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
    weights: s.weightWords.map((words, i) => unpackWeightWords(words, Number(s.weightLengths[i]))),
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

/** A weight row from {IWeights.packedWeights} words: pair i is bits 32·(i mod 8) of word i / 8, uid << 16 | value. */
export function unpackWeightWords(words: readonly bigint[], length: number): Array<readonly [number, number]> {
  const row: Array<readonly [number, number]> = [];
  for (let i = 0; i < length; i++) {
    const pair = Number((words[i >> 3] >> BigInt(32 * (i & 7))) & 0xffffffffn);
    row.push([pair >>> 16, pair & 0xffff] as const);
  }
  return row;
}
