/**
 * What every subnet-layer task shares: reading the deployment of the selected network, picking the
 * signing account, parsing command-line values, and turning every refusal (ours, or a contract's
 * custom error) into one line and exit status 1.
 *
 * Only hardhat and ethers are imported at the top: a Hardhat config loads the tasks before anything is
 * compiled, so the contract types and the oracle are imported inside the actions.
 */
import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { type Signer, isAddress, parseUnits } from "ethers";

export const PLUGIN = "subnet-layer";

/** A task argument that cannot be used as given. */
export class TaskInputError extends Error {
  override name = "TaskInputError";
}

/** Error names whose message is already the one line a user should read. */
const OUR_ERRORS = new Set(["GovernanceError", "DeploymentFileError", "TaskInputError", "DeployError", "ArtifactNotFoundError"]);

/**
 * Runs a task body, reporting our typed errors and contract reverts as one clear line (Hardhat then
 * exits with status 1). A revert names the contract's custom error and its arguments.
 */
export async function guarded<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    const name = e instanceof Error ? e.name : "";
    if (OUR_ERRORS.has(name)) throw new HardhatPluginError(PLUGIN, (e as Error).message);
    const revert = await describeRevert(e);
    if (revert !== undefined) throw new HardhatPluginError(PLUGIN, `the transaction reverted: ${revert}`);
    throw e;
  }
}

/** The revert data a failed call or transaction carries, wherever the provider put it. */
function revertData(e: unknown): string | undefined {
  const err = e as { data?: unknown; error?: { data?: unknown }; info?: { error?: { data?: unknown } }; message?: unknown };
  const nested = (err.data as { data?: unknown } | undefined)?.data;
  for (const candidate of [err.data, nested, err.error?.data, err.info?.error?.data]) {
    if (typeof candidate === "string" && /^0x[0-9a-fA-F]*$/.test(candidate)) return candidate;
  }
  // A JSON-RPC node (hardhat node) reports unknown custom errors only in the message.
  const match = typeof err.message === "string" ? /return data: (0x[0-9a-fA-F]+)/.exec(err.message) : null;
  return match?.[1];
}

/** `Name(arg, ...)` for a revert carrying one of the layer's custom errors; undefined if `e` is no revert. */
export async function describeRevert(e: unknown): Promise<string | undefined> {
  const err = e as { code?: string; shortMessage?: string; message?: unknown };
  const message = typeof err.message === "string" ? err.message : "";
  const data = revertData(e);
  const isRevert = err.code === "CALL_EXCEPTION" || data !== undefined || /reverted|revert/i.test(message);
  if (!isRevert) return undefined;
  if (data !== undefined && data.length >= 10) {
    const factories = await import("../../typechain-types");
    const interfaces = [
      factories.IStaking__factory,
      factories.ISubnetRegistry__factory,
      factories.ICoinbase__factory,
      factories.IWeights__factory,
      factories.IEpochSettlement__factory,
      factories.ISubnetOwnerAdmin__factory,
      factories.ISenate__factory,
      factories.ITriumvirate__factory,
      factories.ITao__factory,
      factories.ProtocolAccessManager__factory,
      factories.TimelockController__factory,
    ].map((f) => f.createInterface());
    for (const iface of interfaces) {
      try {
        const parsed = iface.parseError(data);
        if (parsed) return `${parsed.name}(${parsed.args.map((a: unknown) => String(a)).join(", ")})`;
      } catch {
        // not this interface's error
      }
    }
  }
  // The in-process network names the errors of contracts it compiled: "reverted with custom error 'X(1)'".
  const named = /reverted with (?:custom error|reason string) '([^']*)'/.exec(message);
  if (named) return named[1];
  return err.shortMessage ?? (message.split("\n")[0] || "execution reverted");
}

