/**
 * Durable oracle state: the bonds each settled (or attested) epoch produced, keyed by their
 * on-chain commitment, so a node that restarts finds the bonds the chain says are current.
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

/** The store could not be read: its file exists but is not what this node wrote. */
export class BondsStoreError extends Error {
  override name = "BondsStoreError";
}

/**
 * One JSON file, rewritten atomically (write to a temporary file, then rename) on every put, so a
 * crash leaves either the old or the new state, never half of one.
 */
export class FileBondsStore implements BondsStore {
  private readonly entries: Record<string, StoredBonds>;

  constructor(private readonly file: string) {
    this.entries = fs.existsSync(file) ? FileBondsStore.read(file) : {};
  }

  private static read(file: string): Record<string, StoredBonds> {
    try {
      const data = JSON.parse(fs.readFileSync(file, "utf8")) as { version: number; entries: Record<string, StoredBonds> };
      if (data.version !== 1 || typeof data.entries !== "object") throw new Error("unknown format");
      return data.entries;
    } catch (e) {
      throw new BondsStoreError(`cannot read bonds store ${file}: ${(e as Error).message}`);
    }
  }

  get(commitment: string): StoredBonds | undefined {
    return this.entries[commitment.toLowerCase()];
  }

  put(commitment: string, entry: StoredBonds): void {
    this.entries[commitment.toLowerCase()] = entry;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ version: 1, entries: this.entries }));
    fs.renameSync(tmp, this.file);
  }
}
