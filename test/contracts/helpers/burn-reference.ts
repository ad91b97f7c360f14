/**
 * A block-by-block reference of subtensor's neuron burn price (docs/spec/chain.md §5.2,
 * `update_registration_prices_for_networks`, `bump_registration_price_after_registration`), and a
 * port of the registry's closed form (BurnMath.decay), to compare the contract with.
 */

const U64_MAX = (1n << 64n) - 1n;
const ONE_Q32 = 1n << 32n;
const ONE_Q127 = 1n << 127n;

/** subtensor's defaults (ISubnetRegistry.RegistrationParameters). */
export const DEFAULT_REGISTRATION_PARAMETERS = {
  minBurn: 500_000n,
  maxBurn: 100n * 10n ** 9n,
  burnIncreaseMult: 0x1428f5c28f5c29000n, // U64F64::from_num(1.26)
  burnHalfLife: 360n,
  immuneOwnerUidsLimit: 1n,
  minNonImmuneUids: 10n,
};

/** `mul_by_q32`: floor(value · factor / 2^32), saturating at u64::MAX. */
export function mulQ32(value: bigint, factorQ32: bigint): bigint {
  const product = (value * factorQ32) >> 32n;
  return product > U64_MAX ? U64_MAX : product;
}

/** `pow_q32`: exponentiation by squaring through mulQ32. */
export function powQ32(base: bigint, exp: bigint): bigint {
  let result = ONE_Q32;
  let factor = base;
  let power = exp;
  while (power > 0n) {
    if ((power & 1n) === 1n) result = mulQ32(result, factor);
    power >>= 1n;
    if (power > 0n) factor = mulQ32(factor, factor);
  }
  return result;
}

/** `decay_factor_q32`: the largest Q32 f with pow_q32(f, halfLife) ≤ 1/2. */
export function decayFactorQ32(halfLife: bigint): bigint {
  if (halfLife === 0n) return ONE_Q32;
  let lo = 0n;
  let hi = ONE_Q32;
  while (lo + 1n < hi) {
    const mid = lo + ((hi - lo) >> 1n);
    if (powQ32(mid, halfLife) > 1n << 31n) hi = mid;
    else lo = mid;
  }
  return lo;
}

const clamp = (x: bigint, min: bigint, max: bigint): bigint => (x < min ? min : x > max ? max : x);

/** subtensor, one block at a time: price = clamp(mul_by_q32(price, f), min, max), `blocks` times. */
export function blockByBlockBurn(price: bigint, factorQ32: bigint, blocks: bigint, min: bigint, max: bigint): bigint {
  let p = price;
  for (let i = 0n; i < blocks; i++) {
    p = clamp(mulQ32(p, factorQ32), min, max);
    if (p === min) break; // stays at the floor for good
  }
  return p;
}

/** BurnMath.decay: floor(price · (f/2^32)^blocks) with the power in Q127, every product rounded up. */
export function closedFormDecay(price: bigint, factorQ32: bigint, blocks: bigint): bigint {
  if (blocks >= 1n << 22n) return 0n;
  let base = factorQ32 << 95n;
  let power = ONE_Q127;
  let k = blocks;
  while (k > 0n) {
    if ((k & 1n) === 1n) power = (power * base + ONE_Q127 - 1n) >> 127n;
    k >>= 1n;
    if (k > 0n) base = (base * base + ONE_Q127 - 1n) >> 127n;
  }
  return (price * power) >> 127n;
}

/** The registry's price `blocks` blocks after it was stored at `price` (SubnetRegistry._currentBurn). */
export function lazyBurn(price: bigint, factorQ32: bigint, blocks: bigint, min: bigint, max: bigint): bigint {
  if (blocks === 0n) return price;
  let p = price;
  let k = blocks;
  if (p > max) {
    p = clamp(mulQ32(p, factorQ32), 0n, max);
    k -= 1n;
  }
  const decayed = closedFormDecay(p, factorQ32, k);
  return decayed < min ? min : decayed;
}

/** The registration bump: clamp(floor(price · mult / 2^64), min, max). */
export function bumpedBurn(price: bigint, multQ64: bigint, min: bigint, max: bigint): bigint {
  const raised = (price * multQ64) >> 64n;
  return clamp(raised > U64_MAX ? U64_MAX : raised, min, max);
}

/** floor(1 / (1 − f/2^32)): the most the closed form may exceed the block-by-block value. */
export function decayErrorBound(factorQ32: bigint): bigint {
  return ONE_Q32 / (ONE_Q32 - factorQ32);
}
