/**
 * The whole layer as a Hardhat Ignition module, for any EVM network (Cancun or later): the same
 * contracts, constructor arguments and wiring as `deploySubnetLayer` (scripts/deploy.ts
 * `planDeployment`), each step a journaled future, so an interrupted deployment resumes where it
 * stopped (`npx hardhat deploy --ignition --network <name>`).
 *
 * The contracts hold each other's addresses as immutables, so the plan predicts every address from
 * the deployer's nonce when the deployment starts. That nonce is kept beside the deployment file
 * (deployments/<network>.ignition.json) and reused on a resumed run; the deployer must send nothing
 * else until the deployment is done, which is why every future waits for the one before it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { type DeployOptions, type DeploymentPlan, type SubnetLayer, DeployError, connectSubnetLayer, planDeployment } from "../scripts/deploy";
import { linkedLibraries, readArtifact } from "../scripts/lib/artifacts";

/** The Ignition module id (the journal's key). */
export const MODULE_ID = "SubnetLayer";

/** The Ignition module that carries out `plan`. */
export function subnetLayerModule(plan: DeploymentPlan) {
  return buildModule(MODULE_ID, (m) => {
    // Futures typed loosely: the artifacts are read at run time, so Ignition cannot infer their ABIs.
    const futures = new Map<string, ReturnType<typeof m.contract>>();
    let previous: ReturnType<typeof m.contract> | ReturnType<typeof m.call> | undefined;
    for (const { name, args } of plan.contracts) {
      const artifact = readArtifact(name);
      const linked = Object.fromEntries(linkedLibraries(artifact).map((lib) => [lib, futures.get(lib)!]));
      const future = m.contract(name, artifact as never, args as never[], {
        id: name,
        libraries: linked,
        after: previous === undefined ? [] : [previous],
      });
      futures.set(name, future);
      previous = future;
    }
    plan.wiring.forEach((call, i) => {
      previous = m.call(futures.get(call.contract)!, call.function, call.args as never[], {
        id: `wire_${i}_${call.function}`,
        after: [previous!],
      });
    });
    return Object.fromEntries(futures);
  });
}

/** Where a network's Ignition plan (deployer and first nonce) is kept. */
function planFile(hre: HardhatRuntimeEnvironment): string {
  return join(hre.config.paths.root, "deployments", `${hre.network.name}.ignition.json`);
}

/**
 * Deploys (or resumes deploying) the layer through `hre.ignition` from `deployer`; resolves to the
 * layer once Ignition reports every future done. Needs @nomicfoundation/hardhat-ignition-ethers (in
 * hardhat-toolbox).
 */
export async function deployWithIgnition(hre: HardhatRuntimeEnvironment, deployer: Signer, options: Omit<DeployOptions, "log"> = {}): Promise<SubnetLayer> {
  const ignition = (hre as unknown as { ignition?: { deploy(module: unknown, opts: object): Promise<Record<string, { getAddress(): Promise<string> }>> } }).ignition;
  if (ignition === undefined) throw new DeployError("--ignition needs @nomicfoundation/hardhat-ignition-ethers (hardhat-toolbox) in the Hardhat config");
  const from = await deployer.getAddress();
  const file = planFile(hre);
  // A local in-process network keeps no journal, so there is nothing to resume there.
  let nonce = await deployer.getNonce();
  if (hre.network.name !== "hardhat" && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { from: string; nonce: number };
    if (saved.from.toLowerCase() !== from.toLowerCase()) throw new DeployError(`${file} belongs to deployer ${saved.from}; delete it to start over`);
    nonce = saved.nonce;
  } else if (hre.network.name !== "hardhat") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ from, nonce }, null, 2)}\n`);
  }
  const plan = planDeployment(from, nonce, options);
  const deployed = await ignition.deploy(subnetLayerModule(plan), { defaultSender: from });
  for (const { name } of plan.contracts) {
    const at = await deployed[name].getAddress();
    if (at !== plan.addresses[name]) throw new DeployError(`${name} deployed at ${at}, expected ${plan.addresses[name]}: the deployer sent another transaction meanwhile`);
  }
  return connectSubnetLayer(plan.addresses, deployer);
}
