// Autoregressive generation on any inference engine, with the same sampling as lib/engines/tfjs/generate.ts
// (nanochat's: seeded Rng, temperature 0 = argmax, top-k): the prompt once into a KV cache, then one
// token per step. Async, because the ORT engine is.
import type { GenerateOptions } from "../model/sample";
import { Rng } from "../model/rng";
import { assertFiniteLogits, sampleToken } from "../model/sample";
import type { Tokenizer } from "../tokenizer/tokenizer";
import { type InferenceEngine, prefill } from "./inference";

export type { GenerateOptions };

/** Tokens generated with a KV cache (each computed when asked for); the stop token is not yielded. */
export async function* generateTokens(engine: InferenceEngine, promptIds: readonly number[], opts: GenerateOptions): AsyncGenerator<number, void, undefined> {
  const V = engine.config.vocab_size;
  if (promptIds.length === 0) throw new Error("generate: the prompt must have at least one token (e.g. BOS)");
  promptIds.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0 || t >= V) throw new Error(`generate: prompt token ${i} = ${t} is outside the vocab [0, ${V})`);
  });
  const maxPos = engine.config.sequence_len * 10;
  if (promptIds.length + opts.maxTokens > maxPos + 1)
    throw new Error(`generate: prompt (${promptIds.length}) + max tokens (${opts.maxTokens}) exceeds the ${maxPos} rotary positions`);
  const rng = new Rng(opts.seed ?? 42);
  const temperature = opts.temperature ?? 1;
  const stop = new Set(opts.stopIds ?? []);
  const { cache, logits } = await prefill(engine, Int32Array.from(promptIds), promptIds.length, "last");
  try {
    let row = logits;
    for (let i = 0; i < opts.maxTokens; i++) {
      assertFiniteLogits(row, `generate: token ${i + 1} (after a ${promptIds.length}-token prompt)`);
      const next = sampleToken(row, temperature, opts.topK, rng);
      if (stop.has(next)) return;
      yield next;
      if (i + 1 === opts.maxTokens) break;
      row = await engine.step(cache, Int32Array.of(next));
    }
  } finally {
    cache.dispose();
  }
}

/** Generated text, streamed: a UTF-8 character split across tokens is held back until it is complete. */
export async function* generateTextWith(engine: InferenceEngine, tokenizer: Tokenizer, promptIds: readonly number[], opts: GenerateOptions): AsyncGenerator<string, void, undefined> {
  const dec = tokenizer.decoder();
  for await (const id of generateTokens(engine, promptIds, opts)) {
    const s = dec.push(id);
    if (s) yield s;
  }
  const rest = dec.flush();
  if (rest) yield rest;
}
