// The reference scorer: for every item and every choice, the whole prompt + continuation is run through
// the model on its own (no cache, batch 1), and the continuation's token log-probabilities are summed.
// Plain on purpose: PrefixCachedScorer must agree with it (test/eval/score.test.ts, bench/eval-prefix.ts).
import * as tf from "@tensorflow/tfjs";
import type { GPT } from "../model/gpt";
import type { EncodedPrompt } from "./encode";
import { checkItems, logProbsAt } from "./logLikelihood";
import type { ChoiceScorer } from "./score";

export class FullPromptScorer implements ChoiceScorer {
  readonly name = "full";
  constructor(private readonly model: GPT) {}

  async score(items: EncodedPrompt[], onScored?: (n: number) => void): Promise<number[][]> {
    checkItems(items, this.model.config.vocab_size, "FullPromptScorer");
    const out: number[][] = [];
    for (const it of items) {
      const context = [...it.prefix, ...it.question];
      const ll: number[] = [];
      for (const cont of it.choices) {
        const ids = [...context, ...cont];
        // the logits at position p predict token p + 1: the continuation's tokens are read at context.length − 1 …
        const rows = cont.map((_, j) => context.length - 1 + j);
        const idx = tf.tensor2d(Int32Array.from(ids), [1, ids.length], "int32");
        const h = this.model.hidden(idx);
        idx.dispose();
        const lp = await logProbsAt(this.model, h, rows, cont);
        h.dispose();
        let sum = 0;
        for (const x of lp) sum += x;
        ll.push(sum);
      }
      out.push(ll);
      onScored?.(1);
    }
    return out;
  }
}
