/** TAO and α amounts: both have 9 decimals (1 TAO = 1e9 rao), as on subtensor. */
import { parseUnits } from "ethers";

/** `amount` TAO (or α) in rao; accepts decimals such as "0.5". */
export const tao = (amount: string | number): bigint => parseUnits(String(amount), 9);
