/**
 * The validator payouts an oracle node reports (oracle/chain/dividends.ts), for tests that write their own
 * reports: computed from the MetagraphLens read at the current block (stakes, takes, τ, hotkeys) and the
 * buckets the epoch drains. Tests read it at the snapshot block, or later with nothing staked in between.
 */
import { type EpochBuckets, type ValidatorPayout, snapshotPayouts } from "../../../oracle/chain/dividends";
import { MetagraphLens__factory } from "../../../typechain-types";
import type { Layer } from "./subnet-layer";

/** Yuma's per-UID miner and validator emission of an epoch, in α rao. */
export interface EpochEmission {
  readonly serverEmission: readonly bigint[];
  readonly validatorEmission: readonly bigint[];
}

/** The payouts of `emission` on `netuid` with the lens' stakes and takes now and the drained `buckets`. */
export async function payoutsNow(l: Layer, netuid: number, buckets: EpochBuckets, emission: EpochEmission): Promise<ValidatorPayout[]> {
  const lens = MetagraphLens__factory.connect(l.addresses.MetagraphLens, l.deployer);
  return snapshotPayouts(await lens.epochSnapshot(netuid), emission, { server: buckets.server, validator: buckets.validator, root: buckets.root });
}
