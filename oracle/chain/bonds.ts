/**
 * The bonds an epoch produces, as the oracle carries them to the next epoch, and their on-chain
 * commitment: keccak256(abi.encode(uint16 netuid, uint64 snapshotBlock, uint32[][] rows)) with
 * each entry packed as uid << 16 | value. Anyone holding the bonds can check them against the
 * commitment EpochSettlement stored (docs/architecture.md principle 5).
 */
import { keccak256 } from "ethers";

/** Per uid: stored bond row, (uid, u16) pairs in stored order. */
export type BondRows = Array<Array<[number, number]>>;

export const ZERO_COMMITMENT = `0x${"00".repeat(32)}`;

export function bondsCommitment(
  netuid: number,
  snapshotBlock: bigint,
  bonds: BondRows,
): string {
  return keccak256(encodeBonds(netuid, snapshotBlock, bonds));
}

/**
 * abi.encode(uint16 netuid, uint64 snapshotBlock, uint32[][] rows), written word by word: ethers' AbiCoder
 * takes ~0.4 s for a 256-UID subnet's rows (one coder object per entry), this a few milliseconds.
 */
export function encodeBonds(
  netuid: number,
  snapshotBlock: bigint,
  bonds: BondRows,
): Uint8Array {
  const WORD = 32;
  const entries = bonds.reduce((n, row) => n + row.length, 0);
  // Head (3 words), the array's length and row offsets (1 + n), each row's length and entries.
  const out = new Uint8Array(WORD * (3 + 1 + 2 * bonds.length + entries));
  const view = new DataView(out.buffer);
  const word = (index: number, value: number): void =>
    view.setUint32(index * WORD + WORD - 4, value);
  word(0, netuid);
  view.setBigUint64(WORD + WORD - 8, snapshotBlock);
  word(2, 3 * WORD);
  word(3, bonds.length);
  // Row offsets count from the word after the array's length.
  let at = 4 + bonds.length;
  bonds.forEach((row, i) => {
    word(4 + i, (at - 4) * WORD);
    word(at++, row.length);
    for (const [uid, value] of row) word(at++, uid * 0x10000 + value);
  });
  return out;
}