/** The signer `from` names: an index into the node's accounts, or one of their addresses. */
export async function signerFor(hre: HardhatRuntimeEnvironment, from: string): Promise<Signer> {
  const signers = await hre.ethers.getSigners();
  if (/^\d+$/.test(from)) {
    const signer = signers[Number(from)];
    if (signer === undefined) throw new TaskInputError(`--from ${from}: the network has ${signers.length} accounts`);
    return signer;
  }
  const signer = signers.find((s) => s.address.toLowerCase() === from.toLowerCase());
  if (signer === undefined) throw new TaskInputError(`--from ${from}: not an account of this network`);
  return signer;
}

/**
 * An address given as an address, or as the index of one of the network's accounts (handy on a local
 * node: `--hotkey 5`).
 */
export async function addressFor(hre: HardhatRuntimeEnvironment, text: string, what: string): Promise<string> {
  if (/^\d+$/.test(text)) return (await signerFor(hre, text).catch(() => {
    throw new TaskInputError(`${what} ${text}: the network has no account ${text}`);
  })).getAddress();
  if (!isAddress(text)) throw new TaskInputError(`${what} ${text} is not an address or an account index`);
  return text;
}

/** The addresses of the deployment on the selected network. */
export async function deploymentOf(hre: HardhatRuntimeEnvironment, file: string | undefined) {
  const { deploymentPath, loadDeployment } = await import("../../scripts/lib/deployment-file");
  return loadDeployment(file ?? deploymentPath(hre.network.name, hre.config.paths.root));
}

/** The deployed layer on the selected network, connected to `signer`. */
export async function layerOf(hre: HardhatRuntimeEnvironment, file: string | undefined, signer: Signer) {
  const { connectSubnetLayer } = await import("../../scripts/deploy");
  const addresses = await deploymentOf(hre, file);
  return connectSubnetLayer(addresses, signer);
}

/** A whole number given on the command line (wei, blocks, seconds). */
export function parseInteger(text: string | number, what: string): bigint {
  if (!/^\d+$/.test(String(text))) throw new TaskInputError(`${what} must be a whole number, not ${String(text)}`);
  return BigInt(text);
}

/** A whole number in [0, max]. */
export function parseBounded(text: string | number, what: string, max: number): number {
  const value = parseInteger(text, what);
  if (value > BigInt(max)) throw new TaskInputError(`${what} must be at most ${max}, not ${String(text)}`);
  return Number(value);
}

/** A netuid (u16). */
export const parseNetuid = (text: string, what = "--netuid"): number => parseBounded(text, what, 65_535);

/** A TAO or α amount in decimal units (9 decimals), e.g. "12.5", as rao. */
export function parseAmount(text: string, what: string): bigint {
  if (!/^\d+(\.\d{1,9})?$/.test(text)) throw new TaskInputError(`${what} must be an amount with at most 9 decimals, not ${text}`);
  return parseUnits(text, 9);
}

/** A price limit in TAO per α (decimal, 9 decimals) as the contracts take it: rao per α ×1e9. */
export const parsePrice = (text: string, what = "--limit-price"): bigint => parseAmount(text, what);

/** A comma-separated list of u16 values. */
export function parseU16List(text: string, what: string): number[] {
  if (text.trim() === "") return [];
  return text.split(",").map((t, i) => parseBounded(t.trim(), `${what}[${i}]`, 65_535));
}

/** A JSON document given inline. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new TaskInputError(`${what} is not JSON: ${text}`);
  }
}

/** A JSON array given inline. */
export function parseJsonArray(text: string, what: string): unknown[] {
  const parsed = parseJson(text, what);
  if (!Array.isArray(parsed)) throw new TaskInputError(`${what} must be a JSON array`);
  return parsed;
}

/** Ensures `spender` may pull `amount` TAO of `owner` (approves the difference, then waits). */
export async function ensureTaoAllowance(
  tao: { allowance(owner: string, spender: string): Promise<bigint>; approve(spender: string, amount: bigint): Promise<{ wait(): Promise<unknown> }> },
  owner: string,
  spender: string,
  amount: bigint,
): Promise<void> {
  if ((await tao.allowance(owner, spender)) < amount) await (await tao.approve(spender, amount)).wait();
}
