/**
 * `subnet-layer oracle run` and `oracle status` against a chain: the in-process Hardhat network served
 * over JSON-RPC (as `hardhat node` serves it), so the CLI talks to it as to any endpoint. Wrong
 * addresses and keys are one line and exit 1; a corrupt store is one warning; status reports the
 * committee, the due subnets' rounds and the node's attestations against what settled.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { Wallet, parseEther } from "ethers";
import { ethers, network } from "hardhat";
import { JsonRpcServer } from "hardhat/internal/hardhat-network/jsonrpc/server";
import { EXIT_FAILURE, EXIT_OK } from "../../oracle/cli";
import { type SubnetLayer, deploySubnetLayer } from "../../scripts/deploy";
import { populateSubnet, tao } from "../../scripts/lib/local-network";
import { cli, useTempDir } from "./cli-harness";

async function mineTo(block: bigint): Promise<void> {
  const now = BigInt(await ethers.provider.getBlockNumber());
  if (block > now) await network.provider.send("hardhat_mine", [`0x${(block - now).toString(16)}`]);
}

/** A registered or unregistered oracle key with gas money. */
async function oracleWallet(layer: SubnetLayer, registered: boolean): Promise<Wallet> {
  const wallet = Wallet.createRandom();
  await network.provider.send("hardhat_setBalance", [wallet.address, `0x${parseEther("100").toString(16)}`]);
  if (registered) await (await layer.settlement.setOracle(wallet.address, true)).wait();
  return new Wallet(wallet.privateKey);
}

