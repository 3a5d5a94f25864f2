import { test } from "node:test";
import assert from "node:assert/strict";
import { deviceBatchThatFits, memoryEstimate, paramsForDepth } from "../../lib/sizing";

const GIB = 1024 ** 3;

test("terms: weights fp32 + bf16 wte, grads alike, AdamW and Muon sharded, total = sum", () => {
  const e = memoryEstimate({ depth: 20, deviceBatchSize: 32, gpus: 8 });
  const p = paramsForDepth(20);
  const t = Object.fromEntries(e.terms.map((x) => [x.name, x.bytes]));
  assert.equal(t.weights, 4 * (p.total - p.wte) + 2 * p.wte);
  assert.equal(t.weights, 2_076_180_480);
  assert.equal(t.gradients, t.weights);
  assert.equal(t.adamw, (4 * p.wte + 8 * p.lm_head) / 8);
  assert.equal(t.muon, (4 * p.transformer) / 8);
  // activations: (12·d bf16 + 4·n_head) per layer per token + (3d + 8d) bf16 once, B·T = 65,536 tokens
  const d = 1280;
  assert.equal(t.activations, 65_536 * (20 * (24 * d + 4 * 10) + 22 * d));
  assert.equal(t.logits, 65_536 * 65_536 * 6);
  const sub = t.weights + t.gradients + t.adamw + t.muon + t.activations + t.logits;
  assert.equal(t.overhead, GIB + 0.05 * sub);
  assert.equal(e.total_bytes, sub + t.overhead);
  assert.equal(e.total_gib.toFixed(2), "71.81");
});

test("device_batch_size that fits 80 GB matches nanochat / guide §1.4: d20 → 32, d26 → 16, d32 → 8", () => {
  assert.equal(deviceBatchThatFits(80, { depth: 20, gpus: 8 }).device_batch_size, 32);
  assert.equal(deviceBatchThatFits(80, { depth: 26, gpus: 8 }).device_batch_size, 16);
  assert.equal(deviceBatchThatFits(80, { depth: 32, gpus: 8 }).device_batch_size, 8);
  assert.equal(deviceBatchThatFits(80, { depth: 12, gpus: 8 }).device_batch_size, 32);
});

test("24 GB card: d10 fits 16 (guide §1.3 example 2), the guide's §4.3 d8 setting fits with room", () => {
  assert.equal(deviceBatchThatFits(24, { depth: 10 }).device_batch_size, 16);
  // guide §4.3: d8, vocab 30,000, device_batch_size 8, seq 1024 on an RTX 4090
  const g = memoryEstimate({ depth: 8, vocabSize: 30_000, seqLen: 1024, deviceBatchSize: 8 });
  assert.ok(g.total_gib < 24);
  assert.equal(g.total_gib.toFixed(2), "3.98");
  // ... and even 32 at seq 1024 fits: the guide's halving of batch and sequence is not needed for memory
  assert.equal(deviceBatchThatFits(24, { depth: 8, vocabSize: 30_000, seqLen: 1024 }).device_batch_size, 32);
  const fit = deviceBatchThatFits(24, { depth: 32 });
  assert.equal(fit.device_batch_size, null);
  assert.deepEqual(fit.estimates.map((x) => x.device_batch_size), [32, 16, 8, 4, 2, 1]);
});

test("memory grows with batch; bad input is an error", () => {
  const a = memoryEstimate({ depth: 16, deviceBatchSize: 8 }).total_bytes;
  const b = memoryEstimate({ depth: 16, deviceBatchSize: 16 }).total_bytes;
  assert.ok(b > a);
  assert.throws(() => memoryEstimate({ depth: 16, deviceBatchSize: 0 }), /device_batch_size must be a positive integer/);
  assert.throws(() => memoryEstimate({ depth: 15, deviceBatchSize: 8 }), /depth must be even/);
  assert.throws(() => deviceBatchThatFits(0, { depth: 16 }), /GPU memory must be > 0/);
});
