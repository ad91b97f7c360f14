/**
 * The nodes' own account of a run, from their pino JSON logs: what each said how often, its warnings
 * and errors (hex and numbers folded so that one cause counts once), and the races it lost. The chain
 * is the truth (./measure); the logs say why.
 */
import * as fs from "fs";

export interface LogEntry {
  level?: number;
  time?: number;
  msg?: string;
  err?: unknown;
  harness?: boolean;
  outcome?: string;
  netuid?: number;
  snapshotBlock?: string;
  [field: string]: unknown;
}

export interface LogSummary {
  lines: number;
  /** Lines by message (info and up). */
  byMsg: Record<string, number>;
  /** Warnings and errors by message and cause, numbers and hex folded. */
  problems: Record<string, number>;
  /** Settles that found the epoch settled already ("settled by another node"). */
  racesLost: number;
  /** Non-JSON lines (a crash's stack trace, the CLI's `error:` line). */
  plain: string[];
}

/** Every JSON line of `file` from byte `offset` on; torn or plain lines are returned apart. */
export function readLog(file: string, offset = 0): { entries: LogEntry[]; plain: string[] } {
  let text = "";
  try {
    text = fs.readFileSync(file, "utf8").slice(offset);
  } catch {
    return { entries: [], plain: [] };
  }
  const entries: LogEntry[] = [];
  const plain: string[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    if (line.startsWith("{")) {
      try {
        entries.push(JSON.parse(line) as LogEntry);
        continue;
      } catch {
        // a line cut by SIGKILL
      }
    }
    plain.push(line);
  }
  return { entries, plain };
}

const fold = (text: string): string => text.replace(/0x[0-9a-fA-F]+/g, "0x…").replace(/\b\d+\b/g, "N").slice(0, 160);

export function summarizeLog(file: string): LogSummary {
  const { entries, plain } = readLog(file);
  const byMsg: Record<string, number> = {};
  const problems: Record<string, number> = {};
  // The loop logs each result's outcome; the node its own line: count either (whichever the node version has).
  let byOutcome = 0;
  let byLine = 0;
  for (const e of entries) {
    if (e.harness === true) continue;
    const msg = e.msg ?? "";
    byMsg[msg] = (byMsg[msg] ?? 0) + 1;
    if (e.outcome === "settled-by-other") byOutcome++;
    else if (/settled by another node/.test(msg)) byLine++;
    if ((e.level ?? 0) >= 40) {
      const cause = e.err === undefined ? "" : `: ${typeof e.err === "string" ? e.err : JSON.stringify(e.err)}`;
      const k = fold(`${msg}${cause}`);
      problems[k] = (problems[k] ?? 0) + 1;
    }
  }
  const interesting = plain.filter((l) => /^error:|Error/.test(l)).map(fold);
  return { lines: entries.length + plain.length, byMsg, problems, racesLost: Math.max(byOutcome, byLine), plain: [...new Set(interesting)].slice(0, 10) };
}
