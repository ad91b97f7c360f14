/**
 * Oracle state on disk: the bonds each settled (or attested) epoch produced, keyed by their on-chain
 * commitment, so a node that restarts finds the bonds the chain says are current.
 *
 * It is a cache, not a ledger: the node checks every entry against the chain's commitment before
 * using it, and what it lacks can be rebuilt from the chain. So an unreadable file is moved aside and
 * the store starts empty; only a path the node cannot write at all is an error.
 */
import * as fs from "fs";
import * as path from "path";
import { BondRows } from "../chain/bonds";

export interface StoredBonds {
  netuid: number;
  snapshotBlock: string;
  bonds: BondRows;
}

export interface BondsStore {
  /** The bonds whose commitment is `commitment`, if this store has them. */
  get(commitment: string): StoredBonds | undefined;
  /** Remember bonds under their commitment (idempotent). */
  put(commitment: string, entry: StoredBonds): void;
}

export class MemoryBondsStore implements BondsStore {
  private readonly entries = new Map<string, StoredBonds>();
  get(commitment: string): StoredBonds | undefined {
    return this.entries.get(commitment.toLowerCase());
  }
  put(commitment: string, entry: StoredBonds): void {
    this.entries.set(commitment.toLowerCase(), entry);
  }
}

/** The store's path cannot be used: it is a directory, or its folder cannot be created or written. */
export class BondsStoreError extends Error {
  override name = "BondsStoreError";
}

export interface FileBondsStoreOptions {
  /** Entries kept per subnet, the highest snapshot blocks; default {@link DEFAULT_MAX_ENTRIES_PER_SUBNET}. */
  maxEntriesPerSubnet?: number;
  /** Told once (one line) when the file could not be read and was moved aside, or entries were dropped. */
  onDiscard?: (reason: string) => void;
}

/** A node needs the latest epoch's bonds; a few more cover reorgs and a report that is rejected. */
export const DEFAULT_MAX_ENTRIES_PER_SUBNET = 8;

const FORMAT_VERSION = 1;

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

function isStoredBonds(value: unknown): value is StoredBonds {
  const v = value as Partial<StoredBonds> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.netuid === "number" &&
    Number.isInteger(v.netuid) &&
    typeof v.snapshotBlock === "string" &&
    /^[0-9]+$/.test(v.snapshotBlock) &&
    Array.isArray(v.bonds)
  );
}

/**
 * One JSON file, rewritten on every put: a temporary file in the same folder is written and fsynced,
 * renamed over the file, and the folder fsynced, so a crash or power loss leaves the old or the new
 * state, never half of one. Only the newest `maxEntriesPerSubnet` entries of each subnet are kept.
 */
export class FileBondsStore implements BondsStore {
  private readonly file: string;
  private readonly dir: string;
  private readonly maxEntriesPerSubnet: number;
  private entries: Record<string, StoredBonds> = {};
  private writes = 0;

  constructor(file: string, options: FileBondsStoreOptions = {}) {
    this.file = path.resolve(file);
    this.dir = path.dirname(this.file);
    this.maxEntriesPerSubnet = options.maxEntriesPerSubnet ?? DEFAULT_MAX_ENTRIES_PER_SUBNET;
    if (!Number.isInteger(this.maxEntriesPerSubnet) || this.maxEntriesPerSubnet < 1) {
      throw new RangeError(`maxEntriesPerSubnet must be a positive integer, got ${this.maxEntriesPerSubnet}`);
    }
    this.checkWritable(file);
    const text = this.readText(file);
    if (text === undefined) return;
    const parsed = FileBondsStore.parse(text);
    if (typeof parsed === "string") {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      try {
        fs.renameSync(this.file, aside);
      } catch (e) {
        throw new BondsStoreError(`cannot move the unreadable bonds store ${file} aside: ${errorCode(e)}`);
      }
      options.onDiscard?.(`bonds store ${file} is unreadable (${parsed}); moved it to ${aside} and starting empty`);
      return;
    }
    this.entries = parsed.entries;
    if (parsed.dropped > 0) options.onDiscard?.(`bonds store ${file}: dropped ${parsed.dropped} malformed entr${parsed.dropped === 1 ? "y" : "ies"}`);
  }

