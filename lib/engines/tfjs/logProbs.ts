// log-probabilities of chosen tokens from a tfjs GPT's final hidden states (one pass per question, as
// the official llama.py reads the four letters at the prompt's end; bench/eval-prefix.ts compares it).
import * as tf from "@tensorflow/tfjs";
import type { GPT } from "./gpt";

/**
 * log softmax(logits)[target] at chosen rows of final hidden states h [N, C]: rows[k] is a row of h,
 * targets[k] the token whose log-probability is read there. Only those rows go through lm_head.
 */
export async function logProbsAt(model: GPT, h: tf.Tensor2D, rows: number[], targets: number[]): Promise<Float32Array> {
  if (rows.length === 0) return new Float32Array(0);
  const lp = tf.tidy(() => {
    const picked = tf.gather(h, tf.tensor1d(rows, "int32"));
    const logp = tf.logSoftmax(model.logitsFromHidden(picked as tf.Tensor2D));
    const at = tf.tensor2d(Int32Array.from(targets.flatMap((t, k) => [k, t])), [targets.length, 2], "int32");
    return tf.gatherND(logp, at);
  });
  const data = (await lp.data()) as Float32Array;
  lp.dispose();
  return data;
}
