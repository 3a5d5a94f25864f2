// A KV cache computed once for a shared prefix (batch 1) and tiled to a batch: every row then continues
// from the same keys and values. Used by lib/eval's PrefixCachedScorer (one few-shot prefix per subject,
// its questions batched after it). The source cache is left as it is; the copy is the caller's to dispose.
// cloneCache shares an expanded cache's tensors, so one expansion serves every batch of that size.
import * as tf from "@tensorflow/tfjs";
import { KVCache } from "./gpt";

/** A new cache of batch B holding B copies of `cache`'s (batch 1) keys and values, at the same position. */
export function expandCache(cache: KVCache, B: number): KVCache {
  if (!Number.isInteger(B) || B < 1) throw new Error(`expandCache: batch size must be a positive integer, got ${B}`);
  const out = new KVCache(cache.layers.length);
  out.pos = cache.pos;
  cache.layers.forEach((l, i) => {
    if (!l.k || !l.v) {
      if (cache.pos !== 0) throw new Error(`expandCache: layer ${i} has no keys/values but the cache is at position ${cache.pos}`);
      return;
    }
    if (l.k.shape[0] !== 1) throw new Error(`expandCache: layer ${i} has batch ${l.k.shape[0]}, expected 1`);
    // a separate tensor even for B = 1: extending the copy disposes its old keys, never the source's
    // concat along the batch axis is a plain copy; tf.tile is ~5× slower on wasm
    out.layers[i].k = tf.keep(B === 1 ? tf.clone(l.k) : tf.concat(new Array<tf.Tensor4D>(B).fill(l.k), 0));
    out.layers[i].v = tf.keep(B === 1 ? tf.clone(l.v) : tf.concat(new Array<tf.Tensor4D>(B).fill(l.v), 0));
  });
  return out;
}

/**
 * A cache that shares `cache`'s keys and values without copying them (tf.clone shares the data): extending
 * it (GPT.hidden) replaces its own tensors and leaves `cache` intact, so one expanded prefix serves many batches.
 */
export function cloneCache(cache: KVCache): KVCache {
  const out = new KVCache(cache.layers.length);
  out.pos = cache.pos;
  cache.layers.forEach((l, i) => {
    out.layers[i].k = l.k ? tf.keep(tf.clone(l.k)) : null;
    out.layers[i].v = l.v ? tf.keep(tf.clone(l.v)) : null;
  });
  return out;
}
