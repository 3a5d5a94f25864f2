// nanochat v1's GPT (reference §1a) on TensorFlow.js: wte → norm → blocks (x += attn(norm x); x += mlp(norm x))
// → norm → untied lm_head → 15·tanh(logits/15). Every matmul is a 2-D [B·T, C] × Wᵀ, attention is batched.
import * as tf from "@tensorflow/tfjs";
import { type GPTConfig, headDim, validateConfig } from "../../model/config";
import { type LayerCache, attention, causalMask } from "./attention";
import { crossEntropyMean, crossEntropyPerToken, type LossReduction } from "./loss";
import { mlp } from "./mlp";
import { type NamedArrays, sameShape, shapeSize } from "../../model/namedArrays";
import { rmsNorm } from "./norm";
import { checkWeights, initWeights, paramSpecs } from "../../model/params";
import { type RotaryTables, rotarySlice, rotaryTables } from "./rotary";
import { SOFTCAP } from "../../model/constants";

export { SOFTCAP };

export interface GPTOptions {
  /** seed of nanochat's init (ignored when weights are given); default 42 */
  seed?: number;
  /** start from these weights (every parameter, by state_dict name) instead of the init */
  weights?: NamedArrays;
  /** where the weights came from, named in errors */
  source?: string;
}

export interface ParamRow {
  name: string;
  shape: number[];
  count: number;
}

/** Keys and values of every layer for incremental decoding; `pos` = tokens already in it. */
export class KVCache {
  readonly layers: LayerCache[];
  pos = 0;
  constructor(nLayer: number) {
    this.layers = Array.from({ length: nLayer }, () => ({ k: null, v: null }));
  }
  dispose(): void {
    for (const l of this.layers) {
      l.k?.dispose();
      l.v?.dispose();
      l.k = l.v = null;
    }
    this.pos = 0;
  }
}

let instances = 0;

export class GPT {
  readonly config: GPTConfig;
  /** nanochat state_dict name → weight (Linear weights [out, in]) */
  readonly params: Map<string, tf.Variable>;
  private readonly rope: RotaryTables;

  constructor(cfg: GPTConfig, opts: GPTOptions = {}) {
    this.config = validateConfig(cfg, opts.source ?? "GPT config");
    const id = instances++;
    // nanochat precomputes 10 × sequence_len rotary positions
    this.rope = rotaryTables(this.config.sequence_len * 10, headDim(this.config));
    const specs = paramSpecs(this.config);
    const init = opts.weights ? null : initWeights(this.config, opts.seed ?? 42);
    if (opts.weights) checkWeights(this.config, opts.weights, opts.source ?? "weights");
    this.params = new Map();
    for (const s of specs) {
      const data = init ? init.get(s.name)! : opts.weights!.get(s.name)!.data;
      const t = tf.tensor2d(data, s.shape, "float32");
      this.params.set(s.name, tf.variable(t, true, `gpt${id}/${s.name}`));
      t.dispose();
    }
  }

  private w(name: string): tf.Tensor2D {
    const v = this.params.get(name);
    if (!v) throw new Error(`GPT: no parameter ${name}`);
    return v as unknown as tf.Tensor2D;
  }

