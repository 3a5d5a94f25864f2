// clean / dedup and their files: two outputs (or an output and the input) that are one file are
// refused before anything is written; a folder as --in is named; temporaries of a killed run
// (`.<out>.tmp-<pid>-…`, pid dead) are removed by the next run, a live writer's are not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../../lib/util/paths";

function nanozh(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", ...args], { cwd: repoRoot(), encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-zhfiles-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

const DOCS = [
  "太平军十占通城县城是太平天国运动的重要组成部分。清咸丰二年十一月初三日，东王杨秀清所属张帆部攻克岳州，旋即水陆并进武昌。",
  "陆路万余人取道通城，占领县城，初七日离县。咸丰四年二月，太平军为策应武昌战事，先遣石贞祥、林绍璋分兵两路，阻遏湘军东下。",
];
const input = path.join(tmp, "in.jsonl");
const inputText = [DOCS[0], DOCS[1], DOCS[0], "短"].map((t) => JSON.stringify({ text: t })).join("\n") + "\n";
fs.writeFileSync(input, inputText);

function assertRefused(args: string[], re: RegExp, untouched: string[]) {
  const before = untouched.map((f) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : null));
  const r = nanozh(args);
  assert.equal(r.status, 1, `${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  assert.match(r.stderr, re, args.join(" "));
  untouched.forEach((f, i) => assert.equal(fs.existsSync(f) ? fs.readFileSync(f, "utf8") : null, before[i], `${f} changed`));
  assert.deepEqual(fs.readdirSync(tmp).filter((n) => n.includes(".tmp-")), [], "no temporary left");
}

test("dedup / clean: two outputs naming one file, or an output naming the input, are refused; nothing is written", () => {
  const x = path.join(tmp, "x.jsonl");
  const sub = path.join(tmp, "sub");
  fs.mkdirSync(sub, { recursive: true });
  fs.symlinkSync(input, path.join(tmp, "link.jsonl"));
  assertRefused(["dedup", "--in", input, "--out", x, "--dups", x], /--out .*x\.jsonl and --dups .*x\.jsonl are the same file/, [x]);
  assertRefused(["dedup", "--in", input, "--out", x, "--dups", path.join(sub, "..", "x.jsonl")], /are the same file/, [x]);
  assertRefused(["dedup", "--in", input, "--out", input], /--in .*in\.jsonl and --out .*in\.jsonl are the same file/, [input]);
  assertRefused(["dedup", "--in", input, "--out", path.join(tmp, "link.jsonl")], /--in .* and --out .*link\.jsonl are the same file/, [input]);
  assertRefused(["clean", "--in", input, "--out", x, "--rejects", x], /--out .* and --rejects .* are the same file/, [x]);
  assertRefused(["clean", "--in", input, "--out", path.join(tmp, "k.jsonl"), "--rejects", input], /--in .* and --rejects .* are the same file/, [input]);
  // an existing output file is refused the same way (its contents stay)
  fs.writeFileSync(x, "precious\n");
  assertRefused(["clean", "--in", input, "--out", x, "--rejects", `${tmp}/./x.jsonl`], /are the same file/, [x]);
  assert.equal(fs.readFileSync(input, "utf8"), inputText);
  // distinct files still work
  const ok = nanozh(["dedup", "--in", input, "--out", path.join(tmp, "kept.jsonl"), "--dups", path.join(tmp, "dups.jsonl")]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(fs.readFileSync(path.join(tmp, "kept.jsonl"), "utf8").trim().split("\n").length, 3);
});

test("a folder as --in (or as an output) is named, not EISDIR", () => {
  for (const cmd of [
    ["dedup", "--in", tmp, "--out", path.join(tmp, "o.jsonl")],
    ["clean", "--in", tmp, "--out", path.join(tmp, "o.jsonl"), "--rejects", path.join(tmp, "r.jsonl")],
  ]) {
    const r = nanozh(cmd);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stderr.includes(`--in: ${tmp} is a folder, not a file`), r.stderr);
    assert.doesNotMatch(r.stderr, /EISDIR/);
  }
  const r = nanozh(["clean", "--in", input, "--out", tmp, "--rejects", path.join(tmp, "r.jsonl")]);
  assert.equal(r.status, 1);
  assert.ok(r.stderr.includes(`--out: ${tmp} is a folder; give a file name`), r.stderr);
});

test("temporaries of a killed clean / dedup are removed by the next run; a live writer's are kept", () => {
  const dir = path.join(tmp, "stale");
  fs.mkdirSync(dir);
  const deadPid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
  const kept = path.join(dir, "kept.jsonl");
  const rejects = path.join(dir, "rejects.jsonl");
  const stale = [`.kept.jsonl.tmp-${deadPid}-lq0a1b2c`, `.rejects.jsonl.tmp-${deadPid}-lq0a1b2d`];
  const live = `.kept.jsonl.tmp-${process.pid}-lq0a1b2e`; // this test process is alive: not garbage
  for (const n of [...stale, live]) fs.writeFileSync(path.join(dir, n), "half a file");
  const c = nanozh(["clean", "--in", input, "--out", kept, "--rejects", rejects]);
  assert.equal(c.status, 0, c.stderr);
  assert.deepEqual(fs.readdirSync(dir).sort(), [live, "kept.jsonl", "rejects.jsonl"].sort());
  fs.writeFileSync(path.join(dir, `.dups.jsonl.tmp-${deadPid}-lq0a1b2f`), "half");
  const d = nanozh(["dedup", "--in", input, "--out", path.join(dir, "dedup.jsonl"), "--dups", path.join(dir, "dups.jsonl")]);
  assert.equal(d.status, 0, d.stderr);
  assert.deepEqual(fs.readdirSync(dir).sort(), [live, "dedup.jsonl", "dups.jsonl", "kept.jsonl", "rejects.jsonl"].sort());
});
