import { expect } from "chai";

import { BondRows } from "../../oracle/chain/bonds";
import { EpochSnapshot, snapshotToEpochInput, unpackWeightWords } from "../../oracle/chain/snapshot";
import { DEFAULT_HYPERPARAMETERS } from "../../scripts/lib/hyperparameters";

/** A lens snapshot of three UIDs whose previous epoch ran at block 1_000 (only the fields the conversion reads). */
function snapshot(blockAtRegistration: bigint[]): EpochSnapshot {
  const n = blockAtRegistration.length;
  return {
    netuid: 1n,
    blockNumber: 1_360n,
    dueBlock: 1_360n,
    due: true,
    raoEmission: 0n,
    lastMechanismStepBlock: 1_000n,
    hasOwnerUid: true,
    ownerUid: 0n,
    hyperparameters: DEFAULT_HYPERPARAMETERS,
    hotkeys: Array.from({ length: n }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}`),
    alphaStake: Array(n).fill(0n),
    taoStake: Array(n).fill(0n),
    validatorPermit: Array(n).fill(true),
    weightWords: Array.from({ length: n }, () => []),
    weightZeros: Array(n).fill(0n),
    lastUpdate: blockAtRegistration,
    blockAtRegistration,
    bondsCommitment: `0x${"11".repeat(32)}`,
  } as unknown as EpochSnapshot;
}

describe("oracle/chain/snapshot: snapshotToEpochInput", function () {
  it("drops the stored bond row of a UID registered after those bonds were made (subtensor's replace_neuron)", function () {
    const bonds: BondRows = [
      [[1, 100]],
      [[2, 200]],
      [[1, 300]],
    ];
    // UID 1 registered at the previous epoch's block, UID 2 the block after: a replacement since.
    const input = snapshotToEpochInput(snapshot([10n, 1_000n, 1_001n]), bonds);
    expect(input.bonds).to.deep.equal([[[1, 100]], [[2, 200]], []]);
  });

  it("keeps every row when no UID changed hands, and pads missing rows", function () {
    const input = snapshotToEpochInput(snapshot([10n, 20n, 1_000n]), [[[1, 5]]]);
    expect(input.bonds).to.deep.equal([[[1, 5]], [], []]);
  });
});

describe("oracle/chain/snapshot: unpackWeightWords (IWeights' row encoding)", function () {
  /** Words of a dense row: uid j's value at bits 16·(j mod 16) of word j / 16. */
  function dense(entries: Array<[number, number]>): bigint[] {
    const words: bigint[] = [];
    for (const [j, v] of entries) {
      while (words.length <= j >> 4) words.push(0n);
      words[j >> 4] |= BigInt(v) << BigInt(16 * (j & 15));
    }
    return words;
  }

  it("reads the non-zero values in uid order", function () {
    const row: Array<[number, number]> = [
      [0, 7],
      [15, 65_535],
      [16, 1],
      [255, 300],
    ];
    expect(unpackWeightWords(dense(row), 0n)).to.deep.equal(row);
  });

  it("keeps the entries of value 0 that `zeros` names, also past the last non-zero word", function () {
    const words = dense([[3, 9]]);
    const zeros = (1n << 1n) | (1n << 40n) | (1n << 255n);
    expect(unpackWeightWords(words, zeros)).to.deep.equal([
      [1, 0],
      [3, 9],
      [40, 0],
      [255, 0],
    ]);
    expect(unpackWeightWords([], 1n << 2n), "an all-zero row").to.deep.equal([[2, 0]]);
  });

  it("reads an empty row as empty", function () {
    expect(unpackWeightWords([], 0n)).to.deep.equal([]);
  });
});
