/**
 * Deploys the whole protocol and wires its permissions. Contracts reference each other through
 * immutable addresses, so the deployment predicts every address from the deployer's nonce first.
 * Every privileged function is assigned a role in the one ProtocolAccessManager; its admin is the
 * deployer until governance takes it over.
 */
import type { Interface, Signer } from "ethers";
import { ethers } from "hardhat";
import {
  ICoinbase__factory,
  IEpochSettlement__factory,
  IStaking__factory,
  ISubnetOwnerAdmin__factory,
  ISubnetRegistry__factory,
  IWeights__factory,
  MetagraphLens__factory,
  ISenate__factory,
  ITriumvirate__factory,
  ProtocolAccessManager__factory,
  Tao__factory,
  TimelockController__factory,
} from "../typechain-types";
import type {
  ICoinbase,
  IEpochSettlement,
  IStaking,
  ISubnetOwnerAdmin,
  ISubnetRegistry,
  IWeights,
  MetagraphLens,
  ISenate,
  ITriumvirate,
  ProtocolAccessManager,
  Tao,
  TimelockController,
} from "../typechain-types";

/** Roles of the ProtocolAccessManager (0 is OpenZeppelin's ADMIN_ROLE). */
export const ROLES = {
  ADMIN: 0n,
  COINBASE: 1n,
  REGISTRY: 2n,
  SETTLEMENT: 3n,
  /**
   * May call the registry's per-subnet parameter setters (setHyperparameters, setRegistrationParameters):
   * SubnetOwnerAdmin (the owners' path) and governance (the deployer, the manager's admin, until it
   * hands over; an admin can always grant it to itself).
   */
  HYPERPARAMETER_SETTER: 4n,
} as const;

/** Deployment order; each name is a contract in contracts/ (the three libraries before it: SubnetRegistry links them). */
const ORDER = [
  "ProtocolAccessManager",
  "Tao",
  "Staking",
  "NeuronPruning",
  "NetworkRegistration",
  "SubnetParameterBounds",
  "SubnetRegistry",
  "Coinbase",
  "Weights",
  "EpochSettlement",
  "MetagraphLens",
  "SubnetOwnerAdmin",
  "TimelockController",
  "Triumvirate",
  "Senate",
] as const;
type Name = (typeof ORDER)[number];

export type SubnetLayerAddresses = Record<Name, string>;

/** The deployed protocol, each contract seen through its interface and connected to a signer. */
export interface SubnetLayer {
  deployer: Signer;
  addresses: SubnetLayerAddresses;
  accessManager: ProtocolAccessManager;
  tao: Tao;
  staking: IStaking;
  registry: ISubnetRegistry;
  coinbase: ICoinbase;
  weights: IWeights;
  settlement: IEpochSettlement;
  lens: MetagraphLens;
  ownerAdmin: ISubnetOwnerAdmin;
  /** Governance (issue "Governance"): the proposing house, the voting house, and the timelock that executes. */
  triumvirate: ITriumvirate;
  senate: ISenate;
  timelock: TimelockController;
}

/** Handles on an already deployed protocol, as `runner` (a signer or provider). */
export function connectSubnetLayer(addresses: SubnetLayerAddresses, runner: Signer): SubnetLayer {
  return {
    deployer: runner,
    addresses,
    accessManager: ProtocolAccessManager__factory.connect(addresses.ProtocolAccessManager, runner),
    tao: Tao__factory.connect(addresses.Tao, runner),
    staking: IStaking__factory.connect(addresses.Staking, runner),
    registry: ISubnetRegistry__factory.connect(addresses.SubnetRegistry, runner),
    coinbase: ICoinbase__factory.connect(addresses.Coinbase, runner),
    weights: IWeights__factory.connect(addresses.Weights, runner),
    settlement: IEpochSettlement__factory.connect(addresses.EpochSettlement, runner),
    lens: MetagraphLens__factory.connect(addresses.MetagraphLens, runner),
    ownerAdmin: ISubnetOwnerAdmin__factory.connect(addresses.SubnetOwnerAdmin, runner),
    triumvirate: ITriumvirate__factory.connect(addresses.Triumvirate, runner),
    senate: ISenate__factory.connect(addresses.Senate, runner),
    timelock: TimelockController__factory.connect(addresses.TimelockController, runner),
  };
}

