/**
 * Block-by-block reference model of subtensor subnet emission (Dynamic TAO), written from
 * docs/spec/chain.md §1 and §2 only — independent of the Solidity implementation — so that a
 * comparison test (test/invariants/coinbase.reference.test.ts) can check the contracts to the rao.
 *
 * Every value is a bigint. Every floor is fixed by the conventions below (each formula names the
 * spec section it comes from); where subtensor uses a fixed-point type the model uses the same
 * number of fraction bits:
 *
 * - TAO issuance is kept "fine", in units of 2^-128 rao (`taoFine`), so that the fractional TAO
 *   credited to a subnet but not yet paid out is counted in the issuance and never lost.
 * - A subnet's cumulative TAO credit (`taoCredit`) is in the same 2^-128 rao units; the TAO it is
 *   paid in a block is the growth of floor(taoCredit / 2^128).
 * - The root proportion is a U96F32 (`rpBits`, 32 fraction bits), as in subtensor's
 *   `root_proportion`; the α split is done in the same 32-fraction-bit "bits".
 * - EMA prices and `movingAlpha` are 1e18 fixed point; `minerBurned` is in units of 2^-32;
 *   `taoWeight` is a u64 fraction of 2^64 − 1 (spec "Conventions").
 *
 * The epoch is the project's oracle-settled variant (spec §2.6 adapted): a subnet's α stops
 * accruing after its epoch is due and resumes, catching up, when the epoch is drained (settled).
 *
 * Order of one block (spec §2.0 steps 2, 4, 5), see {@link BlockReference.step}:
 *   1. TAO shares and mint (§1, §2.2), and the root sell flag (§2.5);
 *   2. injection into each pool and chain buys (§2.4);
 *   3. α emission split into the pending buckets (§2.4 "alpha_out", §2.5);
 *   4. EMA price update (§2.3).
 */

// ------------------------------------------------------------------------------------------------
// Constants
// ------------------------------------------------------------------------------------------------

/** §1 `TotalSupply`: 21M TAO in rao (also the α cap per subnet, §2.4). */
export const TOTAL_SUPPLY = 21_000_000n * 1_000_000_000n;
/** §1 `DefaultBlockEmission`: 1 TAO (or 1 α) per block, in rao. */
export const DEFAULT_BLOCK_EMISSION = 1_000_000_000n;
/** One rao in the fine TAO units (2^-128 rao). */
export const FINE = 1n << 128n;
/** 1.0 in 1e18 fixed point (EMA prices, `movingAlpha`, spot price cap). */
export const ONE = 10n ** 18n;
/** u64::MAX: `taoWeight` is a fraction of this (spec "Conventions"). */
export const U64_MAX = (1n << 64n) - 1n;
/** u16::MAX: `SubnetOwnerCut` is a fraction of this (§2.5). */
export const U16_MAX = 65_535n;
/** 1.0 in 32-fraction-bit fixed point (U96F32 `rpBits`, split bits, `minerBurned`). */
export const BITS_ONE = 1n << 32n;
/** `minerBurned` = 1.0 (the whole miner emission withheld), units 2^-32 (§2.2). */
export const MINER_BURNED_ONE = BITS_ONE;
/** §2.3 `SubnetMovingAlpha` default 3e-6, in 1e18 fixed point. */
export const DEFAULT_MOVING_ALPHA = 3_000_000_000_000n;
/** §2.3 `EMAPriceHalvingBlocks` default (4 weeks). */
export const DEFAULT_EMA_HALVING_BLOCKS = 201_600n;
/** §2.5 `SubnetOwnerCut` default, a u16 fraction of 65 535 (≈ 18%). */
export const OWNER_CUT_U16 = 11_796n;
/** §2.5 owner cut as 32-fraction-bit fixed point: floor(11796 · 2^32 / 65535). */
export const OWNER_CUT_BITS = (OWNER_CUT_U16 * BITS_ONE) / U16_MAX;
/** §3 / §10.7: the output-side reserve must be at least this before a swap (MinimumReserve). */
export const MINIMUM_RESERVE = 1_000_000n;

// ------------------------------------------------------------------------------------------------
// Pure formulas
// ------------------------------------------------------------------------------------------------

/** floor(log2(n)) for n ≥ 1 (the index of the highest set bit). */
function floorLog2(n: bigint): bigint {
  if (n < 1n) throw new RangeError("floorLog2 of a non-positive number");
  return BigInt(n.toString(2).length - 1);
}

