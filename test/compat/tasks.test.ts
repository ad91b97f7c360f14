/**
 * The `bittensor-evm` task places the facades over a deployment on the Hardhat network (and refuses when
 * the deployer cannot seed the native TAO reserve); `evm-key` prints an account's HashedAddressMapping id.
 */
import { takeSnapshot } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import hre from "hardhat";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PRECOMPILE_ADDRESSES } from "../../scripts/lib/bittensor-evm";
import { evmAccountId } from "../../scripts/lib/bittensor-keys";
import { refusal, run } from "../scripts/task-runner";

describe("compat: the bittensor-evm and evm-key tasks", function () {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "bittensor-evm-task-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses without the TAO to seed the reserve, then places every facade and links the accounts", async function () {
    const snapshot = await takeSnapshot();
    try {
      const poor = join(dir, "poor.json");
      await run("deploy", {
        genesis: "1000",
        networkRateLimit: "0",
        out: poor,
      });
      expect(
        (await refusal("bittensor-evm", { deployment: poor })).message,
      ).to.match(
        /holds 1,?000(\.0+)? TAO; seeding the native TAO reserve takes 100,?000/,
      );

      const rich = join(dir, "rich.json");
      await run("deploy", {
        genesis: "200000",
        networkRateLimit: "0",
        out: rich,
      });
      const printed = await run("bittensor-evm", { deployment: rich });
      for (const address of Object.values(PRECOMPILE_ADDRESSES)) {
        expect(printed).to.include(address);
        expect(
          await hre.ethers.provider.getCode(address),
          address,
        ).to.not.equal("0x");
      }
      const keys = await hre.ethers.getContractAt(
        "KeyRegistry",
        printed.match(/KeyRegistry\s+(0x[0-9a-fA-F]{40})/)![1],
      );
      const [, account] = await hre.ethers.getSigners();
      expect(
        await keys.addressOf(evmAccountId(account.address)),
        "the network's accounts are linked",
      ).to.equal(account.address);
    } finally {
      await snapshot.restore();
    }
  });

  it("evm-key prints an account's substrate key", async function () {
    const [, account] = await hre.ethers.getSigners();
    expect(await run("evm-key", { account: "1" })).to.equal(
      evmAccountId(account.address),
    );
    expect((await refusal("evm-key", { account: "0x12" })).message).to.match(
      /not an address/,
    );
  });
});
