// Autoregressive generation. `generate` runs the prompt once (prefill) into a KV cache, then one token at a
// time attending to the cache with rotary at the right positions; `generateNoCache` recomputes the whole
// prefix every token (nanochat v1's GPT.generate; the reference twin and the benchmark peer).
import * as tf from "@tensorflow/tfjs";
import type { Tokenizer } from "../../tokenizer/tokenizer";
import { type GPT, KVCache } from "./gpt";
import { Rng } from "../../model/rng";
import { assertFiniteLogits, type GenerateOptions, sampleToken } from "../../model/sample";


function checkPrompt(model: GPT, ids: readonly number[]): void {
  if (ids.length === 0) throw new Error("generate: the prompt must have at least one token (e.g. BOS)");
  const V = model.config.vocab_size;
  ids.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0 || t >= V) throw new Error(`generate: prompt token ${i} = ${t} is outside the vocab [0, ${V})`);
  });
}

function lastRow(model: GPT, ids: tf.Tensor2D, cache?: KVCache): Float32Array {
  const V = model.config.vocab_size;
  const T = ids.shape[1];
  const logits = model.forward(ids, cache);
  const row = tf.tidy(() => tf.slice(logits, [0, T - 1, 0], [1, 1, V]));
  const data = row.dataSync() as Float32Array;
  logits.dispose();
  row.dispose();
  return data;
}

/** Tokens generated with a KV cache (sync generator; each token is computed when asked for). */
export function* generate(model: GPT, promptIds: readonly number[], opts: GenerateOptions): Generator<number, void, undefined> {
  checkPrompt(model, promptIds);
  const rng = new Rng(opts.seed ?? 42);
  const temperature = opts.temperature ?? 1;
  const stop = new Set(opts.stopIds ?? []);
  const maxPos = model.config.sequence_len * 10;
  const cache = new KVCache(model.config.n_layer);
  try {
    if (promptIds.length + opts.maxTokens > maxPos + 1)
      throw new Error(`generate: prompt (${promptIds.length}) + max tokens (${opts.maxTokens}) exceeds the ${maxPos} rotary positions`);
    const prompt = tf.tensor2d(Int32Array.from(promptIds), [1, promptIds.length], "int32");
    let row = lastRow(model, prompt, cache);
    prompt.dispose();
    for (let i = 0; i < opts.maxTokens; i++) {
      assertFiniteLogits(row, `generate: token ${i + 1} (after a ${promptIds.length}-token prompt)`);
      const next = sampleToken(row, temperature, opts.topK, rng);
      if (stop.has(next)) return;
      yield next;
      if (i + 1 === opts.maxTokens) break;
      const t = tf.tensor2d([next], [1, 1], "int32");
      row = lastRow(model, t, cache);
      t.dispose();
    }
  } finally {
    cache.dispose();
  }
}

/** The same tokens, recomputing the whole prefix for every token (no cache). */
export function* generateNoCache(model: GPT, promptIds: readonly number[], opts: GenerateOptions): Generator<number, void, undefined> {
  checkPrompt(model, promptIds);
  const rng = new Rng(opts.seed ?? 42);
  const temperature = opts.temperature ?? 1;
  const stop = new Set(opts.stopIds ?? []);
  const ids = [...promptIds];
  for (let i = 0; i < opts.maxTokens; i++) {
    const t = tf.tensor2d(Int32Array.from(ids), [1, ids.length], "int32");
    const row = lastRow(model, t);
    t.dispose();
    assertFiniteLogits(row, `generate: token ${i + 1} (after a ${promptIds.length}-token prompt)`);
    const next = sampleToken(row, temperature, opts.topK, rng);
    if (stop.has(next)) return;
    yield next;
    ids.push(next);
  }
}

/** Generated text, streamed: a UTF-8 character split across tokens is held back until it is complete. */
export function* generateText(model: GPT, tokenizer: Tokenizer, promptIds: readonly number[], opts: GenerateOptions): Generator<string, void, undefined> {
  const dec = tokenizer.decoder();
  for (const id of generate(model, promptIds, opts)) {
    const s = dec.push(id);
    if (s) yield s;
  }
  const rest = dec.flush();
  if (rest) yield rest;
}
