// A parsed nanochat run written to a folder: tables as CSV and Markdown, figures as offline HTML pages
// (plotly.min.js beside them, as lib/report does for out/plots). Every file is written atomically.
import fs from "node:fs";
import path from "node:path";
import { toCsv, toMarkdown, type Row } from "../report";
import { ensurePlotlyBundle, plotHtml } from "../report/plot";
import { writeFileAtomic } from "../util/atomicWrite";
import { logSummaryRows, type NanochatLog } from "./nanochatLog";
import { metricsRows, type NanochatReport } from "./nanochatReport";
import { nanochatFigures } from "./nanochatFigures";

/** The step table with optional fields as empty cells (grad_norm, epoch, eta only in some nanochat versions). */
export function stepRows(log: NanochatLog): Row[] {
  return log.steps.map((r) => ({
    step: r.step, total: r.total, loss: r.loss, lrm: r.lrm, dt_ms: r.dt_ms, tok_per_s: r.tok_per_s, mfu: r.mfu,
    total_minutes: r.total_minutes, grad_norm: r.grad_norm ?? "", epoch: r.epoch ?? "", eta_minutes: r.eta_minutes ?? "",
  }));
}

/** CORE task rows: one per task per CORE evaluation. */
export function coreTaskRows(log: NanochatLog): Row[] {
  return log.core.flatMap((c) => c.tasks.map((t) => ({ step: c.step, ...t })));
}

/** The parts of a report.md that could not be read, as a "Files left out" list (`heading` prefixes its title). */
export function leftOutText(report: NanochatReport, heading = ""): string {
  return `${heading}Files left out\n\n` + report.leftOut.map((l) => `- ${l.part}: ${l.why}\n`).join("");
}

/** Write DIR/{steps,evals,core,core-tasks,summary,metrics}.{csv,md} and DIR/{loss,throughput,core}.html; returns the paths. */
export function writeNanochatLogFiles(dir: string, log: NanochatLog, report?: NanochatReport): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const table = (name: string, rows: Row[], title: string) => {
    if (!rows.length) return;
    for (const [ext, body] of [["csv", toCsv(rows)], ["md", toMarkdown(rows, undefined, title)]] as const) {
      const file = path.join(dir, `${name}.${ext}`);
      writeFileAtomic(file, body);
      written.push(file);
    }
  };
  table("steps", stepRows(log), "base_train steps");
  table("evals", log.evals as unknown as Row[], "validation bpb");
  table("core", log.core.map((c) => ({ step: c.step, core: c.core, tasks: c.tasks.length })), "CORE metric");
  table("core-tasks", coreTaskRows(log), "CORE tasks");
  table("summary", logSummaryRows(log), "base_train summary");
  if (report) table("metrics", metricsRows(report), `report.md final metrics${report.wallClock ? ` (total wall clock ${report.wallClock})` : ""}`);
  if (report?.leftOut.length) {
    const file = path.join(dir, "left-out.md");
    writeFileAtomic(file, leftOutText(report, "## "));
    written.push(file);
  }
  const figures = nanochatFigures(log);
  if (figures.length) ensurePlotlyBundle(dir);
  for (const f of figures) {
    const file = path.join(dir, `${f.name}.html`);
    writeFileAtomic(file, plotHtml(f.figure, f.name));
    written.push(file);
  }
  return written;
}
