// Issue 15 item 6, the reports: a summary of the wrong shape (nanozh report) and a truncated nanochat
// report.md (nanozh nanochat-log --report) are listed under "Files left out" with why, as a truncated
// eval JSON already is, instead of their sections vanishing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildReportCard, readReportInputs } from "../../lib/report/card";
import { parseNanochatReport } from "../../lib/export/nanochatReport";
import { repoRoot } from "../../lib/util/paths";

const root = repoRoot();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-leftout-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
const FIX = path.join(root, "test", "export", "fixtures");

function put(dir: string, rel: string, value: unknown): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), JSON.stringify(value));
}

function leftOutSection(md: string): string {
  const i = md.indexOf("## Files left out");
  assert.ok(i >= 0, "a Files left out section");
  return md.slice(i);
}

test("report: a training or chat summary of the wrong shape is listed under Files left out, naming the field", () => {
  const out = path.join(tmp, "out");
  put(out, "model/summary.json", { result: { accuracy: 0.3 }, steps: "ten" });
  put(out, "sft/summary.json", { stage: "sft", loss: [1, 2] });
  const md = buildReportCard(readReportInputs(out, { root, env: { NANOZH_MODE: "small" }, now: new Date("2026-01-03T00:00:00Z") }));
  const left = leftOutSection(md);
  assert.match(left, /- `model\/summary\.json`: not a training run summary \(nanozh train's summary\.json\): steps is "ten", expected a number/);
  assert.match(left, /- `sft\/summary\.json`: not a chat fine-tuning summary \(nanozh sft's summary\.json\): steps missing, expected a number/);
});

const report = () => fs.readFileSync(path.join(FIX, "report_2874eda.md"), "utf8");

test("nanochat report.md cut short: the final metrics table, the wall clock and a cut row are listed as left out", () => {
  const full = parseNanochatReport(report(), "report.md");
  assert.deepEqual(full.leftOut, []);
  const text = report();
  const cutBeforeSummary = parseNanochatReport(text.slice(0, text.indexOf("## Summary")), "report.md");
  assert.deepEqual(
    cutBeforeSummary.leftOut.map((l) => l.part),
    ['report.md: the final metrics table ("## Summary", "| Metric | BASE | …")', 'report.md: "Total wall clock time"'],
  );
  // cut inside the metrics table: the last row is half there
  const row = text.indexOf("| CORE");
  const cutRow = parseNanochatReport(text.slice(0, row + 12), "report.md");
  assert.equal(cutRow.leftOut.length, 2);
  assert.match(cutRow.leftOut[0].part, /^report\.md:\d+: the row "CORE"$/);
  assert.match(cutRow.leftOut[0].why, /table row has \d cells, its header \(line \d+\) 5 \(the file ends there: truncated\?\)/);
});

test("nanozh nanochat-log --report on a truncated report lists what was left out (stdout and left-out.md)", () => {
  const cut = path.join(tmp, "report-cut.md");
  fs.writeFileSync(cut, report().slice(0, report().indexOf("## Summary")));
  const dir = path.join(tmp, "log-out");
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", "nanochat-log", path.join(FIX, "base_train_2874eda.log"), "--report", cut, "--out", dir], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Files left out\n\n- .*report-cut\.md: the final metrics table .*: not in the file \(truncated/);
  assert.match(fs.readFileSync(path.join(dir, "left-out.md"), "utf8"), /^## Files left out\n\n- .*report-cut\.md: the final metrics table/);
});
