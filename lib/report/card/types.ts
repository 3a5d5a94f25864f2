// What the report card reads from out/: every shape here is read defensively (fields may be missing),
// so the JSON inputs stay loose records and the section builders pick the fields they know.
import type { RunMode } from "../mode";

/** A JSON object as read from a file: fields are checked where they are used. */
export type JsonRecord = Record<string, unknown>;

/** One out/tables/<stem>.csv, cells as numbers where they look like numbers, with the .md title. */
export interface LoadedTable {
  stem: string;
  /** Path relative to the out folder, e.g. "tables/05-pooled-small.csv". */
  file: string;
  title?: string;
  columns: string[];
  /** Cells: numbers where the CSV cell is a number, null where it is empty. */
  rows: Record<string, string | number | null>[];
}

/** Where and on what the notebooks ran (recorded by scripts/run-notebooks.ts at the start of a run). */
export interface EnvironmentInfo {
  node: string;
  os: string;
  cpu: string;
  cores: number;
  memory_gib: number;
  git_commit?: string;
  git_dirty?: boolean;
}

export type NotebookStatus = "running" | "ok" | "failed";

/** One notebook's last run in out/notebooks/timings.json. */
export interface NotebookTiming {
  notebook: string;
  status: NotebookStatus;
  mode: RunMode;
  started: string;
  finished?: string;
  seconds?: number;
  error?: string;
}

/** out/notebooks/timings.json: the latest run's environment, and each notebook's latest run. */
export interface Timings {
  mode: RunMode;
  runner: "headless" | "nbconvert";
  started: string;
  finished?: string;
  environment: EnvironmentInfo;
  notebooks: NotebookTiming[];
}

/** A JSON file read from out/, with its path relative to the out folder. */
export interface JsonFile {
  file: string;
  data: JsonRecord;
}

/** Everything the card shows, read from one out/ folder (see read.ts). */
export interface ReportInputs {
  /** The out folder read (absolute); links in the card are relative to it. */
  outDir: string;
  /** ISO time the card was built. */
  generated: string;
  /** "small" | "full": from timings.json, else $NANOZH_MODE where the card is built. */
  mode: RunMode;
  modeSource: "timings.json" | "NANOZH_MODE";
  /** The notebook file stems, NN → name (from notebooks/, with the planned names for those not yet there). */
  notebooks: Record<string, string>;
  timings?: Timings;
  /** This machine, when no timings.json recorded the run's. */
  reportEnvironment: EnvironmentInfo;
  /** out/tables/*.csv the sections use, by stem. */
  tables: Record<string, LoadedTable>;
  /** File names in out/plots. */
  plots: string[];
  /** out/model/summary.json (notebook 07 / nanozh train). */
  train?: JsonFile;
  /** out/model/samples.md exists. */
  trainSamplesMd?: string;
  /** The chat fine-tuning run's summary.json (notebook 08 / nanozh sft). */
  sft?: JsonFile;
  /** out/eval/*.json that look like EvalResults. */
  evals: JsonFile[];
  /** File names in out/eval (each result's .md and -categories.png are linked). */
  evalFiles: string[];
  /** out/kits/<name>/kit.json: the nanochat run kits notebook 10 (or `nanozh export nanochat --out out/kits/NAME`) wrote. */
  kits: JsonFile[];
  /** out/eval/*.json left out, and why. */
  skipped: { file: string; why: string }[];
}
