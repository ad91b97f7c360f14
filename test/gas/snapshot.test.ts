/**
 * The committed gas snapshot (gas-snapshot.json, written by `npm run gas`) holds: every call of the
 * scenario costs at most 1% above its snapshot, and the snapshot covers exactly the measured calls.
 * The scenario runs on a freshly reset chain, as `npm run gas` does, so the numbers are the same.
 */
import { reset } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { type GasSnapshot, compareGas, measureGas } from "../../scripts/gas/measure";

const SNAPSHOT = path.join(__dirname, "..", "..", "gas-snapshot.json");

describe("gas snapshot", function () {
  after(() => reset());

  it("no call costs more than 1% above gas-snapshot.json (run `npm run gas` to update it)", async function () {
    await reset();
    const snapshot = JSON.parse(fs.readFileSync(SNAPSHOT, "utf8")) as GasSnapshot;
    const measured = await measureGas();
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
