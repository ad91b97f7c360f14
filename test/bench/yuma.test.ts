/** The Yuma benchmark runs and writes the JSON shape the issue specifies (timings are not asserted). */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runBench } from "../../bench/yuma";
import { randomEpochInput } from "../../bench/lib/random-epochs";

describe("bench:yuma", function () {
  it("writes {env, rows} with one row per timed batch (quick mode)", async function () {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "yuma.json");
    const lines: string[] = [];
    await runBench({ quick: true, out, log: (l) => lines.push(l) });
    const json = JSON.parse(fs.readFileSync(out, "utf8")) as { env: Record<string, unknown>; rows: Array<Record<string, unknown>> };
    expect(json.env).to.include.keys("node", "cpu", "cores", "adapter");
    expect(json.rows).to.have.length(1);
    expect(json.rows[0]).to.have.keys("backend", "subnets", "median_ms", "min_ms", "max_ms", "subnet_epochs_per_s");
    expect(lines.join("\n")).to.match(/subnet-epochs\/s/);
  });

  it("generates the same subnet for the same seed and different ones otherwise", function () {
    expect(randomEpochInput(7)).to.deep.equal(randomEpochInput(7));
    expect(randomEpochInput(7).alphaStake).to.not.deep.equal(randomEpochInput(8).alphaStake);
    const input = randomEpochInput(7);
    expect(input.alphaStake).to.have.length(256);
    expect(input.weights.filter((r) => r.length > 0)).to.have.length(64);
  });
});
