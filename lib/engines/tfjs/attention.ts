// Causal self-attention, nanochat v1 (reference §1a): c_q, c_k, c_v → rotary on q and k → QK RMSNorm →
// softmax(q·kᵀ/√hd + causal mask)·v → c_proj. n_kv_head ≤ n_head: query head h reads kv head ⌊h/rep⌋
// (nanochat's repeat_kv), done here by grouping the rep query heads of a kv head into one batched matmul.
import * as tf from "@tensorflow/tfjs";
import { rmsNorm } from "./norm";
import { applyRotary } from "./rotary";

export interface AttentionWeights {
  cQ: tf.Tensor2D;
  cK: tf.Tensor2D;
  cV: tf.Tensor2D;
  cProj: tf.Tensor2D;
}

/** Cached keys and values of one layer, [B, n_kv_head, T_cached, hd] each (kept tensors). */
export interface LayerCache {
  k: tf.Tensor4D | null;
  v: tf.Tensor4D | null;
}

export interface AttentionShape {
  B: number;
  T: number;
  nHead: number;
  nKvHead: number;
}

/** Additive mask [Tq, Tk]: query i (absolute position Tk−Tq+i) sees keys j ≤ Tk−Tq+i. */
export function causalMask(Tq: number, Tk: number): tf.Tensor2D {
  const m = new Float32Array(Tq * Tk);
  const off = Tk - Tq;
  for (let i = 0; i < Tq; i++) for (let j = off + i + 1; j < Tk; j++) m[i * Tk + j] = -1e9;
  return tf.tensor2d(m, [Tq, Tk]);
}

/** Attention core: q [B,H,Tq,hd], k and v [B,Hkv,Tk,hd], mask [Tq,Tk] → [B,H,Tq,hd]. */
export function attend(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, mask: tf.Tensor2D): tf.Tensor4D {
  return tf.tidy(() => {
    const [B, H, Tq, hd] = q.shape;
    const Hkv = k.shape[1];
    const Tk = k.shape[2];
    const rep = H / Hkv;
    const qs = tf.mul(q, 1 / Math.sqrt(hd));
    const qg = rep === 1 ? qs : tf.reshape(qs, [B, Hkv, rep * Tq, hd]);
    let scores: tf.Tensor = tf.matMul(qg, k, false, true);
    if (rep !== 1) scores = tf.reshape(scores, [B, Hkv, rep, Tq, Tk]);
    const att = tf.softmax(tf.add(scores, mask));
    const attG = rep === 1 ? att : tf.reshape(att, [B, Hkv, rep * Tq, Tk]);
    const y = tf.matMul(attG, v);
    return (rep === 1 ? y : tf.reshape(y, [B, H, Tq, hd])) as tf.Tensor4D;
  });
}

/**
 * One attention layer on x [B·T, C] (already normed). cos/sin are the rotary slices for the T positions.
 * With a cache, the new keys/values are appended to it and attention runs over the whole cache.
 */
export function attention(
  x: tf.Tensor2D,
  s: AttentionShape,
  w: AttentionWeights,
  cos: tf.Tensor3D,
  sin: tf.Tensor3D,
  mask: tf.Tensor2D,
  cache?: LayerCache,
): tf.Tensor2D {
  return tf.tidy(() => {
    const { B, T, nHead, nKvHead } = s;
    const C = x.shape[1];
    const hd = C / nHead;
    const q4 = tf.reshape(tf.matMul(x, w.cQ, false, true), [B, T, nHead, hd]) as tf.Tensor4D;
    const k4 = tf.reshape(tf.matMul(x, w.cK, false, true), [B, T, nKvHead, hd]) as tf.Tensor4D;
    const v4 = tf.reshape(tf.matMul(x, w.cV, false, true), [B, T, nKvHead, hd]) as tf.Tensor4D;
    const q = tf.transpose(rmsNorm(applyRotary(q4, cos, sin)), [0, 2, 1, 3]) as tf.Tensor4D;
    let k = tf.transpose(rmsNorm(applyRotary(k4, cos, sin)), [0, 2, 1, 3]) as tf.Tensor4D;
    let v = tf.transpose(v4, [0, 2, 1, 3]) as tf.Tensor4D;
    if (cache) {
      if (cache.k && cache.v) {
        k = tf.concat([cache.k, k], 2) as tf.Tensor4D;
        v = tf.concat([cache.v, v], 2) as tf.Tensor4D;
        cache.k.dispose();
        cache.v.dispose();
      }
      cache.k = tf.keep(k);
      cache.v = tf.keep(v);
    }
    const y = attend(q, k, v, mask);
    const y2 = tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B * T, C]) as tf.Tensor2D;
    return tf.matMul(y2, w.cProj, false, true) as tf.Tensor2D;
  });
}
