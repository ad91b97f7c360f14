/**
 * `npm run demo`: two subnets (owner + 4 validators + 12 miners each) run 5 chained Yuma epochs
 * through the engine, and each epoch prints who earned what. Validators weight miners
 * differently, and one validator per subnet disagrees with the rest, so clipping and bonds show.
 *
 * This is the engine alone; the on-chain loop (contracts + oracle) builds on it.
 */
import { computeEpochs, type EpochInput, type EpochOutput, type U16SparseRow } from "../oracle/yuma";
import { activityCutoffBlocks } from "../oracle/yuma/io";
import { formatRao, formatTable } from "./lib/table";

const TEMPO = 360n;
const EPOCHS = 5;
const RAO_PER_EPOCH = 360n * 1_000_000_000n; // 1 alpha per block
const OWNER = 0;
const VALIDATORS = [1, 2, 3, 4];
const MINERS = Array.from({ length: 12 }, (_, k) => 5 + k);
const N = 1 + VALIDATORS.length + MINERS.length;

interface SubnetScenario {
  name: string;
  yuma3: boolean;
  /** Alpha stake (whole alpha) of owner and validators. */
  stakes: number[];
  /** Miner scores per validator (index into VALIDATORS); the last validator disagrees. */
  scores: (validator: number, miner: number) => number;
}

const SUBNETS: SubnetScenario[] = [
  {
    name: "subnet 1 (Yuma3 + liquid alpha)",
    yuma3: true,
    stakes: [1_000, 40_000, 25_000, 20_000, 15_000],
    // Honest validators agree that later miners are better; validator 4 favours miners 5..7.
    scores: (v, m) => (v === 3 ? (m < 3 ? 60_000 : 500) : 1_000 + m * 4_000 + v * 150),
  },
  {
    name: "subnet 2 (classic Yuma)",
    yuma3: false,
    stakes: [500, 10_000, 30_000, 30_000, 5_000],
    scores: (v, m) => (v === 3 ? (m === 11 ? 65_535 : 0) : ((m * 7 + v * 3) % 12) * 5_000 + 5_000),
  },
];

function role(uid: number): string {
  return uid === OWNER ? "owner" : VALIDATORS.includes(uid) ? "validator" : "miner";
}

/** The epoch input of a subnet at `block`, carrying bonds and permits from the previous epoch. */
function epochInput(s: SubnetScenario, block: bigint, previous: EpochOutput | null, lastStep: bigint): EpochInput {
  const weights: U16SparseRow[] = Array.from({ length: N }, (_, uid) => {
    const v = VALIDATORS.indexOf(uid);
    if (v < 0) return [];
    const raw = MINERS.map((_, k) => s.scores(v, k));
    const max = Math.max(...raw);
    return MINERS.map((m, k) => [m, Math.round((raw[k] * 65535) / max)] as const);
  });
  return {
    currentBlock: block,
    raoEmission: RAO_PER_EPOCH,
    ownerUid: OWNER,
    lastMechanismStepBlock: lastStep,
    hyperparameters: {
      tempo: TEMPO,
      activityCutoffFactorMilli: 13_889,
      activityCutoffBlocks: activityCutoffBlocks(13_889, TEMPO),
      kappa: 32_767,
      bondsPenalty: 65_535,
      bondsMovingAverage: 900_000n,
      maxAllowedValidators: 64,
      stakeThreshold: 0n,
      yuma3Enabled: s.yuma3,
      liquidAlphaEnabled: s.yuma3,
      alphaValues: [45_875, 58_982],
      alphaSigmoidSteepness: 1_000,
      taoWeight: 0n,
      commitRevealEnabled: false,
    },
    alphaStake: Array.from({ length: N }, (_, uid) => BigInt(s.stakes[uid] ?? 0) * 1_000_000_000n),
    taoStake: Array.from({ length: N }, () => 0n),
    validatorPermit: previous?.newValidatorPermits ?? Array.from({ length: N }, () => false),
    weights,
    bonds: previous?.bonds ?? Array.from({ length: N }, () => []),
    lastUpdate: Array.from({ length: N }, (_, uid) => (VALIDATORS.includes(uid) ? block - 1n : 1n)),
    blockAtRegistration: Array.from({ length: N }, () => 1n),
    commitBlocks: null,
  };
}

const u16pct = (x: number): string => ((x / 65535) * 100).toFixed(2);

async function main(): Promise<void> {
  let previous: (EpochOutput | null)[] = SUBNETS.map(() => null);
  let lastStep = 0n;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const block = BigInt(epoch) * TEMPO + 1n;
    const inputs = SUBNETS.map((s, i) => epochInput(s, block, previous[i], lastStep));
    const outputs = await computeEpochs(inputs, { backend: "reference" });
    outputs.forEach((out, i) => {
      const s = SUBNETS[i];
      console.log(`\nEpoch ${epoch}, block ${block}: ${s.name}`);
      const rows = out.emission.map((_, uid) => [
        uid,
        role(uid) + (uid === VALIDATORS[3] ? " (dissents)" : ""),
        (s.stakes[uid] ?? 0).toLocaleString("en-US"),
        u16pct(out.consensus[uid]),
        u16pct(out.incentive[uid]),
        u16pct(out.dividends[uid]),
        formatRao(out.serverEmission[uid] + out.validatorEmission[uid]),
      ]);
      console.log(formatTable(["uid", "role", "stake α", "consensus %", "incentive %", "dividends %", "α paid"], rows));
    });
    previous = outputs;
    lastStep = block;
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
