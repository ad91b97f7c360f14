/**
 * How `auto` and `webgpu` resolve and say so: `webgpu` is an optional dependency, so a missing
 * package, a software-only adapter or no adapter all run `cpu`; the engine announces its choice in
 * one line, once per process by default; and Dawn's native warnings stay off stderr. The package is
 * never uninstalled: the loader is replaced (setWebGpuLoader) to simulate each machine.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import { randomEpochInput } from "../../../bench/lib/random-epochs";
import { type Backend, backendAnnouncement, chooseBackend, closeEngine, computeEpochs, runEpoch, setWebGpuLoader } from "../../../oracle/yuma";
import { formatEpochOutput } from "../../../oracle/yuma/io";
import type { ProbeResult, WebGpuModule } from "../../../oracle/yuma/gpu/device";

const ROOT = path.join(__dirname, "..", "..", "..");
const inputs = [randomEpochInput(3, { n: 12, validators: 3 }), randomEpochInput(4, { n: 9, validators: 2 })];
const reference = inputs.map((i) => JSON.stringify(formatEpochOutput(runEpoch(i))));

/** Whether the optional `webgpu` package is installed here. */
function webgpuInstalled(): boolean {
  try {
    require.resolve("webgpu");
    return true;
  } catch {
    return false;
  }
}

/** A loader whose package never loads into this process (the test fails if the engine tries). */
function loaderWith(probe: ProbeResult | null): Parameters<typeof setWebGpuLoader>[0] {
  return {
    resolve: () => (probe === null ? null : "/nowhere/webgpu/index.js"),
    load: (): WebGpuModule => expect.fail("Dawn must not be loaded into this process"),
    probe: async () => probe ?? expect.fail("no package: nothing to probe"),
  };
}

/** Runs the inputs, checks the reference's bits, and returns what the engine announced. */
async function announced(backend: Backend): Promise<string[]> {
  const lines: string[] = [];
  const outputs = await computeEpochs(inputs, { backend, notice: (l) => lines.push(l) });
  expect(outputs.map((o) => JSON.stringify(formatEpochOutput(o)))).to.deep.equal(reference);
  return lines;
}

/**
 * Runs a script in a fresh Node process (ts-node for the sources) and returns its exit status and
 * stderr. Its stderr is a shell pipe, as on a terminal's `| less` (Node's own child pipes are sockets,
 * where fd 2 cannot be silenced), and its stdout is dropped.
 */
function childStderr(body: string): { status: number | null; stderr: string } {
  const script = `require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, "tsconfig.json"))} });\n${body}`;
  const r = spawnSync("bash", ["-o", "pipefail", "-c", '"$NODE" -e "$SCRIPT" 2>&1 >/dev/null | cat'], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE: process.execPath, SCRIPT: script },
    timeout: 120_000,
  });
  return { status: r.status, stderr: r.stdout };
}

