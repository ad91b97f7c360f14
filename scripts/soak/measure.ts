/**
 * What happened, read from the chain alone (never from the nodes' own logs): the settlement's and the
 * Coinbase's logs over the run, the Coinbase's schedule at the end, and, optionally, every block's
 * settle transactions (to count races that reached the chain and reverted).
 *
 * The Coinbase keeps one epoch due per subnet at a time: the next one falls due at
 * max(snapshot + tempo, the settling block), so an epoch is never skipped, only late. Hence:
 * - due: every snapshot block the chain scheduled from the run's start to its end: the settled ones,
 *   plus the one due now if its block is reached;
 * - lost: an epoch due at or before the end of the run proper (`stopBlock`) still unsettled after the
 *   drain: the subnet is stuck;
 * - settled twice: one (netuid, snapshotBlock) in two EpochSettled logs;
 * - schedule breaks: a settled snapshot that is not where the previous settlement put the next one
 *   (max(previous snapshot + tempo, previous settle block)): should never happen;
 * - delay: settle block − snapshot block; `late` counts epochs settled a tempo or more after their
 *   snapshot (each pushes the subnet's schedule back).
 */
import { Contract } from "ethers";
import type { JsonRpcProvider, Log, LogDescription } from "ethers";
import type { LocalNetwork } from "./network";
import { abiOf, decodeError } from "./abi";

export interface SubnetMeasure {
  netuid: number;
  tempo: number;
  due: number;
  settled: number;
  lost: number;
  settledTwice: number;
  scheduleBreaks: number;
  maxDelay: number;
  late: number;
  /** The epoch due at the end, unsettled (undefined if none is due). */
  openDueBlock?: number;
  roundsOpened: number;
  rejected: number;
}

export interface NodeMeasure {
  index: number;
  address: string;
  attestations: number;
  /** Attestations of a hash that was never settled (a liar's, or a report the chain rejected). */
  unsettledHashes: number;
  settles: number;
  lastAttestBlock?: number;
  /** Blocks at which this node attested: for the recovery check of each fault. */
  attestBlocks: number[];
}

export interface PhaseStats {
  count: number;
  medianBlocks: number;
  p95Blocks: number;
  maxBlocks: number;
  medianMs?: number;
  p95Ms?: number;
}

export interface ChainMeasure {
  fromBlock: number;
  stopBlock: number;
  toBlock: number;
  subnets: SubnetMeasure[];
  totals: Omit<SubnetMeasure, "netuid" | "tempo" | "openDueBlock">;
  nodes: NodeMeasure[];
  rejectedReasons: Record<string, number>;
  /** Settle transactions on the chain: succeeded, reverted (a race lost after the estimate), by block scan. */
  settleTxs?: SettleTxs;
  /** Snapshot → first attestation → accepted (last round) → settled. */
  phases: { firstAttest: PhaseStats; accepted: PhaseStats; settle: PhaseStats; total: PhaseStats };
  /** α of every subnet accounted for (Staking's balance, supply, credits ledger); undefined if not checked. */
  alphaConserved?: { ok: boolean; failures: string[] };
}

export interface SettleTxs {
  ok: number;
  reverted: number;
  /** Why they reverted: out of gas (by gas used), else replayed at the block before. */
  revertReasons: Record<string, number>;
  epochsWithSeveral: number;
}

export interface MeasureOptions {
  fromBlock: number;
  stopBlock: number;
  toBlock: number;
  oracles: readonly string[];
  blockSeenAt?: ReadonlyMap<number, number>;
  /** Read every block's transactions for reverted settles (one call a block). */
  scanSettleTxs?: boolean;
  checkAlpha?: boolean;
}

const CHUNK = 2_000;

async function logsOf(provider: JsonRpcProvider, address: string, fromBlock: number, toBlock: number): Promise<Log[]> {
  const out: Log[] = [];
  for (let from = fromBlock; from <= toBlock; from += CHUNK) {
    out.push(...(await provider.getLogs({ address, fromBlock: from, toBlock: Math.min(toBlock, from + CHUNK - 1) })));
  }
  return out;
}

function stats(blocks: number[], ms: number[]): PhaseStats {
  const q = (xs: number[], p: number): number => {
    if (xs.length === 0) return 0;
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * s.length))];
  };
  return {
    count: blocks.length,
    medianBlocks: q(blocks, 0.5),
    p95Blocks: q(blocks, 0.95),
    maxBlocks: blocks.length === 0 ? 0 : Math.max(...blocks),
    medianMs: ms.length === 0 ? undefined : q(ms, 0.5),
    p95Ms: ms.length === 0 ? undefined : q(ms, 0.95),
  };
}

