import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { writeShards } from "../../lib/data";
import { openDocSource, shardsSource, textSource, type DocShard } from "../../lib/train/docSource";
import { TokenLoader, makeLoader, validationBatches } from "../../lib/train/loader";
import { charTok, referenceBatches, tempDir } from "./helpers";

function memShard(docs: string[], perGroup: number): DocShard {
  return {
    label: "mem",
    async *groups(from: number) {
      for (let i = from * perGroup; i < docs.length; i += perGroup) yield docs.slice(i, i + perGroup);
    },
  };
}

test("loader: BOS before each doc, B·T+1 tokens per batch, inputs [:-1] / targets [1:], docs run across batches, epochs wrap", async () => {
  const l = new TokenLoader([memShard(["ab", "cde"], 1)], charTok, 0, 1, 3);
  const b1 = await l.next();
  assert.deepEqual([...b1.inputs], [0, 1, 2]);
  assert.deepEqual([...b1.targets], [1, 2, 0]);
  const b2 = await l.next();
  assert.deepEqual([...b2.inputs], [3, 4, 5]);
  assert.deepEqual([...b2.targets], [4, 5, 0]);
  assert.equal(l.state().epoch, 1);
});

test("loader equals its plain twin over several shards, row groups and epochs", async () => {
  const docs = ["hello", "world", "a", "bcdefghij", "kl", "mnopq", "rst", "uvwxyz", "abc"];
  const shards = [memShard(docs.slice(0, 4), 3), memShard(docs.slice(4), 2)];
  for (const [B, T] of [[1, 4], [2, 3], [3, 7]]) {
    const l = new TokenLoader(shards, charTok, 0, B, T);
    const ref = referenceBatches(docs, B, T, 12);
    for (const r of ref) {
      const b = await l.next();
      assert.deepEqual([...b.inputs], r.inputs);
      assert.deepEqual([...b.targets], r.targets);
    }
  }
});

test("loader state is exact: a loader made from it continues with the same batches", async () => {
  const docs = Array.from({ length: 23 }, (_, i) => "abcdefghijklmnopqrstuvwxyz".slice(i % 7, (i % 7) + 3 + (i % 5)));
  const shards = [memShard(docs.slice(0, 10), 4), memShard(docs.slice(10), 3)];
  const a = new TokenLoader(shards, charTok, 0, 2, 5);
  for (let k = 0; k < 30; k++) {
    const st = JSON.parse(JSON.stringify(a.state()));
    const b = new TokenLoader(shards, charTok, 0, 2, 5, st);
    for (let j = 0; j < 3; j++) {
      const x = await b.next();
      const y = await a.next();
      assert.deepEqual([...x.inputs], [...y.inputs], `resume at batch ${k}+${j}`);
      assert.deepEqual([...x.targets], [...y.targets]);
    }
  }
});

test("loader: a corpus with fewer tokens than one batch is an error naming the data", async () => {
  const l = new TokenLoader([memShard(["ab"], 1)], charTok, 0, 2, 8, undefined, "tiny.txt");
  await assert.rejects(l.next(), /tiny\.txt: the training data has 3 tokens, fewer than one batch \(device_batch_size·max_seq_len \+ 1 = 2·8 \+ 1 = 17\)/);
});

test("text source: paragraphs are documents, the last 10% validation; validation batches are fixed and do not wrap", async () => {
  const dir = tempDir("text");
  const file = path.join(dir, "c.txt");
  const paras = Array.from({ length: 20 }, (_, i) => "abcdefghij".slice(0, 1 + (i % 9)));
  fs.writeFileSync(file, paras.join("\n\n") + "\n");
  const src = await openDocSource(file);
  const l = makeLoader(src, charTok, 0, { B: 1, T: 4 });
  const ref = referenceBatches(paras.slice(0, 18), 1, 4, 8);
  for (const r of ref) assert.deepEqual([...(await l.next()).inputs], r.inputs);
  const val = await validationBatches(src, charTok, 0, 1, 4, 100);
  const valTokens = 2 + paras[18].length + paras[19].length; // BOS + doc, twice
  assert.equal(val.length, Math.floor(valTokens / 5));
  assert.deepEqual([...val[0].inputs], referenceBatches(paras.slice(18), 1, 4, 1)[0].inputs);
  await assert.rejects(validationBatches(src, charTok, 0, 4, 8, 1), /fewer than one batch/);
  await assert.rejects(textSource([path.join(dir, "missing.txt")]), /missing\.txt: not found/);
});

test("shard source: the last shard is validation, never trained on; row groups and resume across them", async () => {
  const dir = tempDir("shards");
  const docs = Array.from({ length: 60 }, (_, i) => `doc${"abcdefghijklmnopqrstuvwxyz"[i % 26]}${i}`.replace(/\d/g, ""));
  await writeShards(docs, dir, { charsPerShard: 100, rowGroupDocs: 4, progress: false });
  const src = shardsSource(dir);
  assert.ok(src.train.length >= 2, `${src.train.length} train shards`);
  const trainDocs: string[] = [];
  for (const s of src.train) for await (const g of s.groups(0)) trainDocs.push(...g);
  const valDocs: string[] = [];
  for await (const g of src.val.groups(0)) valDocs.push(...g);
  assert.equal(trainDocs.length + valDocs.length, docs.length);
  assert.deepEqual([...trainDocs, ...valDocs], docs);
  const a = makeLoader(src, charTok, 0, { B: 2, T: 6 });
  const ref = referenceBatches(trainDocs, 2, 6, 40);
  for (let k = 0; k < 40; k++) {
    if (k === 17) {
      const b = makeLoader(src, charTok, 0, { B: 2, T: 6, state: a.state() });
      assert.deepEqual([...(await b.next()).inputs], ref[k].inputs);
    }
    assert.deepEqual([...(await a.next()).inputs], ref[k].inputs, `batch ${k}`);
  }
  assert.throws(() => shardsSource(tempDir("empty")), /needs at least 2 shards/);
});

test("the default pretraining corpus (data/pretrain): the last shard is validation, batches are BOS-prefixed", async (t) => {
  const { bundledDataDir } = await import("../../lib/util/paths");
  const { listShardFiles } = await import("../../lib/data");
  const dir = path.join(bundledDataDir(), "pretrain");
  const files = listShardFiles(dir);
  if (files.length < 2) return t.skip(`no default corpus shards in ${dir}`);
  const src = shardsSource(dir);
  assert.equal(src.val.label, files[files.length - 1]);
  assert.deepEqual(src.train.map((s) => s.label), files.slice(0, -1));
  const l = makeLoader(src, charTok, 0, { B: 2, T: 64 });
  const b = await l.next();
  assert.equal(b.inputs[0], 0); // BOS first
  assert.deepEqual([...b.inputs.slice(1)], [...b.targets.slice(0, -1)]);
});

test("text source: .jsonl files give one document per line's text field; other files are refused", async () => {
  const dir = tempDir("jsonl");
  const file = path.join(dir, "c.jsonl");
  fs.writeFileSync(file, ["abc", "de", "fgh", "ij"].map((text) => JSON.stringify({ text, id: 1 })).join("\n") + "\n");
  const src = await openDocSource([file]);
  const docs: string[] = [];
  for await (const g of src.train[0].groups(0)) docs.push(...g);
  assert.deepEqual(docs, ["abc", "de", "fgh"]);
  await assert.rejects(openDocSource([path.join(dir, "x.csv")]), /x\.csv: training data must be a shard folder or \.txt\/\.jsonl files/);
});
