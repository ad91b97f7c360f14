import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { Wallet, id as keccakText } from "ethers";
import { ethers } from "hardhat";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { ROLES, handOverToGovernance } from "../../scripts/deploy";
import { type Layer, TAO, deployLayer, plainHyperparameters, registerSubnet } from "./helpers/subnet-layer";

/** The timelock delay of these tests, in seconds. */
const DELAY = 3_600n;
const MIN_DURATION = 3_600n;
/** MotionState. */
const OPEN = 1n;
const QUEUED = 2n;
const DISAPPROVED = 3n;
const EXECUTED = 4n;

/** A hotkey that could sit in the Senate: registered on subnet 1 by `coldkey`, with `stake` rao of root stake. */
interface Candidate {
  hotkey: string;
  coldkey: HardhatEthersSigner;
  stake: bigint;
}

interface Fixture {
  layer: Layer;
  netuid: number;
  proposer: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
  /** 13 candidates, root stake 100, 110, …, 220 TAO (candidate i: 100 + 10·i). None seated yet. */
  candidates: Candidate[];
}

/** A motion: its calls and description, as propose/close/execute take them. */
interface Motion {
  targets: string[];
  values: bigint[];
  payloads: string[];
  description: string;
}

const descriptionHash = (m: Motion): string => keccakText(m.description);
const closeArgs = (m: Motion) => [m.targets, m.values, m.payloads, descriptionHash(m)] as const;

