import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import type { Signature } from "ethers";
import { ethers } from "hardhat";

import accessManagerArtifact from "@openzeppelin/contracts/build/contracts/AccessManager.json";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { IAccessManager, Tao } from "../../typechain-types";
import { IAccessManager__factory } from "../../typechain-types";

const TOTAL_SUPPLY = 21_000_000n * 10n ** 9n; // rao
const TAO = 10n ** 9n; // 1 TAO in rao
const HALF_SUPPLY = TOTAL_SUPPLY / 2n; // first rao of era 1
const DEAD = "0x000000000000000000000000000000000000dEaD";
const MINTER_ROLE = 1n;

interface Fixture {
  tao: Tao;
  manager: IAccessManager;
  admin: HardhatEthersSigner;
  coinbase: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
}

describe("Tao", function () {
  /** An AccessManager (OpenZeppelin's build) whose MINTER_ROLE, held by `coinbase`, gates `mint`. */
  async function deployTao(): Promise<Fixture> {
    const [admin, coinbase, alice, bob] = await ethers.getSigners();
    const managerFactory = new ethers.ContractFactory(accessManagerArtifact.abi, accessManagerArtifact.bytecode, admin);
    const deployed = await managerFactory.deploy(admin.address);
    await deployed.waitForDeployment();
    const manager = IAccessManager__factory.connect(await deployed.getAddress(), admin);

    const tao = await ethers.deployContract("Tao", [await manager.getAddress()]);
    await manager.setTargetFunctionRole(await tao.getAddress(), [tao.interface.getFunction("mint").selector], MINTER_ROLE);
    await manager.grantRole(MINTER_ROLE, coinbase.address, 0);
    return { tao, manager, admin, coinbase, alice, bob };
  }

  /** The fixture, with `alice` holding `amount` rao minted by the coinbase. */
  async function deployWithBalance(amount: bigint): Promise<Fixture> {
    const fixture = await loadFixture(deployTao);
    await fixture.tao.connect(fixture.coinbase).mint(fixture.alice.address, amount);
    return fixture;
  }

  describe("metadata", function () {
    it("is TAO, 9 decimals (rao), zero issuance, 21e15 rao cap, governed by the manager", async function () {
      const { tao, manager } = await loadFixture(deployTao);
      expect(await tao.name()).to.equal("TAO");
      expect(await tao.symbol()).to.equal("TAO");
      expect(await tao.decimals()).to.equal(9n);
      expect(await tao.totalSupply()).to.equal(0n);
      expect(await tao.TOTAL_SUPPLY()).to.equal(TOTAL_SUPPLY);
      expect(await tao.authority()).to.equal(await manager.getAddress());
    });
  });

  describe("blockEmission", function () {
    it("follows the halving schedule of the current issuance", async function () {
      const { tao, coinbase, alice } = await loadFixture(deployTao);
      expect(await tao.blockEmission()).to.equal(TAO);
      await tao.connect(coinbase).mint(alice.address, HALF_SUPPLY - 1n);
      expect(await tao.blockEmission()).to.equal(TAO);
      await tao.connect(coinbase).mint(alice.address, 1n);
      expect(await tao.blockEmission()).to.equal(TAO / 2n);
      await tao.connect(coinbase).mint(alice.address, TOTAL_SUPPLY - HALF_SUPPLY);
      expect(await tao.blockEmission()).to.equal(0n);
    });
  });

  describe("mint", function () {
    it("the granted role mints: balance and issuance rise, Transfer from zero", async function () {
      const { tao, coinbase, alice } = await loadFixture(deployTao);
      await expect(tao.connect(coinbase).mint(alice.address, 3n * TAO))
        .to.emit(tao, "Transfer")
        .withArgs(ethers.ZeroAddress, alice.address, 3n * TAO);
      expect(await tao.balanceOf(alice.address)).to.equal(3n * TAO);
      expect(await tao.totalSupply()).to.equal(3n * TAO);
    });

    it("reverts with AccessManagedUnauthorized for anyone without the role, the manager's admin included", async function () {
      const { tao, admin, alice } = await loadFixture(deployTao);
      for (const caller of [alice, admin]) {
        await expect(tao.connect(caller).mint(caller.address, 1n))
          .to.be.revertedWithCustomError(tao, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("reverts with AccessManagedUnauthorized once the role is revoked", async function () {
      const { tao, manager, coinbase } = await loadFixture(deployTao);
      await manager.revokeRole(MINTER_ROLE, coinbase.address);
      await expect(tao.connect(coinbase).mint(coinbase.address, 1n))
        .to.be.revertedWithCustomError(tao, "AccessManagedUnauthorized")
        .withArgs(coinbase.address);
    });

    it("mints up to the cap exactly", async function () {
      const { tao, coinbase, alice } = await loadFixture(deployTao);
      await tao.connect(coinbase).mint(alice.address, TOTAL_SUPPLY);
      expect(await tao.totalSupply()).to.equal(TOTAL_SUPPLY);
    });

    it("reverts with TaoSupplyCapExceeded above the cap", async function () {
      const { tao, coinbase, alice } = await loadFixture(deployTao);
      await expect(tao.connect(coinbase).mint(alice.address, TOTAL_SUPPLY + 1n))
        .to.be.revertedWithCustomError(tao, "TaoSupplyCapExceeded")
        .withArgs(0n, TOTAL_SUPPLY + 1n);
      await tao.connect(coinbase).mint(alice.address, TOTAL_SUPPLY - 5n);
      await expect(tao.connect(coinbase).mint(alice.address, 6n))
        .to.be.revertedWithCustomError(tao, "TaoSupplyCapExceeded")
        .withArgs(TOTAL_SUPPLY - 5n, 6n);
      // A huge amount is the same custom error, not an overflow panic.
      await expect(tao.connect(coinbase).mint(alice.address, ethers.MaxUint256))
        .to.be.revertedWithCustomError(tao, "TaoSupplyCapExceeded")
        .withArgs(TOTAL_SUPPLY - 5n, ethers.MaxUint256);
    });

    it("reverts with ERC20InvalidReceiver when minting to the zero address", async function () {
      const { tao, coinbase } = await loadFixture(deployTao);
      await expect(tao.connect(coinbase).mint(ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(tao, "ERC20InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("recycle", function () {
    it("destroys the caller's TAO and lowers issuance: Transfer to zero, then Recycled", async function () {
      const { tao, alice } = await deployWithBalance(10n * TAO);
      await expect(tao.connect(alice).recycle(4n * TAO))
        .to.emit(tao, "Transfer")
        .withArgs(alice.address, ethers.ZeroAddress, 4n * TAO)
        .and.to.emit(tao, "Recycled")
        .withArgs(alice.address, 4n * TAO);
      expect(await tao.balanceOf(alice.address)).to.equal(6n * TAO);
      expect(await tao.totalSupply()).to.equal(6n * TAO);
    });

    it("moves the schedule back to the earlier era", async function () {
      const { tao, alice } = await deployWithBalance(HALF_SUPPLY);
      expect(await tao.blockEmission()).to.equal(TAO / 2n);
      await tao.connect(alice).recycle(1n);
      expect(await tao.blockEmission()).to.equal(TAO);
    });

    it("makes room under the cap for the schedule to re-emit", async function () {
      const { tao, coinbase, alice } = await deployWithBalance(TOTAL_SUPPLY);
      expect(await tao.blockEmission()).to.equal(0n);
      await tao.connect(alice).recycle(HALF_SUPPLY);
      expect(await tao.blockEmission()).to.equal(TAO / 2n);
      await tao.connect(coinbase).mint(alice.address, TAO / 2n);
      expect(await tao.totalSupply()).to.equal(HALF_SUPPLY + TAO / 2n);
    });

    it("reverts with ERC20InsufficientBalance beyond the caller's balance", async function () {
      const { tao, alice } = await deployWithBalance(TAO);
      await expect(tao.connect(alice).recycle(TAO + 1n))
        .to.be.revertedWithCustomError(tao, "ERC20InsufficientBalance")
        .withArgs(alice.address, TAO, TAO + 1n);
    });
  });

  describe("recycleFrom", function () {
    it("recycles from the holder and spends the caller's allowance", async function () {
      const { tao, alice, bob } = await deployWithBalance(10n * TAO);
      await tao.connect(alice).approve(bob.address, 5n * TAO);
      await expect(tao.connect(bob).recycleFrom(alice.address, 3n * TAO))
        .to.emit(tao, "Recycled")
        .withArgs(alice.address, 3n * TAO);
      expect(await tao.allowance(alice.address, bob.address)).to.equal(2n * TAO);
      expect(await tao.balanceOf(alice.address)).to.equal(7n * TAO);
      expect(await tao.totalSupply()).to.equal(7n * TAO);
    });

    it("reverts with ERC20InsufficientAllowance beyond the allowance", async function () {
      const { tao, alice, bob } = await deployWithBalance(10n * TAO);
      await expect(tao.connect(bob).recycleFrom(alice.address, 1n))
        .to.be.revertedWithCustomError(tao, "ERC20InsufficientAllowance")
        .withArgs(bob.address, 0n, 1n);
      await tao.connect(alice).approve(bob.address, TAO);
      await expect(tao.connect(bob).recycleFrom(alice.address, TAO + 1n))
        .to.be.revertedWithCustomError(tao, "ERC20InsufficientAllowance")
        .withArgs(bob.address, TAO, TAO + 1n);
    });

    it("reverts with ERC20InsufficientBalance beyond the holder's balance", async function () {
      const { tao, alice, bob } = await deployWithBalance(TAO);
      await tao.connect(alice).approve(bob.address, ethers.MaxUint256);
      await expect(tao.connect(bob).recycleFrom(alice.address, TAO + 1n))
        .to.be.revertedWithCustomError(tao, "ERC20InsufficientBalance")
        .withArgs(alice.address, TAO, TAO + 1n);
    });
  });

  describe("burn (transfer to a burn address)", function () {
    it("leaves issuance, and so the schedule, unchanged", async function () {
      const { tao, alice } = await deployWithBalance(HALF_SUPPLY);
      await expect(tao.connect(alice).transfer(DEAD, TAO)).to.changeTokenBalances(tao, [alice, DEAD], [-TAO, TAO]);
      expect(await tao.totalSupply()).to.equal(HALF_SUPPLY);
      expect(await tao.blockEmission()).to.equal(TAO / 2n);
    });
  });

  describe("permit", function () {
    async function signPermit(
      tao: Tao,
      owner: HardhatEthersSigner,
      spender: string,
      value: bigint,
      deadline: bigint,
      signer: HardhatEthersSigner = owner,
    ): Promise<Signature> {
      const { chainId } = await ethers.provider.getNetwork();
      const domain = { name: "TAO", version: "1", chainId, verifyingContract: await tao.getAddress() };
      const types = {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      };
      const message = { owner: owner.address, spender, value, nonce: await tao.nonces(owner.address), deadline };
      return ethers.Signature.from(await signer.signTypedData(domain, types, message));
    }

    it("uses the EIP-712 domain (TAO, 1)", async function () {
      const { tao } = await loadFixture(deployTao);
      const domain = await tao.eip712Domain();
      expect(domain.name).to.equal("TAO");
      expect(domain.version).to.equal("1");
      expect(domain.verifyingContract).to.equal(await tao.getAddress());
    });

    it("a signed permit sets the allowance, bumps the nonce, and the spender can recycle with it", async function () {
      const { tao, alice, bob } = await deployWithBalance(10n * TAO);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await signPermit(tao, alice, bob.address, 2n * TAO, deadline);
      await tao.connect(bob).permit(alice.address, bob.address, 2n * TAO, deadline, sig.v, sig.r, sig.s);
      expect(await tao.allowance(alice.address, bob.address)).to.equal(2n * TAO);
      expect(await tao.nonces(alice.address)).to.equal(1n);
      await tao.connect(bob).recycleFrom(alice.address, 2n * TAO);
      expect(await tao.totalSupply()).to.equal(8n * TAO);
    });

    it("reverts with ERC2612InvalidSigner for a signature by someone else", async function () {
      const { tao, alice, bob } = await deployWithBalance(TAO);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await signPermit(tao, alice, bob.address, TAO, deadline, bob);
      await expect(tao.permit(alice.address, bob.address, TAO, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(tao, "ERC2612InvalidSigner")
        .withArgs(bob.address, alice.address);
    });

    it("reverts with ERC2612ExpiredSignature after the deadline", async function () {
      const { tao, alice, bob } = await deployWithBalance(TAO);
      const deadline = BigInt(await time.latest()) - 1n;
      const sig = await signPermit(tao, alice, bob.address, TAO, deadline);
      await expect(tao.permit(alice.address, bob.address, TAO, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(tao, "ERC2612ExpiredSignature")
        .withArgs(deadline);
    });
  });
});
