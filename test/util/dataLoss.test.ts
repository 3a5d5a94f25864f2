// Issue 15 "data loss and silent wrong results", the shared helpers: folders made one level at a time
// with errors that say read-only / permission / virtual filesystem (never a spin, never a bare ENOENT),
// an atomic write that names its file on ENOSPC, an output that is, holds or lies inside an input, a
// folder holding files a command does not write, a file's identity, piped lines with invalid UTF-8.
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describeWriteError, makeDir } from "../../lib/util/makeDir";
import { writeFileAtomic } from "../../lib/util/atomicWrite";
import { assertOnlyOwnedEntries, assertOutApartFromInputs } from "../../lib/util/pathChecks";
import { fileIdentity, identityChange } from "../../lib/util/fileIdentity";
import { utf8Lines } from "../../lib/util/utf8Lines";
import { noInvalidUtf8 } from "../../lib/util/utf8Stream";
import { repoRoot } from "../../lib/util/paths";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-dataloss-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
const onLinuxProc = fs.existsSync("/proc/self") ? false : "no /proc here";

test("makeDir under /proc ends with an error naming the folder (Node's recursive mkdir spins there forever)", { skip: onLinuxProc }, () => {
  // in a child: a spin cannot be interrupted in this thread; the kill after 60 s is only a guard
  const code = `import { makeDir } from "./lib/util/makeDir.ts"; try { makeDir("/proc/nanozh-no-such/run"); console.log("made"); } catch (e) { console.log(e.message); }`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: repoRoot(), encoding: "utf8", timeout: 60_000 });
  assert.equal(r.signal, null, "makeDir did not return");
  assert.match(r.stdout, /^\/proc\/nanozh-no-such: cannot create the folder \(ENOENT\): the filesystem refuses to create it \(a virtual filesystem such as \/proc/);
});

test("makeDir: nested folders are made; a file in the way and a read-only / permission error are named", () => {
  const deep = path.join(tmp, "a", "b", "c");
  makeDir(deep);
  assert.ok(fs.statSync(deep).isDirectory());
  makeDir(deep); // exists: nothing to do
  const file = path.join(tmp, "plain.txt");
  fs.writeFileSync(file, "x");
  assert.throws(() => makeDir(path.join(file, "sub")), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: is a file, not a folder`));
  // a read-only filesystem (EROFS) and a missing permission (EACCES), as the kernel reports them
  for (const [code, words] of [
    ["EROFS", /the filesystem is read-only/],
    ["EACCES", /permission denied/],
  ] as const) {
    const m = mock.method(fs, "mkdirSync", () => {
      throw Object.assign(new Error(`${code}: mkdir`), { code });
    });
    try {
      assert.throws(() => makeDir(path.join(tmp, "ro", "x")), (e: Error) => e.message.startsWith(`${path.join(tmp, "ro")}: cannot create the folder (${code})`) && words.test(e.message));
    } finally {
      m.mock.restore();
    }
  }
  assert.equal(describeWriteError(Object.assign(new Error("x"), { code: "EROFS" }), "/mnt/ro/f.json").message, "/mnt/ro/f.json: cannot write (EROFS): the filesystem is read-only; choose a folder on a writable disk");
});

test("writeFileAtomic: a full disk (ENOSPC) names the file; nothing is left under the final name or as a temporary", () => {
  const dir = fs.mkdtempSync(path.join(tmp, "full-"));
  const file = path.join(dir, "summary.json");
  const m = mock.method(fs, "writeSync", () => {
    throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  });
  try {
    assert.throws(() => writeFileAtomic(file, "{}"), { message: `${file}: cannot write (ENOSPC): no space left on the device; free some space or choose another disk` });
  } finally {
    m.mock.restore();
  }
  assert.deepEqual(fs.readdirSync(dir), []);
});

test("assertOutApartFromInputs: an output that is, holds or lies inside an input is refused (symbolic links resolved)", () => {
  const ckpt = path.join(tmp, "ckpt");
  fs.mkdirSync(ckpt, { recursive: true });
  const link = path.join(tmp, "ckpt-link");
  fs.symlinkSync(ckpt, link);
  const input = { option: "--checkpoint", path: ckpt };
  assert.throws(() => assertOutApartFromInputs({ option: "--out", path: link }, [input]), /--out .*ckpt-link is --checkpoint .*ckpt; writing there would replace what is read — give --out a folder of its own/);
  assert.throws(() => assertOutApartFromInputs({ option: "--out", path: tmp }, [input]), /--out .* contains --checkpoint/);
  assert.throws(() => assertOutApartFromInputs({ option: "--out", path: path.join(link, "model") }, [input]), /--out .* lies inside --checkpoint/);
  assertOutApartFromInputs({ option: "--out", path: path.join(tmp, "ckpt-model") }, [input, undefined]); // a sibling with a common prefix is fine
});

test("assertOnlyOwnedEntries: --overwrite refuses a folder holding files the command does not write, naming them", () => {
  const dir = path.join(tmp, "owned");
  fs.mkdirSync(path.join(dir, "tokenizer"), { recursive: true });
  fs.writeFileSync(path.join(dir, "model.safetensors"), "");
  fs.writeFileSync(path.join(dir, ".hidden"), "");
  const spec = { owned: (n: string) => ["model.safetensors", "config.json", "tokenizer"].includes(n), writer: "an import", replaces: "model folders", elsewhere: "import elsewhere" };
  assertOnlyOwnedEntries(dir, spec);
  assertOnlyOwnedEntries(path.join(tmp, "absent"), spec);
  fs.writeFileSync(path.join(dir, "notes.md"), "mine");
  assert.throws(() => assertOnlyOwnedEntries(dir, spec), /owned: holds notes\.md, which an import does not write; --overwrite replaces only model folders — move them or import elsewhere/);
});

test("fileIdentity: the same bytes are the same identity; other bytes of the same size are told apart and the change is described", () => {
  const f = path.join(tmp, "w.bin");
  fs.writeFileSync(f, Buffer.alloc(1000, 1));
  const a = fileIdentity(f);
  assert.equal(a.bytes, 1000);
  assert.equal(identityChange(a, fileIdentity(f)), "");
  fs.writeFileSync(f, Buffer.alloc(1000, 2));
  fs.utimesSync(f, new Date(2030, 0, 1), new Date(2030, 0, 1));
  const change = identityChange(a, fileIdentity(f));
  assert.match(change, /^modified .* → 2030-.*, SHA-256 [0-9a-f]{12}… → [0-9a-f]{12}…$/);
  fs.writeFileSync(f, Buffer.alloc(10, 2));
  assert.match(identityChange(a, fileIdentity(f)), /^size 1,000 → 10 bytes/);
});

test("utf8Lines: piped lines decode with invalid UTF-8 counted and its first byte offset kept (split across chunks too)", async () => {
  async function* chunks() {
    yield Buffer.from("你好\n", "utf8");
    yield Buffer.from([0x61, 0xff, 0x62, 0x0a, 0xe4]); // a, bad byte, b, \n, then the first byte of 你
    yield Buffer.from([0xbd, 0xa0, 0x0d, 0x0a, 0xc3]); // …rest of 你, \r\n, then a lone lead byte at the end
  }
  const invalid = noInvalidUtf8();
  const lines: string[] = [];
  for await (const l of utf8Lines(chunks(), invalid)) lines.push(l);
  assert.deepEqual(lines, ["你好", "a\uFFFDb", "你", "\uFFFD"]);
  assert.deepEqual(invalid, { count: 2, firstOffset: 8 });
});
