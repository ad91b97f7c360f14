/**
 * How the facades name accounts (contracts/compat/BittensorKeys.sol, KeyRegistry.sol): BLAKE2b-256 through
 * the BLAKE2F precompile equals @noble/hashes' for every message length it takes, the HashedAddressMapping
 * id equals the TypeScript one, and the registry maps keys both ways (linked EVM accounts, substrate keys'
 * shadows).
 */
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { blake2b } from "@noble/hashes/blake2b";
import { expect } from "chai";
import { Wallet, hexlify, keccak256, toUtf8Bytes } from "ethers";
import fc from "fast-check";
import { ethers } from "hardhat";
import { evmAccountId } from "../../scripts/lib/bittensor-keys";

async function fixture() {
  const harness = await ethers.deployContract("BittensorKeysHarness");
  const keys = await ethers.deployContract("KeyRegistry");
  return { harness, keys };
}

describe("compat: keys", function () {
  it("BLAKE2b-256 of 0..128 bytes equals @noble/hashes', and 129 bytes is refused", async function () {
    const { harness } = await loadFixture(fixture);
    expect(await harness.blake2b256(toUtf8Bytes("abc"))).to.equal(
      "0xbddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 128 }),
        async (message) => {
          expect(await harness.blake2b256(message)).to.equal(
            hexlify(blake2b(message, { dkLen: 32 })),
          );
        },
      ),
      { numRuns: 60 },
    );
    await expect(harness.blake2b256(new Uint8Array(129)))
      .to.be.revertedWithCustomError(harness, "BittensorKeysMessageTooLong")
      .withArgs(129);
  });

  it('an EVM account\'s id is blake2_256("evm:" ++ address), as the TypeScript computes it', async function () {
    const { harness } = await loadFixture(fixture);
    for (let i = 0; i < 8; i++) {
      const address = Wallet.createRandom().address;
      expect(await harness.evmAccountId(address)).to.equal(
        evmAccountId(address),
      );
    }
  });

  it("maps a linked EVM account's id to it and back, a substrate key to its shadow and back", async function () {
    const { keys } = await loadFixture(fixture);
    const [, account] = await ethers.getSigners();
    const id = evmAccountId(account.address);
    expect(await keys.isLinked(id)).to.equal(false);
    expect(await keys.addressOf(id), "unlinked: a shadow").to.equal(
      await keys.shadowOf(id),
    );
    await expect(keys.link(account.address))
      .to.emit(keys, "EvmAccountLinked")
      .withArgs(account.address, id);
    await expect(keys.link(account.address), "once").to.not.emit(
      keys,
      "EvmAccountLinked",
    );
    expect(await keys.addressOf(id)).to.equal(account.address);
    expect(await keys.keyOf(account.address)).to.equal(id);

    const alice = keccak256(toUtf8Bytes("//Alice"));
    const shadow = await keys.shadowOf(alice);
    expect(
      await keys.keyOf(shadow),
      "not recorded yet: read as an EVM account",
    ).to.equal(evmAccountId(shadow));
    await expect(keys.resolve(alice))
      .to.emit(keys, "SubstrateKeyRecorded")
      .withArgs(alice, shadow);
    expect(await keys.keyOf(shadow)).to.equal(alice);
    expect(await keys.addressOf(alice)).to.equal(shadow);
  });
});
