// nanochat v1's forward pass as one ONNX graph for inference (the tfjs GPT in lib/model is the reference):
// ids [B,T] after a KV cache of P positions → soft-capped logits at selected rows + the T new keys/values.
// One graph serves prefill (P = 0), decoding (T = 1) and scoring (logits only at the read positions):
// B, T, P and the number of selected rows N are symbolic. Weights are graph inputs under their state_dict
// names, fed from the caller's arrays on every run (ORT reads them in place, no copy), so a 1–4 GB model
// is held once, never re-encoded into protobuf (2 GiB cap) and shared by every graph.
// The cache is position-major, [P, B, n_kv_head, head_dim] per layer: the engine appends a step's keys
// at the end of a growing buffer and feeds a prefix of it, with no copy.
import { type GPTConfig, headDim } from "../../model/config";
import { RMS_NORM_EPS, SOFTCAP } from "../../model/constants";
import { paramSpecs } from "../../model/params";
import { Graph } from "./graph";

export interface InferGraphOptions {
  /** past keys/values come with batch 1 and are broadcast to the B rows (a shared scoring prefix) */
  broadcastPast?: boolean;
}

export const ROPE_COS = "rope.cos";
export const ROPE_SIN = "rope.sin";
export const pastK = (i: number): string => `past_k.${i}`;
export const pastV = (i: number): string => `past_v.${i}`;
export const newK = (i: number): string => `new_k.${i}`;
export const newV = (i: number): string => `new_v.${i}`;

/** Parameter-free RMSNorm over the last axis (lib/engines/tfjs/norm.ts): x / √(mean(x²) + eps). */
function rmsNorm(g: Graph, x: string): string {
  const ms = g.op1("ReduceMean", [g.op1("Mul", [x, x]), g.constI64([-1])], { keepdims: 1 });
  return g.op1("Div", [x, g.op1("Sqrt", [g.op1("Add", [ms, g.constF32([RMS_NORM_EPS], [])])])]);
}

/** x [B·T, in] times a torch Linear weight [out, in]: Gemm with transB, no transposed copy. */
function linear(g: Graph, x: string, w: string): string {
  return g.op1("Gemm", [x, w], { transB: 1 });
}

/** Half-split rotary (lib/engines/tfjs/rotary.ts) on x [B,T,H,hd] with cos/sin [T,1,hd/2]. */
function rotary(g: Graph, x: string, cos: string, sin: string, half: number): string {
  const [x1, x2] = g.op("Split", [x, g.constI64([half, half])], { axis: 3 }, 2);
  const y1 = g.op1("Add", [g.op1("Mul", [x1, cos]), g.op1("Mul", [x2, sin])]);
  const y2 = g.op1("Sub", [g.op1("Mul", [x2, cos]), g.op1("Mul", [x1, sin])]);
  return g.op1("Concat", [y1, y2], { axis: 3 });
}

