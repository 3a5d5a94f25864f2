// Nonsense is refused with the limit named, and big totals never print as float-rounded integers:
// `shard` on empty input, `size` with impossible shapes, `size` totals beyond 2^53.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fmtNum } from "../../cli/commands/size";
import { checkSizeLimits, MAX_DEPTH, MIN_VOCAB, sizeModel } from "../../lib/sizing";
import { repoRoot } from "../../lib/util/paths";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-limits-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

function nanozh(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", ...args], { cwd: repoRoot(), encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("shard on empty input: an error, a message, nothing written (old shards kept)", () => {
  const empty = path.join(tmp, "empty.txt");
  fs.writeFileSync(empty, "");
  const blank = path.join(tmp, "blank.jsonl");
  fs.writeFileSync(blank, '{"text":"   "}\n{"text":""}\n');
  for (const input of [empty, blank]) {
    const out = path.join(tmp, `out-${path.basename(input)}`);
    const r = nanozh("shard", "--in", input, "--out", out);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /no documents in .*; nothing written to/);
    assert.equal(fs.existsSync(out), false, `${out} was created`);
  }
  assert.match(nanozh("shard", "--in", blank, "--out", path.join(tmp, "x")).stderr, /2 empty document\(s\) skipped/);
  // an existing shard set survives an empty run, even with --overwrite
  const good = path.join(tmp, "good.txt");
  fs.writeFileSync(good, "第一篇文档。\n第二篇文档。\n");
  const set = path.join(tmp, "set");
  assert.equal(nanozh("shard", "--in", good, "--out", set).code, 0);
  const before = fs.readdirSync(set).sort();
  assert.equal(nanozh("shard", "--in", empty, "--out", set, "--overwrite").code, 1);
  assert.deepEqual(fs.readdirSync(set).sort(), before);
});

test("size refuses nonsense shapes, naming the limit", () => {
  // the limits are lib/sizing's, declared in the command's spec: usage errors, exit 2
  const vocab = (got: string) => new RegExp(`--vocab must be an integer in \\[${MIN_VOCAB}, 2147483647\\], got ${got}`);
  for (const [args, msg] of [
    [["--depth", "8", "--vocab", "3"], vocab("3")],
    [["--depth", "8", "--vocab", "264"], vocab("264")],
    [["--depth", "1000000"], new RegExp(`--depth must be an integer in \\[2, ${MAX_DEPTH}\\], got 1000000`)],
    [["--depth", "8", "--vocab", "3000000000"], vocab("3000000000")],
    [["--depth", "8", "--mfu", "5"], /--mfu must be a number in \(0, 1\], got 5/],
  ] as const) {
    const r = nanozh("size", ...args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, msg, args.join(" "));
  }
  assert.equal(nanozh("size", "--depth", "8", "--vocab", "265", "--json").code, 0);
  assert.throws(() => checkSizeLimits({ depth: MAX_DEPTH + 2 }), /at most 1024/);
  assert.doesNotThrow(() => checkSizeLimits({ depth: MAX_DEPTH, vocabSize: MIN_VOCAB, mfu: 1 }));
});

test("fmtNum: exact below 2^53, scientific above — never a float-rounded integer", () => {
  assert.equal(fmtNum(Number.MAX_SAFE_INTEGER), "9,007,199,254,740,991");
  assert.equal(fmtNum(2 ** 53), "9.0072e+15");
  assert.equal(fmtNum(1.5e23), "1.5000e+23");
  assert.equal(fmtNum(1234.567, 2), "1,234.57");
  assert.equal(fmtNum(1e14, 2), "1.0000e+14"); // 1e16 hundredths: past exact
});

test("size with totals past 2^53 prints them in scientific form", () => {
  const r = nanozh("size", "--depth", "1024", "--ratio", "100000");
  assert.equal(r.code, 0, r.stderr);
  const s = sizeModel({ depth: 1024, ratio: 100000 });
  assert.ok(s.tokens > Number.MAX_SAFE_INTEGER);
  assert.match(r.stdout, new RegExp(`tokens \\(ratio 100000\\)\\s+${s.tokens.toExponential(4).replace("+", "\\+")}`));
  assert.match(r.stdout, /total\s+52,785,148,067,840\s+100\.0%/); // params stay exact
  // no run of 17+ digits (with thousands commas): such a number would be float-rounded
  assert.doesNotMatch(r.stdout, /\d{1,3}(,\d{3}){5,}/);
});

test("shards applies the same limits and prints huge plans in scientific form", () => {
  const bad = nanozh("shards", "--depth", "8", "--vocab", "3", "--chars-per-token", "2");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--vocab must be an integer in \[265, 2147483647\], got 3/);
  assert.match(nanozh("shards", "--depth", "1000000", "--chars-per-token", "2").stderr, /--depth must be an integer in \[2, 1024\], got 1000000/);
  const huge = nanozh("shards", "--tokens", "1e30", "--chars-per-token", "2");
  assert.equal(huge.code, 0, huge.stderr);
  assert.match(huge.stdout, /= ceil\(8\.8000e\+21\) = 8\.8000e\+21/);
  assert.doesNotMatch(huge.stdout, /8\.800000000000001e\+21|\d{1,3}(,\d{3}){5,}/);
});
