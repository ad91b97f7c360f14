/**
 * The contracts' ABIs from the compiled artifacts (what the deployed bytecode emits), and our custom
 * errors decoded as the oracle node decodes them (oracle/node/send.ts).
 */
import { Interface } from "ethers";
import { decodeRevert, describeError, formatRevert, revertName } from "../../oracle/node/send";
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

/** `Name(args)` of a custom error's encoded data (revert data, a ReportRejected reason), or undefined. */
export function decodeError(data: string): string | undefined {
  return typeof data === "string" && decodeRevert(data) !== undefined ? formatRevert(data) : undefined;
}

/** The custom error a failed call reverted with (its name only), else ethers' short message. */
export function failureName(error: unknown): string {
  return revertName(error) ?? describeError(error).slice(0, 120);
}
