/**
 * A simulation result as one self-contained HTML page: summary tables and inline SVG line charts,
 * variants side by side on shared axes. No scripts, no fonts, no network: the page can be mailed or
 * archived as is. Every text that comes from the scenario is escaped.
 */
import { formatRao } from "../../scripts/lib/table";
import { sharePercent } from "./report";
import { Behaviour, Scenario } from "./scenario";
import { EpochRecord, SimulationResult, UidInfo, VariantResult } from "./simulate";

/** Escape text for HTML content and attribute values (also valid inside inline SVG). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
const esc = escapeHtml;

export interface ChartSeries {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  /** Top of the y axis before rounding to a tick (so charts compared side by side share a scale). */
  readonly yMax?: number;
  readonly width?: number;
  readonly height?: number;
}

/** Tableau 10: distinct hues that stay readable on white; series past 10 also get a dash pattern. */
const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
const DASHES = ["", "6 3", "2 3", "9 3 2 3"];
const style = (i: number): { color: string; dash: string } => ({
  color: PALETTE[i % PALETTE.length],
  dash: DASHES[Math.floor(i / PALETTE.length) % DASHES.length],
});

/** A 1-2-5 step giving about `count` intervals over `range`. */
function niceStep(range: number, count: number): number {
  const raw = range / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const f = raw / magnitude;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
}

function ticks(max: number, count: number): { top: number; values: number[]; digits: number } {
  const step = niceStep(max > 0 ? max : 1, count);
  const top = Math.max(step, Math.ceil(max / step - 1e-9) * step);
  const values: number[] = [];
  for (let k = 0; k * step <= top + step / 2; k++) values.push(k * step);
  return { top, values, digits: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
}

/** Keep at most `max` points (evenly spaced, last one kept) so long runs stay light. */
function thin(points: ChartSeries["points"], max: number): ChartSeries["points"] {
  if (points.length <= max) return points;
  const stride = Math.ceil(points.length / max);
  return points.filter((_, k) => k % stride === 0 || k === points.length - 1);
}

const num = (x: number): string => (Math.round(x * 10) / 10).toString();

/** One line chart: an inline SVG with axes, ticks and labels, and an HTML legend below it. */
export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 460;
  const height = o.height ?? 270;
  const m = { left: 58, right: 14, top: 30, bottom: 44 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const all = o.series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map(([x]) => x));
  const y = ticks(Math.max(o.yMax ?? 0, ...all.map(([, v]) => v)), 5);
  const x = ticks(xMax, 6);
  const sx = (v: number): number => m.left + (v / x.top) * plotW;
  const sy = (v: number): number => m.top + plotH - (v / y.top) * plotH;

  const parts: string[] = [];
  parts.push(`<text x="${width / 2}" y="18" text-anchor="middle" class="title">${esc(o.title)}</text>`);
  for (const v of y.values) {
    parts.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${num(sy(v))}" y2="${num(sy(v))}" class="grid"/>`);
    parts.push(`<text x="${m.left - 6}" y="${num(sy(v) + 4)}" text-anchor="end">${v.toFixed(y.digits)}</text>`);
  }
  for (const v of x.values) {
    parts.push(`<line x1="${num(sx(v))}" x2="${num(sx(v))}" y1="${m.top + plotH}" y2="${m.top + plotH + 5}" class="axis"/>`);
    parts.push(`<text x="${num(sx(v))}" y="${m.top + plotH + 18}" text-anchor="middle">${v.toFixed(x.digits)}</text>`);
  }
  parts.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + plotH}" class="axis"/>`);
  parts.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${m.top + plotH}" y2="${m.top + plotH}" class="axis"/>`);
  parts.push(`<text x="${m.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  o.series.forEach((s, i) => {
    const { color, dash } = style(i);
    const points = thin(s.points, 800)
      .map(([px, py]) => `${num(sx(px))},${num(sy(py))}`)
      .join(" ");
    const dashAttr = dash ? ` stroke-dasharray="${dash}"` : "";
    parts.push(`<polyline points="${points}" stroke="${color}"${dashAttr} class="series"><title>${esc(s.name)}</title></polyline>`);
  });

  const legend = o.series
    .map((s, i) => {
      const { color, dash } = style(i);
      const dashAttr = dash ? ` stroke-dasharray="${dash}"` : "";
      return `<li><svg width="22" height="10" aria-hidden="true"><line x1="1" x2="21" y1="5" y2="5" stroke="${color}"${dashAttr} stroke-width="2.5"/></svg>${esc(s.name)}</li>`;
    })
    .join("");
  return (
    `<figure class="chart"><svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(o.title)}">` +
    `${parts.join("")}</svg><ul class="legend">${legend}</ul></figure>`
  );
}