/**
 * §1 block emission (TAO, and per subnet α with the subnet's α issuance, §2.4):
 * 0 if I ≥ 21e15, else 1e9 >> floor(log2(floor(21e15 / (21e15 − I)))).
 * floor(log2(floor(q))) = floor(log2(q)) for q ≥ 1, so this is the spec's era index k exactly.
 * From era 30 on 1e9 >> k = 0 (emission stops just below the cap).
 */
export function blockEmission(issuance: bigint): bigint {
  if (issuance < 0n) throw new RangeError("negative issuance");
  if (issuance >= TOTAL_SUPPLY) return 0n;
  const era = floorLog2(TOTAL_SUPPLY / (TOTAL_SUPPLY - issuance));
  return DEFAULT_BLOCK_EMISSION >> era;
}

/**
 * §2.4 root proportion rp = τ·R / (τ·R + Iα) as U96F32 bits (32 fraction bits):
 * twBits = floor(τ · 2^32 / (2^64 − 1)); num = R · twBits;
 * rpBits = num == 0 ? 0 : floor(num · 2^32 / (num + Iα · 2^32)).
 */
export function rootPropBits(rootTao: bigint, taoWeight: bigint, alphaIssuance: bigint): bigint {
  const twBits = (taoWeight * BITS_ONE) / U64_MAX;
  const num = rootTao * twBits;
  if (num === 0n) return 0n;
  return (num * BITS_ONE) / (num + alphaIssuance * BITS_ONE);
}

/** The terms of one subnet's pool injection for one block (§2.4). */
export interface InjectionTerms {
  /** rp · A: the most α that may be injected, floor(rpBits · A / 2^32). */
  cap: bigint;
  /** α minted into the pool reserve. */
  alphaIn: bigint;
  /** TAO added to the pool reserve. */
  taoIn: bigint;
  /** E − taoIn: TAO spent on a protocol chain buy ("excess"). */
  buy: bigint;
}

/**
 * §2.4 injection terms: alphaIn = y == 0 ? 0 : floor(E·x/y); taoIn = E;
 * if alphaIn > cap: alphaIn = cap, taoIn = floor(cap·y/x); buy = E − taoIn.
 * (alphaIn > cap ≥ 0 implies x > 0, so the division is safe.)
 */
export function injectionTerms(
  tao: bigint,
  alphaEmission: bigint,
  rpBits: bigint,
  taoReserve: bigint,
  alphaReserve: bigint,
): InjectionTerms {
  const cap = (rpBits * alphaEmission) / BITS_ONE;
  let alphaIn = taoReserve === 0n ? 0n : (tao * alphaReserve) / taoReserve;
  let taoIn = tao;
  if (alphaIn > cap) {
    alphaIn = cap;
    taoIn = (cap * taoReserve) / alphaReserve;
  }
  return { cap, alphaIn, taoIn, buy: tao - taoIn };
}

/**
 * §2.4 step 2 chain buy through the pool, fee-free and without a price limit, as the
 * constant-product output floor(x · buy / (y + buy)) on the reserves after this block's injection.
 */
export function chainBuyOut(buy: bigint, taoReserve: bigint, alphaReserve: bigint): bigint {
  return (alphaReserve * buy) / (taoReserve + buy);
}

/** One block's α split (§2.5), every part in α rao. */
export interface AlphaSplit {
  ownerCut: bigint;
  server: bigint;
  validator: bigint;
  /** Root stakers' part: to the root bucket if the sell flag is on, else recycled. */
  root: bigint;
  /** A − (ownerCut + server + validator + root): the floors' dust, left in the issuance. */
  dust: bigint;
}

/**
 * §2.5 split of alpha_out = A with root proportion rpBits (U96F32):
 * ownerCut = floor(A · cutBits / 2^32); aoBits = A·2^32 − A·cutBits (the rest, in bits);
 * rootBits = floor(floor(rpBits · aoBits / 2^32) / 2); serverBits = floor(aoBits / 2);
 * valBits = max(0, aoBits − serverBits − rootBits); each part is floor(bits / 2^32).
 */
export function splitAlpha(alphaEmission: bigint, rpBits: bigint): AlphaSplit {
  const a = alphaEmission;
  const ownerCut = (a * OWNER_CUT_BITS) / BITS_ONE;
  const aoBits = a * BITS_ONE - a * OWNER_CUT_BITS;
  const rootBits = (rpBits * aoBits) / BITS_ONE / 2n;
  const serverBits = aoBits / 2n;
  let valBits = aoBits - serverBits - rootBits;
  if (valBits < 0n) valBits = 0n;
  const server = serverBits / BITS_ONE;
  const validator = valBits / BITS_ONE;
  const root = rootBits / BITS_ONE;
  return { ownerCut, server, validator, root, dust: a - ownerCut - server - validator - root };
}

