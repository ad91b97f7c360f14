/**
 * How an oracle node sends its transactions: simulated first (a call that would revert is never sent,
 * so no gas goes to an epoch someone else settled), with the nonce read from the chain and kept locally
 * only for what was really broadcast, and transient RPC errors retried with backoff.
 *
 * Why not ethers' NonceManager: it counts a nonce before the send, so a send that fails at estimation
 * (our benign reverts) leaves it ahead of the chain, and every later send fails with "Nonce too high".
 */
import {
  type ContractTransactionResponse,
  type Overrides,
  type Signer,
  type TransactionReceipt,
  makeError,
} from "ethers";
import {
  IEpochSettlement__factory,
  ICoinbase__factory,
  IStaking__factory,
  ISubnetRegistry__factory,
  IWeights__factory,
} from "../../typechain-types";

/** Errors a call can revert with: the settlement's own, and those bubbled up from the contracts it calls. */
const REVERT_INTERFACES = [
  IEpochSettlement__factory.createInterface(),
  ICoinbase__factory.createInterface(),
  IStaking__factory.createInterface(),
  ISubnetRegistry__factory.createInterface(),
  IWeights__factory.createInterface(),
];

/** The revert data of a failed call, wherever ethers (or the JSON-RPC node) put it. */
function revertData(error: unknown): string | undefined {
  for (
    let e: unknown = error, depth = 0;
    e !== null && typeof e === "object" && depth < 4;
    depth++
  ) {
    const data = (e as { data?: unknown }).data;
    if (typeof data === "string" && data.startsWith("0x")) return data;
    if (
      data !== null &&
      typeof data === "object" &&
      typeof (data as { data?: unknown }).data === "string"
    )
      return (data as { data: string }).data;
    e =
      (e as { error?: unknown; info?: { error?: unknown } }).error ??
      (e as { info?: { error?: unknown } }).info?.error;
  }
  return undefined;
}

/** The name of the custom error ABI-encoded in `data` (a revert, or a ReportRejected reason), if it is one of ours. */
export function decodeRevert(
  data: string,
): { name: string; args: readonly unknown[] } | undefined {
  // A selector needs 4 bytes; "0x" is a revert without data (out of gas, a bare revert).
  if (data.length < 10) return undefined;
  for (const iface of REVERT_INTERFACES) {
    try {
      const parsed = iface.parseError(data);
      if (parsed) return { name: parsed.name, args: [...parsed.args] };
    } catch {
      // Not this interface's error (or malformed arguments): try the next.
    }
  }
  return undefined;
}

/** ABI-encoded revert data as one line: `Name(arg, ...)` for ours, else the raw data's start. */
export function formatRevert(data: string): string {
  const decoded = decodeRevert(data);
  return decoded === undefined
    ? `revert ${data.slice(0, 74)}`
    : `${decoded.name}(${decoded.args.map(String).join(", ")})`;
}

/** The custom error a failed call reverted with, if it is one of ours. */
export function revertName(error: unknown): string | undefined {
  const data = revertData(error);
  return data === undefined ? undefined : decodeRevert(data)?.name;
}

/** A revert as one short line: `Name(arg, ...)` for ours, else ethers' short message. */
export function describeError(error: unknown): string {
  const data = revertData(error);
  if (data !== undefined && decodeRevert(data) !== undefined)
    return formatRevert(data);
  return (
    (error as { shortMessage?: string }).shortMessage ??
    (error instanceof Error ? error.message : String(error))
  );
}

const TRANSIENT_CODES = new Set(["NETWORK_ERROR", "TIMEOUT", "SERVER_ERROR"]);
const TRANSIENT_SYSCALLS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);

