// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Where the Bittensor EVM answers {IAlpha} (precompile index 2056).
address constant IALPHA_ADDRESS = 0x0000000000000000000000000000000000000808;

/// @title IAlpha
/// @notice subtensor's Alpha precompile (docs/spec/chain.md §9, 0x808): each subnet's pool, price, α supply
///         and emission (§2, §3). Amounts are in rao (TAO or α, 9 decimals) unless said otherwise; prices
///         are in the EVM's 18 decimals: 1e18 = 1 TAO per α.
interface IAlpha {
    /// @notice The pool cannot quote the swap (subtensor's swap simulation fails: reserves too low, or
    ///         the input would pay out nothing).
    /// @param netuid The subnet.
    /// @param amount The input asked, in rao.
    error AlphaSimSwapFailed(uint16 netuid, uint64 amount);

    /// @notice The pool's spot price (§3.2): floor(price × 1e9) × 1e9, so 1e18 = 1 TAO per α. 1e18 for a
    ///         stable subnet (root, or a netuid without a dynamic pool).
    /// @param netuid The subnet.
    /// @return The price, 1e18 = 1 TAO per α.
    function getAlphaPrice(uint16 netuid) external view returns (uint256);

    /// @notice The EMA price `SubnetMovingPrice` (§2.3) that the TAO shares follow, in the same units as
    ///         {getAlphaPrice}; 1e18 for a stable subnet, 0 for a dynamic subnet that has not started.
    /// @param netuid The subnet.
    /// @return The price, 1e18 = 1 TAO per α.
    function getMovingAlphaPrice(uint16 netuid) external view returns (uint256);

    /// @notice The pool's TAO reserve (`SubnetTAO`; on root, all root stake).
    /// @param netuid The subnet.
    /// @return The reserve, in rao.
    function getTaoInPool(uint16 netuid) external view returns (uint64);

    /// @notice The pool's α reserve (`SubnetAlphaIn`).
    /// @param netuid The subnet.
    /// @return The reserve, in α rao.
    function getAlphaInPool(uint16 netuid) external view returns (uint64);

    /// @notice The α outside the pool (`SubnetAlphaOut`): staked, liquid, bought by the chain, and emitted
    ///         but not yet paid out.
    /// @param netuid The subnet.
    /// @return The α, in α rao.
    function getAlphaOutPool(uint16 netuid) external view returns (uint64);

    /// @notice The subnet's α issuance: {getAlphaInPool} + {getAlphaOutPool}.
    /// @param netuid The subnet.
    /// @return The issuance, in α rao.
    function getAlphaIssuance(uint16 netuid) external view returns (uint64);

    /// @notice `TaoWeight` (§7.2): a root TAO's weight against a subnet's α in stake and in the root
    ///         proportion.
    /// @return The weight as a raw u64 fraction of 2^64 - 1.
    function getTaoWeight() external view returns (uint256);

    /// @notice `CKBurn` (§4.5): the share of a parent's child-key contribution that is recycled.
    /// @return The share as a raw u64 fraction of 2^64 - 1.
    function getCKBurn() external view returns (uint256);

    /// @notice The α a stake of `tao` TAO would buy from the pool now, after the swap fee (§3.3).
    /// @param netuid The subnet.
    /// @param tao The TAO in, in rao.
    /// @return The α out, in α rao (0 for 0 in). Reverts {AlphaSimSwapFailed} where the swap would fail.
    function simSwapTaoForAlpha(uint16 netuid, uint64 tao) external view returns (uint256);

    /// @notice The TAO an unstake of `alpha` α would get from the pool now, after the swap fee (§3.3).
    /// @param netuid The subnet.
    /// @param alpha The α in, in α rao.
    /// @return The TAO out, in rao (0 for 0 in). Reverts {AlphaSimSwapFailed} where the swap would fail.
    function simSwapAlphaForTao(uint16 netuid, uint64 alpha) external view returns (uint256);

    /// @notice The subnet's mechanism (`SubnetMechanism`): 1 for a dynamic (pool) subnet, 0 for a stable one.
    /// @param netuid The subnet.
    /// @return The mechanism.
    function getSubnetMechanism(uint16 netuid) external view returns (uint16);

    /// @notice The root netuid.
    /// @return 0.
    function getRootNetuid() external view returns (uint16);

    /// @notice `EMAPriceHalvingBlocks` (§2.3): the blocks over which the EMA price's rate ramps in.
    /// @param netuid The subnet.
    /// @return The blocks (201_600 unless root set it).
    function getEMAPriceHalvingBlocks(uint16 netuid) external view returns (uint64);

    /// @notice `SubnetVolume` (§3.5): the TAO-side volume of the pool's swaps since its registration.
    /// @param netuid The subnet.
    /// @return The volume, in rao.
    function getSubnetVolume(uint16 netuid) external view returns (uint256);

    /// @notice `SubnetTaoInEmission` (§2.4): the TAO a block injects into the pool (tao_in).
    /// @param netuid The subnet.
    /// @return The TAO, in rao.
    function getTaoInEmission(uint16 netuid) external view returns (uint256);

    /// @notice `SubnetAlphaInEmission` (§2.4): the α a block mints into the pool (alpha_in).
    /// @param netuid The subnet.
    /// @return The α, in α rao.
    function getAlphaInEmission(uint16 netuid) external view returns (uint256);

    /// @notice `SubnetAlphaOutEmission` (§2.4): the α a block emits to the subnet's participants (alpha_out).
    /// @param netuid The subnet.
    /// @return The α, in α rao.
    function getAlphaOutEmission(uint16 netuid) external view returns (uint256);

    /// @notice Σ of the spot prices below 1 TAO per α over the non-root subnets, in the units of
    ///         {getAlphaPrice} (the sum floored once).
    /// @return The sum, 1e18 = 1 TAO per α.
    function getSumAlphaPrice() external view returns (uint256);
}
