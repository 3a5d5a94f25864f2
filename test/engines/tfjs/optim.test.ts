import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type GPTConfig, Rng } from "../../../lib/model";
import { GPT } from "../../../lib/engines/tfjs";
import { AdamW } from "../../../lib/engines/tfjs/adamw";
import { Muon, newtonSchulz5 } from "../../../lib/engines/tfjs/muon";
import { setupOptimizers } from "../../../lib/engines/tfjs/optimizers";

await tf.setBackend("cpu");

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

// ---- plain twins (Float64 loops) ----
function matmul(a: Float64Array, b: Float64Array, n: number, k: number, m: number, transB = false): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += a[i * k + l] * (transB ? b[j * k + l] : b[l * m + j]);
      out[i * m + j] = s;
    }
  return out;
}
function transpose(a: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j];
  return out;
}
function nsPlain(g: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const tall = rows > cols;
  let X = tall ? transpose(Float64Array.from(g), rows, cols) : Float64Array.from(g);
  const [r, c] = tall ? [cols, rows] : [rows, cols];
  const nrm = Math.sqrt(X.reduce((s, v) => s + v * v, 0)) + 1e-7;
  X = X.map((v) => v / nrm);
  for (let s = 0; s < 5; s++) {
    const A = matmul(X, X, r, c, r, true);
    const AA = matmul(A, A, r, r, r);
    const B = A.map((v, i) => -4.775 * v + 2.0315 * AA[i]);
    const BX = matmul(B, X, r, r, c);
    X = X.map((v, i) => 3.4445 * v + BX[i]);
  }
  return tall ? transpose(X, r, c) : X;
}

test("Newton–Schulz equals the plain twin, wide and tall, and pushes singular values towards 1", () => {
  const rng = new Rng(1);
  for (const [r, c] of [[6, 10], [12, 5], [8, 8]]) {
    const g = rng.normals(r * c, 1);
    const ours = newtonSchulz5(tf.tensor2d(g, [r, c])).dataSync();
    const ref = nsPlain(g, r, c);
    assert.ok(maxDiff(ours, ref) < 1e-4, `[${r},${c}] err ${maxDiff(ours, ref)}`);
    // X Xᵀ (the smaller side) has its diagonal near 1: the update is nearly semi-orthogonal
    const small = Math.min(r, c);
    const X = r > c ? transpose(Float64Array.from(ours), r, c) : Float64Array.from(ours);
    const G = matmul(X, X, small, Math.max(r, c), small, true);
    for (let i = 0; i < small; i++) assert.ok(G[i * small + i] > 0.4 && G[i * small + i] < 1.5, `diag ${G[i * small + i]}`);
  }
});

test("AdamW equals torch's formula written out (3 steps, changing lr multiplier, weight decay)", () => {
  const rng = new Rng(2);
  const p0 = rng.normals(12, 1);
  const grads = [rng.normals(12, 0.1), rng.normals(12, 1), rng.normals(12, 0.01)];
  const lr = 0.3;
  const wd = 0.1;
  const [b1, b2, eps] = [0.8, 0.95, 1e-10];
  const params = new Map([["w", tf.variable(tf.tensor2d(p0, [3, 4]))]]);
  const opt = new AdamW([{ names: ["w"], lr }], { betas: [b1, b2], eps, weightDecay: wd });
  const p = Float64Array.from(p0);
  const m = new Float64Array(12);
  const v = new Float64Array(12);
  grads.forEach((g, k) => {
    const lrm = [1, 0.5, 0.25][k];
    opt.step(params, new Map([["w", tf.tensor2d(g, [3, 4])]]), lrm);
    const t = k + 1;
    const a = lr * lrm;
    for (let i = 0; i < 12; i++) {
      p[i] *= 1 - a * wd;
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      p[i] -= (a / (1 - b1 ** t)) * (m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - b2 ** t) + eps));
    }
    assert.ok(maxDiff(params.get("w")!.dataSync(), p) < 1e-5, `step ${t}`);
  });
});

test("Muon equals the plain twin: lerp momentum, Nesterov, NS, aspect-ratio scale", () => {
  const rng = new Rng(3);
  const [rows, cols] = [12, 4]; // tall: scale √3
  const p0 = rng.normals(rows * cols, 0.5);
  const params = new Map([["w", tf.variable(tf.tensor2d(p0, [rows, cols]))]]);
  const muon = new Muon(["w"], { lr: 0.02, nesterov: true, nsSteps: 5 });
  const p = Float64Array.from(p0);
  const buf = new Float64Array(rows * cols);
  for (const [k, mom] of [0.85, 0.9, 0.95].entries()) {
    const g = rng.normals(rows * cols, 1);
    muon.step(params, new Map([["w", tf.tensor2d(g, [rows, cols])]]), 1 - 0.3 * k, mom);
    for (let i = 0; i < buf.length; i++) buf[i] += (g[i] - buf[i]) * (1 - mom);
    const u = Float64Array.from(g, (x, i) => x + (buf[i] - x) * mom);
    const X = nsPlain(u, rows, cols);
    const lr = 0.02 * (1 - 0.3 * k) * Math.sqrt(rows / cols);
    for (let i = 0; i < p.length; i++) p[i] -= lr * X[i];
    assert.ok(maxDiff(params.get("w")!.dataSync(), p) < 1e-5, `step ${k + 1}: ${maxDiff(params.get("w")!.dataSync(), p)}`);
  }
});

