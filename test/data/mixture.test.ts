import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { buildMixture, planMixture, effectiveWeights, withLangShares, listShardFiles, readParquetRowGroups, type MixtureReport } from "../../lib/data";
import { apportion, sampleIndices } from "../../lib/data/holdout";
import { mulberry32 } from "../../lib/data/rng";
import { tempDir } from "./helpers";

test("effectiveWeights: source weights are character shares, normalised", () => {
  assert.deepEqual(effectiveWeights([{ name: "a", weight: 2, path: "x" }, { name: "b", weight: 6, path: "y" }]), [0.25, 0.75]);
  assert.throws(() => effectiveWeights([{ name: "a", weight: 0, path: "x" }]), /sum to 0/);
  assert.throws(() => effectiveWeights([{ name: "a", weight: -1, path: "x" }]), /data\.sources\[a\]\.weight/);
});

test("planMixture: subsample, repeat, cap the target and name the source that capped it", () => {
  const src = [
    { name: "big", weight: 0.7, availableChars: 1000, availableDocs: 10 },
    { name: "small", weight: 0.3, availableChars: 100, availableDocs: 1 },
  ];
  const p = planMixture(src, { targetChars: 1000, maxRepeat: 4 });
  assert.deepEqual(p.sources.map((s) => s.quotaChars), [700, 300]);
  assert.deepEqual(p.sources.map((s) => s.rate), [0.7, 3]);
  assert.equal(p.limitedBy, null);
  const capped = planMixture(src, { targetChars: 5000, maxRepeat: 4 });
  assert.equal(capped.limitedBy, "small");
  assert.ok(Math.abs(capped.targetChars - 400 / 0.3) <= 1);
  assert.deepEqual(capped.sources.map((s) => s.exhausted), [false, true]);
  const loose = planMixture(src, { targetChars: 10_000, maxRepeat: 4, preserveWeights: false });
  assert.deepEqual(loose.sources.map((s) => s.quotaChars), [4000, 400]);
  const once = planMixture(src); // no target: the largest mixture using each source at most once
  assert.ok(Math.abs(once.targetChars - 100 / 0.3) <= 1);
});

test("planMixture: only the source that capped the target is exhausted (it runs at the epoch cap)", () => {
  // both are short of 10,000 within 4 epochs (mid: 4 × 1,800 / 0.8 = 9,000); "tiny" caps the target at
  // 4 × 100 / 0.2 = 2,000, and "mid" then supplies its 1,600 at rate 0.889: subsampled, not exhausted
  const src = [
    { name: "mid", weight: 0.8, availableChars: 1800, availableDocs: 20 },
    { name: "tiny", weight: 0.2, availableChars: 100, availableDocs: 1 },
  ];
  const p = planMixture(src, { targetChars: 10_000, maxRepeat: 4 });
  assert.equal(p.limitedBy, "tiny");
  assert.deepEqual(p.sources.map((s) => [s.name, s.exhausted]), [["mid", false], ["tiny", true]]);
  assert.ok(Math.abs(p.sources[0].rate - 1600 / 1800) < 1e-9);
  assert.ok(Math.abs(p.sources[1].rate - 4) < 1e-9);
  // every exhausted source runs at the cap (reference: the definition, checked on the plan)
  for (const q of p.sources) if (q.exhausted) assert.ok(Math.abs(q.rate - 4) < 1e-9, q.name);
  // without preserveWeights each short source falls short on its own: both exhausted
  const loose = planMixture(src, { targetChars: 10_000, maxRepeat: 4, preserveWeights: false });
  assert.deepEqual(loose.sources.map((s) => s.exhausted), [true, true]);
});

function writeSource(dir: string, name: string, n: number, make: (i: number) => string): string {
  const f = path.join(dir, `${name}.txt`);
  fs.writeFileSync(f, Array.from({ length: n }, (_, i) => make(i)).join("\n") + "\n");
  return f;
}

async function allTexts(dir: string, file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const g of readParquetRowGroups(path.join(dir, file))) out.push(...g);
  return out;
}

test("sampleIndices and apportion", () => {
  const rng = mulberry32(3);
  for (const [n, k] of [[10, 0], [10, 10], [100, 7], [5, 3]]) {
    const s = sampleIndices(n, k, rng);
    assert.equal(s.size, k);
    for (const i of s) assert.ok(i >= 0 && i < n);
  }
  assert.deepEqual(apportion(10, [0.7, 0.3], [100, 100]), [7, 3]);
  assert.deepEqual(apportion(10, [0.5, 0.5], [2, 100]), [2, 8]);
  assert.deepEqual(apportion(3, [1 / 3, 1 / 3, 1 / 3], [9, 9, 9]), [1, 1, 1]);
});

