// Our wasm kernels against their plain twins: the cpu backend's matMul, unsortedSegmentSum and gather
// gradient, a naive transpose, and the composite cross-entropy formula — values and gradients.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/engines/tfjs/backend";
import { transposeTiles } from "../../../lib/engines/tfjs/kernels/transposeLast2";
import { crossEntropyPerTokenFast } from "../../../lib/engines/tfjs/kernels/crossEntropy";

before(async () => {
  await initBackend("wasm", { quiet: true });
});

/** Seeded values in [-1, 1) (no Math.random: failures must reproduce). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 2 ** 32) * 2 - 1;
  }
  return out;
}

function size(shape: number[]): number {
  return shape.reduce((p, x) => p * x, 1);
}

/** Run `f` on a backend with fresh tensors; returns every output's values. */
function on(backend: "cpu" | "wasm", f: () => tf.Tensor | tf.Tensor[]): Float32Array[] {
  const prev = tf.getBackend();
  tf.setBackend(backend);
  try {
    return tf.tidy(() => {
      const r = f();
      return (Array.isArray(r) ? r : [r]).map((t) => t.dataSync() as Float32Array).map((a) => Float32Array.from(a));
    });
  } finally {
    tf.setBackend(prev);
  }
}

function assertClose(got: Float32Array, want: Float32Array, tol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < got.length; i++) {
    const err = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  assert.ok(worst <= tol, `${what}: max rel err ${worst} at ${at} (got ${got[at]}, want ${want[at]})`);
}

// `grad: false` where tfjs's own BatchMatMul gradient does not reduce a broadcast batch (cpu too).
const MATMUL_CASES: { a: number[]; b: number[]; ta: boolean; tb: boolean; grad?: boolean }[] = [];
for (const ta of [false, true])
  for (const tb of [false, true]) {
    const M = 7, K = 13, N = 5;
    MATMUL_CASES.push({ a: ta ? [K, M] : [M, K], b: tb ? [N, K] : [K, N], ta, tb });
    MATMUL_CASES.push({ a: ta ? [3, K, M] : [3, M, K], b: tb ? [3, N, K] : [3, K, N], ta, tb });
    MATMUL_CASES.push({ a: ta ? [2, 3, K, M] : [2, 3, M, K], b: tb ? [2, 3, N, K] : [2, 3, K, N], ta, tb });
    MATMUL_CASES.push({ a: ta ? [4, K, M] : [4, M, K], b: tb ? [N, K] : [K, N], ta, tb, grad: false }); // shared right side
    MATMUL_CASES.push({ a: ta ? [1, K, M] : [1, M, K], b: tb ? [4, N, K] : [4, K, N], ta, tb, grad: false }); // shared left side
  }
MATMUL_CASES.push({ a: [2, 1, 6, 9], b: [1, 3, 9, 4], ta: false, tb: false, grad: false }); // cross broadcast: the fallback path
MATMUL_CASES.push({ a: [40, 70], b: [70, 33], ta: false, tb: false }); // sizes past one transpose tile
MATMUL_CASES.push({ a: [64, 200], b: [64, 8], ta: true, tb: false }); // dW-like: computed as (Bᵀ·A)ᵀ
MATMUL_CASES.push({ a: [64, 20], b: [10, 64], ta: true, tb: true }); // Aᵀ·Bᵀ as (B·A)ᵀ
MATMUL_CASES.push({ a: [1, 64, 200], b: [1, 64, 8], ta: true, tb: false }); // batch dims of 1

test("wasm matMul equals the cpu backend for every transpose and batch layout, with gradients", () => {
  for (const [i, c] of MATMUL_CASES.entries()) {
    const av = values(size(c.a), 11 + i);
    const bv = values(size(c.b), 97 + i);
    const run = () => {
      const a = tf.tensor(av, c.a);
      const b = tf.tensor(bv, c.b);
      const y = tf.matMul(a, b, c.ta, c.tb);
      if (c.grad === false) return [y];
      const dy = tf.tensor(values(y.size, 5 + i), y.shape);
      const [ga, gb] = tf.grads((x: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, z, c.ta, c.tb), dy)))([a, b]);
      return [y, ga, gb];
    };
    const want = on("cpu", run);
    const got = on("wasm", run);
    const label = `matMul a[${c.a}] b[${c.b}] ta=${c.ta} tb=${c.tb}`;
    assertClose(got[0], want[0], 1e-5, label);
    if (c.grad === false) continue;
    assertClose(got[1], want[1], 1e-5, label + " grad a");
    assertClose(got[2], want[2], 1e-5, label + " grad b");
  }
});

