/**
 * Block-by-block reference model of the Coinbase's rules (docs/spec/chain.md §1, §2.1, §2.2, §2.4-§2.6),
 * independent of its closed-form accrual: every block is one loop iteration.
 *
 * Per block b (from the block after the last accrual to the accrual's block):
 * - α, per started subnet, while b is at most its due block: A = blockEmission(α issuance), split into
 *   owner cut floor(A · 11_796 / 65_535), rest = A - owner cut, server floor(rest / 2), root
 *   floor(rp · rest / 2), validator the rest (§2.5); root goes to its bucket if the root sell flag is
 *   set, else it is recycled; the α issuance then grows by A, or A - root (it counts the pending
 *   buckets). A subnet with TAO emission disabled accrues its α too (§2.1).
 * - TAO: E = blockEmission(TAO issuance); weights w_i = p̄_i · (2^32 - min(2^32, MinerBurned_i)), p̄_i if
 *   they are all 0, then 0 for disabled subnets; subnet i gets floor(E · w_i / Σ w), and the TAO issuance
 *   grows by what the subnets got (the remainder is never minted).
 *
 * Aggregated per accrued range, exactly as the Coinbase documents (see its notes):
 * - the shares' EMA prices are those at the start of the range; if they are all 0, the range's first
 *   block emits nothing and the others share by the EMA prices after one step (a_1 · min(spot, 1));
 * - rp = τ·R / (τ·R + α issuance) and the root sell flag (Σ p̄ > 1) are those at the start of the range
 *   (for the α of blocks accrued late at a drain: those at the drain, its α issuance still counting the
 *   drained buckets, which the settlement mints next);
 * - the injection (§2.4): a range's TAO E for a subnet is injected once at the end of the range at the
 *   pool's price then, alphaIn = floor(E · α reserve / TAO reserve), capped at floor(rp · A · n) (A at
 *   the range's starting α issuance, n its TAO blocks), taoIn = floor(cap · TAO reserve / α reserve) when
 *   capped; the rest E - taoIn buys α fee-free once, after the injection (recycled instead if the α reserve
 *   is below MinimumReserve); the injected α enters the α issuance only after the range (so the range's
 *   α emission does not see it);
 * - the EMA price moves once per range: p̄ ← floor((P · p̄ + (1e18 - P) · min(spot, 1e18)) / 1e18),
 *   P = (1e18 - a_m)^n by squaring, a_m the rate at the range's middle block, spot after the injection.
 *
 * The model owns what the Coinbase owns (buckets, schedule, weights, the TAO issuance) and is told
 * the state the Coinbase reads but other contracts change (pool reserves, α token supply, root TAO and
 * TaoWeight) through {CoinbaseModel.syncPool} and {CoinbaseModel.syncRoot}. Subnets are kept in start order, the Coinbase's order.
 */
import { type Buckets, MINER_BURNED_ONE, OWNER_CUT, U16_MAX, ZERO_BUCKETS, blockEmission, sumBuckets } from "../contracts/helpers/emissionReference";

/** One started subnet, as the model sees it. */
export interface ModelSubnet {
  netuid: number;
  tempo: bigint;
  lastEpochBlock: bigint;
  /** Block of the last drain (0 before the first). */
  drainedAt: bigint;
  /** α is accrued up to and including this block. */
  lastAlphaBlock: bigint;
  buckets: Buckets;
  epochsSettled: bigint;
  /** U96F32 bits (2^-32 units). */
  minerBurned: bigint;
  enabled: boolean;
  /** Pool reserves and the α token's supply, as last synced (plus the model's own injections). */
  poolTao: bigint;
  poolAlpha: bigint;
  alphaSupply: bigint;
  /** TAO injected into this subnet's pool over the whole history, in rao. */
  taoInjected: bigint;
  /** EMA price, 1e18 fixed point. */
  movingPrice: bigint;
  /** The block of startCall. */
  startBlock: bigint;
  /** EMAPriceHalvingBlocks. */
  emaHalvingBlocks: bigint;
}

/** 1.0 in the Coinbase's 1e18 fixed point. */
export const WAD = 10n ** 18n;
/** SubnetMovingAlpha's default, 3e-6 in 1e18. */
export const DEFAULT_MOVING_ALPHA = 3n * 10n ** 12n;
/** EMAPriceHalvingBlocks' default. */
export const DEFAULT_EMA_HALVING_BLOCKS = 201_600n;

/** The EMA rate a = M · b / (b + h), floored, in 1e18 (docs/spec/chain.md §2.3). */
export function emaRate(movingAlpha: bigint, b: bigint, h: bigint): bigint {
  return (movingAlpha * b) / (b + h);
}

