/**
 * The gas of every user-facing call, measured on the embedded Hardhat chain in one deterministic
 * scenario: a full 256-UID subnet with 64 staked validators, settled through the oracle node before
 * and after the validators set weights. Keys are "Contract.function (case)"; values are gas used by the
 * transaction. `npm run gas` writes them to gas-snapshot.json, and a test fails when a call costs
 * more than 1% above its snapshot. Wallets come from fixed keys, so every run sends the same bytes.
 * A second scenario ({@link measureScaling}) measures the calls whose cost grows with the number of
 * subnets, up to 128; {@link measureAll} runs both.
 */
import { reset } from "@nomicfoundation/hardhat-network-helpers";
import { type BaseContract, type Interface, Wallet, id, parseEther, type ContractTransactionResponse, type Overrides, type TransactionReceipt } from "ethers";
import { ethers, network } from "hardhat";
import { OracleNode } from "../../oracle/node/oracle-node";
import { MemoryBondsStore } from "../../oracle/store/bonds-store";
import { AlphaToken__factory, Coinbase__factory } from "../../typechain-types";
import { deploySubnetLayer, type SubnetLayer } from "../deploy";
import { plainHyperparameters } from "../lib/hyperparameters";
import { mine, mineTo, tao } from "../lib/local-network";
import { maxTransactionGas, ownerHotkeyOf, registerSubnets, startSubnets } from "../lib/many-subnets";
import { packWeightPairs } from "../lib/weights";

/** "Contract.function (case)" → gas used. */
export type GasSnapshot = Record<string, number>;

export interface MeasureOptions {
  /** Progress lines (the scenario sends ~450 transactions). */
  readonly log?: (line: string) => void;
}

const UIDS = 256;
const VALIDATORS = 64;

/** A wallet from a fixed key, funded with ETH for gas. */
async function wallet(label: string): Promise<Wallet> {
  const w = new Wallet(id(`subnet-layer gas ${label}`), ethers.provider);
  await network.provider.send("hardhat_setBalance", [w.address, `0x${parseEther("1000").toString(16)}`]);
  return w;
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction dropped");
  return Number(receipt.gasUsed);
}

