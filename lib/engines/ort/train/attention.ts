// Causal self-attention of nanochat v1 (lib/engines/tfjs/attention.ts), forward and backward side by side.
// Forward on xn [N = B·T, C]: qkv = xn·[Wq; Wk; Wv]ᵀ (one matmul) → q, k rotated and RMS-normed per head
// → S = (q/√hd)·kᵀ + causal mask → P = softmax(S) → y = P·v → y·Wpᵀ. GQA/MQA: the rep = H/Hkv query heads
// of a kv head are stacked along the time axis ([B, Hkv, rep·T, hd]) as the tfjs twin does, so each kv
// head meets its query heads in one batched matmul and the backward sums their dK, dV for free.
// Backward of softmax: dS = P ⊙ (dP − Σ_j dP⊙P).
import type { Graph } from "../graph";
import { linear, linearBackward, mul, reshape, scale, sub, sumLast, transpose } from "./ops";
import { type NormSaved, rmsNormBackward, rmsNormForward } from "./norm";
import { type RotaryConsts, rotaryBackward, rotaryForward } from "./rotary";

export interface AttnDims {
  B: number;
  T: number;
  C: number;
  H: number;
  Hkv: number;
  hd: number;
}

export interface AttnWeights {
  q: string;
  k: string;
  v: string;
  proj: string;
}

export interface AttnSaved {
  xn: string;
  wqkv: string;
  qNorm: NormSaved;
  kNorm: NormSaved;
  /** [B, Hkv, rep·T, hd], already scaled by 1/√hd */
  qg: string;
  kt: string;
  vt: string;
  P: string;
  /** attention output before c_proj, [N, C] */
  y: string;
}

/** The additive causal mask for the stacked query rows: row r·T + i sees keys j ≤ i. */
export function stackedCausalMask(g: Graph, rep: number, T: number): string {
  const m = new Float32Array(rep * T * T);
  for (let r = 0; r < rep; r++) for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) m[(r * T + i) * T + j] = -1e9;
  return g.constF32(m, [rep * T, T]);
}

export function attentionForward(g: Graph, xn: string, w: AttnWeights, d: AttnDims, rope: RotaryConsts, mask: string): { out: string; saved: AttnSaved } {
  const { B, T, C, H, Hkv, hd } = d;
  const kv = Hkv * hd;
  const rep = H / Hkv;
  const wqkv = g.op1("Concat", [w.q, w.k, w.v], { axis: 0 });
  const [q, k, v] = g.op("Split", [linear(g, xn, wqkv), g.constI64([C, kv, kv])], { axis: 1 }, 3);
  const qNorm = rmsNormForward(g, rotaryForward(g, reshape(g, q, [B, T, H, hd]), rope));
  const kNorm = rmsNormForward(g, rotaryForward(g, reshape(g, k, [B, T, Hkv, hd]), rope));
  const qg = reshape(g, scale(g, transpose(g, qNorm.y, [0, 2, 1, 3]), 1 / Math.sqrt(hd)), [B, Hkv, rep * T, hd]);
  const kt = transpose(g, kNorm.y, [0, 2, 1, 3]);
  const vt = transpose(g, reshape(g, v, [B, T, Hkv, hd]), [0, 2, 1, 3]);
  const S = g.op1("Add", [g.op1("MatMul", [qg, transpose(g, kt, [0, 1, 3, 2])]), mask]);
  const P = g.op1("Softmax", [S], { axis: -1 });
  const yg = g.op1("MatMul", [P, vt]);
  const y = reshape(g, transpose(g, reshape(g, yg, [B, H, T, hd]), [0, 2, 1, 3]), [B * T, C]);
  return { out: linear(g, y, w.proj), saved: { xn, wqkv, qNorm, kNorm, qg, kt, vt, P, y } };
}

/** dout [N, C] → dxn [N, C] and the gradients of c_q, c_k, c_v, c_proj. */
export function attentionBackward(g: Graph, s: AttnSaved, w: AttnWeights, d: AttnDims, rope: RotaryConsts, dout: string): { dxn: string; dw: AttnWeights } {
  const { B, T, C, H, Hkv, hd } = d;
  const kv = Hkv * hd;
  const rep = H / Hkv;
  const pj = linearBackward(g, s.y, w.proj, dout);
  const dyg = reshape(g, transpose(g, reshape(g, pj.dx, [B, T, H, hd]), [0, 2, 1, 3]), [B, Hkv, rep * T, hd]);
  const dP = g.op1("MatMul", [dyg, transpose(g, s.vt, [0, 1, 3, 2])]);
  const dvt = g.op1("MatMul", [transpose(g, s.P, [0, 1, 3, 2]), dyg]);
  const dS = mul(g, s.P, sub(g, dP, sumLast(g, mul(g, dP, s.P))));
  const dqg = g.op1("MatMul", [dS, s.kt]);
  const dkt = g.op1("MatMul", [transpose(g, dS, [0, 1, 3, 2]), s.qg]);
  const dqn = transpose(g, scale(g, reshape(g, dqg, [B, H, T, hd]), 1 / Math.sqrt(hd)), [0, 2, 1, 3]);
  const dq = reshape(g, rotaryBackward(g, rmsNormBackward(g, s.qNorm, dqn), rope), [B * T, C]);
  const dk = reshape(g, rotaryBackward(g, rmsNormBackward(g, s.kNorm, transpose(g, dkt, [0, 2, 1, 3])), rope), [B * T, kv]);
  const dv = reshape(g, transpose(g, dvt, [0, 2, 1, 3]), [B * T, kv]);
  const qkv = linearBackward(g, s.xn, s.wqkv, g.op1("Concat", [dq, dk, dv], { axis: 1 }));
  const [gq, gk, gv] = g.op("Split", [qkv.dw, g.constI64([C, kv, kv])], { axis: 0 }, 3);
  return { dxn: qkv.dx, dw: { q: gq, k: gk, v: gv, proj: pj.dw } };
}
