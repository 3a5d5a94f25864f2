// The cleaner measured on real noisy Chinese web text (CASIA-LM/ChineseWebText, in ../shared/data):
// precision / recall on the labelled clean and dirty examples, and what happens to 100 raw
// CommonCrawl documents. "Positive" = dirty = rejected.
import path from "node:path";
import { sharedDataDir } from "../util/paths";
import { CleanStats, makeCleaner, type CleanOptions, type CleanResult } from "./clean";
import { readJsonl } from "./lines";
import { CORPUS_NORMALIZE, makeNormalizer } from "./normalize";

export interface LabelledOutcome {
  label: "clean" | "dirty";
  kept: boolean;
  rule?: string;
  value?: number | string;
  threshold?: number | string;
  excerpt: string;
}

export interface LabelledEval {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  outcomes: LabelledOutcome[];
}

export interface WebEvalResult {
  labelled: LabelledEval;
  crawl: ReturnType<CleanStats["toJSON"]>;
}

export function webNoisyDir(): string {
  return path.join(sharedDataDir(), "zh_text", "web_noisy_chinesewebtext");
}

/** Normalise (t2s, width, hygiene) then clean: the pipeline every measurement here runs. */
function normalizeAndClean(options: CleanOptions): (text: string) => CleanResult {
  const normalize = makeNormalizer(CORPUS_NORMALIZE);
  const clean = makeCleaner(options);
  return (t: string): CleanResult => clean(normalize(t));
}

/** Precision / recall of the cleaner on the labelled clean and dirty documents (dirty = positive). */
export function evaluateLabelledWeb(options: CleanOptions = {}, dir: string = webNoisyDir()): LabelledEval {
  const run = normalizeAndClean(options);
  const outcomes: LabelledOutcome[] = [];
  for (const label of ["clean", "dirty"] as const) {
    const file = path.join(dir, `fasttext_${label}.jsonl`);
    for (const rec of readJsonl(file)) {
      const r = run(String(rec.value.text));
      outcomes.push({ label, kept: r.kept, rule: r.failure?.rule, value: r.failure?.value, threshold: r.failure?.threshold, excerpt: r.text.slice(0, 60).replace(/\n/g, "⏎") });
    }
  }
  const tp = outcomes.filter((o) => o.label === "dirty" && !o.kept).length;
  const fp = outcomes.filter((o) => o.label === "clean" && !o.kept).length;
  const tn = outcomes.filter((o) => o.label === "clean" && o.kept).length;
  const fn = outcomes.filter((o) => o.label === "dirty" && o.kept).length;
  return { tp, fp, tn, fn, precision: tp + fp ? tp / (tp + fp) : 0, recall: tp + fn ? tp / (tp + fn) : 0, outcomes };
}

/** Normalise and clean every text; per-rule drop counts with a few examples (excerpts of
 * `excerptChars`). For a corpus on disk pass the texts of lib/data's readers. */
export function cleanCorpusStats(texts: Iterable<string>, options: CleanOptions = {}, excerptChars = 80): ReturnType<CleanStats["toJSON"]> {
  const run = normalizeAndClean(options);
  const stats = new CleanStats();
  for (const t of texts) stats.add(run(t), excerptChars);
  return stats.toJSON();
}

/** The labelled precision / recall and the 100 raw crawl documents (raw_content) through the cleaner. */
export function evaluateWebNoisy(options: CleanOptions = {}): WebEvalResult {
  const dir = webNoisyDir();
  const crawl = cleanCorpusStats((function* () {
    for (const rec of readJsonl(path.join(dir, "cc2021-43_cleared1.jsonl"))) yield String(rec.value.raw_content);
  })(), options);
  return { labelled: evaluateLabelledWeb(options, dir), crawl };
}
