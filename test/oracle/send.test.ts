/**
 * How the oracle node sends (oracle/node/send.ts): a simulation that reverts with an expected error sends
 * nothing; the nonce follows the chain, whatever failed before (the NonceManager wedge: a counter bumped
 * for a send that never happened, then "Nonce too high" forever); transient RPC errors are retried.
 */
import { expect } from "chai";
import type { Overrides } from "ethers";
import { ethers, network } from "hardhat";
import { IEpochSettlement__factory } from "../../typechain-types";
import {
  TransactionSender,
  decodeRevert,
  describeError,
  isNonceError,
  isTransient,
  revertName,
  withRetry,
} from "../../oracle/node/send";

const SETTLEMENT = IEpochSettlement__factory.createInterface();
const revert = (name: string, args: unknown[]): Error & { data: string } =>
  Object.assign(new Error("execution reverted"), {
    data: SETTLEMENT.encodeErrorResult(name, args),
  });

describe("oracle node: sending", function () {
  async function sender() {
    const [, signer, other] = await ethers.getSigners();
    const tx = (simulate: () => Promise<unknown> = async () => undefined) => ({
      simulate,
      send: (o: Overrides) =>
        signer.sendTransaction({
          to: other.address,
          value: 1n,
          nonce: o.nonce,
        }) as never,
    });
    return {
      signer,
      sender: new TransactionSender(signer),
      tx,
      nonce: () =>
        ethers.provider.getTransactionCount(signer.address, "pending"),
    };
  }

  it("sends nothing when the simulation reverts with an expected error, and throws any other", async function () {
    const s = await sender();
    const before = await s.nonce();
    const benign = await s.sender.send(
      s.tx(() =>
        Promise.reject(
          revert("SettlementAlreadyAttested", [s.signer.address, 1, 2]),
        ),
      ),
      ["SettlementAlreadyAttested"],
    );
    expect(benign).to.deep.equal({
      kind: "skipped",
      revert: "SettlementAlreadyAttested",
    });
    await expect(
      s.sender.send(
        s.tx(() =>
          Promise.reject(revert("SettlementNotOracle", [s.signer.address])),
        ),
        ["SettlementAlreadyAttested"],
      ),
    ).to.be.rejectedWith("execution reverted");
    expect(await s.nonce()).to.equal(before);
    expect((await s.sender.send(s.tx())).kind).to.equal("mined");
    expect(await s.nonce()).to.equal(before + 1);
  });

  it("follows the chain's nonce after a failed send, another sender with the same key, and a chain reverted to a snapshot", async function () {
    const s = await sender();
    const failing = {
      simulate: async () => undefined,
      send: () => Promise.reject(new Error("estimateGas failed")),
    };
    await expect(s.sender.send(failing)).to.be.rejectedWith(
      "estimateGas failed",
    );
    expect((await s.sender.send(s.tx())).kind).to.equal("mined");
    // The same key used elsewhere moves the chain's count on.
    await (
      await s.signer.sendTransaction({ to: s.signer.address, value: 0n })
    ).wait();
    expect((await s.sender.send(s.tx())).kind).to.equal("mined");
    // A dev chain reverted under the node: its local count is ahead of the chain; it sends once more with the chain's.
    const snapshot = await network.provider.send("evm_snapshot");
    expect((await s.sender.send(s.tx())).kind).to.equal("mined");
    expect((await s.sender.send(s.tx())).kind).to.equal("mined");
    await network.provider.send("evm_revert", [snapshot]);
    expect((await s.sender.send(s.tx())).kind).to.equal("mined");
  });

  it("retries transient errors with backoff and gives up on the others at once", async function () {
    let calls = 0;
    const flaky = async (): Promise<string> => {
      calls++;
      if (calls < 3)
        throw Object.assign(new Error("connect ECONNREFUSED"), {
          code: "ECONNREFUSED",
        });
      return "ok";
    };
    expect(await withRetry(flaky, [1, 1, 1])).to.equal("ok");
    expect(calls).to.equal(3);
    calls = 0;
    const broken = async (): Promise<never> => {
      calls++;
      throw revert("SettlementNotDue", [1, 2, 3]);
    };
    await expect(withRetry(broken, [1, 1, 1])).to.be.rejectedWith(
      "execution reverted",
    );
    expect(calls).to.equal(1);
    expect(isTransient({ code: "TIMEOUT" })).to.equal(true);
    expect(
      isTransient({ code: "UNKNOWN_ERROR", error: { code: "ECONNRESET" } }),
    ).to.equal(true);
    expect(isTransient({ code: "CALL_EXCEPTION" })).to.equal(false);
  });

  it("tells its retry hook of every transient failure, the receipt's polls included, and still returns the receipt", async function () {
    const s = await sender();
    // The signer's provider drops the first receipt request, as an endpoint that stopped answering would.
    let dropped = 0;
    const provider = new Proxy(ethers.provider, {
      get(target, prop, receiver) {
        if (prop === "getTransactionReceipt") {
          return (hash: string) =>
            dropped++ === 0
              ? Promise.reject(
                  Object.assign(new Error("request timeout"), {
                    code: "TIMEOUT",
                  }),
                )
              : target.getTransactionReceipt(hash);
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const signer = new Proxy(s.signer, {
      get: (target, prop) =>
        prop === "provider" ? provider : Reflect.get(target, prop),
    });
    const heard: Array<[string, number]> = [];
    const flakySender = new TransactionSender(signer, (e, attempt) =>
      heard.push([(e as { code: string }).code, attempt]),
    );
    const sent = await flakySender.send(s.tx());
    expect(sent.kind).to.equal("mined");
    expect(sent.kind === "mined" && sent.receipt.status).to.equal(1);
    expect(heard).to.deep.equal([["TIMEOUT", 0]]);
  });

  it("names our custom errors, nested as JSON-RPC nodes nest them, and recognises nonce refusals", function () {
    const data = SETTLEMENT.encodeErrorResult("SettlementBadReport", [
      "hotkey",
    ]);
    expect(revertName({ data })).to.equal("SettlementBadReport");
    expect(revertName({ error: { data: { data } } })).to.equal(
      "SettlementBadReport",
    );
    expect(revertName({ data: "0x" })).to.equal(undefined);
    expect(decodeRevert(data)).to.deep.equal({
      name: "SettlementBadReport",
      args: ["hotkey"],
    });
    expect(
      describeError({ data, shortMessage: "execution reverted" }),
    ).to.equal("SettlementBadReport(hotkey)");
    expect(
      describeError({ shortMessage: "could not coalesce error" }),
    ).to.equal("could not coalesce error");
    expect(
      isNonceError(
        new Error("Nonce too high. Expected nonce to be 3 but got 5."),
      ),
    ).to.equal(true);
    expect(isNonceError({ code: "NONCE_EXPIRED" })).to.equal(true);
    expect(isNonceError(new Error("insufficient funds"))).to.equal(false);
  });
});
