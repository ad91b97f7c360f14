/**
 * Shared fixtures for the contract tests: the whole protocol deployed by scripts/deploy.ts, seen
 * through the concrete contract types, small actions (register and start a subnet, register a
 * neuron, stake, set the tempo, grant a role, send at a block), and a TypeScript reference of the
 * pool and share-pool arithmetic (docs/spec/chain.md §3.3, §4.2) to compare the contracts with.
 * Funded wallets, mining and TAO amounts come from scripts/lib/local-network.ts, shared with the demo.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BaseContract, ContractTransactionResponse, Log, Signer } from "ethers";
import { ethers } from "hardhat";

import { packPayouts } from "../../../oracle/chain/report";
import { ROLES, type SubnetLayerAddresses, deploySubnetLayer } from "../../../scripts/deploy";
import { fundedWallet, mine, mineTo, tao } from "../../../scripts/lib/local-network";
import type {
  AlphaToken,
  Coinbase,
  EpochSettlement,
  ProtocolAccessManager,
  Senate,
  Staking,
  SubnetOwnerAdmin,
  SubnetRegistry,
  Tao,
  TimelockController,
  Triumvirate,
  Weights,
} from "../../../typechain-types";
import {
  AlphaToken__factory,
  Coinbase__factory,
  EpochSettlement__factory,
  Senate__factory,
  Staking__factory,
  SubnetOwnerAdmin__factory,
  SubnetRegistry__factory,
  Triumvirate__factory,
  Weights__factory,
} from "../../../typechain-types";

export { ROLES, mine, mineTo };
import { plainHyperparameters } from "../../../scripts/lib/hyperparameters";
export { HYPERPARAMETER_FIELDS, plainHyperparameters } from "../../../scripts/lib/hyperparameters";

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
/** `DefaultMinStake`: 0.002 TAO (Staking.MIN_STAKE). */
export const MIN_STAKE = 2_000_000n;
/** The least `addStake` accepts at the default fee: MIN_STAKE + fee(MIN_STAKE). */
export const MIN_STAKE_GROSS = MIN_STAKE + (MIN_STAKE * FEE_RATE) / 65535n;

/** The deployed protocol, each contract connected to the deployer (the AccessManager's admin). */
export interface Layer {
  /** The first signer: deployed everything, admin of the AccessManager, holds the genesis TAO. */
  deployer: HardhatEthersSigner;
  signers: HardhatEthersSigner[];
  addresses: SubnetLayerAddresses;
  accessManager: ProtocolAccessManager;
  tao: Tao;
  staking: Staking;
  registry: SubnetRegistry;
  coinbase: Coinbase;
  weights: Weights;
  settlement: EpochSettlement;
  /** The subnet owners' path to their subnets' parameters. */
  ownerAdmin: SubnetOwnerAdmin;
  triumvirate: Triumvirate;
  senate: Senate;
  timelock: TimelockController;
}

export interface DeployLayerOptions {
  /**
   * How many signers, from the deployer on, share the genesis TAO equally (default 1: the deployer
   * holds it all, which is what fundedWallet draws on).
   */
  funded?: number;
  /**
   * TAO minted at genesis in total, in rao (default 1M TAO: era 0, 1 TAO per block). TOTAL_SUPPLY
   * puts issuance at the cap, so the block emission is 0: the Coinbase injects nothing and pools move
   * only by the actions under test.
   */
  supply?: bigint;
  /**
   * The NetworkRateLimit set after deployment (default 0: tests register subnets back to back).
   * `null` keeps the contract's default (28 800 blocks).
   */
  networkRateLimit?: bigint | null;
  /** The founding Triumvirate members (default none). */
  triumvirate?: string[];
  /** The timelock delay in seconds (default: the deployment's). */
  timelockDelay?: bigint;
}

