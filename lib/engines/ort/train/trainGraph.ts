// The nanochat v1 GPT as one ONNX graph for training (llm.c's layout): the forward pass layer by layer,
// then the hand-derived backward pass in reverse, each layer's backward beside its forward in its own
// file (norm, rotary, attention, mlp, head, embedding). One session.run gives the loss, the per-token
// loss and every parameter's gradient. Parameters are graph inputs (they change every step); idx and
// targets are int32 [B, T]. Shapes are fixed per graph (B, T), so ORT plans every buffer once.
import { Graph } from "../graph";
import { type GPTConfig, headDim } from "../../../model/config";
import { paramSpecs } from "../../../model/params";
import { rotaryTables } from "../../../model/rotaryTables";
import { type AttnDims, type AttnSaved, attentionBackward, attentionForward, stackedCausalMask, type AttnWeights } from "./attention";
import { embeddingBackward, embeddingForward } from "./embedding";
import { headBackward, headForward } from "./head";
import { type MlpSaved, mlpBackward, mlpForward } from "./mlp";
import { type NormSaved, rmsNormBackward, rmsNormForward } from "./norm";
import { add, reshape } from "./ops";
import { rotaryConsts } from "./rotary";

export interface TrainGraphOptions {
  B: number;
  T: number;
  /** "train": loss, per-token loss and every gradient; "eval": loss and per-token loss only */
  mode: "train" | "eval";
  /** also output the soft-capped logits [B, T, V] (parity checks) */
  logits?: boolean;
}

/** Output names: "loss" (scalar), "loss_per_token" [B, T], "logits" [B, T, V], "grad.<parameter name>". */
export const GRAD_PREFIX = "grad.";

interface LayerSaved {
  norm1: NormSaved;
  attn: AttnSaved;
  norm2: NormSaved;
  mlp: MlpSaved;
}

export function buildTrainGraph(cfg: GPTConfig, o: TrainGraphOptions): Graph {
  const { B, T } = o;
  const N = B * T;
  const C = cfg.n_embd;
  const V = cfg.vocab_size;
  const hd = headDim(cfg);
  const d: AttnDims = { B, T, C, H: cfg.n_head, Hkv: cfg.n_kv_head, hd };
  const g = new Graph(`nanochat_v1_${o.mode}_L${cfg.n_layer}_d${C}_B${B}_T${T}`);
  const specs = paramSpecs(cfg);
  const w = new Map(specs.map((s) => [s.name, g.input(s.name, "float32", s.shape)]));
  const p = (name: string): string => w.get(name)!;
  const idx = reshape(g, g.input("idx", "int32", [B, T]), [N]);
  const targets = reshape(g, g.input("targets", "int32", [B, T]), [N]);
  const rope = rotaryConsts(g, rotaryTables(T, hd), T, o.mode === "train");
  const mask = stackedCausalMask(g, d.H / d.Hkv, T);
  const attnW = (i: number): AttnWeights => {
    const q = `transformer.h.${i}.attn.`;
    return { q: p(q + "c_q.weight"), k: p(q + "c_k.weight"), v: p(q + "c_v.weight"), proj: p(q + "c_proj.weight") };
  };
  const fc = (i: number) => p(`transformer.h.${i}.mlp.c_fc.weight`);
  const mproj = (i: number) => p(`transformer.h.${i}.mlp.c_proj.weight`);

  // forward
  const emb = rmsNormForward(g, embeddingForward(g, p("transformer.wte.weight"), idx));
  let x = emb.y;
  const layers: LayerSaved[] = [];
  for (let i = 0; i < cfg.n_layer; i++) {
    const norm1 = rmsNormForward(g, x);
    const a = attentionForward(g, norm1.y, attnW(i), d, rope, mask);
    x = add(g, x, a.out);
    const norm2 = rmsNormForward(g, x);
    const m = mlpForward(g, norm2.y, fc(i), mproj(i));
    x = add(g, x, m.out);
    layers.push({ norm1, attn: a.saved, norm2, mlp: m.saved });
  }
  const fin = rmsNormForward(g, x);
  const head = headForward(g, fin.y, p("lm_head.weight"), targets, N);
  g.output(head.loss, "float32", [], "loss");
  g.output(reshape(g, head.perToken, [B, T]), "float32", [B, T], "loss_per_token");
  if (o.logits) g.output(reshape(g, head.logits, [B, T, V]), "float32", [B, T, V], "logits");
  if (o.mode === "eval") return g;

  // backward, in reverse network order
  const grads = new Map<string, string>();
  const hb = headBackward(g, head.saved, p("lm_head.weight"));
  grads.set("lm_head.weight", hb.dw);
  let dx = rmsNormBackward(g, fin, hb.dxf);
  for (let i = cfg.n_layer - 1; i >= 0; i--) {
    const s = layers[i];
    const pre = `transformer.h.${i}.`;
    const mb = mlpBackward(g, s.mlp, fc(i), mproj(i), dx);
    grads.set(pre + "mlp.c_fc.weight", mb.dfc).set(pre + "mlp.c_proj.weight", mb.dproj);
    dx = add(g, dx, rmsNormBackward(g, s.norm2, mb.dxn));
    const ab = attentionBackward(g, s.attn, attnW(i), d, rope, dx);
    grads.set(pre + "attn.c_q.weight", ab.dw.q).set(pre + "attn.c_k.weight", ab.dw.k).set(pre + "attn.c_v.weight", ab.dw.v).set(pre + "attn.c_proj.weight", ab.dw.proj);
    dx = add(g, dx, rmsNormBackward(g, s.norm1, ab.dxn));
  }
  grads.set("transformer.wte.weight", embeddingBackward(g, idx, rmsNormBackward(g, emb, dx), V, C, N));
  for (const s of specs) g.output(grads.get(s.name)!, "float32", s.shape, GRAD_PREFIX + s.name);
  return g;
}
