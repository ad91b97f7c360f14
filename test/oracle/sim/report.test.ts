/** Simulation outputs: the JSON and CSV files and the self-contained HTML report. */
import { expect } from "chai";
import { escapeHtml, lineChart, renderHtml } from "../../../oracle/sim/html";
import { CSV_HEADER, SimulationJson, formatSummary, sharePercent, toCsv, toJson } from "../../../oracle/sim/report";
import { parseScenario } from "../../../oracle/sim/scenario";
import { SimulationResult, simulate } from "../../../oracle/sim/simulate";
import { tinyScenarioJson } from "./fixtures";

/** Split one CSV line (RFC 4180 quoting). */
function csvFields(line: string): string[] {
  const fields: string[] = [""];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') fields[fields.length - 1] += line[i++];
    else if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) fields.push("");
    else fields[fields.length - 1] += c;
  }
  return fields;
}

describe("sim: reports", function () {
  let result: SimulationResult;
  let hostile: SimulationResult;
  before(async function () {
    result = await simulate(parseScenario(tinyScenarioJson()));
    hostile = await simulate(
      parseScenario(
        tinyScenarioJson({
          name: '<script>alert("x")</script>',
          description: "Tom & Jerry's <b>subnet</b>",
          miners: ["a", "b, the \"second\"", "<c>"],
          epochs: 4,
          variants: [{ name: "<img src=x onerror=alert(1)>" }],
          validators: [
            { name: "v0", stake: "1", behaviour: { type: "fixed", weights: { a: 1, "<c>": 1 } } },
            { name: "<v1>", stake: "1", behaviour: { type: "fixed", weights: { "b, the \"second\"": 1 } } },
          ],
        }),
      ),
    );
  });

  it("JSON: everything, bigints as decimal strings", function () {
    const json = JSON.parse(toJson(result)) as SimulationJson;
    expect(json.scenario).to.include({ name: "tiny", epochs: 6, tempo: 360, emission_rao_per_epoch: "295200000000" });
    expect(json.backend).to.equal("reference");
    expect(json.uids[1]).to.deep.equal({ uid: 1, name: "v1", role: "validator", stake_rao: "3500500000000", registration_block: "1" });
    expect(json.variants).to.have.length(2);
    const v = json.variants[0];
    expect(v.hyperparameters).to.deep.include({ yuma3: true, liquid_alpha: true, kappa_u16: 32767, bonds_moving_average: "900000" });
    expect(v.epochs).to.have.length(6);
    const e = v.epochs[2];
    expect(e.consensus_u16).to.deep.equal(result.variants[0].epochs[2].consensus);
    expect(e.bonds_u16).to.deep.equal(result.variants[0].epochs[2].bonds);
    expect(e.validator_emission_rao.every((x) => typeof x === "string" && /^[0-9]+$/.test(x))).to.equal(true);
    expect(v.cumulative_validator_emission_rao).to.deep.equal(result.variants[0].cumulativeValidatorEmission.map(String));
  });

  it("CSV: a header and one row per (variant, epoch, uid)", function () {
    const lines = toCsv(result).trimEnd().split("\n");
    expect(lines[0]).to.equal("variant,epoch,uid,name,role,consensus,incentive,dividends,validator_trust,emission_rao,bonds");
    expect(lines).to.have.length(1 + 2 * 6 * 6);
    const rows = lines.slice(1).map(csvFields);
    for (const row of rows) expect(row).to.have.length(CSV_HEADER.length);
    const keys = new Set(rows.map((r) => `${r[0]}|${r[1]}|${r[2]}`));
    expect(keys.size).to.equal(2 * 6 * 6);
    // A validator's row carries its bonds; the numbers are the result's.
    const r = rows.find((x) => x[0] === "classic Yuma" && x[1] === "3" && x[2] === "0")!;
    const epoch = result.variants[1].epochs[3];
    expect(r.slice(3, 10)).to.deep.equal([
      "v0",
      "validator",
      String(epoch.consensus[0]),
      String(epoch.incentive[0]),
      String(epoch.dividends[0]),
      String(epoch.validatorTrust[0]),
      String(epoch.serverEmission[0] + epoch.validatorEmission[0]),
    ]);
    expect(r[10]).to.equal(epoch.bonds[0].map(([j, w]) => `${j}:${w}`).join(";"));
    expect(r[10]).to.match(/^\d+:\d+(;\d+:\d+)*$/);
    expect(rows.find((x) => x[4] === "miner")![10]).to.equal("");
  });

  it("CSV: quotes names that need it", function () {
    const lines = toCsv(hostile).trimEnd().split("\n");
    const row = lines.find((l) => l.includes("second"))!;
    expect(row).to.include('"b, the ""second"""');
    expect(csvFields(row)[3]).to.equal('b, the "second"');
    expect(csvFields(row)).to.have.length(CSV_HEADER.length);
  });

  it("HTML: self-contained, with charts and tables", function () {
    const html = renderHtml(result);
    expect(html.startsWith("<!DOCTYPE html>")).to.equal(true);
    expect(html).to.not.match(/https?:\/\//);
    expect(html).to.not.match(/\b(src|href)\s*=/i);
    expect(html).to.not.match(/<script|<link|@import|url\(/i);
    expect(html.match(/<svg /g)!.length).to.be.at.least(5 * 2);
    expect(html).to.include("<polyline");
    expect(html).to.include("Cumulative dividends per validator");
    for (const name of ["v0", "v1", "v2", "Yuma3 + liquid alpha", "classic Yuma"]) expect(html).to.include(name);
  });

  it("HTML: escapes every text from the scenario", function () {
    const html = renderHtml(hostile);
    expect(html).to.not.include("<script");
    expect(html).to.not.include("<img");
    expect(html).to.not.include("<v1>");
    expect(html).to.not.include("<c>");
    expect(html).to.not.include("<b>subnet");
    expect(html).to.include("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
    expect(html).to.include("Tom &#38; Jerry&#39;s");
    expect(escapeHtml(`<a href="x">&'`)).to.equal("&#60;a href=&#34;x&#34;&#62;&#38;&#39;");
  });

  it("lineChart: one polyline per series, axes labelled, names escaped", function () {
    const svg = lineChart({
      title: "T<1>",
      xLabel: "epoch",
      yLabel: "share",
      series: [
        { name: "a&b", points: [[0, 0], [1, 0.5], [2, 1]] },
        { name: "c", points: [[0, 1], [1, 1], [2, 1]] },
      ],
    });
    expect(svg.match(/<polyline/g)).to.have.length(2);
    expect(svg).to.include("T&#60;1&#62;");
    expect(svg).to.include("a&#38;b");
    expect(svg).to.include(">epoch</text>");
    expect(svg).to.include(">share</text>");
    expect(svg).to.include(">1.0</text>");
    // A chart with nothing to draw still renders its axes.
    expect(lineChart({ title: "empty", xLabel: "x", yLabel: "y", series: [] })).to.include("<svg");
  });

  it("summary: each validator's cumulative dividends and share, per variant", function () {
    const text = formatSummary(result);
    const lines = text.split("\n");
    expect(lines[0]).to.match(/^validator\s+Yuma3 \+ liquid alpha \(TAO\)\s+%\s+classic Yuma \(TAO\)\s+%$/);
    expect(lines).to.have.length(2 + 3);
    expect(sharePercent(1n, 3n)).to.equal("33.33");
    expect(sharePercent(2n, 3n)).to.equal("66.67");
    expect(sharePercent(0n, 0n)).to.equal("-");
  });
});