/** Deploys the protocol and mints the genesis TAO; with the defaults it serves as a `loadFixture` fixture as is. */
export async function deployLayer(options: DeployLayerOptions = {}): Promise<Layer> {
  const signers = await ethers.getSigners();
  const deployer = signers[0];
  const funded = signers.slice(0, options.funded ?? 1);
  const perAccount = (options.supply ?? tao(1_000_000)) / BigInt(funded.length);
  const genesis = funded.map((s) => ({ to: s.address, amount: perAccount }));
  const networkRateLimit = options.networkRateLimit === undefined ? 0n : (options.networkRateLimit ?? undefined);
  const { triumvirate, timelockDelay } = options;
  const layer = await deploySubnetLayer(deployer, { genesis, networkRateLimit, triumvirate, timelockDelay });
  const a = layer.addresses;
  return {
    deployer,
    signers,
    addresses: a,
    accessManager: layer.accessManager,
    tao: layer.tao,
    staking: Staking__factory.connect(a.Staking, deployer),
    registry: SubnetRegistry__factory.connect(a.SubnetRegistry, deployer),
    coinbase: Coinbase__factory.connect(a.Coinbase, deployer),
    weights: Weights__factory.connect(a.Weights, deployer),
    settlement: EpochSettlement__factory.connect(a.EpochSettlement, deployer),
    ownerAdmin: SubnetOwnerAdmin__factory.connect(a.SubnetOwnerAdmin, deployer),
    triumvirate: Triumvirate__factory.connect(a.Triumvirate, deployer),
    senate: Senate__factory.connect(a.Senate, deployer),
    timelock: layer.timelock.connect(deployer),
  };
}

export interface RegisterSubnetOptions {
  /** The owner coldkey, holding the lock (default: a fresh wallet the deployer gives the lock + 1 000 TAO). */
  owner?: Signer;
  /** The owner hotkey, UID 0 (default: a fresh wallet's address). */
  ownerHotkey?: string;
  /** Whether the owner calls `startCall` (default true). */
  start?: boolean;
  /**
   * A tempo the deployer sets before the start (default: the registry's 360), so the first epoch is due
   * `tempo` blocks after `startBlock` (a tempo change after the start resets the cycle, spec §2.6).
   */
  tempo?: number;
}

export interface RegisteredSubnet {
  netuid: number;
  owner: Signer;
  ownerHotkey: string;
  /** Block of `startCall` (= the Coinbase's first lastEpochBlock); 0 if not started. */
  startBlock: bigint;
}

/** Registers a subnet, paying the current lock, and starts it unless told not to. */
export async function registerSubnet(layer: Layer, options: RegisterSubnetOptions = {}): Promise<RegisteredSubnet> {
  const lock = await layer.registry.networkLockCost();
  const owner = options.owner ?? (await fundedWallet(layer, lock + tao(1_000)));
  const ownerHotkey = options.ownerHotkey ?? (await fundedWallet(layer)).address;
  await (await layer.tao.connect(owner).approve(layer.addresses.SubnetRegistry, lock)).wait();
  const logs = await receiptLogs(await layer.registry.connect(owner).registerNetwork(ownerHotkey, lock));
  const netuid = Number(eventArgs(logs, layer.registry, "NetworkRegistered")[0]);
  if (options.tempo !== undefined) await setTempo(layer, netuid, options.tempo);
  let startBlock = 0n;
  if (options.start ?? true) {
    const receipt = await (await layer.registry.connect(owner).startCall(netuid)).wait();
    startBlock = BigInt(receipt!.blockNumber);
  }
  return { netuid, owner, ownerHotkey, startBlock };
}

