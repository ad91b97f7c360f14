/**
 * How a liar changes the honest report before attesting it (OracleNodeConfig.tamper). Each variant is
 * one thing the chain can or cannot check at settlement:
 * - `rao+1`: one rao more `raoEmission` than the buckets drained: refused ("raoEmission").
 * - `hotkey`: the first validator payout names another UID's hotkey (the second payout's), or a stranger
 *   when there is one payout: refused ("hotkey"); an epoch without payouts gets `rao+1` instead.
 * - `bonds`: a different bonds commitment: the chain cannot tell, so only the committee's honest
 *   majority keeps it out.
 * - `length`: one word too many in the metagraph: refused ("length").
 * Colluding liars apply the same change, so they attest one hash.
 */
import { concat, keccak256 } from "ethers";
import type { EpochReport } from "../../oracle/chain/report";

export const LIE_VARIANTS = ["rao+1", "hotkey", "bonds", "length"] as const;
export type LieVariant = (typeof LIE_VARIANTS)[number];

/** Not anybody's hotkey. */
export const STRANGER_HOTKEY = "0x00000000000000000000000000000000005a1e00";

export function isLieVariant(value: string): value is LieVariant {
  return (LIE_VARIANTS as readonly string[]).includes(value);
}

const ADDRESS_MASK = (1n << 160n) - 1n;

export function tamper(report: EpochReport, variant: LieVariant): EpochReport {
  switch (variant) {
    case "rao+1":
      return { ...report, raoEmission: BigInt(report.raoEmission) + 1n };
    case "bonds":
      return { ...report, bondsCommitment: keccak256(concat([report.bondsCommitment as string, "0x01"])) };
    case "length":
      return { ...report, metagraph: [...report.metagraph, 0n] };
    case "hotkey": {
      // Two words per payout: [hotkey | uid << 160, amounts]. Keep the UID, change the hotkey.
      const payouts = [...report.validatorPayouts].map((w) => BigInt(w));
      if (payouts.length === 0) return { ...report, raoEmission: BigInt(report.raoEmission) + 1n };
      const other = payouts.length >= 4 ? payouts[2] & ADDRESS_MASK : BigInt(STRANGER_HOTKEY);
      payouts[0] = (payouts[0] & ~ADDRESS_MASK) | other;
      return { ...report, validatorPayouts: payouts };
    }
  }
}
