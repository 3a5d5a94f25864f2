// Several vocabulary sizes from one training run. rustbpe's rule (reference §4) is greedy and
// deterministic: merge k is chosen from the pair counts left by merges 0..k−1 and never depends on how
// many merges were requested, so the first k merges of a long run are exactly a k-merge run on the
// same text, pattern and specials. A vocabulary of V (with S specials) keeps the first V − 256 − S
// merges and puts the specials right after them — what training at V gives. test/tokenizer-eval
// checks this against separate runs (patterns nanochat, jieba, han-char).
import { specialIds, specialsList } from "../specials";
import { Tokenizer } from "../tokenizer";
import { tokensFromMerges, trainBpe, type TrainOptions, type TrainStats } from "../train";

/** The tokenizer of the first `vocabSize − 256 − specials` merges. */
export function prefixTokenizer(merges: readonly [number, number][], vocabSize: number, opts: { pattern?: string; specials?: string; name?: string } = {}): { tokenizer: Tokenizer; merges: [number, number][] } {
  const specials = specialsList(opts.specials ?? "nanochat");
  const k = vocabSize - 256 - specials.length;
  if (!Number.isInteger(k) || k < 0) throw new Error(`vocab size ${vocabSize} is below 256 bytes + ${specials.length} specials`);
  if (k > merges.length) throw new Error(`vocab size ${vocabSize} needs ${k} merges; the run has ${merges.length}`);
  const prefix = merges.slice(0, k) as [number, number][];
  const tokens = tokensFromMerges(prefix);
  return { tokenizer: new Tokenizer({ name: opts.name ?? `bpe-${vocabSize}`, tokens, specials: specialIds(specials, tokens.length), pattern: opts.pattern ?? "nanochat" }), merges: prefix };
}

export interface LadderEntry {
  vocabSize: number;
  tokenizer: Tokenizer;
  merges: [number, number][];
  /**
   * Seconds the run took to reach this vocabulary (reading, counting, and the merges up to it): what a
   * separate run at this size takes, since its merges are the same ones (the largest: the whole run).
   */
  seconds: number;
}

export interface Ladder {
  pattern: string;
  entries: LadderEntry[];
  /** the one training run (at the largest vocabulary) */
  stats: TrainStats;
  warnings: string[];
}

/** Train once at the largest of `vocabSizes` and cut the merge list for the others. */
export function trainVocabLadder(docs: Iterable<string>, opts: Omit<TrainOptions, "vocabSize" | "name"> & { vocabSizes: readonly number[]; name?: (vocabSize: number) => string }): Ladder {
  if (opts.vocabSizes.length === 0) throw new Error("trainVocabLadder: no vocab sizes");
  const sizes = [...new Set(opts.vocabSizes)].sort((a, b) => a - b);
  const pattern = opts.pattern ?? "nanochat";
  const name = opts.name ?? ((v: number) => `${pattern}-${v}`);
  const largest = sizes[sizes.length - 1];
  const nSpecials = specialsList(opts.specials ?? "nanochat").length;
  // when each size's last merge is done, from the start of the run
  const marks = new Map(sizes.map((v) => [v - 256 - nSpecials, v]));
  const reached = new Map<number, number>();
  const t0 = performance.now();
  const onMerge = (done: number): void => {
    const v = marks.get(done);
    if (v !== undefined) reached.set(v, (performance.now() - t0) / 1000);
    opts.onMerge?.(done);
  };
  const run = trainBpe(docs, { ...opts, vocabSize: largest, name: name(largest), onMerge });
  const entries = sizes
    .filter((v) => v - 256 - nSpecials <= run.merges.length)
    .map((v) =>
      v === largest
        ? { vocabSize: v, tokenizer: run.tokenizer, merges: run.merges, seconds: run.stats.seconds }
        : { vocabSize: v, ...prefixTokenizer(run.merges, v, { pattern, specials: opts.specials, name: name(v) }), seconds: reached.get(v) ?? run.stats.countSeconds },
    );
  const warnings = [...run.warnings];
  const dropped = sizes.filter((v) => !entries.some((e) => e.vocabSize === v));
  if (dropped.length) warnings.push(`vocab sizes ${dropped.join(", ")} need more merges than this corpus allows (${run.merges.length}); left out`);
  return { pattern, entries, stats: run.stats, warnings };
}
