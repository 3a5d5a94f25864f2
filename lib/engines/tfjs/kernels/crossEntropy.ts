// Cross-entropy per token with a hand-written gradient. Written with tfjs's composite ops, the loss
// backpropagates through logSumExp's max (an Equal over the whole [N, V] logits, broadcast — 18% of a
// training step on wasm, measured here) and through a one-hot product. The gradient of
// logsumexp(z) − z[t] is softmax(z) − onehot(t); computing it directly is fewer passes over [N, V]
// and has no broadcast compare. Targets < 0 give a loss of 0 and no gradient (ignore_index = −1).
// The reference twin is the composite formula (test/engines/tfjs/kernels.test.ts), values and gradients.
import * as tf from "@tensorflow/tfjs";

/** logits [N, V], targets int32 [N] (−1 ignored) → per-token loss [N] (0 where ignored). */
export function crossEntropyPerTokenFast(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
  const V = logits.shape[1];
  const f = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const z = args[0] as tf.Tensor2D;
    const t = args[1] as tf.Tensor1D;
    const save = args[2] as tf.GradSaveFunc;
    const valid = tf.cast(tf.greaterEqual(t, 0), "float32");
    const safe = tf.maximum(t, tf.scalar(0, "int32")); // −1 → 0, masked out by `valid`
    const m = tf.max(z, 1, true); // stabiliser; no gradient flows through it
    const lse = tf.add(tf.log(tf.sum(tf.exp(tf.sub(z, m)), 1)), tf.reshape(m, [-1]));
    const N = z.shape[0];
    // z[i, t_i] by one gather on the flat logits (no [N, V] one-hot in the forward pass)
    const flat = tf.add(tf.mul(tf.range(0, N, 1, "int32"), tf.scalar(V, "int32")), safe) as tf.Tensor1D;
    const picked = tf.gather(tf.reshape(z, [-1]), flat);
    const value = tf.mul(tf.sub(lse, picked), valid);
    save([z, safe, valid]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [zs, safeT, validT] = saved;
        const w = tf.mul(dy, validT).reshape([-1, 1]);
        // (int32 one-hot: the wasm OneHot kernel ignores a float32 dtype and writes integer bits)
        const g = tf.mul(tf.sub(tf.softmax(zs), tf.oneHot(safeT as tf.Tensor1D, V)), w);
        return [g, tf.zerosLike(safeT)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(logits, targets) as tf.Tensor1D;
}
