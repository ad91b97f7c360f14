/**
 * `deploy`: the whole layer from the selected network's first account (or `--from`), wired, with the
 * oracle committee and, on a dev chain, genesis TAO; writes deployments/<network>.json for every other
 * task. `--ignition` deploys through Hardhat Ignition instead (resumable, journaled).
 */
import { task } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { TaskInputError, addressFor, guarded, parseAmount, parseBounded, parseInteger, signerFor } from "./lib/task-helpers";

interface DeployArgs {
  triumvirate: string;
  timelockDelay?: string;
  handOver: boolean;
  out?: string;
  genesis?: string;
  genesisAccounts: string;
  oracles: string;
  oracleThreshold?: string;
  networkRateLimit?: string;
  feeRecipient?: string;
  from: string;
  ignition: boolean;
}

/** Comma-separated addresses or account indices. */
async function addressList(hre: HardhatRuntimeEnvironment, text: string, what: string): Promise<string[]> {
  const items = text.split(",").map((t) => t.trim()).filter((t) => t !== "");
  const addresses = await Promise.all(items.map((t) => addressFor(hre, t, what)));
  // Refused here, not by a constructor or setter halfway through the deployment.
  const seen = new Set<string>();
  for (const a of addresses) {
    if (seen.has(a.toLowerCase())) throw new TaskInputError(`${what}: ${a} is listed twice`);
    seen.add(a.toLowerCase());
  }
  return addresses;
}

task("deploy", "Deploys subnet-layer and writes deployments/<network>.json")
  .addOptionalParam("triumvirate", "Founding Triumvirate members: addresses or account indices, comma-separated", "")
  .addOptionalParam("timelockDelay", "Seconds between a motion's approval and its execution (default 172800)")
  .addFlag("handOver", "Hand the deployer's rights to governance and renounce them (needs --triumvirate)")
  .addOptionalParam("genesis", "TAO minted to each genesis account, e.g. 1000 (dev chains)")
  .addOptionalParam("genesisAccounts", "Who gets --genesis: addresses or account indices, or \"all\" (the network's accounts)", "all")
  .addOptionalParam("oracles", "The oracle committee: addresses or account indices, comma-separated", "")
  .addOptionalParam("oracleThreshold", "Attestations a report needs (default 1)")
  .addOptionalParam("networkRateLimit", "Blocks between subnet registrations (default 28800; 0 on a dev chain registers many at once)")
  .addOptionalParam("feeRecipient", "Receives the pools' swap fees (default the deployer)")
  .addOptionalParam("from", "Deployer: account index or address", "0")
  .addFlag("ignition", "Deploy through Hardhat Ignition (journaled under ignition/deployments, resumable)")
  .addOptionalParam("out", "Deployment file (default deployments/<network>.json)")
  .setAction(async (args: DeployArgs, hre) =>
    guarded(async () => {
      const { deploySubnetLayer, handOverToGovernance, DeployError } = await import("../scripts/deploy");
      const { deploymentPath, saveDeployment } = await import("../scripts/lib/deployment-file");
      const triumvirate = await addressList(hre, args.triumvirate, "--triumvirate");
      if (triumvirate.length > 3) throw new TaskInputError(`--triumvirate: at most 3 members, got ${triumvirate.length}`);
      if (args.handOver && triumvirate.length === 0) {
        throw new DeployError("--hand-over needs --triumvirate: with no member nobody could ever propose a motion again");
      }
      const timelockDelay = args.timelockDelay === undefined ? undefined : parseInteger(args.timelockDelay, "--timelock-delay");
      const oracles = await addressList(hre, args.oracles, "--oracles");
      const oracleThreshold = args.oracleThreshold === undefined ? undefined : parseBounded(args.oracleThreshold, "--oracle-threshold", 255);
      if (oracleThreshold !== undefined && (oracleThreshold === 0 || oracleThreshold > Math.max(oracles.length, 1))) {
        throw new TaskInputError(`--oracle-threshold must be between 1 and the number of --oracles (${oracles.length})`);
      }
      const networkRateLimit = args.networkRateLimit === undefined ? undefined : parseInteger(args.networkRateLimit, "--network-rate-limit");
      const feeRecipient = args.feeRecipient === undefined ? undefined : await addressFor(hre, args.feeRecipient, "--fee-recipient");
      let genesis: Array<{ to: string; amount: bigint }> | undefined;
      if (args.genesis !== undefined) {
        const amount = parseAmount(args.genesis, "--genesis");
        const accounts =
          args.genesisAccounts === "all"
            ? await Promise.all((await hre.ethers.getSigners()).map((s) => s.getAddress()))
            : await addressList(hre, args.genesisAccounts, "--genesis-accounts");
        genesis = accounts.map((to) => ({ to, amount }));
      }
      const deployer = await signerFor(hre, args.from);
      const options = { triumvirate, timelockDelay, oracles, oracleThreshold, networkRateLimit, feeRecipient, genesis };

      let layer;
      if (args.ignition) {
        const { deployWithIgnition } = await import("../ignition/subnet-layer");
        layer = await deployWithIgnition(hre, deployer, options);
      } else {
        layer = await deploySubnetLayer(deployer, { ...options, log: console.log });
      }
      if (genesis !== undefined) console.log(`Minted ${args.genesis} TAO to each of ${genesis.length} accounts`);
      if (oracles.length > 0) console.log(`Oracle committee: ${oracles.join(", ")} (threshold ${oracleThreshold ?? 1})`);
      if (args.handOver) await handOverToGovernance(layer);
      const out = args.out ?? deploymentPath(hre.network.name, hre.config.paths.root);
      saveDeployment(out, layer.addresses);
      console.log(`Wrote ${out}${args.handOver ? "; the deployer's rights now belong to governance" : ""}`);
    }),
  );