  /** A directory, or a folder we cannot create or write in, is a configuration error, not a cache miss. */
  private checkWritable(file: string): void {
    try {
      if (fs.statSync(this.file).isDirectory()) throw new BondsStoreError(`bonds store ${file} is a directory`);
    } catch (e) {
      if (e instanceof BondsStoreError) throw e;
      // ENOTDIR: a file where a folder should be, which mkdir below reports.
      if (!["ENOENT", "ENOTDIR"].includes(errorCode(e))) throw new BondsStoreError(`cannot use bonds store ${file}: ${errorCode(e)}`);
    }
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.accessSync(this.dir, fs.constants.W_OK);
    } catch (e) {
      throw new BondsStoreError(`cannot write bonds store ${file} (folder ${this.dir}): ${errorCode(e)}`);
    }
  }

  private readText(file: string): string | undefined {
    try {
      return fs.readFileSync(this.file, "utf8");
    } catch (e) {
      if (errorCode(e) === "ENOENT") return undefined;
      throw new BondsStoreError(`cannot read bonds store ${file}: ${errorCode(e)}`);
    }
  }

  /** The entries a file holds (malformed ones dropped and counted), or why it is unreadable. */
  private static parse(text: string): { entries: Record<string, StoredBonds>; dropped: number } | string {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return text.length === 0 ? "empty file" : `not JSON: ${(e as Error).message}`;
    }
    const d = data as { version?: unknown; entries?: unknown } | null;
    if (typeof d !== "object" || d === null || Array.isArray(d)) return "not a bonds store";
    if (d.version !== FORMAT_VERSION) return `unknown format version ${JSON.stringify(d.version)}`;
    if (typeof d.entries !== "object" || d.entries === null || Array.isArray(d.entries)) return "no entries object";
    const entries: Record<string, StoredBonds> = {};
    let dropped = 0;
    for (const [commitment, entry] of Object.entries(d.entries)) {
      if (isStoredBonds(entry)) entries[commitment.toLowerCase()] = entry;
      else dropped++;
    }
    return { entries, dropped };
  }

  get(commitment: string): StoredBonds | undefined {
    return this.entries[commitment.toLowerCase()];
  }

  put(commitment: string, entry: StoredBonds): void {
    this.entries[commitment.toLowerCase()] = entry;
    this.prune(entry.netuid);
    this.write();
  }

  /** Keep the subnet's newest entries (by snapshot block; ties keep the one put last). */
  private prune(netuid: number): void {
    const own = Object.entries(this.entries).filter(([, e]) => e.netuid === netuid);
    if (own.length <= this.maxEntriesPerSubnet) return;
    own.reverse(); // insertion order, newest put first, so the stable sort keeps it among equal blocks
    own.sort(([, a], [, b]) => {
      const x = BigInt(a.snapshotBlock);
      const y = BigInt(b.snapshotBlock);
      return x > y ? -1 : x < y ? 1 : 0;
    });
    for (const [key] of own.slice(this.maxEntriesPerSubnet)) delete this.entries[key];
  }

  private write(): void {
    const tmp = path.join(this.dir, `.${path.basename(this.file)}.${process.pid}.${this.writes++}.tmp`);
    try {
      const fd = fs.openSync(tmp, "w", 0o600);
      try {
        fs.writeFileSync(fd, JSON.stringify({ version: FORMAT_VERSION, entries: this.entries }));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw new BondsStoreError(`cannot write bonds store ${this.file}: ${errorCode(e)}`);
    }
    // The rename is durable once the folder's entry is on disk.
    let dirFd: number | undefined;
    try {
      dirFd = fs.openSync(this.dir, "r");
      fs.fsyncSync(dirFd);
    } catch (e) {
      // Some platforms (Windows) cannot open or fsync a folder; the file itself is synced.
      if (!["EISDIR", "EPERM", "EINVAL", "EACCES"].includes(errorCode(e))) {
        throw new BondsStoreError(`cannot sync the folder of bonds store ${this.file}: ${errorCode(e)}`);
      }
    } finally {
      if (dirFd !== undefined) fs.closeSync(dirFd);
    }
  }
}