test("buildMixture: weights met by characters, val shard sorts last, deterministic by seed", async () => {
  const src = tempDir("mixsrc");
  writeSource(src, "zh", 3000, (i) => `中文文档第${i}号，讲一点关于语言模型的事情。`);
  writeSource(src, "en", 400, (i) => `English document number ${i} about tokenizers and training.`);
  const config = {
    name: "mix-test",
    data: {
      seed: 7,
      val_docs: 100,
      chars_per_shard: 20_000,
      sources: [
        { name: "zh", lang: "zh", weight: 0.7, format: "txt" as const, path: "zh.txt" },
        { name: "en", lang: "en", weight: 0.3, format: "txt" as const, path: "en.txt" },
      ],
    },
  };
  const out1 = tempDir("mix1");
  const logs: string[] = [];
  const m1 = await buildMixture(config, out1, { root: src, targetChars: 80_000, log: (l) => logs.push(l) });
  const r = m1.mixture as MixtureReport;
  const files = listShardFiles(out1);
  assert.ok(files.length >= 3);
  assert.equal(m1.val, files[files.length - 1], "val is the shard that sorts last");
  assert.deepEqual(m1.shards.map((s) => s.split), [...files.slice(0, -1).map(() => "train"), "val"]);
  assert.equal(m1.shards[m1.shards.length - 1].documents, 100);
  // en (≈22k chars) must be repeated to give 30% of 80k chars; zh (≈77k) subsampled
  const en = r.sources.find((s) => s.name === "en")!;
  const zh = r.sources.find((s) => s.name === "zh")!;
  assert.ok(en.rate > 1 && en.epochs >= 2 && zh.rate < 1);
  assert.ok(Math.abs(en.realisedWeight - 0.3) < 0.01, `en realised ${en.realisedWeight}`);
  assert.ok(Math.abs(r.trainChars - 80_000) / 80_000 < 0.03, `train chars ${r.trainChars}`);
  // val never appears in train, although en was repeated for several epochs
  const valSet = new Set(await allTexts(out1, files[files.length - 1]));
  for (const f of files.slice(0, -1)) for (const t of await allTexts(out1, f)) assert.ok(!valSet.has(t), `val doc in train: ${t}`);
  assert.equal(r.valDocs, 100);
  assert.deepEqual(r.sources.map((s) => s.valDocs), [70, 30]); // val_docs split by weight
  // shuffled: the first train shard mixes both sources
  const first = await allTexts(out1, files[0]);
  assert.ok(first.some((t) => t.startsWith("English")) && first.some((t) => t.startsWith("中文")));
  // same seed → same bytes; another seed → different order
  const out2 = tempDir("mix2");
  const m2 = await buildMixture(config, out2, { root: src, targetChars: 80_000, log: () => undefined });
  assert.deepEqual(m2.shards.map((s) => s.sha256), m1.shards.map((s) => s.sha256));
  const m3 = await buildMixture(config, tempDir("mix3"), { root: src, targetChars: 80_000, seed: 8, log: () => undefined });
  assert.notDeepEqual(m3.shards.map((s) => s.sha256), m1.shards.map((s) => s.sha256));
  // a target beyond maxRepeat: en exhausted, said so, target capped
  const logs2: string[] = [];
  const m4 = await buildMixture(config, tempDir("mix4"), { root: src, targetChars: 1_000_000, log: (l) => logs2.push(l) });
  assert.ok(logs2.some((l) => /source 'en' is exhausted/.test(l)), logs2.join("\n"));
  assert.equal((m4.mixture as MixtureReport).limitedBy, "en");
  assert.ok(logs.every((l) => !/exhausted/.test(l)));
});

