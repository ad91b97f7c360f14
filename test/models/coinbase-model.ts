/**
 * Block-by-block reference model of the Coinbase's rules (spec/chain.md §1, §2.1, §2.2, §2.4-§2.6),
 * independent of its closed-form accrual: every block is one loop iteration.
 *
 * Per block b (from the block after the last accrual to the accrual's block):
 * - α, per started subnet, while b is at most its due block: A = blockEmission(α issuance), split into
 *   owner cut floor(A · 11_796 / 65_535), server floor(rest / 2), validator the rest, root 0 (§2.5);
 *   the α issuance then grows by A (it counts the pending buckets). A subnet with TAO emission
 *   disabled accrues its α too (§2.1).
 * - TAO: E = blockEmission(TAO issuance); weights w_i = 2^32 - min(2^32, MinerBurned_i), all 1 if they
 *   are all 0, then 0 for disabled subnets; subnet i gets floor(E · w_i / Σ w), and the TAO issuance
 *   grows by what the subnets got (the remainder is never minted).
 *
 * One thing is aggregated per accrued range, as the Coinbase documents: the injection. A range's TAO
 * for a subnet is injected once at the end of the range at the pool's price then, alphaIn =
 * floor(taoIn · α reserve / TAO reserve), and that α enters the α issuance only after the range (so
 * the range's α emission does not see it).
 *
 * The model owns what the Coinbase owns (buckets, schedule, weights, the TAO issuance) and is told
 * the state the Coinbase reads but other contracts change (pool reserves, α token supply) through
 * {CoinbaseModel.syncPool}. Subnets are kept in start order, the Coinbase's order.
 */
import { type Buckets, MINER_BURNED_ONE, ZERO_BUCKETS, blockEmission, splitAlpha, sumBuckets } from "../contracts/helpers/emissionReference";

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
}

/** What one accrual injects into one subnet. */
export interface Injection {
  netuid: number;
  taoIn: bigint;
  alphaIn: bigint;
}

export class CoinbaseModel {
  readonly subnets: ModelSubnet[] = [];
  /** TAO total supply (the Coinbase's issuance). */
  taoIssuance: bigint;
  lastAccrualBlock: bigint;
  /** Pending TAO of the range not yet injected, per subnet index. */
  private rangeTao: bigint[] = [];

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

  /** The TAO weights (§2.1, §2.2) of the subnets, in order. */
  weights(): bigint[] {
    const raw = this.subnets.map((s) => MINER_BURNED_ONE - (s.minerBurned < MINER_BURNED_ONE ? s.minerBurned : MINER_BURNED_ONE));
    const fallback = raw.every((w) => w === 0n);
    return this.subnets.map((s, i) => (s.enabled ? (fallback ? 1n : raw[i]) : 0n));
  }

  /** One block of α for a subnet, if the block is not past its due block. */
  private alphaBlock(s: ModelSubnet, block: bigint): void {
    if (block <= s.lastAlphaBlock || block > this.dueBlock(s)) return;
    if (block !== s.lastAlphaBlock + 1n) throw new Error(`model: α of ${s.netuid} skipped to block ${block}`);
    const a = blockEmission(s.alphaSupply + sumBuckets(s.buckets));
    const split = splitAlpha(a);
    s.buckets = {
      server: s.buckets.server + split.server,
      validator: s.buckets.validator + split.validator,
      ownerCut: s.buckets.ownerCut + split.ownerCut,
      root: s.buckets.root + split.root,
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
    const weights = this.weights(); // constant over the range: only calls that accrue first change them
    this.rangeTao = this.subnets.map(() => 0n);
    for (let b = this.lastAccrualBlock + 1n; b <= block; b++) {
      for (const s of this.subnets) this.alphaBlock(s, b);
      this.taoBlock(weights);
    }
    // α of blocks past a due block stays unaccrued; α up to `block` otherwise (alphaBlock's bound).
    this.lastAccrualBlock = block;
    const injections: Injection[] = [];
    for (const [i, s] of this.subnets.entries()) {
      const taoIn = this.rangeTao[i];
      if (taoIn === 0n) continue;
      const alphaIn = s.poolTao === 0n ? 0n : (taoIn * s.poolAlpha) / s.poolTao;
      s.poolTao += taoIn;
      s.poolAlpha += alphaIn;
      s.alphaSupply += alphaIn;
      s.taoInjected += taoIn;
      injections.push({ netuid: s.netuid, taoIn, alphaIn });
    }
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
    });
    return injections;
  }

  /**
   * `drain` at `block`: accrues, hands over and zeroes the buckets, moves lastEpochBlock to the due
   * block, then accrues the α of the blocks after it at once (at the α issuance after the injection).
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
    for (let b = s.lastAlphaBlock + 1n; b <= block; b++) this.alphaBlock(s, b);
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

  /** A tempo change at `block` (it accrues first). */
  setTempo(block: bigint, netuid: number, tempo: bigint): Injection[] {
    const injections = this.accrue(block);
    this.subnet(netuid).tempo = tempo;
    return injections;
  }

  /** The pool reserves and α supply as they stand on chain after a transaction (stakes move them). */
  syncPool(netuid: number, pool: { tao: bigint; alpha: bigint; supply: bigint }): void {
    const s = this.subnet(netuid);
    s.poolTao = pool.tao;
    s.poolAlpha = pool.alpha;
    s.alphaSupply = pool.supply;
  }
}
