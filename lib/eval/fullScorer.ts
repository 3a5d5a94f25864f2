// The reference scorer: for every item and every choice, the whole prompt + continuation is run through
// the model on its own (no cache, batch 1), and the continuation's token log-probabilities are summed.
// Plain on purpose: PrefixCachedScorer must agree with it (test/eval/score.test.ts, bench/eval-prefix.ts).
import type { InferenceEngine } from "../engines/inference";
import type { EncodedPrompt } from "./encode";
import { checkItems } from "./logLikelihood";
import type { ChoiceScorer } from "./score";

export class FullPromptScorer implements ChoiceScorer {
  readonly name = "full";
  readonly engine: InferenceEngine;
  /** Scores on an inference engine (lib/engines: ORT or the tfjs GPT). */
  constructor(engine: InferenceEngine) {
    this.engine = engine;
  }

  async score(items: EncodedPrompt[], onScored?: (n: number) => void): Promise<number[][]> {
    checkItems(items, this.engine.config.vocab_size, "FullPromptScorer");
    const out: number[][] = [];
    for (const it of items) {
      const context = [...it.prefix, ...it.question];
      const ll: number[] = [];
      for (const cont of it.choices) {
        const ids = [...context, ...cont];
        // the logits at position p predict token p + 1: the continuation's tokens are read at context.length − 1 …
        const reads = cont.map((target, j) => ({ row: 0, pos: context.length - 1 + j, target }));
        const lp = await this.engine.logProbs(null, Int32Array.from(ids), ids.length, reads);
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