describe("CLI: subnet-layer oracle against a chain", function () {
  const tmp = useTempDir("subnet-layer-oracle-chain-");
  let server: JsonRpcServer;
  let rpc: string;
  let layer: SubnetLayer;
  let a: Wallet; // registered
  let b: Wallet; // registered, never runs
  let outsider: Wallet;
  let netuid: number;

  const args = (overrides: { lens?: string; settlement?: string } = {}): string[] => [
    "--rpc",
    rpc,
    "--lens",
    overrides.lens ?? layer.addresses.MetagraphLens,
    "--settlement",
    overrides.settlement ?? layer.addresses.EpochSettlement,
  ];
  const run = (key: Wallet, store: string, overrides = {}): ReturnType<typeof cli> =>
    cli("oracle", "run", ...args(overrides), "--key", key.privateKey, "--store", store, "--once", "--backend", "reference");

  function oneLine(stderr: string, pattern: RegExp): void {
    expect(stderr).to.match(/^error: [^\n]*\n$/);
    expect(stderr).to.match(pattern);
  }

  before(async function () {
    const [deployer] = await ethers.getSigners();
    layer = await deploySubnetLayer(deployer, { genesis: [{ to: deployer.address, amount: tao(100_000) }] });
    [a, b, outsider] = [await oracleWallet(layer, true), await oracleWallet(layer, true), await oracleWallet(layer, false)];
    netuid = (await populateSubnet(layer, { validatorStakes: [tao(3_000), tao(1_000)], miners: 2 })).netuid;
    server = new JsonRpcServer({ hostname: "127.0.0.1", port: 0, provider: network.provider });
    const { port } = await server.listen();
    rpc = `http://127.0.0.1:${port}`;
  });
  after(async function () {
    await server?.close();
  });

  it("refuses an address with no code, or with the wrong contract, in one line with exit 1", async function () {
    const store = path.join(tmp.dir(), "unused.json");
    const nobody = Wallet.createRandom().address;
    const chainId = (await ethers.provider.getNetwork()).chainId;
    let r = await run(a, store, { lens: nobody });
    expect(r.code).to.equal(EXIT_FAILURE);
    oneLine(r.stderr, new RegExp(`--lens ${nobody} has no contract code on chain ${chainId}`));
    r = await run(a, store, { lens: layer.addresses.Tao });
    expect(r.code).to.equal(EXIT_FAILURE);
    oneLine(r.stderr, /--lens 0x[0-9a-fA-F]{40} is not a MetagraphLens \(dueSubnets\(\) reverted\)/);
    r = await run(a, store, { settlement: layer.addresses.Tao });
    expect(r.code).to.equal(EXIT_FAILURE);
    oneLine(r.stderr, /--settlement 0x[0-9a-fA-F]{40} is not an EpochSettlement \(threshold\(\) reverted\)/);
    // status runs the same checks.
    r = await cli("oracle", "status", ...args({ settlement: nobody }), "--address", a.address);
    expect(r.code).to.equal(EXIT_FAILURE);
    oneLine(r.stderr, /--settlement 0x[0-9a-fA-F]{40} has no contract code/);
    expect(fs.existsSync(store)).to.equal(false);
  });

  it("refuses a lens that reads another settlement than --settlement", async function () {
    const [deployer] = await ethers.getSigners();
    const other = await deploySubnetLayer(deployer);
    const r = await run(a, path.join(tmp.dir(), "unused.json"), { settlement: other.addresses.EpochSettlement });
    expect(r.code).to.equal(EXIT_FAILURE);
    oneLine(r.stderr, new RegExp(`--lens ${layer.addresses.MetagraphLens} reads EpochSettlement ${layer.addresses.EpochSettlement}, not --settlement ${other.addresses.EpochSettlement}`));
  });

  it("refuses a key that is not a registered oracle node", async function () {
    const r = await run(outsider, path.join(tmp.dir(), "unused.json"));
    expect(r.code).to.equal(EXIT_FAILURE);
    oneLine(r.stderr, new RegExp(`^error: ${outsider.address} is not an oracle node of EpochSettlement ${layer.addresses.EpochSettlement}\\n$`));
  });

  it("starts from an empty cache when the store is corrupt, warning once, and settles what is due", async function () {
    const store = tmp.write("store.json", '{"version":1,"entries":{"0x12');
    await mineTo(await layer.coinbase.dueBlock(netuid));
    const r = await run(a, store);
    expect(r.stderr).to.equal("");
    expect(r.code).to.equal(EXIT_OK);
    const logs = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { level: number; msg: string });
    const warnings = logs.filter((l) => l.level === 40 && /store/.test(l.msg));
    expect(warnings).to.have.length(1);
    expect(warnings[0].msg).to.match(/is unreadable \(not JSON: .*\); moved it to .*store\.json\.corrupt-\d+ and starting empty/);
    expect(logs.map((l) => l.msg)).to.include("epoch settled");
    expect(fs.readdirSync(tmp.dir()).filter((f) => f.startsWith("store.json.corrupt-"))).to.have.length(1);
    expect(JSON.parse(fs.readFileSync(store, "utf8")).version).to.equal(1);
  });

  it("status shows the committee, the due subnets' rounds and the node's attestations", async function () {
    // The epoch settled above, attested by a alone.
    let r = await cli("oracle", "status", ...args(), "--address", a.address);
    expect(r.stderr).to.equal("");
    expect(r.code).to.equal(EXIT_OK);
    expect(r.stdout).to.match(new RegExp(`oracle\\s+${a.address} \\(registered\\)`));
    expect(r.stdout).to.match(/threshold\s+1 of 2 oracles/);
    expect(r.stdout).to.match(/round timeout\s+\d+ blocks/);
    expect(r.stdout).to.match(/due subnets: none/);
    expect(r.stdout).to.match(new RegExp(`^\\s*${netuid}\\s+\\d+\\s+0\\s+0x[0-9a-f]{8}\\.\\.\\s+\\d+\\s+settled$`, "m"));

    // With a threshold of 2, a's attestation of the next epoch waits for b's.
    await (await layer.settlement.setThreshold(2)).wait();
    const due = await layer.coinbase.dueBlock(netuid);
    // Exactly to the due block: Hardhat cannot run calls at a block inside a `hardhat_mine` range.
    await mineTo(due);
    const ran = await run(a, path.join(tmp.dir(), "store.json"));
    expect(ran.code, ran.stderr).to.equal(EXIT_OK);
    expect(ran.stdout).to.match(/attested/);
    await mineTo(due + 3n);
    r = await cli("oracle", "status", ...args(), "--key", a.privateKey, "--json");
    expect(r.code, r.stderr).to.equal(EXIT_OK);
    const status = JSON.parse(r.stdout);
    expect(status.committee).to.deep.include({ threshold: 2, oracleCount: "2", isOracle: true, address: a.address });
    expect(status.due).to.have.length(1);
    const [subnet] = status.due;
    expect(subnet).to.deep.include({ netuid, dueBlock: due.toString(), round: 0, acceptedHash: null, attested: true, countOf: "own", attestations: "1" });
    expect(BigInt(subnet.overdue)).to.be.greaterThanOrEqual(3n);
    expect(status.attestations).to.have.length(2);
    expect(status.attestations.map((x: { agreement: string }) => x.agreement)).to.deep.equal(["settled", "pending"]);
    expect(status.attestations[1]).to.deep.include({ netuid, snapshotBlock: due.toString(), reportHash: subnet.ownHash, settledHash: null });
    // The table says the same.
    r = await cli("oracle", "status", ...args(), "--address", a.address);
    expect(r.stdout).to.match(new RegExp(`^\\s*${netuid}\\s+${due}\\s+\\d+\\s+0\\s+${due}\\s+-\\s+yes 0x[0-9a-f]{8}\\.\\.\\s+1/2 \\(own\\)$`, "m"));
    expect(r.stdout).to.match(/pending$/m);

    // b has not attested; an outsider is not an oracle and has no attestations.
    r = await cli("oracle", "status", ...args(), "--address", b.address, "--json");
    expect(JSON.parse(r.stdout).due[0]).to.deep.include({ attested: false, ownHash: null, countOf: null, attestations: null });
    r = await cli("oracle", "status", ...args(), "--address", outsider.address);
    expect(r.code).to.equal(EXIT_OK);
    expect(r.stdout).to.match(/\(NOT registered\)/);
    expect(r.stdout).to.match(/last attestations of .*: none/);
  });
});
