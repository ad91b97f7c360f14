/**
 * Many subnets on a local Hardhat chain, cheaply, for measurements (scripts/gas/measure.ts): one owner
 * coldkey registers them, each for the minimum lock, and starts them a block at a time.
 *
 * The lock cost doubles with every registration and decays over 8 days (docs/spec/chain.md §5.1), and no
 * call sets it, so NetworkLastLockCost is zeroed in storage before each registration (a dev-chain
 * shortcut, as bench/round.ts does): every subnet locks NETWORK_MIN_LOCK_COST and gets the same pool. Its
 * slot is found by probing ({@link findStorageSlot}): the compiler's storage layout is not in
 * artifacts/build-info (Hardhat does not ask for it).
 */
import { type ContractTransactionResponse, type Signer, ZeroHash, dataSlice, getAddress, solidityPackedKeccak256, toBeHex, zeroPadValue } from "ethers";
import type { SubnetLayer } from "../deploy";
import { type DevChain, hardhatChain } from "./local-network";

/** EIP-7825 (Osaka, Hardhat's default hardfork, which hardhat.config.ts keeps): no transaction may ask for more gas. */
export const TRANSACTION_GAS_CAP = 2n ** 24n;

/** The most gas one transaction can be given on `chain`: the cap, or the block gas limit if lower. */
export async function maxTransactionGas(chain: DevChain = hardhatChain()): Promise<bigint> {
  const block = await chain.provider.getBlock("latest");
  if (block === null) throw new Error("no latest block");
  return block.gasLimit < TRANSACTION_GAS_CAP ? block.gasLimit : TRANSACTION_GAS_CAP;
}

/**
 * The storage slot (hex) of `contract` that holds `expected` as a whole word and that `reader` depends
 * on: each of the first `slots` slots holding exactly `expected` is overwritten for a moment (with 0,
 * then with 2·expected + 1) and kept as a match if `reader` then returns something else; every slot is
 * restored. Exactly one match is required. Fixed slots only: mapping and array entries lie at hashed
 * slots, and values packed with others into a slot are not found.
 */
export async function findStorageSlot(
  contract: string,
  reader: () => Promise<bigint>,
  expected: bigint,
  options: { slots?: number; chain?: DevChain } = {},
): Promise<string> {
  const chain = options.chain ?? hardhatChain();
  const word = (value: bigint): string => zeroPadValue(toBeHex(value), 32);
  const baseline = await reader();
  const matches: string[] = [];
  for (let s = 0; s < (options.slots ?? 64); s++) {
    const slot = toBeHex(s);
    const stored = (await chain.send("eth_getStorageAt", [contract, slot, "latest"])) as string;
    if (BigInt(stored) !== expected) continue;
    let changed = false;
    for (const probe of [0n, 2n * expected + 1n]) {
      await chain.send("hardhat_setStorageAt", [contract, slot, word(probe)]);
      changed ||= (await reader()) !== baseline;
    }
    await chain.send("hardhat_setStorageAt", [contract, slot, stored]);
    if (changed) matches.push(slot);
  }
  if (matches.length !== 1) throw new Error(`${contract}: ${matches.length} storage slots hold ${expected} and move the reader (${matches.join(", ")})`);
  return matches[0];
}

/** A plain address as the owner hotkey of the `index`-th subnet: registration needs no key for it. */
export const ownerHotkeyOf = (index: number): string =>
  getAddress(dataSlice(solidityPackedKeccak256(["string", "uint32"], ["subnet-layer many subnets owner hotkey", index]), 12));

export interface ManySubnetsOptions {
  /** Progress lines: one per 16 subnets registered, one per block of subnets started. */
  readonly log?: (line: string) => void;
  readonly chain?: DevChain;
}

/** Gas for a `startCall` that is not its block's first (the first pays the block's accrual). */
const START_CALL_GAS = 400_000n;

