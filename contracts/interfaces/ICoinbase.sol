// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ICoinbase
/// @notice Block emission and the epoch schedule, accrued lazily one subnet at a time ({accrueSubnet}, at a cost
///         independent of the number of subnets; docs/architecture.md principle 4): each
///         block's TAO emission (docs/spec/chain.md §1) is split among started subnets in proportion to
///         EMA price · (1 - min(1, MinerBurned)), over the subnets whose TAO emission is enabled (§2.2);
///         each subnet's share is injected into its pool at the current price up to the root-proportion cap
///         rp · A, and the rest buys α for the protocol (chain buy, §2.4); each subnet's EMA price follows
///         its spot price (capped at 1) after every block (§2.3); each subnet's α emission (the same halving
///         on its own α issuance, 21M cap) is split into pending buckets: owner cut (SubnetOwnerCut
///         11_796/65_535), then half to miners and half to validators, of which rp goes to root stakers
///         when the root sell flag is set and is recycled otherwise (§2.5).
/// @dev A subnet's epoch is due when `block.number - lastEpochBlock >= tempo`; its snapshot block is
///      the due block `lastEpochBlock + tempo`. α accrual stops at the due block until the epoch is
///      settled, so the buckets an epoch drains are exactly those accrued up to its snapshot block,
///      whoever triggers accrual and whenever.
interface ICoinbase {
    /* TYPES */

    /// @notice A subnet's α emission accrued since its last settled epoch and not yet paid, in α rao
    ///         (docs/spec/chain.md §2.5 `PendingServerEmission`, `PendingValidatorEmission`, `PendingOwnerCut`,
    ///         `PendingRootAlphaDivs`). None of it is minted until the epoch pays it.
    struct PendingBuckets {
        /// Miners' half of the emission after the owner cut: ⌊(A - A · cut) · 0.5⌋ per block (U96F32).
        uint256 server;
        /// Validators' (and their nominators') half: the rest of the emission after the owner cut and the
        /// server half, less root's part.
        uint256 validator;
        /// The subnet owner's cut: ⌊A · cut⌋ per block, cut = 11_796 / 65_535 in U96F32, staked to the owner
        /// hotkey.
        uint256 ownerCut;
        /// Root stakers' dividends: ⌊rp · (A - A · cut) · 0.5⌋ per block (U96F32), taken from the validators'
        /// half, while the root sell flag (Σ EMA prices > 1) is set; recycled (never minted) otherwise.
        uint256 root;
    }

    /* ERRORS */

    /// @notice The subnet has not been added to emission (no `startCall` yet), or, in {addSubnet}, it
    ///         has no pool in Staking.
    /// @param netuid The subnet asked for.
    error CoinbaseUnknownSubnet(uint16 netuid);

    /// @notice {addSubnet} was called for a subnet that already receives emission.
    /// @param netuid The subnet already started.
    error CoinbaseSubnetExists(uint16 netuid);

    /// @notice {drain} was called before the subnet's epoch is due.
    /// @param netuid The subnet.
    /// @param dueBlock The block from which the epoch can be drained (`lastEpochBlock + tempo`).
    error CoinbaseEpochNotDue(uint16 netuid, uint64 dueBlock);

    /// @notice {recordMinerBurned} was given more withheld incentive than the epoch's total incentive.
    /// @param withheld The withheld incentive given, in α rao.
    /// @param total The total incentive given, in α rao.
    error CoinbaseWithheldAboveTotal(uint256 withheld, uint256 total);

    /// @notice {drain} named a snapshot block other than the subnet's current due block (e.g. an
    ///         epoch that was already settled).
    /// @param netuid The subnet.
    /// @param snapshotBlock The snapshot block given.
    /// @param dueBlock The due block expected.
    error CoinbaseWrongSnapshot(uint16 netuid, uint64 snapshotBlock, uint64 dueBlock);

