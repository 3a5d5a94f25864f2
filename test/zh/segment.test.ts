import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { repoRoot } from "../../lib/util/paths";
import { addUserWords, loadUserDict, segmentWithOffsets, segmentWords, tagWords, wordLengthDistribution } from "../../lib/zh/index";

test("jieba precise, full and search modes; HMM switch", () => {
  assert.deepEqual(segmentWords("我来到北京清华大学"), ["我", "来到", "北京", "清华大学"]);
  // jieba-rs's full mode also lists every single character
  const full = segmentWords("我来到北京清华大学", { mode: "full" });
  for (const w of ["来到", "北京", "清华", "清华大学", "华大", "大学"]) assert.ok(full.includes(w), full.join("/"));
  const search = segmentWords("小明硕士毕业于中国科学院计算所", { mode: "search" });
  assert.ok(search.includes("中国科学院") && search.includes("科学院") && search.includes("科学"), search.join("/"));
  // "杭研" is not a dictionary word: the HMM joins it, without the HMM it stays split
  assert.ok(segmentWords("他来到了网易杭研大厦", { hmm: true }).includes("杭研"));
  assert.ok(!segmentWords("他来到了网易杭研大厦", { hmm: false }).includes("杭研"));
  const offs = segmentWithOffsets("我来到北京");
  assert.deepEqual(offs.map((t) => [t.word, t.start, t.end]), [["我", 0, 1], ["来到", 1, 3], ["北京", 3, 5]]);
  assert.ok(tagWords("我爱北京").some((t) => t.word === "北京" && t.tag === "ns"));
});

test("user dictionary words change the segmentation", () => {
  const before = segmentWords("纳米聊天中文版训练");
  assert.ok(!before.includes("纳米聊天"));
  assert.equal(addUserWords([{ word: "纳米聊天", freq: 100000 }]), 1);
  assert.ok(segmentWords("纳米聊天中文版训练").includes("纳米聊天"));
  assert.equal(loadUserDict("# comment\n中文版训练 50000 n\n"), 1);
  assert.ok(segmentWords("纳米聊天中文版训练").includes("中文版训练"));
});

test("word-length distribution", () => {
  const d = wordLengthDistribution(["我来到北京清华大学。", "Hello world"]);
  assert.deepEqual(d.counts, { 1: 1, 2: 2, 4: 1, 5: 2 });
  assert.equal(d.words, 6);
  assert.ok(Math.abs(d.meanChars - 19 / 6) < 1e-12);
});

test("lib/zh script and segment load under CommonJS (as in the tslab kernel)", () => {
  const root = repoRoot();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-cjs-"));
  try {
    for (const rel of ["lib/util/paths.ts", "lib/zh/segment.ts", "lib/zh/script.ts"]) {
      const src = fs.readFileSync(path.join(root, rel), "utf8");
      const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true } }).outputText;
      const out = path.join(dir, rel.replace(/\.ts$/, ".js"));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, js);
    }
    const script = `const s = require(${JSON.stringify(path.join(dir, "lib/zh/segment.js"))});
const c = require(${JSON.stringify(path.join(dir, "lib/zh/script.js"))});
process.stdout.write(JSON.stringify([s.segmentWords("我来到北京清华大学"), c.convertScript("漢語", "t2s")]));`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [["我", "来到", "北京", "清华大学"], "汉语"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
