/**
 * The oracle commands' link to a chain, checked before anything runs: a JSON-RPC endpoint whose every
 * request has a timeout (an endpoint that accepts connections and never answers cannot hang a node),
 * and `--lens` / `--settlement` addresses shown to hold the contracts their flags name.
 */
import * as http from "http";
import * as https from "https";
import { FetchRequest, JsonRpcProvider, Network, getAddress, isError } from "ethers";
// Types only: the factories are imported where used, so that `yuma` commands load without typechain-types.
import type { IEpochSettlement, MetagraphLens } from "../typechain-types";

/** How long one JSON-RPC request may take before the command gives up on it. */
export const DEFAULT_RPC_TIMEOUT_MS = 10_000;

/** The endpoint, or a contract on it, is not what the command was told: one line, exit 1. */
export class ChainCheckError extends Error {
  override name = "ChainCheckError";
}

/** The first line of an error's short message: ethers' long messages carry a JSON dump after it. */
export function shortError(e: unknown): string {
  const err = e as { shortMessage?: unknown; message?: unknown };
  const text = typeof err?.shortMessage === "string" ? err.shortMessage : typeof err?.message === "string" ? err.message : String(e);
  return text.split("\n")[0];
}

/** Why a request failed, in one line; a timeout says how long it waited. */
export function describeRpcError(e: unknown, timeoutMs: number): string {
  return isError(e, "TIMEOUT") ? `no answer within ${timeoutMs / 1000} s` : shortError(e);
}

/** The chain id in an `eth_chainId` response body; throws with what is wrong with it. */
export function parseChainIdResponse(body: unknown): bigint {
  const b = body as { result?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (typeof b !== "object" || b === null || Array.isArray(b)) throw new Error("eth_chainId answer is not a JSON-RPC response object");
  if (b.error !== undefined && b.error !== null) {
    const message = typeof b.error.message === "string" ? b.error.message : JSON.stringify(b.error);
    throw new Error(`eth_chainId failed: ${message}${typeof b.error.code === "number" ? ` (code ${b.error.code})` : ""}`);
  }
  if (b.result === undefined) throw new Error("eth_chainId answer has no result");
  if (typeof b.result !== "string" || !/^0x[0-9a-fA-F]{1,64}$/.test(b.result)) {
    throw new Error(`eth_chainId returned ${JSON.stringify(b.result).slice(0, 80)}, not a hex quantity`);
  }
  return BigInt(b.result);
}

/** A provider on one endpoint; `close` ends its sockets so that nothing keeps the process alive. */
export interface RpcConnection {
  readonly url: string;
  readonly chainId: bigint;
  readonly provider: JsonRpcProvider;
  readonly timeoutMs: number;
  /** A ChainCheckError saying the endpoint failed, from the error a request threw. */
  unreachable(e: unknown): ChainCheckError;
  close(): void;
}

/**
 * Connects to `url`: asks its chain id (checked), then returns a provider fixed to that network whose
 * every request times out after `timeoutMs`. The sockets are our own agent's: ethers leaves a timed-out
 * request's socket open, and `close` destroys them.
 */
export async function connectRpc(url: string, timeoutMs = DEFAULT_RPC_TIMEOUT_MS): Promise<RpcConnection> {
  const agent = url.toLowerCase().startsWith("https:") ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const base = new FetchRequest(url);
  base.timeout = timeoutMs;
  base.getUrlFunc = FetchRequest.createGetUrlFunc({ agent });
  const unreachable = (e: unknown): ChainCheckError =>
    e instanceof ChainCheckError ? e : new ChainCheckError(`cannot reach --rpc ${url}: ${describeRpcError(e, timeoutMs)}`);

  let chainId: bigint;
  try {
    const request = base.clone();
    request.setHeader("content-type", "application/json");
    request.body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] });
    const response = await request.send();
    if (!response.ok()) throw new ChainCheckError(`--rpc ${url} answered HTTP ${response.statusCode} ${response.statusMessage}`.trimEnd());
    let body: unknown;
    try {
      body = JSON.parse(response.bodyText);
    } catch {
      throw new ChainCheckError(`--rpc ${url} is not a JSON-RPC endpoint: its answer is not JSON`);
    }
    try {
      chainId = parseChainIdResponse(body);
    } catch (e) {
      throw new ChainCheckError(`--rpc ${url} is not a usable JSON-RPC endpoint: ${(e as Error).message}`);
    }
  } catch (e) {
    agent.destroy();
    throw unreachable(e);
  }
  // staticNetwork: ethers would otherwise re-detect the network, retrying forever on a dead endpoint.
  const provider = new JsonRpcProvider(base, Network.from(chainId), { staticNetwork: true });
  return {
    url,
    chainId,
    provider,
    timeoutMs,
    unreachable,
    close: () => {
      provider.destroy();
      agent.destroy();
    },
  };
}

