/**
 * The governance command line (issue "Governance" item 7): `gov:sandbox`, `gov:propose`,
 * `gov:vote`, `gov:close`, `gov:execute`, `gov:status` and `gov:members`. Each is a thin shell over
 * scripts/governance/motions.ts. Modules are loaded inside the actions: the config loads this file
 * before anything is compiled, when typechain-types may not exist yet.
 */
import { task } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { TaskInputError, deploymentOf, guarded, parseInteger, parseJsonArray, signerFor } from "./lib/task-helpers";

async function senateAt(hre: HardhatRuntimeEnvironment, file: string | undefined, signer: Signer) {
  const { ISenate__factory } = await import("../typechain-types");
  const addresses = await deploymentOf(hre, file);
  return { addresses, senate: ISenate__factory.connect(addresses.Senate, signer) };
}

/** A motion id: 32 bytes of hex. */
function parseMotionId(text: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) throw new TaskInputError(`--motion must be a 32-byte hex id, not ${text}`);
  return text;
}

/** One entry of --calls. */
interface CallSpec {
  contract: string;
  function: string;
  args: unknown[];
  value: bigint;
}

function parseCallSpecs(text: string): CallSpec[] {
  return parseJsonArray(text, "--calls").map((entry, i) => {
    const e = entry as Record<string, unknown> | null;
    if (e === null || typeof e !== "object" || typeof e.contract !== "string" || typeof e.function !== "string") {
      throw new TaskInputError(`--calls[${i}] needs a "contract" and a "function" (strings)`);
    }
    if (e.args !== undefined && !Array.isArray(e.args)) throw new TaskInputError(`--calls[${i}].args must be an array`);
    const value = e.value === undefined ? 0n : parseInteger(e.value as string | number, `--calls[${i}].value`);
    return { contract: e.contract, function: e.function, args: (e.args as unknown[] | undefined) ?? [], value };
  });
}

task("gov:sandbox", "Local chains: deploys, seats 3 Senators with root stake, makes account 1 the Triumvirate, hands over")
  .addOptionalParam("timelockDelay", "Seconds between approval and execution", "60")
  .setAction(async (args: { timelockDelay: string }, hre) =>
    guarded(async () => {
      if (!["hardhat", "localhost"].includes(hre.network.name)) throw new TaskInputError("gov:sandbox runs on a local chain only");
      const { setUpSandbox } = await import("../scripts/governance/sandbox");
      const { deploymentPath, saveDeployment } = await import("../scripts/lib/deployment-file");
      const layer = await setUpSandbox(await hre.ethers.getSigners(), parseInteger(args.timelockDelay, "--timelock-delay"), console.log);
      const out = deploymentPath(hre.network.name, hre.config.paths.root);
      saveDeployment(out, layer.addresses);
      console.log(`Wrote ${out}`);
    }),
  );

task("gov:propose", "Proposes a motion (Triumvirate members only)")
  .addParam("description", "What the motion does, in words")
  .addOptionalParam("contract", "Contract to call, by name (e.g. SubnetRegistry)")
  .addOptionalParam("function", "Function to call, by name or signature")
  .addOptionalParam("args", "The call's arguments as a JSON array", "[]")
  .addOptionalParam("value", "Wei to send with the call", "0")
  .addOptionalParam("calls", 'Several calls instead: a JSON array of {"contract","function","args","value"}')
  .addOptionalParam("duration", "Blocks of voting (default and minimum: 3600)")
  .addOptionalParam("from", "Proposer: account index or address", "0")
  .addOptionalParam("deployment", "Deployment file (default deployments/<network>.json)")
  .setAction(
    async (
      a: { description: string; contract?: string; function?: string; args: string; value: string; calls?: string; duration?: string; from: string; deployment?: string },
      hre,
    ) =>
      guarded(async () => {
        const { encodeCall, proposeMotion } = await import("../scripts/governance/motions");
        const signer = await signerFor(hre, a.from);
        const { addresses, senate } = await senateAt(hre, a.deployment, signer);
        let specs: CallSpec[];
        if (a.calls !== undefined) {
          if (a.contract !== undefined || a.function !== undefined) throw new TaskInputError("give either --calls or --contract/--function, not both");
          specs = parseCallSpecs(a.calls);
        } else {
          if (a.contract === undefined || a.function === undefined) throw new TaskInputError("--contract and --function are required (or --calls)");
          specs = [{ contract: a.contract, function: a.function, args: parseJsonArray(a.args, "--args"), value: parseInteger(a.value, "--value") }];
        }
        const duration = a.duration === undefined ? undefined : parseInteger(a.duration, "--duration");
        const calls = specs.map((s) => encodeCall(addresses, s.contract, s.function, s.args, s.value));
        const id = await proposeMotion(senate, signer, { calls, description: a.description }, duration);
        const m = await senate.motion(id);
        console.log(`Proposed motion ${id}: threshold ${m.threshold} of ${m.seats} seats, voting until block ${m.end}`);
      }),
  );

