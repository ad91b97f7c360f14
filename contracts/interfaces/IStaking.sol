// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAlphaToken} from "./IAlphaToken.sol";

/// @title IStaking
/// @notice Each subnet's TAO/α pool and the per-(hotkey, subnet) share pools that hold stake
///         (docs/spec/chain.md §3, §3.6, §4.2), and root stake (netuid 0: TAO held 1:1, no fee) with its
///         claimable root dividends (§4.7). A position is (hotkey, coldkey, netuid) in α (TAO on root);
///         the coldkey is `msg.sender`. The contract holds all pool and root TAO, and every α token that
///         is not liquid: reserve, staked, the chain buys' protocol α and unclaimed root dividends.
/// @dev Privileged entry points (`restricted` through the protocol AccessManager) are called by the
///      SubnetRegistry (createPool, buyAndRecycle), the Coinbase (inject, protocolBuy) and the
///      EpochSettlement (pay, creditRootDividends); governance sets the fee
///      recipient, fee rates and TaoWeight. Whoever calls them with TAO must have transferred that TAO
///      to this contract first, in the same transaction; the contract checks its unaccounted balance.
interface IStaking {
    /* TYPES */

    /// @notice What {claimRoot} does with a coldkey's root dividends (`RootClaimType`, docs/spec/chain.md §4.7).
    enum RootClaimType {
        /// Sell the α fee-free in its subnet's pool and add the TAO to the root stake on the same hotkey
        /// (subtensor's default).
        Swap,
        /// Stake the α on its subnet, on the same hotkey.
        Keep
    }

    /// @notice One protocol payment of new α (docs/spec/chain.md §2.7): staked to (hotkey, coldkey) as new
    ///         shares ({pay}; pool rewards travel as their own array).
    struct Payment {
        /// The hotkey paid on.
        address hotkey;
        /// The position's owner.
        address coldkey;
        /// The α to mint, in α rao.
        uint256 alpha;
    }

    /// @notice A dissolved subnet's TAO pot and what is left of it (docs/spec/chain.md §5.1 dissolution). Every
    ///         α holder redeems at the same rate, `pot / alphaValue` TAO per α: stakers with
    ///         {redeemStake}, liquid α with {redeemAlpha}.
    struct Dissolution {
        /// The pool's TAO reserve at dissolution (`SubnetTAO`), in rao.
        uint128 pot;
        /// The α that shared the pot: the holders' (staked + liquid) plus the protocol's (reserve +
        /// chain-bought), in α rao. A pool seeded at a tiny median price can hold more than 2^64 α.
        uint128 alphaValue;
        /// Of the holders' part of the pot, the TAO not yet redeemed, in rao.
        uint128 unredeemedTao;
        /// The block of the dissolution (0: not dissolved).
        uint64 dissolvedAt;
    }

    /* ERRORS */

