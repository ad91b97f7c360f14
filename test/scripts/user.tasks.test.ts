/**
 * The user tasks (tasks/deploy.ts, subnets.ts, staking.ts, weights.ts, oracle.ts), run in-process on the
 * Hardhat network: a deployment (plain and through Ignition), two subnets registered, started and
 * populated, every staking move, a subnet walked through two settled epochs by the `oracle` task with
 * validators' weights in between, the claims, the read-only tables, and each refusal as a
 * HardhatPluginError with a one-line message. The tasks print with console.log, which the tests capture.
 *
 * Every task reads the deployment from a temporary --out/--deployment file: deployments/hardhat.json is
 * never written.
 *
 * Accounts (all with 1000 TAO of genesis): 0 deployer, Triumvirate and subnet 1's owner; 1 the oracle;
 * 2 and 3 the validators' coldkeys; 4 the miners' coldkey; 5 subnet 2's owner; 6 a coldkey with no
 * stake; 7 an account in no committee and on no subnet. Hotkeys: 10 subnet 1's owner, 11 and 12 the
 * validators (UIDs 1 and 2; 11 is also UID 1 of subnet 2), 13-15 the miners (UIDs 3-5), 16 subnet 2's owner.
 */
import { type SnapshotRestorer, takeSnapshot } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { formatUnits } from "ethers";
import hre from "hardhat";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { readMetagraph } from "../../oracle/chain/metagraph";
import { CONTRACT_NAMES, type SubnetLayer, connectSubnetLayer } from "../../scripts/deploy";
import { deploymentPath, loadDeployment } from "../../scripts/lib/deployment-file";
import { formatRao } from "../../scripts/lib/table";
import { refusal, run } from "./task-runner";

/** Runs a task with console.error captured too (the oracle's warnings and errors). */
async function runQuietly(task: string, args: Record<string, unknown> = {}): Promise<{ out: string; err: string }> {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...parts: unknown[]) => {
    errors.push(parts.map(String).join(" "));
  };
  try {
    return { out: await run(task, args), err: errors.join("\n") };
  } finally {
    console.error = original;
  }
}

/**
 * A table printed by scripts/lib/table.ts as rows of trimmed cells, keyed by header: the dashed line
 * under the header gives each column's span, so empty cells (e.g. no permit) stay in place.
 */
function parseTable(text: string, header: string): Array<Record<string, string>> {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith(header));
  expect(at, text).to.be.greaterThan(-1);
  const spans: Array<[number, number]> = [];
  for (const m of lines[at + 1].matchAll(/-+/g)) spans.push([m.index, m.index + m[0].length]);
  const cut = (line: string) => spans.map(([s, e], i) => line.slice(s, i === spans.length - 1 ? undefined : e).trim());
  const names = cut(lines[at]);
  const rows: Array<Record<string, string>> = [];
  for (const line of lines.slice(at + 2)) {
    if (line.trim() === "") break;
    const cells = cut(line);
    rows.push(Object.fromEntries(names.map((n, i) => [n, cells[i]])));
  }
  return rows;
}

/** A decimal amount printed with thousands separators ("1,234.5678"), as a number. */
const num = (text: string): number => Number(text.replace(/,/g, ""));

/** A rao amount as the tasks take it: decimal, 9 decimals at most. */
const decimal = (rao: bigint): string => formatUnits(rao, 9);

const ONE = 10n ** 9n;