/**
 * §2.3 spot price for the EMA, capped at 1.0: x == 0 ? 0 : min(floor(y · 1e18 / x), 1e18).
 */
export function spotPrice(taoReserve: bigint, alphaReserve: bigint): bigint {
  if (alphaReserve === 0n) return 0n;
  const p = (taoReserve * ONE) / alphaReserve;
  return p < ONE ? p : ONE;
}

/** §2.3 EMA learning rate a = floor(m · n / (n + h)), n = blocks since start_call. */
export function emaAlpha(movingAlpha: bigint, n: bigint, halvingBlocks: bigint): bigint {
  if (n + halvingBlocks === 0n) return 0n;
  return (movingAlpha * n) / (n + halvingBlocks);
}

/** §2.3 EMA step p̄ ← floor((a · spot + (1e18 − a) · p̄) / 1e18). */
export function emaUpdate(a: bigint, spot: bigint, movingPrice: bigint): bigint {
  return (a * spot + (ONE - a) * movingPrice) / ONE;
}

// ------------------------------------------------------------------------------------------------
// State
// ------------------------------------------------------------------------------------------------

/** The four pending buckets (§2.5 `Pending*`), α rao. */
export interface Buckets {
  server: bigint;
  validator: bigint;
  ownerCut: bigint;
  root: bigint;
}

/** One subnet's state (a snapshot is returned by {@link BlockReference.subnet}). */
export interface SubnetState {
  netuid: bigint;
  /** Block of start_call; the subnet emits from startBlock + 1 (§2.1, §2.3). */
  startBlock: bigint;
  /** Blocks per epoch; 0 = the epoch is never due (§2.6). */
  tempo: bigint;
  /** §2.3 `EMAPriceHalvingBlocks` h. */
  emaHalvingBlocks: bigint;
  /** y: `SubnetTAO`, TAO rao in the pool. */
  taoReserve: bigint;
  /** x: `SubnetAlphaIn`, α rao in the pool. */
  alphaReserve: bigint;
  /**
   * Iα: the α counted in the subnet's issuance — everything minted (reserve, stakes, pending
   * buckets, protocol α, undistributed dust), less what was recycled (§2.4).
   */
  alphaIssuance: bigint;
  /** p̄: §2.3 EMA price, 1e18 fixed point; a new subnet starts at 0. */
  movingPrice: bigint;
  /** §2.2 `MinerBurned`, units 2^-32 (2^32 = all withheld). */
  minerBurned: bigint;
  /** §2.1 `SubnetEmissionEnabled`: the TAO side (share, injection, buys) is off when false. */
  enabled: boolean;
  /** §2.5 pending buckets, drained at the epoch. */
  buckets: Buckets;
  /** §2.4 `SubnetProtocolAlpha`: α bought by chain buys, owned by nobody. */
  protocolAlpha: bigint;
  /** Cumulative TAO credited by the share rule, 2^-128 rao. */
  taoCredit: bigint;
  /** Cumulative TAO paid into the subnet (floor of the credit), rao. */
  taoPaid: bigint;
  /** Block of the last epoch (= startBlock at start; set by drain and setTempo). */
  lastEpochBlock: bigint;
  /** Block at which the last epoch was drained (settled), 0 before any. */
  drainedAt: bigint;
  /** α (step 3) is accrued for every block in (startBlock, alphaBlock]. */
  alphaBlock: bigint;
  /** α reported recycled at distribution (informational only, see recordRecycled). */
  recycledAtDistribution: bigint;
}

/** What one subnet did in one block (for tests and comparisons). */
export interface SubnetBlockReport {
  netuid: bigint;
  /** W_i: the subnet's TAO share weight (§2.2). */
  weight: bigint;
  /** E_i: TAO paid to the subnet this block, rao. */
  tao: bigint;
  /** A: α block emission from the issuance at the start of the block (§2.4). */
  alphaEmission: bigint;
  /** Injection terms (all 0 when E_i = 0). */
  cap: bigint;
  alphaIn: bigint;
  taoIn: bigint;
  buy: bigint;
  /** α bought by the chain buy (to protocolAlpha). */
  buyAlpha: bigint;
  /** TAO of a buy not made (x < MinimumReserve), unminted. */
  unminted: bigint;
  /** Whether step 3 accrued this block (false: paused after due). */
  accrued: boolean;
  /** The split (all 0 when not accrued); rootRecycled = root when the sell flag is off. */
  rpSplitBits: bigint;
  ownerCut: bigint;
  server: bigint;
  validator: bigint;
  root: bigint;
  rootRecycled: bigint;
  dust: bigint;
  /** EMA step inputs and result. */
  spot: bigint;
  emaAlpha: bigint;
  movingPrice: bigint;
}

