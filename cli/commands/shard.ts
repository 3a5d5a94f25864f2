// nanozh shard — corpus files in, nanochat-format parquet shards + manifest.json out.
import fs from "node:fs";
import path from "node:path";
import { numberOption, parseOptions, printJson, requireOption } from "../args";
import { readCorpus, writeShards, expandGlob, newReadStats, type CorpusFormat, type Doc, type ShardCompression, type TextMode } from "../../lib/data";

const USAGE = `usage: nanozh shard --in FILE|GLOB|DIR [--in …] --out DIR [options]

  --in PATH            file, folder or glob (quote globs); repeatable
  --format F           txt | jsonl | csv | json | parquet (default: from each file's extension)
  --field NAME         JSONL/JSON dotted path, CSV column or parquet column (default: text)
  --text-mode M        txt only: line (default) | paragraph | file
  --skip-bad           skip malformed records (counted) instead of stopping
  --out DIR            output folder for shard_00000.parquet … and manifest.json
  --chars-per-shard N  characters before a shard may close (default 250,000,000; closes on a multiple of 1,024 docs)
  --compression C      zstd (default) | snappy | gzip | none
  --overwrite          replace existing shards in --out (the new set is written in a folder beside
                       it and swapped in whole when complete: a failed or killed run leaves the old set)
  --json               print the manifest as JSON`;

const FORMATS = ["txt", "jsonl", "csv", "json", "parquet"];
const MODES = ["line", "paragraph", "file"];
const CODECS = ["zstd", "snappy", "gzip", "none"];

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    in: { type: "string", multiple: true },
    format: { type: "string" },
    field: { type: "string" },
    "text-mode": { type: "string" },
    "skip-bad": { type: "boolean" },
    out: { type: "string" },
    "chars-per-shard": { type: "string" },
    compression: { type: "string" },
    overwrite: { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const inputs = requireOption(values.in, "in");
  const out = path.resolve(requireOption(values.out, "out"));
  if (values.format !== undefined && !FORMATS.includes(values.format)) throw new Error(`--format: '${values.format}' is not one of ${FORMATS.join(", ")}`);
  if (values["text-mode"] !== undefined && !MODES.includes(values["text-mode"])) throw new Error(`--text-mode: '${values["text-mode"]}' is not one of ${MODES.join(", ")}`);
  if (values.compression !== undefined && !CODECS.includes(values.compression)) throw new Error(`--compression: '${values.compression}' is not one of ${CODECS.join(", ")}`);
  const charsPerShard = numberOption(values["chars-per-shard"], "chars-per-shard", { integer: true, positive: true });
  const stats = newReadStats();
  const totalBytes = inputs.flatMap((p) => expandGlob(p)).reduce((a, f) => a + fs.statSync(f).size, 0);
  const docs = readCorpus(inputs, {
    format: values.format as CorpusFormat | undefined,
    field: values.field,
    textMode: values["text-mode"] as TextMode | undefined,
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
    compression: values.compression as ShardCompression | undefined,
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