const key = (netuid: number, snapshot: number): string => `${netuid}@${snapshot}`;

export async function measureChain(provider: JsonRpcProvider, network: LocalNetwork, o: MeasureOptions): Promise<ChainMeasure> {
  const { layer } = network;
  const settlementAbi = abiOf("EpochSettlement");
  const coinbaseAbi = abiOf("Coinbase");
  const parse = (iface: typeof settlementAbi, logs: Log[]): Array<{ log: Log; event: LogDescription }> =>
    logs.flatMap((log) => {
      const event = iface.parseLog(log);
      return event === null ? [] : [{ log, event }];
    });
  const settlementEvents = parse(settlementAbi, await logsOf(provider, layer.addresses.EpochSettlement, o.fromBlock, o.toBlock));
  const coinbaseEvents = parse(coinbaseAbi, await logsOf(provider, layer.addresses.Coinbase, o.fromBlock, o.toBlock));
  const byName = (name: string): Array<{ log: Log; event: LogDescription }> => settlementEvents.filter((e) => e.event.name === name);

  const settledEvents = byName("EpochSettled");
  const settledHashes = new Set(settledEvents.map((e) => String(e.event.args.reportHash).toLowerCase()));
  // Per epoch: first attestation block, last acceptance block, settle block(s).
  const firstAttest = new Map<string, number>();
  const lastAccepted = new Map<string, number>();
  for (const { log, event } of byName("Attested")) {
    const k = key(Number(event.args.netuid), Number(event.args.snapshotBlock));
    if (!firstAttest.has(k)) firstAttest.set(k, log.blockNumber);
  }
  for (const { log, event } of byName("ReportAccepted")) lastAccepted.set(key(Number(event.args.netuid), Number(event.args.snapshotBlock)), log.blockNumber);

  const nodes: NodeMeasure[] = o.oracles.map((address, index) => ({ index, address, attestations: 0, unsettledHashes: 0, settles: 0, attestBlocks: [] }));
  const nodeOf = new Map(o.oracles.map((a, i) => [a.toLowerCase(), nodes[i]]));
  for (const { log, event } of byName("Attested")) {
    const node = nodeOf.get(String(event.args.oracle).toLowerCase());
    if (node === undefined) continue;
    node.attestations++;
    node.attestBlocks.push(log.blockNumber);
    node.lastAttestBlock = log.blockNumber;
    const hash = String(event.args.reportHash).toLowerCase();
    if (!settledHashes.has(hash)) node.unsettledHashes++;
  }
  for (const { log } of settledEvents) {
    const tx = await provider.getTransaction(log.transactionHash);
    const node = tx === null ? undefined : nodeOf.get(tx.from.toLowerCase());
    if (node !== undefined) node.settles++;
  }

  const rejectedReasons: Record<string, number> = {};
  for (const { event } of byName("ReportRejected")) {
    const reason = decodeError(String(event.args.reason)) ?? String(event.args.reason).slice(0, 10);
    rejectedReasons[reason] = (rejectedReasons[reason] ?? 0) + 1;
  }

  const phaseBlocks = { firstAttest: [] as number[], accepted: [] as number[], settle: [] as number[], total: [] as number[] };
  const phaseMs = { firstAttest: [] as number[], accepted: [] as number[], settle: [] as number[], total: [] as number[] };
  const seen = (b: number): number | undefined => o.blockSeenAt?.get(b);
  const addPhase = (name: keyof typeof phaseBlocks, from: number | undefined, to: number | undefined): void => {
    if (from === undefined || to === undefined) return;
    phaseBlocks[name].push(to - from);
    const a = seen(from);
    const b = seen(to);
    if (a !== undefined && b !== undefined) phaseMs[name].push(b - a);
  };

  const subnets: SubnetMeasure[] = [];
  for (const subnet of network.subnets) {
    const netuid = subnet.netuid;
    const tempo = Number((await layer.registry.hyperparameters(netuid)).tempo);
    const settled = settledEvents
      .filter((e) => Number(e.event.args.netuid) === netuid)
      .map((e) => ({ snapshot: Number(e.event.args.snapshotBlock), block: e.log.blockNumber }))
      .sort((a, b) => a.snapshot - b.snapshot || a.block - b.block);
    const count = new Map<number, number>();
    for (const s of settled) count.set(s.snapshot, (count.get(s.snapshot) ?? 0) + 1);
    const distinct = [...count.keys()].sort((a, b) => a - b);
    const settledTwice = [...count.values()].filter((c) => c > 1).length;
    // Where the schedule put each next epoch; a tempo change during the run would move it (EpochCycleReset).
    const resets = coinbaseEvents.filter((e) => e.event.name === "EpochCycleReset" && Number(e.event.args.netuid) === netuid).length;
    let scheduleBreaks = 0;
    const firstSettle = new Map<number, number>();
    for (const s of settled) if (!firstSettle.has(s.snapshot)) firstSettle.set(s.snapshot, s.block);
    for (let i = 1; i < distinct.length && resets === 0; i++) {
      const expected = Math.max(distinct[i - 1] + tempo, firstSettle.get(distinct[i - 1])!);
      if (distinct[i] !== expected) scheduleBreaks++;
    }
    const dueBlock = Number(await layer.coinbase.dueBlock(netuid, { blockTag: o.toBlock }));
    const open = dueBlock <= o.toBlock && !count.has(dueBlock);
    let maxDelay = 0;
    let late = 0;
    for (const snapshot of distinct) {
      const delay = firstSettle.get(snapshot)! - snapshot;
      maxDelay = Math.max(maxDelay, delay);
      if (delay >= tempo) late++;
      const k = key(netuid, snapshot);
      addPhase("firstAttest", snapshot, firstAttest.get(k));
      addPhase("accepted", snapshot, lastAccepted.get(k));
      addPhase("settle", lastAccepted.get(k), firstSettle.get(snapshot));
      addPhase("total", snapshot, firstSettle.get(snapshot));
    }
    if (open) maxDelay = Math.max(maxDelay, o.toBlock - dueBlock);
    const forNetuid = (name: string): number => byName(name).filter((e) => Number(e.event.args.netuid) === netuid).length;
    subnets.push({
      netuid,
      tempo,
      due: distinct.length + (open ? 1 : 0),
      settled: distinct.length,
      lost: open && dueBlock <= o.stopBlock ? 1 : 0,
      settledTwice,
      scheduleBreaks,
      maxDelay,
      late,
      openDueBlock: open ? dueBlock : undefined,
      roundsOpened: forNetuid("RoundOpened"),
      rejected: forNetuid("ReportRejected"),
    });
  }
  const sum = (f: (s: SubnetMeasure) => number): number => subnets.reduce((a, s) => a + f(s), 0);
  const totals = {
    due: sum((s) => s.due),
    settled: sum((s) => s.settled),
    lost: sum((s) => s.lost),
    settledTwice: sum((s) => s.settledTwice),
    scheduleBreaks: sum((s) => s.scheduleBreaks),
    maxDelay: Math.max(0, ...subnets.map((s) => s.maxDelay)),
    late: sum((s) => s.late),
    roundsOpened: sum((s) => s.roundsOpened),
    rejected: sum((s) => s.rejected),
  };
  const measure: ChainMeasure = {
    fromBlock: o.fromBlock,
    stopBlock: o.stopBlock,
    toBlock: o.toBlock,
    subnets,
    totals,
    nodes,
    rejectedReasons,
    phases: {
      firstAttest: stats(phaseBlocks.firstAttest, phaseMs.firstAttest),
      accepted: stats(phaseBlocks.accepted, phaseMs.accepted),
      settle: stats(phaseBlocks.settle, phaseMs.settle),
      total: stats(phaseBlocks.total, phaseMs.total),
    },
  };
  if (o.scanSettleTxs) measure.settleTxs = await scanSettleTxs(provider, network, o.fromBlock, o.toBlock);
  if (o.checkAlpha) measure.alphaConserved = await checkAlpha(network, o.toBlock);
  return measure;
}

