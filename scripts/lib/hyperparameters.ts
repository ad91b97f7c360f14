/** Subnet hyperparameters as plain objects, to read, change one field, and write back. */
import type { ISubnetRegistry } from "../../typechain-types";

/** ISubnetRegistry.Hyperparameters' fields, in declaration order. */
export const HYPERPARAMETER_FIELDS = [
  "tempo",
  "activityCutoffFactorMilli",
  "kappa",
  "bondsPenalty",
  "bondsMovingAverage",
  "maxAllowedValidators",
  "maxAllowedUids",
  "yuma3Enabled",
  "liquidAlphaEnabled",
  "alphaLow",
  "alphaHigh",
  "alphaSigmoidSteepness",
  "immunityPeriod",
  "minAllowedWeights",
  "weightsSetRateLimit",
  "weightsVersionKey",
] as const satisfies ReadonlyArray<keyof ISubnetRegistry.HyperparametersStruct>;

/** subtensor's `init_new_network` values, what SubnetRegistry gives a new subnet (ISubnetRegistry.Hyperparameters). */
export const DEFAULT_HYPERPARAMETERS = {
  tempo: 360n,
  activityCutoffFactorMilli: 13_889n,
  kappa: 32_767n,
  bondsPenalty: 65_535n,
  bondsMovingAverage: 900_000n,
  maxAllowedValidators: 64n,
  maxAllowedUids: 256n,
  yuma3Enabled: true,
  liquidAlphaEnabled: false,
  alphaLow: 45_875n,
  alphaHigh: 58_982n,
  alphaSigmoidSteepness: 1_000n,
  immunityPeriod: 5_000n,
  minAllowedWeights: 1n,
  weightsSetRateLimit: 100n,
  weightsVersionKey: 0n,
} as const satisfies ISubnetRegistry.HyperparametersStruct;

/** A hyperparameters result as a plain object (bigints and booleans). */
export function plainHyperparameters(h: ISubnetRegistry.HyperparametersStructOutput): ISubnetRegistry.HyperparametersStruct {
  return Object.fromEntries(HYPERPARAMETER_FIELDS.map((k) => [k, h[k]])) as unknown as ISubnetRegistry.HyperparametersStruct;
}
