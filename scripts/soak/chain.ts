/**
 * A Hardhat JSON-RPC node as a child process of the harness: `hardhat node` on a free port of
 * 127.0.0.1, run through Hardhat's own CLI entry with `node` (no npx wrapper: one process to kill, and
 * ~4 s to the first answer on 2 cores), ready once `eth_chainId` answers.
 */
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import type { ChildProcess } from "child_process";
import { HarnessError, HarnessTimeoutError } from "./errors";
import { exited, killGroup, spawnTracked } from "./processes";

export interface ChainProcess {
  url: string;
  port: number;
  chainId: bigint;
  child: ChildProcess;
  /** Kill it and wait for it to exit. */
  stop(): Promise<void>;
}

/** A TCP port nothing listens on now (the OS picks it; the caller binds it soon after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One JSON-RPC call with a short timeout; undefined if nothing answered. */
export async function rpcCall(url: string, method: string, params: unknown[] = [], timeoutMs = 2_000): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: controller.signal,
    });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error !== undefined) throw new HarnessError(`${method}: ${body.error.message}`);
    return body.result;
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

function tail(file: string, bytes = 2_000): string {
  try {
    const text = fs.readFileSync(file, "utf8");
    return text.slice(-bytes);
  } catch {
    return "";
  }
}

/** Start `hardhat node` from the repository root `root`, its output to `logFile`. */
export async function startHardhatNode(options: { root: string; logFile: string; port?: number; readyTimeoutMs?: number }): Promise<ChainProcess> {
  const port = options.port ?? (await freePort());
  const cli = path.join(options.root, "node_modules", "hardhat", "internal", "cli", "cli.js");
  if (!fs.existsSync(cli)) throw new HarnessError(`no Hardhat CLI at ${cli}: run npm install`);
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, "a");
  const child = spawnTracked(process.execPath, [cli, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: options.root,
    stdio: ["ignore", log, log],
    // The node prints one line per request; colours only make the log harder to read.
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    killGroup(child);
    await exited(child);
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new HarnessError(`hardhat node exited (${child.exitCode ?? child.signalCode}) before answering:\n${tail(options.logFile)}`);
    }
    const result = await rpcCall(url, "eth_chainId", [], 1_000);
    if (typeof result === "string") return { url, port, chainId: BigInt(result), child, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new HarnessTimeoutError(`hardhat node on port ${port} did not answer eth_chainId in time:\n${tail(options.logFile)}`);
}
