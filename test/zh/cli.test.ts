import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../../lib/util/paths";

function nanozh(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", ...args], { cwd: repoRoot(), input });
  return { status: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
}

const PROSE =
  "太平军十占通城县城是太平天国运动的重要组成部分。清咸丰二年十一月初三日，东王杨秀清所属张帆部攻克岳州，旋即水陆并进武昌。" +
  "陆路万余人取道通城，占领县城，初七日离县。咸丰四年二月，太平军为策应武昌战事，先遣石贞祥、林绍璋分兵两路，阻遏湘军东下。";

test("normalize --t2s converts script and nothing else; flags combine; invalid UTF-8 is reported", () => {
  const input = "\ufeff　　漢語ＡＢＣ  \r\n測試\n";
  const a = nanozh(["normalize", "--t2s"], input);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout, "\ufeff　　汉语ＡＢＣ  \r\n测试\n");
  const b = nanozh(["normalize", "--t2s", "--width", "--hygiene"], input);
  assert.equal(b.stdout, "汉语ABC\n测试");
  const c = nanozh(["normalize", "--hygiene", "--join-lines"], "　　第一段第一\n行。\n　　第二段\n");
  assert.equal(c.stdout, "第一段第一行。\n第二段");
  const bad = Buffer.concat([Buffer.from("好"), Buffer.from([0xff, 0xfe]), Buffer.from("字"), Buffer.from([0xe4, 0xb8])]);
  const d = nanozh(["normalize"], bad);
  assert.equal(d.status, 0);
  assert.equal(d.stdout, "好\ufffd\ufffd字\ufffd");
  assert.match(d.stderr, /3 invalid UTF-8 sequence\(s\) replaced by U\+FFFD; first at byte offset 3/);
  const e = nanozh(["normalize", "--t2s", "--s2t"], "x");
  assert.equal(e.status, 2); // a usage error
  assert.match(e.stderr, /choose one script conversion/);
});

test("clean: kept / rejects with rule and value, counts per rule, file:line errors, --skip-bad", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-clean-"));
  try {
    const input = path.join(dir, "in.jsonl");
    const rows = [{ id: 1, text: PROSE }, { id: 2, text: "太短。" }, { id: 3, text: PROSE + "\n版权所有 © 2021" }];
    fs.writeFileSync(input, rows.map((r) => JSON.stringify(r)).join("\n") + "\n{not json\n");
    const out = path.join(dir, "kept.jsonl"), rej = path.join(dir, "rej.jsonl");
    const a = nanozh(["clean", "--in", input, "--out", out, "--rejects", rej]);
    assert.equal(a.status, 1);
    assert.match(a.stderr, new RegExp(`${input.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4: malformed JSONL`));
    assert.ok(!fs.existsSync(out), "no partial output on error");
    assert.deepEqual(fs.readdirSync(dir), ["in.jsonl"], "temporary files removed");
    const b = nanozh(["clean", "--in", input, "--out", out, "--rejects", rej, "--skip-bad"]);
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /documents 3 {2}kept 2 {2}rejected 1 {2}boilerplate lines removed 1 {2}malformed lines skipped 1/);
    assert.match(b.stdout, /min_chars\s+1/);
    const kept = fs.readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(kept.map((k) => k.id), [1, 3]);
    assert.equal(kept[1].text, PROSE);
    const rejects = fs.readFileSync(rej, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(rejects[0].reject, { rule: "min_chars", value: 3, threshold: 50, line: 2 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("dedup: exact and near duplicates to --dups, the rest kept", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-dedup-"));
  try {
    const input = path.join(dir, "in.jsonl");
    const near = PROSE.replace("岳州", "岳阳");
    const rows = [{ body: PROSE }, { body: PROSE }, { body: near }, { body: "完全不同的另一段文字，讲的是别的事情，和上面没有关系。" }];
    fs.writeFileSync(input, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const out = path.join(dir, "kept.jsonl"), dups = path.join(dir, "dups.jsonl");
    const r = nanozh(["dedup", "--in", input, "--field", "body", "--out", out, "--dups", dups, "--threshold", "0.8"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /documents 4 {2}kept 2 {2}exact duplicates 1 {2}near duplicates 1/);
    const d = fs.readFileSync(dups, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(d.map((x) => [x.duplicate.kind, x.duplicate.line, x.duplicate.ofLine]), [["exact", 2, 1], ["near", 3, 1]]);
    assert.ok(d[1].duplicate.jaccard >= 0.8);
    assert.equal(fs.readFileSync(out, "utf8").trim().split("\n").length, 2);
    const bad = nanozh(["dedup", "--in", input, "--out", out, "--threshold", "1.5"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--threshold must be a number in \(0, 1\), got 1\.5/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
