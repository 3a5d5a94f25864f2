// All of the card's file reading, in one place: out/ → ReportInputs. A file that is missing leaves its
// field empty (the section says "not run"); a file that cannot be read is listed in `skipped` with why.
import fs from "node:fs";
import path from "node:path";
import { runMode } from "../mode";
import { CHAT_TABLES } from "./chat";
import { captureEnvironment } from "./environment";
import { PIPELINE_TABLES } from "./pipeline";
import { SCALE_OUT_TABLES } from "./scaleOut";
import { loadTable, tableStems } from "./tables";
import { readTimings } from "./timings";
import { TRAINING_TABLES } from "./training";
import type { JsonFile, JsonRecord, LoadedTable, ReportInputs, Timings } from "./types";

/** The notebooks as planned (issue 9 adds 08 and 09); names found in notebooks/ take precedence. */
export const PLANNED_NOTEBOOKS: Record<string, string> = {
  "00": "00-smoke",
  "01": "01-model-sizing",
  "02": "02-shard-planning",
  "03": "03-chinese-data-pipeline",
  "04": "04-tokenizer-training",
  "05": "05-tokenizer-evaluation",
  "06": "06-model",
  "07": "07-pretraining",
  "08": "08-chat-sft",
  "09": "09-ceval-cmmlu",
  "10": "10-scale-out",
};

export interface ReadOptions {
  /** Repository root: its notebooks/ names the notebooks, its git checkout the commit. */
  root: string;
  env?: Record<string, string | undefined>;
  now?: Date;
}

