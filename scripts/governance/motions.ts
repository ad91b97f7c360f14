/**
 * Governance from scripts (issue "Governance" item 7): typed functions to propose, vote on, close and
 * execute Senate motions and to read their state, used by the `gov:*` Hardhat tasks and importable by
 * any script. Each refusal of the contracts comes back as a {@link GovernanceError} with a short message.
 */
import { type ContractTransactionResponse, type Interface, type Provider, type Signer, id as keccakText } from "ethers";
import type { SubnetLayerAddresses } from "../deploy";
import {
  ICoinbase__factory,
  IEpochSettlement__factory,
  ISenate__factory,
  IStaking__factory,
  ISubnetOwnerAdmin__factory,
  ISubnetRegistry__factory,
  ITriumvirate__factory,
  IWeights__factory,
  ProtocolAccessManager__factory,
  Senate__factory,
  Tao__factory,
  TimelockController__factory,
  Triumvirate__factory,
} from "../../typechain-types";
import type { ISenate } from "../../typechain-types";

/** One call of a motion: what the timelock will call, with how much wei, and the calldata. */
export interface MotionCall {
  target: string;
  value: bigint;
  payload: string;
}

/** A motion's calls and description, as proposed. */
export interface MotionProposal {
  calls: MotionCall[];
  description: string;
}

/** Where a motion is, by name (ISenate.MotionState). */
export const MOTION_STATES = ["none", "open", "queued", "disapproved", "executed"] as const;
export type MotionStateName = (typeof MOTION_STATES)[number];

/** Why a governance action was refused. */
export type GovernanceErrorCode =
  | "unknown-contract"
  | "bad-call"
  | "unknown-motion"
  | "not-proposer"
  | "not-owner"
  | "not-member"
  | "not-voter"
  | "already-voted"
  | "too-early"
  | "not-open"
  | "not-ready"
  | "not-closer"
  | "duplicate"
  | "too-many"
  | "too-short"
  | "refused";

/** A governance action the contracts (or this module) refused, with a short reason. */
export class GovernanceError extends Error {
  constructor(
    readonly code: GovernanceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "GovernanceError";
  }
}

/** The deployed contracts a motion may call, by name, with their ABIs. */
const CONTRACT_INTERFACES: Record<string, Interface> = {
  ProtocolAccessManager: ProtocolAccessManager__factory.createInterface(),
  Tao: Tao__factory.createInterface(),
  Staking: IStaking__factory.createInterface(),
  SubnetRegistry: ISubnetRegistry__factory.createInterface(),
  Coinbase: ICoinbase__factory.createInterface(),
  Weights: IWeights__factory.createInterface(),
  EpochSettlement: IEpochSettlement__factory.createInterface(),
  SubnetOwnerAdmin: ISubnetOwnerAdmin__factory.createInterface(),
  TimelockController: TimelockController__factory.createInterface(),
  Triumvirate: ITriumvirate__factory.createInterface(),
  Senate: ISenate__factory.createInterface(),
};

/** The names {@link encodeCall} accepts. */
export const CALLABLE_CONTRACTS = Object.keys(CONTRACT_INTERFACES);

/**
 * Encodes a call to a deployed contract by name: `encodeCall(addresses, "SubnetRegistry",
 * "setNetworkRateLimit", [7200n])`. `fn` is a name, or a full signature when the name is overloaded.
 */
export function encodeCall(
  addresses: SubnetLayerAddresses,
  contract: string,
  fn: string,
  args: readonly unknown[],
  value = 0n,
): MotionCall {
  const iface = CONTRACT_INTERFACES[contract];
  const target = (addresses as Record<string, string>)[contract];
  if (iface === undefined || target === undefined) {
    throw new GovernanceError("unknown-contract", `unknown contract ${contract} (one of: ${CALLABLE_CONTRACTS.join(", ")})`);
  }
  try {
    return { target, value, payload: iface.encodeFunctionData(fn, args) };
  } catch (e) {
    const reason = e instanceof Error ? (e as { shortMessage?: string }).shortMessage ?? e.message : String(e);
    throw new GovernanceError("bad-call", `cannot encode ${contract}.${fn}: ${reason}`);
  }
}

