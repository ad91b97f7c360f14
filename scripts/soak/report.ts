/** The soak's tables (terminal) and JSON (bench/results), from a {@link SoakResult}. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatTable } from "../lib/table";
import type { SoakResult } from "./soak";

const ms = (x: number | undefined): string => (x === undefined ? "-" : String(Math.round(x)));

export function formatSoak(r: SoakResult): string {
  const m = r.measure;
  const out: string[] = [];
  out.push(
    formatTable(
      ["subnet", "tempo", "epochs due", "settled", "lost", "settled twice", "max delay (blocks)", "late (>= tempo)", "rounds opened", "rejected", "schedule breaks"],
      [
        ...m.subnets.map((s) => [s.netuid, s.tempo, s.due, s.settled, s.lost, s.settledTwice, s.maxDelay, s.late, s.roundsOpened, s.rejected, s.scheduleBreaks]),
        ["all", "", m.totals.due, m.totals.settled, m.totals.lost, m.totals.settledTwice, m.totals.maxDelay, m.totals.late, m.totals.roundsOpened, m.totals.rejected, m.totals.scheduleBreaks],
      ],
    ),
  );
  const faultRows: Array<Array<string | number>> = Object.entries(r.faultCounts).map(([kind, c]) => [kind, c.injected, c.triggered, c.recovered, c.medianRecoveryBlocks ?? "-"]);
  // A race shows either as a settle the node was refused (its estimate saw the epoch settled) or as a
  // settle transaction that reverted on the chain (mined after the winner's).
  faultRows.push(["race: settle refused (node logs)", r.racesLost, "", "", ""]);
  if (m.settleTxs !== undefined) faultRows.push(["race: settle reverted (chain)", m.settleTxs.reverted, "", "", ""]);
  faultRows.push(["crash (restarted by the harness)", r.crashRestarts.length, "", "", ""]);
  out.push("", formatTable(["fault", "injected", "triggered", "attested again", "median blocks to attest"], faultRows));
  const p = m.phases;
  out.push(
    "",
    formatTable(
      ["phase (chain)", "epochs", "median blocks", "p95 blocks", "max blocks", "median ms", "p95 ms"],
      [
        ["snapshot -> first attest", p.firstAttest.count, p.firstAttest.medianBlocks, p.firstAttest.p95Blocks, p.firstAttest.maxBlocks, ms(p.firstAttest.medianMs), ms(p.firstAttest.p95Ms)],
        ["snapshot -> accepted", p.accepted.count, p.accepted.medianBlocks, p.accepted.p95Blocks, p.accepted.maxBlocks, ms(p.accepted.medianMs), ms(p.accepted.p95Ms)],
        ["accepted -> settled", p.settle.count, p.settle.medianBlocks, p.settle.p95Blocks, p.settle.maxBlocks, ms(p.settle.medianMs), ms(p.settle.p95Ms)],
        ["snapshot -> settled", p.total.count, p.total.medianBlocks, p.total.p95Blocks, p.total.maxBlocks, ms(p.total.medianMs), ms(p.total.p95Ms)],
      ],
    ),
  );
  out.push(
    "",
    formatTable(
      ["node", "attestations", "of unsettled hashes", "settles", "exits by itself", "last attest block", "top problem in its log"],
      m.nodes.map((n, i) => {
        const problems = Object.entries(r.logs[i]?.problems ?? {}).sort((a, b) => b[1] - a[1]);
        return [
          n.index,
          n.attestations,
          n.unsettledHashes,
          n.settles,
          r.nodeExits.filter((e) => e.node === i && !e.expected).length,
          n.lastAttestBlock ?? "-",
          problems.length === 0 ? "" : `${problems[0][1]}x ${problems[0][0]}`.slice(0, 110),
        ];
      }),
    ),
  );
  const reasons = Object.entries(m.rejectedReasons).map(([k, v]) => `${v}x ${k}`);
  out.push("");
  if (reasons.length > 0) out.push(`rejected reports (ReportRejected): ${reasons.join(", ")}`);
  if (m.settleTxs !== undefined) {
    const reverts = Object.entries(m.settleTxs.revertReasons).map(([k, v]) => `${v}x ${k}`);
    out.push(`settle transactions: ${m.settleTxs.ok} ok, ${m.settleTxs.reverted} reverted${reverts.length ? ` (${reverts.join(", ")})` : ""}; ${m.settleTxs.epochsWithSeveral} epochs with more than one`);
  }
  if (m.alphaConserved !== undefined) out.push(`alpha conserved: ${m.alphaConserved.ok ? "yes" : `NO: ${m.alphaConserved.failures.join("; ")}`}`);
  out.push(
    `wall time ${r.wallSeconds.toFixed(0)} s (setup ${r.setupSeconds.toFixed(0)} s); blocks ${r.blocks.runStart}..${r.blocks.stop} run, ..${r.blocks.end} drain (${r.blocks.byTimer} empty by the timer); stopped: ${r.stopReason}`,
  );
  out.push(`weights: ${r.weights.rows} rows set, ${r.weights.refused} refused${Object.keys(r.weights.refusals).length ? ` (${Object.entries(r.weights.refusals).map(([k, v]) => `${v}x ${k}`).join(", ")})` : ""}`);
  out.push(r.ok ? "OK: no epoch lost, none settled twice" : `FAIL: ${m.totals.lost} lost, ${m.totals.settledTwice} settled twice`);
  return out.join("\n");
}

/** JSON with bigints as strings, plus the machine it ran on. */
export function writeSoakJson(file: string, r: SoakResult): void {
  const env = { node: process.version, cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, platform: `${os.platform()} ${os.arch()}`, date: new Date().toISOString() };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = JSON.stringify({ env, ...r }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
  // Written whole, then renamed: a reader never sees half a file.
  fs.writeFileSync(`${file}.tmp`, `${text}\n`);
  fs.renameSync(`${file}.tmp`, file);
}
