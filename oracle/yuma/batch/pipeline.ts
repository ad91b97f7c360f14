/**
 * The batched epoch: the reference algorithm of ../epoch.ts over many subnets at once, on typed
 * arrays of exact integers (./exact.ts), with the two hot stages (consensus, liquid-alpha bonds)
 * handed to a `StageKernels` implementation: the WebGPU kernels take the whole batch in one call
 * per stage, ./cpu-kernels.ts one subnet at a time. Outputs are bit-identical to `runEpoch`, which
 * the property tests check field by field.
 *
 * The per-uid O(n) parts that read u64/I64F64 values (stake, permits, emission in rao) reuse the
 * reference's own BigInt functions; every O(n²) loop runs on numbers. An input outside the ranges
 * the number path is exact on — rows not strictly sorted by uid (the chain never stores them),
 * block numbers above 2^53, or stake shares that wrapped past 1 (only possible with totals above
 * 2^63 rao, beyond the 21M caps) — is computed by the reference instead, so every input still
 * gets the reference's bits.
 */
import { StakeAndPermits, bondsAlpha, bondsCutoffBlock, emissionSplit, runEpoch, stakeAndPermits } from "../epoch";
import { I32F32, U64_MAX } from "../fixed";
import { EpochInput, EpochOutput } from "../types";
import { PackedInput, PackedOutput, PackedRows, packInput, packOutput, unpackInput, unpackOutput } from "./pack";
import { TWO32, TWO53, divShl32, mulShr32, mulShr32Small, proportionToU16, u16ProportionToRaw } from "./exact";
import { LiquidAlphaBatch, MedianBatch, StageKernels } from "./stages";

const ONE = I32F32.one;

/** One subnet on the number path, between stages. Matrices are R compact rows × n columns. */
interface Subnet {
  readonly input: PackedInput;
  readonly n: number;
  readonly yuma3: boolean;
  readonly base: StakeAndPermits;
  readonly activeStake: Float64Array;
  /** Compact row r is uid rowUid[r]: the uids with any weight or bond entry, ascending. */
  readonly rowUid: Int32Array;
  /** Weights (§3.5, row-normalised) and their presence. */
  readonly w: Float64Array;
  readonly wp: Uint8Array;
  /** Previous bonds after §7.2 masking: Yuma3 proportions (raw), classic u16 integers. */
  readonly b: Float64Array;
  readonly bp: Uint8Array;
  /** Voters of the consensus (uids with active stake > 0) and their normalised stake. */
  readonly voters: Int32Array;
  readonly voterStake: Float64Array;
  readonly stakeSum: number;
  readonly minority: number;
  consensus: Float64Array;
  clipped: Float64Array;
  clippedPresent: Uint8Array;
  validatorTrust: Float64Array;
  incentive: Float64Array;
  wb: Float64Array;
  wbp: Uint8Array;
  /** Whether the Yuma3 EMA uses liquid alpha (a kernel) or the constant rate. */
  liquid: boolean;
  ema: Float64Array;
  emaPresent: Uint8Array;
}

/** Row i's uids strictly increase (entries hold uid · 2^16 + value, so comparing entries compares uids). */
function isSorted(rows: PackedRows, i: number): boolean {
  for (let k = rows.offsets[i] + 1; k < rows.offsets[i + 1]; k++) if (rows.entries[k] >>> 16 <= rows.entries[k - 1] >>> 16) return false;
  return true;
}

/** u64 block numbers as doubles, or null if one is ≥ 2^53 (U64_MAX may map to +∞). */
function blocks(values: readonly bigint[], maxIsInfinity: boolean): Float64Array | null {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (maxIsInfinity && v === U64_MAX) out[i] = Infinity;
    else if (v >= BigInt(TWO53)) return null;
    else out[i] = Number(v);
  }
  return out;
}

