/**
 * Yuma simulator scenarios: a small subnet (validators with behaviours, miners) run for a number of
 * epochs under several Yuma variants at once. `parseScenario` validates the JSON form and resolves
 * names; every rejection is a `ScenarioError` naming the offending field.
 *
 * JSON format (examples/scenarios/README.md has the long version):
 * ```
 * {
 *   "name": "weight-copier",                  required, non-empty
 *   "description": "...",                     optional text
 *   "epochs": 60,                             K, 1..10000
 *   "tempo": 360,                             blocks per epoch, 1..65535 (default 360)
 *   "emission_rao_per_epoch": "295200000000", u64 (default tempo × 820_000_000: 1 α per block less the 18% owner cut)
 *   "max_allowed_validators": 64,             permit top-k (default 64)
 *   "miners": 6 | ["m0", "alice", ...],       a count (names m0, m1, ...) or the names
 *   "miner_registrations": { "alice": 10 },   optional: miner → epoch it registers at (default: before epoch 0)
 *   "owner": "v0",                            optional: the validator that owns the subnet (default none)
 *   "validators": [ { "name": "v0", "stake": "1000.5", "behaviour": { "type": ..., ... } } ],
 *   "variants": [ { "name": "...", "yuma3": true, "liquid_alpha": true, "kappa_u16": 32767, ... } ]
 * }
 * ```
 * Stake is in TAO/alpha, a decimal string (or a plain JSON number) with at most 9 decimals, turned
 * into rao exactly. Weights maps go from miner name to a relative value (any non-negative number);
 * they are stored as subtensor stores a `set_weights` call: max-upscaled to u16 with 65535 on the
 * largest, zero entries dropped (as the bittensor SDK drops them). A miner cannot be weighted
 * before the epoch it registers at. Behaviours:
 * - `{ "type": "fixed", "weights": {...} }`
 * - `{ "type": "schedule", "changes": [{ "epoch": k, "weights": {...} }] }`: no weights before the first change
 * - `{ "type": "moves_to", "from": {...}, "to": {...}, "epoch": k }`: `from` before epoch k, `to` from k on
 * - `{ "type": "copies_consensus", "lag": 1, "initial": {...} }`: the consensus of epoch k − lag, max-upscaled;
 *   `initial` (optional) for the first `lag` epochs
 * - `{ "type": "late", "like": "v0", "delay": 2, "initial": {...} }`: the weights `like` had stored at
 *   epoch k − delay; `initial` (optional) before that
 * An empty weights map (or all zeros) means the validator submits nothing: its last weights stay
 * stored, its last_update ages, and it turns inactive after the activity cutoff, as on chain.
 */
import { U64_MAX } from "../yuma/fixed";
import { vecU16MaxUpscaleToU16 } from "../yuma/math";

