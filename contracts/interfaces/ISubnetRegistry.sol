// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICoinbase} from "./ICoinbase.sol";

/// @title ISubnetRegistry
/// @notice Subnets (registration with the lock cost, owner, α token, start), neurons (UIDs, hotkeys,
///         registration blocks, burned registration), hotkey ownership, and the per-subnet
///         hyperparameters the epoch reads (docs/spec/chain.md §5, §7; docs/spec/yuma.md §13).
/// @dev Coldkey = `msg.sender`. A hotkey is an address; the first registration that names it binds it
///      to the caller's coldkey forever (`hotkeyOwner`).
interface ISubnetRegistry {
    /* TYPES */

    /// @notice A registered subnet. All zero for a netuid that was never registered (or was dissolved).
    /// @dev Stored as is (SubnetRegistry's `_subnets`) and returned by {subnet}, in four slots: the fields
    ///      every neuron registration and `setWeights` read (owner, n, startBlock) share the first.
    struct SubnetInfo {
        /// The owner coldkey (the registering caller); zero means "no such subnet".
        address owner;
        /// Registered UIDs (UIDs are 0..n-1).
        uint16 n;
        /// The block of `startCall` (0 = not started: no emission, no staking).
        uint64 startBlock;
        /// The owner hotkey: UID 0 at registration; it sets weights without a permit, and its miner
        /// incentive is burned.
        address ownerHotkey;
        /// The block the subnet was registered at.
        uint64 registeredAt;
        /// The subnet's AlphaToken.
        address alpha;
        /// TAO paid at registration, in rao: the pool's initial TAO reserve.
        uint256 lockCost;
    }

    /// @notice The hyperparameters the epoch and the weight rules read (docs/spec/chain.md §7.1,
    ///         docs/spec/yuma.md §13). u16 proportions are out of 65_535.
    /// @dev Each field's default is subtensor's for a new subnet (`init_new_network`), written at
    ///      registration. commitRevealEnabled is not a field: commit-reveal is not implemented yet.
    struct Hyperparameters {
        /// Blocks between epochs. Default 360; at least 1.
        uint16 tempo;
        /// Activity cutoff in thousandths of a tempo: a UID is inactive after max(factor·tempo/1000, 1)
        /// blocks without an update. Default 13_889 (5_000 blocks at tempo 360); 1_000..50_000.
        uint32 activityCutoffFactorMilli;
        /// Consensus quantile of the stake-weighted median, u16 proportion. Default 32_767 (≈ 0.5).
        uint16 kappa;
        /// β: 1 → bonds grow on clipped weights, 0 → on raw weights; u16 proportion. Default 65_535.
        uint16 bondsPenalty;
        /// Bonds EMA moving average out of 1_000_000 (EMA alpha = 1 - BMA/1e6). Default 900_000; at
        /// most 1_000_000.
        uint64 bondsMovingAverage;
        /// Validator permits per epoch (top-k by stake). Default 64; at most maxAllowedUids.
        uint16 maxAllowedValidators;
        /// UID cap of the subnet. Default 256; n..256.
        uint16 maxAllowedUids;
        /// Yuma3 bonds (true) or classic Yuma bonds (false). Default true.
        bool yuma3Enabled;
        /// Per-entry bond EMA alpha from a sigmoid of consensus (Yuma3 only). Default false.
        bool liquidAlphaEnabled;
        /// Liquid alpha's lower bound, u16 proportion. Default 45_875 (≈ 0.7); at least 1_638.
        uint16 alphaLow;
        /// Liquid alpha's upper bound, u16 proportion. Default 58_982 (≈ 0.9); at least alphaLow.
        uint16 alphaHigh;
        /// Steepness of the liquid-alpha sigmoid (divided by -100 in the epoch). Default 1_000.
        int16 alphaSigmoidSteepness;
        /// Blocks a new UID is immune from pruning: immune while now - registeredAt < immunityPeriod
        /// (docs/spec/chain.md §5.3). Default 5_000.
        uint64 immunityPeriod;
        /// Fewest weights a row must set, capped at n (a single self-weight is exempt). Default 1.
        uint16 minAllowedWeights;
        /// Blocks a UID waits after its last update (`setWeights` or registration) before setting
        /// weights again. Default 100.
        uint64 weightsSetRateLimit;
        /// The lowest version key `setWeights` accepts (0 = any). Default 0.
        uint64 weightsVersionKey;
    }

