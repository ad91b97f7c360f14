// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStaking} from "../interfaces/IStaking.sol";
import {PoolMath} from "../libraries/PoolMath.sol";
import {IStakingV2} from "./interfaces/subtensor/IStakingV2.sol";
import {FacadeContext, PrecompileFacade} from "./PrecompileFacade.sol";

/// @title IStakingMinimum
/// @notice The layer's staking minimum, which Staking exposes as a constant.
interface IStakingMinimum {
    /// @notice The layer's minimum stake (subtensor's `DefaultMinStake`, 0.002 TAO).
    /// @return The minimum, in rao.
    function MIN_STAKE() external view returns (uint256);
}

/// @title StakingV2Precompile
/// @notice subtensor's StakingV2 precompile at 0x…0805 over the layer's Staking (docs/spec/chain.md §9,
///         docs/bittensor-evm.md). Positions are the layer's own: the caller's coldkey is the caller's address
///         (its mapped account names it), a `bytes32` key names a linked EVM account or a substrate key's
///         shadow (IKeyRegistry). TAO in and out is native: staked from the call's value, unstaked to the
///         caller's balance.
/// @dev Allowances live in this facade's storage (at 0x…0805), keyed as subtensor keys them: (source,
///      spender, netuid, the netuid's registration), so an approval dies with a re-registered netuid.
contract StakingV2Precompile is IStakingV2, PrecompileFacade {
    /// @notice `transferStakeFrom` asked for `amount` α rao with an allowance of `allowed` (subtensor:
    ///         "trying to spend more than allowed").
    error StakingV2AllowanceExceeded(address source, address spender, uint256 allowed, uint256 amount);

    mapping(address source => mapping(address spender => mapping(uint16 netuid => mapping(uint64 registeredAt => uint256))))
        private _allowances;

    constructor(FacadeContext memory c) PrecompileFacade(c) {}

    /* STAKING */

    /// @inheritdoc IStakingV2
    function addStake(bytes32 hotkey, uint256 amount, uint256 netuid) external payable {
        uint16 n = _u16(netuid);
        uint64 rao = _u64Saturated(amount);
        address h = _hotkey(hotkey, n);
        _linkCaller();
        _takeNative(rao, address(STAKING));
        _forward(address(STAKING), abi.encodeCall(IStaking.addStake, (h, n, rao)));
    }

    /// @inheritdoc IStakingV2
    /// @dev The call's value is the most it may spend; what the limit leaves unspent comes back as native TAO.
    function addStakeLimit(bytes32 hotkey, uint256 amount, uint256 limitPrice, bool allowPartial, uint256 netuid) external payable {
        uint16 n = _u16(netuid);
        uint64 rao = _u64Saturated(amount);
        address h = _hotkey(hotkey, n);
        _linkCaller();
        _takeNative(rao, address(STAKING));
        bytes memory result = _forward(address(STAKING), abi.encodeCall(IStaking.addStakeLimit, (h, n, rao, _u64(limitPrice), allowPartial)));
        (, uint256 spent) = abi.decode(result, (uint256, uint256));
        if (spent < rao) {
            TAO.approve(address(STAKING), 0);
            _payNative(msg.sender, rao - spent);
        }
    }

    /// @inheritdoc IStakingV2
    function removeStake(bytes32 hotkey, uint256 amount, uint256 netuid) external payable {
        _noValue();
        uint16 n = _u16(netuid);
        bytes memory result = _forward(address(STAKING), abi.encodeCall(IStaking.removeStake, (_hotkey(hotkey, n), n, _u64Saturated(amount))));
        _payNative(msg.sender, abi.decode(result, (uint256)));
    }

    /// @inheritdoc IStakingV2
    function removeStakeLimit(bytes32 hotkey, uint256 amount, uint256 limitPrice, bool allowPartial, uint256 netuid) external payable {
        _noValue();
        uint16 n = _u16(netuid);
        bytes memory result = _forward(
            address(STAKING),
            abi.encodeCall(IStaking.removeStakeLimit, (_hotkey(hotkey, n), n, _u64Saturated(amount), _u64(limitPrice), allowPartial))
        );
        (uint256 taoOut, ) = abi.decode(result, (uint256, uint256));
        _payNative(msg.sender, taoOut);
    }

    /// @inheritdoc IStakingV2
    function removeStakeFull(bytes32 hotkey, uint256 netuid) external payable {
        _noValue();
        uint16 n = _u16(netuid);
        bytes memory result = _forward(address(STAKING), abi.encodeCall(IStaking.removeStakeFull, (_hotkey(hotkey, n), n)));
        _payNative(msg.sender, abi.decode(result, (uint256)));
    }

    /// @inheritdoc IStakingV2
    function removeStakeFullLimit(bytes32 hotkey, uint256 netuid, uint256 limitPrice) external payable {
        _noValue();
        uint16 n = _u16(netuid);
        bytes memory result = _forward(address(STAKING), abi.encodeCall(IStaking.removeStakeFullLimit, (_hotkey(hotkey, n), n, _u64(limitPrice))));
        _payNative(msg.sender, abi.decode(result, (uint256)));
    }

    /// @inheritdoc IStakingV2
    function moveStake(
        bytes32 originHotkey,
        bytes32 destinationHotkey,
        uint256 originNetuid,
        uint256 destinationNetuid,
        uint256 amount
    ) external payable {
        _noValue();
        uint16 o = _u16(originNetuid);
        uint16 d = _u16(destinationNetuid);
        _forward(
            address(STAKING),
            abi.encodeCall(IStaking.moveStake, (_hotkey(originHotkey, o), _hotkey(destinationHotkey, d), o, d, _u64Saturated(amount)))
        );
    }

    /// @inheritdoc IStakingV2
    /// @dev A destination that is not a linked EVM account's id is a substrate account: it receives the stake
    ///      under its shadow address (IKeyRegistry), recorded so the metagraph and `getStake` name it.
    function transferStake(
        bytes32 destinationColdkey,
        bytes32 hotkey,
        uint256 originNetuid,
        uint256 destinationNetuid,
        uint256 amount
    ) external payable {
        _noValue();
        uint16 o = _u16(originNetuid);
        uint16 d = _u16(destinationNetuid);
        address destination = KEYS.resolve(destinationColdkey);
        _forward(address(STAKING), abi.encodeCall(IStaking.transferStake, (destination, _hotkey(hotkey, o), o, d, _u64Saturated(amount))));
    }

    /// @inheritdoc IStakingV2
    function burnAlpha(bytes32 hotkey, uint256 amount, uint256 netuid) external payable {
        _noValue();
        uint16 n = _u16(netuid);
        _forward(address(STAKING), abi.encodeCall(IStaking.burnAlpha, (_hotkey(hotkey, n), n, _u64Saturated(amount))));
    }

    /// @inheritdoc IStakingV2
    /// @dev The layer has no proxies (subtensor's pallet_proxy).
    function addProxy(bytes32) external payable {
        _unsupported();
    }

    /// @inheritdoc IStakingV2
    /// @dev The layer has no proxies (subtensor's pallet_proxy).
    function removeProxy(bytes32) external payable {
        _unsupported();
    }

    /* ALLOWANCES */

    /// @inheritdoc IStakingV2
    function approve(address spender, uint256 netuid, uint256 amount) external {
        uint16 n = _u16(netuid);
        _allowances[msg.sender][spender][n][_registeredAt(n)] = amount;
    }

    /// @inheritdoc IStakingV2
    function increaseAllowance(address spender, uint256 netuid, uint256 amount) external {
        if (amount == 0) return;
        uint16 n = _u16(netuid);
        mapping(uint64 => uint256) storage a = _allowances[msg.sender][spender][n];
        uint64 r = _registeredAt(n);
        uint256 current = a[r];
        // Saturating, as subtensor's.
        a[r] = amount > type(uint256).max - current ? type(uint256).max : current + amount;
    }

    /// @inheritdoc IStakingV2
    function decreaseAllowance(address spender, uint256 netuid, uint256 amount) external {
        if (amount == 0) return;
        uint16 n = _u16(netuid);
        mapping(uint64 => uint256) storage a = _allowances[msg.sender][spender][n];
        uint64 r = _registeredAt(n);
        uint256 current = a[r];
        a[r] = amount > current ? 0 : current - amount;
    }

    /// @inheritdoc IStakingV2
    function transferStakeFrom(
        address source,
        address destination,
        bytes32 hotkey,
        uint256 originNetuid,
        uint256 destinationNetuid,
        uint256 amount
    ) external {
        uint16 o = _u16(originNetuid);
        uint16 d = _u16(destinationNetuid);
        if (amount != 0) {
            mapping(uint64 => uint256) storage a = _allowances[source][msg.sender][o];
            uint64 r = _registeredAt(o);
            uint256 allowed = a[r];
            if (amount > allowed) revert StakingV2AllowanceExceeded(source, msg.sender, allowed, amount);
            a[r] = allowed - amount;
        }
        // The source's mapped account gives the stake to the destination's: in the layer, the addresses.
        _forwardFor(address(STAKING), source, abi.encodeCall(IStaking.transferStake, (destination, _hotkey(hotkey, o), o, d, _u64Saturated(amount))));
    }

    /// @inheritdoc IStakingV2
    function allowance(address source, address spender, uint256 netuid) external view returns (uint256) {
        uint16 n = _u16(netuid);
        return _allowances[source][spender][n][_registeredAt(n)];
    }

    /* VIEWS */

    /// @inheritdoc IStakingV2
    function getStake(bytes32 hotkey, bytes32 coldkey, uint256 netuid) external view returns (uint256) {
        uint16 n = _u16(netuid);
        (address h, ) = _hotkeyView(hotkey, n);
        return STAKING.stakeOf(h, KEYS.addressOf(coldkey), n);
    }

    /// @inheritdoc IStakingV2
    function getTotalAlphaStaked(bytes32 hotkey, uint256 netuid) external view returns (uint256) {
        uint16 n = _u16(netuid);
        (address h, ) = _hotkeyView(hotkey, n);
        return STAKING.totalHotkeyAlpha(h, n);
    }

    /// @inheritdoc IStakingV2
    /// @dev Σ over subnets of the hotkey's α × the subnet's spot price, floored per subnet (subtensor floors the
    ///      sum once: at most one rao per subnet below it); root α counts 1:1.
    function getTotalHotkeyStake(bytes32 hotkey) external view returns (uint256 total) {
        address h = _anyHotkey(hotkey);
        uint16[] memory netuids = REGISTRY.netuids();
        total = STAKING.totalHotkeyAlpha(h, 0);
        for (uint256 i; i < netuids.length; ++i) {
            total += (STAKING.totalHotkeyAlpha(h, netuids[i]) * STAKING.spotPrice(netuids[i])) / PoolMath.PRICE_SCALE;
        }
    }

    /// @inheritdoc IStakingV2
    /// @dev subtensor's value of a position: what selling it would pay plus its fee at the spot price. The
    ///      layer keeps no list of a coldkey's hotkeys (subtensor's StakingHotkeys), so this reads the
    ///      positions on the hotkeys registered now, on each subnet and on root.
    function getTotalColdkeyStake(bytes32 coldkey) external view returns (uint256 total) {
        address c = KEYS.addressOf(coldkey);
        uint16[] memory netuids = REGISTRY.netuids();
        for (uint256 i; i < netuids.length; ++i) total += _coldkeyValueOn(c, netuids[i], true);
    }

    /// @inheritdoc IStakingV2
    /// @dev As {getTotalColdkeyStake}, on one subnet (netuid 0: root, over the hotkeys registered on any subnet).
    function getTotalColdkeyStakeOnSubnet(bytes32 coldkey, uint256 netuid) external view returns (uint256 total) {
        uint16 n = _u16(netuid);
        address c = KEYS.addressOf(coldkey);
        if (n != 0) return _coldkeyValueOn(c, n, false);
        uint16[] memory netuids = REGISTRY.netuids();
        for (uint256 i; i < netuids.length; ++i) {
            address[] memory hotkeys = REGISTRY.hotkeys(netuids[i]);
            for (uint256 j; j < hotkeys.length; ++j) {
                if (_firstSubnetOf(hotkeys[j], netuids, i)) total += STAKING.stakeOf(hotkeys[j], c, 0);
            }
        }
    }

    /// @inheritdoc IStakingV2
    /// @dev The layer keeps no list of a hotkey's nominators (subtensor iterates its Alpha map).
    function getAlphaStakedValidators(bytes32, uint256) external pure returns (bytes32[] memory) {
        _unsupported();
    }

    /// @inheritdoc IStakingV2
    /// @dev The layer's minimum stake (subtensor's DefaultMinStake; NominatorMinRequiredStake is 0 by default).
    function getNominatorMinRequiredStake() external view returns (uint256) {
        return IStakingMinimum(address(STAKING)).MIN_STAKE();
    }

    /* INTERNAL */

    function _registeredAt(uint16 netuid) private view returns (uint64) {
        return REGISTRY.subnet(netuid).registeredAt;
    }

    /// @dev A hotkey named without a netuid: linked, else found on any subnet, else the key's shadow.
    function _anyHotkey(bytes32 key) private view returns (address) {
        if (KEYS.isLinked(key)) return KEYS.addressOf(key);
        uint16[] memory netuids = REGISTRY.netuids();
        for (uint256 i; i < netuids.length; ++i) {
            (address h, bool found) = _hotkeyView(key, netuids[i]);
            if (found) return h;
        }
        return KEYS.shadowOf(key);
    }

    /// @dev The value of `coldkey`'s positions on the hotkeys registered on `netuid` (and, with `withRoot`,
    ///      their root positions, each hotkey counted at its first subnet).
    function _coldkeyValueOn(address coldkey, uint16 netuid, bool withRoot) private view returns (uint256 total) {
        address[] memory hotkeys = REGISTRY.hotkeys(netuid);
        uint16[] memory netuids = withRoot ? REGISTRY.netuids() : new uint16[](0);
        uint256 index;
        while (withRoot && netuids[index] != netuid) ++index;
        uint256 price = STAKING.spotPrice(netuid);
        uint16 rate = STAKING.feeRate(netuid);
        for (uint256 j; j < hotkeys.length; ++j) {
            uint256 alpha = STAKING.stakeOf(hotkeys[j], coldkey, netuid);
            if (alpha != 0) {
                total += STAKING.simSwapAlphaForTao(netuid, alpha) + (PoolMath.fee(alpha, rate) * price) / PoolMath.PRICE_SCALE;
            }
            if (withRoot && _firstSubnetOf(hotkeys[j], netuids, index)) total += STAKING.stakeOf(hotkeys[j], coldkey, 0);
        }
    }

    /// @dev Whether `netuids[index]` is the first of `netuids` that `hotkey` is registered on.
    function _firstSubnetOf(address hotkey, uint16[] memory netuids, uint256 index) private view returns (bool) {
        for (uint256 i; i < index; ++i) {
            (bool registered, ) = REGISTRY.uidOf(netuids[i], hotkey);
            if (registered) return false;
        }
        return true;
    }

    /// @dev A call that moves no native TAO in takes none: subtensor's precompile would keep it.
    function _noValue() private view {
        if (msg.value != 0) revert PrecompileValueMismatch(0, msg.value);
    }
}