test("tiled transpose equals the naive one, ragged tiles included", () => {
  for (const [batch, rows, cols] of [[1, 1, 1], [2, 33, 65], [3, 64, 7], [1, 100, 100]]) {
    const src = values(batch * rows * cols, rows + cols);
    const got = new Float32Array(src.length);
    transposeTiles(src, got, batch, rows, cols);
    const want = new Float32Array(src.length);
    for (let b = 0; b < batch; b++)
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) want[b * rows * cols + j * rows + i] = src[b * rows * cols + i * cols + j];
    assert.deepEqual(got, want, `transpose ${batch}×${rows}×${cols}`);
  }
});

test("wasm unsortedSegmentSum and the gather (embedding) gradient equal the cpu backend", () => {
  const V = 11, C = 6, N = 25;
  const ids = Int32Array.from({ length: N }, (_, i) => (i * 7) % V);
  ids[3] = ids[4] = ids[5] = 2; // repeats accumulate
  const wv = values(V * C, 3);
  const xv = values(N * C, 4);
  const run = () => {
    const seg = tf.unsortedSegmentSum(tf.tensor2d(xv, [N, C]), tf.tensor1d(ids, "int32"), V);
    const w = tf.tensor2d(wv, [V, C]);
    const dy = tf.tensor2d(xv, [N, C]);
    const [gw] = tf.grads((x: tf.Tensor) => tf.sum(tf.mul(tf.gather(x, tf.tensor1d(ids, "int32")), dy)))([w]);
    return [seg, gw];
  };
  const want = on("cpu", run);
  const got = on("wasm", run);
  assertClose(got[0], want[0], 1e-6, "unsortedSegmentSum");
  assertClose(got[1], want[1], 1e-6, "gather gradient");
  assert.ok(want[0].some((x) => x !== 0), "the case is not all zeros");
});

/** The plain formula: logsumexp(z) − z[t], 0 where t < 0 — tfjs's composite ops and autodiff. */
function crossEntropyPlain(z: tf.Tensor2D, t: tf.Tensor1D): tf.Tensor1D {
  const valid = tf.cast(tf.greaterEqual(t, 0), "float32");
  const picked = tf.sum(tf.mul(z, tf.oneHot(tf.maximum(t, tf.scalar(0, "int32")) as tf.Tensor1D, z.shape[1])), 1);
  return tf.mul(tf.sub(tf.logSumExp(z, 1), picked), valid) as tf.Tensor1D;
}

test("fast cross-entropy equals the composite formula, values and gradients, ignored targets included", () => {
  const N = 9, V = 37;
  const zv = values(N * V, 8).map((x) => 6 * x);
  const tv = Int32Array.from({ length: N }, (_, i) => (i * 5) % V);
  tv[2] = -1;
  tv[7] = -1;
  const dyv = values(N, 9);
  for (const backend of ["cpu", "wasm"] as const) {
    const run = (f: typeof crossEntropyPlain) => () => {
      const z = tf.tensor2d(zv, [N, V]);
      const t = tf.tensor1d(tv, "int32");
      const dy = tf.tensor1d(dyv);
      const [g] = tf.grads((x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D, t), dy)))([z]);
      return [f(z, t), g];
    };
    const want = on(backend, run(crossEntropyPlain));
    const got = on(backend, run(crossEntropyPerTokenFast));
    assertClose(got[0], want[0], 1e-5, `${backend} loss`);
    assertClose(got[1], want[1], 1e-5, `${backend} gradient`);
    assert.equal(got[0][2], 0, "ignored target has loss 0");
    for (let j = 0; j < V; j++) assert.ok(got[1][2 * V + j] === 0, "ignored target has no gradient");
  }
});
