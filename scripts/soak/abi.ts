/**
 * The contracts' ABIs as compiled now (Hardhat's artifacts), not as the typechain types were generated:
 * the settlement's events change under the harness while it is being hardened, and the harness reads
 * whatever the deployed bytecode emits.
 */
import { Interface } from "ethers";
import { type ArtifactName, readArtifact } from "../lib/artifacts";

const cache = new Map<ArtifactName, Interface>();

export function abiOf(name: ArtifactName): Interface {
  let iface = cache.get(name);
  if (iface === undefined) {
    iface = new Interface(readArtifact(name).abi as never);
    cache.set(name, iface);
  }
  return iface;
}

const ERROR_SOURCES: ArtifactName[] = ["EpochSettlement", "Coinbase", "Weights", "SubnetRegistry", "Staking"];

/** `Name(args)` of a custom error's encoded data (revert data, a ReportRejected reason), or undefined. */
export function decodeError(data: string): string | undefined {
  if (typeof data !== "string" || data.length < 10) return undefined;
  for (const name of ERROR_SOURCES) {
    const parsed = abiOf(name).parseError(data);
    if (parsed) return `${parsed.name}(${parsed.args.map((a: unknown) => String(a)).join(", ")})`;
  }
  return undefined;
}

/** The custom error a failed call reverted with (its name only), else ethers' short message. */
export function failureName(error: unknown): string {
  const data = (error as { data?: unknown }).data;
  const decoded = typeof data === "string" ? decodeError(data) : undefined;
  if (decoded !== undefined) return decoded.split("(")[0];
  const short = (error as { shortMessage?: string }).shortMessage ?? (error instanceof Error ? error.message : String(error));
  return short.slice(0, 120);
}
