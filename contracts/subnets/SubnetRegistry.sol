// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {ICoinbase} from "../interfaces/ICoinbase.sol";
import {IEpochSettlement} from "../interfaces/IEpochSettlement.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {ITao} from "../interfaces/ITao.sol";
import {IWeights} from "../interfaces/IWeights.sol";
import {BurnMath} from "../libraries/BurnMath.sol";
import {NetworkRegistration} from "../libraries/NetworkRegistration.sol";
import {SubnetParameterBounds} from "../libraries/SubnetParameterBounds.sol";
import {Delegate, Neuron, NeuronPruning} from "../libraries/NeuronPruning.sol";
import {AlphaToken} from "../token/AlphaToken.sol";
import {PrecompileForwarded} from "../compat/PrecompileForwarded.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";

/// @title SubnetRegistry
/// @notice Subnets and their neurons (docs/spec/chain.md §5): subnet registration with subtensor's lock
///         cost, the owner's `startCall`, burned neuron registration, hotkey ownership and the per-subnet
///         hyperparameters (§7.1).
/// @dev Every state-changing call on a subnet first accrues that subnet's emission through the Coinbase
///      (docs/architecture.md principle 4); a dissolution accrues the dissolved subnet (Coinbase.removeSubnet).
///      Netuids start at 1 (0 is root) and are never reused, unlike subtensor's: a dissolved subnet's α
///      token and positions stay redeemable under their netuid. The burn price decays lazily (§5.2,
///      {BurnMath}); a full subnet replaces its lowest-emission prunable UID (§5.3); subnet
///      registrations are rate-limited globally and, at `SubnetLimit`, dissolve the lowest-EMA non-immune
///      subnet first (§5.1, {NetworkRegistration}). Subnet owners set their parameters through
///      {SubnetOwnerAdmin}, which calls the restricted setters here. Not implemented yet:
///      NetworkRegistrationStartBlock, MinAllowedUids and trimming (`sudo_trim_to_max_allowed_uids`), and
///      subnet ownership changes (owner immortality reads the owner coldkey fixed at registration).
contract SubnetRegistry is ISubnetRegistry, AccessManaged, ReentrancyGuardTransient, PrecompileForwarded {
    using SafeERC20 for ITao;
    using SafeCast for uint256;

    /* TYPES */

    /// @dev A subnet's burn price as of block `updatedAt` (after that block's decay and registrations),
    ///      and the per-block decay factor of its half-life (`Burn`, docs/spec/chain.md §5.2).
    struct BurnState {
        uint64 price;
        uint64 updatedAt;
        uint64 decayFactorQ32;
    }

    /* CONSTANTS */

    /// @notice Floor of the subnet lock cost (`NetworkMinLockCost`; our default, 100 TAO).
    uint256 public constant NETWORK_MIN_LOCK_COST = 100e9;
    /// @notice Blocks over which the doubled lock cost decays by the last lock, in era 0
    ///         (`NetworkLockReductionInterval`, as migrated: 57 600 blocks = 8 days).
    uint256 public constant NETWORK_LOCK_REDUCTION_INTERVAL = 57_600;
    /// @notice A new subnet's neuron burn price (`DefaultNeuronBurnCost`: 1 TAO).
    uint256 public constant INITIAL_BURN = 1e9;
    /// @notice A new subnet's lower bound of the burn price (`MinBurn` default: 0.0005 TAO).
    uint64 public constant MIN_BURN = 500_000;
    /// @notice A new subnet's upper bound of the burn price (`MaxBurn` default: 100 TAO).
    uint64 public constant MAX_BURN = 100e9;
    /// @notice Hard cap on UIDs per subnet (`DefaultMaxAllowedUids`).
    uint16 public constant MAX_UIDS = uint16(SubnetParameterBounds.MAX_UIDS);
    /// @notice Every hotkey's delegate take until its owner changes it: 11_796 / 65_535 ≈ 18% (§4.3).
    uint16 public constant DEFAULT_DELEGATE_TAKE = 11_796;
    /// @notice Blocks that must pass after a subnet registration before the next one, by anyone, until
    ///         governance changes it (`NetworkRateLimit`, as migrated: 28 800 blocks = 4 days).
    uint64 public constant DEFAULT_NETWORK_RATE_LIMIT = 28_800;
    /// @notice Blocks between a take change and the next increase (`TxDelegateTakeRateLimit`, ~30 days).
    uint64 public constant TAKE_RATE_LIMIT = 216_000;
    /// @notice `SubnetLimit` until governance sets it (docs/spec/chain.md §5.1).
    uint16 public constant DEFAULT_SUBNET_LIMIT = 128;
    /// @notice `NetworkImmunityPeriod` until governance sets it: subtensor's 864 000 blocks since its
    ///         migration (docs/spec/chain.md §7.2).
    uint64 public constant DEFAULT_NETWORK_IMMUNITY_PERIOD = 864_000;

    /// @dev `DefaultBurnIncreaseMult`: U64F64::from_num(1.26), the f64 1.26 exactly (its 52-bit
    ///      mantissa shifted to 64 fractional bits).
    uint128 private constant DEFAULT_BURN_INCREASE_MULT = 0x1428f5c28f5c29000;
    /// @dev `DefaultBurnHalfLife`, in blocks.
    uint16 private constant DEFAULT_BURN_HALF_LIFE = 360;
    /// @dev BurnMath.decayFactorQ32(DEFAULT_BURN_HALF_LIFE), precomputed: the bisection costs ~100k gas.
    uint64 private constant DEFAULT_BURN_DECAY_FACTOR_Q32 = 4_286_705_684;
    /// @dev `ImmuneOwnerUidsLimit` and `MinNonImmuneUids` defaults.
    uint16 private constant DEFAULT_IMMUNE_OWNER_UIDS_LIMIT = 1;
    uint16 private constant DEFAULT_MIN_NON_IMMUNE_UIDS = 10;
    /// @dev Era-0 block emission (1 TAO), the unit the reduction interval is scaled by.
    uint256 private constant ONE_TAO = 1e9;

    /* IMMUTABLES */

    /// @notice The TAO token.
    ITao public immutable tao;
    /// @notice The pools; receives every TAO payment.
    IStaking public immutable staking;
    /// @inheritdoc ISubnetRegistry
    ICoinbase public immutable override coinbase;
    /// @notice The weights store; a pruned UID's row is cleared there.
    IWeights public immutable weights;
    /// @notice The epoch settlement: the emission pruning ranks by; a pruned UID's metagraph entries are
    ///         cleared there.
    IEpochSettlement public immutable settlement;

    /* TYPES */

    /// @dev Subnet (network) registration state (docs/spec/chain.md §5.1), in one slot.
    struct Networks {
        uint64 lastLockBlock; // the block of the last subnet registration
        uint64 rateLimit; // `NetworkRateLimit`
        uint16 lastNetuid; // the highest netuid handed out: netuids are never reused
        uint16 subnetLimit; // `SubnetLimit`
        uint64 immunityPeriod; // `NetworkImmunityPeriod`
    }

    /* STORAGE */

    uint16[] private _netuids;
    mapping(uint16 netuid => SubnetInfo) private _subnets;
    mapping(uint16 netuid => Hyperparameters) private _hyperparameters;
    mapping(uint16 netuid => RegistrationParameters) private _registrationParameters;
    mapping(uint16 netuid => BurnState) private _burnStates;
    mapping(uint16 netuid => mapping(uint16 uid => Neuron)) private _neurons;
    /// @dev uid + 1, so that 0 means "not registered".
    mapping(uint16 netuid => mapping(address hotkey => uint256)) private _uidPlusOne;
    mapping(address hotkey => Delegate) private _delegates;
    /// @dev `MinDelegateTake` / `MaxDelegateTake`.
    uint16 private _minDelegateTake;
    uint16 private _maxDelegateTake = DEFAULT_DELEGATE_TAKE;
    /// @dev `NetworkLastLockCost` and the block of the last subnet registration.
    uint256 private _lastLockCost;
    /// @dev The network-level registration state, one slot.
    Networks private _networks =
        Networks({
            lastLockBlock: 0,
            rateLimit: DEFAULT_NETWORK_RATE_LIMIT,
            lastNetuid: 0,
            subnetLimit: DEFAULT_SUBNET_LIMIT,
            immunityPeriod: DEFAULT_NETWORK_IMMUNITY_PERIOD
        });

    /* CONSTRUCTOR */

    /// @notice Deploys the registry with no subnets; the first registration costs NETWORK_MIN_LOCK_COST.
    /// @param initialAuthority The AccessManager that decides who may call {setHyperparameters}.
    /// @param tao_ The TAO token.
    /// @param staking_ The Staking contract (pools; the α tokens' minter).
    /// @param coinbase_ The Coinbase (emission accrual, subnet start).
    /// @param weights_ The Weights store (rows cleared on pruning).
    /// @param settlement_ The EpochSettlement (emission read, metagraph entries cleared on pruning).
    constructor(
        address initialAuthority,
        ITao tao_,
        IStaking staking_,
        ICoinbase coinbase_,
        IWeights weights_,
        IEpochSettlement settlement_
    ) AccessManaged(initialAuthority) {
        tao = tao_;
        staking = staking_;
        coinbase = coinbase_;
        weights = weights_;
        settlement = settlement_;
    }

    /* ACTIONS */

    /// @inheritdoc ISubnetRegistry
    /// @dev docs/spec/chain.md §5.1 `register_network`. The lock cost is pulled from the caller straight to the
    ///      Staking contract and becomes the new pool's TAO reserve; the α reserve is the lock divided by
    ///      the median spot price of the existing subnets (1 TAO/α for the first). A new {AlphaToken} is
    ///      deployed, `ownerHotkey` is bound to the caller and appended as UID 0, and the subnet gets the
    ///      default hyperparameters and registration parameters and a 1 TAO burn. Reverts with {RegistryZeroHotkey},
    ///      {RegistryHotkeyOwnedByOther}, {RegistryNetworkRateLimited} (§5.1 global `NetworkRateLimit`: fewer
    ///      than networkRateLimit blocks since the last subnet registration, the first one excepted) or
    ///      {RegistryPriceAboveLimit} (cost above `maxLockCost`).
    function registerNetwork(address ownerHotkey, uint256 maxLockCost) external nonReentrant returns (uint16 netuid) {
        address coldkey = _msgSender();
        (uint256 lockCost, bool full, uint16 pruned) = _checkNetworkRegistration(ownerHotkey, coldkey, maxLockCost);
        if (full) _dissolve(pruned);
        uint256 poolAlpha = Math.mulDiv(lockCost, 1 << 64, NetworkRegistration.medianPriceQ64(_netuids, staking));

        netuid = ++_networks.lastNetuid;
        AlphaToken alpha = new AlphaToken(netuid, address(staking));
        uint64 blockNumber = uint64(block.number);

        _netuids.push(netuid);
        _subnets[netuid] = SubnetInfo({
            owner: coldkey,
            ownerHotkey: ownerHotkey,
            alpha: address(alpha),
            registeredAt: blockNumber,
            startBlock: 0,
            lockCost: lockCost,
            n: 0
        });
        _lastLockCost = lockCost;
        _networks.lastLockBlock = blockNumber;
        emit NetworkRegistered(netuid, coldkey, ownerHotkey, address(alpha), lockCost);
        _setHyperparameters(netuid, _defaultHyperparameters());
        _burnStates[netuid] = BurnState({
            price: uint64(INITIAL_BURN),
            updatedAt: blockNumber,
            decayFactorQ32: DEFAULT_BURN_DECAY_FACTOR_Q32
        });
        _setRegistrationParameters(
            netuid,
            RegistrationParameters({
                minBurn: MIN_BURN,
                maxBurn: MAX_BURN,
                burnIncreaseMult: DEFAULT_BURN_INCREASE_MULT,
                burnHalfLife: DEFAULT_BURN_HALF_LIFE,
                immuneOwnerUidsLimit: DEFAULT_IMMUNE_OWNER_UIDS_LIMIT,
                minNonImmuneUids: DEFAULT_MIN_NON_IMMUNE_UIDS
            })
        );
        _bindHotkey(ownerHotkey, coldkey);
        _appendNeuron(netuid, ownerHotkey, coldkey, 0);

        // The payer is msg.sender: a facade pays for the caller it acts for (PrecompileForwarded).
        tao.safeTransferFrom(msg.sender, address(staking), lockCost);
        staking.createPool(netuid, alpha, lockCost, poolAlpha);
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev docs/spec/chain.md §5.1 `start_call`: only the owner coldkey, once. Emission starts from the next
    ///      block (`ICoinbase.addSubnet`) and staking opens. Reverts with {RegistryUnknownSubnet},
    ///      {RegistryNotSubnetOwner} or {RegistryAlreadyStarted}.
    function startCall(uint16 netuid) external nonReentrant {
        SubnetInfo storage info = _existingSubnet(netuid);
        if (info.owner != _msgSender()) revert RegistryNotSubnetOwner(netuid, _msgSender());
        if (info.startBlock != 0) revert RegistryAlreadyStarted(netuid);
        uint64 blockNumber = uint64(block.number);
        info.startBlock = blockNumber;
        emit NetworkStarted(netuid, blockNumber);
        coinbase.addSubnet(netuid);
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev docs/spec/chain.md §5.2 `burned_register` / `register_limit`. The subnet need not have started. The
    ///      burn price ({burn}: decayed to this block) is pulled from the caller to the Staking contract,
    ///      bought into the pool there and the α recycled; then the price is multiplied by burnIncreaseMult,
    ///      clamped to [minBurn, maxBurn], and becomes the price of this block. The hotkey takes the next UID,
    ///      or, when the subnet has maxAllowedUids UIDs, the UID {neuronToPrune} picks (§5.3
    ///      `replace_neuron`): the old hotkey loses the UID, the UID's registration block becomes this one,
    ///      and its weights row (hence `lastUpdate`) and its entries in the stored metagraph are cleared.
    ///      Bonds live with the oracle, which drops a UID's bond row and column when the UID registered
    ///      after those bonds were made. Reverts with {RegistryUnknownSubnet}, {RegistryZeroHotkey},
    ///      {RegistryPriceAboveLimit}, {RegistryHotkeyAlreadyRegistered}, {RegistryHotkeyOwnedByOther} or
    ///      {RegistrySubnetFull} (full and nothing to prune).
    function burnedRegister(uint16 netuid, address hotkey, uint256 maxBurn) external nonReentrant returns (uint16 uid) {
        coinbase.accrueSubnet(netuid);
        SubnetInfo storage info = _existingSubnet(netuid);
        _requireNoPendingEpoch(netuid, info);
        if (hotkey == address(0)) revert RegistryZeroHotkey();
        // Storage, not a copy: a registration that prunes nothing reads the burn fields' slot only.
        RegistrationParameters storage rp = _registrationParameters[netuid];
        BurnState storage burnState = _burnStates[netuid];
        uint256 price = _currentBurn(burnState, rp);
        if (price > maxBurn) revert RegistryPriceAboveLimit(price, maxBurn);
        if (_uidPlusOne[netuid][hotkey] != 0) revert RegistryHotkeyAlreadyRegistered(netuid, hotkey);
        address coldkey = _msgSender();
        _checkHotkeyOwner(hotkey, coldkey);
        uint16 maxAllowedUids = _hyperparameters[netuid].maxAllowedUids;
        // Full at maxAllowedUids UIDs, subtensor's check as written (a strict rewrite saves nothing).
        // solhint-disable-next-line gas-strict-inequalities
        bool full = info.n >= maxAllowedUids;
        if (full) {
            bool found;
            (found, uid) = _neuronToPrune(netuid, info, rp);
            if (!found) revert RegistrySubnetFull(netuid, maxAllowedUids);
        }

        _bindHotkey(hotkey, coldkey);
        if (full) _replaceNeuron(netuid, uid, hotkey, coldkey, price);
        else uid = _appendNeuron(netuid, hotkey, coldkey, price);
        // §5.2: Burn = clamp(Burn · BurnIncreaseMult, MinBurn, MaxBurn), the price for the rest of the block.
        burnState.price = uint64(Math.min(Math.max(BurnMath.increase(price, rp.burnIncreaseMult), rp.minBurn), rp.maxBurn));
        burnState.updatedAt = uint64(block.number);

        tao.safeTransferFrom(msg.sender, address(staking), price);
        staking.buyAndRecycle(netuid, price);
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev docs/spec/chain.md §5.1 `do_dissolve_network` (see {_dissolve}). The Coinbase accrues the subnet as it
    ///      removes it, so the subnet takes part in every block up to this one. Reverts with {RegistryUnknownSubnet}.
    function dissolveNetwork(uint16 netuid) external restricted nonReentrant {
        _existingSubnet(netuid);
        _dissolve(netuid);
    }

    /* VIEWS */

    /// @inheritdoc ISubnetRegistry
    /// @dev docs/spec/chain.md §5.1 `get_network_lock_cost`:
    ///      max(NETWORK_MIN_LOCK_COST, mult·L − floor(L / interval)·(now − B)), saturating at 0, with L the
    ///      last lock, B its block, mult = 1 before any registration and 2 after, and interval =
    ///      floor(57 600 · blockEmission / 1 TAO) computed as subtensor does in I64F64 (halves with each
    ///      TAO halving; a zero interval removes the decay).
    function networkLockCost() public view returns (uint256) {
        uint256 lastLock = _lastLockCost;
        uint256 lastBlock = _networks.lastLockBlock;
        uint256 mult = lastBlock == 0 ? 1 : 2;
        // I64F64: halving = floor(emission·2^64 / 1e9), interval = floor(57_600 · halving / 2^64).
        uint256 halving = (tao.blockEmission() << 64) / ONE_TAO;
        uint256 interval = (NETWORK_LOCK_REDUCTION_INTERVAL * halving) >> 64;
        uint256 decay = interval == 0 ? 0 : (lastLock / interval) * (block.number - lastBlock);
        uint256 doubled = lastLock * mult;
        uint256 cost = doubled > decay ? doubled - decay : 0;
        return Math.max(cost, NETWORK_MIN_LOCK_COST);
    }

    /// @inheritdoc ISubnetRegistry
    function networkRateLimit() external view returns (uint64) {
        return _networks.rateLimit;
    }

    /// @inheritdoc ISubnetRegistry
    function subnetLimit() external view returns (uint16) {
        return _networks.subnetLimit;
    }

    /// @inheritdoc ISubnetRegistry
    function networkImmunityPeriod() external view returns (uint64) {
        return _networks.immunityPeriod;
    }

    /// @inheritdoc ISubnetRegistry
    function networkToPrune() public view returns (bool found, uint16 netuid) {
        return NetworkRegistration.networkToPrune(_netuids, _subnets, coinbase, _networks.immunityPeriod);
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev 0 for an unknown subnet. See {_currentBurn} for how it relates to subtensor's per-block value.
    function burn(uint16 netuid) external view returns (uint256) {
        return _currentBurn(_burnStates[netuid], _registrationParameters[netuid]);
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev All zero for an unknown subnet.
    function registrationParameters(uint16 netuid) external view returns (RegistrationParameters memory) {
        return _registrationParameters[netuid];
    }

    /// @inheritdoc ISubnetRegistry
    function neuronToPrune(uint16 netuid) external view returns (bool found, uint16 uid) {
        return _neuronToPrune(netuid, _subnets[netuid], _registrationParameters[netuid]);
    }

    /// @inheritdoc ISubnetRegistry
    function subnetCount() external view returns (uint16) {
        return uint16(_netuids.length);
    }

    /// @inheritdoc ISubnetRegistry
    function netuids() external view returns (uint16[] memory) {
        return _netuids;
    }

    /// @inheritdoc ISubnetRegistry
    function subnetExists(uint16 netuid) public view returns (bool) {
        return _subnets[netuid].owner != address(0);
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev All zero for an unknown subnet (`owner == address(0)`).
    function subnet(uint16 netuid) external view returns (SubnetInfo memory) {
        return _subnets[netuid];
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev All zero for an unknown subnet.
    function hyperparameters(uint16 netuid) external view returns (Hyperparameters memory) {
        return _hyperparameters[netuid];
    }

    /// @inheritdoc ISubnetRegistry
    function hotkeyOwner(address hotkey) external view returns (address) {
        return _delegates[hotkey].coldkey;
    }

    /// @inheritdoc ISubnetRegistry
    function delegate(address hotkey) external view returns (address owner, uint16 take) {
        Delegate memory d = _delegates[hotkey];
        return (d.coldkey, d.take);
    }

    /// @inheritdoc ISubnetRegistry
    function minDelegateTake() external view returns (uint16) {
        return _minDelegateTake;
    }

    /// @inheritdoc ISubnetRegistry
    function maxDelegateTake() external view returns (uint16) {
        return _maxDelegateTake;
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev Not registered on a dissolved subnet (its n is 0; the stale entries are never read).
    function uidOf(uint16 netuid, address hotkey) external view returns (bool registered, uint16 uid) {
        uint256 uidPlusOne = _uidPlusOne[netuid][hotkey];
        if (uidPlusOne == 0 || uidPlusOne > _subnets[netuid].n) return (false, 0);
        return (true, uint16(uidPlusOne - 1));
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev The zero address for a UID that does not exist (any UID of a dissolved subnet).
    function hotkeyAt(uint16 netuid, uint16 uid) external view returns (address) {
        return uid < _subnets[netuid].n ? _neurons[netuid][uid].hotkey : address(0);
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev 0 for a UID that does not exist (any UID of a dissolved subnet).
    function blockAtRegistration(uint16 netuid, uint16 uid) external view returns (uint64) {
        return uid < _subnets[netuid].n ? _neurons[netuid][uid].registeredAt : 0;
    }

    /// @inheritdoc ISubnetRegistry
    function hotkeys(uint16 netuid) external view returns (address[] memory list) {
        uint256 n = _subnets[netuid].n;
        list = new address[](n);
        for (uint256 uid; uid < n; ++uid) {
            list[uid] = _neurons[netuid][uint16(uid)].hotkey;
        }
    }

    /// @inheritdoc ISubnetRegistry
    function registrationBlocks(uint16 netuid) external view returns (uint64[] memory list) {
        uint256 n = _subnets[netuid].n;
        list = new uint64[](n);
        for (uint256 uid; uid < n; ++uid) {
            list[uid] = _neurons[netuid][uint16(uid)].registeredAt;
        }
    }

    /* DELEGATE TAKE (docs/spec/chain.md §4.3) */

    /// @inheritdoc ISubnetRegistry
    /// @dev Reverts with {RegistryNotHotkeyOwner}, {RegistryTakeNotHigher}, {RegistryTakeOutOfBounds}
    ///      (above maxDelegateTake) or {RegistryTakeRateLimited}.
    function increaseTake(address hotkey, uint16 take) external {
        Delegate storage d = _ownedDelegate(hotkey);
        // "Strictly higher", as subtensor states it.
        // solhint-disable-next-line gas-strict-inequalities
        if (take <= d.take) revert RegistryTakeNotHigher(d.take, take);
        if (take > _maxDelegateTake) revert RegistryTakeOutOfBounds(take, _minDelegateTake, _maxDelegateTake);
        // The first increase of a hotkey that never changed its take is not limited (subtensor's
        // last-change block starts at 0).
        if (d.takeChangedAt != 0 && block.number < d.takeChangedAt + TAKE_RATE_LIMIT) {
            revert RegistryTakeRateLimited(hotkey, d.takeChangedAt + TAKE_RATE_LIMIT);
        }
        _setTake(hotkey, d, take);
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev Reverts with {RegistryNotHotkeyOwner}, {RegistryTakeNotLower} or {RegistryTakeOutOfBounds}
    ///      (below minDelegateTake).
    function decreaseTake(address hotkey, uint16 take) external {
        Delegate storage d = _ownedDelegate(hotkey);
        // "Strictly lower", as subtensor states it.
        // solhint-disable-next-line gas-strict-inequalities
        if (take >= d.take) revert RegistryTakeNotLower(d.take, take);
        if (take < _minDelegateTake) revert RegistryTakeOutOfBounds(take, _minDelegateTake, _maxDelegateTake);
        _setTake(hotkey, d, take);
    }

    /* GOVERNANCE (restricted) */

    /// @inheritdoc ISubnetRegistry
    /// @dev Reverts with {RegistryInvalidTakeBounds} unless min <= max.
    function setDelegateTakeBounds(uint16 min, uint16 max) external restricted {
        if (min > max) revert RegistryInvalidTakeBounds(min, max);
        _minDelegateTake = min;
        _maxDelegateTake = max;
        emit DelegateTakeBoundsSet(min, max);
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev subtensor `sudo_set_network_rate_limit`: any value (0 removes the limit).
    function setNetworkRateLimit(uint64 limit) external restricted {
        _networks.rateLimit = limit;
        emit NetworkRateLimitSet(limit);
    }

    /// @inheritdoc ISubnetRegistry
    function setSubnetLimit(uint16 limit) external restricted {
        _networks.subnetLimit = limit;
        emit SubnetLimitSet(limit);
    }

    /// @inheritdoc ISubnetRegistry
    function setNetworkImmunityPeriod(uint64 period) external restricted {
        _networks.immunityPeriod = period;
        emit NetworkImmunityPeriodSet(period);
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev Root-level setter (subtensor `sudo_set_*`), so owner-only bounds do not apply. Validates, by
    ///      name in {RegistryInvalidHyperparameter}: tempo ≥ 1; activityCutoffFactorMilli in
    ///      [1 000, 50 000]; bondsMovingAverage ≤ 1 000 000; n ≤ maxAllowedUids ≤ 256;
    ///      maxAllowedValidators ≤ maxAllowedUids; 1 638 ≤ alphaLow ≤ alphaHigh (`do_set_alpha_values`).
    ///      Every other field takes any value. Reverts with {RegistryUnknownSubnet} for an unknown subnet.
    function setHyperparameters(uint16 netuid, Hyperparameters calldata params) external restricted nonReentrant {
        coinbase.accrueSubnet(netuid);
        SubnetInfo storage info = _existingSubnet(netuid);
        _requireNoPendingEpoch(netuid, info);
        SubnetParameterBounds.checkHyperparameters(params, info.n);
        _setHyperparameters(netuid, params);
        coinbase.setTempo(netuid, params.tempo);
    }

    /// @inheritdoc ISubnetRegistry
    /// @dev Root-level setter (subtensor `sudo_set_min_burn`, `sudo_set_max_burn`, `sudo_set_burn_increase_mult`,
    ///      `sudo_set_burn_half_life`, `sudo_set_owner_immune_neuron_limit`, `sudo_set_min_non_immune_uids`),
    ///      with their bounds, by name in {RegistryInvalidHyperparameter}: minBurn < 1 TAO and < maxBurn;
    ///      maxBurn > 0.1 TAO; burnIncreaseMult in [1, 3]; burnHalfLife in [1, 36_100];
    ///      immuneOwnerUidsLimit in [1, 10]; minNonImmuneUids any. The price is first brought to this block
    ///      under the old parameters (subtensor decays it in `on_initialize`, before the call), so the new
    ///      ones rule from the next registration's bump and the next block's decay. Reverts with
    ///      {RegistryUnknownSubnet} for an unknown subnet.
    function setRegistrationParameters(uint16 netuid, RegistrationParameters calldata params) external restricted {
        _existingSubnet(netuid);
        SubnetParameterBounds.checkRegistrationParameters(params);
        BurnState storage burnState = _burnStates[netuid];
        burnState.price = uint64(_currentBurn(burnState, _registrationParameters[netuid]));
        burnState.updatedAt = uint64(block.number);
        burnState.decayFactorQ32 = uint64(BurnMath.decayFactorQ32(params.burnHalfLife));
        _setRegistrationParameters(netuid, params);
    }

    /* INTERNAL */

    /// @dev docs/spec/chain.md §5.2: the burn price of this block. Per block subtensor sets
    ///      Burn = clamp(floor(Burn · f), MinBurn, MaxBurn). A stored price at most maxBurn only decays, so
    ///      the maxBurn clamp never binds and the minBurn clamp, once reached, holds for good: clamping once
    ///      after k blocks is exact. A price above maxBurn (lowered since) takes its first block on its own,
    ///      exactly. The k floors are composed by {BurnMath-decay}: never below subtensor's price, and above
    ///      it by less than 1/(1 − f/2^32) rao (519 rao at the default half-life), zero once at minBurn.
    function _currentBurn(BurnState storage s, RegistrationParameters storage p) private view returns (uint256 price) {
        price = s.price;
        uint256 blocks = block.number - s.updatedAt;
        if (blocks == 0) return price;
        uint256 factor = s.decayFactorQ32;
        if (price > p.maxBurn) {
            price = Math.min(BurnMath.mulQ32(price, factor), p.maxBurn);
            --blocks;
        }
        return Math.max(BurnMath.decay(price, factor, blocks), p.minBurn);
    }

    /// @dev Dissolves `netuid` ({NetworkRegistration-dissolve}); the burn state goes too.
    function _dissolve(uint16 netuid) private {
        emit NetworkDissolved(netuid);
        delete _burnStates[netuid];
        NetworkRegistration.dissolve(_netuids, _subnets, _hyperparameters, _registrationParameters, coinbase, staking, netuid);
    }

    /// @dev {registerNetwork}'s checks, in subtensor's order (`do_register_network`): the owner hotkey, the
    ///      global rate limit, at SubnetLimit a subnet to prune (found before the cost check, dissolved by the
    ///      caller after it), then the lock cost against `maxLockCost`.
    function _checkNetworkRegistration(
        address ownerHotkey,
        address coldkey,
        uint256 maxLockCost
    ) private view returns (uint256 lockCost, bool full, uint16 pruned) {
        if (ownerHotkey == address(0)) revert RegistryZeroHotkey();
        _checkHotkeyOwner(ownerHotkey, coldkey);
        Networks memory networks = _networks;
        uint256 lastLockBlock = networks.lastLockBlock;
        uint256 nextAllowed = lastLockBlock + networks.rateLimit;
        if (lastLockBlock != 0 && block.number < nextAllowed) revert RegistryNetworkRateLimited(uint64(nextAllowed));
        // "At or above the limit", as subtensor states it (a strict rewrite saves nothing).
        // solhint-disable-next-line gas-strict-inequalities
        full = _netuids.length >= networks.subnetLimit;
        if (full) {
            bool found;
            (found, pruned) = networkToPrune();
            if (!found) revert RegistrySubnetLimitReached(networks.subnetLimit);
        }
        lockCost = networkLockCost();
        if (lockCost > maxLockCost) revert RegistryPriceAboveLimit(lockCost, maxLockCost);
    }

    /// @dev The subnet's info, or revert with {RegistryUnknownSubnet}.
    function _existingSubnet(uint16 netuid) private view returns (SubnetInfo storage info) {
        info = _subnets[netuid];
        if (info.owner == address(0)) revert RegistryUnknownSubnet(netuid);
    }

    /// @dev Reverts with {RegistryEpochPending} while a started subnet's epoch is due and unsettled: the
    ///      oracle's report is for the snapshot's UIDs (n) and tempo (due block), which must not move
    ///      under it. Registrations and parameter changes resume once the epoch is settled.
    function _requireNoPendingEpoch(uint16 netuid, SubnetInfo storage info) private view {
        if (info.startBlock != 0 && coinbase.isDue(netuid)) revert RegistryEpochPending(netuid, coinbase.dueBlock(netuid));
    }

    /// @dev Reverts with {RegistryHotkeyOwnedByOther} if `hotkey` is bound to a coldkey other than `coldkey`.
    function _checkHotkeyOwner(address hotkey, address coldkey) private view {
        address owner = _delegates[hotkey].coldkey;
        if (owner != address(0) && owner != coldkey) revert RegistryHotkeyOwnedByOther(hotkey, owner);
    }

    /// @dev The caller's hotkey record, or revert with {RegistryNotHotkeyOwner}.
    function _ownedDelegate(address hotkey) private view returns (Delegate storage d) {
        d = _delegates[hotkey];
        if (d.coldkey == address(0) || d.coldkey != _msgSender()) revert RegistryNotHotkeyOwner(hotkey, _msgSender());
    }

    /// @dev Stores a take change and restarts the increase rate limit.
    function _setTake(address hotkey, Delegate storage d, uint16 take) private {
        d.take = take;
        d.takeChangedAt = uint64(block.number);
        emit DelegateTakeSet(hotkey, take);
    }

    /// @dev Binds an unowned hotkey to `coldkey` forever (`create_account_if_non_existent`).
    function _bindHotkey(address hotkey, address coldkey) private {
        if (_delegates[hotkey].coldkey != address(0)) return;
        _delegates[hotkey] = Delegate({coldkey: coldkey, take: DEFAULT_DELEGATE_TAKE, takeChangedAt: 0});
        emit HotkeyBound(hotkey, coldkey);
    }

    /// @dev Appends `hotkey` as the next UID with this block as its registration block (`append_neuron`).
    function _appendNeuron(
        uint16 netuid,
        address hotkey,
        address coldkey,
        uint256 burnPaid
    ) private returns (uint16 uid) {
        SubnetInfo storage info = _subnets[netuid];
        uid = info.n;
        info.n = uid + 1;
        _neurons[netuid][uid] = Neuron({hotkey: hotkey, registeredAt: uint64(block.number)});
        _uidPlusOne[netuid][hotkey] = uint256(uid) + 1;
        emit NeuronRegistered(netuid, uid, hotkey, coldkey, burnPaid);
    }

    /// @dev docs/spec/chain.md §5.3 `replace_neuron`: `hotkey` takes `uid` from its current holder, with this
    ///      block as its registration block; the old hotkey's UID mapping goes, and the UID's weights row and
    ///      stored metagraph entries are cleared (`clear_neuron`).
    function _replaceNeuron(uint16 netuid, uint16 uid, address hotkey, address coldkey, uint256 burnPaid) private {
        Neuron storage neuron = _neurons[netuid][uid];
        address oldHotkey = neuron.hotkey;
        delete _uidPlusOne[netuid][oldHotkey];
        neuron.hotkey = hotkey;
        neuron.registeredAt = uint64(block.number);
        _uidPlusOne[netuid][hotkey] = uint256(uid) + 1;
        emit NeuronReplaced(netuid, uid, oldHotkey, hotkey);
        emit NeuronRegistered(netuid, uid, hotkey, coldkey, burnPaid);
        weights.clearNeuron(netuid, uid);
        settlement.clearNeuron(netuid, uid, oldHotkey);
    }

    /// @dev docs/spec/chain.md §5.3 `get_neuron_to_prune`, scanned by {NeuronPruning-neuronToPrune} with the
    ///      emission column of the last settled epoch (a UID registered since counts as 0).
    function _neuronToPrune(
        uint16 netuid,
        SubnetInfo storage info,
        RegistrationParameters storage rp
    ) private view returns (bool found, uint16 uid) {
        return
            NeuronPruning.neuronToPrune(
                _neurons[netuid],
                _delegates,
                NeuronPruning.Subnet({
                    n: info.n,
                    owner: info.owner,
                    ownerHotkey: info.ownerHotkey,
                    immunityPeriod: _hyperparameters[netuid].immunityPeriod,
                    immuneOwnerUidsLimit: rp.immuneOwnerUidsLimit,
                    minNonImmuneUids: rp.minNonImmuneUids
                }),
                settlement.emissionRanks(netuid)
            );
    }

    /// @dev Stores the hyperparameters and emits {HyperparametersSet}.
    function _setHyperparameters(uint16 netuid, Hyperparameters memory params) private {
        _hyperparameters[netuid] = params;
        emit HyperparametersSet(netuid, params);
    }

    /// @dev Stores the registration parameters and emits {RegistrationParametersSet}.
    function _setRegistrationParameters(uint16 netuid, RegistrationParameters memory params) private {
        _registrationParameters[netuid] = params;
        emit RegistrationParametersSet(netuid, params);
    }

    /// @dev subtensor's values for a new subnet (`init_new_network`; see {ISubnetRegistry-Hyperparameters}).
    function _defaultHyperparameters() private pure returns (Hyperparameters memory) {
        return
            Hyperparameters({
                tempo: 360,
                activityCutoffFactorMilli: 13_889,
                kappa: 32_767,
                bondsPenalty: 65_535,
                bondsMovingAverage: 900_000,
                maxAllowedValidators: 64,
                maxAllowedUids: MAX_UIDS,
                yuma3Enabled: true,
                liquidAlphaEnabled: false,
                alphaLow: 45_875,
                alphaHigh: 58_982,
                alphaSigmoidSteepness: 1_000,
                immunityPeriod: 5_000,
                minAllowedWeights: 1,
                weightsSetRateLimit: 100,
                weightsVersionKey: 0
            });
    }

    /// @dev The caller, or the caller a Bittensor-EVM facade acts for (PrecompileForwarded).
    function _msgSender() internal view override(Context, PrecompileForwarded) returns (address) {
        return PrecompileForwarded._msgSender();
    }
}