/** min(floor(taoReserve · 1e18 / αReserve), 1e18); 0 for an empty α reserve. */
export function cappedSpot(taoReserve: bigint, alphaReserve: bigint): bigint {
  if (alphaReserve === 0n) return 0n;
  const spot = (taoReserve * WAD) / alphaReserve;
  return spot < WAD ? spot : WAD;
}

/** base^exponent in 1e18 by squaring, each product floored (the Coinbase's `_wadPow`). */
export function wadPow(base: bigint, exponent: bigint): bigint {
  let result = WAD;
  let b = base;
  let e = exponent;
  while (e !== 0n) {
    if ((e & 1n) !== 0n) result = (result * b) / WAD;
    e >>= 1n;
    if (e !== 0n) b = (b * b) / WAD;
  }
  return result;
}

/**
 * What one accrual puts into one subnet's pool, in event order: an injection (Staking `Injected`: TAO
 * and α in) and a chain buy (`ProtocolBought`: TAO in, α out to the protocol).
 */
export interface Injection {
  kind: "inject" | "buy";
  netuid: number;
  tao: bigint;
  alpha: bigint;
}

/** Pool reserve an output side must hold before a swap (`MinimumReserve`). */
export const MINIMUM_RESERVE = 1_000_000n;
const U64_MAX = (1n << 64n) - 1n;

/** floor(rp · amount), rp = τR / (τR + issuance) with weightedRoot = TaoWeight · R; 0 without root stake. */
export function rootShare(weightedRoot: bigint, issuance: bigint, amount: bigint): bigint {
  if (weightedRoot === 0n) return 0n;
  return (weightedRoot * amount) / (weightedRoot + issuance * U64_MAX);
}

/** One block's α split (§2.5) with the root proportion of `weightedRoot` and `issuance`. */
export function splitAlphaWithRoot(a: bigint, weightedRoot: bigint, issuance: bigint): Buckets {
  const ownerCut = (a * OWNER_CUT) / U16_MAX;
  const rest = a - ownerCut;
  const server = rest / 2n;
  const root = (weightedRoot * rest) / (weightedRoot === 0n ? 1n : 2n * (weightedRoot + issuance * U64_MAX));
  return { server, validator: rest - server - root, ownerCut, root };
}

/** The root context of a range: TaoWeight · root TAO, and the sell flag. */
interface RootContext {
  weightedRoot: bigint;
  sell: boolean;
}

export class CoinbaseModel {
  readonly subnets: ModelSubnet[] = [];
  /** TAO total supply (the Coinbase's issuance). */
  taoIssuance: bigint;
  lastAccrualBlock: bigint;
  /** Pending TAO of the range not yet injected, per subnet index. */
  private rangeTao: bigint[] = [];
  /** SubnetMovingAlpha, 1e18. */
  movingAlpha = DEFAULT_MOVING_ALPHA;
  /** Root TAO (Staking `pool(0)`) and TaoWeight, as last synced. */
  rootTao = 0n;
  taoWeight = 0n;

  constructor(taoIssuance: bigint, lastAccrualBlock: bigint) {
    this.taoIssuance = taoIssuance;
    this.lastAccrualBlock = lastAccrualBlock;
  }

  subnet(netuid: number): ModelSubnet {
    const s = this.subnets.find((x) => x.netuid === netuid);
    if (s === undefined) throw new Error(`model: unknown subnet ${netuid}`);
    return s;
  }

  /** The due block (§2.6): max(lastEpochBlock + tempo, last drain), never for tempo 0. */
  dueBlock(s: ModelSubnet): bigint {
    if (s.tempo === 0n) return (1n << 64n) - 1n;
    const due = s.lastEpochBlock + s.tempo;
    return due > s.drainedAt ? due : s.drainedAt;
  }

  /** The TAO weights (§2.1, §2.2) of the subnets, in order, from their EMA prices `prices`. */
  weights(prices: bigint[] = this.subnets.map((s) => s.movingPrice)): bigint[] {
    const raw = this.subnets.map((s, i) => prices[i] * (MINER_BURNED_ONE - (s.minerBurned < MINER_BURNED_ONE ? s.minerBurned : MINER_BURNED_ONE)));
    const fallback = raw.every((w) => w === 0n);
    return this.subnets.map((s, i) => (s.enabled ? (fallback ? prices[i] : raw[i]) : 0n));
  }

  /** The EMA price after the range (`from`, `to`] ending at the capped spot `spot` (see the header). */
  private movedPrice(s: ModelSubnet, from: bigint, to: bigint, spot: bigint): bigint {
    const n = to - from;
    const first = from + 1n - s.startBlock;
    const rate = emaRate(this.movingAlpha, (first + first + n - 1n) / 2n, s.emaHalvingBlocks);
    const keep = wadPow(WAD - rate, n);
    return (keep * s.movingPrice + (WAD - keep) * spot) / WAD;
  }

