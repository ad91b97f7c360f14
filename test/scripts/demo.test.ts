/** `npm run demo` runs the whole loop to the end and prints every epoch's table for both subnets. */
import { expect } from "chai";
import { runDemo } from "../../scripts/demo";

const EPOCHS = 10;

/** The cells of a table row (columns are two or more spaces apart; an empty vtrust cell is dropped). */
const cells = (row: string): string[] => row.trim().split(/\s{2,}/);

describe("npm run demo", function () {
  this.timeout(300_000);

  it(`settles ${EPOCHS} epochs of 2 subnets through the oracle; consensus holds and the dissenting validator earns least`, async function () {
    const lines: string[] = [];
    expect(await runDemo((l) => lines.push(l))).to.equal(2 * EPOCHS);
    const out = lines.join("\n");
    expect(out.match(/^Epoch \d+, subnet \d+, snapshot block \d+/gm)).to.have.length(2 * EPOCHS);
    for (const netuid of [1, 2]) {
      // From epoch 2 (weights set) to the last, consensus never collapses: every miner keeps a share.
      for (let epoch = 2; epoch <= EPOCHS; epoch++) {
        const table = out.slice(out.indexOf(`Epoch ${epoch}, subnet ${netuid},`)).split("\n\n")[0];
        const miners = table.split("\n").filter((l) => / miner /.test(l));
        expect(miners, `epoch ${epoch}, subnet ${netuid}`).to.have.length(12);
        for (const m of miners) {
          const [, , , , consensus, incentive] = cells(m);
          expect(Number(consensus), `epoch ${epoch}, subnet ${netuid}: ${m}`).to.be.greaterThan(0);
          expect(Number(incentive), `epoch ${epoch}, subnet ${netuid}: ${m}`).to.be.greaterThan(0);
        }
      }
      // The last table: the dissenter's trust and dividends are below every honest validator's.
      const last = out.slice(out.indexOf(`Epoch ${EPOCHS}, subnet ${netuid},`)).split("\n\n")[0];
      const validators = last.split("\n").filter((l) => / validator/.test(l));
      expect(validators).to.have.length(4);
      const dissenter = validators.findIndex((l) => l.includes("dissents"));
      const vtrust = validators.map((l) => Number(cells(l)[6]));
      const dividends = validators.map((l) => Number(cells(l)[7]));
      validators.forEach((_, i) => {
        if (i === dissenter) return;
        expect(vtrust[i]).to.be.greaterThan(90);
        expect(vtrust[dissenter]).to.be.lessThan(vtrust[i] / 2);
        expect(dividends[i]).to.be.greaterThan(10 * dividends[dissenter]);
      });
    }
    expect(out).to.match(/^subnet 1: miners [\d,.]+, validators [\d,.]+, owner [\d,.]+; dividends uid 1 /m);
    // Governance last: a kappa motion voted, then executed through the timelock.
    expect(out).to.match(/Kappa of subnet 1 to 0\.6\s+1\/0\/1\s+\d+\s+open\s+aye/);
    expect(out).to.match(/Kappa of subnet 1 to 0\.6\s+1\/0\/1\s+\d+\s+executed\s+aye/);
    expect(out).to.include("Subnet 1's kappa is now 39321 (was 32767).");
  });
});