    /// @notice No pool exists for `netuid`.
    /// @param netuid The subnet asked for.
    error StakingNoPool(uint16 netuid);
    /// @notice A pool already exists for `netuid`.
    /// @param netuid The subnet.
    error StakingPoolExists(uint16 netuid);
    /// @notice Staking on the subnet has not started (the owner has not called `startCall`).
    /// @param netuid The subnet.
    error StakingSubnetNotStarted(uint16 netuid);
    /// @notice The hotkey has no owner coldkey (it was never registered anywhere).
    /// @param hotkey The hotkey.
    error StakingUnknownHotkey(address hotkey);
    /// @notice A zero amount was given.
    error StakingZeroAmount();
    /// @notice The swap would pay out nothing, or drain the output reserve (or it holds less than
    ///         `MinimumReserve`), or a stake would mint zero shares.
    /// @param netuid The subnet whose pool is too thin.
    error StakingInsufficientLiquidity(uint16 netuid);
    /// @notice The coldkey's stake on (hotkey, netuid) is below the amount asked.
    /// @param hotkey The hotkey staked on.
    /// @param coldkey The position's owner (the caller).
    /// @param netuid The subnet.
    /// @param stake The position's α value, in α rao.
    /// @param amount The α asked to unstake, in α rao.
    error StakingInsufficientStake(address hotkey, address coldkey, uint16 netuid, uint256 stake, uint256 amount);
    /// @notice The contract was not sent the TAO a privileged call accounts for.
    /// @param expected The TAO the call brings, in rao.
    /// @param available The contract's TAO balance above {accountedTao}, in rao.
    error StakingUnfundedTao(uint256 expected, uint256 available);
    /// @notice The amount is below the minimum stake (`DefaultMinStake`, 0.002 TAO, docs/spec/chain.md §3.6,
    ///         §4.6): a stake must bring, an unstake that leaves a remainder must pay, and a move must be
    ///         worth at least it.
    /// @param amount The amount checked (TAO in rao, or the α's TAO value at the spot price).
    /// @param minimum The least accepted, in rao.
    error StakingAmountTooLow(uint256 amount, uint256 minimum);
    /// @notice The net input exceeds 1000 × the pool's input-side reserve (`SwapInputTooLarge`, §3.3).
    /// @param netuid The subnet.
    /// @param amount The net input.
    /// @param max The largest accepted net input.
    error StakingInputTooLarge(uint16 netuid, uint256 amount, uint256 max);
    /// @notice The limit price is not strictly beyond the current price (buy: price < limit; sell:
    ///         price > limit), so nothing could fill (`PriceLimitExceeded`, §3.3).
    /// @param netuid The subnet.
    /// @param price The current spot price, rao per α ×1e9.
    /// @param limit The limit given.
    error StakingPriceLimitExceeded(uint16 netuid, uint256 price, uint256 limit);
    /// @notice Filling the whole amount would cross the limit price and partial fills were not allowed
    ///         (`SlippageTooHigh`, §3.6).
    /// @param netuid The subnet.
    /// @param amount The amount asked (TAO for a stake, α for an unstake).
    /// @param max The most that fills within the limit.
    error StakingSlippageTooHigh(uint16 netuid, uint256 amount, uint256 max);
    /// @notice A move that changes nothing: same coldkey, hotkey and subnet (`SameNetuid`).
    error StakingSameStake();
    /// @notice Stake transfers are disabled on the subnet (`TransferToggle` off, §3.6, §7.1).
    /// @param netuid The subnet.
    error StakingTransfersDisabled(uint16 netuid);
    /// @notice The spender's allowance on the source's stake in `netuid` is below the amount.
    /// @param source The stake's owner.
    /// @param spender The caller.
    /// @param netuid The subnet the allowance is for.
    /// @param allowance The allowance left, in α rao.
    /// @param amount The α asked, in α rao.
    error StakingInsufficientAllowance(address source, address spender, uint16 netuid, uint256 allowance, uint256 amount);
    /// @notice Only the subnet's owner may do this.
    /// @param netuid The subnet.
    /// @param caller The caller.
    error StakingNotSubnetOwner(uint16 netuid, address caller);
    /// @notice A fee rate above `MAX_FEE_RATE` (10_000 / 65_535).
    /// @param rate The rate given.
    error StakingInvalidFeeRate(uint16 rate);
    /// @notice The zero address where an account is needed.
    error StakingZeroAddress();
    /// @notice Root dividends for a hotkey with no root stake (nobody could claim them).
    /// @param hotkey The hotkey.
    error StakingNoRootStake(address hotkey);
    /// @notice Root (netuid 0) has no α token: liquid α and α credits do not apply to it.
    error StakingRootHasNoAlpha();
    /// @notice The subnet was dissolved: its stake and liquid α can only be redeemed ({redeemStake},
    ///         {redeemAlpha}).
    /// @param netuid The subnet.
    error StakingSubnetDissolved(uint16 netuid);
    /// @notice Redemption needs a dissolved subnet.
    /// @param netuid The subnet, which has a live pool or none.
    error StakingSubnetNotDissolved(uint16 netuid);

    /* EVENTS */

    // Amounts stay unindexed: nobody filters logs by them, and a topic (375 gas) costs more than a
    // data word (256 gas).
    // solhint-disable gas-indexed-events

    /// @notice A subnet's pool was created with its initial reserves (subnet registration, docs/spec/chain.md §5.1).
    /// @param netuid The subnet.
    /// @param alpha The subnet's α token.
    /// @param taoReserve The initial TAO reserve (the lock cost), in rao.
    /// @param alphaReserve The α minted into the pool, in α rao.
    event PoolCreated(uint16 indexed netuid, address indexed alpha, uint256 taoReserve, uint256 alphaReserve);

    /// @notice `coldkey` staked `tao` on (hotkey, netuid), receiving `alpha` after `fee` TAO.
    /// @param coldkey The staker (the caller).
    /// @param hotkey The hotkey staked on.
    /// @param netuid The subnet.
    /// @param tao The TAO pulled from the coldkey, fee included, in rao.
    /// @param alpha The α bought and staked, in α rao.
    /// @param fee The TAO fee sent to the fee recipient, in rao.
    event StakeAdded(address indexed coldkey, address indexed hotkey, uint16 indexed netuid, uint256 tao, uint256 alpha, uint256 fee);

    /// @notice `coldkey` unstaked `alpha` from (hotkey, netuid), receiving `tao` after `fee` (α).
    /// @param coldkey The staker (the caller).
    /// @param hotkey The hotkey unstaked from.
    /// @param netuid The subnet.
    /// @param alpha The α unstaked, fee included, in α rao.
    /// @param tao The TAO paid to the coldkey, in rao.
    /// @param fee The α fee, sold fee-free for the fee recipient, in α rao.
    event StakeRemoved(address indexed coldkey, address indexed hotkey, uint16 indexed netuid, uint256 alpha, uint256 tao, uint256 fee);

    /// @notice Emission added liquidity at the current price (docs/spec/chain.md §2.4).
    /// @param netuid The subnet.
    /// @param taoIn TAO added to the reserve, in rao.
    /// @param alphaIn α minted into the reserve, in α rao.
    event Injected(uint16 indexed netuid, uint256 taoIn, uint256 alphaIn);

    /// @notice Emission's excess TAO bought α for the protocol (docs/spec/chain.md §2.4 chain buy): fee-free, no
    ///         price limit; the α bought is owned by nobody and counted in {protocolAlpha}.
    /// @param netuid The subnet.
    /// @param tao The TAO put into the reserve, in rao.
    /// @param alpha The α taken out of the reserve, in α rao.
    event ProtocolBought(uint16 indexed netuid, uint256 tao, uint256 alpha);

