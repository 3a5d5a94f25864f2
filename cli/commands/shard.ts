// nanozh shard — corpus files in, nanochat-format parquet shards + manifest.json out.
import fs from "node:fs";
import path from "node:path";
// Options and help: cli/specs/data.ts (SHARD).
import { printJson } from "../args";
import { parse } from "../spec";
import { SHARD } from "../specs/data";
import { readCorpus, writeShards, expandGlob, newReadStats, type CorpusFormat, type Doc, type ShardCompression, type TextMode } from "../../lib/data";

export async function run(argv: string[]): Promise<number> {
  const args = parse(SHARD, argv);
  if (!args) return 0;
  const values = args.values;
  const inputs = values.in;
  const out = path.resolve(values.out);
  const charsPerShard = values["chars-per-shard"];
  const stats = newReadStats();
  const totalBytes = inputs.flatMap((p) => expandGlob(p)).reduce((a, f) => a + fs.statSync(f).size, 0);
  const docs = readCorpus(inputs, {
    format: values.format satisfies CorpusFormat | undefined,
    field: values.field,
    textMode: values["text-mode"] satisfies TextMode | undefined,
    skipBad: values["skip-bad"],
    stats,
  });
  // empty input is an error, found before anything is written (no empty manifest, old shards kept)
  const it = docs[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) {
    const why = [
      stats.emptyFiles.length ? `${stats.emptyFiles.length} empty file(s)` : "",
      stats.emptyDocs ? `${stats.emptyDocs} empty document(s) skipped` : "",
      stats.badRecords ? `${stats.badRecords} bad record(s) skipped` : "",
    ].filter(Boolean);
    throw new Error(`no documents in ${inputs.join(", ")} (${stats.files} file(s), ${stats.bytesRead} bytes${why.length ? "; " + why.join(", ") : ""}); nothing written to ${out}`);
  }
  async function* all(): AsyncGenerator<Doc> {
    yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  const manifest = await writeShards(all(), out, {
    charsPerShard,
    compression: values.compression satisfies ShardCompression | undefined,
    overwrite: values.overwrite,
    inputStats: stats,
    totalBytes,
  });
  if (values.json) {
    printJson(manifest);
    return 0;
  }
  const t = manifest.totals;
  const lines = [
    `read ${stats.files} file(s): ${stats.docs.toLocaleString("en-US")} docs, ${stats.chars.toLocaleString("en-US")} chars` +
      (stats.emptyDocs ? `, ${stats.emptyDocs} empty skipped` : "") +
      (stats.badRecords ? `, ${stats.badRecords} bad records skipped` : "") +
      (stats.invalidUtf8 ? `, ${stats.invalidUtf8} invalid UTF-8 sequences replaced (first: ${stats.firstInvalidUtf8!.file} @ byte ${stats.firstInvalidUtf8!.byteOffset})` : ""),
    `wrote ${t.shards} shard(s) to ${out}: ${t.documents.toLocaleString("en-US")} docs, ${t.characters.toLocaleString("en-US")} chars, ${t.rowGroups} row groups, ${(t.fileBytes / 1e6).toFixed(2)} MB (${manifest.compression})`,
  ];
  for (const s of manifest.shards) lines.push(`  ${s.file}  ${s.documents} docs  ${s.characters.toLocaleString("en-US")} chars  ${(s.fileBytes / 1e6).toFixed(2)} MB`);
  if (t.shards < 2) lines.push("note: nanochat uses the last shard as val and needs at least 2 shards (lower --chars-per-shard, or use nanozh mix)");
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
