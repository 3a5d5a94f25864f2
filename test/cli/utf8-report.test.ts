// Invalid UTF-8 is reported the same way by every command that reads text: the count of U+FFFD
// inserted and the byte offset of the first bad sequence ("…: N invalid UTF-8 sequence(s) replaced by
// U+FFFD; first at byte offset X"). The stream decoder behind them is checked against its plain twin,
// a whole-input TextDecoder plus the byte scanner, on random bytes cut at random places.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../../lib/util/paths";
import { scanInvalidUtf8 } from "../../lib/util/utf8";
import { Utf8StreamDecoder } from "../../lib/util/utf8Stream";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-utf8-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

function nanozh(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", ...args], { cwd: repoRoot(), input });
  return { status: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
}

// "好的\n" is 7 bytes; then 0xff 0xfe (two replacements) and a truncated 3-byte sequence (one more)
const BAD_LINE = Buffer.concat([Buffer.from("好的\n"), Buffer.from([0xff, 0xfe]), Buffer.from("这是一个文档，内容足够长以通过过滤。\n"), Buffer.from([0xe4, 0xb8]), Buffer.from("\n")]);
const REPORT = /: 3 invalid UTF-8 sequence\(s\) replaced by U\+FFFD; first at byte offset 7/;

test("Utf8StreamDecoder equals TextDecoder + scanInvalidUtf8 on random bytes in random chunks", () => {
  let seed = 12345;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  const pieces = [[0xe4, 0xbd, 0xa0], [0xf0, 0x9f, 0x8c, 0x8d], [0x41], [0x0a], [0xff], [0xc3], [0xe4, 0xb8], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]];
  for (let trial = 0; trial < 300; trial++) {
    const bytes: number[] = [];
    for (let k = rnd(60); k > 0; k--) bytes.push(...pieces[rnd(pieces.length)]);
    const buf = Uint8Array.from(bytes);
    const want = new TextDecoder("utf-8", { ignoreBOM: true }).decode(buf);
    const scan = scanInvalidUtf8(buf, true);
    const d = new Utf8StreamDecoder();
    let got = "";
    for (let i = 0; i < buf.length; ) {
      const n = 1 + rnd(7);
      got += d.decode(buf.subarray(i, i + n));
      i += n;
    }
    got += d.end();
    assert.equal(got, want, `trial ${trial}: ${bytes.join(",")}`);
    // the readers reuse one Buffer for every read: held-back bytes must not alias it
    const reused = Buffer.alloc(5);
    const d2 = new Utf8StreamDecoder();
    let got2 = "";
    for (let i = 0; i < buf.length; i += 5) {
      const n = Buffer.from(buf.subarray(i, i + 5)).copy(reused);
      got2 += d2.decode(reused.subarray(0, n));
      reused.fill(0x41);
    }
    assert.equal(got2 + d2.end(), want, `trial ${trial} (reused buffer)`);
    assert.deepEqual(d.invalid, { count: scan.count, firstOffset: scan.firstOffset }, `trial ${trial}`);
  }
});

test("normalize, tok encode, tok train, clean, dedup and shard report invalid UTF-8 alike", () => {
  const txt = path.join(tmp, "bad.txt");
  fs.writeFileSync(txt, BAD_LINE);
  const n = nanozh(["normalize"], BAD_LINE);
  assert.equal(n.status, 0, n.stderr);
  assert.match(n.stderr, /normalize: stdin: 3 invalid/);
  assert.match(n.stderr, REPORT);
  const e = nanozh(["tok", "encode", "--tokenizer", "cl100k_base"], BAD_LINE);
  assert.equal(e.status, 0, e.stderr);
  assert.match(e.stderr, /tok encode: stdin: 3 invalid/);
  assert.match(e.stderr, REPORT);
  const t = nanozh(["tok", "train", "--input", txt, "--vocab", "270", "--out", path.join(tmp, "tok"), "--quiet"]);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stderr, new RegExp(`${txt.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}${REPORT.source}`));
  const meta = JSON.parse(fs.readFileSync(path.join(tmp, "tok", "meta.json"), "utf8"));
  assert.deepEqual(meta.training.invalidUtf8, [{ file: txt, count: 3, firstOffset: 7 }]);
  for (const cmd of [["clean", "--rejects", path.join(tmp, "rej.jsonl")], ["dedup"]]) {
    const r = nanozh([cmd[0], "--in", txt, "--out", path.join(tmp, `${cmd[0]}.jsonl`), ...cmd.slice(1)]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`${cmd[0]}: .*bad\\.txt${REPORT.source}`), cmd[0]);
  }
  const s = nanozh(["shard", "--in", txt, "--out", path.join(tmp, "shards")]);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stderr, REPORT);
});

test("valid UTF-8 gives no report", () => {
  const r = nanozh(["tok", "encode", "--tokenizer", "cl100k_base"], Buffer.from("好的 fine\n"));
  assert.equal(r.status, 0);
  assert.equal(r.stderr, "");
});
