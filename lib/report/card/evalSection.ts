// The card's C-EVAL / CMMLU table (out/eval/*.json, EvalResult of lib/eval) and the wall clock per stage
// (out/notebooks/timings.json, plus the seconds each run's summary records). Pure: ReportInputs in, Markdown out.
import { formatDuration } from "../../util/progress";
import { toMarkdown } from "../tableFormat";
import { notRun, num, obj, outRelative, pct, scoringEngineText, section, str } from "./format";
import type { JsonRecord, ReportInputs } from "./types";

const CATEGORIES = ["STEM", "Social Science", "Humanities", "Other"] as const;

function ci(r: JsonRecord): string | undefined {
  const c = r.ci95;
  if (!Array.isArray(c) || c.length !== 2 || !c.every((x) => typeof x === "number" && Number.isFinite(x))) return undefined;
  return `${(100 * c[0]).toFixed(1)}–${(100 * c[1]).toFixed(1)}%`;
}

/** The share a constant answer would score: a number, or {letter, accuracy}. */
function constantBest(r: JsonRecord): string | undefined {
  const v = r.constant_answer_best;
  if (typeof v === "number") return pct(v);
  const o = obj(r, "constant_answer_best");
  const acc = num(o, "accuracy");
  if (acc === undefined) return undefined;
  return `${pct(acc)}${str(o, "letter") ? ` (${str(o, "letter")})` : ""}`;
}

function pValue(p: number | undefined): string | undefined {
  if (p === undefined) return undefined;
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}

