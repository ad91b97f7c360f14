/**
 * The Yuma engine's one API: a batch of epoch inputs in, their outputs out, in order.
 * Backends compute the same bits; `reference` is the readable scalar specification.
 */
import { runEpoch } from "./epoch";
import { EpochInput, EpochOutput } from "./types";

export * from "./types";
export { runEpoch } from "./epoch";
export { YumaInputError, parseEpochInput, parseEpochInputs, formatEpochOutput } from "./io";

export const BACKENDS = ["reference"] as const;
export type Backend = (typeof BACKENDS)[number];

export interface ComputeOptions {
  readonly backend?: Backend;
}

/** An unknown backend name was asked for. */
export class UnknownBackendError extends Error {
  override name = "UnknownBackendError";
  constructor(readonly backend: string) {
    super(`unknown backend "${backend}" (expected one of: ${BACKENDS.join(", ")})`);
  }
}

export function isBackend(name: string): name is Backend {
  return (BACKENDS as readonly string[]).includes(name);
}

/** Run one epoch per input (many subnets, or many epochs of simulations) on the chosen backend. */
export async function computeEpochs(inputs: readonly EpochInput[], options: ComputeOptions = {}): Promise<EpochOutput[]> {
  const backend = options.backend ?? "reference";
  if (!isBackend(backend)) throw new UnknownBackendError(backend);
  return inputs.map(runEpoch);
}