/** What one block did. */
export interface BlockReport {
  block: bigint;
  /** TAO block emission E at the issuance at the start of the block (§1). */
  emission: bigint;
  /** ΣW over S. */
  weightSum: bigint;
  /** q = ceil(E · 2^128 / ΣW), rounded up (0 if ΣW = 0). */
  taoPerWeight: bigint;
  /** ΣW · q: TAO minted this block, 2^-128 rao (before any unminted buy). */
  mintedFine: bigint;
  /** Root sell flag: Σ_S p̄ > 1 at the start of the block (§2.5). */
  sell: boolean;
  subnets: SubnetBlockReport[];
}

/** Cumulative totals (the model's own bookkeeping, for conservation checks). */
export interface Totals {
  /** floor(taoFine / 2^128). */
  taoIssuance: bigint;
  taoFine: bigint;
  /** Σ over blocks of ΣW·q, 2^-128 rao. */
  taoMintedFine: bigint;
  /** Σ over blocks and subnets of E_i (removed subnets included), rao. */
  taoPaid: bigint;
  /** Σ of the chain-buy TAO not made and unminted, rao. */
  taoUnminted: bigint;
  /** Σ of removed subnets' unpaid credit fractions, 2^-128 rao. */
  taoDroppedFine: bigint;
  /** Σ over live subnets of Iα, of protocolAlpha, and of the four buckets. */
  alphaIssuance: bigint;
  protocolAlpha: bigint;
  pending: bigint;
}

export interface ModelOptions {
  /** Initial TAO issuance (rao); the model starts with taoFine = supply · 2^128. */
  taoIssuance: bigint;
  /** Last block already processed (the first step is block + 1); default 0. */
  block?: bigint | number;
  /** R: TAO staked on root. Default 0. */
  rootTao?: bigint;
  /** τ: `TaoWeight`, a u64 fraction of 2^64 − 1. Default 0. */
  taoWeight?: bigint;
  /** m: `SubnetMovingAlpha`, 1e18 fixed point. Default 3e12 (3e-6). */
  movingAlpha?: bigint;
}

/** Inputs a comparison may impose on one block. */
export interface StepOptions {
  /**
   * The root sell flag to use instead of Σ p̄ > 1 at the start of the block: the Coinbase takes it (and
   * τ·R) from a subnet's previous accrual, one block late for a subnet accrued every block.
   */
  sell?: boolean;
}

export interface NewSubnet {
  /** y, x, Iα at start (Iα must include x and whatever else was minted). */
  taoReserve: bigint;
  alphaReserve: bigint;
  alphaIssuance: bigint;
  tempo: bigint | number;
  /** Optional, for tests: defaults 0, 201600, 0, true. */
  movingPrice?: bigint;
  /**
   * Optional, to join a subnet that started earlier (at `startBlock` < b) with its state at b: its start
   * block (the EMA rate's b counts from it), the buckets it holds at b (α accrued up to b) and its last
   * epoch block. Defaults: b, empty, startBlock.
   */
  startBlock?: bigint;
  buckets?: Buckets;
  lastEpochBlock?: bigint;
  /** α accrued up to this block (default b; earlier for a subnet paused at its due block). */
  alphaBlock?: bigint;
  emaHalvingBlocks?: bigint;
  minerBurned?: bigint;
  enabled?: boolean;
}

type Int = bigint | number;

function nonNegative(name: string, v: bigint): bigint {
  if (v < 0n) throw new RangeError(`${name} must be non-negative, got ${v}`);
  return v;
}

function emptyBuckets(): Buckets {
  return { server: 0n, validator: 0n, ownerCut: 0n, root: 0n };
}

function copySubnet(s: SubnetState): SubnetState {
  return { ...s, buckets: { ...s.buckets } };
}

// ------------------------------------------------------------------------------------------------
// The model
// ------------------------------------------------------------------------------------------------

export class BlockReference {
  /** Global TAO issuance, 2^-128 rao (counts credited-but-unpaid fractions). */
  private taoFine: bigint;
  private rootTao: bigint;
  private taoWeight: bigint;
  private movingAlpha: bigint;
  /** Last processed block. */
  private block: bigint;
  /** Root sell flag of the last processed block (used by catch-up accrual). */
  private lastSell = false;
  /** Live subnets in start order. */
  private readonly nets = new Map<bigint, SubnetState>();
  private mintedFine = 0n;
  private paid = 0n;
  private unminted = 0n;
  private droppedFine = 0n;

