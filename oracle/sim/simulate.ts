/**
 * The Yuma simulator: a scenario run for K epochs under each of its variants, batched: every epoch
 * is ONE `computeEpochs` call with one input per variant, so all variants advance together (and a
 * batched backend computes them side by side). Each variant is its own chain: its bonds, permits,
 * stored weights and last_update carry from its own previous epoch.
 *
 * Chain model (what `buildEpochInput` writes):
 * - uids: validators 0..V−1 (permitted at the start), then miners V..V+M−1;
 * - epoch k fires at block START_BLOCK + (k+1)·tempo; `lastMechanismStepBlock` is the previous
 *   epoch's block (0 before the first epoch, as on a fresh subnet);
 * - everyone registered at GENESIS_BLOCK, except miners named in `miner_registrations`: those
 *   register right after epoch k−1 (block of epoch k−1 + 1), so epoch k masks their bond column
 *   (docs/spec/yuma.md §7.2) while the weights set at epoch k already count (§3.5 outdated mask);
 * - a validator that submits weights at epoch k does so at the epoch's block (last_update = block);
 *   one that submits nothing keeps its stored row and its old last_update;
 * - stake is alpha only, held fixed (emissions are not restaked, so runs compare rules, not
 *   compounding); no TAO weight, no stake threshold, no commit-reveal.
 */
import { Backend, EpochInput, ResolvedBackend, U16SparseRow, chooseBackend, computeEpochs } from "../yuma";
import { activityCutoffBlocks } from "../yuma/io";
import { vecU16MaxUpscaleToU16 } from "../yuma/math";
import { MinerWeights, Scenario, VariantSpec } from "./scenario";

/** Block the subnet's history starts at: every uid not registered later registered here. */
export const GENESIS_BLOCK = 1n;
/** Blocks before epoch 0's tempo starts, so no block computation reaches 0 (which means "never"). */
export const START_BLOCK = 1000n;

export interface SimulateOptions {
  /** Engine backend; default "reference". */
  readonly backend?: Backend;
  /** Progress: called after each epoch with (epochs done, total). */
  readonly onEpoch?: (done: number, total: number) => void;
  /** Sees each epoch's batch (one input per variant) before it runs; for tests and debugging. */
  readonly onInputs?: (epoch: number, inputs: readonly EpochInput[]) => void;
}

export interface UidInfo {
  readonly uid: number;
  readonly name: string;
  readonly role: "validator" | "miner";
  readonly stakeRao: bigint;
  readonly registrationBlock: bigint;
}

/** One epoch of one variant: what the chain would store (u16 proportions, rows) and pay (rao). */
export interface EpochRecord {
  readonly epoch: number;
  readonly block: bigint;
  /** Stored weight rows per uid as the epoch read them. */
  readonly weights: readonly U16SparseRow[];
  readonly active: readonly boolean[];
  readonly consensus: readonly number[];
  readonly incentive: readonly number[];
  readonly dividends: readonly number[];
  readonly validatorTrust: readonly number[];
  /** Bond rows stored by this epoch (the next epoch's input). */
  readonly bonds: readonly U16SparseRow[];
  readonly validatorPermit: readonly boolean[];
  readonly serverEmission: readonly bigint[];
  readonly validatorEmission: readonly bigint[];
}

export interface VariantResult {
  readonly spec: VariantSpec;
  readonly epochs: readonly EpochRecord[];
  /** Per uid: Σ validator emission over all epochs (rao) — the dividends validators compare. */
  readonly cumulativeValidatorEmission: readonly bigint[];
  /** Per uid: Σ server (miner) emission over all epochs (rao). */
  readonly cumulativeServerEmission: readonly bigint[];
}

export interface SimulationResult {
  readonly scenario: Scenario;
  /** The backend that ran (what `auto`, or an unavailable `webgpu`, resolved to). */
  readonly backend: ResolvedBackend;
  readonly uids: readonly UidInfo[];
  readonly variants: readonly VariantResult[];
}