/** The Senate's errors, each as a code and a short message. */
const SENATE_ERRORS: Record<string, (args: readonly unknown[]) => [GovernanceErrorCode, string]> = {
  SenateNotProposer: (a) => ["not-proposer", `${String(a[0])} is not a Triumvirate member: only they may propose`],
  SenateMalformedMotion: () => ["bad-call", "a motion needs at least one call"],
  SenateDurationTooShort: (a) => ["too-short", `a motion must run at least ${String(a[1])} blocks, not ${String(a[0])}`],
  SenateTooManyMotions: () => ["too-many", "10 motions are open already"],
  SenateDuplicateMotion: (a) => ["duplicate", `motion ${String(a[0])} is already open or queued`],
  SenateWrongState: (a) => [
    Number(a[1]) === 0 ? "unknown-motion" : "not-open",
    Number(a[1]) === 0 ? `motion ${String(a[0])} is unknown` : `motion ${String(a[0])} is ${MOTION_STATES[Number(a[1])]}`,
  ],
  SenateNotHotkeyOwner: (a) => ["not-owner", `${String(a[1])} does not own hotkey ${String(a[0])}`],
  SenateNotMember: (a) => ["not-member", `${String(a[0])} is not a Senate member`],
  SenateNotVoter: (a) => ["not-voter", `${String(a[1])} joined the Senate after motion ${String(a[0])} was proposed`],
  SenateDuplicateVote: (a) => ["already-voted", `${String(a[1])} already voted this way on motion ${String(a[0])}`],
  SenateTooEarly: (a) => ["too-early", `motion ${String(a[0])} is undecided and runs until block ${String(a[1])}`],
  SenateNotCloser: (a) => ["not-closer", `${String(a[0])} may not close motions: only Triumvirate members may`],
  SenateNotReady: (a) => ["not-ready", `motion ${String(a[0])} is in the timelock until ${new Date(Number(a[1]) * 1000).toISOString()}`],
};
const SENATE_INTERFACE = ISenate__factory.createInterface();
/** Where else a refusal may come from: a motion's call, bubbled up through the timelock, or access control. */
const OTHER_INTERFACES = [...Object.values(CONTRACT_INTERFACES), Triumvirate__factory.createInterface(), Senate__factory.createInterface()];

/**
 * The revert data a failed call carries: ethers puts it in `data`; a JSON-RPC node's error (Hardhat's
 * over HTTP) nests it one level down, `data.data`.
 */
function revertData(error: unknown): string | undefined {
  let holder: unknown = error;
  for (let depth = 0; depth < 3 && typeof holder === "object" && holder !== null; depth++) {
    const data = (holder as { data?: unknown }).data;
    // A selector needs 4 bytes; "0x" is a revert without data.
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) return data;
    holder = data ?? (holder as { error?: unknown }).error;
  }
  return undefined;
}

/** The GovernanceError a failed call stands for (the error itself when it is not a Senate refusal). */
export function explainRevert(error: unknown): unknown {
  const data = revertData(error);
  if (data === undefined) return error;
  const parsed = SENATE_INTERFACE.parseError(data);
  if (parsed === null || SENATE_ERRORS[parsed.name] === undefined) {
    for (const iface of OTHER_INTERFACES) {
      const other = iface.parseError(data);
      if (other !== null) return new GovernanceError("refused", `refused with ${other.name}(${other.args.join(", ")})`);
    }
    return error;
  }
  const explain = SENATE_ERRORS[parsed.name];
  const [code, message] = explain(parsed.args);
  return new GovernanceError(code, message);
}

/** Sends a transaction and waits for it, turning a Senate refusal into a GovernanceError. */
async function send(tx: () => Promise<ContractTransactionResponse>): Promise<void> {
  try {
    await (await tx()).wait();
  } catch (e) {
    throw explainRevert(e);
  }
}

/** Proposes a motion as `proposer` (a Triumvirate member); resolves to its id. */
export async function proposeMotion(
  senate: ISenate,
  proposer: Signer,
  proposal: MotionProposal,
  durationBlocks?: bigint,
): Promise<string> {
  const { calls, description } = proposal;
  const duration = durationBlocks ?? (await senate.MIN_DURATION());
  const args = [calls.map((c) => c.target), calls.map((c) => c.value), calls.map((c) => c.payload), description, duration] as const;
  await send(() => senate.connect(proposer).propose(...args));
  return senate.hashMotion(args[0], args[1], args[2], keccakText(description));
}

/** A motion's calls and description, read from its (latest) MotionProposed event. */
export async function readProposal(senate: ISenate, id: string): Promise<MotionProposal> {
  const events = await senate.queryFilter(senate.filters.MotionProposed(id));
  const last = events.at(-1);
  if (last === undefined) throw new GovernanceError("unknown-motion", `motion ${id} is unknown`);
  // By position: an ethers Result is an Array, so `.values` would be Array.prototype.values.
  const [, , targets, values, payloads, description] = last.args;
  return { calls: [...targets].map((target, i) => ({ target, value: values[i], payload: payloads[i] })), description };
}

