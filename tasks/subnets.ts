/**
 * Subnet and neuron tasks (docs/spec/chain.md §5): `register-network`, `start-call`, `accrue` (the
 * keeper's emission accrual), `register`, and the read-only `subnet` and `metagraph`. TAO allowances are approved as needed, for exactly what the
 * call may pull.
 */
import { formatUnits } from "ethers";
import { task } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { formatRao as fmt } from "../scripts/lib/table";
import { TaskInputError, addressFor, ensureTaoAllowance, guarded, layerOf, parseAmount, parseNetuid, parseU16List, signerFor } from "./lib/task-helpers";

const DEPLOYMENT = "Deployment file (default deployments/<network>.json)";

task("register-network", "Registers a subnet, paying the lock cost; the caller owns it")
  .addParam("hotkey", "The owner hotkey (UID 0): an address or account index")
  .addOptionalParam("maxLock", "The most TAO to pay (default: the current lock cost)")
  .addOptionalParam("from", "Owner coldkey: account index or address", "0")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: { hotkey: string; maxLock?: string; from: string; deployment?: string }, hre) =>
    guarded(async () => {
      const signer = await signerFor(hre, a.from);
      const layer = await layerOf(hre, a.deployment, signer);
      const hotkey = await addressFor(hre, a.hotkey, "--hotkey");
      const lock = await layer.registry.networkLockCost();
      const max = a.maxLock === undefined ? lock : parseAmount(a.maxLock, "--max-lock");
      if (max < lock) throw new TaskInputError(`the lock cost is ${fmt(lock)} TAO, above --max-lock ${a.maxLock}`);
      const owner = await signer.getAddress();
      const balance = await layer.tao.balanceOf(owner);
      if (balance < lock) throw new TaskInputError(`${owner} holds ${fmt(balance)} TAO; the lock cost is ${fmt(lock)}`);
      await ensureTaoAllowance(layer.tao, owner, layer.addresses.SubnetRegistry, lock);
      const netuid = await layer.registry.registerNetwork.staticCall(hotkey, max);
      await (await layer.registry.registerNetwork(hotkey, max)).wait();
      // The lock cost decays every block: what was paid is the balance's change, not the quote.
      const paid = balance - (await layer.tao.balanceOf(owner));
      console.log(`Registered subnet ${netuid}: owner ${owner}, owner hotkey ${hotkey}, lock ${fmt(paid)} TAO`);
    }),
  );

task("start-call", "Starts a subnet's emission and epochs (its owner, once)")
  .addParam("netuid", "The subnet")
  .addOptionalParam("from", "Owner coldkey: account index or address", "0")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: { netuid: string; from: string; deployment?: string }, hre) =>
    guarded(async () => {
      const netuid = parseNetuid(a.netuid);
      const layer = await layerOf(hre, a.deployment, await signerFor(hre, a.from));
      await (await layer.registry.startCall(netuid)).wait();
      console.log(`Started subnet ${netuid}: first epoch due at block ${await layer.coinbase.dueBlock(netuid)}`);
    }),
  );

task("accrue", "Accrues subnets' emission up to this block: a keeper's call (every subnet, every block, makes lazy accrual exact)")
  .addOptionalParam("netuids", "Subnets to accrue, comma-separated, one transaction each (default: every subnet, in one)")
  .addOptionalParam("from", "Account that pays: account index or address", "0")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: { netuids?: string; from: string; deployment?: string }, hre) =>
    guarded(async () => {
      const netuids = a.netuids === undefined ? undefined : parseU16List(a.netuids, "--netuids");
      if (netuids?.length === 0) throw new TaskInputError("--netuids names no subnet");
      const layer = await layerOf(hre, a.deployment, await signerFor(hre, a.from));
      const receipts = [];
      if (netuids === undefined) {
        receipts.push(await (await layer.coinbase.accrue()).wait());
      } else {
        for (const netuid of netuids) receipts.push(await (await layer.coinbase.accrueSubnet(netuid)).wait());
      }
      const lines: string[] = [];
      for (const receipt of receipts) {
        for (const log of receipt?.logs ?? []) {
          const e = log.address === layer.addresses.Coinbase ? layer.coinbase.interface.parseLog(log) : null;
          if (e?.name !== "SubnetAccrued") continue;
          const price = formatUnits(e.args.movingPrice as bigint, 18);
          lines.push(`subnet ${e.args.netuid}: blocks ${e.args.fromBlock}-${e.args.toBlock}, ${fmt(e.args.taoShare as bigint)} TAO share, EMA price ${price}`);
        }
      }
      const block = receipts[receipts.length - 1]?.blockNumber;
      console.log([`Accrued ${lines.length} subnet${lines.length === 1 ? "" : "s"} up to block ${block}`, ...lines].join("\n"));
    }),
  );

