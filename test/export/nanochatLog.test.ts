// nanochat's base_train log and report.md read into rows (fixtures: test/export/fixtures/README.md — made-up
// numbers in the exact formats of the commits named there).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { logSummaryRows, parseBaseTrainLog, parseStepLine, type NanochatStep } from "../../lib/export/nanochatLog";
import { metricsRows, parseNanochatReport, reportItems } from "../../lib/export/nanochatReport";
import { nanochatFigures } from "../../lib/export/nanochatFigures";
import { writeNanochatLogFiles } from "../../lib/export/nanochatLogWrite";
import { parseCsv } from "../../lib/data";
import os from "node:os";
import { spawnSync } from "node:child_process";
import { repoRoot } from "../../lib/util/paths";

const FIX = path.join(repoRoot(), "test", "export", "fixtures");
const read = (f: string) => fs.readFileSync(path.join(FIX, f), "utf8");

/** Plain reference: a step line read field by field with fixed positions (v1 layout only). */
function referenceV1(line: string): NanochatStep {
  const parts = line.split(" | ");
  const head = /^step (\d+)\/(\d+) \(([\d.]+)%\)$/.exec(parts[0])!;
  const after = (p: string, k: string) => { assert.ok(p.startsWith(k + ": "), `${p} starts with ${k}`); return p.slice(k.length + 2); };
  return {
    step: +head[1], total: +head[2], pct: +head[3],
    loss: +after(parts[1], "loss"), lrm: +after(parts[2], "lrm"), dt_ms: +after(parts[3], "dt").replace("ms", ""),
    tok_per_s: +after(parts[4], "tok/sec").split(",").join(""), mfu: +after(parts[5], "mfu"), total_minutes: +after(parts[6], "total time").replace("m", ""),
  };
}

for (const [file, variant] of [["base_train_3a5e0bc.log", "v1"], ["base_train_2874eda.log", "grad norm"], ["base_train_2f09686.log", "bf16_mfu"]] as const) {
  test(`${file} (${variant}): 20 steps, 3 evals, one CORE with its tasks, the setup and final lines`, () => {
    const text = read(file);
    const log = parseBaseTrainLog(text);
    assert.equal(log.steps.length, 20);
    assert.deepEqual(log.steps.map((s) => s.step), Array.from({ length: 20 }, (_, i) => i));
    assert.ok(log.steps.every((s) => s.total === 20));
    assert.deepEqual(log.evals.map((e) => e.step), [0, 10, 20]);
    assert.ok(Math.abs(log.evals[2].val_bpb - 1.4) < 1e-9);
    assert.equal(log.core.length, 1);
    assert.equal(log.core[0].step, 20);
    assert.equal(log.core[0].core, 0.0298);
    assert.deepEqual(log.core[0].tasks.map((t) => [t.task, t.shots, t.type]), [["hellaswag_zeroshot", 0, "multiple_choice"], ["arc_easy", 10, "multiple_choice"], ["lambada_openai", 0, "language_modeling"]]);
    assert.equal(log.core[0].tasks[1].accuracy, 0.302);
    const s = log.summary;
    assert.equal(s.vocab_size, 65536);
    assert.equal(s.num_layers, 4);
    assert.equal(s.model_dim, 256);
    assert.equal(s.device_batch_size, 4);
    assert.equal(s.max_seq_len, 512);
    assert.equal(s.total_batch_size, 65536);
    assert.equal(s.grad_accum_steps, 4);
    assert.equal(s.params, 36700160);
    assert.equal(s.flops_per_token, 2.0123e8);
    assert.equal(s.num_iterations, 20);
    assert.equal(s.iterations_from, "target data:param ratio");
    assert.equal(s.total_tokens, 1310720);
    assert.equal(s.peak_memory_mib, 3021.5);
    assert.equal(s.min_val_bpb, 1.4);
    assert.equal(s.total_training_minutes, log.steps[19].total_minutes);
    // "Overriding: depth = 4" and the sample line are the only lines nothing reads
    assert.equal(log.unrecognised, 2);
    assert.deepEqual(log.malformed, []);
    assert.equal(log.lines, text.split("\n").filter((l) => l.trim()).length);
    const tokens = log.steps.find((r) => r.step === 1)!;
    assert.equal(tokens.tok_per_s, 127665);
    assert.equal(tokens.dt_ms, 513.34);
    if (variant === "v1") {
      for (const line of text.split("\n").filter((l) => l.startsWith("step "))) assert.deepEqual(parseStepLine(line), referenceV1(line));
    }
    if (variant === "grad norm") assert.equal(log.steps[0].grad_norm, 1.9);
    else assert.equal(log.steps[0].grad_norm, undefined);
    if (variant === "bf16_mfu") {
      assert.ok(log.steps.every((r) => r.epoch === 1));
      assert.equal(log.steps[11].eta_minutes, +((9 * 0.52334) / 60).toFixed(1));
      assert.equal(log.steps[10].eta_minutes, undefined);
    }
    assert.ok(log.steps.every((r) => r.mfu > 0 && r.mfu < 100));
  });
}