/** §2–§3.5 for one subnet, or null when the input is outside the number path's exact ranges. */
function prepare(input: PackedInput): Subnet | null {
  const hp = input.hyperparameters;
  const n = input.alphaStake.length;
  const base = stakeAndPermits(input);
  let stakeTotal = 0n;
  for (const s of base.stake) {
    if (s < 0n) return null;
    stakeTotal += s;
  }
  if (stakeTotal > ONE) return null;
  const lastUpdate = blocks(input.lastUpdate, false);
  const registered = blocks(input.blockAtRegistration, false);
  const commitReveal = hp.commitRevealEnabled && input.commitBlocks !== null;
  const commits = commitReveal && input.commitBlocks !== null ? blocks(input.commitBlocks, true) : null;
  // The constant EMA rate must be a proportion (BondsMovingAverage ≤ 1e6, as the chain bounds it).
  const emaRate = Number(bondsAlpha(hp.bondsMovingAverage));
  if (emaRate < 0 || emaRate > TWO32) return null;
  if (lastUpdate === null || registered === null || (commitReveal && commits === null)) return null;
  for (let i = 0; i < n; i++) if (!isSorted(input.bonds, i) || (!base.forbids[i] && !isSorted(input.weights, i))) return null;

  // §7.2 / §8.2: bond columns of miners registered since the last epoch are dropped.
  const lastTempo = bondsCutoffBlock(input);
  const recent = new Uint8Array(n);
  for (let j = 0; j < n; j++) recent[j] = lastTempo <= input.blockAtRegistration[j] ? 1 : 0;

  // Weight rows (§3.5 masks: permits, diagonal except the owner, outdated and commit-reveal votes)
  // and bond rows (§7.2 recent registrations) are gathered into full-width rows; only uids with a
  // kept entry get a row.
  const owner = base.owner;
  const yuma3 = hp.yuma3Enabled;
  const rowUids: number[] = [];
  const wRows: Float64Array[] = [];
  const wpRows: Uint8Array[] = [];
  const bRows: Float64Array[] = [];
  const bpRows: Uint8Array[] = [];
  let wRow = new Float64Array(n);
  let wpRow = new Uint8Array(n);
  let bRow = new Float64Array(n);
  let bpRow = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let kept = 0;
    if (!base.forbids[i]) {
      const { offsets, entries } = input.weights;
      const updated = lastUpdate[i];
      const committed = commits === null ? Infinity : commits[i];
      let rowSum = 0;
      for (let t = offsets[i]; t < offsets[i + 1]; t++) {
        const j = entries[t] >>> 16;
        if (j >= n || (j === i && i !== owner) || updated <= registered[j] || committed < registered[j]) continue;
        const u = entries[t] & 0xffff;
        wpRow[j] = 1;
        wRow[j] = u;
        rowSum += u;
        kept++;
      }
      // Row normalisation on the u16 integers: (u · 2^32) / (Σu · 2^32) = floor(u · 2^32 / Σu).
      if (rowSum > 0) for (let j = 0; j < n; j++) if (wpRow[j]) wRow[j] = Math.floor((wRow[j] * TWO32) / rowSum);
    }
    for (let t = input.bonds.offsets[i]; t < input.bonds.offsets[i + 1]; t++) {
      const j = input.bonds.entries[t] >>> 16;
      if (j >= n || recent[j]) continue;
      const u = input.bonds.entries[t] & 0xffff;
      bpRow[j] = 1;
      // Yuma3 reads bonds back as proportions (u / 65535); classic keeps the integers for now.
      bRow[j] = yuma3 ? u16ProportionToRaw(u) : u;
      kept++;
    }
    if (kept === 0) continue;
    rowUids.push(i);
    wRows.push(wRow);
    wpRows.push(wpRow);
    bRows.push(bRow);
    bpRows.push(bpRow);
    wRow = new Float64Array(n);
    wpRow = new Uint8Array(n);
    bRow = new Float64Array(n);
    bpRow = new Uint8Array(n);
  }
  const R = rowUids.length;
  const w = new Float64Array(R * n);
  const wp = new Uint8Array(R * n);
  const b = new Float64Array(R * n);
  const bp = new Uint8Array(R * n);
  for (let r = 0; r < R; r++) {
    w.set(wRows[r], r * n);
    wp.set(wpRows[r], r * n);
    b.set(bRows[r], r * n);
    bp.set(bpRows[r], r * n);
  }

  // §4 consensus inputs: voters are the uids with positive active stake, re-normalised.
  const activeStake = Float64Array.from(base.activeStake, Number);
  const voterList: number[] = [];
  let voterTotal = 0;
  for (let i = 0; i < n; i++) {
    if (activeStake[i] > 0) {
      voterList.push(i);
      voterTotal += activeStake[i];
    }
  }
  const voterStake = Float64Array.from(voterList, (i) => divShl32(activeStake[i], voterTotal));
  let stakeSum = 0;
  for (const s of voterStake) stakeSum += s;
  const empty = new Float64Array(0);
  return {
    input,
    n,
    yuma3,
    base,
    activeStake,
    rowUid: Int32Array.from(rowUids),
    w,
    wp,
    b,
    bp,
    voters: Int32Array.from(voterList),
    voterStake,
    stakeSum,
    minority: stakeSum - u16ProportionToRaw(hp.kappa),
    consensus: empty,
    clipped: empty,
    clippedPresent: new Uint8Array(0),
    validatorTrust: empty,
    incentive: empty,
    wb: empty,
    wbp: new Uint8Array(0),
    liquid: false,
    ema: empty,
    emaPresent: new Uint8Array(0),
  };
}