describe("user tasks: deploy, subnets, staking, weights, oracle", function () {
  const tmp = mkdtempSync(join(tmpdir(), "user-tasks-"));
  const deployment = join(tmp, "deployment.json");
  /** The oracle's bonds store: each `oracle` run must find the bonds of the run before. */
  const store = join(tmp, "oracle-store.json");
  const d = { deployment };
  const defaultFile = deploymentPath(hre.network.name, hre.config.paths.root);
  const hadDefaultFile = existsSync(defaultFile);

  let initial: SnapshotRestorer;
  let deployed: SnapshotRestorer;
  let deployOutput: string;
  let signers: HardhatEthersSigner[];
  let layer: SubnetLayer;
  /** Address of account `i`. */
  const addr = (i: number): string => signers[i].address;

  before(async function () {
    initial = await takeSnapshot();
    signers = await hre.ethers.getSigners();
    deployOutput = await run("deploy", { genesis: "1000", oracles: "1", triumvirate: "0", networkRateLimit: "0", out: deployment });
    layer = connectSubnetLayer(loadDeployment(deployment), signers[0]);
    deployed = await takeSnapshot();
  });

  after(async function () {
    await initial?.restore();
    rmSync(tmp, { recursive: true, force: true });
    expect(existsSync(defaultFile), `${defaultFile} left behind`).to.equal(hadDefaultFile);
  });

  describe("deploy", function () {
    beforeEach(async function () {
      await deployed.restore();
    });

    it("deploys with --genesis, --oracles, --triumvirate and --network-rate-limit 0, and writes --out", async function () {
      for (const name of CONTRACT_NAMES) expect(deployOutput).to.include(`${name.padEnd(22)} ${layer.addresses[name]}`);
      expect(deployOutput).to.include(`Minted 1000 TAO to each of ${signers.length} accounts`);
      expect(deployOutput).to.include(`Oracle committee: ${addr(1)} (threshold 1)`);
      expect(deployOutput.split("\n").at(-1)).to.equal(`Wrote ${deployment}`);
      for (const i of [0, 5, signers.length - 1]) expect(await layer.tao.balanceOf(addr(i))).to.equal(1000n * ONE);
      expect(await layer.settlement.isOracle(addr(1))).to.equal(true);
      expect(await layer.settlement.isOracle(addr(0))).to.equal(false);
      expect(await layer.settlement.threshold()).to.equal(1n);
      expect(await layer.triumvirate.members()).to.deep.equal([addr(0)]);
      expect(await layer.registry.networkRateLimit()).to.equal(0n);
      // Not handed over: the deployer is still the admin.
      const [deployerIsAdmin] = await layer.accessManager.hasRole(0n, addr(0));
      expect(deployerIsAdmin).to.equal(true);
      expect(existsSync(defaultFile)).to.equal(hadDefaultFile);
    });

    it("--ignition deploys the same layer through Hardhat Ignition and writes --out", async function () {
      const out = join(tmp, "ignition.json");
      const printed = await run("deploy", { ignition: true, genesis: "500", oracles: "1,2", oracleThreshold: "2", triumvirate: "0", networkRateLimit: "0", out });
      expect(printed).to.include(`Minted 500 TAO to each of ${signers.length} accounts`);
      expect(printed).to.include(`Oracle committee: ${addr(1)}, ${addr(2)} (threshold 2)`);
      expect(printed.split("\n").at(-1)).to.equal(`Wrote ${out}`);
      const addresses = loadDeployment(out);
      expect(Object.keys(addresses)).to.deep.equal([...CONTRACT_NAMES]);
      for (const name of CONTRACT_NAMES) {
        expect(addresses[name], name).to.not.equal(layer.addresses[name]);
        expect(await hre.ethers.provider.getCode(addresses[name]), name).to.not.equal("0x");
      }
      const viaIgnition = connectSubnetLayer(addresses, signers[0]);
      expect(await viaIgnition.tao.balanceOf(addr(7))).to.equal(500n * ONE);
      expect(await viaIgnition.settlement.isOracle(addr(2))).to.equal(true);
      expect(await viaIgnition.settlement.threshold()).to.equal(2n);
      expect(await viaIgnition.triumvirate.members()).to.deep.equal([addr(0)]);
      expect(await viaIgnition.registry.networkRateLimit()).to.equal(0n);
      // The Ignition deployment works: a subnet registers on it.
      expect(await run("register-network", { hotkey: "10", deployment: out })).to.match(/^Registered subnet 1: /);
      // The in-process network keeps no plan file and no journal.
      expect(existsSync(join(hre.config.paths.root, "deployments", "hardhat.ignition.json"))).to.equal(false);
      expect(existsSync(defaultFile)).to.equal(hadDefaultFile);
    });

    it("refuses --hand-over without --triumvirate", async function () {
      const out = join(tmp, "refused.json");
      const error = await refusal("deploy", { handOver: true, out });
      expect(error.message).to.match(/^--hand-over needs --triumvirate: .*propose/);
      expect(error.message).to.match(/triumvirate/i);
      expect(existsSync(out)).to.equal(false);
    });

    it("refuses a bad address in --oracles, and an account index the network lacks", async function () {
      const out = join(tmp, "refused.json");
      expect((await refusal("deploy", { oracles: "1,bob", out })).message).to.equal("--oracles bob is not an address or an account index");
      expect((await refusal("deploy", { oracles: "99", out })).message).to.equal("--oracles 99: the network has no account 99");
      expect(existsSync(out)).to.equal(false);
    });

    it("refuses --oracle-threshold above the number of oracles (or 0)", async function () {
      const out = join(tmp, "refused.json");
      const above = await refusal("deploy", { oracles: "1,2", oracleThreshold: "3", out });
      expect(above.message).to.equal("--oracle-threshold must be between 1 and the number of --oracles (2)");
      const zero = await refusal("deploy", { oracles: "1", oracleThreshold: "0", out });
      expect(zero.message).to.equal("--oracle-threshold must be between 1 and the number of --oracles (1)");
      expect(existsSync(out)).to.equal(false);
    });

    // Bug (tasks/deploy.ts, addressList): duplicates are not refused, so `--oracles 1,1 --oracle-threshold 2`
    // passes the threshold check (2 entries) and deploys all 15 contracts and most of the wiring (32
    // transactions) before EpochSettlement.setThreshold reverts with SettlementInvalidThreshold(2) (one
    // distinct oracle); `--triumvirate 1,1` deploys 13 contracts before the Triumvirate's constructor
    // reverts with TriumvirateAlreadyMember. Fix: refuse (or drop) duplicate addresses in addressList.
    it("refuses duplicate --oracles or --triumvirate members before sending anything", async function () {
      const out = join(tmp, "refused.json");
      for (const args of [{ oracles: "1,1", oracleThreshold: "2" }, { triumvirate: "1,1" }]) {
        const nonce = await signers[0].getNonce();
        const error = await refusal("deploy", { ...args, out });
        expect(error.message, JSON.stringify(args)).to.not.match(/^the transaction reverted/);
        expect(await signers[0].getNonce(), `${JSON.stringify(args)}: transactions sent`).to.equal(nonce);
      }
      expect(existsSync(out)).to.equal(false);
    });

    it('refuses --genesis "abc"', async function () {
      const out = join(tmp, "refused.json");
      expect((await refusal("deploy", { genesis: "abc", out })).message).to.equal("--genesis must be an amount with at most 9 decimals, not abc");
      expect(existsSync(out)).to.equal(false);
    });
  });

  describe("subnets, neurons and stake", function () {
    let populated: SnapshotRestorer;
    const printed: Record<string, string> = {};

    before(async function () {
      await deployed.restore();
      printed.network1 = await run("register-network", { hotkey: "10", ...d });
      printed.network2 = await run("register-network", { hotkey: "16", from: "5", ...d });
      printed.start1 = await run("start-call", { netuid: "1", ...d });
      printed.start2 = await run("start-call", { netuid: "2", from: "5", ...d });
      const registered = [
        await run("register", { netuid: "1", hotkey: "11", from: "2", ...d }),
        await run("register", { netuid: "1", hotkey: "12", from: "3", ...d }),
      ];
      for (const hotkey of ["13", "14", "15"]) registered.push(await run("register", { netuid: "1", hotkey, from: "4", ...d }));
      printed.registered = registered.join("\n");
      printed.registered2 = await run("register", { netuid: "2", hotkey: "11", from: "2", ...d });
      printed.stake11 = await run("stake", { netuid: "1", hotkey: "11", amount: "50", from: "2", ...d });
      printed.stake12 = await run("stake", { netuid: "1", hotkey: "12", amount: "30", from: "3", ...d });
      populated = await takeSnapshot();
    });

    beforeEach(async function () {
      await populated.restore();
    });

    it("register-network registers subnets 1 and 2, each owner paying the lock", async function () {
      expect(printed.network1).to.equal(`Registered subnet 1: owner ${addr(0)}, owner hotkey ${addr(10)}, lock 100.0000 TAO`);
      expect(printed.network2).to.equal(`Registered subnet 2: owner ${addr(5)}, owner hotkey ${addr(16)}, lock 199.9965 TAO`); // the lock decayed since the quote
      expect(await layer.registry.netuids()).to.deep.equal([1n, 2n]);
      const info = await layer.registry.subnet(2);
      expect([info.owner, info.ownerHotkey]).to.deep.equal([addr(5), addr(16)]);
      expect(await layer.registry.hotkeyOwner(addr(16))).to.equal(addr(5));
    });

    // Bug (tasks/subnets.ts, register-network and register): the lock and the burn printed are
    // networkLockCost() and burn() read before the transaction; both decay every block, so the coldkey pays
    // less than printed (lock 200.0000 printed, 199.9965 paid; burn 1.2383 printed, 1.2342 paid). Fix: print
    // the balance difference (or the NetworkRegistered/registration event's amount).
    it("register-network and register print the lock and the burn actually paid", async function () {
      const lock = 1000n * ONE - (await layer.tao.balanceOf(addr(5)));
      expect(lock).to.be.closeTo(200n * ONE, ONE / 100n);
      expect(printed.network2).to.equal(`Registered subnet 2: owner ${addr(5)}, owner hotkey ${addr(16)}, lock ${formatRao(lock)} TAO`);
      // Account 3 registered hotkey 12, then staked 30 TAO.
      const burn = 970n * ONE - (await layer.tao.balanceOf(addr(3)));
      expect(printed.registered.split("\n")[1]).to.equal(`Registered hotkey ${addr(12)} on subnet 1 as UID 2, burning ${formatRao(burn)} TAO`);
    });

    it("register-network refuses --max-lock below the lock cost", async function () {
      const error = await refusal("register-network", { hotkey: "17", maxLock: "1", from: "6", ...d });
      expect(error.message).to.match(/^the lock cost is [\d,.]+ TAO, above --max-lock 1$/);
    });

    it("start-call starts a subnet; a second start-call surfaces the contract's custom error", async function () {
      const due1 = await layer.coinbase.dueBlock(1);
      expect(printed.start1).to.equal(`Started subnet 1: first epoch due at block ${due1}`);
      expect(printed.start2).to.equal(`Started subnet 2: first epoch due at block ${await layer.coinbase.dueBlock(2)}`);
      expect((await layer.registry.subnet(1)).startBlock).to.be.greaterThan(0n);
      const again = await refusal("start-call", { netuid: "1", ...d });
      expect(again.message).to.equal("the transaction reverted: RegistryAlreadyStarted(1)");
      const notOwner = await refusal("start-call", { netuid: "2", from: "6", ...d });
      expect(notOwner.message).to.equal(`the transaction reverted: RegistryNotSubnetOwner(2, ${addr(6)})`);
    });

    it("accrue accrues every subnet in one transaction, or the named ones; refuses an empty --netuids", async function () {
      const all = (await run("accrue", { ...d })).split("\n");
      const block = await hre.ethers.provider.getBlockNumber();
      expect(all[0]).to.equal(`Accrued 2 subnets up to block ${block}`);
      for (const [i, netuid] of [1, 2].entries()) {
        expect(all[i + 1]).to.match(new RegExp(`^subnet ${netuid}: blocks \\d+-${block}, [\\d,.]+ TAO share, EMA price [\\d.]+$`));
      }
      const one = (await run("accrue", { netuids: "2", ...d })).split("\n");
      expect(one).to.deep.equal([`Accrued 1 subnet up to block ${block + 1}`, `subnet 2: blocks ${block + 1}-${block + 1}, ${one[1].split(", ")[1]}, ${one[1].split(", ")[2]}`]);
      expect((await refusal("accrue", { netuids: "", ...d })).message).to.equal("--netuids names no subnet");
      expect((await refusal("accrue", { netuids: "1,x", ...d })).message).to.equal("--netuids[1] must be a whole number, not x");
    });

    it("register registers neurons as UIDs 1, 2, ... burning the registration price", async function () {
      const lines = printed.registered.split("\n");
      expect(lines).to.have.length(5);
      lines.forEach((line, i) => {
        expect(line).to.match(new RegExp(`^Registered hotkey ${addr(11 + i)} on subnet 1 as UID ${i + 1}, burning [\\d,.]+ TAO$`));
      });
      expect(printed.registered2).to.match(new RegExp(`^Registered hotkey ${addr(11)} on subnet 2 as UID 1, burning [\\d,.]+ TAO$`));
      expect(await layer.registry.hotkeys(1)).to.deep.equal([10, 11, 12, 13, 14, 15].map(addr));
      expect(await layer.registry.hotkeyOwner(addr(13))).to.equal(addr(4));
      expect(await layer.registry.hotkeyOwner(addr(11))).to.equal(addr(2));
    });

    it("register refuses an unknown subnet and --max-burn below the price; a hotkey owned by another coldkey reverts", async function () {
      expect((await refusal("register", { netuid: "9", hotkey: "17", from: "6", ...d })).message).to.equal("subnet 9 does not exist");
      const cheap = await refusal("register", { netuid: "1", hotkey: "17", maxBurn: "0.000000001", from: "6", ...d });
      expect(cheap.message).to.match(/^the registration price is [\d,.]+ TAO, above --max-burn 0\.000000001$/);
      const taken = await refusal("register", { netuid: "2", hotkey: "12", from: "6", ...d });
      expect(taken.message).to.equal(`the transaction reverted: RegistryHotkeyOwnedByOther(${addr(12)}, ${addr(3)})`);
    });

    it("stake buys α on a hotkey and reports the position", async function () {
      const position = await layer.staking.stakeOf(addr(11), addr(2), 1);
      expect(position).to.be.greaterThan(0n);
      expect(printed.stake11).to.equal(`Staked ${formatRao(position)} α on ${addr(11)} in subnet 1 for 50.0000 TAO; position ${formatRao(position)} α`);
      const before = await layer.tao.balanceOf(addr(2));
      const out = await run("stake", { netuid: "1", hotkey: "11", amount: "2.5", from: "2", ...d });
      const after = await layer.staking.stakeOf(addr(11), addr(2), 1);
      expect(before - (await layer.tao.balanceOf(addr(2)))).to.equal(2_500_000_000n);
      expect(out).to.equal(`Staked ${formatRao(after - position)} α on ${addr(11)} in subnet 1 for 2.5000 TAO; position ${formatRao(after)} α`);
    });

    it("stake --limit-price --allow-partial spends only what fills within the limit; without --allow-partial it reverts", async function () {
      const price = await layer.staking.spotPrice(1);
      const limit = (price * 105n) / 100n;
      const whole = await refusal("stake", { netuid: "1", hotkey: "12", amount: "500", limitPrice: decimal(limit), from: "3", ...d });
      expect(whole.message).to.match(/^the transaction reverted: Staking\w+\(1, /);
      const before = await layer.tao.balanceOf(addr(3));
      const out = await run("stake", { netuid: "1", hotkey: "12", amount: "500", limitPrice: decimal(limit), allowPartial: true, from: "3", ...d });
      const spent = before - (await layer.tao.balanceOf(addr(3)));
      expect(spent).to.be.greaterThan(0n);
      expect(spent).to.be.lessThan(500n * ONE);
      expect(await layer.staking.spotPrice(1)).to.be.at.most(limit);
      expect(out).to.match(new RegExp(`^Staked [\\d,.]+ α on ${addr(12)} in subnet 1 for ${formatRao(spent).replace(/\./g, "\\.")} TAO; position [\\d,.]+ α$`));
      const noLimit = await refusal("stake", { netuid: "1", hotkey: "12", amount: "1", allowPartial: true, from: "3", ...d });
      expect(noLimit.message).to.equal("--allow-partial needs --limit-price");
    });

    it("stake refuses more TAO than the coldkey holds, and an amount with 10 decimals", async function () {
      const poor = await refusal("stake", { netuid: "1", hotkey: "11", amount: "5000", from: "2", ...d });
      expect(poor.message).to.match(new RegExp(`^${addr(2)} holds [\\d,.]+ TAO, less than --amount 5000$`));
      const fine = await refusal("stake", { netuid: "1", hotkey: "11", amount: "1.0000000001", from: "2", ...d });
      expect(fine.message).to.equal("--amount must be an amount with at most 9 decimals, not 1.0000000001");
    });

    it("stake on a subnet that is not started surfaces StakingSubnetNotStarted", async function () {
      expect(await run("register-network", { hotkey: "17", from: "6", ...d })).to.match(/^Registered subnet 3: /);
      const error = await refusal("stake", { netuid: "3", hotkey: "17", amount: "1", from: "6", ...d });
      expect(error.message).to.equal("the transaction reverted: StakingSubnetNotStarted(3)");
    });

    it("stake --netuid 0 stakes root TAO one for one on a registered hotkey", async function () {
      const out = await run("stake", { netuid: "0", hotkey: "11", amount: "100", from: "2", ...d });
      expect(out).to.equal(`Staked 100.0000 TAO of root stake on ${addr(11)}; root position 100.0000 TAO`);
      expect(await layer.staking.stakeOf(addr(11), addr(2), 0)).to.equal(100n * ONE);
    });

    it("unstake --amount sells exactly that α; --limit-price sells within a price floor; --all empties the position", async function () {
      const position = await layer.staking.stakeOf(addr(11), addr(2), 1);
      let balance = await layer.tao.balanceOf(addr(2));
      const one = await run("unstake", { netuid: "1", hotkey: "11", amount: "1", from: "2", ...d });
      let received = (await layer.tao.balanceOf(addr(2))) - balance;
      expect(received).to.be.greaterThan(0n);
      expect(await layer.staking.stakeOf(addr(11), addr(2), 1)).to.equal(position - ONE);
      expect(one).to.equal(`Unstaked 1.0000 α from ${addr(11)} in subnet 1 for ${formatRao(received)} TAO; position ${formatRao(position - ONE)} α`);

      const floor = (await layer.staking.spotPrice(1)) / 2n;
      balance = await layer.tao.balanceOf(addr(2));
      const limited = await run("unstake", { netuid: "1", hotkey: "11", amount: "1", limitPrice: decimal(floor), from: "2", ...d });
      expect(await layer.staking.stakeOf(addr(11), addr(2), 1)).to.equal(position - 2n * ONE);
      expect((await layer.tao.balanceOf(addr(2))) - balance).to.be.greaterThan(0n);
      expect(limited).to.match(new RegExp(`^Unstaked 1\\.0000 α from ${addr(11)} in subnet 1 for [\\d,.]+ TAO; position ${formatRao(position - 2n * ONE)} α$`));

      // A floor above the price: the sale cannot fill.
      const above = (await layer.staking.spotPrice(1)) * 2n;
      const refused = await refusal("unstake", { netuid: "1", hotkey: "11", amount: "1", limitPrice: decimal(above), from: "2", ...d });
      expect(refused.message).to.match(/^the transaction reverted: Staking\w+\(1, /);

      balance = await layer.tao.balanceOf(addr(2));
      const all = await run("unstake", { netuid: "1", hotkey: "11", all: true, from: "2", ...d });
      received = (await layer.tao.balanceOf(addr(2))) - balance;
      expect(await layer.staking.stakeOf(addr(11), addr(2), 1)).to.equal(0n);
      expect(all).to.equal(`Unstaked ${formatRao(position - 2n * ONE)} α from ${addr(11)} in subnet 1 for ${formatRao(received)} TAO; position 0.0000 α`);
      const nothing = await refusal("unstake", { netuid: "1", hotkey: "11", all: true, from: "2", ...d });
      expect(nothing.message).to.equal(`${addr(2)} has no stake on ${addr(11)} in subnet 1`);
    });

    it("unstake --all --limit-price sells the whole position down to a floor", async function () {
      const floor = (await layer.staking.spotPrice(1)) / 10n;
      const out = await run("unstake", { netuid: "1", hotkey: "12", all: true, limitPrice: decimal(floor), from: "3", ...d });
      expect(await layer.staking.stakeOf(addr(12), addr(3), 1)).to.equal(0n);
      expect(out).to.match(new RegExp(`^Unstaked [\\d,.]+ α from ${addr(12)} in subnet 1 for [\\d,.]+ TAO; position 0\\.0000 α$`));
    });

    it("unstake refuses both --amount and --all (and neither), --allow-partial without a limit, and more than the position", async function () {
      const both = await refusal("unstake", { netuid: "1", hotkey: "11", amount: "1", all: true, from: "2", ...d });
      expect(both.message).to.equal("give exactly one of --amount and --all");
      expect((await refusal("unstake", { netuid: "1", hotkey: "11", all: false, from: "2", ...d })).message).to.equal("give exactly one of --amount and --all");
      const partial = await refusal("unstake", { netuid: "1", hotkey: "11", amount: "1", allowPartial: true, from: "2", ...d });
      expect(partial.message).to.equal("--allow-partial needs --limit-price and --amount");
      const tooMuch = await refusal("unstake", { netuid: "1", hotkey: "11", amount: "100000", from: "2", ...d });
      expect(tooMuch.message).to.match(/^--amount 100000 is above the position, [\d,.]+ α$/);
    });

    it("move-stake moves α to another hotkey on the same subnet", async function () {
      const position = await layer.staking.stakeOf(addr(11), addr(2), 1);
      const out = await run("move-stake", { fromHotkey: "11", toHotkey: "12", fromNetuid: "1", amount: "1", from: "2", ...d });
      const moved = await layer.staking.stakeOf(addr(12), addr(2), 1);
      expect(moved).to.be.greaterThan(0n);
      expect(await layer.staking.stakeOf(addr(11), addr(2), 1)).to.equal(position - ONE);
      expect(out).to.equal(`Moved 1 α from ${addr(11)} (subnet 1) to ${addr(12)} (subnet 1): ${formatRao(moved)} α received`);
      const tooMuch = await refusal("move-stake", { fromHotkey: "11", toHotkey: "12", fromNetuid: "1", amount: "100000", from: "2", ...d });
      expect(tooMuch.message).to.match(new RegExp(`^--amount 100000 is above ${addr(2)}'s position on ${addr(11)} in subnet 1, [\\d,.]+ α$`));
    });

    // Bug (tasks/staking.ts, move-stake/swap-stake/transfer-stake): "α received" is the staticCall's result,
    // simulated a block before the transaction; across subnets the pools move every block (emission), so
    // the α actually received differs (3.5417 printed, 3.5442 received). Fix: print the destination
    // position's change (stakeOf before and after), as stake and unstake do.
    it("swap-stake moves α on one hotkey to the other started subnet", async function () {
      const position = await layer.staking.stakeOf(addr(11), addr(2), 1);
      const out = await run("swap-stake", { hotkey: "11", fromNetuid: "1", toNetuid: "2", amount: "1", from: "2", ...d });
      const swapped = await layer.staking.stakeOf(addr(11), addr(2), 2);
      expect(swapped).to.be.greaterThan(0n);
      expect(await layer.staking.stakeOf(addr(11), addr(2), 1)).to.equal(position - ONE);
      expect(out).to.equal(`Swapped 1 α on ${addr(11)} from subnet 1 to subnet 2: ${formatRao(swapped)} α received`);
      const same = await refusal("swap-stake", { hotkey: "11", fromNetuid: "1", toNetuid: "1", amount: "1", from: "2", ...d });
      expect(same.message).to.equal("--from-netuid and --to-netuid must differ (use move-stake to change hotkey)");
    });

    it("transfer-stake gives α to another coldkey once the subnet owner enables transfers", async function () {
      // The owner coldkey (account 0) switches the TransferToggle off, then on.
      await (await layer.staking.connect(signers[0]).setTransfersEnabled(1, false)).wait();
      const off = await refusal("transfer-stake", { to: "6", hotkey: "11", fromNetuid: "1", amount: "1", from: "2", ...d });
      expect(off.message).to.equal("the transaction reverted: StakingTransfersDisabled(1)");
      await (await layer.staking.connect(signers[0]).setTransfersEnabled(1, true)).wait();
      expect(await layer.staking.transfersEnabled(1)).to.equal(true);

      const position = await layer.staking.stakeOf(addr(11), addr(2), 1);
      const out = await run("transfer-stake", { to: "6", hotkey: "11", fromNetuid: "1", amount: "1", from: "2", ...d });
      expect(out).to.equal(`Transferred 1 α on ${addr(11)} (subnet 1) to ${addr(6)} (subnet 1): 1.0000 α received`);
      expect(await layer.staking.stakeOf(addr(11), addr(6), 1)).to.equal(ONE);
      expect(await layer.staking.stakeOf(addr(11), addr(2), 1)).to.equal(position - ONE);
      // Another subnet: the α is sold and bought again.
      const across = await run("transfer-stake", { to: "6", hotkey: "11", fromNetuid: "1", toNetuid: "2", amount: "1", from: "2", ...d });
      expect(across).to.match(new RegExp(`^Transferred 1 α on ${addr(11)} \\(subnet 1\\) to ${addr(6)} \\(subnet 2\\): [\\d,.]+ α received$`));
      expect(await layer.staking.stakeOf(addr(11), addr(6), 2)).to.be.greaterThan(0n);
    });

    it("move-stake and transfer-stake across subnets print the α received (see the swap-stake bug)", async function () {
      const moved = await run("move-stake", { fromHotkey: "11", toHotkey: "11", fromNetuid: "1", toNetuid: "2", amount: "1", from: "2", ...d });
      const landed = await layer.staking.stakeOf(addr(11), addr(2), 2);
      expect(moved).to.equal(`Moved 1 α from ${addr(11)} (subnet 1) to ${addr(11)} (subnet 2): ${formatRao(landed)} α received`);
      const given = await run("transfer-stake", { to: "6", hotkey: "11", fromNetuid: "1", toNetuid: "2", amount: "1", from: "2", ...d });
      const received = await layer.staking.stakeOf(addr(11), addr(6), 2);
      expect(given).to.equal(`Transferred 1 α on ${addr(11)} (subnet 1) to ${addr(6)} (subnet 2): ${formatRao(received)} α received`);
    });

    it("subnet prints the owner, neurons, pool, price, epochs and hyperparameters", async function () {
      const out = await run("subnet", { netuid: "1", ...d });
      expect(out.split("\n")[0]).to.equal("Subnet 1");
      const rows = Object.fromEntries(parseTable(out, "field").map((r) => [r.field, r.value]));
      const [taoReserve, alphaReserve] = await layer.staking.pool(1);
      expect(rows["owner coldkey"]).to.equal(addr(0));
      expect(rows["owner hotkey"]).to.equal(addr(10));
      expect(rows["alpha token"]).to.equal(await layer.staking.alphaToken(1));
      expect(rows.neurons).to.equal("6");
      expect(rows.started).to.equal(`block ${(await layer.registry.subnet(1)).startBlock}`);
      expect(rows.pool).to.equal(`${formatRao(taoReserve)} TAO / ${formatRao(alphaReserve)} α`);
      expect(rows["spot price"]).to.equal(`${formatRao(await layer.staking.spotPrice(1))} TAO per α`);
      expect(rows["epochs settled"]).to.equal("0");
      expect(rows["next epoch due"]).to.match(new RegExp(`^block ${await layer.coinbase.dueBlock(1)} \\(now \\d+\\)$`));
      expect(rows.tempo).to.equal("360");
      expect(rows.kappa).to.equal("32767");
      expect(rows.weightsSetRateLimit).to.equal("100");
      expect(rows["pending (server/validator/root/owner)"]).to.match(/^[\d,.]+ \/ [\d,.]+ \/ [\d,.]+ \/ [\d,.]+$/);

      expect((await refusal("subnet", { netuid: "9", ...d })).message).to.equal("subnet 9 does not exist");
    });

    // Bug (tasks/subnets.ts, subnet and metagraph): on a registered subnet that is not started, the
    // Coinbase views pending, alphaIssuance, epochsSettled and lastEpochBlock revert with
    // CoinbaseUnknownSubnet, so `subnet` (which has a "no (start-call)" branch for it) and `metagraph`
    // refuse with "the transaction reverted: CoinbaseUnknownSubnet(3)". Fix: read those only when started
    // (print "-" otherwise; 0 epochs settled).
    it("subnet and metagraph show a registered subnet that is not started", async function () {
      expect(await run("register-network", { hotkey: "17", from: "6", ...d })).to.match(/^Registered subnet 3: /);
      const unstarted = Object.fromEntries(parseTable(await run("subnet", { netuid: "3", ...d }), "field").map((r) => [r.field, r.value]));
      expect([unstarted.started, unstarted["next epoch due"]]).to.deep.equal(["no (start-call)", "-"]);
      const metagraph = await run("metagraph", { netuid: "3", ...d });
      expect(parseTable(metagraph, "uid").map((r) => r.hotkey)).to.deep.equal([addr(17)]);
    });

    // Bug (tasks/subnets.ts, the "EMA price" row): Coinbase.movingPrice is 1e18 fixed point (at most 1e18 =
    // 1 TAO per α) but is printed with formatRao (9 decimals), so it reads 1e9 times too high.
    it("subnet prints the EMA price in TAO per α (at most 1)", async function () {
      await hre.network.provider.send("hardhat_mine", ["0x64"]);
      await run("stake", { netuid: "1", hotkey: "11", amount: "1", from: "2", ...d }); // accrues
      const moving = await layer.coinbase.movingPrice(1);
      expect(moving).to.be.greaterThan(0n);
      const rows = Object.fromEntries(parseTable(await run("subnet", { netuid: "1", ...d }), "field").map((r) => [r.field, r.value]));
      const shown = num(rows["EMA price"].replace(/ TAO per α$/, ""));
      expect(shown).to.be.at.most(1);
      expect(shown).to.be.closeTo(Number(moving) / 1e18, 1e-4);
    });

    it("positions shows a coldkey's root and subnet stake on a hotkey, and says when there is none", async function () {
      await run("stake", { netuid: "0", hotkey: "11", amount: "100", from: "2", ...d });
      const out = await run("positions", { hotkey: "11", from: "2", ...d });
      const balance = await layer.tao.balanceOf(addr(2));
      expect(out.split("\n")[0]).to.equal(`Hotkey ${addr(11)} (owner ${addr(2)}), coldkey ${addr(2)}; TAO balance ${formatRao(balance)}`);
      const rows = parseTable(out, "netuid");
      expect(rows.map((r) => r.netuid)).to.deep.equal(["0", "1"]); // none on subnet 2
      expect(rows[0]).to.deep.include({ "your stake α": "100.0000", "hotkey total α": "100.0000", "sell value TAO": "100.0000", "root owed α": "0.0000" });
      const stake = await layer.staking.stakeOf(addr(11), addr(2), 1);
      expect(rows[1]["your stake α"]).to.equal(formatRao(stake));
      expect(rows[1]["sell value TAO"]).to.equal(formatRao(await layer.staking.simSwapAlphaForTao(1, stake)));
      // Another coldkey's view of the same hotkey (--coldkey): its totals, none of its own.
      const other = parseTable(await run("positions", { hotkey: "11", coldkey: "6", ...d }), "netuid");
      expect(other.map((r) => [r.netuid, r["your stake α"]])).to.deep.equal([["0", "0.0000"], ["1", "0.0000"]]);
      const none = await run("positions", { hotkey: "13", from: "4", ...d });
      expect(none.split("\n")[1]).to.equal("no stake on this hotkey");
    });
  });

  describe("epochs: oracle, set-weights, metagraph and claims", function () {
    let settled: SnapshotRestorer;
    const printed: Record<string, string> = {};

    before(async function () {
      await deployed.restore();
      await run("register-network", { hotkey: "10", ...d });
      await run("register-network", { hotkey: "16", from: "5", ...d });
      await run("start-call", { netuid: "1", ...d });
      await run("start-call", { netuid: "2", from: "5", ...d });
      await run("register", { netuid: "1", hotkey: "11", from: "2", ...d });
      await run("register", { netuid: "1", hotkey: "12", from: "3", ...d });
      for (const hotkey of ["13", "14", "15"]) await run("register", { netuid: "1", hotkey, from: "4", ...d });
      await run("stake", { netuid: "1", hotkey: "11", amount: "50", from: "2", ...d });
      await run("stake", { netuid: "1", hotkey: "12", amount: "30", from: "3", ...d });
      // Root stake on validator 11: its root stakers share the root part of its dividends.
      await run("stake", { netuid: "0", hotkey: "11", amount: "100", from: "2", ...d });
      // Root dividends are paid only while the EMA prices sum above 1 TAO per α, which takes weeks at the
      // default rate; the deployer (still the admin) makes the EMA follow the spot price at once.
      await (await layer.coinbase.setSubnetMovingAlpha(10n ** 18n)).wait();
      for (const netuid of [1, 2]) await (await layer.coinbase.setEmaPriceHalvingBlocks(netuid, 1)).wait();

      // Epoch 1 of both subnets (one tick each), then validators set weights with the permits it gave.
      printed.epoch1 = await run("oracle", { ticks: "2", mine: true, from: "1", store, ...d });
      printed.metagraph1 = await run("metagraph", { netuid: "1", ...d });
      printed.weights11 = await run("set-weights", { netuid: "1", weights: '{"3": 65535, "4": 30000}', from: "11", ...d });
      printed.weights12 = await run("set-weights", { netuid: "1", uids: "5,3,4", values: "30000,10000,20000", from: "12", ...d });
      // Epoch 1 moved both EMA prices to the spot (Σ 2 > 1: root dividends are sold from here on). A lazy
      // range takes the sell flag its subnet stored at its last accrual, so a keeper's accrual hands the
      // flag to both subnets for epoch 2 (nothing else touches them before it).
      await (await layer.coinbase.accrue()).wait();
      // Epoch 2 of both subnets, their stake credits left for claim-credits.
      printed.epoch2 = await run("oracle", { ticks: "2", mine: true, noClaim: true, from: "1", store, ...d });
      printed.metagraph2 = await run("metagraph", { netuid: "1", ...d });
      settled = await takeSnapshot();
    });

    beforeEach(async function () {
      await settled.restore();
    });

    it("oracle --mine settles each due epoch: one line per subnet, the stake credits claimed unless --no-claim", async function () {
      const lines = printed.epoch1.split("\n");
      expect(lines[0]).to.equal(`Oracle ${addr(1)} on hardhat, mining to each due block`);
      expect(lines.slice(1)).to.have.length(2);
      expect(lines[1]).to.match(/^subnet 1 epoch at block \d+: settled, [\d,.]+ α emitted, [\d,.]+ α of credits staked$/);
      expect(lines[2]).to.match(/^subnet 2 epoch at block \d+: settled, [\d,.]+ α emitted/);
      const epoch2 = printed.epoch2.split("\n");
      expect(epoch2).to.have.length(3);
      expect(epoch2[1]).to.match(/^subnet 1 epoch at block \d+: settled, [\d,.]+ α emitted$/); // --no-claim
      expect(epoch2[2]).to.match(/^subnet 2 epoch at block \d+: settled, [\d,.]+ α emitted$/);
      expect(await layer.coinbase.epochsSettled(1)).to.equal(2n);
      expect(await layer.coinbase.epochsSettled(2)).to.equal(2n);
      expect(Number(/at block (\d+)/.exec(epoch2[1])![1])).to.equal(Number(await layer.coinbase.lastEpochBlock(1)));
    });

    it("set-weights from inline --weights and from --uids/--values (sorted by UID)", async function () {
      expect(printed.weights11).to.equal(`UID 1 (${addr(11)}) set 2 weights on subnet 1: 3=65535 4=30000`);
      expect(printed.weights12).to.equal(`UID 2 (${addr(12)}) set 3 weights on subnet 1: 3=10000 4=20000 5=30000`);
    });

    it("set-weights from a --file; the row is on chain", async function () {
      const file = join(tmp, "weights.json");
      writeFileSync(file, JSON.stringify({ uids: [3, 4, 5], values: [65535, 65535, 1000] }));
      const out = await run("set-weights", { netuid: "1", file, from: "12", ...d });
      expect(out).to.equal(`UID 2 (${addr(12)}) set 3 weights on subnet 1: 3=65535 4=65535 5=1000`);
      const [setAt, entries] = await layer.weights.currentRow(1, 2);
      expect([setAt, entries]).to.deep.equal([BigInt(await hre.ethers.provider.getBlockNumber()), 3n]);
      const missing = await refusal("set-weights", { netuid: "1", file: join(tmp, "missing.json"), from: "12", ...d });
      expect(missing.message).to.equal(`cannot read --file ${join(tmp, "missing.json")}: ENOENT`);
      writeFileSync(file, "{3: 1}");
      expect((await refusal("set-weights", { netuid: "1", file, from: "12", ...d })).message).to.equal(`--file ${file} is not JSON: {3: 1}`);
    });

    it("set-weights refuses duplicate uids, a value above 65535, an unregistered hotkey, and two sources", async function () {
      const base = { netuid: "1", from: "11", ...d };
      expect((await refusal("set-weights", { ...base, uids: "3,3", values: "1,2" })).message).to.equal("--uids/--values: uid 3 appears twice");
      expect((await refusal("set-weights", { ...base, weights: "[[4, 1], [4, 2]]" })).message).to.equal("--weights: uid 4 appears twice");
      expect((await refusal("set-weights", { ...base, weights: '{"3": 65536}' })).message).to.equal("--weights: the value for uid 3 (65536) is not a u16");
      expect((await refusal("set-weights", { ...base, uids: "3", values: "70000" })).message).to.equal("--values[0] must be at most 65535, not 70000");
      expect((await refusal("set-weights", { ...base, uids: "3,4", values: "1" })).message).to.equal("--uids has 2 entries but --values 1");
      const stranger = await refusal("set-weights", { netuid: "1", weights: '{"3": 1}', from: "7", ...d });
      expect(stranger.message).to.equal(`${addr(7)} is not registered on subnet 1`);
      const two = await refusal("set-weights", { ...base, weights: '{"3": 1}', uids: "3", values: "1" });
      expect(two.message).to.equal("give exactly one of --file, --weights, or --uids with --values");
      // A row the contract refuses (set again within WeightsSetRateLimit) names its error.
      await run("set-weights", { ...base, weights: '{"3": 1}' });
      const limited = await refusal("set-weights", { ...base, weights: '{"3": 2}' });
      expect(limited.message).to.match(/^the transaction reverted: WeightsRateLimited\(1, 1, \d+\)$/);
    });

    // Bug (tasks/weights.ts, --version-key): parseInteger has no upper bound, so a key above 2^64 - 1 reaches
    // ethers and fails with a raw "TypeError: value out-of-bounds (argument=\"versionKey\" ...)" instead of
    // a one-line refusal. Fix: parseBounded-style check against 2^64 - 1.
    it("set-weights refuses a --version-key above u64", async function () {
      const error = await refusal("set-weights", { netuid: "1", weights: '{"3": 1}', versionKey: "18446744073709551616", from: "11", ...d });
      expect(error.message).to.match(/^--version-key must be at most 18446744073709551615/);
    });

    it("metagraph: epoch 1 gives permits; after the weights, epoch 2 pays the weighted miners incentive", async function () {
      const first = parseTable(printed.metagraph1, "uid");
      expect(printed.metagraph1.split("\n")[0]).to.match(/^Subnet 1: 6 UIDs, 1 epochs settled, block \d+$/);
      expect(first.map((r) => r.permit)).to.deep.equal(["yes", "yes", "yes", "", "", ""]);
      expect(first.map((r) => num(r["incentive %"]))).to.deep.equal([0, 0, 0, 0, 0, 0]);

      const out = printed.metagraph2;
      expect(out.split("\n")[0]).to.match(/^Subnet 1: 6 UIDs, 2 epochs settled, block \d+$/);
      const rows = parseTable(out, "uid");
      expect(rows.map((r) => r.uid)).to.deep.equal(["0", "1", "2", "3", "4", "5"]);
      expect(rows.map((r) => r.hotkey)).to.deep.equal([10, 11, 12, 13, 14, 15].map(addr));
      expect(rows.map((r) => r.coldkey)).to.deep.equal([0, 2, 3, 4, 4, 4].map(addr));
      // Both validators weighted miners 3 and 4: consensus and incentive. Miner 5 has only the smaller
      // validator's weight, below kappa: none.
      for (const uid of [3, 4]) {
        expect(num(rows[uid]["consensus %"]), `uid ${uid}`).to.be.greaterThan(0);
        expect(num(rows[uid]["incentive %"]), `uid ${uid}`).to.be.greaterThan(0);
        expect(num(rows[uid]["emission α"]), `uid ${uid}`).to.be.greaterThan(0);
      }
      expect(num(rows[3]["incentive %"])).to.be.greaterThan(num(rows[4]["incentive %"]));
      expect(num(rows[5]["incentive %"])).to.equal(0);
      for (const uid of [1, 2]) expect(num(rows[uid]["dividends %"]), `uid ${uid}`).to.be.greaterThan(0);
      // The table is the contract's metagraph.
      const m = await readMetagraph(layer.settlement, 1);
      expect(rows.map((r) => r["incentive %"])).to.deep.equal(m.incentive.map((v) => ((Number(v) / 65_535) * 100).toFixed(2)));
      expect(rows.map((r) => r["emission α"])).to.deep.equal(m.emission.map((v) => formatRao(v)));
      expect(rows.map((r) => r.permit === "yes")).to.deep.equal(m.validatorPermit.map(Boolean));
    });

    it("claim-credits --uids stakes the named UIDs' credits", async function () {
      const credit = await layer.settlement.stakeCredit(1, 3);
      expect(credit).to.be.greaterThan(0n);
      const out = await run("claim-credits", { netuid: "1", uids: "3", ...d });
      expect(out).to.equal(`Claimed ${formatRao(credit)} α of stake credits on subnet 1 for 1 UIDs`);
      expect(await layer.settlement.stakeCredit(1, 3)).to.equal(0n);
      expect(await layer.staking.stakeOf(addr(13), addr(4), 1)).to.equal(credit);
    });

    // stakeCredits returns an ethers Result: the task must copy it into an array before flatMap (a
    // Result's flatMap builds a Result, whose slice is frozen and cannot be passed to a call).
    it("claim-credits without --uids stakes every UID's credit, then has nothing to claim", async function () {
      const credits = [...(await layer.settlement.stakeCredits(1))];
      const uids = credits.flatMap((c, uid) => (c > 0n ? [uid] : []));
      expect(uids.length).to.be.greaterThan(1);
      const out = await run("claim-credits", { netuid: "1", ...d });
      expect(out).to.match(new RegExp(`^Claimed [\\d,.]+ α of stake credits on subnet 1 for ${uids.length} UIDs$`));
      expect([...(await layer.settlement.stakeCredits(1))].every((c) => c === 0n)).to.equal(true);
      expect(await layer.staking.stakeOf(addr(14), addr(4), 1)).to.equal(credits[4]);
      expect(await run("claim-credits", { netuid: "1", ...d })).to.equal("Subnet 1 has no stake credits to claim");
    });

    it("claim-root claims the root dividends validator 11 earned for its root stakers", async function () {
      const owed = await layer.staking.rootOwed(addr(11), addr(2), 1);
      expect(owed, "root dividends owed after epoch 2").to.be.greaterThan(0n);
      const positions = parseTable(await run("positions", { hotkey: "11", from: "2", ...d }), "netuid");
      expect(positions.find((r) => r.netuid === "1")!["root owed α"]).to.equal(formatRao(owed));
      const root = await layer.staking.stakeOf(addr(11), addr(2), 0);
      const out = await run("claim-root", { hotkey: "11", netuids: "1,2", from: "2", ...d });
      const match = /^Claimed root dividends on (0x[0-9a-fA-F]{40}): subnet 1: ([\d,.]+) α, subnet 2: ([\d,.]+) α \(swapped to root stake\)$/.exec(out);
      expect(match, out).to.not.equal(null);
      expect(match![1]).to.equal(addr(11));
      expect(match![2]).to.equal(formatRao(owed));
      expect(await layer.staking.rootOwed(addr(11), addr(2), 1)).to.equal(0n);
      expect(await layer.staking.stakeOf(addr(11), addr(2), 0)).to.be.greaterThan(root); // swapped to root stake
    });

    it("claim-root refuses a coldkey with no root stake on the hotkey, and an empty --netuids", async function () {
      const error = await refusal("claim-root", { hotkey: "11", netuids: "1", from: "6", ...d });
      expect(error.message).to.equal(`${addr(6)} has no root stake on ${addr(11)}`);
      expect((await refusal("claim-root", { hotkey: "11", netuids: "", from: "2", ...d })).message).to.equal("--netuids names no subnet");
      expect((await refusal("claim-root", { hotkey: "11", netuids: "1,x", from: "2", ...d })).message).to.equal("--netuids[1] must be a whole number, not x");
    });

    it("oracle --once without --mine says when no subnet is due", async function () {
      const { out } = await runQuietly("oracle", { once: true, from: "1", store, ...d });
      expect(out.split("\n")).to.deep.equal([`Oracle ${addr(1)} on hardhat`, `block ${await hre.ethers.provider.getBlockNumber()}: no subnet is due`]);
    });

    it("oracle refuses an account that is not in the committee, and a bad --backend or --ticks", async function () {
      const error = await refusal("oracle", { once: true, mine: true, from: "7", ...d });
      expect(error.message).to.equal(`${addr(7)} is not in the oracle committee (deploy --oracles, or a governance motion calling EpochSettlement.setOracle)`);
      expect((await refusal("oracle", { once: true, backend: "tpu", from: "1", ...d })).message).to.match(/^--backend must be one of .*cpu.*, not tpu$/);
      expect((await refusal("oracle", { ticks: "0", from: "1", ...d })).message).to.equal("--ticks must be at least 1");
    });

    // Bug (tasks/oracle.ts, `process.once("SIGINT", ...)`): every run leaves its SIGINT listener behind,
    // so after a run inside a longer process (a script, these tests) Ctrl-C no longer stops the process,
    // and the 11th run warns MaxListenersExceeded. Fix: remove the listener when the loop ends
    // (`process.off("SIGINT", onInterrupt)` in a finally).
    it("oracle leaves no SIGINT listener behind", async function () {
      const before = process.listenerCount("SIGINT");
      await runQuietly("oracle", { once: true, from: "1", store, ...d });
      expect(process.listenerCount("SIGINT")).to.equal(before);
    });

  });

  describe("oracle runs in one process", function () {
    beforeEach(async function () {
      await deployed.restore();
    });

    // Bug (tasks/oracle.ts, storeFor): without --store, the in-process hardhat network gets a new
    // MemoryBondsStore on every run, so a second `oracle` run in the same process cannot find the bonds
    // the first one committed: the subnet reports "missing-bonds" on every later run and never settles
    // again (and --once still succeeds). Fix: one MemoryBondsStore per process (per deployment) kept at
    // module level and reused by every run.
    it("oracle runs one after another in one process (no --store) keep settling", async function () {
      await run("register-network", { hotkey: "10", ...d });
      await run("start-call", { netuid: "1", ...d });
      await run("register", { netuid: "1", hotkey: "11", from: "2", ...d });
      for (const epoch of [1, 2]) {
        const { out, err } = await runQuietly("oracle", { once: true, mine: true, from: "1", ...d });
        expect(out, `epoch ${epoch}: ${err}`).to.match(/^subnet 1 epoch at block \d+: settled/m);
      }
      expect(await layer.coinbase.epochsSettled(1)).to.equal(2n);
    });
  });

  describe("refusals shared by every task", function () {
    beforeEach(async function () {
      await deployed.restore();
    });

    it("a netuid that is not a number", async function () {
      const expected = "--netuid must be a whole number, not abc";
      for (const [task, args] of [
        ["start-call", {}],
        ["register", { hotkey: "11" }],
        ["subnet", {}],
        ["metagraph", {}],
        ["stake", { hotkey: "11", amount: "1" }],
        ["unstake", { hotkey: "11", amount: "1" }],
        ["claim-credits", {}],
        ["set-weights", { weights: '{"1": 1}' }],
      ] as const) {
        expect((await refusal(task, { netuid: "abc", ...args, ...d })).message, task).to.equal(expected);
      }
      const move = await refusal("move-stake", { fromHotkey: "11", toHotkey: "12", fromNetuid: "1", toNetuid: "-1", amount: "1", ...d });
      expect(move.message).to.equal("--to-netuid must be a whole number, not -1");
      expect((await refusal("subnet", { netuid: "65536", ...d })).message).to.equal("--netuid must be at most 65535, not 65536");
    });

    it("an amount with 10 decimals", async function () {
      const expected = "--amount must be an amount with at most 9 decimals, not 0.1234567891";
      for (const [task, args] of [
        ["stake", { netuid: "1", hotkey: "11" }],
        ["unstake", { netuid: "1", hotkey: "11" }],
        ["move-stake", { fromHotkey: "11", toHotkey: "12", fromNetuid: "1" }],
        ["swap-stake", { hotkey: "11", fromNetuid: "1", toNetuid: "2" }],
        ["transfer-stake", { to: "6", hotkey: "11", fromNetuid: "1" }],
      ] as const) {
        expect((await refusal(task, { amount: "0.1234567891", ...args, ...d })).message, task).to.equal(expected);
      }
      expect((await refusal("register-network", { hotkey: "10", maxLock: "1.0000000001", ...d })).message).to.equal(
        "--max-lock must be an amount with at most 9 decimals, not 1.0000000001",
      );
    });

    it("a missing deployment file", async function () {
      const missing = join(tmp, "missing.json");
      const expected = `no deployment at ${missing}: run the deploy (or gov:sandbox) task first`;
      for (const [task, args] of [
        ["register-network", { hotkey: "10" }],
        ["start-call", { netuid: "1" }],
        ["register", { netuid: "1", hotkey: "11" }],
        ["subnet", { netuid: "1" }],
        ["metagraph", { netuid: "1" }],
        ["stake", { netuid: "1", hotkey: "11", amount: "1" }],
        ["unstake", { netuid: "1", hotkey: "11", all: true }],
        ["move-stake", { fromHotkey: "11", toHotkey: "12", fromNetuid: "1", amount: "1" }],
        ["swap-stake", { hotkey: "11", fromNetuid: "1", toNetuid: "2", amount: "1" }],
        ["transfer-stake", { to: "6", hotkey: "11", fromNetuid: "1", amount: "1" }],
        ["claim-root", { hotkey: "11", netuids: "1" }],
        ["claim-credits", { netuid: "1" }],
        ["positions", { hotkey: "11" }],
        ["set-weights", { netuid: "1", weights: '{"1": 1}' }],
        ["oracle", { once: true }],
      ] as const) {
        expect((await refusal(task, { ...args, deployment: missing })).message, task).to.equal(expected);
      }
    });

    it("a hotkey or --from that is not an address or account", async function () {
      expect((await refusal("register-network", { hotkey: "alice", ...d })).message).to.equal("--hotkey alice is not an address or an account index");
      expect((await refusal("subnet", { netuid: "1", ...d })).message).to.equal("subnet 1 does not exist");
      const count = signers.length;
      expect((await refusal("start-call", { netuid: "1", from: String(count), ...d })).message).to.equal(`--from ${count}: the network has ${count} accounts`);
    });
  });
});
