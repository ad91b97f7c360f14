// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IAlphaToken} from "../interfaces/IAlphaToken.sol";
import {ICoinbase} from "../interfaces/ICoinbase.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {ITao} from "../interfaces/ITao.sol";
import {PoolMath} from "../libraries/PoolMath.sol";
import {PrecompileForwarded} from "../compat/PrecompileForwarded.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";

/// @title Staking
/// @notice Each subnet's TAO/α pool (docs/spec/chain.md §3) and the per-(hotkey, subnet) share pools that
///         hold stake (§4.2). Staking buys α with TAO and credits it to (hotkey, caller); unstaking
///         sells it back; stake moves between hotkeys, subnets and coldkeys (§3.6); liquid α leaves and
///         re-enters stake as tokens; root stake (netuid 0) earns root dividends to claim (§4.7). The
///         contract holds all pool and root TAO and every α token that is not liquid.
/// @dev Design decisions, each deliberate:
///      - **Pool.** Weights stay 0.5/0.5 (emission injects at the current price), so the pool is exactly
///        constant product ({PoolMath}). Outputs are floored: rounding favours the pool. The output-side
///        reserve must hold `MinimumReserve`, and a net input above 1000 × the input-side reserve reverts
///        (`SwapInputTooLarge`).
///      - **Fees** (§3.3, §3.6) are `floor(amount·FeeRate/65535)` of the input, FeeRate per subnet (33 by
///        default, governance-set up to 10_000). A buy's TAO fee goes to `feeRecipient` (governance-set;
///        subtensor: the block author). A sell's α fee is sold fee-free in the pool right after the sale
///        and that TAO goes to `feeRecipient`, as `unstake_from_subnet` does; if it sells for 0 TAO the α
///        simply stays in the reserve (subtensor would fail the unstake with `ReservesTooLow`). A
///        registration burn's fee stays with the subnet as `retainedTao` (§5.2), outside the reserve.
///      - **Minimum stake** (§3.6, §4.6, `DefaultMinStake` = 0.002 TAO): a stake brings at least
///        MIN_STAKE + fee(MIN_STAKE) and buys with at least MIN_STAKE net; an unstake that leaves a
///        remainder pays at least MIN_STAKE; a move within a subnet is worth at least MIN_STAKE at the spot
///        price, across subnets its sale pays more than MIN_STAKE. Protocol credits have no minimum.
///      - **Price limits** (§3.3) are in rao per α ×1e9. A limited fill is the largest one after which the
///        price is still within the limit, exactly ({PoolMath-maxBuyInput}). Deliberate difference: a
///        sell limit bounds the caller's α *with* its fee, since the fee is sold into the same pool right
///        after; so the pool ends within the limit, where subtensor bounds the net α only.
///      - **Moves** (§3.6). Within a subnet shares move at value (the origin burns ceil, the destination
///        mints floor shares), so α is conserved exactly. Across subnets the α is sold on the origin
///        (its fee charged there) and the TAO bought fee-free on the destination, one fee in all; the sale
///        must pay more than MIN_STAKE, so subtensor's "left as free balance below MinStake" branch
///        cannot occur and is not needed.
///      - **Allowances** over stake are per (owner, spender, netuid), as the StakingV2 precompile's. Netuids
///        are never reused here, so subtensor's registration counter in the key is not needed.
///      - **Liquid α** (our extension): {withdrawAlpha} turns stake into α tokens held by the coldkey,
///        {depositAlpha} turns them back, no swap and no fee. α issuance = pool reserve + staked + liquid
///        + protocol α + unclaimed root dividends (the token supply) + the Coinbase's pending buckets.
///        Withdrawal obeys `TransferToggle`: a token can change hands.
///      - **Chain buys** (§2.4): the Coinbase's excess emission TAO buys α fee-free ({protocolBuy}); that α
///        stays here, owned by nobody ({protocolAlpha}), so the α supply = reserve + staked + liquid + protocol α.
///      - **Shares** (§4.2). A share pool has value V (α) and D shares; coldkey c holds s_c and owns
///        floor(V·s_c/D). The first staker into a pool with D = 0 gets a·10^9 shares (shares count in units of
///        10^-9 α at the first stake, so that later stakes rarely round to zero shares). Staking `a` mints
///        floor(a·D/V) shares (rounded down), unstaking `a` burns ceil(a·D/V) (rounded up): V/D never
///        decreases, nobody can take out more than their value, and a stake unstaked against the same pool
///        never returns more than was put in (an injection in between can, as on subtensor: the pool deepens
///        at the higher price). Rounding dust left in V when the last share leaves goes to the next first
///        staker.
///      - **Reward with no shares.** A pool reward ({pay}) on a pool with D = 0 would raise V with nobody to own
///        it (spec §4.2 asks to decide): we stake it as new shares for the hotkey's owner coldkey instead
///        ({StakeCredited}). A protocol credit too small to mint a share is added to V for all holders.
///      - **Funding.** Privileged calls that bring TAO (createPool, inject, buyAndRecycle) must have sent it
///        here first; `accountedTao` (Σ reserves + Σ retained + Σ unredeemed) catches calls that did not.
///      - **Accrual.** Every user action first accrues the emission of the subnets it touches through the
///        registry's Coinbase (`accrueSubnet`, at a cost independent of the number of subnets), so a swap
///        sees every block's injection up to now (docs/architecture.md principle 4).
///      - **Root** (netuid 0, §4.7): TAO staked 1:1 without fee into per-hotkey share pools (their value
///        is TAO; `pool(0)` is (root TAO, 0) and its price is 1). A move from root sells 1:1 and pays the
///        fee on the destination buy (subtensor drops the origin fee when the origin is root).
///      - **Root dividends** (§2.7 step 7, §4.7) accumulate per root *share* of the hotkey, not per TAO
///        as subtensor's `RootClaimable` does: root pools never earn, so V/D only moves by rounding dust,
///        and per share the claims of all holders never exceed what was credited, exactly. Each
///        position's claimed amount is kept scaled, adjusted on every change of its root shares, for
///        every subnet that hotkey ever earned on. Root α is minted when credited and held by Staking
///        until claimed (`unclaimedRootAlpha`, so the token supply counts it in the α issuance); the threshold is the default 500_000 α rao;
///        subtensor's per-block auto-claim of 5 random coldkeys is not reproduced (claims are pulled).
///      - **Recycle and burn** (§4.6): {recycleAlpha} destroys α from a position (the issuance drops);
///        {burnAlpha} moves it out of the position into `burnedAlpha`, held here and still counted in the
///        issuance (the explicit burned accumulator of the α identity).
///      - **Dissolution** (§5.1): {dissolve} closes a pool and sets its holders' share of the TAO pot
///        aside; stakers and liquid α holders redeem it at one rate ({redeemStake}, {redeemAlpha}).
///        Netuids are not reused, so a dissolved subnet's positions and token keep their meaning.
///      Not implemented yet: `swap_stake_limit`, stake locks, per-subnet RootClaimableThreshold,
///      `NominatorMinRequiredStake`, `add_stake_burn`, `unstake_all`.
contract Staking is IStaking, AccessManaged, ReentrancyGuardTransient, PrecompileForwarded {
    using SafeERC20 for ITao;
    using SafeERC20 for IAlphaToken;
    using SafeCast for uint256;

    /* TYPES */

    /// @dev A subnet's pool: x = `alphaReserve`, y = `taoReserve` (subtensor `SubnetAlphaIn`, `SubnetTAO`),
    ///      two slots. `started` caches the registry's start (it never reverts to false).
    struct Pool {
        uint128 taoReserve;
        uint128 alphaReserve;
        IAlphaToken alpha;
        uint64 retainedTao; // under the 21M TAO cap (2.1e16 rao < 2^64)
        uint16 feeRate;
        bool started;
        bool dissolved; // in the slot every pool check reads: no extra SLOAD
    }

    /// @dev α of a subnet held by Staking outside its pool and positions: two slots, the first the root
    ///      claims and burns touch, the second the chain buys and the settlement's stake credits. All
    ///      below the α supply, far under 2^128.
    struct HeldAlpha {
        uint128 unclaimedRoot; // root dividends credited, not yet claimed (§4.7)
        uint128 burned; // burnAlpha (§4.6)
        uint128 protocol; // `SubnetProtocolAlpha`: what the chain buys took out of the pool (§2.4)
        uint128 stakeCredits; // minted at settlement for the EpochSettlement's stake credits, not claimed
    }

    /// @dev A hotkey's share pool on one subnet: V (`TotalHotkeyAlpha`) and D (`TotalHotkeyShares`).
    struct SharePool {
        uint128 value;
        uint128 shares;
    }

    /// @dev One stake move (§3.6 `transition_stake_internal`): `coldkey`'s `alpha` on (originHotkey,
    ///      originNetuid) to (destinationColdkey, destinationHotkey, destinationNetuid). A transfer (a new
    ///      owner, or liquid α) obeys `TransferToggle`.
    struct Move {
        address coldkey;
        uint16 originNetuid;
        uint16 destinationNetuid;
        bool isTransfer;
        address originHotkey;
        address destinationColdkey;
        address destinationHotkey;
        uint256 alpha;
    }

    /* CONSTANTS */

    /// @notice The least stake, in rao (`DefaultMinStake`, 0.002 TAO; docs/spec/chain.md §4.6).
    uint256 public constant MIN_STAKE = 2_000_000;
    /// @notice A new pool's swap fee rate (`FeeRate` default ≈ 0.05 %), out of 65_535.
    uint16 public constant DEFAULT_FEE_RATE = 33;
    /// @notice The highest fee rate governance may set (≈ 15.26 %), out of 65_535.
    uint16 public constant MAX_FEE_RATE = 10_000;

    /// @notice Root's netuid: TAO staked 1:1 (docs/spec/chain.md §4.7).
    uint16 public constant ROOT_NETUID = 0;
    /// @notice `TaoWeight` until governance sets it: subtensor's code default ≈ 5.27% of 2^64 - 1
    ///         (mainnet runs ≈ 0.18 after a migration, docs/spec/chain.md §7.2).
    uint64 public constant DEFAULT_TAO_WEIGHT = 971_718_665_099_567_868;
    /// @notice The least owed α {claimRoot} pays out (`RootClaimableThreshold` default).
    uint256 public constant ROOT_CLAIM_THRESHOLD = 500_000;

    /// @dev Root dividends per root share are kept ×1e27: with D ≤ 2^85 shares a credit of one α rao still
    ///      counts, and Σ credits · 1e27 · shares stays far below 2^255.
    uint256 private constant ROOT_CLAIM_SCALE = 1e27;
    /// @dev Shares the first staker of an empty share pool receives per α rao.
    uint256 private constant SHARE_SCALE = 1e9;
    /// @dev A swap's net input may be at most this many times the input-side reserve.
    uint256 private constant MAX_INPUT_FACTOR = 1_000;
    /// @dev "No limit" for the buy path.
    uint256 private constant NO_BUY_LIMIT = type(uint256).max;

    /* IMMUTABLES */

    /// @notice The TAO token.
    ITao public immutable tao;

    /// @notice The registry: subnet start, hotkey owners, and the Coinbase to accrue through.
    ISubnetRegistry public immutable registry;

    /* STORAGE */

    mapping(uint16 netuid => Pool) private _pools;
    mapping(address hotkey => mapping(uint16 netuid => SharePool)) private _sharePools;
    mapping(address hotkey => mapping(address coldkey => mapping(uint16 netuid => uint256))) private _shares;
    mapping(address owner => mapping(address spender => mapping(uint16 netuid => uint256))) private _allowances;
    mapping(uint16 netuid => bool) private _transfersDisabled;
    uint256 private _accountedTao;
    /// @inheritdoc IStaking
    address public feeRecipient;
    /// @inheritdoc IStaking
    uint64 public taoWeight = DEFAULT_TAO_WEIGHT;
    /// @dev `SubnetTAO[0]`: all root TAO.
    uint256 private _rootTao;
    /// @dev Root dividends per root share of a hotkey, per subnet, ×ROOT_CLAIM_SCALE.
    mapping(address hotkey => mapping(uint16 netuid => uint256)) private _rootClaimable;
    /// @dev What each root position has claimed (or was born owing nothing of), ×ROOT_CLAIM_SCALE.
    mapping(address hotkey => mapping(address coldkey => mapping(uint16 netuid => int256))) private _rootClaimed;
    /// @dev The subnets a hotkey's root stakers ever earned dividends on.
    mapping(address hotkey => uint16[]) private _rootDividendNetuids;
    /// @dev α held here for nobody: unclaimed root dividends, burned α, chain-bought α.
    mapping(uint16 netuid => HeldAlpha) private _heldAlpha;
    mapping(address coldkey => RootClaimType) private _rootClaimTypes;
    /// @dev Dissolved subnets' pots (see {dissolve}).
    mapping(uint16 netuid => Dissolution) private _dissolutions;

    /* CONSTRUCTOR */

    /// @notice Deploys Staking with no pools.
    /// @param initialAuthority The AccessManager that decides who may call the privileged functions.
    /// @param tao_ The TAO token.
    /// @param registry_ The SubnetRegistry.
    /// @param feeRecipient_ Receives swap fees until governance changes it; non-zero.
    constructor(
        address initialAuthority,
        ITao tao_,
        ISubnetRegistry registry_,
        address feeRecipient_
    ) AccessManaged(initialAuthority) {
        if (feeRecipient_ == address(0)) revert StakingZeroAddress();
        tao = tao_;
        registry = registry_;
        feeRecipient = feeRecipient_;
        emit FeeRecipientSet(feeRecipient_);
    }

    /* USER ACTIONS: STAKE AND UNSTAKE */

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §3.6 `add_stake`: the subnet must have started and the hotkey must have an owner
    ///      (it need not be registered on `netuid`). TAO is pulled from the caller (approve first).
    ///      Reverts with {StakingZeroAmount}, {StakingNoPool}, {StakingSubnetNotStarted},
    ///      {StakingUnknownHotkey}, {StakingAmountTooLow}, {StakingInputTooLarge}, or
    ///      {StakingInsufficientLiquidity} (pool too thin, or zero shares).
    function addStake(address hotkey, uint16 netuid, uint256 taoAmount) external returns (uint256 alpha) {
        _accrue(netuid);
        (alpha, ) = _addStake(hotkey, netuid, taoAmount, NO_BUY_LIMIT, false);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §3.6 `add_stake_limit`. Also reverts with {StakingPriceLimitExceeded} (price not
    ///      below the limit) or {StakingSlippageTooHigh} (the whole amount would cross it, no partial fill).
    function addStakeLimit(
        address hotkey,
        uint16 netuid,
        uint256 taoAmount,
        uint256 limitPrice,
        bool allowPartial
    ) external returns (uint256 alpha, uint256 taoSpent) {
        _accrue(netuid);
        return _addStake(hotkey, netuid, taoAmount, limitPrice, allowPartial);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §3.6 `remove_stake`. Reverts with {StakingZeroAmount}, {StakingNoPool},
    ///      {StakingInsufficientStake}, {StakingInputTooLarge}, {StakingAmountTooLow} (a remainder stays
    ///      and the sale pays under MIN_STAKE), or {StakingInsufficientLiquidity}.
    function removeStake(address hotkey, uint16 netuid, uint256 alphaAmount) external returns (uint256 taoOut) {
        _accrue(netuid);
        (taoOut, ) = _removeStake(hotkey, netuid, alphaAmount, 0, false);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §3.6 `remove_stake_limit`. Also reverts with {StakingPriceLimitExceeded} (price
    ///      not above the limit, or a zero limit) or {StakingSlippageTooHigh}.
    function removeStakeLimit(
        address hotkey,
        uint16 netuid,
        uint256 alphaAmount,
        uint256 limitPrice,
        bool allowPartial
    ) external returns (uint256 taoOut, uint256 alphaSold) {
        _accrue(netuid);
        if (limitPrice == 0) revert StakingPriceLimitExceeded(netuid, _spotPrice(_pools[netuid]), 0);
        return _removeStake(hotkey, netuid, alphaAmount, limitPrice, allowPartial);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §3.6 `remove_stake_full_limit` without a limit; {StakingZeroAmount} for an empty
    ///      position.
    function removeStakeFull(address hotkey, uint16 netuid) external returns (uint256 taoOut) {
        _accrue(netuid);
        (taoOut, ) = _removeStake(hotkey, netuid, stakeOf(hotkey, _msgSender(), netuid), 0, false);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §3.6 `remove_stake_full_limit`: no partial fill.
    function removeStakeFullLimit(address hotkey, uint16 netuid, uint256 limitPrice) external returns (uint256 taoOut) {
        _accrue(netuid);
        if (limitPrice == 0) revert StakingPriceLimitExceeded(netuid, _spotPrice(_pools[netuid]), 0);
        (taoOut, ) = _removeStake(hotkey, netuid, stakeOf(hotkey, _msgSender(), netuid), limitPrice, false);
    }

    /* USER ACTIONS: MOVES */

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §3.6 `move_stake`. Reverts with {StakingSameStake}, {StakingZeroAmount},
    ///      {StakingNoPool}, {StakingSubnetNotStarted}, {StakingUnknownHotkey}, {StakingInsufficientStake},
    ///      {StakingAmountTooLow}, {StakingInputTooLarge} or {StakingInsufficientLiquidity}.
    function moveStake(
        address originHotkey,
        address destinationHotkey,
        uint16 originNetuid,
        uint16 destinationNetuid,
        uint256 alpha
    ) external returns (uint256 alphaReceived) {
        _accrue(originNetuid, destinationNetuid);
        address coldkey = _msgSender();
        return _move(Move(coldkey, originNetuid, destinationNetuid, false, originHotkey, coldkey, destinationHotkey, alpha));
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §3.6 `swap_stake`; reverts as {moveStake}.
    function swapStake(
        address hotkey,
        uint16 originNetuid,
        uint16 destinationNetuid,
        uint256 alpha
    ) external returns (uint256 alphaReceived) {
        _accrue(originNetuid, destinationNetuid);
        address coldkey = _msgSender();
        return _move(Move(coldkey, originNetuid, destinationNetuid, false, hotkey, coldkey, hotkey, alpha));
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §3.6 `transfer_stake`; reverts as {moveStake}, and with {StakingTransfersDisabled}
    ///      or {StakingZeroAddress}.
    function transferStake(
        address destinationColdkey,
        address hotkey,
        uint16 originNetuid,
        uint16 destinationNetuid,
        uint256 alpha
    ) external returns (uint256 alphaReceived) {
        _accrue(originNetuid, destinationNetuid);
        return _move(Move(_msgSender(), originNetuid, destinationNetuid, true, hotkey, destinationColdkey, hotkey, alpha));
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §9 StakingV2 `transferStakeFrom`: {transferStake} on behalf of `source`. Reverts
    ///      as {transferStake}, and with {StakingInsufficientAllowance}.
    function transferStakeFrom(
        address source,
        address destination,
        address hotkey,
        uint16 originNetuid,
        uint16 destinationNetuid,
        uint256 alpha
    ) external returns (uint256 alphaReceived) {
        _accrue(originNetuid, destinationNetuid);
        address spender = _msgSender();
        uint256 allowed = _allowances[source][spender][originNetuid];
        if (allowed != type(uint256).max) {
            if (allowed < alpha) revert StakingInsufficientAllowance(source, spender, originNetuid, allowed, alpha);
            _allowances[source][spender][originNetuid] = allowed - alpha;
        }
        return _move(Move(source, originNetuid, destinationNetuid, true, hotkey, destination, hotkey, alpha));
    }

    /// @inheritdoc IStaking
    function approve(address spender, uint16 netuid, uint256 amount) external returns (bool) {
        _approve(_msgSender(), spender, netuid, amount);
        return true;
    }

    /// @inheritdoc IStaking
    function increaseAllowance(address spender, uint16 netuid, uint256 added) external returns (bool) {
        address owner = _msgSender();
        _approve(owner, spender, netuid, _allowances[owner][spender][netuid] + added);
        return true;
    }

    /// @inheritdoc IStaking
    function decreaseAllowance(address spender, uint16 netuid, uint256 subtracted) external returns (bool) {
        address owner = _msgSender();
        uint256 allowed = _allowances[owner][spender][netuid];
        if (allowed < subtracted) revert StakingInsufficientAllowance(owner, spender, netuid, allowed, subtracted);
        _approve(owner, spender, netuid, allowed - subtracted);
        return true;
    }

    /* USER ACTIONS: LIQUID α */

    /// @inheritdoc IStaking
    /// @dev Reverts with {StakingZeroAmount}, {StakingNoPool}, {StakingTransfersDisabled},
    ///      {StakingInsufficientStake} or {StakingAmountTooLow} (a remainder stays and the α is worth less
    ///      than MIN_STAKE at the spot price).
    function withdrawAlpha(address hotkey, uint16 netuid, uint256 alpha) external {
        _accrue(netuid);
        _withdrawAlpha(hotkey, netuid, alpha);
    }

    /// @inheritdoc IStaking
    /// @dev Reverts with {StakingZeroAmount}, {StakingNoPool}, {StakingSubnetNotStarted},
    ///      {StakingUnknownHotkey}, {StakingAmountTooLow} (worth less than MIN_STAKE at the spot price) or
    ///      {StakingInsufficientLiquidity} (zero shares).
    function depositAlpha(address hotkey, uint16 netuid, uint256 alpha) external {
        _accrue(netuid);
        _depositAlpha(hotkey, netuid, alpha);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §4.6 `recycle_alpha`. Reverts with {StakingZeroAmount} (nothing to recycle),
    ///      {StakingRootHasNoAlpha}, {StakingNoPool}, {StakingSubnetNotStarted} or {StakingUnknownHotkey}.
    function recycleAlpha(address hotkey, uint16 netuid, uint256 alpha) external returns (uint256 recycled) {
        _accrue(netuid);
        return _removeAlpha(hotkey, netuid, alpha, true);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §4.6 `burn_alpha`; reverts as {recycleAlpha}.
    function burnAlpha(address hotkey, uint16 netuid, uint256 alpha) external returns (uint256 burned) {
        _accrue(netuid);
        return _removeAlpha(hotkey, netuid, alpha, false);
    }

    /* USER ACTIONS: DISSOLVED SUBNETS */

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §5.1 dissolution, pulled instead of pushed (see {dissolve}). The whole position
    ///      leaves its share pool at value, as an unstake of everything would. Reverts with
    ///      {StakingSubnetNotDissolved} or {StakingInsufficientStake} (no position).
    function redeemStake(address hotkey, uint16 netuid) external nonReentrant returns (uint256 alpha, uint256 taoOut) {
        Pool storage p = _dissolvedPool(netuid);
        address coldkey = _msgSender();
        SharePool storage sp = _sharePools[hotkey][netuid];
        uint256 s = _shares[hotkey][coldkey][netuid];
        if (s == 0) revert StakingInsufficientStake(hotkey, coldkey, netuid, 0, 0);
        uint256 d = sp.shares;
        uint256 v = sp.value;
        alpha = Math.mulDiv(v, s, d);
        _shares[hotkey][coldkey][netuid] = 0;
        sp.shares = uint128(d - s);
        sp.value = uint128(v - alpha);
        taoOut = _redeemValue(netuid, alpha);
        emit StakeRedeemed(coldkey, hotkey, netuid, alpha, taoOut);
        if (alpha != 0) p.alpha.burn(address(this), alpha);
        _payTao(coldkey, taoOut);
    }

    /// @inheritdoc IStaking
    /// @dev Reverts with {StakingZeroAmount} or {StakingSubnetNotDissolved}; the token reverts if the
    ///      caller holds less than `alpha`.
    function redeemAlpha(uint16 netuid, uint256 alpha) external nonReentrant returns (uint256 taoOut) {
        if (alpha == 0) revert StakingZeroAmount();
        Pool storage p = _dissolvedPool(netuid);
        address holder = _msgSender();
        taoOut = _redeemValue(netuid, alpha);
        emit AlphaRedeemed(holder, netuid, alpha, taoOut);
        p.alpha.burn(holder, alpha);
        _payTao(holder, taoOut);
    }

    /* SUBNET OWNER */

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §7.1 `TransferToggle` (owner-settable). Reverts with {StakingNotSubnetOwner}.
    function setTransfersEnabled(uint16 netuid, bool enabled) external {
        address caller = _msgSender();
        if (registry.subnet(netuid).owner != caller) revert StakingNotSubnetOwner(netuid, caller);
        _transfersDisabled[netuid] = !enabled;
        emit TransfersEnabledSet(netuid, enabled);
    }

    /* VIEWS */

    /// @inheritdoc IStaking
    function stakeOf(address hotkey, address coldkey, uint16 netuid) public view returns (uint256) {
        SharePool memory sp = _sharePools[hotkey][netuid];
        if (sp.shares == 0) return 0;
        return Math.mulDiv(sp.value, _shares[hotkey][coldkey][netuid], sp.shares);
    }

    /// @inheritdoc IStaking
    function totalHotkeyAlpha(address hotkey, uint16 netuid) external view returns (uint256) {
        return _sharePools[hotkey][netuid].value;
    }

    /// @inheritdoc IStaking
    /// @dev Root: (all root TAO, 0).
    function pool(uint16 netuid) external view returns (uint256 taoReserve, uint256 alphaReserve) {
        if (netuid == ROOT_NETUID) return (_rootTao, 0);
        Pool storage p = _pools[netuid];
        return (p.taoReserve, p.alphaReserve);
    }

    /// @inheritdoc IStaking
    /// @dev floor(y · 1e9 / x) (docs/spec/chain.md §3.2 with w1 = w2); root's price is 1 (§3.2 stable).
    function spotPrice(uint16 netuid) external view returns (uint256) {
        if (netuid == ROOT_NETUID) return PoolMath.PRICE_SCALE;
        return _spotPrice(_pools[netuid]);
    }

    /// @inheritdoc IStaking
    /// @dev Root: 1:1.
    function simSwapTaoForAlpha(uint16 netuid, uint256 taoAmount) external view returns (uint256 alpha) {
        if (netuid == ROOT_NETUID) return taoAmount;
        Pool storage p = _pools[netuid];
        return _quote(p.taoReserve, p.alphaReserve, taoAmount - PoolMath.fee(taoAmount, p.feeRate));
    }

    /// @inheritdoc IStaking
    /// @dev The α fee is sold after the caller's α, so it does not change the caller's output. Root: 1:1.
    function simSwapAlphaForTao(uint16 netuid, uint256 alphaAmount) external view returns (uint256 taoOut) {
        if (netuid == ROOT_NETUID) return alphaAmount;
        Pool storage p = _pools[netuid];
        return _quote(p.alphaReserve, p.taoReserve, alphaAmount - PoolMath.fee(alphaAmount, p.feeRate));
    }

    /// @inheritdoc IStaking
    function alphaToken(uint16 netuid) external view returns (IAlphaToken) {
        return _pools[netuid].alpha;
    }

    /// @inheritdoc IStaking
    function feeRate(uint16 netuid) external view returns (uint16) {
        return _pools[netuid].feeRate;
    }

    /// @inheritdoc IStaking
    function transfersEnabled(uint16 netuid) external view returns (bool) {
        return !_transfersDisabled[netuid];
    }

    /// @inheritdoc IStaking
    /// @dev 0 on a dissolved subnet: its root dividends were dropped ({dissolve}).
    function rootOwed(address hotkey, address coldkey, uint16 netuid) public view returns (uint256) {
        if (_pools[netuid].dissolved) return 0;
        int256 owed = int256(_rootClaimable[hotkey][netuid] * _shares[hotkey][coldkey][ROOT_NETUID]) -
            _rootClaimed[hotkey][coldkey][netuid];
        // Never below 0: a position's claimed amount is at most what its shares accrued (see claimRoot).
        return uint256(owed) / ROOT_CLAIM_SCALE;
    }

    /// @inheritdoc IStaking
    function unclaimedRootAlpha(uint16 netuid) external view returns (uint256) {
        return _heldAlpha[netuid].unclaimedRoot;
    }

    /// @inheritdoc IStaking
    function burnedAlpha(uint16 netuid) external view returns (uint256) {
        return _heldAlpha[netuid].burned;
    }

    /// @inheritdoc IStaking
    function rootClaimType(address coldkey) external view returns (RootClaimType) {
        return _rootClaimTypes[coldkey];
    }

    /// @inheritdoc IStaking
    function allowance(address owner, address spender, uint16 netuid) external view returns (uint256) {
        return _allowances[owner][spender][netuid];
    }

    /// @inheritdoc IStaking
    function retainedTao(uint16 netuid) external view returns (uint256) {
        return _pools[netuid].retainedTao;
    }

    /// @inheritdoc IStaking
    function accountedTao() external view returns (uint256) {
        return _accountedTao;
    }

    /// @inheritdoc IStaking
    function dissolution(uint16 netuid) external view returns (Dissolution memory) {
        return _dissolutions[netuid];
    }

    /* GOVERNANCE (restricted) */

    /// @inheritdoc IStaking
    /// @dev τ weighs root TAO in the Coinbase's root proportion (docs/spec/chain.md §2.4, §2.5). Each subnet
    ///      reads it at its next accrual and uses it from the range after that (a range uses the τ·R its
    ///      subnet stored at its previous accrual), so nothing is accrued here: accruing every subnet first
    ///      would change no range, and its cost grows with the number of subnets.
    function setTaoWeight(uint64 newTaoWeight) external restricted {
        taoWeight = newTaoWeight;
        emit TaoWeightSet(newTaoWeight);
    }

    /// @inheritdoc IStaking
    /// @dev Reverts with {StakingZeroAddress}.
    function setFeeRecipient(address recipient) external restricted {
        if (recipient == address(0)) revert StakingZeroAddress();
        feeRecipient = recipient;
        emit FeeRecipientSet(recipient);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §3.1 `FeeRate` (root-only, at most 10_000). Reverts with {StakingNoPool} or
    ///      {StakingInvalidFeeRate}.
    function setFeeRate(uint16 netuid, uint16 rate) external restricted {
        Pool storage p = _existingPool(netuid);
        if (rate > MAX_FEE_RATE) revert StakingInvalidFeeRate(rate);
        p.feeRate = rate;
        emit FeeRateSet(netuid, rate);
    }

    /* PROTOCOL (restricted) */

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §5.1: the lock becomes the TAO reserve and `alphaReserve` α is minted into the
    ///      pool. Reverts with {StakingPoolExists}, {StakingZeroAmount} (either reserve zero) or
    ///      {StakingUnfundedTao}.
    function createPool(
        uint16 netuid,
        IAlphaToken alpha,
        uint256 taoAmount,
        uint256 alphaReserve
    ) external restricted nonReentrant {
        Pool storage p = _pools[netuid];
        if (address(p.alpha) != address(0)) revert StakingPoolExists(netuid);
        if (taoAmount == 0 || alphaReserve == 0) revert StakingZeroAmount();
        _claimFunding(taoAmount);
        p.taoReserve = taoAmount.toUint128();
        p.alphaReserve = alphaReserve.toUint128();
        p.alpha = alpha;
        p.feeRate = DEFAULT_FEE_RATE;
        emit PoolCreated(netuid, address(alpha), taoAmount, alphaReserve);
        alpha.mint(address(this), alphaReserve);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §2.4, §3.4: the caller (Coinbase) sizes `alphaIn` so the price stays; both
    ///      reserves just grow. Reverts with {StakingNoPool} or {StakingUnfundedTao}.
    function inject(uint16 netuid, uint256 taoIn, uint256 alphaIn) external restricted nonReentrant {
        Pool storage p = _existingPool(netuid);
        _claimFunding(taoIn);
        p.taoReserve = (p.taoReserve + taoIn).toUint128();
        p.alphaReserve = (p.alphaReserve + alphaIn).toUint128();
        emit Injected(netuid, taoIn, alphaIn);
        if (alphaIn != 0) p.alpha.mint(address(this), alphaIn);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §5.2 step 2: the net TAO is bought into the pool, the fee stays with the subnet
    ///      (`retainedTao`), and the α bought is burned. Reverts with {StakingZeroAmount},
    ///      {StakingNoPool}, {StakingUnfundedTao} or {StakingInsufficientLiquidity}.
    function buyAndRecycle(
        uint16 netuid,
        uint256 taoAmount
    ) external restricted nonReentrant returns (uint256 alphaRecycled) {
        if (taoAmount == 0) revert StakingZeroAmount();
        Pool storage p = _existingPool(netuid);
        _claimFunding(taoAmount);
        uint256 fee = PoolMath.fee(taoAmount, p.feeRate);
        alphaRecycled = _buy(netuid, p, taoAmount - fee);
        p.retainedTao = (p.retainedTao + fee).toUint64();
        emit BoughtAndRecycled(netuid, taoAmount, alphaRecycled);
        p.alpha.burn(address(this), alphaRecycled);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §4.2: a payment is "stake" (new shares; an amount too small to mint a share is
    ///      added to the pool value instead, {HotkeyRewarded}); a pool reward is "reward all" (V += alpha, no
    ///      new shares; on a pool with D = 0 it is staked for the hotkey's owner coldkey instead,
    ///      {StakeCredited}). One α mint for the whole epoch instead of one per payment, and one event for its
    ///      pool rewards ({HotkeysRewarded}) instead of one per validator. Reverts with {StakingNoPool}, or
    ///      {StakingUnknownHotkey} for a pool reward to a hotkey with no shares and no owner.
    function pay(
        uint16 netuid,
        Payment[] calldata payments,
        uint256[] calldata poolRewards,
        uint256 credited,
        uint256 claimed
    ) external restricted nonReentrant {
        Pool storage p = _existingPool(netuid);
        uint256 total;
        uint256 count = payments.length;
        for (uint256 i; i < count; ++i) {
            Payment calldata payment = payments[i];
            uint256 alpha = payment.alpha;
            if (alpha == 0) continue;
            _credit(payment.hotkey, payment.coldkey, netuid, alpha);
            total += alpha;
        }
        // Held credit α pays only payments (checked: claimed <= their total).
        total -= claimed;
        count = poolRewards.length;
        if (count != 0) {
            for (uint256 i; i < count; i += 2) {
                uint256 alpha = uint64(poolRewards[i + 1]);
                if (alpha == 0) continue;
                _rewardOrStake(address(uint160(poolRewards[i])), netuid, alpha);
                total += alpha;
            }
            emit HotkeysRewarded(netuid, poolRewards);
        }
        if (credited != claimed) {
            HeldAlpha storage held = _heldAlpha[netuid];
            held.stakeCredits = (held.stakeCredits + credited - claimed).toUint128();
        }
        total += credited;
        if (total != 0) p.alpha.mint(address(this), total);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §2.7 step 7: `RootClaimable[h][n] += r / root_stake(h)`, here per root share
    ///      (floored; what the floor drops stays in {unclaimedRootAlpha} as dust). Reverts with
    ///      {StakingRootHasNoAlpha}, {StakingNoPool} or {StakingNoRootStake}.
    function creditRootDividends(address hotkey, uint16 netuid, uint256 alpha) external restricted nonReentrant {
        if (alpha == 0) return;
        if (netuid == ROOT_NETUID) revert StakingRootHasNoAlpha();
        Pool storage p = _existingPool(netuid);
        uint256 d = _sharePools[hotkey][ROOT_NETUID].shares;
        if (d == 0) revert StakingNoRootStake(hotkey);
        uint256 claimable = _rootClaimable[hotkey][netuid];
        if (claimable == 0) _rootDividendNetuids[hotkey].push(netuid);
        _rootClaimable[hotkey][netuid] = claimable + Math.mulDiv(alpha, ROOT_CLAIM_SCALE, d);
        HeldAlpha storage held = _heldAlpha[netuid];
        held.unclaimedRoot = (held.unclaimedRoot + alpha).toUint128();
        emit RootDividendsCredited(hotkey, netuid, alpha);
        // Minted now and held until claimed: the α issuance (token supply + pending) counts it.
        p.alpha.mint(address(this), alpha);
    }

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §5.1 `destroy_alpha_in_out_stakes`, with α as a real token. The holders' α is
    ///      the token supply less the α this contract holds for nobody (reserve, chain-bought, unclaimed
    ///      root dividends, burned); the protocol's is the reserve and chain-bought α (`SubnetAlphaIn +
    ///      SubnetProtocolAlpha`). The holders get floor(pot · holders / (holders + protocol)), set aside;
    ///      the rest of the pot and the retained TAO are recycled, as subtensor recycles the protocol's share
    ///      and the subnet account's remainder. Unclaimed root dividends are dropped, as subtensor's
    ///      `finalize_all_subnet_root_dividends` drops `RootClaimable`, and so are the EpochSettlement's
    ///      unclaimed stake credits (subtensor stakes those at the epoch); burned α shares nothing.
    ///      Differences, deliberate: holders are not enumerable here (positions are per hotkey, liquid α is
    ///      anyone's), so each redeems its floor(α · pot / alphaValue) later instead of being paid at once with
    ///      largest-remainder rounding; the few rao of rounding stay unredeemed ({Dissolution}). The
    ///      netuid is not reused, so the positions need no deleting. Reverts with {StakingNoPool} or
    ///      {StakingSubnetDissolved}.
    function dissolve(uint16 netuid) external restricted nonReentrant {
        Pool storage p = _existingPool(netuid);
        IAlphaToken alpha = p.alpha;
        uint256 pot = p.taoReserve;
        HeldAlpha memory held = _heldAlpha[netuid];
        uint256 protocol = p.alphaReserve + held.protocol;
        uint256 unowned = protocol + held.unclaimedRoot + held.burned + held.stakeCredits;
        uint256 holders = alpha.totalSupply() - unowned;
        uint256 alphaValue = holders + protocol;
        uint256 holdersTao = alphaValue == 0 ? 0 : Math.mulDiv(pot, holders, alphaValue);
        uint256 recycled = pot - holdersTao + p.retainedTao;

        // pot and α fit: the reserves and the token supply are uint128 values.
        _dissolutions[netuid] = Dissolution({
            pot: uint128(pot),
            alphaValue: alphaValue.toUint128(),
            unredeemedTao: uint128(holdersTao),
            dissolvedAt: uint64(block.number)
        });
        p.taoReserve = 0;
        p.alphaReserve = 0;
        p.retainedTao = 0;
        p.dissolved = true;
        delete _heldAlpha[netuid];
        _accountedTao -= recycled;
        emit SubnetDissolved(netuid, pot, alphaValue, holdersTao, recycled);

        if (unowned != 0) alpha.burn(address(this), unowned);
        if (recycled != 0) tao.recycle(recycled);
    }

    /* PROTOCOL: CHAIN BUYS (restricted) */

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §2.4 step 2 (`swap_tao_for_alpha(…, max_price, drop_fees = true)`): y += Δy,
    ///      x -= floor(x·Δy/(y+Δy)), which stays below x, so the pool never drains. Of subtensor's swap guards
    ///      only `MinimumReserve` applies (the Coinbase checks it first and recycles the TAO instead): a
    ///      range's chain buy aggregates many blocks' buys, so the input cap would not mean the same, and an
    ///      output of 0 just leaves the TAO in the reserve. Reverts with {StakingNoPool},
    ///      {StakingUnfundedTao} or {StakingInsufficientLiquidity}.
    function protocolBuy(uint16 netuid, uint256 taoAmount) external restricted nonReentrant returns (uint256 alpha) {
        Pool storage p = _existingPool(netuid);
        _claimFunding(taoAmount);
        uint256 x = p.alphaReserve;
        uint256 y = p.taoReserve;
        if (x < PoolMath.MINIMUM_RESERVE) revert StakingInsufficientLiquidity(netuid);
        alpha = PoolMath.amountOut(y, x, taoAmount);
        p.taoReserve = (y + taoAmount).toUint128();
        p.alphaReserve = uint128(x - alpha);
        _heldAlpha[netuid].protocol += alpha.toUint128();
        emit ProtocolBought(netuid, taoAmount, alpha);
    }

    /// @inheritdoc IStaking
    function protocolAlpha(uint16 netuid) external view returns (uint256) {
        return _heldAlpha[netuid].protocol;
    }

    /// @inheritdoc IStaking
    function heldStakeCredits(uint16 netuid) external view returns (uint256) {
        return _heldAlpha[netuid].stakeCredits;
    }

    /* USER ACTIONS: ROOT CLAIMS */

    /// @inheritdoc IStaking
    /// @dev docs/spec/chain.md §4.7 `claim_root`. Swap sells each subnet's α fee-free into its pool (minted
    ///      into the reserve, no price limit) and stakes all the TAO on root at once; Keep stakes the α on
    ///      each subnet. Subnets below the threshold are skipped (0 in `claimed`). Reverts with
    ///      {StakingRootHasNoAlpha} for netuid 0, {StakingNoPool}, or {StakingInsufficientLiquidity}
    ///      (a Keep claim too small for one share of a dear pool).
    function claimRoot(address hotkey, uint16[] calldata netuids) external returns (uint256[] memory claimed) {
        _accrueEach(netuids);
        return _claimRoot(hotkey, netuids);
    }

    /// @inheritdoc IStaking
    function setRootClaimType(RootClaimType claimType) external {
        _rootClaimTypes[_msgSender()] = claimType;
        emit RootClaimTypeSet(_msgSender(), claimType);
    }

    /* INTERNAL: USER ACTIONS */

    /// @dev {addStake} / {addStakeLimit} after accrual, under the reentrancy lock (accrual calls back into
    ///      {inject}). `limitPrice` = NO_BUY_LIMIT for no limit.
    function _addStake(
        address hotkey,
        uint16 netuid,
        uint256 taoAmount,
        uint256 limitPrice,
        bool allowPartial
    ) private nonReentrant returns (uint256 alpha, uint256 taoSpent) {
        if (taoAmount == 0) revert StakingZeroAmount();
        if (netuid == ROOT_NETUID) return _addRootStake(hotkey, taoAmount, limitPrice);
        Pool storage p = _startedPool(netuid);
        _checkHotkey(hotkey);
        address coldkey = _msgSender();
        uint256 rate = p.feeRate;

        if (limitPrice != NO_BUY_LIMIT) {
            // limit > y·1e9/x exactly <=> limit > floor(y·1e9/x) for an integer limit.
            uint256 spot = _spotPrice(p);
            // The bound as the spec states it (a strict rewrite adds an addition and saves nothing).
            // solhint-disable-next-line gas-strict-inequalities
            if (limitPrice <= spot) revert StakingPriceLimitExceeded(netuid, spot, limitPrice);
            // Any limit above 2^128 rao/α is out of reach; capping it keeps the maths in range.
            uint256 limit = Math.min(limitPrice, type(uint128).max);
            uint256 maxGross = PoolMath.grossForNet(PoolMath.maxBuyInput(p.taoReserve, p.alphaReserve, limit), rate);
            if (taoAmount > maxGross) {
                if (!allowPartial) revert StakingSlippageTooHigh(netuid, taoAmount, maxGross);
                taoAmount = maxGross;
            }
        }
        uint256 minimum = MIN_STAKE + PoolMath.fee(MIN_STAKE, rate);
        if (taoAmount < minimum) revert StakingAmountTooLow(taoAmount, minimum);
        uint256 fee = PoolMath.fee(taoAmount, rate);
        uint256 taoIn = taoAmount - fee;
        if (taoIn < MIN_STAKE) revert StakingAmountTooLow(taoIn, MIN_STAKE);

        alpha = _buy(netuid, p, taoIn);
        _accountedTao += taoIn;
        if (!_stake(hotkey, coldkey, netuid, alpha)) revert StakingInsufficientLiquidity(netuid);
        emit StakeAdded(coldkey, hotkey, netuid, taoAmount, alpha, fee);

        // The payer is msg.sender: a facade pays for the caller it acts for (PrecompileForwarded).
        tao.safeTransferFrom(msg.sender, address(this), taoAmount);
        _payTao(feeRecipient, fee);
        return (alpha, taoAmount);
    }

    /// @dev {removeStake} and its variants after accrual, under the reentrancy lock. `limitPrice` = 0 for
    ///      no limit.
    function _removeStake(
        address hotkey,
        uint16 netuid,
        uint256 alphaAmount,
        uint256 limitPrice,
        bool allowPartial
    ) private nonReentrant returns (uint256 taoOut, uint256 alphaSold) {
        if (alphaAmount == 0) revert StakingZeroAmount();
        if (netuid == ROOT_NETUID) return _removeRootStake(hotkey, alphaAmount, limitPrice);
        Pool storage p = _existingPool(netuid);
        address coldkey = _msgSender();

        if (limitPrice != 0) {
            uint256 y = p.taoReserve;
            uint256 x = p.alphaReserve;
            // limit < y·1e9/x exactly <=> limit < ceil(y·1e9/x) for an integer limit.
            // solhint-disable-next-line gas-strict-inequalities
            if (limitPrice >= Math.mulDiv(y, PoolMath.PRICE_SCALE, x, Math.Rounding.Ceil)) {
                revert StakingPriceLimitExceeded(netuid, _spotPrice(p), limitPrice);
            }
            uint256 maxIn = PoolMath.maxSellInput(y, x, limitPrice);
            if (alphaAmount > maxIn) {
                if (!allowPartial || maxIn == 0) revert StakingSlippageTooHigh(netuid, alphaAmount, maxIn);
                alphaAmount = maxIn;
            }
        }
        bool remainder = _unstake(hotkey, coldkey, netuid, alphaAmount);

        uint256 fee = PoolMath.fee(alphaAmount, p.feeRate);
        taoOut = _sell(netuid, p, alphaAmount - fee);
        if (remainder && taoOut < MIN_STAKE) revert StakingAmountTooLow(taoOut, MIN_STAKE);
        uint256 feeTao = _sellFeeFree(p, fee);
        _accountedTao -= taoOut + feeTao;
        emit StakeRemoved(coldkey, hotkey, netuid, alphaAmount, taoOut, fee);

        _payTao(msg.sender, taoOut);
        _payTao(feeRecipient, feeTao);
        return (taoOut, alphaAmount);
    }

    /// @dev One stake move after accrual, under the reentrancy lock (docs/spec/chain.md §3.6
    ///      `transition_stake_internal`, `transfer_stake_within_subnet`). Root legs are 1:1; across subnets
    ///      the one fee is the origin sale's, or the destination buy's when the origin is root.
    function _move(Move memory m) private nonReentrant returns (uint256 alphaReceived) {
        bool sameNetuid = m.originNetuid == m.destinationNetuid;
        if (sameNetuid && m.coldkey == m.destinationColdkey && m.originHotkey == m.destinationHotkey) {
            revert StakingSameStake();
        }
        if (m.alpha == 0) revert StakingZeroAmount();
        if (m.destinationColdkey == address(0)) revert StakingZeroAddress();
        bool fromRoot = m.originNetuid == ROOT_NETUID;
        bool toRoot = m.destinationNetuid == ROOT_NETUID;
        Pool storage origin = fromRoot ? _pools[ROOT_NETUID] : _startedPool(m.originNetuid);
        Pool storage destination = toRoot || sameNetuid ? origin : _startedPool(m.destinationNetuid);
        _checkHotkey(m.originHotkey);
        _checkHotkey(m.destinationHotkey);
        if (m.isTransfer) {
            if (_transfersDisabled[m.originNetuid]) revert StakingTransfersDisabled(m.originNetuid);
            if (_transfersDisabled[m.destinationNetuid]) revert StakingTransfersDisabled(m.destinationNetuid);
        }
        uint256 originShares = fromRoot ? _shares[m.originHotkey][m.coldkey][ROOT_NETUID] : 0;
        uint256 destinationShares = toRoot ? _shares[m.destinationHotkey][m.destinationColdkey][ROOT_NETUID] : 0;
        _unstake(m.originHotkey, m.coldkey, m.originNetuid, m.alpha);

        uint256 taoMoved;
        uint256 feeTao;
        if (sameNetuid) {
            if (fromRoot) _checkMinStake(m.alpha);
            else _checkSpotValue(origin, m.alpha);
            alphaReceived = m.alpha;
        } else {
            (taoMoved, alphaReceived, feeTao) = _swapAcross(m, origin, destination);
        }
        if (!_stake(m.destinationHotkey, m.destinationColdkey, m.destinationNetuid, alphaReceived)) {
            revert StakingInsufficientLiquidity(m.destinationNetuid);
        }
        if (fromRoot) _rootSharesChanged(m.originHotkey, m.coldkey, originShares);
        if (toRoot) _rootSharesChanged(m.destinationHotkey, m.destinationColdkey, destinationShares);
        _emitMoved(m, taoMoved, alphaReceived);
        _payTao(feeRecipient, feeTao);
    }

    /// @dev A move's cross-subnet leg: sell `m.alpha` on the origin (root: 1:1) and buy on the destination
    ///      (root: 1:1); one fee, on the sale, or on the buy when the origin is root. Returns the TAO moved,
    ///      the α bought and the TAO fees (already taken out of `_accountedTao`).
    function _swapAcross(
        Move memory m,
        Pool storage origin,
        Pool storage destination
    ) private returns (uint256 taoMoved, uint256 alphaReceived, uint256 feeTao) {
        if (m.originNetuid == ROOT_NETUID) {
            taoMoved = m.alpha;
            _rootTao -= taoMoved;
        } else {
            uint256 fee = PoolMath.fee(m.alpha, origin.feeRate);
            taoMoved = _sell(m.originNetuid, origin, m.alpha - fee);
            feeTao = _sellFeeFree(origin, fee);
        }
        if (taoMoved < MIN_STAKE + 1) revert StakingAmountTooLow(taoMoved, MIN_STAKE + 1);
        if (m.destinationNetuid == ROOT_NETUID) {
            alphaReceived = taoMoved;
            _rootTao += taoMoved;
        } else {
            uint256 buyFee = m.originNetuid == ROOT_NETUID ? PoolMath.fee(taoMoved, destination.feeRate) : 0;
            alphaReceived = _buy(m.destinationNetuid, destination, taoMoved - buyFee);
            feeTao += buyFee;
        }
        _accountedTao -= feeTao;
    }

    function _emitMoved(Move memory m, uint256 taoMoved, uint256 alphaReceived) private {
        emit StakeMoved(
            m.coldkey,
            m.originHotkey,
            m.originNetuid,
            m.destinationColdkey,
            m.destinationHotkey,
            m.destinationNetuid,
            m.alpha,
            taoMoved,
            alphaReceived
        );
    }

    /// @dev {recycleAlpha} (`recycle` true: the tokens are destroyed) or {burnAlpha} (kept in
    ///      `burnedAlpha`), after accrual, under the reentrancy lock. The amount is capped at the position.
    function _removeAlpha(
        address hotkey,
        uint16 netuid,
        uint256 alpha,
        bool recycle
    ) private nonReentrant returns (uint256 amount) {
        if (netuid == ROOT_NETUID) revert StakingRootHasNoAlpha();
        Pool storage p = _startedPool(netuid);
        _checkHotkey(hotkey);
        address coldkey = _msgSender();
        amount = Math.min(alpha, stakeOf(hotkey, coldkey, netuid));
        if (amount == 0) revert StakingZeroAmount();
        _unstake(hotkey, coldkey, netuid, amount);
        if (recycle) {
            emit AlphaRecycled(coldkey, hotkey, netuid, amount);
            p.alpha.burn(address(this), amount);
        } else {
            HeldAlpha storage held = _heldAlpha[netuid];
            held.burned = (held.burned + amount).toUint128();
            emit AlphaBurned(coldkey, hotkey, netuid, amount);
        }
    }

    /// @dev {withdrawAlpha} after accrual, under the reentrancy lock.
    function _withdrawAlpha(address hotkey, uint16 netuid, uint256 alpha) private nonReentrant {
        if (alpha == 0) revert StakingZeroAmount();
        if (netuid == ROOT_NETUID) revert StakingRootHasNoAlpha();
        Pool storage p = _existingPool(netuid);
        if (_transfersDisabled[netuid]) revert StakingTransfersDisabled(netuid);
        address coldkey = _msgSender();
        if (_unstake(hotkey, coldkey, netuid, alpha)) _checkSpotValue(p, alpha);
        emit AlphaWithdrawn(coldkey, hotkey, netuid, alpha);
        p.alpha.safeTransfer(coldkey, alpha);
    }

    /// @dev {depositAlpha} after accrual, under the reentrancy lock.
    function _depositAlpha(address hotkey, uint16 netuid, uint256 alpha) private nonReentrant {
        if (alpha == 0) revert StakingZeroAmount();
        if (netuid == ROOT_NETUID) revert StakingRootHasNoAlpha();
        Pool storage p = _startedPool(netuid);
        _checkHotkey(hotkey);
        _checkSpotValue(p, alpha);
        address coldkey = _msgSender();
        if (!_stake(hotkey, coldkey, netuid, alpha)) revert StakingInsufficientLiquidity(netuid);
        emit AlphaDeposited(coldkey, hotkey, netuid, alpha);
        p.alpha.safeTransferFrom(coldkey, address(this), alpha);
    }

    /// @dev Root stake (docs/spec/chain.md §3.6 "Root (netuid 0): 1:1, no fee"): the TAO becomes root stake
    ///      on `hotkey`. A limit must be above root's price of 1.
    function _addRootStake(
        address hotkey,
        uint256 taoAmount,
        uint256 limitPrice
    ) private returns (uint256 staked, uint256 taoSpent) {
        // solhint-disable-next-line gas-strict-inequalities
        if (limitPrice <= PoolMath.PRICE_SCALE) {
            revert StakingPriceLimitExceeded(ROOT_NETUID, PoolMath.PRICE_SCALE, limitPrice);
        }
        _checkHotkey(hotkey);
        _checkMinStake(taoAmount);
        address coldkey = _msgSender();
        uint256 sharesBefore = _shares[hotkey][coldkey][ROOT_NETUID];
        if (!_stake(hotkey, coldkey, ROOT_NETUID, taoAmount)) revert StakingInsufficientLiquidity(ROOT_NETUID);
        _rootTao += taoAmount;
        _accountedTao += taoAmount;
        _rootSharesChanged(hotkey, coldkey, sharesBefore);
        emit StakeAdded(coldkey, hotkey, ROOT_NETUID, taoAmount, taoAmount, 0);
        tao.safeTransferFrom(msg.sender, address(this), taoAmount);
        return (taoAmount, taoAmount);
    }

    /// @dev Root unstake, 1:1 and without fee; a remainder needs MIN_STAKE out. A limit (non-zero) must be
    ///      below root's price of 1.
    function _removeRootStake(
        address hotkey,
        uint256 amount,
        uint256 limitPrice
    ) private returns (uint256 taoOut, uint256 sold) {
        // solhint-disable-next-line gas-strict-inequalities
        if (limitPrice >= PoolMath.PRICE_SCALE) {
            revert StakingPriceLimitExceeded(ROOT_NETUID, PoolMath.PRICE_SCALE, limitPrice);
        }
        address coldkey = _msgSender();
        uint256 sharesBefore = _shares[hotkey][coldkey][ROOT_NETUID];
        if (_unstake(hotkey, coldkey, ROOT_NETUID, amount)) _checkMinStake(amount);
        _rootTao -= amount;
        _accountedTao -= amount;
        _rootSharesChanged(hotkey, coldkey, sharesBefore);
        emit StakeRemoved(coldkey, hotkey, ROOT_NETUID, amount, amount, 0);
        _payTao(msg.sender, amount);
        return (amount, amount);
    }

    /// @dev {claimRoot} after accrual, under the reentrancy lock.
    function _claimRoot(address hotkey, uint16[] calldata netuids) private nonReentrant returns (uint256[] memory claimed) {
        address coldkey = _msgSender();
        RootClaimType claimType = _rootClaimTypes[coldkey];
        claimed = new uint256[](netuids.length);
        uint256 taoToRoot;
        for (uint256 i; i < netuids.length; ++i) {
            uint16 netuid = netuids[i];
            if (netuid == ROOT_NETUID) revert StakingRootHasNoAlpha();
            Pool storage p = _existingPool(netuid);
            uint256 owed = rootOwed(hotkey, coldkey, netuid);
            if (owed < ROOT_CLAIM_THRESHOLD) continue;
            claimed[i] = owed;
            _rootClaimed[hotkey][coldkey][netuid] += int256(owed * ROOT_CLAIM_SCALE);
            // owed ≤ the credits not yet claimed (per-share accounting), so this cannot underflow.
            _heldAlpha[netuid].unclaimedRoot -= uint128(owed);
            uint256 taoOut;
            // The α was minted at the credit and is held here: it moves into the reserve or into stake.
            if (claimType == RootClaimType.Swap) {
                taoOut = _sellFeeFree(p, owed);
                taoToRoot += taoOut;
            } else if (!_stake(hotkey, coldkey, netuid, owed)) {
                revert StakingInsufficientLiquidity(netuid);
            }
            emit RootClaimed(coldkey, hotkey, netuid, owed, claimType, taoOut);
        }
        if (taoToRoot != 0) {
            uint256 sharesBefore = _shares[hotkey][coldkey][ROOT_NETUID];
            // Root pools never earn, so V/D stays near 1e-9 and any TAO mints shares; should it not, the TAO
            // still belongs to the hotkey's root stakers rather than to nobody.
            if (!_stake(hotkey, coldkey, ROOT_NETUID, taoToRoot)) _reward(hotkey, ROOT_NETUID, taoToRoot);
            _rootTao += taoToRoot;
            _rootSharesChanged(hotkey, coldkey, sharesBefore);
        }
    }

    /// @dev Keeps a root position's owed dividends unchanged across a change of its root shares from
    ///      `sharesBefore` (docs/spec/chain.md §4.7 "on root stake ±a: RootClaimed ±= RootClaimable·a"), on every
    ///      subnet the hotkey has earned on.
    function _rootSharesChanged(address hotkey, address coldkey, uint256 sharesBefore) private {
        uint256 sharesAfter = _shares[hotkey][coldkey][ROOT_NETUID];
        if (sharesAfter == sharesBefore) return;
        int256 delta = int256(sharesAfter) - int256(sharesBefore);
        uint16[] storage netuids = _rootDividendNetuids[hotkey];
        uint256 count = netuids.length;
        for (uint256 i; i < count; ++i) {
            uint16 netuid = netuids[i];
            _rootClaimed[hotkey][coldkey][netuid] += int256(_rootClaimable[hotkey][netuid]) * delta;
        }
    }

    /// @dev Reverts with {StakingAmountTooLow} below MIN_STAKE.
    function _checkMinStake(uint256 amount) private pure {
        if (amount < MIN_STAKE) revert StakingAmountTooLow(amount, MIN_STAKE);
    }

    function _approve(address owner, address spender, uint16 netuid, uint256 amount) private {
        if (spender == address(0)) revert StakingZeroAddress();
        _allowances[owner][spender][netuid] = amount;
        emit StakeApproval(owner, spender, netuid, amount);
    }

    /// @dev Accrues `netuid`'s emission up to this block (the Coinbase may call back into {inject}); for root
    ///      it brings the global TAO shares up to date, which every change of root stake needs first.
    function _accrue(uint16 netuid) private {
        registry.coinbase().accrueSubnet(netuid);
    }

    /// @dev {_accrue} for both subnets of a move.
    function _accrue(uint16 origin, uint16 destination) private {
        ICoinbase coinbase = registry.coinbase();
        coinbase.accrueSubnet(origin);
        if (destination != origin) coinbase.accrueSubnet(destination);
    }

    /// @dev {_accrue} for each subnet of a root claim.
    function _accrueEach(uint16[] calldata netuids) private {
        ICoinbase coinbase = registry.coinbase();
        uint256 count = netuids.length;
        for (uint256 i; i < count; ++i) coinbase.accrueSubnet(netuids[i]);
        if (count == 0) coinbase.accrueSubnet(ROOT_NETUID);
    }

    /// @dev Reverts with {StakingUnknownHotkey} unless `hotkey` has an owner coldkey.
    function _checkHotkey(address hotkey) private view {
        if (registry.hotkeyOwner(hotkey) == address(0)) revert StakingUnknownHotkey(hotkey);
    }

    /// @dev Reverts with {StakingAmountTooLow} if `alpha` is worth less than MIN_STAKE at the spot price
    ///      (`transfer_stake_within_subnet`: floor(alpha · y / x)).
    function _checkSpotValue(Pool storage p, uint256 alpha) private view {
        uint256 value = Math.mulDiv(alpha, p.taoReserve, p.alphaReserve);
        if (value < MIN_STAKE) revert StakingAmountTooLow(value, MIN_STAKE);
    }

    /* INTERNAL: POOL */

    /// @dev The live pool of `netuid`, or revert with {StakingNoPool} / {StakingSubnetDissolved}.
    function _existingPool(uint16 netuid) private view returns (Pool storage p) {
        p = _pools[netuid];
        if (address(p.alpha) == address(0)) revert StakingNoPool(netuid);
        if (p.dissolved) revert StakingSubnetDissolved(netuid);
    }

    /// @dev The pool of a dissolved subnet, or revert with {StakingSubnetNotDissolved}.
    function _dissolvedPool(uint16 netuid) private view returns (Pool storage p) {
        p = _pools[netuid];
        if (!p.dissolved) revert StakingSubnetNotDissolved(netuid);
    }

    /// @dev floor(alpha · pot / alphaValue), taken from the subnet's unredeemed TAO. The holders' α never
    ///      exceeds their part of alphaValue, so neither does the sum of the floors exceed their TAO.
    function _redeemValue(uint16 netuid, uint256 alpha) private returns (uint256 taoOut) {
        Dissolution storage d = _dissolutions[netuid];
        taoOut = Math.mulDiv(alpha, d.pot, d.alphaValue);
        d.unredeemedTao -= uint128(taoOut);
        _accountedTao -= taoOut;
    }

    /// @dev The pool of a started subnet, or revert with {StakingNoPool} / {StakingSubnetNotStarted}. The
    ///      registry's start is read once and cached in the pool (`startCall` cannot be undone).
    function _startedPool(uint16 netuid) private returns (Pool storage p) {
        p = _existingPool(netuid);
        if (!p.started) {
            if (registry.subnet(netuid).startBlock == 0) revert StakingSubnetNotStarted(netuid);
            p.started = true;
        }
    }

    /// @dev floor(y · 1e9 / x), 0 for an empty α reserve.
    /// @dev Pays `amount` TAO (none if 0): one call site for every payout, as the contract is near EIP-170.
    function _payTao(address to, uint256 amount) private {
        if (amount != 0) tao.safeTransfer(to, amount);
    }

    function _spotPrice(Pool storage p) private view returns (uint256) {
        uint256 x = p.alphaReserve;
        return x == 0 ? 0 : (uint256(p.taoReserve) * PoolMath.PRICE_SCALE) / x;
    }

    /// @dev Buys α with `taoIn` net TAO (docs/spec/chain.md §3.3 `GetAlphaForTao`, §3.5): y += Δy, x -= Δx.
    function _buy(uint16 netuid, Pool storage p, uint256 taoIn) private returns (uint256 alphaOut) {
        uint256 x = p.alphaReserve;
        uint256 y = p.taoReserve;
        alphaOut = _swapOutput(netuid, y, x, taoIn);
        p.taoReserve = (y + taoIn).toUint128();
        p.alphaReserve = uint128(x - alphaOut);
    }

    /// @dev Sells `alphaIn` net α (docs/spec/chain.md §3.3 `GetTaoForAlpha`, §3.5): x += Δx, y -= Δy.
    function _sell(uint16 netuid, Pool storage p, uint256 alphaIn) private returns (uint256 taoOut) {
        uint256 x = p.alphaReserve;
        uint256 y = p.taoReserve;
        taoOut = _swapOutput(netuid, x, y, alphaIn);
        p.alphaReserve = (x + alphaIn).toUint128();
        p.taoReserve = uint128(y - taoOut);
    }

    /// @dev A swap's output with subtensor's guards (`swap_inner`, `process_swap`, `do_swap`): the output
    ///      reserve holds at least MINIMUM_RESERVE before the swap, the net input is at most 1000 × the input
    ///      reserve ({StakingInputTooLarge}), and the output is non-zero and below
    ///      that reserve; else {StakingInsufficientLiquidity}. Below the reserve, so the caller's
    ///      subtraction cannot underflow and the result fits the old uint128.
    function _swapOutput(
        uint16 netuid,
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 amountIn
    ) private pure returns (uint256 amountOut) {
        if (reserveOut < PoolMath.MINIMUM_RESERVE) revert StakingInsufficientLiquidity(netuid);
        uint256 maxIn = reserveIn * MAX_INPUT_FACTOR;
        if (amountIn > maxIn) revert StakingInputTooLarge(netuid, amountIn, maxIn);
        amountOut = PoolMath.amountOut(reserveIn, reserveOut, amountIn);
        // The output must stay below the reserve, subtensor's guard as written (a strict rewrite saves nothing).
        // solhint-disable-next-line gas-strict-inequalities
        if (amountOut == 0 || amountOut >= reserveOut) revert StakingInsufficientLiquidity(netuid);
    }

    /// @dev {_swapOutput} as a quote: 0 instead of a revert where the swap would fail.
    function _quote(uint256 reserveIn, uint256 reserveOut, uint256 amountIn) private pure returns (uint256 amountOut) {
        if (amountIn == 0 || reserveOut < PoolMath.MINIMUM_RESERVE) return 0;
        amountOut = PoolMath.amountOut(reserveIn, reserveOut, amountIn);
        // solhint-disable-next-line gas-strict-inequalities
        if (amountOut >= reserveOut) return 0;
    }

    /// @dev Sells a swap's α fee without fee or guards (`unstake_from_subnet` with `drop_fees`): the output
    ///      floor(y·f/(x+f)) is below y, so it never drains the pool; 0 TAO leaves the α in the reserve.
    function _sellFeeFree(Pool storage p, uint256 alphaFee) private returns (uint256 taoOut) {
        if (alphaFee == 0) return 0;
        uint256 x = p.alphaReserve;
        uint256 y = p.taoReserve;
        taoOut = PoolMath.amountOut(x, y, alphaFee);
        p.alphaReserve = (x + alphaFee).toUint128();
        p.taoReserve = uint128(y - taoOut);
    }

    /// @dev Claims `amount` of the TAO balance not yet accounted for, or reverts with {StakingUnfundedTao}.
    function _claimFunding(uint256 amount) private {
        uint256 accounted = _accountedTao;
        // The balance never drops below the accounted TAO: only this contract moves its TAO.
        uint256 available = tao.balanceOf(address(this)) - accounted;
        if (available < amount) revert StakingUnfundedTao(amount, available);
        _accountedTao = accounted + amount;
    }

    /* INTERNAL: SHARE POOLS */

    /// @dev Stakes `amount` α for (hotkey, coldkey) as new shares (docs/spec/chain.md §4.2 "stake"): the first
    ///      staker gets amount·10^9 shares, later ones floor(amount·D/V). Returns false, changing nothing,
    ///      if that is zero shares.
    function _stake(address hotkey, address coldkey, uint16 netuid, uint256 amount) private returns (bool) {
        SharePool storage sp = _sharePools[hotkey][netuid];
        uint256 d = sp.shares;
        uint256 v = sp.value;
        // D > 0 implies V > 0: V only drops to 0 when an unstake burns every share.
        uint256 minted = d == 0 ? amount * SHARE_SCALE : Math.mulDiv(amount, d, v);
        if (minted == 0) return false;
        sp.shares = (d + minted).toUint128();
        sp.value = (v + amount).toUint128();
        _shares[hotkey][coldkey][netuid] += minted;
        return true;
    }

    /// @dev Unstakes `amount` α of (hotkey, coldkey) (docs/spec/chain.md §4.2 "unstake"), burning
    ///      ceil(amount·D/V) shares, or reverts with {StakingInsufficientStake} above its value. Returns
    ///      whether the position keeps a value (`amount` was below it).
    function _unstake(address hotkey, address coldkey, uint16 netuid, uint256 amount) private returns (bool) {
        SharePool storage sp = _sharePools[hotkey][netuid];
        uint256 d = sp.shares;
        uint256 v = sp.value;
        uint256 s = _shares[hotkey][coldkey][netuid];
        uint256 stake = d == 0 ? 0 : Math.mulDiv(v, s, d);
        if (amount > stake) revert StakingInsufficientStake(hotkey, coldkey, netuid, stake, amount);
        // amount <= V·s/D gives amount·D/V <= s, so the rounded-up burn is still at most s (and D).
        uint256 burned = Math.mulDiv(amount, d, v, Math.Rounding.Ceil);
        _shares[hotkey][coldkey][netuid] = s - burned;
        sp.shares = uint128(d - burned);
        sp.value = uint128(v - amount);
        return amount < stake;
    }

    /// @dev New α staked to (hotkey, coldkey), or added to the pool's value if it is too small for a share.
    function _credit(address hotkey, address coldkey, uint16 netuid, uint256 alpha) private {
        if (_stake(hotkey, coldkey, netuid, alpha)) {
            emit StakeCredited(hotkey, coldkey, netuid, alpha);
        } else {
            _reward(hotkey, netuid, alpha);
            emit HotkeyRewarded(hotkey, netuid, alpha);
        }
    }

    /// @dev New α added to the hotkey's pool value (logged by the caller); staked for its owner coldkey when
    ///      the pool has no shares ({StakeCredited}).
    function _rewardOrStake(address hotkey, uint16 netuid, uint256 alpha) private {
        SharePool storage sp = _sharePools[hotkey][netuid];
        if (sp.shares == 0) {
            address owner = registry.hotkeyOwner(hotkey);
            if (owner == address(0)) revert StakingUnknownHotkey(hotkey);
            // D = 0: the first-staker branch always mints alpha * SHARE_SCALE > 0 shares.
            _stake(hotkey, owner, netuid, alpha);
            emit StakeCredited(hotkey, owner, netuid, alpha);
        } else {
            sp.value = (sp.value + alpha).toUint128();
        }
    }

    /// @dev Adds `amount` α to the share pool's value without new shares (docs/spec/chain.md §4.2 "reward all").
    function _reward(address hotkey, uint16 netuid, uint256 amount) private {
        SharePool storage sp = _sharePools[hotkey][netuid];
        sp.value = (sp.value + amount).toUint128();
    }

    /// @dev The caller, or the caller a Bittensor-EVM facade acts for (PrecompileForwarded).
    function _msgSender() internal view override(Context, PrecompileForwarded) returns (address) {
        return PrecompileForwarded._msgSender();
    }
}
