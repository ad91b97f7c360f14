/**
 * The whole protocol from scripts/deploy.ts, with typed contract handles, and small actions the
 * Coinbase and EpochSettlement tests share (register and start a subnet, register a neuron, set tempo).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Result, Signer } from "ethers";
import { ethers } from "hardhat";

import { ROLES, type SubnetLayer, deploySubnetLayer } from "../../../scripts/deploy";
import { fundedWallet, tao } from "../../../scripts/lib/local-network";
import type {
  AlphaToken,
  Coinbase,
  EpochSettlement,
  ProtocolAccessManager,
  Staking,
  SubnetRegistry,
  Tao,
} from "../../../typechain-types";

export { ROLES };

export interface Layer {
  layer: SubnetLayer;
  admin: HardhatEthersSigner;
  manager: ProtocolAccessManager;
  tao: Tao;
  staking: Staking;
  registry: SubnetRegistry;
  coinbase: Coinbase;
  settlement: EpochSettlement;
}

export interface StartedSubnet {
  netuid: number;
  owner: Signer;
  ownerHotkey: Signer;
  /** Block of `startCall` (= the Coinbase's first lastEpochBlock). */
  startBlock: bigint;
}

/** Deploys the protocol; the admin (first signer) holds 1M TAO. */
export async function deployLayer(): Promise<Layer> {
  const [admin] = await ethers.getSigners();
  const layer = await deploySubnetLayer(admin, { genesis: [{ to: admin.address, amount: tao(1_000_000) }] });
  const a = layer.addresses;
  return {
    layer,
    admin,
    manager: await ethers.getContractAt("ProtocolAccessManager", a.ProtocolAccessManager),
    tao: await ethers.getContractAt("Tao", a.Tao),
    staking: await ethers.getContractAt("Staking", a.Staking),
    registry: await ethers.getContractAt("SubnetRegistry", a.SubnetRegistry),
    coinbase: await ethers.getContractAt("Coinbase", a.Coinbase),
    settlement: await ethers.getContractAt("EpochSettlement", a.EpochSettlement),
  };
}

/** Registers a subnet for a new owner coldkey; starts it unless `start` is false. */
export async function registerSubnet(l: Layer, start = true): Promise<StartedSubnet> {
  const lock = await l.registry.networkLockCost();
  const owner = await fundedWallet(l.layer, lock + tao(1_000));
  const ownerHotkey = await fundedWallet(l.layer);
  await (await l.tao.connect(owner).approve(await l.registry.getAddress(), ethers.MaxUint256)).wait();
  const netuid = Number(await l.registry.connect(owner).registerNetwork.staticCall(ownerHotkey.address, lock));
  await (await l.registry.connect(owner).registerNetwork(ownerHotkey.address, lock)).wait();
  let startBlock = 0n;
  if (start) {
    const receipt = await (await l.registry.connect(owner).startCall(netuid)).wait();
    startBlock = BigInt(receipt!.blockNumber);
  }
  return { netuid, owner, ownerHotkey, startBlock };
}

/** Registers `hotkey` on `netuid` for `coldkey` (which must hold TAO), paying the burn. Returns the UID. */
export async function registerNeuron(l: Layer, netuid: number, coldkey: Signer, hotkey: string): Promise<number> {
  await (await l.tao.connect(coldkey).approve(await l.registry.getAddress(), ethers.MaxUint256)).wait();
  await (await l.registry.connect(coldkey).burnedRegister(netuid, hotkey, ethers.MaxUint256)).wait();
  const [, uid] = await l.registry.uidOf(netuid, hotkey);
  return Number(uid);
}

/** Sets a subnet's tempo (the admin may call setHyperparameters; it accrues first). */
export async function setTempo(l: Layer, netuid: number, tempo: number): Promise<void> {
  const hp = (await l.registry.hyperparameters(netuid)) as unknown as Result;
  const params = { ...(hp.toObject() as Awaited<ReturnType<SubnetRegistry["hyperparameters"]>>), tempo };
  await (await l.registry.connect(l.admin).setHyperparameters(netuid, params)).wait();
}

/** Grants `role` to `account` with no delay (the admin is the AccessManager's admin). */
export async function grantRole(l: Layer, role: bigint, account: string): Promise<void> {
  await (await l.manager.connect(l.admin).grantRole(role, account, 0)).wait();
}

/** The α token of a subnet. */
export async function alphaToken(l: Layer, netuid: number): Promise<AlphaToken> {
  return ethers.getContractAt("AlphaToken", await l.staking.alphaToken(netuid));
}

/** Sends a transaction that is mined exactly at `block` (mines empty blocks up to block - 1 first). */
export async function atBlock<T>(block: bigint, send: () => Promise<T>): Promise<T> {
  const now = BigInt(await ethers.provider.getBlockNumber());
  if (block <= now) throw new Error(`block ${block} is not in the future (now ${now})`);
  if (block - now > 1n) await ethers.provider.send("hardhat_mine", [`0x${(block - now - 1n).toString(16)}`]);
  return send();
}