  /** The root context now: TaoWeight · root TAO, and Σ p̄ > 1. */
  rootContext(): RootContext {
    const sum = this.subnets.reduce((a, s) => a + s.movingPrice, 0n);
    return { weightedRoot: this.rootTao * this.taoWeight, sell: sum > WAD };
  }

  /**
   * One block of α for a subnet, if the block is not past its due block; rp from `issuance` (the α
   * issuance at the start of the range) and the context. The α issuance is counted as supply +
   * pending buckets (and `minting`, drained buckets not minted yet), so recycled root α (not added to a
   * bucket) never counts.
   */
  private alphaBlock(s: ModelSubnet, block: bigint, ctx: RootContext, issuance: bigint, minting = 0n): void {
    if (block <= s.lastAlphaBlock || block > this.dueBlock(s)) return;
    if (block !== s.lastAlphaBlock + 1n) throw new Error(`model: α of ${s.netuid} skipped to block ${block}`);
    const a = blockEmission(s.alphaSupply + minting + sumBuckets(s.buckets));
    const split = splitAlphaWithRoot(a, ctx.weightedRoot, issuance);
    s.buckets = {
      server: s.buckets.server + split.server,
      validator: s.buckets.validator + split.validator,
      ownerCut: s.buckets.ownerCut + split.ownerCut,
      root: s.buckets.root + (ctx.sell ? split.root : 0n),
    };
    s.lastAlphaBlock = block;
  }

  /** One block of TAO: each subnet's floor(E · w / Σ w), held for the range's injection. */
  private taoBlock(weights: bigint[]): void {
    const total = weights.reduce((a, b) => a + b, 0n);
    if (total === 0n) return;
    const e = blockEmission(this.taoIssuance);
    for (const [i, w] of weights.entries()) {
      const x = (e * w) / total;
      this.rangeTao[i] += x;
      this.taoIssuance += x;
    }
  }

  /**
   * `accrue()` at `block`: every block since the last accrual, one at a time, then the range's
   * injections. Returns them (subnets that got TAO), in subnet order. Does nothing a second time in a block.
   */
  accrue(block: bigint): Injection[] {
    if (block <= this.lastAccrualBlock) return [];
    const from = this.lastAccrualBlock;
    // The shares' inputs are those at the start of the range (EMA prices included).
    let prices = this.subnets.map((s) => s.movingPrice);
    let taoFrom = from + 1n;
    if (prices.every((p) => p === 0n)) {
      // A fresh chain: the first block emits nothing, the others share by the EMA after one step.
      taoFrom = from + 2n;
      prices = this.subnets.map((s) => (emaRate(this.movingAlpha, from + 1n - s.startBlock, s.emaHalvingBlocks) * cappedSpot(s.poolTao, s.poolAlpha)) / WAD);
    }
    const weights = this.weights(prices);
    const ctx = this.rootContext();
    const issuance = this.subnets.map((s) => s.alphaSupply + sumBuckets(s.buckets));
    this.rangeTao = this.subnets.map(() => 0n);
    for (let b = from + 1n; b <= block; b++) {
      for (const [i, s] of this.subnets.entries()) this.alphaBlock(s, b, ctx, issuance[i]);
      if (b >= taoFrom) this.taoBlock(weights);
    }
    const taoBlocks = block - taoFrom + 1n;
    // α of blocks past a due block stays unaccrued; α up to `block` otherwise (alphaBlock's bound).
    this.lastAccrualBlock = block;
    const injections: Injection[] = [];
    for (const [i, s] of this.subnets.entries()) {
      const e = this.rangeTao[i];
      if (e === 0n) continue; // (the EMA still moves, below)
      let alphaIn = s.poolTao === 0n ? 0n : (e * s.poolAlpha) / s.poolTao;
      let taoIn = e;
      const cap = rootShare(ctx.weightedRoot, issuance[i], blockEmission(issuance[i]) * taoBlocks);
      if (alphaIn > cap) {
        alphaIn = cap;
        taoIn = (cap * s.poolTao) / s.poolAlpha;
      }
      if (taoIn !== 0n || alphaIn !== 0n) injections.push({ kind: "inject", netuid: s.netuid, tao: taoIn, alpha: alphaIn });
      s.poolTao += taoIn;
      s.poolAlpha += alphaIn;
      s.alphaSupply += alphaIn;
      s.taoInjected += taoIn;
      const buy = e - taoIn;
      if (buy === 0n) continue;
      if (s.poolAlpha < MINIMUM_RESERVE) {
        this.taoIssuance -= buy; // recycled: never minted
        continue;
      }
      const bought = (s.poolAlpha * buy) / (s.poolTao + buy);
      injections.push({ kind: "buy", netuid: s.netuid, tao: buy, alpha: bought });
      s.poolTao += buy;
      s.poolAlpha -= bought;
      s.taoInjected += buy;
    }
    for (const s of this.subnets) s.movingPrice = this.movedPrice(s, from, block, cappedSpot(s.poolTao, s.poolAlpha));
    return injections;
  }

