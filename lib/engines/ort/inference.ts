// The inference engine on onnxruntime-node: one graph (inferGraph.ts) for prefill, decoding and scoring,
// the weights fed in place from the caller's arrays on every run, caches in OrtKVCache.
import { type GPTConfig, headDim, validateConfig } from "../../model/config";
import type { NamedArrays } from "../../model/namedArrays";
import { paramSpecs } from "../../model/params";
import { rotaryTables } from "../../model/rotaryTables";
import { type EngineInfo, type InferenceCache, type InferenceEngine, type LogitsAt, type LogProbRead, checkIds, logSoftmaxAt } from "../inference";
import { ROPE_COS, ROPE_SIN, buildInferGraph, newK, newV, pastK, pastV } from "./inferGraph";
import { OrtKVCache } from "./kvCache";
import { type NamedTensor, cachedSession, runSession } from "./session";

/**
 * Measured with bench/infer-speed.ts on the 2-vCPU machine at load 1.7–1.9 (d16, vocab 40,000): two threads
 * beat one on all three figures (prompt 0.94 vs 1.98 s, 17.6 vs 10.7 tokens/s, 1.81 vs 0.95 questions/s).
 * Under a load of ~20 one thread won: a busy machine has no second core to give.
 */
export const DEFAULT_ORT_INFER_THREADS = 2;

export interface OrtInferenceOptions {
  threads?: number;
  /** where the weights came from, named in errors */
  source?: string;
}

export class OrtInferenceEngine implements InferenceEngine {
  readonly config: GPTConfig;
  readonly info: EngineInfo;
  private readonly threads: number;
  private readonly fixedFeeds: Record<string, NamedTensor> = {};
  private readonly maxPos: number;

  /** `weights` are used in place (not copied): keep them unchanged while the engine lives. */
  constructor(cfg: GPTConfig, weights: NamedArrays, opts: OrtInferenceOptions = {}) {
    const source = opts.source ?? "weights";
    this.config = validateConfig(cfg, source);
    this.threads = opts.threads ?? DEFAULT_ORT_INFER_THREADS;
    if (!Number.isInteger(this.threads) || this.threads < 1) throw new Error(`ORT engine: threads must be a positive integer, got ${opts.threads}`);
    this.info = { engine: "ort", backend: "onnxruntime-node cpu", threads: this.threads };
    for (const s of paramSpecs(this.config)) {
      const w = weights.get(s.name);
      if (!w) throw new Error(`${source}: missing tensor '${s.name}' [${s.shape}]`);
      if (w.data.length !== s.shape[0] * s.shape[1] || w.shape.join(",") !== s.shape.join(","))
        throw new Error(`${source}: tensor '${s.name}' has shape [${w.shape}], the config needs [${s.shape}]`);
      this.fixedFeeds[s.name] = { data: w.data, dims: s.shape };
    }
    // nanochat precomputes 10 × sequence_len rotary positions (lib/engines/tfjs/gpt.ts does the same)
    this.maxPos = this.config.sequence_len * 10;
    const rope = rotaryTables(this.maxPos, headDim(this.config));
    this.fixedFeeds[ROPE_COS] = { data: rope.cos, dims: [this.maxPos, rope.half] };
    this.fixedFeeds[ROPE_SIN] = { data: rope.sin, dims: [this.maxPos, rope.half] };
  }

  newCache(batch: number): OrtKVCache {
    if (!Number.isInteger(batch) || batch < 1) throw new Error(`ORT engine: batch must be a positive integer, got ${batch}`);
    const c = this.config;
    return new OrtKVCache(batch, c.n_layer, c.n_kv_head, headDim(c), this.maxPos);
  }

  private session(broadcastPast: boolean) {
    const c = this.config;
    const key = `infer|${c.n_layer}|${c.n_embd}|${c.n_head}|${c.n_kv_head}|${c.vocab_size}|${broadcastPast}`;
    return cachedSession(key, () => buildInferGraph(c, { broadcastPast }), { threads: this.threads });
  }

