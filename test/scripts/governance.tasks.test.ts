/**
 * The `gov:*` Hardhat tasks (tasks/governance.ts), run in-process on the Hardhat network: a sandbox,
 * a motion from proposal to execution, and each refusal as a HardhatPluginError with a clear message.
 * The tasks print with console.log, which the tests capture.
 */
import { type SnapshotRestorer, takeSnapshot, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import hre from "hardhat";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { type SubnetLayer, connectSubnetLayer } from "../../scripts/deploy";
import { SANDBOX_ROOT_STAKES } from "../../scripts/governance/sandbox";
import { deploymentPath, loadDeployment } from "../../scripts/lib/deployment-file";
import { refusal, run } from "./task-runner";

/** The sandbox's timelock delay, in seconds. */
const DELAY = 60;

/** A well-formed motion id that was never proposed. */
const UNKNOWN_ID = `0x${"ab".repeat(32)}`;

describe("gov:* tasks", function () {
  const file = deploymentPath(hre.network.name);
  const hadDeploymentsDir = existsSync(dirname(file));
  const previousFile = existsSync(file) ? readFileSync(file) : undefined;
  const tmp = mkdtempSync(join(tmpdir(), "gov-tasks-"));

  let initial: SnapshotRestorer;
  let sandboxed: SnapshotRestorer;
  let sandboxOutput: string;
  let layer: SubnetLayer;
  let signers: HardhatEthersSigner[];
  /** The Senators' hotkeys, by seat (coldkeys: accounts 2, 3, 4). */
  let hotkeys: string[];

  before(async function () {
    initial = await takeSnapshot();
    signers = await hre.ethers.getSigners();
    sandboxOutput = await run("gov:sandbox", { timelockDelay: String(DELAY) });
    layer = connectSubnetLayer(loadDeployment(file), signers[0]);
    hotkeys = [...(await layer.senate.members())];
    sandboxed = await takeSnapshot();
  });

  beforeEach(async function () {
    await sandboxed.restore();
  });

  after(async function () {
    await initial?.restore();
    if (previousFile !== undefined) writeFileSync(file, previousFile);
    else rmSync(file, { force: true });
    if (!hadDeploymentsDir && existsSync(dirname(file)) && readdirSync(dirname(file)).length === 0) rmdirSync(dirname(file));
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Proposes SubnetRegistry.setNetworkRateLimit(limit) from account 1; resolves to the motion id. */
  async function propose(description: string, limit = 7200): Promise<string> {
    const out = await run("gov:propose", {
      description,
      contract: "SubnetRegistry",
      function: "setNetworkRateLimit",
      args: JSON.stringify([limit]),
      from: "1",
    });
    const match = /^Proposed motion (0x[0-9a-f]{64}): threshold 2 of 3 seats, voting until block (\d+)$/m.exec(out);
    expect(match, out).to.not.equal(null);
    return match![1];
  }

  /** The cells of the `gov:status` row of motion `id`. */
  function statusRow(out: string, id: string): string[] {
    const line = out.split("\n").find((l) => l.startsWith(id.slice(0, 10)));
    expect(line, out).to.not.equal(undefined);
    return line!.trim().split(/\s{2,}/);
  }

  describe("gov:sandbox and gov:members", function () {
    it("gov:sandbox seats 3 Senators, makes account 1 the Triumvirate, hands over and writes the deployment", async function () {
      const [deployer, proposer, ...coldkeys] = signers;
      expect(hotkeys).to.have.length(3);
      for (const [seat, hotkey] of hotkeys.entries()) {
        expect(await layer.registry.hotkeyOwner(hotkey)).to.equal(coldkeys[seat].address);
        expect(sandboxOutput).to.include(
          `Senator ${seat}: hotkey ${hotkey}, coldkey ${coldkeys[seat].address} (account ${seat + 2}), ${SANDBOX_ROOT_STAKES[seat]} TAO root stake`,
        );
      }
      expect(await layer.triumvirate.members()).to.deep.equal([proposer.address]);
      expect(sandboxOutput).to.include(`Triumvirate: ${proposer.address} (account 1)`);
      expect(sandboxOutput).to.include(`timelock delay ${DELAY} s`);
      expect(sandboxOutput).to.include(`Wrote ${file}`);
      expect(await layer.timelock.getMinDelay()).to.equal(BigInt(DELAY));
      // The deployer's rights belong to governance.
      const [timelockIsAdmin] = await layer.accessManager.hasRole(0n, layer.addresses.TimelockController);
      const [deployerIsAdmin] = await layer.accessManager.hasRole(0n, deployer.address);
      expect(timelockIsAdmin).to.equal(true);
      expect(deployerIsAdmin).to.equal(false);
    });

    it("gov:members prints the Senate by seat (coldkey, root stake) and the Triumvirate", async function () {
      const out = await run("gov:members");
      const lines = out.split("\n");
      expect(lines[0]).to.equal("Senate");
      expect(lines[1].split(/\s{2,}/)).to.deep.equal(["seat", "hotkey", "coldkey", "root stake TAO", "prime"]);
      for (const [seat, hotkey] of hotkeys.entries()) {
        const row = lines[3 + seat].trim().split(/\s{2,}/);
        expect(row).to.deep.equal([String(seat), hotkey, signers[seat + 2].address, `${SANDBOX_ROOT_STAKES[seat]}.00`]);
      }
      const triumvirate = lines.indexOf("Triumvirate");
      expect(triumvirate).to.equal(6);
      expect(lines.slice(triumvirate + 1).map((l) => l.trim())).to.deep.equal(["member", "-".repeat(42), signers[1].address]);
    });

    it("gov:members reads the --deployment file given", async function () {
      const copy = join(tmp, "copy.json");
      copyFileSync(file, copy);
      expect(await run("gov:members", { deployment: copy })).to.equal(await run("gov:members"));
    });

    it("refuses a missing deployment file", async function () {
      const missing = join(tmp, "missing.json");
      const error = await refusal("gov:members", { deployment: missing });
      expect(error.message).to.equal(`no deployment at ${missing}: run the deploy (or gov:sandbox) task first`);
      const status = await refusal("gov:status", { deployment: missing });
      expect(status.message).to.match(/^no deployment at /);
    });
  });

  describe("a motion from proposal to execution", function () {
    it("propose → two ayes → status → close (approved, queued) → execute after the delay sets the rate limit", async function () {
      expect(await layer.registry.networkRateLimit()).to.equal(0n);
      const id = await propose("Rate limit 7200");
      const motion = await layer.senate.motion(id);
      expect(motion.state).to.equal(1n);
      expect(motion.proposer).to.equal(signers[1].address);

      const first = await run("gov:vote", { motion: id, aye: true, from: "2" });
      expect(first).to.equal(`Voted aye for ${hotkeys[0]}: ayes 1, nays 0, threshold 2`);
      const second = await run("gov:vote", { motion: id, aye: true, from: "3" });
      expect(second).to.equal(`Voted aye for ${hotkeys[1]}: ayes 2, nays 0, threshold 2`);

      const status = await run("gov:status", { from: "2" });
      const block = await hre.ethers.provider.getBlockNumber();
      expect(status.split("\n")[0]).to.equal(`Block ${block}; your vote is ${signers[2].address}'s`);
      expect(status.split("\n")[1].split(/\s{2,}/)).to.deep.equal([
        "id",
        "description",
        "ayes/nays/threshold",
        "end block",
        "state",
        "your vote",
      ]);
      expect(statusRow(status, id)).to.deep.equal([id.slice(0, 10), "Rate limit 7200", "2/0/2", String(motion.end), "open", "aye"]);
      // Account 4's Senator has not voted; the deployer holds no seat.
      expect(statusRow(await run("gov:status", { from: "4" }), id).at(-1)).to.equal("-");
      expect(statusRow(await run("gov:status"), id)).to.have.length(5);

      const closed = await run("gov:close", { motion: id, from: "0" });
      const operation = await layer.senate.operationId(id);
      const readyAt = await layer.timelock.getTimestamp(operation);
      const readyIso = new Date(Number(readyAt) * 1000).toISOString();
      expect(closed).to.equal(`Motion ${id} was approved and queued: executable from ${readyIso}`);
      expect((await layer.senate.motion(id)).state).to.equal(2n);
      expect(await layer.timelock.isOperationPending(operation)).to.equal(true);
      // Closed motions leave the default (open) table.
      expect(await run("gov:status")).to.not.include(id.slice(0, 10));

      const early = await refusal("gov:execute", { motion: id });
      expect(early.message).to.equal(`motion ${id} is in the timelock until ${readyIso}`);
      expect(await layer.registry.networkRateLimit()).to.equal(0n);

      await time.increase(DELAY);
      expect(await run("gov:execute", { motion: id, from: "5" })).to.equal(`Motion ${id} executed`);
      expect(await layer.registry.networkRateLimit()).to.equal(7200n);
      expect((await layer.senate.motion(id)).state).to.equal(4n);
      expect(await layer.timelock.isOperationDone(operation)).to.equal(true);
      expect(statusRow(await run("gov:status", { all: true }), id)[4]).to.equal("executed");

      const again = await refusal("gov:execute", { motion: id });
      expect(again.message).to.equal(`motion ${id} is executed`);
    });

    it("a changed vote moves the tally, and two nays disapprove the motion early", async function () {
      const id = await propose("Rate limit 100", 100);
      await run("gov:vote", { motion: id, aye: true, from: "2" });
      expect(await run("gov:vote", { motion: id, nay: true, from: "2" })).to.equal(
        `Voted nay for ${hotkeys[0]}: ayes 0, nays 1, threshold 2`,
      );
      await run("gov:vote", { motion: id, nay: true, from: "4" });
      const { end } = await layer.senate.motion(id);
      expect(statusRow(await run("gov:status", { from: "4" }), id).slice(2)).to.deep.equal(["0/2/2", String(end), "open", "nay"]);
      expect(await run("gov:close", { motion: id })).to.equal(`Motion ${id} was disapproved`);
      expect((await layer.senate.motion(id)).state).to.equal(3n);
      expect(statusRow(await run("gov:status", { all: true }), id)[4]).to.equal("disapproved");
    });

    it("several calls in one motion with --calls", async function () {
      const calls = [
        { contract: "SubnetRegistry", function: "setNetworkRateLimit", args: [3600] },
        { contract: "Triumvirate", function: "addMember", args: [signers[5].address] },
      ];
      const out = await run("gov:propose", { description: "Two calls", calls: JSON.stringify(calls), from: "1" });
      const id = /Proposed motion (0x[0-9a-f]{64})/.exec(out)![1];
      await run("gov:vote", { motion: id, aye: true, from: "2" });
      await run("gov:vote", { motion: id, aye: true, from: "4" });
      await run("gov:close", { motion: id });
      await time.increase(DELAY);
      await run("gov:execute", { motion: id });
      expect(await layer.registry.networkRateLimit()).to.equal(3600n);
      expect(await layer.triumvirate.members()).to.deep.equal([signers[1].address, signers[5].address]);
    });
  });

  describe("deploy", function () {
    it("deploys, seeds the Triumvirate, hands over with --hand-over, and writes --out", async function () {
      const out = join(tmp, "deployed.json");
      const printed = await run("deploy", { triumvirate: signers[1].address, timelockDelay: "120", handOver: true, out });
      expect(printed).to.include(`Wrote ${out}; the deployer's rights now belong to governance`);
      const deployed = connectSubnetLayer(loadDeployment(out), signers[0]);
      expect(await deployed.triumvirate.members()).to.deep.equal([signers[1].address]);
      expect(await deployed.timelock.getMinDelay()).to.equal(120n);
      const [isAdmin] = await deployed.accessManager.hasRole(0, signers[0].address);
      const [timelockIsAdmin] = await deployed.accessManager.hasRole(0, deployed.addresses.TimelockController);
      expect([isAdmin, timelockIsAdmin]).to.deep.equal([false, true]);
    });

    it("refuses a Triumvirate member that is not an address", async function () {
      expect((await refusal("deploy", { triumvirate: "bob", handOver: false })).message).to.equal("--triumvirate bob is not an address or an account index");
    });
  });

  describe("refusals", function () {
    it("gov:propose from an account outside the Triumvirate (account 2)", async function () {
      const error = await refusal("gov:propose", {
        description: "Rate limit 7200",
        contract: "SubnetRegistry",
        function: "setNetworkRateLimit",
        args: "[7200]",
        from: "2",
      });
      expect(error.message).to.equal(`${signers[2].address} is not a Triumvirate member: only they may propose`);
      expect(await layer.senate.openMotions()).to.deep.equal([]);
    });

    it("gov:propose of the same motion while it is open", async function () {
      const id = await propose("Rate limit 7200");
      const error = await refusal("gov:propose", {
        description: "Rate limit 7200",
        contract: "SubnetRegistry",
        function: "setNetworkRateLimit",
        args: "[7200]",
        from: "1",
      });
      expect(error.message).to.equal(`motion ${id} is already open or queued`);
    });

    it("gov:propose with a voting period under the minimum", async function () {
      const error = await refusal("gov:propose", {
        description: "Short",
        contract: "SubnetRegistry",
        function: "setNetworkRateLimit",
        args: "[7200]",
        duration: "10",
        from: "1",
      });
      expect(error.message).to.equal("a motion must run at least 3600 blocks, not 10");
    });

    it("gov:propose to an unknown contract name", async function () {
      const error = await refusal("gov:propose", { description: "x", contract: "Nope", function: "setNetworkRateLimit", args: "[1]", from: "1" });
      expect(error.message).to.match(/^unknown contract Nope \(one of: .*\bSubnetRegistry\b.*\)$/);
    });

    it("gov:propose of an unknown function or with arguments that do not fit", async function () {
      const noFunction = await refusal("gov:propose", { description: "x", contract: "SubnetRegistry", function: "nope", from: "1" });
      expect(noFunction.message).to.match(/^cannot encode SubnetRegistry\.nope: /);
      const badArgs = await refusal("gov:propose", {
        description: "x",
        contract: "SubnetRegistry",
        function: "setNetworkRateLimit",
        args: "[1, 2]",
        from: "1",
      });
      expect(badArgs.message).to.match(/^cannot encode SubnetRegistry\.setNetworkRateLimit: /);
    });

    it("gov:propose with --args that are not a JSON array", async function () {
      const base = { description: "x", contract: "SubnetRegistry", function: "setNetworkRateLimit", from: "1" };
      expect((await refusal("gov:propose", { ...base, args: "[7200" })).message).to.equal("--args is not JSON: [7200");
      expect((await refusal("gov:propose", { ...base, args: '{"limit":7200}' })).message).to.equal("--args must be a JSON array");
    });

    it("gov:propose without --contract/--function, or with both them and --calls", async function () {
      const neither = await refusal("gov:propose", { description: "x", from: "1" });
      expect(neither.message).to.equal("--contract and --function are required (or --calls)");
      const both = await refusal("gov:propose", { description: "x", contract: "SubnetRegistry", function: "setNetworkRateLimit", calls: "[]", from: "1" });
      expect(both.message).to.equal("give either --calls or --contract/--function, not both");
    });

    it("gov:vote twice the same way", async function () {
      const id = await propose("Rate limit 7200");
      await run("gov:vote", { motion: id, aye: true, from: "2" });
      const error = await refusal("gov:vote", { motion: id, aye: true, from: "2" });
      expect(error.message).to.equal(`${hotkeys[0]} already voted this way on motion ${id}`);
      expect(statusRow(await run("gov:status"), id)[2]).to.equal("1/0/2");
    });

    it("gov:vote from an account that owns no seat", async function () {
      const id = await propose("Rate limit 7200");
      for (const from of ["1", "5"]) {
        const error = await refusal("gov:vote", { motion: id, aye: true, from });
        expect(error.message).to.equal(`${signers[Number(from)].address} owns no Senate seat`);
      }
    });

    it("gov:vote for a hotkey the signer does not own", async function () {
      const id = await propose("Rate limit 7200");
      const error = await refusal("gov:vote", { motion: id, aye: true, hotkey: hotkeys[0], from: "3" });
      expect(error.message).to.equal(`${signers[3].address} does not own hotkey ${hotkeys[0]}`);
    });

    it("gov:vote with both or neither of --aye and --nay", async function () {
      const id = await propose("Rate limit 7200");
      for (const flags of [{ aye: true, nay: true }, {}]) {
        const error = await refusal("gov:vote", { motion: id, ...flags, from: "2" });
        expect(error.message).to.equal("give exactly one of --aye and --nay");
      }
      expect(statusRow(await run("gov:status"), id)[2]).to.equal("0/0/2");
    });

    it("gov:vote on a motion already closed", async function () {
      const id = await propose("Rate limit 7200");
      await run("gov:vote", { motion: id, aye: true, from: "2" });
      await run("gov:vote", { motion: id, aye: true, from: "3" });
      await run("gov:close", { motion: id });
      const error = await refusal("gov:vote", { motion: id, nay: true, from: "4" });
      expect(error.message).to.equal(`motion ${id} is queued`);
    });

    it("gov:close of an undecided motion before its end", async function () {
      const id = await propose("Rate limit 7200");
      await run("gov:vote", { motion: id, aye: true, from: "2" });
      const { end } = await layer.senate.motion(id);
      const error = await refusal("gov:close", { motion: id });
      expect(error.message).to.equal(`motion ${id} is undecided and runs until block ${end}`);
      expect((await layer.senate.motion(id)).state).to.equal(1n);
    });

    it("gov:execute of a motion still open", async function () {
      const id = await propose("Rate limit 7200");
      const error = await refusal("gov:execute", { motion: id });
      expect(error.message).to.equal(`motion ${id} is open`);
    });

    it("an unknown motion id, in gov:vote, gov:close and gov:execute", async function () {
      const expected = `motion ${UNKNOWN_ID} is unknown`;
      expect((await refusal("gov:vote", { motion: UNKNOWN_ID, aye: true, from: "2" })).message).to.equal(expected);
      expect((await refusal("gov:close", { motion: UNKNOWN_ID })).message).to.equal(expected);
      expect((await refusal("gov:execute", { motion: UNKNOWN_ID })).message).to.equal(expected);
    });

    it("malformed input: a motion id, numbers, --calls entries, a hotkey", async function () {
      const short = "0x12";
      for (const task of ["gov:vote", "gov:close", "gov:execute"]) {
        const error = await refusal(task, { motion: short, aye: true, from: "2" });
        expect(error.message, task).to.equal(`--motion must be a 32-byte hex id, not ${short}`);
      }
      const base = { description: "x", contract: "SubnetRegistry", function: "setNetworkRateLimit", args: "[1]", from: "1" };
      expect((await refusal("gov:propose", { ...base, value: "abc" })).message).to.equal("--value must be a whole number, not abc");
      expect((await refusal("gov:propose", { ...base, duration: "-5" })).message).to.equal("--duration must be a whole number, not -5");
      const calls = (text: string) => refusal("gov:propose", { description: "x", calls: text, from: "1" });
      expect((await calls('[{"contract":"SubnetRegistry"}]')).message).to.equal('--calls[0] needs a "contract" and a "function" (strings)');
      expect((await calls("[null]")).message).to.equal('--calls[0] needs a "contract" and a "function" (strings)');
      expect((await calls('[{"contract":"SubnetRegistry","function":"setNetworkRateLimit","args":7}]')).message).to.equal("--calls[0].args must be an array");
      expect((await calls('[{"contract":"SubnetRegistry","function":"setNetworkRateLimit","args":[1],"value":"x"}]')).message).to.equal(
        "--calls[0].value must be a whole number, not x",
      );
      const id = await propose("Rate limit 7200");
      expect((await refusal("gov:vote", { motion: id, aye: true, hotkey: "alice", from: "2" })).message).to.equal("--hotkey alice is not an address");
      expect((await refusal("gov:sandbox", { timelockDelay: "soon" })).message).to.equal("--timelock-delay must be a whole number, not soon");
    });

    it("gov:execute of a motion whose call reverts names the contract's error", async function () {
      const member = signers[1].address; // already in the Triumvirate
      const out = await run("gov:propose", { description: "Add a member twice", contract: "Triumvirate", function: "addMember", args: JSON.stringify([member]), from: "1" });
      const id = /^Proposed motion (0x[0-9a-f]{64})/m.exec(out)![1];
      await run("gov:vote", { motion: id, aye: true, from: "2" });
      await run("gov:vote", { motion: id, aye: true, from: "3" });
      await run("gov:close", { motion: id });
      await time.increase(DELAY);
      const error = await refusal("gov:execute", { motion: id });
      expect(error.message).to.equal(`refused with TriumvirateAlreadyMember(${member})`);
      expect((await layer.senate.motion(id)).state, "still queued").to.equal(2n);
    });

    it("a --from that is not an account of the node", async function () {
      const count = signers.length;
      const index = await refusal("gov:status", { from: String(count) });
      expect(index.message).to.equal(`--from ${count}: the network has ${count} accounts`);
      const stranger = `0x${"12".repeat(20)}`;
      const address = await refusal("gov:status", { from: stranger });
      expect(address.message).to.equal(`--from ${stranger}: not an account of this network`);
    });
  });
});
