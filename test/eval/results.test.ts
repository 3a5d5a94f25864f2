import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { loadSplit, loadSubjects } from "../../lib/eval/data";
import { summarize, type EvalMeta, type QuestionResult } from "../../lib/eval/results";
import { LETTERS, type Letter, type MCQuestion, type Subject } from "../../lib/eval/types";
import { sharedDataDir, sharedDataSkip } from "../../lib/util/paths";

const close = (a: number | null, b: number, what: string, tol = 1e-12) => assert.ok(a !== null && Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

const meta = (over: Partial<EvalMeta> = {}): EvalMeta => ({ benchmark: "ceval", split: "val", shots: 5, style: "official", model: "test", ...over });

const subj = (handle: string, category: Subject["category"], hard = false): Subject => ({ handle, nameEn: handle, nameZh: `科目${handle}`, category, hard });

/** Results of a predictor `predict(q)` on real questions: what the harness would record. */
function answered(qs: MCQuestion[], predict: (q: MCQuestion) => Letter, shotsUsed = 5): QuestionResult[] {
  return qs.map((q) => {
    const pred = predict(q);
    const r: QuestionResult = { subject: q.subject, id: q.id, pred, ll: LETTERS.map((l) => (l === pred ? -0.1 : -5)), shotsUsed, overContext: false };
    if (q.answer !== undefined) {
      r.gold = q.answer;
      r.correct = pred === q.answer;
    }
    return r;
  });
}

/** n questions in a subject, the first `correct` answered right. */
function synthetic(subject: string, n: number, correct: number, gold: Letter = "B"): QuestionResult[] {
  return Array.from({ length: n }, (_, i) => ({
    subject, id: String(i), gold, pred: i < correct ? gold : gold === "A" ? "C" : "A", ll: [0, 0, 0, 0], shotsUsed: 5, overContext: false,
  }));
}

test("macro (mean over subjects) and micro (over questions) on a hand example", () => {
  const subjects = [subj("s1", "STEM"), subj("s2", "STEM"), subj("s3", "Humanities"), subj("unused", "Other")];
  const results = [...synthetic("s1", 10, 9), ...synthetic("s2", 2, 0), ...synthetic("s3", 4, 2)];
  const r = summarize(results, subjects, meta());
  // micro: (9 + 0 + 2) / 16; macro: (0.9 + 0 + 0.5) / 3
  close(r.accuracy, 11 / 16, "micro");
  close(r.macro_accuracy, 1.4 / 3, "macro");
  // STEM official: mean of 0.9 and 0 = 0.45; micro 9/12 = 0.75
  close(r.per_category.STEM, 0.45, "STEM macro");
  close(r.per_category_micro.STEM, 0.75, "STEM micro");
  close(r.per_category.Humanities, 0.5, "Humanities");
  assert.equal(r.per_category.Other, null);
  assert.equal(r.per_category["Social Science"], null);
  assert.deepEqual(r.categories.STEM.subjects, ["s1", "s2"]);
  assert.deepEqual(r.per_subject.map((s) => [s.subject, s.n, s.correct]), [["s1", 10, 9], ["s2", 2, 0], ["s3", 4, 2]]);
  assert.equal(r.n, 16);
  assert.equal(r.subjects, 3);
  assert.equal(r.random_baseline, 0.25);
  assert.ok(r.ci95 && r.ci95[0] < 11 / 16 && 11 / 16 < r.ci95[1]);
  assert.equal(r.hard, undefined);
});

test("fewer_shots, over_context, predicted letters, hard subjects and questions/s", () => {
  const subjects = [subj("a", "STEM", true), subj("b", "Other")];
  const results = [...synthetic("a", 4, 4, "D"), ...synthetic("b", 4, 0, "D")];
  results[0].shotsUsed = 3;
  results[5].shotsUsed = 0;
  results[5].overContext = true;
  const r = summarize(results, subjects, meta({ seconds: 2 }));
  assert.equal(r.fewer_shots, 2);
  assert.equal(r.over_context, 1);
  assert.deepEqual(r.per_subject.map((s) => s.fewer_shots), [1, 1]);
  assert.deepEqual(r.pred_letters, { A: 0.5, B: 0, C: 0, D: 0.5 });
  assert.deepEqual(r.gold_letters, { A: 0, B: 0, C: 0, D: 1 });
  assert.deepEqual(r.hard?.subjects, ["a"]);
  close(r.hard?.accuracy ?? null, 1, "hard");
  assert.equal(r.questions_per_s, 4);
  assert.equal(r.seconds, 2);
  // With 0 shots asked nothing runs with fewer.
  assert.equal(summarize(results, subjects, meta({ shots: 0 })).fewer_shots, 0);
});

test("bad results are errors naming the question", () => {
  const subjects = [subj("s1", "STEM")];
  assert.throws(() => summarize(synthetic("nope", 1, 1), subjects, meta()), /nope #0.*not in the ceval subject list/);
  assert.throws(() => summarize([...synthetic("s1", 1, 1), ...synthetic("s1", 1, 1)], subjects, meta()), /s1 #0.*scored twice/);
  const wrong = synthetic("s1", 1, 1);
  wrong[0].correct = false;
  assert.throws(() => summarize(wrong, subjects, meta()), /correct=false but pred B vs gold B/);
  const mixed = synthetic("s1", 2, 1);
  delete mixed[1].gold;
  assert.throws(() => summarize(mixed, subjects, meta()), /1 of 2 results have gold/);
  const bad = synthetic("s1", 1, 1);
  bad[0].pred = "E" as Letter;
  assert.throws(() => summarize(bad, subjects, meta()), /s1 #0.*pred "E"/);
});

test("C-EVAL val: a scorer given the answers scores 100%; each constant letter scores that letter's share", { skip: sharedDataSkip() }, () => {
  const dir = path.join(sharedDataDir(), "ceval");
  const subjects = loadSubjects("ceval", dir);
  const qs = [...loadSplit("ceval", dir, "val").values()].flat();
  const perfect = summarize(answered(qs, (q) => q.answer!), subjects, meta());
  assert.equal(perfect.n, 1346);
  assert.equal(perfect.subjects, 52);
  assert.equal(perfect.accuracy, 1);
  assert.equal(perfect.macro_accuracy, 1);
  for (const c of ["STEM", "Social Science", "Humanities", "Other"] as const) assert.equal(perfect.per_category[c], 1);
  assert.deepEqual(
    ["STEM", "Social Science", "Humanities", "Other"].map((c) => perfect.per_subject.filter((s) => s.category === c).reduce((a, s) => a + s.n, 0)),
    [430, 275, 257, 384], // eval-reference §1: val per category
  );
  assert.equal(perfect.hard?.subjects.length, 8);
  assert.equal(perfect.hard?.n, 152);
  assert.equal(perfect.distinguishable_from_random, true);
  assert.ok(perfect.p_value! < 1e-300 || perfect.p_value === 0);
  // Gold letters (eval-reference §5): A 23.03%, B 25.11%, C 25.56%, D 26.30%; macro A 22.26, D 26.58.
  const g = perfect.gold_letters!;
  [0.2303, 0.2511, 0.2556, 0.263].forEach((v, i) => close(g[LETTERS[i]], v, `gold ${LETTERS[i]}`, 5e-5));
  assert.deepEqual(perfect.constant_answer_best && [perfect.constant_answer_best.letter, perfect.constant_answer_best.macro_letter], ["D", "D"]);
  close(perfect.constant_answer_best!.accuracy, 0.263, "constant best", 5e-5);
  close(perfect.constant_answer_best!.macro_accuracy, 0.2658, "constant best macro", 5e-5);
  for (const l of LETTERS) {
    const constant = summarize(answered(qs, () => l), subjects, meta());
    close(constant.accuracy, g[l], `always ${l}`);
    assert.deepEqual(constant.pred_letters[l], 1);
  }
  const alwaysA = summarize(answered(qs, () => "A"), subjects, meta());
  close(alwaysA.macro_accuracy, 0.2226, "always A macro", 5e-5);
  // 23.03% over 1,346 questions is 2 points under 25%: p ≈ 0.09, not distinguishable at 5%.
  assert.equal(alwaysA.distinguishable_from_random, false);
  assert.ok(alwaysA.significance.set.points_above! > 2 && alwaysA.significance.set.points_above! < 3);
});

test("C-EVAL test without answers: accuracy fields are null, with a note", { skip: sharedDataSkip() }, () => {
  const dir = path.join(sharedDataDir(), "ceval");
  const subjects = loadSubjects("ceval", dir);
  const handles = subjects.slice(0, 3).map((s) => s.handle);
  const qs = [...loadSplit("ceval", dir, "test", handles).values()].flat();
  if (qs.some((q) => q.answer !== undefined)) return; // a release with test answers: nothing to check here
  const r = summarize(answered(qs, () => "C"), subjects, meta({ split: "test" }));
  assert.equal(r.n, qs.length);
  assert.equal(r.accuracy, null);
  assert.equal(r.macro_accuracy, null);
  assert.equal(r.ci95, null);
  assert.equal(r.p_value, null);
  assert.equal(r.distinguishable_from_random, null);
  assert.equal(r.gold_letters, null);
  assert.equal(r.per_category.STEM, null);
  assert.ok(r.per_subject.every((s) => s.correct === null && s.accuracy === null));
  assert.deepEqual(r.pred_letters, { A: 0, B: 0, C: 1, D: 0 });
  assert.match(r.note ?? "", /no public answers/);
});

test("CMMLU test: four categories, the overlapping China-specific column, 100% for the answers", { skip: sharedDataSkip() }, () => {
  const dir = path.join(sharedDataDir(), "cmmlu");
  const subjects = loadSubjects("cmmlu", dir);
  const counts = ["STEM", "Humanities", "Social Science", "Other"].map((c) => subjects.filter((s) => s.category === c).length);
  assert.deepEqual(counts, [17, 13, 22, 15]); // eval-reference §3
  const qs = [...loadSplit("cmmlu", dir, "test").values()].flat();
  const r = summarize(answered(qs, (q) => q.answer!), subjects, meta({ benchmark: "cmmlu", split: "test" }));
  assert.equal(r.n, 11582);
  assert.equal(r.accuracy, 1);
  assert.equal(r.hard, undefined);
  assert.equal(r.china_specific?.subjects.length, 15);
  assert.equal(r.per_subject.filter((s) => s.china_specific).length, 15);
  // China specific overlaps: every subject is still in exactly one of the four categories.
  assert.equal(Object.values(r.categories).reduce((a, c) => a + c.subjects.length, 0), 67);
  // CMMLU test gold letters (eval-reference §5): A 25.26, B 24.89, C 24.84, D 25.00.
  [0.2526, 0.2489, 0.2484, 0.25].forEach((v, i) => close(r.gold_letters![LETTERS[i]], v, `gold ${LETTERS[i]}`, 5e-5));
  // An answer-shuffling predictor (gold shifted by one letter) scores 0 and is distinguishable, below chance.
  const shifted = summarize(answered(qs, (q) => LETTERS[(LETTERS.indexOf(q.answer!) + 1) % 4]), subjects, meta({ benchmark: "cmmlu", split: "test" }));
  assert.equal(shifted.accuracy, 0);
  assert.equal(shifted.distinguishable_from_random, true);
});

test("per subject: letters said and gold, and p-values adjusted for the number of subjects (Holm, BH)", () => {
  const subjects = [subj("s1", "STEM"), subj("s2", "STEM"), subj("s3", "Humanities")];
  const results = [...synthetic("s1", 10, 9), ...synthetic("s2", 2, 0), ...synthetic("s3", 4, 2, "A")];
  const r = summarize(results, subjects, meta());
  // s1: 9 said B (gold), 1 said A; s3: gold A, 2 right, 2 said C
  assert.deepEqual(r.per_subject.map((s) => s.pred_counts), [{ A: 1, B: 9, C: 0, D: 0 }, { A: 2, B: 0, C: 0, D: 0 }, { A: 2, B: 0, C: 2, D: 0 }]);
  assert.deepEqual(r.per_subject.map((s) => s.gold_counts), [{ A: 0, B: 10, C: 0, D: 0 }, { A: 0, B: 2, C: 0, D: 0 }, { A: 4, B: 0, C: 0, D: 0 }]);
  // raw (scipy 1.17.1 binomtest): 9/10 → 2.956390380859375e-05; 0/2 → 1; 2/4 → 0.26171875
  const [p1, p2, p3] = r.per_subject.map((s) => s.p_value!);
  close(p1, 2.956390380859375e-05, "9/10", 1e-15);
  close(p3, 0.26171875, "2/4", 1e-12);
  assert.equal(p2, 1);
  // Holm, three tests: smallest ×3, then ×2 (and the running max), then ×1 (capped at 1)
  close(r.per_subject[0].p_holm, 3 * p1, "holm s1");
  close(r.per_subject[2].p_holm, Math.min(1, 2 * p3), "holm s3");
  close(r.per_subject[1].p_holm, 1, "holm s2");
  // BH: smallest ×3/1, the middle ×3/2, the largest ×3/3
  close(r.per_subject[0].p_bh, 3 * p1, "bh s1");
  close(r.per_subject[2].p_bh, Math.min(1, (3 * p3) / 2), "bh s3");
  close(r.per_subject[1].p_bh, 1, "bh s2");
  for (const s of r.per_subject) assert.ok(s.p_holm! >= s.p_value! && s.p_bh! <= s.p_holm!, s.subject);
});
