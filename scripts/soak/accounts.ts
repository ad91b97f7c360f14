/**
 * Keys of the local committee: Hardhat's default mnemonic, so the deployer is the node's funded
 * account 0 and every oracle key is reproducible across runs (account 10 + i: outside the accounts
 * the harness itself uses). Oracles past Hardhat's 20 prefunded accounts are funded by `hardhat_setBalance`.
 */
import { HDNodeWallet } from "ethers";

export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** The wallet at m/44'/60'/0'/0/`index` of the default mnemonic (not connected). */
export function hardhatAccount(index: number): HDNodeWallet {
  return HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, "", `m/44'/60'/0'/0/${index}`);
}

/** Account index of oracle node `i`. */
export const ORACLE_ACCOUNT_BASE = 10;

export interface OracleKey {
  index: number;
  address: string;
  privateKey: string;
}

export function oracleKeys(count: number): OracleKey[] {
  return Array.from({ length: count }, (_, i) => {
    const w = hardhatAccount(ORACLE_ACCOUNT_BASE + i);
    return { index: i, address: w.address, privateKey: w.privateKey };
  });
}
