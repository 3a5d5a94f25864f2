// Characters read vs trained: the doc cap's cut is counted, reported in the stats and meta.json, and
// warned about when it drops more than DOC_CAP_WARN_SHARE of the input (issue 7: a .txt mixing
// paragraphs and one-document-per-line text became one huge document cut at 10,000 characters).
// Also `tok bench`: an untimed warm-up on other text, then one timed pass whose token count equals a
// plain encode of the same documents.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cutDocs } from "../../cli/commands/tok";
import { builtinTokenizer, countChunks, trainBpe } from "../../lib/tokenizer/index";
import { DOC_CAP_WARN_SHARE } from "../../lib/tokenizer/train";
import { repoRoot } from "../../lib/util/paths";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-doccap-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

function nanozh(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", "tok", ...args], { cwd: repoRoot(), encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("countChunks counts characters read and trained, in code points, and the documents cut", () => {
  const docs = ["a".repeat(30), "😀".repeat(12), "short"];
  const c = countChunks(docs, { docCap: 10 });
  assert.equal(c.docs, 3);
  assert.equal(c.charsRead, 30 + 12 + 5);
  assert.equal(c.chars, 10 + 10 + 5);
  assert.equal(c.docsCapped, 2);
  const none = countChunks(docs, { docCap: 100 });
  assert.deepEqual([none.chars, none.charsRead, none.docsCapped], [47, 47, 0]);
});

test("trainBpe warns when the doc cap drops more than the warning share, not below it", () => {
  const base = Array.from({ length: 200 }, (_, i) => `document ${i} 的文本内容`);
  const over = trainBpe([...base, "长".repeat(5000)], { vocabSize: 300, docCap: 100, log: () => {} });
  assert.ok(over.stats.charsRead - over.stats.chars > DOC_CAP_WARN_SHARE * over.stats.charsRead);
  assert.equal(over.stats.docsCapped, 1);
  assert.ok(over.warnings.some((w) => /doc cap \(100 characters\) dropped 4900 of \d+ characters read/.test(w)), over.warnings.join("\n"));
  const under = trainBpe([...base, "长".repeat(120)], { vocabSize: 300, docCap: 100, log: () => {} });
  assert.equal(under.stats.docsCapped, 1);
  assert.equal(under.stats.charsRead - under.stats.chars, 20);
  assert.ok(!under.warnings.some((w) => /doc cap/.test(w)), under.warnings.join("\n"));
});

test("tok train on a .txt mixing paragraphs and lines: warns, reports read vs trained, writes both to meta.json", () => {
  const file = path.join(tmp, "mixed.txt");
  const paras = Array.from({ length: 20 }, (_, i) => `第${i}段：这是一个段落。\n它有两行。`).join("\n\n");
  const lines = Array.from({ length: 2000 }, (_, i) => `第${i}条评论：酒店很好，服务周到。`).join("\n");
  fs.writeFileSync(file, paras + "\n\n" + lines + "\n");
  const out = path.join(tmp, "tok");
  const r = nanozh(["train", "--input", file, "--vocab", "300", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: the doc cap \(10000 characters\) dropped \d+ of \d+ characters read/);
  assert.match(r.stderr, /tok train: read 21 documents, \d+ characters; trained on \d+ \(\d+\.\d% cut by --doc-cap 10000 in 1 documents\)/);
  const stats = JSON.parse(r.stdout);
  assert.ok(stats.charsRead > stats.chars * 2, `${stats.charsRead} vs ${stats.chars}`);
  const meta = JSON.parse(fs.readFileSync(path.join(out, "meta.json"), "utf8"));
  assert.deepEqual([meta.training.chars, meta.training.charsRead, meta.training.docsCapped], [stats.chars, stats.charsRead, 1]);
  // the same text one document per line (JSONL) is read whole: nothing cut, no warning
  const jsonl = path.join(tmp, "mixed.jsonl");
  fs.writeFileSync(jsonl, (paras.split("\n\n").concat(lines.split("\n"))).map((t) => JSON.stringify({ text: t })).join("\n") + "\n");
  const j = nanozh(["train", "--input", jsonl, "--vocab", "300", "--out", path.join(tmp, "tok2")]);
  assert.equal(j.code, 0, j.stderr);
  assert.doesNotMatch(j.stderr, /doc cap/);
  const js = JSON.parse(j.stdout);
  assert.deepEqual([js.docs, js.charsRead, js.docsCapped], [2020, js.chars, 0]);
});

test("tok bench: warm-up on other text first (said in --help), then one timed pass counting every token", () => {
  const help = nanozh(["--help"]);
  assert.match(help.stdout, /untimed warm-up on other text/);
  const file = path.join(tmp, "bench.txt");
  const text = "中文和English混合的句子，用来测速。\n".repeat(500);
  fs.writeFileSync(file, text);
  const r = nanozh(["bench", "--tokenizer", "cl100k_base", "--input", file, "--doc-chars", "300", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.ok(res.warmup_bytes >= 1_000_000, `warm-up ${res.warmup_bytes} bytes`);
  const tok = builtinTokenizer("cl100k_base");
  const docs = cutDocs(text, 300);
  assert.equal(res.docs, docs.length);
  assert.equal(res.tokens, docs.reduce((a, d) => a + tok.encodeOrdinary(d).length, 0));
  const cold = nanozh(["bench", "--tokenizer", "cl100k_base", "--input", file, "--warmup-bytes", "0", "--json"]);
  assert.equal(JSON.parse(cold.stdout).warmup_bytes, 0);
});
