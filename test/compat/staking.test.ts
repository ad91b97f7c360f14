/**
 * The StakingV2, Staking V1 and BalanceTransfer facades (contracts/compat/), called at subtensor's
 * precompile addresses the way a contract on the Bittensor EVM calls them: `bytes32` keys, rao amounts,
 * native TAO. Every position they touch is the layer's own, checked through the layer's API.
 */
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { type Signer, keccak256, parseEther, toUtf8Bytes } from "ethers";
import { ethers } from "hardhat";
import { PRECOMPILE_ADDRESSES } from "../../scripts/lib/bittensor-evm";
import { fundedWallet, tao } from "../../scripts/lib/local-network";
import { evmAccountId as evmId } from "../../scripts/lib/bittensor-keys";
import { bittensorEvmFixture } from "./fixture";

const WEI = 10n ** 9n;
const substrateKey = (label: string): string => keccak256(toUtf8Bytes(label));

async function fixture() {
  const f = await bittensorEvmFixture([
    "StakingV2Precompile",
    "StakingV1Precompile",
    "BalanceTransferPrecompile",
  ]);
  const v2 = await ethers.getContractAt(
    "IStakingV2",
    PRECOMPILE_ADDRESSES.StakingV2Precompile,
  );
  const v1 = await ethers.getContractAt(
    "IStakingV1",
    PRECOMPILE_ADDRESSES.StakingV1Precompile,
  );
  const transfer = await ethers.getContractAt(
    "ISubtensorBalanceTransfer",
    PRECOMPILE_ADDRESSES.BalanceTransferPrecompile,
  );
  const facade = await ethers.getContractAt(
    "StakingV2Precompile",
    PRECOMPILE_ADDRESSES.StakingV2Precompile,
  );
  const [subnet] = f.subnets;
  const validator = subnet.neurons.find((n) => n.role === "validator")!;
  const other = subnet.neurons.filter((n) => n.role === "validator")[1];
  return {
    ...f,
    v2,
    v1,
    transfer,
    facade,
    netuid: subnet.netuid,
    hotkey: validator.hotkey.address,
    otherHotkey: other.hotkey.address,
  };
}

type F = Awaited<ReturnType<typeof fixture>>;

/** The TAO of the last StakeRemoved the layer logged for `coldkey`. */
async function unstakedTao(f: F, coldkey: string): Promise<bigint> {
  return (
    await f.layer.staking.queryFilter(
      f.layer.staking.filters.StakeRemoved(coldkey),
    )
  ).at(-1)!.args.tao;
}

/** The last StakeAdded the layer logged for `coldkey`: [hotkey, netuid, tao, alpha]. */
async function stakedBy(
  f: F,
  coldkey: string,
): Promise<[string, bigint, bigint, bigint]> {
  const logs = await f.layer.staking.queryFilter(
    f.layer.staking.filters.StakeAdded(coldkey),
  );
  const { hotkey, netuid, tao: paid, alpha } = logs.at(-1)!.args;
  return [hotkey, netuid, paid, alpha];
}

/** Native balance change of `who` across `action`, gas included back. */
async function nativeDelta(
  who: Signer,
  action: () => Promise<{
    wait(): Promise<{ gasUsed: bigint; gasPrice: bigint } | null>;
  }>,
): Promise<bigint> {
  const address = await who.getAddress();
  const before = await ethers.provider.getBalance(address);
  const receipt = (await (await action()).wait())!;
  return (
    (await ethers.provider.getBalance(address)) -
    before +
    receipt.gasUsed * receipt.gasPrice
  );
}

