// Parameter-free RMSNorm over the last axis, as nanochat's norm() = F.rms_norm(x, (x.size(-1),)).
// eps defaults to the float32 machine epsilon in torch (fixtures/README.md).
import * as tf from "@tensorflow/tfjs";
import { RMS_NORM_EPS } from "../../model/constants";

export { RMS_NORM_EPS };

export function rmsNorm<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const ms = tf.mean(tf.square(x), -1, true);
    return tf.mul(x, tf.rsqrt(tf.add(ms, RMS_NORM_EPS))) as T;
  });
}