test("torchrun --tee prefixes, CRLF line ends and blank lines are read; malformed step lines are named with their line", () => {
  const text = [
    "[default0]:step 00001/00010 (10.00%) | loss: 4.500000 | lrm: 1.00 | dt: 100.00ms | tok/sec: 1,000,000 | mfu: 40.00 | total time: 0.01m",
    "",
    "step 00002/00010 (20.00%) | loss: nan | lrm: 1.00 | dt: 100.00ms | tok/sec: 1,000,000 | mfu: 40.00 | total time: 0.02m",
    "step 00003/00010 (30.00%) | loss: 4.4 | lrm: 1.00 | dt: 100.00 | tok/sec: 1,000,000 | mfu: 40.00 | total time: 0.03m",
    "Step 00004 | Validation bpb: abc",
    "W1129 12:00:00.000 torch/distributed warning",
  ].join("\r\n");
  const log = parseBaseTrainLog(text);
  assert.equal(log.steps.length, 2);
  assert.equal(log.steps[0].tok_per_s, 1e6);
  assert.ok(Number.isNaN(log.steps[1].loss));
  assert.deepEqual(log.malformed.map((m) => m.line), [4, 5]);
  assert.match(log.malformed[0].why, /dt_ms/);
  assert.equal(log.unrecognised, 1);
  assert.equal(parseStepLine("hello"), "not a step line");
});

test("summary rows and figures come from the parsed log", () => {
  const log = parseBaseTrainLog(read("base_train_2874eda.log"));
  const rows = new Map(logSummaryRows(log).map((r) => [r.key, r.value]));
  assert.equal(rows.get("last_step"), "19/20");
  assert.equal(rows.get("last_val_bpb"), 1.4);
  const tail = log.steps.slice(10);
  assert.equal(rows.get("mean_tok_per_s_second_half"), Math.round(tail.reduce((a, r) => a + r.tok_per_s, 0) / tail.length));
  const figs = nanochatFigures(log);
  assert.deepEqual(figs.map((f) => f.name), ["loss", "throughput", "core"]);
  assert.deepEqual(figs[0].figure.data[1].y, [3.2, 2.3, 1.4].map((v) => +v.toFixed(4)));
  assert.deepEqual(figs[1].figure.data[0].x, log.steps.map((r) => r.step));
  assert.deepEqual(nanochatFigures(parseBaseTrainLog("")).map((f) => f.name), []);
});