/** What one variant's chain remembers between two epochs. */
export interface ChainState {
  readonly weights: readonly U16SparseRow[];
  readonly lastUpdate: readonly bigint[];
  readonly bonds: readonly U16SparseRow[];
  readonly validatorPermit: readonly boolean[];
  /** Block of the last epoch, 0 before the first. */
  readonly lastStepBlock: bigint;
}

/** The block epoch k fires at. */
export function epochBlock(scenario: Scenario, epoch: number): bigint {
  return START_BLOCK + BigInt(epoch + 1) * BigInt(scenario.tempo);
}

/** The uid table: validators first, then miners, with each uid's registration block. */
export function uidLayout(scenario: Scenario): UidInfo[] {
  const v = scenario.validators.length;
  return [
    ...scenario.validators.map((s, i): UidInfo => ({ uid: i, name: s.name, role: "validator", stakeRao: s.stakeRao, registrationBlock: GENESIS_BLOCK })),
    ...scenario.miners.map(
      (m, j): UidInfo => ({
        uid: v + j,
        name: m.name,
        role: "miner",
        stakeRao: 0n,
        registrationBlock: m.registrationEpoch === null ? GENESIS_BLOCK : epochBlock(scenario, m.registrationEpoch - 1) + 1n,
      }),
    ),
  ];
}

/** The chain before epoch 0: no weights, no bonds, permits for the validators. */
export function initialState(scenario: Scenario): ChainState {
  const uids = uidLayout(scenario);
  return {
    weights: uids.map(() => []),
    lastUpdate: uids.map((u) => u.registrationBlock),
    bonds: uids.map(() => []),
    validatorPermit: uids.map((u) => u.role === "validator"),
    lastStepBlock: 0n,
  };
}

const toUidRow = (weights: MinerWeights, validators: number): U16SparseRow => weights.map(([j, w]) => [validators + j, w] as const);

/**
 * The row validator `index` submits at `epoch` (uids, stored u16), or null if it submits nothing.
 * `history` is this variant's earlier epochs; copying behaviours read only the past.
 */
export function submittedWeights(scenario: Scenario, index: number, epoch: number, history: readonly EpochRecord[]): U16SparseRow | null {
  const v = scenario.validators.length;
  const b = scenario.validators[index].behaviour;
  let row: U16SparseRow;
  switch (b.type) {
    case "fixed":
      row = toUidRow(b.weights, v);
      break;
    case "schedule": {
      const current = b.changes.filter((c) => c.epoch <= epoch).at(-1);
      row = current ? toUidRow(current.weights, v) : [];
      break;
    }
    case "moves_to":
      row = toUidRow(epoch < b.epoch ? b.from : b.to, v);
      break;
    case "copies_consensus": {
      if (epoch < b.lag) {
        row = toUidRow(b.initial, v);
        break;
      }
      // The miners' consensus as a weight vector, max-upscaled as set_weights stores it.
      const consensus = history[epoch - b.lag].consensus.slice(v);
      const stored = vecU16MaxUpscaleToU16(consensus);
      row = stored.map((w, j) => [v + j, w] as const).filter(([, w]) => w > 0);
      break;
    }
    case "late":
      row = epoch < b.delay ? toUidRow(b.initial, v) : history[epoch - b.delay].weights[b.like];
      break;
  }
  return row.length > 0 ? row : null;
}

/** The state after the validators' submissions at `epoch`: new rows stored, last_update moved to the block. */
export function applySubmissions(state: ChainState, submissions: ReadonlyArray<U16SparseRow | null>, block: bigint): ChainState {
  return {
    ...state,
    weights: state.weights.map((row, uid) => submissions[uid] ?? row),
    lastUpdate: state.lastUpdate.map((lu, uid) => (submissions[uid] ? block : lu)),
  };
}

