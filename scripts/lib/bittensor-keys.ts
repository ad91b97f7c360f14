/**
 * An EVM account's substrate account on the Bittensor EVM: blake2_256("evm:" ‖ h160), Frontier's
 * HashedAddressMapping (docs/spec/chain.md §9); what `AddressMapping.addressMapping(h160)` returns and what
 * the facades take as that account's `bytes32` key.
 */
import { blake2b } from "@noble/hashes/blake2b";
import { getAddress, getBytes, hexlify, toUtf8Bytes } from "ethers";

export function evmAccountId(address: string): string {
  return hexlify(
    blake2b(
      new Uint8Array([
        ...toUtf8Bytes("evm:"),
        ...getBytes(getAddress(address)),
      ]),
      { dkLen: 32 },
    ),
  );
}
