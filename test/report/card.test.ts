// The report card (lib/report/card): every section renders the numbers of the files it reads, in the
// shapes the notebooks and commands write them; missing inputs say "not run" and name the notebook;
// timings.json records and merges per-notebook wall clock; npm start writes both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildReportCard, readReportInputs, readTimings, TimingsRecorder, writeReportCard } from "../../lib/report/card";
import { loadTable, pickTable } from "../../lib/report/card/tables";
import { toCsv, toMarkdown } from "../../lib/report";
import { repoRoot } from "../../lib/util/paths";
import { run as reportCommand } from "../../cli/commands/report";
import { summarize, type QuestionResult } from "../../lib/eval/results";
import type { Subject } from "../../lib/eval/types";
import type { TrainSummary } from "../../lib/train/summary";
import type { SftSummary } from "../../lib/chat/sft";

const root = repoRoot();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-card-"));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ENV = { NANOZH_MODE: "small" };
const ENVIRONMENT = { node: "v20.0.0", os: "Linux test", cpu: "Test CPU 9000", cores: 7, memory_gib: 12.5, git_commit: "0123456789abcdef0123", git_dirty: false };

function write(dir: string, rel: string, content: string | object): void {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
}

/** A table as showTable saves it: <name>.csv (raw) and <name>.md (title line, humanised). */
function writeTable(dir: string, name: string, rows: Record<string, string | number | null>[], title: string): void {
  write(dir, `tables/${name}.csv`, toCsv(rows));
  write(dir, `tables/${name}.md`, toMarkdown(rows, undefined, title));
}

