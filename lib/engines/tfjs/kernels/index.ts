// Our kernels for the wasm backend, registered by initBackend before the backend starts.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm"; // registers the wasm backend and its kernels
import { makeFastBatchMatMul } from "./batchMatMul";
import { unsortedSegmentSumWasm } from "./unsortedSegmentSum";

let registered = false;

/** Register (once) UnsortedSegmentSum and the fast BatchMatMul for the wasm backend. */
export function registerWasmKernels(): void {
  if (registered) return;
  if (!tf.getKernel("UnsortedSegmentSum", "wasm")) tf.registerKernel(unsortedSegmentSumWasm);
  const original = tf.getKernel("BatchMatMul", "wasm");
  if (!original) throw new Error("kernels: the wasm backend has no BatchMatMul kernel to wrap");
  tf.unregisterKernel("BatchMatMul", "wasm");
  tf.registerKernel(makeFastBatchMatMul(original));
  registered = true;
}

export { makeFastBatchMatMul } from "./batchMatMul";
export { unsortedSegmentSumWasm } from "./unsortedSegmentSum";