  constructor(opts: ModelOptions) {
    this.taoFine = nonNegative("taoIssuance", opts.taoIssuance) * FINE;
    this.block = BigInt(opts.block ?? 0);
    this.rootTao = nonNegative("rootTao", opts.rootTao ?? 0n);
    this.taoWeight = nonNegative("taoWeight", opts.taoWeight ?? 0n);
    this.movingAlpha = nonNegative("movingAlpha", opts.movingAlpha ?? DEFAULT_MOVING_ALPHA);
  }

  // ---------------------------------------------------------------------------------------------
  // Block processing
  // ---------------------------------------------------------------------------------------------

  /** Steps every block from the last processed one + 1 to b; returns the last block's report. */
  stepTo(b: Int, options: StepOptions = {}): BlockReport | undefined {
    const target = BigInt(b);
    let last: BlockReport | undefined;
    while (this.block < target) last = this.step(this.block + 1n, options);
    return last;
  }

  /**
   * One block b (must be the last processed block + 1). S = subnets with startBlock < b, in start
   * order; every step reads the state left at the end of block b − 1 except where noted.
   */
  step(b: Int, options: StepOptions = {}): BlockReport {
    const block = BigInt(b);
    if (block !== this.block + 1n) {
      throw new RangeError(`step(${block}): expected block ${this.block + 1n} (use stepTo for gaps)`);
    }
    const S = [...this.nets.values()].filter((s) => s.startBlock < block);

    // --- 1. TAO shares (§2.2) and mint (§1) -----------------------------------------------------
    // W_i = p̄_i · (2^32 − min(2^32, mb_i)) — the share p̄_i/Σp̄ times (1 − MinerBurned_i), scaled
    // by Σp̄·2^32, which cancels in the normalisation; fallback to p̄_i when every W is 0; then 0 for
    // subnets with SubnetEmissionEnabled = false (renormalising over the enabled ones, §2.2).
    let weights = S.map(
      (s) => s.movingPrice * (MINER_BURNED_ONE - (s.minerBurned < MINER_BURNED_ONE ? s.minerBurned : MINER_BURNED_ONE)),
    );
    if (weights.every((w) => w === 0n)) weights = S.map((s) => s.movingPrice);
    weights = weights.map((w, i) => (S[i].enabled ? w : 0n));
    const weightSum = weights.reduce((a, w) => a + w, 0n);

    // §1: E from the issuance at the start of the block (reported even when nothing is minted).
    const emission = blockEmission(this.taoFine / FINE);
    let q = 0n;
    let mintedFine = 0n;
    if (weightSum > 0n) {
      // q = TAO per unit weight, 2^-128 rao, rounded up (so a lone subnet is paid exactly E); each
      // subnet is credited W_i·q and the issuance grows by ΣW·q, at most ΣW·2^-128 rao above E.
      q = (emission * FINE + weightSum - 1n) / weightSum;
      mintedFine = weightSum * q;
      S.forEach((s, i) => (s.taoCredit += weights[i] * q));
      this.taoFine += mintedFine;
      this.mintedFine += mintedFine;
    }
    // E_i = growth of floor(credit / 2^128); the fraction stays in the credit (and in taoFine).
    const taoPaid = S.map((s) => {
      const e = s.taoCredit / FINE - s.taoPaid;
      s.taoPaid += e;
      this.paid += e;
      return e;
    });
    // §2.5 root_sell_flag = Σ_{j∈S} p̄_j > 1, with the EMA prices at the start of the block.
    const sell = options.sell ?? S.reduce((a, s) => a + s.movingPrice, 0n) > ONE;
    this.lastSell = sell;

    // A per subnet from its α issuance at the start of the block (§2.4), used by steps 2 and 3, and that
    // issuance (the split's root proportion is taken from it too, see accrue).
    const startIssuance = S.map((s) => s.alphaIssuance);
    const alphaEmissions = startIssuance.map((i) => blockEmission(i));

    const reports: SubnetBlockReport[] = S.map((s, i) => ({
      netuid: s.netuid,
      weight: weights[i],
      tao: taoPaid[i],
      alphaEmission: alphaEmissions[i],
      cap: 0n,
      alphaIn: 0n,
      taoIn: 0n,
      buy: 0n,
      buyAlpha: 0n,
      unminted: 0n,
      accrued: false,
      rpSplitBits: 0n,
      ownerCut: 0n,
      server: 0n,
      validator: 0n,
      root: 0n,
      rootRecycled: 0n,
      dust: 0n,
      spot: 0n,
      emaAlpha: 0n,
      movingPrice: s.movingPrice,
    }));

    // --- 2. Injection and chain buy (§2.4), only if E_i > 0 ----------------------------------
    S.forEach((s, i) => {
      const e = taoPaid[i];
      if (e === 0n) return;
      const r = reports[i];
      const rp = rootPropBits(this.rootTao, this.taoWeight, s.alphaIssuance);
      const t = injectionTerms(e, alphaEmissions[i], rp, s.taoReserve, s.alphaReserve);
      r.cap = t.cap;
      r.alphaIn = t.alphaIn;
      r.taoIn = t.taoIn;
      r.buy = t.buy;
      // Liquidity: SubnetTAO += tao_in, SubnetAlphaIn += alpha_in (minted: Iα += alpha_in).
      s.taoReserve += t.taoIn;
      s.alphaReserve += t.alphaIn;
      s.alphaIssuance += t.alphaIn;
      if (t.buy > 0n) {
        if (s.alphaReserve < MINIMUM_RESERVE) {
          // §3 / §10.7: the swap is refused below MinimumReserve; the TAO stays in the coinbase's
          // credit and is recycled (un-minted) at the end of the block (§1 `recycle_credit`).
          this.taoFine -= t.buy * FINE;
          this.unminted += t.buy;
          r.unminted = t.buy;
        } else {
          // Chain buy: the bought α moves out of the reserve to SubnetProtocolAlpha (Iα unchanged).
          const out = chainBuyOut(t.buy, s.taoReserve, s.alphaReserve);
          s.taoReserve += t.buy;
          s.alphaReserve -= out;
          s.protocolAlpha += out;
          r.buyAlpha = out;
        }
      }
    });

    // --- 3. α emission split into the pending buckets (§2.4 alpha_out, §2.5) ------------------
    S.forEach((s, i) => {
      if (!this.accruing(s, block)) return;
      const split = this.accrue(s, alphaEmissions[i], sell, startIssuance[i]);
      s.alphaBlock = block;
      Object.assign(reports[i], split, { accrued: true });
    });

    // --- 4. EMA price (§2.3), every subnet in S, disabled ones too ---------------------------
    S.forEach((s, i) => {
      const r = reports[i];
      const n = block - s.startBlock;
      r.emaAlpha = emaAlpha(this.movingAlpha, n, s.emaHalvingBlocks);
      r.spot = spotPrice(s.taoReserve, s.alphaReserve);
      s.movingPrice = emaUpdate(r.emaAlpha, r.spot, s.movingPrice);
      r.movingPrice = s.movingPrice;
    });

    this.block = block;
    return { block, emission, weightSum, taoPerWeight: q, mintedFine, sell, subnets: reports };
  }