task("register", "Registers a neuron (a hotkey) on a subnet by burning the registration price")
  .addParam("netuid", "The subnet")
  .addParam("hotkey", "The hotkey: an address or account index")
  .addOptionalParam("maxBurn", "The most TAO to burn (default: the current price)")
  .addOptionalParam("from", "Coldkey that pays and owns the hotkey: account index or address", "0")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: { netuid: string; hotkey: string; maxBurn?: string; from: string; deployment?: string }, hre) =>
    guarded(async () => {
      const netuid = parseNetuid(a.netuid);
      const signer = await signerFor(hre, a.from);
      const layer = await layerOf(hre, a.deployment, signer);
      const hotkey = await addressFor(hre, a.hotkey, "--hotkey");
      if (!(await layer.registry.subnetExists(netuid))) throw new TaskInputError(`subnet ${netuid} does not exist`);
      const price = await layer.registry.burn(netuid);
      const max = a.maxBurn === undefined ? price : parseAmount(a.maxBurn, "--max-burn");
      if (max < price) throw new TaskInputError(`the registration price is ${fmt(price)} TAO, above --max-burn ${a.maxBurn}`);
      const coldkey = await signer.getAddress();
      await ensureTaoAllowance(layer.tao, coldkey, layer.addresses.SubnetRegistry, max);
      const balance = await layer.tao.balanceOf(coldkey);
      await (await layer.registry.burnedRegister(netuid, hotkey, max)).wait();
      const [, uid] = await layer.registry.uidOf(netuid, hotkey);
      const burned = balance - (await layer.tao.balanceOf(coldkey));
      console.log(`Registered hotkey ${hotkey} on subnet ${netuid} as UID ${uid}, burning ${fmt(burned)} TAO`);
    }),
  );

task("subnet", "Shows a subnet: owner, neurons, pool and price, emission, epochs, hyperparameters")
  .addParam("netuid", "The subnet")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: { netuid: string; deployment?: string }, hre) =>
    guarded(async () => {
      const { netuid, layer } = await existingSubnet(hre, a);
      const { formatTable } = await import("../scripts/lib/table");
      const { plainHyperparameters } = await import("../scripts/lib/hyperparameters");
      const info = await layer.registry.subnet(netuid);
      const [taoReserve, alphaReserve] = await layer.staking.pool(netuid);
      const started = info.startBlock > 0n;
      // The Coinbase knows a subnet only from its start-call.
      const pending = started ? await layer.coinbase.pending(netuid) : { server: 0n, validator: 0n, root: 0n, ownerCut: 0n };
      const rows: Array<[string, string]> = [
        ["owner coldkey", info.owner],
        ["owner hotkey", info.ownerHotkey],
        ["alpha token", info.alpha],
        ["neurons", String(info.n)],
        ["registered at block", String(info.registeredAt)],
        ["started", started ? `block ${info.startBlock}` : "no (start-call)"],
        ["pool", `${fmt(taoReserve)} TAO / ${fmt(alphaReserve)} α`],
        ["spot price", `${fmt(await layer.staking.spotPrice(netuid))} TAO per α`],
        // The EMA price is 1e18 fixed point, and follows min(spot, 1) (docs/spec/chain.md §2.3).
        ["EMA price", started ? `${formatUnits(await layer.coinbase.movingPrice(netuid), 18)} TAO per α` : "-"],
        ["α issuance", started ? `${fmt(await layer.coinbase.alphaIssuance(netuid))} α` : "-"],
        ["pending (server/validator/root/owner)", Object.values(pendingParts(pending)).map((v) => fmt(v)).join(" / ")],
        ["registration price", `${fmt(await layer.registry.burn(netuid))} TAO`],
        ["epochs settled", started ? String(await layer.coinbase.epochsSettled(netuid)) : "0"],
        ["last epoch block", started ? String(await layer.coinbase.lastEpochBlock(netuid)) : "-"],
        ["next epoch due", started ? `block ${await layer.coinbase.dueBlock(netuid)} (now ${await hre.ethers.provider.getBlockNumber()})` : "-"],
      ];
      for (const [k, v] of Object.entries(plainHyperparameters(await layer.registry.hyperparameters(netuid)))) rows.push([k, String(v)]);
      console.log(`Subnet ${netuid}`);
      console.log(formatTable(["field", "value"], rows));
    }),
  );

