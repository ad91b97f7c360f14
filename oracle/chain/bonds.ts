/**
 * The bonds an epoch produces, as the oracle carries them to the next epoch, and their on-chain
 * commitment: keccak256(abi.encode(uint16 netuid, uint64 snapshotBlock, uint32[][] rows)) with
 * each entry packed as uid << 16 | value. Anyone holding the bonds can check them against the
 * commitment EpochSettlement stored (docs/architecture.md principle 5).
 */
import { AbiCoder, keccak256 } from "ethers";

/** Per uid: stored bond row, (uid, u16) pairs in stored order. */
export type BondRows = Array<Array<[number, number]>>;

export const ZERO_COMMITMENT = `0x${"00".repeat(32)}`;

export function bondsCommitment(netuid: number, snapshotBlock: bigint, bonds: BondRows): string {
  const rows = bonds.map((row) => row.map(([uid, value]) => (uid << 16) | value));
  return keccak256(AbiCoder.defaultAbiCoder().encode(["uint16", "uint64", "uint32[][]"], [netuid, snapshotBlock, rows]));
}
