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
    weights: s.weightWords.map((words, i) => unpackWeightWords(words, s.weightZeros[i])),
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

/**
 * A weight row from {IWeights.packedWeights}: uid j's value is bits 16·(j mod 16) of word j / 16, and
 * the row has an entry for j when that value is non-zero or bit j of `zeros` is set. Entries come in
 * uid order (the contract keeps no other).
 */
export function unpackWeightWords(words: readonly bigint[], zeros: bigint): Array<readonly [number, number]> {
  const row: Array<readonly [number, number]> = [];
  const uids = Math.max(16 * words.length, zeros === 0n ? 0 : zeros.toString(2).length);
  for (let j = 0; j < uids; j++) {
    const value = j >> 4 < words.length ? Number((words[j >> 4] >> BigInt(16 * (j & 15))) & 0xffffn) : 0;
    if (value !== 0 || ((zeros >> BigInt(j)) & 1n) === 1n) row.push([j, value] as const);
  }
  return row;
}
