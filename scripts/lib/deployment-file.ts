/**
 * Where a deployment's addresses are kept between commands: `deployments/<network>.json`, written by
 * the `deploy` and `gov:sandbox` tasks and read by the `gov:*` tasks.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { SubnetLayerAddresses } from "../deploy";

/** No deployment file for the network, or one that is not a deployment. */
export class DeploymentFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeploymentFileError";
  }
}

/** The default deployment file of `network`, under `root` (default: the working directory). */
export function deploymentPath(network: string, root = process.cwd()): string {
  return join(root, "deployments", `${network}.json`);
}

/** Writes the addresses to `path`. */
export function saveDeployment(path: string, addresses: SubnetLayerAddresses): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(addresses, null, 2)}\n`);
}

/** Reads the addresses from `path`; throws a DeploymentFileError naming what is missing. */
export function loadDeployment(path: string): SubnetLayerAddresses {
  if (!existsSync(path)) throw new DeploymentFileError(`no deployment at ${path}: run the deploy (or gov:sandbox) task first`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new DeploymentFileError(`${path} is not JSON`);
  }
  const record = parsed as Record<string, unknown>;
  for (const name of ["Senate", "Triumvirate", "TimelockController", "SubnetRegistry", "Staking"]) {
    if (typeof record[name] !== "string") throw new DeploymentFileError(`${path} has no ${name} address`);
  }
  return parsed as SubnetLayerAddresses;
}
