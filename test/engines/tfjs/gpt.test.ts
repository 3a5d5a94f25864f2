import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type GPTConfig, configForDepth, initWeights, validateConfig } from "../../../lib/model";
import { GPT } from "../../../lib/engines/tfjs";
import { paramCount } from "../../../lib/sizing/params";
import { modelShape } from "../../../lib/sizing/model";
import { Rng } from "../../../lib/model/rng";
import { referenceLogits, referenceLossPerToken } from "../../model/reference";

await tf.setBackend("cpu");

/** Random weights (not nanochat's init, whose zero c_proj / lm_head would hide errors). */
function randomModel(c: GPTConfig, seed: number): GPT {
  const m = new GPT(c, { seed });
  const rng = new Rng(seed + 1);
  const w = m.getWeights();
  for (const a of w.values()) a.data = rng.normals(a.data.length, 0.3);
  m.setWeights(w);
  return m;
}

function randomIds(rng: Rng, B: number, T: number, V: number, ignore = false): number[][] {
  return Array.from({ length: B }, () => Array.from({ length: T }, () => (ignore && rng.next() < 0.2 ? -1 : Math.floor(rng.next() * V))));
}

for (const [label, c] of [
  ["MHA 2 heads", { sequence_len: 8, vocab_size: 23, n_layer: 2, n_head: 2, n_kv_head: 2, n_embd: 16 }],
  ["GQA 4 heads / 2 kv", { sequence_len: 8, vocab_size: 19, n_layer: 2, n_head: 4, n_kv_head: 2, n_embd: 16 }],
  ["MQA 2 heads / 1 kv", { sequence_len: 8, vocab_size: 17, n_layer: 1, n_head: 2, n_kv_head: 1, n_embd: 8 }],
] as [string, GPTConfig][]) {
  test(`forward and loss equal the plain Float64 reference (${label})`, () => {
    const m = randomModel(c, 7);
    const rng = new Rng(3);
    const B = 2;
    const T = 7;
    const ids = randomIds(rng, B, T, c.vocab_size);
    const tg = randomIds(rng, B, T, c.vocab_size, true);
    tg[0][0] = 5; // at least one counted target
    const idx = tf.tensor2d(ids, [B, T], "int32");
    const targets = tf.tensor2d(tg, [B, T], "int32");
    const ours = m.forward(idx).arraySync();
    const ref = referenceLogits(c, m.getWeights(), ids);
    let err = 0;
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let v = 0; v < c.vocab_size; v++) err = Math.max(err, Math.abs(ours[b][t][v] - ref[b][t][v]));
    assert.ok(err < 1e-4, `logits max abs err ${err}`);
    // the logits are not trivially equal: they vary across positions
    assert.notEqual(ours[0][0][0], ours[0][1][0]);
    const refPer = referenceLossPerToken(ref, tg);
    const per = (m.loss(idx, targets, "none") as tf.Tensor2D).arraySync();
    let perErr = 0;
    let sum = 0;
    let n = 0;
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++) {
        perErr = Math.max(perErr, Math.abs(per[b][t] - refPer[b][t]));
        if (tg[b][t] < 0) assert.equal(per[b][t], 0, "ignored target gives 0");
        else (sum += refPer[b][t]), n++;
      }
    assert.ok(perErr < 1e-4, `per-token loss err ${perErr}`);
    const mean = m.loss(idx, targets).dataSync()[0];
    assert.ok(Math.abs(mean - sum / n) < 1e-4, `mean ${mean} vs ${sum / n}`);
    m.dispose();
  });
}

test("gradients match finite differences of the loss (GQA model, a few entries)", () => {
  const c: GPTConfig = { sequence_len: 8, vocab_size: 13, n_layer: 1, n_head: 2, n_kv_head: 1, n_embd: 8 };
  const m = randomModel(c, 11);
  const rng = new Rng(5);
  const ids = randomIds(rng, 1, 6, c.vocab_size);
  const tg = randomIds(rng, 1, 6, c.vocab_size);
  const idx = tf.tensor2d(ids, [1, 6], "int32");
  const targets = tf.tensor2d(tg, [1, 6], "int32");
  const { grads } = m.lossAndGrads(idx, targets);
  const w = m.getWeights();
  const lossAt = (name: string, i: number, delta: number): number => {
    const ref = referenceLogits(c, new Map([...w].map(([k, a]) => [k, { data: k === name ? Float64Array.from(a.data, (x, j) => (j === i ? x + delta : x)) : a.data }])), ids);
    const per = referenceLossPerToken(ref, tg)[0];
    return per.reduce((a, b) => a + b, 0) / per.length;
  };
  for (const name of ["transformer.wte.weight", "transformer.h.0.attn.c_q.weight", "transformer.h.0.attn.c_k.weight", "transformer.h.0.mlp.c_fc.weight", "lm_head.weight"]) {
    const g = grads.get(name)!.dataSync();
    const i = name === "transformer.wte.weight" ? ids[0][2] * c.n_embd + 3 : 5;
    const h = 1e-4;
    const fd = (lossAt(name, i, h) - lossAt(name, i, -h)) / (2 * h);
    assert.ok(Math.abs(fd - g[i]) < 1e-3 * Math.max(1, Math.abs(fd)), `${name}[${i}]: tfjs ${g[i]} vs finite difference ${fd}`);
  }
  m.dispose();
});

