// Shared shapes for corpus reading: a document, reader options, and the counters a read fills in.
import { codePointLength } from "../util/text";

/** One document from a corpus file. `line` is 1-based (txt, jsonl, csv); `row` is 0-based (json, parquet, csv records). */
export interface Doc {
  text: string;
  source: string;
  line?: number;
  row?: number;
}

export type CorpusFormat = "txt" | "jsonl" | "csv" | "json" | "parquet";

/** How a plain-text file is cut into documents. */
export type TextMode = "line" | "paragraph" | "file";

export interface ReadStats {
  files: number;
  /** File bytes consumed so far (for progress against the total size of the inputs). */
  bytesRead: number;
  docs: number;
  /** Characters as Unicode code points (what Python's len() counts — nanochat's unit). */
  chars: number;
  /** Documents skipped because their text was empty or whitespace only. */
  emptyDocs: number;
  /** Malformed records skipped under `skipBad` (JSONL lines, JSON elements, CSV rows without the field). */
  badRecords: number;
  emptyFiles: string[];
  /** Invalid UTF-8 sequences replaced by U+FFFD (WHATWG "maximal subpart" counting). */
  invalidUtf8: number;
  firstInvalidUtf8?: { file: string; byteOffset: number };
}

export interface ReadOptions {
  /** Format; default from the file extension. */
  format?: CorpusFormat;
  /** Field (JSONL/JSON: dotted path such as `meta.text`; CSV: column name; parquet: column). Default `text`. */
  field?: string;
  /** Plain text only: one document per line (default), per blank-line-separated paragraph, or per file. */
  textMode?: TextMode;
  /** Skip malformed records (counted in stats.badRecords) instead of throwing `file:line: …`. */
  skipBad?: boolean;
  /** Throw on invalid UTF-8 instead of replacing with U+FFFD and counting. */
  strictUtf8?: boolean;
  /** Read size in bytes (default 1 MiB). */
  chunkBytes?: number;
  /** Glob and relative paths are resolved against this folder (default: process.cwd()). */
  root?: string;
  /** Warnings (empty file, invalid UTF-8, skipped records). Default: one line on stderr. */
  onWarning?: (message: string) => void;
  /** Filled in as documents are read. */
  stats?: ReadStats;
}

export function newReadStats(): ReadStats {
  return { files: 0, bytesRead: 0, docs: 0, chars: 0, emptyDocs: 0, badRecords: 0, emptyFiles: [], invalidUtf8: 0 };
}

export function warn(opts: ReadOptions, message: string): void {
  if (opts.onWarning) opts.onWarning(message);
  else process.stderr.write(`warning: ${message}\n`);
}

export { codePointLength };

/** Follow a dotted path (`a.b.c`) into a parsed JSON value. */
export function getPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
