import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import {
  type Layer,
  MIN_STAKE,
  type PoolState,
  ROLES,
  TAO,
  TOTAL_SUPPLY,
  addStake,
  alphaToken,
  amountOut,
  creditStake,
  deployLayer,
  eventArgs,
  grantRole,
  poolOf,
  receiptLogs,
  referenceBuy,
  referenceSell,
  registerNeuron,
  registerSubnet,
  swapFee,
} from "./helpers/subnet-layer";

// Price limits, the input cap, full unstakes, stake moves, transfers with allowances, liquid α and the
// governance fee settings of Staking (docs/spec/chain.md §3.3, §3.6, §4.6, §9 StakingV2).

const PRICE_SCALE = 10n ** 9n;
const FEE_DENOMINATOR = 65_535n;

interface Fixture {
  layer: Layer;
  feeRecipient: HardhatEthersSigner;
  owner: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  tester: HardhatEthersSigner;
  /** Subnet A: alice and bob have 100 TAO staked on `hotkey`. */
  netuid: number;
  /** Subnet B, owned by `owner` too. */
  other: number;
  /** Registered on A, owned by alice. */
  hotkey: string;
  /** Registered on A, owned by bob; nobody staked on it. */
  hotkeyB: string;
}

const sqrt = (n: bigint): bigint => {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x -= 1n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x;
};

/** PoolMath.maxBuyInput then grossForNet, at the default fee. */
function maxBuyGross(pool: PoolState, limit: bigint): bigint {
  const target = sqrt((pool.tao * pool.alpha * limit) / PRICE_SCALE);
  const net = target > pool.tao ? target - pool.tao : 0n;
  return (net * FEE_DENOMINATOR) / (FEE_DENOMINATOR - 33n);
}

/** PoolMath.maxSellInput. */
function maxSellInput(pool: PoolState, limit: bigint): bigint {
  const target = sqrt((pool.tao * pool.alpha * PRICE_SCALE) / limit);
  return target > pool.alpha ? target - pool.alpha : 0n;
}

/** α worth half of MIN_STAKE at the spot price. */
const halfMinStake = (pool: PoolState): bigint => (MIN_STAKE * pool.alpha) / (2n * pool.tao);

const spot = (pool: PoolState): bigint => (pool.tao * PRICE_SCALE) / pool.alpha;

/** TAO the contract holds = accountedTao = Σ reserves + retained over every subnet; each listed subnet's
 *  α supply = reserve + Σ V + liquid, and Staking holds reserve + Σ V. */
async function expectConservation(
  layer: Layer,
  subnets: Array<{ netuid: number; hotkeys: string[]; holders?: string[] }>,
): Promise<void> {
  const staking = await layer.staking.getAddress();
  let reserves = 0n;
  for (const netuid of await layer.registry.netuids()) {
    reserves += (await poolOf(layer, Number(netuid))).tao + (await layer.staking.retainedTao(netuid));
  }
  for (const { netuid, hotkeys, holders = [] } of subnets) {
    const pool = await poolOf(layer, netuid);
    const alpha = await alphaToken(layer, netuid);
    let staked = 0n;
    for (const hotkey of hotkeys) staked += await layer.staking.totalHotkeyAlpha(hotkey, netuid);
    let liquid = 0n;
    for (const holder of holders) liquid += await alpha.balanceOf(holder);
    expect(await alpha.balanceOf(staking), `α held by Staking on ${netuid}`).to.equal(pool.alpha + staked);
    expect(await alpha.totalSupply(), `α supply of ${netuid}`).to.equal(pool.alpha + staked + liquid);
  }
  expect(await layer.staking.accountedTao()).to.equal(reserves);
  expect(await layer.tao.balanceOf(staking)).to.equal(reserves);
}