describe("Senate", function () {
  async function deployGovernance(): Promise<Fixture> {
    const signers = await ethers.getSigners();
    const proposer = signers[1];
    const stranger = signers[2];
    const layer = await deployLayer({ triumvirate: [proposer.address], timelockDelay: DELAY });
    const { netuid } = await registerSubnet(layer);
    const params = plainHyperparameters(await layer.registry.hyperparameters(netuid));
    await layer.registry.setHyperparameters(netuid, { ...params, tempo: 5_000n });
    const candidates: Candidate[] = [];
    for (let i = 0; i < 13; i++) {
      const coldkey = signers[5 + i];
      const hotkey = Wallet.createRandom().address;
      const stake = (100n + 10n * BigInt(i)) * TAO;
      const price = await layer.registry.burn(netuid);
      await (await layer.tao.transfer(coldkey.address, price + stake)).wait();
      await (await layer.tao.connect(coldkey).approve(layer.addresses.SubnetRegistry, price)).wait();
      await (await layer.registry.connect(coldkey).burnedRegister(netuid, hotkey, price)).wait();
      await (await layer.tao.connect(coldkey).approve(layer.addresses.Staking, stake)).wait();
      await (await layer.staking.connect(coldkey).addStake(hotkey, 0, stake)).wait();
      candidates.push({ hotkey, coldkey, stake });
    }
    return { layer, netuid, proposer, stranger, candidates };
  }

  /** The fixture with candidates 0..seats-1 seated (seat i: candidate i). */
  async function seated(seats: number): Promise<Fixture> {
    const f = await loadFixture(deployGovernance);
    for (const c of f.candidates.slice(0, seats)) await f.layer.senate.adjustSenate(c.hotkey);
    return f;
  }

  /** A motion setting the network rate limit to `limit` (any description makes a distinct motion). */
  function rateLimitMotion(layer: Layer, limit: bigint, description = `network rate limit ${limit}`): Motion {
    return {
      targets: [layer.addresses.SubnetRegistry],
      values: [0n],
      payloads: [layer.registry.interface.encodeFunctionData("setNetworkRateLimit", [limit])],
      description,
    };
  }

  async function propose(f: Fixture, m: Motion, duration = MIN_DURATION): Promise<string> {
    const senate = f.layer.senate.connect(f.proposer);
    await senate.propose(m.targets, m.values, m.payloads, m.description, duration);
    return senate.hashMotion(m.targets, m.values, m.payloads, descriptionHash(m));
  }

  const vote = (f: Fixture, seat: number, id: string, aye: boolean) =>
    f.layer.senate.connect(f.candidates[seat].coldkey).vote(f.candidates[seat].hotkey, id, aye);

  describe("membership (adjustSenate)", function () {
    it("fills free seats in call order, then replaces the member with the lowest root stake now", async function () {
      const f = await seated(12);
      const { senate } = f.layer;
      expect(await senate.members()).to.deep.equal(f.candidates.slice(0, 12).map((c) => c.hotkey));
      // Candidate 12 (220 TAO) displaces candidate 0 (100 TAO, the lowest) from seat 0.
      const newcomer = f.candidates[12];
      await expect(senate.adjustSenate(newcomer.hotkey))
        .to.emit(senate, "SenateMemberRemoved")
        .withArgs(f.candidates[0].hotkey, 0)
        .and.to.emit(senate, "SenateMemberAdded")
        .withArgs(newcomer.hotkey, 0, newcomer.stake);
      expect(await senate.isMember(f.candidates[0].hotkey)).to.equal(false);
      expect((await senate.members())[0]).to.equal(newcomer.hotkey);
    });

    it("ranks by current root stake: a member whose stake left loses its seat to a smaller newcomer", async function () {
      const f = await seated(12);
      const { layer, candidates } = f;
      // Candidate 11 (210 TAO) unstakes nearly everything; candidate 0 (100 TAO) can now take its seat.
      const leaving = candidates[11];
      const alpha = await layer.staking.stakeOf(leaving.hotkey, leaving.coldkey.address, 0);
      await layer.staking.connect(leaving.coldkey).removeStake(leaving.hotkey, 0, alpha - TAO);
      const outsider = await loadOutsider(f, 50n * TAO);
      await expect(layer.senate.adjustSenate(outsider))
        .to.emit(layer.senate, "SenateMemberRemoved")
        .withArgs(leaving.hotkey, 11);
    });

    it("refuses members, unknown hotkeys, hotkeys without root stake and newcomers that do not outrank anyone", async function () {
      const f = await seated(12);
      const { senate } = f.layer;
      await expect(senate.adjustSenate(f.candidates[3].hotkey)).to.be.revertedWithCustomError(senate, "SenateAlreadyMember").withArgs(f.candidates[3].hotkey);
      const unknown = Wallet.createRandom().address;
      await expect(senate.adjustSenate(unknown)).to.be.revertedWithCustomError(senate, "SenateUnknownHotkey").withArgs(unknown);
      const unstaked = await loadOutsider(f, 0n);
      await expect(senate.adjustSenate(unstaked)).to.be.revertedWithCustomError(senate, "SenateNoRootStake").withArgs(unstaked);
      const small = await loadOutsider(f, 100n * TAO); // equal to the lowest member: not higher
      await expect(senate.adjustSenate(small))
        .to.be.revertedWithCustomError(senate, "SenateStakeTooLow")
        .withArgs(small, 100n * TAO, 100n * TAO);
    });
  });

  /** A hotkey registered by the stranger with `stake` rao of root stake (not seated). */
  async function loadOutsider(f: Fixture, stake: bigint): Promise<string> {
    const { layer, netuid, stranger } = f;
    const hotkey = Wallet.createRandom().address;
    const price = await layer.registry.burn(netuid);
    await (await layer.tao.transfer(stranger.address, price + stake)).wait();
    await (await layer.tao.connect(stranger).approve(layer.addresses.SubnetRegistry, price)).wait();
    await (await layer.registry.connect(stranger).burnedRegister(netuid, hotkey, price)).wait();
    if (stake > 0n) {
      await (await layer.tao.connect(stranger).approve(layer.addresses.Staking, stake)).wait();
      await (await layer.staking.connect(stranger).addStake(hotkey, 0, stake)).wait();
    }
    return hotkey;
  }

  describe("motions", function () {
    it("runs the whole life: proposed, voted, approved early, queued, executed after the delay", async function () {
      const f = await seated(3);
      const { layer } = f;
      const { senate } = layer;
      await handOverToGovernance(layer); // the timelock needs the rights the motion uses
      const m = rateLimitMotion(layer, 7_200n);
      const id = await senate.hashMotion(m.targets, m.values, m.payloads, descriptionHash(m));
      const end = BigInt((await ethers.provider.getBlockNumber()) + 1) + MIN_DURATION;
      await expect(senate.connect(f.proposer).propose(m.targets, m.values, m.payloads, m.description, MIN_DURATION))
        .to.emit(senate, "MotionProposed")
        .withArgs(id, f.proposer.address, m.targets, m.values, m.payloads, m.description, end, 2, 3);
      expect(await senate.openMotions()).to.deep.equal([id]);

      await expect(vote(f, 0, id, true)).to.emit(senate, "Voted").withArgs(id, f.candidates[0].hotkey, f.candidates[0].coldkey.address, true, 1, 0);
      await expect(vote(f, 1, id, true)).to.emit(senate, "Voted").withArgs(id, f.candidates[1].hotkey, f.candidates[1].coldkey.address, true, 2, 0);
      expect(await senate.voteOf(id, f.candidates[1].hotkey)).to.deep.equal([true, true]);
      expect(await senate.voteOf(id, f.candidates[2].hotkey)).to.deep.equal([false, false]);

      const tx = senate.connect(f.stranger).close(...closeArgs(m));
      await expect(tx).to.emit(senate, "MotionClosed").withArgs(id, 2, 0, true);
      await expect(tx).to.emit(senate, "MotionQueued");
      const operation = await senate.operationId(id);
      expect(await layer.timelock.isOperationPending(operation)).to.equal(true);
      expect((await senate.motion(id)).state).to.equal(QUEUED);
      expect(await senate.openMotions()).to.deep.equal([]);

      await expect(senate.execute(...closeArgs(m))).to.be.revertedWithCustomError(senate, "SenateNotReady");
      await time.increase(DELAY);
      await expect(senate.connect(f.stranger).execute(...closeArgs(m)))
        .to.emit(senate, "MotionExecuted")
        .withArgs(id, operation);
      expect(await layer.registry.networkRateLimit()).to.equal(7_200n);
      expect((await senate.motion(id)).state).to.equal(EXECUTED);
      await expect(senate.execute(...closeArgs(m))).to.be.revertedWithCustomError(senate, "SenateWrongState").withArgs(id, EXECUTED);
    });

    it("fixes the threshold at floor(seats / 2) + 1 for every Senate size from 1 to 12", async function () {
      const f = await loadFixture(deployGovernance);
      const { senate } = f.layer;
      for (let seats = 1; seats <= 12; seats++) {
        await senate.adjustSenate(f.candidates[seats - 1].hotkey);
        const m = rateLimitMotion(f.layer, BigInt(seats));
        const id = await propose(f, m);
        const threshold = Math.floor(seats / 2) + 1;
        const stored = await senate.motion(id);
        expect([stored.threshold, stored.seats], `${seats} seats`).to.deep.equal([BigInt(threshold), BigInt(seats)]);
        for (let s = 0; s < threshold - 1; s++) await vote(f, s, id, true);
        if (threshold > 1) {
          await expect(senate.close(...closeArgs(m)), `${seats} seats, one aye short`).to.be.revertedWithCustomError(senate, "SenateTooEarly");
        }
        await vote(f, threshold - 1, id, true);
        await expect(senate.close(...closeArgs(m)), `${seats} seats`).to.emit(senate, "MotionClosed").withArgs(id, threshold, 0, true);
      }
    });

    it("disapproves early once the remaining seats cannot reach the threshold", async function () {
      const f = await seated(5); // threshold 3: three nays leave 2 seats
      const { senate } = f.layer;
      const m = rateLimitMotion(f.layer, 1n);
      const id = await propose(f, m);
      await vote(f, 0, id, false);
      await vote(f, 1, id, false);
      await expect(senate.close(...closeArgs(m))).to.be.revertedWithCustomError(senate, "SenateTooEarly").withArgs(id, (await senate.motion(id)).end);
      await vote(f, 2, id, false);
      await expect(senate.close(...closeArgs(m))).to.emit(senate, "MotionClosed").withArgs(id, 0, 3, false);
      expect((await senate.motion(id)).state).to.equal(DISAPPROVED);
      // Closed: no more votes, and the same motion may be proposed again as a new one.
      await expect(vote(f, 3, id, true)).to.be.revertedWithCustomError(senate, "SenateWrongState").withArgs(id, DISAPPROVED);
      await propose(f, m);
      expect((await senate.motion(id)).state).to.equal(OPEN);
    });

    describe("after the end, abstentions follow the prime", function () {
      async function expired(primeSeat: number | null, primeVote: boolean | null): Promise<[Fixture, Motion, string]> {
        const f = await seated(5);
        const { senate } = f.layer;
        if (primeSeat !== null) await senate.setPrime(f.candidates[primeSeat].hotkey);
        const m = rateLimitMotion(f.layer, 1n);
        const id = await propose(f, m);
        await vote(f, 1, id, true); // 1 aye, 1 nay (besides the prime), 3 abstain
        await vote(f, 2, id, false);
        if (primeSeat !== null && primeVote !== null) await vote(f, primeSeat, id, primeVote);
        const end = (await senate.motion(id)).end;
        await mine(end - BigInt(await ethers.provider.getBlockNumber()) - 1n);
        await expect(senate.close(...closeArgs(m)), "at the end block").to.be.revertedWithCustomError(senate, "SenateTooEarly");
        return [f, m, id];
      }

      it("a prime that voted aye carries the abstentions: approved", async function () {
        const [f, m, id] = await expired(0, true);
        await expect(f.layer.senate.close(...closeArgs(m))).to.emit(f.layer.senate, "MotionClosed").withArgs(id, 2 + 2, 1, true);
      });

      it("a prime that voted nay: disapproved", async function () {
        const [f, m, id] = await expired(0, false);
        await expect(f.layer.senate.close(...closeArgs(m))).to.emit(f.layer.senate, "MotionClosed").withArgs(id, 1, 2 + 2, false);
      });

      it("a prime that did not vote: its abstention and the others count nay", async function () {
        const [f, m, id] = await expired(0, null);
        await expect(f.layer.senate.close(...closeArgs(m))).to.emit(f.layer.senate, "MotionClosed").withArgs(id, 1, 1 + 3, false);
      });

      it("no prime: abstentions count nay", async function () {
        const [f, m, id] = await expired(null, null);
        await expect(f.layer.senate.close(...closeArgs(m))).to.emit(f.layer.senate, "MotionClosed").withArgs(id, 1, 4, false);
      });
    });

    it("lets a member change its vote, but not repeat it", async function () {
      const f = await seated(3);
      const { senate } = f.layer;
      const m = rateLimitMotion(f.layer, 1n);
      const id = await propose(f, m);
      await vote(f, 0, id, true);
      await expect(vote(f, 0, id, true)).to.be.revertedWithCustomError(senate, "SenateDuplicateVote").withArgs(id, f.candidates[0].hotkey);
      await expect(vote(f, 0, id, false)).to.emit(senate, "Voted").withArgs(id, f.candidates[0].hotkey, f.candidates[0].coldkey.address, false, 0, 1);
      await expect(vote(f, 0, id, false)).to.be.revertedWithCustomError(senate, "SenateDuplicateVote");
      expect(await senate.voteOf(id, f.candidates[0].hotkey)).to.deep.equal([true, false]);
    });

    it("keeps a motion's threshold and voters through churn; a leaving member's votes are removed", async function () {
      const f = await seated(12);
      const { senate } = f.layer;
      const m = rateLimitMotion(f.layer, 1n);
      const id = await propose(f, m);
      await vote(f, 0, id, true); // candidate 0: the lowest stake, about to be replaced
      await vote(f, 1, id, false);
      const newcomer = f.candidates[12];
      await expect(senate.adjustSenate(newcomer.hotkey)).to.emit(senate, "VoteRemoved").withArgs(id, f.candidates[0].hotkey, 0, 1);
      const stored = await senate.motion(id);
      expect([stored.threshold, stored.seats, stored.ayes, stored.nays]).to.deep.equal([7n, 12n, 0n, 2n]);
      await expect(senate.connect(newcomer.coldkey).vote(newcomer.hotkey, id, true))
        .to.be.revertedWithCustomError(senate, "SenateNotVoter")
        .withArgs(id, newcomer.hotkey);
      await expect(vote(f, 0, id, true)).to.be.revertedWithCustomError(senate, "SenateNotMember");
      // A motion proposed after the change counts the newcomer among its voters.
      const later = rateLimitMotion(f.layer, 2n);
      const laterId = await propose(f, later);
      await expect(senate.connect(newcomer.coldkey).vote(newcomer.hotkey, laterId, true)).to.emit(senate, "Voted");
    });

    it("reports no vote for a member seated after a closed motion, whatever its seat's predecessor did", async function () {
      const f = await seated(12);
      const { senate } = f.layer;
      const m = rateLimitMotion(f.layer, 1n);
      const id = await propose(f, m);
      for (let seat = 0; seat < 7; seat++) await vote(f, seat, id, true);
      await senate.close(...closeArgs(m));
      expect(await senate.voteOf(id, f.candidates[0].hotkey)).to.deep.equal([true, true]);
      await senate.adjustSenate(f.candidates[12].hotkey); // takes seat 0
      expect(await senate.voteOf(id, f.candidates[12].hotkey)).to.deep.equal([false, false]);
      expect(await senate.voteOf(id, f.candidates[0].hotkey)).to.deep.equal([false, false]);
    });

    it("refuses a duplicate of an open or queued motion, an 11th open motion, and a short duration", async function () {
      const f = await seated(1);
      const { senate } = f.layer;
      const m = rateLimitMotion(f.layer, 1n);
      const id = await propose(f, m);
      const s = senate.connect(f.proposer);
      await expect(s.propose(m.targets, m.values, m.payloads, m.description, MIN_DURATION)).to.be.revertedWithCustomError(senate, "SenateDuplicateMotion").withArgs(id);
      await vote(f, 0, id, true);
      await senate.close(...closeArgs(m)); // queued
      await expect(s.propose(m.targets, m.values, m.payloads, m.description, MIN_DURATION)).to.be.revertedWithCustomError(senate, "SenateDuplicateMotion").withArgs(id);
      for (let i = 0; i < 10; i++) await propose(f, rateLimitMotion(f.layer, 100n + BigInt(i)));
      const eleventh = rateLimitMotion(f.layer, 999n);
      await expect(s.propose(eleventh.targets, eleventh.values, eleventh.payloads, eleventh.description, MIN_DURATION)).to.be.revertedWithCustomError(
        senate,
        "SenateTooManyMotions",
      );
      const first = rateLimitMotion(f.layer, 100n);
      await vote(f, 0, await senate.hashMotion(...closeArgs(first)), false);
      await senate.close(...closeArgs(first)); // a slot frees up
      await expect(s.propose(eleventh.targets, eleventh.values, eleventh.payloads, eleventh.description, MIN_DURATION - 1n))
        .to.be.revertedWithCustomError(senate, "SenateDurationTooShort")
        .withArgs(MIN_DURATION - 1n, MIN_DURATION);
      await expect(s.propose([], [], [], "empty", MIN_DURATION)).to.be.revertedWithCustomError(senate, "SenateMalformedMotion");
      await expect(s.propose(m.targets, [], m.payloads, "mismatch", MIN_DURATION)).to.be.revertedWithCustomError(senate, "SenateMalformedMotion");
      await propose(f, eleventh);
    });

    it("refuses calls that are not the motion's, and unknown motions", async function () {
      const f = await seated(1);
      const { senate } = f.layer;
      const m = rateLimitMotion(f.layer, 1n);
      await propose(f, m);
      const other = rateLimitMotion(f.layer, 2n, m.description);
      const otherId = await senate.hashMotion(...closeArgs(other));
      await expect(senate.close(...closeArgs(other))).to.be.revertedWithCustomError(senate, "SenateWrongState").withArgs(otherId, 0);
      await expect(vote(f, 0, otherId, true)).to.be.revertedWithCustomError(senate, "SenateWrongState").withArgs(otherId, 0);
    });
  });

  describe("who may do what", function () {
    it("only Triumvirate members propose; only a member hotkey's coldkey votes", async function () {
      const f = await seated(2);
      const { senate } = f.layer;
      const m = rateLimitMotion(f.layer, 1n);
      await expect(senate.connect(f.stranger).propose(m.targets, m.values, m.payloads, m.description, MIN_DURATION))
        .to.be.revertedWithCustomError(senate, "SenateNotProposer")
        .withArgs(f.stranger.address);
      const id = await propose(f, m);
      await expect(senate.connect(f.stranger).vote(f.candidates[0].hotkey, id, true))
        .to.be.revertedWithCustomError(senate, "SenateNotHotkeyOwner")
        .withArgs(f.candidates[0].hotkey, f.stranger.address);
      // Registered and owned by the caller, but not seated.
      const c = f.candidates[5];
      await expect(senate.connect(c.coldkey).vote(c.hotkey, id, true)).to.be.revertedWithCustomError(senate, "SenateNotMember").withArgs(c.hotkey);
    });

    it("lets governance restrict closing to the Triumvirate", async function () {
      const f = await seated(1);
      const { senate } = f.layer;
      await expect(senate.setCloseRestricted(true)).to.emit(senate, "CloseRestrictedSet").withArgs(true);
      const m = rateLimitMotion(f.layer, 1n);
      const id = await propose(f, m);
      await vote(f, 0, id, true);
      await expect(senate.connect(f.stranger).close(...closeArgs(m))).to.be.revertedWithCustomError(senate, "SenateNotCloser").withArgs(f.stranger.address);
      await expect(senate.connect(f.proposer).close(...closeArgs(m))).to.emit(senate, "MotionQueued");
    });

    it("lets governance remove a member: votes removed, seat left empty, later motions count the smaller Senate", async function () {
      const f = await seated(4);
      const { senate } = f.layer;
      const m = rateLimitMotion(f.layer, 1n);
      const id = await propose(f, m); // 4 seats: threshold 3
      await vote(f, 1, id, true);
      await vote(f, 2, id, true);
      const out = f.candidates[1].hotkey;
      await expect(senate.connect(f.stranger).removeMember(out)).to.be.revertedWithCustomError(senate, "AccessManagedUnauthorized");
      await expect(senate.removeMember(f.candidates[8].hotkey)).to.be.revertedWithCustomError(senate, "SenateNotMember");
      const tx = senate.removeMember(out);
      await expect(tx).to.emit(senate, "VoteRemoved").withArgs(id, out, 1, 0);
      await expect(tx).to.emit(senate, "SenateMemberRemoved").withArgs(out, 1);
      expect(await senate.members()).to.deep.equal([0, 2, 3].map((i) => f.candidates[i].hotkey));
      const stored = await senate.motion(id);
      expect([stored.threshold, stored.seats]).to.deep.equal([3n, 4n]);
      // A motion proposed now counts 3 seats (threshold 2); the next adjustSenate fills seat 1.
      const later = rateLimitMotion(f.layer, 2n);
      const laterId = await propose(f, later);
      expect((await senate.motion(laterId)).threshold).to.equal(2n);
      await expect(senate.adjustSenate(f.candidates[5].hotkey)).to.emit(senate, "SenateMemberAdded").withArgs(f.candidates[5].hotkey, 1, f.candidates[5].stake);
      expect(await senate.members()).to.deep.equal([0, 5, 2, 3].map((i) => f.candidates[i].hotkey));
    });

    it("keeps the prime a member: setPrime refuses others, and a prime that loses its seat is cleared", async function () {
      const f = await seated(12);
      const { senate } = f.layer;
      await expect(senate.setPrime(f.candidates[12].hotkey)).to.be.revertedWithCustomError(senate, "SenatePrimeNotMember");
      await expect(senate.setPrime(f.candidates[0].hotkey)).to.emit(senate, "PrimeSet").withArgs(f.candidates[0].hotkey);
      await expect(senate.adjustSenate(f.candidates[12].hotkey)).to.emit(senate, "PrimeSet").withArgs(ethers.ZeroAddress);
      expect(await senate.prime()).to.equal(ethers.ZeroAddress);
    });

    it("keeps the governance setters and the timelock to their holders", async function () {
      const f = await seated(1);
      const { senate, timelock } = f.layer;
      await expect(senate.connect(f.stranger).setPrime(ethers.ZeroAddress)).to.be.revertedWithCustomError(senate, "AccessManagedUnauthorized");
      await expect(senate.connect(f.stranger).setCloseRestricted(true)).to.be.revertedWithCustomError(senate, "AccessManagedUnauthorized");
      const m = rateLimitMotion(f.layer, 1n);
      await expect(timelock.connect(f.stranger).schedule(m.targets[0], 0, m.payloads[0], ethers.ZeroHash, ethers.ZeroHash, DELAY)).to.be.revertedWithCustomError(
        timelock,
        "AccessControlUnauthorizedAccount",
      );
      const id = await propose(f, m);
      await vote(f, 0, id, true);
      await senate.close(...closeArgs(m));
      await time.increase(DELAY);
      // Queued, ready, but only the Senate executes.
      const salt = ethers.toBeHex((await senate.motion(id)).nonce, 32);
      await expect(timelock.connect(f.stranger).executeBatch(m.targets, m.values, m.payloads, ethers.ZeroHash, salt)).to.be.revertedWithCustomError(
        timelock,
        "AccessControlUnauthorizedAccount",
      );
    });
  });

  describe("hand-over", function () {
    /** Every current member of every AccessManager role, from its RoleGranted/RoleRevoked history. */
    async function roleMembers(layer: Layer): Promise<Map<bigint, Set<string>>> {
      const manager = layer.accessManager;
      const granted = await manager.queryFilter(manager.filters.RoleGranted());
      const revoked = await manager.queryFilter(manager.filters.RoleRevoked());
      const events = [...granted.map((e) => ({ e, add: true })), ...revoked.map((e) => ({ e, add: false }))].sort(
        (a, b) => a.e.blockNumber - b.e.blockNumber || a.e.index - b.e.index,
      );
      const members = new Map<bigint, Set<string>>();
      for (const { e, add } of events) {
        const [role, account] = [e.args[0], e.args[1]];
        const set = members.get(role) ?? new Set<string>();
        if (add) set.add(account);
        else set.delete(account);
        members.set(role, set);
      }
      return members;
    }

    it("leaves the timelock as the only path to every privileged function", async function () {
      const f = await seated(3);
      const { layer } = f;
      const a = layer.addresses;
      await handOverToGovernance(layer);
      const members = await roleMembers(layer);
      const sorted = (role: bigint) => [...(members.get(role) ?? [])].sort();
      expect(sorted(ROLES.ADMIN)).to.deep.equal([a.TimelockController]);
      expect(sorted(ROLES.HYPERPARAMETER_SETTER)).to.deep.equal([a.SubnetOwnerAdmin, a.TimelockController].sort());
      expect(sorted(ROLES.COINBASE)).to.deep.equal([a.Coinbase]);
      expect(sorted(ROLES.REGISTRY)).to.deep.equal([a.SubnetRegistry]);
      expect(sorted(ROLES.SETTLEMENT)).to.deep.equal([a.EpochSettlement]);
      expect([...members.keys()].sort()).to.deep.equal([ROLES.ADMIN, ROLES.COINBASE, ROLES.REGISTRY, ROLES.SETTLEMENT, ROLES.HYPERPARAMETER_SETTER].sort());
      // Every function given a role got one of those (none was opened to PUBLIC_ROLE); the rest keep ADMIN.
      const assigned = await layer.accessManager.queryFilter(layer.accessManager.filters.TargetFunctionRoleUpdated());
      expect(assigned.length).to.be.greaterThan(0);
      for (const e of assigned) expect([ROLES.COINBASE, ROLES.REGISTRY, ROLES.SETTLEMENT, ROLES.HYPERPARAMETER_SETTER]).to.include(e.args.roleId);

      // The timelock's own roles: only the Senate schedules, executes and cancels; the timelock administers itself.
      const t = layer.timelock;
      for (const [name, role] of [
        ["proposer", await t.PROPOSER_ROLE()],
        ["executor", await t.EXECUTOR_ROLE()],
        ["canceller", await t.CANCELLER_ROLE()],
        ["admin", await t.DEFAULT_ADMIN_ROLE()],
      ] as const) {
        const holders = new Set<string>();
        for (const e of await t.queryFilter(t.filters.RoleGranted(role))) holders.add(e.args.account);
        for (const e of await t.queryFilter(t.filters.RoleRevoked(role))) holders.delete(e.args.account);
        expect([...holders], name).to.deep.equal([name === "admin" ? a.TimelockController : a.Senate]);
      }

      // The deployer is refused everywhere it used to be allowed.
      const deployer = layer.deployer;
      await expect(layer.registry.connect(deployer).setNetworkRateLimit(1)).to.be.revertedWithCustomError(layer.registry, "AccessManagedUnauthorized");
      await expect(layer.settlement.connect(deployer).setOracle(deployer.address, true)).to.be.revertedWithCustomError(layer.settlement, "AccessManagedUnauthorized");
      const params = plainHyperparameters(await layer.registry.hyperparameters(f.netuid));
      await expect(layer.registry.connect(deployer).setHyperparameters(f.netuid, params)).to.be.revertedWithCustomError(layer.registry, "AccessManagedUnauthorized");
      await expect(layer.triumvirate.connect(deployer).addMember(deployer.address)).to.be.revertedWithCustomError(layer.triumvirate, "AccessManagedUnauthorized");
      await expect(layer.accessManager.connect(deployer).grantRole(ROLES.ADMIN, deployer.address, 0)).to.be.revertedWithCustomError(
        layer.accessManager,
        "AccessManagerUnauthorizedAccount",
      );

      // A motion does what the deployer no longer can: the oracle committee and the Triumvirate change.
      const m: Motion = {
        targets: [a.EpochSettlement, a.Triumvirate, a.Senate, a.Senate],
        values: [0n, 0n, 0n, 0n],
        payloads: [
          layer.settlement.interface.encodeFunctionData("setOracle", [f.stranger.address, true]),
          layer.triumvirate.interface.encodeFunctionData("addMember", [f.stranger.address]),
          layer.senate.interface.encodeFunctionData("setPrime", [f.candidates[0].hotkey]),
          layer.senate.interface.encodeFunctionData("removeMember", [f.candidates[2].hotkey]),
        ],
        description: "Add an oracle node and a Triumvirate member; make seat 0 prime; remove seat 2",
      };
      const id = await propose(f, m);
      await vote(f, 0, id, true);
      await vote(f, 1, id, true);
      await layer.senate.close(...closeArgs(m));
      await time.increase(DELAY);
      await layer.senate.execute(...closeArgs(m));
      expect(await layer.settlement.isOracle(f.stranger.address)).to.equal(true);
      expect(await layer.triumvirate.isMember(f.stranger.address)).to.equal(true);
      expect(await layer.senate.prime()).to.equal(f.candidates[0].hotkey);
      expect(await layer.senate.isMember(f.candidates[2].hotkey)).to.equal(false);
      await expect(layer.senate.connect(deployer).removeMember(f.candidates[0].hotkey)).to.be.revertedWithCustomError(
        layer.senate,
        "AccessManagedUnauthorized",
      );
    });

    it("changes the timelock delay only through a motion", async function () {
      const f = await seated(1);
      const { layer } = f;
      await handOverToGovernance(layer);
      await expect(layer.timelock.updateDelay(60)).to.be.revertedWithCustomError(layer.timelock, "TimelockUnauthorizedCaller");
      const m: Motion = {
        targets: [layer.addresses.TimelockController],
        values: [0n],
        payloads: [layer.timelock.interface.encodeFunctionData("updateDelay", [60n])],
        description: "Shorter delay",
      };
      const id = await propose(f, m);
      await vote(f, 0, id, true);
      await layer.senate.close(...closeArgs(m));
      await time.increase(DELAY);
      await layer.senate.execute(...closeArgs(m));
      expect(await layer.timelock.getMinDelay()).to.equal(60n);
    });
  });
});
