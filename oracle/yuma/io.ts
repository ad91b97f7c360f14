/**
 * The epoch input/output JSON format of test/vectors/yuma/README.md, parsed into typed, validated
 * values and written back. u64 values may be JSON numbers (safe integers) or decimal strings;
 * outputs above 2^53 are written as strings. Every rejection names the offending field.
 */
import { U64_MAX } from "./fixed";
import { EpochInput, EpochOutput, U16SparseRow, YumaHyperparameters } from "./types";

/** A value in an epoch input file is missing or out of range; `field` is its JSON path. */
export class YumaInputError extends Error {
  override name = "YumaInputError";
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function obj(v: Json, field: string): Record<string, Json> {
  if (!isObject(v)) throw new YumaInputError(field, "expected an object");
  return v;
}

function arr(v: Json, field: string, length?: number): Json[] {
  if (!Array.isArray(v)) throw new YumaInputError(field, "expected an array");
  if (length !== undefined && v.length !== length) {
    throw new YumaInputError(field, `expected ${length} entries (one per uid), got ${v.length}`);
  }
  return v;
}

function get(o: Record<string, Json>, key: string, field: string): Json {
  if (!(key in o)) throw new YumaInputError(`${field}.${key}`, "missing");
  return o[key];
}

function bool(v: Json, field: string): boolean {
  if (typeof v !== "boolean") throw new YumaInputError(field, "expected true or false");
  return v;
}

/** An unsigned integer of `bits` bits, from a JSON number or a decimal string. */
function uint(v: Json, field: string, bits: number): bigint {
  let n: bigint;
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new YumaInputError(field, "expected an integer (use a decimal string above 2^53)");
    if (v < 0) throw new YumaInputError(field, "expected an unsigned integer, got a negative number");
    n = BigInt(v);
  } else if (typeof v === "string" && /^[0-9]+$/.test(v)) {
    n = BigInt(v);
  } else {
    throw new YumaInputError(field, "expected an unsigned integer");
  }
  if (n >= 1n << BigInt(bits)) throw new YumaInputError(field, `exceeds u${bits}`);
  return n;
}

const u64 = (v: Json, field: string): bigint => uint(v, field, 64);
const u16 = (v: Json, field: string): number => Number(uint(v, field, 16));

function i16(v: Json, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < -32768 || v > 32767) {
    throw new YumaInputError(field, "expected an i16 integer");
  }
  return v;
}

function sparseRows(v: Json, field: string, n: number): U16SparseRow[] {
  return arr(v, field, n).map((row, i) =>
    arr(row, `${field}[${i}]`).map((entry, k) => {
      const f = `${field}[${i}][${k}]`;
      const pair = arr(entry, f, 2);
      return [u16(pair[0], `${f}[0]`), u16(pair[1], `${f}[1]`)] as const;
    }),
  );
}

function parseHyperparameters(v: Json, field: string): YumaHyperparameters {
  const h = obj(v, field);
  const f = (k: string): string => `${field}.${k}`;
  const tempo = uint(get(h, "tempo", field), f("tempo"), 16);
  const factor =
    h.activity_cutoff_factor_milli === undefined ? null : Number(uint(h.activity_cutoff_factor_milli, f("activity_cutoff_factor_milli"), 32));
  let cutoff: bigint;
  if (h.activity_cutoff_blocks !== undefined) {
    cutoff = u64(h.activity_cutoff_blocks, f("activity_cutoff_blocks"));
    if (factor !== null && cutoff !== activityCutoffBlocks(factor, tempo)) {
      throw new YumaInputError(
        f("activity_cutoff_blocks"),
        `disagrees with activity_cutoff_factor_milli x tempo / 1000 = ${activityCutoffBlocks(factor, tempo)}`,
      );
    }
  } else if (factor !== null) {
    cutoff = activityCutoffBlocks(factor, tempo);
  } else {
    throw new YumaInputError(f("activity_cutoff_blocks"), "missing (give it or activity_cutoff_factor_milli)");
  }
  const alphaValues = arr(get(h, "alpha_values_u16", field), f("alpha_values_u16"), 2);
  return {
    tempo,
    activityCutoffFactorMilli: factor,
    activityCutoffBlocks: cutoff,
    kappa: u16(get(h, "kappa_u16", field), f("kappa_u16")),
    bondsPenalty: u16(get(h, "bonds_penalty_u16", field), f("bonds_penalty_u16")),
    bondsMovingAverage: u64(get(h, "bonds_moving_average", field), f("bonds_moving_average")),
    maxAllowedValidators: u16(get(h, "max_allowed_validators", field), f("max_allowed_validators")),
    stakeThreshold: u64(get(h, "stake_threshold", field), f("stake_threshold")),
    yuma3Enabled: bool(get(h, "yuma3_enabled", field), f("yuma3_enabled")),
    liquidAlphaEnabled: bool(get(h, "liquid_alpha_enabled", field), f("liquid_alpha_enabled")),
    alphaValues: [u16(alphaValues[0], f("alpha_values_u16[0]")), u16(alphaValues[1], f("alpha_values_u16[1]"))],
    alphaSigmoidSteepness: i16(get(h, "alpha_sigmoid_steepness", field), f("alpha_sigmoid_steepness")),
    taoWeight: u64(get(h, "tao_weight_u64", field), f("tao_weight_u64")),
    commitRevealEnabled: bool(get(h, "commit_reveal_enabled", field), f("commit_reveal_enabled")),
  };
}

