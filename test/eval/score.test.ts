import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { buildPrompt, encodePrompt, firstShots, loadSplit, loadSubjects } from "../../lib/eval";
import { practiceTokenizer } from "../helpers/practiceTokenizer";
import { bundledDataDir } from "../../lib/util/paths";
import { type GPTConfig, Rng } from "../../lib/model";
import { GPT, KVCache, TfjsInferenceEngine, expandCache, initBackend } from "../../lib/engines/tfjs";
import type { EncodedPrompt } from "../../lib/eval/encode";
import { FullPromptScorer, PrefixCachedScorer, pickLetter } from "../../lib/eval/score";

// The wasm backend (with our kernels): the scorers are compared with each other, not with a backend, and
// the reference scorer on the plain-JS cpu backend made this the slowest file of the suite.
await initBackend("wasm", { quiet: true });

function randomModel(c: GPTConfig, seed: number, std = 0.5): GPT {
  const m = new GPT(c, { seed });
  const rng = new Rng(seed + 1);
  const w = m.getWeights();
  for (const a of w.values()) a.data = rng.normals(a.data.length, std);
  m.setWeights(w);
  return m;
}

const gqa: GPTConfig = { sequence_len: 64, vocab_size: 50, n_layer: 2, n_head: 4, n_kv_head: 2, n_embd: 16 };

function toks(rng: Rng, n: number, V: number): number[] {
  return Array.from({ length: n }, () => Math.floor(rng.next() * V));
}

function item(prefix: number[], question: number[], choices: number[][]): EncodedPrompt {
  return { prefix, question, choices, shotsUsed: 0, overContext: false };
}

/** Three prefix groups (one only BOS), questions of mixed lengths (one empty), single- and multi-token continuations. */
function mixedItems(V: number): EncodedPrompt[] {
  const rng = new Rng(5);
  const bos = V - 1;
  const pA = [bos, ...toks(rng, 12, V - 1)];
  const pB = [bos, ...toks(rng, 7, V - 1)];
  const letters = [[3], [4], [5], [6]]; // "A"…"D" as single tokens
  const spaced = [[9, 3], [9, 4], [9, 5], [9, 6]]; // " A"…" D" split as " " + "A" (lm-eval style, 2 tokens)
  const out: EncodedPrompt[] = [];
  for (let i = 0; i < 5; i++) out.push(item(pA, toks(rng, 2 + 3 * i, V - 1), letters));
  out.push(item(pB, toks(rng, 4, V - 1), spaced));
  out.push(item(pA, toks(rng, 9, V - 1), spaced));
  out.push(item(pB, toks(rng, 1, V - 1), [[7, 8, 2], [11], [12, 13], [7, 8, 1]])); // mixed lengths, shared first tokens
  out.push(item([bos], toks(rng, 6, V - 1), letters));
  out.push(item([bos], [], spaced));
  out.push(item(pB, [], letters));
  out.push(item(pA, toks(rng, 20, V - 1), [[1], [2], [3, 4, 5, 6], [7]]));
  return out;
}

test("pickLetter: argmax, ties go to the earliest letter", () => {
  assert.equal(pickLetter([-3, -1, -2, -4]), "B");
  assert.equal(pickLetter([-1, -1, -1, -1]), "A");
  assert.equal(pickLetter([-5, -2, -5, -2]), "B");
  assert.equal(pickLetter([-5, -6, -1, -1]), "C");
  assert.equal(pickLetter([-9, -8, -7, -6]), "D");
  assert.equal(pickLetter([0, 0, 0, 0]), "A");
  assert.throws(() => pickLetter([0, NaN, 0, 0]), /score of B is NaN/);
  assert.throws(() => pickLetter([]), /expected 1–4 scores/);
});

