// The tfjs GPT (lib/model) behind the inference interface: the reference twin of the ORT engine and the
// fallback where onnxruntime-node does not load. Caches are lib/model KVCaches; a scoring prefix is tiled to
// the batch once per batch size and shared by every batch of that size (lib/engines/tfjs/cacheExpand).
import * as tf from "@tensorflow/tfjs";
import { getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { backendName } from "./backend";
import { cloneCache, expandCache } from "./cacheExpand";
import type { GPTConfig } from "../../model/config";
import { type GPT, KVCache } from "./gpt";
import { type EngineInfo, type InferenceCache, type InferenceEngine, type LogitsAt, type LogProbRead, checkIds } from "../inference";

class TfjsCache implements InferenceCache {
  readonly kv: KVCache;
  /** the cache tiled to a batch size, kept while batches of that size come */
  tiled: { B: number; kv: KVCache } | null = null;
  constructor(readonly batch: number, nLayer: number) {
    this.kv = new KVCache(nLayer);
  }
  get pos(): number {
    return this.kv.pos;
  }
  dispose(): void {
    this.kv.dispose();
    this.tiled?.kv.dispose();
    this.tiled = null;
  }
}

export class TfjsInferenceEngine implements InferenceEngine {
  readonly config: GPTConfig;
  readonly info: EngineInfo;

  /** The engine runs `model`; it disposes it with itself only when `ownsModel`. */
  constructor(
    readonly model: GPT,
    note?: string,
    private readonly ownsModel = false,
  ) {
    this.config = model.config;
    // the wasm backend says how many threads its kernels use; cpu computes on the calling thread
    const backend = backendName();
    this.info = { engine: "tfjs", backend, threads: backend === "wasm" ? getThreadsCount() : 1, ...(note ? { note } : {}) };
  }

  newCache(batch: number): TfjsCache {
    if (!Number.isInteger(batch) || batch < 1) throw new Error(`tfjs engine: batch must be a positive integer, got ${batch}`);
    return new TfjsCache(batch, this.config.n_layer);
  }

  async forward(cache: InferenceCache, ids: Int32Array, at: LogitsAt): Promise<Float32Array> {
    const c = asTfjs(cache);
    const B = c.batch;
    const T = checkIds(ids, B, this.config.vocab_size, "tfjs engine");
    const idx = tf.tensor2d(ids, [B, T], "int32");
    const h = this.model.hidden(idx, c.kv);
    idx.dispose();
    const logits = tf.tidy(() => {
      const rows = at === "last" ? tf.gather(h, tf.tensor1d(Int32Array.from({ length: B }, (_, b) => b * T + T - 1), "int32")) : h;
      return this.model.logitsFromHidden(rows as tf.Tensor2D);
    });
    h.dispose();
    const data = (await logits.data()) as Float32Array;
    logits.dispose();
    return data;
  }

  async step(cache: InferenceCache, tokens: Int32Array): Promise<Float32Array> {
    if (tokens.length !== cache.batch) throw new Error(`tfjs engine: step takes one token per row (${cache.batch}), got ${tokens.length}`);
    return this.forward(cache, tokens, "last");
  }

  async logProbs(prefix: InferenceCache | null, ids: Int32Array, T: number, reads: readonly LogProbRead[]): Promise<Float64Array> {
    if (T < 1 || ids.length % T !== 0) throw new Error(`tfjs engine: ${ids.length} ids do not form rows of T = ${T}`);
    const B = ids.length / T;
    checkIds(ids, B, this.config.vocab_size, "tfjs engine");
    for (const r of reads)
      if (r.row < 0 || r.row >= B || r.pos < 0 || r.pos >= T) throw new Error(`tfjs engine: read at row ${r.row}, position ${r.pos} is outside the batch [${B}, ${T}]`);
    let kv: KVCache;
    if (prefix) {
      const p = asTfjs(prefix);
      if (p.batch !== 1) throw new Error(`tfjs engine: a scoring prefix must have batch 1, got ${p.batch}`);
      if (p.tiled?.B !== B) {
        p.tiled?.kv.dispose();
        p.tiled = { B, kv: expandCache(p.kv, B) };
      }
      kv = cloneCache(p.tiled.kv); // extending the clone leaves the tiled prefix intact
    } else kv = new KVCache(this.config.n_layer);
    try {
      if (reads.length === 0) return new Float64Array(0);
      const idx = tf.tensor2d(ids, [B, T], "int32");
      const h = this.model.hidden(idx, kv);
      idx.dispose();
      const lp = tf.tidy(() => {
        const picked = tf.gather(h, tf.tensor1d(reads.map((r) => r.row * T + r.pos), "int32"));
        const logp = tf.logSoftmax(this.model.logitsFromHidden(picked as tf.Tensor2D));
        const at = tf.tensor2d(Int32Array.from(reads.flatMap((r, k) => [k, r.target])), [reads.length, 2], "int32");
        return tf.gatherND(logp, at);
      });
      h.dispose();
      const data = (await lp.data()) as Float32Array;
      lp.dispose();
      return Float64Array.from(data);
    } finally {
      kv.dispose();
    }
  }

  dispose(): void {
    if (this.ownsModel) this.model.dispose();
  }
}

function asTfjs(cache: InferenceCache): TfjsCache {
  if (!(cache instanceof TfjsCache)) throw new Error("tfjs engine: this cache belongs to another engine");
  return cache;
}