/** A scenario value is missing, malformed or out of range; `field` is its JSON path. */
export class ScenarioError extends Error {
  override name = "ScenarioError";
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** Stored weights of one validator: (miner index, u16) pairs by miner index, no zeros. */
export type MinerWeights = ReadonlyArray<readonly [number, number]>;

export type Behaviour =
  | { readonly type: "fixed"; readonly weights: MinerWeights }
  | { readonly type: "schedule"; readonly changes: ReadonlyArray<{ readonly epoch: number; readonly weights: MinerWeights }> }
  | { readonly type: "moves_to"; readonly from: MinerWeights; readonly to: MinerWeights; readonly epoch: number }
  | { readonly type: "copies_consensus"; readonly lag: number; readonly initial: MinerWeights }
  /** `like` is a validator index. */
  | { readonly type: "late"; readonly like: number; readonly delay: number; readonly initial: MinerWeights };

export interface ValidatorSpec {
  readonly name: string;
  readonly stakeRao: bigint;
  readonly behaviour: Behaviour;
}

export interface MinerSpec {
  readonly name: string;
  /** The epoch k it registers at (between epochs k − 1 and k), or null if registered before the run. */
  readonly registrationEpoch: number | null;
}

/** One Yuma variant: the hyperparameters that differ between the runs compared. */
export interface VariantSpec {
  readonly name: string;
  readonly yuma3: boolean;
  readonly liquidAlpha: boolean;
  readonly kappa: number;
  readonly bondsPenalty: number;
  readonly bondsMovingAverage: bigint;
  readonly alphaValues: readonly [number, number];
  readonly alphaSigmoidSteepness: number;
  readonly activityCutoffFactorMilli: number;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly epochs: number;
  readonly tempo: number;
  readonly emissionRaoPerEpoch: bigint;
  readonly maxAllowedValidators: number;
  readonly validators: readonly ValidatorSpec[];
  readonly miners: readonly MinerSpec[];
  /** Validator index of the subnet owner, or null. */
  readonly owner: number | null;
  readonly variants: readonly VariantSpec[];
}

export const MAX_EPOCHS = 10_000;
export const MAX_UIDS = 4096;
export const MAX_VARIANTS = 64;

/** Subtensor's runtime defaults (docs/spec/yuma.md §13); Yuma3 is on for new subnets. */
const VARIANT_DEFAULTS: Omit<VariantSpec, "name"> = {
  yuma3: true,
  liquidAlpha: false,
  kappa: 32_767,
  bondsPenalty: 65_535,
  bondsMovingAverage: 900_000n,
  alphaValues: [45_875, 58_982],
  alphaSigmoidSteepness: 1_000,
  activityCutoffFactorMilli: 13_889,
};

/** The variants run when a scenario names none: today's default for new subnets against classic Yuma. */
export const DEFAULT_VARIANTS: readonly VariantSpec[] = [
  { ...VARIANT_DEFAULTS, name: "Yuma3 + liquid alpha", yuma3: true, liquidAlpha: true },
  { ...VARIANT_DEFAULTS, name: "classic Yuma", yuma3: false, liquidAlpha: false },
];

/** Per block: 1 α less the 18% owner cut (11_796/65535 ≈ 0.18), in rao. */
const DEFAULT_EMISSION_RAO_PER_BLOCK = 820_000_000n;
const RAO_PER_TAO = 1_000_000_000n;

type Json = unknown;
type JsonObject = Record<string, Json>;

const key = (field: string, k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? `${field}.${k}` : `${field}[${JSON.stringify(k)}]`);
const join = (field: string, k: string): string => (field === "" ? k : key(field, k));

/** A JSON object with any keys (a map by name). */
function record(v: Json, field: string, what = "an object"): JsonObject {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ScenarioError(field || "scenario", `expected ${what}`);
  return v as JsonObject;
}

/** A JSON object whose keys must be among `allowed` (unknown keys are usually typos). */
function object(v: Json, field: string, allowed: readonly string[]): JsonObject {
  const o = record(v, field);
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ScenarioError(join(field, k), `unknown field (expected one of: ${allowed.join(", ")})`);
  }
  return o;
}

function array(v: Json, field: string, min: number, max: number): Json[] {
  if (!Array.isArray(v)) throw new ScenarioError(field, "expected an array");
  if (v.length < min || v.length > max) throw new ScenarioError(field, `expected ${min}..${max} entries, got ${v.length}`);
  return v;
}

function integer(v: Json, field: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new ScenarioError(field, "expected an integer");
  if (v < min || v > max) throw new ScenarioError(field, `out of range ${min}..${max}, got ${v}`);
  return v;
}

function boolean(v: Json, field: string): boolean {
  if (typeof v !== "boolean") throw new ScenarioError(field, "expected true or false");
  return v;
}

function text(v: Json, field: string, allowEmpty = false): string {
  if (typeof v !== "string") throw new ScenarioError(field, "expected a string");
  if (!allowEmpty && v.trim() === "") throw new ScenarioError(field, "must not be empty");
  return v;
}

/** u64 from a safe JSON integer or a decimal string. */
function u64(v: Json, field: string, max = U64_MAX): bigint {
  let n: bigint;
  if (typeof v === "number" && Number.isSafeInteger(v)) n = BigInt(v);
  else if (typeof v === "string" && /^-?[0-9]+$/.test(v)) n = BigInt(v);
  else throw new ScenarioError(field, "expected an integer (a decimal string above 2^53)");
  if (n < 0n) throw new ScenarioError(field, "must not be negative");
  if (n > max) throw new ScenarioError(field, `exceeds ${max}`);
  return n;
}

/**
 * A TAO/alpha amount ("1000.5", 1000.5) in rao, exactly: the decimal text is split at the point,
 * never multiplied as a float. JSON numbers are accepted when they print as plain decimals.
 */
