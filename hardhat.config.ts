import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";
import "./src/hardhat";

/**
 * The Solidity compiler comes from the `solc` npm package (WebAssembly), pinned to an exact
 * version in package.json, because Hardhat cannot download compilers on our machines.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const solcjs = require("solc") as { version(): string };
const SOLC_LONG_VERSION: string = solcjs.version(); // e.g. "0.8.28+commit.7893614a.Emscripten.clang"
const SOLC_VERSION: string = SOLC_LONG_VERSION.split("+")[0];

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion === SOLC_VERSION) {
    return {
      compilerPath: require.resolve("solc/soljson.js"),
      isSolcJs: true,
      version: args.solcVersion,
      longVersion: SOLC_LONG_VERSION,
    };
  }
  return runSuper();
});

const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  metadata: { bytecodeHash: "none", appendCBOR: false },
  evmVersion: "cancun",
  viaIR: false,
};

const config: HardhatUserConfig = {
  solidity: {
    compilers: [{ version: SOLC_VERSION, settings: SOLC_SETTINGS }],
    // Staking is compiled through the IR pipeline: the legacy one leaves it over EIP-170's 24,576 bytes.
    overrides: { "contracts/staking/Staking.sol": { version: SOLC_VERSION, settings: { ...SOLC_SETTINGS, viaIR: true } } },
  },
  networks: {
    hardhat: {
      allowUnlimitedContractSize: false,
    },
    // A `npx hardhat node` on this machine (set HARDHAT_NODE_URL for another port or host).
    localhost: {
      url: process.env.HARDHAT_NODE_URL ?? "http://127.0.0.1:8545",
    },
  },
  typechain: {
    outDir: "typechain-types",
    target: "ethers-v6",
  },
  gasReporter: {
    enabled: process.env.REPORT_GAS !== undefined,
    offline: true,
  },
  mocha: {
    timeout: 600_000,
  },
};

export default config;
