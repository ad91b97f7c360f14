/**
 * Deterministic random epoch inputs for benchmarks: `validators` staked validators with permits
 * weighting every miner of an `n`-uid subnet (dense rows, as real validators set them), previous
 * bonds on every (validator, miner), Yuma3 and liquid alpha on by default. Seeded, so every run and
 * every backend sees the same inputs.
 */
import { activityCutoffBlocks } from "../../oracle/yuma/io";
import type { EpochInput, U16SparseRow } from "../../oracle/yuma";

/** mulberry32: a small, fast, seedable PRNG (not for cryptography). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomEpochOptions {
  n?: number;
  validators?: number;
  yuma3?: boolean;
  liquidAlpha?: boolean;
}

export function randomEpochInput(seed: number, options: RandomEpochOptions = {}): EpochInput {
  const n = options.n ?? 256;
  const validators = options.validators ?? 64;
  const rand = prng(seed);
  const int = (max: number): number => Math.floor(rand() * max);
  const block = 100_000n;
  const tempo = 360n;
  const isValidator = (uid: number): boolean => uid < validators;
  const miners = Array.from({ length: n - validators }, (_, k) => validators + k);
  const weights: U16SparseRow[] = Array.from({ length: n }, (_, uid) =>
    isValidator(uid) ? miners.map((m) => [m, int(65536)] as const) : [],
  );
  const bonds: U16SparseRow[] = Array.from({ length: n }, (_, uid) =>
    isValidator(uid) ? miners.map((m) => [m, int(65536)] as const) : [],
  );
  return {
    currentBlock: block,
    raoEmission: 295_201_600_000n,
    ownerUid: 0,
    lastMechanismStepBlock: block - tempo,
    hyperparameters: {
      tempo,
      activityCutoffFactorMilli: 13_889,
      activityCutoffBlocks: activityCutoffBlocks(13_889, tempo),
      kappa: 32_767,
      bondsPenalty: 65_535,
      bondsMovingAverage: 900_000n,
      maxAllowedValidators: validators,
      stakeThreshold: 0n,
      yuma3Enabled: options.yuma3 ?? true,
      liquidAlphaEnabled: options.liquidAlpha ?? true,
      alphaValues: [45_875, 58_982],
      alphaSigmoidSteepness: 1_000,
      taoWeight: 0n,
      commitRevealEnabled: false,
    },
    alphaStake: Array.from({ length: n }, (_, uid) => (isValidator(uid) ? BigInt(1 + int(1_000_000)) * 1_000_000_000n : 0n)),
    taoStake: Array.from({ length: n }, () => 0n),
    validatorPermit: Array.from({ length: n }, (_, uid) => isValidator(uid)),
    weights,
    bonds,
    lastUpdate: Array.from({ length: n }, (_, uid) => (isValidator(uid) ? block - BigInt(1 + int(300)) : block - 1_000n)),
    blockAtRegistration: Array.from({ length: n }, () => 1_000n),
    commitBlocks: null,
  };
}
