/**
 * A CPU-backend worker thread: receives packed epoch inputs, runs the batched epoch with the CPU
 * kernels, and sends the packed outputs back (buffers transferred, not copied).
 */
import { parentPort } from "worker_threads";
import { cpuKernels } from "./cpu-kernels";
import { PackedInput, transferList } from "./pack";
import { runPackedBatch } from "./pipeline";

/** A job for the worker. */
export interface WorkerRequest {
  readonly id: number;
  readonly inputs: PackedInput[];
}

if (parentPort !== null) {
  const port = parentPort;
  port.on("message", (request: WorkerRequest) => {
    runPackedBatch(request.inputs, cpuKernels).then(
      (outputs) => port.postMessage({ id: request.id, outputs }, transferList(outputs)),
      (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