/** Shapes copied from the real out/: lib/train TrainSummary, lib/chat SftSummary, lib/eval EvalResult. */
function fakeOut(dir: string): void {
  writeTable(dir, "01-configs", [
    { config: "cpu-tiny", depth: 4, vocab_size: 4096, max_seq_len: 256, "params (M)": 5.24288, ratio: 20, "target tokens (B)": 0.1048576, iterations: 300, hardware: "CPU", hours: null, "cost ($)": null, "memory (GiB)": 1.17, "shards (tokens trained)": 2 },
    { config: "d20-bilingual", depth: 20, vocab_size: 50000, max_seq_len: 2048, "params (M)": 521.216, ratio: 25, "target tokens (B)": 13.0304, iterations: 24853, hardware: "8× H100 SXM", hours: 3.857, "cost ($)": 92.57, "memory (GiB)": 65.6, "shards (tokens trained)": 180 },
  ], "configs/*.yaml: size, horizon, time, cost, memory and shards");
  writeTable(dir, "02-config-shard-plans", [
    { plan: "cpu-tiny", lang: "zh", "share of tokens": 0.5, tokens: 122880, shards: 1 },
    { plan: "cpu-tiny", lang: "total", "share of tokens": 1, tokens: 245760, shards: 1 },
    { plan: "d20-bilingual", lang: "total", "share of tokens": 1, tokens: 13030400000, shards: 180 },
  ], "configs/*.yaml: shard plans by language");
  writeTable(dir, "03-language-labels-small", [{ source: "bundled zh", docs: 160, chars: 19411, "mean Han share": 0.839, zh: 155, en: 1 }], "Language labels per source (documents), with the mean Han and Latin shares");
  writeTable(dir, "03-language-labels-full", [{ source: "full-mode source", docs: 999999, chars: 1, "mean Han share": 0.5, zh: 1, en: 1 }], "Language labels (full)");
  writeTable(dir, "03-dedup-small", [{ source: "bundled zh+en", docs: 273, "exact dups": 2, "near dups": 3, kept: 268 }], "Exact and near-duplicate counts");
  writeTable(dir, "05-pooled-small", [
    { tokenizer: "cl100k_base", vocab: 100277, "zh chars/token": 0.8186610437532946, "en chars/token": 4.744791666666667 },
    { tokenizer: "ours nanochat 2048", vocab: 2048, "zh chars/token": 0.8552, "en chars/token": 1.951 },
  ], "Pooled chars/token and bytes/token");
  writeTable(dir, "07-tokenizer", [{ text: "validation, Chinese documents", chars_per_token: 1.0731, bytes_per_token: 3.125 }], "BPE 4,096 trained in 3.2 s");
  writeTable(dir, "07-val-bpb", [{ what: "model, step 120", val_bpb: 2.8285 }], "Validation bits per byte");
  const trainSummary: TrainSummary = {
    tokens: 245760, train_seconds: 115.747, tokens_per_s: 2123.25, mfu_percent: 11.5, peak_flops: 19694406947.6,
    val_bpb: 2.8285, min_val_bpb: 2.8201, final_loss: 5.0534, config: "cpu-tiny", config_file: "configs/cpu-tiny.yaml",
    status: "complete", steps: 120, num_iterations: 120, horizon: "num_iterations", seconds: 132.163,
    unigram_bpb: 3.6176, bigram_bpb: 2.9612, backend: "wasm", engine: "workers×2", engine_threads: 2, params: 1835008,
    model: { sequence_len: 256, vocab_size: 4096, n_layer: 4, n_head: 1, n_kv_head: 1, n_embd: 128 },
    device_batch_size: 8, total_batch_size: 2048, grad_accum: 1, seed: 42, tokenizer: path.join(dir, "model/tokenizer"), data: "data/pretrain",
    samples: [{ prompt: "床前明月光，", completion: "疑是\n地上霜" }, { prompt: "Alice was", completion: " a girl" }],
    curves_html: path.join(dir, "plots/train-cpu-tiny.html"),
  };
  write(dir, "model/summary.json", trainSummary);
  write(dir, "model/samples.md", "# samples at step 120\n");
  write(dir, "plots/07-curves.png", "png");
  const sftSummary: SftSummary = {
    stage: "sft", config: "cpu-tiny", config_file: "configs/cpu-tiny.yaml", base_model: path.join(dir, "model"), out: path.join(dir, "sft"),
    steps: 60, num_iterations: 60, device_batch_size: 4, grad_accum: 1, seq_len: 256, init_lr_frac: 0.02,
    val_loss_before: 3.4567, val_loss_after: 2.3456, val_bpb_before: 1.8765, val_bpb_after: 1.2346, final_loss: 2.2,
    per_task: [{ name: "identity", format: "customjson", available: 40, train: 96, val: 4, weight: 0.4, epochs: 2.67 }],
    train_conversations: 240, val_conversations: 12, dropped_conversations: 0, truncated_conversations: 3,
    tokens: 61440, trained_tokens: 20480, tokens_per_s: 512.5, train_seconds: 120.2, seconds: 65.4, backend: "wasm", engine: "local", engine_threads: 1,
  };
  write(dir, "sft/summary.json", sftSummary);
  writeTable(dir, "08-chat", [{ question: "你好", before: "。⏎。", after: "你好！" }], "Greedy replies before and after 60 sft steps");
  write(dir, "plots/08-curves.png", "png");
  const cats = { STEM: 0.281, "Social Science": 0.333, Humanities: 0.25, Other: 0.3 };
  write(dir, "eval/ceval-val-5shot-sft.json", {
    benchmark: "ceval", split: "val", shots: 5, style: "official", model: path.join(dir, "sft"), n: 1346, subjects: 52,
    accuracy: 0.3121, macro_accuracy: 0.3055, per_category: cats, per_category_micro: cats, categories: {}, per_subject: [],
    ci95: [0.2877, 0.3376], random_baseline: 0.25, p_value: 1.2e-7, distinguishable_from_random: true,
    gold_letters: { A: 0.25, B: 0.25, C: 0.25, D: 0.25 }, constant_answer_best: { letter: "B", accuracy: 0.2653, macro_letter: "B", macro_accuracy: 0.26 },
    pred_letters: { A: 0.4, B: 0.2, C: 0.2, D: 0.2 }, hard: { subjects: [], n: 200, correct: 50, accuracy: 0.2468, accuracy_micro: 0.25, ci95: [0.19, 0.31] },
    fewer_shots: 17, over_context: 0, questions_per_s: 4.2, seconds: 320.5,
    engine: { engine: "ort", backend: "onnxruntime-node cpu", threads: 2, note: "auto: onnxruntime-node loaded" },
  });
  write(dir, "eval/ceval-val-5shot-sft.md", "# tables\n");
  write(dir, "eval/cmmlu-test-0shot-model.json", {
    benchmark: "cmmlu", split: "test", shots: 0, style: "official", model: "model", n: 11582, accuracy: 0.2507, macro_accuracy: 0.2511,
    per_category: { STEM: 0.24, "Social Science": 0.26, Humanities: 0.25, Other: 0.25 }, ci95: [0.2429, 0.2587], random_baseline: 0.25,
    p_value: 0.8612, distinguishable_from_random: false, note: "first 15 questions per subject", china_specific: { subjects: [], n: 100, correct: 30, accuracy: 0.2222, accuracy_micro: 0.3, ci95: null },
    fewer_shots: 0, over_context: 0, questions_per_s: 9, seconds: 1300,
  });
  write(dir, "eval/broken.json", "{ not json");
  write(dir, "eval/other.json", { hello: 1 });
  let t = Date.parse("2026-01-02T03:04:05Z");
  const rec = new TimingsRecorder(path.join(dir, "notebooks/timings.json"), { mode: "small", runner: "headless", environment: ENVIRONMENT }, undefined, () => t);
  rec.begin("01-model-sizing");
  t += 65_000;
  rec.end("01-model-sizing", "ok");
  rec.begin("07-pretraining");
  t += 3_723_000;
  rec.end("07-pretraining", "failed", "cell index 12: Error: out of memory");
  rec.begin("08-chat-sft"); // killed here: stays "running"
}

