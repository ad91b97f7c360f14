/**
 * The reference Yuma Consensus epoch: subtensor's production `epoch_mechanism` (sparse), step by
 * step, in exact fixed point (docs/spec/yuma.md). Every other backend is tested against this one.
 */
import {
  I32F32,
  I64F64,
  I96F32,
  U96F32,
  U64_MAX,
  convert,
  fromInt,
  safeDiv,
  saturatingAdd,
  saturatingMul,
  saturatingSub,
  toUint,
} from "./fixed";
import {
  SparseMatrix,
  colClipSparse,
  colMaxUpscaleSparse,
  colNormalizeSparse,
  computeLiquidAlphaValuesSparse,
  fixed64ToFixed32,
  fixedProportionToU16,
  fixedToFixedU16Proportion,
  interpolateSparse,
  isTopkNonzero,
  maskDiagSparse,
  maskDiagSparseExceptIndex,
  maskRowsSparse,
  maskVector,
  matEmaAlphaSparse,
  matEmaSparse,
  matVecMulSparse,
  matmulSparse,
  matmulTransposeSparse,
  normalize,
  normalize64,
  normalizeUsingSum,
  rowHadamardSparse,
  rowNormalizeSparse,
  rowSumSparse,
  scalarVecMaskSparseMatrix,
  sum,
  u16ProportionToFixed,
  u16ToFixed,
  vecMaskSparseMatrix,
  vecMul,
  weightedMedianColSparse,
} from "./math";
import { EpochInput, EpochOutput, U16SparseRow } from "./types";

const F = I32F32;

/** An epoch input without its sparse matrices: all the per-uid prologue reads. */
export type EpochScalars = Omit<EpochInput, "weights" | "bonds">;
const ZERO = 0n;

const u64SaturatingAdd = (a: bigint, b: bigint): bigint => (a + b > U64_MAX ? U64_MAX : a + b);
const u64SaturatingSub = (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n);

/** `get_tao_weight`: TaoWeight / u64::MAX in U96F32, widened to I64F64 (spec §2.1). */
export function taoWeightI64F64(taoWeight: bigint): bigint {
  const w = safeDiv(U96F32, fromInt(U96F32, taoWeight), fromInt(U96F32, U64_MAX));
  return convert(U96F32, I64F64, w);
}

/** Total stake per uid: alpha + tao·tao_weight, in I64F64 (spec §2.1). */
export function totalStakeI64F64(input: EpochScalars): bigint[] {
  const tw = taoWeightI64F64(input.hyperparameters.taoWeight);
  return input.alphaStake.map((alpha, i) =>
    saturatingAdd(I64F64, fromInt(I64F64, alpha), saturatingMul(I64F64, fromInt(I64F64, input.taoStake[i]), tw)),
  );
}

/** Bonds EMA rate without liquid alpha: 1 − I32F32(BMA / 1e6) (spec §7.5). */
export function bondsAlpha(bondsMovingAverage: bigint): bigint {
  const bma = safeDiv(I64F64, fromInt(I64F64, bondsMovingAverage), fromInt(I64F64, 1_000_000n));
  return saturatingSub(F, F.one, convert(I64F64, F, bma));
}

/** Read a stored u16 sparse matrix into I32F32 rows with `decode` applied to each value. */
function readSparse(rows: readonly U16SparseRow[], decode: (x: number) => bigint, keep: (j: number) => boolean): SparseMatrix {
  return rows.map((row) => row.filter(([j]) => keep(j)).map(([j, v]) => [j, decode(v)] as [number, bigint]));
}

/** What §2.1–§3.4 derive from the stakes and the activity of the uids; shared by every backend. */
export interface StakeAndPermits {
  readonly owner: number | null;
  readonly inactive: boolean[];
  readonly active: boolean[];
  /** §2.1 normalised stake, raw I32F32. */
  readonly stake: bigint[];
  readonly forbids: boolean[];
  readonly newValidatorPermits: boolean[];
  /** §3.4 active stake, raw I32F32. */
  readonly activeStake: bigint[];
}