  /** Whether block b's α accrues now: not after the epoch is due (the oracle variant's pause). */
  private accruing(s: SubnetState, block: bigint): boolean {
    const due = this.dueOf(s);
    return s.alphaBlock === block - 1n && (due === null || block <= due);
  }

  /**
   * Step 3's rules for one block of α A (§2.5): Iα += A (alpha_out minted); rpSplit from the
   * issuance the block started from (`issuance`), as the injection cap's. subtensor recomputes it after
   * minting the block's alpha_in and A; our rule (docs/spec/chain.md §2.5 note) keeps an epoch's buckets a
   * function of the state at its due block, whatever the order of later accruals. Owner cut,
   * server and validator parts to their buckets; the root part to the root bucket if the sell
   * flag is on, else recycled (Iα −= root). The floors' dust stays in Iα.
   */
  private accrue(
    s: SubnetState,
    alphaEmission: bigint,
    sell: boolean,
    issuance: bigint,
  ): AlphaSplit & { rpSplitBits: bigint; rootRecycled: bigint } {
    const rpSplitBits = rootPropBits(this.rootTao, this.taoWeight, issuance);
    s.alphaIssuance += alphaEmission;
    const split = splitAlpha(alphaEmission, rpSplitBits);
    s.buckets.ownerCut += split.ownerCut;
    s.buckets.server += split.server;
    s.buckets.validator += split.validator;
    let rootRecycled = 0n;
    if (sell) {
      s.buckets.root += split.root;
    } else {
      s.alphaIssuance -= split.root;
      rootRecycled = split.root;
    }
    return { ...split, rpSplitBits, rootRecycled };
  }

  /**
   * Accrues at once every block in (alphaBlock, this.block] with step 3's rules: each block's A and
   * rpSplit from the issuance reached so far, R, τ and the sell flag as they are now (at the last
   * processed block), and no alphaIn (those blocks' injections already happened).
   */
  private catchUp(s: SubnetState): void {
    while (s.alphaBlock < this.block) {
      this.accrue(s, blockEmission(s.alphaIssuance), this.lastSell, s.alphaIssuance);
      s.alphaBlock += 1n;
    }
  }

