/**
 * The two hot stages of the batched epoch, as plain typed-array batches so the CPU backend and the
 * WebGPU kernels implement the same contract. Every Float64Array holds exact integers: raw I32F32
 * values (x · 2^32), always within the ranges stated per field, so no value is ever rounded.
 *
 * Layout: S subnets, each padded to R rows and C columns, row-major: entry (s, r, c) lives at
 * (s · R + r) · C + c. Padding rows and columns are zero and their outputs are ignored.
 */

/**
 * Consensus (docs/spec/yuma.md §4): per subnet and column, subtensor's `weighted_median` over the
 * subnet's voters, exactly as `weightedMedian` in ../math.ts computes it (mid-pivot quickselect,
 * order-preserving partitions, strict `<` then `<=`), with partition_lo = 0 and
 * partition_hi = stakeSum[s].
 */
export interface MedianBatch {
  readonly subnets: number;
  /** R: padded voter count. */
  readonly rows: number;
  /** C: padded column count. */
  readonly cols: number;
  /** Per subnet: columns in use (the subnet's n); columns ≥ colCount[s] are padding. */
  readonly colCount: Uint32Array;
  /** Per subnet: voters in use; voters are rows 0..voterCount[s]-1, in uid order. */
  readonly voterCount: Uint32Array;
  /** S·R: each voter's normalised stake, raw I32F32 in [0, 2^32]; Σ per subnet ≤ 2^32. */
  readonly stake: Float64Array;
  /** S·R·C: voter r's score (weight) on column c, raw I32F32 in [0, 2^32]; absent = 0. */
  readonly score: Float64Array;
  /** Per subnet: stakeSum − kappa, raw I32F32 in [−2^32, 2^32]. */
  readonly minority: Float64Array;
  /** Per subnet: Σ stake, raw I32F32 in [0, 2^32]. */
  readonly stakeSum: Float64Array;
}

/** S·C consensus values, raw I32F32. */
export type MedianResult = Float64Array;

/**
 * Yuma3 bonds with liquid alpha (docs/spec/yuma.md §8.1–§8.2): for every entry whose weight is present,
 * a = alphaSigmoid(consensus[c], weight, bond, alphaLow, alphaHigh, steepness · 2^32) and
 * v = min(saturating((1 − a) · bond) + max(a · weight, 0), 1), as `alphaSigmoid` and
 * `matEmaAlphaSparse` in ../math.ts compute them. The entry is present in the result iff its weight
 * is present and v > 0. Entries without a weight are absent (value 0).
 */
export interface LiquidAlphaBatch {
  readonly subnets: number;
  readonly rows: number;
  readonly cols: number;
  /** Per subnet: columns in use. */
  readonly colCount: Uint32Array;
  /** Per subnet: rows in use. */
  readonly rowCount: Uint32Array;
  /** S·C: consensus, raw I32F32 in [0, 2^32]. */
  readonly consensus: Float64Array;
  /** S·R·C: weights for bonds, raw I32F32 in [0, 2^32]; 0 where absent. */
  readonly weight: Float64Array;
  /** S·R·C: 1 where the weight entry is present (explicit zeros included). */
  readonly weightPresent: Uint8Array;
  /** S·R·C: previous bonds (already masked), raw I32F32 in [0, 2^32]; 0 where absent. */
  readonly bond: Float64Array;
  /** Per subnet: u16_proportion_to_fixed(AlphaValues.low / .high), raw I32F32 in [0, 2^32]. */
  readonly alphaLow: Float64Array;
  readonly alphaHigh: Float64Array;
  /** Per subnet: AlphaSigmoidSteepness, the i16 integer itself (not raw fixed). */
  readonly steepness: Float64Array;
}

export interface LiquidAlphaResult {
  /** S·R·C new bond values, raw I32F32 in [0, 2^32]. */
  readonly value: Float64Array;
  /** S·R·C: 1 where the new bond entry exists. */
  readonly present: Uint8Array;
}

/** A backend's implementation of the hot stages. */
export interface StageKernels {
  /**
   * How many subnets to hand over per call (default: the whole batch). A GPU wants everything at
   * once; the CPU runs subnet by subnet so its arrays stay small and in cache.
   */
  readonly subnetsPerCall?: number;
  weightedMedianColumns(batch: MedianBatch): MedianResult | Promise<MedianResult>;
  liquidAlphaEma(batch: LiquidAlphaBatch): LiquidAlphaResult | Promise<LiquidAlphaResult>;
}
