/**
 * The `subnet-layer` command line: `yuma run` output, and exit codes for every refusal, each one line.
 * The oracle commands against a real chain are in cli-chain.test.ts.
 */
import { expect } from "chai";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "../../oracle/cli";
import { parseChainIdResponse } from "../../oracle/rpc";
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

/** A server on a free local port; resolves to its URL and a close that also ends open connections. */
async function listen(server: net.Server): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("CLI: subnet-layer oracle, refusals without a chain", function () {
  const tmp = useTempDir("subnet-layer-oracle-cli-");
  const key = "0x" + "ab".repeat(32);
  const lens = "0x" + "11".repeat(20);
  const settlement = "0x" + "22".repeat(20);
  const chain = (rpc: string): string[] => ["--rpc", rpc, "--lens", lens, "--settlement", settlement];

  /** One `error: ...` line on stderr, nothing else. */
  function oneLine(stderr: string, pattern: RegExp): void {
    expect(stderr).to.match(/^error: [^\n]*\n$/);
    expect(stderr).to.match(pattern);
  }

  // Accepts TCP connections and reads the requests, never answers.
  let silent: { url: string; close: () => Promise<void> };
  // Answers every request with the body (and status) the test sets.
  let answer: { status: number; body: string } = { status: 200, body: "" };
  let scripted: { url: string; close: () => Promise<void> };
  before(async function () {
    silent = await listen(net.createServer(() => undefined));
    scripted = await listen(
      http.createServer((req, res) => {
        req.resume();
        req.on("end", () => res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body));
      }),
    );
  });
  after(async function () {
    await silent.close();
    await scripted.close();
  });

  it("gives up on an endpoint that accepts connections and never answers, by the default 10 s timeout", async function () {
    const started = Date.now();
    const r = await cli("oracle", "run", ...chain(silent.url), "--key", key, "--once");
    const seconds = (Date.now() - started) / 1000;
    expect(r.code).to.equal(EXIT_FAILURE);
    oneLine(r.stderr, new RegExp(`cannot reach --rpc ${silent.url}: no answer within 10 s`));
    expect(seconds).to.be.within(9, 15);
    // status too, with a shorter timeout of its own.
    const s = await cli("oracle", "status", ...chain(silent.url), "--address", settlement, "--rpc-timeout-ms", "300");
    expect(s.code).to.equal(EXIT_FAILURE);
    oneLine(s.stderr, /cannot reach --rpc .*: no answer within 0\.3 s/);
  });

  it("exits as a process, the silent endpoint's socket closed", async function () {
    const bin = path.join(ROOT, "bin", "subnet-layer.js");
    const child = spawn(process.execPath, [bin, "oracle", "status", ...chain(silent.url), "--address", settlement, "--rpc-timeout-ms", "500"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    clearTimeout(killer);
    expect(code, stderr).to.equal(EXIT_FAILURE);
    oneLine(stderr, /cannot reach --rpc .*: no answer within 0\.5 s/);
  });

  it("checks the eth_chainId answer's shape", async function () {
    const cases: Array<[number, string, RegExp]> = [
      [200, JSON.stringify({ jsonrpc: "2.0", id: 1 }), /is not a usable JSON-RPC endpoint: eth_chainId answer has no result/],
      [200, JSON.stringify({ jsonrpc: "2.0", id: 1, error: { code: -32601, message: "method not found" } }), /eth_chainId failed: method not found \(code -32601\)/],
      [200, JSON.stringify({ jsonrpc: "2.0", id: 1, result: "banana" }), /eth_chainId returned "banana", not a hex quantity/],
      [200, "<html>hello</html>", /is not a JSON-RPC endpoint: its answer is not JSON/],
      [503, "{}", /answered HTTP 503/],
    ];
    for (const [status, body, pattern] of cases) {
      answer = { status, body };
      const r = await cli("oracle", "run", ...chain(scripted.url), "--key", key);
      expect(r.code, body).to.equal(EXIT_FAILURE);
      oneLine(r.stderr, pattern);
    }
    expect(parseChainIdResponse({ jsonrpc: "2.0", id: 1, result: "0x7a69" })).to.equal(31337n);
    expect(() => parseChainIdResponse([1])).to.throw(/not a JSON-RPC response object/);
    expect(() => parseChainIdResponse({ result: 5 })).to.throw(/returned 5, not a hex quantity/);
  });

  it("refuses a store that is a directory, or under a file, with exit 2 before touching the network", async function () {
    let r = await cli("oracle", "run", ...chain("http://127.0.0.1:1"), "--key", key, "--store", tmp.dir());
    expect(r.code).to.equal(EXIT_USAGE);
    oneLine(r.stderr, /bonds store .* is a directory/);
    const file = tmp.write("a-file", "x");
    r = await cli("oracle", "run", ...chain("http://127.0.0.1:1"), "--key", key, "--store", path.join(file, "store.json"));
    expect(r.code).to.equal(EXIT_USAGE);
    oneLine(r.stderr, /cannot write bonds store .*: (ENOTDIR|EEXIST)/);
    expect(fs.statSync(file).isFile()).to.equal(true);
  });

  it("refuses bad status settings with exit 2", async function () {
    const saved = process.env.ORACLE_PRIVATE_KEY;
    delete process.env.ORACLE_PRIVATE_KEY;
    try {
      const rpc = chain("http://127.0.0.1:1");
      const cases: Array<[string[], RegExp]> = [
        [[], /no node to report on: pass --address or --key/],
        [["--address", "0x1234"], /--address 0x1234 is not an address/],
        [["--key", "0x1234"], /invalid --key/],
        [["--key", key, "--address", lens], /--address 0x1111.* is not the address of --key/],
        [["--address", lens, "--last", "0"], /--last must be an integer from 1 to 1000, got 0/],
        [["--address", lens, "--from-block", "-1"], /--from-block must be an integer >= 0/],
        [["--address", lens, "--rpc-timeout-ms", "10"], /--rpc-timeout-ms must be an integer >= 100/],
      ];
      for (const [args, pattern] of cases) {
        const r = await cli("oracle", "status", ...rpc, ...args);
        expect(r.code, args.join(" ")).to.equal(EXIT_USAGE);
        oneLine(r.stderr, pattern);
      }
      const r = await cli("oracle", "status", "--rpc", "ws://127.0.0.1:1", "--lens", lens, "--settlement", settlement, "--address", lens);
      expect(r.code).to.equal(EXIT_USAGE);
      oneLine(r.stderr, /only http and https endpoints are supported/);
    } finally {
      if (saved !== undefined) process.env.ORACLE_PRIVATE_KEY = saved;
    }
  });
});