    /// @notice The per-subnet neuron registration parameters beside {Hyperparameters} (docs/spec/chain.md §5.2,
    ///         §5.3, §7.1): the burn price's bounds, bump and decay, and the pruning protections.
    /// @dev Each default is subtensor's, written at subnet registration.
    struct RegistrationParameters {
        /// Floor of the burn price, in rao (`MinBurn`). Default 500_000 (0.0005 TAO); below 1 TAO and
        /// below maxBurn.
        uint64 minBurn;
        /// Ceiling of the burn price, in rao (`MaxBurn`). Default 100 TAO; above 0.1 TAO and above minBurn.
        uint64 maxBurn;
        /// Factor applied to the burn after each registration (`BurnIncreaseMult`), as U64F64 raw bits
        /// (1.0 = 2^64). Default 23_242_897_532_874_035_200 (the f64 1.26 exactly, as subtensor's
        /// `U64F64::from_num(1.26)`); 1.0..3.0.
        uint128 burnIncreaseMult;
        /// Blocks over which the burn halves when nobody registers (`BurnHalfLife`). Default 360; 1..36_100.
        uint16 burnHalfLife;
        /// How many of the owner coldkey's hotkeys, the owner hotkey included, are never pruned
        /// (`ImmuneOwnerUidsLimit`). Default 1 (the owner hotkey alone); 1..10.
        uint16 immuneOwnerUidsLimit;
        /// Non-immune UIDs a subnet keeps: a non-immune UID is pruned only while more than this many
        /// exist (`MinNonImmuneUids`). Default 10.
        uint16 minNonImmuneUids;
    }

    /* ERRORS */

    /// @notice No subnet is registered under `netuid`.
    /// @param netuid The netuid asked for.
    error RegistryUnknownSubnet(uint16 netuid);
    /// @notice The hotkey is bound to another coldkey (the first to register it).
    /// @param hotkey The hotkey.
    /// @param owner The coldkey that owns it.
    error RegistryHotkeyOwnedByOther(address hotkey, address owner);
    /// @notice The hotkey already holds a UID on the subnet.
    /// @param netuid The subnet.
    /// @param hotkey The hotkey.
    error RegistryHotkeyAlreadyRegistered(uint16 netuid, address hotkey);
    /// @notice The subnet has `maxAllowedUids` UIDs and none can be pruned: every UID is owner-immortal,
    ///         or at most `minNonImmuneUids` are non-immune and none is immune (docs/spec/chain.md §5.3,
    ///         subtensor's `NoNeuronIdAvailable`).
    /// @param netuid The subnet.
    /// @param maxAllowedUids Its UID cap.
    error RegistrySubnetFull(uint16 netuid, uint16 maxAllowedUids);
    /// @notice Only the subnet's owner coldkey may do this.
    /// @param netuid The subnet.
    /// @param caller The caller.
    error RegistryNotSubnetOwner(uint16 netuid, address caller);
    /// @notice `startCall` was already called for the subnet.
    /// @param netuid The subnet.
    error RegistryAlreadyStarted(uint16 netuid);
    /// @notice The lock cost or burn price is above the caller's limit.
    /// @param price The current price, in rao.
    /// @param limit The caller's `maxLockCost` or `maxBurn`, in rao.
    error RegistryPriceAboveLimit(uint256 price, uint256 limit);
    /// @notice A hyperparameter is out of its bounds (see {setHyperparameters}, {setRegistrationParameters}).
    /// @param name The first offending field, e.g. "tempo".
    error RegistryInvalidHyperparameter(string name);
    /// @notice The zero address was given as a hotkey.
    error RegistryZeroHotkey();
    /// @notice The subnet's epoch is due and not yet settled: its UIDs and hyperparameters are frozen
    ///         at the snapshot until the settlement (a new UID would change `n` under the attested report).
    /// @param netuid The subnet.
    /// @param dueBlock The snapshot block awaiting settlement.
    error RegistryEpochPending(uint16 netuid, uint64 dueBlock);

    /// @notice Only the coldkey that owns `hotkey` may change its delegate take.
    /// @param hotkey The hotkey.
    /// @param caller The caller, who does not own it.
    error RegistryNotHotkeyOwner(address hotkey, address caller);

