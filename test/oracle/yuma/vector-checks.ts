/**
 * Checks of engine outputs against subtensor's Yuma test vectors: each value subtensor's tests
 * assert, and every field of `derived_outputs` where the vectors give them. Cases are advanced
 * epoch by epoch with all cases' epoch k in one batch, so the batched backends are exercised on
 * batches of mixed subnets; epochs of a case are chained as in subtensor.
 */
import { expect } from "chai";
import { EpochInput, EpochOutput } from "../../../oracle/yuma";
import { EpochOutputJson, formatEpochOutput, parseEpochInput } from "../../../oracle/yuma/io";
import { Assertion, EpochCase, GRAPH_512, VectorEpoch, generate512Input } from "./vectors";

type Row = Array<[number, number]>;

function bondAt(out: EpochOutputJson, i: number, j: number): number {
  return out.bonds_u16_after[i].find(([c]) => c === j)?.[1] ?? 0;
}

/** The value an assertion talks about, read from our outputs. */
function observed(out: EpochOutputJson, a: Assertion, uid?: number): number | boolean {
  const index = (a.index ?? uid) as number | [number | "uid", number];
  switch (a.field) {
    case "dividends_proportion":
      return out.dividends_u16[index as number] / 65535;
    case "validator_permit":
      return out.new_validator_permits[index as number];
    case "bonds_u16": {
      const [i, j] = index as [number | "uid", number];
      return bondAt(out, i === "uid" ? (uid as number) : i, j);
    }
    case "sum(server_emission)+sum(validator_emission)":
      return [...out.server_emission, ...out.validator_emission].reduce<number>((s, x) => s + Number(x), 0);
    default: {
      const field = out[a.field as keyof EpochOutputJson] as Array<number | string | boolean>;
      expect(field, `unknown field ${a.field}`).to.be.an("array");
      const v = field[index as number];
      return typeof v === "boolean" ? v : Number(v);
    }
  }
}

function checkAssertion(out: EpochOutputJson, a: Assertion, where: string): void {
  const uids =
    a.for_each_uid_in === undefined
      ? [undefined]
      : Array.from({ length: GRAPH_512.n }, (_, i) => i).filter((i) => (i < GRAPH_512.validators) === (a.for_each_uid_in === "validators"));
  for (const uid of uids) {
    const msg = `${where}: ${a.field}${JSON.stringify(a.index ?? uid ?? "")} ${a.op} ${String(a.value)}`;
    if (a.op === "equal_to_each_other") {
      const [i, j] = a.index as [number, number];
      expect(observed(out, { ...a, index: i }), msg).to.equal(observed(out, { ...a, index: j }));
      continue;
    }
    const got = observed(out, a, uid);
    if (a.op === "eq") expect(got, msg).to.equal(a.value);
    else if (a.op === "approx") expect(got as number, msg).to.be.closeTo(a.value as number, a.epsilon as number);
    else if (a.op === "gt") expect(got as number, msg).to.be.greaterThan(a.value as number);
    else throw new Error(`unknown op ${String(a.op)}`);
  }
}

/** Explicit zero bond entries are kept by the dense test path and not by the sparse one. */
const nonZero = (rows: Row[]): Row[] => rows.map((r) => r.filter(([, v]) => v !== 0));

function checkDerived(out: EpochOutputJson, epoch: VectorEpoch, where: string): void {
  const derived = epoch.derived_outputs ?? {};
  const dense = String(epoch.input.path ?? "").startsWith("dense");
  for (const [key, want] of Object.entries(derived)) {
    if (key === "note") continue;
    const got = out[key as keyof EpochOutputJson];
    expect(got, `${where}: derived output ${key} is not produced`).to.not.equal(undefined);
    if (key === "bonds_u16_after" && dense) expect(nonZero(got as Row[]), `${where}: ${key}`).to.deep.equal(nonZero(want as Row[]));
    else expect(got, `${where}: ${key}`).to.deep.equal(want);
  }
}

/** What running the vectors produced: every epoch's input and output, and the checks made. */
export interface VectorRun {
  readonly inputs: EpochInput[];
  readonly outputs: EpochOutput[];
  /** Per case id: assertions checked plus epochs with derived outputs compared. */
  readonly checked: Map<string, number>;
}

/**
 * Run the cases through `compute` (one call per epoch index, all cases that have it in one batch)
 * and check every assertion and derived output; throws on the first mismatch.
 */
export async function runVectorCases(
  cases: readonly EpochCase[],
  compute: (inputs: EpochInput[]) => Promise<EpochOutput[]>,
): Promise<VectorRun> {
  const previous = new Map<string, { permits: boolean[]; bonds: Row[] }>();
  const run: VectorRun = { inputs: [], outputs: [], checked: new Map(cases.map((c) => [c.id, 0])) };
  const depth = Math.max(...cases.map((c) => c.epochs.length));
  for (let k = 0; k < depth; k++) {
    const live = cases.filter((c) => k < c.epochs.length);
    const inputs = live.map((c) => {
      const epoch = c.epochs[k];
      const raw = c.generator ? generate512Input(epoch, c.id.includes("server_self=true"), previous.get(c.id) ?? null) : epoch.input;
      return parseEpochInput(raw);
    });
    const outputs = await compute(inputs);
    live.forEach((c, i) => {
      const epoch = c.epochs[k];
      const where = `${c.id} epoch ${k}${epoch.label ? ` (${epoch.label})` : ""}`;
      const out = formatEpochOutput(outputs[i]);
      previous.set(c.id, { permits: out.new_validator_permits, bonds: out.bonds_u16_after });
      checkDerived(out, epoch, where);
      for (const a of epoch.asserted) checkAssertion(out, a, where);
      run.checked.set(c.id, (run.checked.get(c.id) ?? 0) + epoch.asserted.length + (epoch.derived_outputs ? 1 : 0));
    });
    run.inputs.push(...inputs);
    run.outputs.push(...outputs);
  }
  return run;
}
