/**
 * The committed gas snapshot (gas-snapshot.json, written by `npm run gas`) holds: every call of the
 * scenarios costs at most 1% above its snapshot, and the snapshot covers exactly the measured calls.
 * Both scenarios (the 256-UID subnet, then up to 128 subnets: ~20 s each here) run on a freshly reset
 * chain, through the same `measureAll` as `npm run gas`, so the numbers are the same. A call that no
 * longer fits in a transaction is missing from the measured calls, and so fails.
 */
import { reset } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { type GasSnapshot, compareGas, measureAll } from "../../scripts/gas/measure";

const SNAPSHOT = path.join(__dirname, "..", "..", "gas-snapshot.json");

describe("gas snapshot", function () {
  after(() => reset());

  it("no call costs more than 1% above gas-snapshot.json (run `npm run gas` to update it)", async function () {
    const snapshot = JSON.parse(fs.readFileSync(SNAPSHOT, "utf8")) as GasSnapshot;
    const { gas: measured } = await measureAll();
    const { over, missing, added } = compareGas(snapshot, measured);
    expect(missing, "calls in the snapshot the scenario no longer measures").to.deep.equal([]);
    expect(added, "calls measured but not in the snapshot").to.deep.equal([]);
    expect(over.map((o) => `${o.key}: ${o.measured} > ${o.snapshot} + 1%`), "calls over their snapshot").to.deep.equal([]);
  });

  it("compareGas flags only increases beyond the tolerance, and key changes", function () {
    const result = compareGas({ a: 1000, b: 1000, gone: 5 }, { a: 1010, b: 1011, added: 7 });
    expect(result.over).to.deep.equal([{ key: "b", snapshot: 1000, measured: 1011 }]);
    expect(result.missing).to.deep.equal(["gone"]);
    expect(result.added).to.deep.equal(["added"]);
  });
});