describe("compat: StakingV2, Staking V1 and BalanceTransfer at subtensor's addresses", function () {
  it("addStake debits the call's value and opens the layer's own position; removeStake pays native TAO back", async function () {
    const f: F = await loadFixture(fixture);
    const user = f.signers[5];
    const amount = tao(100);
    const erc20Before = await f.layer.tao.balanceOf(user.address);
    const paid = await nativeDelta(user, () =>
      f.v2
        .connect(user)
        .addStake(evmId(f.hotkey), amount, f.netuid, { value: amount * WEI }),
    );
    expect(paid).to.equal(-amount * WEI);
    expect(
      await f.layer.tao.balanceOf(user.address),
      "no ERC-20 TAO moved",
    ).to.equal(erc20Before);
    const alpha = await f.layer.staking.stakeOf(
      f.hotkey,
      user.address,
      f.netuid,
    );
    expect(
      await stakedBy(f, user.address),
      "the layer's StakeAdded: the user is the coldkey, for the whole amount",
    ).to.deep.equal([f.hotkey, BigInt(f.netuid), amount, alpha]);
    expect(
      await f.v2.getStake(evmId(f.hotkey), evmId(user.address), f.netuid),
    ).to.equal(alpha);
    expect(
      await f.v1.getStake(evmId(f.hotkey), evmId(user.address), f.netuid),
      "V1 in 18 decimals",
    ).to.equal(alpha * WEI);

    const half = alpha / 2n;
    const received = await nativeDelta(user, () =>
      f.v2.connect(user).removeStake(evmId(f.hotkey), half, f.netuid),
    );
    expect(received, "the layer's payout, as native TAO").to.equal(
      (await unstakedTao(f, user.address)) * WEI,
    );
    expect(received).to.be.greaterThan(0n);
    expect(
      await f.layer.staking.stakeOf(f.hotkey, user.address, f.netuid),
    ).to.equal(alpha - half);
    const rest = await nativeDelta(user, () =>
      f.v2.connect(user).removeStakeFull(evmId(f.hotkey), f.netuid),
    );
    expect(rest).to.equal((await unstakedTao(f, user.address)) * WEI);
    expect(
      await f.layer.staking.stakeOf(f.hotkey, user.address, f.netuid),
    ).to.equal(0n);
  });

  it("refuses a call whose value is not the amount, and value on a call that takes none; nothing moves", async function () {
    const f: F = await loadFixture(fixture);
    const user = f.signers[5];
    const amount = tao(10);
    await expect(f.v2.connect(user).addStake(evmId(f.hotkey), amount, f.netuid))
      .to.be.revertedWithCustomError(f.facade, "PrecompileValueMismatch")
      .withArgs(amount * WEI, 0n);
    await expect(
      f.v2.connect(user).addStake(evmId(f.hotkey), amount, f.netuid, {
        value: amount * WEI + 1n,
      }),
    )
      .to.be.revertedWithCustomError(f.facade, "PrecompileValueMismatch")
      .withArgs(amount * WEI, amount * WEI + 1n);
    await expect(
      f.v2
        .connect(user)
        .removeStake(evmId(f.hotkey), 1n, f.netuid, { value: 1n }),
    ).to.be.revertedWithCustomError(f.facade, "PrecompileValueMismatch");
    await expect(
      f.v2
        .connect(user)
        .addStake(evmId(f.hotkey), amount, 70_000n, { value: amount * WEI }),
    )
      .to.be.revertedWithCustomError(f.facade, "PrecompileValueOutOfBounds")
      .withArgs(70_000n);
    // The layer's own refusal comes through as it is.
    await expect(
      f.v2.connect(user).removeStake(evmId(f.hotkey), tao(1), f.netuid),
    ).to.be.revertedWithCustomError(
      f.layer.staking,
      "StakingInsufficientStake",
    );
    expect(
      await f.layer.staking.stakeOf(f.hotkey, user.address, f.netuid),
    ).to.equal(0n);
    await expect(
      f.v2.connect(user).addProxy(evmId(f.hotkey)),
    ).to.be.revertedWithCustomError(f.facade, "PrecompileUnsupported");
  });

  it("moves stake between hotkeys and transfers it to a substrate coldkey that is not an EVM account", async function () {
    const f: F = await loadFixture(fixture);
    const user = f.signers[6];
    await (
      await f.v2
        .connect(user)
        .addStake(evmId(f.hotkey), tao(50), f.netuid, { value: tao(50) * WEI })
    ).wait();
    const alpha = await f.layer.staking.stakeOf(
      f.hotkey,
      user.address,
      f.netuid,
    );
    await (
      await f.v2
        .connect(user)
        .moveStake(
          evmId(f.hotkey),
          evmId(f.otherHotkey),
          f.netuid,
          f.netuid,
          alpha / 2n,
        )
    ).wait();
    const moved = await f.layer.staking.stakeOf(
      f.otherHotkey,
      user.address,
      f.netuid,
    );
    expect(moved).to.be.greaterThan(0n);
    expect(
      await f.layer.staking.stakeOf(f.hotkey, user.address, f.netuid),
    ).to.equal(alpha - alpha / 2n);

    const alice = substrateKey("//Alice");
    await (
      await f.v2
        .connect(user)
        .transferStake(alice, evmId(f.otherHotkey), f.netuid, f.netuid, moved)
    ).wait();
    const shadow = await f.evm.keys.shadowOf(alice);
    expect(
      await f.layer.staking.stakeOf(f.otherHotkey, shadow, f.netuid),
      "held under the key's shadow",
    ).to.equal(moved);
    expect(await f.v2.getStake(evmId(f.otherHotkey), alice, f.netuid)).to.equal(
      moved,
    );
    expect(await f.evm.keys.keyOf(shadow), "the shadow names the key").to.equal(
      alice,
    );
  });

  it("allowances as subtensor keeps them: saturating, spent by transferStakeFrom, refused beyond", async function () {
    const f: F = await loadFixture(fixture);
    const [owner, spender, receiver] = [
      f.signers[7],
      f.signers[8],
      f.signers[9],
    ];
    await (
      await f.v2
        .connect(owner)
        .addStake(evmId(f.hotkey), tao(40), f.netuid, { value: tao(40) * WEI })
    ).wait();
    const alpha = await f.layer.staking.stakeOf(
      f.hotkey,
      owner.address,
      f.netuid,
    );
    await (
      await f.v2.connect(owner).approve(spender.address, f.netuid, alpha / 2n)
    ).wait();
    await (
      await f.v2
        .connect(owner)
        .decreaseAllowance(spender.address, f.netuid, 2n ** 255n)
    ).wait();
    expect(
      await f.v2.allowance(owner.address, spender.address, f.netuid),
      "saturates at 0",
    ).to.equal(0n);
    await (
      await f.v2
        .connect(owner)
        .increaseAllowance(spender.address, f.netuid, alpha / 2n)
    ).wait();
    await expect(
      f.v2
        .connect(spender)
        .transferStakeFrom(
          owner.address,
          receiver.address,
          evmId(f.hotkey),
          f.netuid,
          f.netuid,
          alpha / 2n + 1n,
        ),
    )
      .to.be.revertedWithCustomError(f.facade, "StakingV2AllowanceExceeded")
      .withArgs(owner.address, spender.address, alpha / 2n, alpha / 2n + 1n);
    await (
      await f.v2
        .connect(spender)
        .transferStakeFrom(
          owner.address,
          receiver.address,
          evmId(f.hotkey),
          f.netuid,
          f.netuid,
          alpha / 2n,
        )
    ).wait();
    expect(
      await f.layer.staking.stakeOf(f.hotkey, receiver.address, f.netuid),
    ).to.equal(alpha / 2n);
    expect(
      await f.v2.allowance(owner.address, spender.address, f.netuid),
    ).to.equal(0n);
  });

  it("addStakeLimit with a partial fill refunds the unspent value as native TAO", async function () {
    const f: F = await loadFixture(fixture);
    const user = f.signers[10];
    const price = await f.layer.staking.spotPrice(f.netuid);
    const limit = (price * 3n) / 2n; // 50% above spot: a buy of most of the pool fills only partly
    const [poolTao] = await f.layer.staking.pool(f.netuid);
    const amount = poolTao; // would double the TAO reserve: the price would quadruple
    const paid = await nativeDelta(user, () =>
      f.v2
        .connect(user)
        .addStakeLimit(evmId(f.hotkey), amount, limit, true, f.netuid, {
          value: amount * WEI,
        }),
    );
    expect(-paid).to.be.greaterThan(0n);
    expect(-paid).to.be.lessThan(amount * WEI);
    expect(await f.layer.staking.spotPrice(f.netuid)).to.be.at.most(limit);
    expect(
      await f.layer.tao.balanceOf(PRECOMPILE_ADDRESSES.StakingV2Precompile),
      "the facade keeps nothing",
    ).to.equal(0n);
  });

  it("finds a hotkey registered through the layer's own API by its EVM id, and links it", async function () {
    const f: F = await loadFixture(fixture);
    const coldkey = await fundedWallet(f.layer, tao(100));
    const hotkey = await fundedWallet(f.layer);
    const burn = await f.layer.registry.burn(f.netuid);
    await (
      await f.layer.tao
        .connect(coldkey)
        .approve(f.layer.addresses.SubnetRegistry, burn)
    ).wait();
    await (
      await f.layer.registry
        .connect(coldkey)
        .burnedRegister(f.netuid, hotkey.address, burn)
    ).wait();
    expect(await f.evm.keys.isLinked(evmId(hotkey.address))).to.equal(false);
    const user = f.signers[11];
    await (
      await f.v2
        .connect(user)
        .addStake(evmId(hotkey.address), tao(10), f.netuid, {
          value: tao(10) * WEI,
        })
    ).wait();
    expect(
      await f.layer.staking.stakeOf(hotkey.address, user.address, f.netuid),
    ).to.be.greaterThan(0n);
    expect(await f.evm.keys.isLinked(evmId(hotkey.address))).to.equal(true);
  });

  it("totals: a hotkey's stake valued at each subnet's price, a coldkey's at what selling would pay plus its fee", async function () {
    const f: F = await loadFixture(fixture);
    const user = f.signers[12];
    for (const s of f.subnets) {
      const h = s.neurons.find((n) => n.role === "validator")!.hotkey.address;
      await (
        await f.v2
          .connect(user)
          .addStake(evmId(h), tao(20), s.netuid, { value: tao(20) * WEI })
      ).wait();
    }
    let expected = 0n;
    for (const s of f.subnets) {
      const h = s.neurons.find((n) => n.role === "validator")!.hotkey.address;
      const a = await f.layer.staking.stakeOf(h, user.address, s.netuid);
      const fee =
        (a * BigInt(await f.layer.staking.feeRate(s.netuid))) / 65_535n;
      expected +=
        (await f.layer.staking.simSwapAlphaForTao(s.netuid, a)) +
        (fee * (await f.layer.staking.spotPrice(s.netuid))) / 10n ** 9n;
    }
    expect(await f.v2.getTotalColdkeyStake(evmId(user.address))).to.equal(
      expected,
    );
    expect(await f.v1.getTotalColdkeyStake(evmId(user.address))).to.equal(
      expected * WEI,
    );
    const alpha = await f.layer.staking.totalHotkeyAlpha(f.hotkey, f.netuid);
    expect(await f.v2.getTotalAlphaStaked(evmId(f.hotkey), f.netuid)).to.equal(
      alpha,
    );
    expect(await f.v2.getTotalHotkeyStake(evmId(f.hotkey))).to.equal(
      (alpha * (await f.layer.staking.spotPrice(f.netuid))) / 10n ** 9n,
    );
    expect(await f.v2.getNominatorMinRequiredStake()).to.equal(2_000_000n);
  });

  it("Staking V1 stakes the call's value and unstakes 18-decimal amounts", async function () {
    const f: F = await loadFixture(fixture);
    const user = f.signers[13];
    const value = parseEther("3");
    expect(
      await nativeDelta(user, () =>
        f.v1.connect(user).addStake(evmId(f.hotkey), f.netuid, { value }),
      ),
    ).to.equal(-value);
    const alpha = await f.layer.staking.stakeOf(
      f.hotkey,
      user.address,
      f.netuid,
    );
    expect(await stakedBy(f, user.address)).to.deep.equal([
      f.hotkey,
      BigInt(f.netuid),
      tao(3),
      alpha,
    ]);
    // 18 decimals, floored to α rao: one wei short of an extra rao unstakes exactly `alpha`.
    expect(
      await nativeDelta(user, () =>
        f.v1
          .connect(user)
          .removeStake(evmId(f.hotkey), alpha * WEI + (WEI - 1n), f.netuid),
      ),
    ).to.equal((await unstakedTao(f, user.address)) * WEI);
    expect(
      await f.layer.staking.stakeOf(f.hotkey, user.address, f.netuid),
    ).to.equal(0n);
  });

  it("BalanceTransfer credits an EVM account's balance, or a substrate key's shadow, without running code", async function () {
    const f: F = await loadFixture(fixture);
    const [from, to] = [f.signers[14], f.signers[15]];
    const value = parseEther("1.5");
    const before = await ethers.provider.getBalance(to.address);
    await (
      await f.transfer.connect(from).transfer(evmId(to.address), { value })
    ).wait();
    expect((await ethers.provider.getBalance(to.address)) - before).to.equal(
      value,
    );
    const bob = substrateKey("//Bob");
    await (await f.transfer.connect(from).transfer(bob, { value })).wait();
    expect(
      await ethers.provider.getBalance(await f.evm.keys.shadowOf(bob)),
    ).to.equal(value);
    // A contract without receive() is credited all the same (its code never runs).
    const noReceive = f.layer.addresses.MetagraphLens;
    await (await f.evm.keys.link(noReceive)).wait();
    await (
      await f.transfer.connect(from).transfer(evmId(noReceive), { value })
    ).wait();
    expect(await ethers.provider.getBalance(noReceive)).to.equal(value);
  });
});