const full = path.join(tmp, "full");
fakeOut(full);

function card(dir: string, env: Record<string, string | undefined> = ENV): string {
  return buildReportCard(readReportInputs(dir, { root, env, now: new Date("2026-01-03T00:00:00Z") }));
}

/** The text of one "## title" section. */
function sectionOf(md: string, title: string): string {
  const start = md.indexOf(`## ${title}\n`);
  assert.ok(start >= 0, `no section ${title}`);
  const next = md.indexOf("\n## ", start + 1);
  return md.slice(start, next < 0 ? undefined : next);
}

test("environment: the run's recorded machine, mode and backend", () => {
  const s = sectionOf(card(full), "Environment");
  for (const want of ["Test CPU 9000", "| cores | 7 |", "12.5 GiB", "v20.0.0", "0123456789ab", "| engine (pretraining run) | workers×2, 2 threads (wasm) |", "| engine (chat fine-tuning run) | local, 1 thread (wasm) |", "| engine (C-EVAL / CMMLU scoring) | ort (onnxruntime-node cpu), 2 threads |", "small (timings.json)", "2026-01-02T03:04:05.000Z"]) assert.ok(s.includes(want), `${want} in\n${s}`);
  assert.ok(!s.includes("uncommitted"));
});

test("sizing: the run's config in bold, shard-plan totals only", () => {
  const s = sectionOf(card(full), "Sizing and data plan");
  assert.match(s, /\| \*\*cpu-tiny\*\* \| 4 \| 4,096 \| 256 \| 5\.243 \|/);
  assert.match(s, /\| d20-bilingual \| 20 \| 50,000 \| 2,048 \| 521\.2 \|/);
  assert.ok(s.includes("13,030,400,000"));
  assert.ok(!s.includes("122,880"), "the per-language rows are left out");
  assert.ok(s.includes("tables/01-configs.csv"));
  assert.ok(s.includes("Note: the sizing table plans 5.243 M parameters for cpu-tiny; the trained model has 1,835,008"), "plan and run disagree: said");
});

test("corpus and tokenizer: the run mode's tables, numbers humanised, sources named", () => {
  const md = card(full);
  const corpus = sectionOf(md, "Corpus statistics");
  assert.ok(corpus.includes("| bundled zh | 160 | 19,411 | 0.839 |"));
  assert.ok(!corpus.includes("999,999"), "the full-mode table is not picked in small mode");
  assert.ok(corpus.includes("| bundled zh+en | 273 | 2 | 3 | 268 |"));
  assert.match(corpus, /Not run \(notebook 07-pretraining\): no tables\/07-sources\.csv/);
  const tok = sectionOf(md, "Tokenizer");
  assert.ok(tok.includes("| cl100k_base | 100,277 | 0.8187 | 4.745 |"));
  assert.ok(tok.includes("vocab 4,096"));
  assert.ok(tok.includes("| validation, Chinese documents | 1.073 | 3.125 |"));
  assert.ok(!sectionOf(card(full, { NANOZH_MODE: "full" }), "Corpus statistics").includes("999,999"), "timings.json's mode wins over NANOZH_MODE");
  const noTimings = path.join(tmp, "no-timings");
  fs.cpSync(path.join(full, "tables"), path.join(noTimings, "tables"), { recursive: true });
  const fullMode = card(noTimings, { NANOZH_MODE: "full" });
  assert.ok(sectionOf(fullMode, "Corpus statistics").includes("| full-mode source | 999,999 |"), "without timings.json, NANOZH_MODE picks the variant");
  assert.ok(sectionOf(fullMode, "Environment").includes("full (NANOZH_MODE)"));
});

