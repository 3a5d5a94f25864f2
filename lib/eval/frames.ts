// danfojs-node DataFrames of an evaluation for the notebooks (notebook 09): per-subject rows, and those rows
// grouped into the four categories with danfojs's groupby — the official category score is the mean over
// the category's subjects (eval-reference §1, §3), which is exactly groupby(category).accuracy.mean().
// danfojs loads TensorFlow.js on import (seconds), so only notebooks and tests import this file.
import * as dfd from "danfojs-node";
import type { EvalResult } from "./results";
import { CATEGORIES, LETTERS } from "./types";

/**
 * One row per subject: subject, name_zh, name_en, category, hard, [china_specific], n, correct, accuracy, ci95_low,
 * ci95_high, p_value, p_holm, p_bh (adjusted for the number of subjects), said and gold (letter counts "A/B/C/D"),
 * fewer_shots.
 */
export function subjectFrame(r: EvalResult): dfd.DataFrame {
  if (r.per_subject.length === 0) throw new Error(`subjectFrame: the ${r.benchmark} ${r.split} result has no subjects`);
  const china = r.per_subject.some((s) => s.china_specific !== undefined);
  const rows = r.per_subject.map((s) => ({
    subject: s.subject,
    name_zh: s.name_zh,
    name_en: s.name_en,
    category: s.category,
    hard: s.hard,
    ...(china ? { china_specific: s.china_specific === true } : {}),
    n: s.n,
    // NaN, not null, where the split has no answers: danfojs keeps a numeric column numeric.
    correct: s.correct ?? NaN,
    accuracy: s.accuracy ?? NaN,
    ci95_low: s.ci95 ? s.ci95[0] : NaN,
    ci95_high: s.ci95 ? s.ci95[1] : NaN,
    p_value: s.p_value ?? NaN,
    p_holm: s.p_holm ?? NaN,
    p_bh: s.p_bh ?? NaN,
    said: LETTERS.map((l) => s.pred_counts[l]).join("/"),
    gold: s.gold_counts ? LETTERS.map((l) => s.gold_counts![l]).join("/") : "",
    fewer_shots: s.fewer_shots,
  }));
  return new dfd.DataFrame(rows);
}

/**
 * Subjects grouped into categories (danfojs groupby): category, subjects, n, accuracy (mean over the
 * category's subjects: the official score), accuracy_micro (correct / n). Rows in the order
 * STEM, Social Science, Humanities, Other; categories without subjects are left out.
 */
export function categoryFrame(r: EvalResult): dfd.DataFrame {
  const grouped = subjectFrame(r).groupby(["category"]).agg({ subject: "count", n: "sum", correct: "sum", accuracy: "mean" });
  const rows = dfd.toJSON(grouped) as Record<string, unknown>[];
  const byCategory = new Map(rows.map((row) => [String(row.category), row]));
  const out = CATEGORIES.filter((c) => byCategory.has(c)).map((c) => {
    const row = byCategory.get(c)!;
    const n = Number(row.n_sum);
    return { category: c, subjects: Number(row.subject_count), n, accuracy: Number(row.accuracy_mean), accuracy_micro: Number(row.correct_sum) / n };
  });
  return new dfd.DataFrame(out);
}