/** The gas of `send`'s transaction when it shares its block with an accrual mined just before it. */
async function gasAfterAccrual(layer: SubnetLayer, send: () => Promise<ContractTransactionResponse>): Promise<number> {
  await network.provider.send("evm_setAutomine", [false]);
  try {
    const accrual = await layer.coinbase.accrue();
    const tx = await send();
    await network.provider.send("evm_mine", []);
    const [accrued, receipt] = [await accrual.wait(), await tx.wait()];
    if (accrued === null || receipt === null || accrued.blockNumber !== receipt.blockNumber) throw new Error("not in one block");
    return Number(receipt.gasUsed);
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
}

/**
 * The gas of `send`'s transaction given `gasLimit`, or null when it ran out of it. Hardhat mines a
 * failing transaction and throws with its hash (on the error, or in its `data` when the transaction
 * itself ran out): an out-of-gas failure (of the call or of a call inside it) is told by its message;
 * any other failure is thrown on.
 */
async function gasWithin(send: (overrides: Overrides) => Promise<ContractTransactionResponse>, gasLimit: bigint): Promise<number | null> {
  try {
    return await gasOf(send({ gasLimit }));
  } catch (e) {
    const failure = e as { transactionHash?: unknown; data?: { transactionHash?: unknown } };
    const hash = failure.transactionHash ?? failure.data?.transactionHash;
    const receipt = typeof hash === "string" ? await ethers.provider.getTransactionReceipt(hash) : null;
    if (receipt?.status === 0 && e instanceof Error && /out of gas/i.test(e.message)) return null;
    throw e;
  }
}

/**
 * `Coinbase.accrueSubnet(netuid)` (accrue one subnet only) where the deployed Coinbase has it: it is
 * looked up in the ABI at run time, so that the measurement picks it up once the Coinbase gains it.
 */
function accrueSubnetOf(layer: SubnetLayer): ((netuid: number, overrides?: Overrides) => Promise<ContractTransactionResponse>) | null {
  // Through the base classes: the generated types only accept the names they were generated with.
  const coinbase: BaseContract = Coinbase__factory.connect(layer.addresses.Coinbase, layer.deployer);
  const iface: Interface = coinbase.interface;
  if (iface.getFunction("accrueSubnet") === null) return null;
  const method = coinbase.getFunction("accrueSubnet");
  return (netuid, overrides = {}) => method(netuid, overrides) as Promise<ContractTransactionResponse>;
}

/** Receipts of the transactions to `to` mined after block `from`, with their function names. */
async function callsSince(layer: SubnetLayer, from: number, to: string): Promise<Array<{ name: string; receipt: TransactionReceipt }>> {
  const out: Array<{ name: string; receipt: TransactionReceipt }> = [];
  const latest = await ethers.provider.getBlockNumber();
  for (let b = from + 1; b <= latest; b++) {
    const block = await ethers.provider.getBlock(b, true);
    for (const tx of block?.prefetchedTransactions ?? []) {
      if (tx.to?.toLowerCase() !== to.toLowerCase()) continue;
      const parsed = layer.settlement.interface.parseTransaction(tx);
      const receipt = await ethers.provider.getTransactionReceipt(tx.hash);
      if (parsed !== null && receipt !== null) out.push({ name: parsed.name, receipt });
    }
  }
  return out;
}

/** Run the scenario on a fresh deployment and return the gas of each call. */
export async function measureGas(options: MeasureOptions = {}): Promise<GasSnapshot> {
  const log = options.log ?? (() => undefined);
  const gas: GasSnapshot = {};
  const [deployer, oracleSigner] = await ethers.getSigners();
  const layer = await deploySubnetLayer(deployer, {
    genesis: [{ to: deployer.address, amount: tao(1_000_000) }],
    networkRateLimit: 0n,
    triumvirate: [deployer.address],
  });
  await (await layer.settlement.setOracle(oracleSigner.address, true)).wait();
  const a = layer.addresses;

  // TAO.
  const owner = await wallet("owner");
  gas["Tao.transfer"] = await gasOf(layer.tao.transfer(owner.address, tao(50_000)));
  gas["Tao.approve"] = await gasOf(layer.tao.connect(owner).approve(a.SubnetRegistry, ethers.MaxUint256));

  // A subnet, started, with a tempo long enough to register and stake before its first epoch.
  const ownerHotkey = await wallet("owner hotkey");
  const lock = await layer.registry.networkLockCost();
  gas["SubnetRegistry.registerNetwork"] = await gasOf(layer.registry.connect(owner).registerNetwork(ownerHotkey.address, lock));
  const netuid = 1;
  gas["SubnetRegistry.startCall"] = await gasOf(layer.registry.connect(owner).startCall(netuid));
  const params = { ...plainHyperparameters(await layer.registry.hyperparameters(netuid)), tempo: 2_000, weightsSetRateLimit: 10 };
  gas["SubnetRegistry.setHyperparameters"] = await gasOf(layer.registry.setHyperparameters(netuid, params));
  const IMMUNITY_PERIOD = 12; // ISubnetOwnerAdmin.Parameter.ImmunityPeriod
  gas["SubnetOwnerAdmin.setParameter (immunityPeriod)"] = await gasOf(
    layer.ownerAdmin.connect(owner).setParameter(netuid, IMMUNITY_PERIOD, 4_096),
  );
  // Root stake and τ = 1, so that the root proportion keeps most emission injected as liquidity (docs/spec/chain.md
  // §2.4): without it every TAO of emission is a chain buy, and the 216_000 blocks mined below would push the
  // only pool's price so high that the second subnet's swap could not be made. The root TAO sits on the
  // second subnet's owner hotkey, registered now and started last, so it is nobody's stake on subnet 1.
  const ownerHotkey2 = await wallet("owner hotkey 2");
  await (await layer.registry.connect(owner).registerNetwork(ownerHotkey2.address, await layer.registry.networkLockCost())).wait();
  await (await layer.tao.approve(a.Staking, tao(500_000))).wait();
  await (await layer.staking.addStake(ownerHotkey2.address, 0, tao(500_000))).wait();
  await (await layer.staking.setTaoWeight((1n << 64n) - 1n)).wait();

  // 255 neurons: one coldkey registers every hotkey (UID 0 is the owner's).
  const coldkey = await wallet("coldkey");
  await (await layer.tao.transfer(coldkey.address, tao(200_000))).wait();
  await (await layer.tao.connect(coldkey).approve(a.SubnetRegistry, ethers.MaxUint256)).wait();
  await (await layer.tao.connect(coldkey).approve(a.Staking, ethers.MaxUint256)).wait();
  const hotkeys: Wallet[] = [ownerHotkey];
  for (let uid = 1; uid < UIDS; uid++) {
    const hotkey = await wallet(`hotkey ${uid}`);
    const register = (): Promise<ContractTransactionResponse> => layer.registry.connect(coldkey).burnedRegister(netuid, hotkey.address, tao(1_000));
    const used = uid === 128 ? await gasAfterAccrual(layer, register) : await gasOf(register());
    if (uid === 128) gas["SubnetRegistry.burnedRegister (block accrued)"] = used;
    if (uid === 1) gas["SubnetRegistry.burnedRegister (first neuron)"] = used;
    if (uid === UIDS - 1) gas["SubnetRegistry.burnedRegister (256th uid)"] = used;
    hotkeys.push(hotkey);
    if (uid % 64 === 0) log(`registered ${uid}/${UIDS - 1} neurons`);
  }

  // Stake: validators are UIDs 1..64.
  for (let v = 1; v <= VALIDATORS; v++) {
    const stake = (): Promise<ContractTransactionResponse> => layer.staking.connect(coldkey).addStake(hotkeys[v].address, netuid, tao(100 + v));
    const used = v === 2 ? await gasAfterAccrual(layer, stake) : await gasOf(stake());
    if (v === 1) gas["Staking.addStake (new position)"] = used;
    if (v === 2) gas["Staking.addStake (new position, block accrued)"] = used;
  }
  gas["Staking.addStake (existing position)"] = await gasOf(layer.staking.connect(coldkey).addStake(hotkeys[1].address, netuid, tao(10)));
  const position = await layer.staking.stakeOf(hotkeys[1].address, coldkey.address, netuid);
  gas["Staking.removeStake (part of a position)"] = await gasOf(layer.staking.connect(coldkey).removeStake(hotkeys[1].address, netuid, position / 4n));
  // The same calls after another transaction of their block accrued its emission: what every call but a
  // block's first pays (the first carries the block's accrual, as subtensor's block initialisation does).
  gas["Staking.addStake (existing position, block accrued)"] = await gasAfterAccrual(layer, () =>
    layer.staking.connect(coldkey).addStake(hotkeys[1].address, netuid, tao(10)),
  );
  gas["Staking.removeStake (part of a position, block accrued)"] = await gasAfterAccrual(layer, () =>
    layer.staking.connect(coldkey).removeStake(hotkeys[1].address, netuid, position / 8n),
  );
  const staker = await wallet("staker");
  await (await layer.tao.transfer(staker.address, tao(100))).wait();
  await (await layer.tao.connect(staker).approve(a.Staking, ethers.MaxUint256)).wait();
  await (await layer.staking.connect(staker).addStake(hotkeys[2].address, netuid, tao(20))).wait();
  const whole = await layer.staking.stakeOf(hotkeys[2].address, staker.address, netuid);
  gas["Staking.removeStake (whole position)"] = await gasOf(layer.staking.connect(staker).removeStake(hotkeys[2].address, netuid, whole));

  // Limit orders, full unstakes, moves, allowances and liquid α, by `staker` on validator 3.
  const st = layer.staking.connect(staker);
  const v3 = hotkeys[3].address;
  await (await layer.tao.transfer(staker.address, tao(1_000))).wait();
  const price = await layer.staking.spotPrice(netuid);
  gas["Staking.addStakeLimit (partial fill)"] = await gasOf(st.addStakeLimit(v3, netuid, tao(1_000), (price * 1_001n) / 1_000n, true));
  gas["Staking.addStakeLimit (full fill)"] = await gasOf(st.addStakeLimit(v3, netuid, tao(1), price * 2n, false));
  await (await st.addStake(v3, netuid, tao(500))).wait();
  const part = (await layer.staking.stakeOf(v3, staker.address, netuid)) / 10n; // α is dear here: 255 burns
  gas["Staking.moveStake (same subnet, new position)"] = await gasOf(st.moveStake(v3, hotkeys[4].address, netuid, netuid, part));
  gas["Staking.transferStake (same subnet, new position)"] = await gasOf(st.transferStake(owner.address, v3, netuid, netuid, part));
  gas["Staking.approve"] = await gasOf(st.approve(owner.address, netuid, part));
  gas["Staking.transferStakeFrom (same subnet)"] = await gasOf(
    layer.staking.connect(owner).transferStakeFrom(staker.address, owner.address, v3, netuid, netuid, part),
  );
  gas["Staking.withdrawAlpha"] = await gasOf(st.withdrawAlpha(v3, netuid, part));
  const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), staker);
  await (await alpha.approve(a.Staking, ethers.MaxUint256)).wait();
  gas["Staking.depositAlpha (existing position)"] = await gasOf(st.depositAlpha(v3, netuid, part));
  gas["Staking.recycleAlpha"] = await gasOf(st.recycleAlpha(v3, netuid, part / 2n));
  gas["Staking.burnAlpha"] = await gasOf(st.burnAlpha(v3, netuid, part / 2n));
  const limitSell = ((await layer.staking.spotPrice(netuid)) * 999n) / 1_000n;
  const staked = await layer.staking.stakeOf(v3, staker.address, netuid);
  gas["Staking.removeStakeLimit (partial fill)"] = await gasOf(st.removeStakeLimit(v3, netuid, staked, limitSell, true));
  gas["Staking.removeStakeFull"] = await gasOf(st.removeStakeFull(v3, netuid));
  gas["Staking.increaseAllowance"] = await gasOf(st.increaseAllowance(owner.address, netuid, part));
  gas["Staking.decreaseAllowance"] = await gasOf(st.decreaseAllowance(owner.address, netuid, part));

  // Root stake (netuid 0) on the second subnet's owner hotkey, which holds no UID on subnet 1, so no
  // stake weight there changes; root claims.
  const rootHotkey = ownerHotkey2.address;
  gas["Staking.addStake (root)"] = await gasOf(st.addStake(rootHotkey, 0, tao(20)));
  gas["Staking.removeStake (root, part)"] = await gasOf(st.removeStake(rootHotkey, 0, tao(5)));
  gas["Staking.setRootClaimType"] = await gasOf(st.setRootClaimType(1));
  gas["Staking.claimRoot (1 subnet, nothing owed)"] = await gasOf(st.claimRoot(rootHotkey, [netuid]));
  await (await st.addStake(v3, netuid, tao(50))).wait();
  gas["Staking.removeStakeFullLimit"] = await gasOf(st.removeStakeFullLimit(v3, netuid, 1n));
  gas["Staking.setTransfersEnabled"] = await gasOf(layer.staking.connect(owner).setTransfersEnabled(netuid, true));
  log(`staked ${VALIDATORS} validators`);

  // The first point of measureScaling's series (its 16, 64 and 128 subnets): each accrues the one block since the last.
  gas["Coinbase.accrue (1 subnet)"] = await gasOf(layer.coinbase.accrue());
  const accrueSubnet = accrueSubnetOf(layer);
  if (accrueSubnet !== null) gas["Coinbase.accrueSubnet (1 subnet)"] = await gasOf(accrueSubnet(netuid));

  // Epoch 1 gives the validators their permits; then every validator weights all 256 UIDs.
  // The node leaves the stake credits unclaimed: their claims are measured on their own below.
  const node = new OracleNode({
    signer: oracleSigner,
    lens: a.MetagraphLens,
    settlement: a.EpochSettlement,
    store: new MemoryBondsStore(),
    claimStakeCredits: false,
  });
  const settleEpoch = async (label: string): Promise<void> => {
    await mineTo(await layer.coinbase.dueBlock(netuid));
    const before = await ethers.provider.getBlockNumber();
    const results = await node.tick();
    if (!results.some((r) => r.netuid === netuid && r.outcome === "settled")) throw new Error(`epoch ${label} was not settled`);
    for (const { name, receipt } of await callsSince(layer, before, a.EpochSettlement)) {
      gas[`EpochSettlement.${name} (${label})`] = Number(receipt.gasUsed);
    }
    log(`settled the ${label} epoch`);
  };
  await settleEpoch("256 uids, no weights yet");

  // Weights: validator 1 weights every UID (then rewrites it, packed and as arrays); the others agree on
  // all 191 miners, so the second epoch pays every UID: 191 miners and 64 validators. The last
  // validator's first row is a packed 256-entry one, replaced by the 191 miners before the epoch.
  const uids = Array.from({ length: UIDS }, (_, u) => u);
  const paidMiners = uids.slice(VALIDATORS + 1);
  const values = (row: readonly number[], v: number, round: number): number[] =>
    row.map((u) => 1 + ((u * 7919 + v * 104_729 + round * 31) % 65_535));
  gas["Weights.setWeights (256 uids, first)"] = await gasOf(layer.weights.connect(hotkeys[1]).setWeights(netuid, uids, values(uids, 1, 0), 0));
  for (let v = 2; v < VALIDATORS; v++) {
    const used = await gasOf(layer.weights.connect(hotkeys[v]).setWeights(netuid, paidMiners, values(paidMiners, v, 0), 0));
    if (v === 2) gas["Weights.setWeights (191 uids, first)"] = used;
  }
  const last = layer.weights.connect(hotkeys[VALIDATORS]);
  gas["Weights.setWeightsPacked (256 uids, first)"] = await gasOf(last.setWeightsPacked(netuid, packWeightPairs(uids, values(uids, VALIDATORS, 0)), 0));
  await mine(10);
  gas["Weights.setWeightsPacked (256 uids)"] = await gasOf(
    layer.weights.connect(hotkeys[1]).setWeightsPacked(netuid, packWeightPairs(uids, values(uids, 1, 2)), 0),
  );
  await (await last.setWeights(netuid, paidMiners, values(paidMiners, VALIDATORS, 0), 0)).wait();
  await mine(10);
  gas["Weights.setWeights (256 uids)"] = await gasOf(layer.weights.connect(hotkeys[1]).setWeights(netuid, uids, values(uids, 1, 1), 0));
  gas["Weights.setWeights (8 uids)"] = await gasOf(layer.weights.connect(hotkeys[3]).setWeights(netuid, paidMiners.slice(0, 8), values(paidMiners, 3, 2).slice(0, 8), 0));
  log(`${VALIDATORS} validators set weights`);

  // Its first paying epoch: most metagraph words and every credit word go from zero to non-zero (22.1k
  // gas each, against 5k for a rewrite), so it costs about 2M more than the epochs after it.
  await settleEpoch("256 uids, first epoch paying 191 miners and 64 validators");

  // The epoch credited every miner's incentive and every validator's take to its UID; anyone stakes them
  // for their owners, a batch at a time (the node's batch is 64 UIDs): 64 miners' new positions, then
  // the validators' takes onto their existing positions.
  gas["EpochSettlement.claimStakeCredits (64 miners, new positions)"] = await gasOf(
    layer.settlement.claimStakeCredits(netuid, paidMiners.slice(0, 64)),
  );
  gas["EpochSettlement.claimStakeCredits (64 validators, existing positions)"] = await gasOf(
    layer.settlement.claimStakeCredits(netuid, uids.slice(1, VALIDATORS + 1)),
  );
  await (await layer.settlement.claimStakeCredits(netuid, paidMiners.slice(64))).wait();
  if ((await layer.settlement.stakeCredits(netuid)).some((credit) => credit > 0n)) throw new Error("stake credits left unclaimed");

  // The next epoch, with the same weights: every subnet's epoch from then on.
  await settleEpoch("256 uids, 191 miners and 64 validators paid");

  // The subnet is full (256 UIDs, all still immune): a registration prunes the best immune UID (§5.3).
  gas["SubnetRegistry.burnedRegister (full subnet, prunes a uid)"] = await gasOf(
    layer.registry.connect(coldkey).burnedRegister(netuid, (await wallet("hotkey 256")).address, tao(1_000)),
  );

  // Delegate take (§4.3): a decrease now, an increase once the rate limit has passed.
  gas["SubnetRegistry.decreaseTake"] = await gasOf(layer.registry.connect(coldkey).decreaseTake(hotkeys[2].address, 10_000));
  await mine(216_000); // SubnetRegistry.TAKE_RATE_LIMIT
  gas["SubnetRegistry.increaseTake"] = await gasOf(layer.registry.connect(coldkey).increaseTake(hotkeys[2].address, 11_000));

  // The second subnet starts last, so that every call above runs with one: swapStake sells on 1 and buys on 2.
  await (await layer.registry.connect(owner).startCall(2)).wait();
  gas["Staking.swapStake (new position)"] = await gasOf(layer.staking.connect(coldkey).swapStake(hotkeys[1].address, netuid, 2, tao(1)));

  // Dissolution (docs/spec/chain.md §5.1): at SubnetLimit 2 a registration dissolves the lowest EMA price,
  // subnet 2 (started last); its stakers and liquid α holders redeem. Then governance dissolves the new one.
  const onTwo = await layer.staking.stakeOf(hotkeys[1].address, coldkey.address, 2);
  await (await layer.staking.connect(coldkey).withdrawAlpha(hotkeys[1].address, 2, onTwo / 2n)).wait();
  await (await layer.registry.setSubnetLimit(2)).wait();
  await (await layer.registry.setNetworkImmunityPeriod(0)).wait();
  const [, pruned] = await layer.registry.networkToPrune();
  if (pruned !== 2n) throw new Error(`expected subnet 2 to be pruned, not ${pruned}`);
  await (await layer.tao.connect(owner).approve(a.SubnetRegistry, ethers.MaxUint256)).wait();
  gas["SubnetRegistry.registerNetwork (at SubnetLimit, dissolves a subnet)"] = await gasOf(
    layer.registry.connect(owner).registerNetwork((await wallet("owner hotkey 3")).address, await layer.registry.networkLockCost()),
  );
  gas["Staking.redeemStake"] = await gasOf(layer.staking.connect(coldkey).redeemStake(hotkeys[1].address, 2));
  gas["Staking.redeemAlpha"] = await gasOf(layer.staking.connect(coldkey).redeemAlpha(2, onTwo / 4n));
  const live = await layer.registry.netuids();
  gas["SubnetRegistry.dissolveNetwork"] = await gasOf(layer.registry.dissolveNetwork(live[live.length - 1]));

  // Governance: 13 of the coldkey's hotkeys take root stake; 12 fill the Senate, the 13th (most stake)
  // replaces the lowest. The deployer (the Triumvirate) proposes; the timelock is made admin to execute.
  const senate = layer.senate;
  for (let v = 1; v <= 13; v++) await (await layer.staking.connect(coldkey).addStake(hotkeys[v].address, 0, tao(v))).wait();
  gas["Senate.adjustSenate (free seat)"] = await gasOf(senate.adjustSenate(hotkeys[1].address));
  for (let v = 2; v <= 12; v++) await (await senate.adjustSenate(hotkeys[v].address)).wait();
  gas["Senate.adjustSenate (12 seats, replaces the lowest)"] = await gasOf(senate.adjustSenate(hotkeys[13].address));
  await (await layer.accessManager.grantRole(0, a.TimelockController, 0)).wait();
  const motion: [string[], bigint[], string[]] = [[a.SubnetRegistry], [0n], [layer.registry.interface.encodeFunctionData("setNetworkRateLimit", [7_200n])]];
  const description = "Network rate limit back to 7200 blocks";
  gas["Senate.propose (1 call)"] = await gasOf(senate.propose(...motion, description, 3_600n));
  const motionId = await senate.hashMotion(...motion, id(description));
  const vote = (v: number, aye: boolean) => senate.connect(coldkey).vote(hotkeys[v].address, motionId, aye);
  gas["Senate.vote (first vote on a motion)"] = await gasOf(vote(2, true));
  gas["Senate.vote (aye)"] = await gasOf(vote(3, true));
  gas["Senate.vote (changed to nay)"] = await gasOf(vote(3, false));
  for (let v = 4; v <= 9; v++) await (await vote(v, true)).wait(); // 7 ayes of 12: the threshold
  gas["Senate.close (approved, queued)"] = await gasOf(senate.close(...motion, id(description)));
  await network.provider.send("evm_increaseTime", [Number(await layer.timelock.getMinDelay())]);
  gas["Senate.execute (1 call)"] = await gasOf(senate.execute(...motion, id(description)));
  return Object.fromEntries(Object.entries(gas).sort(([x], [y]) => x.localeCompare(y)));
}