test("a question traced by hand: the four log-softmax values at the answer position", async () => {
  const m = randomModel(gqa, 21);
  const V = gqa.vocab_size;
  const prefix = [49, 10, 11, 12];
  const question = [20, 21, 22];
  const letters = [[3], [4], [5], [6]];
  // by hand: logits of the last position of prefix ++ question, log-softmax in float64
  const ids = [...prefix, ...question];
  const logits = m.forward(tf.tensor2d(ids, [1, ids.length], "int32"));
  const all = logits.dataSync();
  logits.dispose();
  const last = Array.from(all.slice((ids.length - 1) * V, ids.length * V));
  const max = Math.max(...last);
  const lse = max + Math.log(last.reduce((s, x) => s + Math.exp(x - max), 0));
  const expected = letters.map(([t]) => last[t] - lse);
  const expectedLetter = "ABCD"[expected.indexOf(Math.max(...expected))];
  assert.ok(new Set(expected.map((x) => x.toFixed(4))).size === 4, "the four scores differ (the test can tell letters apart)");
  const it = item(prefix, question, letters);
  for (const scorer of [new FullPromptScorer(new TfjsInferenceEngine(m)), new PrefixCachedScorer(new TfjsInferenceEngine(m))]) {
    const [ll] = await scorer.score([it]);
    ll.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-4, `${scorer.name} ${"ABCD"[i]}: ${x} vs ${expected[i]}`));
    assert.equal(pickLetter(ll), expectedLetter);
  }
  // a two-token continuation is the sum of two log-probabilities, the second given the first
  const ids2 = [...prefix, ...question, 9];
  const l2 = m.forward(tf.tensor2d(ids2, [1, ids2.length], "int32"));
  const a2 = l2.dataSync();
  l2.dispose();
  const row = (p: number) => Array.from(a2.slice(p * V, (p + 1) * V));
  const logSoftmaxAt = (r: number[], t: number) => {
    const mx = Math.max(...r);
    return r[t] - (mx + Math.log(r.reduce((s, x) => s + Math.exp(x - mx), 0)));
  };
  const twoTok = logSoftmaxAt(row(ids.length - 1), 9) + logSoftmaxAt(row(ids.length), 4);
  for (const scorer of [new FullPromptScorer(new TfjsInferenceEngine(m)), new PrefixCachedScorer(new TfjsInferenceEngine(m))]) {
    const [ll] = await scorer.score([item(prefix, question, [[3], [9, 4], [5], [6]])]);
    assert.ok(Math.abs(ll[1] - twoTok) < 1e-4, `${scorer.name} " B": ${ll[1]} vs ${twoTok}`);
  }
  m.dispose();
});

test("PrefixCachedScorer equals FullPromptScorer: groups, mixed lengths, multi-token continuations, any batch size", async () => {
  const m = randomModel(gqa, 8);
  const items = mixedItems(gqa.vocab_size);
  let fullDone = 0;
  const full = await new FullPromptScorer(new TfjsInferenceEngine(m)).score(items, (n) => (fullDone += n));
  assert.equal(fullDone, items.length);
  // the scores are not degenerate: within items, choices differ
  assert.ok(full.every((ll) => new Set(ll.map((x) => x.toFixed(3))).size > 1));
  const before = tf.memory().numTensors;
  for (const opts of [{}, { batchSize: 1 }, { batchSize: 3 }, { batchSize: 64 }, { maxBatchFloats: 1 }, { padId: 17 }]) {
    let done = 0;
    const fast = await new PrefixCachedScorer(new TfjsInferenceEngine(m), opts).score(items, (n) => (done += n));
    assert.equal(done, items.length, JSON.stringify(opts));
    fast.forEach((ll, i) => {
      assert.equal(ll.length, items[i].choices.length);
      ll.forEach((x, c) => assert.ok(Math.abs(x - full[i][c]) < 1e-4, `${JSON.stringify(opts)} item ${i} choice ${c}: ${x} vs ${full[i][c]}`));
      assert.equal(pickLetter(ll), pickLetter(full[i]), `${JSON.stringify(opts)} item ${i}`);
    });
  }
  assert.equal(tf.memory().numTensors, before, "no tensors left behind");
  m.dispose();
});

test("the equality is not vacuous: a different prefix changes the scores", async () => {
  const m = randomModel(gqa, 8);
  const a = item([49, 1, 2, 3], [5, 6], [[3], [4], [5], [6]]);
  const b = item([49, 1, 2, 7], [5, 6], [[3], [4], [5], [6]]);
  const [la, lb] = await new PrefixCachedScorer(new TfjsInferenceEngine(m)).score([a, b]);
  assert.ok(la.some((x, i) => Math.abs(x - lb[i]) > 1e-3), "the prefix reaches the answer position through the cache");
  m.dispose();
});