/**
 * §3.1 active mask, §2.1 stake (threshold filter with the owner exempt, I64F64 normalise, floor to
 * I32F32), §3.2 input permits (owner forced), §3.3 new permits (top-k non-zero stake, owner forced)
 * and §3.4 active stake.
 */
export function stakeAndPermits(input: EpochScalars): StakeAndPermits {
  const hp = input.hyperparameters;
  const n = input.alphaStake.length;
  const owner = input.ownerUid !== null && input.ownerUid < n ? input.ownerUid : null;
  const inactive = input.lastUpdate.map((lu) => u64SaturatingAdd(lu, hp.activityCutoffBlocks) < input.currentBlock);
  const totalStake = totalStakeI64F64(input);
  const filtered = totalStake.map((s, uid) =>
    uid !== owner && toUint(I64F64, s, 64) < hp.stakeThreshold ? ZERO : s,
  );
  const stake = normalize64(filtered).map(fixed64ToFixed32);
  const forbids = input.validatorPermit.map((p, uid) => !(p || uid === owner));
  const newValidatorPermits = isTopkNonzero(stake, hp.maxAllowedValidators).map((p, uid) => p || uid === owner);
  const activeStake = normalize(maskVector(forbids, maskVector(inactive, stake)));
  return { owner, inactive, active: inactive.map((x) => !x), stake, forbids, newValidatorPermits, activeStake };
}

/** The three §9 emission vectors, in rao. */
export interface EmissionSplit {
  readonly emission: bigint[];
  readonly serverEmission: bigint[];
  readonly validatorEmission: bigint[];
}

/**
 * §9 emission shares: incentive and dividends normalised by their combined sum, with the
 * zero-incentive-and-dividend fallback to (active) stake; each share times `raoEmission`, floored.
 */
export function emissionSplit(
  raoEmission: bigint,
  stake: readonly bigint[],
  activeStake: readonly bigint[],
  incentive: readonly bigint[],
  dividends: readonly bigint[],
): EmissionSplit {
  const combined = incentive.map((x, i) => saturatingAdd(F, x, dividends[i]));
  const emissionSum = sum(combined);
  const serverShare = normalizeUsingSum(incentive, emissionSum);
  let validatorShare = normalizeUsingSum(dividends, emissionSum);
  let combinedShare = normalize(combined);
  if (emissionSum === ZERO) {
    const src = sum(activeStake) === ZERO ? stake : activeStake;
    validatorShare = src.slice();
    combinedShare = src.slice();
  }
  const rao = fromInt(I96F32, raoEmission);
  const toRao = (share: bigint): bigint => toUint(I96F32, saturatingMul(I96F32, convert(F, I96F32, share), rao), 64);
  return {
    emission: combinedShare.map(toRao),
    serverEmission: serverShare.map(toRao),
    validatorEmission: validatorShare.map(toRao),
  };
}

/**
 * §7.2 / §8.2: bond columns of uids registered at or after this block are dropped (the block after
 * the last epoch, or one tempo back on the first).
 */
export function bondsCutoffBlock(input: EpochScalars): bigint {
  return input.lastMechanismStepBlock === ZERO
    ? u64SaturatingSub(input.currentBlock, input.hyperparameters.tempo)
    : u64SaturatingAdd(input.lastMechanismStepBlock, 1n);
}

/**
 * Run one epoch of one subnet (one mechanism).
 *
 * Stakes are u64 rao; a hotkey's I64F64 total saturates above 2^63 rao and subtensor's plain stake
 * sum then wraps (Rust release build), giving negative shares. We keep that behaviour bit for bit
 * so every backend agrees, but it is unreachable in practice: α and TAO issuance are capped at
 * 21e15 rao, so real totals stay far below 2^63.
 */
