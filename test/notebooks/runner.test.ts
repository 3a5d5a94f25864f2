// The headless runner's contract: outputs captured as Jupyter outputs, errors stop the notebook
// and make the exit status non-zero, type errors are errors, the runner needs no Python.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readExecuted, runNotebooks, text, validateWithNbformat, writeNotebook } from "./nbcheck";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-runner-"));
const env = { NANOZH_OUT: path.join(tmp, "out"), NANOZH_MODE: "small" };
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("outputs: stream, execute_result, display_data (incl. updated displays), library imports by folder", () => {
  const nb = path.join(tmp, "ok.ipynb");
  writeNotebook(nb, [
    'import { runMode, inNotebook, showMarkdown, showTable } from "./lib/report";\nconsole.log("mode", runMode(), inNotebook());',
    'import * as tslab from "tslab";\nconst d = tslab.newDisplay();\nd.text("first");\nd.text("second");\nprocess.stderr.write("warn 中文\\n");\nshowMarkdown("**粗体**");',
    'showTable([{ a: 1, b: "x|y" }], { name: "runner-t" });',
    "const n: number = 6 * 7;\nn",
  ]);
  const r = runNotebooks(["--out-dir=" + tmp, nb], env);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /\[ok\] cell 4\/4 \(#3\) ok \d+\.\ds/);
  const out = readExecuted(path.join(tmp, "ok.ipynb"));
  validateWithNbformat(path.join(tmp, "ok.ipynb"));
  const [c0, c1, c2, c3] = out.cells;
  assert.deepEqual(c0.outputs, [{ output_type: "stream", name: "stdout", text: ["mode small true\n"] }]);
  assert.deepEqual(c1.outputs!.map((o) => o.output_type), ["display_data", "stream", "display_data"]);
  assert.equal(text(c1.outputs![0].data!["text/plain"]), "second");
  assert.equal(text(c1.outputs![1].text), "warn 中文\n");
  assert.equal(text(c1.outputs![2].data!["text/markdown"]), "**粗体**");
  assert.ok(text(c2.outputs![0].data!["text/html"]).includes("x|y"));
  assert.ok(fs.existsSync(path.join(tmp, "out", "tables", "runner-t.csv")));
  assert.deepEqual(c3.outputs, [{ output_type: "execute_result", execution_count: 4, data: { "text/plain": ["42"] }, metadata: {} }]);
  assert.deepEqual(out.cells.map((c) => c.execution_count), [1, 2, 3, 4]);
});

test("a runtime error stops the notebook, is recorded as an error output, and fails the run", () => {
  const nb = path.join(tmp, "boom.ipynb");
  writeNotebook(nb, ["console.log(1)", 'throw new RangeError("坏了")', 'console.log("never")']);
  const r = runNotebooks(["--out-dir=" + tmp, nb], env);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /FAILED .*boom\.ipynb cell index 1 .*RangeError: 坏了/);
  const out = readExecuted(path.join(tmp, "boom.ipynb"));
  validateWithNbformat(path.join(tmp, "boom.ipynb"));
  const err = out.cells[1].outputs![0];
  assert.equal(err.output_type, "error");
  assert.equal(err.ename, "RangeError");
  assert.equal(err.evalue, "坏了");
  assert.ok(err.traceback!.some((l) => l.includes("RangeError: 坏了")));
  assert.deepEqual(out.cells[2].outputs, []);
  assert.equal(out.cells[2].execution_count, null);
});

test("a type error is a cell error; raises-exception cells may fail; other notebooks still run", () => {
  const bad = path.join(tmp, "types.ipynb");
  const good = path.join(tmp, "after.ipynb");
  writeNotebook(bad, ['throw new Error("expected")', 'const s: number = "not a number";'], [["raises-exception"]]);
  writeNotebook(good, ['console.log("still ran")']);
  const r = runNotebooks(["--out-dir=" + tmp, bad, good], env);
  assert.notEqual(r.status, 0);
  const out = readExecuted(path.join(tmp, "types.ipynb"));
  assert.equal(out.cells[0].outputs![0].ename, "Error");
  const err = out.cells[1].outputs![0];
  assert.equal(err.ename, "TypeScriptError");
  assert.match(err.evalue!, /Type 'string' is not assignable to type 'number'/);
  assert.equal(text(readExecuted(path.join(tmp, "after.ipynb")).cells[0].outputs![0].text), "still ran\n");
  assert.match(r.stderr, /1\/2 notebooks ran without errors/);
});

test("an unhandled rejection during a cell fails that cell", () => {
  const nb = path.join(tmp, "reject.ipynb");
  writeNotebook(nb, ['Promise.reject(new Error("late"));\nawait new Promise((r) => setTimeout(r, 50));']);
  const r = runNotebooks(["--out-dir=" + tmp, nb], env);
  assert.notEqual(r.status, 0);
  assert.equal(readExecuted(path.join(tmp, "reject.ipynb")).cells[0].outputs![0].evalue, "late");
});

test("an unknown notebook name is an error naming it", () => {
  const r = runNotebooks(["no-such-notebook"], env);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no-such-notebook: no notebook in notebooks\/ matches/);
});
