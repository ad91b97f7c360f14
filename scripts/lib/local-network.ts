/**
 * Helpers for a local Hardhat chain: funded wallets, mining, and a populated subnet (owner,
 * validators with stake, miners). Used by the demo, the end-to-end tests and the soak harness.
 *
 * Every helper takes an optional {@link DevChain}: by default the in-process Hardhat network (loaded
 * lazily, so importing this module needs no Hardhat runtime); the soak harness passes a JSON-RPC
 * `hardhat node` instead.
 */
import { Wallet, parseEther } from "ethers";
import type { Provider } from "ethers";
import type { SubnetLayer } from "../deploy";
import { tao } from "./units";
export { tao };

/** A development chain: a provider to read and send through, and its dev-only RPC methods. */
export interface DevChain {
  /** Wallets made here are connected to it. */
  provider: Provider;
  /** A raw JSON-RPC call (hardhat_mine, hardhat_setBalance, evm_mine...). */
  send(method: string, params: unknown[]): Promise<unknown>;
}

/** The in-process Hardhat network of the calling script or test. */
export function hardhatChain(): DevChain {
  // Lazy: the soak harness imports these helpers in a process that runs no Hardhat runtime.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as typeof import("hardhat");
  return { provider: hre.ethers.provider, send: (method, params) => hre.network.provider.send(method, params) };
}

/** A JSON-RPC provider as a {@link DevChain} (e.g. an ethers JsonRpcProvider on `hardhat node`). */
export function rpcChain(provider: Provider & { send(method: string, params: unknown[]): Promise<unknown> }): DevChain {
  return { provider, send: (method, params) => provider.send(method, params) };
}

export async function mine(blocks: number | bigint, chain: DevChain = hardhatChain()): Promise<void> {
  if (BigInt(blocks) > 0n) await chain.send("hardhat_mine", [`0x${BigInt(blocks).toString(16)}`]);
}

export async function mineTo(block: bigint, chain: DevChain = hardhatChain()): Promise<void> {
  const now = BigInt(await chain.provider.getBlockNumber());
  await mine(block > now ? block - now : 0n, chain);
}

/** A fresh wallet with ETH for gas, and `taoAmount` rao sent from the layer's deployer. */
export async function fundedWallet(layer: Pick<SubnetLayer, "tao" | "deployer">, taoAmount = 0n, chain: DevChain = hardhatChain()): Promise<Wallet> {
  const wallet = new Wallet(Wallet.createRandom().privateKey, chain.provider);
  await chain.send("hardhat_setBalance", [wallet.address, `0x${parseEther("1000").toString(16)}`]);
  if (taoAmount > 0n) await (await layer.tao.connect(layer.deployer).transfer(wallet.address, taoAmount)).wait();
  return wallet;
}

export type Role = "owner" | "validator" | "miner";

export interface Neuron {
  uid: number;
  role: Role;
  hotkey: Wallet;
  coldkey: Wallet;
  /** TAO the coldkey staked on the hotkey (validators). */
  stakedTao: bigint;
}

export interface SubnetPopulation {
  netuid: number;
  neurons: Neuron[];
}

export interface PopulationSpec {
  /** TAO each validator's coldkey stakes on its own hotkey. */
  validatorStakes: bigint[];
  miners: number;
}

/**
 * Registers a subnet (lock paid by a new owner coldkey), starts it, registers one validator per
 * stake and `miners` miners by burned registration, and stakes each validator's TAO.
 */
export async function populateSubnet(layer: SubnetLayer, spec: PopulationSpec, chain: DevChain = hardhatChain()): Promise<SubnetPopulation> {
  const lock = await layer.registry.networkLockCost();
  const owner = await fundedWallet(layer, lock + tao(10), chain);
  const ownerHotkey = await fundedWallet(layer, 0n, chain);
  await (await layer.tao.connect(owner).approve(layer.addresses.SubnetRegistry, lock)).wait();
  const netuid = Number(await layer.registry.connect(owner).registerNetwork.staticCall(ownerHotkey.address, lock));
  await (await layer.registry.connect(owner).registerNetwork(ownerHotkey.address, lock)).wait();
  await (await layer.registry.connect(owner).startCall(netuid)).wait();

  const neurons: Neuron[] = [{ uid: 0, role: "owner", hotkey: ownerHotkey, coldkey: owner, stakedTao: 0n }];
  const register = async (role: Role, stakedTao: bigint): Promise<void> => {
    const price = await layer.registry.burn(netuid);
    const coldkey = await fundedWallet(layer, price + stakedTao, chain);
    const hotkey = await fundedWallet(layer, 0n, chain);
    await (await layer.tao.connect(coldkey).approve(layer.addresses.SubnetRegistry, price)).wait();
    await (await layer.registry.connect(coldkey).burnedRegister(netuid, hotkey.address, price)).wait();
    const [, uid] = await layer.registry.uidOf(netuid, hotkey.address);
    if (stakedTao > 0n) {
      await (await layer.tao.connect(coldkey).approve(layer.addresses.Staking, stakedTao)).wait();
      await (await layer.staking.connect(coldkey).addStake(hotkey.address, netuid, stakedTao)).wait();
    }
    neurons.push({ uid: Number(uid), role, hotkey, coldkey, stakedTao });
  };
  for (const stake of spec.validatorStakes) await register("validator", stake);
  for (let m = 0; m < spec.miners; m++) await register("miner", 0n);
  return { netuid, neurons };
}

/** Each validator sets weights on all miners, from `score(validatorIndex, minerIndex)`. */
export async function setMinerWeights(
  layer: SubnetLayer,
  population: SubnetPopulation,
  score: (validator: number, miner: number) => number,
): Promise<void> {
  const miners = population.neurons.filter((n) => n.role === "miner");
  const validators = population.neurons.filter((n) => n.role === "validator");
  for (const [v, validator] of validators.entries()) {
    const values = miners.map((_, m) => score(v, m));
    await (await layer.weights.connect(validator.hotkey).setWeights(population.netuid, miners.map((m) => m.uid), values, 0)).wait();
  }
}
