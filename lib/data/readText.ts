// Plain-text and JSONL readers: streaming, one document per line / paragraph / file, or per JSON line.
import type { Doc, ReadOptions, ReadStats } from "./types";
import { getPath } from "./types";
import { readLines, readTextChunks, noteEmptyFile } from "./utf8";

/** Plain text. `textMode`: "line" (default; blank lines skipped), "paragraph" (blank-line separated; lines joined with \n), "file". */
export async function* readTextFile(file: string, opts: ReadOptions, stats: ReadStats): AsyncGenerator<Doc> {
  const mode = opts.textMode ?? "line";
  if (mode === "file") {
    const parts: string[] = [];
    let any = false;
    for await (const chunk of readTextChunks(file, opts, stats)) {
      any = true;
      parts.push(chunk);
    }
    if (!any) noteEmptyFile(file, opts, stats);
    const text = parts.join("");
    if (text.trim()) yield { text, source: file, line: 1 };
    else if (any) stats.emptyDocs++;
    return;
  }
  if (mode === "line") {
    for await (const { text, line } of readLines(file, opts, stats)) {
      if (text.trim()) yield { text, source: file, line };
      else stats.emptyDocs++;
    }
    return;
  }
  let para: string[] = [];
  let startLine = 0;
  for await (const { text, line } of readLines(file, opts, stats)) {
    if (text.trim()) {
      if (para.length === 0) startLine = line;
      para.push(text);
    } else if (para.length) {
      yield { text: para.join("\n"), source: file, line: startLine };
      para = [];
    }
  }
  if (para.length) yield { text: para.join("\n"), source: file, line: startLine };
}

/** JSONL: one JSON value per line; text from `field` (dotted path, default `text`), or the value itself if it is a string. */
export async function* readJsonlFile(file: string, opts: ReadOptions, stats: ReadStats): AsyncGenerator<Doc> {
  const field = opts.field ?? "text";
  for await (const { text, line } of readLines(file, opts, stats)) {
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      bad(opts, stats, `${file}:${line}: malformed JSON (${(err as Error).message})`);
      continue;
    }
    const t = typeof value === "string" ? value : getPath(value, field);
    if (typeof t !== "string") {
      bad(opts, stats, `${file}:${line}: field '${field}' is ${t === undefined ? "missing" : "not a string"}`);
      continue;
    }
    if (t.trim()) yield { text: t, source: file, line };
    else stats.emptyDocs++;
  }
}

/** A malformed record: throw, or (skipBad) count it and go on; the first skipped record per read is warned about. */
export function bad(opts: ReadOptions, stats: ReadStats, message: string): void {
  if (!opts.skipBad) throw new Error(message);
  if (stats.badRecords === 0 && opts.onWarning) opts.onWarning(`${message} (skipped; further bad records are counted, not shown)`);
  else if (stats.badRecords === 0) process.stderr.write(`warning: ${message} (skipped; further bad records are counted, not shown)\n`);
  stats.badRecords++;
}
