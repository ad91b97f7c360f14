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
};