    /// @notice {setSubnetMovingAlpha} was given a value above 1 (1e18).
    /// @param alpha The value given.
    error CoinbaseMovingAlphaAboveOne(uint64 alpha);

    /* EVENTS */

    // Blocks and amounts stay unindexed: nobody filters logs by them, and a topic (375 gas) costs more
    // than a data word (256 gas).
    // solhint-disable gas-indexed-events

    /// @notice A started subnet joined the emission schedule (its owner called `startCall`).
    /// @param netuid The subnet.
    /// @param firstEmissionBlock The first block whose TAO share and α emission it receives: the block
    ///        after the start (subtensor `FirstEmissionBlockNumber`).
    event SubnetAdded(uint16 indexed netuid, uint64 firstEmissionBlock);

    /// @notice A dissolved subnet left the emission schedule; its pending buckets were dropped (never
    ///         minted: the α issuance loses them).
    /// @param netuid The subnet.
    /// @param droppedAlpha The pending α dropped (server + validator + owner cut + root), in α rao.
    event SubnetRemoved(uint16 indexed netuid, uint256 droppedAlpha);

    /// @notice A subnet's emission was accrued for the blocks `fromBlock..toBlock` (inclusive).
    /// @param netuid The subnet.
    /// @param fromBlock The first block accrued (the block after the subnet's previous accrual).
    /// @param toBlock The last block accrued (the current block).
    /// @param taoShare The subnet's TAO share over the blocks, in rao: `taoIn + taoBuy`, plus what a chain buy
    ///        into a pool below `MinimumReserve` could not spend (never minted).
    /// @param taoIn The TAO injected into the pool, in rao.
    /// @param alphaIn The α injected into the pool, in α rao.
    /// @param taoBuy The TAO of the chain buy (α bought for the protocol), in rao.
    /// @param movingPrice The subnet's EMA price after the blocks (docs/spec/chain.md §2.3), 1e18 fixed point.
    event SubnetAccrued(
        uint16 indexed netuid,
        uint64 fromBlock,
        uint64 toBlock,
        uint256 taoShare,
        uint256 taoIn,
        uint256 alphaIn,
        uint256 taoBuy,
        uint64 movingPrice
    );
    /// @notice α an epoch's distribution left to nobody stays in the subnet's α issuance (see
    ///         {recordUndistributed}).
    /// @param netuid The subnet.
    /// @param alpha The α, in α rao.
    event UndistributedRecorded(uint16 indexed netuid, uint256 alpha);
    /// @notice An epoch's pending buckets were handed to the settlement and zeroed.
    /// @param netuid The subnet.
    /// @param snapshotBlock The epoch's due block, now the subnet's `lastEpochBlock`.
    /// @param buckets The buckets drained, in α rao.
    event PendingDrained(uint16 indexed netuid, uint64 snapshotBlock, PendingBuckets buckets);

    /// @notice Governance switched a subnet's TAO emission on or off (docs/spec/chain.md §2.1
    ///         `SubnetEmissionEnabled`). Applies from the block after the switch.
    /// @param netuid The subnet.
    /// @param enabled Whether the subnet's TAO side (tao_in, alpha_in) is emitted; its α always is.
    event SubnetEmissionEnabledSet(uint16 indexed netuid, bool enabled);

    /// @notice A tempo change reset the subnet's epoch cycle (docs/spec/chain.md §2.6 `set_tempo`).
    /// @param netuid The subnet.
    /// @param tempo The new tempo.
    /// @param dueBlock The next epoch's due block: this block + the tempo (never, for tempo 0).
    event EpochCycleReset(uint16 indexed netuid, uint16 tempo, uint64 dueBlock);

    /// @notice A settled epoch changed the subnet's MinerBurned (docs/spec/chain.md §2.2, §2.7.5). Applies
    ///         from the block after the settlement.
    /// @param netuid The subnet.
    /// @param minerBurned The new value, in units of 2^-32 (see {minerBurned}).
    event MinerBurnedSet(uint16 indexed netuid, uint64 minerBurned);