/** Whether an error is the endpoint's (unreachable, timed out, overloaded), not the call's. */
export function isTransient(error: unknown): boolean {
  for (
    let e: unknown = error, depth = 0;
    e !== null && typeof e === "object" && depth < 4;
    depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (
      typeof code === "string" &&
      (TRANSIENT_CODES.has(code) || TRANSIENT_SYSCALLS.has(code))
    )
      return true;
    e =
      (e as { error?: unknown; cause?: unknown }).error ??
      (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Whether a send was refused for its nonce (too low: used already; too high: a gap). */
export function isNonceError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (code === "NONCE_EXPIRED" || code === "REPLACEMENT_UNDERPRICED")
    return true;
  return /nonce (too (high|low)|has already been used)|invalid nonce/i.test(
    error instanceof Error ? error.message : String(error),
  );
}

/** Backoff between attempts of a transient failure, in ms (then the error goes up: the loop's next poll retries). */
export const RETRY_DELAYS_MS = [200, 600, 1_500] as const;

/** `fn`, retried with backoff while it fails transiently; `onRetry` hears of each retry before its wait. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  delays: readonly number[] = RETRY_DELAYS_MS,
  onRetry?: (error: unknown, attempt: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= delays.length || !isTransient(e)) throw e;
      onRetry?.(e, attempt);
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}

/** A transaction to send: its simulation (a static call), its gas estimate, and the send itself with the node's overrides. */
export interface Sendable {
  simulate(): Promise<unknown>;
  /** Without it, ethers estimates at send time and uses the estimate as the limit. */
  estimate?(): Promise<bigint>;
  send(overrides: Overrides): Promise<ContractTransactionResponse>;
}

/**
 * Gas limit over the estimate, in percent. The estimate is taken against the pending state; the block the
 * transaction lands in can cost more (the block's emission accrual falls on its first transaction), and
 * a settle that runs out of gas applying a report reverts (SettlementOutOfGas) rather than being rejected.
 */
export const GAS_MARGIN_PERCENT = 130n;

/**
 * Gas added on top of the margin: the block's emission accrual (every started subnet's, ~64k gas each) falls
 * on whichever transaction is first in its block, and an attestation estimated at ~70k ran out of gas as a
 * block's first (test/e2e/faults.test.ts saw it). Only gas used is paid, so the headroom costs nothing.
 */
export const GAS_HEADROOM = 1_000_000n;

/** How long to wait for a receipt before the send fails (the tick fails; the next one reads the chain again). */
export const RECEIPT_TIMEOUT_MS = 30_000;

/** How often a receipt is asked for while waiting. */
export const RECEIPT_POLL_MS = 250;

/** Called before each backoff wait of a transient failure (attempt 0 is the first retry). */
export type RetryHook = (error: unknown, attempt: number) => void;

/** What happened to a transaction. */
export type SendResult =
  | { kind: "mined"; receipt: TransactionReceipt }
  /** The simulation reverted with one of the expected errors: nothing was sent. */
  | { kind: "skipped"; revert: string };

export class TransactionSender {
  /** The nonce after the last transaction this node broadcast; unknown after a failed send. */
  private next?: number;
  private address?: string;

  /** `onRetry` hears of every transient failure, simulation to receipt (a node cut off says so at once). */
  constructor(
    private readonly signer: Signer,
    private readonly onRetry?: RetryHook,
  ) {}

  /**
   * Simulates, then sends and waits for the receipt. A simulation that reverts with one of `expected`
   * returns `skipped` (a race lost, nothing sent); any other revert or failure throws.
   */
  async send(
    tx: Sendable,
    expected: readonly string[] = [],
  ): Promise<SendResult> {
    try {
      await this.retry(() => tx.simulate());
    } catch (e) {
      const name = revertName(e);
      if (name !== undefined && expected.includes(name))
        return { kind: "skipped", revert: name };
      throw e;
    }
    let response: ContractTransactionResponse | undefined;
    for (let attempt = 0; response === undefined; attempt++) {
      const nonce = await this.retry(() => this.nonce());
      try {
        const gasLimit =
          tx.estimate === undefined
            ? undefined
            : ((await this.retry(() => tx.estimate!())) * GAS_MARGIN_PERCENT) / 100n + GAS_HEADROOM;
        response = await tx.send(
          gasLimit === undefined ? { nonce } : { nonce, gasLimit },
        );
        this.next = nonce + 1;
      } catch (e) {
        // Whether it was broadcast is unknown: read the nonce from the chain next time.
        this.next = undefined;
        const name = revertName(e);
        if (name !== undefined && expected.includes(name))
          return { kind: "skipped", revert: name };
        // The chain's count moved under us (another process with this key, a dev chain reverted to a
        // snapshot): once more with the chain's nonce.
        if (attempt === 0 && isNonceError(e)) continue;
        throw e;
      }
    }
    return { kind: "mined", receipt: await this.receipt(response) };
  }

  private retry<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, RETRY_DELAYS_MS, this.onRetry);
  }

  /**
   * The transaction's receipt, polled request by request: each request has the endpoint's timeout and the
   * backoff (and its warning), where ethers' `wait` would swallow failed polls until its own deadline. A
   * reverted transaction throws CALL_EXCEPTION, as `wait` does.
   */
  private async receipt(
    sent: ContractTransactionResponse,
  ): Promise<TransactionReceipt> {
    const provider = this.signer.provider;
    if (provider === null) throw new Error("the oracle signer has no provider");
    const deadline = Date.now() + RECEIPT_TIMEOUT_MS;
    for (;;) {
      const receipt = await this.retry(() =>
        provider.getTransactionReceipt(sent.hash),
      );
      if (receipt !== null) {
        if (receipt.status === 0) {
          throw makeError("transaction execution reverted", "CALL_EXCEPTION", {
            action: "sendTransaction",
            data: null,
            reason: null,
            invocation: null,
            revert: null,
            transaction: { to: sent.to, from: sent.from, data: sent.data },
            receipt,
          });
        }
        return receipt;
      }
      if (Date.now() >= deadline)
        throw makeError(
          `no receipt for ${sent.hash} within ${RECEIPT_TIMEOUT_MS / 1000} s`,
          "TIMEOUT",
          { operation: "receipt", reason: "timeout" },
        );
      await new Promise((resolve) => setTimeout(resolve, RECEIPT_POLL_MS));
    }
  }

  private async nonce(): Promise<number> {
    this.address ??= await this.signer.getAddress();
    const provider = this.signer.provider;
    if (provider === null) throw new Error("the oracle signer has no provider");
    const pending = await provider.getTransactionCount(this.address, "pending");
    // The provider's count can lag a transaction just sent (ethers caches identical calls briefly).
    return Math.max(pending, this.next ?? 0);
  }
}
