// Where training documents come from, as nanochat sees them: shards of row groups of documents.
//   shardsSource(dir)   nanochat-format parquet shards (shard_*.parquet, `nanozh mix`); the shard that
//                       sorts last is validation, the others train (nanochat v1, reference §5)
//   textSource(files)   plain .txt (one document per blank-line paragraph) or .jsonl (field `text`)
//                       for quick runs: one pseudo-shard of 1,024-document row groups; the last
//                       `valDocs` documents (default 10%, at least 1) are validation
import fs from "node:fs";
import path from "node:path";
import { collectCorpus, listShardFiles, readParquetRowGroups, ROW_GROUP_DOCS } from "../data";

export interface DocShard {
  /** file name (for errors and the progress line) */
  label: string;
  /** row groups of document texts, starting at row group `from` */
  groups(from: number): AsyncGenerator<string[]>;
}

export interface DocSource {
  /** what it was opened from (for messages) */
  where: string;
  train: DocShard[];
  val: DocShard;
}

async function* parquetGroups(file: string, from: number): AsyncGenerator<string[]> {
  let g = 0;
  for await (const texts of readParquetRowGroups(file)) {
    if (g++ >= from) yield texts;
  }
}

/** A folder of nanochat shards: all but the last train, the last is validation. */
export function shardsSource(dir: string): DocSource {
  const files = listShardFiles(dir);
  if (files.length < 2) throw new Error(`${dir}: needs at least 2 shards (train + the last as validation), found ${files.length} shard_*.parquet`);
  const shard = (f: string): DocShard => ({ label: f, groups: (from) => parquetGroups(path.join(dir, f), from) });
  return { where: dir, train: files.slice(0, -1).map(shard), val: shard(files[files.length - 1]) };
}

function memoryShard(label: string, docs: string[]): DocShard {
  return {
    label,
    async *groups(from: number) {
      for (let i = from * ROW_GROUP_DOCS; i < docs.length; i += ROW_GROUP_DOCS) yield docs.slice(i, i + ROW_GROUP_DOCS);
    },
  };
}

/** Plain text / JSONL files for quick runs (read whole into memory). */
export async function textSource(files: string[], opts: { valDocs?: number; field?: string } = {}): Promise<DocSource> {
  for (const f of files) if (!fs.existsSync(f)) throw new Error(`${f}: not found`);
  const docs = (await collectCorpus(files, { textMode: "paragraph", field: opts.field, onWarning: () => {} })).map((d) => d.text);
  const where = files.join(", ");
  if (docs.length < 2) throw new Error(`${where}: ${docs.length} document(s); need at least 2 (train + validation)`);
  const nVal = Math.min(docs.length - 1, Math.max(1, opts.valDocs ?? Math.round(docs.length * 0.1)));
  return { where, train: [memoryShard(where, docs.slice(0, -nVal))], val: memoryShard(`${where} (last ${nVal} docs)`, docs.slice(-nVal)) };
}

/** A shard folder, or .txt/.jsonl files (a file, or a folder holding no shards but such files). */
export async function openDocSource(where: string | string[]): Promise<DocSource> {
  const list = Array.isArray(where) ? where : [where];
  if (list.length === 1 && fs.existsSync(list[0]) && fs.statSync(list[0]).isDirectory()) {
    const dir = list[0];
    if (listShardFiles(dir).length > 0) return shardsSource(dir);
    const texts = fs.readdirSync(dir).filter((f) => /\.(txt|jsonl)$/i.test(f)).sort().map((f) => path.join(dir, f));
    if (texts.length === 0) throw new Error(`${dir}: no shard_*.parquet and no .txt/.jsonl files`);
    return textSource(texts);
  }
  for (const f of list) if (!/\.(txt|jsonl)$/i.test(f)) throw new Error(`${f}: training data must be a shard folder or .txt/.jsonl files`);
  return textSource(list);
}
