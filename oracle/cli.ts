/**
 * The `subnet-layer` command line. Subcommands:
 *   yuma run <file> [--backend auto]        run Yuma epochs from a JSON file, print outputs as JSON
 *   yuma simulate <scenario> [--backend auto] [--out dir]
 *                                            run a scenario under several Yuma variants; write JSON, CSV, HTML
 *   oracle run --rpc <url> ...               run an oracle node against any JSON-RPC endpoint
 *   oracle status --rpc <url> ... [--json]   the committee, the due subnets' rounds, the node's last attestations
 *
 * The oracle commands check what they are pointed at before doing anything: every JSON-RPC request
 * times out (--rpc-timeout-ms), --lens and --settlement must hold a MetagraphLens and the
 * EpochSettlement it reads, and `run`'s key must be a registered oracle node. Each refusal is one line
 * on stderr (`error: ...`), never a stack trace.
 *
 * Exit codes: 0 ok; 2 bad usage or bad input found without the network (the message names the field:
 * a malformed key or address, an unusable --store); 1 a failure: what the chain says about the inputs
 * (unreachable endpoint, no or the wrong contract at an address, not an oracle node), a failed
 * `--once` tick, or anything unexpected (with its stack).
 */
import { Command, CommanderError, Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import { Wallet, getAddress, isAddress } from "ethers";
import pino from "pino";
import { readOracleStatus } from "./node/status";
import { formatOracleStatus, formatOracleStatusJson } from "./node/status-format";
import { type CheckedContracts, ChainCheckError, DEFAULT_RPC_TIMEOUT_MS, type RpcConnection, checkContracts, checkOracle, connectRpc, describeRpcError } from "./rpc";
import { BondsStoreError, FileBondsStore } from "./store/bonds-store";
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

/** What every oracle command needs to reach the chain. */
interface ChainOptions {
  rpc: string;
  lens: string;
  settlement: string;
  rpcTimeoutMs: string;
}

interface OracleRunOptions extends ChainOptions {
  key?: string;
  store: string;
  pollMs: string;
  backend: Backend;
  once?: boolean;
  /** false with --no-claim: leave the stake credits to their owners. */
  claim: boolean;
}

interface OracleStatusOptions extends ChainOptions {
  key?: string;
  address?: string;
  json?: boolean;
  last: string;
  fromBlock: string;
}

/** A tick failed while `--once` was given: exit 1 after the logs say why. */
export class OracleRunFailed extends Error {
  override name = "OracleRunFailed";
}

function integerOption(flag: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliUsageError(`${flag} must be an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}, got ${value}`);
  }
  return n;
}

/** The chain options, checked without touching the network; resolves to the request timeout. */
function checkChainOptions(opts: ChainOptions): number {
  let protocol: string;
  try {
    protocol = new URL(opts.rpc).protocol;
  } catch {
    throw new CliUsageError(`--rpc ${opts.rpc} is not a URL`);
  }
  if (protocol !== "http:" && protocol !== "https:") throw new CliUsageError(`--rpc ${opts.rpc}: only http and https endpoints are supported`);
  for (const [name, value] of [["--lens", opts.lens], ["--settlement", opts.settlement]] as const) {
    if (!isAddress(value)) throw new CliUsageError(`${name} ${value} is not an address`);
  }
  return integerOption("--rpc-timeout-ms", opts.rpcTimeoutMs, 100);
}

function parseKey(key: string): Wallet {
  try {
    return new Wallet(key);
  } catch {
    throw new CliUsageError("invalid --key: not a 32-byte hex private key");
  }
}

type Chain = { conn: RpcConnection } & CheckedContracts;

/** Runs `use` on a checked connection to the chain (endpoint, lens, settlement), closed afterwards. */
async function withChain<T>(opts: ChainOptions, timeoutMs: number, use: (chain: Chain) => Promise<T>): Promise<T> {
  const conn = await connectRpc(opts.rpc, timeoutMs);
  try {
    return await use({ conn, ...(await checkContracts(conn, opts.lens, opts.settlement)) });
  } finally {
    conn.close();
  }
}

async function oracleRun(opts: OracleRunOptions, io: CliIo): Promise<void> {
  const key = opts.key ?? process.env.ORACLE_PRIVATE_KEY;
  if (!key) throw new CliUsageError("no signing key: pass --key or set ORACLE_PRIVATE_KEY");
  const timeoutMs = checkChainOptions(opts);
  const pollMs = Number(opts.pollMs);
  if (!Number.isInteger(pollMs) || pollMs < 100) throw new CliUsageError(`--poll-ms must be an integer >= 100, got ${opts.pollMs}`);
  const wallet = parseKey(key);
  const logger = pino({ name: "subnet-layer-oracle" }, { write: (line: string) => io.stdout(line) });
  // A store the node cannot write is an error (exit 2); an unreadable one is an empty cache, said once.
  const store = new FileBondsStore(opts.store, { onDiscard: (reason) => logger.warn({ store: opts.store }, reason) });
  await withChain(opts, timeoutMs, async ({ conn, settlement }) => {
    await checkOracle(conn, settlement, wallet.address);
    // Imported here so `yuma` commands do not need the compiled contract types.
    const { OracleNode } = await import("./node/oracle-node");
    const { runOracleLoop } = await import("./node/loop");
    // The plain wallet: the node numbers its own transactions.
    const node = new OracleNode({
      signer: wallet.connect(conn.provider),
      lens: opts.lens,
      settlement: opts.settlement,
      store,
      backend: opts.backend,
      claimStakeCredits: opts.claim,
      logger,
    });
    logger.info({ rpc: opts.rpc, chainId: conn.chainId.toString(), oracle: wallet.address, lens: opts.lens, settlement: opts.settlement }, "oracle node started");
    const stop = new AbortController();
    const abort = (): void => stop.abort();
    process.once("SIGINT", abort);
    process.once("SIGTERM", abort);
    // An epoch the node could not handle is logged and retried on the next tick; with --once there is none.
    let failedEpochs = 0;
    try {
      const failures = await runOracleLoop(node, {
        pollMs,
        logger,
        signal: stop.signal,
        maxTicks: opts.once ? 1 : undefined,
        onResults: (results) => {
          failedEpochs += results.filter((r) => r.outcome === "failed").length;
        },
      });
      if (opts.once && failures > 0) throw new OracleRunFailed("the oracle tick failed (see the log above)");
      if (opts.once && failedEpochs > 0) throw new OracleRunFailed(`${failedEpochs} due epoch${failedEpochs === 1 ? "" : "s"} failed (see the log above)`);
    } finally {
      process.off("SIGINT", abort);
      process.off("SIGTERM", abort);
    }
  });
}