test("training and samples: summary numbers, the bpb verdict, curves and samples", () => {
  const md = card(full);
  const s = sectionOf(md, "Training");
  for (const want of ["| parameters | 1,835,008 |", "| tokens trained | 245,760 |", "| tokens per parameter | 0.134 |", "| tokens/s | 2,123 |", "11.5% of the measured 19.7 GFLOP/s", "| best val bpb | 2.82 |", "d4 × 128, 1 head, vocab 4,096, context 256", "2048 (device batch 8, grad accum 1)".replace("2048", "2,048"), "| engine | workers×2, 2 threads (wasm) |"])
    assert.ok(s.includes(want), `${want} in\n${s}`);
  assert.ok(s.includes("2.8285 bpb: below the bigram (2.9612) and unigram (3.6176) baselines"));
  assert.ok(s.includes("![training loss and validation bpb](plots/07-curves.png)"));
  assert.ok(s.includes("[plots/train-cpu-tiny.html](plots/train-cpu-tiny.html)"), "an absolute curves path inside out/ becomes relative");
  const samples = sectionOf(md, "Samples");
  assert.ok(samples.includes("| 床前明月光， | 疑是⏎地上霜 |"));
  assert.ok(samples.includes("[model/samples.md](model/samples.md)"));
});

test("chat fine-tuning: loss and bpb before → after, fields and per-task table", () => {
  const s = sectionOf(card(full), "Chat fine-tuning");
  assert.ok(s.includes("validation loss (nats per assistant token): **3.457 before → 2.346 after**"), s);
  assert.ok(s.includes("validation bpb (assistant tokens): **1.877 before → 1.235 after**"), s);
  assert.ok(s.includes("| train_conversations | 240 |"));
  assert.ok(s.includes("| engine | local |") && s.includes("| engine_threads | 1 |"), "the fine-tuning engine and its threads");
  assert.ok(s.includes("| identity | customjson | 40 | 96 | 4 | 0.4 | 2.67 |"));
  assert.ok(s.includes("sft/summary.json"));
  assert.ok(s.includes("| 你好 | 。⏎。 | 你好！ |"), "notebook 08's before/after replies");
  assert.ok(s.includes("![chat fine-tuning loss](plots/08-curves.png)"));
});

test("C-EVAL/CMMLU: accuracy, CI, categories and p-value per result file; bad files listed", () => {
  const md = card(full);
  const s = sectionOf(md, "C-EVAL and CMMLU");
  const lines = s.split("\n");
  const ceval = lines.find((l) => l.includes("| ceval |"))!;
  const cmmlu = lines.find((l) => l.includes("| cmmlu |"))!;
  for (const want of ["| sft |", "| 5 |", "| 1,346 |", "| 31.2% |", "| 28.8–33.8% |", "| 30.6% |", "| 28.1% |", "| 33.3% |", "| 24.7% |", "26.5% (B)", "1.2e-7", "| yes, above |", "| 17 |", "[ceval-val-5shot-sft.md](eval/ceval-val-5shot-sft.md)", "| ort (onnxruntime-node cpu), 2 threads |"])
    assert.ok(ceval.includes(want), `${want} in ${ceval}`);
  for (const want of ["| model |", "| 11,582 |", "| 25.1% |", "| 24.3–25.9% |", "0.8612", "| no |", "22.2%", "[cmmlu-test-0shot-model.json](eval/cmmlu-test-0shot-model.json)"])
    assert.ok(cmmlu.includes(want), `${want} in ${cmmlu}`);
  assert.ok(lines.indexOf(ceval) < lines.indexOf(cmmlu), "sorted by benchmark");
  assert.ok(lines.some((l) => l.includes("scored on")), "the scoring engine's column");
  assert.ok(!cmmlu.includes("thread"), "a result without an engine record (written before it was kept) shows none");
  assert.ok(s.includes("- eval/cmmlu-test-0shot-model.json: first 15 questions per subject"));
  const left = sectionOf(md, "Files left out");
  assert.match(left, /eval\/broken\.json`: .*broken\.json: not readable JSON/);
  assert.match(left, /eval\/other\.json`: not an EvalResult/);
});

