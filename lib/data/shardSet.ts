// A shard set (shard_*.parquet + manifest.json) is written as a whole: into a staging folder beside
// the output folder, swapped in only when the manifest is written (lib/util/dirSwap). A failed or
// killed run leaves the old set intact and nothing under the final names, so a reader that lists the
// parquet files never takes a train shard for validation or mixes two sets.
import fs from "node:fs";
import path from "node:path";
import { commitDir, discardDir, recoverDir, stageDir } from "../util/dirSwap";
import { listShardFiles } from "./shardWriter";

export const MANIFEST_FILE = "manifest.json";

/** The files of a shard set: shard_NNNNN.parquet and manifest.json. */
export function isShardSetFile(name: string): boolean {
  return /^shard_\d+\.parquet$/.test(name) || name === MANIFEST_FILE;
}

/**
 * Get ready to write a set into `outDir`: undo what a killed run left (notes to `note`), refuse a
 * folder that already holds shards unless `overwrite`, and return an empty staging folder to write in.
 */
export function beginShardSet(outDir: string, overwrite = false, note: (line: string) => void = (l) => process.stderr.write(l + "\n")): string {
  for (const line of recoverDir(outDir)) note(line);
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new Error(`${outDir} is a file; the output of a shard set is a folder`);
  const existing = listShardFiles(outDir);
  if (existing.length > 0 && !overwrite)
    throw new Error(`${outDir} already holds ${existing.length} shard file(s) (${existing[0]} …); pass overwrite (--overwrite) to replace them`);
  return stageDir(outDir);
}

/** Swap the complete set written in `staging` (its manifest included) in as `outDir`. */
export function commitShardSet(staging: string, outDir: string): void {
  if (!fs.existsSync(path.join(staging, MANIFEST_FILE))) throw new Error(`${staging}: no ${MANIFEST_FILE}; a shard set is committed after its manifest`);
  commitDir(staging, outDir, { owned: isShardSetFile, last: MANIFEST_FILE });
}

/** Drop a staging folder after a failure (the old set in the output folder is untouched). */
export function discardShardSet(staging: string): void {
  discardDir(staging);
}
