/**
 * The `subnet-layer` command line. Subcommands:
 *   yuma run <file> [--backend auto]        run Yuma epochs from a JSON file, print outputs as JSON
 *   yuma simulate <scenario> [--backend auto] [--out dir]
 *                                            run a scenario under several Yuma variants; write JSON, CSV, HTML
 *   oracle run --rpc <url> ...               run an oracle node against any JSON-RPC endpoint
 * Exit codes: 0 ok, 1 unexpected failure, 2 bad usage or bad input (the message names the field).
 */
import { Command, CommanderError, Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import { FetchRequest, JsonRpcProvider, Network, NonceManager, Wallet, isAddress } from "ethers";
import pino from "pino";
import { BACKENDS, Backend, computeEpochs, formatEpochOutput, parseEpochInputs, YumaInputError } from "./yuma";
import { renderHtml } from "./sim/html";
import { formatSummary, toCsv, toJson } from "./sim/report";
import { ScenarioError, parseScenario, scenarioSlug } from "./sim/scenario";
import { simulate } from "./sim/simulate";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A problem with what the user asked for; printed without a stack trace, exit code 2. */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new CliUsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliUsageError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

async function yumaRun(file: string, opts: { backend: Backend }, io: CliIo): Promise<void> {
  const { inputs, isArray } = parseEpochInputs(readJsonFile(file));
  // The engine's one line on the backend it chose (auto, webgpu) goes to this command's stderr.
  const outputs = (await computeEpochs(inputs, { backend: opts.backend, notice: (line) => io.stderr(`${line}\n`) })).map(formatEpochOutput);
  io.stdout(`${JSON.stringify(isArray ? outputs : outputs[0])}\n`);
}

async function yumaSimulate(file: string, opts: { backend: Backend; out?: string }, io: CliIo): Promise<void> {
  const scenario = parseScenario(readJsonFile(file));
  const out = opts.out ?? path.join("sim-out", scenarioSlug(scenario.name));
  // Progress on stderr about every 10% of the epochs, so stdout stays the summary alone.
  const step = Math.max(1, Math.ceil(scenario.epochs / 10));
  const started = Date.now();
  const result = await simulate(scenario, {
    backend: opts.backend,
    onEpoch: (done, total) => {
      if (done % step === 0 || done === total) io.stderr(`epoch ${done}/${total} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    },
  });
  const files: Array<[string, string]> = [
    [path.join(out, "result.json"), toJson(result)],
    [path.join(out, "result.csv"), toCsv(result)],
    [path.join(out, "report.html"), renderHtml(result)],
  ];
  try {
    fs.mkdirSync(out, { recursive: true });
    for (const [name, content] of files) fs.writeFileSync(name, content);
  } catch (e) {
    throw new CliUsageError(`cannot write to --out ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  io.stdout(`${scenario.name}: cumulative dividends over ${scenario.epochs} epochs (backend ${result.backend})\n\n`);
  io.stdout(`${formatSummary(result)}\n\n${files.map(([name]) => `wrote ${name}`).join("\n")}\n`);
}

interface OracleRunOptions {
  rpc: string;
  key?: string;
  lens: string;
  settlement: string;
  store: string;
  pollMs: string;
  backend: Backend;
  once?: boolean;
  /** false with --no-claim: leave the stake credits to their owners. */
  claim: boolean;
}

/** A tick failed while `--once` was given: exit 1 after the logs say why. */
export class OracleRunFailed extends Error {
  override name = "OracleRunFailed";
}

/** The endpoint's chain id, asked once with a timeout (ethers would otherwise retry forever). */
async function detectChainId(url: string): Promise<bigint> {
  try {
    const request = new FetchRequest(url);
    request.timeout = 10_000;
    request.setHeader("content-type", "application/json");
    request.body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] });
    const response = await request.send();
    response.assertOk();
    return BigInt((response.bodyJson as { result: string }).result);
  } catch (e) {
    throw new OracleRunFailed(`cannot reach --rpc ${url}: ${(e as { shortMessage?: string }).shortMessage ?? (e as Error).message}`);
  }
}

async function oracleRun(opts: OracleRunOptions): Promise<void> {
  const key = opts.key ?? process.env.ORACLE_PRIVATE_KEY;
  if (!key) throw new CliUsageError("no signing key: pass --key or set ORACLE_PRIVATE_KEY");
  for (const [name, value] of [["--lens", opts.lens], ["--settlement", opts.settlement]] as const) {
    if (!isAddress(value)) throw new CliUsageError(`${name} ${value} is not an address`);
  }
  const pollMs = Number(opts.pollMs);
  if (!Number.isInteger(pollMs) || pollMs < 100) throw new CliUsageError(`--poll-ms must be an integer >= 100, got ${opts.pollMs}`);
  let signer: Wallet;
  try {
    signer = new Wallet(key);
  } catch (e) {
    throw new CliUsageError(`invalid --key: ${(e as Error).message}`);
  }
  const chainId = await detectChainId(opts.rpc);
  signer = signer.connect(new JsonRpcProvider(opts.rpc, Network.from(chainId), { staticNetwork: true }));
  // Imported here so `yuma run` does not need the compiled contract types.
  const { OracleNode } = await import("./node/oracle-node");
  const { runOracleLoop } = await import("./node/loop");
  const { FileBondsStore } = await import("./store/bonds-store");
  const logger = pino({ name: "subnet-layer-oracle" });
  // The node sends attest then settle back to back; a NonceManager counts nonces locally instead of
  // trusting the provider's (briefly cached) pending count.
  const node = new OracleNode({
    signer: new NonceManager(signer),
    lens: opts.lens,
    settlement: opts.settlement,
    store: new FileBondsStore(opts.store),
    backend: opts.backend,
    claimStakeCredits: opts.claim,
    logger,
  });
  logger.info({ rpc: opts.rpc, oracle: signer.address, lens: opts.lens, settlement: opts.settlement }, "oracle node started");
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  process.once("SIGTERM", () => stop.abort());
  const failures = await runOracleLoop(node, { pollMs, logger, signal: stop.signal, maxTicks: opts.once ? 1 : undefined });
  if (opts.once && failures > 0) throw new OracleRunFailed("the oracle tick failed (see the log above)");
}

function buildProgram(io: CliIo): Command {
  const program = new Command("subnet-layer")
    .description("Bittensor subnet economics on any EVM chain: Yuma engine and oracle")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const yuma = program.command("yuma").description("Yuma Consensus, exactly as subtensor computes it");
  yuma
    .command("run")
    .description("run the epoch(s) in <file> (one input or a JSON array) and print the outputs as JSON")
    .argument("<file>", "epoch input JSON (format: test/vectors/yuma/README.md)")
    .addOption(new Option("--backend <name>", "engine backend (auto: WebGPU on a hardware GPU, else CPU threads)").choices(BACKENDS).default("auto"))
    .action((file: string, opts: { backend: Backend }) => yumaRun(file, opts, io));
  yuma
    .command("simulate")
    .description("run a scenario for K epochs under several Yuma variants (batched); write result.json, result.csv, report.html")
    .argument("<scenario>", "scenario JSON (format: examples/scenarios/README.md)")
    .addOption(new Option("--backend <name>", "engine backend (auto: WebGPU on a hardware GPU, else CPU threads)").choices(BACKENDS).default("auto"))
    .option("--out <dir>", "output folder (default: sim-out/<scenario name>)")
    .action((file: string, opts: { backend: Backend; out?: string }) => yumaSimulate(file, opts, io));
  const oracle = program.command("oracle").description("the oracle node: read due subnets, compute Yuma, attest and settle");
  oracle
    .command("run")
    .description("run an oracle node against a JSON-RPC endpoint until interrupted")
    .requiredOption("--rpc <url>", "JSON-RPC endpoint, e.g. http://127.0.0.1:8545")
    .option("--key <hex>", "the node's private key (default: $ORACLE_PRIVATE_KEY)")
    .requiredOption("--lens <address>", "MetagraphLens address")
    .requiredOption("--settlement <address>", "EpochSettlement address")
    .option("--store <file>", "durable bonds store", "oracle-store.json")
    .option("--poll-ms <ms>", "how often to look for due subnets", "2000")
    .addOption(new Option("--backend <name>", "engine backend (auto: WebGPU on a hardware GPU, else CPU threads)").choices(BACKENDS).default("auto"))
    .option("--once", "handle what is due now, then exit")
    .option("--no-claim", "after settling, leave the miners' and validators' stake credits for them to claim")
    .action((opts: OracleRunOptions) => oracleRun(opts));
  return program;
}

/** Run the CLI with `argv` (as process.argv: node, script, args...); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv as string[]);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE; // commander printed it
    if (e instanceof YumaInputError || e instanceof ScenarioError || e instanceof CliUsageError) {
      io.stderr(`error: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof OracleRunFailed) {
      io.stderr(`error: ${e.message}\n`);
      return EXIT_FAILURE;
    }
    io.stderr(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_FAILURE;
  }
}