/** `get_activity_cutoff_blocks`: max(factor · tempo / 1000, 1). */
export function activityCutoffBlocks(factorMilli: number, tempo: bigint): bigint {
  const blocks = (BigInt(factorMilli) * tempo) / 1000n;
  return blocks < 1n ? 1n : blocks;
}

/** Parse and validate one epoch input; `field` prefixes error paths (e.g. "inputs[3]"). */
export function parseEpochInput(v: Json, field = "input"): EpochInput {
  const o = obj(v, field);
  const f = (k: string): string => `${field}.${k}`;
  const alphaStake = arr(get(o, "alpha_stake", field), f("alpha_stake")).map((x, i) => u64(x, `${f("alpha_stake")}[${i}]`));
  const n = alphaStake.length;
  if (n > 65535) throw new YumaInputError(f("alpha_stake"), "more than 65535 uids");
  const perUid = <T>(key: string, parse: (x: Json, field: string) => T): T[] =>
    arr(get(o, key, field), f(key), n).map((x, i) => parse(x, `${f(key)}[${i}]`));

  let ownerUid: number | null = null;
  const ownerJson = get(o, "owner_uid", field);
  if (ownerJson !== null) {
    ownerUid = u16(ownerJson, f("owner_uid"));
    if (ownerUid >= n) throw new YumaInputError(f("owner_uid"), `uid ${ownerUid} is not registered (n = ${n})`);
  }
  const commitJson = o.commit_blocks ?? null;
  const commitBlocks =
    commitJson === null
      ? null
      : arr(commitJson, f("commit_blocks"), n).map((x, i) => (x === "u64::MAX" ? U64_MAX : u64(x, `${f("commit_blocks")}[${i}]`)));

  return {
    currentBlock: u64(get(o, "current_block", field), f("current_block")),
    raoEmission: u64(get(o, "rao_emission", field), f("rao_emission")),
    ownerUid,
    lastMechanismStepBlock: u64(get(o, "last_mechanism_step_block", field), f("last_mechanism_step_block")),
    hyperparameters: parseHyperparameters(get(o, "hyperparameters", field), f("hyperparameters")),
    alphaStake,
    taoStake: perUid("tao_stake", u64),
    validatorPermit: perUid("validator_permit_before", bool),
    weights: sparseRows(get(o, "weights_u16", field), f("weights_u16"), n),
    bonds: sparseRows(get(o, "bonds_u16_before", field), f("bonds_u16_before"), n),
    lastUpdate: perUid("last_update", u64),
    blockAtRegistration: perUid("block_at_registration", u64),
    commitBlocks,
  };
}

/**
 * A file holds one epoch input or a JSON array of them; returns the inputs and whether the file
 * was an array (outputs are written in the same shape).
 */
export function parseEpochInputs(v: Json): { inputs: EpochInput[]; isArray: boolean } {
  if (Array.isArray(v)) return { inputs: v.map((x, i) => parseEpochInput(x, `inputs[${i}]`)), isArray: true };
  return { inputs: [parseEpochInput(v)], isArray: false };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** u64 as a JSON number when exact, else a decimal string. */
export function u64ToJson(x: bigint): number | string {
  return x <= MAX_SAFE && x >= -MAX_SAFE ? Number(x) : x.toString();
}

/** The JSON form of one epoch's outputs (field names as in the vectors' `derived_outputs`). */
export interface EpochOutputJson {
  active: boolean[];
  stake_weight_u16: number[];
  consensus_u16: number[];
  incentive_u16: number[];
  dividends_u16: number[];
  validator_trust_u16: number[];
  emission: Array<number | string>;
  server_emission: Array<number | string>;
  validator_emission: Array<number | string>;
  new_validator_permits: boolean[];
  bonds_u16_after: Array<Array<[number, number]>>;
  stake_raw_i32f32: Array<number | string>;
  active_stake_raw_i32f32: Array<number | string>;
  consensus_raw_i32f32: Array<number | string>;
  incentive_raw_i32f32: Array<number | string>;
  dividends_raw_i32f32: Array<number | string>;
}

export function formatEpochOutput(out: EpochOutput): EpochOutputJson {
  const u64s = (xs: bigint[]): Array<number | string> => xs.map(u64ToJson);
  return {
    active: out.active,
    stake_weight_u16: out.stakeWeight,
    consensus_u16: out.consensus,
    incentive_u16: out.incentive,
    dividends_u16: out.dividends,
    validator_trust_u16: out.validatorTrust,
    emission: u64s(out.emission),
    server_emission: u64s(out.serverEmission),
    validator_emission: u64s(out.validatorEmission),
    new_validator_permits: out.newValidatorPermits,
    bonds_u16_after: out.bonds,
    stake_raw_i32f32: u64s(out.raw.stake),
    active_stake_raw_i32f32: u64s(out.raw.activeStake),
    consensus_raw_i32f32: u64s(out.raw.consensus),
    incentive_raw_i32f32: u64s(out.raw.incentive),
    dividends_raw_i32f32: u64s(out.raw.dividends),
  };
}