    /// @notice {increaseTake} needs a take strictly above the current one.
    /// @param current The hotkey's take now (u16 proportion).
    /// @param take The take asked for.
    error RegistryTakeNotHigher(uint16 current, uint16 take);

    /// @notice {decreaseTake} needs a take strictly below the current one.
    /// @param current The hotkey's take now (u16 proportion).
    /// @param take The take asked for.
    error RegistryTakeNotLower(uint16 current, uint16 take);

    /// @notice The take is outside [minDelegateTake, maxDelegateTake].
    /// @param take The take asked for.
    /// @param min The lowest take allowed.
    /// @param max The highest take allowed.
    error RegistryTakeOutOfBounds(uint16 take, uint16 min, uint16 max);

    /// @notice A take increase comes less than TAKE_RATE_LIMIT blocks after the hotkey's last take change.
    /// @param hotkey The hotkey.
    /// @param nextBlock The first block an increase is allowed at.
    error RegistryTakeRateLimited(address hotkey, uint64 nextBlock);

    /// @notice A subnet registration comes less than networkRateLimit blocks after the last one, by anyone
    ///         (docs/spec/chain.md §5.1 `NetworkRateLimit`).
    /// @param nextBlock The first block a subnet registration is allowed at.
    error RegistryNetworkRateLimited(uint64 nextBlock);
    /// @notice A subnet registration at `SubnetLimit` subnets found no subnet to dissolve: every one is
    ///         still within `NetworkImmunityPeriod` (docs/spec/chain.md §5.1 `SubnetLimitReached`).
    /// @param limit The subnet limit.
    error RegistrySubnetLimitReached(uint16 limit);

    /// @notice Take bounds must satisfy min <= max.
    /// @param min The lower bound asked for.
    /// @param max The upper bound asked for.
    error RegistryInvalidTakeBounds(uint16 min, uint16 max);

    /* EVENTS */

    // Blocks and amounts stay unindexed: nobody filters logs by them, and a topic (375 gas) costs more
    // than a data word (256 gas).
    // solhint-disable gas-indexed-events

    /// @notice A subnet was registered (docs/spec/chain.md §5.1); its owner hotkey is UID 0.
    /// @param netuid The new netuid.
    /// @param owner The owner coldkey.
    /// @param ownerHotkey The owner hotkey.
    /// @param alpha The subnet's new AlphaToken.
    /// @param lockCost The TAO locked into the new pool, in rao.
    event NetworkRegistered(uint16 indexed netuid, address indexed owner, address indexed ownerHotkey, address alpha, uint256 lockCost);
    /// @notice The owner started the subnet: emission from the next block, staking open.
    /// @param netuid The subnet.
    /// @param startBlock The block of `startCall`.
    event NetworkStarted(uint16 indexed netuid, uint64 startBlock);
    /// @notice A hotkey took the next UID of a subnet.
    /// @param netuid The subnet.
    /// @param uid The new UID.
    /// @param hotkey The hotkey.
    /// @param coldkey The coldkey that registered it (its owner).
    /// @param burn The TAO burned for the registration, in rao (0 for the owner hotkey at subnet registration).
    event NeuronRegistered(uint16 indexed netuid, uint16 indexed uid, address indexed hotkey, address coldkey, uint256 burn);
    /// @notice A full subnet's UID was pruned for a new hotkey (docs/spec/chain.md §5.3 `replace_neuron`):
    ///         the old hotkey left the subnet; its weights and its metagraph entries are cleared.
    ///         {NeuronRegistered} follows for the new hotkey at the same UID.
    /// @param netuid The subnet.
    /// @param uid The UID replaced.
    /// @param oldHotkey The hotkey pruned.
    /// @param newHotkey The hotkey now holding the UID.
    event NeuronReplaced(uint16 indexed netuid, uint16 indexed uid, address indexed oldHotkey, address newHotkey);
    /// @notice A hotkey was bound to its owner coldkey, for good.
    /// @param hotkey The hotkey.
    /// @param coldkey Its owner.
    event HotkeyBound(address indexed hotkey, address indexed coldkey);