/** A behaviour in a few words, for the summary table. */
function describeBehaviour(b: Behaviour, s: Scenario): string {
  switch (b.type) {
    case "fixed":
      return "fixed weights";
    case "schedule":
      return `schedule (changes at epochs ${b.changes.map((c) => c.epoch).join(", ")})`;
    case "moves_to":
      return `moves its weights at epoch ${b.epoch}`;
    case "copies_consensus":
      return `copies the consensus ${b.lag} epoch${b.lag === 1 ? "" : "s"} late`;
    case "late":
      return `copies ${s.validators[b.like].name} ${b.delay} epoch${b.delay === 1 ? "" : "s"} late`;
  }
}

function describeVariant(v: VariantResult["spec"]): string {
  const u16 = (x: number): string => (x / 65535).toFixed(3);
  return [
    v.yuma3 ? "Yuma3" : "classic Yuma",
    v.yuma3 ? (v.liquidAlpha ? `liquid alpha [${u16(v.alphaValues[0])}, ${u16(v.alphaValues[1])}], steepness ${v.alphaSigmoidSteepness}` : "fixed alpha") : null,
    `kappa ${u16(v.kappa)}`,
    `bonds penalty ${u16(v.bondsPenalty)}`,
    `bonds moving average ${v.bondsMovingAverage}`,
  ]
    .filter((x): x is string => x !== null)
    .join(", ");
}

const percent = (part: bigint, total: bigint): string => (total === 0n ? "–" : `${sharePercent(part, total)}%`);