/** Every settle transaction in the range, by status: reverted ones are races lost on the chain. */
async function scanSettleTxs(provider: JsonRpcProvider, network: LocalNetwork, fromBlock: number, toBlock: number): Promise<SettleTxs> {
  const settlement = network.layer.addresses.EpochSettlement.toLowerCase();
  const selector = abiOf("EpochSettlement").getFunction("settle")!.selector;
  const settles: Array<{ hash: string; input: string; from: string; gas: string; block: number }> = [];
  const blocks = Array.from({ length: toBlock - fromBlock + 1 }, (_, i) => fromBlock + i);
  const CONCURRENCY = 8;
  for (let i = 0; i < blocks.length; i += CONCURRENCY) {
    const batch = await Promise.all(
      blocks.slice(i, i + CONCURRENCY).map((b) => provider.send("eth_getBlockByNumber", [`0x${b.toString(16)}`, true]) as Promise<{ number: string; transactions: Array<{ hash: string; from: string; to: string | null; input: string; gas: string }> }>),
    );
    for (const block of batch) {
      for (const tx of block.transactions) {
        if (tx.to?.toLowerCase() === settlement && tx.input.startsWith(selector)) settles.push({ hash: tx.hash, input: tx.input, from: tx.from, gas: tx.gas, block: Number(block.number) });
      }
    }
  }
  let ok = 0;
  let reverted = 0;
  const revertReasons: Record<string, number> = {};
  const perEpoch = new Map<string, number>();
  const iface = abiOf("EpochSettlement");
  for (const s of settles) {
    const receipt = await provider.getTransactionReceipt(s.hash);
    if (receipt?.status === 1) ok++;
    else {
      reverted++;
      // A settle that burnt (nearly) its whole limit ran out of gas: its inner self-call failed and settle
      // reverted SettlementOutOfGas (a trace confirms it; replaying the call is not exact, its gas depends on
      // the block it runs in). Any other revert is replayed for its reason.
      const reason =
        receipt !== null && receipt.gasUsed * 10n >= BigInt(s.gas) * 9n
          ? "out of gas (used >= 90% of its limit: SettlementOutOfGas)"
          : await replayRevert(provider, settlement, s);
      revertReasons[reason] = (revertReasons[reason] ?? 0) + 1;
    }
    const report = iface.decodeFunctionData("settle", s.input)[0] as { netuid: bigint; snapshotBlock: bigint };
    const k = key(Number(report.netuid), Number(report.snapshotBlock));
    perEpoch.set(k, (perEpoch.get(k) ?? 0) + 1);
  }
  return { ok, reverted, revertReasons, epochsWithSeveral: [...perEpoch.values()].filter((c) => c > 1).length };
}