export function evalRow(inputs: ReportInputs, file: string, r: JsonRecord): Record<string, string | number> {
  const cats = obj(r, "per_category");
  const hard = obj(r, "hard");
  const model = str(r, "model");
  const row: Record<string, string | number> = {
    model: model ? outRelative(inputs.outDir, model) : "",
    benchmark: str(r, "benchmark") ?? "",
    split: str(r, "split") ?? "",
    data: str(r, "data") ?? "",
    shots: num(r, "shots") ?? "",
    style: str(r, "style") ?? "",
    n: num(r, "n") ?? "",
    accuracy: pct(num(r, "accuracy")) ?? (r.accuracy === null ? "no gold answers" : ""),
    "95% CI": ci(r) ?? "",
    "macro (subjects)": pct(num(r, "macro_accuracy")) ?? "",
  };
  for (const c of CATEGORIES) row[c] = pct(num(cats, c)) ?? "";
  row["C-EVAL Hard"] = pct(num(hard, "accuracy")) ?? "";
  row["China specific"] = pct(num(obj(r, "china_specific"), "accuracy")) ?? "";
  row["best constant letter"] = constantBest(r) ?? "";
  row["p vs 25%"] = pValue(num(r, "p_value")) ?? "";
  const d = r.distinguishable_from_random;
  const acc = num(r, "accuracy");
  row["differs from 25%?"] = typeof d === "boolean" ? (!d ? "no" : acc !== undefined && acc < 0.25 ? "yes, below" : "yes, above") : "";
  row["fewer shots"] = num(r, "fewer_shots") ?? "";
  row.seconds = num(r, "seconds") !== undefined ? Math.round(num(r, "seconds")!) : "";
  row["scored on"] = scoringEngineText(r) ?? "";
  // the result's own files (lib/eval/write.ts): <name>.md tables, <name>-categories.png bars
  const stem = file.replace(/^eval\//, "").replace(/\.json$/, "");
  const md = inputs.evalFiles.includes(`${stem}.md`) ? `[${stem}.md](eval/${stem}.md)` : `[${stem}.json](eval/${stem}.json)`;
  const png = inputs.evalFiles.includes(`${stem}-categories.png`) ? ` · [plot](eval/${stem}-categories.png)` : "";
  row.details = md + png;
  return row;
}

export function evalSection(inputs: ReportInputs): string {
  const title = "C-EVAL and CMMLU";
  const body: string[] = [];
  if (inputs.evals.length === 0) body.push(notRun(inputs, "09", "no eval/*.json results"));
  else {
    const rows = inputs.evals.map((e) => evalRow(inputs, e.file, e.data));
    const key = (r: Record<string, string | number>) => [r.benchmark, r.split, r.model, String(r.shots).padStart(3, "0"), r.style].join("\u0000");
    rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    // columns no result fills are left out (e.g. C-EVAL Hard on CMMLU-only runs)
    const columns = Object.keys(rows[0]).filter((c) => rows.some((r) => r[c] !== ""));
    body.push(toMarkdown(rows, columns, "Multiple-choice accuracy (4 choices: random guessing scores 25%)"));
    body.push(
      "Accuracy is over all questions, macro the mean over subjects (the official tables' average); the 95% interval, " +
        "the p-value (exact two-sided test against 25%) and “differs from 25%?” (`distinguishable_from_random`) are the ones " +
        "each result file records. “Best constant letter” is what always answering one letter would score on the same questions.",
    );
  }
  for (const e of inputs.evals) if (str(e.data, "note")) body.push(`- ${e.file}: ${str(e.data, "note")}`);
  const plots = inputs.plots.filter((p) => /^09-.*\.png$/.test(p)).sort();
  for (const p of plots) body.push(`![${p}](plots/${p})`);
  for (const s of inputs.skipped) body.push(`_Left out ${s.file}: ${s.why}._`);
  return section(title, body);
}

export function wallClockSection(inputs: ReportInputs): string {
  const body: string[] = [];
  const t = inputs.timings;
  if (!t) body.push("_Not recorded: no notebooks/timings.json (it is written by `npm start`)._");
  else {
    const seen = new Map(t.notebooks.map((n) => [n.notebook, n]));
    const names = Array.from(new Set([...Object.values(inputs.notebooks), ...seen.keys()])).sort();
    const rows = names.map((name) => {
      const n = seen.get(name);
      if (!n) return { notebook: name, status: "not run", mode: "", "wall clock": "", seconds: "", started: "" };
      const status = n.status === "running" ? "running or interrupted" : n.status === "failed" ? `failed${n.error ? `: ${n.error.split("\n")[0]}` : ""}` : "ok";
      return { notebook: name, status, mode: n.mode, "wall clock": n.seconds !== undefined ? formatDuration(n.seconds) : "", seconds: n.seconds !== undefined ? Number(n.seconds.toFixed(1)) : "", started: n.started };
    });
    const okSeconds = t.notebooks.filter((n) => n.status === "ok" && n.seconds !== undefined).reduce((a, n) => a + n.seconds!, 0);
    body.push(toMarkdown(rows, undefined, `Notebooks (npm start, ${t.runner}); the latest run of each`));
    body.push(`Notebooks that finished: ${formatDuration(okSeconds)} in all${t.finished ? "" : " (the latest run has not finished, or was stopped)"}.`);
  }
  const runs: { run: string; "wall clock": string; seconds: number; file: string }[] = [];
  const add = (run: string, file: string, s: number | undefined) => s !== undefined && runs.push({ run, "wall clock": formatDuration(s), seconds: Number(s.toFixed(1)), file });
  if (inputs.train) add("pretraining (with evaluation and sampling)", inputs.train.file, num(inputs.train.data, "seconds"));
  if (inputs.sft) add("chat fine-tuning", inputs.sft.file, num(inputs.sft.data, "seconds"));
  for (const e of inputs.evals) add(`${str(e.data, "benchmark") ?? "eval"} ${str(e.data, "split") ?? ""} ${num(e.data, "shots") ?? "?"}-shot`, e.file, num(e.data, "seconds"));
  if (runs.length) body.push(toMarkdown(runs, undefined, "Runs, as their result files record"));
  return section("Wall clock per stage", body);
}