test("buildMixture: the guide's §3.4 five-way mix (40/30/15/10/5) from JSONL, CSV, JSON and txt sources", async () => {
  const src = tempDir("mix5");
  fs.writeFileSync(path.join(src, "zh_general.jsonl"), Array.from({ length: 900 }, (_, i) => JSON.stringify({ meta: { body: `一般中文第${i}篇，内容关于日常生活和新闻。` } })).join("\n") + "\n");
  fs.writeFileSync(path.join(src, "en_general.csv"), "id,text\n" + Array.from({ length: 500 }, (_, i) => `${i},"General English ${i}, with a comma and ""quotes""."`).join("\n") + "\n");
  fs.writeFileSync(path.join(src, "zh_books.json"), JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ text: `书籍段落${i}：长篇小说里的一段描写，人物在雨中走过长街。` }))));
  writeSource(src, "en_tech", 300, (i) => `Technical note ${i}: configure the writer with zstd and row groups of 1024.`);
  writeSource(src, "code", 100, (i) => `function f${i}(x) { return x * ${i}; } // 代码注释 ${i}`);
  const config = {
    name: "five-way",
    data: {
      seed: 11,
      val_docs: 50,
      sources: [
        { name: "zh_general", weight: 0.4, format: "jsonl" as const, field: "meta.body", path: "zh_general.jsonl" },
        { name: "en_general", weight: 0.3, format: "csv" as const, path: "en_general.csv" },
        { name: "zh_books", weight: 0.15, format: "json" as const, path: "zh_books.json" },
        { name: "en_tech", weight: 0.1, format: "txt" as const, path: "en_tech.txt" },
        { name: "code", weight: 0.05, format: "txt" as const, path: "code.txt" },
      ],
    },
  };
  const m = await buildMixture(config, tempDir("mix5out"), { root: src, targetChars: 40_000, log: () => undefined });
  const r = m.mixture as MixtureReport;
  assert.ok(Math.abs(r.trainChars - 40_000) / 40_000 < 0.03, `train chars ${r.trainChars}`);
  for (const s of r.sources) assert.ok(Math.abs(s.realisedWeight - s.requestedWeight) < 0.015, `${s.name}: realised ${s.realisedWeight.toFixed(3)} vs ${s.requestedWeight}`);
  assert.equal(r.sources.reduce((a, s) => a + s.valDocs, 0), 50);
  assert.equal(m.shards[m.shards.length - 1].documents, 50);
  assert.deepEqual(Object.keys(m.sources).sort(), ["code", "en_general", "en_tech", "zh_books", "zh_general"]);
});

test("buildMixture: a small source gives at most 10% of its documents to val; the rest of val_docs comes from the others", async () => {
  const src = tempDir("mixval");
  writeSource(src, "big", 1000, (i) => `big document ${i} with some words in it`);
  writeSource(src, "small", 20, (i) => `small document ${i}`);
  const config = {
    data: {
      val_docs: 40,
      sources: [
        { name: "big", weight: 0.5, format: "txt" as const, path: "big.txt" },
        { name: "small", weight: 0.5, format: "txt" as const, path: "small.txt" },
      ],
    },
  };
  const m = await buildMixture(config, tempDir("mixvalout"), { root: src, targetChars: 2000, log: () => undefined });
  const r = m.mixture as MixtureReport;
  assert.deepEqual(r.sources.map((s) => s.valDocs), [38, 2]);
  assert.ok(r.sources[1].trainDocs > 0);
});

test("buildMixture: rowGroupDocs lets a small corpus close several shards", async () => {
  const src = tempDir("mixrg");
  writeSource(src, "zh", 300, (i) => `中文文档第${i}号，讲一点关于语言模型的事情。`);
  const config = { name: "rg", data: { seed: 1, val_docs: 10, chars_per_shard: 2_000, sources: [{ name: "zh", weight: 1, format: "txt" as const, path: "zh.txt" }] } };
  const one = await buildMixture(config, tempDir("mixrg1"), { root: src, log: () => undefined });
  assert.equal(one.shards.length, 2, "default 1,024-document row groups: one train shard + val");
  const many = await buildMixture(config, tempDir("mixrg2"), { root: src, rowGroupDocs: 32, log: () => undefined });
  assert.equal(many.rowGroupDocs, 32);
  assert.ok(many.shards.length > 4, `${many.shards.length} shards`);
  for (const s of many.shards.slice(0, -2)) assert.equal(s.documents % 32, 0);
  assert.equal(many.totals.documents, one.totals.documents);
});

test("withLangShares: each language's sources weigh its share; ratios within a language kept", () => {
  const src = [
    { name: "wiki", lang: "zh", weight: 0.2, path: "a" },
    { name: "reviews", lang: "zh", weight: 0.6, path: "b" },
    { name: "c4", lang: "en", weight: 0.2, path: "c" },
  ];
  const w = withLangShares(src, { zh: 0.5, en: 0.5 }).map((s) => s.weight);
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  close(w[0], 0.125);
  close(w[1], 0.375);
  close(w[2], 0.5);
  withLangShares(src, { zh: 8, en: 2 }).forEach((s, i) => close(s.weight, [0.2, 0.6, 0.2][i])); // normalised: 0.8 / 0.2 is the config itself
  assert.equal(src[0].weight, 0.2, "input not modified");
  withLangShares(src, { zh: 1, en: 0 }).forEach((s, i) => close(s.weight, [0.25, 0.75, 0][i]));
  assert.throws(() => withLangShares(src, { zh: 1 }), /lang 'en' has no share/);
  assert.throws(() => withLangShares(src, { zh: 1, en: 1, ja: 1 }), /'ja' has a share but no source/);
  assert.throws(() => withLangShares([{ name: "x", weight: 1, path: "x" }], { zh: 1 }), /no lang/);
});
