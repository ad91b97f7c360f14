/**
 * A local Bittensor for a project's Hardhat tests, in one call:
 *
 * ```ts
 * import { loadSubnetLayer } from "subnet-layer/testing";
 * const layer = await loadSubnetLayer({ subnets: 2, validators: 4, miners: 12 });
 * await layer.settleEpochs(2); // through the project's own oracle: Yuma, attest, settle
 * ```
 *
 * The layer is deployed on the Hardhat network with genesis TAO for every configured account,
 * subnets registered and started, validators staked and miners registered, and an oracle node with
 * an in-memory bonds store. Like hardhat-network-helpers' `loadFixture`, the first call per set of
 * options deploys and takes an EVM snapshot; later calls revert to it (fast, and every test starts
 * from the same state).
 */
import type { Signer } from "ethers";
import { type SubnetLayer, deploySubnetLayer } from "../scripts/deploy";
import { type Neuron, type SubnetPopulation, fundedWallet, mine, mineTo, populateSubnet } from "../scripts/lib/local-network";
import { tao } from "../scripts/lib/units";
import { type BittensorEvm, DEFAULT_RESERVE_TAO, PRECOMPILE_ADDRESSES, placeBittensorEvm, recordMetagraphColumns } from "../scripts/lib/bittensor-evm";
import { type EpochResult, OracleNode } from "../oracle/node/oracle-node";
import { MemoryBondsStore } from "../oracle/store/bonds-store";
import type { Backend } from "../oracle/yuma";

export { PRECOMPILE_ADDRESSES, fundedWallet, mine, mineTo, recordMetagraphColumns, tao };
export type { BittensorEvm, Neuron, SubnetPopulation };

export interface LoadSubnetLayerOptions {
  /** Subnets registered and started (default 1). */
  subnets?: number;
  /** Validators per subnet, each staking on its own hotkey (default 4). */
  validators?: number;
  /** Miners per subnet (default 8). */
  miners?: number;
  /**
   * TAO each validator stakes, by validator index (default 1000, 900, 800, …, at least 100): the
   * validators hold most of the stake, as on real subnets, so consensus forms.
   */
  validatorStake?: (validator: number) => number;
  /**
   * The weight validator `v` gives miner `m` once it holds a permit (default: 1000 + 1000·m, the
   * same for every validator). `settleEpochs` sets these rows before each epoch.
   */
  weights?: (validator: number, miner: number) => number;
  /** TAO minted to each of the network's configured accounts (default 10 000). */
  genesisTao?: number;
  /** Yuma backend of the oracle (default "cpu": exact, and needs no GPU). */
  backend?: Backend;
  /**
   * Place the Bittensor EVM: subtensor's precompiles at their real addresses (StakingV2 at 0x…0805 and the
   * rest, docs/bittensor-evm.md) over this layer, every configured account and hotkey linked (default true).
   */
  bittensorEvm?: boolean;
}

/** The loaded layer: the contracts, who is who on each subnet, and the oracle that settles epochs. */
export interface LocalSubnetLayer extends SubnetLayer {
  /** Each subnet's netuid and neurons (UID 0 the owner, then validators, then miners). */
  subnets: SubnetPopulation[];
  /** The oracle node (a committee of one) that settles epochs. */
  oracle: OracleNode;
  /** The Bittensor EVM's key registry and native TAO converter (undefined with `bittensorEvm: false`). */
  bittensorEvm?: BittensorEvm;
  /**
   * Mines to each started subnet's next due block and runs the oracle until every subnet has `count`
   * more epochs settled; before each epoch, validators holding a permit set their weight rows.
   * Resolves to the settled epochs' results, in order.
   */
  settleEpochs(count?: number): Promise<EpochResult[]>;
  /** Every validator of `subnet` sets its row from the `weights` option (or `score`). */
  setWeights(subnet: SubnetPopulation, score?: (validator: number, miner: number) => number): Promise<void>;
}

interface Cached {
  snapshot: string;
  layer: LocalSubnetLayer;
  oracleSigner: Signer;
}

const cache = new Map<string, Cached>();

/** The Hardhat runtime of the calling project (loaded lazily: importing this module needs no Hardhat). */
function hardhat(): typeof import("hardhat") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("hardhat") as typeof import("hardhat");
}

/** Deploys (first call) or restores (later calls) a populated layer on the Hardhat network. */
export async function loadSubnetLayer(options: LoadSubnetLayerOptions = {}): Promise<LocalSubnetLayer> {
  const hre = hardhat();
  if (hre.network.name !== "hardhat") throw new Error(`loadSubnetLayer runs on the Hardhat network, not ${hre.network.name}`);
  const key = JSON.stringify({ ...options, validatorStake: options.validatorStake?.toString(), weights: options.weights?.toString() });
  const cached = cache.get(key);
  if (cached !== undefined && (await hre.network.provider.send("evm_revert", [cached.snapshot])) === true) {
    cached.snapshot = (await hre.network.provider.send("evm_snapshot", [])) as string;
    // A fresh oracle: its bonds store must match the chain it was reverted to (no epoch settled yet).
    cached.layer.oracle = newOracle(cached.layer, cached.oracleSigner, options.backend);
    return cached.layer;
  }
  const { layer, oracleSigner } = await build(hre, options);
  cache.set(key, { snapshot: (await hre.network.provider.send("evm_snapshot", [])) as string, layer, oracleSigner });
  return layer;
}