    /// @notice Governance set `SubnetMovingAlpha` (docs/spec/chain.md §2.3, §7.2). Applies from the next block.
    /// @param alpha The new value, in 1e18 fixed point.
    event SubnetMovingAlphaSet(uint64 alpha);

    /// @notice Governance set a subnet's `EMAPriceHalvingBlocks` (docs/spec/chain.md §2.3, §7.1). Applies from
    ///         the next block.
    /// @param netuid The subnet.
    /// @param blocks The new value, in blocks.
    event EmaPriceHalvingBlocksSet(uint16 indexed netuid, uint64 blocks);

    // solhint-enable gas-indexed-events

    /* ACCRUAL */

    /// @notice Accrues every subnet's emission up to the current block (anyone may call: a keeper's call; its
    ///         cost grows with the number of subnets).
    function accrue() external;
    /// @notice Accrues one subnet's emission up to the current block, at a cost that does not depend on the
    ///         number of subnets (anyone may call; every action calls it for the subnets it touches). For a
    ///         subnet that has not started (or root) it only brings the global TAO shares up to date.
    /// @param netuid The subnet.
    function accrueSubnet(uint16 netuid) external;

    /* VIEWS */

    /// @notice The pending buckets as they would stand after `accrue()` now.
    /// @param netuid A started subnet (else {CoinbaseUnknownSubnet}).
    /// @return The buckets, in α rao.
    function pending(uint16 netuid) external view returns (PendingBuckets memory);

    /// @notice The subnet's α issuance (pool reserve + α out, as subtensor counts it), after accrual now.
    /// @param netuid A started subnet (else {CoinbaseUnknownSubnet}).
    /// @return The issuance in α rao: the α token's supply plus the pending buckets plus {unmintedAlpha}.
    function alphaIssuance(uint16 netuid) external view returns (uint256);
    /// @notice α the subnet's issuance counts that no token holds: the fractions of a rao the U96F32 split
    ///         leaves out of the buckets, and what epochs left undistributed ({recordUndistributed}).
    ///         subtensor mints both into SubnetAlphaOut.
    /// @param netuid Any netuid (0 for one not started).
    /// @return The α, in α rao.
    function unmintedAlpha(uint16 netuid) external view returns (uint256);

    /// @notice The subnet's EMA price p̄ (docs/spec/chain.md §2.3 `SubnetMovingPrice`): 0 at the start, then after
    ///         every block p̄ ← a · min(spot, 1) + (1 - a) · p̄, a = SubnetMovingAlpha · b / (b + h), b the
    ///         blocks since the start, h its {emaPriceHalvingBlocks}. Its TAO share is proportional to it.
    /// @dev In TAO per α, 1e18 fixed point (so at most 1e18). subtensor keeps it in I96F32. As of the last
    ///      accrual (a range of blocks moves it once, see the Coinbase's notes).
    /// @param netuid The subnet (0 if it has not started, or was dissolved).
    /// @return The EMA price, 1e18 = 1 TAO per α.
    function movingPrice(uint16 netuid) external view returns (uint64);

    /// @notice The subnet's `EMAPriceHalvingBlocks` (docs/spec/chain.md §2.3, §7.1): h in the EMA rate
    ///         SubnetMovingAlpha · b / (b + h), which ramps the rate in over the subnet's first h blocks.
    /// @param netuid Any netuid (the default for one never set).
    /// @return h, in blocks (201_600 unless governance set it).
    function emaPriceHalvingBlocks(uint16 netuid) external view returns (uint64);

    /// @notice The global `SubnetMovingAlpha` (docs/spec/chain.md §2.3, §7.2): the EMA price's full rate.
    /// @return The rate in 1e18 fixed point (3e12, i.e. 3e-6, unless governance set it).
    function subnetMovingAlpha() external view returns (uint64);

