// Parquet text column, read one row group at a time through parquet-wasm from a file-backed Blob
// (fs.openAsBlob), so a 100 MB shard is never loaded whole; rows are decoded with apache-arrow.
// Errors name the file (a corrupt shard among good ones must be findable).
import fs from "node:fs";
import { ParquetFile } from "parquet-wasm";
import { tableFromIPC } from "apache-arrow";
import type { Doc, ReadOptions, ReadStats } from "./types";
import { noteEmptyFile } from "./utf8";

/** Texts of column `column` of one parquet file, one array per row group. */
/** parquet-wasm's errors ("Corrupt footer", "Invalid Parquet file…") carry no file name: add it. */
function named(file: string, err: unknown, what: string): Error {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.startsWith(file) ? (err as Error) : new Error(`${file}: ${what}: ${msg}`);
}

export async function* readParquetRowGroups(file: string, column = "text", onGroup?: (done: number, total: number) => void): AsyncGenerator<string[]> {
  let pf: ParquetFile;
  try {
    if (fs.statSync(file).isDirectory()) throw new Error("is a folder, not a parquet file");
    pf = await ParquetFile.fromFile(await fs.openAsBlob(file));
  } catch (err) {
    throw named(file, err, "not a readable parquet file");
  }
  try {
    const meta = pf.metadata();
    const schema = pf.schema();
    const names = tableFromIPC(schema.intoIPCStream()).schema.fields.map((f) => f.name);
    if (!names.includes(column)) throw new Error(`${file}: no column '${column}' (columns: ${names.join(", ")})`);
    const groups = meta.numRowGroups();
    meta.free();
    for (let g = 0; g < groups; g++) {
      let wasmTable;
      try {
        wasmTable = await pf.read({ rowGroups: [g], columns: [column] });
      } catch (err) {
        throw named(file, err, `row group ${g}`);
      }
      const table = tableFromIPC(wasmTable.intoIPCStream());
      const vec = table.getChild(column);
      if (!vec) throw new Error(`${file}: row group ${g} has no column '${column}'`);
      const out: string[] = new Array(vec.length);
      for (let i = 0; i < vec.length; i++) {
        const v = vec.get(i);
        out[i] = v === null || v === undefined ? "" : String(v);
      }
      onGroup?.(g + 1, groups);
      yield out;
    }
  } finally {
    pf.free();
  }
}

export async function* readParquetFile(file: string, opts: ReadOptions, stats: ReadStats): AsyncGenerator<Doc> {
  const size = fs.statSync(file).size;
  if (size === 0) {
    noteEmptyFile(file, opts, stats);
    return;
  }
  let row = 0;
  let counted = 0;
  for await (const texts of readParquetRowGroups(file, opts.field ?? "text", (done, total) => {
    const upTo = Math.round((size * done) / Math.max(total, 1));
    stats.bytesRead += upTo - counted;
    counted = upTo;
  })) {
    for (const text of texts) {
      if (text.trim()) yield { text, source: file, row };
      else stats.emptyDocs++;
      row++;
    }
  }
}

/** The first `n` texts of a parquet file (reading row groups only until there are n). */
export async function readParquetHead(file: string, n: number, column = "text"): Promise<string[]> {
  const out: string[] = [];
  if (n <= 0) return out;
  for await (const group of readParquetRowGroups(file, column)) {
    for (const t of group) {
      out.push(t);
      if (out.length >= n) return out;
    }
  }
  return out;
}
