/**
 * The package's API from this checkout: the deployment plan, the hand-over refusal, the artifacts,
 * the `env` network of the plugin, and the one-call fixture of `subnet-layer/testing`. The packed
 * package itself is tested by `npm run test:package` (examples/vault against the tarball).
 */
import { expect } from "chai";
import { ethers } from "hardhat";

import { DeployError, deploySubnetLayer, handOverToGovernance, planDeployment } from "../../scripts/deploy";
import { ArtifactNotFoundError, linkBytecode, readArtifact } from "../../scripts/lib/artifacts";
import { networkFromEnvironment } from "../../src/hardhat";
import { loadSubnetLayer } from "../../src/testing";

describe("package API", function () {
  it("deploys every contract at the address the plan predicts, with its wiring", async function () {
    const [deployer, oracle] = await ethers.getSigners();
    const plan = planDeployment(deployer.address, await deployer.getNonce(), { oracles: [oracle.address] });
    const layer = await deploySubnetLayer(deployer, { oracles: [oracle.address] });
    expect(layer.addresses).to.deep.equal(plan.addresses);
    for (const name of Object.keys(plan.addresses) as Array<keyof typeof plan.addresses>) {
      expect(await ethers.provider.getCode(plan.addresses[name]), name).to.not.equal("0x");
    }
    expect(await layer.settlement.isOracle(oracle.address)).to.equal(true);
    expect(plan.wiring.at(-1)).to.deep.equal({ contract: "EpochSettlement", function: "setOracle", args: [oracle.address, true] });
  });

  it("refuses to hand over while the Triumvirate is empty, before sending anything", async function () {
    const [deployer] = await ethers.getSigners();
    const layer = await deploySubnetLayer(deployer);
    const nonce = await deployer.getNonce();
    await expect(handOverToGovernance(layer)).to.be.rejectedWith(DeployError, /Triumvirate is empty/);
    expect(await deployer.getNonce()).to.equal(nonce);
    expect((await layer.accessManager.hasRole(0n, deployer.address))[0]).to.equal(true);
  });

  it("links library addresses into SubnetRegistry's bytecode and refuses a missing one", function () {
    const registry = readArtifact("SubnetRegistry");
    const libraries = { NeuronPruning: `0x${"11".repeat(20)}`, NetworkRegistration: `0x${"22".repeat(20)}`, SubnetParameterBounds: `0x${"33".repeat(20)}` };
    const linked = linkBytecode(registry, libraries);
    expect(linked).to.not.include("__$");
    expect(linked).to.include("11".repeat(20)).and.include("22".repeat(20)).and.include("33".repeat(20));
    expect(() => linkBytecode(registry, {})).to.throw(ArtifactNotFoundError, /needs library/);
  });

  it("adds the env network from SUBNET_LAYER_RPC_URL and the keys", function () {
    expect(networkFromEnvironment({})).to.equal(undefined);
    const network = networkFromEnvironment({ SUBNET_LAYER_RPC_URL: "http://127.0.0.1:9545", SUBNET_LAYER_PRIVATE_KEYS: `${"ab".repeat(32)}, 0x${"cd".repeat(32)}` });
    expect(network?.url).to.equal("http://127.0.0.1:9545");
    expect(network?.accounts).to.deep.equal([`0x${"ab".repeat(32)}`, `0x${"cd".repeat(32)}`]);
  });

  describe("loadSubnetLayer", function () {
    it("deploys populated subnets and settles paid epochs through the oracle", async function () {
      const layer = await loadSubnetLayer({ subnets: 2, validators: 3, miners: 4 });
      expect(layer.subnets.map((s) => s.neurons.length)).to.deep.equal([8, 8]);
      const validator = layer.subnets[0].neurons[1];
      expect(validator.role).to.equal("validator");
      const before = await layer.staking.totalHotkeyAlpha(validator.hotkey.address, layer.subnets[0].netuid);

      const results = await layer.settleEpochs(2);
      expect(results.filter((r) => r.outcome === "settled")).to.have.length(4);
      for (const s of layer.subnets) expect(await layer.coinbase.epochsSettled(s.netuid)).to.equal(2n);
      expect(await layer.staking.totalHotkeyAlpha(validator.hotkey.address, layer.subnets[0].netuid)).to.be.greaterThan(before);
      // The second epoch follows the validators' weights: miners earn incentive.
      const miner = layer.subnets[0].neurons.find((n) => n.role === "miner")!;
      expect(await layer.staking.totalHotkeyAlpha(miner.hotkey.address, layer.subnets[0].netuid)).to.be.greaterThan(0n);
    });

    it("restores the same state on a second call, with an oracle that settles from there", async function () {
      const first = await loadSubnetLayer({ subnets: 2, validators: 3, miners: 4 });
      expect(await first.coinbase.epochsSettled(first.subnets[0].netuid)).to.equal(0n);
      const results = await first.settleEpochs(1);
      expect(results).to.have.length(2);
    });
  });
});
