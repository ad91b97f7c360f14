/**
 * Staking tasks (docs/spec/chain.md §3): `stake`, `unstake`, `move-stake`, `swap-stake`,
 * `transfer-stake` (the limit versions with `--limit-price`), `claim-root`, `claim-credits`, and the
 * read-only `positions`. Amounts are decimal TAO or α (9 decimals); prices are TAO per α.
 */
import { task } from "hardhat/config";
import { formatRao as fmt } from "../scripts/lib/table";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  TaskInputError,
  addressFor,
  ensureTaoAllowance,
  guarded,
  layerOf,
  parseAmount,
  parseNetuid,
  parsePrice,
  parseU16List,
  signerFor,
} from "./lib/task-helpers";

const DEPLOYMENT = "Deployment file (default deployments/<network>.json)";

interface Common {
  from: string;
  deployment?: string;
}

async function setUp(hre: HardhatRuntimeEnvironment, a: Common) {
  const signer = await signerFor(hre, a.from);
  const layer = await layerOf(hre, a.deployment, signer);
  return { signer, layer, coldkey: await signer.getAddress() };
}

task("stake", "Buys α with TAO and stakes it on a hotkey (netuid 0: root stake)")
  .addParam("netuid", "The subnet")
  .addParam("hotkey", "The hotkey: an address or account index")
  .addParam("amount", "TAO to spend, fee included")
  .addOptionalParam("limitPrice", "The highest price to buy up to, TAO per α (addStakeLimit)")
  .addFlag("allowPartial", "With --limit-price: spend only what fills within the limit instead of reverting")
  .addOptionalParam("from", "Coldkey: account index or address", "0")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: Common & { netuid: string; hotkey: string; amount: string; limitPrice?: string; allowPartial: boolean }, hre) =>
    guarded(async () => {
      const netuid = parseNetuid(a.netuid);
      const amount = parseAmount(a.amount, "--amount");
      const limit = a.limitPrice === undefined ? undefined : parsePrice(a.limitPrice);
      if (a.allowPartial && limit === undefined) throw new TaskInputError("--allow-partial needs --limit-price");
      const { layer, coldkey } = await setUp(hre, a);
      const hotkey = await addressFor(hre, a.hotkey, "--hotkey");
      const balance = await layer.tao.balanceOf(coldkey);
      if (balance < amount) throw new TaskInputError(`${coldkey} holds ${fmt(balance)} TAO, less than --amount ${a.amount}`);
      await ensureTaoAllowance(layer.tao, coldkey, layer.addresses.Staking, amount);
      const before = await layer.staking.stakeOf(hotkey, coldkey, netuid);
      if (limit === undefined) await (await layer.staking.addStake(hotkey, netuid, amount)).wait();
      else await (await layer.staking.addStakeLimit(hotkey, netuid, amount, limit, a.allowPartial)).wait();
      const after = await layer.staking.stakeOf(hotkey, coldkey, netuid);
      const spent = balance - (await layer.tao.balanceOf(coldkey));
      // Root stake (netuid 0) is TAO held one for one, not α bought from a pool.
      if (netuid === 0) console.log(`Staked ${fmt(after - before)} TAO of root stake on ${hotkey}; root position ${fmt(after)} TAO`);
      else console.log(`Staked ${fmt(after - before)} α on ${hotkey} in subnet ${netuid} for ${fmt(spent)} TAO; position ${fmt(after)} α`);
    }),
  );