/** An HTML table; columns whose cells are all numbers (or blank) are right-aligned. */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const numeric = headers.map((_, k) => rows.every((r) => /^(-?[0-9,.]+%?|–|)$/.test(r[k])));
  const cell = (tag: string, c: string, k: number): string => `<${tag}${numeric[k] ? ' class="num"' : ""}>${esc(c)}</${tag}>`;
  return (
    `<table><thead><tr>${headers.map((h, k) => cell("th", h, k)).join("")}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c, k) => cell("td", c, k)).join("")}</tr>`).join("")}</tbody></table>`
  );
}

/** Cumulative emission per uid of `role`, per variant: amount and share of the role's total. */
function emissionTable(result: SimulationResult, role: UidInfo["role"], pick: (v: VariantResult) => readonly bigint[], extra: (u: UidInfo) => string[], extraHeaders: string[]): string {
  const uids = result.uids.filter((u) => u.role === role);
  const totals = result.variants.map((v) => uids.reduce((s, u) => s + pick(v)[u.uid], 0n));
  const headers = ["uid", "name", ...extraHeaders, ...result.variants.flatMap((v) => [`${v.spec.name} (TAO)`, "share"])];
  const rows = uids.map((u) => [
    String(u.uid),
    u.name,
    ...extra(u),
    ...result.variants.flatMap((v, k) => [formatRao(pick(v)[u.uid]), percent(pick(v)[u.uid], totals[k])]),
  ]);
  rows.push(["", "total", ...extraHeaders.map(() => ""), ...totals.flatMap((t) => [formatRao(t), t > 0n ? "100.00%" : "–"])]);
  return table(headers, rows);
}

interface ChartKind {
  readonly title: string;
  readonly yLabel: string;
  readonly role: UidInfo["role"];
  /** One y scale for the whole row, so variants compare at a glance (not for bonds: their encodings differ). */
  readonly sharedScale: boolean;
  readonly value: (records: readonly EpochRecord[], uid: number) => number[];
}

const U16 = 65535;
const CHARTS: readonly ChartKind[] = [
  {
    title: "Cumulative dividends",
    yLabel: "TAO",
    role: "validator",
    sharedScale: true,
    value: (records, uid) => {
      let sum = 0n;
      return records.map((r) => Number((sum += r.validatorEmission[uid])) / 1e9);
    },
  },
  { title: "Dividends per epoch", yLabel: "share of dividends", role: "validator", sharedScale: true, value: (records, uid) => records.map((r) => r.dividends[uid] / U16) },
  {
    // Classic bonds are stored column-max-upscaled (relative), Yuma3 bonds absolute: same unit, different meaning.
    title: "Bonds held (Σ over miners)",
    yLabel: "Σ bond (u16 / 65535)",
    role: "validator",
    sharedScale: false,
    value: (records, uid) => records.map((r) => (r.bonds[uid] ?? []).reduce((s, [, w]) => s + w, 0) / U16),
  },
  { title: "Miner incentive", yLabel: "share of incentive", role: "miner", sharedScale: true, value: (records, uid) => records.map((r) => r.incentive[uid] / U16) },
  { title: "Consensus per miner", yLabel: "consensus weight", role: "miner", sharedScale: true, value: (records, uid) => records.map((r) => r.consensus[uid] / U16) },
];

function chartRow(result: SimulationResult, kind: ChartKind): string {
  const uids = result.uids.filter((u) => u.role === kind.role);
  const seriesPerVariant = result.variants.map((v) =>
    uids.map((u) => ({ name: u.name, points: kind.value(v.epochs, u.uid).map((y, k) => [v.epochs[k].epoch, y] as const) })),
  );
  const yMax = kind.sharedScale ? Math.max(0, ...seriesPerVariant.flatMap((ss) => ss.flatMap((s) => s.points.map(([, y]) => y)))) : undefined;
  // The section heading names the chart; each title names its variant (long names would not fit both).
  const charts = result.variants.map((v, k) => lineChart({ title: v.spec.name, xLabel: "epoch", yLabel: kind.yLabel, series: seriesPerVariant[k], yMax }));
  return `<section><h2>${esc(kind.title)}</h2><div class="row">${charts.join("")}</div></section>`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:24px;max-width:1900px}
h1{margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}p.desc{max-width:900px;white-space:pre-wrap}
.meta{color:#555}
table{border-collapse:collapse;margin:8px 0}th,td{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}
th{background:#f4f4f4}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.row{display:flex;flex-wrap:wrap;gap:18px}
figure.chart{margin:0;border:1px solid #e3e3e3;border-radius:4px;padding:6px 8px;background:#fff}
figure.chart svg text{font-size:11px;fill:#333}figure.chart svg text.title{font-size:13px;font-weight:600}
.grid{stroke:#ececec}.axis{stroke:#888}.series{fill:none;stroke-width:1.8;stroke-linejoin:round}
ul.legend{list-style:none;margin:4px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:2px 12px;max-width:460px;font-size:12px}
ul.legend svg{vertical-align:middle;margin-right:4px}
`;

/** The report page: scenario, variants, cumulative emission tables, and the charts per variant. */
export function renderHtml(result: SimulationResult): string {
  const s = result.scenario;
  const variantRows = result.variants.map((v) => [v.spec.name, describeVariant(v.spec)]);
  const behaviour = (u: UidInfo): string[] => [formatRao(u.stakeRao, 2), describeBehaviour(s.validators[u.uid].behaviour, s) + (s.owner === u.uid ? " (owner)" : "")];
  const registration = (u: UidInfo): string[] => {
    const epoch = s.miners[u.uid - s.validators.length].registrationEpoch;
    return [epoch === null ? "before epoch 0" : `epoch ${epoch}`];
  };
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(s.name)}: Yuma simulation</title>`,
    `<style>${CSS}</style></head><body>`,
    `<h1>${esc(s.name)}</h1>`,
    `<p class="meta">${s.epochs} epochs of ${s.tempo} blocks, ${esc(formatRao(s.emissionRaoPerEpoch))} α emitted per epoch, ` +
      `${s.validators.length} validators, ${s.miners.length} miners, backend ${esc(result.backend)}</p>`,
    s.description ? `<p class="desc">${esc(s.description)}</p>` : "",
    "<h2>Variants</h2>",
    table(["variant", "rules"], variantRows),
    "<h2>Cumulative dividends per validator</h2>",
    emissionTable(result, "validator", (v) => v.cumulativeValidatorEmission, behaviour, ["stake (TAO)", "behaviour"]),
    "<h2>Cumulative incentive emission per miner</h2>",
    emissionTable(result, "miner", (v) => v.cumulativeServerEmission, registration, ["registered"]),
    ...CHARTS.map((kind) => chartRow(result, kind)),
    "</body></html>",
    "",
  ].join("\n");
}
