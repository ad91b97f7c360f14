/** The oracle's durable bonds store: survives a restart, writes atomically, refuses a foreign file. */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bondsCommitment } from "../../oracle/chain/bonds";
import { BondsStoreError, FileBondsStore, MemoryBondsStore } from "../../oracle/store/bonds-store";

describe("oracle bonds store", function () {
  const bonds: Array<Array<[number, number]>> = [[[1, 65535], [2, 100]], [], [[0, 7]]];
  const commitment = bondsCommitment(3, 720n, bonds);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "bonds-store-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("commits to netuid, snapshot block and every entry", function () {
    expect(bondsCommitment(3, 720n, bonds)).to.equal(commitment);
    expect(bondsCommitment(4, 720n, bonds)).to.not.equal(commitment);
    expect(bondsCommitment(3, 721n, bonds)).to.not.equal(commitment);
    expect(bondsCommitment(3, 720n, [[[1, 65535], [2, 101]], [], [[0, 7]]])).to.not.equal(commitment);
    expect(bondsCommitment(3, 720n, [[[2, 100], [1, 65535]], [], [[0, 7]]])).to.not.equal(commitment); // order is stored order
  });

  it("finds what a previous process stored, case-insensitively by commitment", function () {
    const file = path.join(dir, "nested", "store.json");
    new FileBondsStore(file).put(commitment, { netuid: 3, snapshotBlock: "720", bonds });
    const reopened = new FileBondsStore(file);
    expect(reopened.get(commitment.toUpperCase().replace("0X", "0x"))?.bonds).to.deep.equal(bonds);
    expect(reopened.get(bondsCommitment(9, 1n, []))).to.equal(undefined);
    expect(fs.readdirSync(path.dirname(file))).to.deep.equal(["store.json"]); // no temporary file left behind
  });

  it("refuses a file it did not write", function () {
    const file = path.join(dir, "store.json");
    fs.writeFileSync(file, "{ half a file");
    expect(() => new FileBondsStore(file)).to.throw(BondsStoreError, /cannot read bonds store/);
    fs.writeFileSync(file, JSON.stringify({ version: 2, entries: {} }));
    expect(() => new FileBondsStore(file)).to.throw(BondsStoreError, /unknown format/);
  });

  it("has an in-memory twin for tests and ephemeral nodes", function () {
    const store = new MemoryBondsStore();
    store.put(commitment, { netuid: 3, snapshotBlock: "720", bonds });
    expect(store.get(commitment.toUpperCase().replace("0X", "0x"))?.bonds).to.deep.equal(bonds);
  });
});
