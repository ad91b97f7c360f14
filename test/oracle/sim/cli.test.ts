/** `subnet-layer yuma simulate`: the files it writes, its summary, and exit code 2 on bad input. */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { EXIT_OK, EXIT_USAGE } from "../../../oracle/cli";
import { cli, useTempDir } from "../cli-harness";
import { tinyScenarioJson } from "./fixtures";

describe("sim: CLI yuma simulate", function () {
  const tmp = useTempDir("subnet-layer-sim-");
  const write = tmp.write;

  it("writes result.json, result.csv and report.html, and prints the summary", async function () {
    const out = path.join(tmp.dir(), "out", "tiny");
    const { code, stdout, stderr } = await cli("yuma", "simulate", write("tiny.json", tinyScenarioJson()), "--out", out, "--backend", "reference");
    expect(code, stderr).to.equal(EXIT_OK);
    for (const file of ["result.json", "result.csv", "report.html"]) {
      expect(fs.statSync(path.join(out, file)).size, file).to.be.greaterThan(0);
      expect(stdout).to.include(path.join(out, file));
    }
    expect(JSON.parse(fs.readFileSync(path.join(out, "result.json"), "utf8")).variants).to.have.length(2);
    expect(fs.readFileSync(path.join(out, "result.csv"), "utf8").trimEnd().split("\n")).to.have.length(1 + 2 * 6 * 6);
    expect(fs.readFileSync(path.join(out, "report.html"), "utf8")).to.include("<svg");
    expect(stdout).to.match(/^validator\s+Yuma3 \+ liquid alpha \(TAO\)/m);
    expect(stdout).to.match(/^v1\s+[0-9,]+\.\d{4}\s+\d+\.\d\d/m);
    // Progress goes to stderr, one line per tenth of the run (here every epoch) and the last.
    expect(stderr.trimEnd().split("\n")).to.have.length(6);
    expect(stderr).to.match(/^epoch 6\/6 /m);
  });

  it("exits 2 naming the field on a bad scenario", async function () {
    const bad = tinyScenarioJson({ variants: [{ name: "x", kapa: 1 }] });
    const { code, stdout, stderr } = await cli("yuma", "simulate", write("bad.json", bad), "--out", path.join(tmp.dir(), "never"));
    expect(code).to.equal(EXIT_USAGE);
    expect(stdout).to.equal("");
    expect(stderr).to.match(/^error: variants\[0\]\.kapa: unknown field/);
    expect(fs.existsSync(path.join(tmp.dir(), "never"))).to.equal(false);
  });

  it("exits 2 on a missing file, broken JSON or an unknown backend", async function () {
    let r = await cli("yuma", "simulate", path.join(tmp.dir(), "nope.json"));
    expect(r.code).to.equal(EXIT_USAGE);
    expect(r.stderr).to.match(/cannot read .*nope\.json: ENOENT/);
    r = await cli("yuma", "simulate", write("broken.json", "{ nope"));
    expect(r.code).to.equal(EXIT_USAGE);
    expect(r.stderr).to.match(/is not valid JSON/);
    r = await cli("yuma", "simulate", write("ok.json", tinyScenarioJson()), "--backend", "abacus");
    expect(r.code).to.equal(EXIT_USAGE);
    expect(r.stderr).to.match(/Allowed choices are/);
  });

  it("exits 2 when --out cannot be written", async function () {
    const blocker = write("a-file", "not a folder");
    const r = await cli("yuma", "simulate", write("ok2.json", tinyScenarioJson({ epochs: 4 })), "--out", path.join(blocker, "sub"), "--backend", "reference");
    expect(r.code).to.equal(EXIT_USAGE);
    expect(r.stderr).to.match(/cannot write to --out .*a-file.sub/);
  });
});
