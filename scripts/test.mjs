#!/usr/bin/env node
// npm test: Node's own test runner over every test/**/*.test.ts, through tsx.
// (Node 20's --test does not expand globs itself.) Pass paths or name filters as arguments:
//   npm test -- test/sizing                         only that folder
//   npm test -- --exclude test/notebooks            everything but that folder (repeatable)
//   npm test -- --no-shared                         as a fresh clone sees it: ../shared/data hidden
//                                                   (NANOZH_SHARED_DATA = a new empty folder)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

function collect(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(p, out);
    else if (entry.name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const roots = [];
const excludes = [];
let noShared = false;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--no-shared") noShared = true;
  else if (a === "--exclude" || a.startsWith("--exclude=")) {
    const v = a === "--exclude" ? argv[++i] : a.slice("--exclude=".length);
    if (!v) {
      console.error("--exclude needs a path");
      process.exit(2);
    }
    excludes.push(path.resolve(v));
  } else if (a.startsWith("--")) {
    console.error(`unknown option ${a} (options: --exclude PATH, --no-shared)`);
    process.exit(2);
  } else roots.push(a);
}
if (roots.length === 0) roots.push("test");
for (const r of roots) {
  if (!fs.existsSync(r)) {
    console.error(`${r}: no such test file or folder`);
    process.exit(2);
  }
}
const excluded = (f) => excludes.some((e) => path.resolve(f) === e || path.resolve(f).startsWith(e + path.sep));
const files = roots.flatMap((r) => (fs.statSync(r).isDirectory() ? collect(r, []) : [r])).filter((f) => !excluded(f)).sort();
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const env = { ...process.env };
let emptyShared;
if (noShared) {
  emptyShared = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-no-shared-"));
  env.NANOZH_SHARED_DATA = emptyShared;
  console.log(`# --no-shared: NANOZH_SHARED_DATA=${emptyShared} (empty): tests on ../shared/data must skip or use the bundled data`);
}
const reporter = env.NANOZH_TEST_REPORTER ?? "spec";
const res = spawnSync(process.execPath, ["--import", "tsx", "--test", `--test-reporter=${reporter}`, ...files], { stdio: "inherit", env });
if (emptyShared) {
  const left = fs.readdirSync(emptyShared);
  fs.rmSync(emptyShared, { recursive: true, force: true });
  if (left.length > 0) {
    console.error(`--no-shared: a test wrote into the hidden shared-data folder: ${left.join(", ")}`);
    process.exit(1);
  }
}
process.exit(res.status ?? 1);
