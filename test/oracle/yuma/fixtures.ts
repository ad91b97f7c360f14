/** Small epoch inputs in the JSON format, for unit tests of the engine, the parser and the CLI. */

export type EpochJson = Record<string, unknown> & { hyperparameters: Record<string, unknown> };

/** Three uids: two validators (stake 3:1) weighting the miner uid 2; classic Yuma; no owner. */
export function smallEpochJson(overrides: Partial<EpochJson> = {}): EpochJson {
  return {
    current_block: 100,
    rao_emission: 1_000_000_000,
    owner_uid: null,
    last_mechanism_step_block: 0,
    hyperparameters: {
      tempo: 360,
      activity_cutoff_factor_milli: 13889,
      activity_cutoff_blocks: 5000,
      kappa_u16: 32767,
      bonds_penalty_u16: 65535,
      bonds_moving_average: 900000,
      max_allowed_validators: 64,
      stake_threshold: 0,
      yuma3_enabled: false,
      liquid_alpha_enabled: false,
      alpha_values_u16: [45875, 58982],
      alpha_sigmoid_steepness: 1000,
      tao_weight_u64: 0,
      commit_reveal_enabled: false,
    },
    alpha_stake: [3_000_000_000, 1_000_000_000, 0],
    tao_stake: [0, 0, 0],
    validator_permit_before: [true, true, false],
    weights_u16: [[[2, 65535]], [[2, 65535]], []],
    bonds_u16_before: [[], [], []],
    last_update: [99, 99, 0],
    block_at_registration: [0, 0, 0],
    commit_blocks: null,
    ...overrides,
  };
}