function newOracle(layer: SubnetLayer, signer: Signer, backend: Backend | undefined): OracleNode {
  return new OracleNode({
    signer,
    lens: layer.addresses.MetagraphLens,
    settlement: layer.addresses.EpochSettlement,
    store: new MemoryBondsStore(),
    backend: backend ?? "cpu",
  });
}

async function build(hre: typeof import("hardhat"), options: LoadSubnetLayerOptions): Promise<{ layer: LocalSubnetLayer; oracleSigner: Signer }> {
  const signers = await hre.ethers.getSigners();
  const deployer = signers[0];
  const genesisEach = tao(options.genesisTao ?? 10_000);
  const subnetCount = options.subnets ?? 1;
  const validators = options.validators ?? 4;
  const miners = options.miners ?? 8;
  const stakeOf = options.validatorStake ?? ((v: number) => Math.max(1000 - 100 * v, 100));
  const stakes = Array.from({ length: validators }, (_, v) => tao(stakeOf(v)));
  // The deployer also funds every neuron: locks, registrations and the validators' stakes.
  const perSubnet = tao(2_000) + stakes.reduce((a, b) => a + b, 0n) + tao(10) * BigInt(validators + miners);
  // And the Bittensor EVM's native TAO converter's ERC-20 reserve.
  const reserve = options.bittensorEvm === false ? 0n : DEFAULT_RESERVE_TAO;
  const genesis = signers.map((s, i) => ({ to: s.address, amount: genesisEach + (i === 0 ? perSubnet * BigInt(subnetCount) * 2n + reserve : 0n) }));
  const contracts = await deploySubnetLayer(deployer, { genesis, networkRateLimit: 0n, triumvirate: [deployer.address] });

  const oracleWallet = await fundedWallet(contracts);
  await (await contracts.settlement.setOracle(oracleWallet.address, true)).wait();
  const subnets: SubnetPopulation[] = [];
  for (let s = 0; s < subnetCount; s++) subnets.push(await populateSubnet(contracts, { validatorStakes: stakes, miners }));

  const evm = options.bittensorEvm === false ? undefined : await placeBittensorEvm(contracts, { link: signers.map((s) => s.address) });

  const score = options.weights ?? ((_v: number, m: number) => 1000 + 1000 * m);
  const layer: LocalSubnetLayer = {
    ...contracts,
    subnets,
    bittensorEvm: evm,
    oracle: newOracle(contracts, oracleWallet, options.backend),
    async setWeights(subnet, custom) {
      const rowScore = custom ?? score;
      const minerNeurons = subnet.neurons.filter((n) => n.role === "miner");
      const validatorNeurons = subnet.neurons.filter((n) => n.role === "validator");
      for (const [v, validator] of validatorNeurons.entries()) {
        const values = minerNeurons.map((_, m) => Math.min(65_535, Math.max(0, Math.round(rowScore(v, m)))));
        await (await contracts.weights.connect(validator.hotkey).setWeights(subnet.netuid, minerNeurons.map((m) => m.uid), values, 0)).wait();
      }
    },
    async settleEpochs(count = 1) {
      const settled: EpochResult[] = [];
      const started = subnets.map((s) => s.netuid);
      const target = new Map<number, bigint>();
      for (const netuid of started) target.set(netuid, (await contracts.coinbase.epochsSettled(netuid)) + BigInt(count));
      const weightsSetAt = new Map<number, bigint>();
      const done = async (netuid: number): Promise<boolean> => (await contracts.coinbase.epochsSettled(netuid)) >= target.get(netuid)!;
      for (let guard = 0; guard < count * started.length * 4 + 4; guard++) {
        const pending: number[] = [];
        for (const netuid of started) if (!(await done(netuid))) pending.push(netuid);
        if (pending.length === 0) return settled;
        for (const subnet of subnets.filter((s) => pending.includes(s.netuid))) {
          // Once per subnet and epoch (WeightsSetRateLimit), once the last epoch gave permits.
          const epoch = await contracts.coinbase.epochsSettled(subnet.netuid);
          if (weightsSetAt.get(subnet.netuid) === epoch) continue;
          const permitted = [...(await contracts.settlement.validatorPermits(subnet.netuid))];
          const validatorNeurons = subnet.neurons.filter((n) => n.role === "validator");
          if (validatorNeurons.some((n) => permitted[n.uid] === true)) {
            await layer.setWeights(subnet);
            weightsSetAt.set(subnet.netuid, epoch);
          }
        }
        const due = await Promise.all(pending.map((netuid) => contracts.coinbase.dueBlock(netuid)));
        await mineTo(due.reduce((a, b) => (a < b ? a : b)));
        for (const result of await layer.oracle.tick()) {
          if (result.outcome !== "settled") continue;
          settled.push(result);
          // The Metagraph precompile's per-UID columns answer for the epoch just settled.
          if (evm !== undefined) await recordMetagraphColumns(contracts, result.netuid, result.snapshotBlock);
        }
      }
      throw new Error(`settleEpochs(${count}) did not settle every subnet: see the oracle's results`);
    },
  };
  return { layer, oracleSigner: oracleWallet };
}
