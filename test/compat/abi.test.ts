/**
 * The facades hold subtensor's ABI: every function signature subtensor's precompiles declare
 * (test/compat/subtensor-precompiles.json, from its Rust `#[precompile::public]` attributes, the
 * selector's source, and its return types) is a function of the facade at that address, with the same
 * selector, the same return types and the same view-ness; and a facade declares nothing else but its
 * documented extensions.
 */
import { expect } from "chai";
import { FunctionFragment, Interface, type ParamType } from "ethers";
import {
  PRECOMPILE_ADDRESSES,
  type FacadeName,
} from "../../scripts/lib/bittensor-evm";
import { readArtifact } from "../../scripts/lib/artifacts";
import { readFileSync } from "node:fs";
import { DOC, compatTable, renderDoc } from "../../scripts/build/compat-table";
import table from "./subtensor-precompiles.json";

interface Entry {
  precompile: string;
  address: string;
  signature: string;
  returns: string[];
  mutability: "view" | "payable" | "nonpayable";
}

const FACADE_OF: Record<string, FacadeName> = {
  BalanceTransfer: "BalanceTransferPrecompile",
  StakingV1: "StakingV1Precompile",
  Metagraph: "MetagraphPrecompile",
  Subnet: "SubnetPrecompile",
  Neuron: "NeuronPrecompile",
  StakingV2: "StakingV2Precompile",
  UidLookup: "UidLookupPrecompile",
  Alpha: "AlphaPrecompile",
  AddressMapping: "AddressMappingPrecompile",
};

/**
 * Functions a facade adds to subtensor's ABI, each documented in docs/bittensor-evm.md: the Metagraph's
 * columns are committed on chain as a hash, so their values are recorded at the facade (IMetagraphColumns).
 */
const EXTENSIONS: Record<string, string[]> = {
  Metagraph: ["recordColumns(uint16,uint256[])", "columnsRecorded(uint16)"],
};

/** A parameter's canonical type, tuples spelled out as in the table. */
const canonical = (p: ParamType): string =>
  p.isTuple()
    ? `(${p.components.map(canonical).join(",")})`
    : p.isArray()
      ? `${canonical(p.arrayChildren)}[${p.arrayLength === -1 ? "" : p.arrayLength}]`
      : p.type;

describe("compat: the facades' ABI is subtensor's", function () {
  const entries = table as Entry[];

  it("covers every precompile the issue names, at its INDEX address", function () {
    expect(entries).to.have.length(130);
    for (const [precompile, facade] of Object.entries(FACADE_OF)) {
      const at = new Set(
        entries
          .filter((e) => e.precompile === precompile)
          .map((e) => e.address.toLowerCase()),
      );
      expect([...at], precompile).to.deep.equal([
        PRECOMPILE_ADDRESSES[facade].toLowerCase(),
      ]);
    }
  });

  it("docs/bittensor-evm.md lists every function with its status (npm run docs:compat writes it)", function () {
    const current = readFileSync(DOC, "utf8");
    expect(renderDoc(current, compatTable()) === current, "docs/bittensor-evm.md is out of date: npm run docs:compat").to.equal(true);
  });

  for (const [precompile, facade] of Object.entries(FACADE_OF)) {
    it(`${precompile} (${PRECOMPILE_ADDRESSES[facade]}): every selector, return type and view-ness, nothing more`, function () {
      const iface = new Interface(readArtifact(facade).abi as never);
      const ours = new Map<string, FunctionFragment>();
      iface.forEachFunction((f) => ours.set(f.selector, f));
      const expected = entries.filter((e) => e.precompile === precompile);
      for (const e of expected) {
        const selector = FunctionFragment.from(
          `function ${e.signature}`,
        ).selector;
        const f = ours.get(selector);
        expect(f, `${facade} lacks ${e.signature}`).to.not.equal(undefined);
        expect(
          f!.outputs.map(canonical),
          `${e.signature} returns`,
        ).to.deep.equal(e.returns);
        expect(
          f!.constant,
          `${e.signature} is ${e.mutability === "view" ? "" : "not "}a view`,
        ).to.equal(e.mutability === "view");
        expect(
          f!.payable,
          `${e.signature} is ${e.mutability === "payable" ? "" : "not "}payable`,
        ).to.equal(e.mutability === "payable");
      }
      const allowed = [...expected.map((e) => e.signature), ...(EXTENSIONS[precompile] ?? [])].map((sig) => FunctionFragment.from(`function ${sig}`).selector);
      const extra = [...ours.values()].filter((f) => !allowed.includes(f.selector));
      expect(
        extra.map((f) => f.format()),
        `${facade} declares functions subtensor's ${precompile} does not`,
      ).to.deep.equal([]);
    });
  }
});
