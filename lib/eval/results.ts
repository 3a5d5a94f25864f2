// Per-question results → the numbers a C-EVAL / CMMLU table reports (eval-reference §1–§3, §5):
//   accuracy        micro: correct / questions (lm-evaluation-harness's groups, weight_by_size)
//   macro_accuracy  mean over subjects (the official C-EVAL and CMMLU tables' 平均分 / Average)
//   per_category    mean over the category's subjects (the official way); per_category_micro beside it
// with 95% Wilson intervals, the exact binomial test against the 25% of guessing, the gold-letter
// distribution (a constant answer scores 22–27%) and the letters the model actually picked.
import { benjaminiHochbergAdjust, binomialPValue, constantAnswerBest, holmAdjust, letterCounts, letterShares, significanceThreshold, wilsonInterval } from "./stats";
import type { SignificanceThreshold } from "./stats";
import { CATEGORIES, LETTERS } from "./types";
import type { EngineInfo } from "../engines/inference";
import type { Benchmark, Category, Letter, Split, Subject } from "./types";

export interface QuestionResult {
  subject: string;
  id: string;
  pred: Letter;
  /** Gold letter; absent on a split without answers (C-EVAL test). */
  gold?: Letter;
  correct?: boolean;
  /** Log-likelihood of A, B, C, D. */
  ll: number[];
  shotsUsed: number;
  overContext: boolean;
}

export const RANDOM_BASELINE = 0.25;
/** Level of the test against random guessing. */
export const ALPHA = 0.05;

export interface SubjectRow {
  subject: string;
  name_zh: string;
  name_en: string;
  category: Category;
  hard: boolean;
  china_specific?: boolean;
  n: number;
  /** null where the split has no gold answers. */
  correct: number | null;
  accuracy: number | null;
  ci95: [number, number] | null;
  p_value: number | null;
  /** p_value adjusted for the run's number of subjects: Holm (family-wise) and Benjamini–Hochberg (false discovery rate). */
  p_holm: number | null;
  p_bh: number | null;
  /** How often the model answered each letter in this subject, and how often each letter is gold (null without gold). */
  pred_counts: Record<Letter, number>;
  gold_counts: Record<Letter, number> | null;
  fewer_shots: number;
  over_context: number;
}

/** A group of subjects (a category, C-EVAL Hard, CMMLU China specific). */
export interface GroupSummary {
  subjects: string[];
  n: number;
  correct: number | null;
  /** Mean over the group's subjects (the official tables' way). */
  accuracy: number | null;
  /** Over the group's questions. */
  accuracy_micro: number | null;
  /** Wilson 95% interval of accuracy_micro. */
  ci95: [number, number] | null;
}

export interface EvalMeta {
  benchmark: Benchmark;
  split: Split;
  /** Shots asked for (a question that ran with fewer counts in fewer_shots). */
  shots: number;
  style: string;
  model: string;
  /** the benchmark folder the questions came from (the official data, or the bundled practice set) */
  data?: string;
  seconds?: number;
  questions_per_s?: number;
}

export interface EvalResult {
  benchmark: Benchmark;
  split: Split;
  shots: number;
  style: string;
  model: string;
  /** the benchmark folder (EvalMeta.data) */
  data?: string;
  n: number;
  subjects: number;
  accuracy: number | null;
  macro_accuracy: number | null;
  /** Mean over each category's subjects; null for a category with no subject scored (or no gold). */
  per_category: Record<Category, number | null>;
  per_category_micro: Record<Category, number | null>;
  categories: Record<Category, GroupSummary>;
  per_subject: SubjectRow[];
  /** Wilson 95% interval of the micro accuracy. */
  ci95: [number, number] | null;
  random_baseline: 0.25;
  /** Exact two-sided binomial test of the micro accuracy against 0.25. */
  p_value: number | null;
  /** p_value < 0.05. */
  distinguishable_from_random: boolean | null;
  /** What the exact test needs at this n, and at the median subject's n. */
  significance: { set: SignificanceThreshold; subject_median: SignificanceThreshold };
  /** Shares of the gold letters (null without gold). */
  gold_letters: Record<Letter, number> | null;
  /** The best a model that always answers one letter scores, over questions and over subjects. */
  constant_answer_best: { letter: Letter; accuracy: number; macro_letter: Letter; macro_accuracy: number } | null;
  /** Shares of the predicted letters: a model that always says one letter shows here. */
  pred_letters: Record<Letter, number>;
  /** C-EVAL Hard: the eight hard subjects present (mean over them as accuracy). */
  hard?: GroupSummary;
  /** CMMLU's overlapping "China specific" column. */
  china_specific?: GroupSummary;
  /** Questions that ran with fewer shots than asked (the prompt did not fit the context). */
  fewer_shots: number;
  /** Questions whose prompt did not fit even with no shots. */
  over_context: number;
  questions_per_s: number | null;
  seconds: number | null;
  /** which inference engine scored, with its kernels and threads (lib/engines) */
  engine?: EngineInfo;
  note?: string;
}

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