/** Registers `hotkey` on `netuid` for `coldkey` (which must hold the TAO) at the current burn price; returns its UID. */
export async function registerNeuron(layer: Layer, netuid: number, coldkey: Signer, hotkey: string): Promise<number> {
  const price = await layer.registry.burn(netuid);
  await (await layer.tao.connect(coldkey).approve(layer.addresses.SubnetRegistry, price)).wait();
  await (await layer.registry.connect(coldkey).burnedRegister(netuid, hotkey, price)).wait();
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

/**
 * Makes the EMA prices follow the spot at once (SubnetMovingAlpha = 1, EMAPriceHalvingBlocks = 0 on
 * `netuids`, started or only registered) and accrues, so that every listed started subnet's EMA price is
 * min(spot, 1) from the next accrual on (a subnet started later: from its second accrual). Pools priced
 * at 1 TAO per α or more then share TAO equally (docs/spec/chain.md §2.2, §2.3), which is what tests about
 * other rules want. The accrual's own range is shared by the EMA prices before it.
 */
export async function instantEma(layer: Layer, netuids: readonly number[]): Promise<void> {
  await (await layer.coinbase.connect(layer.deployer).setSubnetMovingAlpha(10n ** 18n)).wait();
  for (const n of netuids) await (await layer.coinbase.connect(layer.deployer).setEmaPriceHalvingBlocks(n, 0)).wait();
  await (await layer.coinbase.accrue()).wait();
}

/**
 * Sets a subnet's tempo, keeping its other hyperparameters (the deployer may; it accrues first). On a
 * started subnet a change resets the epoch cycle: the next epoch is due `tempo` blocks after this one.
 */
export async function setTempo(layer: Layer, netuid: number, tempo: number): Promise<void> {
  await (await setTempoTx(layer, netuid, tempo)).wait();
}

/** {@link setTempo}'s transaction, not waited for (to match its events). */
export async function setTempoTx(layer: Layer, netuid: number, tempo: number): Promise<ContractTransactionResponse> {
  const params = { ...plainHyperparameters(await layer.registry.hyperparameters(netuid)), tempo };
  return layer.registry.connect(layer.deployer).setHyperparameters(netuid, params);
}

/** Grants `account` a protocol role with no delay (the deployer is the manager's admin). */
export async function grantRole(layer: Layer, role: bigint, account: string): Promise<void> {
  await (await layer.accessManager.connect(layer.deployer).grantRole(role, account, 0)).wait();
}

/** The `poolRewards` words of one reward, as `Staking.pay` and its {HotkeysRewarded} event carry them. */
export function poolRewards(hotkey: string, alpha: bigint): bigint[] {
  // The report's packing: it refuses a reward past 64 bits, which Staking would pay truncated.
  return packPayouts([{ uid: 0, hotkey, alphaPool: alpha, alphaTake: 0n, rootPool: 0n, rootTake: 0n }]);
}

/**
 * Mints `alpha` α and stakes it to (hotkey, coldkey, netuid) as new shares, as the settlement pays a miner:
 * `Staking.pay` with one stake payment. `signer` must hold the SETTLEMENT role.
 */
export function creditStake(
  staking: Staking,
  signer: Signer,
  hotkey: string,
  coldkey: string,
  netuid: number,
  alpha: bigint,
): Promise<ContractTransactionResponse> {
  return staking.connect(signer).pay(netuid, [{ hotkey, coldkey, alpha }], [], 0n, 0n);
}

/**
 * Mints `alpha` α into the (hotkey, netuid) share pool's value without new shares, as the settlement pays a
 * validator: `Staking.pay` with one pool reward, packed [hotkey, reward] as the report's `validatorPayouts`
 * (the other lanes of the second word are not Staking's). `signer` must hold the SETTLEMENT role.
 */
export function rewardHotkey(
  staking: Staking,
  signer: Signer,
  hotkey: string,
  netuid: number,
  alpha: bigint,
): Promise<ContractTransactionResponse> {
  return staking.connect(signer).pay(netuid, [], poolRewards(hotkey, alpha), 0n, 0n);
}

/** The α token of a subnet. */
export async function alphaToken(layer: Layer, netuid: number): Promise<AlphaToken> {
  return AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), layer.deployer);
}

/** Sends a transaction that is mined exactly at `block` (mines empty blocks up to block - 1 first). */
export async function atBlock<T>(block: bigint, send: () => Promise<T>): Promise<T> {
  const now = BigInt(await ethers.provider.getBlockNumber());
  if (block <= now) throw new Error(`block ${block} is not in the future (now ${now})`);
  await mine(block - now - 1n);
  return send();
}


/** The logs of `tx` once mined. */
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

/* REFERENCE ARITHMETIC (docs/spec/chain.md §3.3, §4.2) */

/** floor(amount · 33 / 65535). */
export const swapFee = (amount: bigint): bigint => (amount * FEE_RATE) / 65535n;

/** floor(reserveOut · amountIn / (reserveIn + amountIn)). */
export const amountOut = (reserveIn: bigint, reserveOut: bigint, amountIn: bigint): bigint =>
  (reserveOut * amountIn) / (reserveIn + amountIn);

export interface PoolState {
  tao: bigint;
  alpha: bigint;
}

/** A subnet's pool reserves. */
export async function poolOf(layer: Layer, netuid: number): Promise<PoolState> {
  const [tao, alpha] = await layer.staking.pool(netuid);
  return { tao, alpha };
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
