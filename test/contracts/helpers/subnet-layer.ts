/**
 * Shared fixtures for the contract tests of the staking/registry/weights modules: the whole protocol
 * deployed by scripts/deploy.ts, seen through the concrete contract types, plus small actions
 * (register a subnet, register a neuron, stake) and a TypeScript reference of the pool and
 * share-pool arithmetic (spec/chain.md §3.3, §4.2) to compare the contracts with.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BaseContract, ContractTransactionResponse, Log } from "ethers";
import { ethers } from "hardhat";

import { ROLES, deploySubnetLayer } from "../../../scripts/deploy";
import { mine, mineTo } from "../../../scripts/lib/local-network";
import type {
  Coinbase,
  EpochSettlement,
  ISubnetRegistry,
  ProtocolAccessManager,
  Staking,
  SubnetRegistry,
  Tao,
  Weights,
} from "../../../typechain-types";
import {
  Coinbase__factory,
  EpochSettlement__factory,
  Staking__factory,
  SubnetRegistry__factory,
  Weights__factory,
} from "../../../typechain-types";

export { ROLES, mine, mineTo };

/** 1 TAO (or 1 α) in rao. */
export const TAO = 10n ** 9n;
/** The 21M TAO cap, in rao. */
export const TOTAL_SUPPLY = 21_000_000n * TAO;
/** Swap fee rate out of 65535. */
export const FEE_RATE = 33n;
/** Shares the first staker of an empty share pool gets per α rao (Staking's SHARE_SCALE). */
export const SHARE_SCALE = 10n ** 9n;
/** Minimum output-side reserve before a swap. */
export const MINIMUM_RESERVE = 1_000_000n;

export interface Layer {
  deployer: HardhatEthersSigner;
  signers: HardhatEthersSigner[];
  accessManager: ProtocolAccessManager;
  tao: Tao;
  staking: Staking;
  registry: SubnetRegistry;
  coinbase: Coinbase;
  weights: Weights;
  settlement: EpochSettlement;
}

/**
 * Deploys the protocol and gives each of the first 10 signers `perAccount` TAO. With `capped`, the
 * genesis mints the whole 21M TAO supply, so the block emission is 0: the Coinbase injects nothing
 * and pools move only by the actions under test.
 */
export async function deployLayer(options: { capped?: boolean; perAccount?: bigint } = {}): Promise<Layer> {
  const signers = await ethers.getSigners();
  const deployer = signers[0];
  const funded = signers.slice(0, 10);
  const perAccount = options.capped ? TOTAL_SUPPLY / BigInt(funded.length) : (options.perAccount ?? 100_000n * TAO);
  const genesis = funded.map((s) => ({ to: s.address, amount: perAccount }));
  const layer = await deploySubnetLayer(deployer, { genesis });
  return {
    deployer,
    signers,
    accessManager: layer.accessManager,
    tao: layer.tao,
    staking: Staking__factory.connect(layer.addresses.Staking, deployer),
    registry: SubnetRegistry__factory.connect(layer.addresses.SubnetRegistry, deployer),
    coinbase: Coinbase__factory.connect(layer.addresses.Coinbase, deployer),
    weights: Weights__factory.connect(layer.addresses.Weights, deployer),
    settlement: EpochSettlement__factory.connect(layer.addresses.EpochSettlement, deployer),
  };
}

/** Registers a subnet for `owner` with `ownerHotkey` at UID 0, paying the current lock; starts it unless told not to. */
export async function registerSubnet(
  layer: Layer,
  owner: HardhatEthersSigner,
  ownerHotkey: string,
  options: { start?: boolean } = {},
): Promise<number> {
  const lock = await layer.registry.networkLockCost();
  await layer.tao.connect(owner).approve(await layer.registry.getAddress(), lock);
  const tx = await layer.registry.connect(owner).registerNetwork(ownerHotkey, lock);
  const netuid = Number(eventArgs(await receiptLogs(tx), layer.registry, "NetworkRegistered")[0]);
  if (options.start ?? true) await layer.registry.connect(owner).startCall(netuid);
  return netuid;
}

/** Registers `hotkey` on `netuid` for `coldkey` at the current burn price; returns its UID. */
export async function registerNeuron(
  layer: Layer,
  netuid: number,
  coldkey: HardhatEthersSigner,
  hotkey: string,
): Promise<number> {
  const price = await layer.registry.burn(netuid);
  await layer.tao.connect(coldkey).approve(await layer.registry.getAddress(), price);
  await layer.registry.connect(coldkey).burnedRegister(netuid, hotkey, price);
  const [, uid] = await layer.registry.uidOf(netuid, hotkey);
  return Number(uid);
}

/** `coldkey` stakes `amount` TAO on (hotkey, netuid). */
export async function addStake(
  layer: Layer,
  coldkey: HardhatEthersSigner,
  hotkey: string,
  netuid: number,
  amount: bigint,
): Promise<ContractTransactionResponse> {
  await layer.tao.connect(coldkey).approve(await layer.staking.getAddress(), amount);
  return layer.staking.connect(coldkey).addStake(hotkey, netuid, amount);
}

