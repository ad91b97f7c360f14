/**
 * The epoch's input and output, typed. The JSON form (snake_case, u64 as number or decimal
 * string) is described in test/vectors/yuma/README.md and handled by ./io.ts.
 */

/** A stored sparse row of u16 values: (uid, value) pairs in stored order. */
export type U16SparseRow = ReadonlyArray<readonly [number, number]>;

/** The hyperparameters one epoch reads (docs/spec/yuma.md §13). */
export interface YumaHyperparameters {
  readonly tempo: bigint;
  /** `ActivityCutoffFactorMilli`, when known; the epoch reads only `activityCutoffBlocks`. */
  readonly activityCutoffFactorMilli: number | null;
  /** max(factor · tempo / 1000, 1) blocks. */
  readonly activityCutoffBlocks: bigint;
  /** `Kappa` (u16, /65535): the consensus majority. */
  readonly kappa: number;
  /** `BondsPenalty` (u16, /65535). */
  readonly bondsPenalty: number;
  /** `BondsMovingAverage` (/1e6). */
  readonly bondsMovingAverage: bigint;
  readonly maxAllowedValidators: number;
  /** Global `StakeThreshold` (rao, compared with the floored total stake). */
  readonly stakeThreshold: bigint;
  readonly yuma3Enabled: boolean;
  readonly liquidAlphaEnabled: boolean;
  /** `AlphaValues` (low, high), u16 each. */
  readonly alphaValues: readonly [number, number];
  /** `AlphaSigmoidSteepness` (i16). */
  readonly alphaSigmoidSteepness: number;
  /** Global `TaoWeight` (u64, /u64::MAX). */
  readonly taoWeight: bigint;
  readonly commitRevealEnabled: boolean;
}

/** Everything one call of subtensor's `epoch_mechanism` reads (docs/spec/yuma.md §2). */
export interface EpochInput {
  readonly currentBlock: bigint;
  /** Alpha (rao) to distribute this epoch. */
  readonly raoEmission: bigint;
  readonly ownerUid: number | null;
  /** `LastMechansimStepBlock`: block of the last successful epoch, 0 if never. */
  readonly lastMechanismStepBlock: bigint;
  readonly hyperparameters: YumaHyperparameters;
  /** Per uid: inherited alpha stake (rao). Its length is n. */
  readonly alphaStake: readonly bigint[];
  /** Per uid: inherited root TAO stake (rao). */
  readonly taoStake: readonly bigint[];
  /** Per uid: the permits stored by the previous epoch. */
  readonly validatorPermit: readonly boolean[];
  /** Per uid: stored (max-upscaled) weight row. */
  readonly weights: readonly U16SparseRow[];
  /** Per uid: stored bond row from the previous epoch. */
  readonly bonds: readonly U16SparseRow[];
  readonly lastUpdate: readonly bigint[];
  readonly blockAtRegistration: readonly bigint[];
  /** Per uid: earliest unexpired commit block (U64_MAX = none), or null for no commit data. */
  readonly commitBlocks: readonly bigint[] | null;
}

/** What one epoch produces (docs/spec/yuma.md §10): per uid, in uid order. */
export interface EpochOutput {
  readonly active: boolean[];
  readonly stakeWeight: number[];
  readonly consensus: number[];
  readonly incentive: number[];
  readonly dividends: number[];
  readonly validatorTrust: number[];
  /** Stored `Emission`: the combined share of raoEmission (rao). */
  readonly emission: bigint[];
  /** Miner (incentive) part of raoEmission (rao). */
  readonly serverEmission: bigint[];
  /** Validator (dividend) part of raoEmission (rao). */
  readonly validatorEmission: bigint[];
  readonly newValidatorPermits: boolean[];
  /** Bond rows to store: the new row for new permits, empty otherwise. */
  readonly bonds: Array<Array<[number, number]>>;
  /** Raw I32F32 intermediates, for debugging and cross-backend checks. */
  readonly raw: {
    readonly stake: bigint[];
    readonly activeStake: bigint[];
    readonly consensus: bigint[];
    readonly incentive: bigint[];
    readonly dividends: bigint[];
  };
}