export interface DeployOptions {
  /** Receives swap fees (default: the deployer). */
  feeRecipient?: string;
  /** Print each address as it is deployed. */
  log?: (line: string) => void;
  /**
   * Local chains only: TAO minted to these accounts at deployment (a dev chain's prefunded
   * accounts). The deployer holds the mint role just for this and renounces it afterwards.
   */
  genesis?: Array<{ to: string; amount: bigint }>;
  /**
   * Local chains only: the `NetworkRateLimit` the deployer (admin) sets after deployment, e.g. 0 for a
   * demo that registers several subnets at once. Default: the contract's (28 800 blocks).
   */
  networkRateLimit?: bigint;
  /** The founding Triumvirate members (at most 3; default none: governance then adds them by motion, which needs one). */
  triumvirate?: string[];
  /** The timelock's delay between a motion's approval and its execution, in seconds (default {@link DEFAULT_TIMELOCK_DELAY}). */
  timelockDelay?: bigint;
}

/** Two days, the delay of an approved motion before it can execute (OpenZeppelin's documented example). */
export const DEFAULT_TIMELOCK_DELAY = 172_800n;

/**
 * Which role may call which function of which contract (names resolved against the compiled ABIs).
 * A `restricted` function not listed here keeps the AccessManager's default, ADMIN_ROLE: governance
 * (e.g. Coinbase.setSubnetEmissionEnabled, EpochSettlement.setOracle, SubnetRegistry.setNetworkRateLimit,
 * SubnetRegistry.dissolveNetwork, SubnetOwnerAdmin.setOwnerHyperparamRateLimit).
 */
const PERMISSIONS: Array<{ contract: keyof typeof INTERFACES; functions: string[]; role: bigint }> = [
  { contract: "Tao", functions: ["mint"], role: ROLES.COINBASE },
  { contract: "Staking", functions: ["inject", "protocolBuy"], role: ROLES.COINBASE },
  { contract: "Staking", functions: ["createPool", "buyAndRecycle", "dissolve"], role: ROLES.REGISTRY },
  { contract: "Coinbase", functions: ["addSubnet", "setTempo", "removeSubnet"], role: ROLES.REGISTRY },
  { contract: "Weights", functions: ["clearNeuron"], role: ROLES.REGISTRY },
  { contract: "EpochSettlement", functions: ["clearNeuron"], role: ROLES.REGISTRY },
  { contract: "Staking", functions: ["creditRootDividends", "pay"], role: ROLES.SETTLEMENT },
  { contract: "Coinbase", functions: ["drain", "recordMinerBurned"], role: ROLES.SETTLEMENT },
  { contract: "SubnetRegistry", functions: ["setHyperparameters", "setRegistrationParameters"], role: ROLES.HYPERPARAMETER_SETTER },
];

const INTERFACES = {
  Tao: Tao__factory.createInterface(),
  Staking: IStaking__factory.createInterface(),
  Coinbase: ICoinbase__factory.createInterface(),
  Weights: IWeights__factory.createInterface(),
  EpochSettlement: IEpochSettlement__factory.createInterface(),
  SubnetRegistry: ISubnetRegistry__factory.createInterface(),
};

/** The selector of `name` on `contract`; throws if the ABI has no such function. */
function selector(contract: keyof typeof INTERFACES, name: string): string {
  const fragment = (INTERFACES[contract] as Interface).getFunction(name);
  if (fragment === null) throw new Error(`${contract} has no function ${name}`);
  return fragment.selector;
}

