// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IEpochSettlement} from "../interfaces/IEpochSettlement.sol";
import {IMetagraphColumns} from "./interfaces/IMetagraphColumns.sol";
import {IServing} from "./interfaces/IServing.sol";
import {IMetagraph} from "./interfaces/subtensor/IMetagraph.sol";
import {FacadeContext, PrecompileFacade} from "./PrecompileFacade.sol";

/// @title MetagraphPrecompile
/// @notice subtensor's Metagraph precompile (0x802, docs/spec/chain.md §9) over the layer's registry,
///         stakes, weights, serving and last settled epoch.
/// @dev The epoch's u16 columns and emissions are only committed to on chain (IEpochSettlement), so this
///      facade keeps the published words once someone records them ({IMetagraphColumns}); until then the
///      views that need them revert {MetagraphColumnsNotRecorded} rather than answer zeros that look real.
///      That is the only storage a facade holds, at its precompile address, in an ERC-7201 namespace.
///      UID-indexed reads past the epoch's UIDs answer 0 / false, as subtensor's vector reads do; the
///      hotkey reads revert {MetagraphUidNotFound} for a UID without hotkey, as subtensor's do.
contract MetagraphPrecompile is IMetagraph, IMetagraphColumns, PrecompileFacade {
    /// @custom:storage-location erc7201:subnet-layer.compat.MetagraphColumns
    struct ColumnsStorage {
        mapping(uint16 netuid => bytes32) commitment;
        mapping(uint16 netuid => uint256[]) words;
    }

    // keccak256(abi.encode(uint256(keccak256("subnet-layer.compat.MetagraphColumns")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant COLUMNS_SLOT = 0xffe73534a71126919512c911e090e2cbec1f15c8c80717c6cc54cd931dd6ff00;

    /// @dev Prices in U96F32, as subtensor's stake valuation multiplies them.
    uint256 private constant Q32 = 1 << 32;

    /// @notice Binds the facade to the layer (see PrecompileFacade).
    /// @param c The layer's contracts.
    constructor(FacadeContext memory c) PrecompileFacade(c) {}

    /* COLUMNS (layer extension) */

    /// @inheritdoc IMetagraphColumns
    function recordColumns(uint16 netuid, uint256[] calldata words) external {
        bytes32 commitment = SETTLEMENT.columnsCommitment(netuid);
        if (commitment == bytes32(0) || keccak256(abi.encodePacked(words)) != commitment) {
            revert MetagraphBadColumns(netuid);
        }
        ColumnsStorage storage $ = _columns();
        $.commitment[netuid] = commitment;
        $.words[netuid] = words;
        emit MetagraphColumnsRecorded(netuid, commitment);
    }

    /// @inheritdoc IMetagraphColumns
    function columnsRecorded(uint16 netuid) external view returns (bool) {
        bytes32 commitment = SETTLEMENT.columnsCommitment(netuid);
        return commitment == bytes32(0) || _columns().commitment[netuid] == commitment;
    }

    /* SUBTENSOR VIEWS */

    /// @inheritdoc IMetagraph
    function getUidCount(uint16 netuid) external view returns (uint16) {
        return REGISTRY.subnet(netuid).n;
    }

    /// @inheritdoc IMetagraph
    /// @dev On each subnet the hotkey's α is its share pool value plus its UID's unclaimed stake credit
    ///      (subtensor stakes those at the epoch; the MetagraphLens counts them the same way), valued at
    ///      floor(y · 2^32 / x) (U96F32) and summed before one floor, with root TAO at 1.
    function getStake(uint16 netuid, uint16 uid) external view returns (uint64) {
        address hotkey = _hotkeyAt(netuid, uid);
        uint256 value = _alphaOn(hotkey, 0) * Q32;
        uint16[] memory netuids = REGISTRY.netuids();
        for (uint256 i; i < netuids.length; ++i) {
            uint16 n = netuids[i];
            if (n == 0) continue;
            uint256 alpha = _alphaOn(hotkey, n);
            if (alpha == 0) continue;
            (uint256 taoReserve, uint256 alphaReserve) = STAKING.pool(n);
            if (alphaReserve != 0) value += alpha * Math.mulDiv(taoReserve, Q32, alphaReserve);
        }
        return _u64Saturated(value / Q32);
    }

    /// @inheritdoc IMetagraph
    function getRank(uint16, uint16) external pure returns (uint16) {
        return 0;
    }

    /// @inheritdoc IMetagraph
    function getTrust(uint16, uint16) external pure returns (uint16) {
        return 0;
    }

    /// @inheritdoc IMetagraph
    function getConsensus(uint16 netuid, uint16 uid) external view returns (uint16) {
        uint16[] memory column = _metagraph(netuid).consensus;
        return uid < column.length ? column[uid] : 0;
    }

    /// @inheritdoc IMetagraph
    function getIncentive(uint16 netuid, uint16 uid) external view returns (uint16) {
        uint16[] memory column = _metagraph(netuid).incentive;
        return uid < column.length ? column[uid] : 0;
    }

    /// @inheritdoc IMetagraph
    function getDividends(uint16 netuid, uint16 uid) external view returns (uint16) {
        uint16[] memory column = _metagraph(netuid).dividends;
        return uid < column.length ? column[uid] : 0;
    }

    /// @inheritdoc IMetagraph
    function getEmission(uint16 netuid, uint16 uid) external view returns (uint64) {
        uint64[] memory column = _metagraph(netuid).emission;
        return uid < column.length ? column[uid] : 0;
    }

    /// @inheritdoc IMetagraph
    function getVtrust(uint16 netuid, uint16 uid) external view returns (uint16) {
        uint16[] memory column = _metagraph(netuid).validatorTrust;
        return uid < column.length ? column[uid] : 0;
    }

    /// @inheritdoc IMetagraph
    /// @dev Stored by the settlement: needs no recorded columns.
    function getValidatorStatus(uint16 netuid, uint16 uid) external view returns (bool) {
        return SETTLEMENT.hasValidatorPermit(netuid, uid);
    }

    /// @inheritdoc IMetagraph
    function getLastUpdate(uint16 netuid, uint16 uid) external view returns (uint64) {
        return WEIGHTS.lastUpdate(netuid, uid);
    }

    /// @inheritdoc IMetagraph
    function getIsActive(uint16 netuid, uint16 uid) external view returns (bool) {
        bool[] memory column = _metagraph(netuid).active;
        return uid < column.length && column[uid];
    }

    /// @inheritdoc IMetagraph
    function getAxon(uint16 netuid, uint16 uid) external view returns (AxonInfo memory) {
        IServing.AxonInfo memory a = SERVING.axon(netuid, _hotkeyAt(netuid, uid));
        return AxonInfo(a.block, a.version, a.ip, a.port, a.ipType, a.protocol);
    }

    /// @inheritdoc IMetagraph
    function getHotkey(uint16 netuid, uint16 uid) external view returns (bytes32) {
        return KEYS.keyOf(_hotkeyAt(netuid, uid));
    }

    /// @inheritdoc IMetagraph
    function getColdkey(uint16 netuid, uint16 uid) external view returns (bytes32) {
        return KEYS.keyOf(REGISTRY.hotkeyOwner(_hotkeyAt(netuid, uid)));
    }

    /* INTERNAL */

    function _columns() private pure returns (ColumnsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := COLUMNS_SLOT
        }
    }

    /// @dev The last settled epoch's metagraph, from the recorded words (empty before the first epoch).
    function _metagraph(uint16 netuid) private view returns (IEpochSettlement.Metagraph memory) {
        bytes32 commitment = SETTLEMENT.columnsCommitment(netuid);
        if (commitment == bytes32(0)) return SETTLEMENT.metagraph(netuid, new uint256[](0));
        ColumnsStorage storage $ = _columns();
        if ($.commitment[netuid] != commitment) revert MetagraphColumnsNotRecorded(netuid, commitment);
        return SETTLEMENT.metagraph(netuid, $.words[netuid]);
    }

    function _hotkeyAt(uint16 netuid, uint16 uid) private view returns (address hotkey) {
        hotkey = REGISTRY.hotkeyAt(netuid, uid);
        if (hotkey == address(0)) revert MetagraphUidNotFound(netuid, uid);
    }

    /// @dev The hotkey's α on `netuid` as subtensor's `TotalHotkeyAlpha` would hold it: the share pool's
    ///      value, plus the unclaimed stake credit of the UID it holds there (root: its TAO stake).
    function _alphaOn(address hotkey, uint16 netuid) private view returns (uint256 alpha) {
        alpha = STAKING.totalHotkeyAlpha(hotkey, netuid);
        if (netuid == 0) return alpha;
        (bool registered, uint16 uid) = REGISTRY.uidOf(netuid, hotkey);
        if (registered) alpha += SETTLEMENT.stakeCredit(netuid, uid);
    }
}