test("an EvalResult made by lib/eval's summarize shows its own numbers (graded and without gold)", () => {
  const subjects: Subject[] = [
    { handle: "physics", nameEn: "Physics", nameZh: "物理", category: "STEM", hard: true },
    { handle: "law", nameEn: "Law", nameZh: "法学", category: "Social Science", hard: false },
    { handle: "history", nameEn: "History", nameZh: "历史", category: "Humanities", hard: false },
    { handle: "medicine", nameEn: "Medicine", nameZh: "医学", category: "Other", hard: false },
  ];
  const letters = ["A", "B", "C", "D"] as const;
  const graded: QuestionResult[] = [];
  subjects.forEach((s, si) => {
    for (let i = 0; i < 20; i++) {
      const gold = letters[i % 4];
      const right = i < 5 + 3 * si; // 5, 8, 11, 14 of 20 right
      graded.push({ subject: s.handle, id: String(i), pred: right ? gold : letters[(i + 1) % 4], gold, correct: right, ll: [-1, -2, -3, -4], shotsUsed: 5, overContext: false });
    }
  });
  const dir = path.join(tmp, "real-eval");
  const r = summarize(graded, subjects, { benchmark: "ceval", split: "val", shots: 5, style: "official", model: "base", seconds: 12 });
  write(dir, "eval/ceval-val-5shot-base.json", r);
  const noGold = summarize(graded.map(({ gold, correct, ...q }) => q), subjects, { benchmark: "ceval", split: "test", shots: 0, style: "official", model: "base" });
  write(dir, "eval/ceval-test-0shot-base.json", noGold);
  const allWrong = graded.map((q) => ({ ...q, pred: q.gold === "A" ? ("B" as const) : ("A" as const), correct: false }));
  write(dir, "eval/ceval-val-0shot-zero.json", summarize(allWrong, subjects, { benchmark: "ceval", split: "val", shots: 0, style: "official", model: "zero" }));
  const s = sectionOf(card(dir), "C-EVAL and CMMLU");
  const row = s.split("\n").find((l) => l.includes("| val |") && l.includes("| base |"))!;
  const zero = s.split("\n").find((l) => l.includes("| zero |"))!;
  assert.ok(zero.includes("| 0.0% |") && zero.includes("| yes, below |"), zero);
  const pctOf = (x: number) => `${(100 * x).toFixed(1)}%`;
  assert.equal(r.accuracy, 38 / 80);
  for (const want of [`| ${pctOf(r.accuracy!)} |`, `| ${(100 * r.ci95![0]).toFixed(1)}–${(100 * r.ci95![1]).toFixed(1)}% |`, `| ${pctOf(r.macro_accuracy!)} |`, `| ${pctOf(r.per_category.Other!)} |`, `| ${pctOf(r.hard!.accuracy!)} |`, "| 80 |", "| yes, above |"])
    assert.ok(row.includes(want), `${want} in ${row}`);
  const test = s.split("\n").find((l) => l.includes("| test |"))!;
  assert.ok(test.includes("| no gold answers |"), test);
  assert.ok(!card(dir).includes("Files left out"), "both files are read as EvalResults");
});

test("wall clock: each notebook's status and time, not-run ones named, run seconds from the summaries", () => {
  const s = sectionOf(card(full), "Wall clock per stage");
  assert.match(s, /\| 01-model-sizing \| ok \| small \| 1m05s \| 65 \|/);
  assert.match(s, /\| 07-pretraining \| failed: cell index 12: Error: out of memory \| small \| 1h02m \| 3,723 \|/);
  assert.match(s, /\| 08-chat-sft \| running or interrupted \| small \|/);
  assert.match(s, /\| 09-ceval-cmmlu \| not run \|/);
  assert.ok(s.includes("Notebooks that finished: 1m05s in all (the latest run has not finished, or was stopped)"));
  assert.match(s, /\| pretraining \(with evaluation and sampling\) \| 2m12s \| 132\.2 \| model\/summary\.json \|/);
  assert.match(s, /\| chat fine-tuning \| 1m05s \| 65\.4 \| sft\/summary\.json \|/);
  assert.match(s, /\| cmmlu test 0-shot \| 21m40s \| 1,300 \|/);
});

