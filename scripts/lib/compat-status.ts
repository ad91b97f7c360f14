/**
 * How each subtensor precompile function behaves here (docs/bittensor-evm.md's table is written from this
 * by `npm run docs:compat`): "same" where a contract sees what the chain would show it, "differs" with how,
 * "unsupported" where the layer has no counterpart (the call reverts PrecompileUnsupported(selector)).
 * test/compat/abi.test.ts holds every signature of test/compat/subtensor-precompiles.json to an entry here.
 */
export type CompatStatus = "same" | "differs" | "unsupported";

export interface CompatNote {
  status: CompatStatus;
  note?: string;
}

const VALUE =
  "the debit comes as the call's value (`amount × 1e9` wei exactly): a plain EVM cannot debit the caller's balance";

export const COMPAT: Record<string, Record<string, CompatNote>> = {
  BalanceTransfer: {
    "transfer(bytes32)": {
      status: "same",
      note: "a key that is no linked EVM account is credited at its shadow address",
    },
  },
  StakingV2: {
    "addStake(bytes32,uint256,uint256)": { status: "differs", note: VALUE },
    "addStakeLimit(bytes32,uint256,uint256,bool,uint256)": {
      status: "differs",
      note: `${VALUE}; what the limit leaves unspent comes back as native TAO`,
    },
    "removeStake(bytes32,uint256,uint256)": { status: "same" },
    "removeStakeLimit(bytes32,uint256,uint256,bool,uint256)": {
      status: "same",
    },
    "removeStakeFull(bytes32,uint256)": { status: "same" },
    "removeStakeFullLimit(bytes32,uint256,uint256)": { status: "same" },
    "moveStake(bytes32,bytes32,uint256,uint256,uint256)": { status: "same" },
    "transferStake(bytes32,bytes32,uint256,uint256,uint256)": {
      status: "same",
    },
    "burnAlpha(bytes32,uint256,uint256)": { status: "same" },
    "getTotalColdkeyStake(bytes32)": {
      status: "differs",
      note: "counts positions on the hotkeys registered now (the layer keeps no StakingHotkeys list)",
    },
    "getTotalHotkeyStake(bytes32)": {
      status: "differs",
      note: "floored per subnet, not once: at most one rao per subnet lower",
    },
    "getStake(bytes32,bytes32,uint256)": { status: "same" },
    "getAlphaStakedValidators(bytes32,uint256)": {
      status: "unsupported",
      note: "the layer keeps no list of a hotkey's nominators",
    },
    "getTotalAlphaStaked(bytes32,uint256)": { status: "same" },
    "getNominatorMinRequiredStake()": {
      status: "same",
      note: "the layer's minimum stake, 2,000,000 rao",
    },
    "addProxy(bytes32)": {
      status: "unsupported",
      note: "no proxies in the layer",
    },
    "removeProxy(bytes32)": {
      status: "unsupported",
      note: "no proxies in the layer",
    },
    "getTotalColdkeyStakeOnSubnet(bytes32,uint256)": {
      status: "differs",
      note: "as getTotalColdkeyStake",
    },
    "approve(address,uint256,uint256)": { status: "same" },
    "allowance(address,address,uint256)": { status: "same" },
    "increaseAllowance(address,uint256,uint256)": { status: "same" },
    "decreaseAllowance(address,uint256,uint256)": { status: "same" },
    "transferStakeFrom(address,address,bytes32,uint256,uint256,uint256)": {
      status: "same",
    },
  },
  StakingV1: {
    "addStake(bytes32,uint256)": {
      status: "same",
      note: "stakes the call's value, as on the chain",
    },
    "removeStake(bytes32,uint256,uint256)": { status: "same" },
    "getTotalColdkeyStake(bytes32)": {
      status: "differs",
      note: "as StakingV2's",
    },
    "getTotalHotkeyStake(bytes32)": {
      status: "differs",
      note: "as StakingV2's",
    },
    "getStake(bytes32,bytes32,uint256)": { status: "same" },
    "addProxy(bytes32)": {
      status: "unsupported",
      note: "no proxies in the layer",
    },
    "removeProxy(bytes32)": {
      status: "unsupported",
      note: "no proxies in the layer",
    },
  },
  Subnet: {
    "registerNetwork(bytes32)": { status: "differs", note: "lock cost as the call's value, exactly; identity strings only in a facade event (SubnetIdentitySet); the subnet is not started, as on the chain" },
    "registerNetwork(bytes32,string,string,string,string,string,string,string)": { status: "differs", note: "lock cost as the call's value, exactly; identity strings only in a facade event (SubnetIdentitySet); the subnet is not started, as on the chain" },
    "registerNetwork(bytes32,string,string,string,string,string,string,string,string)": { status: "differs", note: "lock cost as the call's value, exactly; identity strings only in a facade event (SubnetIdentitySet); the subnet is not started, as on the chain" },
    "getNetworkRegistrationBlock(uint16)": { status: "same" },
    "getServingRateLimit(uint16)": { status: "differs", note: "no such state in the layer: the chain's default, 50" },
    "setServingRateLimit(uint16,uint64)": { status: "unsupported", note: "no such state in the layer" },
    "getMinDifficulty(uint16)": { status: "differs", note: "no such state in the layer: the chain's default, 10,000,000" },
    "setMinDifficulty(uint16,uint64)": { status: "unsupported", note: "no such state in the layer" },
    "getMaxDifficulty(uint16)": { status: "differs", note: "no such state in the layer: the chain's default, u64 max / 4" },
    "setMaxDifficulty(uint16,uint64)": { status: "unsupported", note: "no such state in the layer" },
    "getWeightsVersionKey(uint16)": { status: "same" },
    "setWeightsVersionKey(uint16,uint64)": { status: "same" },
    "getWeightsSetRateLimit(uint16)": { status: "same" },
    "setWeightsSetRateLimit(uint16,uint64)": { status: "same", note: "accepted and ignored, as subtensor's precompile does" },
    "getAdjustmentAlpha(uint16)": { status: "differs", note: "no such state in the layer: the chain's default, 0" },
    "setAdjustmentAlpha(uint16,uint64)": { status: "unsupported", note: "no such state in the layer" },
    "getMaxWeightLimit(uint16)": { status: "same", note: "65,535" },
    "getImmunityPeriod(uint16)": { status: "differs", note: "the layer stores u64: above 65,535 (governance only) reads 65,535" },
    "setImmunityPeriod(uint16,uint16)": { status: "same" },
    "getMinAllowedWeights(uint16)": { status: "same" },
    "setMinAllowedWeights(uint16,uint16)": { status: "same" },
    "getKappa(uint16)": { status: "same" },
    "setKappa(uint16,uint16)": { status: "same", note: "root only: refused by the layer's access control unless governance calls" },
    "getRho(uint16)": { status: "differs", note: "no such state in the layer: the chain's default, 10" },
    "getAlphaSigmoidSteepness(uint16)": { status: "same" },
    "setRho(uint16,uint16)": { status: "unsupported", note: "no such state in the layer" },
    "setAlphaSigmoidSteepness(uint16,uint16)": { status: "same" },
    "getActivityCutoff(uint16)": { status: "differs", note: "max(factor \u00d7 tempo / 1000, 1) from the layer's ActivityCutoffFactor" },
    "setActivityCutoff(uint16,uint16)": { status: "differs", note: "sets the factor (rounded up); reads back exactly while tempo < 1000" },
    "getActivityCutoffFactor(uint16)": { status: "same" },
    "setActivityCutoffFactor(uint16,uint32)": { status: "same" },
    "getNetworkRegistrationAllowed(uint16)": { status: "differs", note: "whether the subnet exists: registration is always open here" },
    "setNetworkRegistrationAllowed(uint16,bool)": { status: "unsupported", note: "registration is always open here" },
    "getNetworkPowRegistrationAllowed(uint16)": { status: "same", note: "false" },
    "setNetworkPowRegistrationAllowed(uint16,bool)": { status: "unsupported", note: "refused, as the chain now refuses it" },
    "getMinBurn(uint16)": { status: "same" },
    "setMinBurn(uint16,uint64)": { status: "same", note: "accepted and ignored, as subtensor's precompile does" },
    "getMaxBurn(uint16)": { status: "same" },
    "setMaxBurn(uint16,uint64)": { status: "same", note: "accepted and ignored, as subtensor's precompile does" },
    "getDifficulty(uint16)": { status: "differs", note: "no such state in the layer: the chain's default, 10,000,000" },
    "setDifficulty(uint16,uint64)": { status: "unsupported", note: "no such state in the layer" },
    "getBondsMovingAverage(uint16)": { status: "same" },
    "setBondsMovingAverage(uint16,uint64)": { status: "same" },
    "getCommitRevealWeightsEnabled(uint16)": { status: "same", note: "false (the layer has neither)" },
    "setCommitRevealWeightsEnabled(uint16,bool)": { status: "differs", note: "false is accepted from the owner and changes nothing; true is unsupported" },
    "getLiquidAlphaEnabled(uint16)": { status: "same" },
    "setLiquidAlphaEnabled(uint16,bool)": { status: "same" },
    "getYuma3Enabled(uint16)": { status: "same" },
    "getBondsResetEnabled(uint16)": { status: "same", note: "false (the layer has neither)" },
    "setYuma3Enabled(uint16,bool)": { status: "same" },
    "setBondsResetEnabled(uint16,bool)": { status: "differs", note: "false is accepted from the owner and changes nothing; true is unsupported" },
    "getAlphaValues(uint16)": { status: "same" },
    "setAlphaValues(uint16,uint16,uint16)": { status: "differs", note: "two owner parameter calls, each rate-limited on its own" },
    "getCommitRevealWeightsInterval(uint16)": { status: "differs", note: "no such state in the layer: the chain's default, 1" },
    "setCommitRevealWeightsInterval(uint16,uint64)": { status: "unsupported", note: "no such state in the layer" },
    "toggleTransfers(uint16,bool)": { status: "same" },
  },
  Neuron: {
    "setWeights(uint16,uint16[],uint16[],uint64)": { status: "same" },
    "commitWeights(uint16,bytes32)": { status: "unsupported", note: "no commit-reveal in the layer (the chain refuses it too while commit-reveal is off)" },
    "revealWeights(uint16,uint16[],uint16[],uint16[],uint64)": { status: "unsupported", note: "no commit-reveal in the layer" },
    "burnedRegister(uint16,bytes32)": { status: "differs", note: "the burn as the call's value, exactly, at the block it runs in" },
    "registerLimit(uint16,bytes32,uint64)": { status: "differs", note: "`limitPrice \u00d7 1e9` wei as value; the burn is paid and the rest refunded" },
    "serveAxon(uint16,uint32,uint128,uint16,uint8,uint8,uint8,uint8)": { status: "differs", note: "recorded in Serving; the two placeholder bytes are not kept, no IP check or rate limit" },
    "serveAxonTls(uint16,uint32,uint128,uint16,uint8,uint8,uint8,uint8,bytes)": { status: "differs", note: "the axon is served; the certificate only in a facade event" },
    "servePrometheus(uint16,uint32,uint128,uint16,uint8)": { status: "differs", note: "recorded in Serving; no IP check or rate limit" },
  },
  Metagraph: {
    "getUidCount(uint16)": { status: "same" },
    "getStake(uint16,uint16)": { status: "differs", note: "the hotkey's stake over all subnets at spot prices (root 1:1), plus the UID's unclaimed stake credits, which subtensor stakes at the epoch" },
    "getRank(uint16,uint16)": { status: "same", note: "0, deprecated on the chain" },
    "getTrust(uint16,uint16)": { status: "same", note: "0, deprecated on the chain" },
    "getConsensus(uint16,uint16)": { status: "differs", note: "from the last settled epoch, once its columns are recorded at the facade (IMetagraphColumns.recordColumns; the fixture records them); before that the read reverts MetagraphColumnsNotRecorded" },
    "getIncentive(uint16,uint16)": { status: "differs", note: "from the last settled epoch, once its columns are recorded at the facade (IMetagraphColumns.recordColumns; the fixture records them); before that the read reverts MetagraphColumnsNotRecorded" },
    "getDividends(uint16,uint16)": { status: "differs", note: "from the last settled epoch, once its columns are recorded at the facade (IMetagraphColumns.recordColumns; the fixture records them); before that the read reverts MetagraphColumnsNotRecorded" },
    "getEmission(uint16,uint16)": { status: "differs", note: "from the last settled epoch, once its columns are recorded at the facade (IMetagraphColumns.recordColumns; the fixture records them); before that the read reverts MetagraphColumnsNotRecorded" },
    "getVtrust(uint16,uint16)": { status: "differs", note: "from the last settled epoch, once its columns are recorded at the facade (IMetagraphColumns.recordColumns; the fixture records them); before that the read reverts MetagraphColumnsNotRecorded" },
    "getIsActive(uint16,uint16)": { status: "differs", note: "from the last settled epoch, once its columns are recorded at the facade (IMetagraphColumns.recordColumns; the fixture records them); before that the read reverts MetagraphColumnsNotRecorded" },
    "getValidatorStatus(uint16,uint16)": { status: "same" },
    "getLastUpdate(uint16,uint16)": { status: "same" },
    "getAxon(uint16,uint16)": { status: "same", note: "from Serving (Neuron.serveAxon)" },
    "getHotkey(uint16,uint16)": { status: "same", note: "a missing UID reverts MetagraphUidNotFound (the chain reverts with no data)" },
    "getColdkey(uint16,uint16)": { status: "same", note: "as getHotkey" },
  },
  UidLookup: {
    "uidLookup(uint16,address,uint16)": { status: "differs", note: "no associate_evm_key in the layer: the UID whose hotkey is the address, with its registration block" },
  },
  Alpha: {
    "getAlphaPrice(uint16)": { status: "same", note: "as of the layer's last emission accrual" },
    "getMovingAlphaPrice(uint16)": { status: "differs", note: "the layer keeps the EMA in 1e18 fixed point, the chain in I96F32: rounding can differ" },
    "getTaoInPool(uint16)": { status: "same" },
    "getAlphaInPool(uint16)": { status: "same" },
    "getAlphaOutPool(uint16)": { status: "differs", note: "root (no \u03b1 token) answers its TAO stake" },
    "getAlphaIssuance(uint16)": { status: "same" },
    "getTaoWeight()": { status: "same" },
    "getCKBurn()": { status: "differs", note: "no child keys in the layer: the chain's default, 0" },
    "simSwapTaoForAlpha(uint16,uint64)": { status: "differs", note: "an unknown netuid quotes 0; where the chain's simulation fails this reverts AlphaSimSwapFailed" },
    "simSwapAlphaForTao(uint16,uint64)": { status: "differs", note: "as simSwapTaoForAlpha" },
    "getSubnetMechanism(uint16)": { status: "same" },
    "getRootNetuid()": { status: "same" },
    "getEMAPriceHalvingBlocks(uint16)": { status: "same" },
    "getSubnetVolume(uint16)": { status: "unsupported", note: "the layer keeps no volume (0 for a netuid without a pool)" },
    "getTaoInEmission(uint16)": { status: "differs", note: "the layer accrues lazily: one block computed from the current state by the Coinbase's per-block rules" },
    "getAlphaInEmission(uint16)": { status: "differs", note: "as getTaoInEmission" },
    "getAlphaOutEmission(uint16)": { status: "differs", note: "as getTaoInEmission" },
    "getSumAlphaPrice()": { status: "same" },
  },
  AddressMapping: {
    "addressMapping(address)": { status: "same" },
  },
};
