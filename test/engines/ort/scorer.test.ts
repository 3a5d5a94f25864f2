// The prefix-cached scorer on the ORT engine (prefix once, questions as a batch broadcast from it) against
// the reference scorer on the tfjs GPT: the same log-likelihoods on mixed prefixes, lengths and continuations.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { FullPromptScorer, PrefixCachedScorer } from "../../../lib/eval/score";
import type { EncodedPrompt } from "../../../lib/eval/encode";
import { OrtInferenceEngine } from "../../../lib/engines/ort/inference";
import { type GPTConfig, paramSpecs } from "../../../lib/model";
import { GPT, TfjsInferenceEngine } from "../../../lib/engines/tfjs";
import { Rng } from "../../../lib/model/rng";

await tf.setBackend("cpu");

const cfg: GPTConfig = { sequence_len: 64, vocab_size: 50, n_layer: 2, n_head: 4, n_kv_head: 2, n_embd: 16 };
const rng = new Rng(4);
const weights = new Map(paramSpecs(cfg).map((s) => [s.name, { shape: [...s.shape], data: rng.normals(s.shape[0] * s.shape[1], 0.5) }]));

const toks = (n: number) => Array.from({ length: n }, () => Math.floor(rng.next() * (cfg.vocab_size - 1)));
const item = (prefix: number[], question: number[], choices: number[][]): EncodedPrompt => ({ prefix, question, choices, shotsUsed: 0, overContext: false });

test("PrefixCachedScorer on ORT equals FullPromptScorer on the tfjs GPT (batches of 1, 3 and 8)", async () => {
  const bos = cfg.vocab_size - 1;
  const pA = [bos, ...toks(12)];
  const pB = [bos, ...toks(5)];
  const letters = [[3], [4], [5], [6]];
  const items: EncodedPrompt[] = [];
  for (let i = 0; i < 6; i++) items.push(item(pA, toks(2 + 3 * i), letters));
  items.push(item(pB, toks(4), [[9, 3], [9, 4], [9, 5], [9, 6]]));
  items.push(item([bos], toks(6), letters)); // no prefix left to cache
  items.push(item(pB, [], [[7, 8, 2], [11], [12, 13], [7, 8, 1]]));
  const model = new GPT(cfg, { weights });
  const want = await new FullPromptScorer(new TfjsInferenceEngine(model)).score(items);
  model.dispose();
  const ort = new OrtInferenceEngine(cfg, weights, { threads: 1 });
  for (const batchSize of [1, 3, 8]) {
    const got = await new PrefixCachedScorer(ort, { batchSize }).score(items);
    got.forEach((ll, i) => ll.forEach((x, c) => assert.ok(Math.abs(x - want[i][c]) <= 1e-4 * Math.max(1, Math.abs(want[i][c])), `batch ${batchSize} item ${i} choice ${c}: ${x} vs ${want[i][c]}`)));
  }
  // and the ORT reference scorer agrees with both
  const full = await new FullPromptScorer(ort).score(items);
  full.forEach((ll, i) => ll.forEach((x, c) => assert.ok(Math.abs(x - want[i][c]) <= 1e-4 * Math.max(1, Math.abs(want[i][c])), `full item ${i} choice ${c}`)));
});
