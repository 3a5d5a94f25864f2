// `nanozh … | head`: when the reader closes the pipe, the command exits quietly with status 0
// (no EPIPE stack trace). Each command writes far more than the pipe holds, and head reads 100 bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../../lib/util/paths";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-epipe-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

/** Run `nanozh ARGS < input | head -c 100` under bash with pipefail: the status is nanozh's unless 0. */
function throughHead(args: string, input: string) {
  const inFile = path.join(tmp, "in");
  fs.writeFileSync(inFile, input);
  const errFile = path.join(tmp, "err");
  const cli = `${JSON.stringify(process.execPath)} --import tsx cli/nanozh.ts`;
  const r = spawnSync("bash", ["-c", `set -o pipefail; ${cli} ${args} < ${JSON.stringify(inFile)} 2> ${JSON.stringify(errFile)} | head -c 100 > /dev/null`], { cwd: repoRoot(), encoding: "utf8" });
  return { status: r.status, stderr: fs.readFileSync(errFile, "utf8") };
}

const BIG_TEXT = "漢語的句子，一行又一行。Some English words too.\n".repeat(200_000); // ≈ 11 MB

test("normalize | head exits 0 without a stack trace", () => {
  const r = throughHead("normalize --hygiene", BIG_TEXT);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /EPIPE|Error|at /);
});

test("tok encode | head and tok decode | head exit 0 without a stack trace", () => {
  const e = throughHead("tok encode --tokenizer cl100k_base", BIG_TEXT.slice(0, 1_000_000));
  assert.equal(e.status, 0, e.stderr);
  assert.doesNotMatch(e.stderr, /EPIPE|Error|at /);
  const ids = Array.from({ length: 400_000 }, (_, i) => (i % 2 ? 57668 : 53901)).join(" "); // 你好 …
  const d = throughHead("tok decode --tokenizer cl100k_base", ids);
  assert.equal(d.status, 0, d.stderr);
  assert.doesNotMatch(d.stderr, /EPIPE|Error|at /);
});

test("a real error still exits non-zero through a pipe", () => {
  const r = throughHead("tok decode --tokenizer cl100k_base", "1 2 x");
  assert.equal(r.status, 1);
  assert.match(r.stderr, /id #3 \("x"\) is not an integer/);
});
