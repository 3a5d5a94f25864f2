#!/usr/bin/env node
// npm test: Node's own test runner over every test/**/*.test.ts, through tsx.
// (Node 20's --test does not expand globs itself.) Pass paths or name filters as arguments:
//   npm test -- test/sizing        only that folder
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

function collect(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(p, out);
    else if (entry.name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
const roots = args.length ? args : ["test"];
const files = roots.flatMap((r) => (fs.statSync(r).isDirectory() ? collect(r, []) : [r])).sort();
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const reporter = process.env.NANOZH_TEST_REPORTER ?? "spec";
const res = spawnSync(process.execPath, ["--import", "tsx", "--test", `--test-reporter=${reporter}`, ...files], {
  stdio: "inherit",
});
process.exit(res.status ?? 1);
