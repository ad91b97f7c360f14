/**
 * `set-weights` (docs/spec/chain.md §6): a validator hotkey sets its weight row on a subnet, from a JSON
 * file, an inline JSON object, or parallel `--uids`/`--values` lists. Values are u16; the row is
 * checked here for the shape errors the contract would revert on, so they read as one line.
 */
import { readFileSync } from "node:fs";
import { task } from "hardhat/config";
import { TaskInputError, guarded, layerOf, parseInteger, parseJson, parseNetuid, parseU16List, signerFor } from "./lib/task-helpers";

/** A weight row: ascending unique UIDs and their u16 values. */
export interface WeightRowInput {
  uids: number[];
  values: number[];
}

/**
 * A row from JSON: `{"<uid>": value, ...}`, `{"uids": [...], "values": [...]}`, or `[[uid, value], ...]`.
 * Entries are sorted by UID; duplicates and values outside u16 are refused.
 */
export function parseWeightRow(json: unknown, what: string): WeightRowInput {
  let pairs: Array<[unknown, unknown]>;
  if (Array.isArray(json)) {
    pairs = json.map((e, i) => {
      if (!Array.isArray(e) || e.length !== 2) throw new TaskInputError(`${what}[${i}] must be a [uid, value] pair`);
      return [e[0], e[1]];
    });
  } else if (json !== null && typeof json === "object" && "uids" in json && "values" in json) {
    const { uids, values } = json as { uids: unknown; values: unknown };
    if (!Array.isArray(uids) || !Array.isArray(values)) throw new TaskInputError(`${what}: "uids" and "values" must be arrays`);
    if (uids.length !== values.length) throw new TaskInputError(`${what}: ${uids.length} uids but ${values.length} values`);
    pairs = uids.map((u, i) => [u, values[i]]);
  } else if (json !== null && typeof json === "object") {
    pairs = Object.entries(json as Record<string, unknown>);
  } else {
    throw new TaskInputError(`${what} must be a JSON object {"uid": value} or {"uids": [...], "values": [...]}`);
  }
  const row = pairs.map(([u, v]) => {
    // Whole numbers only: JSON numbers, or decimal digits (object keys are strings).
    const whole = (x: unknown): number => (typeof x === "number" ? x : typeof x === "string" && /^\d+$/.test(x) ? Number(x) : NaN);
    const uid = whole(u);
    const value = typeof v === "number" ? v : NaN;
    if (!Number.isInteger(uid) || uid < 0 || uid > 65_535) throw new TaskInputError(`${what}: uid ${String(u)} is not a u16`);
    if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new TaskInputError(`${what}: the value for uid ${uid} (${String(v)}) is not a u16`);
    return [uid, value] as const;
  });
  row.sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < row.length; i++) if (row[i][0] === row[i - 1][0]) throw new TaskInputError(`${what}: uid ${row[i][0]} appears twice`);
  return { uids: row.map((r) => r[0]), values: row.map((r) => r[1]) };
}

task("set-weights", "Sets a validator hotkey's weights on a subnet")
  .addParam("netuid", "The subnet")
  .addOptionalParam("file", "A JSON file with the row")
  .addOptionalParam("weights", 'The row as inline JSON, e.g. \'{"1": 30000, "2": 65535}\'')
  .addOptionalParam("uids", "UIDs, comma-separated (with --values)")
  .addOptionalParam("values", "u16 weights, comma-separated (with --uids)")
  .addOptionalParam("versionKey", "The subnet's WeightsVersionKey", "0")
  .addOptionalParam("from", "The hotkey: account index or address", "0")
  .addOptionalParam("deployment", "Deployment file (default deployments/<network>.json)")
  .setAction(
    async (a: { netuid: string; file?: string; weights?: string; uids?: string; values?: string; versionKey: string; from: string; deployment?: string }, hre) =>
      guarded(async () => {
        const netuid = parseNetuid(a.netuid);
        const sources = [a.file, a.weights, a.uids ?? a.values].filter((x) => x !== undefined);
        if (sources.length !== 1) throw new TaskInputError("give exactly one of --file, --weights, or --uids with --values");
        let row: WeightRowInput;
        if (a.file !== undefined) {
          let text: string;
          try {
            text = readFileSync(a.file, "utf8");
          } catch (e) {
            throw new TaskInputError(`cannot read --file ${a.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
          }
          row = parseWeightRow(parseJson(text, `--file ${a.file}`), `--file ${a.file}`);
        } else if (a.weights !== undefined) {
          row = parseWeightRow(parseJson(a.weights, "--weights"), "--weights");
        } else {
          if (a.uids === undefined || a.values === undefined) throw new TaskInputError("--uids and --values go together");
          const uids = parseU16List(a.uids, "--uids");
          const values = parseU16List(a.values, "--values");
          if (uids.length !== values.length) throw new TaskInputError(`--uids has ${uids.length} entries but --values ${values.length}`);
          row = parseWeightRow({ uids, values }, "--uids/--values");
        }
        const versionKey = parseInteger(a.versionKey, "--version-key");
        if (versionKey >= 2n ** 64n) throw new TaskInputError(`--version-key must be at most ${2n ** 64n - 1n}, not ${a.versionKey}`);
        const signer = await signerFor(hre, a.from);
        const layer = await layerOf(hre, a.deployment, signer);
        const hotkey = await signer.getAddress();
        const [registered, uid] = await layer.registry.uidOf(netuid, hotkey);
        if (!registered) throw new TaskInputError(`${hotkey} is not registered on subnet ${netuid}`);
        await (await layer.weights.setWeights(netuid, row.uids, row.values, versionKey)).wait();
        console.log(`UID ${uid} (${hotkey}) set ${row.uids.length} weights on subnet ${netuid}: ${row.uids.map((u, i) => `${u}=${row.values[i]}`).join(" ")}`);
      }),
  );
