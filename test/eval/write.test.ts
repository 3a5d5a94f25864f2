import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as dfd from "danfojs-node";
import { categoryFrame, subjectFrame } from "../../lib/eval/frames";
import { summarize, type EvalMeta, type QuestionResult } from "../../lib/eval/results";
import { cevalSubmission, writeCevalSubmission } from "../../lib/eval/submission";
import { categoryFigure, evalMarkdown, subjectsCsv, verdictSentence, writeEvalResult } from "../../lib/eval/write";
import { CATEGORIES, type Letter, type Subject } from "../../lib/eval/types";
import { findChrome } from "../../lib/report";
import { PNG_SIGNATURE } from "../report/png";

const meta = (over: Partial<EvalMeta> = {}): EvalMeta => ({ benchmark: "ceval", split: "val", shots: 5, style: "official", model: "tiny", ...over });
const subjects: Subject[] = [
  { handle: "computer_network", nameEn: "Computer Network", nameZh: "计算机网络", category: "STEM", hard: false },
  { handle: "college_physics", nameEn: "College Physics", nameZh: "大学物理", category: "STEM", hard: true },
  { handle: "law", nameEn: "Law", nameZh: "法学", category: "Humanities", hard: false },
  { handle: "marxism", nameEn: "Marxism", nameZh: "马克思主义基本原理", category: "Social Science", hard: false },
  { handle: "physician", nameEn: "Physician", nameZh: "医师资格", category: "Other", hard: false },
];

/** `n` questions of `subject`, the first `correct` right; gold letters cycle A–D. */
function questions(subject: string, n: number, correct: number, gold = true): QuestionResult[] {
  const L: Letter[] = ["A", "B", "C", "D"];
  return Array.from({ length: n }, (_, i) => {
    const g = L[i % 4];
    const pred = i < correct ? g : L[(i + 1) % 4];
    const r: QuestionResult = { subject, id: String(i), pred, ll: [-1, -2, -3, -4], shotsUsed: i === 0 ? 4 : 5, overContext: false };
    if (gold) Object.assign(r, { gold: g, correct: pred === g });
    return r;
  });
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-evalwrite-"));
}

const strong = () => [...questions("computer_network", 100, 60), ...questions("college_physics", 40, 10), ...questions("law", 80, 30), ...questions("marxism", 50, 20), ...questions("physician", 30, 9)];

test("verdict sentence follows the numbers: above, below, indistinguishable, no gold", () => {
  const above = summarize(strong(), subjects, meta());
  assert.equal(above.distinguishable_from_random, true);
  assert.match(verdictSentence(above), /^The accuracy of 43\.0% is distinguishable from the 25% of random guessing — above it \(exact two-sided binomial test over 300 questions: p < 0\.0001, under 0\.05; 95% CI 37\.5%–48\.7%\), and beats always answering A \(25\.3%\)\.$/);
  const chance = summarize(questions("law", 400, 100), subjects, meta());
  assert.equal(chance.accuracy, 0.25);
  assert.match(verdictSentence(chance), /^The accuracy of 25\.0% is not distinguishable .* p = 1\.0, not under 0\.05; the 95% CI 21\.0%–29\.5% contains 25%\), and does not beat always answering A \(25\.0%\)\.$/);
  const below = summarize(questions("law", 400, 60), subjects, meta());
  assert.match(verdictSentence(below), /distinguishable from the 25% of random guessing — below it/);
  const test = summarize(questions("law", 10, 0, false), subjects, meta({ split: "test" }));
  assert.match(verdictSentence(test), /^No gold answers on this split/);
});

