/**
 * Deploys the whole protocol and wires its permissions. Contracts reference each other through
 * immutable addresses, so the deployment predicts every address from the deployer's nonce first.
 * Every privileged function is assigned a role in the one ProtocolAccessManager; its admin is the
 * deployer until governance takes it over.
 *
 * Nothing here needs Hardhat: the bytecode comes from the artifacts shipped with the package
 * (scripts/lib/artifacts.ts), so any ethers v6 signer on any EVM chain (Cancun or later) can deploy.
 */
import { Contract, ContractFactory, ZeroAddress, getCreateAddress } from "ethers";
import type { ContractTransactionResponse } from "ethers";
import type { Interface, Signer } from "ethers";
import { type ArtifactName, linkBytecode, readArtifact } from "./lib/artifacts";
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
type Name = (typeof ORDER)[number] & ArtifactName;

/** The contracts of a deployment, in the order they are deployed. */
export const CONTRACT_NAMES: readonly Name[] = ORDER;

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
  /** The oracle committee: nodes allowed to attest and settle epochs (default none; governance adds them). */
  oracles?: string[];
  /** Attestations a report needs before it settles (default the contract's, 1). */
  oracleThreshold?: number;
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
  { contract: "Coinbase", functions: ["drain", "recordMinerBurned", "recordUndistributed"], role: ROLES.SETTLEMENT },
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

/** One transaction of the wiring that follows the contracts' deployment. */
export interface WiringCall {
  contract: "ProtocolAccessManager" | "Tao" | "SubnetRegistry" | "EpochSettlement";
  function: string;
  args: unknown[];
}

/** What a deployment sends, in order: each contract with its constructor arguments, then the wiring. */
export interface DeploymentPlan {
  addresses: SubnetLayerAddresses;
  contracts: Array<{ name: Name; args: unknown[] }>;
  wiring: WiringCall[];
}

/**
 * The deployment from `from`, whose next nonce is `nonce`: contracts reference each other through
 * immutable addresses, so every address is the CREATE address of its place in {@link ORDER}, and the
 * plan holds only if `from` sends nothing else until it is done.
 */
export function planDeployment(from: string, nonce: number, options: Omit<DeployOptions, "log"> = {}): DeploymentPlan {
  const addresses = Object.fromEntries(ORDER.map((name, i) => [name, getCreateAddress({ from, nonce: nonce + i })])) as SubnetLayerAddresses;
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
    TimelockController: [options.timelockDelay ?? DEFAULT_TIMELOCK_DELAY, [a.Senate], [a.Senate], ZeroAddress],
    Triumvirate: [a.ProtocolAccessManager, options.triumvirate ?? []],
    Senate: [a.ProtocolAccessManager, a.SubnetRegistry, a.Staking, a.Triumvirate, a.TimelockController],
  };
  const contracts = ORDER.map((name) => ({ name, args: args[name] }));

  const manager = (fn: string, ...callArgs: unknown[]): WiringCall => ({ contract: "ProtocolAccessManager", function: fn, args: callArgs });
  const wiring: WiringCall[] = [
    ...PERMISSIONS.map(({ contract, functions, role }) => manager("setTargetFunctionRole", a[contract], functions.map((f) => selector(contract, f)), role)),
    manager("grantRole", ROLES.COINBASE, a.Coinbase, 0),
    manager("grantRole", ROLES.REGISTRY, a.SubnetRegistry, 0),
    manager("grantRole", ROLES.SETTLEMENT, a.EpochSettlement, 0),
    manager("grantRole", ROLES.HYPERPARAMETER_SETTER, a.SubnetOwnerAdmin, 0),
    manager("grantRole", ROLES.HYPERPARAMETER_SETTER, from, 0),
  ];
  if (options.networkRateLimit !== undefined) wiring.push({ contract: "SubnetRegistry", function: "setNetworkRateLimit", args: [options.networkRateLimit] });
  if (options.genesis?.length) {
    // The deployer holds the mint role only while it mints the genesis.
    wiring.push(manager("grantRole", ROLES.COINBASE, from, 0));
    for (const { to, amount } of options.genesis) wiring.push({ contract: "Tao", function: "mint", args: [to, amount] });
    wiring.push(manager("renounceRole", ROLES.COINBASE, from));
  }
  for (const oracle of options.oracles ?? []) wiring.push({ contract: "EpochSettlement", function: "setOracle", args: [oracle, true] });
  if (options.oracleThreshold !== undefined) wiring.push({ contract: "EpochSettlement", function: "setThreshold", args: [options.oracleThreshold] });
  return { addresses, contracts, wiring };
}

/** Deploy the protocol from `deployer` and grant its roles (the whole {@link planDeployment}). */
export async function deploySubnetLayer(deployer: Signer, options: DeployOptions = {}): Promise<SubnetLayer> {
  const plan = planDeployment(await deployer.getAddress(), await deployer.getNonce(), options);
  for (const { name, args } of plan.contracts) {
    const artifact = readArtifact(name);
    // Libraries are contracts of the plan, deployed before what links them (SubnetRegistry's three).
    const contract = await new ContractFactory(artifact.abi as never, linkBytecode(artifact, plan.addresses), deployer).deploy(...args);
    await contract.waitForDeployment();
    const at = await contract.getAddress();
    if (at !== plan.addresses[name]) throw new Error(`${name} deployed at ${at}, expected ${plan.addresses[name]}: nonce moved during deployment`);
    options.log?.(`${name.padEnd(22)} ${at}`);
  }
  for (const call of plan.wiring) {
    const target = new Contract(plan.addresses[call.contract], readArtifact(call.contract).abi as never, deployer);
    await ((await target.getFunction(call.function)(...call.args)) as ContractTransactionResponse).wait();
  }
  return connectSubnetLayer(plan.addresses, deployer);
}

/** A deployment step that cannot be done as asked; nothing was sent. */
export class DeployError extends Error {
  override name = "DeployError";
}

/**
 * Hands every right the deployer holds over to governance, for good (issue "Governance" item 5): the
 * timelock becomes the AccessManager's admin and a hyperparameter setter, then the deployer renounces
 * both. From then on every privileged function (global parameters, the oracle committee, fees, emission
 * switches, both houses' rules) changes only through a Senate motion executed by the timelock.
 *
 * Refused (DeployError, before any transaction) while the Triumvirate is empty: only its members
 * propose, and it changes only by motion, so nobody could ever propose again.
 */
export async function handOverToGovernance(layer: Pick<SubnetLayer, "accessManager" | "deployer" | "addresses" | "triumvirate">): Promise<void> {
  if ((await layer.triumvirate.members()).length === 0) {
    throw new DeployError("refusing to hand over: the Triumvirate is empty, so no motion could ever be proposed (deploy with --triumvirate)");
  }
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
