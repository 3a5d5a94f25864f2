import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { readTrainingTexts, takeTexts } from "../../lib/data/trainingTexts";
import { ShardWriter } from "../../lib/data/shardWriter";

async function* groups(gs: string[][]): AsyncGenerator<string[]> {
  for (const g of gs) yield g;
}

test("takeTexts: whole documents in order, the one reaching maxChars is the last", async () => {
  const gs = [["aaaa", "bbb"], ["cc", "d"], ["eeeee"]];
  assert.deepEqual(await takeTexts(groups(gs), 7), ["aaaa", "bbb"]);
  assert.deepEqual(await takeTexts(groups(gs), 8), ["aaaa", "bbb", "cc"]);
  assert.deepEqual(await takeTexts(groups(gs), 1_000), ["aaaa", "bbb", "cc", "d", "eeeee"]);
  assert.deepEqual(await takeTexts(groups(gs), 0), []);
});

test("readTrainingTexts never reads the validation shard (the last)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-texts-"));
  try {
    const w = ShardWriter.create(dir, { charsPerShard: 1_000, rowGroupDocs: 2 });
    for (const t of ["一二三四五六", "七八九十一二", "train-3"]) await w.add(t);
    await w.beginSplit("val");
    await w.add("validation-only");
    await w.finish();
    assert.deepEqual(await readTrainingTexts(dir, 1e9), ["一二三四五六", "七八九十一二", "train-3"]);
    assert.deepEqual(await readTrainingTexts(dir, 12), ["一二三四五六", "七八九十一二"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
