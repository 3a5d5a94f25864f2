// MLP: c_fc d→4d, ReLU², c_proj 4d→d, no biases (nanochat v1). x is [N, d].
import * as tf from "@tensorflow/tfjs";

export function mlp(x: tf.Tensor2D, cFc: tf.Tensor2D, cProj: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const h = tf.matMul(x, cFc, false, true);
    const r = tf.relu(h);
    return tf.matMul(tf.mul(r, r), cProj, false, true) as tf.Tensor2D;
  });
}
