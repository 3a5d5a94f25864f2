// Documents in, shards + manifest.json out: the one-call form of ShardWriter.
import type { Doc, ReadStats } from "./types";
import { codePointLength } from "./types";
import { ShardWriter, type ShardWriterOptions } from "./shardWriter";
import { makeManifest, writeManifest, type ShardManifest } from "./manifest";
import { progress as makeProgress } from "../util/progress";

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
 * Write `docs` as nanochat shards into `outDir` with a manifest. If reading or writing fails, the
 * shard in progress is removed (finished shards stay, the manifest is not written) and the error is rethrown.
 */
export async function writeShards(docs: AsyncIterable<Doc | string> | Iterable<Doc | string>, outDir: string, opts: WriteShardsOptions = {}): Promise<ShardManifest> {
  const writer = ShardWriter.create(outDir, opts);
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
  } catch (err) {
    await writer.abort(err as Error);
    throw err;
  }
  prog.done();
  const manifest = makeManifest({
    shards: writer.shards,
    sources: writer.sources,
    config: opts.configName ?? null,
    charsPerShard: writer.charsPerShard,
    rowGroupDocs: writer.rowGroupDocs,
    compression: writer.compression,
  });
  writeManifest(outDir, manifest);
  return manifest;
}