/**
 * Subnet counts {@link measureScaling} measures the block's emission accrual at; its 1-subnet point is
 * "Coinbase.accrue (1 subnet)" of {@link measureGas}.
 */
export const SCALING_SUBNETS = [16, 64, 128] as const;
/** Blocks mined before each call measureScaling measures, so that the call has blocks to accrue. */
const BLOCKS_BEFORE = 2;

export interface MeasuredGas {
  /** Keys as in {@link GasSnapshot}. */
  gas: GasSnapshot;
  /** Calls that need more gas than one transaction may use here (key → why); not in `gas`. */
  notMeasurable: Record<string, string>;
}

/**
 * The calls whose cost grows with the number of started subnets, each as its block's first transaction
 * (so it pays the block's accrual over every subnet): "Coinbase.accrue (N subnets)" (and
 * "Coinbase.accrueSubnet (N subnets)" where the Coinbase has it) for N in {@link SCALING_SUBNETS}, then
 * addStake and removeStake at the largest N. On a fresh deployment of its own: one owner registers
 * every subnet at the minimum lock (scripts/lib/many-subnets.ts), then starts them a batch at a time. Root
 * stake and τ = 1, as in measureGas, so the root proportion is not zero and the accrual takes its
 * injection path. Calls are sent with the most gas a transaction may have (EIP-7825's 2^24): one that
 * needs more is reported in `notMeasurable`. The 128 registrations take most of its ~20 s.
 */
