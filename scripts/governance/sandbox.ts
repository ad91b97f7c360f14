/**
 * A local chain ready for governance (the README walkthrough and the `gov:sandbox` task): the protocol
 * deployed, account 1 the only Triumvirate member, accounts 2–4 the coldkeys of three Senators (hotkeys
 * registered on subnet 1, with 300, 200 and 100 TAO of root stake), and the deployer's rights handed
 * over to governance. Subnet 1 only binds the Senators' hotkeys: it is never started, so it has no
 * emission and no epochs of its own.
 */
import type { Signer } from "ethers";
import { Wallet } from "ethers";
import { type SubnetLayer, deploySubnetLayer, handOverToGovernance } from "../deploy";
import { tao } from "../lib/units";

/** Root stake of each Senator, in TAO (the seats follow this order). */
export const SANDBOX_ROOT_STAKES = [300, 200, 100] as const;

/** Builds the sandbox from the node's accounts (at least 5); resolves to the deployed layer. */
export async function setUpSandbox(accounts: readonly Signer[], timelockDelay: bigint, log: (line: string) => void = () => {}): Promise<SubnetLayer> {
  const [deployer, proposer, ...coldkeys] = accounts;
  const layer = await deploySubnetLayer(deployer, {
    genesis: [{ to: await deployer.getAddress(), amount: tao(1_000_000) }],
    networkRateLimit: 0n,
    triumvirate: [await proposer.getAddress()],
    timelockDelay,
  });
  const lock = await layer.registry.networkLockCost();
  await (await layer.tao.approve(layer.addresses.SubnetRegistry, lock)).wait();
  const netuid = await layer.registry.registerNetwork.staticCall(Wallet.createRandom().address, lock);
  await (await layer.registry.registerNetwork(Wallet.createRandom().address, lock)).wait();

  for (const [i, stake] of SANDBOX_ROOT_STAKES.entries()) {
    const coldkey = coldkeys[i];
    const hotkey = Wallet.createRandom().address;
    const price = await layer.registry.burn(netuid);
    await (await layer.tao.transfer(await coldkey.getAddress(), price + tao(stake))).wait();
    await (await layer.tao.connect(coldkey).approve(layer.addresses.SubnetRegistry, price)).wait();
    await (await layer.registry.connect(coldkey).burnedRegister(netuid, hotkey, price)).wait();
    await (await layer.tao.connect(coldkey).approve(layer.addresses.Staking, tao(stake))).wait();
    await (await layer.staking.connect(coldkey).addStake(hotkey, 0, tao(stake))).wait();
    await (await layer.senate.adjustSenate(hotkey)).wait();
    log(`Senator ${i}: hotkey ${hotkey}, coldkey ${await coldkey.getAddress()} (account ${i + 2}), ${stake} TAO root stake`);
  }
  await handOverToGovernance(layer);
  log(`Triumvirate: ${await proposer.getAddress()} (account 1). The deployer's rights now belong to governance (timelock delay ${timelockDelay} s).`);
  return layer;
}