task("gov:vote", "Votes on a motion for the Senate seats the signer's coldkey owns")
  .addParam("motion", "Motion id")
  .addFlag("aye", "Vote aye")
  .addFlag("nay", "Vote nay")
  .addOptionalParam("hotkey", "The member hotkey (default: every seat the signer owns)")
  .addOptionalParam("from", "Coldkey: account index or address", "0")
  .addOptionalParam("deployment", "Deployment file (default deployments/<network>.json)")
  .setAction(async (a: { motion: string; aye: boolean; nay: boolean; hotkey?: string; from: string; deployment?: string }, hre) =>
    guarded(async () => {
      if (a.aye === a.nay) throw new TaskInputError("give exactly one of --aye and --nay");
      const motion = parseMotionId(a.motion);
      if (a.hotkey !== undefined && !hre.ethers.isAddress(a.hotkey)) throw new TaskInputError(`--hotkey ${a.hotkey} is not an address`);
      const { GovernanceError, governanceMembers, voteOnMotion, motionStatus } = await import("../scripts/governance/motions");
      const signer = await signerFor(hre, a.from);
      const { addresses, senate } = await senateAt(hre, a.deployment, signer);
      const coldkey = await signer.getAddress();
      let hotkeys = a.hotkey === undefined ? [] : [a.hotkey];
      if (hotkeys.length === 0) {
        const { senate: seats } = await governanceMembers(addresses, hre.ethers.provider);
        hotkeys = seats.filter((s) => s.coldkey === coldkey).map((s) => s.hotkey);
        if (hotkeys.length === 0) throw new GovernanceError("not-member", `${coldkey} owns no Senate seat`);
      }
      for (const hotkey of hotkeys) await voteOnMotion(senate, signer, hotkey, motion, a.aye);
      const [status] = await motionStatus(senate, [motion]);
      console.log(`Voted ${a.aye ? "aye" : "nay"} for ${hotkeys.join(", ")}: ayes ${status.ayes}, nays ${status.nays}, threshold ${status.threshold}`);
    }),
  );

task("gov:close", "Closes a motion: approved ones are queued in the timelock")
  .addParam("motion", "Motion id")
  .addOptionalParam("from", "Account index or address", "0")
  .addOptionalParam("deployment", "Deployment file (default deployments/<network>.json)")
  .setAction(async (a: { motion: string; from: string; deployment?: string }, hre) =>
    guarded(async () => {
      const { closeMotion } = await import("../scripts/governance/motions");
      const signer = await signerFor(hre, a.from);
      const { senate } = await senateAt(hre, a.deployment, signer);
      const approved = await closeMotion(senate, signer, parseMotionId(a.motion));
      if (!approved) {
        console.log(`Motion ${a.motion} was disapproved`);
        return;
      }
      const { TimelockController__factory } = await import("../typechain-types");
      const timelock = TimelockController__factory.connect(await senate.timelock(), signer);
      const readyAt = await timelock.getTimestamp(await senate.operationId(a.motion));
      console.log(`Motion ${a.motion} was approved and queued: executable from ${new Date(Number(readyAt) * 1000).toISOString()}`);
    }),
  );

task("gov:execute", "Executes an approved motion once its timelock delay has passed")
  .addParam("motion", "Motion id")
  .addOptionalParam("from", "Account index or address", "0")
  .addOptionalParam("deployment", "Deployment file (default deployments/<network>.json)")
  .setAction(async (a: { motion: string; from: string; deployment?: string }, hre) =>
    guarded(async () => {
      const { executeMotion } = await import("../scripts/governance/motions");
      const signer = await signerFor(hre, a.from);
      const { senate } = await senateAt(hre, a.deployment, signer);
      await executeMotion(senate, signer, parseMotionId(a.motion));
      console.log(`Motion ${a.motion} executed`);
    }),
  );

task("gov:status", "A table of motions: id, description, tallies, end block, state, your vote")
  .addFlag("all", "Every motion ever proposed, not only the open ones")
  .addOptionalParam("from", "Whose vote to show: account index or address", "0")
  .addOptionalParam("deployment", "Deployment file (default deployments/<network>.json)")
  .setAction(async (a: { all: boolean; from: string; deployment?: string }, hre) =>
    guarded(async () => {
      const { governanceMembers, motionStatus } = await import("../scripts/governance/motions");
      const { formatTable } = await import("../scripts/lib/table");
      const signer = await signerFor(hre, a.from);
      const { addresses, senate } = await senateAt(hre, a.deployment, signer);
      const coldkey = await signer.getAddress();
      const { senate: seats } = await governanceMembers(addresses, hre.ethers.provider);
      const mine = seats.filter((s) => s.coldkey === coldkey).map((s) => s.hotkey);
      let ids: string[] | undefined;
      if (a.all) ids = [...new Set((await senate.queryFilter(senate.filters.MotionProposed())).map((e) => e.args.id))];
      const rows = await motionStatus(senate, ids, mine);
      console.log(`Block ${await hre.ethers.provider.getBlockNumber()}; your vote is ${coldkey}'s`);
      console.log(
        formatTable(
          ["id", "description", "ayes/nays/threshold", "end block", "state", "your vote"],
          rows.map((r) => [r.id.slice(0, 10), r.description, `${r.ayes}/${r.nays}/${r.threshold}`, r.endBlock, r.state, r.yourVote]),
        ),
      );
    }),
  );

task("gov:members", "The Senate (by seat, with root stake) and the Triumvirate")
  .addOptionalParam("deployment", "Deployment file (default deployments/<network>.json)")
  .setAction(async (a: { deployment?: string }, hre) =>
    guarded(async () => {
      const { governanceMembers } = await import("../scripts/governance/motions");
      const { formatRao, formatTable } = await import("../scripts/lib/table");
      const { senate, triumvirate } = await governanceMembers(await deploymentOf(hre, a.deployment), hre.ethers.provider);
      console.log("Senate");
      console.log(formatTable(["seat", "hotkey", "coldkey", "root stake TAO", "prime"], senate.map((s) => [s.seat, s.hotkey, s.coldkey, formatRao(s.rootStake, 2), s.prime ? "yes" : ""])));
      console.log("Triumvirate");
      console.log(formatTable(["member"], triumvirate.map((m) => [m])));
    }),
  );