export function taoToRao(v: Json, field: string): bigint {
  const s = typeof v === "number" && Number.isFinite(v) ? String(v) : v;
  if (typeof s !== "string") throw new ScenarioError(field, "expected a decimal amount of TAO");
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(s.trim());
  if (!m) throw new ScenarioError(field, `expected a decimal amount of TAO, got ${JSON.stringify(s)} (write it as a decimal string)`);
  const [, sign, whole, frac = ""] = m;
  if (frac.length > 9) throw new ScenarioError(field, "more than 9 decimals (1 rao = 1e-9 TAO)");
  const rao = BigInt(whole) * RAO_PER_TAO + BigInt(frac.padEnd(9, "0"));
  if (sign === "-" && rao !== 0n) throw new ScenarioError(field, "must not be negative");
  if (rao > U64_MAX) throw new ScenarioError(field, "exceeds u64 rao");
  return rao;
}

/**
 * Relative weights as subtensor stores them after `set_weights`: the SDK scales the largest to
 * 65535 and rounds (convert_weights_and_uids_for_emit), the chain max-upscales the u16 vector
 * (`vec_u16_max_upscale_to_u16`), and zero entries are not submitted.
 */
export function storedWeights(entries: ReadonlyArray<readonly [number, number]>): MinerWeights {
  const max = entries.reduce((m, [, w]) => Math.max(m, w), 0);
  if (max === 0) return [];
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  const submitted = sorted.map(([, w]) => Math.round((w / max) * 65535));
  const stored = vecU16MaxUpscaleToU16(submitted);
  return sorted.map(([j], k) => [j, stored[k]] as const).filter(([, w]) => w > 0);
}

/** The default output folder name for a scenario: its name, lowercased, dashes for the rest. */
export function scenarioSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "scenario" : slug.slice(0, 80);
}

interface Names {
  readonly miners: ReadonlyMap<string, number>;
  readonly validators: ReadonlyMap<string, number>;
  readonly registration: ReadonlyArray<number | null>;
  readonly epochs: number;
}

/** A weights map by miner name, usable from `fromEpoch` on (a miner cannot be weighted before it registers). */
function weightsMap(v: Json, field: string, names: Names, fromEpoch: number): MinerWeights {
  const entries: Array<readonly [number, number]> = [];
  for (const [name, w] of Object.entries(record(v, field, "an object of miner name → weight"))) {
    const f = key(field, name);
    const j = names.miners.get(name);
    if (j === undefined) {
      throw new ScenarioError(f, names.validators.has(name) ? "is a validator; weights go to miners" : "unknown miner");
    }
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) throw new ScenarioError(f, "expected a non-negative number");
    const registers = names.registration[j];
    if (w > 0 && registers !== null && registers > fromEpoch) {
      throw new ScenarioError(f, `miner registers at epoch ${registers}; it cannot be weighted at epoch ${fromEpoch}`);
    }
    entries.push([j, w]);
  }
  return storedWeights(entries);
}

const BEHAVIOUR_KEYS: Record<Behaviour["type"], readonly string[]> = {
  fixed: ["type", "weights"],
  schedule: ["type", "changes"],
  moves_to: ["type", "from", "to", "epoch"],
  copies_consensus: ["type", "lag", "initial"],
  late: ["type", "like", "delay", "initial"],
};

const isBehaviourType = (t: Json): t is Behaviour["type"] => typeof t === "string" && Object.hasOwn(BEHAVIOUR_KEYS, t);