    /// @notice A hotkey's delegate take changed (docs/spec/chain.md §4.3).
    /// @param hotkey The hotkey.
    /// @param take The new take, a u16 proportion of its dividends kept by its owner.
    event DelegateTakeSet(address indexed hotkey, uint16 take);

    /// @notice Governance set the bounds every delegate take must stay within.
    /// @param min The lowest take (`MinDelegateTake`).
    /// @param max The highest take (`MaxDelegateTake`).
    event DelegateTakeBoundsSet(uint16 min, uint16 max);
    /// @notice A subnet's hyperparameters were set: the defaults at registration, then each change by
    ///         governance or by the owner through SubnetOwnerAdmin.
    /// @param netuid The subnet.
    /// @param params The new hyperparameters.
    event HyperparametersSet(uint16 indexed netuid, Hyperparameters params);

    /// @notice Governance set the global subnet registration rate limit.
    /// @param limit Blocks that must pass between two subnet registrations (`NetworkRateLimit`).
    event NetworkRateLimitSet(uint64 limit);

    /// @notice Governance set the most subnets that may exist at once (`SubnetLimit`).
    /// @param limit The limit.
    event SubnetLimitSet(uint16 limit);

    /// @notice Governance set how long a new subnet cannot be dissolved to make room (`NetworkImmunityPeriod`).
    /// @param period The period, in blocks.
    event NetworkImmunityPeriodSet(uint64 period);

    /// @notice A subnet was dissolved (docs/spec/chain.md §5.1 `do_dissolve_network`): by governance, or to make
    ///         room for a registration at `SubnetLimit`. Its pool's pot is redeemable in Staking; its netuid
    ///         is never reused.
    /// @param netuid The subnet.
    event NetworkDissolved(uint16 indexed netuid);

    /// @notice A subnet's registration parameters were set: the defaults at registration, then each change
    ///         by governance or by the owner through SubnetOwnerAdmin.
    /// @param netuid The subnet.
    /// @param params The new parameters.
    event RegistrationParametersSet(uint16 indexed netuid, RegistrationParameters params);

    // solhint-enable gas-indexed-events

    /* ACTIONS */

    /// @notice Registers a subnet for the caller (owner coldkey) with `ownerHotkey` at UID 0, paying
    ///         `networkLockCost()` TAO (pulled; at most `maxLockCost`), which seeds the new pool (spec §5.1);
    ///         at most one subnet registration per networkRateLimit blocks.
    /// @param ownerHotkey The owner hotkey: unowned or already the caller's.
    /// @param maxLockCost The most TAO the caller will pay, in rao (approve at least the lock cost).
    /// @return netuid The new subnet's netuid.
    function registerNetwork(address ownerHotkey, uint256 maxLockCost) external returns (uint16 netuid);
    /// @notice The subnet owner starts emission and staking (subtensor `start_call`).
    /// @param netuid The caller's subnet, not started yet.
    function startCall(uint16 netuid) external;
    /// @notice Registers `hotkey` on `netuid` for the caller, paying the burn price (pulled; at most
    ///         `maxBurn`), bought into the pool with the α recycled (spec §5.2).
    /// @param netuid The subnet (it need not be started).
    /// @param hotkey The hotkey: unowned or already the caller's, not yet on the subnet.
    /// @param maxBurn The most TAO the caller will pay, in rao (approve at least {burn}).
    /// @return uid The hotkey's new UID.
    function burnedRegister(uint16 netuid, address hotkey, uint256 maxBurn) external returns (uint16 uid);
    /// @notice Dissolves a subnet (subtensor `root_dissolve_network`): it leaves the emission schedule, its
    ///         pending emission is dropped, its pool closes and its α holders redeem their share of the TAO
    ///         pot in Staking. Restricted (governance).
    /// @param netuid A registered subnet.
    function dissolveNetwork(uint16 netuid) external;

    /* VIEWS */

