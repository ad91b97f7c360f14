import { subtask, type HardhatUserConfig } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";
// Every subnet-layer task (deploy, register, stake, set-weights, oracle, metagraph, gov:*...).
import "subnet-layer/hardhat";

/**
 * This project's own compiler settings: subnet-layer ships compiled contracts, so nothing of it is
 * compiled here except the interfaces AlphaVault imports. The compiler comes from the `solc` npm
 * package because the machines this example is tested on cannot download compilers; elsewhere
 * `solidity: "0.8.28"` alone does.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const solc = require("solc") as { version(): string };
const SOLC_VERSION = solc.version().split("+")[0];
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) =>
  args.solcVersion === SOLC_VERSION
    ? { compilerPath: require.resolve("solc/soljson.js"), isSolcJs: true, version: SOLC_VERSION, longVersion: solc.version() }
    : runSuper(),
);

const config: HardhatUserConfig = {
  solidity: { version: SOLC_VERSION, settings: { optimizer: { enabled: true, runs: 1000 } } },
  mocha: { timeout: 300_000 },
};

export default config;
