// An evaluation's files, written atomically into one folder:
//   <name>.json             the EvalResult
//   <name>-subjects.csv     one row per subject (CI as two columns)
//   <name>.md               category and subject tables with CIs, and a sentence, computed from the numbers,
//                           on whether the score is distinguishable from the 25% of guessing
//   <name>-questions.jsonl  one QuestionResult per line
//   <name>-categories.html  per-category bars with 95% Wilson error bars and the 25% line (+ .png with Chromium)
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomicWrite";
import { findChrome, screenshotHtml } from "../report/chrome";
import { checkOutputName } from "../report/notebook";
import { ensurePlotlyBundle, plotHtml, type PlotFigure } from "../report/plot";
import { toCsv, toMarkdown } from "../report/tableFormat";
import { ALPHA, type EvalResult, type GroupSummary, type QuestionResult } from "./results";
import { CATEGORIES, LETTERS } from "./types";

export interface WriteEvalOptions {
  /** Write the category plot (HTML). Default true; false skips it (and any PNG). */
  plot?: boolean;
  /** Also draw the plot as PNG with headless Chromium (a few seconds). Default: when Chromium is found. */
  png?: boolean;
}

export interface EvalFiles {
  json: string;
  subjectsCsv: string;
  md: string;
  questionsJsonl: string;
  plotHtml?: string;
  plotPng?: string;
}

// As showPlot (lib/report/plot.ts): wait for Plotly's draw, then hide its hover toolbar for the picture.
const DRAWN_NO_MODEBAR = `window.nanozhRendered.then(function (r) {
  document.querySelectorAll(".modebar-container").forEach(function (e) { e.style.display = "none"; }); return r; })`;

const BENCH_NAMES = { ceval: "C-EVAL", cmmlu: "CMMLU" } as const;

/** 0.2534 → "25.3%". */
export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? "–" : `${(100 * x).toFixed(digits)}%`;
}

function ciText(ci: [number, number] | null): string {
  return ci ? `${pct(ci[0])}–${pct(ci[1])}` : "–";
}

/** A p-value as people read it: two significant digits, "< 0.0001" below that. */
export function pText(p: number | null): string {
  if (p === null) return "–";
  return p < 1e-4 ? "< 0.0001" : p.toPrecision(2);
}

export function titleOf(r: EvalResult): string {
  return `${BENCH_NAMES[r.benchmark]} ${r.split}, ${r.shots}-shot (${r.style} prompts), model ${r.model}`;
}

/** One sentence, from the numbers, on whether the score differs from random guessing (and from a constant answer). */
export function verdictSentence(r: EvalResult): string {
  if (r.accuracy === null || r.p_value === null || r.ci95 === null) return `No gold answers on this split, so there is no accuracy to compare with the ${pct(r.random_baseline, 0)} of random guessing.`;
  const pv = pText(r.p_value);
  const test = `exact two-sided binomial test over ${r.n.toLocaleString("en-US")} questions: p ${pv.startsWith("<") ? pv : `= ${pv}`}`;
  const ci = `95% CI ${ciText(r.ci95)}`;
  // The exact test and the Wilson interval can disagree right at the edge: say what each shows.
  const contains = r.ci95[0] <= r.random_baseline && r.random_baseline <= r.ci95[1];
  let s: string;
  if (r.distinguishable_from_random) {
    const side = r.accuracy > r.random_baseline ? "above" : "below";
    s = `The accuracy of ${pct(r.accuracy)} is distinguishable from the ${pct(r.random_baseline, 0)} of random guessing — ${side} it (${test}, under ${ALPHA}; ${ci})`;
  } else {
    s = `The accuracy of ${pct(r.accuracy)} is not distinguishable from the ${pct(r.random_baseline, 0)} of random guessing (${test}, not under ${ALPHA}; the ${ci} ${contains ? "contains" : "just excludes"} 25%)`;
  }
  const c = r.constant_answer_best;
  if (c) s += r.accuracy > c.accuracy ? `, and beats always answering ${c.letter} (${pct(c.accuracy)}).` : `, and does not beat always answering ${c.letter} (${pct(c.accuracy)}).`;
  else s += ".";
  return s;
}

function groupRow(label: string, g: GroupSummary): Record<string, string | number> {
  return { Group: label, Subjects: g.subjects.length, Questions: g.n, "Accuracy (mean over subjects)": pct(g.accuracy), "Accuracy (over questions)": pct(g.accuracy_micro), "95% CI (over questions)": ciText(g.ci95) };
}

