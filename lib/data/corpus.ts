// The front door for reading: readCorpus(path | glob | folder) picks a reader per file by extension.
import path from "node:path";
import type { CorpusFormat, Doc, ReadOptions, ReadStats } from "./types";
import { codePointLength, newReadStats } from "./types";
import { expandGlob } from "./glob";
import { mulberry32 } from "./rng";
import { readJsonlFile, readTextFile } from "./readText";
import { readCsvFile } from "./csv";
import { readJsonFile } from "./readJson";
import { readParquetFile } from "./readParquet";

const BY_EXTENSION: Record<string, CorpusFormat> = {
  ".txt": "txt",
  ".text": "txt",
  ".md": "txt",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".csv": "csv",
  ".json": "json",
  ".parquet": "parquet",
};

export function formatForFile(file: string): CorpusFormat {
  const f = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!f) throw new Error(`${file}: unknown corpus format (extension '${path.extname(file)}'); pass format: txt|jsonl|csv|json|parquet`);
  return f;
}

/** Documents of one file. */
export function readFile(file: string, opts: ReadOptions = {}, stats: ReadStats = opts.stats ?? newReadStats()): AsyncGenerator<Doc> {
  const format = opts.format ?? formatForFile(file);
  switch (format) {
    case "txt":
      return readTextFile(file, opts, stats);
    case "jsonl":
      return readJsonlFile(file, opts, stats);
    case "csv":
      return readCsvFile(file, opts, stats);
    case "json":
      return readJsonFile(file, opts, stats);
    case "parquet":
      return readParquetFile(file, opts, stats);
    default:
      throw new Error(`${file}: unknown format '${String(format)}'`);
  }
}

/**
 * Stream the documents of a file, folder or glob (relative to `opts.root`, default cwd), files in sorted order.
 * Empty files give zero documents and a warning (a glob over many files should not stop on one empty file).
 * Counts land in `opts.stats` when given.
 */
export async function* readCorpus(pattern: string | string[], opts: ReadOptions = {}): AsyncGenerator<Doc> {
  const stats = opts.stats ?? newReadStats();
  const patterns = Array.isArray(pattern) ? pattern : [pattern];
  const files = patterns.flatMap((p) => expandGlob(p, opts.root));
  if (files.length === 0) throw new Error(`${patterns.join(", ")}: no files match`);
  for (const file of files) {
    stats.files++;
    for await (const doc of readFile(file, opts, stats)) {
      stats.docs++;
      stats.chars += codePointLength(doc.text);
      yield doc;
    }
  }
}

/** Every document of a corpus in memory (small corpora, tests, notebooks). */
export async function collectCorpus(pattern: string | string[], opts: ReadOptions = {}): Promise<Doc[]> {
  const out: Doc[] = [];
  for await (const d of readCorpus(pattern, opts)) out.push(d);
  return out;
}

/**
 * A seeded uniform sample of `n` documents of a corpus (reservoir sampling, one pass, memory n
 * documents), returned in corpus order. All documents when there are n or fewer. A sample, not the
 * first n: a glob over several files would otherwise show only the first file.
 */
export async function sampleCorpus(pattern: string | string[], n: number, opts: ReadOptions = {}, seed = 42): Promise<Doc[]> {
  if (!(Number.isInteger(n) && n >= 0)) throw new Error(`sampleCorpus: n must be an integer ≥ 0, got ${n}`);
  const rng = mulberry32(seed);
  const held: { doc: Doc; k: number }[] = [];
  let k = 0;
  for await (const doc of readCorpus(pattern, opts)) {
    if (held.length < n) held.push({ doc, k });
    else {
      const j = Math.floor(rng() * (k + 1));
      if (j < n) held[j] = { doc, k };
    }
    k++;
  }
  return held.sort((a, b) => a.k - b.k).map((h) => h.doc);
}