/**
 * Registers `count` subnets for `owner`, not started, their owner hotkeys {@link ownerHotkeyOf}(number of
 * subnets before + k); returns their netuids. The first pays the current lock (the minimum on a registry
 * without recent registrations), every other the minimum: `owner` must hold that much TAO. The layer's
 * deployer (the AccessManager's admin) raises SubnetLimit if they would not fit. They are registered back
 * to back, a block each: NetworkRateLimit must be 0 (deploySubnetLayer's `networkRateLimit: 0n`).
 */
export async function registerSubnets(layer: SubnetLayer, owner: Signer, count: number, options: ManySubnetsOptions = {}): Promise<number[]> {
  const chain = options.chain ?? hardhatChain();
  const { registry } = layer;
  const registryAddress = layer.addresses.SubnetRegistry;
  const existing = Number(await registry.subnetCount());
  if (existing + count > Number(await registry.subnetLimit())) await (await registry.connect(layer.deployer).setSubnetLimit(existing + count)).wait();
  await (await layer.tao.connect(owner).approve(registryAddress, 2n ** 256n - 1n)).wait();
  let lockSlot: string | undefined;
  const netuids: number[] = [];
  for (let k = 0; k < count; k++) {
    if (lockSlot !== undefined) await chain.send("hardhat_setStorageAt", [registryAddress, lockSlot, ZeroHash]);
    const lock = await registry.networkLockCost();
    const hotkey = ownerHotkeyOf(existing + k);
    const netuid = Number(await registry.connect(owner).registerNetwork.staticCall(hotkey, lock));
    await (await registry.connect(owner).registerNetwork(hotkey, lock)).wait();
    // The first registration (into a registry that may hold subnets already) shows what it stores.
    lockSlot ??= await findStorageSlot(registryAddress, () => registry.networkLockCost(), lock, { chain });
    netuids.push(netuid);
    if ((k + 1) % 16 === 0 || k + 1 === count) options.log?.(`registered ${k + 1}/${count} subnets`);
  }
  return netuids;
}

/**
 * Starts `netuids` (registered, owned by `owner`) in as few blocks as the block gas limit allows (109
 * subnets a block in Hardhat's 60M gas blocks): automine is off while their `startCall`s are sent, so that
 * only each block's first pays the emission accrual of the subnets started before, given the most gas a
 * transaction may have, and the others START_CALL_GAS.
 */
export async function startSubnets(layer: SubnetLayer, owner: Signer, netuids: readonly number[], options: ManySubnetsOptions = {}): Promise<void> {
  const chain = options.chain ?? hardhatChain();
  const first = await maxTransactionGas(chain);
  const block = await chain.provider.getBlock("latest");
  if (block === null) throw new Error("no latest block");
  const perBlock = Math.max(1, 1 + Number((block.gasLimit - first) / START_CALL_GAS));
  for (let i = 0; i < netuids.length; i += perBlock) {
    const batch = netuids.slice(i, i + perBlock);
    const nonce = await owner.getNonce("pending");
    const sent: ContractTransactionResponse[] = [];
    await chain.send("evm_setAutomine", [false]);
    try {
      for (const [k, netuid] of batch.entries()) {
        sent.push(await layer.registry.connect(owner).startCall(netuid, { nonce: nonce + k, gasLimit: k === 0 ? first : START_CALL_GAS }));
      }
      await chain.send("evm_mine", []);
    } finally {
      await chain.send("evm_setAutomine", [true]);
    }
    const receipts = await Promise.all(sent.map((tx) => tx.wait()));
    if (new Set(receipts.map((r) => r?.blockNumber)).size !== 1) throw new Error("the startCalls did not fit one block");
    options.log?.(`started ${i + batch.length}/${netuids.length} subnets`);
  }
}

/** Registers and starts `count` subnets ({@link registerSubnets}, {@link startSubnets}); returns their netuids. */
export async function addSubnets(layer: SubnetLayer, owner: Signer, count: number, options: ManySubnetsOptions = {}): Promise<number[]> {
  const netuids = await registerSubnets(layer, owner, count, options);
  await startSubnets(layer, owner, netuids, options);
  return netuids;
}
