// Rotary cos/sin tables, nanochat v1 (reference §1a), on plain arrays so every engine uses the same values.
import { ROTARY_BASE } from "./constants";

export interface RotaryTables {
  /** [maxLen, headDim/2] */
  cos: Float32Array;
  sin: Float32Array;
  maxLen: number;
  half: number;
}

/** cos/sin for positions 0..maxLen-1, computed as torch does in float32: inv_freq = 1/base^(2i/hd), angle = t·inv_freq. */
export function rotaryTables(maxLen: number, headDim: number, base: number = ROTARY_BASE): RotaryTables {
  const half = headDim / 2;
  const invFreq = new Float32Array(half);
  for (let i = 0; i < half; i++) invFreq[i] = 1 / Math.fround(Math.pow(base, Math.fround((2 * i) / headDim)));
  const cos = new Float32Array(maxLen * half);
  const sin = new Float32Array(maxLen * half);
  for (let t = 0; t < maxLen; t++)
    for (let i = 0; i < half; i++) {
      const a = Math.fround(t * invFreq[i]);
      cos[t * half + i] = Math.cos(a);
      sin[t * half + i] = Math.sin(a);
    }
  return { cos, sin, maxLen, half };
}
