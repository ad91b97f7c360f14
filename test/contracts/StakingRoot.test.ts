import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { MetagraphLens__factory } from "../../typechain-types";

import {
  type Layer,
  MIN_STAKE,
  ROLES,
  TAO,
  TOTAL_SUPPLY,
  addStake,
  alphaToken,
  amountOut,
  deployLayer,
  grantRole,
  poolOf,
  referenceBuy,
  registerNeuron,
  registerSubnet,
  swapFee,
} from "./helpers/subnet-layer";

// Root stake (netuid 0: TAO 1:1, no fee), TaoWeight, and root dividends with claimRoot
// (docs/spec/chain.md §3.6, §4.7, §7.2).

const ROOT = 0;
const SWAP = 0;
const KEEP = 1;
const THRESHOLD = 500_000n;

interface Fixture {
  layer: Layer;
  owner: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  /** Holds the SETTLEMENT role: credits root dividends directly. */
  tester: HardhatEthersSigner;
  netuid: number;
  /** Owned by alice, registered on `netuid`. */
  hotkey: string;
  /** Owned by bob, registered on `netuid`. */
  hotkeyB: string;
}

describe("Staking: root stake and root dividends", function () {
  async function fixture(): Promise<Fixture> {
    const layer = await deployLayer({ funded: 10, supply: TOTAL_SUPPLY });
    const [, owner, alice, bob, carol, tester] = layer.signers;
    const hotkey = layer.signers[11].address;
    const hotkeyB = layer.signers[12].address;
    const { netuid } = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[10].address });
    await registerNeuron(layer, netuid, alice, hotkey);
    await registerNeuron(layer, netuid, bob, hotkeyB);
    await grantRole(layer, ROLES.SETTLEMENT, tester.address);
    return { layer, owner, alice, bob, carol, tester, netuid, hotkey, hotkeyB };
  }

  describe("root stake", function () {
    it("stakes and unstakes TAO 1:1 with no fee; pool(0) is the root TAO and the price is 1", async function () {
      const { layer, alice, bob, hotkey } = await loadFixture(fixture);
      await expect(addStake(layer, alice, hotkey, ROOT, 10n * TAO))
        .to.emit(layer.staking, "StakeAdded")
        .withArgs(alice.address, hotkey, ROOT, 10n * TAO, 10n * TAO, 0n);
      await addStake(layer, bob, hotkey, ROOT, 5n * TAO);
      expect(await layer.staking.stakeOf(hotkey, alice.address, ROOT)).to.equal(10n * TAO);
      expect(await layer.staking.totalHotkeyAlpha(hotkey, ROOT)).to.equal(15n * TAO);
      expect(await layer.staking.pool(ROOT)).to.deep.equal([15n * TAO, 0n]);
      expect(await layer.staking.spotPrice(ROOT)).to.equal(10n ** 9n);
      expect(await layer.staking.simSwapTaoForAlpha(ROOT, 7n)).to.equal(7n);
      expect(await layer.staking.simSwapAlphaForTao(ROOT, 7n)).to.equal(7n);
      expect(await layer.staking.feeRate(ROOT)).to.equal(0n);
      await expect(layer.staking.connect(alice).removeStake(hotkey, ROOT, 4n * TAO)).to.changeTokenBalance(layer.tao, alice, 4n * TAO);
      await expect(layer.staking.connect(alice).removeStakeFull(hotkey, ROOT)).to.changeTokenBalance(layer.tao, alice, 6n * TAO);
      expect(await layer.staking.accountedTao()).to.equal(
        (await poolOf(layer, 1)).tao + (await layer.staking.retainedTao(1)) + 5n * TAO,
      );
      expect(await layer.tao.balanceOf(await layer.staking.getAddress())).to.equal(await layer.staking.accountedTao());
    });

    it("applies MIN_STAKE, price limits against a price of 1, and has no α", async function () {
      const { layer, alice, hotkey, netuid } = await loadFixture(fixture);
      await expect(addStake(layer, alice, hotkey, ROOT, MIN_STAKE - 1n))
        .to.be.revertedWithCustomError(layer.staking, "StakingAmountTooLow")
        .withArgs(MIN_STAKE - 1n, MIN_STAKE);
      await layer.tao.connect(alice).approve(await layer.staking.getAddress(), 10n * TAO);
      await expect(layer.staking.connect(alice).addStakeLimit(hotkey, ROOT, TAO, 10n ** 9n, true))
        .to.be.revertedWithCustomError(layer.staking, "StakingPriceLimitExceeded")
        .withArgs(ROOT, 10n ** 9n, 10n ** 9n);
      await layer.staking.connect(alice).addStakeLimit(hotkey, ROOT, 3n * TAO, 10n ** 9n + 1n, false);
      await expect(layer.staking.connect(alice).removeStakeLimit(hotkey, ROOT, TAO, 10n ** 9n, true))
        .to.be.revertedWithCustomError(layer.staking, "StakingPriceLimitExceeded")
        .withArgs(ROOT, 10n ** 9n, 10n ** 9n);
      // An unstake that leaves a remainder must take out MIN_STAKE; the whole position may leave.
      await expect(layer.staking.connect(alice).removeStake(hotkey, ROOT, MIN_STAKE - 1n))
        .to.be.revertedWithCustomError(layer.staking, "StakingAmountTooLow")
        .withArgs(MIN_STAKE - 1n, MIN_STAKE);
      await layer.staking.connect(alice).removeStake(hotkey, ROOT, 3n * TAO - 1_000n);
      await layer.staking.connect(alice).removeStake(hotkey, ROOT, 1_000n);
      await expect(layer.staking.connect(alice).withdrawAlpha(hotkey, ROOT, TAO)).to.be.revertedWithCustomError(
        layer.staking,
        "StakingRootHasNoAlpha",
      );
      await expect(layer.staking.connect(alice).depositAlpha(hotkey, ROOT, TAO)).to.be.revertedWithCustomError(
        layer.staking,
        "StakingRootHasNoAlpha",
      );
      void netuid;
    });

    it("moves between root and a subnet: from root the fee is the destination buy's, to root the origin sale's", async function () {
      const { layer, alice, hotkey, netuid } = await loadFixture(fixture);
      await addStake(layer, alice, hotkey, ROOT, 10n * TAO);
      const pool = await poolOf(layer, netuid);
      const buy = referenceBuy(pool, 4n * TAO);
      await expect(layer.staking.connect(alice).swapStake(hotkey, ROOT, netuid, 4n * TAO))
        .to.emit(layer.staking, "StakeMoved")
        .withArgs(alice.address, hotkey, ROOT, alice.address, hotkey, netuid, 4n * TAO, 4n * TAO, buy.alpha);
      expect(await poolOf(layer, netuid)).to.deep.equal(buy.after);
      expect(await layer.staking.stakeOf(hotkey, alice.address, ROOT)).to.equal(6n * TAO);
      const alphaStake = await layer.staking.stakeOf(hotkey, alice.address, netuid);
      const fee = swapFee(alphaStake);
      const taoBack = amountOut(buy.after.alpha, buy.after.tao, alphaStake - fee);
      await layer.staking.connect(alice).swapStake(hotkey, netuid, ROOT, alphaStake);
      expect(await layer.staking.stakeOf(hotkey, alice.address, ROOT)).to.equal(6n * TAO + taoBack);
      expect(await layer.staking.pool(ROOT)).to.deep.equal([6n * TAO + taoBack, 0n]);
      expect(await layer.tao.balanceOf(await layer.staking.getAddress())).to.equal(await layer.staking.accountedTao());
    });
  });

  describe("TaoWeight", function () {
    it("defaults to subtensor's code default; only governance sets it", async function () {
      const { layer, alice } = await loadFixture(fixture);
      expect(await layer.staking.taoWeight()).to.equal(971_718_665_099_567_868n);
      await expect(layer.staking.connect(alice).setTaoWeight(1n))
        .to.be.revertedWithCustomError(layer.staking, "AccessManagedUnauthorized")
        .withArgs(alice.address);
      await expect(layer.staking.setTaoWeight(2n ** 63n)).to.emit(layer.staking, "TaoWeightSet").withArgs(2n ** 63n);
      expect(await layer.staking.taoWeight()).to.equal(2n ** 63n);
    });

    it("reaches the epoch through the lens: each UID's root stake and τ", async function () {
      const { layer, alice, hotkey, netuid } = await loadFixture(fixture);
      await addStake(layer, alice, hotkey, ROOT, 7n * TAO);
      const lens = MetagraphLens__factory.connect(layer.addresses.MetagraphLens, ethers.provider);
      const s = await lens.epochSnapshot(netuid);
      const uid = s.hotkeys.indexOf(hotkey);
      expect(s.taoStake[uid]).to.equal(7n * TAO);
      expect(s.taoWeight).to.equal(await layer.staking.taoWeight());
    });
  });

  describe("root dividends", function () {
    it("credits per root share and pays each holder pro rata on claim (Keep stakes the α on the subnet)", async function () {
      const { layer, alice, bob, tester, hotkey, netuid } = await loadFixture(fixture);
      await addStake(layer, alice, hotkey, ROOT, 30n * TAO);
      await addStake(layer, bob, hotkey, ROOT, 10n * TAO);
      const alpha = await alphaToken(layer, netuid);
      const supply = await alpha.totalSupply();
      await expect(layer.staking.connect(tester).creditRootDividends(hotkey, netuid, 4n * TAO))
        .to.emit(layer.staking, "RootDividendsCredited")
        .withArgs(hotkey, netuid, 4n * TAO);
      // Minted at the credit and held by Staking until claimed.
      expect(await alpha.totalSupply()).to.equal(supply + 4n * TAO);
      expect(await layer.staking.rootOwed(hotkey, alice.address, netuid)).to.equal(3n * TAO);
      expect(await layer.staking.rootOwed(hotkey, bob.address, netuid)).to.equal(TAO);
      expect(await layer.staking.unclaimedRootAlpha(netuid)).to.equal(4n * TAO);

      await expect(layer.staking.connect(alice).setRootClaimType(KEEP)).to.emit(layer.staking, "RootClaimTypeSet").withArgs(alice.address, KEEP);
      await expect(layer.staking.connect(alice).claimRoot(hotkey, [netuid]))
        .to.emit(layer.staking, "RootClaimed")
        .withArgs(alice.address, hotkey, netuid, 3n * TAO, KEEP, 0n);
      expect(await layer.staking.stakeOf(hotkey, alice.address, netuid)).to.equal(3n * TAO);
      expect(await alpha.totalSupply()).to.equal(supply + 4n * TAO); // a claim mints nothing
      expect(await layer.staking.rootOwed(hotkey, alice.address, netuid)).to.equal(0n);
      expect(await layer.staking.unclaimedRootAlpha(netuid)).to.equal(TAO);
      // A second claim finds nothing owed.
      const [again] = await layer.staking.connect(alice).claimRoot.staticCall(hotkey, [netuid]);
      expect(again).to.equal(0n);
    });

    it("Swap (the default) sells the α fee-free into the pool and adds the TAO to the root stake", async function () {
      const { layer, bob, tester, hotkey, netuid } = await loadFixture(fixture);
      await addStake(layer, bob, hotkey, ROOT, 10n * TAO);
      await layer.staking.connect(tester).creditRootDividends(hotkey, netuid, 2n * TAO);
      expect(await layer.staking.rootClaimType(bob.address)).to.equal(SWAP);
      const pool = await poolOf(layer, netuid);
      const taoOut = amountOut(pool.alpha, pool.tao, 2n * TAO);
      await expect(layer.staking.connect(bob).claimRoot(hotkey, [netuid]))
        .to.emit(layer.staking, "RootClaimed")
        .withArgs(bob.address, hotkey, netuid, 2n * TAO, SWAP, taoOut);
      expect(await poolOf(layer, netuid)).to.deep.equal({ tao: pool.tao - taoOut, alpha: pool.alpha + 2n * TAO });
      expect(await layer.staking.stakeOf(hotkey, bob.address, ROOT)).to.equal(10n * TAO + taoOut);
      // The new root shares do not earn the dividends already credited.
      expect(await layer.staking.rootOwed(hotkey, bob.address, netuid)).to.equal(0n);
      expect(await layer.tao.balanceOf(await layer.staking.getAddress())).to.equal(await layer.staking.accountedTao());
    });

    it("root stake added or removed later neither gains nor loses what was owed", async function () {
      const { layer, alice, bob, tester, hotkey, netuid } = await loadFixture(fixture);
      await addStake(layer, alice, hotkey, ROOT, 10n * TAO);
      await layer.staking.connect(tester).creditRootDividends(hotkey, netuid, TAO);
      await addStake(layer, bob, hotkey, ROOT, 10n * TAO); // bob arrives after the credit
      expect(await layer.staking.rootOwed(hotkey, bob.address, netuid)).to.equal(0n);
      await addStake(layer, alice, hotkey, ROOT, 5n * TAO);
      await layer.staking.connect(alice).removeStake(hotkey, ROOT, 12n * TAO);
      expect(await layer.staking.rootOwed(hotkey, alice.address, netuid)).to.equal(TAO);
      await layer.staking.connect(tester).creditRootDividends(hotkey, netuid, 3n * TAO);
      // Now alice holds 3 TAO of root stake and bob 10: they split 3 TAO of α 3:10.
      expect(await layer.staking.rootOwed(hotkey, alice.address, netuid)).to.be.closeTo(TAO + (3n * 3n * TAO) / 13n, 1n);
      expect(await layer.staking.rootOwed(hotkey, bob.address, netuid)).to.be.closeTo((10n * 3n * TAO) / 13n, 1n);
      // Moving root stake to another coldkey carries no claim with it.
      await layer.staking.connect(bob).transferStake(alice.address, hotkey, ROOT, ROOT, 5n * TAO);
      expect(await layer.staking.rootOwed(hotkey, bob.address, netuid)).to.be.closeTo((10n * 3n * TAO) / 13n, 1n);
    });

    it("skips subnets below the threshold; reverts for root, unknown subnets, and credits with no root stake", async function () {
      const { layer, alice, tester, hotkey, hotkeyB, netuid } = await loadFixture(fixture);
      await addStake(layer, alice, hotkey, ROOT, 10n * TAO);
      await layer.staking.connect(tester).creditRootDividends(hotkey, netuid, THRESHOLD - 1n);
      const [claimed] = await layer.staking.connect(alice).claimRoot.staticCall(hotkey, [netuid]);
      expect(claimed).to.equal(0n);
      await expect(layer.staking.connect(alice).claimRoot(hotkey, [ROOT])).to.be.revertedWithCustomError(
        layer.staking,
        "StakingRootHasNoAlpha",
      );
      await expect(layer.staking.connect(alice).claimRoot(hotkey, [77])).to.be.revertedWithCustomError(layer.staking, "StakingNoPool");
      await expect(layer.staking.connect(tester).creditRootDividends(hotkeyB, netuid, TAO))
        .to.be.revertedWithCustomError(layer.staking, "StakingNoRootStake")
        .withArgs(hotkeyB);
      await expect(layer.staking.connect(alice).creditRootDividends(hotkey, netuid, TAO))
        .to.be.revertedWithCustomError(layer.staking, "AccessManagedUnauthorized")
        .withArgs(alice.address);
    });

    it("property: claims never exceed the credits, and each holder gets its share less a rao of rounding", async function () {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(
              fc.record({ kind: fc.constant("stake" as const), who: fc.nat(2), amount: fc.bigInt({ min: MIN_STAKE, max: 50n * TAO }) }),
              fc.record({ kind: fc.constant("unstake" as const), who: fc.nat(2), part: fc.integer({ min: 1, max: 100 }) }),
              fc.record({ kind: fc.constant("credit" as const), amount: fc.bigInt({ min: 1n, max: 20n * TAO }) }),
              fc.record({ kind: fc.constant("claim" as const), who: fc.nat(2), keep: fc.boolean() }),
            ),
            { minLength: 1, maxLength: 12 },
          ),
          async (actions) => {
            const { layer, alice, bob, carol, tester, hotkey, netuid } = await loadFixture(fixture);
            const users = [alice, bob, carol];
            let credited = 0n;
            let claimed = 0n;
            for (const a of actions) {
              if (a.kind === "stake") {
                await addStake(layer, users[a.who], hotkey, ROOT, a.amount);
              } else if (a.kind === "unstake") {
                const stake = await layer.staking.stakeOf(hotkey, users[a.who].address, ROOT);
                const amount = a.part === 100 ? stake : (stake * BigInt(a.part)) / 100n;
                if (amount >= MIN_STAKE || (amount === stake && amount > 0n)) {
                  await layer.staking.connect(users[a.who]).removeStake(hotkey, ROOT, amount);
                }
              } else if (a.kind === "credit") {
                if ((await layer.staking.totalHotkeyAlpha(hotkey, ROOT)) === 0n) continue;
                await layer.staking.connect(tester).creditRootDividends(hotkey, netuid, a.amount);
                credited += a.amount;
              } else {
                await layer.staking.connect(users[a.who]).setRootClaimType(a.keep ? KEEP : SWAP);
                const [got] = await layer.staking.connect(users[a.who]).claimRoot.staticCall(hotkey, [netuid]);
                await layer.staking.connect(users[a.who]).claimRoot(hotkey, [netuid]);
                claimed += got;
              }
              let owed = 0n;
              for (const u of users) owed += await layer.staking.rootOwed(hotkey, u.address, netuid);
              expect(claimed + owed, "claims and owed above the credits").to.be.at.most(credited);
              expect(await layer.staking.unclaimedRootAlpha(netuid)).to.equal(credited - claimed);
              expect(await layer.staking.unclaimedRootAlpha(netuid)).to.be.at.least(owed);
            }
          },
        ),
        { numRuns: 15 },
      );
    });
  });
});
