/**
 * A consumer's tests: subnet-layer as a local Bittensor in one call, epochs settled through the
 * package's own oracle, and a contract of this project composing with the layer's staking and α.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadSubnetLayer, tao } from "subnet-layer/testing";
import type { AlphaVault } from "../typechain-types";

describe("AlphaVault on subnet-layer", function () {
  async function setUp() {
    const layer = await loadSubnetLayer({ subnets: 1, validators: 3, miners: 6 });
    const subnet = layer.subnets[0];
    const owner = subnet.neurons[0];
    const validator = subnet.neurons.find((n) => n.role === "validator")!;
    const [, lender, borrower, whale] = await ethers.getSigners();
    const vault = (await ethers.deployContract("AlphaVault", [
      layer.addresses.Staking,
      layer.addresses.Tao,
      subnet.netuid,
      validator.hotkey.address,
    ])) as unknown as AlphaVault;
    const alpha = await ethers.getContractAt("IAlphaToken", await layer.staking.alphaToken(subnet.netuid));
    // Liquid α (withdrawAlpha) needs the subnet owner's TransferToggle.
    await (await layer.staking.connect(owner.coldkey).setTransfersEnabled(subnet.netuid, true)).wait();
    return { layer, subnet, validator, vault, alpha, lender, borrower, whale };
  }

  /** `who` stakes `amount` TAO on `hotkey` and takes `take` α of it out as liquid α tokens. */
  async function liquidAlpha(f: Awaited<ReturnType<typeof setUp>>, who: typeof f.borrower, amount: bigint, take?: bigint): Promise<bigint> {
    const { layer, subnet, validator } = f;
    await (await layer.tao.connect(who).approve(layer.addresses.Staking, amount)).wait();
    await (await layer.staking.connect(who).addStake(validator.hotkey.address, subnet.netuid, amount)).wait();
    const staked = await layer.staking.stakeOf(validator.hotkey.address, who.address, subnet.netuid);
    const out = take ?? staked;
    await (await layer.staking.connect(who).withdrawAlpha(validator.hotkey.address, subnet.netuid, out)).wait();
    return out;
  }

  it("stakes deposits through the layer, and the shares gain the validator's dividends epoch by epoch", async function () {
    const f = await setUp();
    const { layer, vault, lender } = f;
    await (await layer.tao.connect(lender).approve(await vault.getAddress(), tao(100))).wait();
    await (await vault.connect(lender).deposit(tao(100))).wait();
    const staked = await vault.position();
    expect(staked).to.be.greaterThan(0n);
    expect(await vault.sharesOf(lender.address)).to.equal(staked);

    const results = await layer.settleEpochs(3);
    expect(results.map((r) => r.outcome)).to.deep.equal(["settled", "settled", "settled"]);
    const grown = await vault.position();
    expect(grown, "the hotkey's pool rewards reach the vault's stake").to.be.greaterThan(staked);

    const before = await layer.tao.balanceOf(lender.address);
    await (await vault.connect(lender).redeem(await vault.sharesOf(lender.address))).wait();
    expect(await vault.position()).to.equal(0n);
    expect(await layer.tao.balanceOf(lender.address)).to.be.greaterThan(before);
  });

  it("lends TAO against α collateral within 50% of its value, and refuses more", async function () {
    const f = await setUp();
    const { layer, vault, alpha, lender, borrower } = f;
    await (await layer.tao.connect(lender).approve(await vault.getAddress(), tao(1000))).wait();
    await (await vault.connect(lender).deposit(tao(1000))).wait();

    const collateral = await liquidAlpha(f, borrower, tao(200));
    expect(await alpha.balanceOf(borrower.address)).to.equal(collateral);
    await (await alpha.connect(borrower).approve(await vault.getAddress(), collateral)).wait();

    const position = await vault.position();
    await expect(vault.connect(borrower).borrow(collateral, position)).to.be.revertedWithCustomError(vault, "Undercollateralized");

    const value = await vault.collateralValue(collateral);
    const small = position / 20n;
    const taoBefore = await layer.tao.balanceOf(borrower.address);
    await (await vault.connect(borrower).borrow(collateral, small)).wait();
    const debt = await vault.debtOf(borrower.address);
    expect(debt).to.be.greaterThan(0n);
    expect(debt * 2n).to.be.at.most(value);
    expect(await layer.tao.balanceOf(borrower.address)).to.equal(taoBefore + debt);
    expect(await vault.collateralOf(borrower.address)).to.equal(collateral);

    await expect(vault.connect(borrower).withdrawCollateral(collateral)).to.be.revertedWithCustomError(vault, "Undercollateralized");
    await (await layer.tao.connect(borrower).approve(await vault.getAddress(), debt)).wait();
    await (await vault.connect(borrower).repay(debt)).wait();
    await (await vault.connect(borrower).withdrawCollateral(collateral)).wait();
    expect(await alpha.balanceOf(borrower.address)).to.equal(collateral);
  });

  it("liquidates a loan once the α price falls, staking the collateral for the lenders", async function () {
    const f = await setUp();
    const { layer, subnet, validator, vault, alpha, lender, borrower, whale } = f;
    await (await layer.tao.connect(lender).approve(await vault.getAddress(), tao(2000))).wait();
    await (await vault.connect(lender).deposit(tao(2000))).wait();
    // A whale's large position, to sell later.
    await (await layer.tao.connect(whale).approve(layer.addresses.Staking, tao(5000))).wait();
    await (await layer.staking.connect(whale).addStake(validator.hotkey.address, subnet.netuid, tao(5000))).wait();

    const collateral = await liquidAlpha(f, borrower, tao(100));
    await (await alpha.connect(borrower).approve(await vault.getAddress(), collateral)).wait();
    // Borrow close to the limit: halve the unstake until the loan fits.
    let unstake = await vault.position();
    for (;;) {
      try {
        await vault.connect(borrower).borrow.staticCall(collateral, unstake);
        break;
      } catch {
        unstake = (unstake * 9n) / 10n;
      }
    }
    await (await vault.connect(borrower).borrow(collateral, unstake)).wait();
    await expect(vault.liquidate(borrower.address)).to.be.revertedWithCustomError(vault, "Healthy");

    // The whale sells everything: α's price falls and the loan is no longer covered.
    await (await layer.staking.connect(whale).removeStakeFull(validator.hotkey.address, subnet.netuid)).wait();
    const before = await vault.position();
    await (await vault.liquidate(borrower.address)).wait();
    expect(await vault.debtOf(borrower.address)).to.equal(0n);
    expect(await vault.collateralOf(borrower.address)).to.equal(0n);
    expect(await vault.position()).to.equal(before + collateral);
  });
});