    /// @notice TAO was bought into the pool and the α bought was recycled (neuron registration burn).
    /// @param netuid The subnet.
    /// @param tao The burn paid, fee included (the fee stays with the subnet as {retainedTao}), in rao.
    /// @param alphaRecycled The α bought and burned, in α rao.
    event BoughtAndRecycled(uint16 indexed netuid, uint256 tao, uint256 alphaRecycled);

    /// @notice New α was staked to (hotkey, coldkey, netuid) by the protocol (incentive, take, owner cut).
    /// @param hotkey The hotkey staked on.
    /// @param coldkey The position's owner.
    /// @param netuid The subnet.
    /// @param alpha The α minted and staked, in α rao.
    event StakeCredited(address indexed hotkey, address indexed coldkey, uint16 indexed netuid, uint256 alpha);

    /// @notice New α was added to the hotkey's pool value: a stake payment too small to mint one share
    ///         ({pay}). An epoch's pool rewards are logged by {HotkeysRewarded}.
    /// @param hotkey The hotkey.
    /// @param netuid The subnet.
    /// @param alpha The α minted into the share pool's value, in α rao.
    event HotkeyRewarded(address indexed hotkey, uint16 indexed netuid, uint256 alpha);

    /// @notice An epoch's pool rewards ({pay}): each validator hotkey's pool value grew by its reward, with
    ///         no new shares (docs/spec/chain.md §2.7 step 6), except a pool with no shares, where the reward was
    ///         staked for the hotkey's owner ({StakeCredited}). One event for the epoch instead of one per
    ///         validator.
    /// @param netuid The subnet.
    /// @param rewards Per validator two words, as IEpochSettlement.EpochReport `validatorPayouts`: the hotkey
    ///        in the low 160 bits of the first, the pool reward in the low 64 bits of the second.
    event HotkeysRewarded(uint16 indexed netuid, uint256[] rewards);

    /// @notice `coldkey` moved `alpha` α of stake from (originHotkey, originNetuid) to `destinationColdkey`'s
    ///         position on (destinationHotkey, destinationNetuid), which received `alphaReceived`
    ///         (move_stake, swap_stake, transfer_stake, transferStakeFrom; docs/spec/chain.md §3.6).
    /// @dev Within a subnet shares move at value (`alphaReceived` = `alpha`, `tao` = 0). Across subnets the
    ///      α is sold on the origin pool (input fee charged there) and the TAO bought fee-free into the
    ///      destination pool.
    /// @param coldkey The origin position's owner.
    /// @param originHotkey The origin hotkey.
    /// @param originNetuid The origin subnet.
    /// @param destinationColdkey The destination position's owner (the same for move and swap).
    /// @param destinationHotkey The destination hotkey.
    /// @param destinationNetuid The destination subnet.
    /// @param alpha The α taken from the origin position, fee included, in α rao.
    /// @param tao The TAO the origin sale paid into the destination buy (0 within a subnet), in rao.
    /// @param alphaReceived The α credited to the destination position, in α rao.
    event StakeMoved(
        address indexed coldkey,
        address originHotkey,
        uint16 originNetuid,
        address indexed destinationColdkey,
        address destinationHotkey,
        uint16 destinationNetuid,
        uint256 alpha,
        uint256 tao,
        uint256 alphaReceived
    );

    /// @notice `owner` set `spender`'s allowance over its stake in `netuid` to `amount`.
    /// @param owner The stake's owner.
    /// @param spender Who may move it with {transferStakeFrom}.
    /// @param netuid The subnet.
    /// @param amount The allowance, in α rao (`type(uint256).max` is never spent down).
    event StakeApproval(address indexed owner, address indexed spender, uint16 indexed netuid, uint256 amount);

    /// @notice `coldkey` unstaked `alpha` α from (hotkey, netuid) as liquid α tokens (no swap, no fee).
    /// @param coldkey The position's owner, who received the tokens.
    /// @param hotkey The hotkey.
    /// @param netuid The subnet.
    /// @param alpha The α withdrawn, in α rao.
    event AlphaWithdrawn(address indexed coldkey, address indexed hotkey, uint16 indexed netuid, uint256 alpha);

    /// @notice `coldkey` staked `alpha` liquid α tokens to (hotkey, netuid) (no swap, no fee).
    /// @param coldkey The position's owner, who paid the tokens.
    /// @param hotkey The hotkey.
    /// @param netuid The subnet.
    /// @param alpha The α deposited, in α rao.
    event AlphaDeposited(address indexed coldkey, address indexed hotkey, uint16 indexed netuid, uint256 alpha);

    /// @notice Root dividends of `alpha` α on `netuid` were credited to the root stakers of `hotkey`,
    ///         to claim with {claimRoot} (docs/spec/chain.md §2.7 step 7, §4.7).
    /// @param hotkey The hotkey whose root stakers earn them.
    /// @param netuid The subnet the α belongs to.
    /// @param alpha The α credited (minted now, held until claimed), in α rao.
    event RootDividendsCredited(address indexed hotkey, uint16 indexed netuid, uint256 alpha);

    /// @notice `coldkey` claimed its root dividends of `alpha` α on `netuid` from `hotkey`.
    /// @param coldkey The root staker.
    /// @param hotkey The hotkey of its root stake.
    /// @param netuid The subnet the α belongs to.
    /// @param alpha The α claimed, in α rao.
    /// @param claimType Swap (sold for `tao` TAO, added to the root stake) or Keep (staked on `netuid`).
    /// @param tao The TAO the sale paid (Swap), 0 for Keep, in rao.
    event RootClaimed(
        address indexed coldkey,
        address indexed hotkey,
        uint16 indexed netuid,
        uint256 alpha,
        RootClaimType claimType,
        uint256 tao
    );

