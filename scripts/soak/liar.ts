/**
 * A lying committee member as its own process: the repo's OracleNode with a `tamper` hook (./tamper),
 * run by the same loop as `subnet-layer oracle run`, for one key or several colluding ones (one node
 * each, one shared bonds store). The soak harness starts it in place of an honest node, with that
 * node's key and store:
 *
 *   node -r ts-node/register/transpile-only scripts/soak/liar.ts --rpc <url> --keys <hex,...> \
 *     --lens <addr> --settlement <addr> --store <file> --variant rao+1|hotkey|bonds|length
 *
 * It computes each epoch as an honest node (bonds included, so it carries on), then attests and, if
 * the committee accepts it, settles the tampered report. A node whose report the chain rejected does
 * not attest it again (OracleNode), so a colluding quorum's unsettleable report costs one round.
 */
import { Command, Option } from "commander";
import { Wallet } from "ethers";
import pino from "pino";
import { runOracleLoop } from "../../oracle/node/loop";
import { OracleNode } from "../../oracle/node/oracle-node";
import { connectRpc } from "../../oracle/rpc";
import { FileBondsStore } from "../../oracle/store/bonds-store";
import { BACKENDS, type Backend } from "../../oracle/yuma";
import { LIE_VARIANTS, type LieVariant, tamper } from "./tamper";

interface LiarOptions {
  rpc: string;
  keys: string;
  lens: string;
  settlement: string;
  store: string;
  pollMs: string;
  backend: Backend;
  variant: LieVariant;
}

async function main(): Promise<void> {
  const opts = new Command("liar")
    .requiredOption("--rpc <url>")
    .requiredOption("--keys <hex,...>", "private keys of the colluding members")
    .requiredOption("--lens <address>")
    .requiredOption("--settlement <address>")
    .requiredOption("--store <file>")
    .option("--poll-ms <ms>", "poll interval", "250")
    .addOption(new Option("--backend <name>").choices(BACKENDS).default("cpu"))
    .addOption(new Option("--variant <name>").choices(LIE_VARIANTS).makeOptionMandatory())
    .parse()
    .opts<LiarOptions>();
  const logger = pino({ name: "subnet-layer-liar" });
  const conn = await connectRpc(opts.rpc);
  const store = new FileBondsStore(opts.store, { onDiscard: (reason) => logger.warn({ store: opts.store }, reason) });
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  process.once("SIGTERM", () => stop.abort());
  const wallets = opts.keys.split(",").map((k) => new Wallet(k.trim(), conn.provider));
  logger.info({ liars: wallets.map((w) => w.address), variant: opts.variant }, "liar started");
  try {
    await Promise.all(
      wallets.map((wallet) => {
        const log = logger.child({ liar: wallet.address, variant: opts.variant });
        const node = new OracleNode({
          signer: wallet,
          lens: opts.lens,
          settlement: opts.settlement,
          store,
          backend: opts.backend,
          logger: log,
          tamper: (report) => tamper(report, opts.variant),
        });
        return runOracleLoop(node, { pollMs: Number(opts.pollMs), logger: log, signal: stop.signal });
      }),
    );
  } finally {
    conn.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