export async function measureScaling(options: MeasureOptions = {}): Promise<MeasuredGas> {
  const log = options.log ?? (() => undefined);
  const result: MeasuredGas = { gas: {}, notMeasurable: {} };
  const [deployer] = await ethers.getSigners();
  const layer = await deploySubnetLayer(deployer, { genesis: [{ to: deployer.address, amount: tao(1_000_000) }], networkRateLimit: 0n });
  const a = layer.addresses;
  const gasLimit = await maxTransactionGas();
  const record = async (key: string, send: (overrides: Overrides) => Promise<ContractTransactionResponse>): Promise<void> => {
    await mine(BLOCKS_BEFORE);
    const used = await gasWithin(send, gasLimit);
    if (used === null) result.notMeasurable[key] = `over the ${gasLimit.toLocaleString("en-US")} gas a transaction may have`;
    else result.gas[key] = used;
  };

  const most = SCALING_SUBNETS[SCALING_SUBNETS.length - 1];
  const owner = await wallet("scaling owner");
  await (await layer.tao.transfer(owner.address, BigInt(most) * tao(100) + tao(10))).wait(); // NETWORK_MIN_LOCK_COST each
  const netuids = await registerSubnets(layer, owner, most, { log });
  const [netuid, hotkey] = [netuids[0], ownerHotkeyOf(0)];
  await (await layer.tao.approve(a.Staking, tao(100_000))).wait();
  await (await layer.staking.addStake(hotkey, 0, tao(100_000))).wait();
  await (await layer.staking.setTaoWeight((1n << 64n) - 1n)).wait();
  const staker = await wallet("scaling staker");
  await (await layer.tao.transfer(staker.address, tao(1_000))).wait();
  await (await layer.tao.connect(staker).approve(a.Staking, ethers.MaxUint256)).wait();
  const st = layer.staking.connect(staker);

  const accrueSubnet = accrueSubnetOf(layer);
  let started = 0;
  for (const n of SCALING_SUBNETS) {
    await startSubnets(layer, owner, netuids.slice(started, n));
    if (started === 0) await (await st.addStake(hotkey, netuid, tao(100))).wait(); // the position measured at the end
    started = n;
    // A just-started subnet's first accrual writes its buckets and EMA price from zero: not measured.
    await gasWithin((o) => layer.coinbase.accrue(o), gasLimit);
    await record(`Coinbase.accrue (${n} subnets)`, (o) => layer.coinbase.accrue(o));
    if (accrueSubnet !== null) await record(`Coinbase.accrueSubnet (${n} subnets)`, (o) => accrueSubnet(netuid, o));
    log(`${n} subnets started, their accrual measured`);
  }
  await record(`Staking.addStake (existing position, block's first call, ${most} subnets)`, (o) => st.addStake(hotkey, netuid, tao(10), o));
  const position = await layer.staking.stakeOf(hotkey, staker.address, netuid);
  await record(`Staking.removeStake (part of a position, block's first call, ${most} subnets)`, (o) => st.removeStake(hotkey, netuid, position / 4n, o));
  // Past the due block a subnet accrues no α until it is settled: the accruals above would cost less.
  if (await layer.coinbase.isDue(netuid)) throw new Error(`subnet ${netuid} came due during the measurement`);
  return result;
}

