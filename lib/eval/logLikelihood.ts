// Shared pieces of the two scorers (score.ts): input checks and log-probabilities of chosen tokens.
import * as tf from "@tensorflow/tfjs";
import type { GPT } from "../engines/tfjs/gpt";
import type { EncodedPrompt } from "./encode";

/** Every item has a non-empty prefix (at least BOS) and non-empty continuations of in-vocab tokens. */
export function checkItems(items: EncodedPrompt[], vocabSize: number, who: string): void {
  items.forEach((it, i) => {
    if (it.prefix.length === 0) throw new Error(`${who}: item ${i} has an empty prefix (it must start with BOS)`);
    if (it.choices.length === 0) throw new Error(`${who}: item ${i} has no choices`);
    it.choices.forEach((c, j) => {
      if (c.length === 0) throw new Error(`${who}: item ${i} choice ${j} has no tokens`);
    });
    for (const part of [it.prefix, it.question, ...it.choices])
      for (const t of part)
        if (!Number.isInteger(t) || t < 0 || t >= vocabSize) throw new Error(`${who}: item ${i} has token ${t} outside the vocab [0, ${vocabSize})`);
  });
}

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