/** The arrays and description hash that close and execute take. */
function callArgs(p: MotionProposal): [string[], bigint[], string[], string] {
  return [p.calls.map((c) => c.target), p.calls.map((c) => c.value), p.calls.map((c) => c.payload), keccakText(p.description)];
}

/** Votes aye or nay on motion `id` for Senate member `hotkey`, signed by its coldkey. */
export async function voteOnMotion(senate: ISenate, coldkey: Signer, hotkey: string, id: string, aye: boolean): Promise<void> {
  await send(() => senate.connect(coldkey).vote(hotkey, id, aye));
}

/** Closes motion `id`; resolves to whether it was approved (and so queued in the timelock). */
export async function closeMotion(senate: ISenate, signer: Signer, id: string): Promise<boolean> {
  const args = callArgs(await readProposal(senate, id));
  await send(() => senate.connect(signer).close(...args));
  return (await senate.motion(id)).state === 2n;
}

/** Executes queued motion `id` through the timelock (sending the wei its calls carry). */
export async function executeMotion(senate: ISenate, signer: Signer, id: string): Promise<void> {
  const proposal = await readProposal(senate, id);
  const value = proposal.calls.reduce((sum, c) => sum + c.value, 0n);
  const args = callArgs(proposal);
  await send(() => senate.connect(signer).execute(...args, { value }));
}

/** One row of {@link motionStatus}. */
export interface MotionStatus {
  id: string;
  description: string;
  ayes: number;
  nays: number;
  threshold: number;
  seats: number;
  endBlock: bigint;
  state: MotionStateName;
  /** How the given voter's hotkeys voted: "aye", "nay", "-" (not yet), or "" (no voter given or not a voter). */
  yourVote: string;
}

const popcount = (bits: bigint): number => bits.toString(2).split("").filter((b) => b === "1").length;

/** The status of each motion in `ids` (default: the open ones); `voterHotkeys` fills `yourVote`. */
export async function motionStatus(senate: ISenate, ids?: readonly string[], voterHotkeys: readonly string[] = []): Promise<MotionStatus[]> {
  const list = ids ?? (await senate.openMotions());
  return Promise.all(
    list.map(async (id) => {
      const m = await senate.motion(id);
      if (m.state === 0n) throw new GovernanceError("unknown-motion", `motion ${id} is unknown`);
      const { description } = await readProposal(senate, id);
      const votes: string[] = [];
      for (const hotkey of voterHotkeys) {
        if (!(await senate.isMember(hotkey))) continue;
        const [voted, aye] = await senate.voteOf(id, hotkey);
        votes.push(voted ? (aye ? "aye" : "nay") : "-");
      }
      return {
        id,
        description,
        ayes: popcount(m.ayes),
        nays: popcount(m.nays),
        threshold: Number(m.threshold),
        seats: Number(m.seats),
        endBlock: m.end,
        state: MOTION_STATES[Number(m.state)],
        yourVote: votes.join(","),
      };
    }),
  );
}

/** A Senate seat: its hotkey, the coldkey that votes for it, its root stake now, and whether it is the prime. */
export interface SenateSeat {
  seat: number;
  hotkey: string;
  coldkey: string;
  rootStake: bigint;
  prime: boolean;
}

/** Both houses: the Senate by seat and the Triumvirate. */
export interface GovernanceMembers {
  senate: SenateSeat[];
  triumvirate: string[];
}

/** Reads both houses' members. */
export async function governanceMembers(addresses: SubnetLayerAddresses, provider: Provider): Promise<GovernanceMembers> {
  const senate = ISenate__factory.connect(addresses.Senate, provider);
  const registry = ISubnetRegistry__factory.connect(addresses.SubnetRegistry, provider);
  const staking = IStaking__factory.connect(addresses.Staking, provider);
  const triumvirate = ITriumvirate__factory.connect(addresses.Triumvirate, provider);
  const prime = await senate.prime();
  const hotkeys = await senate.members();
  const seats = await Promise.all(
    hotkeys.map(async (hotkey, seat) => ({
      seat,
      hotkey,
      coldkey: await registry.hotkeyOwner(hotkey),
      rootStake: await staking.totalHotkeyAlpha(hotkey, 0),
      prime: hotkey === prime,
    })),
  );
  return { senate: seats, triumvirate: [...(await triumvirate.members())] };
}