    /// @notice The Coinbase every state-changing call accrues emission through first (docs/architecture.md principle 4).
    /// @return The Coinbase.
    function coinbase() external view returns (ICoinbase);
    /// @notice The TAO a subnet registration costs now (docs/spec/chain.md §5.1 `get_network_lock_cost`).
    /// @return The lock cost, in rao.
    function networkLockCost() external view returns (uint256);
    /// @notice Blocks that must pass after a subnet registration before the next one, by anyone
    ///         (docs/spec/chain.md §5.1 `NetworkRateLimit`; default 28 800).
    /// @return The limit, in blocks.
    function networkRateLimit() external view returns (uint64);
    /// @notice The most subnets that may exist at once (docs/spec/chain.md §5.1 `SubnetLimit`; default 128). A
    ///         registration at the limit dissolves {networkToPrune} first.
    /// @return The limit.
    function subnetLimit() external view returns (uint16);
    /// @notice Blocks after its registration during which a subnet cannot be dissolved to make room
    ///         (`NetworkImmunityPeriod`; default 864 000, subtensor's value since its migration).
    /// @return The period, in blocks.
    function networkImmunityPeriod() external view returns (uint64);
    /// @notice The subnet a registration at the limit would dissolve (docs/spec/chain.md §5.1
    ///         `get_network_to_prune`): the lowest EMA price among the non-immune ones, ties to the earliest
    ///         registered. EMA prices as of the last accrual: a registration accrues first, which can
    ///         reorder close prices.
    /// @return found Whether any subnet is past its immunity.
    /// @return netuid The subnet (0 if none).
    function networkToPrune() external view returns (bool found, uint16 netuid);
    /// @notice The price a neuron registration on the subnet pays in this block (docs/spec/chain.md §5.2
    ///         `Burn`): the last price decayed by `burnHalfLife` per block since, within [minBurn, maxBurn].
    /// @param netuid The subnet.
    /// @return The burn, in rao (0 for an unknown subnet).
    function burn(uint16 netuid) external view returns (uint256);
    /// @notice The subnet's registration parameters.
    /// @param netuid Any netuid.
    /// @return The parameters (all zero if unknown).
    function registrationParameters(uint16 netuid) external view returns (RegistrationParameters memory);
    /// @notice The UID a registration on the full subnet would replace now (docs/spec/chain.md §5.3
    ///         `get_neuron_to_prune`): the lowest emission of the last settled epoch, then the earliest
    ///         registration, then the lowest UID, among the non-immune UIDs if more than minNonImmuneUids
    ///         exist, else among the immune ones; owner-immortal UIDs never.
    /// @param netuid The subnet (computed whether or not it is full).
    /// @return found Whether some UID can be pruned.
    /// @return uid The UID (0 if none).
    function neuronToPrune(uint16 netuid) external view returns (bool found, uint16 uid);
    /// @notice The number of registered subnets, dissolved ones not counted.
    /// @return The count. Netuids are handed out 1, 2, 3, … and never reused, so after a dissolution the
    ///         highest netuid exceeds it.
    function subnetCount() external view returns (uint16);
    /// @notice All registered netuids, in registration order, dissolved ones not included (netuid 0 is root
    ///         and is not a subnet here).
    /// @return The netuids.
    function netuids() external view returns (uint16[] memory);
    /// @notice Whether `netuid` is a registered subnet.
    /// @param netuid Any netuid.
    /// @return True if registered.
    function subnetExists(uint16 netuid) external view returns (bool);
    /// @notice The subnet's registration record.
    /// @param netuid Any netuid.
    /// @return The record (all zero if unknown).
    function subnet(uint16 netuid) external view returns (SubnetInfo memory);
    /// @notice The subnet's hyperparameters.
    /// @param netuid Any netuid.
    /// @return The hyperparameters (all zero if unknown).
    function hyperparameters(uint16 netuid) external view returns (Hyperparameters memory);
    /// @notice The coldkey a hotkey is bound to.
    /// @param hotkey Any address.
    /// @return The owner coldkey, zero if the hotkey was never registered.
    function hotkeyOwner(address hotkey) external view returns (address);

    /// @notice A hotkey's owner coldkey and delegate take, in one read (what epoch settlement pays by).
    /// @param hotkey The hotkey.
    /// @return owner The owner coldkey, or the zero address for an unbound hotkey.
    /// @return take The share of its validator dividends kept by the owner, a u16 proportion
    ///         (default 11_796 ≈ 18%, docs/spec/chain.md §4.3).
    function delegate(address hotkey) external view returns (address owner, uint16 take);

    /// @notice The lowest delegate take allowed (`MinDelegateTake`, default 0), a u16 proportion.
    /// @return The bound.
    function minDelegateTake() external view returns (uint16);