test("expandCache: a tiled batch-1 cache continues exactly like the batch-1 cache", () => {
  const m = randomModel(gqa, 3);
  const cache = new KVCache(gqa.n_layer);
  m.hidden(tf.tensor2d([[49, 1, 2, 3, 4]], [1, 5], "int32"), cache).dispose();
  const big = expandCache(cache, 3);
  assert.equal(big.pos, 5);
  assert.deepEqual(big.layers[0].k!.shape, [3, gqa.n_kv_head, 5, gqa.n_embd / gqa.n_head]);
  const next = [[7, 8], [9, 10], [7, 8]];
  const batched = m.forward(tf.tensor2d(next, [3, 2], "int32"), big).arraySync() as number[][][];
  const single = expandCache(cache, 1);
  const one = m.forward(tf.tensor2d([next[1]], [1, 2], "int32"), single).arraySync() as number[][][];
  const whole = m.forward(tf.tensor2d([[49, 1, 2, 3, 4, 9, 10]], [1, 7], "int32")).arraySync() as number[][][];
  for (let t = 0; t < 2; t++)
    for (let v = 0; v < gqa.vocab_size; v++) {
      assert.ok(Math.abs(batched[1][t][v] - one[0][t][v]) < 1e-5);
      assert.ok(Math.abs(batched[1][t][v] - whole[0][5 + t][v]) < 1e-4);
      assert.equal(batched[0][t][v], batched[2][t][v]);
    }
  // the source is untouched by the copies' growth
  assert.equal(cache.pos, 5);
  assert.deepEqual(cache.layers[1].v!.shape, [1, gqa.n_kv_head, 5, gqa.n_embd / gqa.n_head]);
  assert.throws(() => expandCache(big, 2), /has batch 3, expected 1/);
  assert.throws(() => expandCache(cache, 0), /positive integer/);
  big.dispose();
  single.dispose();
  cache.dispose();
  m.dispose();
});

test("bad items are refused with the item named", async () => {
  const m = randomModel(gqa, 1);
  for (const s of [new FullPromptScorer(new TfjsInferenceEngine(m)), new PrefixCachedScorer(new TfjsInferenceEngine(m))]) {
    await assert.rejects(s.score([item([], [1], [[3]])]), /item 0 has an empty prefix/);
    await assert.rejects(s.score([item([1], [1], [[3]]), item([1], [2], [[3], []])]), /item 1 choice 1 has no tokens/);
    await assert.rejects(s.score([item([1], [99], [[3]])]), /item 0 has token 99 outside the vocab/);
  }
  m.dispose();
});

test("bundled ceval-practice, 5-shot, every prompt style: the prefix scorer equals the reference (some shots dropped)", async () => {
  const dir = path.join(bundledDataDir(), "ceval-practice");
  const tok = practiceTokenizer();
  const cfg: GPTConfig = { sequence_len: 600, vocab_size: tok.nVocab, n_layer: 2, n_head: 2, n_kv_head: 2, n_embd: 32 };
  const m = randomModel(cfg, 13, 0.3);
  const subjects = loadSubjects("ceval", dir);
  const val = loadSplit("ceval", dir, "val");
  const dev = loadSplit("ceval", dir, "dev");
  for (const style of ["official", "lm-eval", "chat"] as const) {
    const context = style === "chat" ? 600 : 520; // chat turns are longer
    // per subject its first two questions and its longest (the reference scorer is slow: keep the test short)
    const items = subjects.flatMap((s) => {
      const qs = val.get(s.handle)!;
      const longest = qs.reduce((a, b) => (b.question.length + b.choices.join("").length > a.question.length + a.choices.join("").length ? b : a));
      return [qs[0], qs[1], longest].map((q) => encodePrompt(tok, buildPrompt("ceval", style, s, firstShots(dev.get(s.handle), 5, s.handle), q), context));
    });
    // the short context makes long questions drop a shot: several prefixes within a subject
    assert.ok(items.some((it) => it.shotsUsed < 5) && items.some((it) => it.shotsUsed === 5), `${style}: mixed shot counts`);
    if (style === "lm-eval") assert.ok(items[0].choices.some((c) => c.length === 2), "some of \" A\"…\" D\" are two tokens with this tokenizer");
    const full = await new FullPromptScorer(new TfjsInferenceEngine(m)).score(items);
    const fast = await new PrefixCachedScorer(new TfjsInferenceEngine(m), { batchSize: 4 }).score(items);
    fast.forEach((ll, i) => {
      ll.forEach((x, c) => assert.ok(Math.abs(x - full[i][c]) < 1e-4, `${style} item ${i} choice ${c}: ${x} vs ${full[i][c]}`));
      assert.equal(pickLetter(ll), pickLetter(full[i]), `${style} item ${i}`);
    });
  }
  m.dispose();
});
