// nanozh normalize streams: NormalizeStream (line by line, state only for \r\n, a paragraph and a run
// of blank lines) must give exactly what makeNormalizer gives on the whole text — its plain twin —
// for every option set and any way of cutting the input; the CLI writes before stdin ends; its
// memory does not grow with the input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { bundledDataDir, hasSharedData, repoRoot, sharedDataDir } from "../../lib/util/paths";
import { makeNormalizer, normalizeChunks, type NormalizeOptions } from "../../lib/zh/index";

const OPTIONS: NormalizeOptions[] = [
  {},
  { hygiene: true },
  { joinLines: true },
  { script: "t2s", width: true, hygiene: true, joinLines: true },
  { width: { punctBetweenHan: true }, hygiene: true },
  { script: "s2t" },
  { hygiene: { blankLines: false } },
  { hygiene: { indentation: false, spaces: false } },
];

// the edge cases of the stateful steps: \r\n, lone \r, U+2028/9, leading/trailing blank runs, one
// blank line (kept), two (collapsed), whitespace-only lines, NBSP, em space, indentation, BOM
const EDGES = [
  "\ufeff  a\r\n\r\n\r\n b  \n\u3000\u3000c\r",
  "\n\n\n x \u2003\n\u2028y\u2029\n  \n\n",
  "a\r",
  "\r\n",
  "",
  " ",
  "\u3000\u3000第一段第一\n行。\n　　第二段\n",
  "x\n \ny\n\t\n\nz\n\u00a0\n",
  "hard\nwrapped\nlines\n\n\n\nnext para\n  indented\n",
];

function chunksOf(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function realTexts(): { name: string; text: string }[] {
  const files = [path.join(bundledDataDir(), "corpus", "zh", fs.readdirSync(path.join(bundledDataDir(), "corpus", "zh"))[0])];
  if (hasSharedData()) files.push(path.join(sharedDataDir(), "zh_text", "luxun", "呐喊.txt"), path.join(sharedDataDir(), "zh_text", "web_noisy_chinesewebtext", "fasttext_dirty.jsonl"));
  return files.map((f) => ({ name: path.basename(f), text: fs.readFileSync(f, "utf8").slice(0, 200_000) }));
}

test("NormalizeStream equals the whole-text normaliser for every option set and chunking", (t) => {
  if (!hasSharedData()) t.diagnostic(`shared data absent at ${sharedDataDir()}: real-file cases use the bundled corpus only`);
  const texts = [...realTexts(), ...EDGES.map((text, i) => ({ name: `edge ${i}`, text }))];
  for (const { name, text } of texts)
    for (const o of OPTIONS) {
      const want = makeNormalizer(o)(text);
      for (const size of [1, 3, 4096, Infinity]) {
        if (size < 10 && text.length > 2000) continue;
        const got = [...normalizeChunks(size === Infinity ? [text] : chunksOf(text, size), o)].join("");
        assert.equal(got, want, `${name}, ${JSON.stringify(o)}, chunks of ${size}`);
      }
    }
});

function nanozh(args: string[], input: string | Buffer) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", ...args], { cwd: repoRoot(), input, maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
}

test("normalize CLI output equals the whole-text output on a real file, all flags", (t) => {
  const file = hasSharedData() ? path.join(sharedDataDir(), "zh_text", "luxun", "呐喊.txt") : path.join(bundledDataDir(), "corpus", "zh", fs.readdirSync(path.join(bundledDataDir(), "corpus", "zh"))[0]);
  if (!hasSharedData()) t.diagnostic(`shared data absent: using ${file}`);
  const text = fs.readFileSync(file, "utf8");
  for (const [flags, o] of [
    [["--t2s", "--width", "--hygiene", "--join-lines"], { script: "t2s", width: true, hygiene: true, joinLines: true }],
    [["--hygiene"], { hygiene: true }],
    [[], {}],
  ] as [string[], NormalizeOptions][]) {
    const r = nanozh(["normalize", ...flags], text);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, makeNormalizer(o)(text), flags.join(" "));
  }
});

test("normalize writes output before stdin ends (streams)", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "cli/nanozh.ts", "normalize", "--t2s", "--hygiene"], { cwd: repoRoot() });
  let out = "";
  const firstOutput = new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => ((out += d.toString("utf8")), resolve())));
  child.stdin.write("漢語第一行\n第二行\n");
  await firstOutput; // arrives while stdin is still open; the old whole-text command hung here
  assert.match(out, /^汉语第一行/);
  child.stdin.end("第三行\n");
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  assert.equal(code, 0);
  assert.equal(out, "汉语第一行\n第二行\n第三行");
});

/** Peak RSS (MB) of `normalize --hygiene --join-lines` on `mb` MB of text, by /usr/bin/time -v. */
function peakRssMB(mb: number, dir: string): number {
  const para = "　　这是一个被硬换行的段落，\n每一行都不长，段落之间\n有空行。Some English, too.\n\n";
  const file = path.join(dir, `in-${mb}.txt`);
  fs.writeFileSync(file, para.repeat(Math.ceil((mb * 1e6) / Buffer.byteLength(para))));
  const r = spawnSync("bash", ["-c", `/usr/bin/time -v ${JSON.stringify(process.execPath)} --import tsx cli/nanozh.ts normalize --hygiene --join-lines < ${JSON.stringify(file)} > /dev/null`], { cwd: repoRoot(), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return Number(m[1]) / 1024;
}

test("normalize memory is flat in the input size (loosely)", (t) => {
  if (!fs.existsSync("/usr/bin/time")) {
    t.skip("/usr/bin/time not installed");
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-normstream-"));
  try {
    const small = peakRssMB(2, dir);
    const large = peakRssMB(40, dir);
    t.diagnostic(`peak RSS: 2 MB in → ${small.toFixed(0)} MB, 40 MB in → ${large.toFixed(0)} MB`);
    // the whole-text command held the input several times over (317 MB for 20 MB in issue 7, so
    // ≈ 600 MB more here); streaming grows only by what the garbage collector has not yet taken back
    assert.ok(large - small < 150, `peak RSS grew by ${(large - small).toFixed(0)} MB for 38 MB more input`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
