/**
 * One committee member as a real process: `node bin/subnet-layer.js oracle run ...` (honest) or
 * `scripts/soak/liar.ts` (a liar, with this member's key and store), its RPC through its own proxy,
 * stdout and stderr appended to `node-<i>.log` (pino JSON lines). The harness adds its own JSON lines
 * there (`"harness": true`) when it starts, kills or tampers with the node, so a log reads in order.
 */
import * as fs from "fs";
import * as path from "path";
import type { ChildProcess } from "child_process";
import type { OracleKey } from "./accounts";
import { HarnessTimeoutError } from "./errors";
import { exited, killGroup, spawnTracked } from "./processes";
import type { LieVariant } from "./tamper";

export type NodeRole =
  | { kind: "honest" }
  /** ./liar.ts: attests (and settles, if accepted) tampered reports, with this member's key or several colluding ones. */
  | { kind: "liar"; variant: LieVariant; keys?: readonly OracleKey[] };

/** The line a node (honest or liar) logs once it is connected and checked. */
export const START_LINE = /"msg":"(oracle node started|liar started)"/;

export interface NodeExit {
  code: number | null;
  signal: string | null;
  at: number;
  /** The harness killed it (a fault or the end of the run). */
  expected: boolean;
  role: NodeRole["kind"];
  /** The last error line of the log before it exited, when it exited on its own. */
  reason?: string;
}

export interface OracleProcessOptions {
  index: number;
  key: OracleKey;
  root: string;
  dir: string;
  /** The node's RPC: its proxy. */
  rpcUrl: string;
  lens: string;
  settlement: string;
  pollMs: number;
  backend: string;
}

export class OracleProcess {
  readonly storeFile: string;
  readonly logFile: string;
  private child?: ChildProcess;
  private killing = false;
  role: NodeRole = { kind: "honest" };
  starts = 0;
  readonly exits: NodeExit[] = [];
  /** Log offset at the last start: what this run of the process wrote comes after it. */
  startOffset = 0;
  /** This run logged its start line (cached: the log only grows). */
  private upSeen = false;

  constructor(readonly options: OracleProcessOptions) {
    this.storeFile = path.join(options.dir, `node-${options.index}.json`);
    this.logFile = path.join(options.dir, `node-${options.index}.log`);
  }

  get index(): number {
    return this.options.index;
  }

  get address(): string {
    return this.options.key.address;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Running and past its start-up (it logged "oracle node started" or "liar started"). */
  isUp(): boolean {
    if (!this.running) return false;
    this.upSeen ||= START_LINE.test(this.logSinceStart());
    return this.upSeen;
  }

  /** A JSON line of the harness's own in the node's log. */
  mark(msg: string, fields: Record<string, unknown> = {}): void {
    fs.appendFileSync(this.logFile, `${JSON.stringify({ harness: true, time: Date.now(), node: this.index, ...fields, msg })}\n`);
  }

  start(role: NodeRole = { kind: "honest" }): void {
    if (this.running) throw new Error(`node ${this.index} is already running`);
    this.role = role;
    this.starts++;
    const o = this.options;
    const common = ["--rpc", o.rpcUrl, "--lens", o.lens, "--settlement", o.settlement, "--store", this.storeFile, "--poll-ms", String(o.pollMs), "--backend", o.backend];
    const [command, args] =
      role.kind === "honest"
        ? [process.execPath, [path.join(o.root, "bin", "subnet-layer.js"), "oracle", "run", "--key", o.key.privateKey, ...common]]
        : [
            process.execPath,
            [
              "-r",
              "ts-node/register/transpile-only",
              path.join(o.root, "scripts", "soak", "liar.ts"),
              "--keys",
              (role.keys ?? [o.key]).map((k) => k.privateKey).join(","),
              "--variant",
              role.variant,
              ...common,
            ],
          ];
    fs.mkdirSync(o.dir, { recursive: true });
    this.mark(`harness: starting ${role.kind === "honest" ? "honest node" : `liar (${role.variant}${role.keys ? `, keys of nodes ${role.keys.map((k) => k.index).join(", ")}` : ""})`}`, { start: this.starts });
    this.startOffset = fs.statSync(this.logFile).size;
    const log = fs.openSync(this.logFile, "a");
    const child = spawnTracked(command, args as string[], {
      cwd: o.root,
      stdio: ["ignore", log, log],
      env: { ...process.env, TS_NODE_PROJECT: path.join(o.root, "tsconfig.json"), FORCE_COLOR: "0" },
    });
    fs.closeSync(log);
    this.child = child;
    this.killing = false;
    this.upSeen = false;
    const roleKind = role.kind;
    child.once("exit", (code, signal) => {
      const expected = this.killing;
      const exit: NodeExit = { code, signal, at: Date.now(), expected, role: roleKind };
      if (!expected) exit.reason = this.lastError();
      this.exits.push(exit);
      if (!expected) this.mark(`harness: node exited by itself (${code ?? signal})`, { code, signal, reason: exit.reason });
    });
  }

  /** SIGKILL now, without waiting (the proxy's tap calls this between an answer and the node reading it). */
  killNow(): void {
    if (!this.running || this.child === undefined) return;
    this.killing = true;
    killGroup(this.child, "SIGKILL");
  }

  async kill(reason = "fault"): Promise<void> {
    if (!this.running || this.child === undefined) return;
    this.mark(`harness: SIGKILL (${reason})`);
    this.killNow();
    await exited(this.child);
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 3_000): Promise<void> {
    const child = this.child;
    if (!this.running || child === undefined) return;
    this.killing = true;
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
    await exited(child);
    clearTimeout(timer);
  }

  /** What this run of the process has logged so far. */
  logSinceStart(): string {
    return readFrom(this.logFile, this.startOffset);
  }

  /** Resolve once this run's log matches `pattern` (e.g. the start line); reject after `timeoutMs`. */
  async waitForLog(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (pattern.test(this.logSinceStart())) return;
      if (!this.running) throw new HarnessTimeoutError(`node ${this.index} exited before logging ${pattern}: ${this.exits.at(-1)?.reason ?? ""}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new HarnessTimeoutError(`node ${this.index} did not log ${pattern} within ${timeoutMs} ms`);
  }

  /** Why this run ended: the CLI's `error:` line if it printed one, else the last pino error (level >= 50). */
  private lastError(): string | undefined {
    const lines = this.logSinceStart().trim().split("\n").reverse();
    const plain = lines.find((line) => line.startsWith("error:"));
    if (plain !== undefined) return plain.slice(0, 300);
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; err?: unknown; harness?: boolean };
        if (entry.harness !== true && (entry.level ?? 0) >= 50) return `${entry.msg ?? ""}${entry.err ? `: ${JSON.stringify(entry.err)}` : ""}`.slice(0, 300);
      } catch {
        // A torn last line (killed mid-write): keep looking.
      }
    }
    return lines.find((line) => line.trim() !== "" && !line.startsWith("{"))?.trim().slice(0, 300);
  }
}

function readFrom(file: string, offset: number): string {
  try {
    const fd = fs.openSync(file, "r");
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= offset) return "";
      const buffer = Buffer.alloc(size - offset);
      fs.readSync(fd, buffer, 0, buffer.length, offset);
      return buffer.toString("utf8");
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return "";
  }
}
