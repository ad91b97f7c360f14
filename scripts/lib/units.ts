/** TAO and α amounts: both have 9 decimals (1 TAO = 1e9 rao), as on subtensor. */
import { formatUnits, parseUnits } from "ethers";

/** `amount` TAO (or α) in rao; accepts decimals such as "0.5". */
export const tao = (amount: string | number): bigint => parseUnits(String(amount), 9);

/** `rao` as a decimal TAO (or α) string. */
export const formatTao = (rao: bigint): string => formatUnits(rao, 9);