/** ISubnetRegistry.Hyperparameters' fields, in declaration order. */
export const HYPERPARAMETER_FIELDS = [
  "tempo",
  "activityCutoffFactorMilli",
  "kappa",
  "bondsPenalty",
  "bondsMovingAverage",
  "maxAllowedValidators",
  "maxAllowedUids",
  "yuma3Enabled",
  "liquidAlphaEnabled",
  "alphaLow",
  "alphaHigh",
  "alphaSigmoidSteepness",
  "immunityPeriod",
  "minAllowedWeights",
  "weightsSetRateLimit",
  "weightsVersionKey",
] as const satisfies ReadonlyArray<keyof ISubnetRegistry.HyperparametersStruct>;

/** A hyperparameters result as a plain object (bigints and booleans). */
export function plainHyperparameters(h: ISubnetRegistry.HyperparametersStructOutput): ISubnetRegistry.HyperparametersStruct {
  return Object.fromEntries(HYPERPARAMETER_FIELDS.map((k) => [k, h[k]])) as unknown as ISubnetRegistry.HyperparametersStruct;
}

/** Grants `account` a protocol role (the deployer is the manager's admin). */
export async function grantRole(layer: Layer, role: bigint, account: string): Promise<void> {
  await layer.accessManager.connect(layer.deployer).grantRole(role, account, 0);
}

export async function receiptLogs(tx: ContractTransactionResponse): Promise<readonly Log[]> {
  const receipt = await tx.wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.logs;
}

/** The arguments of the first `name` event that `contract` emitted in `logs`. */
export function eventArgs(logs: readonly Log[], contract: BaseContract, name: string): unknown[] {
  for (const log of logs) {
    if (log.address.toLowerCase() !== String(contract.target).toLowerCase()) continue;
    const parsed = contract.interface.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed?.name === name) return [...parsed.args];
  }
  throw new Error(`no ${name} event`);
}

/* REFERENCE ARITHMETIC (spec/chain.md §3.3, §4.2) */

/** floor(amount · 33 / 65535). */
export const swapFee = (amount: bigint): bigint => (amount * FEE_RATE) / 65535n;

/** floor(reserveOut · amountIn / (reserveIn + amountIn)). */
export const amountOut = (reserveIn: bigint, reserveOut: bigint, amountIn: bigint): bigint =>
  (reserveOut * amountIn) / (reserveIn + amountIn);

export interface PoolState {
  tao: bigint;
  alpha: bigint;
}

/** A buy of `taoAmount` gross TAO: the fee, the α out and the pool after. */
export function referenceBuy(pool: PoolState, taoAmount: bigint): { fee: bigint; alpha: bigint; after: PoolState } {
  const fee = swapFee(taoAmount);
  const alpha = amountOut(pool.tao, pool.alpha, taoAmount - fee);
  return { fee, alpha, after: { tao: pool.tao + taoAmount - fee, alpha: pool.alpha - alpha } };
}

/** A sell of `alphaAmount` gross α: the fee (α), the TAO out, the fee sold fee-free for TAO, and the pool after. */
export function referenceSell(
  pool: PoolState,
  alphaAmount: bigint,
): { fee: bigint; tao: bigint; feeTao: bigint; after: PoolState } {
  const fee = swapFee(alphaAmount);
  const net = alphaAmount - fee;
  const tao = amountOut(pool.alpha, pool.tao, net);
  const mid = { tao: pool.tao - tao, alpha: pool.alpha + net };
  const feeTao = fee === 0n ? 0n : amountOut(mid.alpha, mid.tao, fee);
  return { fee, tao, feeTao, after: { tao: mid.tao - feeTao, alpha: mid.alpha + fee } };
}

/** One hotkey's share pool on one subnet: V, D and each coldkey's shares. */
export class SharePoolModel {
  value = 0n;
  shares = 0n;
  readonly holders = new Map<string, bigint>();

  stakeOf(coldkey: string): bigint {
    return this.shares === 0n ? 0n : (this.value * (this.holders.get(coldkey) ?? 0n)) / this.shares;
  }

  /** New shares for `amount`: amount·1e9 for the first staker, else floor(amount·D/V); false if zero. */
  stake(coldkey: string, amount: bigint): boolean {
    const minted = this.shares === 0n ? amount * SHARE_SCALE : (amount * this.shares) / this.value;
    if (minted === 0n) return false;
    this.shares += minted;
    this.value += amount;
    this.holders.set(coldkey, (this.holders.get(coldkey) ?? 0n) + minted);
    return true;
  }

  /** Burns ceil(amount·D/V) shares. */
  unstake(coldkey: string, amount: bigint): void {
    if (amount > this.stakeOf(coldkey)) throw new Error("insufficient stake");
    const burned = (amount * this.shares + this.value - 1n) / this.value;
    this.holders.set(coldkey, (this.holders.get(coldkey) ?? 0n) - burned);
    this.shares -= burned;
    this.value -= amount;
  }

  reward(amount: bigint): void {
    this.value += amount;
  }
}
