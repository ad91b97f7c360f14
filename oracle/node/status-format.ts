/** `subnet-layer oracle status` output: the status read by oracle/node/status.ts as tables or JSON. Pure. */
import { type Cell, formatTable } from "../../scripts/lib/table";
import type { AttestationStatus, DueSubnetStatus, OracleStatus } from "./status";

/** A hash short enough for a table column, still enough to tell reports apart. */
export function shortHash(hash: string): string {
  return `${hash.slice(0, 10)}..`;
}

function attestationCount(d: DueSubnetStatus, threshold: number): string {
  if (d.attestations === null || d.countOf === null) return "-";
  return `${d.attestations}/${threshold} (${d.countOf})`;
}

function dueRow(d: DueSubnetStatus, threshold: number): Cell[] {
  return [
    d.netuid,
    d.dueBlock,
    d.overdue,
    d.round,
    d.roundOpenedAt,
    d.acceptedHash === null ? "-" : shortHash(d.acceptedHash),
    d.attested ? `yes ${d.ownHash === null ? "" : shortHash(d.ownHash)}`.trimEnd() : "no",
    attestationCount(d, threshold),
  ];
}

function attestationRow(a: AttestationStatus): Cell[] {
  const agreement = a.agreement === "differs" && a.settledHash !== null ? `differs (settled ${shortHash(a.settledHash)})` : a.agreement;
  return [a.netuid, a.snapshotBlock, a.round, shortHash(a.reportHash), a.block, agreement];
}

/** The status as the terminal shows it: a heading, then the committee, due subnets and last attestations. */
export function formatOracleStatus(status: OracleStatus): string {
  const c = status.committee;
  const out: string[] = [
    `EpochSettlement ${status.settlement} (lens ${status.lens}) on chain ${status.chainId} at block ${status.block}`,
    "",
    formatTable(
      ["committee", ""],
      [
        ["oracle", `${c.address} (${c.isOracle ? "registered" : "NOT registered"})`],
        ["threshold", `${c.threshold} of ${c.oracleCount} oracles`],
        ["round timeout", `${c.roundTimeout} blocks`],
      ],
    ),
    "",
  ];
  if (status.due.length === 0) out.push("due subnets: none");
  else {
    out.push("due subnets");
    out.push(formatTable(["netuid", "due block", "overdue", "round", "opened at", "accepted", "attested", "attestations"], status.due.map((d) => dueRow(d, c.threshold))));
  }
  out.push("");
  if (status.attestations.length === 0) out.push(`last attestations of ${c.address}: none`);
  else {
    out.push(`last attestations of ${c.address}`);
    out.push(formatTable(["netuid", "snapshot block", "round", "report hash", "block", "agreement"], status.attestations.map(attestationRow)));
  }
  return out.join("\n");
}

/** The same data as JSON: bigint fields (chain id, blocks, counts) as decimal strings, hashes in full. */
export function formatOracleStatusJson(status: OracleStatus): string {
  return JSON.stringify(status, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2);
}
