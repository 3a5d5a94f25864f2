// The inference interface every engine implements: the sampler, the chat, the scorer and the parity check
// ask for "logits and a cache", "one decoding step" and "log-probs at positions", never knowing which
// engine answered (house.md, "Engines"). Engine-neutral: no tfjs, no onnxruntime here.
import type { GPTConfig } from "../model/config";

/** What a command asks for: auto = ORT when onnxruntime-node loads, else the tfjs engine. */
export const ENGINE_CHOICES = ["auto", "ort", "local", "workers"] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

/** Which engine ran, for every command's output and the JSON it writes. */
export interface EngineInfo {
  /** "ort" (onnxruntime-node, native kernels) or "tfjs" */
  engine: "ort" | "tfjs";
  /** the kernels underneath: "onnxruntime-node cpu" or the tfjs backend ("wasm", "cpu", "tensorflow") */
  backend: string;
  /** intra-op threads the kernels use */
  threads: number;
  /** why this engine (e.g. "auto: onnxruntime-node loaded"; "workers: inference runs on one thread group") */
  note?: string;
}

/** Keys and values of every layer for B rows after `pos` positions. Opaque: only its engine reads it. */
export interface InferenceCache {
  readonly batch: number;
  readonly pos: number;
  dispose(): void;
}

/** One log-probability to read: log p(target | tokens ≤ pos of row `row`). */
export interface LogProbRead {
  row: number;
  pos: number;
  target: number;
}

/** Soft-capped logits at each row's last position ([B, V]) or at every position ([B, T, V]). */
export type LogitsAt = "last" | "all";

export interface InferenceEngine {
  readonly config: GPTConfig;
  readonly info: EngineInfo;
  /** An empty cache for B rows. */
  newCache(batch: number): InferenceCache;
  /** Runs ids [B, T] (row-major, B = cache.batch) after the cache and appends them to it. */
  forward(cache: InferenceCache, ids: Int32Array, at: LogitsAt): Promise<Float32Array>;
  /** One decoding step: a token per row after the cache → logits [B, V]; the cache grows by one. */
  step(cache: InferenceCache, tokens: Int32Array): Promise<Float32Array>;
  /**
   * log softmax(logits)[target] for each read, ids [B, T] run after `prefix` (a batch-1 cache shared by the
   * B rows, left as it is; null = no prefix). Only the read positions go through lm_head.
   */
  logProbs(prefix: InferenceCache | null, ids: Int32Array, T: number, reads: readonly LogProbRead[]): Promise<Float64Array>;
  /** Frees the engine's sessions/tensors (the caller's weight arrays are left alone). */
  dispose(): void;
}

/** Prefill: a fresh cache of B = ids.length / T rows and the logits at `at`. */
export async function prefill(engine: InferenceEngine, ids: Int32Array, T: number, at: LogitsAt = "last"): Promise<{ cache: InferenceCache; logits: Float32Array }> {
  if (T < 1 || ids.length % T !== 0) throw new Error(`prefill: ${ids.length} ids do not form rows of T = ${T}`);
  const cache = engine.newCache(ids.length / T);
  try {
    return { cache, logits: await engine.forward(cache, ids, at) };
  } catch (e) {
    cache.dispose();
    throw e;
  }
}

/** Checks ids against the vocab and the batch; `who` names the caller in the error. */
export function checkIds(ids: Int32Array, B: number, vocab: number, who: string): number {
  if (B < 1 || ids.length === 0 || ids.length % B !== 0) throw new Error(`${who}: ${ids.length} ids do not split into ${B} rows`);
  for (let i = 0; i < ids.length; i++)
    if (ids[i] < 0 || ids[i] >= vocab) throw new Error(`${who}: token ${ids[i]} at index ${i} is outside the vocab [0, ${vocab})`);
  return ids.length / B;
}

/** log softmax(row)[target] in float64 (rows of V logits starting at `offset`). */
export function logSoftmaxAt(logits: Float32Array, offset: number, V: number, target: number): number {
  let max = -Infinity;
  for (let j = 0; j < V; j++) if (logits[offset + j] > max) max = logits[offset + j];
  let sum = 0;
  for (let j = 0; j < V; j++) sum += Math.exp(logits[offset + j] - max);
  return logits[offset + target] - max - Math.log(sum);
}
