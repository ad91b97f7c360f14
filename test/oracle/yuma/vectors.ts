/**
 * subtensor's own Yuma test values (test/vectors/yuma/vectors.json, format in
 * test/vectors/yuma/README.md; the spec they test is docs/spec/yuma.md), with types for the parts
 * the tests read and the generator of the 512-uid cases.
 */
import * as fs from "fs";
import * as path from "path";

export const VECTORS_PATH = path.join(__dirname, "..", "..", "vectors", "yuma", "vectors.json");
/**
 * sha256 of vectors.json as taken from subtensor's tests. The file is reference data, not ours to
 * edit: a change to it must be a new import of subtensor's values, which comes with a new hash here.
 */
export const VECTORS_SHA256 = "5ba1850934fcb159a0d898284ce4cc6abd788de9e1c72cdd3e50c152faa75123";

export interface Assertion {
  field: string;
  index?: number | [number | "uid", number];
  op: "eq" | "approx" | "gt" | "equal_to_each_other";
  value?: number | boolean;
  epsilon?: number;
  indices?: number[];
  for_each_uid_in?: "validators" | "servers";
}

export interface VectorEpoch {
  label: string | null;
  input: Record<string, unknown>;
  asserted: Assertion[];
  derived_outputs?: Record<string, unknown>;
}

export interface EpochCase {
  id: string;
  description: string;
  generator?: Record<string, unknown>;
  epochs: VectorEpoch[];
}

export interface MathCase {
  id: string;
  function: string;
  inputs?: Record<string, unknown>;
  expected: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Vectors {
  epoch_cases: EpochCase[];
  math_cases: MathCase[];
}

let cached: Vectors | undefined;

/**
 * JSON.parse, except that integers beyond 2^53 become decimal strings instead of losing bits
 * (the vectors hold raw I32F32 values such as exp(20) = 2066907302758576256).
 */
export function parseJsonLossless(text: string): unknown {
  return JSON.parse(
    text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, (m, pre: string, digits: string) =>
      Number.isSafeInteger(Number(digits)) ? m : `${pre}"${digits}"`,
    ),
  );
}

export function loadVectors(): Vectors {
  cached ??= parseJsonLossless(fs.readFileSync(VECTORS_PATH, "utf8")) as Vectors;
  return cached;
}

/** Roles in the generated 512-uid graph: validators are uids 0..63, servers the rest. */
export const GRAPH_512 = { n: 512, validators: 64, validatorStake: 328_125_000_000_000 } as const;

/**
 * Build the literal input of a `test_512_graph` epoch from its case's generator description
 * (stake, weights, last_update) and the chained state of the previous epoch (permits, bonds).
 */
export function generate512Input(
  epoch: VectorEpoch,
  serverSelf: boolean,
  previous: { permits: boolean[]; bonds: Array<Array<[number, number]>> } | null,
): Record<string, unknown> {
  const { n, validators, validatorStake } = GRAPH_512;
  const uids = Array.from({ length: n }, (_, i) => i);
  const isValidator = (i: number): boolean => i < validators;
  const servers = uids.filter((i) => !isValidator(i));
  return {
    ...epoch.input,
    alpha_stake: uids.map((i) => (isValidator(i) ? validatorStake : 0)),
    tao_stake: uids.map(() => 0),
    validator_permit_before: previous ? previous.permits : uids.map(() => false),
    weights_u16: uids.map((i) => (isValidator(i) ? servers.map((s) => [s, 65535]) : serverSelf ? [[i, 65535]] : [])),
    bonds_u16_before: previous ? previous.bonds : uids.map(() => []),
    last_update: uids.map((i) => (isValidator(i) || serverSelf ? 1 : 0)),
    block_at_registration: uids.map(() => 0),
  };
}