function groupOf(rows: SubjectRow[], graded: boolean): GroupSummary {
  const n = rows.reduce((s, r) => s + r.n, 0);
  const correct = graded ? rows.reduce((s, r) => s + (r.correct ?? 0), 0) : null;
  return {
    subjects: rows.map((r) => r.subject),
    n,
    correct,
    accuracy: graded ? mean(rows.map((r) => r.accuracy as number)) : null,
    accuracy_micro: correct !== null && n > 0 ? correct / n : null,
    ci95: correct !== null && n > 0 ? wilsonInterval(correct, n) : null,
  };
}

/** Check one question result; returns whether it is correct (undefined without gold). */
function checkResult(r: QuestionResult, where: string): boolean | undefined {
  if (!LETTERS.includes(r.pred)) throw new Error(`${where}: pred ${JSON.stringify(r.pred)} is not A–D`);
  if (r.gold === undefined) {
    if (r.correct !== undefined) throw new Error(`${where}: field correct is set but gold is missing`);
    return undefined;
  }
  if (!LETTERS.includes(r.gold)) throw new Error(`${where}: gold ${JSON.stringify(r.gold)} is not A–D`);
  const correct = r.pred === r.gold;
  if (r.correct !== undefined && r.correct !== correct) throw new Error(`${where}: field correct=${r.correct} but pred ${r.pred} vs gold ${r.gold}`);
  return correct;
}