    /// @notice The highest delegate take allowed (`MaxDelegateTake`, default 11_796 ≈ 18%), a u16 proportion.
    /// @return The bound.
    function maxDelegateTake() external view returns (uint16);

    /// @notice Raises `hotkey`'s delegate take (subtensor `increase_take`): only its owner coldkey, to a
    ///         take strictly higher and at most maxDelegateTake, and at least TAKE_RATE_LIMIT blocks
    ///         after the hotkey's last take change.
    /// @param hotkey The hotkey.
    /// @param take The new take, a u16 proportion.
    function increaseTake(address hotkey, uint16 take) external;

    /// @notice Lowers `hotkey`'s delegate take (subtensor `decrease_take`): only its owner coldkey, to a
    ///         take strictly lower and at least minDelegateTake; immediate, and it restarts the increase
    ///         rate limit.
    /// @param hotkey The hotkey.
    /// @param take The new take, a u16 proportion.
    function decreaseTake(address hotkey, uint16 take) external;

    /// @notice Sets the take bounds (governance). Existing takes are unchanged; they are checked on
    ///         their next change.
    /// @param min The lowest take.
    /// @param max The highest take.
    function setDelegateTakeBounds(uint16 min, uint16 max) external;
    /// @notice The UID `hotkey` holds on `netuid`.
    /// @param netuid The subnet.
    /// @param hotkey The hotkey.
    /// @return registered Whether it holds one.
    /// @return uid The UID (0 if not registered).
    function uidOf(uint16 netuid, address hotkey) external view returns (bool registered, uint16 uid);
    /// @notice The hotkey holding a UID.
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The hotkey, zero if the UID does not exist.
    function hotkeyAt(uint16 netuid, uint16 uid) external view returns (address);
    /// @notice The block a UID's current hotkey registered at (`BlockAtRegistration`).
    /// @param netuid The subnet.
    /// @param uid The UID.
    /// @return The block, 0 if the UID does not exist.
    function blockAtRegistration(uint16 netuid, uint16 uid) external view returns (uint64);
    /// @notice Hotkeys of UIDs 0..n-1.
    /// @param netuid The subnet (empty if unknown).
    /// @return The hotkeys, indexed by UID.
    function hotkeys(uint16 netuid) external view returns (address[] memory);
    /// @notice Registration blocks of UIDs 0..n-1.
    /// @param netuid The subnet (empty if unknown).
    /// @return The blocks, indexed by UID.
    function registrationBlocks(uint16 netuid) external view returns (uint64[] memory);

    /* GOVERNANCE (restricted) */

    /// @notice Replaces a subnet's hyperparameters. Restricted (governance, and SubnetOwnerAdmin for subnet
    ///         owners within their bounds and rate limits); refused while an epoch is pending ({RegistryEpochPending}).
    /// @param netuid A registered subnet.
    /// @param params The new values, each within the bounds documented on {Hyperparameters} (else
    ///        {RegistryInvalidHyperparameter}).
    function setHyperparameters(uint16 netuid, Hyperparameters calldata params) external;
    /// @notice Sets the global subnet registration rate limit (`NetworkRateLimit`). Restricted (governance).
    /// @param limit Blocks that must pass between two subnet registrations; 0 removes the limit.
    function setNetworkRateLimit(uint64 limit) external;
    /// @notice Sets `SubnetLimit`. Restricted (governance). Lowering it below the number of subnets
    ///         dissolves none: registrations dissolve one subnet each while at or above it.
    /// @param limit The most subnets at once.
    function setSubnetLimit(uint16 limit) external;
    /// @notice Sets `NetworkImmunityPeriod`. Restricted (governance).
    /// @param period Blocks after registration during which a subnet cannot be dissolved to make room.
    function setNetworkImmunityPeriod(uint64 period) external;
    /// @notice Replaces a subnet's registration parameters. Restricted (governance, and SubnetOwnerAdmin for
    ///         subnet owners). The burn price accrued so far stays; the new bounds, bump and decay apply
    ///         from the next block.
    /// @param netuid A registered subnet.
    /// @param params The new values, each within the bounds documented on {RegistrationParameters}
    ///        (else {RegistryInvalidHyperparameter}).
    function setRegistrationParameters(uint16 netuid, RegistrationParameters calldata params) external;
}