test("missing inputs: every stage says not run and names its notebook", () => {
  const empty = path.join(tmp, "empty");
  fs.mkdirSync(empty);
  const md = card(empty);
  const names = readReportInputs(empty, { root, env: ENV }).notebooks;
  for (const [title, nn, file] of [
    ["Sizing and data plan", "01", "tables/01-configs.csv"],
    ["Sizing and data plan", "02", "tables/02-config-shard-plans.csv"],
    ["Corpus statistics", "03", "tables/03-language-labels-small.csv"],
    ["Tokenizer", "05", "tables/05-pooled-small.csv"],
    ["Training", "07", "model/summary.json"],
    ["Samples", "07", "model/summary.json"],
    ["Chat fine-tuning", "08", "sft/summary.json"],
    ["C-EVAL and CMMLU", "09", "eval/*.json"],
  ] as const) assert.ok(sectionOf(md, title).includes(`_Not run (notebook ${names[nn]}): no ${file}`), `${title} / ${nn}`);
  assert.match(names["08"], /^08-\w/, "notebook 08 is named even before notebooks/ has it");
  assert.ok(sectionOf(md, "Wall clock per stage").includes("Not recorded: no notebooks/timings.json"));
  assert.ok(sectionOf(md, "Environment").includes("this is the machine that built the card"));
  assert.ok(!md.includes("Files left out"));
  assert.ok(!/\bNaN\b|undefined|\[object Object\]/.test(md), "no invented or broken values");
});

test("fields missing from a summary are left out, not invented", () => {
  const dir = path.join(tmp, "partial");
  write(dir, "model/summary.json", { config: "cpu-tiny", steps: 10, val_bpb: null, samples: "not a list", backend: "wasm", engine: "local" });
  write(dir, "runs/08-sft/summary.json", { stage: "sft", steps: 3, val_loss_before: 2 });
  const md = card(dir);
  const training = sectionOf(md, "Training");
  assert.ok(training.includes("| steps | 10 |"));
  assert.ok(training.includes("| engine | local (wasm) |") && !training.includes("thread"), "a summary from before engine_threads: the engine alone");
  assert.ok(!training.includes("val bpb") && !training.includes("Final validation"));
  assert.ok(sectionOf(md, "Samples").includes("No samples in model/summary.json"));
  const chat = sectionOf(md, "Chat fine-tuning");
  assert.ok(chat.includes("runs/08-sft/summary.json"), "an SFT run folder found by its stage field");
  assert.ok(!chat.includes("before →"), "no before → after without both numbers");
  assert.ok(!/\bNaN\b|undefined|\[object Object\]/.test(md));
});

test("tables: numbers and empty cells read back; a short row names file and line; mode variant preferred", () => {
  const dir = path.join(tmp, "tables");
  write(dir, "tables/t.csv", 'a,b,c\r\n1.5,,"x,y"\r\n-2e3,007x,3\r\n');
  write(dir, "tables/t.md", "**A \\| title**\n\n| a |\n");
  const t = loadTable(dir, "t");
  assert.deepEqual(t.rows, [{ a: 1.5, b: null, c: "x,y" }, { a: -2000, b: "007x", c: 3 }]);
  assert.equal(t.title, "A | title");
  write(dir, "tables/bad.csv", "a,b\n1,2\n3\n");
  assert.throws(() => loadTable(dir, "bad"), /bad\.csv:3: 1 fields, the header has 2/);
  const mk = (stem: string) => ({ stem, file: stem, columns: [], rows: [] });
  assert.equal(pickTable({ "x-full": mk("x-full"), x: mk("x"), "x-small": mk("x-small") }, "x", "small")!.stem, "x-small");
  assert.equal(pickTable({ "x-full": mk("x-full"), x: mk("x") }, "x", "small")!.stem, "x");
  assert.equal(pickTable({ "x-full": mk("x-full") }, "x", "small")!.stem, "x-full");
  assert.equal(pickTable({}, "x", "small"), undefined);
});

