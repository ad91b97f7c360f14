/** `npm run demo` runs the whole loop to the end and prints every epoch's table for both subnets. */
import { expect } from "chai";
import { runDemo } from "../../scripts/demo";

describe("npm run demo", function () {
  it("settles 5 epochs of 2 subnets through the oracle, and the dissenting validator earns least", async function () {
    const lines: string[] = [];
    expect(await runDemo((l) => lines.push(l))).to.equal(10);
    const out = lines.join("\n");
    expect(out.match(/^Epoch \d, subnet \d+, snapshot block \d+/gm)).to.have.length(10);
    // The last table of each subnet: the dissenter's dividends are below every honest validator's.
    for (const netuid of [1, 2]) {
      const last = out.slice(out.lastIndexOf(`Epoch 5, subnet ${netuid},`)).split("\n\n")[0];
      const validators = last.split("\n").filter((l) => / validator/.test(l));
      expect(validators).to.have.length(4);
      const dividends = validators.map((l) => Number(l.trim().split(/\s{2,}/)[5]));
      const dissent = dividends[validators.findIndex((l) => l.includes("dissents"))];
      for (const d of dividends) if (d !== dissent) expect(d).to.be.greaterThan(dissent);
    }
    // Governance last: a kappa motion voted, then executed through the timelock.
    expect(out).to.match(/Kappa of subnet 1 to 0\.6\s+1\/0\/1\s+\d+\s+open\s+aye/);
    expect(out).to.match(/Kappa of subnet 1 to 0\.6\s+1\/0\/1\s+\d+\s+executed\s+aye/);
    expect(out).to.include("Subnet 1's kappa is now 39321 (was 32767).");
  });
});