function behaviour(v: Json, field: string, names: Names, self: number): Behaviour {
  const type = record(v, field, "an object with a type").type;
  if (!isBehaviourType(type)) {
    throw new ScenarioError(`${field}.type`, `unknown behaviour ${JSON.stringify(type)} (expected one of: ${Object.keys(BEHAVIOUR_KEYS).join(", ")})`);
  }
  const o = object(v, field, BEHAVIOUR_KEYS[type]);
  const last = names.epochs - 1;
  const required = (k: string): Json => {
    if (o[k] === undefined) throw new ScenarioError(`${field}.${k}`, "missing");
    return o[k];
  };
  const initial = (): MinerWeights => (o.initial === undefined ? [] : weightsMap(o.initial, `${field}.initial`, names, 0));
  switch (type) {
    case "fixed":
      return { type, weights: weightsMap(required("weights"), `${field}.weights`, names, 0) };
    case "schedule": {
      let previous = -1;
      const changes = array(required("changes"), `${field}.changes`, 1, MAX_EPOCHS).map((c, i) => {
        const f = `${field}.changes[${i}]`;
        const change = object(c, f, ["epoch", "weights"]);
        const epoch = integer(change.epoch, `${f}.epoch`, 0, last);
        if (epoch <= previous) throw new ScenarioError(`${f}.epoch`, "changes must be in increasing epoch order");
        previous = epoch;
        if (change.weights === undefined) throw new ScenarioError(`${f}.weights`, "missing");
        return { epoch, weights: weightsMap(change.weights, `${f}.weights`, names, epoch) };
      });
      return { type, changes };
    }
    case "moves_to": {
      const epoch = integer(required("epoch"), `${field}.epoch`, 0, last);
      return {
        type,
        epoch,
        from: weightsMap(required("from"), `${field}.from`, names, 0),
        to: weightsMap(required("to"), `${field}.to`, names, epoch),
      };
    }
    case "copies_consensus":
      return { type, lag: o.lag === undefined ? 1 : integer(o.lag, `${field}.lag`, 1, names.epochs), initial: initial() };
    case "late": {
      const likeName = text(required("like"), `${field}.like`);
      const like = names.validators.get(likeName);
      if (like === undefined) throw new ScenarioError(`${field}.like`, `unknown validator ${JSON.stringify(likeName)}`);
      if (like === self) throw new ScenarioError(`${field}.like`, "a validator cannot copy itself");
      return { type, like, delay: integer(required("delay"), `${field}.delay`, 1, names.epochs), initial: initial() };
    }
  }
}

const VARIANT_KEYS = [
  "name",
  "yuma3",
  "liquid_alpha",
  "kappa_u16",
  "bonds_penalty_u16",
  "bonds_moving_average",
  "alpha_values_u16",
  "alpha_sigmoid_steepness",
  "activity_cutoff_factor_milli",
] as const;

function variant(v: Json, field: string): VariantSpec {
  const o = object(v, field, VARIANT_KEYS);
  const d = VARIANT_DEFAULTS;
  const opt = <T>(k: (typeof VARIANT_KEYS)[number], parse: (x: Json, f: string) => T, fallback: T): T =>
    o[k] === undefined ? fallback : parse(o[k], `${field}.${k}`);
  let alphaValues = d.alphaValues;
  if (o.alpha_values_u16 !== undefined) {
    const f = `${field}.alpha_values_u16`;
    const pair = array(o.alpha_values_u16, f, 2, 2);
    alphaValues = [integer(pair[0], `${f}[0]`, 0, 65535), integer(pair[1], `${f}[1]`, 0, 65535)];
    if (alphaValues[0] > alphaValues[1]) throw new ScenarioError(f, "low must not exceed high");
  }
  return {
    name: text(o.name, `${field}.name`),
    yuma3: opt("yuma3", boolean, d.yuma3),
    liquidAlpha: opt("liquid_alpha", boolean, d.liquidAlpha),
    kappa: opt("kappa_u16", (x, f) => integer(x, f, 0, 65535), d.kappa),
    bondsPenalty: opt("bonds_penalty_u16", (x, f) => integer(x, f, 0, 65535), d.bondsPenalty),
    // A fraction of 1e6; above it the EMA rate 1 − BMA/1e6 would be negative.
    bondsMovingAverage: opt("bonds_moving_average", (x, f) => u64(x, f, 1_000_000n), d.bondsMovingAverage),
    alphaValues,
    alphaSigmoidSteepness: opt("alpha_sigmoid_steepness", (x, f) => integer(x, f, -32768, 32767), d.alphaSigmoidSteepness),
    activityCutoffFactorMilli: opt("activity_cutoff_factor_milli", (x, f) => integer(x, f, 0, 0xffff_ffff), d.activityCutoffFactorMilli),
  };
}

function uniqueName(seen: Map<string, string>, name: string, field: string): void {
  const other = seen.get(name);
  if (other !== undefined) throw new ScenarioError(field, `name ${JSON.stringify(name)} is already used by ${other}`);
  seen.set(name, field);
}

const SCENARIO_KEYS = [
  "name",
  "description",
  "epochs",
  "tempo",
  "emission_rao_per_epoch",
  "max_allowed_validators",
  "miners",
  "miner_registrations",
  "validators",
  "owner",
  "variants",
] as const;