    /// @notice `coldkey` chose what its root claims do.
    /// @param coldkey The root staker.
    /// @param claimType Swap or Keep.
    event RootClaimTypeSet(address indexed coldkey, RootClaimType claimType);

    /// @notice Governance set `TaoWeight`, the weight of root TAO in Yuma stake and in the root proportion.
    /// @param taoWeight The weight, out of 2^64 - 1.
    event TaoWeightSet(uint64 taoWeight);

    /// @notice `coldkey` recycled `alpha` α of its stake: the tokens are destroyed, so the subnet's α
    ///         issuance drops and its halvings come later (`recycle_alpha`, docs/spec/chain.md §4.6).
    /// @param coldkey The position's owner.
    /// @param hotkey The hotkey.
    /// @param netuid The subnet.
    /// @param alpha The α recycled, in α rao.
    event AlphaRecycled(address indexed coldkey, address indexed hotkey, uint16 indexed netuid, uint256 alpha);

    /// @notice `coldkey` burned `alpha` α of its stake: it leaves the position but stays in the α issuance,
    ///         held by Staking in {burnedAlpha} (`burn_alpha`, docs/spec/chain.md §4.6).
    /// @param coldkey The position's owner.
    /// @param hotkey The hotkey.
    /// @param netuid The subnet.
    /// @param alpha The α burned, in α rao.
    event AlphaBurned(address indexed coldkey, address indexed hotkey, uint16 indexed netuid, uint256 alpha);

    /// @notice The subnet owner switched stake transfers (`TransferToggle`).
    /// @param netuid The subnet.
    /// @param enabled Whether transfers are allowed.
    event TransfersEnabledSet(uint16 indexed netuid, bool enabled);

    /// @notice Governance set the recipient of swap fees.
    /// @param recipient The new recipient.
    event FeeRecipientSet(address indexed recipient);

    /// @notice Governance set a subnet's swap fee rate (`FeeRate`).
    /// @param netuid The subnet.
    /// @param rate The rate, out of 65_535.
    event FeeRateSet(uint16 indexed netuid, uint16 rate);

    /// @notice A subnet was dissolved (docs/spec/chain.md §5.1): its pool closed, its α holders' share of the
    ///         TAO pot set aside for redemption, the rest recycled. Its reserve α, chain-bought α, unclaimed
    ///         root dividends and burned α were burned.
    /// @param netuid The subnet.
    /// @param pot The pool's TAO reserve, in rao.
    /// @param alphaValue The α that shared the pot (holders + protocol), in α rao.
    /// @param holdersTao The holders' part of the pot, redeemable, in rao.
    /// @param recycledTao The protocol's part of the pot plus the subnet's retained TAO, recycled, in rao.
    event SubnetDissolved(uint16 indexed netuid, uint256 pot, uint256 alphaValue, uint256 holdersTao, uint256 recycledTao);

    /// @notice A position on a dissolved subnet was redeemed for its share of the pot.
    /// @param coldkey The position's owner, paid in TAO.
    /// @param hotkey The hotkey it was staked on.
    /// @param netuid The dissolved subnet.
    /// @param alpha The position's α, burned, in α rao.
    /// @param tao The TAO paid, in rao.
    event StakeRedeemed(address indexed coldkey, address indexed hotkey, uint16 indexed netuid, uint256 alpha, uint256 tao);

    /// @notice Liquid α of a dissolved subnet was redeemed for its share of the pot.
    /// @param holder The holder, whose α was burned and who was paid in TAO.
    /// @param netuid The dissolved subnet.
    /// @param alpha The α burned, in α rao.
    /// @param tao The TAO paid, in rao.
    event AlphaRedeemed(address indexed holder, uint16 indexed netuid, uint256 alpha, uint256 tao);

    // solhint-enable gas-indexed-events

    /* USER ACTIONS */

    /// @notice Buy α with `tao` TAO (pulled from the caller, fee on input) and stake it on (hotkey, netuid).
    /// @param hotkey Any hotkey with an owner; it need not be registered on `netuid`.
    /// @param netuid A started subnet.
    /// @param tao The TAO to spend, fee included, in rao (approve it first).
    /// @return alpha The α staked, in α rao.
    function addStake(address hotkey, uint16 netuid, uint256 tao) external returns (uint256 alpha);

    /// @notice {addStake} with a price limit: buy only while the pool's price stays at or below `limitPrice`.
    /// @param hotkey Any hotkey with an owner.
    /// @param netuid A started subnet.
    /// @param tao The most TAO to spend, fee included, in rao.
    /// @param limitPrice The highest acceptable price after the buy, rao per α ×1e9; above the current price.
    /// @param allowPartial Spend only what fills within the limit (true) or revert (false).
    /// @return alpha The α staked, in α rao.
    /// @return taoSpent The TAO pulled from the caller, fee included, in rao.
    function addStakeLimit(
        address hotkey,
        uint16 netuid,
        uint256 tao,
        uint256 limitPrice,
        bool allowPartial
    ) external returns (uint256 alpha, uint256 taoSpent);