export function buildInferGraph(c: GPTConfig, opts: InferGraphOptions = {}): Graph {
  const g = new Graph(`nanochat_infer_L${c.n_layer}_C${c.n_embd}_H${c.n_head}_KV${c.n_kv_head}_V${c.vocab_size}${opts.broadcastPast ? "_bcast" : ""}`);
  const hd = headDim(c);
  const half = hd / 2;
  const H = c.n_head;
  const Hkv = c.n_kv_head;
  const G = H / Hkv;
  const C = c.n_embd;
  for (const s of paramSpecs(c)) g.input(s.name, "float32", s.shape);
  g.input(ROPE_COS, "float32", ["rope_len", half]);
  g.input(ROPE_SIN, "float32", ["rope_len", half]);
  g.input("ids", "int32", ["B", "T"]);
  g.input("sel", "int32", ["N"]);
  const pastB = opts.broadcastPast ? 1 : "B";
  for (let i = 0; i < c.n_layer; i++) {
    g.input(pastK(i), "float32", ["P", pastB, Hkv, hd]);
    g.input(pastV(i), "float32", ["P", pastB, Hkv, hd]);
  }

  // sizes from the inputs' shapes (int64 scalars / 1-element vectors)
  const idsShape = g.op1("Shape", ["ids"]);
  const B = g.op1("Slice", [idsShape, g.constI64([0]), g.constI64([1])]);
  const T = g.op1("Slice", [idsShape, g.constI64([1]), g.constI64([2])]);
  const P = g.op1("Slice", [g.op1("Shape", [pastK(0)]), g.constI64([0]), g.constI64([1])]);
  const Ps = g.op1("Squeeze", [P, g.constI64([0])]);
  const S = g.op1("Add", [P, T]);
  const Ss = g.op1("Squeeze", [S, g.constI64([0])]);
  const one = g.constI64([1], []);

  // rotary rows for absolute positions P..P+T-1, [T,1,half]
  const positions = g.op1("Range", [Ps, Ss, one]);
  const cos = g.op1("Unsqueeze", [g.op1("Gather", [ROPE_COS, positions], { axis: 0 }), g.constI64([1])]);
  const sin = g.op1("Unsqueeze", [g.op1("Gather", [ROPE_SIN, positions], { axis: 0 }), g.constI64([1])]);

  // additive causal mask [T,S]: query P+i sees keys j ≤ P+i (−1e9 as lib/engines/tfjs/attention.ts)
  const keyPos = g.op1("Range", [g.constI64([0], []), Ss, one]);
  const qPos = g.op1("Unsqueeze", [positions, g.constI64([1])]);
  const mask = g.op1("Where", [g.op1("Greater", [keyPos, qPos]), g.constF32([-1e9], []), g.constF32([0], [])]);

  const BT = g.op1("Mul", [B, T]);
  const shapeBTHhd = g.op1("Concat", [B, T, g.constI64([H, hd])], { axis: 0 });
  const shapeBTKVhd = g.op1("Concat", [B, T, g.constI64([Hkv, hd])], { axis: 0 });
  const shapeBKVGT = g.op1("Concat", [B, g.constI64([Hkv]), g.constI64([G]), T, g.constI64([-1])], { axis: 0 });
  const shapeBKVGTflat = g.op1("Concat", [B, g.constI64([Hkv, -1]), S], { axis: 0 });
  const shapeBTC = g.op1("Concat", [BT, g.constI64([C])], { axis: 0 });
  const pastExpand = opts.broadcastPast ? g.op1("Concat", [P, B, g.constI64([Hkv, hd])], { axis: 0 }) : "";

  const flatIds = g.op1("Reshape", ["ids", g.constI64([-1])]);
  let x = rmsNorm(g, g.op1("Gather", ["transformer.wte.weight", flatIds], { axis: 0 })); // [B·T, C]
  const scale = g.constF32([1 / Math.sqrt(hd)], []);
  for (let i = 0; i < c.n_layer; i++) {
    const p = `transformer.h.${i}.`;
    const xn = rmsNorm(g, x);
    const q4 = g.op1("Reshape", [linear(g, xn, p + "attn.c_q.weight"), shapeBTHhd]);
    const k4 = g.op1("Reshape", [linear(g, xn, p + "attn.c_k.weight"), shapeBTKVhd]);
    const v4 = g.op1("Reshape", [linear(g, xn, p + "attn.c_v.weight"), shapeBTKVhd]);
    const q = rmsNorm(g, rotary(g, q4, cos, sin, half)); // [B,T,H,hd]
    const k = rmsNorm(g, rotary(g, k4, cos, sin, half)); // [B,T,Hkv,hd]
    // the new keys/values, position-major [T,B,Hkv,hd], go out for the cache
    const kNew = g.op1("Transpose", [k], { perm: [1, 0, 2, 3] });
    const vNew = g.op1("Transpose", [v4], { perm: [1, 0, 2, 3] });
    g.output(kNew, "float32", ["T", "B", Hkv, hd], newK(i));
    g.output(vNew, "float32", ["T", "B", Hkv, hd], newV(i));
    const kPast = opts.broadcastPast ? g.op1("Expand", [pastK(i), pastExpand]) : pastK(i);
    const vPast = opts.broadcastPast ? g.op1("Expand", [pastV(i), pastExpand]) : pastV(i);
    const kAll = g.op1("Concat", [kPast, kNew], { axis: 0 }); // [S,B,Hkv,hd]
    const vAll = g.op1("Concat", [vPast, vNew], { axis: 0 });
    const kT = g.op1("Transpose", [kAll], { perm: [1, 2, 3, 0] }); // [B,Hkv,hd,S]
    const vB = g.op1("Transpose", [vAll], { perm: [1, 2, 0, 3] }); // [B,Hkv,S,hd]
    // query head h = kv·G + g reads kv head ⌊h/G⌋ (nanochat's repeat_kv): group the G heads of a kv head
    const qs = g.op1("Mul", [q, scale]);
    const q5 = g.op1("Reshape", [qs, g.op1("Concat", [B, T, g.constI64([Hkv, G, hd])], { axis: 0 })]);
    const qg = g.op1("Reshape", [g.op1("Transpose", [q5], { perm: [0, 2, 3, 1, 4] }), g.op1("Concat", [B, g.constI64([Hkv, -1, hd])], { axis: 0 })]); // [B,Hkv,G·T,hd]
    const scores = g.op1("Reshape", [g.op1("MatMul", [qg, kT]), shapeBKVGT]); // [B,Hkv,G,T,S]
    const att = g.op1("Softmax", [g.op1("Add", [scores, mask])], { axis: -1 });
    const y = g.op1("MatMul", [g.op1("Reshape", [att, shapeBKVGTflat]), vB]); // [B,Hkv,G·T,hd]
    const y5 = g.op1("Reshape", [y, g.op1("Concat", [B, g.constI64([Hkv, G]), T, g.constI64([hd])], { axis: 0 })]);
    const y2 = g.op1("Reshape", [g.op1("Transpose", [y5], { perm: [0, 3, 1, 2, 4] }), shapeBTC]); // [B·T, C]
    x = g.op1("Add", [x, linear(g, y2, p + "attn.c_proj.weight")]);
    const h = g.op1("Relu", [linear(g, rmsNorm(g, x), p + "mlp.c_fc.weight")]);
    x = g.op1("Add", [x, linear(g, g.op1("Mul", [h, h]), p + "mlp.c_proj.weight")]);
  }
  // only the selected rows reach lm_head: prefill's last token, or a scorer's read positions
  const hSel = g.op1("Gather", [rmsNorm(g, x), "sel"], { axis: 0 }); // [N, C]
  const cap = g.constF32([SOFTCAP], []);
  const logits = g.op1("Mul", [g.op1("Tanh", [g.op1("Div", [linear(g, hSel, "lm_head.weight"), cap])]), cap]);
  g.output(logits, "float32", ["N", c.vocab_size], "logits");
  return g;
}
