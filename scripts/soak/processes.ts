/**
 * Every child process the harness starts, so that none outlives it: each runs in its own process
 * group (detached) and is killed, group and all, when the harness stops, exits, fails or gets
 * SIGINT/SIGTERM. Only these pids are ever signalled.
 */
import { type ChildProcess, type SpawnOptions, spawn } from "child_process";

const live = new Set<ChildProcess>();
let hooked = false;

/** SIGKILL a child's whole group (it was spawned detached, so its pid is the group id). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone (ESRCH): nothing to clean up.
  }
}

/** Kill every child still running; synchronous, so it also works from an `exit` handler. */
export function killAll(): void {
  for (const child of live) killGroup(child);
  live.clear();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killAll();
      // Re-raise the default behaviour: exit as the signal would have.
      process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
    });
  }
}

/** Spawn a tracked child in its own process group. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  hookExit();
  const child = spawn(command, args, { ...options, detached: true });
  live.add(child);
  child.once("exit", () => live.delete(child));
  // A failed spawn (ENOENT) is reported through `exit`/`error`; never let it throw uncaught.
  child.on("error", () => live.delete(child));
  return child;
}

/** Resolves when `child` has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}
