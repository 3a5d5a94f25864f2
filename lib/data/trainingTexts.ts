// "The training texts, up to maxChars": what a tokenizer is trained on (nanochat's tok_train reads the train
// shards' documents until max_chars). Documents are taken whole and in order; the one that reaches maxChars is
// the last. The validation shard (the last one of a nanochat shard folder) is never read.
import path from "node:path";
import { readParquetRowGroups } from "./readParquet";
import { listShardFiles } from "./shardWriter";

/** Documents from `groups` (row groups, in order) until their characters reach maxChars. */
export async function takeTexts(groups: AsyncIterable<readonly string[]>, maxChars: number): Promise<string[]> {
  const out: string[] = [];
  let chars = 0;
  if (maxChars <= 0) return out;
  for await (const group of groups) {
    for (const t of group) {
      out.push(t);
      chars += t.length;
      if (chars >= maxChars) return out;
    }
  }
  return out;
}

/** The row groups of a nanochat shard folder's train shards (every shard but the last), in order. */
export async function* trainShardGroups(dir: string): AsyncGenerator<string[]> {
  for (const f of listShardFiles(dir).slice(0, -1)) yield* readParquetRowGroups(path.join(dir, f));
}

/** A shard folder's training texts up to maxChars (tokenizer training in train, the kit and notebook 07). */
export function readTrainingTexts(dir: string, maxChars: number): Promise<string[]> {
  return takeTexts(trainShardGroups(dir), maxChars);
}
