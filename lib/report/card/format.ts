// Small pieces the card's sections share: safe field access on loose JSON, "not run" lines,
// key/value tables, links relative to the out folder.
import path from "node:path";
import { formatNumber, toMarkdown } from "../tableFormat";
import type { JsonRecord, ReportInputs } from "./types";

/** A finite number field, else undefined (missing, null, a string, NaN). */
export function num(o: JsonRecord | undefined, key: string): number | undefined {
  const v = o?.[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export function str(o: JsonRecord | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

export function obj(o: JsonRecord | undefined, key: string): JsonRecord | undefined {
  const v = o?.[key];
  return v && typeof v === "object" && !Array.isArray(v) ? (v as JsonRecord) : undefined;
}

/** The notebook's file stem for its NN prefix ("08" → "08-chat-sft"). */
export function notebookName(inputs: Pick<ReportInputs, "notebooks">, nn: string): string {
  return inputs.notebooks[nn] ?? `${nn}-…`;
}

/** The line a section shows when its inputs are not in out/. */
export function notRun(inputs: Pick<ReportInputs, "notebooks">, nn: string, missing: string): string {
  return `_Not run (notebook ${notebookName(inputs, nn)}): ${missing}._\n`;
}

export function section(title: string, body: string[]): string {
  return [`## ${title}`, "", ...body.filter((b) => b !== "").map((b) => b.replace(/\n*$/, "\n"))].join("\n");
}

/** A two-column table; rows whose value is undefined are left out. */
export function kvTable(rows: [string, string | number | undefined][], head: [string, string] = ["", ""]): string {
  const kept = rows.filter((r): r is [string, string | number] => r[1] !== undefined);
  if (kept.length === 0) return "";
  return toMarkdown(kept.map(([k, v]) => ({ k, v: typeof v === "number" ? formatNumber(v) : v })), [
    { key: "k", label: head[0] || " " },
    { key: "v", label: head[1] || " " },
  ]);
}

/** 0.2734 → "27.3%". */
export function pct(x: number | undefined, digits = 1): string | undefined {
  return x === undefined ? undefined : `${(100 * x).toFixed(digits)}%`;
}

/** A path from a summary (often absolute) as a link target relative to the out folder when inside it. */
export function outRelative(outDir: string, p: string): string {
  if (!path.isAbsolute(p)) return p;
  const rel = path.relative(outDir, p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : p;
}

/** Markdown inline code, safe for any text. */
export function code(s: string): string {
  return s.includes("`") ? `\`\` ${s} \`\`` : `\`${s}\``;
}

const threadsText = (n: number): string => `${n} thread${n === 1 ? "" : "s"}`;

/**
 * Which training engine ran and on how many threads, from a run's summary.json (`engine`, `engine_threads`; lib/train
 * and lib/chat write both), with the kernels underneath: "ort, 2 threads (onnxruntime-node cpu)", "workers×2, 2 threads (wasm)". Summaries written before
 * engine_threads was recorded give the engine alone.
 */
export function trainingEngineText(run: JsonRecord | undefined): string | undefined {
  const engine = str(run, "engine");
  const threads = num(run, "engine_threads");
  const backend = str(run, "backend");
  if (!engine) return backend ? `backend ${backend}` : undefined;
  return `${engine}${threads !== undefined ? `, ${threadsText(threads)}` : ""}${backend ? ` (${backend})` : ""}`;
}

/** Which engine scored an eval result (its `engine`: lib/engines EngineInfo): "ort (onnxruntime-node cpu), 2 threads". */
export function scoringEngineText(result: JsonRecord | undefined): string | undefined {
  const e = obj(result, "engine");
  const name = str(e, "engine");
  if (!name) return undefined;
  const threads = num(e, "threads");
  return `${name}${str(e, "backend") ? ` (${str(e, "backend")})` : ""}${threads !== undefined ? `, ${threadsText(threads)}` : ""}`;
}
