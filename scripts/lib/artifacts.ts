/**
 * The compiled contracts the deployment uses, as Hardhat artifacts (ABI, bytecode, link references).
 * From the package (compiled JavaScript under dist/) they are the copies `npm run build` shipped in
 * dist/artifacts/, so a consumer compiles nothing of ours; from the TypeScript sources (this
 * checkout's tests and scripts) they are Hardhat's own artifacts/, which `hardhat compile` keeps
 * current.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Where each deployed contract's artifact lives in Hardhat's artifacts/ tree. */
export const ARTIFACT_SOURCES = {
  ProtocolAccessManager: "contracts/governance/ProtocolAccessManager.sol",
  Tao: "contracts/token/Tao.sol",
  AlphaToken: "contracts/token/AlphaToken.sol",
  Staking: "contracts/staking/Staking.sol",
  NeuronPruning: "contracts/libraries/NeuronPruning.sol",
  NetworkRegistration: "contracts/libraries/NetworkRegistration.sol",
  SubnetParameterBounds: "contracts/libraries/SubnetParameterBounds.sol",
  SubnetRegistry: "contracts/subnets/SubnetRegistry.sol",
  Coinbase: "contracts/emission/Coinbase.sol",
  Weights: "contracts/consensus/Weights.sol",
  EpochSettlement: "contracts/consensus/EpochSettlement.sol",
  MetagraphLens: "contracts/lens/MetagraphLens.sol",
  SubnetOwnerAdmin: "contracts/subnets/SubnetOwnerAdmin.sol",
  TimelockController: "@openzeppelin/contracts/governance/TimelockController.sol",
  Triumvirate: "contracts/governance/Triumvirate.sol",
  Senate: "contracts/governance/Senate.sol",
  // The Bittensor EVM (docs/bittensor-evm.md): the key registry, native TAO, and the precompile facades.
  KeyRegistry: "contracts/compat/KeyRegistry.sol",
  NativeTao: "contracts/compat/NativeTao.sol",
  Serving: "contracts/compat/Serving.sol",
  BalanceTransferPrecompile: "contracts/compat/BalanceTransferPrecompile.sol",
  StakingV1Precompile: "contracts/compat/StakingV1Precompile.sol",
  MetagraphPrecompile: "contracts/compat/MetagraphPrecompile.sol",
  SubnetPrecompile: "contracts/compat/SubnetPrecompile.sol",
  NeuronPrecompile: "contracts/compat/NeuronPrecompile.sol",
  StakingV2Precompile: "contracts/compat/StakingV2Precompile.sol",
  UidLookupPrecompile: "contracts/compat/UidLookupPrecompile.sol",
  AlphaPrecompile: "contracts/compat/AlphaPrecompile.sol",
  AddressMappingPrecompile: "contracts/compat/AddressMappingPrecompile.sol",
} as const;

export type ArtifactName = keyof typeof ARTIFACT_SOURCES;

/** The parts of a Hardhat artifact (format hh-sol-artifact-1) that deploying and linking need. */
export interface ContractArtifact {
  _format: string;
  contractName: string;
  sourceName: string;
  abi: unknown[];
  bytecode: string;
  deployedBytecode: string;
  linkReferences: Record<string, Record<string, Array<{ start: number; length: number }>>>;
  deployedLinkReferences: Record<string, Record<string, Array<{ start: number; length: number }>>>;
}

/** An artifact that is not where it should be: the package was built without it, or nothing is compiled. */
export class ArtifactNotFoundError extends Error {
  override name = "ArtifactNotFoundError";
}

/** The directory holding package.json: two levels up from the sources, three from dist/. */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new ArtifactNotFoundError(`no package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
}

/** Running as compiled JavaScript (the package) rather than from the TypeScript sources. */
const fromDist = __filename.endsWith(".js");

/** The file that holds `name`'s artifact: dist/artifacts/<name>.json in the package, Hardhat's artifacts/ tree in a checkout. */
export function artifactPath(name: ArtifactName): string {
  const root = packageRoot();
  return fromDist
    ? join(root, "dist", "artifacts", `${name}.json`)
    : join(root, "artifacts", ARTIFACT_SOURCES[name], `${name}.json`);
}

const cache = new Map<ArtifactName, ContractArtifact>();

/** The artifact of one of the layer's contracts. */
export function readArtifact(name: ArtifactName): ContractArtifact {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const file = artifactPath(name);
  if (!existsSync(file)) {
    throw new ArtifactNotFoundError(
      fromDist ? `${file} is missing: the package was built without its artifacts` : `${file} is missing: run \`npx hardhat compile\``,
    );
  }
  const artifact = JSON.parse(readFileSync(file, "utf8")) as ContractArtifact;
  cache.set(name, artifact);
  return artifact;
}

/** The libraries `artifact`'s bytecode links, by name (each is also a contract of the deployment). */
export function linkedLibraries(artifact: ContractArtifact): string[] {
  return Object.values(artifact.linkReferences).flatMap((libs) => Object.keys(libs));
}

/** `artifact`'s creation bytecode with each library placeholder replaced by its address (by library name). */
export function linkBytecode(artifact: ContractArtifact, libraries: Record<string, string>): string {
  let code = artifact.bytecode.replace(/^0x/, "");
  for (const [, libs] of Object.entries(artifact.linkReferences)) {
    for (const [lib, refs] of Object.entries(libs)) {
      const address = libraries[lib];
      if (address === undefined) throw new ArtifactNotFoundError(`${artifact.contractName} needs library ${lib}`);
      const hex = address.replace(/^0x/, "").toLowerCase();
      for (const { start, length } of refs) {
        code = code.slice(0, start * 2) + hex + code.slice((start + length) * 2);
      }
    }
  }
  return `0x${code}`;
}
