/** The subset of a pino logger the oracle node uses. */
export interface OracleLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: OracleLogger = { info: () => {}, warn: () => {}, error: () => {} };
