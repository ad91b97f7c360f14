/**
 * Block-by-block reference of the Coinbase's emission rules (spec/chain.md §1, §2.4, §2.5), written
 * as plainly as possible: one loop iteration per block. The Coinbase computes the same in closed form
 * per halving era; tests compare the two.
 */

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

/** One block's α emission `a` split into the pending buckets (spec/chain.md §2.5, no root stake). */
export function splitAlpha(a: bigint): Buckets {
  const ownerCut = (a * OWNER_CUT) / U16_MAX;
  const server = (a - ownerCut) / 2n;
  return { server, validator: a - ownerCut - server, ownerCut, root: 0n };
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

/** Each of `count` subnets' TAO over `blocks` blocks from TAO issuance `issuance`, one block at a time. */
export function taoBlockByBlock(issuance: bigint, blocks: bigint, count: bigint): { share: bigint; issuance: bigint } {
  let share = 0n;
  let i = issuance;
  for (let b = 0n; b < blocks; b++) {
    const perSubnet = blockEmission(i) / count;
    share += perSubnet;
    i += perSubnet * count;
  }
  return { share, issuance: i };
}
