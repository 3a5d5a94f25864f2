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

export interface WebEvalResult {
  labelled: { tp: number; fp: number; tn: number; fn: number; precision: number; recall: number; outcomes: LabelledOutcome[] };
  crawl: ReturnType<CleanStats["toJSON"]>;
}

export function webNoisyDir(): string {
  return path.join(sharedDataDir(), "zh_text", "web_noisy_chinesewebtext");
}

/** Normalise (t2s, width, hygiene) then clean every document; returns the confusion counts and
 * the crawl's per-rule drop counts with examples. */
export function evaluateWebNoisy(options: CleanOptions = {}): WebEvalResult {
  const dir = webNoisyDir();
  const normalize = makeNormalizer(CORPUS_NORMALIZE);
  const clean = makeCleaner(options);
  const run = (t: string): CleanResult => clean(normalize(t));
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
  const stats = new CleanStats();
  for (const rec of readJsonl(path.join(dir, "cc2021-43_cleared1.jsonl"))) stats.add(run(String(rec.value.raw_content)));
  return {
    labelled: { tp, fp, tn, fn, precision: tp + fp ? tp / (tp + fp) : 0, recall: tp + fn ? tp / (tp + fn) : 0, outcomes },
    crawl: stats.toJSON(),
  };
}
