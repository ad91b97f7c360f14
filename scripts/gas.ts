/**
 * `npm run gas`: measures the gas of every user-facing call (./gas/measure.ts), prints a table with
 * the change from the committed gas-snapshot.json, and writes the new snapshot. Commit it with the
 * change that moved the numbers; `npm test` fails when a call exceeds its snapshot by over 1%.
 */
import * as fs from "fs";
import * as path from "path";
import { formatTable } from "./lib/table";
import { type GasSnapshot, measureGas } from "./gas/measure";

export const SNAPSHOT_PATH = path.join(__dirname, "..", "gas-snapshot.json");

/**
 * Targets from the issues, printed beside the measurements. A "(block accrued)" case is the same call
 * when an earlier transaction of its block paid the block's emission accrual; the plain case pays it.
 */
const TARGETS: Record<string, number> = {
  "Staking.addStake (new position)": 110_000,
  "Staking.addStake (existing position)": 110_000,
  "Staking.addStake (existing position, block accrued)": 110_000,
  "Staking.removeStake (part of a position)": 110_000,
  "Staking.removeStake (part of a position, block accrued)": 110_000,
  "Staking.removeStake (whole position)": 110_000,
  "SubnetRegistry.burnedRegister (block accrued)": 200_000,
  "Weights.setWeights (256 uids)": 150_000,
  "Weights.setWeightsPacked (256 uids)": 150_000,
  "SubnetRegistry.burnedRegister (first neuron)": 200_000,
  "SubnetRegistry.burnedRegister (256th uid)": 200_000,
    "EpochSettlement.settle (256 uids, 191 miners and 64 validators paid)": 1_500_000,
};

async function main(): Promise<void> {
  const previous: GasSnapshot = fs.existsSync(SNAPSHOT_PATH) ? (JSON.parse(fs.readFileSync(SNAPSHOT_PATH, "utf8")) as GasSnapshot) : {};
  const measured = await measureGas({ log: (line) => console.error(line) });
  const rows = Object.entries(measured).map(([key, used]) => {
    const before = previous[key];
    const change = before === undefined ? "new" : used === before ? "=" : `${used > before ? "+" : ""}${(((used - before) / before) * 100).toFixed(2)}%`;
    const target = TARGETS[key];
    return [key, used.toLocaleString("en-US"), change, target === undefined ? "" : `${target.toLocaleString("en-US")} ${used <= target ? "ok" : "OVER"}`];
  });
  console.log(formatTable(["call", "gas", "vs snapshot", "target"], rows));
  fs.writeFileSync(SNAPSHOT_PATH, `${JSON.stringify(measured, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), SNAPSHOT_PATH)}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  });
}