test("numParams equals lib/sizing's count for several depths and vocabs", () => {
  for (const [depth, vocab] of [[2, 320], [4, 8192], [6, 1000]]) {
    const c = configForDepth(depth, vocab, 64);
    const m = new GPT(c, { seed: 1 });
    assert.equal(m.numParams(), paramCount(modelShape(depth, vocab, 64)).total, `d${depth} V${vocab}`);
    assert.equal(m.paramTable().reduce((a, r) => a + r.count, 0), m.numParams());
    m.dispose();
  }
  // GQA shapes: lib/sizing counts c_k and c_v as d × n_kv_head·head_dim
  const c: GPTConfig = { sequence_len: 8, vocab_size: 50, n_layer: 3, n_head: 4, n_kv_head: 1, n_embd: 32 };
  const m = new GPT(c);
  const shape = { depth: 3, n_layer: 3, n_embd: 32, n_head: 4, n_kv_head: 1, head_dim: 8, vocab_size: 50, max_seq_len: 8 };
  assert.equal(m.numParams(), paramCount(shape).total);
  m.dispose();
});

test("nanochat init: seeded, normal with the right std, zeros for c_proj and lm_head", () => {
  const c = configForDepth(4, 512, 32);
  const a = initWeights(c, 5);
  const b = initWeights(c, 5);
  const other = initWeights(c, 6);
  assert.deepEqual(a.get("transformer.h.0.attn.c_q.weight"), b.get("transformer.h.0.attn.c_q.weight"));
  assert.notDeepEqual(a.get("transformer.h.0.attn.c_q.weight"), other.get("transformer.h.0.attn.c_q.weight"));
  const std = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
  const d = c.n_embd;
  assert.ok(Math.abs(std(a.get("transformer.wte.weight")!) - 1) < 0.02);
  assert.ok(Math.abs(std(a.get("transformer.h.1.attn.c_q.weight")!) - 1 / Math.sqrt(d)) < 0.01 / Math.sqrt(d) * 5);
  // c_fc [4d, d]: fan_out/fan_in = 4 → min(1, 2) = 1 → std 1/√d
  assert.ok(Math.abs(std(a.get("transformer.h.1.mlp.c_fc.weight")!) - 1 / Math.sqrt(d)) < 0.05 / Math.sqrt(d));
  for (const n of ["transformer.h.0.attn.c_proj.weight", "transformer.h.3.mlp.c_proj.weight", "lm_head.weight"]) assert.ok(a.get(n)!.every((v) => v === 0), n);
});

test("validateConfig names the field", () => {
  assert.throws(() => validateConfig({ sequence_len: 8, vocab_size: 10, n_layer: 1, n_head: 3, n_kv_head: 1, n_embd: 16 }, "x.json"), /x\.json: n_embd 16 is not divisible by n_head 3/);
  assert.throws(() => validateConfig({ sequence_len: 8, vocab_size: 10, n_layer: 1, n_head: 4, n_kv_head: 3, n_embd: 16 }, "x.json"), /n_head 4 must be a multiple of n_kv_head 3/);
  assert.throws(() => validateConfig({ sequence_len: 8, vocab_size: 10, n_layer: 1, n_head: 2, n_embd: 16 }, "cfg"), /cfg: n_kv_head must be a positive integer/);
});

test("forward leaves no tensors behind", () => {
  const c: GPTConfig = { sequence_len: 8, vocab_size: 11, n_layer: 2, n_head: 2, n_kv_head: 1, n_embd: 8 };
  const m = randomModel(c, 2);
  const idx = tf.tensor2d([[1, 2, 3]], [1, 3], "int32");
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    m.forward(idx).dispose();
    m.loss(idx, idx).dispose();
    const { loss, grads } = m.lossAndGrads(idx, idx);
    loss.dispose();
    for (const g of grads.values()) g.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
  m.dispose();
});

test("getWeights returns copies: editing them does not change the model", () => {
  const c: GPTConfig = { sequence_len: 8, vocab_size: 11, n_layer: 1, n_head: 1, n_kv_head: 1, n_embd: 8 };
  const m = new GPT(c, { seed: 9 });
  const w = m.getWeights();
  const first = w.get("transformer.wte.weight")!.data[0];
  w.get("transformer.wte.weight")!.data[0] = first + 1;
  assert.equal(m.getWeights().get("transformer.wte.weight")!.data[0], first);
  m.dispose();
});
