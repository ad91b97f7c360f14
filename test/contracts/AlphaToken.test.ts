import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { AlphaToken } from "../../typechain-types";

const ALPHA = 10n ** 9n; // 1 α in α rao

interface Fixture {
  alpha: AlphaToken;
  minter: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
}

describe("AlphaToken", function () {
  async function deployAlpha(): Promise<Fixture> {
    const [minter, alice, bob] = await ethers.getSigners();
    const alpha = await ethers.deployContract("AlphaToken", [7, minter.address]);
    return { alpha, minter, alice, bob };
  }

  describe("metadata", function () {
    it("is 'Subnet <netuid> Alpha' / 'A<netuid>', 9 decimals, zero supply, with its netuid and minter", async function () {
      const { alpha, minter } = await loadFixture(deployAlpha);
      expect(await alpha.name()).to.equal("Subnet 7 Alpha");
      expect(await alpha.symbol()).to.equal("A7");
      expect(await alpha.decimals()).to.equal(9n);
      expect(await alpha.totalSupply()).to.equal(0n);
      expect(await alpha.netuid()).to.equal(7n);
      expect(await alpha.minter()).to.equal(minter.address);
    });

    it("spells any netuid in decimal (1, 65535)", async function () {
      const [minter] = await ethers.getSigners();
      for (const netuid of [1, 65535]) {
        const alpha = await ethers.deployContract("AlphaToken", [netuid, minter.address]);
        expect(await alpha.name()).to.equal(`Subnet ${netuid} Alpha`);
        expect(await alpha.symbol()).to.equal(`A${netuid}`);
        expect(await alpha.netuid()).to.equal(BigInt(netuid));
      }
    });
  });

  describe("mint and burn", function () {
    it("the minter mints: Transfer from zero, balance and supply rise", async function () {
      const { alpha, minter, alice } = await loadFixture(deployAlpha);
      await expect(alpha.connect(minter).mint(alice.address, 5n * ALPHA))
        .to.emit(alpha, "Transfer")
        .withArgs(ethers.ZeroAddress, alice.address, 5n * ALPHA);
      expect(await alpha.balanceOf(alice.address)).to.equal(5n * ALPHA);
      expect(await alpha.totalSupply()).to.equal(5n * ALPHA);
    });

    it("the minter burns: Transfer to zero, balance and supply drop", async function () {
      const { alpha, minter } = await loadFixture(deployAlpha);
      await alpha.connect(minter).mint(minter.address, 5n * ALPHA);
      await expect(alpha.connect(minter).burn(minter.address, 2n * ALPHA))
        .to.emit(alpha, "Transfer")
        .withArgs(minter.address, ethers.ZeroAddress, 2n * ALPHA);
      expect(await alpha.balanceOf(minter.address)).to.equal(3n * ALPHA);
      expect(await alpha.totalSupply()).to.equal(3n * ALPHA);
    });

    it("reverts with AlphaUnauthorizedMinter for anyone else, mint and burn alike", async function () {
      const { alpha, minter, alice } = await loadFixture(deployAlpha);
      await alpha.connect(minter).mint(alice.address, ALPHA);
      await expect(alpha.connect(alice).mint(alice.address, 1n))
        .to.be.revertedWithCustomError(alpha, "AlphaUnauthorizedMinter")
        .withArgs(alice.address);
      await expect(alpha.connect(alice).burn(alice.address, 1n))
        .to.be.revertedWithCustomError(alpha, "AlphaUnauthorizedMinter")
        .withArgs(alice.address);
    });

    it("reverts with ERC20InsufficientBalance when burning more than the holder has", async function () {
      const { alpha, minter } = await loadFixture(deployAlpha);
      await alpha.connect(minter).mint(minter.address, ALPHA);
      await expect(alpha.connect(minter).burn(minter.address, ALPHA + 1n))
        .to.be.revertedWithCustomError(alpha, "ERC20InsufficientBalance")
        .withArgs(minter.address, ALPHA, ALPHA + 1n);
    });

    it("transfers like any ERC-20", async function () {
      const { alpha, minter, alice, bob } = await loadFixture(deployAlpha);
      await alpha.connect(minter).mint(alice.address, 3n * ALPHA);
      await expect(alpha.connect(alice).transfer(bob.address, ALPHA)).to.changeTokenBalances(
        alpha,
        [alice, bob],
        [-ALPHA, ALPHA],
      );
    });
  });

  describe("permit", function () {
    it("uses the EIP-712 domain (token name, 1) and a signed permit sets the allowance", async function () {
      const { alpha, minter, alice, bob } = await loadFixture(deployAlpha);
      await alpha.connect(minter).mint(alice.address, 4n * ALPHA);
      const domain = await alpha.eip712Domain();
      expect(domain.name).to.equal("Subnet 7 Alpha");
      expect(domain.version).to.equal("1");

      const { chainId } = await ethers.provider.getNetwork();
      const deadline = BigInt(await time.latest()) + 3600n;
      const signature = ethers.Signature.from(
        await alice.signTypedData(
          { name: "Subnet 7 Alpha", version: "1", chainId, verifyingContract: await alpha.getAddress() },
          {
            Permit: [
              { name: "owner", type: "address" },
              { name: "spender", type: "address" },
              { name: "value", type: "uint256" },
              { name: "nonce", type: "uint256" },
              { name: "deadline", type: "uint256" },
            ],
          },
          { owner: alice.address, spender: bob.address, value: 2n * ALPHA, nonce: 0n, deadline },
        ),
      );
      await alpha.permit(alice.address, bob.address, 2n * ALPHA, deadline, signature.v, signature.r, signature.s);
      expect(await alpha.allowance(alice.address, bob.address)).to.equal(2n * ALPHA);
      expect(await alpha.nonces(alice.address)).to.equal(1n);
      await alpha.connect(bob).transferFrom(alice.address, bob.address, 2n * ALPHA);
      expect(await alpha.balanceOf(bob.address)).to.equal(2n * ALPHA);
    });
  });
});