  private dueOf(s: SubnetState): bigint | null {
    if (s.tempo === 0n) return null;
    const next = s.lastEpochBlock + s.tempo;
    return next > s.drainedAt ? next : s.drainedAt;
  }

  // ---------------------------------------------------------------------------------------------
  // Epochs (oracle-settled variant of §2.6)
  // ---------------------------------------------------------------------------------------------

  /**
   * due(i) = max(lastEpochBlock + tempo, drainedAt); null when tempo = 0 (never due). α accrues
   * for blocks ≤ due; later blocks are paused until the epoch is drained.
   */
  due(netuid: Int): bigint | null {
    return this.dueOf(this.get(netuid));
  }

  /**
   * Settles the due epoch at block b (b ≥ due; call after step(b)): returns the pending buckets
   * and zeroes them (§2.6 "the four pending buckets are drained"; Iα is unchanged — the settlement
   * mints that α), sets lastEpochBlock = due and drainedAt = b, then accrues the paused blocks
   * (due, b] at once (see catchUp) into the new buckets.
   */
  drain(netuid: Int, b: Int, options: StepOptions = {}): Buckets {
    const s = this.get(netuid);
    const block = BigInt(b);
    if (block !== this.block) throw new RangeError(`drain at ${block}: the last processed block is ${this.block}`);
    const due = this.dueOf(s);
    if (due === null) throw new RangeError(`subnet ${s.netuid}: tempo 0, the epoch is never due`);
    if (block < due) throw new RangeError(`subnet ${s.netuid}: epoch due at ${due}, not at ${block}`);
    const out = s.buckets;
    s.buckets = emptyBuckets();
    s.lastEpochBlock = due;
    s.drainedAt = block;
    if (options.sell !== undefined) this.lastSell = options.sell;
    this.catchUp(s);
    return { ...out };
  }

  /**
   * α recycled at distribution (e.g. miner incentive to owner-owned hotkeys, §2.7 step 5) does
   * nothing to Iα: subtensor's default `RecycleOrBurn = Burn` burns it, which leaves the issuance
   * unchanged. Only an informational counter is kept.
   */
  recordRecycled(netuid: Int, amount: bigint): void {
    this.get(netuid).recycledAtDistribution += nonNegative("amount", amount);
  }

  // ---------------------------------------------------------------------------------------------
  // External changes (apply after step(b) for actions in block b)
  // ---------------------------------------------------------------------------------------------

  /** A user swap (or any reserve change): y, x set to the new values. */
  setReserves(netuid: Int, taoReserve: bigint, alphaReserve: bigint): void {
    const s = this.get(netuid);
    s.taoReserve = nonNegative("taoReserve", taoReserve);
    s.alphaReserve = nonNegative("alphaReserve", alphaReserve);
  }

  /** Signed change of Iα (e.g. α a user recycles leaves the issuance, §2.4 last paragraph). */
  addAlphaIssuance(netuid: Int, delta: bigint): void {
    const s = this.get(netuid);
    s.alphaIssuance = nonNegative("alphaIssuance", s.alphaIssuance + delta);
  }

  /** R (TAO staked on root) and τ (TaoWeight, u64 fraction). */
  setRoot(rootTao: bigint, taoWeight: bigint): void {
    this.rootTao = nonNegative("rootTao", rootTao);
    this.taoWeight = nonNegative("taoWeight", taoWeight);
  }

  /** §2.2 MinerBurned, units 2^-32 (values above 2^32 count as 2^32). */
  setMinerBurned(netuid: Int, minerBurned: bigint): void {
    this.get(netuid).minerBurned = nonNegative("minerBurned", minerBurned);
  }

  /** §2.1 SubnetEmissionEnabled. */
  setEnabled(netuid: Int, enabled: boolean): void {
    this.get(netuid).enabled = enabled;
  }

  /** §2.3 SubnetMovingAlpha m (global, 1e18 fixed point). */
  setMovingAlpha(movingAlpha: bigint): void {
    if (movingAlpha > ONE) throw new RangeError("movingAlpha above 1");
    this.movingAlpha = nonNegative("movingAlpha", movingAlpha);
  }

  /** §2.3 EMAPriceHalvingBlocks h of one subnet. */
  setEmaHalvingBlocks(netuid: Int, halvingBlocks: bigint): void {
    this.get(netuid).emaHalvingBlocks = nonNegative("emaHalvingBlocks", halvingBlocks);
  }