test("timings: a later partial run keeps the other notebooks; bad files are errors naming the field", () => {
  const file = path.join(tmp, "timings", "timings.json");
  let t = 0;
  const a = new TimingsRecorder(file, { mode: "small", runner: "headless", environment: ENVIRONMENT }, undefined, () => t);
  for (const nb of ["00-smoke", "03-corpus"]) {
    a.begin(nb);
    t += 2000;
    a.end(nb, "ok");
  }
  a.finish();
  const b = new TimingsRecorder(file, { mode: "full", runner: "nbconvert", environment: ENVIRONMENT }, readTimings(file), () => t);
  b.begin("03-corpus");
  t += 5000;
  b.end("03-corpus", "failed", "boom");
  const saved = readTimings(file)!;
  assert.equal(saved.mode, "full");
  assert.equal(saved.finished, undefined, "the second run has not finished");
  assert.deepEqual(saved.notebooks.map((n) => [n.notebook, n.status, n.mode, n.seconds, n.error]), [
    ["00-smoke", "ok", "small", 2, undefined],
    ["03-corpus", "failed", "full", 5, "boom"],
  ]);
  assert.throws(() => b.end("never-begun", "ok"), /never-begun/);
  write(tmp, "timings/bad.json", { mode: "small", environment: {}, notebooks: [{ notebook: "x", status: "done", started: "t" }] });
  assert.throws(() => readTimings(path.join(tmp, "timings/bad.json")), /bad\.json: notebooks\[0\]\.status: expected one of running, ok, failed/);
  assert.equal(readTimings(path.join(tmp, "timings/none.json")), undefined);
});

test("nanozh report writes report.md atomically and prints its path (or the Markdown)", async () => {
  const chunks: string[] = [];
  const real = process.stdout.write;
  process.stdout.write = ((c: string) => (chunks.push(String(c)), true)) as typeof process.stdout.write;
  try {
    assert.equal(await reportCommand(["--out-dir", full]), 0);
    assert.equal(await reportCommand(["--out-dir", full, "--print"]), 0);
  } finally {
    process.stdout.write = real;
  }
  const file = path.join(full, "report.md");
  assert.equal(chunks[0], file + "\n");
  assert.ok(chunks[1].startsWith("# nanochat-zh report card"));
  assert.ok(fs.readFileSync(file, "utf8").includes("| 31.2% |"));
  await assert.rejects(reportCommand(["--out-dir", path.join(tmp, "nope")]), /--out-dir: .*nope is not a folder/);
  assert.equal(writeReportCard(full, { root }), file);
});

test("the real out/ renders without throwing", { skip: fs.existsSync(path.join(root, "out")) ? false : "no out/ in this checkout (run npm start)" }, () => {
  const md = buildReportCard(readReportInputs(path.join(root, "out"), { root }));
  for (const title of ["Environment", "Sizing and data plan", "Corpus statistics", "Tokenizer", "Training", "Samples", "Chat fine-tuning", "C-EVAL and CMMLU", "Wall clock per stage"]) sectionOf(md, title);
  assert.ok(!md.includes("[object Object]"), "objects are rendered as fields, not stringified");
});

test("npm start records timings.json and writes the report card, also when a notebook fails", () => {
  const out = path.join(tmp, "npmstart", "out");
  const nbDir = path.join(tmp, "npmstart", "nbs");
  fs.mkdirSync(nbDir, { recursive: true });
  const nb = (name: string, src: string) => {
    const file = path.join(nbDir, name);
    fs.writeFileSync(file, JSON.stringify({ cells: [{ cell_type: "code", metadata: {}, source: src, outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 4 }));
    return file;
  };
  const ok = nb("51-fine.ipynb", "console.log(6 * 7)");
  const bad = nb("52-broken.ipynb", 'throw new RangeError("坏了")');
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "run-notebooks.ts"), `--out-dir=${path.join(out, "notebooks")}`, ok, bad], {
    cwd: root,
    env: { ...process.env, NANOZH_OUT: out, NANOZH_MODE: "small" },
    encoding: "utf8",
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /report card → /);
  const timings = readTimings(path.join(out, "notebooks", "timings.json"))!;
  assert.equal(timings.runner, "headless");
  assert.ok(timings.finished);
  assert.deepEqual(timings.notebooks.map((n) => [n.notebook, n.status]), [["51-fine", "ok"], ["52-broken", "failed"]]);
  assert.ok(timings.notebooks.every((n) => typeof n.seconds === "number" && n.seconds >= 0));
  assert.match(timings.notebooks[1].error!, /cell index 0: RangeError: 坏了/);
  const md = fs.readFileSync(path.join(out, "report.md"), "utf8");
  const wall = sectionOf(md, "Wall clock per stage");
  assert.match(wall, /\| 51-fine \| ok \| small \|/);
  assert.match(wall, /\| 52-broken \| failed: cell index 0: RangeError: 坏了 \|/);
  assert.ok(sectionOf(md, "Training").includes("_Not run (notebook 07-pretraining)"));
});
