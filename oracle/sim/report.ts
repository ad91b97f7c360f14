/**
 * Simulation results as files: JSON (everything, bigints as decimal strings) and a long-format CSV
 * (one row per variant, epoch and uid) for spreadsheets and pandas.
 */
import { formatRao, formatTable } from "../../scripts/lib/table";
import { U16SparseRow } from "../yuma";
import { SimulationResult, VariantResult } from "./simulate";

/** The JSON form of a simulation result (`toJson`); u64 amounts are decimal strings. */
export interface SimulationJson {
  scenario: {
    name: string;
    description: string;
    epochs: number;
    tempo: number;
    emission_rao_per_epoch: string;
    max_allowed_validators: number;
    owner_uid: number | null;
  };
  backend: string;
  uids: Array<{ uid: number; name: string; role: string; stake_rao: string; registration_block: string }>;
  variants: Array<{
    name: string;
    hyperparameters: {
      yuma3: boolean;
      liquid_alpha: boolean;
      kappa_u16: number;
      bonds_penalty_u16: number;
      bonds_moving_average: string;
      alpha_values_u16: [number, number];
      alpha_sigmoid_steepness: number;
      activity_cutoff_factor_milli: number;
    };
    cumulative_validator_emission_rao: string[];
    cumulative_server_emission_rao: string[];
    epochs: Array<{
      epoch: number;
      block: string;
      weights_u16: Array<Array<[number, number]>>;
      active: boolean[];
      consensus_u16: number[];
      incentive_u16: number[];
      dividends_u16: number[];
      validator_trust_u16: number[];
      bonds_u16: Array<Array<[number, number]>>;
      validator_permit: boolean[];
      server_emission_rao: string[];
      validator_emission_rao: string[];
    }>;
  }>;
}

const decimals = (xs: readonly bigint[]): string[] => xs.map(String);
const rows = (rs: readonly U16SparseRow[]): Array<Array<[number, number]>> => rs.map((r) => r.map(([j, w]) => [j, w]));

function variantJson(v: VariantResult): SimulationJson["variants"][number] {
  const s = v.spec;
  return {
    name: s.name,
    hyperparameters: {
      yuma3: s.yuma3,
      liquid_alpha: s.liquidAlpha,
      kappa_u16: s.kappa,
      bonds_penalty_u16: s.bondsPenalty,
      bonds_moving_average: String(s.bondsMovingAverage),
      alpha_values_u16: [s.alphaValues[0], s.alphaValues[1]],
      alpha_sigmoid_steepness: s.alphaSigmoidSteepness,
      activity_cutoff_factor_milli: s.activityCutoffFactorMilli,
    },
    cumulative_validator_emission_rao: decimals(v.cumulativeValidatorEmission),
    cumulative_server_emission_rao: decimals(v.cumulativeServerEmission),
    epochs: v.epochs.map((r) => ({
      epoch: r.epoch,
      block: String(r.block),
      weights_u16: rows(r.weights),
      active: [...r.active],
      consensus_u16: [...r.consensus],
      incentive_u16: [...r.incentive],
      dividends_u16: [...r.dividends],
      validator_trust_u16: [...r.validatorTrust],
      bonds_u16: rows(r.bonds),
      validator_permit: [...r.validatorPermit],
      server_emission_rao: decimals(r.serverEmission),
      validator_emission_rao: decimals(r.validatorEmission),
    })),
  };
}

/** The whole result as a JSON-ready object: per variant, per epoch, per uid. */
export function toJsonValue(result: SimulationResult): SimulationJson {
  const s = result.scenario;
  return {
    scenario: {
      name: s.name,
      description: s.description,
      epochs: s.epochs,
      tempo: s.tempo,
      emission_rao_per_epoch: String(s.emissionRaoPerEpoch),
      max_allowed_validators: s.maxAllowedValidators,
      owner_uid: s.owner,
    },
    backend: result.backend,
    uids: result.uids.map((u) => ({ uid: u.uid, name: u.name, role: u.role, stake_rao: String(u.stakeRao), registration_block: String(u.registrationBlock) })),
    variants: result.variants.map(variantJson),
  };
}

/** `toJsonValue` as text (compact; the file can be large). */
export function toJson(result: SimulationResult): string {
  return `${JSON.stringify(toJsonValue(result))}\n`;
}

/** The CSV header of `toCsv`. */
export const CSV_HEADER = [
  "variant",
  "epoch",
  "uid",
  "name",
  "role",
  "consensus",
  "incentive",
  "dividends",
  "validator_trust",
  "emission_rao",
  "bonds",
] as const;

/** RFC 4180 quoting: only when the value needs it. */
function csvField(value: string | number | bigint): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Long format, one row per (variant, epoch, uid): the u16 terms (consensus, incentive, dividends,
 * validator_trust, each /65535), `emission_rao` = server + validator emission paid to the uid, and
 * `bonds` = the uid's stored bond row as `uid:value;uid:value` (u16; empty for non-validators).
 */
export function toCsv(result: SimulationResult): string {
  const lines = [CSV_HEADER.join(",")];
  for (const v of result.variants) {
    for (const r of v.epochs) {
      for (const u of result.uids) {
        const i = u.uid;
        const bonds = (r.bonds[i] ?? []).map(([j, w]) => `${j}:${w}`).join(";");
        lines.push(
          [
            v.spec.name,
            r.epoch,
            i,
            u.name,
            u.role,
            r.consensus[i],
            r.incentive[i],
            r.dividends[i],
            r.validatorTrust[i],
            r.serverEmission[i] + r.validatorEmission[i],
            bonds,
          ]
            .map(csvField)
            .join(","),
        );
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

/** part / total in percent with two decimals ("12.34"), exact integer rounding; "-" if total is 0. */
export function sharePercent(part: bigint, total: bigint): string {
  if (total === 0n) return "-";
  const bp = (part * 10_000n + total / 2n) / total;
  return `${bp / 100n}.${String(bp % 100n).padStart(2, "0")}`;
}

/** The headline as a terminal table: each validator's cumulative dividends (TAO) and share, per variant. */
export function formatSummary(result: SimulationResult): string {
  const validators = result.uids.filter((u) => u.role === "validator");
  const totals = result.variants.map((v) => validators.reduce((s, u) => s + v.cumulativeValidatorEmission[u.uid], 0n));
  const headers = ["validator", ...result.variants.flatMap((v) => [`${v.spec.name} (TAO)`, "%"])];
  const rows = validators.map((u) => [
    u.name,
    ...result.variants.flatMap((v, k) => [formatRao(v.cumulativeValidatorEmission[u.uid]), sharePercent(v.cumulativeValidatorEmission[u.uid], totals[k])]),
  ]);
  return formatTable(headers, rows);
}
