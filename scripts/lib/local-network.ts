/**
 * Helpers for a local Hardhat chain: funded wallets, mining, and a populated subnet (owner,
 * validators with stake, miners). Used by the demo and the end-to-end tests.
 */
import { Wallet, parseEther } from "ethers";
import { ethers, network } from "hardhat";
import type { SubnetLayer } from "../deploy";
import { tao } from "./units";
export { tao };

export async function mine(blocks: number | bigint): Promise<void> {
  if (BigInt(blocks) > 0n) await network.provider.send("hardhat_mine", [`0x${BigInt(blocks).toString(16)}`]);
}

export async function mineTo(block: bigint): Promise<void> {
  const now = BigInt(await ethers.provider.getBlockNumber());
  await mine(block > now ? block - now : 0n);
}

/** A fresh wallet with ETH for gas, and `taoAmount` rao sent from the layer's deployer. */
export async function fundedWallet(layer: Pick<SubnetLayer, "tao" | "deployer">, taoAmount = 0n): Promise<Wallet> {
  const wallet = new Wallet(Wallet.createRandom().privateKey, ethers.provider);
  await network.provider.send("hardhat_setBalance", [wallet.address, `0x${parseEther("1000").toString(16)}`]);
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
export async function populateSubnet(layer: SubnetLayer, spec: PopulationSpec): Promise<SubnetPopulation> {
  const lock = await layer.registry.networkLockCost();
  const owner = await fundedWallet(layer, lock + tao(10));
  const ownerHotkey = await fundedWallet(layer);
  await (await layer.tao.connect(owner).approve(layer.addresses.SubnetRegistry, lock)).wait();
  const netuid = Number(await layer.registry.connect(owner).registerNetwork.staticCall(ownerHotkey.address, lock));
  await (await layer.registry.connect(owner).registerNetwork(ownerHotkey.address, lock)).wait();
  await (await layer.registry.connect(owner).startCall(netuid)).wait();

  const neurons: Neuron[] = [{ uid: 0, role: "owner", hotkey: ownerHotkey, coldkey: owner, stakedTao: 0n }];
  const register = async (role: Role, stakedTao: bigint): Promise<void> => {
    const price = await layer.registry.burn(netuid);
    const coldkey = await fundedWallet(layer, price + stakedTao);
    const hotkey = await fundedWallet(layer);
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
