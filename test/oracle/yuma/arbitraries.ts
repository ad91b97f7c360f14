/**
 * fast-check generators of valid epoch inputs in the JSON format: sizes, sparse and dense weights,
 * explicit zero weights, ties, zero stake, owner uid, Yuma3 and liquid alpha on/off, TaoWeight,
 * huge stakes near 2^64, inactive and re-registered uids, commit-reveal blocks.
 */
import fc from "fast-check";

const U64_MAX = (1n << 64n) - 1n;

export interface EpochArbOptions {
  maxUids?: number;
  /** Include stakes near 2^64 (beyond what the 21M caps allow); default true. */
  hugeStakes?: boolean;
}

const u64String = (min: bigint, max: bigint): fc.Arbitrary<string> => fc.bigInt({ min, max }).map((x) => x.toString());

/** A stake in rao: mostly zero or ordinary, sometimes (if `huge`) near 2^64. */
function stakeArb(huge: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant("0") },
    { weight: 6, arbitrary: u64String(1n, 10n ** 15n) },
    { weight: huge ? 1 : 0, arbitrary: u64String(U64_MAX - 10n ** 12n, U64_MAX) },
  );
}

/** A sparse u16 row over uids < n: distinct, in increasing order (as set_weights stores them). */
function sparseRow(n: number, maxValue: fc.Arbitrary<number>): fc.Arbitrary<Array<[number, number]>> {
  return fc
    .uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n })
    .chain((cols) => fc.tuple(...cols.sort((a, b) => a - b).map((c) => maxValue.map((v) => [c, v] as [number, number]))));
}

const weightValue = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(65535) }, { weight: 4, arbitrary: fc.integer({ min: 0, max: 65535 }) });

export function epochInputArb(options: EpochArbOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  const maxUids = options.maxUids ?? 24;
  const stake = stakeArb(options.hugeStakes ?? true);
  return fc.integer({ min: 1, max: maxUids }).chain((n) => {
    const perUid = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T[]> => fc.array(arb, { minLength: n, maxLength: n });
    const block = 10_000;
    return fc.record({
      current_block: fc.constant(block),
      rao_emission: fc.oneof(fc.constant(1_000_000_000), u64String(0n, U64_MAX)),
      owner_uid: fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: null }),
      last_mechanism_step_block: fc.constantFrom(0, block - 360, block - 1),
      hyperparameters: fc.record({
        tempo: fc.constantFrom(1, 10, 360, 65535),
        activity_cutoff_blocks: fc.integer({ min: 1, max: 12_000 }),
        kappa_u16: fc.oneof(fc.constant(32767), fc.integer({ min: 0, max: 65535 })),
        bonds_penalty_u16: fc.oneof(fc.constantFrom(0, 65535), fc.integer({ min: 0, max: 65535 })),
        bonds_moving_average: fc.oneof(fc.constant(900_000), fc.integer({ min: 0, max: 1_000_000 })),
        max_allowed_validators: fc.integer({ min: 0, max: n + 2 }),
        stake_threshold: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 ** 12 })),
        yuma3_enabled: fc.boolean(),
        liquid_alpha_enabled: fc.boolean(),
        alpha_values_u16: fc
          .tuple(fc.integer({ min: 1638, max: 65535 }), fc.integer({ min: 1638, max: 65535 }))
          .map(([a, b]) => [Math.min(a, b), Math.max(a, b)]),
        alpha_sigmoid_steepness: fc.oneof(fc.constant(1000), fc.integer({ min: -32768, max: 32767 })),
        tao_weight_u64: fc.oneof(fc.constant("0"), u64String(0n, U64_MAX)),
        commit_reveal_enabled: fc.boolean(),
      }),
      alpha_stake: perUid(stake),
      tao_stake: perUid(fc.oneof(fc.constant("0"), stake)),
      validator_permit_before: perUid(fc.boolean()),
      weights_u16: perUid(sparseRow(n, weightValue)),
      bonds_u16_before: perUid(sparseRow(n, fc.integer({ min: 0, max: 65535 }))),
      last_update: perUid(fc.integer({ min: 0, max: block })),
      block_at_registration: perUid(fc.integer({ min: 0, max: block })),
      commit_blocks: fc.option(perUid(fc.oneof(fc.constant("u64::MAX"), fc.integer({ min: 0, max: block }))), { nil: null }),
    });
  });
}
