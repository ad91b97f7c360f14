/**
 * The Bittensor EVM on a Hardhat chain (docs/bittensor-evm.md): subtensor's precompiles answered at their
 * real addresses by the facades in contracts/compat/, over the layer's own state.
 *
 * Each facade is deployed as an ordinary contract (its constructor stores the layer's addresses in
 * immutables, which live in the runtime code), and that runtime code is then copied to the precompile's
 * address with `hardhat_setCode`. The key registry and native TAO converter are ordinary contracts; the
 * converter's reserves are seeded here (ERC-20 TAO from the deployer, native TAO by `hardhat_setBalance`).
 */
import { Contract, ContractFactory, parseEther, type Signer } from "ethers";
import type { SubnetLayer } from "../deploy";
import { type ArtifactName, readArtifact } from "./artifacts";
import { type DevChain, hardhatChain } from "./local-network";
import { tao } from "./units";

/** Each facade and the address it answers at: `0x…` + the precompile's INDEX (docs/spec/chain.md §9). */
export const PRECOMPILE_ADDRESSES = {
  BalanceTransferPrecompile: "0x0000000000000000000000000000000000000800",
  StakingV1Precompile: "0x0000000000000000000000000000000000000801",
  MetagraphPrecompile: "0x0000000000000000000000000000000000000802",
  SubnetPrecompile: "0x0000000000000000000000000000000000000803",
  NeuronPrecompile: "0x0000000000000000000000000000000000000804",
  StakingV2Precompile: "0x0000000000000000000000000000000000000805",
  UidLookupPrecompile: "0x0000000000000000000000000000000000000806",
  AlphaPrecompile: "0x0000000000000000000000000000000000000808",
  AddressMappingPrecompile: "0x000000000000000000000000000000000000080C",
} as const satisfies Partial<Record<ArtifactName, string>>;

export type FacadeName = keyof typeof PRECOMPILE_ADDRESSES;

/** The native converter's default reserves: ERC-20 TAO from the deployer, and native TAO. */
export const DEFAULT_RESERVE_TAO = tao(100_000);
export const DEFAULT_RESERVE_NATIVE = parseEther("100000");

export interface BittensorEvmOptions {
  /** ERC-20 TAO moved from the deployer into the native converter's reserve (default 100 000 TAO). */
  reserveTao?: bigint;
  /** Native TAO (wei) set as the converter's native reserve (default 100 000 TAO = 1e23 wei). */
  reserveNative?: bigint;
  /** EVM accounts to link in the key registry (their ids then name them as `bytes32` keys). */
  link?: readonly string[];
  chain?: DevChain;
  /** Only these facades (default: every one). */
  facades?: readonly FacadeName[];
}

export interface BittensorEvm {
  /** The key registry (bytes32 keys ⇄ the layer's addresses) and the native TAO converter. */
  keys: Contract;
  nativeTao: Contract;
  serving: Contract;
  addresses: Record<
    FacadeName | "KeyRegistry" | "NativeTao" | "Serving",
    string
  >;
}

async function deploy(
  name: ArtifactName,
  deployer: Signer,
  args: unknown[],
): Promise<Contract> {
  const artifact = readArtifact(name);
  const contract = await new ContractFactory(
    artifact.abi as never,
    artifact.bytecode,
    deployer,
  ).deploy(...args);
  await contract.waitForDeployment();
  return contract as Contract;
}

/**
 * Places the facades at subtensor's precompile addresses on a Hardhat chain, over `layer`. Links the
 * deployer, `options.link` and every hotkey registered so far.
 */
export async function placeBittensorEvm(
  layer: SubnetLayer,
  options: BittensorEvmOptions = {},
): Promise<BittensorEvm> {
  const chain = options.chain ?? hardhatChain();
  const deployer = layer.deployer;
  const keys = await deploy("KeyRegistry", deployer, []);
  const nativeTao = await deploy("NativeTao", deployer, [layer.addresses.Tao]);
  const serving = await deploy("Serving", deployer, [
    layer.addresses.SubnetRegistry,
  ]);
  const context = {
    tao: layer.addresses.Tao,
    staking: layer.addresses.Staking,
    registry: layer.addresses.SubnetRegistry,
    coinbase: layer.addresses.Coinbase,
    weights: layer.addresses.Weights,
    settlement: layer.addresses.EpochSettlement,
    lens: layer.addresses.MetagraphLens,
    ownerAdmin: layer.addresses.SubnetOwnerAdmin,
    keys: await keys.getAddress(),
    nativeTao: await nativeTao.getAddress(),
    serving: await serving.getAddress(),
  };
  const names =
    options.facades ?? (Object.keys(PRECOMPILE_ADDRESSES) as FacadeName[]);
  for (const name of names) {
    const address = PRECOMPILE_ADDRESSES[name];
    const facade = await deploy(name, deployer, [context]);
    const code = await deployer.provider!.getCode(await facade.getAddress());
    await chain.send("hardhat_setCode", [address, code]);
  }
  await (
    await layer.tao
      .connect(deployer)
      .transfer(context.nativeTao, options.reserveTao ?? DEFAULT_RESERVE_TAO)
  ).wait();
  await chain.send("hardhat_setBalance", [
    context.nativeTao,
    `0x${(options.reserveNative ?? DEFAULT_RESERVE_NATIVE).toString(16)}`,
  ]);

  const accounts = new Set<string>([
    await deployer.getAddress(),
    ...(options.link ?? []),
  ]);
  for (const netuid of await layer.registry.netuids())
    for (const hotkey of await layer.registry.hotkeys(netuid))
      accounts.add(hotkey);
  for (const account of accounts)
    await (await keys.connect(deployer).getFunction("link")(account)).wait();

  return {
    keys,
    nativeTao,
    serving,
    addresses: {
      ...PRECOMPILE_ADDRESSES,
      KeyRegistry: context.keys,
      NativeTao: context.nativeTao,
      Serving: context.serving,
    },
  };
}

/**
 * Records a settled epoch's metagraph columns at the Metagraph facade (IMetagraphColumns.recordColumns), so
 * its per-UID reads answer: the chain commits to the columns as a hash and logs their words
 * (`MetagraphColumns`), which no contract can read. Anyone may record them; the facade checks the hash.
 */
export async function recordMetagraphColumns(layer: SubnetLayer, netuid: number, snapshotBlock: bigint, signer: Signer = layer.deployer): Promise<void> {
  const [log] = await layer.settlement.queryFilter(layer.settlement.filters.MetagraphColumns(netuid, snapshotBlock));
  if (log === undefined) throw new Error(`no MetagraphColumns log for subnet ${netuid} at snapshot ${snapshotBlock}`);
  const metagraph = new Contract(PRECOMPILE_ADDRESSES.MetagraphPrecompile, readArtifact("MetagraphPrecompile").abi as never, signer);
  await (await metagraph.getFunction("recordColumns")(netuid, [...log.args.words])).wait();
}
