/**
 * What each validator is paid at the epoch (docs/spec/chain.md §2.7 steps 3, 6 and 7), from Yuma's validator
 * emission and the stakes and takes read at the snapshot block, as subtensor's `distribute_emission`
 * computes them at the epoch block. The EpochSettlement applies these payouts, checking only that the α
 * parts fit V_eff and the root parts the root bucket; the report carries them (`validatorPayouts`).
 *
 * Integer arithmetic, every division floored, in this order:
 * - each validator's dividends d (its `validatorEmission`) split by stake composition:
 *   root = floor(d · τ·rootStake / (αStake·(2^64 − 1) + τ·rootStake)) (τ = `taoWeight` / (2^64 − 1)),
 *   α part = d − root;
 * - V_eff = the validator bucket, plus the server bucket when no miner earned; the root bucket; both
 *   capped so that with the miners' emission they never exceed raoEmission;
 * - α pay = floor(V_eff · α part / Σ α parts), root pay = floor(rootBucket · root / Σ roots);
 * - take = floor(pay · take / 65_535) of each, to the hotkey's owner coldkey; the α rest into the hotkey's
 *   pool, the root rest to its root stakers.
 */
import { sum } from "../yuma/math";
import type { EpochSnapshot } from "./snapshot";

const U64_MAX = (1n << 64n) - 1n;
const U16_MAX = 65_535n;

/** One validator's payout, in α rao. */
export interface ValidatorPayout {
  readonly uid: number;
  readonly hotkey: string;
  /** α dividends after take, added to the hotkey's pool value (no new shares). */
  readonly alphaPool: bigint;
  /** The take of the α dividends, credited to the UID for the hotkey's owner coldkey. */
  readonly alphaTake: bigint;
  /** Root dividends after take, to the hotkey's root stakers' claim accumulator. */
  readonly rootPool: bigint;
  /** The take of the root dividends, credited like the α take. */
  readonly rootTake: bigint;
}

/** The pending buckets the epoch drains (ICoinbase.PendingBuckets, without the owner cut). */
export interface EpochBuckets {
  readonly server: bigint;
  readonly validator: bigint;
  readonly root: bigint;
}

/** Per-UID inputs of the payout (one entry per UID 0..n-1). */
export interface DividendInputs {
  readonly serverEmission: readonly bigint[];
  readonly validatorEmission: readonly bigint[];
  readonly buckets: EpochBuckets;
  readonly hotkeys: readonly string[];
  /** α stake per hotkey, unclaimed stake credits included (the lens' `alphaStake`). */
  readonly alphaStake: readonly bigint[];
  /** Root stake per hotkey (the lens' `taoStake`). */
  readonly taoStake: readonly bigint[];
  readonly taoWeight: bigint;
  /** Delegate take per hotkey, a u16 proportion. */
  readonly takes: readonly number[];
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** The root part of dividends `d`: d · τ·root / (α·(2^64 − 1) + τ·root), floored. */
export function rootPart(d: bigint, alphaStake: bigint, rootStake: bigint, taoWeight: bigint): bigint {
  if (taoWeight === 0n || rootStake === 0n) return 0n;
  const weightedRoot = taoWeight * rootStake;
  return (d * weightedRoot) / (alphaStake * U64_MAX + weightedRoot);
}

/** Each validator's payout, in ascending UID order; validators paid nothing are left out. */
export function validatorPayouts(x: DividendInputs): ValidatorPayout[] {
  const serverSum = sum(x.serverEmission);
  const raoEmission = x.buckets.server + x.buckets.validator + x.buckets.root;
  if (serverSum > raoEmission) throw new RangeError(`miner emission ${serverSum} exceeds the epoch's ${raoEmission}`);
  const room = raoEmission - serverSum;
  const rootBucket = min(x.buckets.root, room);
  const vEff = min(x.buckets.validator + (serverSum === 0n ? x.buckets.server : 0n), room - rootBucket);

  const split = x.validatorEmission.flatMap((d, uid) =>
    d === 0n ? [] : [{ uid, d, root: rootPart(d, x.alphaStake[uid], x.taoStake[uid], x.taoWeight) }],
  );
  const rootSum = sum(split.map((s) => s.root));
  const alphaSum = sum(split.map((s) => s.d - s.root));

  const payouts: ValidatorPayout[] = [];
  for (const { uid, d, root } of split) {
    const alphaPay = alphaSum === 0n ? 0n : (vEff * (d - root)) / alphaSum;
    const rootPay = rootSum === 0n ? 0n : (rootBucket * root) / rootSum;
    if (alphaPay === 0n && rootPay === 0n) continue;
    const take = BigInt(x.takes[uid]);
    const alphaTake = (alphaPay * take) / U16_MAX;
    const rootTake = (rootPay * take) / U16_MAX;
    payouts.push({ uid, hotkey: x.hotkeys[uid], alphaPool: alphaPay - alphaTake, alphaTake, rootPool: rootPay - rootTake, rootTake });
  }
  return payouts;
}

/**
 * {@link validatorPayouts} of an epoch from the lens snapshot it was computed from; `buckets` default to the
 * snapshot's pending buckets (what the settlement drains when the snapshot was read at the snapshot block).
 */
export function snapshotPayouts(
  s: EpochSnapshot,
  emission: { readonly serverEmission: readonly bigint[]; readonly validatorEmission: readonly bigint[] },
  buckets: EpochBuckets = { server: s.pendingServer, validator: s.pendingValidator, root: s.pendingRoot },
): ValidatorPayout[] {
  return validatorPayouts({
    serverEmission: emission.serverEmission,
    validatorEmission: emission.validatorEmission,
    buckets,
    hotkeys: [...s.hotkeys],
    alphaStake: s.alphaStake.map(BigInt),
    taoStake: s.taoStake.map(BigInt),
    taoWeight: BigInt(s.taoWeight),
    takes: s.takes.map(Number),
  });
}