/**
 * Both scenarios, each on a freshly reset chain: what `npm run gas` writes to gas-snapshot.json and the
 * snapshot test compares with it.
 */
export async function measureAll(options: MeasureOptions = {}): Promise<MeasuredGas> {
  await reset();
  const scenario = await measureGas(options);
  await reset();
  const scaling = await measureScaling(options);
  const gas = Object.fromEntries(Object.entries({ ...scenario, ...scaling.gas }).sort(([x], [y]) => x.localeCompare(y)));
  return { gas, notMeasurable: scaling.notMeasurable };
}

/** Calls whose gas went over the snapshot by more than `tolerance` (e.g. 0.01), and keys that differ. */
export function compareGas(
  snapshot: GasSnapshot,
  measured: GasSnapshot,
  tolerance = 0.01,
): { over: Array<{ key: string; snapshot: number; measured: number }>; missing: string[]; added: string[] } {
  const over = Object.keys(snapshot)
    .filter((key) => key in measured && measured[key] > snapshot[key] * (1 + tolerance))
    .map((key) => ({ key, snapshot: snapshot[key], measured: measured[key] }));
  return {
    over,
    missing: Object.keys(snapshot).filter((key) => !(key in measured)),
    added: Object.keys(measured).filter((key) => !(key in snapshot)),
  };
}