const cfg: GPTConfig = { sequence_len: 8, vocab_size: 30, n_layer: 2, n_head: 2, n_kv_head: 1, n_embd: 16 };

test("setupOptimizers: nanochat groups and LR scale; state round trip continues exactly", () => {
  const m = new GPT(cfg, { seed: 4 });
  const opt = setupOptimizers(m, { embedding_lr: 0.2, unembedding_lr: 0.004, matrix_lr: 0.02 });
  assert.equal(opt.dmodelLrScale, Math.pow(16 / 768, -0.5));
  assert.deepEqual(opt.adamw.groups.map((g) => [g.names, g.lr]), [[["lm_head.weight"], 0.004 * opt.dmodelLrScale], [["transformer.wte.weight"], 0.2 * opt.dmodelLrScale]]);
  assert.equal(opt.muon.names.length, 12);
  const rng = new Rng(5);
  const batch = () => {
    const ids = Array.from({ length: 2 }, () => Array.from({ length: 6 }, () => Math.floor(rng.next() * 30)));
    return tf.tensor2d(ids, [2, 6], "int32");
  };
  const batches = [batch(), batch(), batch(), batch()];
  const stepOn = (model: GPT, o: typeof opt, k: number) => {
    const { loss, grads } = model.lossAndGrads(batches[k], batches[(k + 1) % 4]);
    o.step(grads, 1, 0.9);
    loss.dispose();
    for (const g of grads.values()) g.dispose();
  };
  stepOn(m, opt, 0);
  stepOn(m, opt, 1);
  const state = opt.state();
  assert.ok(state.has("adamw.m.lm_head.weight") && state.has("muon.momentum_buffer.transformer.h.1.mlp.c_fc.weight"));
  const m2 = new GPT(cfg, { weights: m.getWeights() });
  const opt2 = setupOptimizers(m2, { embedding_lr: 0.2, unembedding_lr: 0.004, matrix_lr: 0.02 });
  opt2.loadState(state);
  const before = m.getWeights();
  stepOn(m, opt, 2);
  stepOn(m2, opt2, 2);
  assert.deepEqual(m2.getWeights(), m.getWeights());
  assert.notDeepEqual(m.getWeights(), before, "the step moved the weights");
  // an optimizer without the state does not continue the same way (the test can fail)
  const m3 = new GPT(cfg, { weights: before });
  const opt3 = setupOptimizers(m3, { embedding_lr: 0.2, unembedding_lr: 0.004, matrix_lr: 0.02 });
  stepOn(m3, opt3, 2);
  assert.notDeepEqual(m3.getWeights(), m.getWeights());
  // bad state is named
  assert.throws(() => opt2.loadState(new Map([["sgd.x", { shape: [1], data: new Float32Array(1) }]])), /unknown optimizer state entry 'sgd\.x'/);
  const short = new Map(state);
  short.set("muon.momentum_buffer.transformer.h.0.attn.c_q.weight", { shape: [3], data: new Float32Array(3) });
  assert.throws(() => opt2.loadState(short, "ckpt/optim.safetensors"), /ckpt\/optim\.safetensors: muon\.momentum_buffer\.transformer\.h\.0\.attn\.c_q\.weight has 3 values, the parameter has 256/);
  const partial = new Map(state);
  partial.delete("adamw.v.lm_head.weight");
  assert.throws(() => opt2.loadState(partial), /AdamW state for 'lm_head\.weight' is incomplete/);
  for (const x of [m, m2, m3]) x.dispose();
  for (const o of [opt, opt2, opt3]) o.dispose();
});

test("optimizer steps leave no tensors behind", () => {
  const m = new GPT(cfg, { seed: 6 });
  const opt = setupOptimizers(m);
  const idx = tf.tensor2d([[1, 2, 3, 4]], [1, 4], "int32");
  const one = () => {
    const { loss, grads } = m.lossAndGrads(idx, idx);
    opt.step(grads, 1, 0.95);
    loss.dispose();
    for (const g of grads.values()) g.dispose();
  };
  one(); // creates the optimizer state
  const n = tf.memory().numTensors;
  one();
  one();
  assert.equal(tf.memory().numTensors, n);
  opt.dispose();
  m.dispose();
});
