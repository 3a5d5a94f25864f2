import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { collectCorpus, sampleCorpus, readCorpus, newReadStats, scanInvalidUtf8, JsonArraySplitter, expandGlob, codePointLength } from "../../lib/data";
import { mulberry32 } from "../../lib/data/rng";
import { sharedDataDir, sharedDataSkip } from "../../lib/util/paths";
import { tempDir } from "./helpers";

const lossy = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const countFFFD = (s: string) => [...s].filter((c) => c === "\uFFFD").length;

test("utf8: invalid-sequence count equals the U+FFFD a lossy TextDecoder emits (random bytes)", () => {
  const rng = mulberry32(7);
  for (let trial = 0; trial < 300; trial++) {
    const bytes = new Uint8Array(1 + Math.floor(rng() * 40));
    for (let i = 0; i < bytes.length; i++) {
      const r = rng();
      bytes[i] = r < 0.4 ? Math.floor(rng() * 128) : r < 0.7 ? 0x80 + Math.floor(rng() * 64) : 0xc0 + Math.floor(rng() * 64);
    }
    assert.equal(scanInvalidUtf8(bytes).count, countFFFD(lossy.decode(bytes)), Buffer.from(bytes).toString("hex"));
  }
});

test("utf8: chunk boundaries inside characters; invalid bytes counted with the file and byte offset of the first", async () => {
  const dir = tempDir("utf8");
  const f = path.join(dir, "mixed.txt");
  const good = "汉字😀 mixed ✓\n".repeat(50);
  const bytes = Buffer.concat([Buffer.from(good), Buffer.from([0xff, 0x41, 0xe4, 0xbd, 0x0a]), Buffer.from(good)]);
  fs.writeFileSync(f, bytes);
  for (const chunkBytes of [1, 2, 3, 5, 64]) {
    const warnings: string[] = [];
    const stats = newReadStats();
    const docs = await collectCorpus(f, { chunkBytes, stats, onWarning: (m) => warnings.push(m) });
    assert.equal(docs.map((d) => d.text).join("\n") + "\n", lossy.decode(bytes), `chunk ${chunkBytes}`);
    assert.equal(stats.invalidUtf8, 2);
    assert.deepEqual(stats.firstInvalidUtf8, { file: f, byteOffset: Buffer.byteLength(good) });
    assert.match(warnings[0], new RegExp(`mixed\\.txt: 2 invalid UTF-8 .* byte offset ${Buffer.byteLength(good)}`));
  }
  await assert.rejects(collectCorpus(f, { strictUtf8: true }), /mixed\.txt: invalid UTF-8 at byte offset \d+/);
});

test("txt: line, paragraph and file modes; BOM dropped; CRLF; empty file warns and gives zero docs", async () => {
  const dir = tempDir("txt");
  const f = path.join(dir, "a.txt");
  fs.writeFileSync(f, "\uFEFF第一段第一行\r\n第一段第二行\r\n\r\n\r\n第二段\n");
  assert.deepEqual((await collectCorpus(f)).map((d) => [d.text, d.line]), [["第一段第一行", 1], ["第一段第二行", 2], ["第二段", 5]]);
  assert.deepEqual((await collectCorpus(f, { textMode: "paragraph" })).map((d) => [d.text, d.line]), [["第一段第一行\n第一段第二行", 1], ["第二段", 5]]);
  assert.deepEqual((await collectCorpus(f, { textMode: "file" })).map((d) => d.text), ["第一段第一行\r\n第一段第二行\r\n\r\n\r\n第二段\n"]);
  const empty = path.join(dir, "empty.txt");
  fs.writeFileSync(empty, "");
  const warnings: string[] = [];
  const stats = newReadStats();
  assert.deepEqual(await collectCorpus(empty, { onWarning: (m) => warnings.push(m), stats }), []);
  assert.match(warnings[0], /empty\.txt: empty file/);
  assert.deepEqual(stats.emptyFiles, [empty]);
});

test("jsonl: dotted field; malformed line is `file:line: …`; skipBad counts and continues", async () => {
  const dir = tempDir("jsonl");
  const f = path.join(dir, "d.jsonl");
  fs.writeFileSync(f, '{"meta":{"body":"一"}}\n\n{"meta":{"body":"二"}}\n{broken\n{"meta":{}}\n"三"\n');
  await assert.rejects(collectCorpus(f, { field: "meta.body" }), /d\.jsonl:4: malformed JSON/);
  const stats = newReadStats();
  const docs = await collectCorpus(f, { field: "meta.body", skipBad: true, stats, onWarning: () => undefined });
  assert.deepEqual(docs.map((d) => [d.text, d.line]), [["一", 1], ["二", 3], ["三", 6]]);
  assert.equal(stats.badRecords, 2);
});

