// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IAlphaToken} from "../interfaces/IAlphaToken.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {ITao} from "../interfaces/ITao.sol";
import {PoolMath} from "../libraries/PoolMath.sol";

/// @title Staking
/// @notice Each subnet's TAO/α pool (spec/chain.md §3) and the per-(hotkey, subnet) share pools that
///         hold stake (§4.2). Staking buys α with TAO and credits it to (hotkey, caller); unstaking
///         sells it back. The contract holds all pool TAO and every α token (reserve + staked).
/// @dev Design decisions, each deliberate:
///      - **Pool.** Weights stay 0.5/0.5 (emission injects at the current price), so the pool is exactly
///        constant product ({PoolMath}). Outputs are floored: rounding favours the pool.
///      - **Fees** (§3.3, §3.6) are `floor(amount·33/65535)` of the input. A buy's TAO fee goes to
///        `feeRecipient` (subtensor: the block author). A sell's α fee is sold fee-free in the pool right
///        after the sale and that TAO goes to `feeRecipient`, as `unstake_from_subnet` does; if it sells for
///        0 TAO the α simply stays in the reserve (subtensor would fail the unstake with `ReservesTooLow`).
///        A registration burn's fee stays with the subnet as `retainedTao` (§5.2), outside the reserve.
///      - **Shares** (§4.2). A share pool has value V (α) and D shares; coldkey c holds s_c and owns
///        floor(V·s_c/D). The first staker into a pool with D = 0 gets a·10^9 shares (shares count in units of
///        10^-9 α at the first stake, so that later stakes rarely round to zero shares). Staking `a` mints
///        floor(a·D/V) shares (rounded down), unstaking `a` burns ceil(a·D/V) (rounded up): V/D never
///        decreases, nobody can take out more than their value, and a stake unstaked against the same pool
///        never returns more than was put in (an injection in between can, as on subtensor: the pool deepens
///        at the higher price). Rounding dust left in V when the last share leaves goes to the next first
///        staker.
///      - **Reward with no shares.** {rewardHotkey} on a pool with D = 0 would raise V with nobody to own
///        it (spec §4.2 asks to decide): we stake it as new shares for the hotkey's owner coldkey instead
///        ({StakeCredited}). A protocol credit too small to mint a share is added to V for all holders.
///      - **Funding.** Privileged calls that bring TAO (createPool, inject, buyAndRecycle) must have sent it
///        here first; `accountedTao` (Σ reserves + Σ retained) catches calls that did not.
///      - **Accrual.** {addStake} and {removeStake} first accrue emission through the registry's Coinbase,
///        so a swap sees every block's injection up to now (DESIGN.md principle 4).
///      Not implemented yet: MinStake (0.002 TAO), the 1000×reserve input cap, price limits, stake moves.
contract Staking is IStaking, AccessManaged, ReentrancyGuardTransient {
    using SafeERC20 for ITao;
    using SafeCast for uint256;

    /* TYPES */

    /// @dev A subnet's pool: x = `alphaReserve`, y = `taoReserve` (subtensor `SubnetAlphaIn`, `SubnetTAO`).
    struct Pool {
        uint128 taoReserve;
        uint128 alphaReserve;
        IAlphaToken alpha;
        uint96 retainedTao;
    }

    /// @dev A hotkey's share pool on one subnet: V (`TotalHotkeyAlpha`) and D (`TotalHotkeyShares`).
    struct SharePool {
        uint128 value;
        uint128 shares;
    }

    /* CONSTANTS */

    /// @dev subtensor's default `FeeRate` (≈ 0.05 %), out of 65535.
    uint16 private constant FEE_RATE = 33;

    /// @dev Shares the first staker of an empty share pool receives per α rao.
    uint256 private constant SHARE_SCALE = 1e9;

    /// @dev Spot price unit: rao of TAO per whole α.
    uint256 private constant PRICE_SCALE = 1e9;

    /* IMMUTABLES */

    /// @notice The TAO token.
    ITao public immutable tao;

    /// @notice The registry: subnet start, hotkey owners, and the Coinbase to accrue through.
    ISubnetRegistry public immutable registry;

    /// @notice Receives swap fees (subtensor pays them to the block author).
    address public immutable feeRecipient;

    /* STORAGE */

    mapping(uint16 netuid => Pool) private _pools;
    mapping(address hotkey => mapping(uint16 netuid => SharePool)) private _sharePools;
    mapping(address hotkey => mapping(address coldkey => mapping(uint16 netuid => uint256))) private _shares;
    uint256 private _accountedTao;

    /* CONSTRUCTOR */

    /// @notice Deploys Staking with no pools.
    /// @param initialAuthority The AccessManager that decides who may call the privileged functions.
    /// @param tao_ The TAO token.
    /// @param registry_ The SubnetRegistry.
    /// @param feeRecipient_ Receives swap fees.
    constructor(
        address initialAuthority,
        ITao tao_,
        ISubnetRegistry registry_,
        address feeRecipient_
    ) AccessManaged(initialAuthority) {
        tao = tao_;
        registry = registry_;
        feeRecipient = feeRecipient_;
    }

    /* USER ACTIONS */

    /// @inheritdoc IStaking
    /// @dev spec/chain.md §3.6 `add_stake`: the subnet must have started and the hotkey must have an owner
    ///      (it need not be registered on `netuid`). TAO is pulled from the caller (approve first).
    ///      Reverts with {StakingZeroAmount}, {StakingNoPool}, {StakingSubnetNotStarted},
    ///      {StakingUnknownHotkey}, or {StakingInsufficientLiquidity} (pool too thin, or zero shares).
    function addStake(address hotkey, uint16 netuid, uint256 taoAmount) external returns (uint256 alpha) {
        _accrue();
        return _addStake(hotkey, netuid, taoAmount);
    }

    /// @inheritdoc IStaking
    /// @dev spec/chain.md §3.6 `remove_stake`. Reverts with {StakingZeroAmount}, {StakingNoPool},
    ///      {StakingInsufficientStake}, or {StakingInsufficientLiquidity}.
    function removeStake(address hotkey, uint16 netuid, uint256 alphaAmount) external returns (uint256 taoOut) {
        _accrue();
        return _removeStake(hotkey, netuid, alphaAmount);
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
    function pool(uint16 netuid) external view returns (uint256 taoReserve, uint256 alphaReserve) {
        Pool storage p = _pools[netuid];
        return (p.taoReserve, p.alphaReserve);
    }

    /// @inheritdoc IStaking
    /// @dev floor(y · 1e9 / x) (spec/chain.md §3.2 with w1 = w2).
    function spotPrice(uint16 netuid) external view returns (uint256) {
        Pool storage p = _pools[netuid];
        if (p.alphaReserve == 0) return 0;
        return (uint256(p.taoReserve) * PRICE_SCALE) / p.alphaReserve;
    }

    /// @inheritdoc IStaking
    function simSwapTaoForAlpha(uint16 netuid, uint256 taoAmount) external view returns (uint256 alpha) {
        Pool storage p = _pools[netuid];
        return _quote(p.taoReserve, p.alphaReserve, taoAmount - PoolMath.fee(taoAmount, FEE_RATE));
    }

    /// @inheritdoc IStaking
    /// @dev The α fee is sold after the caller's α, so it does not change the caller's output.
    function simSwapAlphaForTao(uint16 netuid, uint256 alphaAmount) external view returns (uint256 taoOut) {
        Pool storage p = _pools[netuid];
        return _quote(p.alphaReserve, p.taoReserve, alphaAmount - PoolMath.fee(alphaAmount, FEE_RATE));
    }

    /// @inheritdoc IStaking
    function alphaToken(uint16 netuid) external view returns (IAlphaToken) {
        return _pools[netuid].alpha;
    }

    /// @inheritdoc IStaking
    function feeRate() external pure returns (uint16) {
        return FEE_RATE;
    }

    /// @inheritdoc IStaking
    function retainedTao(uint16 netuid) external view returns (uint256) {
        return _pools[netuid].retainedTao;
    }

    /// @inheritdoc IStaking
    function accountedTao() external view returns (uint256) {
        return _accountedTao;
    }

    /* PROTOCOL (restricted) */

    /// @inheritdoc IStaking
    /// @dev spec/chain.md §5.1: the lock becomes the TAO reserve and `alphaReserve` α is minted into the
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
        emit PoolCreated(netuid, address(alpha), taoAmount, alphaReserve);
        alpha.mint(address(this), alphaReserve);
    }

    /// @inheritdoc IStaking
    /// @dev spec/chain.md §2.4, §3.4: the caller (Coinbase) sizes `alphaIn` so the price stays; both
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
    /// @dev spec/chain.md §5.2 step 2: the net TAO is bought into the pool, the fee stays with the subnet
    ///      (`retainedTao`), and the α bought is burned. Reverts with {StakingZeroAmount},
    ///      {StakingNoPool}, {StakingUnfundedTao} or {StakingInsufficientLiquidity}.
    function buyAndRecycle(
        uint16 netuid,
        uint256 taoAmount
    ) external restricted nonReentrant returns (uint256 alphaRecycled) {
        if (taoAmount == 0) revert StakingZeroAmount();
        Pool storage p = _existingPool(netuid);
        _claimFunding(taoAmount);
        uint256 fee = PoolMath.fee(taoAmount, FEE_RATE);
        alphaRecycled = _buy(netuid, p, taoAmount - fee);
        p.retainedTao = (p.retainedTao + fee).toUint96();
        emit BoughtAndRecycled(netuid, taoAmount, alphaRecycled);
        p.alpha.burn(address(this), alphaRecycled);
    }

    /// @inheritdoc IStaking
    /// @dev spec/chain.md §4.2 "stake" (miner incentive, take, owner cut). A zero amount does nothing. If
    ///      `alpha` is too small to mint a share, it is added to the pool value instead ({HotkeyRewarded}).
    ///      Reverts with {StakingNoPool}.
    function creditStake(
        address hotkey,
        address coldkey,
        uint16 netuid,
        uint256 alpha
    ) external restricted nonReentrant {
        if (alpha == 0) return;
        Pool storage p = _existingPool(netuid);
        if (_stake(hotkey, coldkey, netuid, alpha)) {
            emit StakeCredited(hotkey, coldkey, netuid, alpha);
        } else {
            _reward(hotkey, netuid, alpha);
            emit HotkeyRewarded(hotkey, netuid, alpha);
        }
        p.alpha.mint(address(this), alpha);
    }

    /// @inheritdoc IStaking
    /// @dev spec/chain.md §4.2 "reward all" (nominator dividends): V += alpha. On a share pool with no
    ///      shares the α is staked for the hotkey's owner coldkey instead ({StakeCredited}). A zero amount
    ///      does nothing. Reverts with {StakingNoPool}, or {StakingUnknownHotkey} when D = 0 and the hotkey
    ///      has no owner.
    function rewardHotkey(address hotkey, uint16 netuid, uint256 alpha) external restricted nonReentrant {
        if (alpha == 0) return;
        Pool storage p = _existingPool(netuid);
        if (_sharePools[hotkey][netuid].shares == 0) {
            address owner = registry.hotkeyOwner(hotkey);
            if (owner == address(0)) revert StakingUnknownHotkey(hotkey);
            // D = 0: the first-staker branch always mints alpha * SHARE_SCALE > 0 shares.
            _stake(hotkey, owner, netuid, alpha);
            emit StakeCredited(hotkey, owner, netuid, alpha);
        } else {
            _reward(hotkey, netuid, alpha);
            emit HotkeyRewarded(hotkey, netuid, alpha);
        }
        p.alpha.mint(address(this), alpha);
    }

    /* INTERNAL: USER ACTIONS */

    /// @dev {addStake} after accrual, under the reentrancy lock (accrual calls back into {inject}).
    function _addStake(
        address hotkey,
        uint16 netuid,
        uint256 taoAmount
    ) private nonReentrant returns (uint256 alpha) {
        if (taoAmount == 0) revert StakingZeroAmount();
        Pool storage p = _existingPool(netuid);
        if (registry.subnet(netuid).startBlock == 0) revert StakingSubnetNotStarted(netuid);
        if (registry.hotkeyOwner(hotkey) == address(0)) revert StakingUnknownHotkey(hotkey);
        address coldkey = _msgSender();

        uint256 fee = PoolMath.fee(taoAmount, FEE_RATE);
        uint256 taoIn = taoAmount - fee;
        alpha = _buy(netuid, p, taoIn);
        _accountedTao += taoIn;
        if (!_stake(hotkey, coldkey, netuid, alpha)) revert StakingInsufficientLiquidity(netuid);
        emit StakeAdded(coldkey, hotkey, netuid, taoAmount, alpha, fee);

        tao.safeTransferFrom(coldkey, address(this), taoAmount);
        if (fee != 0) tao.safeTransfer(feeRecipient, fee);
    }

    /// @dev {removeStake} after accrual, under the reentrancy lock.
    function _removeStake(
        address hotkey,
        uint16 netuid,
        uint256 alphaAmount
    ) private nonReentrant returns (uint256 taoOut) {
        if (alphaAmount == 0) revert StakingZeroAmount();
        Pool storage p = _existingPool(netuid);
        address coldkey = _msgSender();
        _unstake(hotkey, coldkey, netuid, alphaAmount);

        uint256 fee = PoolMath.fee(alphaAmount, FEE_RATE);
        taoOut = _sell(netuid, p, alphaAmount - fee);
        uint256 feeTao = _sellFeeFree(p, fee);
        _accountedTao -= taoOut + feeTao;
        emit StakeRemoved(coldkey, hotkey, netuid, alphaAmount, taoOut, fee);

        tao.safeTransfer(coldkey, taoOut);
        if (feeTao != 0) tao.safeTransfer(feeRecipient, feeTao);
    }

    /// @dev Accrues emission up to this block (the Coinbase may call back into {inject}).
    function _accrue() private {
        registry.coinbase().accrue();
    }

    /* INTERNAL: POOL */

    /// @dev The pool of `netuid`, or revert with {StakingNoPool}.
    function _existingPool(uint16 netuid) private view returns (Pool storage p) {
        p = _pools[netuid];
        if (address(p.alpha) == address(0)) revert StakingNoPool(netuid);
    }

    /// @dev Buys α with `taoIn` net TAO (spec/chain.md §3.3 `GetAlphaForTao`, §3.5): y += Δy, x -= Δx.
    function _buy(uint16 netuid, Pool storage p, uint256 taoIn) private returns (uint256 alphaOut) {
        uint256 x = p.alphaReserve;
        uint256 y = p.taoReserve;
        alphaOut = _swapOutput(netuid, y, x, taoIn);
        p.taoReserve = (y + taoIn).toUint128();
        p.alphaReserve = uint128(x - alphaOut);
    }

    /// @dev Sells `alphaIn` net α (spec/chain.md §3.3 `GetTaoForAlpha`, §3.5): x += Δx, y -= Δy.
    function _sell(uint16 netuid, Pool storage p, uint256 alphaIn) private returns (uint256 taoOut) {
        uint256 x = p.alphaReserve;
        uint256 y = p.taoReserve;
        taoOut = _swapOutput(netuid, x, y, alphaIn);
        p.alphaReserve = (x + alphaIn).toUint128();
        p.taoReserve = uint128(y - taoOut);
    }

    /// @dev A swap's output with subtensor's guards (`swap_inner`, `process_swap`, `do_swap`): the output
    ///      reserve holds at least MINIMUM_RESERVE before the swap, and the output is non-zero and below
    ///      that reserve; else {StakingInsufficientLiquidity}. Below the reserve, so the caller's
    ///      subtraction cannot underflow and the result fits the old uint128.
    function _swapOutput(
        uint16 netuid,
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 amountIn
    ) private pure returns (uint256 amountOut) {
        if (reserveOut < PoolMath.MINIMUM_RESERVE) revert StakingInsufficientLiquidity(netuid);
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

    /// @dev Stakes `amount` α for (hotkey, coldkey) as new shares (spec/chain.md §4.2 "stake"): the first
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

    /// @dev Unstakes `amount` α of (hotkey, coldkey) (spec/chain.md §4.2 "unstake"), burning
    ///      ceil(amount·D/V) shares, or reverts with {StakingInsufficientStake} above its value.
    function _unstake(address hotkey, address coldkey, uint16 netuid, uint256 amount) private {
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
    }

    /// @dev Adds `amount` α to the share pool's value without new shares (spec/chain.md §4.2 "reward all").
    function _reward(address hotkey, uint16 netuid, uint256 amount) private {
        SharePool storage sp = _sharePools[hotkey][netuid];
        sp.value = (sp.value + amount).toUint128();
    }
}
