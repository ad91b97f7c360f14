/** Errors of the soak harness, each naming what failed so a run's last line says why. */

/** The harness could not set up or drive the local committee (chain, deployment, processes). */
export class HarnessError extends Error {
  override name = "HarnessError";
}

/** A wait for a chain or process condition ran past its bound. */
export class HarnessTimeoutError extends HarnessError {
  override name = "HarnessTimeoutError";
}

/** A soak option is out of range; the CLI prints it and exits 2. */
export class SoakUsageError extends Error {
  override name = "SoakUsageError";
}