/** Validate a scenario's JSON (see the format above) and resolve its names into indices. */
export function parseScenario(json: unknown): Scenario {
  const o = object(json, "", SCENARIO_KEYS);
  const required = (k: (typeof SCENARIO_KEYS)[number]): Json => {
    if (o[k] === undefined) throw new ScenarioError(k, "missing");
    return o[k];
  };
  const name = text(required("name"), "name");
  const description = o.description === undefined ? "" : text(o.description, "description", true);
  const epochs = integer(required("epochs"), "epochs", 1, MAX_EPOCHS);
  const tempo = o.tempo === undefined ? 360 : integer(o.tempo, "tempo", 1, 65535);
  const emissionRaoPerEpoch =
    o.emission_rao_per_epoch === undefined ? BigInt(tempo) * DEFAULT_EMISSION_RAO_PER_BLOCK : u64(o.emission_rao_per_epoch, "emission_rao_per_epoch");
  const maxAllowedValidators = o.max_allowed_validators === undefined ? 64 : integer(o.max_allowed_validators, "max_allowed_validators", 1, 65535);

  // Names first: behaviours refer to miners and validators by name.
  const seen = new Map<string, string>();
  const minersJson = required("miners");
  let minerNames: string[];
  if (typeof minersJson === "number") {
    minerNames = Array.from({ length: integer(minersJson, "miners", 1, MAX_UIDS) }, (_, j) => `m${j}`);
  } else {
    minerNames = array(minersJson, "miners", 1, MAX_UIDS).map((m, j) => text(m, `miners[${j}]`));
  }
  minerNames.forEach((m, j) => uniqueName(seen, m, `miners[${j}]`));
  const validatorsJson = array(required("validators"), "validators", 1, MAX_UIDS);
  const validatorNames = validatorsJson.map((v, i) => {
    const f = `validators[${i}]`;
    const vname = text(object(v, f, ["name", "stake", "behaviour"]).name, `${f}.name`);
    uniqueName(seen, vname, `${f}.name`);
    return vname;
  });
  if (minerNames.length + validatorNames.length > MAX_UIDS) throw new ScenarioError("miners", `more than ${MAX_UIDS} uids in all`);

  const minerIndex = new Map(minerNames.map((m, j) => [m, j]));
  const registration: Array<number | null> = minerNames.map(() => null);
  if (o.miner_registrations !== undefined) {
    for (const [m, epoch] of Object.entries(record(o.miner_registrations, "miner_registrations"))) {
      const j = minerIndex.get(m);
      if (j === undefined) throw new ScenarioError(key("miner_registrations", m), "unknown miner");
      registration[j] = integer(epoch, key("miner_registrations", m), 0, epochs - 1);
    }
  }
  const names: Names = {
    miners: minerIndex,
    validators: new Map(validatorNames.map((v, i) => [v, i])),
    registration,
    epochs,
  };

  const validators = validatorsJson.map((v, i): ValidatorSpec => {
    const f = `validators[${i}]`;
    const vo = v as JsonObject;
    if (vo.stake === undefined) throw new ScenarioError(`${f}.stake`, "missing");
    if (vo.behaviour === undefined) throw new ScenarioError(`${f}.behaviour`, "missing");
    return { name: validatorNames[i], stakeRao: taoToRao(vo.stake, `${f}.stake`), behaviour: behaviour(vo.behaviour, `${f}.behaviour`, names, i) };
  });

  let owner: number | null = null;
  if (o.owner !== undefined && o.owner !== null) {
    const ownerName = text(o.owner, "owner");
    const index = names.validators.get(ownerName);
    if (index === undefined) throw new ScenarioError("owner", `unknown validator ${JSON.stringify(ownerName)}`);
    owner = index;
  }

  let variants = DEFAULT_VARIANTS;
  if (o.variants !== undefined) {
    const variantSeen = new Map<string, string>();
    variants = array(o.variants, "variants", 1, MAX_VARIANTS).map((v, i) => {
      const spec = variant(v, `variants[${i}]`);
      uniqueName(variantSeen, spec.name, `variants[${i}].name`);
      return spec;
    });
  }

  return {
    name,
    description,
    epochs,
    tempo,
    emissionRaoPerEpoch,
    maxAllowedValidators,
    validators,
    miners: minerNames.map((m, j) => ({ name: m, registrationEpoch: registration[j] })),
    owner,
    variants,
  };
}
