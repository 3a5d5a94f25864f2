// The nanozh kernel as Jupyter drives it (issue 15 items 8–11): execution counts, progress on
// stdout / an updating display with stderr kept for warnings, the first cell's type-check note,
// Interrupt stopping a watched run, a failed parameters cell named by the cells after it, traces
// naming the .ts sources, and one kernel name serving two clones. Tiny purpose-made cells through
// jupyter_client (test/notebooks/kernelDriver.py); skipped without Jupyter. In `npm run test:notebooks`
// (about a minute: three kernel starts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { jupyterPython, root } from "./nbcheck";

const python = jupyterPython();
const skip = python ? false : "no /usr/bin/python3 -m nbconvert / jupyter_client (apt install jupyter-nbconvert python3-nbclient)";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-kernel-"));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Msg {
  msg_type: string;
  content: { name?: string; text?: string; execution_count?: number; data?: Record<string, string>; ename?: string; evalue?: string; traceback?: string[] };
}
interface CellRun {
  reply: { status: string; execution_count?: number; ename?: string; evalue?: string };
  iopub: Msg[];
}

function installSpec(launcherRoot: string, jupyterDir: string): void {
  const r = spawnSync(process.execPath, [path.join(launcherRoot, "scripts", "install-kernel.mjs"), `--dir=${jupyterDir}`], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
}

/** Start the nanozh kernel of `jupyterDir` in `cwd` (as Jupyter does for a notebook there) and run the cells. */
function runKernel(jupyterDir: string, cwd: string, cells: { code: string; interrupt_after?: number }[]): CellRun[] {
  const r = spawnSync(python!, [path.join(root, "test", "notebooks", "kernelDriver.py"), JSON.stringify({ cwd, cells, timeout: 240 })], {
    encoding: "utf8",
    env: { ...process.env, JUPYTER_PATH: jupyterDir, NANOZH_OUT: path.join(tmp, "out") },
    maxBuffer: 64 << 20,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as CellRun[];
}

const streams = (c: CellRun, name: string) => c.iopub.filter((m) => m.msg_type === "stream" && m.content.name === name).map((m) => m.content.text).join("");
const displays = (c: CellRun) => c.iopub.filter((m) => m.msg_type === "display_data" || m.msg_type === "update_display_data").map((m) => `${m.msg_type}: ${m.content.data?.["text/plain"]}`);
const error = (c: CellRun) => c.iopub.find((m) => m.msg_type === "error")?.content;

test("kernel: counts, stdout vs stderr, first-cell note, Interrupt stops a watched run, parameters-cell errors, .ts traces", { skip }, () => {
  const jp = path.join(tmp, "jupyter-main");
  installSpec(root, jp);
  const outside = fs.mkdtempSync(path.join(tmp, "nb-")); // a notebook folder outside every clone
  const runs = runKernel(jp, outside, [
    { code: 'import { watchInterrupts } from "./lib/util/interrupt";\nimport { progress } from "./lib/util/progress";\nimport { statusLine } from "./lib/util/tslab";\nconsole.log("cwd", process.cwd());' },
    {
      code:
        "const g = globalThis as unknown as { steps: number };\ng.steps = 0;\nconst w = watchInterrupts();\n" +
        "try {\n  while (!w.requested) { g.steps++; await new Promise((r) => setTimeout(r, 20)); }\n  throw new Error(`stopped after ${g.steps} steps`);\n} finally {\n  w.close();\n}",
      interrupt_after: 2,
    },
    { code: 'await new Promise((r) => setTimeout(r, 300));\nconsole.log("steps now", (globalThis as unknown as { steps: number }).steps);' },
    { code: 'const p = progress({ label: "demo", total: 3, unit: "items", intervalMs: 0 });\np.tick(); p.tick(); p.tick(); p.done();\nstatusLine("tfjs backend: cpu");\nvoid process.stderr.write("warning: kept on stderr\\n");' },
    { code: '// ---------------- parameters: change these and re-run the notebook ----------------\nconst Q = { n: -1 };\nif (Q.n < 0) throw new RangeError("Q.n must be ≥ 0, got -1");' },
    { code: 'console.log("ran on stale parameters");' },
    { code: "// ---------------- parameters: change these and re-run the notebook ----------------\nconst Q2 = { n: 1 };" },
    { code: 'console.log("after the fix");' },
    { code: 'import { escapeMarkdownDollars } from "./lib/report/notebook";\nescapeMarkdownDollars(undefined as unknown as string);' },
  ]);
  // (10) execute_input carries the count, so nbconvert and the notebook show In [n]
  assert.deepEqual(runs.map((c) => c.iopub.find((m) => m.msg_type === "execute_input")?.content.execution_count), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(runs.map((c) => c.reply.execution_count), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // (10) the first cell says it is type-checking, then how long it took; (11) outside a clone: the launcher's clone
  const [first, loop, after, prog, badParams, stale, fixed, afterFix, trace] = runs;
  assert.equal(first.reply.status, "ok");
  assert.match(displays(first)[0], /^display_data: Type-checking this cell and the library it imports/);
  assert.match(displays(first)[1], /^update_display_data: Type-checked this cell and the library it imports in \d+\.\d s/);
  assert.equal(streams(first, "stdout"), `cwd ${root}\n`);
  // (8) Interrupt: the watched loop stops, the cell ends with its error, and nothing steps afterwards
  assert.equal(loop.reply.status, "error");
  assert.match(streams(loop, "stdout"), /Interrupt: the run stops after its current step/);
  const stoppedAt = /stopped after (\d+) steps/.exec(error(loop)?.evalue ?? "");
  assert.ok(stoppedAt, JSON.stringify(loop));
  assert.equal(streams(after, "stdout"), `steps now ${stoppedAt[1]}\n`);
  // (10) progress: one updating display; status lines on stdout; stderr only for the warning
  assert.equal(prog.reply.status, "ok");
  const shown = displays(prog);
  assert.match(shown[0], /^display_data: demo: 1\/3 items/);
  assert.match(shown[shown.length - 1], /^update_display_data: demo: 3\/3 items \(100\.0%\).*done in/);
  assert.equal(streams(prog, "stdout"), "tfjs backend: cpu\n");
  assert.equal(streams(prog, "stderr"), "warning: kept on stderr\n");
  // (9) a failed parameters cell is named by the cells run after it, until it runs again
  assert.equal(error(badParams)?.ename, "RangeError");
  assert.equal(error(stale)?.ename, "ParametersError");
  assert.match(error(stale)?.evalue ?? "", /^the parameters cell \(In \[5\]\) failed: Q\.n must be ≥ 0, got -1\. Fix the parameters and run that cell again; this cell did not run\.$/);
  assert.equal(streams(stale, "stdout"), "");
  assert.equal(fixed.reply.status, "ok");
  assert.equal(streams(afterFix, "stdout"), "after the fix\n");
  // (9) traces name the TypeScript source and its line
  assert.equal(trace.reply.status, "error");
  assert.ok(error(trace)?.traceback?.some((l) => /at escapeMarkdownDollars \(.*lib[\\/]report[\\/]notebook\.ts:\d+:\d+\)/.test(l)), JSON.stringify(error(trace)));
});

/** A minimal clone: package.json, the launcher and installer, node_modules (linked), lib/whoami.ts. */
function makeClone(dir: string, who: string): string {
  fs.mkdirSync(path.join(dir, "scripts"), { recursive: true });
  fs.mkdirSync(path.join(dir, "lib"));
  fs.mkdirSync(path.join(dir, "notebooks"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "nanochat-zh", private: true }));
  for (const f of ["tslab-kernel.cjs", "install-kernel.mjs"]) fs.copyFileSync(path.join(root, "scripts", f), path.join(dir, "scripts", f));
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, "lib", "whoami.ts"), `export const who: string = ${JSON.stringify(who)};\n`);
  return dir;
}

test("kernel: one kernel name, two clones: each notebook runs in its own clone", { skip }, () => {
  const a = makeClone(path.join(tmp, "clone-a"), "A");
  const b = makeClone(path.join(tmp, "clone-b"), "B");
  const jp = path.join(tmp, "jupyter-clones");
  installSpec(a, jp);
  installSpec(b, jp); // registered last: the kernelspec now starts clone B's launcher
  const spec = JSON.parse(fs.readFileSync(path.join(jp, "kernels", "nanozh", "kernel.json"), "utf8")) as { argv: string[] };
  assert.equal(spec.argv[1], path.join(b, "scripts", "tslab-kernel.cjs"));
  const cell = { code: 'import { who } from "./lib/whoami";\nconsole.log(who, process.cwd());' };
  const [inA] = runKernel(jp, path.join(a, "notebooks"), [cell]);
  assert.equal(streams(inA, "stdout"), `A ${a}\n`, JSON.stringify(inA));
  const [inB] = runKernel(jp, path.join(b, "notebooks"), [cell]);
  assert.equal(streams(inB, "stdout"), `B ${b}\n`, JSON.stringify(inB));
});