/** The revert of a mined transaction, replayed with its gas on the state before its block (automine: one transaction a block). */
async function replayRevert(provider: JsonRpcProvider, to: string, tx: { from: string; input: string; gas: string; block: number }): Promise<string> {
  try {
    await provider.send("eth_call", [{ from: tx.from, to, data: tx.input, gas: tx.gas }, `0x${(tx.block - 1).toString(16)}`]);
    return "succeeds on replay (its block's context differed)";
  } catch (e) {
    const data = (e as { data?: unknown; error?: { data?: unknown } }).data ?? (e as { error?: { data?: unknown } }).error?.data;
    return (typeof data === "string" ? decodeError(data) : undefined)?.split("(")[0] ?? (data === "0x" ? "revert without data" : "unknown");
  }
}

/**
 * Each subnet's α, as test/invariants checks it: Staking's balance of the α token is its pool reserve
 * + the α staked on the subnet's hotkeys + protocol α + unclaimed root dividends + burned α + held
 * stake credits (which equal the settlement's ledger), and nobody else holds any (no liquid α here).
 */
async function checkAlpha(network: LocalNetwork, blockTag: number): Promise<{ ok: boolean; failures: string[] }> {
  const { layer } = network;
  const failures: string[] = [];
  const erc20 = ["function balanceOf(address) view returns (uint256)", "function totalSupply() view returns (uint256)"];
  // Every read at one block: the nodes keep sending while the harness reads.
  const at = { blockTag };
  for (const subnet of network.subnets) {
    const netuid = subnet.netuid;
    const token = new Contract(await layer.staking.alphaToken(netuid, at), erc20, layer.deployer);
    const [, poolAlpha] = await layer.staking.pool(netuid, at);
    let staked = 0n;
    for (const hotkey of await layer.registry.hotkeys(netuid, at)) staked += await layer.staking.totalHotkeyAlpha(hotkey, netuid, at);
    const protocol = await layer.staking.protocolAlpha(netuid, at);
    const unclaimed = await layer.staking.unclaimedRootAlpha(netuid, at);
    const burned = await layer.staking.burnedAlpha(netuid, at);
    const credits = await layer.staking.heldStakeCredits(netuid, at);
    const ledger = (await layer.settlement.stakeCredits(netuid, at)).reduce((a, c) => a + c, 0n);
    const held = poolAlpha + staked + protocol + unclaimed + burned + credits;
    const balance = (await token.getFunction("balanceOf")(layer.addresses.Staking, at)) as bigint;
    const supply = (await token.getFunction("totalSupply")(at)) as bigint;
    if (credits !== ledger) failures.push(`subnet ${netuid}: held credits ${credits} != ledger ${ledger}`);
    if (balance !== held) failures.push(`subnet ${netuid}: Staking holds ${balance} α, accounts for ${held}`);
    if (supply !== balance) failures.push(`subnet ${netuid}: supply ${supply} != Staking's ${balance}`);
  }
  return { ok: failures.length === 0, failures };
}
