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

/** A hyperparameters result as a plain object (bigints and booleans). */
export function plainHyperparameters(h: ISubnetRegistry.HyperparametersStructOutput): ISubnetRegistry.HyperparametersStruct {
  return Object.fromEntries(HYPERPARAMETER_FIELDS.map((k) => [k, h[k]])) as unknown as ISubnetRegistry.HyperparametersStruct;
}