/** Pack the subnets' consensus inputs into one padded batch. */
function medianBatch(subnets: readonly Subnet[]): MedianBatch {
  const S = subnets.length;
  const R = Math.max(1, ...subnets.map((x) => x.voters.length));
  const C = Math.max(1, ...subnets.map((x) => x.n));
  const batch = {
    subnets: S,
    rows: R,
    cols: C,
    colCount: Uint32Array.from(subnets, (x) => x.n),
    voterCount: Uint32Array.from(subnets, (x) => x.voters.length),
    stake: new Float64Array(S * R),
    score: new Float64Array(S * R * C),
    minority: Float64Array.from(subnets, (x) => x.minority),
    stakeSum: Float64Array.from(subnets, (x) => x.stakeSum),
  };
  subnets.forEach((x, s) => {
    batch.stake.set(x.voterStake, s * R);
    let r = 0;
    x.voters.forEach((uid, k) => {
      while (r < x.rowUid.length && x.rowUid[r] < uid) r++;
      if (r < x.rowUid.length && x.rowUid[r] === uid) batch.score.set(x.w.subarray(r * x.n, (r + 1) * x.n), (s * R + k) * C);
    });
  });
  return batch;
}

/** §5 clipping, validator trust, incentive; §6 bonds penalty; decides the Yuma3 EMA kind. */
function afterConsensus(x: Subnet): void {
  const { n, w, wp, consensus, activeStake } = x;
  const R = x.rowUid.length;
  const hp = x.input.hyperparameters;
  const clipped = new Float64Array(R * n);
  const cp = new Uint8Array(R * n);
  const validatorTrust = new Float64Array(n);
  const rawIncentive = new Float64Array(n);
  for (let r = 0; r < R; r++) {
    const off = r * n;
    const uid = x.rowUid[r];
    const scale = activeStake[uid];
    let trust = 0;
    for (let j = 0; j < n; j++) {
      if (!wp[off + j]) continue;
      const v = w[off + j];
      const th = consensus[j];
      const c = th < v ? th : v;
      if (th < v && th <= 0) continue;
      cp[off + j] = 1;
      clipped[off + j] = c;
      trust += c;
      rawIncentive[j] += mulShr32Small(scale, c);
    }
    validatorTrust[uid] = trust;
  }
  x.clipped = clipped;
  x.clippedPresent = cp;
  x.validatorTrust = validatorTrust;
  x.incentive = normalizeVector(rawIncentive);

  const ratio = u16ProportionToRaw(hp.bondsPenalty);
  if (ratio === 0) {
    x.wb = w;
    x.wbp = wp;
  } else if (ratio === TWO32) {
    x.wb = clipped;
    x.wbp = cp;
  } else {
    // interpolate_sparse: w + ratio · (clipped − w) over every entry, kept where positive.
    const wb = new Float64Array(R * n);
    const wbp = new Uint8Array(R * n);
    for (let k = 0; k < R * n; k++) {
      const v = w[k] + mulShr32(ratio, clipped[k] - w[k]);
      if (v > 0) {
        wb[k] = v;
        wbp[k] = 1;
      }
    }
    x.wb = wb;
    x.wbp = wbp;
  }
  x.liquid = x.yuma3 && hp.liquidAlphaEnabled && n > 0 && consensus.some((c) => c !== 0);
}