  /**
   * §2.6 set_tempo: resets the cycle, lastEpochBlock = b (b = the last processed block). If the
   * subnet was paused (its epoch was due and not drained), its paused blocks are first accrued at
   * once with drain's catch-up rules into the current buckets, so that accrual resumes on the new
   * schedule with no gap. (Model choice: the brief leaves setTempo-while-paused open.)
   */
  setTempo(netuid: Int, tempo: bigint | number, b: Int): void {
    const s = this.get(netuid);
    const block = BigInt(b);
    if (block !== this.block) throw new RangeError(`setTempo at ${block}: the last processed block is ${this.block}`);
    const t = nonNegative("tempo", BigInt(tempo));
    this.catchUp(s);
    s.tempo = t;
    s.lastEpochBlock = block;
  }

  /**
   * start_call at block b (b ≥ the last processed block): the subnet emits from b + 1, its EMA
   * starts at 0 (unless given), lastEpochBlock = alphaBlock = b.
   */
  addSubnet(netuid: Int, b: Int, init: NewSubnet): void {
    const id = BigInt(netuid);
    const block = BigInt(b);
    if (this.nets.has(id)) throw new RangeError(`subnet ${id} exists`);
    if (block < this.block) throw new RangeError(`addSubnet at ${block}: block ${this.block} already processed`);
    const startBlock = init.startBlock ?? block;
    this.nets.set(id, {
      netuid: id,
      startBlock,
      tempo: nonNegative("tempo", BigInt(init.tempo)),
      emaHalvingBlocks: nonNegative("emaHalvingBlocks", init.emaHalvingBlocks ?? DEFAULT_EMA_HALVING_BLOCKS),
      taoReserve: nonNegative("taoReserve", init.taoReserve),
      alphaReserve: nonNegative("alphaReserve", init.alphaReserve),
      alphaIssuance: nonNegative("alphaIssuance", init.alphaIssuance),
      movingPrice: nonNegative("movingPrice", init.movingPrice ?? 0n),
      minerBurned: nonNegative("minerBurned", init.minerBurned ?? 0n),
      enabled: init.enabled ?? true,
      buckets: init.buckets === undefined ? emptyBuckets() : { ...init.buckets },
      protocolAlpha: 0n,
      taoCredit: 0n,
      taoPaid: 0n,
      lastEpochBlock: init.lastEpochBlock ?? startBlock,
      drainedAt: 0n,
      alphaBlock: init.alphaBlock ?? block,
      recycledAtDistribution: 0n,
    });
  }

  /**
   * Dissolution: the subnet leaves the model; its credited-but-unpaid TAO fraction
   * (taoCredit − taoPaid·2^128, below one rao) is dropped from the issuance.
   */
  removeSubnet(netuid: Int): void {
    const s = this.get(netuid);
    const fraction = s.taoCredit - s.taoPaid * FINE;
    this.taoFine -= fraction;
    this.droppedFine += fraction;
    this.nets.delete(s.netuid);
  }

  // ---------------------------------------------------------------------------------------------
  // Getters
  // ---------------------------------------------------------------------------------------------

  /** A copy of one subnet's state. */
  subnet(netuid: Int): SubnetState {
    return copySubnet(this.get(netuid));
  }

  /** Copies of every live subnet's state, in start order. */
  subnets(): SubnetState[] {
    return [...this.nets.values()].map(copySubnet);
  }

  has(netuid: Int): boolean {
    return this.nets.has(BigInt(netuid));
  }

  /** floor(taoFine / 2^128): the TAO issuance in rao. */
  taoIssuance(): bigint {
    return this.taoFine / FINE;
  }

  /** The TAO issuance in 2^-128 rao. */
  taoIssuanceFine(): bigint {
    return this.taoFine;
  }

  /** Last processed block. */
  lastBlock(): bigint {
    return this.block;
  }

  root(): { rootTao: bigint; taoWeight: bigint; movingAlpha: bigint } {
    return { rootTao: this.rootTao, taoWeight: this.taoWeight, movingAlpha: this.movingAlpha };
  }

  totals(): Totals {
    let alphaIssuance = 0n;
    let protocolAlpha = 0n;
    let pending = 0n;
    for (const s of this.nets.values()) {
      alphaIssuance += s.alphaIssuance;
      protocolAlpha += s.protocolAlpha;
      pending += s.buckets.server + s.buckets.validator + s.buckets.ownerCut + s.buckets.root;
    }
    return {
      taoIssuance: this.taoFine / FINE,
      taoFine: this.taoFine,
      taoMintedFine: this.mintedFine,
      taoPaid: this.paid,
      taoUnminted: this.unminted,
      taoDroppedFine: this.droppedFine,
      alphaIssuance,
      protocolAlpha,
      pending,
    };
  }

  private get(netuid: Int): SubnetState {
    const s = this.nets.get(BigInt(netuid));
    if (s === undefined) throw new RangeError(`no subnet ${netuid}`);
    return s;
  }
}