describe("Staking: limits, moves, transfers and liquid α", function () {
  async function fixture(): Promise<Fixture> {
    // Issuance at the cap: no emission, pools move only by the actions under test.
    const layer = await deployLayer({ funded: 10, supply: TOTAL_SUPPLY });
    const [feeRecipient, owner, alice, bob, carol, tester] = layer.signers;
    const hotkey = layer.signers[11].address;
    const hotkeyB = layer.signers[12].address;
    const { netuid } = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[10].address });
    const { netuid: other } = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[13].address });
    await registerNeuron(layer, netuid, alice, hotkey);
    await registerNeuron(layer, netuid, bob, hotkeyB);
    await addStake(layer, alice, hotkey, netuid, 100n * TAO);
    await addStake(layer, bob, hotkey, netuid, 100n * TAO);
    await grantRole(layer, ROLES.SETTLEMENT, tester.address);
    return { layer, feeRecipient, owner, alice, bob, carol, tester, netuid, other, hotkey, hotkeyB };
  }

  describe("input cap", function () {
    it("reverts with StakingInputTooLarge above 1000 × the input-side reserve", async function () {
      const { layer, carol, hotkey, netuid } = await loadFixture(fixture);
      const pool = await poolOf(layer, netuid);
      const max = pool.tao * 1000n;
      // The largest gross amount whose net input is exactly 1000 × y passes; one net rao more does not.
      const gross = ((max + 1n) * FEE_DENOMINATOR) / (FEE_DENOMINATOR - 33n);
      expect(gross - swapFee(gross)).to.equal(max + 1n);
      await expect(addStake(layer, carol, hotkey, netuid, gross))
        .to.be.revertedWithCustomError(layer.staking, "StakingInputTooLarge")
        .withArgs(netuid, max + 1n, max);
    });
  });

  describe("addStakeLimit", function () {
    it("reverts with StakingPriceLimitExceeded unless the limit is above the current price", async function () {
      const { layer, carol, hotkey, netuid } = await loadFixture(fixture);
      const price = spot(await poolOf(layer, netuid));
      await layer.tao.connect(carol).approve(await layer.staking.getAddress(), TAO);
      for (const limit of [0n, price - 1n, price]) {
        await expect(layer.staking.connect(carol).addStakeLimit(hotkey, netuid, TAO, limit, true))
          .to.be.revertedWithCustomError(layer.staking, "StakingPriceLimitExceeded")
          .withArgs(netuid, price, limit);
      }
    });

    it("fills in full when the whole amount stays within the limit, like addStake", async function () {
      const { layer, carol, hotkey, netuid } = await loadFixture(fixture);
      const pool = await poolOf(layer, netuid);
      const buy = referenceBuy(pool, TAO);
      await layer.tao.connect(carol).approve(await layer.staking.getAddress(), TAO);
      const limit = spot(buy.after) + 1n;
      const [alpha, spent] = await layer.staking.connect(carol).addStakeLimit.staticCall(hotkey, netuid, TAO, limit, false);
      expect([alpha, spent]).to.deep.equal([buy.alpha, TAO]);
      await expect(layer.staking.connect(carol).addStakeLimit(hotkey, netuid, TAO, limit, false)).to.changeTokenBalance(
        layer.tao,
        carol,
        -TAO,
      );
      expect(await poolOf(layer, netuid)).to.deep.equal(buy.after);
    });

    it("with allowPartial spends only what keeps the price at or below the limit", async function () {
      const { layer, carol, hotkey, netuid } = await loadFixture(fixture);
      const pool = await poolOf(layer, netuid);
      const limit = (spot(pool) * 11n) / 10n; // 10% above
      const expected = maxBuyGross(pool, limit);
      expect(expected).to.be.greaterThan(0n).and.lessThan(100n * TAO);
      await layer.tao.connect(carol).approve(await layer.staking.getAddress(), 100n * TAO);
      const tx = layer.staking.connect(carol).addStakeLimit(hotkey, netuid, 100n * TAO, limit, true);
      await expect(tx).to.changeTokenBalance(layer.tao, carol, -expected);
      const after = await poolOf(layer, netuid);
      expect(after).to.deep.equal(referenceBuy(pool, expected).after);
      expect(spot(after)).to.be.at.most(limit);
      // A fill 1% larger would have crossed it: the partial fill is not needlessly small.
      expect(spot(referenceBuy(pool, (expected * 101n) / 100n).after)).to.be.greaterThan(limit);
    });

    it("without allowPartial reverts with StakingSlippageTooHigh and moves nothing", async function () {
      const { layer, carol, hotkey, netuid } = await loadFixture(fixture);
      const pool = await poolOf(layer, netuid);
      const limit = (spot(pool) * 11n) / 10n;
      await layer.tao.connect(carol).approve(await layer.staking.getAddress(), 100n * TAO);
      await expect(layer.staking.connect(carol).addStakeLimit(hotkey, netuid, 100n * TAO, limit, false))
        .to.be.revertedWithCustomError(layer.staking, "StakingSlippageTooHigh")
        .withArgs(netuid, 100n * TAO, maxBuyGross(pool, limit));
    });

    it("a limit above 2^128 rao per α is no limit", async function () {
      const { layer, carol, hotkey, netuid } = await loadFixture(fixture);
      await layer.tao.connect(carol).approve(await layer.staking.getAddress(), TAO);
      await expect(
        layer.staking.connect(carol).addStakeLimit(hotkey, netuid, TAO, 2n ** 256n - 1n, false),
      ).to.changeTokenBalance(layer.tao, carol, -TAO);
    });
  });

  describe("removeStakeLimit and the full unstakes", function () {
    it("reverts with StakingPriceLimitExceeded for a zero limit or one not below the price", async function () {
      const { layer, alice, hotkey, netuid } = await loadFixture(fixture);
      const pool = await poolOf(layer, netuid);
      const ceil = (pool.tao * PRICE_SCALE + pool.alpha - 1n) / pool.alpha;
      for (const limit of [0n, ceil, ceil + 1n]) {
        await expect(layer.staking.connect(alice).removeStakeLimit(hotkey, netuid, TAO, limit, true))
          .to.be.revertedWithCustomError(layer.staking, "StakingPriceLimitExceeded")
          .withArgs(netuid, spot(pool), limit);
      }
    });

    it("with allowPartial sells only down to the limit, fee sale included, and keeps the rest staked", async function () {
      const { layer, alice, hotkey, netuid } = await loadFixture(fixture);
      const pool = await poolOf(layer, netuid);
      const stake = await layer.staking.stakeOf(hotkey, alice.address, netuid);
      const limit = (spot(pool) * 95n) / 100n;
      const maxIn = maxSellInput(pool, limit);
      expect(maxIn).to.be.greaterThan(0n).and.lessThan(stake);
      const sell = referenceSell(pool, maxIn);
      const [taoOut, sold] = await layer.staking.connect(alice).removeStakeLimit.staticCall(hotkey, netuid, stake, limit, true);
      expect([taoOut, sold]).to.deep.equal([sell.tao, maxIn]);
      await layer.staking.connect(alice).removeStakeLimit(hotkey, netuid, stake, limit, true);
      const after = await poolOf(layer, netuid);
      expect(after).to.deep.equal(sell.after);
      expect(after.tao * PRICE_SCALE).to.be.at.least(limit * after.alpha); // exact price ≥ limit
      expect(await layer.staking.stakeOf(hotkey, alice.address, netuid)).to.be.closeTo(stake - maxIn, 1n);
    });

    it("without allowPartial reverts with StakingSlippageTooHigh", async function () {
      const { layer, alice, hotkey, netuid } = await loadFixture(fixture);
      const pool = await poolOf(layer, netuid);
      const stake = await layer.staking.stakeOf(hotkey, alice.address, netuid);
      const limit = (spot(pool) * 95n) / 100n;
      await expect(layer.staking.connect(alice).removeStakeLimit(hotkey, netuid, stake, limit, false))
        .to.be.revertedWithCustomError(layer.staking, "StakingSlippageTooHigh")
        .withArgs(netuid, stake, maxSellInput(pool, limit));
      await expect(layer.staking.connect(alice).removeStakeFullLimit(hotkey, netuid, limit))
        .to.be.revertedWithCustomError(layer.staking, "StakingSlippageTooHigh")
        .withArgs(netuid, stake, maxSellInput(pool, limit));
    });

    it("removeStakeFull and removeStakeFullLimit sell the whole position", async function () {
      const { layer, alice, bob, hotkey, netuid } = await loadFixture(fixture);
      const stake = await layer.staking.stakeOf(hotkey, alice.address, netuid);
      const sell = referenceSell(await poolOf(layer, netuid), stake);
      await expect(layer.staking.connect(alice).removeStakeFull(hotkey, netuid)).to.changeTokenBalance(
        layer.tao,
        alice,
        sell.tao,
      );
      expect(await layer.staking.stakeOf(hotkey, alice.address, netuid)).to.equal(0n);
      await expect(layer.staking.connect(alice).removeStakeFull(hotkey, netuid)).to.be.revertedWithCustomError(
        layer.staking,
        "StakingZeroAmount",
      );
      const bobStake = await layer.staking.stakeOf(hotkey, bob.address, netuid);
      await layer.staking.connect(bob).removeStakeFullLimit(hotkey, netuid, 1n);
      expect(await layer.staking.stakeOf(hotkey, bob.address, netuid)).to.equal(0n);
      expect(bobStake).to.be.greaterThan(0n);
    });

    it("an unstake that leaves a remainder must pay MIN_STAKE; selling everything need not", async function () {
      const { layer, alice, tester, hotkey, hotkeyB, bob, netuid } = await loadFixture(fixture);
      const pool = await poolOf(layer, netuid);
      const small = halfMinStake(pool);
      const sell = referenceSell(pool, small);
      await expect(layer.staking.connect(alice).removeStake(hotkey, netuid, small))
        .to.be.revertedWithCustomError(layer.staking, "StakingAmountTooLow")
        .withArgs(sell.tao, MIN_STAKE);
      // A dust position (a protocol credit has no minimum) can still leave whole.
      await creditStake(layer.staking, tester, hotkeyB, bob.address, netuid, 1_000n);
      await expect(layer.staking.connect(bob).removeStakeFull(hotkeyB, netuid)).to.emit(layer.staking, "StakeRemoved");
    });
  });

  describe("moveStake / swapStake", function () {
    it("within a subnet moves shares at value and conserves α exactly", async function () {
      const { layer, alice, hotkey, hotkeyB, netuid } = await loadFixture(fixture);
      const stake = await layer.staking.stakeOf(hotkey, alice.address, netuid);
      const total = (await layer.staking.totalHotkeyAlpha(hotkey, netuid)) + (await layer.staking.totalHotkeyAlpha(hotkeyB, netuid));
      const pool = await poolOf(layer, netuid);
      const amount = stake / 3n;
      await expect(layer.staking.connect(alice).moveStake(hotkey, hotkeyB, netuid, netuid, amount))
        .to.emit(layer.staking, "StakeMoved")
        .withArgs(alice.address, hotkey, netuid, alice.address, hotkeyB, netuid, amount, 0n, amount);
      expect(await layer.staking.stakeOf(hotkeyB, alice.address, netuid)).to.equal(amount);
      expect(await layer.staking.stakeOf(hotkey, alice.address, netuid)).to.be.closeTo(stake - amount, 1n);
      expect(
        (await layer.staking.totalHotkeyAlpha(hotkey, netuid)) + (await layer.staking.totalHotkeyAlpha(hotkeyB, netuid)),
      ).to.equal(total);
      expect(await poolOf(layer, netuid)).to.deep.equal(pool);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey, hotkeyB] }]);
    });

    it("across subnets sells on the origin (one fee) and buys fee-free on the destination", async function () {
      const { layer, alice, feeRecipient, hotkey, netuid, other } = await loadFixture(fixture);
      const amount = 10n * TAO;
      const sell = referenceSell(await poolOf(layer, netuid), amount);
      const dest = await poolOf(layer, other);
      const received = amountOut(dest.tao, dest.alpha, sell.tao);
      const tx = layer.staking.connect(alice).swapStake(hotkey, netuid, other, amount);
      await expect(tx)
        .to.emit(layer.staking, "StakeMoved")
        .withArgs(alice.address, hotkey, netuid, alice.address, hotkey, other, amount, sell.tao, received);
      await expect(tx).to.changeTokenBalance(layer.tao, feeRecipient, sell.feeTao);
      expect(await layer.staking.stakeOf(hotkey, alice.address, other)).to.equal(received);
      expect(await poolOf(layer, netuid)).to.deep.equal(sell.after);
      expect(await poolOf(layer, other)).to.deep.equal({ tao: dest.tao + sell.tao, alpha: dest.alpha - received });
      await expectConservation(layer, [
        { netuid, hotkeys: [hotkey] },
        { netuid: other, hotkeys: [hotkey] },
      ]);
    });

    it("reverts on a move that changes nothing, a zero amount, too much, an unknown hotkey or an unstarted subnet", async function () {
      const { layer, alice, owner, hotkey, netuid } = await loadFixture(fixture);
      const s = layer.staking.connect(alice);
      await expect(s.moveStake(hotkey, hotkey, netuid, netuid, TAO)).to.be.revertedWithCustomError(s, "StakingSameStake");
      await expect(s.swapStake(hotkey, netuid, netuid, TAO)).to.be.revertedWithCustomError(s, "StakingSameStake");
      await expect(s.moveStake(hotkey, owner.address, netuid, netuid, 0)).to.be.revertedWithCustomError(s, "StakingZeroAmount");
      const stranger = ethers.Wallet.createRandom().address;
      await expect(s.moveStake(hotkey, stranger, netuid, netuid, TAO))
        .to.be.revertedWithCustomError(s, "StakingUnknownHotkey")
        .withArgs(stranger);
      const stake = await layer.staking.stakeOf(hotkey, alice.address, netuid);
      await expect(s.moveStake(hotkey, layer.signers[10].address, netuid, netuid, stake + 1n))
        .to.be.revertedWithCustomError(s, "StakingInsufficientStake")
        .withArgs(hotkey, alice.address, netuid, stake, stake + 1n);
      const { netuid: idle } = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[14].address, start: false });
      await expect(s.swapStake(hotkey, netuid, idle, TAO)).to.be.revertedWithCustomError(s, "StakingSubnetNotStarted").withArgs(idle);
      await expect(s.swapStake(hotkey, netuid, 77, TAO)).to.be.revertedWithCustomError(s, "StakingNoPool").withArgs(77);
    });

    it("reverts with StakingAmountTooLow below MIN_STAKE (spot value within a subnet, sale across)", async function () {
      const { layer, alice, hotkey, hotkeyB, netuid, other } = await loadFixture(fixture);
      const pool = await poolOf(layer, netuid);
      const small = halfMinStake(pool);
      await expect(layer.staking.connect(alice).moveStake(hotkey, hotkeyB, netuid, netuid, small))
        .to.be.revertedWithCustomError(layer.staking, "StakingAmountTooLow")
        .withArgs((small * pool.tao) / pool.alpha, MIN_STAKE);
      await expect(layer.staking.connect(alice).swapStake(hotkey, netuid, other, small))
        .to.be.revertedWithCustomError(layer.staking, "StakingAmountTooLow")
        .withArgs(referenceSell(pool, small).tao, MIN_STAKE + 1n);
    });
  });

  describe("transferStake, allowances and transferStakeFrom", function () {
    it("transferStake gives stake to another coldkey, on the same or another subnet", async function () {
      const { layer, alice, carol, hotkey, netuid, other } = await loadFixture(fixture);
      await expect(layer.staking.connect(alice).transferStake(carol.address, hotkey, netuid, netuid, TAO))
        .to.emit(layer.staking, "StakeMoved")
        .withArgs(alice.address, hotkey, netuid, carol.address, hotkey, netuid, TAO, 0n, TAO);
      expect(await layer.staking.stakeOf(hotkey, carol.address, netuid)).to.equal(TAO);
      await layer.staking.connect(alice).transferStake(carol.address, hotkey, netuid, other, TAO);
      expect(await layer.staking.stakeOf(hotkey, carol.address, other)).to.be.greaterThan(0n);
      await expect(
        layer.staking.connect(alice).transferStake(ethers.ZeroAddress, hotkey, netuid, netuid, TAO),
      ).to.be.revertedWithCustomError(layer.staking, "StakingZeroAddress");
    });

    it("the subnet owner's TransferToggle gates transfers on either side, and only the owner may flip it", async function () {
      const { layer, owner, alice, carol, hotkey, netuid, other } = await loadFixture(fixture);
      await expect(layer.staking.connect(alice).setTransfersEnabled(other, false))
        .to.be.revertedWithCustomError(layer.staking, "StakingNotSubnetOwner")
        .withArgs(other, alice.address);
      await expect(layer.staking.connect(owner).setTransfersEnabled(other, false))
        .to.emit(layer.staking, "TransfersEnabledSet")
        .withArgs(other, false);
      expect(await layer.staking.transfersEnabled(other)).to.equal(false);
      await expect(layer.staking.connect(alice).transferStake(carol.address, hotkey, netuid, other, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingTransfersDisabled")
        .withArgs(other);
      await layer.staking.connect(owner).setTransfersEnabled(netuid, false);
      await expect(layer.staking.connect(alice).transferStake(carol.address, hotkey, netuid, netuid, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingTransfersDisabled")
        .withArgs(netuid);
      // Moves that keep the owner are not transfers.
      await expect(layer.staking.connect(alice).swapStake(hotkey, netuid, other, TAO)).to.emit(layer.staking, "StakeMoved");
    });

    it("approve, increaseAllowance and decreaseAllowance set the per-subnet allowance with events", async function () {
      const { layer, alice, carol, netuid } = await loadFixture(fixture);
      const s = layer.staking.connect(alice);
      await expect(s.approve(carol.address, netuid, 5n)).to.emit(s, "StakeApproval").withArgs(alice.address, carol.address, netuid, 5n);
      await expect(s.increaseAllowance(carol.address, netuid, 3n)).to.emit(s, "StakeApproval").withArgs(alice.address, carol.address, netuid, 8n);
      await expect(s.decreaseAllowance(carol.address, netuid, 6n)).to.emit(s, "StakeApproval").withArgs(alice.address, carol.address, netuid, 2n);
      expect(await layer.staking.allowance(alice.address, carol.address, netuid)).to.equal(2n);
      expect(await layer.staking.allowance(alice.address, carol.address, netuid + 1)).to.equal(0n);
      await expect(s.decreaseAllowance(carol.address, netuid, 3n))
        .to.be.revertedWithCustomError(s, "StakingInsufficientAllowance")
        .withArgs(alice.address, carol.address, netuid, 2n, 3n);
      await expect(s.approve(ethers.ZeroAddress, netuid, 1n)).to.be.revertedWithCustomError(s, "StakingZeroAddress");
    });

    it("transferStakeFrom moves the source's stake and spends the allowance (unlimited is never spent)", async function () {
      const { layer, alice, bob, carol, hotkey, netuid } = await loadFixture(fixture);
      await layer.staking.connect(alice).approve(carol.address, netuid, 3n * TAO);
      await expect(layer.staking.connect(carol).transferStakeFrom(alice.address, bob.address, hotkey, netuid, netuid, 2n * TAO))
        .to.emit(layer.staking, "StakeMoved")
        .withArgs(alice.address, hotkey, netuid, bob.address, hotkey, netuid, 2n * TAO, 0n, 2n * TAO);
      expect(await layer.staking.allowance(alice.address, carol.address, netuid)).to.equal(TAO);
      await expect(layer.staking.connect(carol).transferStakeFrom(alice.address, carol.address, hotkey, netuid, netuid, 2n * TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingInsufficientAllowance")
        .withArgs(alice.address, carol.address, netuid, TAO, 2n * TAO);
      await layer.staking.connect(alice).approve(carol.address, netuid, ethers.MaxUint256);
      await layer.staking.connect(carol).transferStakeFrom(alice.address, carol.address, hotkey, netuid, netuid, 2n * TAO);
      expect(await layer.staking.allowance(alice.address, carol.address, netuid)).to.equal(ethers.MaxUint256);
      expect(await layer.staking.stakeOf(hotkey, carol.address, netuid)).to.equal(2n * TAO);
    });
  });

  describe("liquid α", function () {
    it("withdrawAlpha hands out α tokens without a swap; depositAlpha stakes them back", async function () {
      const { layer, alice, hotkey, hotkeyB, netuid } = await loadFixture(fixture);
      const alpha = await alphaToken(layer, netuid);
      const pool = await poolOf(layer, netuid);
      const stake = await layer.staking.stakeOf(hotkey, alice.address, netuid);
      await expect(layer.staking.connect(alice).withdrawAlpha(hotkey, netuid, 5n * TAO))
        .to.emit(layer.staking, "AlphaWithdrawn")
        .withArgs(alice.address, hotkey, netuid, 5n * TAO);
      expect(await alpha.balanceOf(alice.address)).to.equal(5n * TAO);
      expect(await layer.staking.stakeOf(hotkey, alice.address, netuid)).to.be.closeTo(stake - 5n * TAO, 1n);
      expect(await poolOf(layer, netuid)).to.deep.equal(pool);
      const holders = [alice.address];
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey, hotkeyB], holders }]);

      await alpha.connect(alice).approve(await layer.staking.getAddress(), 2n * TAO);
      await expect(layer.staking.connect(alice).depositAlpha(hotkeyB, netuid, 2n * TAO))
        .to.emit(layer.staking, "AlphaDeposited")
        .withArgs(alice.address, hotkeyB, netuid, 2n * TAO);
      expect(await layer.staking.stakeOf(hotkeyB, alice.address, netuid)).to.equal(2n * TAO);
      expect(await alpha.balanceOf(alice.address)).to.equal(3n * TAO);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey, hotkeyB], holders }]);
    });

    it("withdrawAlpha obeys TransferToggle and MIN_STAKE; depositAlpha needs tokens, a started subnet and MIN_STAKE", async function () {
      const { layer, owner, alice, bob, hotkey, netuid } = await loadFixture(fixture);
      const pool = await poolOf(layer, netuid);
      const small = halfMinStake(pool);
      await expect(layer.staking.connect(alice).withdrawAlpha(hotkey, netuid, small))
        .to.be.revertedWithCustomError(layer.staking, "StakingAmountTooLow")
        .withArgs((small * pool.tao) / pool.alpha, MIN_STAKE);
      await expect(layer.staking.connect(alice).withdrawAlpha(hotkey, netuid, 0)).to.be.revertedWithCustomError(
        layer.staking,
        "StakingZeroAmount",
      );
      await expect(layer.staking.connect(bob).depositAlpha(hotkey, netuid, TAO)).to.be.revertedWithCustomError(
        await alphaToken(layer, netuid),
        "ERC20InsufficientAllowance",
      );
      await expect(layer.staking.connect(bob).depositAlpha(hotkey, netuid, small))
        .to.be.revertedWithCustomError(layer.staking, "StakingAmountTooLow")
        .withArgs((small * pool.tao) / pool.alpha, MIN_STAKE);
      const { netuid: idle } = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[14].address, start: false });
      await expect(layer.staking.connect(bob).depositAlpha(hotkey, idle, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingSubnetNotStarted")
        .withArgs(idle);
      await layer.staking.connect(owner).setTransfersEnabled(netuid, false);
      await expect(layer.staking.connect(alice).withdrawAlpha(hotkey, netuid, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingTransfersDisabled")
        .withArgs(netuid);
    });
  });

  describe("recycleAlpha and burnAlpha (§4.6)", function () {
    it("recycle destroys α (the issuance drops); burn keeps it held as burnedAlpha (the issuance stays)", async function () {
      const { layer, alice, hotkey, hotkeyB, netuid } = await loadFixture(fixture);
      const alpha = await alphaToken(layer, netuid);
      const stake = await layer.staking.stakeOf(hotkey, alice.address, netuid);
      // The α issuance is the token supply plus the pending buckets (which grow by the block's α emission
      // meanwhile): recycling lowers the supply, burning does not.
      const supply = await alpha.totalSupply();
      await expect(layer.staking.connect(alice).recycleAlpha(hotkey, netuid, TAO))
        .to.emit(layer.staking, "AlphaRecycled")
        .withArgs(alice.address, hotkey, netuid, TAO);
      expect(await alpha.totalSupply()).to.equal(supply - TAO);
      await expect(layer.staking.connect(alice).burnAlpha(hotkey, netuid, 2n * TAO))
        .to.emit(layer.staking, "AlphaBurned")
        .withArgs(alice.address, hotkey, netuid, 2n * TAO);
      expect(await alpha.totalSupply()).to.equal(supply - TAO);
      expect(await layer.staking.burnedAlpha(netuid)).to.equal(2n * TAO);
      expect(await layer.staking.stakeOf(hotkey, alice.address, netuid)).to.be.closeTo(stake - 3n * TAO, 2n);
      const staking = await layer.staking.getAddress();
      const pool = await poolOf(layer, netuid);
      const staked = (await layer.staking.totalHotkeyAlpha(hotkey, netuid)) + (await layer.staking.totalHotkeyAlpha(hotkeyB, netuid));
      expect(await alpha.balanceOf(staking)).to.equal(pool.alpha + staked + 2n * TAO);
    });

    it("caps the amount at the position; reverts on an empty position, root, no pool, an unstarted subnet", async function () {
      const { layer, owner, alice, carol, hotkey, netuid } = await loadFixture(fixture);
      const stake = await layer.staking.stakeOf(hotkey, alice.address, netuid);
      const [burned] = [await layer.staking.connect(alice).burnAlpha.staticCall(hotkey, netuid, stake * 2n)];
      expect(burned).to.equal(stake);
      await expect(layer.staking.connect(carol).recycleAlpha(hotkey, netuid, TAO)).to.be.revertedWithCustomError(
        layer.staking,
        "StakingZeroAmount",
      );
      await expect(layer.staking.connect(alice).recycleAlpha(hotkey, 0, TAO)).to.be.revertedWithCustomError(
        layer.staking,
        "StakingRootHasNoAlpha",
      );
      await expect(layer.staking.connect(alice).burnAlpha(hotkey, 77, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingNoPool")
        .withArgs(77);
      const { netuid: idle } = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[14].address, start: false });
      await expect(layer.staking.connect(alice).burnAlpha(hotkey, idle, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingSubnetNotStarted")
        .withArgs(idle);
    });
  });

  describe("governance fee settings", function () {
    it("setFeeRecipient redirects fees; only governance, never to zero", async function () {
      const { layer, alice, carol, hotkey, netuid } = await loadFixture(fixture);
      await expect(layer.staking.connect(alice).setFeeRecipient(carol.address))
        .to.be.revertedWithCustomError(layer.staking, "AccessManagedUnauthorized")
        .withArgs(alice.address);
      await expect(layer.staking.setFeeRecipient(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        layer.staking,
        "StakingZeroAddress",
      );
      await expect(layer.staking.setFeeRecipient(carol.address)).to.emit(layer.staking, "FeeRecipientSet").withArgs(carol.address);
      expect(await layer.staking.feeRecipient()).to.equal(carol.address);
      await expect(addStake(layer, alice, hotkey, netuid, TAO)).to.changeTokenBalance(layer.tao, carol, swapFee(TAO));
    });

    it("setFeeRate sets one subnet's rate up to 10_000 / 65_535; only governance", async function () {
      const { layer, alice, hotkey, netuid, other } = await loadFixture(fixture);
      await expect(layer.staking.connect(alice).setFeeRate(netuid, 100))
        .to.be.revertedWithCustomError(layer.staking, "AccessManagedUnauthorized")
        .withArgs(alice.address);
      await expect(layer.staking.setFeeRate(netuid, 10_001))
        .to.be.revertedWithCustomError(layer.staking, "StakingInvalidFeeRate")
        .withArgs(10_001);
      await expect(layer.staking.setFeeRate(77, 100)).to.be.revertedWithCustomError(layer.staking, "StakingNoPool").withArgs(77);
      await expect(layer.staking.setFeeRate(netuid, 10_000)).to.emit(layer.staking, "FeeRateSet").withArgs(netuid, 10_000);
      expect(await layer.staking.feeRate(netuid)).to.equal(10_000);
      expect(await layer.staking.feeRate(other)).to.equal(33);
      const logs = await receiptLogs(await addStake(layer, alice, hotkey, netuid, TAO));
      expect(eventArgs(logs, layer.staking, "StakeAdded")[5]).to.equal((TAO * 10_000n) / FEE_DENOMINATOR);
    });
  });
});
