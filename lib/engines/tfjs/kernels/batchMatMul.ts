// BatchMatMul for the wasm backend. tfjs-backend-wasm sends only one case to XNNPACK's fast GEMM —
// a single 2-D product with neither side transposed — and every other case (transposeA, transposeB,
// a batch dimension) to a naive loop ~10–30× slower (measured here: 16 GFLOP/s vs 0.6–1.4).
// A transformer's forward and backward are full of those other cases (x·Wᵀ, dW = dYᵀ·x, q·kᵀ per
// head), so this kernel reduces each one to the fast case: transpose the operand into scratch (or
// compute Cᵀ when that moves fewer values), fold a shared right-hand side into one tall product, or
// loop over the batch with "view" tensors that point into the operands' bytes (no copies). With it, a
// transposed product runs at the plain one's speed (16–17 GFLOP/s each, measured on this loaded
// machine). The reference twin is the cpu backend's matMul (test/engines/tfjs/kernels.test.ts).
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { swapLastTwo } from "./transposeLast2";
import { byteOffset, makeView, releaseView, type WasmBackend } from "./wasmMemory";

type CBatchMatMul = (
  aId: number, aShape: Uint8Array, aRank: number,
  bId: number, bShape: Uint8Array, bRank: number,
  transposeA: boolean, transposeB: boolean, outId: number,
) => void;

let cBatchMatMul: CBatchMatMul | undefined;
let cBackend: unknown;

function native(backend: WasmBackend): CBatchMatMul {
  if (!cBatchMatMul || cBackend !== backend) {
    const mod = (backend as unknown as { wasm: { cwrap: (n: string, r: null, a: string[]) => CBatchMatMul } }).wasm;
    cBatchMatMul = mod.cwrap("BatchMatMul", null, ["number", "array", "number", "number", "array", "number", "number", "number", "number"]);
    cBackend = backend;
  }
  return cBatchMatMul;
}

function idOf(backend: WasmBackend, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).id;
}

function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

/** The fast case: out[M,N] = a[M,K]·b[K,N], all three given as (tensor, offset-free) infos. */
function gemm(backend: WasmBackend, a: TensorInfo, b: TensorInfo, out: TensorInfo, M: number, K: number, N: number): void {
  native(backend)(idOf(backend, a), shapeBytes([1, M, K]), 3, idOf(backend, b), shapeBytes([1, K, N]), 3, false, false, idOf(backend, out));
}

function prod(xs: number[]): number {
  return xs.reduce((p, x) => p * x, 1);
}

/** C = op(A)·op(B) computed as (op(B)ᵀ·op(A)ᵀ)ᵀ for single (unbatched) products. */
function productViaTranspose(
  backend: WasmBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean,
  M: number, K: number, N: number, outer: number[],
): TensorInfo {
  const left = transposeB ? b : swapLastTwo(backend, b); // op(B)ᵀ as stored [N, K]
  const right = transposeA ? a : swapLastTwo(backend, a); // op(A)ᵀ as stored [K, M]
  const ct = backend.makeOutput([N, M], "float32");
  gemm(backend, left, right, ct, N, K, M);
  const out = swapLastTwo(backend, ct); // [M, N]
  backend.disposeData(ct.dataId);
  if (left !== b) backend.disposeData(left.dataId);
  if (right !== a) backend.disposeData(right.dataId);
  out.shape = [...outer, M, N];
  return out;
}

export function makeFastBatchMatMul(original: KernelConfig): KernelConfig {
  const fallback = original.kernelFunc;
  const kernelFunc: KernelFunc = (args) => {
    const backend = args.backend as unknown as WasmBackend;
    const { a, b } = args.inputs as unknown as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (a.dtype !== "float32" || b.dtype !== "float32") return fallback(args);
    const ra = a.shape.length;
    const rb = b.shape.length;
    const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const Ka = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const Kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
    const N = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    if (Ka !== Kb) {
      throw new Error(`matMul: inner shapes ${Ka} and ${Kb} of tensors with shapes [${a.shape}] and [${b.shape}] (transposeA=${transposeA}, transposeB=${transposeB}) must match`);
    }
    const batchA = prod(a.shape.slice(0, -2));
    const batchB = prod(b.shape.slice(0, -2));
    // Only the broadcasts a model makes: equal batches, or one side unbatched. Others go the slow way.
    if ((batchA !== batchB && batchA !== 1 && batchB !== 1) || Ka === 0) return fallback(args);
    const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const batch = Math.max(batchA, batchB);
    const K = Ka;
    if (batch === 1) {
      // One product: also consider Cᵀ = op(B)ᵀ·op(A)ᵀ, whose operands may need fewer transposed
      // elements — dW = dYᵀ·X of the lm_head moves 2.6M values this way instead of 16.8M.
      const direct = (transposeA ? K * M : 0) + (transposeB ? K * N : 0);
      const viaCt = (transposeB ? 0 : K * N) + (transposeA ? 0 : M * K) + M * N;
      if (viaCt < direct) return productViaTranspose(backend, a, b, transposeA, transposeB, M, K, N, outer);
    }
    const aN = transposeA ? swapLastTwo(backend, a) : a; // [.., M, K]
    const bN = transposeB ? swapLastTwo(backend, b) : b; // [.., K, N]
    const out = backend.makeOutput([...outer, M, N], "float32");
    if (batch * M * N > 0) {
      if (batchB === 1) {
        // One right-hand side for every batch: a single tall product [batch·M, K]·[K, N].
        gemm(backend, aN, bN, out, batch * M, K, N);
      } else {
        const base = { a: byteOffset(backend, aN), b: byteOffset(backend, bN), o: byteOffset(backend, out) };
        for (let i = 0; i < batch; i++) {
          const ai = batchA === 1 ? 0 : i;
          const va = makeView(backend, [M, K], base.a + 4 * ai * M * K);
          const vb = makeView(backend, [K, N], base.b + 4 * i * K * N);
          const vo = makeView(backend, [M, N], base.o + 4 * i * M * N);
          gemm(backend, va, vb, vo, M, K, N);
          releaseView(backend, va);
          releaseView(backend, vb);
          releaseView(backend, vo);
        }
      }
    }
    if (aN !== a) backend.disposeData(aN.dataId);
    if (bN !== b) backend.disposeData(bN.dataId);
    return out;
  };
  return { ...original, kernelFunc };
}