    /// @notice Unstake `alpha` α from (hotkey, netuid), sell it and send the TAO to the caller.
    /// @param hotkey The hotkey staked on.
    /// @param netuid The subnet.
    /// @param alpha The α to unstake, fee included, in α rao; at most {stakeOf}.
    /// @return tao The TAO paid out, in rao.
    function removeStake(address hotkey, uint16 netuid, uint256 alpha) external returns (uint256 tao);

    /// @notice {removeStake} with a price limit: sell only while the pool's price stays at or above
    ///         `limitPrice`; unfilled α stays staked.
    /// @param hotkey The hotkey staked on.
    /// @param netuid The subnet.
    /// @param alpha The most α to unstake, fee included, in α rao.
    /// @param limitPrice The lowest acceptable price after the sale, rao per α ×1e9; below the current price.
    /// @param allowPartial Sell only what fills within the limit (true) or revert (false).
    /// @return tao The TAO paid out, in rao.
    /// @return alphaSold The α unstaked, in α rao.
    function removeStakeLimit(
        address hotkey,
        uint16 netuid,
        uint256 alpha,
        uint256 limitPrice,
        bool allowPartial
    ) external returns (uint256 tao, uint256 alphaSold);

    /// @notice Unstake and sell the caller's whole position on (hotkey, netuid).
    /// @param hotkey The hotkey staked on.
    /// @param netuid The subnet.
    /// @return tao The TAO paid out, in rao.
    function removeStakeFull(address hotkey, uint16 netuid) external returns (uint256 tao);

    /// @notice {removeStakeFull} that reverts unless the whole position sells at or above `limitPrice`.
    /// @param hotkey The hotkey staked on.
    /// @param netuid The subnet.
    /// @param limitPrice The lowest acceptable price after the sale, rao per α ×1e9.
    /// @return tao The TAO paid out, in rao.
    function removeStakeFullLimit(address hotkey, uint16 netuid, uint256 limitPrice) external returns (uint256 tao);

    /// @notice Move `alpha` α of the caller's stake to another hotkey and/or subnet (move_stake).
    /// @param originHotkey The hotkey staked on.
    /// @param destinationHotkey The hotkey to stake on (any hotkey with an owner).
    /// @param originNetuid The subnet staked on.
    /// @param destinationNetuid The subnet to stake on (started).
    /// @param alpha The α to move, in α rao.
    /// @return alphaReceived The α credited on the destination, in α rao.
    function moveStake(
        address originHotkey,
        address destinationHotkey,
        uint16 originNetuid,
        uint16 destinationNetuid,
        uint256 alpha
    ) external returns (uint256 alphaReceived);

    /// @notice Move `alpha` α of the caller's stake on `hotkey` to another subnet (swap_stake).
    /// @param hotkey The hotkey, on both sides.
    /// @param originNetuid The subnet staked on.
    /// @param destinationNetuid Another subnet (started).
    /// @param alpha The α to move, in α rao.
    /// @return alphaReceived The α credited on the destination, in α rao.
    function swapStake(
        address hotkey,
        uint16 originNetuid,
        uint16 destinationNetuid,
        uint256 alpha
    ) external returns (uint256 alphaReceived);

    /// @notice Give `alpha` α of the caller's stake on `hotkey` to `destinationColdkey`, optionally on
    ///         another subnet (transfer_stake; `TransferToggle` must be on for both subnets).
    /// @param destinationColdkey The new owner.
    /// @param hotkey The hotkey, on both sides.
    /// @param originNetuid The subnet staked on.
    /// @param destinationNetuid The subnet the new owner's stake lands on.
    /// @param alpha The α to transfer, in α rao.
    /// @return alphaReceived The α credited to the destination coldkey, in α rao.
    function transferStake(
        address destinationColdkey,
        address hotkey,
        uint16 originNetuid,
        uint16 destinationNetuid,
        uint256 alpha
    ) external returns (uint256 alphaReceived);

    /// @notice Let `spender` move up to `amount` α of the caller's stake in `netuid` ({transferStakeFrom}).
    /// @param spender The spender.
    /// @param netuid The subnet.
    /// @param amount The allowance, in α rao (`type(uint256).max`: unlimited, never spent down).
    /// @return True.
    function approve(address spender, uint16 netuid, uint256 amount) external returns (bool);

    /// @notice Raise `spender`'s allowance on the caller's stake in `netuid` by `added`.
    /// @param spender The spender.
    /// @param netuid The subnet.
    /// @param added α rao to add.
    /// @return True.
    function increaseAllowance(address spender, uint16 netuid, uint256 added) external returns (bool);

    /// @notice Lower `spender`'s allowance on the caller's stake in `netuid` by `subtracted` (reverts
    ///         with {StakingInsufficientAllowance} below zero).
    /// @param spender The spender.
    /// @param netuid The subnet.
    /// @param subtracted α rao to remove.
    /// @return True.
    function decreaseAllowance(address spender, uint16 netuid, uint256 subtracted) external returns (bool);

