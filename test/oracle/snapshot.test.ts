import { expect } from "chai";

import { BondRows } from "../../oracle/chain/bonds";
import { EpochSnapshot, snapshotToEpochInput } from "../../oracle/chain/snapshot";
import { decodeWeightPairs, upscaledRow } from "../../oracle/chain/weights";
import { packWeightPairs } from "../../scripts/lib/weights";
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
    weightBlocks: Array(n).fill(0n),
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
    const input = snapshotToEpochInput(snapshot([10n, 1_000n, 1_001n]), bonds, []);
    expect(input.bonds).to.deep.equal([[[1, 100]], [[2, 200]], []]);
  });

  it("keeps every row when no UID changed hands, and pads missing rows", function () {
    const input = snapshotToEpochInput(snapshot([10n, 20n, 1_000n]), [[[1, 5]]], []);
    expect(input.bonds).to.deep.equal([[[1, 5]], [], []]);
  });
});

describe("oracle/chain/snapshot: the weight rows", function () {
  it("passes each UID's row through, and reads a missing one as empty", function () {
    const rows = [[[2, 65_535] as const], [], [[0, 0] as const, [1, 7] as const]];
    expect(snapshotToEpochInput(snapshot([10n, 20n, 30n]), [], rows).weights).to.deep.equal(rows);
    expect(snapshotToEpochInput(snapshot([10n, 20n, 30n]), [], []).weights).to.deep.equal([[], [], []]);
  });
});

describe("oracle/chain/weights: WeightsSet pairs", function () {
  it("decodes 4-byte big-endian (uid, value) entries in the order given, 0 entries kept", function () {
    const entries: Array<[number, number]> = [
      [255, 300],
      [0, 7],
      [16, 0],
      [15, 65_535],
    ];
    expect(decodeWeightPairs(packWeightPairs(entries.map(([u]) => u), entries.map(([, v]) => v)))).to.deep.equal(entries);
    expect(decodeWeightPairs("0x")).to.deep.equal([]);
    expect(() => decodeWeightPairs("0x010203")).to.throw("not 4-byte entries");
  });

  it("upscales the values as subtensor stores them, keeping the order", function () {
    expect(upscaledRow([
      [4, 21_845],
      [3, 43_690],
      [9, 0],
    ])).to.deep.equal([
      [4, 32_768],
      [3, 65_535],
      [9, 0],
    ]);
  });
});
