/**
 * `npm run gas`: measures the gas of every user-facing call (./gas/measure.ts: the main scenario, then the
 * one at up to 128 subnets), prints a table with the change from the committed gas-snapshot.json, and
 * writes the new snapshot. Commit it with the change that moved the numbers; `npm test` fails when a call
 * exceeds its snapshot by over 1%. A call that needs more gas than a transaction may have is printed as not
 * measurable and left out of the snapshot (numbers only).
 */
import * as fs from "fs";
import * as path from "path";
import { formatTable } from "./lib/table";
import { type GasSnapshot, measureAll } from "./gas/measure";

export const SNAPSHOT_PATH = path.join(__dirname, "..", "gas-snapshot.json");

/**
 * The gas targets (issues 5 "Economics" and 18), each against the call's own cost: the case where an
 * earlier transaction of its block accrued its subnet ("(block accrued)"), into storage that exists, and for
 * weights through the packed entry point; and, at SubnetLimit's default of 128 subnets, the block's first
 * addStake and removeStake, which also accrue their subnet (Coinbase.accrueSubnet, about 200k whatever the
 * number of subnets; subtensor runs it in its block initialisation and no extrinsic pays): those print OVER
 * until the accrual stops crossing three contracts (issue 18's single-owner core). The other cases are
 * printed without a target:
 * - a first stake on a hotkey creates its share pool and the position (two new storage words, 44k);
 * - the ABI `setWeights` carries 16.5 KiB of calldata for 256 entries, which alone prices it above 150k
 *   (EIP-7623's calldata floor prices it at 210k at least); `setWeightsPacked` carries the same row in 1 KiB.
 *
 * The settle target was 1.5M until issue 16 ("An oracle committee that survives faults") made the chain
 * check each validator payout's hotkey against its UID (~3.8k gas a payout, a cold read of the registry:
 * ~245k for 64 validators); it is 1.7M since.
 */
const TARGETS: Record<string, number> = {
  "Staking.addStake (existing position, block accrued)": 110_000,
  "Staking.removeStake (part of a position, block accrued)": 110_000,
  "Staking.addStake (existing position, block's first call, 128 subnets)": 110_000,
  "Staking.removeStake (part of a position, block's first call, 128 subnets)": 110_000,
  "Weights.setWeightsPacked (256 uids)": 150_000,
  "SubnetRegistry.burnedRegister (block accrued)": 200_000,
  "EpochSettlement.settle (256 uids, 191 miners and 64 validators paid)": 1_700_000,
};

async function main(): Promise<void> {
  const previous: GasSnapshot = fs.existsSync(SNAPSHOT_PATH) ? (JSON.parse(fs.readFileSync(SNAPSHOT_PATH, "utf8")) as GasSnapshot) : {};
  const { gas: measured, notMeasurable } = await measureAll({ log: (line) => console.error(line) });
  const keys = [...Object.keys(measured), ...Object.keys(notMeasurable)].sort((x, y) => x.localeCompare(y));
  const rows = keys.map((key) => {
    const [used, before, target] = [measured[key], previous[key], TARGETS[key]];
    const verdict = (ok: boolean): string => (target === undefined ? "" : `${target.toLocaleString("en-US")} ${ok ? "ok" : "OVER"}`);
    if (used === undefined) return [key, "not measurable", notMeasurable[key], verdict(false)];
    const change = before === undefined ? "new" : used === before ? "=" : `${used > before ? "+" : ""}${(((used - before) / before) * 100).toFixed(2)}%`;
    return [key, used.toLocaleString("en-US"), change, verdict(used <= target)];
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
