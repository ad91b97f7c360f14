// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICoinbase} from "../interfaces/ICoinbase.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {ISubnetRegistry} from "../interfaces/ISubnetRegistry.sol";

import {NetuidList} from "./NetuidList.sol";

/// @title NetworkRegistration
/// @notice The parts of subnet (network) registration that scan every subnet (docs/spec/chain.md §5.1): the
///         median price that seeds a new pool (`get_median_subnet_alpha_price`), the subnet a registration
///         at `SubnetLimit` dissolves (`get_network_to_prune`), and the dissolution (`do_dissolve_network`).
/// @dev A linked library (external functions, run by DELEGATECALL on the registry's storage and as the
///      registry), like {NeuronPruning}: this code lives outside SubnetRegistry to keep that contract under
///      the 24 576-byte code size limit.
library NetworkRegistration {
    /// @notice subtensor's `get_median_subnet_alpha_price` in U64F64 raw units: each subnet's price is
    ///         floor(y·2^64 / x) (`calculate_price` with w1 = w2), zero prices are skipped, and the median of
    ///         an even count is floor((lower + upper) / 2).
    /// @param netuids The registered subnets.
    /// @param staking The pools.
    /// @return The median price, 2^64 = 1 TAO per α; 1.0 when no subnet has a price.
    function medianPriceQ64(uint16[] storage netuids, IStaking staking) external view returns (uint256) {
        uint256 count = netuids.length;
        uint256[] memory prices = new uint256[](count);
        uint256 k;
        for (uint256 i; i < count; ++i) {
            (uint256 taoReserve, uint256 alphaReserve) = staking.pool(netuids[i]);
            if (alphaReserve == 0) continue;
            uint256 price = (taoReserve << 64) / alphaReserve;
            if (price == 0) continue;
            // Insertion sort: the list is short (one entry per subnet) and built once per registration.
            uint256 j = k;
            while (j > 0 && prices[j - 1] > price) {
                prices[j] = prices[j - 1];
                --j;
            }
            prices[j] = price;
            ++k;
        }
        if (k == 0) return 1 << 64;
        uint256 lower = prices[(k - 1) / 2];
        uint256 upper = prices[k / 2];
        return (lower + upper) / 2;
    }

    /// @notice subtensor's `get_network_to_prune`: among the subnets registered at least `immunityPeriod`
    ///         blocks ago, the one with the lowest EMA price (`SubnetMovingPrice`; 0 for a subnet that has
    ///         not started), ties to the earliest registration. `netuids` is in registration order, so the
    ///         strict comparison keeps the earlier of two subnets registered in the same block.
    /// @param netuids The registered subnets, in registration order.
    /// @param subnets The registry's subnet records (registration blocks).
    /// @param coinbase The EMA prices.
    /// @param immunityPeriod `NetworkImmunityPeriod`, in blocks.
    /// @return found Whether any subnet is past its immunity.
    /// @return netuid The subnet to dissolve (0 if none).
    function networkToPrune(
        uint16[] storage netuids,
        mapping(uint16 => ISubnetRegistry.SubnetInfo) storage subnets,
        ICoinbase coinbase,
        uint256 immunityPeriod
    ) external view returns (bool found, uint16 netuid) {
        uint256 lowestPrice;
        uint256 count = netuids.length;
        for (uint256 i; i < count; ++i) {
            uint16 candidate = netuids[i];
            // Immune while now < registeredAt + immunityPeriod.
            if (block.number < subnets[candidate].registeredAt + immunityPeriod) continue;
            uint256 price = coinbase.movingPrice(candidate);
            if (!found || price < lowestPrice) {
                (found, netuid, lowestPrice) = (true, candidate, price);
            }
        }
    }

    /// @notice Dissolves `netuid`, accrued already: it leaves the registered list (order kept) and its
    ///         records go; the Coinbase drops it and its pending emission; Staking closes its pool and sets
    ///         the holders' share of the pot aside. Its UIDs, weights rows and metagraph stay in storage,
    ///         unreachable: the netuid is never handed out again (subtensor reuses it).
    /// @param netuids The registered netuids, in registration order; `netuid` is one of them.
    /// @param subnets The subnet records.
    /// @param hyperparameters The hyperparameter records.
    /// @param registrationParameters The registration parameter records.
    /// @param coinbase The Coinbase (drops the subnet).
    /// @param staking Staking (closes the pool).
    /// @param netuid The subnet to dissolve.
    function dissolve(
        uint16[] storage netuids,
        mapping(uint16 => ISubnetRegistry.SubnetInfo) storage subnets,
        mapping(uint16 => ISubnetRegistry.Hyperparameters) storage hyperparameters,
        mapping(uint16 => ISubnetRegistry.RegistrationParameters) storage registrationParameters,
        ICoinbase coinbase,
        IStaking staking,
        uint16 netuid
    ) external {
        NetuidList.removeOrdered(netuids, netuid);
        delete subnets[netuid];
        delete hyperparameters[netuid];
        delete registrationParameters[netuid];
        coinbase.removeSubnet(netuid);
        staking.dissolve(netuid);
    }
}
