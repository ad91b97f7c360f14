/**
 * The oracle committee under faults, end to end with real processes (scripts/soak/harness.ts): a
 * `hardhat node` child, five `subnet-layer oracle run` children (threshold 3) each behind its own TCP
 * proxy, two subnets with a short tempo, and the harness mining a block every 300 ms on top of
 * automining. One chain and committee are shared by every test, in order; node 4 joins late (its test
 * waits until 20 epochs have passed).
 *
 * After every fault, from the chain alone: every subnet settles two more epochs (it keeps settling), no
 * epoch due before the fault ended is still open (none lost), none is settled twice, the schedule has no
 * break; and the faulty node logged a clear line and attests again (it recovered).
 *
 * The last test withholds an accepted report until its round times out (64 blocks): it runs last.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { abiOf } from "../../scripts/soak/abi";
import { FaultInjector } from "../../scripts/soak/faults";
import { Harness } from "../../scripts/soak/harness";
import { measureChain } from "../../scripts/soak/measure";
import { readLog, summarizeLog } from "../../scripts/soak/node-logs";
import { acceptedHashes, attestations, rejections, settlements } from "../../scripts/soak/queries";

const NODES = 5;
const THRESHOLD = 3;
const TEMPO = 20;
const LATE = 4;
const LATE_EPOCHS = 20;

describe("e2e: the oracle committee survives faults (real processes over JSON-RPC)", function () {
  this.timeout(180_000);
  let h: Harness;
  let inj: FaultInjector;
  let dir: string;
  let failed = false;

  before(async function () {
    this.timeout(240_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "faults-"));
    h = await Harness.start({ dir, nodes: NODES, threshold: THRESHOLD, subnets: 2, tempo: TEMPO, blockMs: 300, deferred: [LATE] });
    inj = new FaultInjector(h);
    h.startMining();
  });

  afterEach(function () {
    if (this.currentTest?.state === "failed") failed = true;
  });

  after(async function () {
    this.timeout(60_000);
    await h?.stop();
    // Logs stay for a failed run: each node's pino lines and the harness's marks in node-<i>.log.
    if (failed) console.log(`    logs kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Wait for `predicate`, ending any fault whose time has come meanwhile. */
  const until = (label: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> =>
    h.waitUntil(
      label,
      async () => {
        await inj.update();
        return predicate();
      },
      timeoutMs,
      250,
    );

  const blocks = (n: number): Promise<void> => {
    const target = h.head + n;
    return until(`block ${target}`, () => h.head >= target);
  };

  /** The node attests (an accepted or settled report) at or after `block`. */
  const attestsAgain = (node: number, block: number): Promise<void> =>
    until(`node ${node} to attest again after block ${block}`, async () => (await attestations(h, block, h.keys[node].address)).length > 0);

  /** Everything the chain says after a fault that ended at `faultEnd`. */
  async function expectHealthy(faultEnd: number): Promise<void> {
    const from = await h.settledAll();
    await until("two more settled epochs on every subnet", async () => {
      for (const [netuid, count] of from) if ((await h.settled(netuid)) < count + 2) return false;
      return true;
    });
    const m = await measureChain(h.provider, h.network, { fromBlock: h.network.setupBlock + 1, stopBlock: faultEnd, toBlock: h.head, oracles: h.keys.map((k) => k.address) });
    expect(m.totals.settledTwice, "epochs settled twice").to.equal(0);
    expect(m.totals.lost, "epochs due before the fault ended and still open").to.equal(0);
    expect(m.totals.scheduleBreaks, "breaks in the Coinbase's schedule").to.equal(0);
    for (const s of m.subnets) {
      expect(s.openDueBlock === undefined || s.openDueBlock > faultEnd, `subnet ${s.netuid}: an epoch due at ${s.openDueBlock} is open`).to.equal(true);
    }
  }

  /** This run of node `i`'s log matches `pattern` (what it said since it last started, or since `offset`). */
  const logged = (i: number, pattern: RegExp, offset = 0): boolean => pattern.test(fs.readFileSync(h.nodes[i].logFile, "utf8").slice(offset));
  const logSize = (i: number): number => fs.statSync(h.nodes[i].logFile).size;

  it("a node SIGKILLed right after its attestation reached the chain, before it could settle, restarts and carries on", async function () {
    const record = await inj.killAfterAttest(0, 5, 4 * TEMPO);
    await until("the tap to catch node 0's attestation", () => record.triggered);
    const killedTx = /attest tx (0x[0-9a-f]+)/.exec(record.detail)?.[1];
    expect(killedTx, record.detail).to.be.a("string");
    // Its attestation is on the chain although the node never saw the answer.
    const mine = await attestations(h, record.injectedBlock, h.keys[0].address);
    expect(mine.some((a) => a.tx.startsWith(killedTx!)), "the killed node's attestation is on chain").to.equal(true);
    await until("the restart", () => h.nodes[0].running);
    await h.waitForStart(h.nodes[0]);
    await until("the fault to end", () => record.endBlock !== undefined);
    await attestsAgain(0, record.endBlock!);
    await expectHealthy(record.endBlock!);
    expect(logged(0, /SIGKILL right after its attest/)).to.equal(true);
    expect(h.nodes[0].exits.at(-1)?.expected, "the exit was the harness's kill").to.equal(true);
  });

  it("a node whose bonds store was deleted rebuilds its bonds from the chain and attests again", async function () {
    await blocks(TEMPO); // an epoch with bonds to lose
    const offset = logSize(1);
    const record = await inj.deleteStore(1);
    await h.waitForStart(h.nodes[1]);
    await until("node 1 to rebuild its bonds", () => logged(1, /rebuilt bonds from the chain/, offset));
    await attestsAgain(1, record.endBlock!);
    await expectHealthy(record.endBlock!);
  });

  it("a node whose store was truncated to half sets it aside, rebuilds from the chain and attests again", async function () {
    await blocks(TEMPO);
    const offset = logSize(2);
    const record = await inj.truncateStore(2);
    expect(record.detail).to.match(/bytes/);
    await h.waitForStart(h.nodes[2]);
    await until("node 2 to say the store is unreadable", () => logged(2, /is unreadable|malformed/, offset));
    await until("node 2 to rebuild its bonds", () => logged(2, /rebuilt bonds from the chain/, offset));
    await attestsAgain(2, record.endBlock!);
    await expectHealthy(record.endBlock!);
  });

  for (const mode of ["refuse", "blackhole"] as const) {
    it(`a node whose RPC ${mode === "refuse" ? "refuses" : "blackholes"} every connection for a while recovers, and logs the failure`, async function () {
      const offset = logSize(3);
      const record = await inj.rpcOutage(3, mode, 1_000_000);
      // Two tempos, and longer than the node's 10 s RPC timeout: a blackholed request must time out, not just wait.
      const start = Date.now();
      const target = h.head + 2 * TEMPO;
      await until(`the ${mode} outage to last`, () => h.head >= target && Date.now() - start >= 15_000);
      await inj.endNow(3);
      await attestsAgain(3, record.endBlock!);
      await expectHealthy(record.endBlock!);
      // What the node said while cut off: a failed request (refused, reset, or no answer within its timeout),
      // as a warning at its first retry or an error when the tick gave up (pino: warn 40, error 50).
      const problems = readLog(h.nodes[3].logFile, offset).entries.filter((e) => (e.level ?? 0) >= 40 && e.harness !== true && (e.time ?? 0) <= record.endedAt!);
      const exitedWithReason = h.nodes[3].exits.some((e) => !e.expected && e.reason !== undefined && e.at >= record.injectedAt);
      expect(
        problems.length > 0 || exitedWithReason,
        `node 3 logged no error during a ${((record.endedAt! - record.injectedAt) / 1000).toFixed(0)} s ${mode} (it recovered, silently)`,
      ).to.equal(true);
    });
  }

  it("two nodes racing to settle the same epoch: one settles it, the other is refused or reverts; never twice", async function () {
    const start = h.head;
    const from = await h.settledAll();
    await h.waitForSettles(from, 3, 90_000);
    const m = await measureChain(h.provider, h.network, { fromBlock: start, stopBlock: h.head, toBlock: h.head, oracles: h.keys.map((k) => k.address), scanSettleTxs: true });
    const refused = h.nodes.reduce((a, n) => a + summarizeLog(n.logFile).racesLost, 0);
    // Every node that sees the quorum settles: races happen every epoch, and count either way.
    expect(refused + m.settleTxs!.reverted, "races seen (refused settles in the logs + reverted settles on chain)").to.be.greaterThan(0);
    expect(m.totals.settledTwice).to.equal(0);
    const settled = await settlements(h, start);
    const perEpoch = new Map<string, number>();
    for (const s of settled) perEpoch.set(`${s.netuid}@${s.snapshotBlock}`, (perEpoch.get(`${s.netuid}@${s.snapshotBlock}`) ?? 0) + 1);
    expect([...perEpoch.values()].every((c) => c === 1), "one EpochSettled per epoch").to.equal(true);
  });

  it("a liar (a different bonds commitment, which the chain cannot check) never gets its report accepted", async function () {
    const offset = logSize(3);
    // Four tempos, as for the colluders: time to see the honest report accepted before it is honest again.
    const record = await inj.liar(3, "bonds", 4 * TEMPO);
    await until("the liar to be up", () => record.activeBlock !== undefined);
    await until("the liar to attest", async () => (await attestations(h, record.activeBlock!, h.keys[3].address)).length > 0);
    await until("the liar to be honest again", () => record.endBlock !== undefined, 120_000);
    const lies = new Set((await attestations(h, record.activeBlock!, h.keys[3].address)).filter((a) => a.block < record.endBlock!).map((a) => a.hash));
    expect(lies.size, "the liar's attestations").to.be.greaterThan(0);
    const settled = new Set((await settlements(h, record.injectedBlock)).map((s) => s.hash));
    const accepted = await acceptedHashes(h, record.injectedBlock);
    expect([...lies].filter((x) => settled.has(x) || accepted.has(x)), "a lie accepted or settled").to.deep.equal([]);
    expect(logged(3, /accepted a different report/, offset), "the liar logs that the committee disagreed").to.equal(true);
    await attestsAgain(3, record.endBlock!);
    await expectHealthy(record.endBlock!);
  });

  it(`a node started ${LATE_EPOCHS} epochs late with an empty store replays the chain's epochs and attests with the committee`, async function () {
    this.timeout(240_000);
    await until(`${LATE_EPOCHS} settled epochs on every subnet`, async () => Math.min(...(await h.settledAll()).values()) >= LATE_EPOCHS, 200_000);
    const record = inj.lateJoin(LATE, `after ${LATE_EPOCHS} epochs`);
    await h.waitForStart(h.nodes[LATE]);
    await until("the late node to rebuild its bonds", () => logged(LATE, /rebuilt bonds from the chain/));
    const rebuilt = readLog(h.nodes[LATE].logFile).entries.find((e) => e.msg === "rebuilt bonds from the chain");
    expect(Number(rebuilt?.replayed), "epochs replayed").to.be.at.least(LATE_EPOCHS - 1);
    // Its first attestations are of the reports the committee settles: it computes what the others do.
    await until("the late node to attest a settled report", async () => {
      const settled = new Set((await settlements(h, record.injectedBlock)).map((s) => s.hash));
      return (await attestations(h, record.injectedBlock, h.keys[LATE].address)).some((a) => settled.has(a.hash));
    });
    await expectHealthy(record.endBlock!);
  });

  it("two colluding liars of five (threshold 3): their report is never accepted, the honest three settle", async function () {
    const offset = logSize(3);
    // Four tempos: long enough for the liars to see the honest quorum's report accepted on a loaded machine.
    const record = await inj.colluders([3, 4], "rao+1", 4 * TEMPO);
    await until("the colluders to be up", () => record.activeBlock !== undefined);
    await until("the colluders to attest", async () => (await attestations(h, record.activeBlock!, h.keys[4].address)).length > 0);
    await until("the colluders to be honest again", () => record.endBlock !== undefined, 120_000);
    const lies = new Set(
      (await attestations(h, record.activeBlock!))
        .filter((a) => a.block < record.endBlock! && [h.keys[3].address, h.keys[4].address].includes(a.oracle))
        .map((a) => a.hash),
    );
    expect(lies.size, "the colluders' attestations").to.be.greaterThan(0);
    const accepted = await acceptedHashes(h, record.injectedBlock);
    expect([...lies].filter((x) => accepted.has(x)), "a colluders' hash accepted").to.deep.equal([]);
    expect(await rejections(h, record.injectedBlock), "nothing to reject: the lie never reached the quorum").to.deep.equal([]);
    expect(logged(3, /accepted a different report/, offset)).to.equal(true);
    await attestsAgain(4, record.endBlock!);
    await expectHealthy(record.endBlock!);
  });

  for (const [variant, reason] of [
    ["rao+1", /SettlementBadReport\(raoEmission\)/],
    ["hotkey", /SettlementBadReport\(hotkey\)/],
  ] as const) {
    it(`a liar quorum's unsettleable report (${variant === "rao+1" ? "one rao more emission" : "a payout to a hotkey that is not the UID's"}) is rejected on chain and the epoch settles in a new round`, async function () {
      this.timeout(240_000);
      // Three of five lie together (threshold 3): their report is accepted, and the chain refuses to pay it.
      const offset = logSize(2);
      const record = await inj.colluders([2, 3, 4], variant, 1_000_000);
      // The liars settle what they got accepted at once; wait until every subnet has had its lie rejected
      // (ending them earlier would leave an accepted report nobody holds: see the last test).
      await until("a ReportRejected on every subnet", async () => new Set((await rejections(h, record.injectedBlock)).map((r) => r.netuid)).size === h.network.subnets.length, 150_000);
      const [rejected] = await rejections(h, record.injectedBlock);
      expect(rejected.reason).to.match(reason);
      await until("the liars to log the rejection", () => logged(2, /the chain rejected this node's report/, offset));
      await inj.endNow(2);
      await until("the rejected epoch to settle", async () =>
        (await settlements(h, record.injectedBlock)).some((s) => s.netuid === rejected.netuid && s.snapshotBlock === rejected.snapshotBlock),
      );
      const settled = (await settlements(h, record.injectedBlock)).filter((s) => s.netuid === rejected.netuid && s.snapshotBlock === rejected.snapshotBlock);
      expect(settled, "settled once, with another report than the rejected one").to.have.length(1);
      expect(settled[0].hash).to.not.equal(rejected.hash);
      await attestsAgain(2, record.endBlock!);
      await expectHealthy(record.endBlock!);
    });
  }

  it("a liar quorum that gets its report accepted and then vanishes without settling it does not stall the epoch for good", async function () {
    this.timeout(600_000);
    // Three liars (threshold 3) attest one report; the harness kills them as the answer to the quorum's
    // last attestation comes back: the report is accepted, and no live node holds it.
    const settlement = h.network.layer.addresses.EpochSettlement.toLowerCase();
    const iface = abiOf("EpochSettlement");
    const counts = new Map<string, number>();
    let withheld: { netuid: number; snapshotBlock: number } | undefined;
    const record = await inj.colluders([2, 3, 4], "rao+1", 1_000_000);
    h.proxies[2].onSentTransaction = (tx) => {
      if (tx.to?.toLowerCase() !== settlement || !tx.data.startsWith(iface.getFunction("attest")!.selector)) return;
      const [netuid, snapshotBlock] = iface.decodeFunctionData("attest", tx.data);
      const k = `${netuid}@${snapshotBlock}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
      if (counts.get(k)! < THRESHOLD || withheld !== undefined) return;
      withheld = { netuid: Number(netuid), snapshotBlock: Number(snapshotBlock) };
      h.proxies[2].onSentTransaction = undefined;
      h.nodes[2].killNow();
    };
    try {
      // The colluders' process starts cold (ts-node) and replays the epochs it missed first: minutes on a busy 2-core machine.
      await until("the liars' quorum, then their death", () => withheld !== undefined, 360_000);
    } finally {
      h.proxies[2].onSentTransaction = undefined;
    }
    await inj.endNow(2);
    const acceptedAt = h.head;
    const timeout = h.network.roundTimeout ?? 64;
    // Honest again, the same keys cannot settle a report they do not hold: a new round must open.
    await until(
      `epoch ${withheld!.netuid}@${withheld!.snapshotBlock} to settle within 3 round timeouts (${3 * timeout} blocks) of the withheld acceptance`,
      async () => (await settlements(h, record.injectedBlock)).some((s) => s.netuid === withheld!.netuid && s.snapshotBlock === withheld!.snapshotBlock) || h.head > acceptedAt + 3 * timeout,
      150_000,
    );
    const settled = (await settlements(h, record.injectedBlock)).some((s) => s.netuid === withheld!.netuid && s.snapshotBlock === withheld!.snapshotBlock);
    expect(settled, `subnet ${withheld!.netuid} is stuck: its epoch at ${withheld!.snapshotBlock} has an accepted report nobody holds, and a round with an accepted report never times out`).to.equal(true);
    await expectHealthy(h.head);
  });
});
