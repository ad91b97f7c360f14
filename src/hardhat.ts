/**
 * The Hardhat plugin: `import "subnet-layer/hardhat";` in a project's hardhat.config.ts registers a
 * task for every user action (deploy, register-network, start-call, register, stake, unstake,
 * move-stake, swap-stake, transfer-stake, set-weights, claim-root, claim-credits, subnet, metagraph,
 * positions, oracle, gov:*), working on any network that has a deployments/<network>.json.
 *
 * It also adds a network named `env` when SUBNET_LAYER_RPC_URL is set: that endpoint, signing with the
 * comma-separated private keys in SUBNET_LAYER_PRIVATE_KEYS (or SUBNET_LAYER_PRIVATE_KEY). A network
 * of that name in the project's own config wins.
 */
import "@nomicfoundation/hardhat-ethers";
import { extendConfig } from "hardhat/config";
import type { HardhatConfig, HardhatUserConfig, HttpNetworkConfig } from "hardhat/types";
import "../tasks";

/** The name of the network read from the environment. */
export const ENV_NETWORK = "env";

/** The `env` network described by `environment`, or undefined when no RPC URL is set. */
export function networkFromEnvironment(environment: NodeJS.ProcessEnv = process.env): HttpNetworkConfig | undefined {
  const url = environment.SUBNET_LAYER_RPC_URL;
  if (url === undefined || url === "") return undefined;
  const keys = (environment.SUBNET_LAYER_PRIVATE_KEYS ?? environment.SUBNET_LAYER_PRIVATE_KEY ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "")
    .map((k) => (k.startsWith("0x") ? k : `0x${k}`));
  return {
    url,
    accounts: keys,
    gas: "auto",
    gasPrice: "auto",
    gasMultiplier: 1,
    httpHeaders: {},
    timeout: 60_000,
    // Hardhat Ignition (in hardhat-toolbox) reads per-network settings; its defaults are empty.
    ignition: {},
  } as HttpNetworkConfig;
}

extendConfig((config: HardhatConfig, userConfig: Readonly<HardhatUserConfig>) => {
  const network = networkFromEnvironment();
  if (network !== undefined && userConfig.networks?.[ENV_NETWORK] === undefined) config.networks[ENV_NETWORK] = network;
});
