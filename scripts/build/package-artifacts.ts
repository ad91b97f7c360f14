/**
 * `npm run build`, after tsc: copies the artifacts the deployment uses from Hardhat's artifacts/ tree
 * into dist/artifacts/<Name>.json (ABI, bytecode, link references; no debug or build info), so the
 * package deploys without its consumer compiling any of our Solidity.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACT_SOURCES, type ArtifactName, type ContractArtifact } from "../lib/artifacts";

const root = join(__dirname, "..", "..");
const out = join(root, "dist", "artifacts");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of Object.keys(ARTIFACT_SOURCES) as ArtifactName[]) {
  const from = join(root, "artifacts", ARTIFACT_SOURCES[name], `${name}.json`);
  const a = JSON.parse(readFileSync(from, "utf8")) as ContractArtifact;
  const shipped: ContractArtifact = {
    _format: a._format,
    contractName: a.contractName,
    sourceName: a.sourceName,
    abi: a.abi,
    bytecode: a.bytecode,
    deployedBytecode: a.deployedBytecode,
    linkReferences: a.linkReferences,
    deployedLinkReferences: a.deployedLinkReferences,
  };
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(shipped)}\n`);
}
console.log(`dist/artifacts: ${Object.keys(ARTIFACT_SOURCES).length} contracts`);
