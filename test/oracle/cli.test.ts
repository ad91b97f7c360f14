/** The `subnet-layer` command line: `yuma run` output, and exit codes for every refusal. */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "../../oracle/cli";
import { cli, useTempDir } from "./cli-harness";
import { smallEpochJson } from "./yuma/fixtures";
import { loadVectors } from "./yuma/vectors";

const ROOT = path.join(__dirname, "..", "..");

describe("CLI: subnet-layer yuma run", function () {
  const tmp = useTempDir("subnet-layer-cli-");
  const write = tmp.write;

  it("prints one output object for one input, matching subtensor's vector", async function () {
    const epoch = loadVectors().epoch_cases.find((c) => c.id === "test_zero_weights")!.epochs[3];
    const { code, stdout, stderr } = await cli("yuma", "run", write("one.json", epoch.input), "--backend", "reference");
    expect(stderr).to.equal("");
    expect(code).to.equal(EXIT_OK);
    const out = JSON.parse(stdout);
    for (const [key, want] of Object.entries(epoch.derived_outputs!)) if (key !== "note") expect(out[key], key).to.deep.equal(want);
  });

  it("prints an array of outputs, in input order, for an array of inputs", async function () {
    const inputs = [smallEpochJson(), smallEpochJson({ alpha_stake: [1, 3, 0] })];
    const { code, stdout } = await cli("yuma", "run", write("many.json", inputs));
    expect(code).to.equal(EXIT_OK);
    const out = JSON.parse(stdout);
    expect(out).to.be.an("array").with.length(2);
    expect(out[0].dividends_u16[0]).to.be.greaterThan(out[0].dividends_u16[1]);
    expect(out[1].dividends_u16[0]).to.be.lessThan(out[1].dividends_u16[1]);
  });

  it("names the bad field and exits 2 on invalid input", async function () {
    const { code, stdout, stderr } = await cli("yuma", "run", write("bad.json", [smallEpochJson(), smallEpochJson({ kappa: 1, last_update: [1] })]));
    expect(code).to.equal(EXIT_USAGE);
    expect(stdout).to.equal("");
    expect(stderr).to.match(/inputs\[1\]\.last_update: expected 3 entries/);
  });

  it("exits 2 on a missing file, broken JSON, an unknown backend or command", async function () {
    let r = await cli("yuma", "run", path.join(tmp.dir(), "nope.json"));
    expect(r.code).to.equal(EXIT_USAGE);
    expect(r.stderr).to.match(/cannot read .*nope\.json: ENOENT/);
    r = await cli("yuma", "run", write("broken.json", "{ not json"));
    expect(r.code).to.equal(EXIT_USAGE);
    expect(r.stderr).to.match(/is not valid JSON/);
    r = await cli("yuma", "run", write("ok.json", smallEpochJson()), "--backend", "abacus");
    expect(r.code).to.equal(EXIT_USAGE);
    expect(r.stderr).to.match(/Allowed choices are reference/);
    r = await cli("yuma", "fly");
    expect(r.code).to.equal(EXIT_USAGE);
  });

  it("refuses bad oracle settings with exit 2 before touching the network", async function () {
    const base = ["oracle", "run", "--rpc", "http://127.0.0.1:1", "--lens", "0x" + "11".repeat(20), "--settlement", "0x" + "22".repeat(20)];
    const saved = process.env.ORACLE_PRIVATE_KEY;
    delete process.env.ORACLE_PRIVATE_KEY;
    try {
      let r = await cli(...base);
      expect(r.code).to.equal(EXIT_USAGE);
      expect(r.stderr).to.match(/no signing key/);
      r = await cli(...base, "--key", "0x1234");
      expect(r.code).to.equal(EXIT_USAGE);
      expect(r.stderr).to.match(/invalid --key/);
      const key = "0x" + "ab".repeat(32);
      r = await cli("oracle", "run", "--rpc", "http://127.0.0.1:1", "--lens", "nope", "--settlement", "0x" + "22".repeat(20), "--key", key);
      expect(r.code).to.equal(EXIT_USAGE);
      expect(r.stderr).to.match(/--lens nope is not an address/);
      r = await cli(...base, "--key", key, "--poll-ms", "5");
      expect(r.code).to.equal(EXIT_USAGE);
      expect(r.stderr).to.match(/--poll-ms must be an integer >= 100/);
      // --no-claim is an option of its own (it reaches the poll check, not an unknown-option error).
      r = await cli(...base, "--key", key, "--no-claim", "--poll-ms", "5");
      expect(r.code).to.equal(EXIT_USAGE);
      expect(r.stderr).to.match(/--poll-ms must be an integer >= 100/);
      r = await cli("oracle", "run", "--lens", "0x" + "11".repeat(20));
      expect(r.code).to.equal(EXIT_USAGE);
      // A well-formed command whose endpoint does not answer fails at once, with exit 1.
      r = await cli(...base, "--key", key, "--once");
      expect(r.code).to.equal(EXIT_FAILURE);
      expect(r.stderr).to.match(/cannot reach --rpc http:\/\/127\.0\.0\.1:1/);
    } finally {
      if (saved !== undefined) process.env.ORACLE_PRIVATE_KEY = saved;
    }
  });

  it("runs as the installed bin with real exit codes", function () {
    const bin = path.join(ROOT, "bin", "subnet-layer.js");
    const ok = spawnSync(process.execPath, [bin, "yuma", "run", write("bin.json", smallEpochJson())], { encoding: "utf8" });
    expect(ok.status, ok.stderr).to.equal(0);
    expect(JSON.parse(ok.stdout).incentive_u16).to.deep.equal([0, 0, 65535]);
    const bad = spawnSync(process.execPath, [bin, "yuma", "run", write("bin-bad.json", { current_block: 1 })], { encoding: "utf8" });
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.match(/error: input\.alpha_stake: missing/);
  });
});
