/**
 * The `subnet-layer` command line. Subcommands:
 *   yuma run <file> [--backend reference]   run Yuma epochs from a JSON file, print outputs as JSON
 * Exit codes: 0 ok, 1 unexpected failure, 2 bad usage or bad input (the message names the field).
 */
import { Command, CommanderError, Option } from "commander";
import * as fs from "fs";
import { BACKENDS, Backend, computeEpochs, formatEpochOutput, parseEpochInputs, YumaInputError } from "./yuma";

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
  const outputs = (await computeEpochs(inputs, { backend: opts.backend })).map(formatEpochOutput);
  io.stdout(`${JSON.stringify(isArray ? outputs : outputs[0])}\n`);
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
    .addOption(new Option("--backend <name>", "engine backend").choices(BACKENDS).default("reference"))
    .action((file: string, opts: { backend: Backend }) => yumaRun(file, opts, io));
  return program;
}

/** Run the CLI with `argv` (as process.argv: node, script, args...); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv as string[]);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE; // commander printed it
    if (e instanceof YumaInputError || e instanceof CliUsageError) {
      io.stderr(`error: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_FAILURE;
  }
}