task("unstake", "Unstakes α from a hotkey and sells it for TAO")
  .addParam("netuid", "The subnet")
  .addParam("hotkey", "The hotkey: an address or account index")
  .addOptionalParam("amount", "α to unstake, fee included")
  .addFlag("all", "The whole position (removeStakeFull)")
  .addOptionalParam("limitPrice", "The lowest price to sell down to, TAO per α (removeStakeLimit)")
  .addFlag("allowPartial", "With --limit-price: sell only what fills within the limit instead of reverting")
  .addOptionalParam("from", "Coldkey: account index or address", "0")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: Common & { netuid: string; hotkey: string; amount?: string; all: boolean; limitPrice?: string; allowPartial: boolean }, hre) =>
    guarded(async () => {
      const netuid = parseNetuid(a.netuid);
      if ((a.amount === undefined) === !a.all) throw new TaskInputError("give exactly one of --amount and --all");
      const amount = a.amount === undefined ? undefined : parseAmount(a.amount, "--amount");
      const limit = a.limitPrice === undefined ? undefined : parsePrice(a.limitPrice);
      if (a.allowPartial && (limit === undefined || a.all)) throw new TaskInputError("--allow-partial needs --limit-price and --amount");
      const { layer, coldkey } = await setUp(hre, a);
      const hotkey = await addressFor(hre, a.hotkey, "--hotkey");
      const position = await layer.staking.stakeOf(hotkey, coldkey, netuid);
      if (position === 0n) throw new TaskInputError(`${coldkey} has no stake on ${hotkey} in subnet ${netuid}`);
      if (amount !== undefined && amount > position) throw new TaskInputError(`--amount ${a.amount} is above the position, ${fmt(position)} α`);
      const taoBefore = await layer.tao.balanceOf(coldkey);
      if (amount === undefined) {
        if (limit === undefined) await (await layer.staking.removeStakeFull(hotkey, netuid)).wait();
        else await (await layer.staking.removeStakeFullLimit(hotkey, netuid, limit)).wait();
      } else if (limit === undefined) await (await layer.staking.removeStake(hotkey, netuid, amount)).wait();
      else await (await layer.staking.removeStakeLimit(hotkey, netuid, amount, limit, a.allowPartial)).wait();
      const left = await layer.staking.stakeOf(hotkey, coldkey, netuid);
      const received = (await layer.tao.balanceOf(coldkey)) - taoBefore;
      console.log(`Unstaked ${fmt(position - left)} α from ${hotkey} in subnet ${netuid} for ${fmt(received)} TAO; position ${fmt(left)} α`);
    }),
  );

task("move-stake", "Moves stake to another hotkey and/or subnet (one fee across subnets)")
  .addParam("fromHotkey", "The hotkey staked on")
  .addParam("toHotkey", "The hotkey to stake on")
  .addParam("fromNetuid", "The subnet staked on")
  .addOptionalParam("toNetuid", "The subnet to stake on (default: the same)")
  .addParam("amount", "α to move")
  .addOptionalParam("from", "Coldkey: account index or address", "0")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: Common & { fromHotkey: string; toHotkey: string; fromNetuid: string; toNetuid?: string; amount: string }, hre) =>
    guarded(async () => {
      const origin = parseNetuid(a.fromNetuid, "--from-netuid");
      const destination = a.toNetuid === undefined ? origin : parseNetuid(a.toNetuid, "--to-netuid");
      const amount = parseAmount(a.amount, "--amount");
      const { layer, coldkey } = await setUp(hre, a);
      const fromHotkey = await addressFor(hre, a.fromHotkey, "--from-hotkey");
      const toHotkey = await addressFor(hre, a.toHotkey, "--to-hotkey");
      await checkPosition(layer.staking, fromHotkey, coldkey, origin, amount, a.amount);
      const received = await landed(layer.staking, toHotkey, coldkey, destination, () => layer.staking.moveStake(fromHotkey, toHotkey, origin, destination, amount));
      console.log(`Moved ${a.amount} α from ${fromHotkey} (subnet ${origin}) to ${toHotkey} (subnet ${destination}): ${fmt(received)} α received`);
    }),
  );