  /**
   * `addSubnet` at `block` (startCall): accrues, then the subnet takes part from the next block. `enabled`
   * is false if governance switched its TAO emission off before the start.
   */
  addSubnet(
    block: bigint,
    netuid: number,
    tempo: bigint,
    pool: { tao: bigint; alpha: bigint; supply: bigint },
    enabled = true,
  ): Injection[] {
    const injections = this.accrue(block);
    this.subnets.push({
      netuid,
      tempo,
      lastEpochBlock: block,
      drainedAt: 0n,
      lastAlphaBlock: block,
      buckets: ZERO_BUCKETS,
      epochsSettled: 0n,
      minerBurned: 0n,
      enabled,
      poolTao: pool.tao,
      poolAlpha: pool.alpha,
      alphaSupply: pool.supply,
      taoInjected: 0n,
      movingPrice: 0n,
      startBlock: block,
      emaHalvingBlocks: DEFAULT_EMA_HALVING_BLOCKS,
    });
    return injections;
  }

  /**
   * `drain` at `block`: accrues, hands over and zeroes the buckets, moves lastEpochBlock to the due
   * block, then accrues the α of the blocks after it at once (at the α issuance after the injection, the
   * drained buckets still counted).
   */
  drain(block: bigint, netuid: number): { injections: Injection[]; drained: Buckets; snapshot: bigint } {
    const injections = this.accrue(block);
    const s = this.subnet(netuid);
    const snapshot = this.dueBlock(s);
    if (block < snapshot) throw new Error(`model: ${netuid} not due at ${block}`);
    const drained = s.buckets;
    s.buckets = ZERO_BUCKETS;
    s.lastEpochBlock = snapshot;
    s.drainedAt = block;
    s.epochsSettled += 1n;
    const ctx = this.rootContext();
    const minting = sumBuckets(drained);
    const issuance = s.alphaSupply + minting;
    for (let b = s.lastAlphaBlock + 1n; b <= block; b++) this.alphaBlock(s, b, ctx, issuance, minting);
    return { injections, drained, snapshot };
  }

  /** `recordMinerBurned` at `block`: accrues, then floor(withheld · 2^32 / total) (0 if total is 0). */
  recordMinerBurned(block: bigint, netuid: number, withheld: bigint, total: bigint): Injection[] {
    const injections = this.accrue(block);
    this.subnet(netuid).minerBurned = total === 0n ? 0n : (withheld * MINER_BURNED_ONE) / total;
    return injections;
  }

  /** `setSubnetEmissionEnabled` at `block`: accrues, then switches. */
  setEnabled(block: bigint, netuid: number, enabled: boolean): Injection[] {
    const injections = this.accrue(block);
    this.subnet(netuid).enabled = enabled;
    return injections;
  }

  /** `setEmaPriceHalvingBlocks` at `block`: accrues, then sets h. */
  setEmaHalving(block: bigint, netuid: number, h: bigint): Injection[] {
    const injections = this.accrue(block);
    this.subnet(netuid).emaHalvingBlocks = h;
    return injections;
  }

  /** `setSubnetMovingAlpha` at `block`: accrues, then sets it. */
  setMovingAlpha(block: bigint, alpha: bigint): Injection[] {
    const injections = this.accrue(block);
    this.movingAlpha = alpha;
    return injections;
  }

  /** A tempo set at `block` (it accrues first); a change resets the cycle: lastEpochBlock = block (§2.6). */
  setTempo(block: bigint, netuid: number, tempo: bigint): Injection[] {
    const injections = this.accrue(block);
    const s = this.subnet(netuid);
    if (s.tempo !== tempo) {
      s.tempo = tempo;
      s.lastEpochBlock = block;
    }
    return injections;
  }

  /** Root TAO and TaoWeight as they stand on chain after a transaction (root stakes move them). */
  syncRoot(rootTao: bigint, taoWeight: bigint): void {
    this.rootTao = rootTao;
    this.taoWeight = taoWeight;
  }

  /** The pool reserves and α supply as they stand on chain after a transaction (stakes move them). */
  syncPool(netuid: number, pool: { tao: bigint; alpha: bigint; supply: bigint }): void {
    const s = this.subnet(netuid);
    s.poolTao = pool.tao;
    s.poolAlpha = pool.alpha;
    s.alphaSupply = pool.supply;
  }
}
