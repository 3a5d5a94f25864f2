// File safety helpers: temporaries of dead writers, same-file checks, whole-folder swaps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseTempName, pidAlive, removeStaleTemps, removeStaleTempsOf, tempPathFor } from "../../lib/util/tempFiles";
import { assertDistinctPaths, canonicalPath, requireInputFile } from "../../lib/util/pathChecks";
import { commitDir, discardDir, recoverDir, stageDir } from "../../lib/util/dirSwap";
import { writeFileAtomic } from "../../lib/util/atomicWrite";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-files-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (label: string) => fs.mkdtempSync(path.join(tmp, `${label}-${n++}-`));

/** The pid of a process that has exited (dead). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  const pid = Number(r.stdout);
  assert.ok(Number.isInteger(pid) && pid > 0, r.stdout);
  return pid;
}

test("temp names carry the writer's pid; pidAlive tells live from dead", () => {
  const t = tempPathFor("/x/y/kept.jsonl");
  assert.equal(path.dirname(t), "/x/y");
  assert.deepEqual(parseTempName(path.basename(t)), { final: "kept.jsonl", pid: process.pid });
  assert.equal(parseTempName("kept.jsonl"), null);
  assert.equal(parseTempName(".kept.jsonl.tmp-12-"), null);
  assert.equal(pidAlive(process.pid), true);
  assert.equal(pidAlive(deadPid()), false);
});

test("removeStaleTemps removes a dead writer's temporaries only (files and folders), and only for the named file", () => {
  const dir = fresh("stale");
  const dead = deadPid();
  const names = {
    deadKept: `.kept.jsonl.tmp-${dead}-lq3x9a`,
    deadRejects: `.rejects.jsonl.tmp-${dead}-lq3x9b`,
    deadFolder: `.tok.tmp-${dead}-0a1b2c3d`,
    liveKept: `.kept.jsonl.tmp-${process.pid}-lq3x9c`,
    final: "kept.jsonl",
    other: ".hidden-notes",
  };
  for (const [k, f] of Object.entries(names)) {
    if (k === "deadFolder") {
      fs.mkdirSync(path.join(dir, f));
      fs.writeFileSync(path.join(dir, f, "meta.json"), "{}");
    } else fs.writeFileSync(path.join(dir, f), k);
  }
  assert.deepEqual(removeStaleTempsOf(path.join(dir, "kept.jsonl")), [path.join(dir, names.deadKept)]);
  assert.deepEqual(removeStaleTemps(dir).sort(), [path.join(dir, names.deadRejects), path.join(dir, names.deadFolder)].sort());
  assert.deepEqual(fs.readdirSync(dir).sort(), [names.liveKept, names.final, names.other].sort());
  assert.deepEqual(removeStaleTemps(path.join(dir, "missing")), []);
});

test("writeFileAtomic clears a killed writer's temporary of the same file", () => {
  const dir = fresh("atomic");
  const stale = path.join(dir, `.out.json.tmp-${deadPid()}-abc123`);
  fs.writeFileSync(stale, "half");
  writeFileAtomic(path.join(dir, "out.json"), "{}\n");
  assert.deepEqual(fs.readdirSync(dir), ["out.json"]);
});

test("assertDistinctPaths: the same file by another spelling, a symlink or a hard link is refused", () => {
  const dir = fresh("same");
  const a = path.join(dir, "a.jsonl");
  fs.writeFileSync(a, "{}\n");
  fs.symlinkSync(a, path.join(dir, "link.jsonl"));
  fs.linkSync(a, path.join(dir, "hard.jsonl"));
  fs.mkdirSync(path.join(dir, "sub"));
  fs.symlinkSync(path.join(dir, "sub"), path.join(dir, "sublink"));
  const cases: [string, string][] = [
    [a, a],
    [a, path.join(dir, "sub", "..", "a.jsonl")],
    [a, path.join(dir, "link.jsonl")],
    [a, path.join(dir, "hard.jsonl")],
    [path.join(dir, "sub", "new.jsonl"), path.join(dir, "sublink", "new.jsonl")], // neither exists yet
  ];
  for (const [x, y] of cases)
    assert.throws(() => assertDistinctPaths([{ option: "--out", path: x }, undefined, { option: "--dups", path: y }]), /--out .* and --dups .* are the same file .*give each its own file/, `${x} vs ${y}`);
  assertDistinctPaths([{ option: "--in", path: a }, { option: "--out", path: path.join(dir, "b.jsonl") }, { option: "--dups", path: path.join(dir, "sub", "a.jsonl") }]);
  assert.equal(canonicalPath(path.join(dir, "sublink", "x", "y.txt")), path.join(fs.realpathSync(dir), "sub", "x", "y.txt"));
});

test("requireInputFile names the option and the path for a folder or a missing file", () => {
  const dir = fresh("input");
  assert.throws(() => requireInputFile(dir, "--in"), new RegExp(`^Error: --in: ${dir} is a folder, not a file$`));
  assert.throws(() => requireInputFile(path.join(dir, "nope.txt"), "--input"), /--input: .*nope\.txt: no such file/);
  fs.writeFileSync(path.join(dir, "ok.txt"), "x");
  requireInputFile(path.join(dir, "ok.txt"), "--in");
});

const owned = (name: string) => ["a.bin", "b.bin", "index.json"].includes(name);

test("dirSwap: a complete staging folder replaces the old one whole; a discarded one leaves it as it was", () => {
  const base = fresh("swap");
  const final = path.join(base, "set");
  const s1 = stageDir(final);
  for (const f of ["a.bin", "b.bin", "index.json"]) fs.writeFileSync(path.join(s1, f), `v1 ${f}`);
  commitDir(s1, final, { owned, last: "index.json" });
  assert.deepEqual(fs.readdirSync(final).sort(), ["a.bin", "b.bin", "index.json"]);
  const s2 = stageDir(final);
  fs.writeFileSync(path.join(s2, "a.bin"), "v2 a.bin");
  discardDir(s2);
  assert.equal(fs.readFileSync(path.join(final, "a.bin"), "utf8"), "v1 a.bin");
  const s3 = stageDir(final);
  for (const f of ["a.bin", "index.json"]) fs.writeFileSync(path.join(s3, f), `v3 ${f}`);
  commitDir(s3, final, { owned, last: "index.json" });
  assert.deepEqual(fs.readdirSync(final).sort(), ["a.bin", "index.json"]);
  assert.equal(fs.readFileSync(path.join(final, "index.json"), "utf8"), "v3 index.json");
  assert.deepEqual(fs.readdirSync(base), ["set"]); // no staging or old folder left beside it
});

test("dirSwap: other files in the final folder stay; the set's files are replaced one by one", () => {
  const base = fresh("swapmixed");
  const final = path.join(base, "set");
  fs.mkdirSync(final);
  for (const f of ["a.bin", "b.bin", "index.json", "notes.md"]) fs.writeFileSync(path.join(final, f), `old ${f}`);
  const s = stageDir(final);
  for (const f of ["a.bin", "index.json"]) fs.writeFileSync(path.join(s, f), `new ${f}`);
  commitDir(s, final, { owned, last: "index.json" });
  assert.deepEqual(fs.readdirSync(final).sort(), ["a.bin", "index.json", "notes.md"]);
  assert.equal(fs.readFileSync(path.join(final, "a.bin"), "utf8"), "new a.bin");
  assert.equal(fs.readFileSync(path.join(final, "notes.md"), "utf8"), "old notes.md");
  assert.deepEqual(fs.readdirSync(base), ["set"]);
});

test("dirSwap recovery: a dead run's old folder comes back when the final one is missing; dead staging goes", () => {
  const base = fresh("recover");
  const final = path.join(base, "set");
  const dead = deadPid();
  const aside = path.join(base, `.set.old-${dead}-1a2b3c4d`);
  fs.mkdirSync(aside);
  fs.writeFileSync(path.join(aside, "a.bin"), "old");
  const staging = path.join(base, `.set.tmp-${dead}-5e6f7a8b`);
  fs.mkdirSync(staging);
  fs.writeFileSync(path.join(staging, "a.bin"), "half new");
  const notes = recoverDir(final);
  assert.equal(notes.length, 2, notes.join("\n"));
  assert.match(notes.join("\n"), /restored from \.set\.old-/);
  assert.deepEqual(fs.readdirSync(base), ["set"]);
  assert.equal(fs.readFileSync(path.join(final, "a.bin"), "utf8"), "old");
  // with the final folder present, a dead run's aside folder is simply removed
  fs.mkdirSync(aside);
  assert.match(recoverDir(final).join("\n"), /removed/);
  assert.deepEqual(fs.readdirSync(base), ["set"]);
  // a live writer's staging folder is left alone
  const live = stageDir(final);
  assert.deepEqual(recoverDir(final), []);
  assert.ok(fs.existsSync(live));
  discardDir(live);
});
