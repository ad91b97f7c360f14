/**
 * Compact forms of epoch inputs and outputs for the batched backends: sparse u16 rows as one
 * Uint32Array of (uid · 2^16 + value) entries with row offsets, vectors as typed arrays. They cost
 * little to build, cross worker threads as transferable buffers instead of millions of small
 * arrays, and let the batched epoch read rows without allocating.
 */
import { EpochInput, EpochOutput, U16SparseRow } from "../types";

/** Sparse u16 rows: row i is entries[offsets[i] .. offsets[i + 1]), each uid · 65536 + value. */
export interface PackedRows {
  readonly offsets: Uint32Array;
  readonly entries: Uint32Array;
}

/** An epoch input with its two sparse matrices packed. */
export type PackedInput = Omit<EpochInput, "weights" | "bonds"> & {
  readonly weights: PackedRows;
  readonly bonds: PackedRows;
};

export function packRows(rows: readonly U16SparseRow[]): PackedRows {
  const offsets = new Uint32Array(rows.length + 1);
  let total = 0;
  rows.forEach((row, i) => {
    total += row.length;
    offsets[i + 1] = total;
  });
  const entries = new Uint32Array(total);
  let k = 0;
  for (const row of rows) {
    for (const [uid, value] of row) {
      if (!(uid >= 0 && uid <= 0xffff && value >= 0 && value <= 0xffff)) throw new RangeError(`sparse entry (${uid}, ${value}) is not a u16 pair`);
      entries[k++] = uid * 65536 + value;
    }
  }
  return { offsets, entries };
}

export function unpackRows(rows: PackedRows): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = [];
  for (let i = 0; i + 1 < rows.offsets.length; i++) {
    const row: Array<[number, number]> = [];
    for (let k = rows.offsets[i]; k < rows.offsets[i + 1]; k++) row.push([rows.entries[k] >>> 16, rows.entries[k] & 0xffff]);
    out.push(row);
  }
  return out;
}

export function packInput(input: EpochInput): PackedInput {
  return { ...input, weights: packRows(input.weights), bonds: packRows(input.bonds) };
}

export function unpackInput(input: PackedInput): EpochInput {
  return { ...input, weights: unpackRows(input.weights), bonds: unpackRows(input.bonds) };
}

/** An epoch output in typed arrays (raw I32F32 values as signed 64-bit). */
export interface PackedOutput {
  readonly n: number;
  readonly flags: Uint8Array; // bit 0 active, bit 1 new validator permit
  readonly u16: Uint16Array; // stakeWeight, consensus, incentive, dividends, validatorTrust: 5 · n
  readonly rao: BigUint64Array; // emission, serverEmission, validatorEmission: 3 · n
  readonly raw: BigInt64Array; // stake, activeStake, consensus, incentive, dividends: 5 · n
  readonly bonds: PackedRows;
}

const U16_FIELDS = ["stakeWeight", "consensus", "incentive", "dividends", "validatorTrust"] as const;
const RAO_FIELDS = ["emission", "serverEmission", "validatorEmission"] as const;
const RAW_FIELDS = ["stake", "activeStake", "consensus", "incentive", "dividends"] as const;

export function packOutput(out: EpochOutput): PackedOutput {
  const n = out.active.length;
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) flags[i] = (out.active[i] ? 1 : 0) | (out.newValidatorPermits[i] ? 2 : 0);
  const u16 = new Uint16Array(5 * n);
  U16_FIELDS.forEach((f, k) => u16.set(out[f], k * n));
  const rao = new BigUint64Array(3 * n);
  RAO_FIELDS.forEach((f, k) => rao.set(out[f], k * n));
  const raw = new BigInt64Array(5 * n);
  RAW_FIELDS.forEach((f, k) => raw.set(out.raw[f], k * n));
  return { n, flags, u16, rao, raw, bonds: packRows(out.bonds) };
}

export function unpackOutput(p: PackedOutput): EpochOutput {
  const { n } = p;
  const u16 = (k: number): number[] => Array.from(p.u16.subarray(k * n, (k + 1) * n));
  const rao = (k: number): bigint[] => Array.from(p.rao.subarray(k * n, (k + 1) * n));
  const raw = (k: number): bigint[] => Array.from(p.raw.subarray(k * n, (k + 1) * n));
  const flags = Array.from(p.flags);
  return {
    active: flags.map((f) => (f & 1) !== 0),
    stakeWeight: u16(0),
    consensus: u16(1),
    incentive: u16(2),
    dividends: u16(3),
    validatorTrust: u16(4),
    emission: rao(0),
    serverEmission: rao(1),
    validatorEmission: rao(2),
    newValidatorPermits: flags.map((f) => (f & 2) !== 0),
    bonds: unpackRows(p.bonds),
    raw: { stake: raw(0), activeStake: raw(1), consensus: raw(2), incentive: raw(3), dividends: raw(4) },
  };
}

/** The buffers of packed values, to transfer rather than copy between threads. */
export function transferList(values: ReadonlyArray<PackedInput | PackedOutput>): ArrayBuffer[] {
  const list: ArrayBuffer[] = [];
  for (const v of values) {
    const arrays = "raw" in v && "flags" in v ? [v.flags, v.u16, v.rao, v.raw, v.bonds.offsets, v.bonds.entries] : [];
    if ("weights" in v) arrays.push(v.weights.offsets, v.weights.entries, v.bonds.offsets, v.bonds.entries);
    for (const a of arrays) list.push(a.buffer as ArrayBuffer);
  }
  return list;
}
