// The shipped default pretraining corpus (data/pretrain) and its builder (scripts/build-default-corpus.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { readManifest, readParquetRowGroups, listShardFiles } from "../../lib/data";
import { bundledDataDir, hasSharedData, sharedDataDir } from "../../lib/util/paths";
import { buildDefaultCorpus, cutAtParagraphs, splitDocs } from "../../scripts/build-default-corpus";
import { luxunArticles, poetryDocs } from "../../scripts/corpus/sources";

const dir = path.join(bundledDataDir(), "pretrain");

test("shipped shards match their manifest: sha256, documents, characters; the last shard is val", async () => {
  const m = readManifest(dir);
  assert.deepEqual(listShardFiles(dir), m.shards.map((s) => s.file));
  assert.equal(m.val, m.shards[m.shards.length - 1].file);
  assert.ok(m.shards.slice(0, -1).every((s) => s.split === "train"));
  let total = 0;
  for (const s of m.shards) {
    const bytes = fs.readFileSync(path.join(dir, s.file));
    total += bytes.length;
    assert.equal(crypto.createHash("sha256").update(bytes).digest("hex"), s.sha256, s.file);
    let docs = 0;
    let chars = 0;
    for await (const group of readParquetRowGroups(path.join(dir, s.file))) {
      docs += group.length;
      for (const t of group) chars += [...t].length;
    }
    assert.equal(docs, s.documents, `${s.file}: documents`);
    assert.equal(chars, s.characters, `${s.file}: characters`);
  }
  assert.ok(total <= 10 * 1024 * 1024, `data/pretrain holds ${total} bytes of shards (limit ~10 MB)`);
  assert.ok(m.totals.characters > 2_000_000, `only ${m.totals.characters} characters`);
});

test("cutAtParagraphs keeps every paragraph, in order, in pieces of at most maxChars", () => {
  const paras = Array.from({ length: 30 }, (_, i) => "段落" + "字".repeat(i * 7));
  const pieces = cutAtParagraphs(paras.join("\n\n"), 100);
  assert.deepEqual(pieces.join("\n").split("\n"), paras);
  for (const p of pieces) assert.ok([...p].length <= 100 || !p.includes("\n"), p.slice(0, 20));
  assert.ok(pieces.length > 3);
});

test("luxunArticles drops the editors' notes and footnote marks and splits at titles", () => {
  const text = [
    "                  　　鸭的喜剧",
    "",
    "　　俄国的盲诗人爱罗先珂⑵君带了他那六弦琴到北京之后不久，便向我诉苦",
    "说：寂寞呀。",
    "",
    "                    一九二二年十月。",
    "",
    "□注释",
    "",
    "⑴本篇最初发表于一九二二年十二月上海《妇女杂志》。",
    "",
    "明天⑴",
    "",
    "　　“没有声音，——小东西怎了？”",
  ].join("\n");
  const docs = luxunArticles(text).map((d) => d.text);
  assert.equal(docs.length, 2);
  assert.ok(docs[0].includes("鸭的喜剧") && docs[0].includes("爱罗先珂君带了"), docs[0]);
  assert.ok(!docs.join("").includes("妇女杂志"), "notes kept");
  assert.ok(!/[\u2460-\u249b]/.test(docs.join("")), "footnote mark kept");
  assert.ok(docs[1].startsWith("明天"), docs[1]);
});

test("poetryDocs: one document per poem, headed by its title (the author is metadata, left out), nested collections walked", () => {
  const json = JSON.stringify({ title: "唐詩三百首", content: [{ type: "五言絕句", content: [{ chapter: "登鸛雀樓", author: "王之渙", paragraphs: ["白日依山盡，黃河入海流。", "欲窮千里目，更上一層樓。"] }] }] });
  assert.deepEqual(poetryDocs(json).map((d) => d.text), ["登鸛雀樓\n白日依山盡，黃河入海流。\n欲窮千里目，更上一層樓。"]);
});

test("splitDocs is a seeded permutation: nothing lost, same seed same split", () => {
  const docs = Array.from({ length: 500 }, (_, i) => ({ text: `d${i}`, source: "s" }));
  const a = splitDocs(docs, 7);
  const b = splitDocs(docs, 7);
  assert.deepEqual(a, b);
  assert.deepEqual([...a.train, ...a.val].map((d) => d.text).sort(), docs.map((d) => d.text).sort());
  assert.equal(a.val.length, 15);
  assert.notDeepEqual(splitDocs(docs, 8).val, a.val);
});

test("the builder reproduces the shipped shards byte for byte from ../shared/data", async (t) => {
  if (!hasSharedData()) {
    t.skip(`shared data not found at ${sharedDataDir()}: cannot rebuild the default corpus`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-corpus-test-"));
  try {
    const rebuilt = await buildDefaultCorpus(tmp);
    const shipped = readManifest(dir);
    assert.deepEqual(rebuilt.shards.map((s) => [s.file, s.sha256]), shipped.shards.map((s) => [s.file, s.sha256]));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
