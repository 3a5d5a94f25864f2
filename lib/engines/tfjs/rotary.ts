// Rotary position embeddings, nanochat v1 (reference §1a): base 10,000, half-split layout
// (x1 = first half, x2 = second half; y1 = x1·cos + x2·sin, y2 = −x1·sin + x2·cos).
// Tables in float32 (the fixtures keep them in float32; nanochat stores bf16 on GPU).
import * as tf from "@tensorflow/tfjs";
import type { RotaryTables } from "../../model/rotaryTables";

// the tables are plain arrays shared by every engine (rotaryTables.ts); re-exported where they always were
export { ROTARY_BASE } from "../../model/constants";
export { type RotaryTables, rotaryTables } from "../../model/rotaryTables";

/** The [T, 1, half] slices for positions start..start+T-1 (broadcast over batch and heads of [B, T, H, hd]). */
export function rotarySlice(tab: RotaryTables, start: number, T: number): { cos: tf.Tensor3D; sin: tf.Tensor3D } {
  if (start + T > tab.maxLen)
    throw new Error(`sequence position ${start + T} is beyond the rotary table (${tab.maxLen} positions = 10 × sequence_len, as nanochat)`);
  const a = start * tab.half;
  const b = (start + T) * tab.half;
  return {
    cos: tf.tensor3d(tab.cos.subarray(a, b), [T, 1, tab.half]),
    sin: tf.tensor3d(tab.sin.subarray(a, b), [T, 1, tab.half]),
  };
}

/** Rotate x [B, T, H, hd] by the given [T, 1, hd/2] tables. */
export function applyRotary(x: tf.Tensor4D, cos: tf.Tensor3D, sin: tf.Tensor3D): tf.Tensor4D {
  return tf.tidy(() => {
    const hd = x.shape[3];
    const half = hd / 2;
    const [x1, x2] = tf.split(x, [half, half], 3);
    const y1 = tf.add(tf.mul(x1, cos), tf.mul(x2, sin));
    const y2 = tf.sub(tf.mul(x2, cos), tf.mul(x1, sin));
    return tf.concat([y1, y2], 3) as tf.Tensor4D;
  });
}
