// The MLP of nanochat v1, forward and backward side by side: h = xn·Wfcᵀ, u = relu(h)², out = u·Wprojᵀ;
// d relu(h)²/dh = 2·relu(h).
import type { Graph } from "../graph";
import { add, linear, linearBackward, mul } from "./ops";

export interface MlpSaved {
  xn: string;
  r: string;
  u: string;
}

export function mlpForward(g: Graph, xn: string, fc: string, proj: string): { out: string; saved: MlpSaved } {
  const r = g.op1("Relu", [linear(g, xn, fc)]);
  const u = mul(g, r, r);
  return { out: linear(g, u, proj), saved: { xn, r, u } };
}

export function mlpBackward(g: Graph, s: MlpSaved, fc: string, proj: string, dout: string): { dxn: string; dfc: string; dproj: string } {
  const p = linearBackward(g, s.u, proj, dout);
  const dh = mul(g, p.dx, add(g, s.r, s.r));
  const f = linearBackward(g, s.xn, fc, dh);
  return { dxn: f.dx, dfc: f.dw, dproj: p.dw };
}