  /** Final-normed hidden states [B·T, C]. With a cache, positions continue from cache.pos and it is extended. */
  hidden(idx: tf.Tensor2D, cache?: KVCache): tf.Tensor2D {
    const [B, T] = idx.shape;
    const start = cache ? cache.pos : 0;
    if (!cache && T > this.config.sequence_len * 10) throw new Error(`GPT: sequence of ${T} tokens is longer than the rotary table`);
    const out = tf.tidy(() => {
      const { cos, sin } = rotarySlice(this.rope, start, T);
      const mask = causalMask(T, start + T);
      const shape = { B, T, nHead: this.config.n_head, nKvHead: this.config.n_kv_head };
      let x = rmsNorm(tf.gather(this.w("transformer.wte.weight"), tf.reshape(idx, [B * T]))) as tf.Tensor2D;
      for (let i = 0; i < this.config.n_layer; i++) {
        const p = `transformer.h.${i}.`;
        const a = attention(
          rmsNorm(x),
          shape,
          { cQ: this.w(p + "attn.c_q.weight"), cK: this.w(p + "attn.c_k.weight"), cV: this.w(p + "attn.c_v.weight"), cProj: this.w(p + "attn.c_proj.weight") },
          cos,
          sin,
          mask,
          cache?.layers[i],
        );
        x = tf.add(x, a);
        x = tf.add(x, mlp(rmsNorm(x), this.w(p + "mlp.c_fc.weight"), this.w(p + "mlp.c_proj.weight")));
      }
      return rmsNorm(x);
    });
    if (cache) cache.pos += T;
    return out;
  }

  /** Soft-capped logits [B·T, V] from hidden states [N, C]. */
  logitsFromHidden(h: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.mul(tf.tanh(tf.div(tf.matMul(h, this.w("lm_head.weight"), false, true), SOFTCAP)), SOFTCAP) as tf.Tensor2D);
  }

  /** Soft-capped logits [B, T, V] for int32 token ids [B, T]. */
  forward(idx: tf.Tensor2D, cache?: KVCache): tf.Tensor3D {
    const [B, T] = idx.shape;
    return tf.tidy(() => tf.reshape(this.logitsFromHidden(this.hidden(idx, cache)), [B, T, this.config.vocab_size]) as tf.Tensor3D);
  }

  /** Cross-entropy (targets −1 ignored): a scalar mean, or [B, T] per token with 0 where ignored. */
  loss(idx: tf.Tensor2D, targets: tf.Tensor2D, reduction: LossReduction = "mean"): tf.Tensor {
    const [B, T] = idx.shape;
    if (!sameShape(idx.shape, targets.shape)) throw new Error(`GPT.loss: targets shape [${targets.shape}] differs from idx [${idx.shape}]`);
    return tf.tidy(() => {
      const logits = this.logitsFromHidden(this.hidden(idx));
      const t = tf.reshape(targets, [B * T]) as tf.Tensor1D;
      return reduction === "mean" ? crossEntropyMean(logits, t) : tf.reshape(crossEntropyPerToken(logits, t), [B, T]);
    });
  }

  /** Mean loss and the gradient of every parameter (by state_dict name). */
  lossAndGrads(idx: tf.Tensor2D, targets: tf.Tensor2D): { loss: tf.Scalar; grads: Map<string, tf.Tensor> } {
    const names = [...this.params.keys()];
    const vars = names.map((n) => this.params.get(n)!);
    const { value, grads } = tf.variableGrads(() => this.loss(idx, targets, "mean") as tf.Scalar, vars);
    const out = new Map<string, tf.Tensor>();
    names.forEach((n, i) => out.set(n, grads[vars[i].name]));
    return { loss: value, grads: out };
  }

  numParams(): number {
    let n = 0;
    for (const v of this.params.values()) n += v.size;
    return n;
  }

  paramTable(): ParamRow[] {
    return [...this.params].map(([name, v]) => ({ name, shape: [...v.shape], count: v.size }));
  }

  /** A copy of every weight as plain arrays (state_dict order). */
  getWeights(): NamedArrays {
    const out: NamedArrays = new Map();
    for (const [name, v] of this.params) out.set(name, { shape: [...v.shape], data: Float32Array.from(v.dataSync()) }); // a copy: cpu dataSync aliases the tensor
    return out;
  }

  /** Overwrite every weight (all names and shapes must match). */
  setWeights(w: NamedArrays, source = "weights"): void {
    checkWeights(this.config, w, source);
    for (const [name, v] of this.params) {
      const a = w.get(name)!;
      const t = tf.tensor(a.data, a.shape, "float32");
      v.assign(t);
      t.dispose();
    }
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }
}

