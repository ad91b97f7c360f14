// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ISubnetOwnerAdmin} from "../interfaces/ISubnetOwnerAdmin.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {ISubnet} from "./interfaces/subtensor/ISubnet.sol";
import {FacadeContext, PrecompileFacade} from "./PrecompileFacade.sol";

/// @title SubnetPrecompile
/// @notice subtensor's Subnet precompile (0x803, docs/spec/chain.md §9) over the layer: subnet registration
///         paid in native TAO, and the hyperparameters read from and written to the SubnetRegistry in the
///         chain's units.
/// @dev Who may set what is the layer's rule, which follows the chain's (docs/spec/chain.md §7.1): a parameter
///      the owner sets on the chain goes to SubnetOwnerAdmin for the caller (owner check, bounds, rate limits,
///      freeze window, and their errors); a root-only one (Kappa) goes to the registry's governance setter
///      for the caller, which refuses anyone but governance. Parameters the layer does not have answer the
///      value the chain holds for a subnet that only has burned registration (no PoW, no commit-reveal, no
///      serving rate limit), and setting them reverts {PrecompileUnsupported}. Three setters the runtime
///      accepts and ignores (setWeightsSetRateLimit, setMinBurn, setMaxBurn) are ignored here too. The
///      setters are payable as on the chain, but only `registerNetwork` spends value: any other value is
///      refused ({PrecompileValueMismatch}), so none is stranded at this address.
contract SubnetPrecompile is ISubnet, PrecompileFacade {
    /// @notice A subnet's identity as given to the 8- and 9-argument `registerNetwork` (subtensor's
    ///         SubnetIdentityV3; `logoUrl` is empty for the 8-argument form).
    struct SubnetIdentity {
        string subnetName;
        string githubRepo;
        string subnetContact;
        string subnetUrl;
        string discord;
        string description;
        string additional;
        string logoUrl;
    }

    /// @notice The identity `registerNetwork` was given for `netuid`. The layer keeps no subnet identity:
    ///         this event is its only record (subtensor stores it in `SubnetIdentitiesV3`).
    /// @param netuid The new subnet.
    /// @param identity The identity, fields in the runtime's order.
    event SubnetIdentitySet(uint16 indexed netuid, SubnetIdentity identity);

    /// @dev Defaults the chain holds for parameters the layer does not have (docs/spec/chain.md §7.1).
    uint64 private constant SERVING_RATE_LIMIT = 50;
    uint64 private constant DIFFICULTY = 10_000_000;
    uint64 private constant MAX_DIFFICULTY = type(uint64).max / 4;
    uint64 private constant ADJUSTMENT_ALPHA = 0;
    uint16 private constant RHO = 10;
    uint64 private constant REVEAL_PERIOD_EPOCHS = 1;
    /// @dev `MaxWeightsLimit` is a constant on the chain now (docs/spec/chain.md §6 step 8).
    uint16 private constant MAX_WEIGHT_LIMIT = type(uint16).max;
    /// @dev The runtime's BoundedString limits on identity fields.
    uint256 private constant SHORT_FIELD = 256;
    uint256 private constant LONG_FIELD = 1024;

    constructor(FacadeContext memory c) PrecompileFacade(c) {}

    /* REGISTRATION */

    /// @inheritdoc ISubnet
    /// @dev The lock cost is paid as the call's value: exactly networkLockCost() × 1e9 wei. The subnet is
    ///      not started, as on the chain: its owner calls `startCall` on the registry.
    function registerNetwork(bytes32 hotkey) external payable {
        _registerNetwork(hotkey);
    }

    // Strings in memory, as declared: in calldata, eight of them would not fit the stack.
    // solhint-disable gas-calldata-parameters

    /// @inheritdoc ISubnet
    function registerNetwork(
        bytes32 hotkey,
        string memory subnetName,
        string memory githubRepo,
        string memory subnetContact,
        string memory subnetUrl,
        string memory discord,
        string memory description,
        string memory additional
    ) external payable {
        SubnetIdentity memory identity = SubnetIdentity(subnetName, githubRepo, subnetContact, subnetUrl, discord, description, additional, "");
        _registerWithIdentity(hotkey, identity);
    }

    /// @inheritdoc ISubnet
    /// @dev Strings in memory (as declared): in calldata, eight of them would not fit the stack.
    function registerNetwork(
        bytes32 hotkey,
        string memory subnetName,
        string memory githubRepo,
        string memory subnetContact,
        string memory subnetUrl,
        string memory discord,
        string memory description,
        string memory additional,
        string memory logoUrl
    ) external payable {
        SubnetIdentity memory identity = SubnetIdentity(subnetName, githubRepo, subnetContact, subnetUrl, discord, description, additional, logoUrl);
        _registerWithIdentity(hotkey, identity);
    }

    // solhint-enable gas-calldata-parameters

    /// @inheritdoc ISubnet
    function getNetworkRegistrationBlock(uint16 netuid) external view returns (uint64) {
        return REGISTRY.subnet(netuid).registeredAt;
    }

    /* PARAMETERS THE LAYER DOES NOT HAVE */

    /// @inheritdoc ISubnet
    /// @dev The chain's default; the layer's Serving does not rate-limit announcements.
    function getServingRateLimit(uint16) external pure returns (uint64) {
        return SERVING_RATE_LIMIT;
    }

    /// @inheritdoc ISubnet
    function setServingRateLimit(uint16, uint64) external payable {
        _unsupported();
    }

    /// @inheritdoc ISubnet
    /// @dev PoW registration is gone (docs/spec/chain.md §5.2): the chain's untouched default.
    function getMinDifficulty(uint16) external pure returns (uint64) {
        return DIFFICULTY;
    }

    /// @inheritdoc ISubnet
    function setMinDifficulty(uint16, uint64) external payable {
        _unsupported();
    }

    /// @inheritdoc ISubnet
    function getMaxDifficulty(uint16) external pure returns (uint64) {
        return MAX_DIFFICULTY;
    }

    /// @inheritdoc ISubnet
    function setMaxDifficulty(uint16, uint64) external payable {
        _unsupported();
    }

    /// @inheritdoc ISubnet
    function getDifficulty(uint16) external pure returns (uint64) {
        return DIFFICULTY;
    }

    /// @inheritdoc ISubnet
    function setDifficulty(uint16, uint64) external payable {
        _unsupported();
    }

    /// @inheritdoc ISubnet
    /// @dev The legacy interval adjustment is gone (docs/spec/chain.md §5.2): the chain's default.
    function getAdjustmentAlpha(uint16) external pure returns (uint64) {
        return ADJUSTMENT_ALPHA;
    }

    /// @inheritdoc ISubnet
    function setAdjustmentAlpha(uint16, uint64) external payable {
        _unsupported();
    }

    /// @inheritdoc ISubnet
    function getMaxWeightLimit(uint16) external pure returns (uint16) {
        return MAX_WEIGHT_LIMIT;
    }

    /// @inheritdoc ISubnet
    /// @dev Legacy, read by nothing on the chain or here: the chain's default.
    function getRho(uint16) external pure returns (uint16) {
        return RHO;
    }

    /// @inheritdoc ISubnet
    function setRho(uint16, uint16) external payable {
        _unsupported();
    }

    /// @inheritdoc ISubnet
    /// @dev Registration is always open on a registered subnet here (bounded by the burn price).
    function getNetworkRegistrationAllowed(uint16 netuid) external view returns (bool) {
        return REGISTRY.subnetExists(netuid);
    }

    /// @inheritdoc ISubnet
    function setNetworkRegistrationAllowed(uint16, bool) external payable {
        _unsupported();
    }

    /// @inheritdoc ISubnet
    function getNetworkPowRegistrationAllowed(uint16) external pure returns (bool) {
        return false;
    }

    /// @inheritdoc ISubnet
    /// @dev The chain refuses it too (`POWRegistrationDisabled`, docs/spec/chain.md §5.2).
    function setNetworkPowRegistrationAllowed(uint16, bool) external payable {
        _unsupported();
    }

    /// @inheritdoc ISubnet
    /// @dev Weights are always set in the clear here (docs/spec/chain.md §6): false.
    function getCommitRevealWeightsEnabled(uint16) external pure returns (bool) {
        return false;
    }

    /// @inheritdoc ISubnet
    /// @dev Turning it off is what the layer already does: accepted from the owner and changes nothing;
    ///      turning it on is {PrecompileUnsupported}.
    function setCommitRevealWeightsEnabled(uint16 netuid, bool enabled) external payable {
        _ownerNoop(netuid, enabled);
    }

    /// @inheritdoc ISubnet
    /// @dev No bond reset here: false.
    function getBondsResetEnabled(uint16) external pure returns (bool) {
        return false;
    }

    /// @inheritdoc ISubnet
    /// @dev As {setCommitRevealWeightsEnabled}: off is accepted from the owner, on is unsupported.
    function setBondsResetEnabled(uint16 netuid, bool enabled) external payable {
        _ownerNoop(netuid, enabled);
    }

    /// @inheritdoc ISubnet
    /// @dev No commit-reveal here: the chain's default reveal period, which nothing reads.
    function getCommitRevealWeightsInterval(uint16) external pure returns (uint64) {
        return REVEAL_PERIOD_EPOCHS;
    }

    /// @inheritdoc ISubnet
    function setCommitRevealWeightsInterval(uint16, uint64) external payable {
        _unsupported();
    }

    /* PARAMETERS THE LAYER HAS */

    /// @inheritdoc ISubnet
    function getWeightsVersionKey(uint16 netuid) external view returns (uint64) {
        return REGISTRY.hyperparameters(netuid).weightsVersionKey;
    }

    /// @inheritdoc ISubnet
    function setWeightsVersionKey(uint16 netuid, uint64 weightsVersionKey) external payable {
        _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.WeightsVersionKey, weightsVersionKey);
    }

    /// @inheritdoc ISubnet
    function getWeightsSetRateLimit(uint16 netuid) external view returns (uint64) {
        return REGISTRY.hyperparameters(netuid).weightsSetRateLimit;
    }

    /// @inheritdoc ISubnet
    /// @dev The runtime ignores this call (the limit is root's, set elsewhere); so does this facade.
    function setWeightsSetRateLimit(uint16, uint64) external payable {
        _noValue();
    }

    /// @inheritdoc ISubnet
    /// @dev The layer keeps a u64; values above u16 (settable by governance only) read as 65 535.
    function getImmunityPeriod(uint16 netuid) external view returns (uint16) {
        uint64 period = REGISTRY.hyperparameters(netuid).immunityPeriod;
        return period > type(uint16).max ? type(uint16).max : uint16(period);
    }

    /// @inheritdoc ISubnet
    function setImmunityPeriod(uint16 netuid, uint16 immunityPeriod) external payable {
        _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.ImmunityPeriod, immunityPeriod);
    }

    /// @inheritdoc ISubnet
    function getMinAllowedWeights(uint16 netuid) external view returns (uint16) {
        return REGISTRY.hyperparameters(netuid).minAllowedWeights;
    }

    /// @inheritdoc ISubnet
    function setMinAllowedWeights(uint16 netuid, uint16 minAllowedWeights) external payable {
        _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.MinAllowedWeights, minAllowedWeights);
    }

    /// @inheritdoc ISubnet
    function getKappa(uint16 netuid) external view returns (uint16) {
        return REGISTRY.hyperparameters(netuid).kappa;
    }

    /// @inheritdoc ISubnet
    /// @dev Root-only (docs/spec/chain.md §7.1): the registry's governance setter, for the caller, so only the
    ///      layer's governance gets through (anyone else: the access manager's refusal).
    function setKappa(uint16 netuid, uint16 kappa) external payable {
        _noValue();
        ISubnetRegistry.Hyperparameters memory h = REGISTRY.hyperparameters(netuid);
        h.kappa = kappa;
        _forward(address(REGISTRY), abi.encodeCall(ISubnetRegistry.setHyperparameters, (netuid, h)));
    }

    /// @inheritdoc ISubnet
    /// @dev The layer's int16, as the runtime returns it: its two's complement bits.
    function getAlphaSigmoidSteepness(uint16 netuid) external view returns (uint16) {
        return uint16(REGISTRY.hyperparameters(netuid).alphaSigmoidSteepness);
    }

    /// @inheritdoc ISubnet
    /// @dev The runtime reads the u16 as an i16; an owner may not set a negative one, which is what the owner
    ///      bound 0..32 767 refuses here.
    function setAlphaSigmoidSteepness(uint16 netuid, uint16 alphaSigmoidSteepness) external payable {
        _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.AlphaSigmoidSteepness, alphaSigmoidSteepness);
    }

    /// @inheritdoc ISubnet
    /// @dev The layer keeps the cutoff as a factor of the tempo: max(factor·tempo/1000, 1) blocks
    ///      (docs/spec/chain.md §6 step 9), at most 65 535; 0 for a netuid with no subnet.
    function getActivityCutoff(uint16 netuid) external view returns (uint16) {
        ISubnetRegistry.Hyperparameters memory h = REGISTRY.hyperparameters(netuid);
        if (h.tempo == 0) return 0;
        uint256 blocks = (uint256(h.activityCutoffFactorMilli) * h.tempo) / 1000;
        if (blocks == 0) return 1;
        return blocks > type(uint16).max ? type(uint16).max : uint16(blocks);
    }

    /// @inheritdoc ISubnet
    /// @dev Sets the factor that gives `activityCutoff` blocks at the current tempo, rounded up (so the
    ///      getter reads the value back whenever the tempo is under 1 000 blocks); the factor's owner bounds
    ///      (1 000..50 000) apply.
    function setActivityCutoff(uint16 netuid, uint16 activityCutoff) external payable {
        uint256 tempo = REGISTRY.hyperparameters(netuid).tempo;
        uint256 factor = tempo == 0 ? 0 : (uint256(activityCutoff) * 1000 + tempo - 1) / tempo;
        _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.ActivityCutoffFactorMilli, factor);
    }

    /// @inheritdoc ISubnet
    function getActivityCutoffFactor(uint16 netuid) external view returns (uint32) {
        return REGISTRY.hyperparameters(netuid).activityCutoffFactorMilli;
    }

    /// @inheritdoc ISubnet
    function setActivityCutoffFactor(uint16 netuid, uint32 activityCutoffFactor) external payable {
        _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.ActivityCutoffFactorMilli, activityCutoffFactor);
    }

    /// @inheritdoc ISubnet
    function getMinBurn(uint16 netuid) external view returns (uint64) {
        return REGISTRY.registrationParameters(netuid).minBurn;
    }

    /// @inheritdoc ISubnet
    /// @dev The runtime ignores this call; so does this facade (owners set it on SubnetOwnerAdmin).
    function setMinBurn(uint16, uint64) external payable {
        _noValue();
    }

    /// @inheritdoc ISubnet
    function getMaxBurn(uint16 netuid) external view returns (uint64) {
        return REGISTRY.registrationParameters(netuid).maxBurn;
    }

    /// @inheritdoc ISubnet
    /// @dev The runtime ignores this call; so does this facade (owners set it on SubnetOwnerAdmin).
    function setMaxBurn(uint16, uint64) external payable {
        _noValue();
    }

    /// @inheritdoc ISubnet
    function getBondsMovingAverage(uint16 netuid) external view returns (uint64) {
        return REGISTRY.hyperparameters(netuid).bondsMovingAverage;
    }

    /// @inheritdoc ISubnet
    function setBondsMovingAverage(uint16 netuid, uint64 bondsMovingAverage) external payable {
        _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.BondsMovingAverage, bondsMovingAverage);
    }

    /// @inheritdoc ISubnet
    function getLiquidAlphaEnabled(uint16 netuid) external view returns (bool) {
        return REGISTRY.hyperparameters(netuid).liquidAlphaEnabled;
    }

    /// @inheritdoc ISubnet
    function setLiquidAlphaEnabled(uint16 netuid, bool liquidAlphaEnabled) external payable {
        _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.LiquidAlphaEnabled, liquidAlphaEnabled ? 1 : 0);
    }

    /// @inheritdoc ISubnet
    function getYuma3Enabled(uint16 netuid) external view returns (bool) {
        return REGISTRY.hyperparameters(netuid).yuma3Enabled;
    }

    /// @inheritdoc ISubnet
    function setYuma3Enabled(uint16 netuid, bool yuma3Enabled) external payable {
        _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.Yuma3Enabled, yuma3Enabled ? 1 : 0);
    }

    /// @inheritdoc ISubnet
    function getAlphaValues(uint16 netuid) external view returns (uint16 alphaLow, uint16 alphaHigh) {
        ISubnetRegistry.Hyperparameters memory h = REGISTRY.hyperparameters(netuid);
        return (h.alphaLow, h.alphaHigh);
    }

    /// @inheritdoc ISubnet
    /// @dev Two owner calls (AlphaLow, AlphaHigh), ordered so that the registry's low <= high holds in
    ///      between; each is rate-limited on its own (the chain limits the pair as one).
    function setAlphaValues(uint16 netuid, uint16 alphaLow, uint16 alphaHigh) external payable {
        if (alphaLow > REGISTRY.hyperparameters(netuid).alphaHigh) {
            _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.AlphaHigh, alphaHigh);
            _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.AlphaLow, alphaLow);
        } else {
            _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.AlphaLow, alphaLow);
            _setByOwner(netuid, ISubnetOwnerAdmin.Parameter.AlphaHigh, alphaHigh);
        }
    }

    /// @inheritdoc ISubnet
    /// @dev Staking's owner switch, for the caller (not rate-limited there).
    function toggleTransfers(uint16 netuid, bool toggle) external payable {
        _noValue();
        _forward(address(STAKING), abi.encodeCall(IStaking.setTransfersEnabled, (netuid, toggle)));
    }

    /* INTERNAL */

    /// @dev Checks the identity's lengths (the runtime's BoundedString limits refuse longer ones), then
    ///      registers and records the identity in {SubnetIdentitySet}.
    function _registerWithIdentity(bytes32 hotkey, SubnetIdentity memory identity) private {
        _checkLength(identity.subnetName, SHORT_FIELD);
        _checkLength(identity.githubRepo, LONG_FIELD);
        _checkLength(identity.subnetContact, LONG_FIELD);
        _checkLength(identity.subnetUrl, LONG_FIELD);
        _checkLength(identity.discord, SHORT_FIELD);
        _checkLength(identity.description, LONG_FIELD);
        _checkLength(identity.additional, LONG_FIELD);
        _checkLength(identity.logoUrl, LONG_FIELD);
        uint16 netuid = _registerNetwork(hotkey);
        emit SubnetIdentitySet(netuid, identity);
    }

    /// @dev Takes the lock cost from the call's value and registers for the caller. The hotkey key names a
    ///      linked EVM account, else a substrate key's shadow (IKeyRegistry). Whatever TAO the registry did
    ///      not pull goes back to the caller as native TAO (none, unless the price moved within the call).
    function _registerNetwork(bytes32 hotkeyKey) private returns (uint16 netuid) {
        uint256 held = TAO.balanceOf(address(this));
        uint256 lock = REGISTRY.networkLockCost();
        _takeNative(lock, address(REGISTRY));
        _linkCaller();
        address hotkey = KEYS.resolve(hotkeyKey);
        bytes memory result = _forward(address(REGISTRY), abi.encodeCall(ISubnetRegistry.registerNetwork, (hotkey, lock)));
        netuid = abi.decode(result, (uint16));
        uint256 left = TAO.balanceOf(address(this)) - held;
        if (left != 0) {
            TAO.approve(address(REGISTRY), 0);
            _payNative(msg.sender, left);
        }
    }

    /// @dev One owner-settable parameter through SubnetOwnerAdmin, for the caller.
    function _setByOwner(uint16 netuid, ISubnetOwnerAdmin.Parameter parameter, uint256 value) private {
        _noValue();
        _forward(address(OWNER_ADMIN), abi.encodeCall(ISubnetOwnerAdmin.setParameter, (netuid, parameter, value)));
    }

    /// @dev A switch the layer holds off for good: off from the owner changes nothing, on is unsupported.
    function _ownerNoop(uint16 netuid, bool enabled) private view {
        _noValue();
        if (enabled) _unsupported();
        if (REGISTRY.subnet(netuid).owner != msg.sender) revert ISubnetOwnerAdmin.OwnerAdminNotSubnetOwner(netuid, msg.sender);
    }

    /// @dev Refuses value on a call that spends none.
    function _noValue() private view {
        if (msg.value != 0) revert PrecompileValueMismatch(0, msg.value);
    }

    function _checkLength(string memory field, uint256 max) private pure {
        uint256 length = bytes(field).length;
        if (length > max) revert PrecompileValueOutOfBounds(length);
    }
}