  /** One run: ids [B,T] after `past` → logits at flat rows `sel` [N, V] and the new keys/values per layer. */
  private async run(past: OrtKVCache, B: number, ids: Int32Array, sel: Int32Array): Promise<{ logits: Float32Array; k: Float32Array[]; v: Float32Array[] }> {
    const T = checkIds(ids, B, this.config.vocab_size, "ORT engine");
    if (past.pos + T > this.maxPos) throw new Error(`ORT engine: position ${past.pos + T} is beyond the rotary table (${this.maxPos} positions = 10 × sequence_len)`);
    const broadcast = past.batch !== B;
    if (broadcast && past.batch !== 1) throw new Error(`ORT engine: a cache of batch ${past.batch} cannot run ${B} rows`);
    const feeds: Record<string, NamedTensor> = { ...this.fixedFeeds, ids: { data: ids, dims: [B, T] }, sel: { data: sel, dims: [sel.length] } };
    for (let i = 0; i < this.config.n_layer; i++) {
      const p = past.past(i);
      feeds[pastK(i)] = p.k;
      feeds[pastV(i)] = p.v;
    }
    const out = await runSession(await this.session(broadcast), feeds);
    const L = this.config.n_layer;
    return {
      logits: out.logits.data as Float32Array,
      k: Array.from({ length: L }, (_, i) => out[newK(i)].data as Float32Array),
      v: Array.from({ length: L }, (_, i) => out[newV(i)].data as Float32Array),
    };
  }

  async forward(cache: InferenceCache, ids: Int32Array, at: LogitsAt): Promise<Float32Array> {
    const c = asOrt(cache);
    const B = c.batch;
    const T = ids.length / B;
    const sel = at === "last" ? Int32Array.from({ length: B }, (_, b) => b * T + T - 1) : Int32Array.from({ length: B * T }, (_, i) => i);
    const r = await this.run(c, B, ids, sel);
    c.append(r.k, r.v, T);
    return r.logits;
  }

  async step(cache: InferenceCache, tokens: Int32Array): Promise<Float32Array> {
    if (tokens.length !== cache.batch) throw new Error(`ORT engine: step takes one token per row (${cache.batch}), got ${tokens.length}`);
    return this.forward(cache, tokens, "last");
  }

  async logProbs(prefix: InferenceCache | null, ids: Int32Array, T: number, reads: readonly LogProbRead[]): Promise<Float64Array> {
    if (T < 1 || ids.length % T !== 0) throw new Error(`ORT engine: ${ids.length} ids do not form rows of T = ${T}`);
    const B = ids.length / T;
    const past = prefix ? asOrt(prefix) : this.newCache(B);
    // each distinct read position goes through lm_head once
    const rowOf = new Map<number, number>();
    for (const r of reads) {
      if (r.row < 0 || r.row >= B || r.pos < 0 || r.pos >= T) throw new Error(`ORT engine: read at row ${r.row}, position ${r.pos} is outside the batch [${B}, ${T}]`);
      const flat = r.row * T + r.pos;
      if (!rowOf.has(flat)) rowOf.set(flat, rowOf.size);
    }
    const sel = Int32Array.from(rowOf.keys());
    const { logits } = await this.run(past, B, ids, sel);
    const V = this.config.vocab_size;
    return Float64Array.from(reads, (r) => logSoftmaxAt(logits, rowOf.get(r.row * T + r.pos)! * V, V, r.target));
  }

  dispose(): void {
    // sessions hold no weights (they are inputs) and are shared by engines of the same shape: nothing to free
  }
}

function asOrt(cache: InferenceCache): OrtKVCache {
  if (!(cache instanceof OrtKVCache)) throw new Error("ORT engine: this cache belongs to another engine");
  return cache;
}
