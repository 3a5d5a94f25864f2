// Multiple-choice scoring by log-likelihood (lm-evaluation-harness's "multiple_choice" and nanochat's
// categorical eval, eval-reference §2 and §4): the score of a choice is Σ log p(token | everything before)
// over the tokens of its continuation, given BOS + header + shots + question. The prediction is the argmax.
// Two scorers compute the same numbers: FullPromptScorer (the plain reference: every prompt + continuation
// run whole, one at a time) and PrefixCachedScorer (a subject's shared prefix run once into a KV cache,
// its questions batched after it).
import type { EncodedPrompt } from "./encode";
import { LETTERS, type Letter } from "./types";

export interface ChoiceScorer {
  readonly name: string;
  /** Log-likelihood of each continuation of each item (summed over its tokens); `onScored(n)` after n more items are done. */
  score(items: EncodedPrompt[], onScored?: (n: number) => void): Promise<number[][]>;
}

/**
 * The predicted letter: the argmax of the log-likelihoods. Ties go to the earliest letter (A before B
 * before C before D) — a documented, deterministic rule (a model whose four scores are equal answers A).
 */
export function pickLetter(ll: number[]): Letter {
  if (ll.length === 0 || ll.length > LETTERS.length) throw new Error(`pickLetter: expected 1–${LETTERS.length} scores, got ${ll.length}`);
  let best = 0;
  for (let i = 0; i < ll.length; i++) {
    if (Number.isNaN(ll[i])) throw new Error(`pickLetter: score of ${LETTERS[i]} is NaN`);
    if (ll[i] > ll[best]) best = i; // strict: an equal later score never replaces an earlier one
  }
  return LETTERS[best];
}

export { checkItems } from "./logLikelihood";
export { FullPromptScorer } from "./fullScorer";
export { PrefixCachedScorer, type PrefixScorerOptions } from "./prefixScorer";