/** Pack the liquid-alpha subnets into one padded batch. */
function liquidBatch(subnets: readonly Subnet[]): LiquidAlphaBatch {
  const S = subnets.length;
  if (S === 1) {
    // One subnet: its own R × n arrays already have the batch layout.
    const [x] = subnets;
    const h = x.input.hyperparameters;
    return {
      subnets: 1,
      rows: x.rowUid.length,
      cols: x.n,
      colCount: Uint32Array.of(x.n),
      rowCount: Uint32Array.of(x.rowUid.length),
      consensus: x.consensus,
      weight: x.wb,
      weightPresent: x.wbp,
      bond: x.b,
      alphaLow: Float64Array.of(u16ProportionToRaw(h.alphaValues[0])),
      alphaHigh: Float64Array.of(u16ProportionToRaw(h.alphaValues[1])),
      steepness: Float64Array.of(h.alphaSigmoidSteepness),
    };
  }
  const R = Math.max(1, ...subnets.map((x) => x.rowUid.length));
  const C = Math.max(1, ...subnets.map((x) => x.n));
  const hp = subnets.map((x) => x.input.hyperparameters);
  const batch = {
    subnets: S,
    rows: R,
    cols: C,
    colCount: Uint32Array.from(subnets, (x) => x.n),
    rowCount: Uint32Array.from(subnets, (x) => x.rowUid.length),
    consensus: new Float64Array(S * C),
    weight: new Float64Array(S * R * C),
    weightPresent: new Uint8Array(S * R * C),
    bond: new Float64Array(S * R * C),
    alphaLow: Float64Array.from(hp, (h) => u16ProportionToRaw(h.alphaValues[0])),
    alphaHigh: Float64Array.from(hp, (h) => u16ProportionToRaw(h.alphaValues[1])),
    steepness: Float64Array.from(hp, (h) => h.alphaSigmoidSteepness),
  };
  subnets.forEach((x, s) => {
    batch.consensus.set(x.consensus, s * C);
    for (let r = 0; r < x.rowUid.length; r++) {
      const from = r * x.n;
      const to = (s * R + r) * C;
      batch.weight.set(x.wb.subarray(from, from + x.n), to);
      batch.weightPresent.set(x.wbp.subarray(from, from + x.n), to);
      batch.bond.set(x.b.subarray(from, from + x.n), to);
    }
  });
  return batch;
}

/** `normalize`: x / Σx (truncated), unchanged when Σx is 0. Entries are ≥ 0 on the number path. */
function normalizeVector(v: Float64Array): Float64Array {
  let total = 0;
  for (const e of v) total += e;
  return total === 0 ? v : v.map((e) => divShl32(e, total));
}

/** `inplace_col_normalize_sparse` over present entries (column sums of present values). */
function colNormalize(m: Float64Array, present: Uint8Array, R: number, n: number): Float64Array {
  const colSum = new Float64Array(n);
  for (let r = 0; r < R; r++) for (let j = 0; j < n; j++) if (present[r * n + j]) colSum[j] += m[r * n + j];
  return divideColumns(m, present, colSum, R, n);
}

/** Each present entry divided by its column's denominator when that is non-zero. */
function divideColumns(m: Float64Array, present: Uint8Array, d: Float64Array, R: number, n: number): Float64Array {
  const out = new Float64Array(R * n);
  for (let r = 0; r < R; r++) {
    for (let j = 0; j < n; j++) {
      const k = r * n + j;
      if (present[k]) out[k] = d[j] !== 0 ? divShl32(m[k], d[j]) : m[k];
    }
  }
  return out;
}