task("swap-stake", "Moves stake on one hotkey to another subnet (one fee, on the sale)")
  .addParam("hotkey", "The hotkey, on both sides")
  .addParam("fromNetuid", "The subnet staked on")
  .addParam("toNetuid", "The subnet to stake on")
  .addParam("amount", "α to move")
  .addOptionalParam("from", "Coldkey: account index or address", "0")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: Common & { hotkey: string; fromNetuid: string; toNetuid: string; amount: string }, hre) =>
    guarded(async () => {
      const origin = parseNetuid(a.fromNetuid, "--from-netuid");
      const destination = parseNetuid(a.toNetuid, "--to-netuid");
      if (origin === destination) throw new TaskInputError("--from-netuid and --to-netuid must differ (use move-stake to change hotkey)");
      const amount = parseAmount(a.amount, "--amount");
      const { layer, coldkey } = await setUp(hre, a);
      const hotkey = await addressFor(hre, a.hotkey, "--hotkey");
      await checkPosition(layer.staking, hotkey, coldkey, origin, amount, a.amount);
      const received = await landed(layer.staking, hotkey, coldkey, destination, () => layer.staking.swapStake(hotkey, origin, destination, amount));
      console.log(`Swapped ${a.amount} α on ${hotkey} from subnet ${origin} to subnet ${destination}: ${fmt(received)} α received`);
    }),
  );

task("transfer-stake", "Gives stake to another coldkey, optionally on another subnet (TransferToggle must be on)")
  .addParam("to", "The new owner coldkey: an address or account index")
  .addParam("hotkey", "The hotkey, on both sides")
  .addParam("fromNetuid", "The subnet staked on")
  .addOptionalParam("toNetuid", "The subnet the new owner's stake lands on (default: the same)")
  .addParam("amount", "α to transfer")
  .addOptionalParam("from", "Coldkey: account index or address", "0")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: Common & { to: string; hotkey: string; fromNetuid: string; toNetuid?: string; amount: string }, hre) =>
    guarded(async () => {
      const origin = parseNetuid(a.fromNetuid, "--from-netuid");
      const destination = a.toNetuid === undefined ? origin : parseNetuid(a.toNetuid, "--to-netuid");
      const amount = parseAmount(a.amount, "--amount");
      const { layer, coldkey } = await setUp(hre, a);
      const to = await addressFor(hre, a.to, "--to");
      const hotkey = await addressFor(hre, a.hotkey, "--hotkey");
      await checkPosition(layer.staking, hotkey, coldkey, origin, amount, a.amount);
      const received = await landed(layer.staking, hotkey, to, destination, () => layer.staking.transferStake(to, hotkey, origin, destination, amount));
      console.log(`Transferred ${a.amount} α on ${hotkey} (subnet ${origin}) to ${to} (subnet ${destination}): ${fmt(received)} α received`);
    }),
  );

task("claim-root", "Claims the root dividends a root-staked hotkey earned on subnets")
  .addParam("hotkey", "The root-staked hotkey")
  .addParam("netuids", "Subnets to claim from, comma-separated")
  .addOptionalParam("from", "Coldkey: account index or address", "0")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: Common & { hotkey: string; netuids: string }, hre) =>
    guarded(async () => {
      const netuids = parseU16List(a.netuids, "--netuids");
      if (netuids.length === 0) throw new TaskInputError("--netuids names no subnet");
      const { layer, coldkey } = await setUp(hre, a);
      const hotkey = await addressFor(hre, a.hotkey, "--hotkey");
      if ((await layer.staking.stakeOf(hotkey, coldkey, 0)) === 0n) throw new TaskInputError(`${coldkey} has no root stake on ${hotkey}`);
      const claimed = await layer.staking.claimRoot.staticCall(hotkey, netuids);
      await (await layer.staking.claimRoot(hotkey, netuids)).wait();
      const type = Number(await layer.staking.rootClaimType(coldkey)) === 0 ? "swapped to root stake" : "kept as α stake";
      console.log(`Claimed root dividends on ${hotkey}: ${netuids.map((n, i) => `subnet ${n}: ${fmt(claimed[i])} α`).join(", ")} (${type})`);
    }),
  );

