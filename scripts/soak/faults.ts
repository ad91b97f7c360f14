/**
 * Faults, one committee member at a time, each recorded with the blocks it began and ended at so its
 * recovery can be read from the chain afterwards (the node's first attestation after the end):
 *
 * - `kill`: SIGKILL, restarted `k` blocks later;
 * - `kill-after-attest`: armed on the node's proxy, which SIGKILLs the node as the answer to its
 *   `attest` transaction comes back (on the chain, not yet seen by the node: between attest and
 *   settle); restarted `k` blocks later;
 * - `delete-store` / `truncate-store`: killed, its bonds store deleted or cut to half its bytes, restarted;
 * - `rpc-outage`: its proxy refuses or blackholes everything for `k` blocks;
 * - `liar`: replaced by ./liar.ts (same key and store) for `k` blocks, then honest again;
 * - `late-join`: a node first started only now.
 *
 * A member that exits by itself is restarted by the injector, as a supervisor would, with a backoff
 * (5 s doubling to 60 s), so a node that cannot start (a corrupt store) does not eat the CPU.
 */
import * as fs from "fs";
import type { Transaction } from "ethers";
import { abiOf } from "./abi";
import type { Harness } from "./harness";
import type { ChainMeasure } from "./measure";
import type { ProxyMode } from "./proxy";
import type { LieVariant } from "./tamper";