export function runEpoch(input: EpochInput): EpochOutput {
  const hp = input.hyperparameters;
  const n = input.alphaStake.length;
  const { owner, active, stake, forbids, newValidatorPermits, activeStake } = stakeAndPermits(input);

  // §3.5 Weights: read as integers (uids ≥ n ignored), mask, row-normalise.
  let weights = readSparse(input.weights, u16ToFixed, (j) => j < n);
  weights = maskRowsSparse(forbids, weights);
  weights = owner !== null ? maskDiagSparseExceptIndex(weights, owner) : maskDiagSparse(weights);
  weights = vecMaskSparseMatrix(weights, input.lastUpdate, input.blockAtRegistration, (lu, reg) => lu <= reg);
  // §3.6 Commit-reveal column mask: a pending vote is not credited to a uid registered after it.
  if (hp.commitRevealEnabled && input.commitBlocks !== null) {
    weights = vecMaskSparseMatrix(weights, input.commitBlocks, input.blockAtRegistration, (cb, reg) => cb < reg);
  }
  weights = rowNormalizeSparse(weights);

  // §4 Consensus, §5 clipping, validator trust, incentive.
  const kappa = u16ProportionToFixed(hp.kappa);
  const consensus = weightedMedianColSparse(activeStake, weights, n, kappa);
  const clipped = colClipSparse(weights, consensus);
  const validatorTrust = rowSumSparse(clipped);
  const incentive = normalize(matmulSparse(clipped, activeStake, n));

  // §6 Bonds penalty.
  const bondsPenalty = u16ProportionToFixed(hp.bondsPenalty);
  const weightsForBonds = interpolateSparse(weights, clipped, n, bondsPenalty);

  // §7.2 / §8.2 Recently registered miners lose their bond columns.
  const lastTempo = bondsCutoffBlock(input);
  const maskRecent = (bonds: SparseMatrix): SparseMatrix =>
    scalarVecMaskSparseMatrix(bonds, lastTempo, input.blockAtRegistration, (lt, reg) => lt <= reg);

  let dividends: bigint[];
  let emaBonds: SparseMatrix;
  if (hp.yuma3Enabled) {
    // §8 Yuma3: absolute bonds, EMA toward the validator's own weight.
    const bonds = maskRecent(readSparse(input.bonds, (v) => fixedToFixedU16Proportion(u16ToFixed(v)), () => true));
    if (hp.liquidAlphaEnabled && consensus.length > 0 && consensus.some((c) => c !== ZERO)) {
      const alphas = computeLiquidAlphaValuesSparse(
        weightsForBonds,
        bonds,
        consensus,
        u16ProportionToFixed(hp.alphaValues[0]),
        u16ProportionToFixed(hp.alphaValues[1]),
        fromInt(F, hp.alphaSigmoidSteepness),
      );
      emaBonds = matEmaAlphaSparse(weightsForBonds, bonds, alphas);
    } else {
      emaBonds = matEmaSparse(weightsForBonds, bonds, bondsAlpha(hp.bondsMovingAverage));
    }
    const emaBondsNorm = colNormalizeSparse(emaBonds, n);
    const totalBondsPerValidator = rowSumSparse(matVecMulSparse(emaBondsNorm, incentive));
    dividends = normalize(vecMul(totalBondsPerValidator, activeStake));
  } else {
    // §7 Classic Yuma: column-normalised bonds, EMA toward stake-weighted weights.
    const bonds = colNormalizeSparse(maskRecent(readSparse(input.bonds, u16ToFixed, () => true)), n);
    const bondsDelta = colNormalizeSparse(rowHadamardSparse(weightsForBonds, activeStake), n);
    emaBonds = colNormalizeSparse(matEmaSparse(bondsDelta, bonds, bondsAlpha(hp.bondsMovingAverage)), n);
    dividends = normalize(matmulTransposeSparse(emaBonds, incentive));
    emaBonds = colMaxUpscaleSparse(emaBonds, n);
  }

  // §9 Emission shares.
  const split = emissionSplit(input.raoEmission, stake, activeStake, incentive, dividends);

  // §10 Outputs.
  return {
    active,
    stakeWeight: stake.map(fixedProportionToU16),
    consensus: consensus.map(fixedProportionToU16),
    incentive: incentive.map(fixedProportionToU16),
    dividends: dividends.map(fixedProportionToU16),
    validatorTrust: validatorTrust.map(fixedProportionToU16),
    ...split,
    newValidatorPermits,
    bonds: newValidatorPermits.map((p, i) =>
      p ? (emaBonds[i] ?? []).map(([j, v]) => [j, fixedProportionToU16(v)] as [number, number]) : [],
    ),
    raw: { stake, activeStake, consensus, incentive, dividends },
  };
}