    /// @notice As a spender, transfer `alpha` α of `source`'s stake on `hotkey` to `destination`'s
    ///         position, optionally on another subnet; spends the allowance on `originNetuid`.
    /// @param source The stake's owner.
    /// @param destination The new owner.
    /// @param hotkey The hotkey, on both sides.
    /// @param originNetuid The subnet staked on.
    /// @param destinationNetuid The subnet the stake lands on.
    /// @param alpha The α to transfer, in α rao.
    /// @return alphaReceived The α credited to `destination`, in α rao.
    function transferStakeFrom(
        address source,
        address destination,
        address hotkey,
        uint16 originNetuid,
        uint16 destinationNetuid,
        uint256 alpha
    ) external returns (uint256 alphaReceived);

    /// @notice Unstake `alpha` α from (hotkey, netuid) as liquid α tokens sent to the caller, without a
    ///         swap (our extension: α is a real ERC-20). Gated by `TransferToggle`, since a token can then
    ///         change hands.
    /// @param hotkey The hotkey staked on.
    /// @param netuid The subnet.
    /// @param alpha The α to withdraw, in α rao.
    function withdrawAlpha(address hotkey, uint16 netuid, uint256 alpha) external;

    /// @notice Stake `alpha` of the caller's liquid α tokens to (hotkey, netuid), without a swap (approve
    ///         the α token first).
    /// @param hotkey Any hotkey with an owner.
    /// @param netuid A started subnet.
    /// @param alpha The α to deposit, in α rao.
    function depositAlpha(address hotkey, uint16 netuid, uint256 alpha) external;

    /// @notice Claim the caller's root dividends from its root stake on `hotkey`, for each subnet in
    ///         `netuids` where they reach `ROOT_CLAIM_THRESHOLD` (`claim_root`, docs/spec/chain.md §4.7), as
    ///         the caller's {rootClaimType} says.
    /// @param hotkey The hotkey of the caller's root stake.
    /// @param netuids The subnets to claim on.
    /// @return claimed The α claimed on each subnet (0 below the threshold), in α rao.
    function claimRoot(address hotkey, uint16[] calldata netuids) external returns (uint256[] memory claimed);

    /// @notice Choose what the caller's root claims do (default Swap).
    /// @param claimType Swap or Keep.
    function setRootClaimType(RootClaimType claimType) external;

    /// @notice Recycle up to `alpha` α of the caller's stake on (hotkey, netuid): destroyed, lowering the α
    ///         issuance (`recycle_alpha`; not on root). The amount is capped at the position.
    /// @param hotkey The hotkey staked on.
    /// @param netuid A started subnet (not root).
    /// @param alpha The most α to recycle, in α rao.
    /// @return recycled The α recycled, in α rao.
    function recycleAlpha(address hotkey, uint16 netuid, uint256 alpha) external returns (uint256 recycled);

    /// @notice Burn up to `alpha` α of the caller's stake on (hotkey, netuid): out of the position, kept in
    ///         the α issuance as {burnedAlpha} (`burn_alpha`; not on root). The amount is capped at the position.
    /// @param hotkey The hotkey staked on.
    /// @param netuid A started subnet (not root).
    /// @param alpha The most α to burn, in α rao.
    /// @return burned The α burned, in α rao.
    function burnAlpha(address hotkey, uint16 netuid, uint256 alpha) external returns (uint256 burned);

    /// @notice Switch stake transfers on `netuid` (`TransferToggle`, default on). Only the subnet owner.
    /// @param netuid The subnet.
    /// @param enabled Whether transfers are allowed.
    function setTransfersEnabled(uint16 netuid, bool enabled) external;

    /// @notice Redeems the caller's whole position on (hotkey, netuid) of a dissolved subnet for TAO:
    ///         floor(α · pot / alphaValue) ({dissolution}). No accrual, no fee, no minimum.
    /// @param hotkey The hotkey the position is on.
    /// @param netuid The dissolved subnet.
    /// @return alpha The position's α, burned, in α rao.
    /// @return tao The TAO paid to the caller, in rao.
    function redeemStake(address hotkey, uint16 netuid) external returns (uint256 alpha, uint256 tao);
    /// @notice Burns `alpha` of the caller's liquid α of a dissolved subnet for TAO at the same rate as
    ///         {redeemStake}.
    /// @param netuid The dissolved subnet.
    /// @param alpha The α to redeem, in α rao; non-zero.
    /// @return tao The TAO paid to the caller, in rao.
    function redeemAlpha(uint16 netuid, uint256 alpha) external returns (uint256 tao);

    /* VIEWS */

