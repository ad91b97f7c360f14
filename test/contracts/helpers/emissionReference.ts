/**
 * Block-by-block reference of the Coinbase's emission rules (docs/spec/chain.md §1, §2.4, §2.5), written
 * as plainly as possible: one loop iteration per block. The Coinbase computes the same in closed form
 * per halving era; tests compare the two. The U96F32 split and the fine TAO units are the block-by-block
 * reference model's (test/models/block-reference.ts).
 */
import { FINE, splitAlpha as referenceSplit } from "../../models/block-reference";

/** 21M TAO (or α) in rao. */
export const TOTAL_SUPPLY = 21_000_000n * 10n ** 9n;
/** 1 TAO (or α) in rao. */
export const ONE = 10n ** 9n;
/** subtensor `SubnetOwnerCut` and `DefaultDelegateTake`, out of 65_535. */
export const OWNER_CUT = 11_796n;
export const U16_MAX = 65_535n;

export interface Buckets {
  server: bigint;
  validator: bigint;
  ownerCut: bigint;
  root: bigint;
}

export const ZERO_BUCKETS: Buckets = { server: 0n, validator: 0n, ownerCut: 0n, root: 0n };

function floorLog2(n: bigint): bigint {
  let k = -1n;
  for (let v = n; v > 0n; v >>= 1n) k++;
  return k;
}

/** The block emission at `issuance`: 1e9 >> floor(log2(floor(S / (S - I)))), 0 at the cap (see EmissionMath). */
export function blockEmission(issuance: bigint): bigint {
  if (issuance >= TOTAL_SUPPLY) return 0n;
  return ONE >> floorLog2(TOTAL_SUPPLY / (TOTAL_SUPPLY - issuance));
}

/** First issuance of era k: S - floor(S / 2^k). */
export function eraStart(k: bigint): bigint {
  return TOTAL_SUPPLY - (TOTAL_SUPPLY >> k);
}

/**
 * One block's α emission `a` split into the pending buckets (docs/spec/chain.md §2.5) in subtensor's U96F32
 * arithmetic, as the block-by-block reference model computes it (`rpBits` = rp · 2^32; 0 without root
 * stake); the split's fractions are in no bucket.
 */
export function splitAlpha(a: bigint, rpBits = 0n): Buckets {
  const { server, validator, ownerCut, root } = referenceSplit(a, rpBits);
  return { server, validator, ownerCut, root };
}

/** τ·R in U96F32 bits, as the Coinbase takes it (`SubnetAccrual.weightedRoot`): R · floor(τ · 2^32 / (2^64 - 1)). */
export function rootBits(rootTao: bigint, taoWeight: bigint): bigint {
  return rootTao * ((taoWeight << 32n) / ((1n << 64n) - 1n));
}

export function addBuckets(a: Buckets, b: Buckets): Buckets {
  return {
    server: a.server + b.server,
    validator: a.validator + b.validator,
    ownerCut: a.ownerCut + b.ownerCut,
    root: a.root + b.root,
  };
}

export function scaleBuckets(a: Buckets, k: bigint): Buckets {
  return { server: a.server * k, validator: a.validator * k, ownerCut: a.ownerCut * k, root: a.root * k };
}

export function sumBuckets(a: Buckets): bigint {
  return a.server + a.validator + a.ownerCut + a.root;
}

/** α accrued over `blocks` blocks from α issuance `issuance`, one block at a time. */
export function alphaBlockByBlock(issuance: bigint, blocks: bigint): { buckets: Buckets; issuance: bigint } {
  let buckets = ZERO_BUCKETS;
  let i = issuance;
  for (let b = 0n; b < blocks; b++) {
    const a = blockEmission(i);
    buckets = addBuckets(buckets, splitAlpha(a));
    i += a;
  }
  return { buckets, issuance: i };
}

/**
 * Each of `count` equal-weight subnets' TAO over `blocks` blocks from TAO issuance `issuance` (no credit
 * owed before), one block at a time by the rule of {@link taoSplitBlockByBlock}.
 */
export function taoBlockByBlock(issuance: bigint, blocks: bigint, count: bigint): { share: bigint; issuance: bigint } {
  const { amounts, issuance: after } = taoSplitBlockByBlock(issuance, blocks, Array.from({ length: Number(count) }, () => 1n));
  return { share: amounts[0], issuance: after };
}

/** MinerBurned = 1 (all incentive withheld), in the Coinbase's U96F32 units (2^-32). */
export const MINER_BURNED_ONE = 1n << 32n;

/**
 * The TAO weights of the started subnets (docs/spec/chain.md §2.1, §2.2, equal base shares): 2^32 -
 * min(2^32, MinerBurned); every subnet 1 if all of those are 0; then 0 for a subnet whose TAO emission
 * is disabled.
 */
export function taoWeights(subnets: readonly { minerBurned: bigint; enabled: boolean }[]): bigint[] {
  const raw = subnets.map((s) => MINER_BURNED_ONE - (s.minerBurned < MINER_BURNED_ONE ? s.minerBurned : MINER_BURNED_ONE));
  const fallback = raw.every((w) => w === 0n);
  return subnets.map((s, i) => (s.enabled ? (fallback ? 1n : raw[i]) : 0n));
}

/**
 * Each subnet's TAO over `blocks` blocks by `weights`, one block at a time (docs/spec/chain.md §1, §2.2, as the
 * Coinbase counts it): a unit of weight earns q = ceil(E · 2^128 / Σ w) per block (in 2^-128 rao), subnet i is
 * credited w_i · q, the issuance counts the credits (so E is read at the issuance with their fractions), and each
 * subnet is paid the whole rao of its credit. Returns the amounts paid and the issuance after (whole rao).
 */
export function taoSplitBlockByBlock(
  issuance: bigint,
  blocks: bigint,
  weights: readonly bigint[],
): { amounts: bigint[]; issuance: bigint } {
  const total = weights.reduce((a, b) => a + b, 0n);
  const credits = weights.map(() => 0n);
  let fine = issuance * FINE;
  if (total === 0n) return { amounts: credits, issuance };
  for (let b = 0n; b < blocks; b++) {
    const e = blockEmission(fine / FINE);
    if (e === 0n) break;
    const q = (e * FINE + total - 1n) / total;
    for (const [k, w] of weights.entries()) credits[k] += w * q;
    fine += total * q;
  }
  return { amounts: credits.map((c) => c / FINE), issuance: fine / FINE };
}