    /// @notice Where the subnet's epoch cycle starts (`LastEpochBlock`, docs/spec/chain.md §2.6): the block of
    ///         its last settled epoch, or of its last tempo change if later (a tempo change resets the
    ///         cycle), or its start block before either.
    /// @param netuid A started subnet (else {CoinbaseUnknownSubnet}).
    /// @return The block number.
    function lastEpochBlock(uint16 netuid) external view returns (uint64);

    /// @notice Block of the subnet's last settled epoch (`LastMechansimStepBlock`, the epoch's snapshot
    ///         block), which a tempo change does not move; 0 before the first.
    /// @param netuid A started subnet (else {CoinbaseUnknownSubnet}).
    /// @return The block number.
    function lastStepBlock(uint16 netuid) external view returns (uint64);

    /// @notice How many epochs of the subnet have been settled.
    /// @param netuid A started subnet (else {CoinbaseUnknownSubnet}).
    /// @return The number of settled epochs.
    function epochsSettled(uint16 netuid) external view returns (uint64);

    /// @notice The block the next epoch is due at, and its snapshot block: `lastEpochBlock + tempo`, or
    ///         the block of the last settlement if that was later (an epoch settled late).
    /// @param netuid A started subnet (else {CoinbaseUnknownSubnet}).
    /// @return The due block.
    function dueBlock(uint16 netuid) external view returns (uint64);

    /// @notice Whether the subnet's epoch is due now (`block.number >= dueBlock`).
    /// @param netuid A started subnet (else {CoinbaseUnknownSubnet}).
    /// @return True once the due block is reached, until the epoch is drained.
    function isDue(uint16 netuid) external view returns (bool);

    /// @notice The fraction of the subnet's last settled epoch's miner incentive that was withheld because
    ///         it went to hotkeys of the subnet owner (docs/spec/chain.md §2.2, §2.7.5 `MinerBurned`). Its TAO
    ///         share is weighted by 1 - min(1, minerBurned / 2^32).
    /// @dev subtensor's representation, bit for bit: an unsigned fixed-point number with 32 fractional
    ///      bits (U96F32), floor(withheld · 2^32 / total incentive), 0 when the epoch had no incentive;
    ///      so 2^32 means all of it was withheld. Set by every settled epoch, 0 before the first.
    /// @param netuid A started subnet (else {CoinbaseUnknownSubnet}).
    /// @return The fraction, out of 2^32.
    function minerBurned(uint16 netuid) external view returns (uint64);

    /// @notice Whether the subnet's TAO emission is enabled (docs/spec/chain.md §2.1 `SubnetEmissionEnabled`):
    ///         when off, the subnet gets no TAO share (no tao_in, no alpha_in) and the other subnets'
    ///         shares are renormalised, while its α emission still flows into its pending buckets.
    /// @dev Enabled by default, for every subnet. subtensor creates new subnets with TAO emission
    ///      disabled (since 2026-06-23) until root enables it; we deliberately default to enabled so that
    ///      a fresh local chain emits without a governance motion. Governance can disable a registered
    ///      subnet before it starts ({setSubnetEmissionEnabled}).
    /// @param netuid Any netuid (true for one never switched off).
    /// @return True unless governance switched the subnet's TAO emission off.
    function subnetEmissionEnabled(uint16 netuid) external view returns (bool);

    /* PROTOCOL (restricted) */

    /// @notice The subnet's tempo was set in the registry (the Coinbase keeps a copy for the epoch
    ///         schedule, docs/spec/chain.md §2.6). A started subnet whose tempo changes has its cycle reset
    ///         (subtensor `apply_tempo_with_cycle_reset`: `LastEpochBlock` = this block, so the next epoch is
    ///         due a new tempo from now; {EpochCycleReset}). Restricted (SubnetRegistry).
    /// @param netuid The subnet.
    /// @param tempo Its tempo.
    function setTempo(uint16 netuid, uint16 tempo) external;

    /// @notice Starts emission for a subnet from the next block. Restricted (SubnetRegistry).
    /// @param netuid A subnet with a pool in Staking, not yet added.
    function addSubnet(uint16 netuid) external;