test("json: streamed array splitter (any chunking) equals JSON.parse", async () => {
  const arr = [{ text: "a, [b] {c}" }, { text: 'quote " and \\ backslash', n: [1, { x: "]" }] }, "plain string", { text: "多\n行" }];
  const src = JSON.stringify(arr, null, 2);
  for (const size of [1, 3, 17, 1000]) {
    const sp = new JsonArraySplitter();
    const got: unknown[] = [];
    for (let i = 0; i < src.length; i += size) for (const el of sp.push(src.slice(i, i + size))) got.push(JSON.parse(el.json));
    sp.end();
    assert.deepEqual(got, arr, `chunk ${size}`);
  }
  const dir = tempDir("json");
  const f = path.join(dir, "a.json");
  fs.writeFileSync(f, src);
  assert.deepEqual((await collectCorpus(f, { chunkBytes: 7 })).map((d) => d.text), ["a, [b] {c}", 'quote " and \\ backslash', "plain string", "多\n行"]);
  fs.writeFileSync(f, '[{"text":"ok"},');
  await assert.rejects(collectCorpus(f), /a\.json:1: JSON array not closed/);
});

test("glob: *, **, {a,b}; folder expands to corpus files; no match is an error", () => {
  const dir = tempDir("glob");
  for (const p of ["zh/a.txt", "zh/b.jsonl", "en/c.txt", "en/deep/d.txt", "x.bin"]) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), "x\n");
  }
  const rel = (fs_: string[]) => fs_.map((f) => path.relative(dir, f));
  assert.deepEqual(rel(expandGlob("*/*.txt", dir)), ["en/c.txt", "zh/a.txt"]);
  assert.deepEqual(rel(expandGlob("**/*.txt", dir)), ["en/c.txt", "en/deep/d.txt", "zh/a.txt"]);
  assert.deepEqual(rel(expandGlob("zh/*.{txt,jsonl}", dir)), ["zh/a.txt", "zh/b.jsonl"]);
  assert.deepEqual(rel(expandGlob(".", dir)), ["en/c.txt", "en/deep/d.txt", "zh/a.txt", "zh/b.jsonl"]);
  assert.throws(() => expandGlob("nope.txt", dir), /nope\.txt: no such file/);
});

test("real shared data: JSON array (alpaca), JSONL (cmath), txt (Lu Xun) with counts", { skip: sharedDataSkip() }, async () => {
  const d = sharedDataDir();
  const alpaca = JSON.parse(fs.readFileSync(path.join(d, "sft", "alpaca_zh_demo.json"), "utf8")) as { output: string }[];
  const docs = await collectCorpus(path.join(d, "sft", "alpaca_zh_demo.json"), { field: "output", chunkBytes: 65536 });
  assert.deepEqual(docs.map((x) => x.text), alpaca.map((x) => x.output).filter((t) => t.trim()));
  const cmath = await collectCorpus(path.join(d, "math_zh", "cmath_dev.jsonl"), { field: "input" });
  assert.equal(cmath.length, 600);
  const stats = newReadStats();
  for await (const doc of readCorpus(path.join(d, "zh_text", "luxun", "*.txt"), { stats })) assert.ok(doc.text.trim());
  const ref = fs.readdirSync(path.join(d, "zh_text", "luxun")).filter((f) => f.endsWith(".txt")).map((f) => fs.readFileSync(path.join(d, "zh_text", "luxun", f), "utf8").replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.trim()));
  assert.equal(stats.docs, ref.flat().length);
  assert.equal(stats.chars, ref.flat().reduce((a, l) => a + codePointLength(l), 0));
});

test("sampleCorpus: n documents in corpus order, seeded, uniform over files; all when fewer", async () => {
  const dir = tempDir("sample");
  fs.writeFileSync(path.join(dir, "a.txt"), Array.from({ length: 300 }, (_, i) => `a${i}`).join("\n"));
  fs.writeFileSync(path.join(dir, "b.txt"), Array.from({ length: 300 }, (_, i) => `b${i}`).join("\n"));
  const all = (await collectCorpus("*.txt", { root: dir })).map((d) => d.text);
  const s1 = (await sampleCorpus("*.txt", 100, { root: dir }, 1)).map((d) => d.text);
  assert.equal(s1.length, 100);
  assert.equal(new Set(s1).size, 100);
  const pos = s1.map((t) => all.indexOf(t));
  assert.ok(pos.every((p, i) => p >= 0 && (i === 0 || p > pos[i - 1])), "corpus order");
  assert.ok(s1.some((t) => t.startsWith("a")) && s1.some((t) => t.startsWith("b")), "both files");
  assert.deepEqual((await sampleCorpus("*.txt", 100, { root: dir }, 1)).map((d) => d.text), s1);
  assert.notDeepEqual((await sampleCorpus("*.txt", 100, { root: dir }, 2)).map((d) => d.text), s1);
  assert.deepEqual((await sampleCorpus("*.txt", 1000, { root: dir })).map((d) => d.text), all);
  assert.deepEqual(await sampleCorpus("*.txt", 0, { root: dir }), []);
  // plain twin of the inclusion rate: each of 600 documents is in a 100-sample with probability 1/6
  const hits = new Map<string, number>();
  for (let seed = 0; seed < 300; seed++) for (const d of await sampleCorpus("a.txt", 50, { root: dir }, seed)) hits.set(d.text, (hits.get(d.text) ?? 0) + 1);
  const first = hits.get("a0") ?? 0, last = hits.get("a299") ?? 0; // 300 × 50/300 = 50 expected each
  assert.ok(first > 25 && first < 80 && last > 25 && last < 80, `a0 ${first}, a299 ${last}`);
});