    /// @notice The α value of `coldkey`'s position on (hotkey, netuid): floor(V·s_c/D).
    /// @param hotkey The hotkey staked on.
    /// @param coldkey The position's owner.
    /// @param netuid The subnet.
    /// @return The position's value, in α rao.
    function stakeOf(address hotkey, address coldkey, uint16 netuid) external view returns (uint256);
    /// @notice The hotkey's total α on the subnet (`TotalHotkeyAlpha`, the share pool value V).
    /// @param hotkey The hotkey.
    /// @param netuid The subnet.
    /// @return V, in α rao.
    function totalHotkeyAlpha(address hotkey, uint16 netuid) external view returns (uint256);
    /// @notice The pool's reserves (both 0 if no pool).
    /// @param netuid The subnet.
    /// @return taoReserve The TAO reserve y (`SubnetTAO`), in rao.
    /// @return alphaReserve The α reserve x (`SubnetAlphaIn`), in α rao.
    function pool(uint16 netuid) external view returns (uint256 taoReserve, uint256 alphaReserve);
    /// @notice Spot price in rao of TAO per whole α (×1e9), 0 if the α reserve is empty.
    /// @param netuid The subnet.
    /// @return floor(taoReserve · 1e9 / alphaReserve).
    function spotPrice(uint16 netuid) external view returns (uint256);
    /// @notice The α that {addStake} of `taoAmount` would credit against the pool as it is now, fee
    ///         included (docs/spec/chain.md §9, precompile 0x808 `simSwapTaoForAlpha`).
    /// @dev A transaction first accrues the emission of blocks not yet accrued, which moves the pool a
    ///      little; the quote does not. 0 where the swap would revert (no pool, pool too thin, zero output).
    /// @param netuid The subnet.
    /// @param taoAmount Gross TAO in, before the input fee, in rao.
    /// @return alpha The α out, in α rao.
    function simSwapTaoForAlpha(uint16 netuid, uint256 taoAmount) external view returns (uint256 alpha);
    /// @notice The TAO that {removeStake} of `alphaAmount` would pay against the pool as it is now, fee
    ///         included (docs/spec/chain.md §9, precompile 0x808 `simSwapAlphaForTao`).
    /// @dev As {simSwapTaoForAlpha}: accrual is not simulated; 0 where the swap would revert.
    /// @param netuid The subnet.
    /// @param alphaAmount Gross α in, before the input fee, in α rao.
    /// @return taoOut The TAO out, in rao.
    function simSwapAlphaForTao(uint16 netuid, uint256 alphaAmount) external view returns (uint256 taoOut);
    /// @notice The subnet's α token (zero if no pool).
    /// @param netuid The subnet.
    /// @return The token.
    function alphaToken(uint16 netuid) external view returns (IAlphaToken);
    /// @notice The subnet's swap fee rate, out of 65535 (`FeeRate`, 33 by default; 0 with no pool).
    /// @param netuid The subnet.
    /// @return The rate.
    function feeRate(uint16 netuid) external view returns (uint16);
    /// @notice Who receives swap fees (subtensor: the block author). Set by governance.
    /// @return The recipient.
    function feeRecipient() external view returns (address);
    /// @notice Whether stake transfers are on for `netuid` (`TransferToggle`).
    /// @param netuid The subnet.
    /// @return True unless the owner switched them off.
    function transfersEnabled(uint16 netuid) external view returns (bool);
    /// @notice `TaoWeight`: how much one root TAO counts in Yuma stake (α + τ·root) and in the root
    ///         proportion, out of 2^64 - 1 (docs/spec/chain.md §7.2, docs/spec/yuma.md §2.1).
    /// @return τ as a u64 fraction.
    function taoWeight() external view returns (uint64);
    /// @notice The α `coldkey` could claim now from its root stake on `hotkey` for `netuid`.
    /// @param hotkey The hotkey.
    /// @param coldkey The root staker.
    /// @param netuid The subnet.
    /// @return The owed α, in α rao.
    function rootOwed(address hotkey, address coldkey, uint16 netuid) external view returns (uint256);
    /// @notice The root dividends credited on `netuid` and not claimed yet (claim rounding dust included):
    ///         α minted at the credit and held by Staking until claimed.
    /// @param netuid The subnet.
    /// @return The unclaimed α, in α rao.
    function unclaimedRootAlpha(uint16 netuid) external view returns (uint256);
    /// @notice The EpochSettlement's stake credits on `netuid` not claimed yet: α minted at settlement
    ///         and held by Staking until claimed (IEpochSettlement-stakeCredit), 0 once dissolved.
    /// @param netuid The subnet.
    /// @return The held α, in α rao.
    function heldStakeCredits(uint16 netuid) external view returns (uint256);
    /// @notice The α the protocol's chain buys took out of the pool (docs/spec/chain.md §2.4 `SubnetProtocolAlpha`):
    ///         held by this contract, owned by nobody, part of the α supply (supply = reserve + staked +
    ///         liquid + protocol α).
    /// @param netuid The subnet.
    /// @return The protocol α, in α rao.
    function protocolAlpha(uint16 netuid) external view returns (uint256);
    /// @notice α burned out of positions on `netuid` ({burnAlpha}): held by Staking, still in the α issuance.
    /// @param netuid The subnet.
    /// @return The burned α, in α rao.
    function burnedAlpha(uint16 netuid) external view returns (uint256);
    /// @notice What `coldkey`'s root claims do.
    /// @param coldkey The root staker.
    /// @return Swap or Keep.
    function rootClaimType(address coldkey) external view returns (RootClaimType);
    /// @notice The α `spender` may still move from `owner`'s stake in `netuid`.
    /// @param owner The stake's owner.
    /// @param spender The spender.
    /// @param netuid The subnet.
    /// @return The allowance, in α rao.
    function allowance(address owner, address spender, uint16 netuid) external view returns (uint256);
    /// @notice TAO the subnet's account holds beyond its reserve: the registration-burn swap fees, which
    ///         stay with the subnet (docs/spec/chain.md §5.2).
    /// @param netuid The subnet.
    /// @return The retained TAO, in rao.
    function retainedTao(uint16 netuid) external view returns (uint256);
    /// @notice All TAO this contract accounts for: Σ TAO reserves + Σ retained TAO + Σ unredeemed TAO of
    ///         dissolved subnets. Its TAO balance is at
    ///         least this; anything above is unaccounted and is what a privileged call may claim as funding.
    /// @return The accounted TAO, in rao.
    function accountedTao() external view returns (uint256);
    /// @notice A subnet's dissolution: its pot, the α that shares it, what is left to redeem (all zero if
    ///         it was not dissolved).
    /// @param netuid The subnet.
    /// @return The dissolution.
    function dissolution(uint16 netuid) external view returns (Dissolution memory);

