/**
 * `oracle`: runs an oracle node in this Hardhat process against the selected network, signing with one
 * of its accounts (a committee member: `deploy --oracles`). Each tick reads the due subnets at their
 * snapshot blocks, computes Yuma for all of them in one engine call, attests, settles and claims the
 * stake credits; one line per epoch. `--mine` (dev chains) mines to the next due block before each
 * tick, so a local node walks through epochs without waiting for 360 blocks of traffic.
 */
import { join } from "node:path";
import { task } from "hardhat/config";
import { formatRao as fmt } from "../scripts/lib/table";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { TaskInputError, guarded, layerOf, parseBounded, signerFor } from "./lib/task-helpers";

interface OracleArgs {
  from: string;
  store?: string;
  backend: string;
  pollMs: string;
  ticks?: string;
  once: boolean;
  mine: boolean;
  noClaim: boolean;
  deployment?: string;
}

task("oracle", "Runs an oracle node: computes and settles every due epoch")
  .addOptionalParam("from", "The oracle's account: index or address", "0")
  .addOptionalParam("store", "Durable bonds store, a JSON file (default deployments/<network>.oracle-store.json; in memory on the in-process hardhat network)")
  .addOptionalParam("backend", "Yuma backend: auto, cpu, webgpu or reference", "auto")
  .addOptionalParam("pollMs", "Milliseconds between ticks", "2000")
  .addOptionalParam("ticks", "Stop after this many ticks (default: run until interrupted)")
  .addFlag("once", "One tick, then exit (exit 1 if it failed)")
  .addFlag("mine", "Dev chains: mine to the next due block before each tick")
  .addFlag("noClaim", "Leave the stake credits for their owners to claim")
  .addOptionalParam("deployment", "Deployment file (default deployments/<network>.json)")
  .setAction(async (a: OracleArgs, hre) =>
    guarded(async () => {
      const { BACKENDS } = await import("../oracle/yuma");
      if (!(BACKENDS as readonly string[]).includes(a.backend)) throw new TaskInputError(`--backend must be one of ${BACKENDS.join(", ")}, not ${a.backend}`);
      const pollMs = parseBounded(a.pollMs, "--poll-ms", 3_600_000);
      const maxTicks = a.once ? 1 : a.ticks === undefined ? undefined : parseBounded(a.ticks, "--ticks", 1_000_000);
      if (maxTicks === 0) throw new TaskInputError("--ticks must be at least 1");
      const signer = await signerFor(hre, a.from);
      const layer = await layerOf(hre, a.deployment, signer);
      const address = await signer.getAddress();
      if (!(await layer.settlement.isOracle(address))) {
        throw new TaskInputError(`${address} is not in the oracle committee (deploy --oracles, or a governance motion calling EpochSettlement.setOracle)`);
      }
      const { OracleNode } = await import("../oracle/node/oracle-node");
      const { FileBondsStore, MemoryBondsStore } = await import("../oracle/store/bonds-store");
      const node = new OracleNode({
        signer,
        lens: layer.addresses.MetagraphLens,
        settlement: layer.addresses.EpochSettlement,
        store: storeFor(hre, a.store, layer.addresses.EpochSettlement, FileBondsStore, MemoryBondsStore),
        backend: a.backend as never,
        claimStakeCredits: !a.noClaim,
        logger: consoleLogger,
      });
      console.log(`Oracle ${address} on ${hre.network.name}${a.mine ? ", mining to each due block" : ""}`);
      const { runOracleLoop } = await import("../oracle/node/loop");
      const stop = new AbortController();
      const onInterrupt = (): void => stop.abort();
      process.once("SIGINT", onInterrupt);
      // Epochs the node could not take part in (an error, a disagreement, a rejection): failures for --once's exit status.
      let missed = 0;
      let failures: number;
      try {
        failures = await runOracleLoop(node, {
          // Mining makes the next epoch due at once: no wait between ticks then.
          pollMs: a.mine ? 0 : pollMs,
          maxTicks,
          signal: stop.signal,
          logger: consoleLogger,
          beforeTick: a.mine ? () => mineToNextDue(hre, layer) : undefined,
          onResults: async (results) => {
            if (results.length === 0 && maxTicks !== undefined) console.log(`block ${await hre.ethers.provider.getBlockNumber()}: no subnet is due`);
            for (const r of results) {
              const paid = r.report === undefined ? "" : `, ${fmt(r.snapshot?.raoEmission ?? 0n)} α emitted`;
              const claimed = r.claimed === undefined || r.claimed === 0n ? "" : `, ${fmt(r.claimed)} α of credits staked`;
              const why = r.error === undefined ? "" : ` (${r.error})`;
              console.log(`subnet ${r.netuid} epoch at block ${r.snapshotBlock}: ${r.outcome}${why}${paid}${claimed}`);
              if (r.outcome === "failed" || r.outcome === "disagreed" || r.outcome === "rejected") missed++;
            }
          },
        });
      } finally {
        process.off("SIGINT", onInterrupt);
      }
      if (a.once && failures + missed > 0) throw new TaskInputError("the oracle tick failed");
    }),
  );

/** In-process hardhat network: one memory store per deployment, shared by every `oracle` run of the process. */
const memoryStores = new Map<string, unknown>();

/**
 * The bonds cache: each epoch's bonds are the next epoch's input, so a node run again (another
 * `oracle` invocation) finds them there, or rebuilds them from the chain. The in-process hardhat network
 * dies with the process, so there a memory store kept for the process is enough.
 */
function storeFor<F, M>(
  hre: HardhatRuntimeEnvironment,
  file: string | undefined,
  settlement: string,
  FileStore: new (path: string, options: { onDiscard: (reason: string) => void }) => F,
  Memory: new () => M,
): F | M {
  // The store is a cache: an unreadable one is moved aside, said once, and rebuilt from the chain.
  const options = { onDiscard: (reason: string) => console.error(`oracle store: ${reason}`) };
  if (file !== undefined) return new FileStore(file, options);
  if (hre.network.name === "hardhat") {
    if (!memoryStores.has(settlement)) memoryStores.set(settlement, new Memory());
    return memoryStores.get(settlement) as M;
  }
  return new FileStore(join(hre.config.paths.root, "deployments", `${hre.network.name}.oracle-store.json`), options);
}

const consoleLogger = {
  info: () => {},
  warn: (obj: object, msg?: string) => console.warn(`warning: ${msg ?? ""} ${JSON.stringify(obj, bigintJson)}`),
  error: (obj: object, msg?: string) => console.error(`error: ${msg ?? ""} ${JSON.stringify(obj, bigintJson)}`),
};

function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** On a Hardhat node, mines up to the earliest due block of the started subnets (none started: nothing). */
async function mineToNextDue(hre: HardhatRuntimeEnvironment, layer: Awaited<ReturnType<typeof layerOf>>): Promise<void> {
  const netuids = await layer.registry.netuids();
  const due: bigint[] = [];
  for (const netuid of netuids) if ((await layer.registry.subnet(netuid)).startBlock > 0n) due.push(await layer.coinbase.dueBlock(netuid));
  if (due.length === 0) return;
  const next = due.reduce((x, y) => (x < y ? x : y));
  const now = BigInt(await hre.ethers.provider.getBlockNumber());
  if (next <= now) return;
  try {
    await hre.network.provider.send("hardhat_mine", [`0x${(next - now).toString(16)}`]);
  } catch {
    throw new TaskInputError(`--mine needs a Hardhat node: ${hre.network.name} does not mine on request`);
  }
}
