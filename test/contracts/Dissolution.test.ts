import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { expect } from "chai";
import { ethers } from "hardhat";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import {
  type Layer,
  ROLES,
  TAO,
  TOTAL_SUPPLY,
  addStake,
  alphaToken,
  creditStake,
  deployLayer,
  grantRole,
  instantEma,
  registerNeuron,
  registerSubnet,
} from "./helpers/subnet-layer";

// Subnet dissolution and SubnetLimit (docs/spec/chain.md §5.1 `do_dissolve_network`, `get_network_to_prune`).

interface Fixture {
  layer: Layer;
  owner: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  netuid: number;
  /** Owned by alice, registered on `netuid`. */
  hotkey: string;
  /** A second live subnet. */
  other: number;
}

describe("Subnet dissolution and SubnetLimit", function () {
  /** Two started subnets with emission running (1M TAO issued: era 0); alice and bob stake on the first. */
  async function fixture(): Promise<Fixture> {
    const layer = await deployLayer({ funded: 10 });
    const [, owner, alice, bob, carol] = layer.signers;
    const hotkey = layer.signers[11].address;
    const { netuid } = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[10].address });
    const { netuid: other } = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[12].address });
    await registerNeuron(layer, netuid, alice, hotkey);
    await addStake(layer, alice, hotkey, netuid, 50n * TAO);
    await addStake(layer, bob, hotkey, netuid, 20n * TAO);
    // bob takes part of his stake out as liquid α and gives some to carol
    const bobStake = await layer.staking.stakeOf(hotkey, bob.address, netuid);
    await (await layer.staking.connect(bob).withdrawAlpha(hotkey, netuid, bobStake / 2n)).wait();
    const alpha = await alphaToken(layer, netuid);
    await (await alpha.connect(bob).transfer(carol.address, bobStake / 8n)).wait();
    await mine(5);
    return { layer, owner, alice, bob, carol, netuid, hotkey, other };
  }

  /** The α holders of `netuid` in the fixture: the two positions (at value) and the liquid balances. */
  async function holdersAlpha(f: Fixture): Promise<bigint> {
    const { layer, netuid, hotkey } = f;
    const alpha = await alphaToken(layer, netuid);
    let sum = 0n;
    for (const s of [f.alice, f.bob]) sum += await layer.staking.stakeOf(hotkey, s.address, netuid);
    for (const s of [f.bob, f.carol]) sum += await alpha.balanceOf(s.address);
    return sum;
  }

  describe("dissolveNetwork (governance)", function () {
    it("closes the pool, shares the pot by α value between holders and protocol, recycles the rest", async function () {
      const f = await loadFixture(fixture);
      const { layer, netuid } = f;
      const alpha = await alphaToken(layer, netuid);
      await (await layer.coinbase.accrue()).wait();
      const supplyBefore = await layer.tao.totalSupply();

      const tx = await layer.registry.dissolveNetwork(netuid);
      const receipt = (await tx.wait())!;
      await expect(tx).to.emit(layer.registry, "NetworkDissolved").withArgs(netuid);
      await expect(tx).to.emit(layer.coinbase, "SubnetRemoved");
      const event = receipt.logs.map((l) => layer.staking.interface.parseLog(l)).find((e) => e?.name === "SubnetDissolved")!;
      const [, pot, alphaValue, holdersTao, recycledTao] = event.args.map((x: unknown) => x as bigint);

      // What is left of the α supply is exactly the holders' α: positions at value plus liquid tokens.
      const holders = await holdersAlpha(f);
      expect(await alpha.totalSupply()).to.equal(holders);
      expect(await alpha.balanceOf(layer.addresses.Staking)).to.equal(
        (await layer.staking.stakeOf(f.hotkey, f.alice.address, netuid)) + (await layer.staking.stakeOf(f.hotkey, f.bob.address, netuid)),
      );
      // The protocol's α (reserve + chain-bought) took part in the sharing.
      expect(alphaValue).to.be.greaterThan(holders);
      expect(holdersTao).to.equal((pot * holders) / alphaValue);
      // Recycled: the protocol's part of the pot (and the retained registration fees: none here but the owner's).
      expect(recycledTao).to.be.greaterThanOrEqual(pot - holdersTao);
      const d = await layer.staking.dissolution(netuid);
      expect([d.pot, d.alphaValue, d.unredeemedTao, d.dissolvedAt]).to.deep.equal([pot, alphaValue, holdersTao, BigInt(receipt.blockNumber)]);
      expect(await layer.staking.pool(netuid)).to.deep.equal([0n, 0n]);
      expect(await layer.staking.retainedTao(netuid)).to.equal(0n);
      expect(await layer.staking.protocolAlpha(netuid)).to.equal(0n);
      // TAO: issuance dropped by the recycled TAO on top of the block's emission; Staking still backs what it accounts for.
      const minted = (await layer.tao.totalSupply()) + recycledTao - supplyBefore;
      expect(minted).to.be.lessThanOrEqual(TAO); // one block of emission at most
      expect(await layer.tao.balanceOf(layer.addresses.Staking)).to.be.greaterThanOrEqual(await layer.staking.accountedTao());
    });

    it("removes the subnet from the registry and the emission schedule; the other subnet takes all the emission", async function () {
      const f = await loadFixture(fixture);
      const { layer, netuid, other, hotkey } = f;
      await (await layer.coinbase.accrue()).wait(); // both EMA prices off 0
      await (await layer.registry.dissolveNetwork(netuid)).wait();
      expect(await layer.registry.subnetExists(netuid)).to.equal(false);
      expect(await layer.registry.netuids()).to.deep.equal([BigInt(other)]);
      expect(await layer.registry.subnetCount()).to.equal(1n);
      expect(await layer.registry.uidOf(netuid, hotkey)).to.deep.equal([false, 0n]);
      expect(await layer.registry.hotkeyAt(netuid, 1)).to.equal(ethers.ZeroAddress);
      expect(await layer.registry.blockAtRegistration(netuid, 1)).to.equal(0n);
      expect(await layer.registry.hotkeys(netuid)).to.deep.equal([]);
      expect(await layer.coinbase.movingPrice(netuid)).to.equal(0n);
      await expect(layer.coinbase.dueBlock(netuid)).to.be.revertedWithCustomError(layer.coinbase, "CoinbaseUnknownSubnet");

      // The remaining subnet's TAO grows by every block's emission from now on.
      await (await layer.coinbase.accrueSubnet(other)).wait();
      const [taoBefore] = await layer.staking.pool(other);
      const protocolBefore = await layer.staking.protocolAlpha(other);
      await mine(9);
      await (await layer.coinbase.accrue()).wait();
      const [taoAfter] = await layer.staking.pool(other);
      expect(taoAfter - taoBefore).to.equal(10n * TAO); // the dissolved subnet's weight left with it
      expect(await layer.staking.protocolAlpha(other)).to.be.greaterThanOrEqual(protocolBefore);
    });

    it("drops the subnet's pending emission, never minted", async function () {
      const f = await loadFixture(fixture);
      const { layer, netuid } = f;
      await mine(20);
      const tx = await layer.registry.dissolveNetwork(netuid);
      const receipt = (await tx.wait())!;
      const removed = receipt.logs.map((l) => layer.coinbase.interface.parseLog(l)).find((e) => e?.name === "SubnetRemoved")!;
      expect(removed.args.droppedAlpha).to.be.greaterThan(0n);
      await expect(layer.coinbase.pending(netuid)).to.be.revertedWithCustomError(layer.coinbase, "CoinbaseUnknownSubnet");
    });

    it("lets stakers and liquid α holders redeem at one rate, floor(α · pot / alphaValue), within the holders' TAO", async function () {
      const f = await loadFixture(fixture);
      const { layer, netuid, hotkey, alice, bob, carol } = f;
      const alpha = await alphaToken(layer, netuid);
      await (await layer.registry.dissolveNetwork(netuid)).wait();
      const { pot, alphaValue, unredeemedTao } = await layer.staking.dissolution(netuid);
      const rate = (a: bigint): bigint => (a * pot) / alphaValue;

      let paid = 0n;
      for (const s of [alice, bob]) {
        const stake = await layer.staking.stakeOf(hotkey, s.address, netuid);
        const before = await layer.tao.balanceOf(s.address);
        await expect(layer.staking.connect(s).redeemStake(hotkey, netuid))
          .to.emit(layer.staking, "StakeRedeemed")
          .withArgs(s.address, hotkey, netuid, stake, rate(stake));
        expect((await layer.tao.balanceOf(s.address)) - before).to.equal(rate(stake));
        expect(await layer.staking.stakeOf(hotkey, s.address, netuid)).to.equal(0n);
        paid += rate(stake);
      }
      for (const s of [bob, carol]) {
        const held = await alpha.balanceOf(s.address);
        const before = await layer.tao.balanceOf(s.address);
        await expect(layer.staking.connect(s).redeemAlpha(netuid, held))
          .to.emit(layer.staking, "AlphaRedeemed")
          .withArgs(s.address, netuid, held, rate(held));
        expect((await layer.tao.balanceOf(s.address)) - before).to.equal(rate(held));
        expect(await alpha.balanceOf(s.address)).to.equal(0n);
        paid += rate(held);
      }
      // Everyone redeemed: no α is left, and at most a rao per redemption of rounding stays unredeemed.
      expect(await alpha.totalSupply()).to.equal(0n);
      const left = (await layer.staking.dissolution(netuid)).unredeemedTao;
      expect(left).to.equal(unredeemedTao - paid);
      expect(left).to.be.lessThan(4n);
      expect(await layer.tao.balanceOf(layer.addresses.Staking)).to.be.greaterThanOrEqual(await layer.staking.accountedTao());
    });

    it("refuses everything else on the dissolved subnet with StakingSubnetDissolved, and redemption twice", async function () {
      const f = await loadFixture(fixture);
      const { layer, netuid, hotkey, alice, bob } = f;
      await (await layer.registry.dissolveNetwork(netuid)).wait();
      const s = layer.staking;
      await layer.tao.connect(alice).approve(layer.addresses.Staking, TAO);
      await expect(s.connect(alice).addStake(hotkey, netuid, TAO)).to.be.revertedWithCustomError(s, "StakingSubnetDissolved").withArgs(netuid);
      await expect(s.connect(alice).removeStake(hotkey, netuid, 1_000n)).to.be.revertedWithCustomError(s, "StakingSubnetDissolved");
      await expect(s.connect(alice).removeStakeFull(hotkey, netuid)).to.be.revertedWithCustomError(s, "StakingSubnetDissolved");
      await expect(s.connect(alice).moveStake(hotkey, hotkey, netuid, f.other, 1_000n)).to.be.revertedWithCustomError(s, "StakingSubnetDissolved");
      await expect(s.connect(alice).withdrawAlpha(hotkey, netuid, 1_000n)).to.be.revertedWithCustomError(s, "StakingSubnetDissolved");
      await expect(s.connect(bob).depositAlpha(hotkey, netuid, 1_000n)).to.be.revertedWithCustomError(s, "StakingSubnetDissolved");
      await expect(s.connect(alice).claimRoot(hotkey, [netuid])).to.be.revertedWithCustomError(s, "StakingSubnetDissolved");
      await expect(s.setFeeRate(netuid, 10)).to.be.revertedWithCustomError(s, "StakingSubnetDissolved");
      expect(await s.rootOwed(hotkey, alice.address, netuid)).to.equal(0n);
      // The registry and the weights no longer know the subnet.
      await expect(layer.registry.connect(alice).burnedRegister(netuid, layer.signers[13].address, TAO)).to.be.revertedWithCustomError(
        layer.registry,
        "RegistryUnknownSubnet",
      );
      await expect(layer.weights.connect(layer.signers[11]).setWeights(netuid, [0], [1], 0)).to.be.revertedWithCustomError(
        layer.weights,
        "WeightsUnknownSubnet",
      );
      await expect(layer.registry.dissolveNetwork(netuid)).to.be.revertedWithCustomError(layer.registry, "RegistryUnknownSubnet");

      await (await s.connect(alice).redeemStake(hotkey, netuid)).wait();
      await expect(s.connect(alice).redeemStake(hotkey, netuid)).to.be.revertedWithCustomError(s, "StakingInsufficientStake");
      await expect(s.connect(alice).redeemAlpha(netuid, 0)).to.be.revertedWithCustomError(s, "StakingZeroAmount");
      const alpha = await alphaToken(layer, netuid);
      await expect(s.connect(alice).redeemAlpha(netuid, 1n)).to.be.revertedWithCustomError(alpha, "ERC20InsufficientBalance");
      // A live subnet cannot be redeemed.
      await expect(s.connect(alice).redeemStake(hotkey, f.other)).to.be.revertedWithCustomError(s, "StakingSubnetNotDissolved").withArgs(f.other);
      await expect(s.connect(alice).redeemAlpha(f.other, 1n)).to.be.revertedWithCustomError(s, "StakingSubnetNotDissolved");
    });

    it("is governance's only: dissolveNetwork, Staking.dissolve and Coinbase.removeSubnet refuse anyone else", async function () {
      const { layer, netuid, alice } = await loadFixture(fixture);
      await expect(layer.registry.connect(alice).dissolveNetwork(netuid)).to.be.revertedWithCustomError(layer.registry, "AccessManagedUnauthorized");
      await expect(layer.staking.connect(alice).dissolve(netuid)).to.be.revertedWithCustomError(layer.staking, "AccessManagedUnauthorized");
      await expect(layer.coinbase.connect(alice).removeSubnet(netuid)).to.be.revertedWithCustomError(layer.coinbase, "AccessManagedUnauthorized");
      await expect(layer.registry.dissolveNetwork(99)).to.be.revertedWithCustomError(layer.registry, "RegistryUnknownSubnet").withArgs(99);
    });

    it("drops the settlement's unclaimed stake credits: burned, they share nothing", async function () {
      const f = await loadFixture(fixture);
      const { layer, netuid } = f;
      // Stand in for the settlement: 2 α credited to UIDs, minted and held by Staking.
      const tester = layer.signers[9];
      await grantRole(layer, ROLES.SETTLEMENT, tester.address);
      await (await layer.staking.connect(tester).pay(netuid, [], [], 2n * TAO, 0n)).wait();
      expect(await layer.staking.heldStakeCredits(netuid)).to.equal(2n * TAO);

      const tx = await layer.registry.dissolveNetwork(netuid);
      const receipt = (await tx.wait())!;
      const event = receipt.logs.map((l) => layer.staking.interface.parseLog(l)).find((e) => e?.name === "SubnetDissolved")!;
      const holders = await holdersAlpha(f);
      expect(await (await alphaToken(layer, netuid)).totalSupply()).to.equal(holders);
      expect(event.args.holdersTao).to.equal((event.args.pot * holders) / event.args.alphaValue);
      expect(await layer.staking.heldStakeCredits(netuid)).to.equal(0n);
      // The subnet has no UIDs left to claim for.
      expect(await layer.settlement.stakeCredits(netuid)).to.deep.equal([]);
      await expect(layer.settlement.claimStakeCredits(netuid, [0]))
        .to.be.revertedWithCustomError(layer.settlement, "SettlementUnknownUid")
        .withArgs(netuid, 0);
    });

    it("drops unclaimed root dividends and burned α: they share nothing", async function () {
      const f = await loadFixture(fixture);
      const { layer, netuid, hotkey, alice } = f;
      // alice: root stake on the hotkey, root dividends credited on the subnet, and some α burned.
      const tester = layer.signers[9];
      await grantRole(layer, ROLES.SETTLEMENT, tester.address);
      await addStake(layer, alice, hotkey, 0, 10n * TAO);
      await (await layer.staking.connect(tester).creditRootDividends(hotkey, netuid, 3n * TAO)).wait();
      await (await layer.staking.connect(alice).burnAlpha(hotkey, netuid, TAO)).wait();
      expect(await layer.staking.rootOwed(hotkey, alice.address, netuid)).to.be.greaterThan(0n);

      const tx = await layer.registry.dissolveNetwork(netuid);
      const receipt = (await tx.wait())!;
      const event = receipt.logs.map((l) => layer.staking.interface.parseLog(l)).find((e) => e?.name === "SubnetDissolved")!;
      const holders = await holdersAlpha(f);
      expect(await (await alphaToken(layer, netuid)).totalSupply()).to.equal(holders);
      expect(event.args.holdersTao).to.equal((event.args.pot * holders) / event.args.alphaValue);
      expect(await layer.staking.unclaimedRootAlpha(netuid)).to.equal(0n);
      expect(await layer.staking.burnedAlpha(netuid)).to.equal(0n);
      expect(await layer.staking.rootOwed(hotkey, alice.address, netuid)).to.equal(0n);
      // Root stake itself is untouched.
      expect(await layer.staking.stakeOf(hotkey, alice.address, 0)).to.equal(10n * TAO);
    });
  });

  describe("SubnetLimit (registration at the limit)", function () {
    /** Supply at the cap (no emission): pools move only by the tests' trades. Limit 2, immunity 50 blocks. */
    async function limited(): Promise<{ layer: Layer; owner: HardhatEthersSigner; alice: HardhatEthersSigner }> {
      const layer = await deployLayer({ funded: 10, supply: TOTAL_SUPPLY });
      const [, owner, alice] = layer.signers;
      await (await layer.registry.setSubnetLimit(2)).wait();
      await (await layer.registry.setNetworkImmunityPeriod(50)).wait();
      return { layer, owner, alice };
    }

    it("has subtensor's defaults and governance-only setters with events", async function () {
      const layer = await deployLayer();
      expect(await layer.registry.subnetLimit()).to.equal(128n);
      expect(await layer.registry.networkImmunityPeriod()).to.equal(864_000n);
      await expect(layer.registry.setSubnetLimit(3)).to.emit(layer.registry, "SubnetLimitSet").withArgs(3);
      await expect(layer.registry.setNetworkImmunityPeriod(7)).to.emit(layer.registry, "NetworkImmunityPeriodSet").withArgs(7);
      const stranger = layer.signers[3];
      await expect(layer.registry.connect(stranger).setSubnetLimit(1)).to.be.revertedWithCustomError(layer.registry, "AccessManagedUnauthorized");
      await expect(layer.registry.connect(stranger).setNetworkImmunityPeriod(1)).to.be.revertedWithCustomError(
        layer.registry,
        "AccessManagedUnauthorized",
      );
    });

    it("reverts with RegistrySubnetLimitReached while every subnet is immune, then dissolves the lowest EMA price", async function () {
      const { layer, owner, alice } = await loadFixture(limited);
      const a = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[10].address });
      const b = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[11].address });
      await instantEma(layer, [a.netuid, b.netuid]);
      // a's price falls below b's (both start at 1 TAO/α, the EMA's cap): α credited for free is sold on a.
      const tester = layer.signers[9];
      await grantRole(layer, ROLES.SETTLEMENT, tester.address);
      await (await creditStake(layer.staking, tester, a.ownerHotkey, alice.address, a.netuid, 50n * TAO)).wait();
      await (await layer.staking.connect(alice).removeStakeFull(a.ownerHotkey, a.netuid)).wait();
      await (await layer.coinbase.accrue()).wait();
      expect(await layer.registry.networkToPrune()).to.deep.equal([false, 0n]);
      const lock = await layer.registry.networkLockCost();
      await layer.tao.connect(owner).approve(layer.addresses.SubnetRegistry, lock * 10n);
      await expect(layer.registry.connect(owner).registerNetwork(layer.signers[12].address, lock))
        .to.be.revertedWithCustomError(layer.registry, "RegistrySubnetLimitReached")
        .withArgs(2);

      await mine(50);
      await (await layer.coinbase.accrue()).wait();
      expect(await layer.coinbase.movingPrice(a.netuid)).to.be.lessThan(await layer.coinbase.movingPrice(b.netuid));
      expect(await layer.registry.networkToPrune()).to.deep.equal([true, BigInt(a.netuid)]);
      const cost = await layer.registry.networkLockCost();
      const tx = await layer.registry.connect(owner).registerNetwork(layer.signers[12].address, cost);
      await expect(tx).to.emit(layer.registry, "NetworkDissolved").withArgs(a.netuid);
      // The new subnet takes a fresh netuid: netuids are never reused.
      await expect(tx).to.emit(layer.registry, "NetworkRegistered").withArgs(3, owner.address, layer.signers[12].address, anyValue, cost);
      expect(await layer.registry.netuids()).to.deep.equal([BigInt(b.netuid), 3n]);
      expect(await layer.registry.subnetCount()).to.equal(2n);
    });

    it("prunes a subnet that never started first (EMA 0), ties to the earliest registered", async function () {
      const { layer, owner } = await loadFixture(limited);
      const a = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[10].address, start: false });
      const b = await registerSubnet(layer, { owner, ownerHotkey: layer.signers[11].address, start: false });
      await mine(50);
      expect(await layer.registry.networkToPrune()).to.deep.equal([true, BigInt(a.netuid)]);
      await (await layer.registry.connect(owner).startCall(a.netuid)).wait();
      await instantEma(layer, [a.netuid]);
      await (await layer.coinbase.accrue()).wait();
      expect(await layer.registry.networkToPrune()).to.deep.equal([true, BigInt(b.netuid)]);
    });

    it("checks the lock price before dissolving anything: a refused registration dissolves nothing", async function () {
      const { layer, owner } = await loadFixture(limited);
      await registerSubnet(layer, { owner, ownerHotkey: layer.signers[10].address });
      await registerSubnet(layer, { owner, ownerHotkey: layer.signers[11].address });
      await mine(50);
      const cost = await layer.registry.networkLockCost();
      await expect(layer.registry.connect(owner).registerNetwork(layer.signers[12].address, cost - 1n)).to.be.revertedWithCustomError(
        layer.registry,
        "RegistryPriceAboveLimit",
      );
      expect(await layer.registry.subnetCount()).to.equal(2n);
    });
  });
});