describe("Yuma backend choice (webgpu optional, announced once)", function () {
  this.timeout(180_000);
  afterEach(() => setWebGpuLoader());
  after(closeEngine);

  it("without the webgpu package, auto and webgpu run cpu and say why", async function () {
    setWebGpuLoader(loaderWith(null));
    expect(await announced("auto")).to.deep.equal(["yuma: backend cpu (webgpu package not installed)"]);
    expect(await announced("webgpu")).to.deep.equal(["yuma: backend cpu, not webgpu (webgpu package not installed)"]);
    expect((await chooseBackend("auto")).backend).to.equal("cpu");
  });

  it("with only a software adapter, auto runs cpu without loading Dawn here", async function () {
    const lavapipe = { vendor: "mesa", architecture: "", device: "llvmpipe (LLVM 15.0.6, 256 bits)", description: "llvmpipe (LLVM 15.0.6, 256 bits)", isFallbackAdapter: false };
    setWebGpuLoader(loaderWith({ ok: true, adapter: lavapipe }));
    expect(await announced("auto")).to.deep.equal(["yuma: backend cpu (no hardware GPU adapter: only llvmpipe (LLVM 15.0.6, 256 bits))"]);
  });

  it("without an adapter, auto and webgpu run cpu with the probe's reason", async function () {
    setWebGpuLoader(loaderWith({ ok: false, reason: "no WebGPU adapter: Couldn't load Vulkan" }));
    expect(await announced("auto")).to.deep.equal(["yuma: backend cpu (no WebGPU adapter: Couldn't load Vulkan)"]);
    expect(await announced("webgpu")).to.deep.equal(["yuma: backend cpu, not webgpu (no WebGPU adapter: Couldn't load Vulkan)"]);
  });

  it("announces nothing for backends asked for by name that need no explaining", async function () {
    setWebGpuLoader(loaderWith(null));
    expect(await announced("cpu")).to.deep.equal([]);
    expect(await announced("reference")).to.deep.equal([]);
    expect(backendAnnouncement("cpu", { backend: "cpu", adapter: null, reason: null })).to.equal(null);
    const h100 = { vendor: "nvidia", architecture: "hopper", device: "", description: "NVIDIA H100", software: false };
    expect(backendAnnouncement("auto", { backend: "webgpu", adapter: h100, reason: null })).to.equal("yuma: backend webgpu on NVIDIA H100 (nvidia, hopper)");
  });

  it("writes its one line to stderr once per process by default", async function () {
    setWebGpuLoader(loaderWith(null));
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array): boolean => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      for (let i = 0; i < 3; i++) await computeEpochs(inputs, { backend: "auto" });
    } finally {
      process.stderr.write = write;
    }
    expect(written).to.deep.equal(["yuma: backend cpu (webgpu package not installed)\n"]);
  });

  it("leaves a real process's stderr with only its one line (the real package, whatever adapter is here)", function () {
    for (const backend of ["auto", "webgpu"]) {
      const run = childStderr(
        `const y = require(${JSON.stringify(path.join(ROOT, "oracle/yuma"))});
         const { randomEpochInput } = require(${JSON.stringify(path.join(ROOT, "bench/lib/random-epochs"))});
         (async () => {
           const inputs = [randomEpochInput(5, { n: 10, validators: 3 })];
           for (let i = 0; i < 2; i++) await y.computeEpochs(inputs, { backend: "${backend}" });
           await y.closeEngine();
           process.exit(0);
         })();`,
      );
      expect(run.status, run.stderr).to.equal(0);
      const lines = run.stderr.split("\n").filter((l) => l !== "");
      expect(lines, run.stderr).to.have.length(1);
      expect(lines[0]).to.match(backend === "auto" ? /^yuma: backend (cpu \(.+\)|webgpu on .+)$/ : /^yuma: backend (cpu, not webgpu \(.+\)|webgpu on .+)$/);
    }
  });

  it("loads Dawn here only after the probe, with what it prints at discovery silenced", function () {
    if (process.platform !== "linux" || !webgpuInstalled()) this.skip();
    // Dawn's null backend gives an adapter on any machine; its create() is wrapped so that discovery
    // writes to fd 2 from outside JavaScript's streams, as Dawn's native warnings do.
    const run = childStderr(
      `const fs = require("fs");
       const y = require(${JSON.stringify(path.join(ROOT, "oracle/yuma"))});
       y.setWebGpuLoader({
         load: (entry) => {
           const real = require(entry);
           return { globals: real.globals, create: () => {
             const gpu = real.create(["backend=null"]);
             const requestAdapter = gpu.requestAdapter.bind(gpu);
             gpu.requestAdapter = (o) => { fs.writeSync(2, "Warning: native noise at discovery\\n"); return requestAdapter(o); };
             return gpu;
           } };
         },
         probe: async () => ({ ok: true, noisy: true, adapter: { vendor: "", architecture: "", device: "", description: "Null backend", isFallbackAdapter: false } }),
       });
       (async () => {
         const choice = await y.chooseBackend("webgpu");
         process.stderr.write(y.backendAnnouncement("webgpu", choice) + "\\n");
         process.exit(0);
       })();`,
    );
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/^yuma: backend webgpu on [^\n]+\n$/);
  });

  it("silences native writes to fd 2 only while asked to, and only there", function () {
    const run = childStderr(
      `const fs = require("fs");
       const { withNativeStderrSilenced } = require(${JSON.stringify(path.join(ROOT, "oracle/yuma/gpu/device"))});
       fs.writeSync(2, "before\\n");
       const r = withNativeStderrSilenced(() => { fs.writeSync(2, "dropped\\n"); return 7; });
       fs.writeSync(2, "after " + r + "\\n");
       process.stderr.write("js after\\n");`,
    );
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stderr).to.equal(process.platform === "linux" ? "before\nafter 7\njs after\n" : "before\ndropped\nafter 7\njs after\n");
  });
});
