// Shared by the two scorers (score.ts): the input checks.
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