/** A JSON object file under `outDir` (path relative to it); errors name the file. */
export function readJsonRecord(outDir: string, rel: string): JsonFile {
  const file = path.join(outDir, rel);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not readable JSON: ${(e as Error).message}`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error(`${file}: expected a JSON object`);
  return { file: rel, data: data as JsonRecord };
}

function notebookNames(root: string): Record<string, string> {
  const names = { ...PLANNED_NOTEBOOKS };
  const dir = path.join(root, "notebooks");
  if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) {
    const m = /^(\d\d)-.*\.ipynb$/.exec(f);
    if (m) names[m[1]] = f.slice(0, -".ipynb".length);
  }
  return names;
}

function subdirs(outDir: string, rel: string): string[] {
  const dir = path.join(outDir, rel);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => (rel ? `${rel}/${d.name}` : d.name));
}

/**
 * The SFT run's summary: out/sft/summary.json, else the newest out/<dir>/summary.json or
 * out/runs/<dir>/summary.json whose stage (lib/chat SftSummary) or mode is sft or mid.
 */
export function findSftSummary(outDir: string): string | undefined {
  if (fs.existsSync(path.join(outDir, "sft", "summary.json"))) return "sft/summary.json";
  const hits: { rel: string; mtime: number }[] = [];
  for (const d of [...subdirs(outDir, ""), ...subdirs(outDir, "runs")]) {
    const rel = `${d}/summary.json`;
    const file = path.join(outDir, rel);
    if (!fs.existsSync(file)) continue;
    try {
      const s = readJsonRecord(outDir, rel).data;
      if (["sft", "mid"].includes(String(s.stage)) || ["sft", "mid"].includes(String(s.mode))) hits.push({ rel, mtime: fs.statSync(file).mtimeMs });
    } catch {
      // not a summary we can read: not the SFT run's
    }
  }
  hits.sort((a, b) => b.mtime - a.mtime);
  return hits[0]?.rel;
}

/** Fields a summary must have, with their JSON types, for its section to be built from it. */
type Shape = { what: string; fields: Record<string, "number" | "string" | "object"> };
const TRAIN_SUMMARY_SHAPE: Shape = { what: "a training run summary (nanozh train's summary.json)", fields: { steps: "number" } };
const SFT_SUMMARY_SHAPE: Shape = { what: "a chat fine-tuning summary (nanozh sft's summary.json)", fields: { steps: "number" } };

/** `j` when it has the shape's fields; otherwise an error (the file goes under "Files left out" instead of a half-empty section). */
function checkShape(j: JsonFile, shape: Shape): JsonFile {
  const bad = Object.entries(shape.fields).filter(([k, t]) => {
    const v = j.data[k];
    return t === "object" ? !v || typeof v !== "object" || Array.isArray(v) : typeof v !== t;
  });
  if (bad.length) throw new Error(`not ${shape.what}: ${bad.map(([k, t]) => `${k} ${j.data[k] === undefined ? "missing" : `is ${JSON.stringify(j.data[k]).slice(0, 30)}`}, expected a ${t}`).join("; ")}`);
  return j;
}

/** An EvalResult (or {result: EvalResult}): a benchmark name, a numeric n, an accuracy (null without gold answers). */
function asEvalResult(data: JsonRecord): JsonRecord | undefined {
  const r = data.result && typeof data.result === "object" && !Array.isArray(data.result) ? (data.result as JsonRecord) : data;
  return typeof r.benchmark === "string" && typeof r.n === "number" && (typeof r.accuracy === "number" || r.accuracy === null) ? r : undefined;
}

export function readReportInputs(outDir: string, opts: ReadOptions): ReportInputs {
  const skipped: { file: string; why: string }[] = [];
  const attempt = <T>(file: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      skipped.push({ file, why: (e as Error).message });
      return undefined;
    }
  };
  const timings: Timings | undefined = attempt("notebooks/timings.json", () => readTimings(path.join(outDir, "notebooks", "timings.json")));
  const mode = timings?.mode ?? runMode(opts.env ?? process.env);

  const tables: Record<string, LoadedTable> = {};
  for (const base of [...PIPELINE_TABLES, ...TRAINING_TABLES, ...CHAT_TABLES, ...SCALE_OUT_TABLES]) {
    for (const stem of tableStems(base, mode)) {
      if (!fs.existsSync(path.join(outDir, "tables", `${stem}.csv`))) continue;
      const t = attempt(`tables/${stem}.csv`, () => loadTable(outDir, stem));
      if (t) tables[stem] = t;
    }
  }
  const plotsDir = path.join(outDir, "plots");
  const plots = fs.existsSync(plotsDir) ? fs.readdirSync(plotsDir).sort() : [];

  const has = (rel: string) => fs.existsSync(path.join(outDir, rel));
  const train = has("model/summary.json") ? attempt("model/summary.json", () => checkShape(readJsonRecord(outDir, "model/summary.json"), TRAIN_SUMMARY_SHAPE)) : undefined;
  const sftRel = findSftSummary(outDir);
  const sft = sftRel ? attempt(sftRel, () => checkShape(readJsonRecord(outDir, sftRel), SFT_SUMMARY_SHAPE)) : undefined;

  const evals: JsonFile[] = [];
  const evalDir = path.join(outDir, "eval");
  const evalFiles = fs.existsSync(evalDir) ? fs.readdirSync(evalDir).sort() : [];
  for (const f of evalFiles.filter((f) => f.endsWith(".json"))) {
    const rel = `eval/${f}`;
    const j = attempt(rel, () => readJsonRecord(outDir, rel));
    if (!j) continue;
    const r = asEvalResult(j.data);
    if (r) evals.push({ file: rel, data: r });
    else skipped.push({ file: rel, why: "not an EvalResult (needs benchmark, n and accuracy)" });
  }

  const kits: JsonFile[] = [];
  for (const d of subdirs(outDir, "kits")) {
    const rel = `${d}/kit.json`;
    if (!has(rel)) continue;
    const k = attempt(rel, () => readJsonRecord(outDir, rel));
    if (!k) continue;
    if (k.data.format === "nanozh-nanochat-kit") kits.push(k);
    else skipped.push({ file: rel, why: "not a nanochat kit summary (format is not nanozh-nanochat-kit)" });
  }

  return {
    outDir: path.resolve(outDir),
    generated: (opts.now ?? new Date()).toISOString(),
    mode,
    modeSource: timings ? "timings.json" : "NANOZH_MODE",
    notebooks: notebookNames(opts.root),
    timings,
    reportEnvironment: captureEnvironment(opts.root),
    tables,
    plots,
    train,
    trainSamplesMd: has("model/samples.md") ? "model/samples.md" : undefined,
    sft,
    evals,
    evalFiles,
    kits,
    skipped,
  };
}