/** `mat_ema_sparse`: alpha · new + (1 − alpha) · old over both matrices' entries, kept where > 0. */
function matEma(
  next: Float64Array,
  nextPresent: Uint8Array,
  old: Float64Array,
  oldPresent: Uint8Array,
  alpha: number,
): { value: Float64Array; present: Uint8Array } {
  const value = new Float64Array(next.length);
  const present = new Uint8Array(next.length);
  const keep = TWO32 - alpha;
  for (let k = 0; k < next.length; k++) {
    if (!nextPresent[k] && !oldPresent[k]) continue;
    const v = mulShr32Small(alpha, next[k]) + mulShr32Small(keep, old[k]);
    if (v > 0) {
      value[k] = v;
      present[k] = 1;
    }
  }
  return { value, present };
}

/** §7–§10 after the kernels: bonds, dividends, emission and the outputs. */
function finish(x: Subnet): PackedOutput {
  const { n, input, incentive, activeStake } = x;
  const R = x.rowUid.length;
  const hp = input.hyperparameters;
  const alpha = Number(bondsAlpha(hp.bondsMovingAverage));
  const dividendsRaw = new Float64Array(n);
  let bondsOut: Float64Array;
  if (x.yuma3) {
    if (!x.liquid) ({ value: x.ema, present: x.emaPresent } = matEma(x.wb, x.wbp, x.b, x.bp, alpha));
    // §8.3 dividends: bonds normalised per column, weighted by incentive, times active stake.
    const norm = colNormalize(x.ema, x.emaPresent, R, n);
    for (let r = 0; r < R; r++) {
      let total = 0;
      for (let j = 0; j < n; j++) if (x.emaPresent[r * n + j]) total += mulShr32Small(norm[r * n + j], incentive[j]);
      const uid = x.rowUid[r];
      dividendsRaw[uid] = mulShr32Small(total, activeStake[uid]);
    }
    bondsOut = x.ema;
  } else {
    // §7 classic: column-normalised bonds and stake-weighted weights, EMA, normalise, upscale.
    const bonds = colNormalizeIntegers(x.b, x.bp, R, n);
    const delta = new Float64Array(R * n);
    for (let r = 0; r < R; r++) {
      const s = activeStake[x.rowUid[r]];
      for (let j = 0; j < n; j++) if (x.wbp[r * n + j]) delta[r * n + j] = mulShr32Small(x.wb[r * n + j], s);
    }
    const { value, present } = matEma(colNormalize(delta, x.wbp, R, n), x.wbp, bonds, x.bp, alpha);
    const ema = colNormalize(value, present, R, n);
    for (let r = 0; r < R; r++) {
      let total = 0;
      for (let j = 0; j < n; j++) if (present[r * n + j]) total += mulShr32Small(incentive[j], ema[r * n + j]);
      dividendsRaw[x.rowUid[r]] = total;
    }
    const colMax = new Float64Array(n);
    for (let k = 0; k < R * n; k++) if (present[k] && colMax[k % n] < ema[k]) colMax[k % n] = ema[k];
    bondsOut = divideColumns(ema, present, colMax, R, n);
    x.emaPresent = present;
  }
  const dividends = normalizeVector(dividendsRaw);

  const n5 = (k: number, v: Float64Array, out: Uint16Array): void => {
    for (let i = 0; i < n; i++) out[k * n + i] = proportionToU16(v[i]);
  };
  const u16 = new Uint16Array(5 * n);
  n5(0, Float64Array.from(x.base.stake, Number), u16);
  n5(1, x.consensus, u16);
  n5(2, incentive, u16);
  n5(3, dividends, u16);
  n5(4, x.validatorTrust, u16);
  const raw = new BigInt64Array(5 * n);
  raw.set(x.base.stake, 0);
  raw.set(x.base.activeStake, n);
  for (let i = 0; i < n; i++) {
    raw[2 * n + i] = BigInt(x.consensus[i]);
    raw[3 * n + i] = BigInt(incentive[i]);
    raw[4 * n + i] = BigInt(dividends[i]);
  }
  const split = emissionSplit(
    input.raoEmission,
    x.base.stake,
    x.base.activeStake,
    Array.from(raw.subarray(3 * n, 4 * n)),
    Array.from(raw.subarray(4 * n, 5 * n)),
  );
  const rao = new BigUint64Array(3 * n);
  rao.set(split.emission, 0);
  rao.set(split.serverEmission, n);
  rao.set(split.validatorEmission, 2 * n);
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) flags[i] = (x.base.active[i] ? 1 : 0) | (x.base.newValidatorPermits[i] ? 2 : 0);
  // Bond rows to store: the new row of every uid holding a new permit, empty otherwise.
  const offsets = new Uint32Array(n + 1);
  const entries: number[] = [];
  let r = 0;
  for (let uid = 0; uid < n; uid++) {
    while (r < R && x.rowUid[r] < uid) r++;
    if (r < R && x.rowUid[r] === uid && x.base.newValidatorPermits[uid]) {
      for (let j = 0; j < n; j++) if (x.emaPresent[r * n + j]) entries.push(j * 65536 + proportionToU16(bondsOut[r * n + j]));
    }
    offsets[uid + 1] = entries.length;
  }
  return { n, flags, u16, rao, raw, bonds: { offsets, entries: Uint32Array.from(entries) } };
}