test("report.md: sections with timestamps and items, the tokenizer table, the final metrics table and wall clock", () => {
  const r = parseNanochatReport(read("report_2874eda.md"));
  const titles = r.sections.filter((s) => s.level === 2).map((s) => s.title);
  assert.deepEqual(titles, ["Environment", "Tokenizer training", "Tokenizer evaluation", "Base model training", "Base model loss", "Base model evaluation", "Midtraining", "Chat evaluation mid", "Chat SFT", "Chat evaluation sft", "Summary"]);
  const train = r.sections.find((s) => s.title === "Base model training")!;
  assert.equal(train.timestamp, "2026-11-02 12:18:30");
  const items = reportItems(r, "Base model training");
  assert.equal(items.get("Number of parameters"), "335,544,320");
  assert.equal(items.get("MFU %"), "47.12%");
  assert.equal(reportItems(r, "Hardware").get("GPUs"), "8x NVIDIA H100 80GB HBM3");
  assert.equal(reportItems(r, "Git Information").get("Commit"), "2874eda (clean)");
  const tokTable = r.sections.find((s) => s.title === "Comparison with GPT-2")!.tables[0];
  assert.equal(tokTable.header[0], "Text Type");
  assert.equal(tokTable.rows.length, 2);
  assert.deepEqual(r.stages, ["base", "mid", "sft", "rl"]);
  assert.equal(r.metrics.length, 7);
  const rows = metricsRows(r);
  assert.deepEqual(rows[0], { metric: "CORE", base: 0.1761, mid: null, sft: null, rl: null });
  assert.deepEqual(rows.find((x) => x.metric === "ChatCORE"), { metric: "ChatCORE", base: null, mid: 0.0702, sft: 0.0833, rl: null });
  assert.equal(r.wallClock, "3h57m");
  assert.equal(r.wallClockMinutes, 237);
});

test("report.md without a summary (run stopped early) and a ragged table row named by line", () => {
  const r = parseNanochatReport("# nanochat training report\n\n## Base model training\ntimestamp: 2026-01-01 00:00:00\n\n- depth: 20\n\n## Summary\n\nTotal wall clock time: unknown\n");
  assert.deepEqual(r.metrics, []);
  assert.equal(r.wallClock, undefined);
  assert.equal(reportItems(r, "Base model training").get("depth"), "20");
  assert.throws(() => parseNanochatReport("## Summary\n\n| Metric | BASE |\n|---|---|\n| CORE | 0.1 | 0.2 |\n", "run/report.md"), /run\/report\.md:5: table row has 3 cells, its header \(line 3\) 2/);
});

test("writeNanochatLogFiles: CSV tables that read back to the parsed rows, and one offline page per figure", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanochat-log-"));
  try {
    const log = parseBaseTrainLog(read("base_train_2f09686.log"));
    const files = writeNanochatLogFiles(dir, log, parseNanochatReport(read("report_2874eda.md"))).map((f) => path.basename(f));
    for (const f of ["steps.csv", "evals.md", "core-tasks.csv", "summary.csv", "metrics.csv", "loss.html", "throughput.html", "core.html"]) assert.ok(files.includes(f), f);
    assert.ok(fs.existsSync(path.join(dir, "plotly.min.js")));
    const [head, ...rows] = parseCsv(fs.readFileSync(path.join(dir, "steps.csv"), "utf8"), "steps.csv");
    assert.equal(rows.length, 20);
    const col = (k: string) => head.fields.indexOf(k);
    assert.equal(Number(rows[5].fields[col("tok_per_s")]), log.steps[5].tok_per_s);
    assert.equal(rows[0].fields[col("grad_norm")], "");
    assert.equal(rows[15].fields[col("eta_minutes")], String(log.steps[15].eta_minutes));
    assert.match(fs.readFileSync(path.join(dir, "loss.html"), "utf8"), /<script src="plotly.min.js">/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("nanozh nanochat-log FILE --report R --out DIR --json; a file that is not a base_train log is refused", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanochat-log-cli-"));
  const nanozh = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", "nanochat-log", ...args], { cwd: repoRoot(), encoding: "utf8" });
  try {
    const r = nanozh(path.join(FIX, "base_train_2874eda.log"), "--report", path.join(FIX, "report_2874eda.md"), "--out", dir, "--json");
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout) as { log: { steps: unknown[]; summary: { params: number } }; report: { wallClock: string }; written: string[] };
    assert.equal(o.log.steps.length, 20);
    assert.equal(o.log.summary.params, 36700160);
    assert.equal(o.report.wallClock, "3h57m");
    assert.ok(o.written.some((f) => f.endsWith("metrics.csv")) && fs.existsSync(path.join(dir, "throughput.html")));
    const bad = nanozh(path.join(FIX, "report_2874eda.md"), "--out", dir);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /report_2874eda\.md: no base_train step or validation lines/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