test("writeEvalResult writes JSON, CSV, Markdown, JSONL and the category plot; files round-trip", async () => {
  const dir = tmpDir();
  try {
    const qs = strong();
    const r = summarize(qs, subjects, meta({ seconds: 10 }));
    const files = await writeEvalResult(dir, "ceval-val-5shot", r, qs, { png: false });
    assert.deepEqual(JSON.parse(fs.readFileSync(files.json, "utf8")), JSON.parse(JSON.stringify(r)));
    const lines = fs.readFileSync(files.questionsJsonl, "utf8").trimEnd().split("\n");
    assert.deepEqual(lines.map((l) => JSON.parse(l)), qs);
    const csv = fs.readFileSync(files.subjectsCsv, "utf8").trimEnd().split("\r\n");
    assert.equal(csv[0], "subject,name_zh,name_en,category,hard,n,correct,accuracy,ci95_low,ci95_high,p_value,p_holm,p_bh,pred_letters,gold_letters,fewer_shots,over_context");
    assert.equal(csv.length, 1 + 5);
    assert.ok(csv[1].startsWith("computer_network,计算机网络,Computer Network,STEM,false,100,60,0.6,"), csv[1]);
    const md = fs.readFileSync(files.md, "utf8");
    assert.ok(md.includes(verdictSentence(r)));
    assert.match(md, /\| C-EVAL Hard \| 1 \| 40 \| 25\.0% \| 25\.0% \|/);
    assert.match(md, /\| STEM \| 2 \| 140 \| 42\.5% \| 50\.0% \|/); // mean of 60% and 25%; 70/140
    assert.match(md, /5 questions ran with fewer than 5 shots/);
    assert.match(md, /Speed: 30\.00 questions\/s \(10\.0 s\)\./);
    assert.equal(md, evalMarkdown(r));
    // which engine scored, and on how many threads, as the result records it (lib/eval/run.ts)
    const scored = { ...r, engine: { engine: "ort" as const, backend: "onnxruntime-node cpu", threads: 2 } };
    assert.match(evalMarkdown(scored), /Speed: 30\.00 questions\/s \(10\.0 s\) on engine ort \(onnxruntime-node cpu\), 2 threads\./);
    assert.match(evalMarkdown({ ...scored, questions_per_s: null, seconds: null }), /Scored on engine ort \(onnxruntime-node cpu\), 2 threads\./);
    const html = fs.readFileSync(files.plotHtml!, "utf8");
    assert.ok(html.includes('<script src="plotly.min.js">') && fs.existsSync(path.join(dir, "plotly.min.js")));
    assert.ok(html.includes("random guessing 25%"));
    assert.equal(files.plotPng, undefined);
    // No plot this time: the old one goes, so it cannot pass for this result.
    const again = await writeEvalResult(dir, "ceval-val-5shot", r, qs, { plot: false });
    assert.equal(again.plotHtml, undefined);
    assert.ok(!fs.existsSync(files.plotHtml!));
    await assert.rejects(writeEvalResult(dir, "../x", r, qs), /name "\.\.\/x"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("category figure: bars are the accuracy over questions, error bars reach the Wilson bounds", () => {
  const r = summarize(strong(), subjects, meta());
  const fig = categoryFigure(r)!;
  const bars = fig.data[0] as { x: string[]; y: number[]; error_y: { array: number[]; arrayminus: number[] } };
  const marks = fig.data[1] as { y: number[] };
  assert.deepEqual(bars.x, ["STEM (n=140)", "Social Science (n=50)", "Humanities (n=80)", "Other (n=30)", "C-EVAL Hard (n=40)", "All (n=300)"]);
  const groups = [...CATEGORIES.map((c) => r.categories[c]), r.hard!];
  groups.forEach((g, i) => {
    assert.ok(Math.abs(bars.y[i] - 100 * g.accuracy_micro!) < 1e-9);
    assert.ok(Math.abs(bars.y[i] + bars.error_y.array[i] - 100 * g.ci95![1]) < 1e-9);
    assert.ok(Math.abs(bars.y[i] - bars.error_y.arrayminus[i] - 100 * g.ci95![0]) < 1e-9);
    assert.ok(Math.abs(marks.y[i] - 100 * g.accuracy!) < 1e-9);
  });
  assert.equal(categoryFigure(summarize(questions("law", 4, 0, false), subjects, meta({ split: "test" }))), null);
  assert.ok(subjectsCsv(r).split("\r\n")[0].includes("ci95_low,ci95_high"));
});

test("writeEvalResult draws the PNG with Chromium", { skip: findChrome() ? false : "no Chromium found" }, async () => {
  const dir = tmpDir();
  try {
    const qs = strong();
    const files = await writeEvalResult(dir, "plot", summarize(qs, subjects, meta()), qs, { png: true });
    assert.ok(files.plotPng && fs.readFileSync(files.plotPng).subarray(0, 8).equals(PNG_SIGNATURE));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("C-EVAL test submission: {handle: {id: letter}} for every scored subject; refuses other splits", () => {
  const qs = [...questions("law", 3, 0, false), ...questions("marxism", 2, 0, false)];
  qs[1].pred = "D";
  const expected = { law: { "0": "B", "1": "D", "2": "D" }, marxism: { "0": "B", "1": "C" } };
  assert.deepEqual(cevalSubmission({ benchmark: "ceval", split: "test" }, qs), expected);
  const dir = tmpDir();
  try {
    const file = path.join(dir, "submission.json");
    writeCevalSubmission(file, { benchmark: "ceval", split: "test" }, qs, { expectSubjects: ["law", "marxism"] });
    const text = fs.readFileSync(file, "utf8");
    assert.deepEqual(JSON.parse(text), expected);
    assert.deepEqual(Object.keys(JSON.parse(text)), ["law", "marxism"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => cevalSubmission({ benchmark: "ceval", split: "val" }, qs), /test split; this run is on 'val'/);
  assert.throws(() => cevalSubmission({ benchmark: "cmmlu", split: "test" }, qs), /only C-EVAL/);
  assert.throws(() => cevalSubmission({ benchmark: "ceval", split: "test" }, qs, { expectSubjects: ["law", "marxism", "physician"] }), /1 of 3 subjects have no predictions: physician/);
  assert.throws(() => cevalSubmission({ benchmark: "ceval", split: "test" }, [...qs, qs[0]]), /law #0\): id appears twice/);
});

test("danfojs frames: groupby category means equal summarize()'s per_category", () => {
  const r = summarize(strong(), subjects, meta());
  const sf = subjectFrame(r);
  assert.equal(sf.shape[0], 5);
  assert.deepEqual(sf.column("subject").values, subjects.map((s) => s.handle));
  const cf = categoryFrame(r);
  const rows = dfd.toJSON(cf) as { category: string; subjects: number; n: number; accuracy: number; accuracy_micro: number }[];
  assert.deepEqual(rows.map((x) => x.category), CATEGORIES);
  for (const row of rows) {
    const c = row.category as (typeof CATEGORIES)[number];
    assert.ok(Math.abs(row.accuracy - r.per_category[c]!) < 1e-12, `${c} macro`);
    assert.ok(Math.abs(row.accuracy_micro - r.per_category_micro[c]!) < 1e-12, `${c} micro`);
    assert.equal(row.n, r.categories[c].n);
    assert.equal(row.subjects, r.categories[c].subjects.length);
  }
});