/** Classic bonds are u16 integers: column-normalising (u · 2^32) by (Σu · 2^32) is floor(u · 2^32 / Σu). */
function colNormalizeIntegers(m: Float64Array, present: Uint8Array, R: number, n: number): Float64Array {
  const colSum = new Float64Array(n);
  for (let k = 0; k < R * n; k++) if (present[k]) colSum[k % n] += m[k];
  const out = new Float64Array(R * n);
  for (let k = 0; k < R * n; k++) if (present[k] && colSum[k % n] > 0) out[k] = Math.floor((m[k] * TWO32) / colSum[k % n]);
  return out;
}

/** Run a batch of packed epochs with the given stage kernels; outputs in input order. */
export async function runPackedBatch(inputs: readonly PackedInput[], kernels: StageKernels): Promise<PackedOutput[]> {
  const group = Math.max(1, kernels.subnetsPerCall ?? inputs.length);
  const outputs: PackedOutput[] = [];
  for (let start = 0; start < inputs.length; start += group) {
    outputs.push(...(await runGroup(inputs.slice(start, start + group), kernels)));
  }
  return outputs;
}

/** One kernel call per hot stage for the whole group. */
async function runGroup(inputs: readonly PackedInput[], kernels: StageKernels): Promise<PackedOutput[]> {
  const prepared = inputs.map(prepare);
  const fast = prepared.filter((x): x is Subnet => x !== null);
  if (fast.length > 0) {
    const consensus = await kernels.weightedMedianColumns(medianBatch(fast));
    const C = Math.max(1, ...fast.map((x) => x.n));
    fast.forEach((x, s) => {
      x.consensus = consensus.slice(s * C, s * C + x.n);
      afterConsensus(x);
    });
    const liquid = fast.filter((x) => x.liquid);
    if (liquid.length > 0) {
      const batch = liquidBatch(liquid);
      const result = await kernels.liquidAlphaEma(batch);
      const { rows: R, cols: C2 } = batch;
      liquid.forEach((x, s) => {
        const rows = x.rowUid.length;
        if (liquid.length === 1 && R === rows && C2 === x.n) {
          x.ema = result.value;
          x.emaPresent = result.present;
          return;
        }
        x.ema = new Float64Array(rows * x.n);
        x.emaPresent = new Uint8Array(rows * x.n);
        for (let r = 0; r < rows; r++) {
          const from = (s * R + r) * C2;
          x.ema.set(result.value.subarray(from, from + x.n), r * x.n);
          x.emaPresent.set(result.present.subarray(from, from + x.n), r * x.n);
        }
      });
    }
  }
  return prepared.map((x, i) => (x === null ? packOutput(runEpoch(unpackInput(inputs[i]))) : finish(x)));
}

/** Whether an input runs on the number path (otherwise the batch hands it to the reference). */
export function onNumberPath(input: EpochInput): boolean {
  return prepare(packInput(input)) !== null;
}

/** Run a batch of epochs with the given stage kernels; outputs in input order. */
export async function runEpochBatch(inputs: readonly EpochInput[], kernels: StageKernels): Promise<EpochOutput[]> {
  return (await runPackedBatch(inputs.map(packInput), kernels)).map(unpackOutput);
}