/** The Markdown report of one evaluation. */
export function evalMarkdown(r: EvalResult): string {
  const out: string[] = [`# ${titleOf(r)}`, ""];
  if (r.accuracy !== null) {
    out.push(
      `**Accuracy ${pct(r.accuracy)}** over ${r.n.toLocaleString("en-US")} questions (95% CI ${ciText(r.ci95)}); ` +
        `**${pct(r.macro_accuracy)}** as the mean over ${r.subjects} subjects (the official tables' average).`,
      "",
    );
  } else {
    out.push(`${r.n.toLocaleString("en-US")} questions over ${r.subjects} subjects were scored. ${r.note ?? ""}`, "");
  }
  out.push(verdictSentence(r), "");
  const sig = r.significance;
  if (sig.set.above !== null && sig.set.below !== null) {
    out.push(
      `At n = ${sig.set.n.toLocaleString("en-US")} a score must reach ${pct(sig.set.above, 2)} (or fall to ${pct(sig.set.below, 2)}) to differ from 25% at the 5% level; ` +
        (sig.subject_median.above !== null ? `a subject of ${sig.subject_median.n} questions (the median here) needs ${pct(sig.subject_median.above)}.` : `a subject of ${sig.subject_median.n} questions (the median here) cannot show it.`),
      "",
    );
  }
  const letters = (shares: Record<string, number>) => LETTERS.map((l) => `${l} ${pct(shares[l])}`).join(", ");
  if (r.gold_letters && r.constant_answer_best)
    out.push(`Gold letters: ${letters(r.gold_letters)}; always answering ${r.constant_answer_best.letter} scores ${pct(r.constant_answer_best.accuracy)} (${pct(r.constant_answer_best.macro_accuracy)} over subjects, letter ${r.constant_answer_best.macro_letter}).`, "");
  out.push(`Predicted letters: ${letters(r.pred_letters)}.`, "");
  if (r.fewer_shots > 0 || r.over_context > 0)
    out.push(`${r.fewer_shots.toLocaleString("en-US")} questions ran with fewer than ${r.shots} shots (the prompt did not fit the context); ${r.over_context} did not fit even with none.`, "");
  const engine = r.engine ? `engine ${r.engine.engine} (${r.engine.backend}), ${r.engine.threads} thread${r.engine.threads === 1 ? "" : "s"}` : null;
  if (r.questions_per_s !== null) out.push(`Speed: ${r.questions_per_s.toFixed(2)} questions/s${r.seconds !== null ? ` (${r.seconds.toFixed(1)} s)` : ""}${engine ? ` on ${engine}` : ""}.`, "");
  else if (engine) out.push(`Scored on ${engine}.`, "");

  const groups = CATEGORIES.filter((c) => r.categories[c].subjects.length > 0).map((c) => groupRow(c, r.categories[c]));
  if (r.hard) groups.push(groupRow("C-EVAL Hard", r.hard));
  if (r.china_specific) groups.push(groupRow("China specific (overlaps)", r.china_specific));
  groups.push({ Group: "All", Subjects: r.subjects, Questions: r.n, "Accuracy (mean over subjects)": pct(r.macro_accuracy), "Accuracy (over questions)": pct(r.accuracy), "95% CI (over questions)": ciText(r.ci95) });
  out.push("## Categories", "", toMarkdown(groups));
  const subjects = r.per_subject.map((s) => ({
    Subject: s.subject,
    科目: s.name_zh,
    Category: s.category,
    n: s.n,
    Correct: s.correct ?? "–",
    Accuracy: pct(s.accuracy),
    "95% CI": ciText(s.ci95),
    "p vs 25%": pText(s.p_value),
    "p (Holm)": pText(s.p_holm),
    "Said A/B/C/D": LETTERS.map((l) => s.pred_counts[l]).join("/"),
    "Gold A/B/C/D": s.gold_counts ? LETTERS.map((l) => s.gold_counts![l]).join("/") : "–",
    "Fewer shots": s.fewer_shots,
  }));
  out.push("## Subjects", "", toMarkdown(subjects));
  return out.join("\n");
}

/** Per-subject CSV: raw numbers, the CI as two columns. */
export function subjectsCsv(r: EvalResult): string {
  const rows = r.per_subject.map(({ ci95, pred_counts, gold_counts, ...s }) => ({
    ...s,
    ci95_low: ci95 ? ci95[0] : null,
    ci95_high: ci95 ? ci95[1] : null,
    pred_letters: LETTERS.map((l) => pred_counts[l]).join("/"),
    gold_letters: gold_counts ? LETTERS.map((l) => gold_counts[l]).join("/") : null,
  }));
  const cols = ["subject", "name_zh", "name_en", "category", "hard", ...(r.per_subject.some((s) => s.china_specific !== undefined) ? ["china_specific"] : []),
    "n", "correct", "accuracy", "ci95_low", "ci95_high", "p_value", "p_holm", "p_bh", "pred_letters", "gold_letters", "fewer_shots", "over_context"];
  return toCsv(rows, cols);
}

