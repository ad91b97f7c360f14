/** The Triumvirate (docs/spec/chain.md §8.1): at most three proposers, changed only by the AccessManager's admin. */
import { impersonateAccount, loadFixture, setBalance, stopImpersonatingAccount } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { connectSubnetLayer, handOverToGovernance } from "../../scripts/deploy";
import { type Layer, deployLayer } from "./helpers/subnet-layer";

interface Fixture {
  layer: Layer;
  /** The founding members, seeded at deployment. */
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  /** Accounts that are not members. */
  carol: HardhatEthersSigner;
  dave: HardhatEthersSigner;
  erin: HardhatEthersSigner;
}

describe("Triumvirate", function () {
  /** The protocol with two founding members (one free seat); the deployer is still the manager's admin. */
  async function deployTriumvirate(): Promise<Fixture> {
    const signers = await ethers.getSigners();
    const [, alice, bob, carol, dave, erin] = signers;
    const layer = await deployLayer({ triumvirate: [alice.address, bob.address] });
    return { layer, alice, bob, carol, dave, erin };
  }

  /** The fixture with its third seat taken by carol (one transaction on top of the snapshot). */
  async function fullTriumvirate(): Promise<Fixture> {
    const f = await loadFixture(deployTriumvirate);
    await (await f.layer.triumvirate.addMember(f.carol.address)).wait();
    return f;
  }

  describe("deployment", function () {
    it("seats the founding members in the order given", async function () {
      const { layer, alice, bob, carol } = await loadFixture(deployTriumvirate);
      expect(await layer.triumvirate.members()).to.deep.equal([alice.address, bob.address]);
      expect(await layer.triumvirate.isMember(alice.address)).to.equal(true);
      expect(await layer.triumvirate.isMember(bob.address)).to.equal(true);
      expect(await layer.triumvirate.isMember(carol.address)).to.equal(false);
      expect(await layer.senate.triumvirate()).to.equal(layer.addresses.Triumvirate);
    });

    it("has at most three members", async function () {
      const { layer } = await loadFixture(deployTriumvirate);
      expect(await layer.triumvirate.MAX_MEMBERS()).to.equal(3n);
    });

    it("is managed by the protocol's AccessManager", async function () {
      const { layer } = await loadFixture(deployTriumvirate);
      expect(await layer.triumvirate.authority()).to.equal(layer.addresses.ProtocolAccessManager);
    });

    it("seats three founding members, and reverts with TriumvirateFull for a fourth", async function () {
      const { layer, alice, bob, carol, dave } = await loadFixture(deployTriumvirate);
      const manager = layer.addresses.ProtocolAccessManager;
      const three = [alice.address, bob.address, carol.address];
      const full = await ethers.deployContract("Triumvirate", [manager, three]);
      await full.waitForDeployment();
      expect(await full.members()).to.deep.equal(three);
      await expect(ethers.deployContract("Triumvirate", [manager, [...three, dave.address]])).to.be.revertedWithCustomError(
        layer.triumvirate,
        "TriumvirateFull",
      );
    });

    it("refuses a duplicate or zero founding member", async function () {
      const { layer, alice } = await loadFixture(deployTriumvirate);
      const manager = layer.addresses.ProtocolAccessManager;
      await expect(ethers.deployContract("Triumvirate", [manager, [alice.address, alice.address]]))
        .to.be.revertedWithCustomError(layer.triumvirate, "TriumvirateAlreadyMember")
        .withArgs(alice.address);
      await expect(ethers.deployContract("Triumvirate", [manager, [ethers.ZeroAddress]])).to.be.revertedWithCustomError(
        layer.triumvirate,
        "TriumvirateZeroAddress",
      );
    });

    it("may start empty", async function () {
      const { layer } = await loadFixture(deployTriumvirate);
      const empty = await ethers.deployContract("Triumvirate", [layer.addresses.ProtocolAccessManager, []]);
      expect(await empty.members()).to.deep.equal([]);
    });
  });

  describe("addMember", function () {
    it("adds a member into the free seat and emits TriumvirateMemberAdded", async function () {
      const { layer, alice, bob, carol } = await loadFixture(deployTriumvirate);
      await expect(layer.triumvirate.addMember(carol.address))
        .to.emit(layer.triumvirate, "TriumvirateMemberAdded")
        .withArgs(carol.address);
      expect(await layer.triumvirate.isMember(carol.address)).to.equal(true);
      expect(await layer.triumvirate.members()).to.deep.equal([alice.address, bob.address, carol.address]);
    });

    it("reverts with TriumvirateFull once three members sit", async function () {
      const { layer, dave } = await fullTriumvirate();
      await expect(layer.triumvirate.addMember(dave.address)).to.be.revertedWithCustomError(layer.triumvirate, "TriumvirateFull");
    });

    it("reverts with TriumvirateAlreadyMember for a member", async function () {
      const { layer, bob } = await loadFixture(deployTriumvirate);
      await expect(layer.triumvirate.addMember(bob.address))
        .to.be.revertedWithCustomError(layer.triumvirate, "TriumvirateAlreadyMember")
        .withArgs(bob.address);
    });

    it("reports a duplicate before a full house", async function () {
      const { layer, carol } = await fullTriumvirate();
      await expect(layer.triumvirate.addMember(carol.address))
        .to.be.revertedWithCustomError(layer.triumvirate, "TriumvirateAlreadyMember")
        .withArgs(carol.address);
    });

    it("reverts with TriumvirateZeroAddress for the zero address", async function () {
      const { layer } = await loadFixture(deployTriumvirate);
      await expect(layer.triumvirate.addMember(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        layer.triumvirate,
        "TriumvirateZeroAddress",
      );
    });
  });

  describe("removeMember", function () {
    it("removes a member and emits TriumvirateMemberRemoved", async function () {
      const { layer, alice, bob } = await loadFixture(deployTriumvirate);
      await expect(layer.triumvirate.removeMember(alice.address))
        .to.emit(layer.triumvirate, "TriumvirateMemberRemoved")
        .withArgs(alice.address);
      expect(await layer.triumvirate.isMember(alice.address)).to.equal(false);
      expect(await layer.triumvirate.members()).to.deep.equal([bob.address]);
    });

    it("reverts with TriumvirateNotMember for an account that is not a member", async function () {
      const { layer, carol } = await loadFixture(deployTriumvirate);
      await expect(layer.triumvirate.removeMember(carol.address))
        .to.be.revertedWithCustomError(layer.triumvirate, "TriumvirateNotMember")
        .withArgs(carol.address);
    });

    it("reverts with TriumvirateNotMember for a member already removed", async function () {
      const { layer, bob } = await loadFixture(deployTriumvirate);
      await (await layer.triumvirate.removeMember(bob.address)).wait();
      await expect(layer.triumvirate.removeMember(bob.address))
        .to.be.revertedWithCustomError(layer.triumvirate, "TriumvirateNotMember")
        .withArgs(bob.address);
    });

    it("frees a seat: a full Triumvirate takes a new member after a removal", async function () {
      const { layer, alice, bob, carol, dave } = await fullTriumvirate();
      await (await layer.triumvirate.removeMember(bob.address)).wait();
      await expect(layer.triumvirate.addMember(dave.address))
        .to.emit(layer.triumvirate, "TriumvirateMemberAdded")
        .withArgs(dave.address);
      expect(await layer.triumvirate.members()).to.deep.equal([alice.address, carol.address, dave.address]);
    });

    it("can empty the Triumvirate, and a removed member can rejoin", async function () {
      const { layer, alice, bob } = await loadFixture(deployTriumvirate);
      await (await layer.triumvirate.removeMember(alice.address)).wait();
      await (await layer.triumvirate.removeMember(bob.address)).wait();
      expect(await layer.triumvirate.members()).to.deep.equal([]);
      await (await layer.triumvirate.addMember(alice.address)).wait();
      expect(await layer.triumvirate.members()).to.deep.equal([alice.address]);
      expect(await layer.triumvirate.isMember(alice.address)).to.equal(true);
    });
  });

  describe("members() after a removal", function () {
    it("moves the last member into the gap of the first", async function () {
      const { layer, alice, bob, carol } = await fullTriumvirate();
      await (await layer.triumvirate.removeMember(alice.address)).wait();
      expect(await layer.triumvirate.members()).to.deep.equal([carol.address, bob.address]);
    });

    it("moves the last member into the gap of the middle one", async function () {
      const { layer, alice, bob, carol } = await fullTriumvirate();
      await (await layer.triumvirate.removeMember(bob.address)).wait();
      expect(await layer.triumvirate.members()).to.deep.equal([alice.address, carol.address]);
    });

    it("keeps the order when the last member leaves", async function () {
      const { layer, alice, bob, carol } = await fullTriumvirate();
      await (await layer.triumvirate.removeMember(carol.address)).wait();
      expect(await layer.triumvirate.members()).to.deep.equal([alice.address, bob.address]);
    });

    it("appends a new member after the moved one", async function () {
      const { layer, alice, bob, carol, dave } = await fullTriumvirate();
      await (await layer.triumvirate.removeMember(alice.address)).wait();
      await (await layer.triumvirate.addMember(dave.address)).wait();
      expect(await layer.triumvirate.members()).to.deep.equal([carol.address, bob.address, dave.address]);
    });
  });

  describe("swapMember", function () {
    it("replaces a member of a full Triumvirate in one step, emitting Removed then Added", async function () {
      const { layer, alice, bob, carol, dave } = await fullTriumvirate();
      const tx = layer.triumvirate.swapMember(alice.address, dave.address);
      await expect(tx).to.emit(layer.triumvirate, "TriumvirateMemberRemoved").withArgs(alice.address);
      await expect(tx).to.emit(layer.triumvirate, "TriumvirateMemberAdded").withArgs(dave.address);
      const receipt = await (await tx).wait();
      const names = receipt!.logs.map((log) => layer.triumvirate.interface.parseLog(log)?.name);
      expect(names).to.deep.equal(["TriumvirateMemberRemoved", "TriumvirateMemberAdded"]);
      expect(await layer.triumvirate.isMember(alice.address)).to.equal(false);
      expect(await layer.triumvirate.isMember(dave.address)).to.equal(true);
      // The last member moves into the gap, the newcomer is appended.
      expect(await layer.triumvirate.members()).to.deep.equal([carol.address, bob.address, dave.address]);
    });

    it("reverts with TriumvirateNotMember when `out` is not a member", async function () {
      const { layer, carol, dave } = await loadFixture(deployTriumvirate);
      await expect(layer.triumvirate.swapMember(carol.address, dave.address))
        .to.be.revertedWithCustomError(layer.triumvirate, "TriumvirateNotMember")
        .withArgs(carol.address);
    });

    it("reverts with TriumvirateAlreadyMember when the newcomer is a member, and keeps `out` seated", async function () {
      const { layer, alice, bob } = await loadFixture(deployTriumvirate);
      await expect(layer.triumvirate.swapMember(alice.address, bob.address))
        .to.be.revertedWithCustomError(layer.triumvirate, "TriumvirateAlreadyMember")
        .withArgs(bob.address);
      expect(await layer.triumvirate.members()).to.deep.equal([alice.address, bob.address]);
    });

    it("reverts with TriumvirateZeroAddress when the newcomer is the zero address", async function () {
      const { layer, alice } = await fullTriumvirate();
      await expect(layer.triumvirate.swapMember(alice.address, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        layer.triumvirate,
        "TriumvirateZeroAddress",
      );
      expect(await layer.triumvirate.isMember(alice.address)).to.equal(true);
    });
  });

  describe("access", function () {
    it("refuses a non-admin caller with AccessManagedUnauthorized", async function () {
      const { layer, alice, bob, dave, erin } = await loadFixture(deployTriumvirate);
      // Members themselves have no say over the membership: only governance has.
      const asMember = layer.triumvirate.connect(alice);
      await expect(asMember.addMember(dave.address))
        .to.be.revertedWithCustomError(layer.triumvirate, "AccessManagedUnauthorized")
        .withArgs(alice.address);
      const asStranger = layer.triumvirate.connect(erin);
      await expect(asStranger.addMember(dave.address))
        .to.be.revertedWithCustomError(layer.triumvirate, "AccessManagedUnauthorized")
        .withArgs(erin.address);
      await expect(asStranger.removeMember(bob.address))
        .to.be.revertedWithCustomError(layer.triumvirate, "AccessManagedUnauthorized")
        .withArgs(erin.address);
      await expect(asStranger.swapMember(bob.address, dave.address))
        .to.be.revertedWithCustomError(layer.triumvirate, "AccessManagedUnauthorized")
        .withArgs(erin.address);
      expect(await layer.triumvirate.members()).to.deep.equal([alice.address, bob.address]);
    });

    it("after the hand-over, refuses the deployer and obeys the timelock", async function () {
      const { layer, alice, bob, dave } = await loadFixture(deployTriumvirate);
      await handOverToGovernance(connectSubnetLayer(layer.addresses, layer.deployer));
      await expect(layer.triumvirate.addMember(dave.address))
        .to.be.revertedWithCustomError(layer.triumvirate, "AccessManagedUnauthorized")
        .withArgs(layer.deployer.address);

      const timelock = layer.addresses.TimelockController;
      await impersonateAccount(timelock);
      await setBalance(timelock, ethers.parseEther("1"));
      try {
        const asTimelock = layer.triumvirate.connect(await ethers.getSigner(timelock));
        await expect(asTimelock.addMember(dave.address)).to.emit(layer.triumvirate, "TriumvirateMemberAdded").withArgs(dave.address);
        await expect(asTimelock.removeMember(alice.address))
          .to.emit(layer.triumvirate, "TriumvirateMemberRemoved")
          .withArgs(alice.address);
      } finally {
        await stopImpersonatingAccount(timelock);
      }
      expect(await layer.triumvirate.members()).to.deep.equal([dave.address, bob.address]);
    });
  });
});