export const FAULT_KINDS = ["kill", "kill-after-attest", "delete-store", "truncate-store", "rpc-outage", "liar", "late-join"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRecord {
  id: number;
  kind: FaultKind;
  node: number;
  detail: string;
  injectedBlock: number;
  injectedAt: number;
  /** The block the node was whole again (restarted, reconnected, honest); undefined while active. */
  endBlock?: number;
  endedAt?: number;
  /** false for a kill-after-attest whose node sent no attestation while armed (nothing was done). */
  triggered: boolean;
  /** A liar's: the block its process was up (its `k` blocks count from here, not from its start-up). */
  activeBlock?: number;
  /** The node's first attestation at or after `endBlock` (from the chain, filled by {@link FaultInjector.settleRecoveries}). */
  recoveredBlock?: number;
}

interface Active {
  record: FaultRecord;
  /** The block at which `end` runs. */
  endAt: number;
  end: () => Promise<void>;
  /** A liar still starting: `endAt` is set to `blocks` past the block it is up at. */
  starting?: { node: number; blocks: number };
}

export class FaultInjector {
  readonly records: FaultRecord[] = [];
  private readonly active = new Map<number, Active>();
  /** Supervisor restarts of nodes that exited by themselves. */
  readonly crashRestarts: Array<{ node: number; block: number; reason?: string }> = [];
  private readonly backoff = new Map<number, { until: number; delay: number; exits: number }>();
  /** Nodes not started yet (late joiners) or deliberately down outside a fault: the supervisor leaves them. */
  readonly parked = new Set<number>();

  constructor(private readonly h: Harness) {
    for (const i of h.options.deferred ?? []) this.parked.add(i);
  }

  isFaulty(node: number): boolean {
    return this.active.has(node);
  }

  get activeFaults(): FaultRecord[] {
    return [...this.active.values()].map((a) => a.record);
  }

  private begin(kind: FaultKind, node: number, detail: string): FaultRecord {
    const record: FaultRecord = { id: this.records.length + 1, kind, node, detail, injectedBlock: this.h.head, injectedAt: Date.now(), triggered: true };
    this.records.push(record);
    this.h.log(`fault #${record.id} ${kind} on node ${node}${detail ? ` (${detail})` : ""} at block ${record.injectedBlock}`);
    return record;
  }

  private finish(record: FaultRecord): void {
    record.endBlock = this.h.head;
    record.endedAt = Date.now();
  }

  async kill(node: number, restartAfterBlocks: number): Promise<FaultRecord> {
    const record = this.begin("kill", node, `restart after ${restartAfterBlocks} blocks`);
    await this.h.nodes[node].kill(`fault #${record.id}`);
    this.active.set(node, { record, endAt: this.h.head + restartAfterBlocks, end: async () => this.h.nodes[node].start() });
    return record;
  }

  /** Arm the tap for `armBlocks`; once it fires, the node is down `restartAfterBlocks`. */
  async killAfterAttest(node: number, restartAfterBlocks: number, armBlocks: number): Promise<FaultRecord> {
    const record = this.begin("kill-after-attest", node, `armed ${armBlocks} blocks, restart after ${restartAfterBlocks}`);
    record.triggered = false;
    const proxy = this.h.proxies[node];
    const settlement = this.h.network.layer.addresses.EpochSettlement.toLowerCase();
    const attest = abiOf("EpochSettlement").getFunction("attest")!.selector;
    const active: Active = {
      record,
      endAt: this.h.head + armBlocks,
      end: async () => {
        proxy.onSentTransaction = undefined;
        if (record.triggered) this.h.nodes[node].start();
        else record.detail += "; not triggered";
      },
    };
    proxy.onSentTransaction = (tx: Transaction) => {
      if (tx.to?.toLowerCase() !== settlement || !tx.data.startsWith(attest)) return;
      proxy.onSentTransaction = undefined;
      this.h.nodes[node].mark(`harness: SIGKILL right after its attest ${tx.hash} (fault #${record.id})`);
      this.h.nodes[node].killNow();
      record.triggered = true;
      record.detail += `; killed after attest tx ${(tx.hash ?? "").slice(0, 10)} at block ${this.h.head}`;
      active.endAt = this.h.head + restartAfterBlocks;
    };
    this.active.set(node, active);
    return record;
  }

  async deleteStore(node: number): Promise<FaultRecord> {
    const n = this.h.nodes[node];
    const existed = fs.existsSync(n.storeFile);
    const record = this.begin("delete-store", node, existed ? "" : "no store yet");
    await n.kill(`fault #${record.id}`);
    fs.rmSync(n.storeFile, { force: true });
    n.mark(`harness: deleted the store ${n.storeFile}`);
    n.start();
    this.finish(record);
    return record;
  }

  async truncateStore(node: number): Promise<FaultRecord> {
    const n = this.h.nodes[node];
    const size = fs.existsSync(n.storeFile) ? fs.statSync(n.storeFile).size : 0;
    const record = this.begin("truncate-store", node, size === 0 ? "no store yet" : `${size} -> ${Math.floor(size / 2)} bytes`);
    await n.kill(`fault #${record.id}`);
    if (size > 0) {
      fs.truncateSync(n.storeFile, Math.floor(size / 2));
      n.mark(`harness: truncated the store to ${Math.floor(size / 2)} of ${size} bytes`);
    }
    n.start();
    this.finish(record);
    return record;
  }

  async rpcOutage(node: number, mode: Exclude<ProxyMode, "up">, blocks: number): Promise<FaultRecord> {
    const record = this.begin("rpc-outage", node, `${mode} for ${blocks} blocks`);
    this.h.nodes[node].mark(`harness: RPC ${mode} for ${blocks} blocks (fault #${record.id})`);
    await this.h.proxies[node].setMode(mode);
    this.active.set(node, {
      record,
      endAt: this.h.head + blocks,
      end: async () => {
        await this.h.proxies[node].setMode("up");
        this.h.nodes[node].mark(`harness: RPC restored (fault #${record.id})`);
      },
    });
    return record;
  }

  async liar(node: number, variant: LieVariant, blocks: number): Promise<FaultRecord> {
    const record = this.begin("liar", node, `${variant} for ${blocks} blocks`);
    const n = this.h.nodes[node];
    await n.kill(`fault #${record.id}: becomes a liar`);
    n.start({ kind: "liar", variant });
    this.active.set(node, {
      record,
      endAt: Number.MAX_SAFE_INTEGER,
      starting: { node, blocks },
      end: async () => {
        await n.kill(`fault #${record.id}: honest again`);
        n.start();
      },
    });
    return record;
  }

  /**
   * Colluding liars: the members `nodes` are stopped and one liar process holding all their keys runs in
   * the first one's place (its store) for `blocks` blocks; then all are honest again.
   */
  async colluders(nodes: readonly number[], variant: LieVariant, blocks: number): Promise<FaultRecord> {
    const [first] = nodes;
    const record = this.begin("liar", first, `${variant}, colluding keys of nodes ${nodes.join(", ")}, for ${blocks} blocks`);
    for (const i of nodes) {
      this.parked.add(i);
      await this.h.nodes[i].kill(`fault #${record.id}: colludes`);
    }
    this.h.nodes[first].start({ kind: "liar", variant, keys: nodes.map((i) => this.h.keys[i]) });
    this.active.set(first, {
      record,
      endAt: Number.MAX_SAFE_INTEGER,
      starting: { node: first, blocks },
      end: async () => {
        await this.h.nodes[first].kill(`fault #${record.id}: honest again`);
        for (const i of nodes) {
          this.parked.delete(i);
          this.h.nodes[i].start();
        }
      },
    });
    return record;
  }

  /** End node `node`'s fault now (whatever its planned end). */
  async endNow(node: number): Promise<void> {
    const a = this.active.get(node);
    if (a !== undefined) {
      a.endAt = this.h.head;
      a.starting = undefined;
    }
    await this.update();
  }

  /** Start a parked (deferred) node now. */
  lateJoin(node: number, detail = ""): FaultRecord {
    const record = this.begin("late-join", node, detail);
    this.parked.delete(node);
    this.h.nodes[node].start();
    this.finish(record);
    return record;
  }

  /** End faults whose time has come; restart nodes that exited by themselves. Call often. */
  async update(): Promise<void> {
    for (const a of this.active.values()) {
      // A liar's process takes seconds to start (ts-node), during which dozens of blocks can pass.
      if (a.starting !== undefined && this.h.nodes[a.starting.node].isUp()) {
        a.record.activeBlock = this.h.head;
        a.endAt = Math.min(a.endAt, this.h.head + a.starting.blocks);
        a.starting = undefined;
      } else if (a.starting !== undefined && !this.h.nodes[a.starting.node].running) {
        // It died starting (its log says why): nothing to wait for.
        a.endAt = this.h.head;
        a.starting = undefined;
      }
    }
    const due = [...this.active.entries()].filter(([, a]) => this.h.head >= a.endAt);
    for (const [node, a] of due) {
      this.active.delete(node);
      await a.end();
      this.finish(a.record);
      this.h.log(`fault #${a.record.id} ${a.record.kind} on node ${node} ended at block ${this.h.head}`);
    }
    this.supervise();
  }

  private supervise(): void {
    for (const n of this.h.nodes) {
      if (n.running || this.active.has(n.index) || this.parked.has(n.index) || n.starts === 0) continue;
      const last = n.exits.at(-1);
      if (last === undefined || last.expected) continue;
      const b = this.backoff.get(n.index) ?? { until: 0, delay: 5_000, exits: 0 };
      if (b.exits !== n.exits.length) {
        // A new crash: wait before restarting, longer each time.
        b.until = Date.now() + b.delay;
        b.delay = Math.min(60_000, b.delay * 2);
        b.exits = n.exits.length;
        this.backoff.set(n.index, b);
        this.h.log(`node ${n.index} exited by itself (${last.code ?? last.signal}): ${last.reason ?? "no reason logged"}; restarting in ${((b.until - Date.now()) / 1000).toFixed(0)} s`);
        continue;
      }
      if (Date.now() < b.until) continue;
      this.crashRestarts.push({ node: n.index, block: this.h.head, reason: last.reason });
      n.start();
    }
  }

  /** End every fault now (the run is over): nodes back, proxies up, parked nodes started. */
  async endAll(): Promise<void> {
    for (const [node, a] of [...this.active.entries()]) {
      this.active.delete(node);
      await a.end();
      this.finish(a.record);
    }
    for (const node of [...this.parked]) this.lateJoin(node, "at the end of the run");
    for (const n of this.h.nodes) if (!n.running) n.start();
  }

  /** Fill each record's `recoveredBlock` from the chain's attestations. */
  settleRecoveries(measure: ChainMeasure): void {
    for (const r of this.records) {
      if (r.endBlock === undefined || !r.triggered) continue;
      const blocks = measure.nodes[r.node]?.attestBlocks ?? [];
      r.recoveredBlock = blocks.find((b) => b >= r.endBlock!);
    }
  }
}
