/**
 * `bittensor-evm`: places subtensor's precompiles at their real addresses over the deployed layer, on a
 * Hardhat network or `hardhat node` (docs/bittensor-evm.md), so contracts written for the Bittensor EVM run
 * against it. `evm-key`: an account's substrate key (HashedAddressMapping), to pass as a `bytes32` key.
 */
import { task } from "hardhat/config";
import {
  TaskInputError,
  addressFor,
  guarded,
  layerOf,
  signerFor,
} from "./lib/task-helpers";

const DEPLOYMENT = "Deployment file (default deployments/<network>.json)";

task(
  "bittensor-evm",
  "Places subtensor's EVM precompiles (StakingV2 at 0x…0805 and the rest) over the deployed layer (Hardhat chains)",
)
  .addOptionalParam(
    "from",
    "The account that deploys the facades and seeds the native TAO reserve with ERC-20 TAO",
    "0",
  )
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(async (a: { from: string; deployment?: string }, hre) =>
    guarded(async () => {
      const { placeBittensorEvm, PRECOMPILE_ADDRESSES, DEFAULT_RESERVE_TAO } =
        await import("../scripts/lib/bittensor-evm");
      const { formatRao } = await import("../scripts/lib/table");
      const signer = await signerFor(hre, a.from);
      const layer = await layerOf(hre, a.deployment, signer);
      try {
        await hre.network.provider.send("hardhat_getAutomine", []);
      } catch {
        throw new TaskInputError(
          `network ${hre.network.name} is not a Hardhat chain: the facades are placed with hardhat_setCode`,
        );
      }
      const owner = await signer.getAddress();
      const balance = await layer.tao.balanceOf(owner);
      if (balance < DEFAULT_RESERVE_TAO) {
        throw new TaskInputError(
          `${owner} holds ${formatRao(balance)} TAO; seeding the native TAO reserve takes ${formatRao(DEFAULT_RESERVE_TAO)}`,
        );
      }
      const accounts = await hre.ethers.getSigners();
      const chain = {
        provider: hre.ethers.provider,
        send: (method: string, params: unknown[]) =>
          hre.network.provider.send(method, params),
      };
      const evm = await placeBittensorEvm(layer, {
        link: accounts.map((s) => s.address),
        chain,
      });
      for (const [name, address] of Object.entries(PRECOMPILE_ADDRESSES))
        console.log(`${name.replace("Precompile", "").padEnd(16)} ${address}`);
      console.log(
        `KeyRegistry      ${evm.addresses.KeyRegistry}\nNativeTao        ${evm.addresses.NativeTao}\nServing          ${evm.addresses.Serving}`,
      );
    }),
  );

task(
  "evm-key",
  'An account\'s substrate key on the Bittensor EVM: blake2_256("evm:" ++ address)',
)
  .addParam("account", "An address or account index")
  .setAction(async (a: { account: string }, hre) =>
    guarded(async () => {
      const { evmAccountId } = await import("../scripts/lib/bittensor-keys");
      console.log(evmAccountId(await addressFor(hre, a.account, "--account")));
    }),
  );
