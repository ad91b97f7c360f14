/**
 * Writes docs/bittensor-evm.md's table of every precompile function (between the compat-table markers)
 * from test/compat/subtensor-precompiles.json and scripts/lib/compat-status.ts: `npm run docs:compat`.
 * `--check` exits 1 if the page is not what it would write (test/compat/abi.test.ts runs the same check).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMPAT } from "../lib/compat-status";

export interface PrecompileEntry {
  precompile: string;
  address: string;
  signature: string;
  returns: string[];
  mutability: string;
}

const ROOT = join(__dirname, "..", "..");
export const DOC = join(ROOT, "docs", "bittensor-evm.md");
const START = "<!-- compat-table:start -->";
const END = "<!-- compat-table:end -->";

export function entries(): PrecompileEntry[] {
  return JSON.parse(
    readFileSync(
      join(ROOT, "test", "compat", "subtensor-precompiles.json"),
      "utf8",
    ),
  ) as PrecompileEntry[];
}

/** The table's markdown; throws naming every signature without a status. */
export function compatTable(list: PrecompileEntry[] = entries()): string {
  const missing = list
    .filter((e) => COMPAT[e.precompile]?.[e.signature] === undefined)
    .map((e) => `${e.precompile}.${e.signature}`);
  if (missing.length > 0)
    throw new Error(
      `no status in scripts/lib/compat-status.ts for: ${missing.join(", ")}`,
    );
  const counts = { same: 0, differs: 0, unsupported: 0 };
  const rows = list.map((e) => {
    const s = COMPAT[e.precompile][e.signature];
    counts[s.status]++;
    const returns = e.returns.length === 0 ? "" : ` → ${e.returns.join(", ")}`;
    return `| ${e.precompile} \`${e.address.slice(-4)}\` | \`${e.signature}${returns}\` | ${s.status} | ${s.note ?? ""} |`;
  });
  return [
    `${list.length} functions: ${counts.same} same, ${counts.differs} differ, ${counts.unsupported} unsupported.`,
    "",
    "| precompile | function | status | how |",
    "|---|---|---|---|",
    ...rows,
  ].join("\n");
}

export function renderDoc(current: string, table: string): string {
  const a = current.indexOf(START);
  const b = current.indexOf(END);
  if (a < 0 || b < a)
    throw new Error(`${DOC} has no ${START} … ${END} markers`);
  return `${current.slice(0, a + START.length)}\n${table}\n${current.slice(b)}`;
}

if (require.main === module) {
  const current = readFileSync(DOC, "utf8");
  const next = renderDoc(current, compatTable());
  if (process.argv.includes("--check")) {
    if (next !== current) {
      process.stderr.write(
        "docs/bittensor-evm.md is out of date: run npm run docs:compat\n",
      );
      process.exit(1);
    }
  } else {
    writeFileSync(DOC, next);
    process.stdout.write(`wrote ${DOC}\n`);
  }
}
