/** `oracle status` without a chain: how an attestation compares with what settled, and the output. */
import { expect } from "chai";
import { agreementOf, type OracleStatus } from "../../oracle/node/status";
import { formatOracleStatus, formatOracleStatusJson, shortHash } from "../../oracle/node/status-format";

const hash = (byte: string): string => `0x${byte.repeat(32)}`;
const ADDRESS = "0x5f0abf7b0B1857A279240364ca3ACD3e31318afF";

function sample(): OracleStatus {
  return {
    chainId: 31337n,
    block: 1200,
    lens: "0x610178dA211FEF7D417bC0e6FeD39F05609AD788",
    settlement: "0x8A791620dd6260079BF849Dc5567aDC3F2FdC318",
    committee: { threshold: 2, oracleCount: 3n, roundTimeout: 64n, address: ADDRESS, isOracle: true },
    due: [
      { netuid: 1, dueBlock: 1190n, overdue: 10n, round: 1, roundOpenedAt: 1195n, acceptedHash: hash("aa"), attested: true, ownHash: hash("aa"), countOf: "accepted", attestations: 2n },
      { netuid: 12, dueBlock: 1199n, overdue: 1n, round: 0, roundOpenedAt: 1199n, acceptedHash: null, attested: false, ownHash: null, countOf: null, attestations: null },
    ],
    attestations: [
      { netuid: 1, snapshotBlock: 800n, round: 0, reportHash: hash("11"), block: 801, agreement: "settled", settledHash: hash("11") },
      { netuid: 12, snapshotBlock: 810n, round: 0, reportHash: hash("22"), block: 811, agreement: "differs", settledHash: hash("33") },
      { netuid: 1, snapshotBlock: 1190n, round: 0, reportHash: hash("44"), block: 1191, agreement: "rejected", settledHash: null },
      { netuid: 1, snapshotBlock: 1190n, round: 1, reportHash: hash("aa"), block: 1196, agreement: "pending", settledHash: null },
    ],
  };
}

describe("oracle status", function () {
  it("compares an attestation with the epoch's settled and rejected hashes", function () {
    expect(agreementOf(hash("11"), null, [])).to.equal("pending");
    expect(agreementOf(hash("11"), hash("11").toUpperCase().replace("0X", "0x"), [])).to.equal("settled");
    expect(agreementOf(hash("11"), hash("22"), [])).to.equal("differs");
    expect(agreementOf(hash("11"), null, [hash("33"), hash("11")])).to.equal("rejected");
    // Refused, then another report settled the epoch: the refusal is what this node needs to know.
    expect(agreementOf(hash("11"), hash("22"), [hash("11")])).to.equal("rejected");
    expect(agreementOf(hash("11"), hash("11"), [hash("11")])).to.equal("settled");
  });

  it("prints the committee, the due subnets and the last attestations as tables", function () {
    const text = formatOracleStatus(sample());
    const lines = text.split("\n");
    expect(lines[0]).to.equal("EpochSettlement 0x8A791620dd6260079BF849Dc5567aDC3F2FdC318 (lens 0x610178dA211FEF7D417bC0e6FeD39F05609AD788) on chain 31337 at block 1200");
    expect(text).to.include(`oracle         ${ADDRESS} (registered)`);
    expect(text).to.include("threshold      2 of 3 oracles");
    expect(text).to.include("round timeout  64 blocks");
    expect(lines).to.include("due subnets");
    expect(lines).to.include("netuid  due block  overdue  round  opened at  accepted      attested          attestations");
    expect(lines).to.include("     1       1190       10      1       1195  0xaaaaaaaa..  yes 0xaaaaaaaa..  2/2 (accepted)");
    expect(lines).to.include("    12       1199        1      0       1199  -             no                -");
    expect(lines).to.include(`last attestations of ${ADDRESS}`);
    expect(lines).to.include("    12             810      0  0x22222222..    811  differs (settled 0x33333333..)");
    expect(lines).to.include("     1            1190      0  0x44444444..   1191  rejected");
    expect(shortHash(hash("ab"))).to.equal("0xabababab..");
  });

  it("says so when nothing is due and the node never attested", function () {
    const status = { ...sample(), due: [], attestations: [], committee: { ...sample().committee, isOracle: false } };
    const text = formatOracleStatus(status);
    expect(text).to.include(`${ADDRESS} (NOT registered)`);
    expect(text).to.include("due subnets: none");
    expect(text).to.include(`last attestations of ${ADDRESS}: none`);
  });

  it("prints the same data as JSON, bigints as decimal strings", function () {
    const json = JSON.parse(formatOracleStatusJson(sample()));
    expect(json.chainId).to.equal("31337");
    expect(json.committee).to.deep.equal({ threshold: 2, oracleCount: "3", roundTimeout: "64", address: ADDRESS, isOracle: true });
    expect(json.due[1]).to.deep.equal({ netuid: 12, dueBlock: "1199", overdue: "1", round: 0, roundOpenedAt: "1199", acceptedHash: null, attested: false, ownHash: null, countOf: null, attestations: null });
    expect(json.attestations.map((a: { agreement: string }) => a.agreement)).to.deep.equal(["settled", "differs", "rejected", "pending"]);
    expect(json.attestations[1].settledHash).to.equal(hash("33"));
  });
});
