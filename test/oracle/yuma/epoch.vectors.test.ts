/**
 * Every epoch case of subtensor's Yuma test vectors through the reference engine: each value
 * subtensor's tests assert, and every field of `derived_outputs` (a bit-exact re-implementation's
 * full outputs) where the vectors give them. Epochs of a case are chained as in subtensor.
 */
import { expect } from "chai";
import * as fs from "fs";
import { runEpoch } from "../../../oracle/yuma/epoch";
import { EpochOutputJson, formatEpochOutput, parseEpochInput } from "../../../oracle/yuma/io";
import {
  Assertion,
  EpochCase,
  GRAPH_512,
  SHARED_VECTORS_PATH,
  VECTORS_PATH,
  VectorEpoch,
  generate512Input,
  loadVectors,
} from "./vectors";

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

function runCase(c: EpochCase): number {
  let previous: { permits: boolean[]; bonds: Row[] } | null = null;
  let checked = 0;
  c.epochs.forEach((epoch, k) => {
    const where = `${c.id} epoch ${k}${epoch.label ? ` (${epoch.label})` : ""}`;
    const raw = c.generator ? generate512Input(epoch, c.id.includes("server_self=true"), previous) : epoch.input;
    const out = formatEpochOutput(runEpoch(parseEpochInput(raw)));
    previous = { permits: out.new_validator_permits, bonds: out.bonds_u16_after };
    checkDerived(out, epoch, where);
    for (const a of epoch.asserted) checkAssertion(out, a, where);
    checked += epoch.asserted.length;
  });
  return checked;
}

describe("Yuma reference epoch: subtensor's epoch vectors", function () {
  const vectors = loadVectors();

  it("keeps its copy identical to ../shared/yuma/vectors.json", function () {
    if (!fs.existsSync(SHARED_VECTORS_PATH)) {
      console.log(`      (skipped: ${SHARED_VECTORS_PATH} is not beside this clone)`);
      this.skip();
    }
    expect(fs.readFileSync(VECTORS_PATH, "utf8"), "copy ../shared/yuma/vectors.json to test/vectors/yuma/").to.equal(
      fs.readFileSync(SHARED_VECTORS_PATH, "utf8"),
    );
  });

  it("has the vectors it expects", function () {
    expect(vectors.epoch_cases).to.have.length(20);
    const epochs = vectors.epoch_cases.reduce((s, c) => s + c.epochs.length, 0);
    expect(epochs).to.equal(101);
  });

  for (const c of vectors.epoch_cases) {
    it(`${c.id}: ${c.description}`, function () {
      const asserted = runCase(c);
      const derived = c.epochs.filter((e) => e.derived_outputs).length;
      expect(asserted + derived, "a case with nothing to check").to.be.greaterThan(0);
    });
  }
});
