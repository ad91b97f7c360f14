/** Plain-text tables for terminal output: right-aligned numbers, left-aligned text. */
export type Cell = string | number | bigint | boolean;

export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i].length)));
  const numeric = headers.map((_, i) => rows.every((r) => typeof r[i] !== "string" || /^-?[0-9.,]+$/.test(r[i] as string)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...text.map(line)].join("\n");
}

/** Rao (9 decimals) as a decimal TAO/alpha amount with `digits` places. */
export function formatRao(rao: bigint, digits = 4): string {
  const sign = rao < 0n ? "-" : "";
  const abs = rao < 0n ? -rao : rao;
  const whole = abs / 1_000_000_000n;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, "0").slice(0, digits);
  return `${sign}${whole.toLocaleString("en-US")}${digits > 0 ? `.${frac}` : ""}`;
}
