// Parameter-free RMSNorm over the last axis (nanochat's norm = F.rms_norm, eps = float32 machine epsilon),
// forward and backward side by side. y = x·r with r = 1/√(mean(x²) + eps); then
// dx = r·(dy − y·mean(dy·y)) (the Jacobian of x ↦ x/rms(x), applied to dy).
import { RMS_NORM_EPS } from "../../../model/constants";
import type { Graph } from "../graph";
import { meanLast, mul, sub } from "./ops";


export interface NormSaved {
  y: string;
  r: string;
}

export function rmsNormForward(g: Graph, x: string): NormSaved {
  const ms = meanLast(g, mul(g, x, x));
  const r = g.op1("Reciprocal", [g.op1("Sqrt", [g.op1("Add", [ms, g.constF32([RMS_NORM_EPS], [])])])]);
  return { y: mul(g, x, r), r };
}

export function rmsNormBackward(g: Graph, s: NormSaved, dy: string): string {
  const proj = meanLast(g, mul(g, dy, s.y));
  return mul(g, s.r, sub(g, dy, mul(g, s.y, proj)));
}
