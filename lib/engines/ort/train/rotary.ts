// Rotary embeddings on [B, T, H, hd] in nanochat's half-split layout, forward and backward side by side:
// y1 = x1·cos + x2·sin, y2 = x2·cos − x1·sin. The rotation is orthogonal, so the backward is the same
// rotation with sin negated: dx1 = dy1·cos − dy2·sin, dx2 = dy1·sin + dy2·cos.
import type { Graph } from "../graph";
import { add, mul, sub } from "./ops";

export interface RotaryConsts {
  /** [T, 1, hd/2] constants */
  cos: string;
  sin: string;
  /** only in graphs with a backward pass (ORT warns about unused constants) */
  negSin: string | null;
  half: number;
}

/** The tables for positions 0..T−1 as graph constants (taken from lib/model's float32 tables). */
export function rotaryConsts(g: Graph, tab: { cos: Float32Array; sin: Float32Array; half: number }, T: number, backward: boolean): RotaryConsts {
  const n = T * tab.half;
  const dims = [T, 1, tab.half];
  const sin = tab.sin.subarray(0, n);
  return {
    cos: g.constF32(tab.cos.slice(0, n), dims),
    sin: g.constF32(sin.slice(), dims),
    negSin: backward ? g.constF32(sin.map((v) => -v), dims) : null,
    half: tab.half,
  };
}

function rotate(g: Graph, x: string, cos: string, sin: string, half: number): string {
  const [x1, x2] = g.op("Split", [x, g.constI64([half, half])], { axis: 3 }, 2);
  const y1 = add(g, mul(g, x1, cos), mul(g, x2, sin));
  const y2 = sub(g, mul(g, x2, cos), mul(g, x1, sin));
  return g.op1("Concat", [y1, y2], { axis: 3 });
}

export function rotaryForward(g: Graph, x: string, c: RotaryConsts): string {
  return rotate(g, x, c.cos, c.sin, c.half);
}

export function rotaryBackward(g: Graph, dy: string, c: RotaryConsts): string {
  if (!c.negSin) throw new Error(`graph ${g.name}: rotary backward in a graph built without it`);
  return rotate(g, dy, c.cos, c.negSin, c.half);
}