task("claim-credits", "Stakes a subnet's unclaimed stake credits (miner incentive, validator take) for their owners")
  .addParam("netuid", "The subnet")
  .addOptionalParam("uids", "UIDs to claim, comma-separated (default: every UID with a credit)")
  .addOptionalParam("from", "Any account pays the gas: index or address", "0")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: Common & { netuid: string; uids?: string }, hre) =>
    guarded(async () => {
      const netuid = parseNetuid(a.netuid);
      const { layer } = await setUp(hre, a);
      const credits = await layer.settlement.stakeCredits(netuid);
      const uids = a.uids === undefined ? [...credits].flatMap((c, uid) => (c > 0n ? [uid] : [])) : parseU16List(a.uids, "--uids");
      if (uids.length === 0) {
        console.log(`Subnet ${netuid} has no stake credits to claim`);
        return;
      }
      let total = 0n;
      for (let i = 0; i < uids.length; i += 64) {
        const batch = uids.slice(i, i + 64);
        total += await layer.settlement.claimStakeCredits.staticCall(netuid, batch);
        await (await layer.settlement.claimStakeCredits(netuid, batch)).wait();
      }
      console.log(`Claimed ${fmt(total)} α of stake credits on subnet ${netuid} for ${uids.length} UIDs`);
    }),
  );

task("positions", "Shows a coldkey's stake positions on a hotkey in every subnet (and the hotkey's totals)")
  .addParam("hotkey", "The hotkey: an address or account index")
  .addOptionalParam("coldkey", "Whose positions (default: --from)")
  .addOptionalParam("from", "Coldkey: account index or address", "0")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: Common & { hotkey: string; coldkey?: string }, hre) =>
    guarded(async () => {
      const { layer, coldkey: signerColdkey } = await setUp(hre, a);
      const hotkey = await addressFor(hre, a.hotkey, "--hotkey");
      const coldkey = a.coldkey === undefined ? signerColdkey : await addressFor(hre, a.coldkey, "--coldkey");
      const { formatTable } = await import("../scripts/lib/table");
      const netuids = [0, ...(await layer.registry.netuids()).map(Number)];
      const rows = [];
      for (const netuid of netuids) {
        const stake = await layer.staking.stakeOf(hotkey, coldkey, netuid);
        const total = await layer.staking.totalHotkeyAlpha(hotkey, netuid);
        if (stake === 0n && total === 0n) continue;
        const value = netuid === 0 ? stake : stake === 0n ? 0n : await layer.staking.simSwapAlphaForTao(netuid, stake).catch(() => 0n);
        const rootOwed = netuid === 0 ? 0n : await layer.staking.rootOwed(hotkey, coldkey, netuid);
        rows.push([netuid, fmt(stake), fmt(total), fmt(value), fmt(rootOwed)]);
      }
      console.log(`Hotkey ${hotkey} (owner ${await layer.registry.hotkeyOwner(hotkey)}), coldkey ${coldkey}; TAO balance ${fmt(await layer.tao.balanceOf(coldkey))}`);
      if (rows.length === 0) console.log("no stake on this hotkey");
      else console.log(formatTable(["netuid", "your stake α", "hotkey total α", "sell value TAO", "root owed α"], rows));
    }),
  );

/**
 * Sends `send` and resolves to the α that landed on (hotkey, coldkey, netuid): the position's change,
 * not a quote taken before the transaction (across subnets the pools move every block).
 */
async function landed(
  staking: { stakeOf(hotkey: string, coldkey: string, netuid: number): Promise<bigint> },
  hotkey: string,
  coldkey: string,
  netuid: number,
  send: () => Promise<{ wait(): Promise<unknown> }>,
): Promise<bigint> {
  const before = await staking.stakeOf(hotkey, coldkey, netuid);
  await (await send()).wait();
  return (await staking.stakeOf(hotkey, coldkey, netuid)) - before;
}

/** Refuses before sending when the coldkey's position cannot cover `amount`. */
async function checkPosition(
  staking: { stakeOf(hotkey: string, coldkey: string, netuid: number): Promise<bigint> },
  hotkey: string,
  coldkey: string,
  netuid: number,
  amount: bigint,
  text: string,
): Promise<void> {
  const position = await staking.stakeOf(hotkey, coldkey, netuid);
  if (position < amount) throw new TaskInputError(`--amount ${text} is above ${coldkey}'s position on ${hotkey} in subnet ${netuid}, ${fmt(position)} α`);
}