/** A view a contract must have answered with a revert or with data that does not decode: wrong contract. */
function isWrongContract(e: unknown): boolean {
  return isError(e, "CALL_EXCEPTION") || isError(e, "BAD_DATA");
}

export interface CheckedContracts {
  lens: MetagraphLens;
  settlement: IEpochSettlement;
}

/**
 * Checks that `lens` is a MetagraphLens and `settlement` an EpochSettlement (code, then a view each
 * must have), and that the lens reads that settlement. Throws a ChainCheckError naming the flag.
 */
export async function checkContracts(conn: RpcConnection, lensAddress: string, settlementAddress: string): Promise<CheckedContracts> {
  const { IEpochSettlement__factory, MetagraphLens__factory } = await import("../typechain-types");
  const lens = MetagraphLens__factory.connect(lensAddress, conn.provider);
  const settlement = IEpochSettlement__factory.connect(settlementAddress, conn.provider);
  const targets = [
    { flag: "--lens", address: lensAddress, kind: "a MetagraphLens" },
    { flag: "--settlement", address: settlementAddress, kind: "an EpochSettlement" },
  ];
  let codes: string[];
  try {
    codes = await Promise.all(targets.map((t) => conn.provider.getCode(t.address)));
  } catch (e) {
    throw conn.unreachable(e);
  }
  targets.forEach((t, i) => {
    if (codes[i] === "0x") throw new ChainCheckError(`${t.flag} ${t.address} has no contract code on chain ${conn.chainId}`);
  });

  const probe = async <T>(target: (typeof targets)[number], view: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (e) {
      if (!isWrongContract(e)) throw conn.unreachable(e);
      const how = isError(e, "BAD_DATA") ? "returned data that does not decode" : "reverted";
      throw new ChainCheckError(`${target.flag} ${target.address} is not ${target.kind} (${view} ${how})`);
    }
  };
  await probe(targets[0], "dueSubnets()", () => lens.dueSubnets());
  const lensSettlement = await probe(targets[0], "settlement()", () => lens.settlement());
  // roundTimeout() is the newest of these views: a settlement without it predates attestation rounds.
  const views: Array<[string, () => Promise<unknown>]> = [
    ["threshold()", () => settlement.threshold()],
    ["oracleCount()", () => settlement.oracleCount()],
    ["roundTimeout()", () => settlement.roundTimeout()],
    ["isOracle(address)", () => settlement.isOracle(settlementAddress)],
  ];
  for (const [view, call] of views) {
    await probe(targets[1], view, call);
  }
  if (getAddress(lensSettlement) !== getAddress(settlementAddress)) {
    throw new ChainCheckError(`--lens ${lensAddress} reads EpochSettlement ${getAddress(lensSettlement)}, not --settlement ${settlementAddress}`);
  }
  return { lens, settlement };
}

/** Throws unless `address` is a registered oracle node of `settlement`. */
export async function checkOracle(conn: RpcConnection, settlement: IEpochSettlement, address: string): Promise<void> {
  let registered: boolean;
  try {
    registered = await settlement.isOracle(address);
  } catch (e) {
    throw conn.unreachable(e);
  }
  if (!registered) throw new ChainCheckError(`${address} is not an oracle node of EpochSettlement ${await settlement.getAddress()}`);
}