/** Per-category bars (accuracy over questions, 95% Wilson CI), the official mean over subjects as markers, 25% and the best constant answer as lines. Null without gold. */
export function categoryFigure(r: EvalResult): PlotFigure | null {
  if (r.accuracy === null) return null;
  const groups: [string, GroupSummary][] = CATEGORIES.filter((c) => r.categories[c].subjects.length > 0).map((c) => [c, r.categories[c]]);
  if (r.hard) groups.push(["C-EVAL Hard", r.hard]);
  if (r.china_specific) groups.push(["China specific", r.china_specific]);
  groups.push(["All", { subjects: [], n: r.n, correct: null, accuracy: r.macro_accuracy, accuracy_micro: r.accuracy, ci95: r.ci95 }]);
  const x = groups.map(([label, g]) => `${label} (n=${g.n})`);
  const y = groups.map(([, g]) => 100 * (g.accuracy_micro ?? 0));
  // Reference lines as legend-labelled traces drawn over the bars (shapes' text would hide behind them).
  const level = (name: string, value: number, colour: string, dash: string) => ({
    type: "scatter", mode: "lines", name, x, y: x.map(() => 100 * value), line: { color: colour, dash, width: 2 }, hoverinfo: "name",
  });
  const lines = [level(`random guessing ${pct(r.random_baseline, 0)}`, r.random_baseline, "#d62728", "dash")];
  const c = r.constant_answer_best;
  if (c) lines.push(level(`always ${c.letter} ${pct(c.accuracy)}`, c.accuracy, "#7f7f7f", "dot"));
  const top = Math.max(40, ...groups.map(([, g]) => 100 * (g.ci95?.[1] ?? 0) + 5));
  return {
    data: [
      {
        type: "bar", name: "over questions (95% Wilson CI)", x, y, marker: { color: "#1f77b4", opacity: 0.75 },
        error_y: { type: "data", symmetric: false, array: groups.map(([, g], i) => 100 * (g.ci95?.[1] ?? 0) - y[i]), arrayminus: groups.map(([, g], i) => y[i] - 100 * (g.ci95?.[0] ?? 0)), color: "#333" },
      },
      { type: "scatter", mode: "markers", name: "mean over subjects (official)", x, y: groups.map(([, g]) => 100 * (g.accuracy ?? 0)), marker: { symbol: "diamond", size: 11, color: "#ff7f0e" } },
      ...lines,
    ],
    layout: {
      title: { text: `${titleOf(r)}: accuracy by category` },
      yaxis: { title: { text: "accuracy (%)" }, range: [0, Math.min(100, top)] },
      legend: { orientation: "h", y: -0.2 },
      width: 900,
      height: 500,
    },
  };
}

/** Write an evaluation's files into `dir` (atomically); returns their paths. */
export async function writeEvalResult(dir: string, name: string, result: EvalResult, questions: QuestionResult[], opts: WriteEvalOptions = {}): Promise<EvalFiles> {
  checkOutputName(name, "writeEvalResult");
  fs.mkdirSync(dir, { recursive: true });
  const files: EvalFiles = {
    json: path.join(dir, `${name}.json`),
    subjectsCsv: path.join(dir, `${name}-subjects.csv`),
    md: path.join(dir, `${name}.md`),
    questionsJsonl: path.join(dir, `${name}-questions.jsonl`),
  };
  writeJsonAtomic(files.json, result);
  writeFileAtomic(files.subjectsCsv, subjectsCsv(result));
  writeFileAtomic(files.md, evalMarkdown(result));
  writeFileAtomic(files.questionsJsonl, questions.map((q) => JSON.stringify(q) + "\n").join(""));
  const fig = opts.plot === false ? null : categoryFigure(result);
  const html = path.join(dir, `${name}-categories.html`);
  const png = path.join(dir, `${name}-categories.png`);
  if (!fig) {
    // No plot this time: stale ones from an earlier run must not pass for this result.
    fs.rmSync(html, { force: true });
    fs.rmSync(png, { force: true });
    return files;
  }
  ensurePlotlyBundle(dir);
  writeFileAtomic(html, plotHtml(fig, `${name}-categories`));
  files.plotHtml = html;
  const chrome = opts.png === false ? undefined : findChrome();
  if (opts.png === true && !chrome) throw new Error(`writeEvalResult(${name}): png requested but no Chromium found (install chromium or set CHROME_PATH)`);
  if (chrome) {
    writeFileAtomic(png, await screenshotHtml(html, { width: 900, height: 500, chrome, readyExpression: DRAWN_NO_MODEBAR }));
    files.plotPng = png;
  } else {
    fs.rmSync(png, { force: true });
  }
  return files;
}
