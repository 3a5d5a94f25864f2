// UnsortedSegmentSum for the wasm backend, which lacks it: tfjs computes the gradient of gather
// (the token embedding's backward) with it. out[s, :] = Σ x[i, :] over rows i with segmentIds[i] = s;
// rows whose id is negative or ≥ numSegments are dropped, as in TensorFlow. Reads and writes the wasm
// heap in place. The reference twin is the cpu backend's kernel (test/engines/tfjs/kernels.test.ts).
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { f32, i32, type WasmBackend } from "./wasmMemory";

function prod(xs: number[]): number {
  return xs.reduce((p, x) => p * x, 1);
}

const kernelFunc: KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmBackend;
  const { x, segmentIds } = args.inputs as unknown as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = args.attrs as unknown as { numSegments: number };
  if (x.dtype !== "float32") throw new Error(`UnsortedSegmentSum (wasm): x must be float32, got ${x.dtype}`);
  if (segmentIds.dtype !== "int32") throw new Error(`UnsortedSegmentSum (wasm): segmentIds must be int32, got ${segmentIds.dtype}`);
  const idsShape = segmentIds.shape;
  for (let d = 0; d < idsShape.length; d++) {
    if (x.shape[d] !== idsShape[d]) {
      throw new Error(`UnsortedSegmentSum (wasm): segmentIds shape [${idsShape}] is not a prefix of x shape [${x.shape}]`);
    }
  }
  const rows = prod(idsShape);
  const inner = prod(x.shape.slice(idsShape.length));
  const outShape = [numSegments, ...x.shape.slice(idsShape.length)];
  const out = backend.makeOutput(outShape, "float32");
  // Views are taken after makeOutput: an allocation may grow (and detach) the heap buffer.
  const o = f32(backend, out, numSegments * inner);
  const xs = f32(backend, x, rows * inner);
  const ids = i32(backend, segmentIds, rows);
  o.fill(0);
  for (let r = 0; r < rows; r++) {
    const s = ids[r];
    if (s < 0 || s >= numSegments) continue;
    const src = r * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) o[dst + j] += xs[src + j];
  }
  return out;
};

export const unsortedSegmentSumWasm: KernelConfig = {
  kernelName: "UnsortedSegmentSum",
  backendName: "wasm",
  kernelFunc,
};
