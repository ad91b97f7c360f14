/**
 * A layer with two populated subnets and the Bittensor EVM placed over it, for the facade tests
 * (test/compat/*.test.ts). `facades` limits which facades are placed.
 */
import { ethers } from "hardhat";
import { deploySubnetLayer } from "../../scripts/deploy";
import {
  type BittensorEvm,
  type FacadeName,
  placeBittensorEvm,
} from "../../scripts/lib/bittensor-evm";
import {
  type SubnetPopulation,
  populateSubnet,
  tao,
} from "../../scripts/lib/local-network";

export async function bittensorEvmFixture(facades?: readonly FacadeName[]) {
  const signers = await ethers.getSigners();
  const [deployer] = signers;
  const layer = await deploySubnetLayer(deployer, {
    genesis: signers.map((s, i) => ({
      to: s.address,
      amount: tao(i === 0 ? 1_000_000 : 10_000),
    })),
    networkRateLimit: 0n,
    oracles: [signers[1].address],
    oracleThreshold: 1,
  });
  const subnets: SubnetPopulation[] = [];
  for (let s = 0; s < 2; s++)
    subnets.push(
      await populateSubnet(layer, {
        validatorStakes: [tao(3_000), tao(2_000)],
        miners: 3,
      }),
    );
  const evm: BittensorEvm = await placeBittensorEvm(layer, {
    link: signers.map((s) => s.address),
    facades,
  });
  return { signers, layer, subnets, evm };
}