    /// @notice Takes a dissolved subnet out of the emission schedule and drops its pending buckets
    ///         (docs/spec/chain.md §5.1 dissolution). Restricted (SubnetRegistry), which accrues first. Does
    ///         nothing for a subnet that never started.
    /// @param netuid The subnet.
    function removeSubnet(uint16 netuid) external;

    /// @notice Accrues, checks `snapshotBlock` is the due block, zeroes the buckets and advances
    ///         `lastEpochBlock` to it. Restricted (EpochSettlement).
    /// @param netuid A started subnet whose epoch is due.
    /// @param snapshotBlock The epoch's due block, as the attested report names it.
    /// @return The buckets drained, in α rao: the settlement pays them out.
    function drain(uint16 netuid, uint64 snapshotBlock) external returns (PendingBuckets memory);

    /// @notice Records the subnet's MinerBurned from a settled epoch's miner incentive (docs/spec/chain.md §2.7.5):
    ///         floor(withheld · 2^32 / total), 0 if total is 0. Accrues first, so the new weight applies from
    ///         the next block. Emits {MinerBurnedSet} if the value changes. Restricted (EpochSettlement).
    /// @param netuid A started subnet (else {CoinbaseUnknownSubnet}).
    /// @param withheld The incentive withheld from owner-owned hotkeys, in α rao.
    /// @param total The epoch's total miner incentive (Σ serverEmission), in α rao; at least `withheld`
    ///        (else {CoinbaseWithheldAboveTotal}).
    function recordMinerBurned(uint16 netuid, uint256 withheld, uint256 total) external;
    /// @notice Counts α an epoch drained and did not pay (withheld incentive, dividends nobody could take) in
    ///         the subnet's α issuance, as subtensor keeps it in SubnetAlphaOut (its default RecycleOrBurn is
    ///         Burn). Emits {UndistributedRecorded}. Restricted (EpochSettlement).
    /// @param netuid A started subnet (else {CoinbaseUnknownSubnet}).
    /// @param alpha The α drained and not minted, in α rao.
    function recordUndistributed(uint16 netuid, uint256 alpha) external;

    /* GOVERNANCE (restricted) */

    /// @notice Switches the subnet's TAO emission on or off (docs/spec/chain.md §2.1, root-only
    ///         `SubnetEmissionEnabled` in subtensor). Accrues first, so the switch applies from the next
    ///         block. Emits {SubnetEmissionEnabledSet}. Restricted (governance: the AccessManager's admin).
    /// @param netuid A subnet with a pool in Staking (registered), started or not (else {CoinbaseUnknownSubnet}).
    /// @param enabled Whether the subnet receives its TAO share.
    function setSubnetEmissionEnabled(uint16 netuid, bool enabled) external;

    /// @notice Sets `SubnetMovingAlpha`, the EMA price's full rate (docs/spec/chain.md §2.3, §7.2). Each subnet's
    ///         next accrual moves its EMA at the new rate over its whole range. Emits {SubnetMovingAlphaSet}.
    ///         Restricted (governance).
    /// @param alpha The rate in 1e18 fixed point, at most 1e18 (else {CoinbaseMovingAlphaAboveOne}).
    function setSubnetMovingAlpha(uint64 alpha) external;

    /// @notice Sets a subnet's `EMAPriceHalvingBlocks` (docs/spec/chain.md §2.3, §7.1; a root-only per-subnet
    ///         value in subtensor, kept here until the registry carries it). Accrues first, so it applies
    ///         from the next block. Emits {EmaPriceHalvingBlocksSet}. Restricted (governance).
    /// @param netuid A subnet with a pool in Staking (registered), started or not (else {CoinbaseUnknownSubnet}).
    /// @param blocks The new h, in blocks.
    function setEmaPriceHalvingBlocks(uint16 netuid, uint64 blocks) external;
}