/** The epoch input of one variant at `epoch`, from that variant's chain state (weights already submitted). */
export function buildEpochInput(scenario: Scenario, variant: VariantSpec, epoch: number, state: ChainState): EpochInput {
  const uids = uidLayout(scenario);
  const tempo = BigInt(scenario.tempo);
  return {
    currentBlock: epochBlock(scenario, epoch),
    raoEmission: scenario.emissionRaoPerEpoch,
    ownerUid: scenario.owner,
    lastMechanismStepBlock: state.lastStepBlock,
    hyperparameters: {
      tempo,
      activityCutoffFactorMilli: variant.activityCutoffFactorMilli,
      activityCutoffBlocks: activityCutoffBlocks(variant.activityCutoffFactorMilli, tempo),
      kappa: variant.kappa,
      bondsPenalty: variant.bondsPenalty,
      bondsMovingAverage: variant.bondsMovingAverage,
      maxAllowedValidators: scenario.maxAllowedValidators,
      stakeThreshold: 0n,
      yuma3Enabled: variant.yuma3,
      liquidAlphaEnabled: variant.liquidAlpha,
      alphaValues: variant.alphaValues,
      alphaSigmoidSteepness: variant.alphaSigmoidSteepness,
      taoWeight: 0n,
      commitRevealEnabled: false,
    },
    alphaStake: uids.map((u) => u.stakeRao),
    taoStake: uids.map(() => 0n),
    validatorPermit: state.validatorPermit,
    weights: state.weights,
    bonds: state.bonds,
    lastUpdate: state.lastUpdate,
    blockAtRegistration: uids.map((u) => u.registrationBlock),
    commitBlocks: null,
  };
}

/** Run the scenario: K epochs, each one batched call over all variants. Deterministic. */
export async function simulate(scenario: Scenario, options: SimulateOptions = {}): Promise<SimulationResult> {
  const requested: Backend = options.backend ?? "reference";
  const { backend } = await chooseBackend(requested);
  const uids = uidLayout(scenario);
  const variants = scenario.variants;
  let states = variants.map(() => initialState(scenario));
  const histories: EpochRecord[][] = variants.map(() => []);

  for (let epoch = 0; epoch < scenario.epochs; epoch++) {
    const block = epochBlock(scenario, epoch);
    states = states.map((state, v) => {
      const submissions = uids.map((u) => (u.role === "validator" ? submittedWeights(scenario, u.uid, epoch, histories[v]) : null));
      return applySubmissions(state, submissions, block);
    });
    const inputs = variants.map((spec, v) => buildEpochInput(scenario, spec, epoch, states[v]));
    options.onInputs?.(epoch, inputs);
    const outputs = await computeEpochs(inputs, { backend: requested });
    states = states.map((state, v) => ({ ...state, bonds: outputs[v].bonds, validatorPermit: outputs[v].newValidatorPermits, lastStepBlock: block }));
    outputs.forEach((out, v) =>
      histories[v].push({
        epoch,
        block,
        weights: inputs[v].weights,
        active: out.active,
        consensus: out.consensus,
        incentive: out.incentive,
        dividends: out.dividends,
        validatorTrust: out.validatorTrust,
        bonds: out.bonds,
        validatorPermit: out.newValidatorPermits,
        serverEmission: out.serverEmission,
        validatorEmission: out.validatorEmission,
      }),
    );
    options.onEpoch?.(epoch + 1, scenario.epochs);
  }

  const total = (records: readonly EpochRecord[], pick: (r: EpochRecord) => readonly bigint[]): bigint[] =>
    uids.map((u) => records.reduce((s, r) => s + pick(r)[u.uid], 0n));
  return {
    scenario,
    backend,
    uids,
    variants: variants.map((spec, v) => ({
      spec,
      epochs: histories[v],
      cumulativeValidatorEmission: total(histories[v], (r) => r.validatorEmission),
      cumulativeServerEmission: total(histories[v], (r) => r.serverEmission),
    })),
  };
}