/** The node `status` is about: --address, or the address of --key (or $ORACLE_PRIVATE_KEY). */
function statusAddress(opts: OracleStatusOptions): string {
  if (opts.address !== undefined && !isAddress(opts.address)) throw new CliUsageError(`--address ${opts.address} is not an address`);
  const key = opts.key ?? (opts.address === undefined ? process.env.ORACLE_PRIVATE_KEY : undefined);
  const fromKey = key === undefined ? undefined : parseKey(key).address;
  if (opts.address !== undefined && fromKey !== undefined && getAddress(opts.address) !== fromKey) {
    throw new CliUsageError(`--address ${opts.address} is not the address of --key (${fromKey})`);
  }
  const address = opts.address ?? fromKey;
  if (address === undefined) throw new CliUsageError("no node to report on: pass --address or --key (or set ORACLE_PRIVATE_KEY)");
  return getAddress(address);
}

async function oracleStatus(opts: OracleStatusOptions, io: CliIo): Promise<void> {
  const timeoutMs = checkChainOptions(opts);
  const address = statusAddress(opts);
  const last = integerOption("--last", opts.last, 1, 1000);
  const fromBlock = integerOption("--from-block", opts.fromBlock, 0);
  const status = await withChain(opts, timeoutMs, async ({ conn, lens, settlement }) => {
    try {
      return await readOracleStatus({ provider: conn.provider, chainId: conn.chainId, lens, settlement }, address, { last, fromBlock });
    } catch (e) {
      // Errors of the endpoint (ethers' and Node's carry a string code) are one line; a bug keeps its stack.
      if (typeof (e as { code?: unknown }).code !== "string") throw e;
      throw new ChainCheckError(`reading the status from --rpc ${opts.rpc} failed: ${describeRpcError(e, timeoutMs)}`);
    }
  });
  io.stdout(`${opts.json ? formatOracleStatusJson(status) : formatOracleStatus(status)}\n`);
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
  const chainOptions = (command: Command): Command =>
    command
      .requiredOption("--rpc <url>", "JSON-RPC endpoint, e.g. http://127.0.0.1:8545")
      .requiredOption("--lens <address>", "MetagraphLens address")
      .requiredOption("--settlement <address>", "EpochSettlement address")
      .option("--rpc-timeout-ms <ms>", "give up on a JSON-RPC request after this long", String(DEFAULT_RPC_TIMEOUT_MS));
  chainOptions(oracle.command("run").description("run an oracle node against a JSON-RPC endpoint until interrupted"))
    .option("--key <hex>", "the node's private key (default: $ORACLE_PRIVATE_KEY)")
    .option("--store <file>", "bonds cache (rebuilt from the chain if lost or unreadable)", "oracle-store.json")
    .option("--poll-ms <ms>", "how often to look for due subnets", "2000")
    .addOption(new Option("--backend <name>", "engine backend (auto: WebGPU on a hardware GPU, else CPU threads)").choices(BACKENDS).default("auto"))
    .option("--once", "handle what is due now, then exit")
    .option("--no-claim", "after settling, leave the miners' and validators' stake credits for them to claim")
    .action((opts: OracleRunOptions) => oracleRun(opts, io));
  chainOptions(oracle.command("status").description("show the committee, the due subnets' rounds and this node's last attestations"))
    .option("--address <address>", "the node's address (or give --key)")
    .option("--key <hex>", "the node's private key, to take its address from (default: $ORACLE_PRIVATE_KEY)")
    .option("--last <n>", "how many of the node's last attestations to show", "10")
    .option("--from-block <block>", "first block to search for events (for endpoints that limit eth_getLogs ranges)", "0")
    .option("--json", "print the status as JSON")
    .action((opts: OracleStatusOptions) => oracleStatus(opts, io));
  return program;
}

/** Run the CLI with `argv` (as process.argv: node, script, args...); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv as string[]);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE; // commander printed it
    if (e instanceof YumaInputError || e instanceof ScenarioError || e instanceof CliUsageError || e instanceof BondsStoreError) {
      io.stderr(`error: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof OracleRunFailed || e instanceof ChainCheckError) {
      io.stderr(`error: ${e.message}\n`);
      return EXIT_FAILURE;
    }
    io.stderr(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_FAILURE;
  }
}
