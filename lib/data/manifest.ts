// manifest.json beside the shards: what was written, from what, and how to check it (sha256).
import path from "node:path";
import fs from "node:fs";
import { writeJsonAtomic } from "../util/atomicWrite";
import type { ShardInfo, SourceCount } from "./shardWriter";
import type { ShardCompression } from "./rowGroup";

export interface ShardManifest {
  format: "nanochat-parquet";
  created: string;
  config: string | null;
  charsPerShard: number;
  rowGroupDocs: number;
  compression: ShardCompression;
  /** Characters are Unicode code points (Python len(), nanochat's unit). */
  shards: ShardInfo[];
  /** The shard nanochat uses for validation: the one that sorts last (null if none is marked val). */
  val: string | null;
  totals: { shards: number; documents: number; characters: number; utf8Bytes: number; fileBytes: number; rowGroups: number };
  sources: Record<string, SourceCount>;
  /** Mixture builds: requested vs realised weights and per-source sampling. */
  mixture?: unknown;
}

export function makeManifest(args: {
  shards: ShardInfo[];
  sources: Record<string, SourceCount>;
  config?: string | null;
  charsPerShard: number;
  rowGroupDocs: number;
  compression: ShardCompression;
  mixture?: unknown;
}): ShardManifest {
  const t = { shards: args.shards.length, documents: 0, characters: 0, utf8Bytes: 0, fileBytes: 0, rowGroups: 0 };
  for (const s of args.shards) {
    t.documents += s.documents;
    t.characters += s.characters;
    t.utf8Bytes += s.utf8Bytes;
    t.fileBytes += s.fileBytes;
    t.rowGroups += s.rowGroups;
  }
  const val = [...args.shards].reverse().find((s) => s.split === "val");
  const m: ShardManifest = {
    format: "nanochat-parquet",
    created: new Date().toISOString(),
    config: args.config ?? null,
    charsPerShard: args.charsPerShard,
    rowGroupDocs: args.rowGroupDocs,
    compression: args.compression,
    shards: args.shards,
    val: val ? val.file : null,
    totals: t,
    sources: args.sources,
  };
  if (args.mixture !== undefined) m.mixture = args.mixture;
  return m;
}

export function writeManifest(outDir: string, manifest: ShardManifest): string {
  const file = path.join(outDir, "manifest.json");
  writeJsonAtomic(file, manifest);
  return file;
}

export function readManifest(outDir: string): ShardManifest {
  const file = path.join(outDir, "manifest.json");
  return JSON.parse(fs.readFileSync(file, "utf8")) as ShardManifest;
}