/** Summarize per-question results over the subjects (in `subjects` order; subjects without results are left out). */
export function summarize(results: QuestionResult[], subjects: Subject[], meta: EvalMeta): EvalResult {
  const bySubject = new Map<string, QuestionResult[]>();
  const known = new Map(subjects.map((s) => [s.handle, s]));
  const seen = new Set<string>();
  let withGold = 0;
  results.forEach((r, i) => {
    const where = `results[${i}] (${r.subject} #${r.id})`;
    if (!known.has(r.subject)) throw new Error(`${where}: subject '${r.subject}' is not in the ${meta.benchmark} subject list`);
    const key = `${r.subject}\u0000${r.id}`;
    if (seen.has(key)) throw new Error(`${where}: question scored twice`);
    seen.add(key);
    if (checkResult(r, where) !== undefined) withGold++;
    const list = bySubject.get(r.subject) ?? [];
    list.push(r);
    bySubject.set(r.subject, list);
  });
  if (withGold > 0 && withGold < results.length)
    throw new Error(`summarize: ${withGold} of ${results.length} results have gold answers; expected all or none (split ${meta.split})`);
  const graded = results.length > 0 && withGold === results.length;

  const rows: SubjectRow[] = [];
  for (const s of subjects) {
    const rs = bySubject.get(s.handle);
    if (!rs) continue;
    const correct = graded ? rs.filter((r) => r.pred === r.gold).length : null;
    const row: SubjectRow = {
      subject: s.handle,
      name_zh: s.nameZh,
      name_en: s.nameEn,
      category: s.category,
      hard: s.hard,
      n: rs.length,
      correct,
      accuracy: correct === null ? null : correct / rs.length,
      ci95: correct === null ? null : wilsonInterval(correct, rs.length),
      p_value: correct === null ? null : binomialPValue(correct, rs.length, RANDOM_BASELINE),
      p_holm: null,
      p_bh: null,
      pred_counts: letterCounts(rs.map((r) => r.pred)),
      gold_counts: graded ? letterCounts(rs.map((r) => r.gold)) : null,
      fewer_shots: rs.filter((r) => r.shotsUsed < meta.shots).length,
      over_context: rs.filter((r) => r.overContext).length,
    };
    if (s.chinaSpecific !== undefined) row.china_specific = s.chinaSpecific;
    rows.push(row);
  }
  if (graded) {
    // One family: every subject of this run tested against 25%.
    const raw = rows.map((r) => r.p_value as number);
    const holm = holmAdjust(raw);
    const bh = benjaminiHochbergAdjust(raw);
    rows.forEach((r, i) => {
      r.p_holm = holm[i];
      r.p_bh = bh[i];
    });
  }

  const all = groupOf(rows, graded);
  const categories = {} as Record<Category, GroupSummary>;
  const perCategory = {} as Record<Category, number | null>;
  const perCategoryMicro = {} as Record<Category, number | null>;
  for (const c of CATEGORIES) {
    categories[c] = groupOf(rows.filter((r) => r.category === c), graded);
    perCategory[c] = categories[c].accuracy;
    perCategoryMicro[c] = categories[c].accuracy_micro;
  }

  const goldCounts = graded ? letterCounts(results.map((r) => r.gold)) : null;
  const n = results.length;
  const seconds = meta.seconds ?? null;
  const out: EvalResult = {
    benchmark: meta.benchmark,
    split: meta.split,
    shots: meta.shots,
    style: meta.style,
    model: meta.model,
    ...(meta.data !== undefined ? { data: meta.data } : {}),
    n,
    subjects: rows.length,
    accuracy: all.accuracy_micro,
    macro_accuracy: all.accuracy,
    per_category: perCategory,
    per_category_micro: perCategoryMicro,
    categories,
    per_subject: rows,
    ci95: all.ci95,
    random_baseline: RANDOM_BASELINE,
    p_value: all.correct !== null && n > 0 ? binomialPValue(all.correct, n, RANDOM_BASELINE) : null,
    distinguishable_from_random: null,
    significance: { set: significanceThreshold(n, RANDOM_BASELINE, ALPHA), subject_median: significanceThreshold(median(rows.map((r) => r.n)), RANDOM_BASELINE, ALPHA) },
    gold_letters: goldCounts ? letterShares(goldCounts) : null,
    constant_answer_best: goldCounts ? constantBest(letterShares(goldCounts), rows.map((r) => letterShares(letterCounts(bySubject.get(r.subject)!.map((q) => q.gold))))) : null,
    pred_letters: letterShares(letterCounts(results.map((r) => r.pred))),
    fewer_shots: rows.reduce((s, r) => s + r.fewer_shots, 0),
    over_context: rows.reduce((s, r) => s + r.over_context, 0),
    questions_per_s: meta.questions_per_s ?? (seconds !== null && seconds > 0 ? n / seconds : null),
    seconds,
  };
  out.distinguishable_from_random = out.p_value === null ? null : out.p_value < ALPHA;
  const hardRows = rows.filter((r) => r.hard);
  if (meta.benchmark === "ceval" && hardRows.length > 0) out.hard = groupOf(hardRows, graded);
  const chinaRows = rows.filter((r) => r.china_specific === true);
  if (chinaRows.length > 0) out.china_specific = groupOf(chinaRows, graded);
  if (!graded)
    out.note =
      n === 0
        ? "no questions were scored"
        : `the ${meta.benchmark} ${meta.split} split has no public answers: accuracy fields are null; ` +
          (meta.benchmark === "ceval" ? "score it by submitting the submission file (lib/eval/submission) to cevalbenchmark.com" : "only predictions are recorded");
  return out;
}

function constantBest(micro: Record<Letter, number>, perSubject: Record<Letter, number>[]): NonNullable<EvalResult["constant_answer_best"]> {
  const best = constantAnswerBest(micro);
  const macroShares = {} as Record<Letter, number>;
  for (const l of LETTERS) macroShares[l] = mean(perSubject.map((s) => s[l])) ?? 0;
  const macro = constantAnswerBest(macroShares);
  return { letter: best.letter, accuracy: best.accuracy, macro_letter: macro.letter, macro_accuracy: macro.accuracy };
}