/** Deploy the protocol from `deployer` (default: the first signer) and grant its roles. */
export async function deploySubnetLayer(deployer?: Signer, options: DeployOptions = {}): Promise<SubnetLayer> {
  const signer = deployer ?? (await ethers.getSigners())[0];
  const from = await signer.getAddress();
  const nonce = await signer.getNonce();
  const addresses = Object.fromEntries(
    ORDER.map((name, i) => [name, ethers.getCreateAddress({ from, nonce: nonce + i })]),
  ) as SubnetLayerAddresses;
  const a = addresses;
  const args: Record<Name, unknown[]> = {
    ProtocolAccessManager: [from],
    Tao: [a.ProtocolAccessManager],
    Staking: [a.ProtocolAccessManager, a.Tao, a.SubnetRegistry, options.feeRecipient ?? from],
    NeuronPruning: [],
    NetworkRegistration: [],
    SubnetParameterBounds: [],
    SubnetRegistry: [a.ProtocolAccessManager, a.Tao, a.Staking, a.Coinbase, a.Weights, a.EpochSettlement],
    Coinbase: [a.ProtocolAccessManager, a.Tao, a.SubnetRegistry, a.Staking],
    Weights: [a.ProtocolAccessManager, a.SubnetRegistry, a.EpochSettlement],
    EpochSettlement: [a.ProtocolAccessManager, a.SubnetRegistry, a.Staking, a.Coinbase],
    MetagraphLens: [a.SubnetRegistry, a.Staking, a.Coinbase, a.Weights, a.EpochSettlement],
    SubnetOwnerAdmin: [a.ProtocolAccessManager, a.SubnetRegistry, a.Coinbase],
    // The Senate alone schedules and executes; no admin: the timelock administers itself (its delay
    // changes only through a motion that calls its own updateDelay).
    TimelockController: [options.timelockDelay ?? DEFAULT_TIMELOCK_DELAY, [a.Senate], [a.Senate], ethers.ZeroAddress],
    Triumvirate: [a.ProtocolAccessManager, options.triumvirate ?? []],
    Senate: [a.ProtocolAccessManager, a.SubnetRegistry, a.Staking, a.Triumvirate, a.TimelockController],
  };
  for (const name of ORDER) {
    const libraries =
      name === "SubnetRegistry"
        ? { NeuronPruning: a.NeuronPruning, NetworkRegistration: a.NetworkRegistration, SubnetParameterBounds: a.SubnetParameterBounds }
        : undefined;
    const contract = await ethers.deployContract(name, args[name], { signer, libraries });
    await contract.waitForDeployment();
    const at = await contract.getAddress();
    if (at !== addresses[name]) throw new Error(`${name} deployed at ${at}, expected ${addresses[name]}: nonce moved during deployment`);
    options.log?.(`${name.padEnd(22)} ${at}`);
  }

  const layer = connectSubnetLayer(addresses, signer);
  const manager = layer.accessManager;
  for (const { contract, functions, role } of PERMISSIONS) {
    const selectors = functions.map((f) => selector(contract, f));
    await (await manager.setTargetFunctionRole(addresses[contract], selectors, role)).wait();
  }
  await (await manager.grantRole(ROLES.COINBASE, addresses.Coinbase, 0)).wait();
  await (await manager.grantRole(ROLES.REGISTRY, addresses.SubnetRegistry, 0)).wait();
  await (await manager.grantRole(ROLES.SETTLEMENT, addresses.EpochSettlement, 0)).wait();
  await (await manager.grantRole(ROLES.HYPERPARAMETER_SETTER, addresses.SubnetOwnerAdmin, 0)).wait();
  await (await manager.grantRole(ROLES.HYPERPARAMETER_SETTER, from, 0)).wait();
  if (options.networkRateLimit !== undefined) await (await layer.registry.setNetworkRateLimit(options.networkRateLimit)).wait();
  if (options.genesis?.length) {
    await (await manager.grantRole(ROLES.COINBASE, from, 0)).wait();
    for (const { to, amount } of options.genesis) await (await layer.tao.mint(to, amount)).wait();
    await (await manager.renounceRole(ROLES.COINBASE, from)).wait();
  }

  return layer;
}

/**
 * Hands every right the deployer holds over to governance, for good (issue "Governance" item 5): the
 * timelock becomes the AccessManager's admin and a hyperparameter setter, then the deployer renounces
 * both. From then on every privileged function (global parameters, the oracle committee, fees, emission
 * switches, both houses' rules) changes only through a Senate motion executed by the timelock.
 */
export async function handOverToGovernance(layer: Pick<SubnetLayer, "accessManager" | "deployer" | "addresses">): Promise<void> {
  const manager = layer.accessManager;
  const from = await layer.deployer.getAddress();
  const timelock = layer.addresses.TimelockController;
  for (const role of [ROLES.HYPERPARAMETER_SETTER, ROLES.ADMIN]) {
    await (await manager.grantRole(role, timelock, 0)).wait();
  }
  // Admin last: renouncing it first would leave the deployer unable to finish.
  for (const role of [ROLES.HYPERPARAMETER_SETTER, ROLES.ADMIN]) {
    await (await manager.renounceRole(role, from)).wait();
  }
}
