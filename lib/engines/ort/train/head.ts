// lm_head, logit soft-cap and cross-entropy (targets −1 ignored), forward and backward side by side.
// c = 15·tanh(z/15) with z = xf·Wlmᵀ; per-token loss = −log softmax(c)[t] (0 where t = −1); loss = Σ / count.
// Backward: dc = (softmax(c) − onehot(t))·valid/count, added at the target by ScatterElements (no [N, V]
// one-hot); dz = dc·(1 − tanh²).
import { SOFTCAP } from "../../../model/constants";
import type { Graph } from "../graph";
import { linearBackward, mul, reshape, scale, sub } from "./ops";

export interface HeadSaved {
  xf: string;
  th: string;
  logSoftmax: string;
  /** targets with −1 replaced by 0, int64 [N, 1] */
  safe: string;
  /** 1 where the target counts, float [N, 1] */
  valid: string;
  count: string;
}

export interface HeadOut {
  /** soft-capped logits [N, V] */
  logits: string;
  /** [N] */
  perToken: string;
  /** scalar mean over counted targets (NaN when none, as torch) */
  loss: string;
  saved: HeadSaved;
}

/** targets: int32 [N]. */
export function headForward(g: Graph, xf: string, wlm: string, targets: string, N: number): HeadOut {
  // z/15 straight out of the matmul (Gemm's alpha): one pass over [N, V] fewer
  const th = g.op1("Tanh", [g.op1("Gemm", [xf, wlm], { transB: 1, alpha: { f: 1 / SOFTCAP } })]);
  const logits = scale(g, th, SOFTCAP);
  const t = reshape(g, g.op1("Cast", [targets], { to: 7 }), [N, 1]);
  const validB = g.op1("GreaterOrEqual", [t, g.constI64([0], [])]);
  const safe = g.op1("Where", [validB, t, g.constI64([0], [])]);
  const valid = g.op1("Cast", [validB], { to: 1 });
  const logSoftmax = g.op1("LogSoftmax", [logits], { axis: -1 });
  const picked = g.op1("GatherElements", [logSoftmax, safe], { axis: 1 });
  const per = reshape(g, g.op1("Neg", [mul(g, picked, valid)]), [N]);
  const count = g.op1("ReduceSum", [valid], { keepdims: 0 });
  const loss = g.op1("Div", [g.op1("ReduceSum", [per], { keepdims: 0 }), count]);
  return { logits, perToken: per, loss, saved: { xf, th, logSoftmax, safe, valid, count } };
}

/** → dxf [N, C] and the gradient of lm_head. */
export function headBackward(g: Graph, s: HeadSaved, wlm: string): { dxf: string; dw: string } {
  const w = g.op1("Div", [s.valid, s.count]);
  const soft = mul(g, g.op1("Exp", [s.logSoftmax]), w);
  const dc = g.op1("ScatterElements", [soft, s.safe, g.op1("Neg", [w])], { axis: 1, reduction: "add" });
  const dz = mul(g, dc, sub(g, g.constF32([1], []), mul(g, s.th, s.th)));
  const b = linearBackward(g, s.xf, wlm, dz);
  return { dxf: b.dx, dw: b.dw };
}
