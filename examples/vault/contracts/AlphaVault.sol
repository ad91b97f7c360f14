// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStaking} from "subnet-layer/contracts/interfaces/IStaking.sol";
import {IAlphaToken} from "subnet-layer/contracts/interfaces/IAlphaToken.sol";
import {ITao} from "subnet-layer/contracts/interfaces/ITao.sol";

/// @title AlphaVault
/// @notice An example of a contract composing with subnet-layer: lenders deposit TAO, which the vault
///         stakes on one validator hotkey of one subnet (so the pooled stake earns that validator's
///         dividends every epoch), and borrowers post the subnet's α token as collateral to borrow TAO
///         unstaked from that pool. A loan whose debt exceeds 80% of its collateral's sell value can be
///         liquidated: the vault stakes the collateral into the pool, so the lenders get it.
/// @dev The vault is the coldkey of its position. Shares are claims on the position (α); TAO lent out
///      has left the position until it is repaid and restaked. Prices are the pool's own quotes
///      (`simSwapAlphaForTao`), which a real lending market would guard with an oracle and limits.
contract AlphaVault {
    /// @notice Loans may borrow up to 50% of the collateral's sell value.
    uint256 public constant LOAN_TO_VALUE_BPS = 5_000;
    /// @notice Loans above 80% of the collateral's sell value can be liquidated.
    uint256 public constant LIQUIDATION_BPS = 8_000;

    IStaking public immutable staking;
    ITao public immutable tao;
    IAlphaToken public immutable alpha;
    uint16 public immutable netuid;
    address public immutable hotkey;

    uint256 public totalShares;
    mapping(address lender => uint256) public sharesOf;
    mapping(address borrower => uint256) public collateralOf;
    mapping(address borrower => uint256) public debtOf;

    event Deposited(address indexed lender, uint256 tao, uint256 alphaStaked, uint256 shares);
    event Redeemed(address indexed lender, uint256 shares, uint256 alphaUnstaked, uint256 tao);
    event Borrowed(address indexed borrower, uint256 collateralAdded, uint256 alphaUnstaked, uint256 tao);
    event Repaid(address indexed borrower, uint256 tao);
    event Liquidated(address indexed borrower, address indexed liquidator, uint256 collateral, uint256 debt);

    error ZeroAmount();
    error NotEnoughShares(uint256 held, uint256 asked);
    error Undercollateralized(uint256 debt, uint256 collateralValue);
    error Healthy(uint256 debt, uint256 collateralValue);
    error RepayTooMuch(uint256 debt, uint256 repay);

    constructor(IStaking staking_, ITao tao_, uint16 netuid_, address hotkey_) {
        staking = staking_;
        tao = tao_;
        netuid = netuid_;
        hotkey = hotkey_;
        alpha = staking_.alphaToken(netuid_);
    }

    /// @notice The vault's staked α: what all shares are claims on.
    function position() public view returns (uint256) {
        return staking.stakeOf(hotkey, address(this), netuid);
    }

    /// @notice What `amount` α of collateral sells for in the pool now, in TAO rao.
    function collateralValue(uint256 amount) public view returns (uint256) {
        return amount == 0 ? 0 : staking.simSwapAlphaForTao(netuid, amount);
    }

    /// @notice Stake `taoAmount` TAO through the layer and receive shares of the position.
    function deposit(uint256 taoAmount) external returns (uint256 shares) {
        if (taoAmount == 0) revert ZeroAmount();
        uint256 before = position();
        tao.transferFrom(msg.sender, address(this), taoAmount);
        tao.approve(address(staking), taoAmount);
        uint256 staked = staking.addStake(hotkey, netuid, taoAmount);
        shares = totalShares == 0 ? staked : (staked * totalShares) / before;
        totalShares += shares;
        sharesOf[msg.sender] += shares;
        emit Deposited(msg.sender, taoAmount, staked, shares);
    }

    /// @notice Burn `shares` for their part of the position, unstaked and sold for TAO.
    function redeem(uint256 shares) external returns (uint256 taoOut) {
        uint256 held = sharesOf[msg.sender];
        if (shares == 0) revert ZeroAmount();
        if (shares > held) revert NotEnoughShares(held, shares);
        uint256 alphaOut = (position() * shares) / totalShares;
        sharesOf[msg.sender] = held - shares;
        totalShares -= shares;
        taoOut = staking.removeStake(hotkey, netuid, alphaOut);
        tao.transfer(msg.sender, taoOut);
        emit Redeemed(msg.sender, shares, alphaOut, taoOut);
    }

    /// @notice Post `collateral` α tokens (approve them first) and borrow the TAO that unstaking
    ///         `alphaToUnstake` α of the pool yields; the loan must stay within LOAN_TO_VALUE_BPS.
    function borrow(uint256 collateral, uint256 alphaToUnstake) external returns (uint256 taoOut) {
        if (alphaToUnstake == 0) revert ZeroAmount();
        if (collateral > 0) alpha.transferFrom(msg.sender, address(this), collateral);
        uint256 total = collateralOf[msg.sender] + collateral;
        collateralOf[msg.sender] = total;
        taoOut = staking.removeStake(hotkey, netuid, alphaToUnstake);
        uint256 debt = debtOf[msg.sender] + taoOut;
        // Valued after the unstake: the sale moved the price the collateral is worth.
        uint256 value = collateralValue(total);
        if (debt * 10_000 > value * LOAN_TO_VALUE_BPS) revert Undercollateralized(debt, value);
        debtOf[msg.sender] = debt;
        tao.transfer(msg.sender, taoOut);
        emit Borrowed(msg.sender, collateral, alphaToUnstake, taoOut);
    }

    /// @notice Repay `taoAmount` of the caller's debt; the TAO is staked back into the pool.
    function repay(uint256 taoAmount) external {
        uint256 debt = debtOf[msg.sender];
        if (taoAmount == 0) revert ZeroAmount();
        if (taoAmount > debt) revert RepayTooMuch(debt, taoAmount);
        debtOf[msg.sender] = debt - taoAmount;
        tao.transferFrom(msg.sender, address(this), taoAmount);
        tao.approve(address(staking), taoAmount);
        staking.addStake(hotkey, netuid, taoAmount);
        emit Repaid(msg.sender, taoAmount);
    }

    /// @notice Take back `amount` α of collateral; what stays must still cover the debt.
    function withdrawCollateral(uint256 amount) external {
        uint256 left = collateralOf[msg.sender] - amount;
        uint256 debt = debtOf[msg.sender];
        uint256 value = collateralValue(left);
        if (debt * 10_000 > value * LOAN_TO_VALUE_BPS) revert Undercollateralized(debt, value);
        collateralOf[msg.sender] = left;
        alpha.transfer(msg.sender, amount);
    }

    /// @notice Liquidate a loan above LIQUIDATION_BPS of its collateral's value: the collateral is
    ///         staked into the vault's position (the lenders' gain) and the debt is written off.
    function liquidate(address borrower) external {
        uint256 collateral = collateralOf[borrower];
        uint256 debt = debtOf[borrower];
        uint256 value = collateralValue(collateral);
        if (debt * 10_000 <= value * LIQUIDATION_BPS) revert Healthy(debt, value);
        collateralOf[borrower] = 0;
        debtOf[borrower] = 0;
        alpha.approve(address(staking), collateral);
        staking.depositAlpha(hotkey, netuid, collateral);
        emit Liquidated(borrower, msg.sender, collateral, debt);
    }
}
