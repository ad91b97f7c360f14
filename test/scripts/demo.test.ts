/** `npm run demo` runs to the end and prints every epoch's table for both subnets. */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";

describe("npm run demo", function () {
  it("prints 5 epochs x 2 subnets, and the dissenting validator earns least", function () {
    const root = path.join(__dirname, "..", "..");
    const r = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/demo.ts"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.status, r.stderr).to.equal(0);
    const headings = r.stdout.match(/^Epoch \d+, block \d+: .*$/gm) ?? [];
    expect(headings).to.have.length(10);
    // Last table: the dissenter's dividends are below every honest validator's.
    const last = r.stdout.slice(r.stdout.lastIndexOf("Epoch 5"));
    const dividends = (label: RegExp): number => Number(last.split("\n").find((l) => label.test(l))!.trim().split(/\s+/).at(-2));
    const dissent = dividends(/validator \(dissents\)/);
    for (const uid of [1, 2, 3]) expect(dividends(new RegExp(`^\\s*${uid}\\s+validator\\s`))).to.be.greaterThan(dissent);
  });
});
