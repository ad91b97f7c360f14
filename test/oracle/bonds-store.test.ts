/**
 * The oracle's bonds store: survives a restart, writes atomically, keeps a bounded number of epochs
 * per subnet, treats an unreadable file as an empty cache (moved aside, reported once) and refuses a
 * path it cannot write.
 */
import { expect } from "chai";
import { AbiCoder, hexlify } from "ethers";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bondsCommitment, encodeBonds } from "../../oracle/chain/bonds";
import {
  BondsStoreError,
  FileBondsStore,
  MemoryBondsStore,
  StoredBonds,
} from "../../oracle/store/bonds-store";

describe("oracle bonds store", function () {
  const bonds: Array<Array<[number, number]>> = [
    [
      [1, 65535],
      [2, 100],
    ],
    [],
    [[0, 7]],
  ];
  const commitment = bondsCommitment(3, 720n, bonds);
  let dir: string;
  beforeEach(
    () => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "bonds-store-"))),
  );
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A store on `file` that records what it discarded. */
  function open(
    file: string,
    maxEntriesPerSubnet?: number,
  ): { store: FileBondsStore; discarded: string[] } {
    const discarded: string[] = [];
    return {
      store: new FileBondsStore(file, {
        maxEntriesPerSubnet,
        onDiscard: (r) => discarded.push(r),
      }),
      discarded,
    };
  }

  const entry = (netuid: number, block: bigint): [string, StoredBonds] => [
    bondsCommitment(netuid, block, bonds),
    { netuid, snapshotBlock: block.toString(), bonds },
  ];

  it("commits to netuid, snapshot block and every entry", function () {
    expect(bondsCommitment(3, 720n, bonds)).to.equal(commitment);
    expect(bondsCommitment(4, 720n, bonds)).to.not.equal(commitment);
    expect(bondsCommitment(3, 721n, bonds)).to.not.equal(commitment);
    expect(
      bondsCommitment(3, 720n, [
        [
          [1, 65535],
          [2, 101],
        ],
        [],
        [[0, 7]],
      ]),
    ).to.not.equal(commitment);
    expect(
      bondsCommitment(3, 720n, [
        [
          [2, 100],
          [1, 65535],
        ],
        [],
        [[0, 7]],
      ]),
    ).to.not.equal(commitment); // order is stored order
  });

  it("encodes the rows exactly as abi.encode(uint16, uint64, uint32[][]) does (the contract's commitment)", function () {
    const row = fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 0, max: 65535 }),
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 65535 }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.array(row, { maxLength: 12 }),
        (netuid, block, rows) => {
          const packed = rows.map((r) =>
            r.map(([uid, value]) => uid * 0x10000 + value),
          );
          expect(hexlify(encodeBonds(netuid, block, rows))).to.equal(
            AbiCoder.defaultAbiCoder().encode(
              ["uint16", "uint64", "uint32[][]"],
              [netuid, block, packed],
            ),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("finds what a previous process stored, case-insensitively by commitment, leaving no temporary file", function () {
    const file = path.join(dir, "nested", "store.json");
    const first = open(file).store;
    first.put(commitment, { netuid: 3, snapshotBlock: "720", bonds });
    first.put(...entry(3, 1440n));
    const { store: reopened, discarded } = open(file);
    expect(discarded).to.deep.equal([]);
    expect(
      reopened.get(commitment.toUpperCase().replace("0X", "0x"))?.bonds,
    ).to.deep.equal(bonds);
    expect(reopened.get(entry(3, 1440n)[0])?.snapshotBlock).to.equal("1440");
    expect(reopened.get(bondsCommitment(9, 1n, []))).to.equal(undefined);
    expect(fs.readdirSync(path.dirname(file))).to.deep.equal(["store.json"]);
  });

  it("keeps only the newest entries of each subnet, by snapshot block", function () {
    const file = path.join(dir, "store.json");
    const { store } = open(file, 3);
    // Out of order, and another subnet's entries must not count against this one's bound.
    for (const block of [500n, 100n, 400n, 200n, 300n])
      store.put(...entry(1, block));
    store.put(...entry(2, 50n));
    const kept = (
      s: FileBondsStore,
      netuid: number,
      blocks: bigint[],
    ): bigint[] =>
      blocks.filter((b) => s.get(entry(netuid, b)[0]) !== undefined);
    expect(kept(store, 1, [100n, 200n, 300n, 400n, 500n])).to.deep.equal([
      300n,
      400n,
      500n,
    ]);
    expect(kept(store, 2, [50n])).to.deep.equal([50n]);
    const onDisk = JSON.parse(fs.readFileSync(file, "utf8")) as {
      entries: Record<string, StoredBonds>;
    };
    expect(Object.keys(onDisk.entries)).to.have.length(4);
    expect(
      kept(open(file, 3).store, 1, [100n, 200n, 300n, 400n, 500n]),
    ).to.deep.equal([300n, 400n, 500n]);
  });

  it("defaults to 8 entries per subnet", function () {
    const { store } = open(path.join(dir, "store.json"));
    for (let b = 1n; b <= 10n; b++) store.put(...entry(1, b * 10n));
    expect(store.get(entry(1, 20n)[0])).to.equal(undefined);
    expect(store.get(entry(1, 30n)[0])).to.not.equal(undefined);
  });

  describe("an unreadable file is an empty cache, moved aside and reported once", function () {
    const valid = (): string =>
      JSON.stringify({
        version: 1,
        entries: { [commitment]: { netuid: 3, snapshotBlock: "720", bonds } },
      });
    const cases: Array<[string, () => string, RegExp]> = [
      ["a 0-byte file", () => "", /empty file/],
      [
        "a valid file cut in half",
        () => valid().slice(0, Math.floor(valid().length / 2)),
        /not JSON/,
      ],
      ["garbage", () => "\u0000\u00ff garbage {{", /not JSON/],
      [
        "another format version",
        () => JSON.stringify({ version: 2, entries: {} }),
        /unknown format version 2/,
      ],
      ["JSON that is not a store", () => "[1, 2, 3]", /not a bonds store/],
    ];
    for (const [name, content, why] of cases) {
      it(name, function () {
        const file = path.join(dir, "store.json");
        const text = content();
        fs.writeFileSync(file, text);
        const { store, discarded } = open(file);
        expect(discarded).to.have.length(1);
        expect(discarded[0])
          .to.match(why)
          .and.match(
            /moved it to .*store\.json\.corrupt-\d+ and starting empty/,
          );
        expect(store.get(commitment)).to.equal(undefined);
        const aside = fs
          .readdirSync(dir)
          .filter((f) => f.startsWith("store.json.corrupt-"));
        expect(aside).to.have.length(1);
        expect(fs.readFileSync(path.join(dir, aside[0]), "utf8")).to.equal(
          text,
        ); // kept for a post-mortem
        expect(fs.existsSync(file)).to.equal(false);
        // The node goes on: the next put writes a fresh, valid file.
        store.put(commitment, { netuid: 3, snapshotBlock: "720", bonds });
        expect(open(file).store.get(commitment)?.bonds).to.deep.equal(bonds);
      });
    }

    it("drops malformed entries and keeps the rest", function () {
      const file = path.join(dir, "store.json");
      const [other, good] = entry(4, 10n);
      fs.writeFileSync(
        file,
        JSON.stringify({
          version: 1,
          entries: {
            [commitment]: { netuid: "3", snapshotBlock: "720", bonds },
            [bondsCommitment(5, 1n, [])]: {
              netuid: 5,
              snapshotBlock: 1,
              bonds: [],
            },
            [bondsCommitment(6, 1n, [])]: { netuid: 6, snapshotBlock: "1" },
            [other]: good,
          },
        }),
      );
      const { store, discarded } = open(file);
      expect(discarded).to.deep.equal([
        `bonds store ${file}: dropped 3 malformed entries`,
      ]);
      expect(store.get(commitment)).to.equal(undefined);
      expect(store.get(other)).to.deep.equal(good);
    });
  });

  it("refuses a directory, or a folder it cannot create, with a one-line BondsStoreError", function () {
    expect(() => new FileBondsStore(dir)).to.throw(
      BondsStoreError,
      /^bonds store .* is a directory$/,
    );
    const notAFolder = path.join(dir, "file");
    fs.writeFileSync(notAFolder, "x");
    expect(
      () => new FileBondsStore(path.join(notAFolder, "store.json")),
    ).to.throw(
      BondsStoreError,
      /cannot write bonds store .*: (ENOTDIR|EEXIST)$/,
    );
  });

  it("has an in-memory twin for tests and ephemeral nodes", function () {
    const store = new MemoryBondsStore();
    store.put(commitment, { netuid: 3, snapshotBlock: "720", bonds });
    expect(
      store.get(commitment.toUpperCase().replace("0X", "0x"))?.bonds,
    ).to.deep.equal(bonds);
  });
});
