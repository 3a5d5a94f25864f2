// Documents in, shards + manifest.json out: the one-call form of ShardWriter.
import type { Doc, ReadStats } from "./types";
import { codePointLength } from "./types";
import { ShardWriter, type ShardWriterOptions } from "./shardWriter";
import { makeManifest, writeManifest, type ShardManifest } from "./manifest";
import { progress as makeProgress } from "../util/progress";
import { beginShardSet, commitShardSet, discardShardSet } from "./shardSet";

export interface WriteShardsOptions extends ShardWriterOptions {
  /** Config name recorded in the manifest. */
  configName?: string;
  /** Expected total characters, for the progress ETA. */
  totalChars?: number;
  /** With `inputStats` (the ReadStats the reader fills): progress in input bytes against this total. */
  totalBytes?: number;
  inputStats?: ReadStats;
  /** Progress lines on stderr (default true). */
  progress?: boolean | ((line: string) => void);
}

/**
 * Write `docs` as nanochat shards into `outDir` with a manifest. The set is written in a staging
 * folder beside `outDir` and swapped in whole when complete (lib/data/shardSet): if reading or
 * writing fails (or the process is killed), `outDir` keeps its old set (or stays empty) and the error is rethrown.
 * A folder that already holds shards is refused unless `overwrite`.
 */
export async function writeShards(docs: AsyncIterable<Doc | string> | Iterable<Doc | string>, outDir: string, opts: WriteShardsOptions = {}): Promise<ShardManifest> {
  const staging = beginShardSet(outDir, opts.overwrite);
  let writer: ShardWriter;
  try {
    writer = ShardWriter.create(staging, { ...opts, overwrite: false });
  } catch (err) {
    discardShardSet(staging);
    throw err;
  }
  const write = typeof opts.progress === "function" ? opts.progress : opts.progress === false ? () => undefined : undefined;
  const byBytes = opts.totalBytes !== undefined && opts.inputStats !== undefined;
  const prog = byBytes
    ? makeProgress({ label: "shard (input)", total: opts.totalBytes, unit: "bytes", write })
    : makeProgress({ label: "shard", total: opts.totalChars, unit: "chars", write });
  let lastBytes = 0;
  try {
    for await (const d of docs as AsyncIterable<Doc | string>) {
      const text = typeof d === "string" ? d : d.text;
      await writer.add(text, typeof d === "string" ? "input" : d.source);
      if (byBytes) {
        prog.tick(opts.inputStats!.bytesRead - lastBytes);
        lastBytes = opts.inputStats!.bytesRead;
      } else prog.tick(codePointLength(text));
    }
    await writer.finish();
    const manifest = makeManifest({
      shards: writer.shards,
      sources: writer.sources,
      config: opts.configName ?? null,
      charsPerShard: writer.charsPerShard,
      rowGroupDocs: writer.rowGroupDocs,
      compression: writer.compression,
    });
    writeManifest(staging, manifest);
    commitShardSet(staging, outDir);
    prog.done();
    return manifest;
  } catch (err) {
    await writer.abort(err as Error);
    discardShardSet(staging);
    throw err;
  }
}