    /* PROTOCOL (restricted) */

    /// @notice Creates the pool of a new subnet with `tao` TAO (already transferred here) and mints `alphaReserve` α into it.
    /// @param netuid The new subnet.
    /// @param alpha Its α token (this contract must be the minter).
    /// @param tao The initial TAO reserve (the lock cost), in rao; non-zero.
    /// @param alphaReserve The initial α reserve, in α rao; non-zero.
    function createPool(uint16 netuid, IAlphaToken alpha, uint256 tao, uint256 alphaReserve) external;
    /// @notice Adds emission liquidity: `taoIn` TAO (already transferred here) and `alphaIn` newly minted α.
    /// @param netuid The subnet.
    /// @param taoIn TAO to add to the reserve, in rao.
    /// @param alphaIn α to mint into the reserve, in α rao (sized by the caller to keep the price).
    function inject(uint16 netuid, uint256 taoIn, uint256 alphaIn) external;
    /// @notice The Coinbase's chain buy (docs/spec/chain.md §2.4): buys α with `tao` TAO (already transferred here)
    ///         fee-free and without a price limit; the α stays here as {protocolAlpha}. Emits {ProtocolBought}.
    /// @param netuid The subnet; its α reserve must hold `MinimumReserve` (else {StakingInsufficientLiquidity}).
    /// @param tao The TAO to buy with, in rao.
    /// @return alpha The α bought, in α rao (0 for an amount too small to buy a rao: the TAO still enters the reserve).
    function protocolBuy(uint16 netuid, uint256 tao) external returns (uint256 alpha);
    /// @notice Buys α with `tao` TAO (already transferred here; fee kept in the pool account) and recycles the α.
    /// @param netuid The subnet.
    /// @param tao The registration burn, fee included, in rao; non-zero.
    /// @return alphaRecycled The α bought and burned, in α rao.
    function buyAndRecycle(uint16 netuid, uint256 tao) external returns (uint256 alphaRecycled);
    /// @notice Credits `alpha` α of root dividends on `netuid` to `hotkey`'s root stakers, pro rata to
    ///         their root shares, to claim later ({claimRoot}). Reverts with {StakingNoRootStake} if the
    ///         hotkey has no root stake.
    /// @param hotkey The hotkey.
    /// @param netuid A subnet with a pool.
    /// @param alpha The α, in α rao (0 does nothing).
    function creditRootDividends(address hotkey, uint16 netuid, uint256 alpha) external;
    /// @notice Sets `TaoWeight`, which weighs root TAO in the Coinbase's root proportion; each subnet takes
    ///         it up at its next accrual. Governance.
    /// @param taoWeight τ out of 2^64 - 1.
    function setTaoWeight(uint64 taoWeight) external;
    /// @notice Sets who receives swap fees. Governance.
    /// @param recipient The new recipient; non-zero.
    function setFeeRecipient(address recipient) external;
    /// @notice Sets a subnet's swap fee rate. Governance.
    /// @param netuid A subnet with a pool.
    /// @param rate Out of 65_535; at most 10_000 (`FeeRate` bounds).
    function setFeeRate(uint16 netuid, uint16 rate) external;
    /// @notice Mints and stakes `payments` in order, each to its (hotkey, coldkey) as new shares, then adds
    ///         `poolRewards` to their hotkeys' pool values without new shares ({HotkeysRewarded} once for
    ///         them all), and moves the EpochSettlement's stake credits
    ///         (IEpochSettlement, "stake credits"): `credited` α is minted and held for them, `claimed` α of
    ///         what is held pays part of `payments`. Mints Σ payments + Σ pool rewards + credited - claimed
    ///         once: an epoch's payouts in one call.
    /// @param netuid A subnet with a pool.
    /// @param payments Stake payments to (hotkey, coldkey); zero amounts are skipped.
    /// @param poolRewards An epoch's validator payouts as IEpochSettlement.EpochReport `validatorPayouts`
    ///        packs them: per validator, its hotkey in the low 160 bits of one word and its pool reward in the
    ///        low 64 bits of the next (the other lanes are paid elsewhere); zero rewards are skipped.
    /// @param credited α newly credited to UIDs, minted and held, in α rao.
    /// @param claimed Held credit α that pays the payments (at most their total), in α rao.
    function pay(
        uint16 netuid,
        Payment[] calldata payments,
        uint256[] calldata poolRewards,
        uint256 credited,
        uint256 claimed
    ) external;
    /// @notice Dissolves a subnet's pool (docs/spec/chain.md §5.1 `destroy_alpha_in_out_stakes`): the TAO pot is
    ///         shared pro rata by α value between the holders (staked + liquid α; they redeem later) and the
    ///         protocol (reserve + chain-bought α; its part is recycled with the retained TAO). Every other
    ///         action on the subnet then reverts with {StakingSubnetDissolved}. The registry's.
    /// @param netuid A subnet with a live pool.
    function dissolve(uint16 netuid) external;
}
