import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { AlphaToken } from "../../typechain-types";
import { AlphaToken__factory } from "../../typechain-types";

import {
  FEE_RATE,
  type Layer,
  MINIMUM_RESERVE,
  MIN_STAKE,
  MIN_STAKE_GROSS,
  ROLES,
  SharePoolModel,
  TAO,
  TOTAL_SUPPLY,
  addStake,
  creditStake,
  deployLayer,
  eventArgs,
  grantRole,
  poolOf,
  poolRewards,
  receiptLogs,
  referenceBuy,
  referenceSell,
  registerNeuron,
  registerSubnet,
  rewardHotkey,
  swapFee,
} from "./helpers/subnet-layer";

/** A netuid the registry never created: pools made directly by the test's privileged `tester`. */
const TEST_NETUID = 999;

interface Fixture {
  layer: Layer;
  /** Receives swap fees (the deployer). */
  feeRecipient: HardhatEthersSigner;
  owner: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  /** Holds the COINBASE, REGISTRY and SETTLEMENT roles, to call the privileged functions directly. */
  tester: HardhatEthersSigner;
  /** A TAO-less account. */
  pauper: HardhatEthersSigner;
  netuid: number;
  ownerHotkey: string;
  /** Registered on `netuid`, owned by alice; nobody has staked on it yet. */
  hotkey: string;
  /** Owned by bob (registered on `netuid`); nobody has staked on it yet. */
  hotkeyB: string;
}

/** TAO held by Staking = accountedTao = Σ reserves + Σ retained; α supply = reserve + Σ hotkey pools. */
async function expectConservation(layer: Layer, pools: Array<{ netuid: number; hotkeys: string[] }>): Promise<void> {
  let reserves = 0n;
  for (const { netuid, hotkeys } of pools) {
    const pool = await poolOf(layer, netuid);
    reserves += pool.tao + (await layer.staking.retainedTao(netuid));
    const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
    let staked = 0n;
    for (const hotkey of hotkeys) staked += await layer.staking.totalHotkeyAlpha(hotkey, netuid);
    const protocol = await layer.staking.protocolAlpha(netuid); // chain buys' α, held here (spec §2.4)
    expect(await alpha.totalSupply(), `α supply of ${netuid}`).to.equal(pool.alpha + staked + protocol);
    expect(await alpha.balanceOf(await layer.staking.getAddress())).to.equal(pool.alpha + staked + protocol);
  }
  const accounted = await layer.staking.accountedTao();
  expect(accounted).to.equal(reserves);
  expect(await layer.tao.balanceOf(await layer.staking.getAddress())).to.equal(accounted);
}