task("metagraph", "Shows a subnet's metagraph as a table: the last settled epoch's columns and today's stake")
  .addParam("netuid", "The subnet")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: { netuid: string; deployment?: string }, hre) =>
    guarded(async () => {
      const { netuid, layer } = await existingSubnet(hre, a);
      const { readMetagraph } = await import("../oracle/chain/metagraph");
      const { formatTable } = await import("../scripts/lib/table");
      const hotkeys = await layer.registry.hotkeys(netuid);
      const read = await readMetagraph(layer.settlement, netuid);
      // Plain arrays: before the first epoch the columns are empty, and a Result throws past its end.
      const m = {
        consensus: [...read.consensus],
        incentive: [...read.incentive],
        dividends: [...read.dividends],
        emission: [...read.emission],
        active: [...read.active],
        validatorPermit: [...read.validatorPermit],
      };
      const column = (values: readonly bigint[], i: number): bigint => values[i] ?? 0n;
      const pct = (v: bigint): string => ((Number(v) / 65_535) * 100).toFixed(2);
      const rows = await Promise.all(
        hotkeys.map(async (hotkey, uid) => [
          uid,
          hotkey,
          await layer.registry.hotkeyOwner(hotkey),
          fmt(await layer.staking.totalHotkeyAlpha(hotkey, netuid)),
          m.validatorPermit[uid] ? "yes" : "",
          m.active[uid] ? "yes" : "",
          pct(column(m.consensus, uid)),
          pct(column(m.incentive, uid)),
          pct(column(m.dividends, uid)),
          fmt(column(m.emission, uid)),
        ]),
      );
      const started = (await layer.registry.subnet(netuid)).startBlock > 0n;
      const epochs = started ? await layer.coinbase.epochsSettled(netuid) : 0n;
      console.log(`Subnet ${netuid}: ${hotkeys.length} UIDs, ${epochs} epochs settled${started ? "" : " (not started)"}, block ${await hre.ethers.provider.getBlockNumber()}`);
      console.log(formatTable(["uid", "hotkey", "coldkey", "stake α", "permit", "active", "consensus %", "incentive %", "dividends %", "emission α"], rows));
    }),
  );

/** The subnet `--netuid` names, read through the network's first account; refused if it does not exist. */
async function existingSubnet(hre: HardhatRuntimeEnvironment, a: { netuid: string; deployment?: string }) {
  const netuid = parseNetuid(a.netuid);
  const [reader] = await hre.ethers.getSigners();
  const layer = await layerOf(hre, a.deployment, reader);
  if (!(await layer.registry.subnetExists(netuid))) throw new TaskInputError(`subnet ${netuid} does not exist`);
  return { netuid, layer };
}

/** A pending-buckets struct as plain named amounts. */
function pendingParts(p: { server: bigint; validator: bigint; root: bigint; ownerCut: bigint }): Record<string, bigint> {
  return { server: p.server, validator: p.validator, root: p.root, owner: p.ownerCut };
}
