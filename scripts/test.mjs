#!/usr/bin/env node
// The test commands: Node's own test runner through tsx (Node 20's --test does not expand globs itself).
//   npm test                       every test/**/*.test.ts: the suite to run before each commit (≤ 10 min on
//                                  two cores); no notebook is executed
//   npm run test:notebooks         test/**/*.nbtest.ts: every notebook run headless, and through Jupyter
//                                  (nbconvert + the nanozh kernel) when Jupyter is installed
//   npm run test:all               both
// Arguments (after `--`):
//   PATH ...                       only these files or folders
//   --exclude PATH                 leave a file or folder out (repeatable)
//   --no-shared                    as a fresh clone sees it: ../shared/data hidden (NANOZH_SHARED_DATA = a
//                                  new empty folder); tests on shared data skip or use the bundled data
//   --notebooks | --all            which suites (default: the unit suite)
//   --concurrency N                test files run at once (default 2: measured faster than one on two vCPUs)
//   --shared-log FILE              write the test files that reached ../shared (lib/util/paths sharedDataDir)
//   --files-from FILE              run the test files listed in FILE (one per line; CI's fresh-clone pass
//                                  reruns the files the first pass logged: the others never look at ../shared)
// The run ends with the slowest files and the wall time, so the time budget stays visible.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const suffixes = { unit: [".test.ts"], notebooks: [".nbtest.ts"], all: [".test.ts", ".nbtest.ts"] };

function collect(dir, ends, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(p, ends, out);
    else if (ends.some((e) => entry.name.endsWith(e))) out.push(p);
  }
  return out;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

const roots = [];
const excludes = [];
let noShared = false;
let suite = "unit";
let concurrency = 2;
let sharedLog;
let filesFrom;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = (name) => {
    const v = a === name ? argv[++i] : a.slice(name.length + 1);
    if (!v) fail(`${name} needs a value`);
    return v;
  };
  if (a === "--no-shared") noShared = true;
  else if (a === "--notebooks") suite = "notebooks";
  else if (a === "--all") suite = "all";
  else if (a === "--exclude" || a.startsWith("--exclude=")) excludes.push(path.resolve(value("--exclude")));
  else if (a === "--concurrency" || a.startsWith("--concurrency=")) {
    concurrency = Number(value("--concurrency"));
    if (!Number.isInteger(concurrency) || concurrency < 1) fail(`--concurrency must be an integer ≥ 1, got ${argv[i]}`);
  } else if (a === "--shared-log" || a.startsWith("--shared-log=")) sharedLog = path.resolve(value("--shared-log"));
  else if (a === "--files-from" || a.startsWith("--files-from=")) filesFrom = value("--files-from");
  else if (a.startsWith("--")) fail(`unknown option ${a} (options: --notebooks, --all, --exclude PATH, --no-shared, --concurrency N, --shared-log FILE, --files-from FILE)`);
  else roots.push(a);
}
if (filesFrom) {
  if (!fs.existsSync(filesFrom)) fail(`--files-from ${filesFrom}: no such file`);
  const listed = [...new Set(fs.readFileSync(filesFrom, "utf8").split("\n").map((l) => l.trim()).filter(Boolean))];
  if (listed.length === 0) {
    console.log(`# --files-from ${filesFrom}: no test file listed, nothing to run`);
    process.exit(0);
  }
  roots.push(...listed.map((f) => path.relative(process.cwd(), f)));
}
if (roots.length === 0) roots.push("test");
for (const r of roots) if (!fs.existsSync(r)) fail(`${r}: no such test file or folder`);
const excluded = (f) => excludes.some((e) => path.resolve(f) === e || path.resolve(f).startsWith(e + path.sep));
const files = roots.flatMap((r) => (fs.statSync(r).isDirectory() ? collect(r, suffixes[suite], []) : [r])).filter((f) => !excluded(f)).sort();
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${pathToFileURL(path.join(here, "test-file-env.mjs")).href}`.trim() };
delete env.NANOZH_TEST_FILE;
if (sharedLog) {
  fs.writeFileSync(sharedLog, "");
  env.NANOZH_SHARED_USE_LOG = sharedLog;
}
let emptyShared;
if (noShared) {
  emptyShared = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-no-shared-"));
  env.NANOZH_SHARED_DATA = emptyShared;
  console.log(`# --no-shared: NANOZH_SHARED_DATA=${emptyShared} (empty): tests on ../shared/data must skip or use the bundled data`);
}
const reporter = env.NANOZH_TEST_REPORTER ?? "spec";
const started = Date.now();
const res = spawnSync(
  process.execPath,
  [
    "--import", "tsx", "--test", `--test-concurrency=${concurrency}`,
    `--test-reporter=${reporter}`, "--test-reporter-destination=stdout",
    `--test-reporter=${path.join(here, "test-slowest.mjs")}`, "--test-reporter-destination=stdout",
    ...files,
  ],
  { stdio: "inherit", env },
);
console.log(`# ${suite} suite: ${files.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s wall (concurrency ${concurrency})`);
if (emptyShared) {
  const left = fs.readdirSync(emptyShared);
  fs.rmSync(emptyShared, { recursive: true, force: true });
  if (left.length > 0) {
    console.error(`--no-shared: a test wrote into the hidden shared-data folder: ${left.join(", ")}`);
    process.exit(1);
  }
}
process.exit(res.status ?? 1);