describe("Staking", function () {
  /** Signers 0-9 share the genesis `supply` (default 1M TAO). */
  async function deploy(supply?: bigint): Promise<Fixture> {
    const layer = await deployLayer({ funded: 10, supply });
    const [feeRecipient, owner, alice, bob, carol, tester] = layer.signers;
    const pauper = layer.signers[15];
    const ownerHotkey = layer.signers[10].address;
    const hotkey = layer.signers[11].address;
    const hotkeyB = layer.signers[12].address;
    const { netuid } = await registerSubnet(layer, { owner, ownerHotkey });
    await registerNeuron(layer, netuid, alice, hotkey);
    await registerNeuron(layer, netuid, bob, hotkeyB);
    for (const role of [ROLES.COINBASE, ROLES.REGISTRY, ROLES.SETTLEMENT]) await grantRole(layer, role, tester.address);
    return { layer, feeRecipient, owner, alice, bob, carol, tester, pauper, netuid, ownerHotkey, hotkey, hotkeyB };
  }

  /** No TAO emission (issuance at the cap): pools move only by the actions under test. */
  async function cappedFixture(): Promise<Fixture> {
    return deploy(TOTAL_SUPPLY);
  }

  /** 1 TAO per block is injected into the started subnet's pool on every accrual. */
  async function liveFixture(): Promise<Fixture> {
    return deploy();
  }

  /** Creates pool TEST_NETUID with the given reserves, funded and called by `tester`. */
  async function createTestPool(f: Fixture, taoReserve: bigint, alphaReserve: bigint): Promise<AlphaToken> {
    const alpha = await ethers.deployContract("AlphaToken", [TEST_NETUID, await f.layer.staking.getAddress()]);
    await f.layer.tao.connect(f.tester).transfer(await f.layer.staking.getAddress(), taoReserve);
    await f.layer.staking.connect(f.tester).createPool(TEST_NETUID, await alpha.getAddress(), taoReserve, alphaReserve);
    return alpha;
  }

  describe("deployment", function () {
    it("wires TAO, the registry, the fee recipient and the manager; fee rate 33", async function () {
      const { layer, feeRecipient, netuid } = await loadFixture(cappedFixture);
      expect(await layer.staking.tao()).to.equal(await layer.tao.getAddress());
      expect(await layer.staking.registry()).to.equal(await layer.registry.getAddress());
      expect(await layer.staking.feeRecipient()).to.equal(feeRecipient.address);
      expect(await layer.staking.authority()).to.equal(await layer.accessManager.getAddress());
      expect(await layer.staking.feeRate(netuid)).to.equal(FEE_RATE);
      expect(await layer.staking.transfersEnabled(netuid)).to.equal(true);
    });

    it("refuses a zero fee recipient with StakingZeroAddress", async function () {
      const { layer } = await loadFixture(cappedFixture);
      const args = [layer.addresses.ProtocolAccessManager, layer.addresses.Tao, layer.addresses.SubnetRegistry, ethers.ZeroAddress] as const;
      await expect(ethers.deployContract("Staking", [...args])).to.be.revertedWithCustomError(layer.staking, "StakingZeroAddress");
    });

    it("views of a netuid without a pool are zero", async function () {
      const { layer, hotkey, alice } = await loadFixture(cappedFixture);
      expect(await poolOf(layer, 42)).to.deep.equal({ tao: 0n, alpha: 0n });
      expect(await layer.staking.spotPrice(42)).to.equal(0n);
      expect(await layer.staking.alphaToken(42)).to.equal(ethers.ZeroAddress);
      expect(await layer.staking.retainedTao(42)).to.equal(0n);
      expect(await layer.staking.stakeOf(hotkey, alice.address, 42)).to.equal(0n);
      expect(await layer.staking.totalHotkeyAlpha(hotkey, 42)).to.equal(0n);
    });
  });

  describe("spotPrice", function () {
    it("is floor(TAO reserve · 1e9 / α reserve)", async function () {
      const { layer, netuid } = await loadFixture(cappedFixture);
      const pool = await poolOf(layer, netuid);
      expect(pool.tao).to.be.greaterThan(pool.alpha); // two registrations bought α
      expect(await layer.staking.spotPrice(netuid)).to.equal((pool.tao * TAO) / pool.alpha);
    });
  });

  describe("simSwapTaoForAlpha / simSwapAlphaForTao", function () {
    it("quote exactly what addStake and removeStake pay, fee included", async function () {
      const { layer, bob, hotkey, netuid } = await loadFixture(cappedFixture);
      for (const amount of [12_345_678n, TAO, 10n * TAO + 7n]) {
        const quote = await layer.staking.simSwapTaoForAlpha(netuid, amount);
        expect(quote).to.equal(referenceBuy(await poolOf(layer, netuid), amount).alpha);
        await layer.tao.connect(bob).approve(await layer.staking.getAddress(), amount);
        expect(await layer.staking.connect(bob).addStake.staticCall(hotkey, netuid, amount)).to.equal(quote);
        await addStake(layer, bob, hotkey, netuid, amount);
      }
      const staked = await layer.staking.stakeOf(hotkey, bob.address, netuid);
      for (const part of [staked / 3n, staked / 2n]) {
        const quote = await layer.staking.simSwapAlphaForTao(netuid, part);
        expect(quote).to.equal(referenceSell(await poolOf(layer, netuid), part).tao);
        expect(await layer.staking.connect(bob).removeStake.staticCall(hotkey, netuid, part)).to.equal(quote);
      }
    });

    it("quote 0 where the swap would revert: no pool, zero input, output rounding to zero", async function () {
      const { layer, netuid } = await loadFixture(cappedFixture);
      expect(await layer.staking.simSwapTaoForAlpha(42, TAO)).to.equal(0n);
      expect(await layer.staking.simSwapAlphaForTao(42, TAO)).to.equal(0n);
      expect(await layer.staking.simSwapTaoForAlpha(netuid, 0)).to.equal(0n);
      expect(await layer.staking.simSwapAlphaForTao(netuid, 0)).to.equal(0n);
      expect(await layer.staking.simSwapTaoForAlpha(netuid, 1)).to.equal(0n); // price > 1: 1 rao buys nothing
    });
  });

  describe("addStake", function () {
    it("buys α with the TAO after the fee (constant product, floored) and stakes it for (hotkey, caller)", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, bob, hotkey, netuid, feeRecipient } = f;
      const amount = 10n * TAO;
      const before = await poolOf(layer, netuid);
      const expected = referenceBuy(before, amount);
      expect(expected.fee).to.equal((amount * 33n) / 65535n);

      await layer.tao.connect(bob).approve(await layer.staking.getAddress(), amount);
      expect(await layer.staking.connect(bob).addStake.staticCall(hotkey, netuid, amount)).to.equal(expected.alpha);
      const tx = layer.staking.connect(bob).addStake(hotkey, netuid, amount);
      await expect(tx)
        .to.emit(layer.staking, "StakeAdded")
        .withArgs(bob.address, hotkey, netuid, amount, expected.alpha, expected.fee);
      await expect(tx).to.changeTokenBalances(
        layer.tao,
        [bob, feeRecipient, await layer.staking.getAddress()],
        [-amount, expected.fee, amount - expected.fee],
      );

      expect(await poolOf(layer, netuid)).to.deep.equal(expected.after);
      expect(await layer.staking.stakeOf(hotkey, bob.address, netuid)).to.equal(expected.alpha);
      expect(await layer.staking.totalHotkeyAlpha(hotkey, netuid)).to.equal(expected.alpha);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey] }]);
    });

    it("mints floor(a·D/V) shares to later stakers: every position is worth at most what it bought", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, alice, bob, carol, tester, hotkey, netuid } = f;
      const model = new SharePoolModel();
      await addStake(layer, alice, hotkey, netuid, 20n * TAO);
      model.stake(alice.address, await layer.staking.stakeOf(hotkey, alice.address, netuid));
      // A reward makes V/D non-integral, so later stakes round.
      await rewardHotkey(layer.staking, tester, hotkey, netuid, 7n * TAO + 3n);
      model.reward(7n * TAO + 3n);
      for (const [who, amount] of [
        [bob, 3n * TAO + 1n],
        [carol, 12_345_678n],
      ] as const) {
        const pool = await poolOf(layer, netuid);
        const { alpha } = referenceBuy(pool, amount);
        await addStake(layer, who, hotkey, netuid, amount);
        model.stake(who.address, alpha);
        const stake = await layer.staking.stakeOf(hotkey, who.address, netuid);
        expect(stake).to.equal(model.stakeOf(who.address));
        expect(stake).to.be.at.most(alpha);
      }
      expect(await layer.staking.stakeOf(hotkey, alice.address, netuid)).to.equal(model.stakeOf(alice.address));
      expect(await layer.staking.totalHotkeyAlpha(hotkey, netuid)).to.equal(model.value);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey] }]);
    });

    it("needs only a hotkey with an owner, not one registered on the subnet", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, owner, bob, netuid } = f;
      // A hotkey bound to `owner` by registering a second subnet, but not registered on `netuid`.
      const elsewhere = f.layer.signers[13].address;
      await registerSubnet(layer, { owner, ownerHotkey: elsewhere, start: false });
      expect((await layer.registry.uidOf(netuid, elsewhere))[0]).to.equal(false);
      await expect(addStake(layer, bob, elsewhere, netuid, TAO)).to.emit(layer.staking, "StakeAdded");
    });

    it("accrues emission first: the swap sees this block's emission (a chain buy without root stake)", async function () {
      const { layer, bob, hotkey, netuid } = await loadFixture(liveFixture);
      const amount = 5n * TAO;
      await layer.tao.connect(bob).approve(await layer.staking.getAddress(), amount);
      const previous = await poolOf(layer, netuid);
      const logs = await receiptLogs(await layer.staking.connect(bob).addStake(hotkey, netuid, amount));

      const bought = eventArgs(logs, layer.staking, "ProtocolBought") as [bigint, bigint, bigint];
      expect(bought[1]).to.be.greaterThan(0n);
      const names = logs
        .filter((l) => l.address === layer.staking.target)
        .map((l) => layer.staking.interface.parseLog(l)?.name);
      expect(names.indexOf("ProtocolBought")).to.be.lessThan(names.indexOf("StakeAdded"));
      const expected = referenceBuy({ tao: previous.tao + bought[1], alpha: previous.alpha - bought[2] }, amount);
      expect(eventArgs(logs, layer.staking, "StakeAdded").slice(4)).to.deep.equal([expected.alpha, expected.fee]);
      expect(await poolOf(layer, netuid)).to.deep.equal(expected.after);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey] }]);
    });

    it("reverts with StakingZeroAmount for 0 TAO", async function () {
      const { layer, bob, hotkey, netuid } = await loadFixture(cappedFixture);
      await expect(layer.staking.connect(bob).addStake(hotkey, netuid, 0)).to.be.revertedWithCustomError(
        layer.staking,
        "StakingZeroAmount",
      );
    });

    it("reverts with StakingNoPool for a netuid without a pool", async function () {
      const { layer, bob, hotkey } = await loadFixture(cappedFixture);
      await expect(addStake(layer, bob, hotkey, 42, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingNoPool")
        .withArgs(42);
    });

    it("reverts with StakingSubnetNotStarted before the owner's startCall", async function () {
      const { layer, owner, bob, hotkey } = await loadFixture(cappedFixture);
      const { netuid: idle } = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[13].address, start: false });
      await expect(addStake(layer, bob, hotkey, idle, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingSubnetNotStarted")
        .withArgs(idle);
      await layer.registry.connect(owner).startCall(idle);
      await expect(addStake(layer, bob, hotkey, idle, TAO)).to.emit(layer.staking, "StakeAdded");
    });

    it("reverts with StakingUnknownHotkey for a hotkey nobody owns", async function () {
      const { layer, bob, netuid } = await loadFixture(cappedFixture);
      const stranger = ethers.Wallet.createRandom().address;
      await expect(addStake(layer, bob, stranger, netuid, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingUnknownHotkey")
        .withArgs(stranger);
    });

    it("reverts with StakingAmountTooLow below MIN_STAKE + fee(MIN_STAKE), and accepts exactly that", async function () {
      const { layer, bob, hotkey, netuid } = await loadFixture(cappedFixture);
      expect(await layer.staking.MIN_STAKE()).to.equal(MIN_STAKE);
      for (const amount of [1n, MIN_STAKE, MIN_STAKE_GROSS - 1n]) {
        await expect(addStake(layer, bob, hotkey, netuid, amount))
          .to.be.revertedWithCustomError(layer.staking, "StakingAmountTooLow")
          .withArgs(amount, MIN_STAKE_GROSS);
      }
      await expect(addStake(layer, bob, hotkey, netuid, MIN_STAKE_GROSS))
        .to.emit(layer.staking, "StakeAdded")
        .withArgs(bob.address, hotkey, netuid, MIN_STAKE_GROSS, anyValue, MIN_STAKE_GROSS - MIN_STAKE);
    });

    it("reverts with StakingInsufficientLiquidity when a swap's output rounds to zero", async function () {
      const { layer, tester, netuid } = await loadFixture(cappedFixture);
      const pool = await poolOf(layer, netuid);
      expect(referenceBuy(pool, 1n).alpha).to.equal(0n); // price > 1: 1 rao buys nothing
      await layer.tao.connect(tester).transfer(await layer.staking.getAddress(), 1n);
      await expect(layer.staking.connect(tester).buyAndRecycle(netuid, 1n))
        .to.be.revertedWithCustomError(layer.staking, "StakingInsufficientLiquidity")
        .withArgs(netuid);
    });

    it("reverts with StakingInsufficientLiquidity when the stake would mint zero shares", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, alice, bob, tester, hotkey, netuid } = f;
      // One α rao staked (1e9 shares), then 3M α of reward: V/D ≈ 3e6 α rao per share, more than the
      // least stake buys, so it mints 0 shares.
      await creditStake(layer.staking, tester, hotkey, alice.address, netuid, 1n);
      await rewardHotkey(layer.staking, tester, hotkey, netuid, 3_000_000n * TAO);
      const pool = await poolOf(layer, netuid);
      const bought = referenceBuy(pool, MIN_STAKE_GROSS).alpha;
      expect((bought * 10n ** 9n) / (3_000_000n * TAO + 1n)).to.equal(0n);
      await expect(addStake(layer, bob, hotkey, netuid, MIN_STAKE_GROSS))
        .to.be.revertedWithCustomError(layer.staking, "StakingInsufficientLiquidity")
        .withArgs(netuid);
    });

    it("reverts with ERC20InsufficientAllowance without approval and ERC20InsufficientBalance without TAO", async function () {
      const { layer, bob, pauper, hotkey, netuid } = await loadFixture(cappedFixture);
      await expect(layer.staking.connect(bob).addStake(hotkey, netuid, TAO))
        .to.be.revertedWithCustomError(layer.tao, "ERC20InsufficientAllowance")
        .withArgs(await layer.staking.getAddress(), 0n, TAO);
      await expect(addStake(layer, pauper, hotkey, netuid, TAO))
        .to.be.revertedWithCustomError(layer.tao, "ERC20InsufficientBalance")
        .withArgs(pauper.address, 0n, TAO);
    });
  });

  describe("removeStake", function () {
    it("burns ceil(a·D/V) shares, sells α after the fee, sells the α fee fee-free for the fee recipient", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, bob, hotkey, netuid, feeRecipient } = f;
      await addStake(layer, bob, hotkey, netuid, 50n * TAO);
      const staked = await layer.staking.stakeOf(hotkey, bob.address, netuid);
      const amount = staked / 3n;
      const before = await poolOf(layer, netuid);
      const expected = referenceSell(before, amount);
      expect(expected.feeTao).to.be.greaterThan(0n);

      expect(await layer.staking.connect(bob).removeStake.staticCall(hotkey, netuid, amount)).to.equal(expected.tao);
      const tx = layer.staking.connect(bob).removeStake(hotkey, netuid, amount);
      await expect(tx)
        .to.emit(layer.staking, "StakeRemoved")
        .withArgs(bob.address, hotkey, netuid, amount, expected.tao, expected.fee);
      await expect(tx).to.changeTokenBalances(
        layer.tao,
        [bob, feeRecipient, await layer.staking.getAddress()],
        [expected.tao, expected.feeTao, -(expected.tao + expected.feeTao)],
      );
      expect(await poolOf(layer, netuid)).to.deep.equal(expected.after);
      expect(await layer.staking.stakeOf(hotkey, bob.address, netuid)).to.equal(staked - amount);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey] }]);
    });

    it("unstaking a whole position empties it and the share pool", async function () {
      const { layer, bob, hotkey, netuid } = await loadFixture(cappedFixture);
      await addStake(layer, bob, hotkey, netuid, 4n * TAO);
      const staked = await layer.staking.stakeOf(hotkey, bob.address, netuid);
      await layer.staking.connect(bob).removeStake(hotkey, netuid, staked);
      expect(await layer.staking.stakeOf(hotkey, bob.address, netuid)).to.equal(0n);
      expect(await layer.staking.totalHotkeyAlpha(hotkey, netuid)).to.equal(0n);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey] }]);
    });

    it("rounding never lets one holder take another's value (burn rounds up)", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, alice, bob, tester, hotkey, netuid } = f;
      const model = new SharePoolModel();
      for (const [who, amount] of [
        [alice, 7n * TAO + 13n],
        [bob, 5n * TAO + 7n],
      ] as const) {
        const { alpha } = referenceBuy(await poolOf(layer, netuid), amount);
        await addStake(layer, who, hotkey, netuid, amount);
        model.stake(who.address, alpha);
      }
      await rewardHotkey(layer.staking, tester, hotkey, netuid, 1_000_000_007n);
      model.reward(1_000_000_007n);
      for (const part of [2_100_003n, 9_999_999n, 123_456_789n]) {
        await layer.staking.connect(bob).removeStake(hotkey, netuid, part);
        model.unstake(bob.address, part);
        expect(await layer.staking.stakeOf(hotkey, bob.address, netuid)).to.equal(model.stakeOf(bob.address));
        expect(await layer.staking.stakeOf(hotkey, alice.address, netuid)).to.equal(model.stakeOf(alice.address));
      }
      expect(await layer.staking.totalHotkeyAlpha(hotkey, netuid)).to.equal(model.value);
    });

    it("accrues emission first (live chain)", async function () {
      const { layer, bob, hotkey, netuid } = await loadFixture(liveFixture);
      await addStake(layer, bob, hotkey, netuid, 20n * TAO);
      const amount = (await layer.staking.stakeOf(hotkey, bob.address, netuid)) / 2n;
      const previous = await poolOf(layer, netuid);
      const logs = await receiptLogs(await layer.staking.connect(bob).removeStake(hotkey, netuid, amount));
      const bought = eventArgs(logs, layer.staking, "ProtocolBought") as [bigint, bigint, bigint];
      const expected = referenceSell({ tao: previous.tao + bought[1], alpha: previous.alpha - bought[2] }, amount);
      expect(eventArgs(logs, layer.staking, "StakeRemoved").slice(4)).to.deep.equal([expected.tao, expected.fee]);
      expect(await poolOf(layer, netuid)).to.deep.equal(expected.after);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey] }]);
    });

    it("leaves an α fee that sells for 0 TAO in the reserve", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, bob, tester, hotkey, feeRecipient } = f;
      await createTestPool(f, 2_000_000n, 10n ** 12n);
      await creditStake(layer.staking, tester, hotkey, bob.address, TEST_NETUID, 10n ** 6n);
      const expected = referenceSell({ tao: 2_000_000n, alpha: 10n ** 12n }, 10n ** 6n);
      expect(expected.fee).to.be.greaterThan(0n);
      expect(expected.tao).to.equal(1n);
      expect(expected.feeTao).to.equal(0n);
      const tx = layer.staking.connect(bob).removeStake(hotkey, TEST_NETUID, 10n ** 6n);
      await expect(tx).to.changeTokenBalances(layer.tao, [bob, feeRecipient], [1n, 0n]);
      expect(await poolOf(layer, TEST_NETUID)).to.deep.equal({ tao: 2_000_000n - 1n, alpha: 10n ** 12n + 10n ** 6n });
      await expectConservation(layer, [
        { netuid: f.netuid, hotkeys: [] },
        { netuid: TEST_NETUID, hotkeys: [hotkey] },
      ]);
    });

    it("reverts with StakingZeroAmount for 0 α", async function () {
      const { layer, bob, hotkey, netuid } = await loadFixture(cappedFixture);
      await expect(layer.staking.connect(bob).removeStake(hotkey, netuid, 0)).to.be.revertedWithCustomError(
        layer.staking,
        "StakingZeroAmount",
      );
    });

    it("reverts with StakingNoPool for a netuid without a pool", async function () {
      const { layer, bob, hotkey } = await loadFixture(cappedFixture);
      await expect(layer.staking.connect(bob).removeStake(hotkey, 42, 1))
        .to.be.revertedWithCustomError(layer.staking, "StakingNoPool")
        .withArgs(42);
    });

    it("reverts with StakingInsufficientStake above the position's value (none, or one rao too many)", async function () {
      const { layer, bob, carol, hotkey, netuid } = await loadFixture(cappedFixture);
      await expect(layer.staking.connect(carol).removeStake(hotkey, netuid, 1))
        .to.be.revertedWithCustomError(layer.staking, "StakingInsufficientStake")
        .withArgs(hotkey, carol.address, netuid, 0n, 1n);
      await addStake(layer, bob, hotkey, netuid, TAO);
      const staked = await layer.staking.stakeOf(hotkey, bob.address, netuid);
      await expect(layer.staking.connect(bob).removeStake(hotkey, netuid, staked + 1n))
        .to.be.revertedWithCustomError(layer.staking, "StakingInsufficientStake")
        .withArgs(hotkey, bob.address, netuid, staked, staked + 1n);
    });

    it("reverts with StakingInsufficientLiquidity below the minimum TAO reserve or for a zero output", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, bob, tester, hotkey } = f;
      await createTestPool(f, MINIMUM_RESERVE - 1n, 10n ** 12n);
      await creditStake(layer.staking, tester, hotkey, bob.address, TEST_NETUID, TAO);
      await expect(layer.staking.connect(bob).removeStake(hotkey, TEST_NETUID, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingInsufficientLiquidity")
        .withArgs(TEST_NETUID);
      // Top the reserve up to the minimum: now a small sale is refused because it pays out nothing.
      await layer.tao.connect(tester).transfer(await layer.staking.getAddress(), 1n);
      await layer.staking.connect(tester).inject(TEST_NETUID, 1n, 0n);
      expect(referenceSell({ tao: MINIMUM_RESERVE, alpha: 10n ** 12n }, 1000n).tao).to.equal(0n);
      await expect(layer.staking.connect(bob).removeStake(hotkey, TEST_NETUID, 1000n))
        .to.be.revertedWithCustomError(layer.staking, "StakingInsufficientLiquidity")
        .withArgs(TEST_NETUID);
    });
  });

  describe("createPool (restricted)", function () {
    it("records the reserves, mints the α reserve to itself and accounts the TAO sent first", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, tester } = f;
      const alpha = await ethers.deployContract("AlphaToken", [TEST_NETUID, await layer.staking.getAddress()]);
      await layer.tao.connect(tester).transfer(await layer.staking.getAddress(), 7n * TAO);
      const accounted = await layer.staking.accountedTao();
      const tx = layer.staking.connect(tester).createPool(TEST_NETUID, await alpha.getAddress(), 7n * TAO, 3n * TAO);
      await expect(tx)
        .to.emit(layer.staking, "PoolCreated")
        .withArgs(TEST_NETUID, await alpha.getAddress(), 7n * TAO, 3n * TAO);
      await expect(tx)
        .to.emit(alpha, "Transfer")
        .withArgs(ethers.ZeroAddress, await layer.staking.getAddress(), 3n * TAO);
      expect(await poolOf(layer, TEST_NETUID)).to.deep.equal({ tao: 7n * TAO, alpha: 3n * TAO });
      expect(await layer.staking.alphaToken(TEST_NETUID)).to.equal(await alpha.getAddress());
      expect(await layer.staking.accountedTao()).to.equal(accounted + 7n * TAO);
      expect(await layer.staking.spotPrice(TEST_NETUID)).to.equal((7n * TAO * TAO) / (3n * TAO));
    });

    it("reverts with StakingPoolExists for a netuid that has a pool", async function () {
      const f = await loadFixture(cappedFixture);
      await createTestPool(f, TAO, TAO);
      await f.layer.tao.connect(f.tester).transfer(await f.layer.staking.getAddress(), TAO);
      await expect(f.layer.staking.connect(f.tester).createPool(TEST_NETUID, await f.layer.staking.alphaToken(f.netuid), TAO, TAO))
        .to.be.revertedWithCustomError(f.layer.staking, "StakingPoolExists")
        .withArgs(TEST_NETUID);
    });

    it("reverts with StakingZeroAmount for an empty reserve", async function () {
      const { layer, tester } = await loadFixture(cappedFixture);
      const alpha = await ethers.deployContract("AlphaToken", [TEST_NETUID, await layer.staking.getAddress()]);
      await layer.tao.connect(tester).transfer(await layer.staking.getAddress(), TAO);
      for (const [taoReserve, alphaReserve] of [
        [0n, TAO],
        [TAO, 0n],
      ]) {
        await expect(
          layer.staking.connect(tester).createPool(TEST_NETUID, await alpha.getAddress(), taoReserve, alphaReserve),
        ).to.be.revertedWithCustomError(layer.staking, "StakingZeroAmount");
      }
    });

    it("reverts with StakingUnfundedTao unless the TAO was sent first", async function () {
      const { layer, tester } = await loadFixture(cappedFixture);
      const alpha = await ethers.deployContract("AlphaToken", [TEST_NETUID, await layer.staking.getAddress()]);
      await expect(layer.staking.connect(tester).createPool(TEST_NETUID, await alpha.getAddress(), TAO, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingUnfundedTao")
        .withArgs(TAO, 0n);
      await layer.tao.connect(tester).transfer(await layer.staking.getAddress(), TAO - 1n);
      await expect(layer.staking.connect(tester).createPool(TEST_NETUID, await alpha.getAddress(), TAO, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingUnfundedTao")
        .withArgs(TAO, TAO - 1n);
    });

    it("reverts with AccessManagedUnauthorized for callers without the registry role", async function () {
      const { layer, bob } = await loadFixture(cappedFixture);
      for (const caller of [bob, layer.deployer]) {
        await expect(layer.staking.connect(caller).createPool(TEST_NETUID, ethers.ZeroAddress, TAO, TAO))
          .to.be.revertedWithCustomError(layer.staking, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });
  });

  describe("inject (restricted)", function () {
    it("adds both reserves and mints the α into the pool", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, tester, netuid } = f;
      const before = await poolOf(layer, netuid);
      await layer.tao.connect(tester).transfer(await layer.staking.getAddress(), 2n * TAO);
      const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
      const tx = layer.staking.connect(tester).inject(netuid, 2n * TAO, 3n * TAO);
      await expect(tx).to.emit(layer.staking, "Injected").withArgs(netuid, 2n * TAO, 3n * TAO);
      await expect(tx).to.changeTokenBalance(alpha, await layer.staking.getAddress(), 3n * TAO);
      expect(await poolOf(layer, netuid)).to.deep.equal({ tao: before.tao + 2n * TAO, alpha: before.alpha + 3n * TAO });
      await expectConservation(layer, [{ netuid, hotkeys: [] }]);
    });

    it("mints nothing for zero α", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, tester, netuid } = f;
      const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
      await expect(layer.staking.connect(tester).inject(netuid, 0n, 0n)).to.not.emit(alpha, "Transfer");
    });

    it("reverts with StakingNoPool, StakingUnfundedTao, and AccessManagedUnauthorized", async function () {
      const { layer, tester, bob, netuid } = await loadFixture(cappedFixture);
      await expect(layer.staking.connect(tester).inject(42, 0n, 0n))
        .to.be.revertedWithCustomError(layer.staking, "StakingNoPool")
        .withArgs(42);
      await expect(layer.staking.connect(tester).inject(netuid, 1n, 0n))
        .to.be.revertedWithCustomError(layer.staking, "StakingUnfundedTao")
        .withArgs(1n, 0n);
      await expect(layer.staking.connect(bob).inject(netuid, 0n, 0n))
        .to.be.revertedWithCustomError(layer.staking, "AccessManagedUnauthorized")
        .withArgs(bob.address);
    });
  });

  describe("protocolBuy (restricted)", function () {
    it("buys α fee-free with the funded TAO and keeps it as protocol α (spec §2.4 chain buy)", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, tester, netuid } = f;
      const amount = 7n * TAO + 4_321n;
      const before = await poolOf(layer, netuid);
      const protocolBefore = await layer.staking.protocolAlpha(netuid);
      const out = (before.alpha * amount) / (before.tao + amount); // no fee
      const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
      const supply = await alpha.totalSupply();
      await layer.tao.connect(tester).transfer(await layer.staking.getAddress(), amount);
      await expect(layer.staking.connect(tester).protocolBuy(netuid, amount))
        .to.emit(layer.staking, "ProtocolBought")
        .withArgs(netuid, amount, out);
      expect(await poolOf(layer, netuid)).to.deep.equal({ tao: before.tao + amount, alpha: before.alpha - out });
      expect(await layer.staking.protocolAlpha(netuid)).to.equal(protocolBefore + out);
      expect(await alpha.totalSupply()).to.equal(supply); // moved from the reserve, not minted
      await expectConservation(layer, [{ netuid, hotkeys: [f.ownerHotkey, f.hotkey, f.hotkeyB] }]);
    });

    it("an amount too small to buy a rao still enters the reserve", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, tester } = f;
      await createTestPool(f, 10n ** 15n, 2_000_000n); // 5e8 TAO rao per α rao: 1 rao buys nothing
      await layer.tao.connect(tester).transfer(await layer.staking.getAddress(), 1n);
      await expect(layer.staking.connect(tester).protocolBuy(TEST_NETUID, 1n)).to.emit(layer.staking, "ProtocolBought").withArgs(TEST_NETUID, 1n, 0n);
      expect(await poolOf(layer, TEST_NETUID)).to.deep.equal({ tao: 10n ** 15n + 1n, alpha: 2_000_000n });
    });

    it("reverts with StakingNoPool, StakingUnfundedTao, StakingInsufficientLiquidity and AccessManagedUnauthorized", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, tester, bob, netuid } = f;
      await expect(layer.staking.connect(tester).protocolBuy(42, 0n)).to.be.revertedWithCustomError(layer.staking, "StakingNoPool").withArgs(42);
      await expect(layer.staking.connect(tester).protocolBuy(netuid, 1n))
        .to.be.revertedWithCustomError(layer.staking, "StakingUnfundedTao")
        .withArgs(1n, 0n);
      await createTestPool(f, TAO, 999_999n); // α reserve below MinimumReserve
      await layer.tao.connect(tester).transfer(await layer.staking.getAddress(), TAO);
      await expect(layer.staking.connect(tester).protocolBuy(TEST_NETUID, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingInsufficientLiquidity")
        .withArgs(TEST_NETUID);
      await expect(layer.staking.connect(bob).protocolBuy(netuid, 0n))
        .to.be.revertedWithCustomError(layer.staking, "AccessManagedUnauthorized")
        .withArgs(bob.address);
    });
  });

  describe("buyAndRecycle (restricted)", function () {
    it("buys with the TAO after the fee, keeps the fee with the subnet, burns the α bought", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, tester, netuid } = f;
      const amount = 3n * TAO + 12_345n;
      const before = await poolOf(layer, netuid);
      const retained = await layer.staking.retainedTao(netuid);
      const expected = referenceBuy(before, amount);
      const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
      const supply = await alpha.totalSupply();
      await layer.tao.connect(tester).transfer(await layer.staking.getAddress(), amount);

      expect(await layer.staking.connect(tester).buyAndRecycle.staticCall(netuid, amount)).to.equal(expected.alpha);
      const tx = layer.staking.connect(tester).buyAndRecycle(netuid, amount);
      await expect(tx).to.emit(layer.staking, "BoughtAndRecycled").withArgs(netuid, amount, expected.alpha);
      await expect(tx)
        .to.emit(alpha, "Transfer")
        .withArgs(await layer.staking.getAddress(), ethers.ZeroAddress, expected.alpha);
      expect(await poolOf(layer, netuid)).to.deep.equal(expected.after);
      expect(await layer.staking.retainedTao(netuid)).to.equal(retained + expected.fee);
      expect(await alpha.totalSupply()).to.equal(supply - expected.alpha);
      await expectConservation(layer, [{ netuid, hotkeys: [] }]);
    });

    it("reverts with StakingZeroAmount, StakingNoPool, StakingUnfundedTao, AccessManagedUnauthorized", async function () {
      const { layer, tester, bob, netuid } = await loadFixture(cappedFixture);
      await expect(layer.staking.connect(tester).buyAndRecycle(netuid, 0)).to.be.revertedWithCustomError(
        layer.staking,
        "StakingZeroAmount",
      );
      await expect(layer.staking.connect(tester).buyAndRecycle(42, 1))
        .to.be.revertedWithCustomError(layer.staking, "StakingNoPool")
        .withArgs(42);
      await expect(layer.staking.connect(tester).buyAndRecycle(netuid, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingUnfundedTao")
        .withArgs(TAO, 0n);
      await expect(layer.staking.connect(bob).buyAndRecycle(netuid, TAO))
        .to.be.revertedWithCustomError(layer.staking, "AccessManagedUnauthorized")
        .withArgs(bob.address);
    });

    it("reverts with StakingInsufficientLiquidity below the minimum α reserve", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, tester } = f;
      await createTestPool(f, 100n * TAO, MINIMUM_RESERVE - 1n);
      await layer.tao.connect(tester).transfer(await layer.staking.getAddress(), TAO);
      await expect(layer.staking.connect(tester).buyAndRecycle(TEST_NETUID, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingInsufficientLiquidity")
        .withArgs(TEST_NETUID);
    });
  });

  describe("pay (restricted): stake payments", function () {
    it("mints α and stakes it as new shares for (hotkey, coldkey)", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, tester, carol, hotkey, netuid } = f;
      const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
      const tx = creditStake(layer.staking, tester, hotkey, carol.address, netuid, 4n * TAO);
      await expect(tx).to.emit(layer.staking, "StakeCredited").withArgs(hotkey, carol.address, netuid, 4n * TAO);
      await expect(tx).to.changeTokenBalance(alpha, await layer.staking.getAddress(), 4n * TAO);
      await expect(tx).to.not.emit(layer.staking, "HotkeysRewarded");
      expect(await layer.staking.stakeOf(hotkey, carol.address, netuid)).to.equal(4n * TAO);
      await creditStake(layer.staking, tester, hotkey, carol.address, netuid, TAO);
      expect(await layer.staking.stakeOf(hotkey, carol.address, netuid)).to.equal(5n * TAO);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey] }]);
    });

    it("adds a payment too small for one share to the pool value instead (HotkeyRewarded)", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, tester, alice, carol, hotkey, netuid } = f;
      await creditStake(layer.staking, tester, hotkey, alice.address, netuid, 1n);
      await rewardHotkey(layer.staking, tester, hotkey, netuid, 2n * TAO);
      await expect(creditStake(layer.staking, tester, hotkey, carol.address, netuid, 1n))
        .to.emit(layer.staking, "HotkeyRewarded")
        .withArgs(hotkey, netuid, 1n)
        .and.not.to.emit(layer.staking, "StakeCredited");
      expect(await layer.staking.stakeOf(hotkey, carol.address, netuid)).to.equal(0n);
      expect(await layer.staking.totalHotkeyAlpha(hotkey, netuid)).to.equal(2n * TAO + 2n);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey] }]);
    });

    it("skips zero α: no event, nothing minted", async function () {
      const { layer, tester, carol, hotkey, netuid } = await loadFixture(cappedFixture);
      const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
      const tx = creditStake(layer.staking, tester, hotkey, carol.address, netuid, 0n);
      await expect(tx).to.not.emit(layer.staking, "StakeCredited");
      await expect(tx).to.changeTokenBalance(alpha, await layer.staking.getAddress(), 0n);
    });

    it("mints credited α and holds it; claimed held α pays payments without a new mint", async function () {
      const { layer, tester, carol, hotkey, netuid } = await loadFixture(cappedFixture);
      const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
      const staking = await layer.staking.getAddress();
      await expect(layer.staking.connect(tester).pay(netuid, [], [], 2n * TAO, 0n)).to.changeTokenBalance(alpha, staking, 2n * TAO);
      expect(await layer.staking.heldStakeCredits(netuid)).to.equal(2n * TAO);
      // 3 α paid, 1 α of it from the held credits: 2 α minted.
      const tx = layer.staking.connect(tester).pay(netuid, [{ hotkey, coldkey: carol.address, alpha: 3n * TAO }], [], 0n, TAO);
      await expect(tx).to.changeTokenBalance(alpha, staking, 2n * TAO);
      expect(await layer.staking.heldStakeCredits(netuid)).to.equal(TAO);
      expect(await layer.staking.stakeOf(hotkey, carol.address, netuid)).to.equal(3n * TAO);
    });

    it("reverts with StakingNoPool and AccessManagedUnauthorized", async function () {
      const { layer, tester, bob, hotkey, netuid } = await loadFixture(cappedFixture);
      await expect(creditStake(layer.staking, tester, hotkey, bob.address, 42, 1n))
        .to.be.revertedWithCustomError(layer.staking, "StakingNoPool")
        .withArgs(42);
      await expect(creditStake(layer.staking, bob, hotkey, bob.address, netuid, 1n))
        .to.be.revertedWithCustomError(layer.staking, "AccessManagedUnauthorized")
        .withArgs(bob.address);
    });
  });

  describe("pay (restricted): pool rewards", function () {
    it("raises the pool value without new shares: every holder's stake grows pro rata", async function () {
      const f = await loadFixture(cappedFixture);
      const { layer, tester, alice, bob, hotkey, netuid } = f;
      await creditStake(layer.staking, tester, hotkey, alice.address, netuid, 3n * TAO);
      await creditStake(layer.staking, tester, hotkey, bob.address, netuid, TAO);
      const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
      const tx = rewardHotkey(layer.staking, tester, hotkey, netuid, 2n * TAO);
      await expect(tx).to.emit(layer.staking, "HotkeysRewarded").withArgs(netuid, poolRewards(hotkey, 2n * TAO));
      await expect(tx).to.not.emit(layer.staking, "HotkeyRewarded");
      await expect(tx).to.changeTokenBalance(alpha, await layer.staking.getAddress(), 2n * TAO);
      expect(await layer.staking.stakeOf(hotkey, alice.address, netuid)).to.equal(3n * TAO + (3n * TAO) / 2n);
      expect(await layer.staking.stakeOf(hotkey, bob.address, netuid)).to.equal(TAO + TAO / 2n);
      expect(await layer.staking.totalHotkeyAlpha(hotkey, netuid)).to.equal(6n * TAO);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey] }]);
    });

    it("with no shares, stakes the reward for the hotkey's owner coldkey (StakeCredited)", async function () {
      const { layer, tester, alice, hotkey, netuid } = await loadFixture(cappedFixture);
      const tx = rewardHotkey(layer.staking, tester, hotkey, netuid, 5n * TAO);
      await expect(tx).to.emit(layer.staking, "StakeCredited").withArgs(hotkey, alice.address, netuid, 5n * TAO);
      await expect(tx).to.emit(layer.staking, "HotkeysRewarded").withArgs(netuid, poolRewards(hotkey, 5n * TAO));
      await expect(tx).to.not.emit(layer.staking, "HotkeyRewarded");
      expect(await layer.staking.stakeOf(hotkey, alice.address, netuid)).to.equal(5n * TAO);
      expect(await layer.staking.totalHotkeyAlpha(hotkey, netuid)).to.equal(5n * TAO);
    });

    it("pays only the low 64 bits of a reward word (the other lanes are paid elsewhere); the event logs the words as given", async function () {
      const { layer, tester, alice, bob, hotkey, hotkeyB, netuid } = await loadFixture(cappedFixture);
      await creditStake(layer.staking, tester, hotkey, alice.address, netuid, TAO);
      const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
      // A report's payout word: alphaPool | alphaTake << 64 | rootPool << 128 | rootTake << 192; the UID above the hotkey.
      const lanes = (pool: bigint): bigint => pool | (5n << 64n) | (7n << 128n) | (9n << 192n);
      const words = [BigInt(hotkey) | (1n << 160n), lanes(2n * TAO), BigInt(hotkeyB) | (2n << 160n), lanes(3n * TAO)];
      const tx = layer.staking.connect(tester).pay(netuid, [], words, 0n, 0n);
      await expect(tx).to.emit(layer.staking, "HotkeysRewarded").withArgs(netuid, words);
      await expect(tx).to.changeTokenBalance(alpha, await layer.staking.getAddress(), 5n * TAO);
      expect(await layer.staking.totalHotkeyAlpha(hotkey, netuid)).to.equal(3n * TAO);
      // hotkeyB had no shares: staked for its owner bob.
      expect(await layer.staking.stakeOf(hotkeyB, bob.address, netuid)).to.equal(3n * TAO);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey, hotkeyB] }]);
    });

    it("pays stake payments and pool rewards of one call with a single mint and a single HotkeysRewarded", async function () {
      const { layer, tester, alice, carol, hotkey, hotkeyB, netuid } = await loadFixture(cappedFixture);
      await creditStake(layer.staking, tester, hotkey, alice.address, netuid, TAO);
      const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
      const rewards = [...poolRewards(hotkey, TAO), ...poolRewards(hotkeyB, 0n)];
      const tx = await layer.staking
        .connect(tester)
        .pay(netuid, [{ hotkey: hotkeyB, coldkey: carol.address, alpha: 2n * TAO }], rewards, 0n, 0n);
      const logs = await receiptLogs(tx);
      const mints = logs.filter(
        (l) => l.address === alpha.target && alpha.interface.parseLog(l)?.args.from === ethers.ZeroAddress,
      );
      expect(mints).to.have.length(1);
      const rewarded = logs.filter((l) => layer.staking.interface.parseLog(l)?.name === "HotkeysRewarded");
      expect(rewarded).to.have.length(1);
      // The zero reward to hotkeyB is skipped but still logged; carol's payment is hotkeyB's only stake.
      expect(layer.staking.interface.parseLog(rewarded[0])?.args.rewards).to.deep.equal(rewards);
      expect(await layer.staking.totalHotkeyAlpha(hotkey, netuid)).to.equal(2n * TAO);
      expect(await layer.staking.totalHotkeyAlpha(hotkeyB, netuid)).to.equal(2n * TAO);
      expect(await layer.staking.stakeOf(hotkeyB, carol.address, netuid)).to.equal(2n * TAO);
      await expectConservation(layer, [{ netuid, hotkeys: [hotkey, hotkeyB] }]);
    });

    it("skips zero rewards (the event is still logged); no rewards, no event", async function () {
      const { layer, tester, hotkey, netuid } = await loadFixture(cappedFixture);
      const alpha = AlphaToken__factory.connect(await layer.staking.alphaToken(netuid), ethers.provider);
      const tx = rewardHotkey(layer.staking, tester, hotkey, netuid, 0n);
      await expect(tx).to.emit(layer.staking, "HotkeysRewarded").withArgs(netuid, poolRewards(hotkey, 0n));
      await expect(tx).to.not.emit(layer.staking, "StakeCredited");
      await expect(tx).to.changeTokenBalance(alpha, await layer.staking.getAddress(), 0n);
      await expect(layer.staking.connect(tester).pay(netuid, [], [], 0n, 0n)).to.not.emit(layer.staking, "HotkeysRewarded");
    });

    it("reverts with StakingUnknownHotkey (no shares, no owner), StakingNoPool, AccessManagedUnauthorized", async function () {
      const { layer, tester, bob, hotkey, netuid } = await loadFixture(cappedFixture);
      const stranger = ethers.Wallet.createRandom().address;
      await expect(rewardHotkey(layer.staking, tester, stranger, netuid, 1n))
        .to.be.revertedWithCustomError(layer.staking, "StakingUnknownHotkey")
        .withArgs(stranger);
      await expect(rewardHotkey(layer.staking, tester, hotkey, 42, 1n))
        .to.be.revertedWithCustomError(layer.staking, "StakingNoPool")
        .withArgs(42);
      await expect(rewardHotkey(layer.staking, bob, hotkey, netuid, 1n))
        .to.be.revertedWithCustomError(layer.staking, "AccessManagedUnauthorized")
        .withArgs(bob.address);
    });
  });

  describe("properties (fast-check)", function () {
    it("stake then unstake everything never returns more TAO than was staked", async function () {
      await fc.assert(
        fc.asyncProperty(
          fc.bigInt({ min: MIN_STAKE_GROSS, max: 90_000n * TAO }), // under the input cap of 1000 × the 100 TAO reserve
          fc.oneof(fc.constant(0n), fc.bigInt({ min: MIN_STAKE_GROSS, max: 50_000n * TAO })),
          fc.boolean(),
          async (amount, priorBuy, priorReward) => {
            const f = await loadFixture(cappedFixture);
            const { layer, alice, bob, tester, hotkey, netuid } = f;
            // Move the price and the share pool's V/D away from round numbers first.
            if (priorBuy > 0n) await addStake(layer, alice, hotkey, netuid, priorBuy);
            if (priorReward && priorBuy > 0n) await rewardHotkey(layer.staking, tester, hotkey, netuid, priorBuy / 7n + 1n);
            const taoBefore = await layer.tao.balanceOf(bob.address);
            await addStake(layer, bob, hotkey, netuid, amount);
            const staked = await layer.staking.stakeOf(hotkey, bob.address, netuid);
            await expect(layer.staking.connect(bob).removeStake(hotkey, netuid, staked + 1n)).to.be.revertedWithCustomError(
              layer.staking,
              "StakingInsufficientStake",
            );
            await layer.staking.connect(bob).removeStake(hotkey, netuid, staked);
            const taoAfter = await layer.tao.balanceOf(bob.address);
            expect(taoAfter).to.be.at.most(taoBefore);
            expect(await layer.staking.stakeOf(hotkey, bob.address, netuid)).to.equal(0n);
            await expectConservation(layer, [{ netuid, hotkeys: [hotkey] }]);
          },
        ),
        { numRuns: 25 },
      );
    });

    it("random stakes, unstakes, credits and rewards match the reference model and conserve TAO and α", async function () {
      const action = fc.oneof(
        fc.record({
          kind: fc.constant("stake" as const),
          who: fc.nat(2),
          hk: fc.nat(1),
          amount: fc.oneof(fc.bigInt({ min: 1_000n, max: MIN_STAKE_GROSS }), fc.bigInt({ min: MIN_STAKE_GROSS, max: 5_000n * TAO })),
        }),
        fc.record({ kind: fc.constant("unstake" as const), who: fc.nat(2), hk: fc.nat(1), part: fc.integer({ min: 1, max: 1000 }) }),
        fc.record({ kind: fc.constant("credit" as const), who: fc.nat(2), hk: fc.nat(1), amount: fc.bigInt({ min: 0n, max: 50n * TAO }) }),
        fc.record({ kind: fc.constant("reward" as const), hk: fc.nat(1), amount: fc.bigInt({ min: 0n, max: 50n * TAO }) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 8 }), async (actions) => {
          const f = await loadFixture(cappedFixture);
          const { layer, alice, bob, carol, tester, netuid } = f;
          const users = [alice, bob, carol];
          const hotkeys = [f.hotkey, f.hotkeyB];
          const owners = [alice.address, bob.address]; // of hotkey and hotkeyB
          const pools = [new SharePoolModel(), new SharePoolModel()];
          let pool = await poolOf(layer, netuid);

          for (const a of actions) {
            const sp = pools[a.hk];
            if (a.kind === "stake") {
              const buy = referenceBuy(pool, a.amount);
              const minted = sp.shares === 0n ? buy.alpha * 10n ** 9n : (buy.alpha * sp.shares) / (sp.value || 1n);
              const stake = addStake(layer, users[a.who], hotkeys[a.hk], netuid, a.amount);
              if (a.amount < MIN_STAKE_GROSS) {
                await expect(stake).to.be.revertedWithCustomError(layer.staking, "StakingAmountTooLow");
                continue;
              }
              if (buy.alpha === 0n || minted === 0n) {
                await expect(stake).to.be.revertedWithCustomError(layer.staking, "StakingInsufficientLiquidity");
                continue;
              }
              await stake;
              sp.stake(users[a.who].address, buy.alpha);
              pool = buy.after;
            } else if (a.kind === "unstake") {
              const amount = (sp.stakeOf(users[a.who].address) * BigInt(a.part)) / 1000n;
              if (amount === 0n) continue;
              const sell = referenceSell(pool, amount);
              const unstake = layer.staking.connect(users[a.who]).removeStake(hotkeys[a.hk], netuid, amount);
              if (sell.tao === 0n) {
                await expect(unstake).to.be.revertedWithCustomError(layer.staking, "StakingInsufficientLiquidity");
                continue;
              }
              if (amount < sp.stakeOf(users[a.who].address) && sell.tao < MIN_STAKE) {
                await expect(unstake).to.be.revertedWithCustomError(layer.staking, "StakingAmountTooLow");
                continue;
              }
              await unstake;
              sp.unstake(users[a.who].address, amount);
              pool = sell.after;
            } else if (a.kind === "credit") {
              await creditStake(layer.staking, tester, hotkeys[a.hk], users[a.who].address, netuid, a.amount);
              if (a.amount > 0n && !sp.stake(users[a.who].address, a.amount)) sp.reward(a.amount);
            } else {
              await rewardHotkey(layer.staking, tester, hotkeys[a.hk], netuid, a.amount);
              if (a.amount > 0n) {
                if (sp.shares === 0n) sp.stake(owners[a.hk], a.amount);
                else sp.reward(a.amount);
              }
            }
            expect(await poolOf(layer, netuid)).to.deep.equal(pool);
          }
          for (const [i, hotkey] of hotkeys.entries()) {
            expect(await layer.staking.totalHotkeyAlpha(hotkey, netuid)).to.equal(pools[i].value);
            let sum = 0n;
            for (const user of users) {
              const stake = await layer.staking.stakeOf(hotkey, user.address, netuid);
              expect(stake).to.equal(pools[i].stakeOf(user.address));
              sum += stake;
            }
            expect(sum).to.be.at.most(pools[i].value);
          }
          await expectConservation(layer, [{ netuid, hotkeys }]);
        }),
        { numRuns: 20 },
      );
    });
  });

  describe("fee", function () {
    it("is floor(amount · 33 / 65535) of the input, exactly at its boundaries", async function () {
      const { layer, bob, hotkey, netuid } = await loadFixture(cappedFixture);
      for (const [amount, fee] of [
        [21_845n * 92n - 1n, 1011n],
        [21_845n * 92n, 1012n],
        [65_535n * TAO, 33n * TAO],
      ]) {
        expect(swapFee(amount)).to.equal(fee);
        const logs = await receiptLogs(await addStake(layer, bob, hotkey, netuid, amount));
        expect(eventArgs(logs, layer.staking, "StakeAdded")[5]).to.equal(fee);
      }
    });
  });
});
