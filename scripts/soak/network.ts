/**
 * The chain the committee works on: the protocol deployed from Hardhat's account 0 over JSON-RPC, the
 * committee registered with its threshold, and S subnets (owner, validators of differing stakes,
 * miners) with a short tempo. Validators weight the miners again every few settled epochs so they stay
 * active (their permits come from the previous epoch, so the first row waits for the first settlement;
 * WeightsSetRateLimit is 0 here, and the activity cutoff is several tempos).
 */
import { Contract, Interface, JsonRpcProvider, Wallet, parseEther } from "ethers";
import { type SubnetLayer, deploySubnetLayer } from "../deploy";
import { plainHyperparameters } from "../lib/hyperparameters";
import { type DevChain, type SubnetPopulation, populateSubnet, rpcChain, tao } from "../lib/local-network";
import { abiOf, failureName } from "./abi";
import { hardhatAccount } from "./accounts";

export interface NetworkSpec {
  subnets: number;
  validators: number;
  miners: number;
  /** Blocks per epoch. */
  tempo: number;
  /** The activity cutoff in thousandths of a tempo (1 000..50 000). */
  activityCutoffFactorMilli: number;
  oracles: readonly string[];
  threshold: number;
  /** EpochSettlement.setRoundTimeout, if the deployed settlement has it. */
  roundTimeout?: number;
  log?: (line: string) => void;
}

export interface LocalNetwork {
  layer: SubnetLayer;
  chain: DevChain;
  subnets: SubnetPopulation[];
  /** The settlement's ABI as compiled now (events and functions the harness reads). */
  settlementAbi: Interface;
  /** The round timeout in force (undefined: the settlement has no rounds). */
  roundTimeout?: number;
  /** The block after which the committee's epochs count (setup is done). */
  setupBlock: number;
}

/** TAO each validator stakes, by index: differing stakes, the first the largest. */
export function validatorStakes(count: number): bigint[] {
  return Array.from({ length: count }, (_, v) => tao(400 - 70 * Math.min(v, 5)));
}

/** Validator v's weight on miner m: all agree on the ranking, the last validator a little less (consensus forms). */
export function minerScore(v: number, m: number, validators: number): number {
  return v === validators - 1 && validators > 2 ? 2_000 + ((m * 7) % 5) * 3_000 : 1_000 + m * 4_000 + v * 150;
}

export async function setUpNetwork(provider: JsonRpcProvider, spec: NetworkSpec): Promise<LocalNetwork> {
  const log = spec.log ?? (() => undefined);
  const chain = rpcChain(provider);
  const deployer = hardhatAccount(0).connect(provider);
  for (const oracle of spec.oracles) await chain.send("hardhat_setBalance", [oracle, `0x${parseEther("10000").toString(16)}`]);
  // Network locks double per subnet from 100 TAO; stakes and burns come on top.
  const genesis = tao(Math.min(20_000_000, 300 * 2 ** spec.subnets + 10_000 * spec.subnets));
  const layer = await deploySubnetLayer(deployer, {
    genesis: [{ to: deployer.address, amount: genesis }],
    networkRateLimit: 0n,
    oracles: [...spec.oracles],
    oracleThreshold: spec.threshold,
  });
  log(`deployed: settlement ${layer.addresses.EpochSettlement}, lens ${layer.addresses.MetagraphLens}`);
  const settlementAbi = abiOf("EpochSettlement");
  let roundTimeout: number | undefined;
  if (settlementAbi.getFunction("roundTimeout") !== null) {
    const settlement = new Contract(layer.addresses.EpochSettlement, settlementAbi, deployer);
    if (spec.roundTimeout !== undefined) await (await settlement.getFunction("setRoundTimeout")(spec.roundTimeout)).wait();
    roundTimeout = Number(await settlement.getFunction("roundTimeout")());
  }

  const subnets: SubnetPopulation[] = [];
  const stakes = validatorStakes(spec.validators);
  for (let s = 0; s < spec.subnets; s++) {
    subnets.push(await populateSubnet(layer, { validatorStakes: stakes, miners: spec.miners }, chain));
    log(`subnet ${subnets[s].netuid}: ${spec.validators} validators, ${spec.miners} miners`);
  }
  // Short tempos last, all together: a tempo change restarts the subnet's epoch cycle at its block, so no
  // epoch falls due during setup. The subnets' cycles are spread over one tempo (empty blocks between the
  // changes), as on a chain whose subnets started at different times.
  const gap = Math.max(0, Math.floor(spec.tempo / spec.subnets) - 1);
  for (const population of subnets) {
    // The deployer holds HYPERPARAMETER_SETTER (no hand-over to governance here).
    const params = plainHyperparameters(await layer.registry.hyperparameters(population.netuid));
    await (
      await layer.registry.setHyperparameters(population.netuid, {
        ...params,
        tempo: spec.tempo,
        activityCutoffFactorMilli: spec.activityCutoffFactorMilli,
        weightsSetRateLimit: 0,
      })
    ).wait();
    for (let b = 0; b < gap; b++) await chain.send("evm_mine", []);
  }
  log(`tempo ${spec.tempo} on every subnet, cycles ${gap + 1} blocks apart`);
  return { layer, chain, subnets, settlementAbi, roundTimeout, setupBlock: await provider.getBlockNumber() };
}

/**
 * Sets every permitted validator's weights again once a subnet has settled `everyEpochs` more epochs,
 * so validators stay active; one pass per call, failures counted (a lost race with the epoch is fine:
 * the next pass retries).
 */
export class WeightKeeper {
  private readonly setAt = new Map<number, bigint>();
  readonly stats = { rows: 0, refused: 0, refusals: new Map<string, number>() };

  constructor(
    private readonly network: LocalNetwork,
    private readonly everyEpochs: number,
  ) {}

  async step(): Promise<void> {
    const { layer, subnets } = this.network;
    for (const subnet of subnets) {
      const settled = await layer.coinbase.epochsSettled(subnet.netuid);
      const last = this.setAt.get(subnet.netuid);
      if (settled === 0n || (last !== undefined && settled < last + BigInt(this.everyEpochs))) continue;
      const validators = subnet.neurons.filter((n) => n.role === "validator");
      const miners = subnet.neurons.filter((n) => n.role === "miner");
      for (const [v, validator] of validators.entries()) {
        if (!(await layer.settlement.hasValidatorPermit(subnet.netuid, validator.uid))) continue;
        const values = miners.map((_, m) => minerScore(v, m, validators.length));
        try {
          await (await layer.weights.connect(validator.hotkey as Wallet).setWeights(subnet.netuid, miners.map((m) => m.uid), values, 0)).wait();
          this.stats.rows++;
        } catch (e) {
          this.stats.refused++;
          const name = failureName(e);
          this.stats.refusals.set(name, (this.stats.refusals.get(name) ?? 0) + 1);
        }
      }
      this.setAt.set(subnet.netuid, settled);
    }
  }
}
