// The ORT inference engine against the tfjs GPT (the reference twin): prefill logits on random configs
// (MHA, GQA, MQA, odd T), KV-cache decoding against full recompute, greedy tokens, and scoring after a
// shared prefix. One engine pair per config, shared by the tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type GPTConfig, type NamedArrays, paramSpecs } from "../../../lib/model";
import { GPT, generate } from "../../../lib/engines/tfjs";
import { Rng } from "../../../lib/model/rng";
import { generateTokens } from "../../../lib/engines/generate";
import { type InferenceEngine, prefill } from "../../../lib/engines/inference";
import { OrtInferenceEngine } from "../../../lib/engines/ort/inference";
import { TfjsInferenceEngine } from "../../../lib/engines/tfjs/inference";

await tf.setBackend("cpu");

/** |a − b| ≤ 1e-4 · max(|b|, 1) everywhere (logits are soft-capped to ±15). */
function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++)
    assert.ok(Math.abs(a[i] - b[i]) <= 1e-4 * Math.max(Math.abs(b[i]), 1), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

/** Random weights (nanochat's init zeroes c_proj and lm_head, which would hide errors). */
function randomWeights(c: GPTConfig, seed: number): NamedArrays {
  const rng = new Rng(seed);
  return new Map(paramSpecs(c).map((s) => [s.name, { shape: [...s.shape], data: rng.normals(s.shape[0] * s.shape[1], 0.3) }]));
}

function randomIds(rng: Rng, n: number, V: number): Int32Array {
  return Int32Array.from({ length: n }, () => Math.floor(rng.next() * V));
}

const CONFIGS: [string, GPTConfig][] = [
  ["MHA", { sequence_len: 8, vocab_size: 23, n_layer: 2, n_head: 2, n_kv_head: 2, n_embd: 16 }],
  ["GQA 4/2", { sequence_len: 8, vocab_size: 19, n_layer: 2, n_head: 4, n_kv_head: 2, n_embd: 32 }],
  ["MQA 4/1", { sequence_len: 8, vocab_size: 17, n_layer: 3, n_head: 4, n_kv_head: 1, n_embd: 16 }],
];

for (const [label, c] of CONFIGS) {
  const w = randomWeights(c, 11);
  const model = new GPT(c, { weights: w });
  const ref: InferenceEngine = new TfjsInferenceEngine(model);
  const ort: InferenceEngine = new OrtInferenceEngine(c, w, { threads: 1 });
  const V = c.vocab_size;

  test(`${label}: ORT prefill logits equal the tfjs GPT's (B 2, odd T 7, all and last)`, async () => {
    const ids = randomIds(new Rng(3), 2 * 7, V);
    const a = await prefill(ort, ids, 7, "all");
    const idx = tf.tensor2d(ids, [2, 7], "int32");
    const want = model.forward(idx);
    assertClose(a.logits, (await want.data()) as Float32Array, "all logits");
    const last = await prefill(ort, ids, 7, "last");
    assertClose(last.logits, [...a.logits.subarray(6 * V, 7 * V), ...a.logits.subarray(13 * V, 14 * V)], "last logits");
    assert.equal(a.cache.pos, 7);
    idx.dispose();
    want.dispose();
    a.cache.dispose();
    last.cache.dispose();
  });

  test(`${label}: KV-cache decoding equals full recompute, past the sequence length`, async () => {
    const T = 13; // > sequence_len: the rotary table holds 10 × sequence_len positions
    const ids = randomIds(new Rng(5), 2 * T, V);
    const full = await prefill(ort, ids, T, "all");
    const row = (b: number, t: number) => full.logits.subarray((b * T + t) * V, (b * T + t + 1) * V);
    // the first 4 positions at once, then 3, then one at a time
    const head = Int32Array.from([...ids.subarray(0, 4), ...ids.subarray(T, T + 4)]);
    const { cache, logits } = await prefill(ort, head, 4, "last");
    assertClose(logits, [...row(0, 3), ...row(1, 3)], "prefill of 4");
    const mid = Int32Array.from([...ids.subarray(4, 7), ...ids.subarray(T + 4, T + 7)]);
    assertClose(await ort.forward(cache, mid, "all"), [...row(0, 4), ...row(0, 5), ...row(0, 6), ...row(1, 4), ...row(1, 5), ...row(1, 6)], "chunk of 3");
    for (let t = 7; t < T; t++) {
      const step = await ort.step(cache, Int32Array.of(ids[t], ids[T + t]));
      assertClose(step, [...row(0, t), ...row(1, t)], `step ${t}`);
    }
    assert.equal(cache.pos, T);
    cache.dispose();
    full.cache.dispose();
    // and the tfjs engine's cached decoding agrees with ORT's
    const r = await prefill(ref, head, 4, "last");
    assertClose(await ref.step(r.cache, Int32Array.of(ids[4], ids[T + 4])), [...row(0, 4), ...row(1, 4)], "tfjs step");
    r.cache.dispose();
  });

  test(`${label}: greedy and sampled tokens equal the tfjs generate's`, async () => {
    const prompt = Array.from(randomIds(new Rng(9), 5, V));
    for (const opts of [{ maxTokens: 12, temperature: 0 }, { maxTokens: 12, temperature: 1, topK: 5, seed: 3 }]) {
      const want = [...generate(model, prompt, opts)];
      const got: number[] = [];
      for await (const t of generateTokens(ort, prompt, opts)) got.push(t);
      assert.deepEqual(got, want, JSON.stringify(opts));
      const viaRef: number[] = [];
      for await (const t of generateTokens(ref, prompt, opts)) viaRef.push(t);
      assert.deepEqual(viaRef, want, `tfjs engine ${JSON.stringify(opts)}`);
    }
  });

  test(`${label}: log-probs after a shared batch-1 prefix equal full recompute and the tfjs engine's`, async () => {
    const rng = new Rng(21);
    const prefixIds = randomIds(rng, 6, V);
    const B = 3;
    const T = 5;
    const rows = randomIds(rng, B * T, V);
    const reads = [
      { row: 0, pos: 4, target: 1 },
      { row: 0, pos: 4, target: 2 },
      { row: 1, pos: 0, target: 3 },
      { row: 2, pos: 2, target: V - 1 },
    ];
    const pre = await prefill(ort, prefixIds, 6, "last");
    const got = await ort.logProbs(pre.cache, rows, T, reads);
    assert.equal(pre.cache.pos, 6, "the prefix cache is left as it was");
    const again = await ort.logProbs(pre.cache, rows, T, reads);
    assert.deepEqual(Array.from(again), Array.from(got));
    for (const [k, r] of reads.entries()) {
      const seq = Int32Array.from([...prefixIds, ...rows.subarray(r.row * T, r.row * T + T)]);
      const full = await prefill(ref, seq, seq.length, "all");
      const lg = full.logits.subarray((6 + r.pos) * V, (7 + r.pos) * V);
      const max = Math.max(...lg);
      const want = lg[r.target] - max - Math.log(lg.reduce((s, x) => s + Math.exp(x - max), 0));
      assert.ok(Math.abs(got[k] - want) <= 1e-4 * Math.max(1, Math.abs(want)), `read ${k}: ${got[k]} vs ${want}`);
      full.cache.dispose();
    }
    const refPre = await prefill(ref, prefixIds, 6, "last");
    assertClose(await ref.logProbs(refPre.cache, rows, T, reads), got, "tfjs engine log-probs");
    assertClose(await ort.logProbs(null, Int32Array.from([...prefixIds, ...rows.subarray(0, T)]), 6 + T, [{ row: 0, pos: 10, target: 1 }]), [got[0]], "no prefix");
    refPre.cache.dispose();
    pre.cache.dispose();
  });
}

test("errors name the engine, the token and the limit", async () => {
  const [, c] = CONFIGS[0];
  const ort = new OrtInferenceEngine(c, randomWeights(c, 1), { threads: 1 });
  await assert.rejects(prefill(ort, Int32Array.of(1, 99), 2), /ORT engine: token 99 at index 1 is outside the vocab \[0, 23\)/);
  const { cache } = await prefill(ort, new Int32Array(78), 78);
  await assert.rejects(ort.step(cache, Int32Array.of(1, 2)), /one token per row \(1\), got 2/);
  await ort.step(cache, Int32Array.of(1));
  await ort.step(cache, Int32Array.of(1));
  await assert.rejects(ort.step(cache, Int32Array.of(1)), /position 81 is beyond the rotary table \(80 positions/);
  const w = randomWeights(c, 1);
  w.delete("lm_head.weight");
  assert.throws(() => new OrtInferenceEngine(c, w, { source: "m.safetensors" }), /m\.safetensors: missing tensor 'lm_head\.weight'/);
});
