// Every notebooks/*.ipynb must run without a cell error: headless through the runner (always),
// and through Jupyter (nbconvert + the nanozh kernel) when a Python with nbclient is present.
// NANOZH_MODE is inherited (small by default). Outputs go to a temporary NANOZH_OUT, shared by the
// notebooks in order, so a notebook may read what an earlier one wrote.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findChrome } from "../../lib/report";
import { jupyterPython, notebookErrors, readExecuted, root, runNotebooks, text, validateWithNbformat } from "./nbcheck";
import { checkChatNotebook, checkEvalNotebook, checkModelNotebook, checkPretrainingNotebook, checkScaleOutNotebook } from "./modelChecks";

const notebooks = fs.readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-notebooks-"));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const python = jupyterPython();
const chrome = findChrome();

test("notebooks/ holds notebooks for the nanozh kernel", () => {
  assert.ok(notebooks.length > 0);
  for (const f of notebooks) {
    const nb = JSON.parse(fs.readFileSync(path.join(root, "notebooks", f), "utf8"));
    assert.equal(nb.metadata?.kernelspec?.name, "nanozh", `${f}: metadata.kernelspec.name`);
  }
});

// Which route runs each notebook (NANOZH_NOTEBOOK_ROUTES):
//   unset / "kernel"  each notebook once, in order, sharing one NANOZH_OUT: through Jupyter (nbconvert + the
//                     nanozh kernel) for the notebooks whose kernel behaviour matters — display types and
//                     PNGs (00), Markdown with $ (01), a long cell's progress display (07) — when Jupyter is
//                     installed, headless for the rest (CI's first pass)
//   "headless"        every notebook headless (CI's second pass, the fresh clone without ../shared)
//   "both"            every notebook through both routes, one NANOZH_OUT per route (the thorough local check)
const KERNEL_NOTEBOOKS = ["00", "01", "07"];
const mode = process.env.NANOZH_NOTEBOOK_ROUTES ?? "kernel";
if (!["kernel", "headless", "both"].includes(mode)) throw new Error(`NANOZH_NOTEBOOK_ROUTES must be kernel, headless or both, got ${mode}`);
type Route = "headless" | "nbconvert";
const passes: { label: string; routeOf: (f: string) => Route }[] =
  mode === "both" ? [{ label: "headless", routeOf: () => "headless" }, { label: "nbconvert", routeOf: () => "nbconvert" }]
  : mode === "headless" ? [{ label: "headless", routeOf: () => "headless" }]
  : [{ label: "mixed", routeOf: (f) => (python && KERNEL_NOTEBOOKS.includes(f.slice(0, 2)) ? "nbconvert" : "headless") }];
for (const { label, routeOf } of passes) {
  const outNotebooks = path.join(tmp, label, "notebooks");
  const env = { NANOZH_OUT: path.join(tmp, label, "out") };
  for (const f of notebooks) {
    const route = routeOf(f);
    const skip = route === "nbconvert" && !python ? "no Python with nbconvert + nbclient (apt install jupyter-nbconvert python3-nbclient)" : false;
    test(`${route}: ${f} runs without cell errors`, { skip }, () => {
      const args = [`--out-dir=${outNotebooks}`, path.join(root, "notebooks", f)];
      const r = runNotebooks(route === "nbconvert" ? ["--nbconvert", ...args] : args, env);
      const outFile = path.join(outNotebooks, f);
      const errors = fs.existsSync(outFile) ? notebookErrors(readExecuted(outFile)) : [];
      assert.equal(r.status, 0, `${f} (${route}) failed:\n${errors.join("\n")}\n${r.stderr.slice(-4000)}`);
      const nb = readExecuted(outFile);
      assert.deepEqual(errors, []);
      validateWithNbformat(outFile);
      if (f === "00-smoke.ipynb") {
        const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
        const mimes = new Set(outputs.flatMap((o) => Object.keys(o.data ?? {})));
        assert.ok(mimes.has("text/html"), "table shown as HTML");
        assert.ok(mimes.has("text/markdown"), "markdown shown");
        if (chrome) {
          const png = outputs.find((o) => o.data?.["image/png"]);
          const bytes = Buffer.from(text(png!.data!["image/png"]), "base64");
          assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG");
          assert.ok(bytes.length > 5000, `PNG of ${bytes.length} bytes`);
        }
        assert.ok(fs.existsSync(path.join(env.NANOZH_OUT, "tables", "00-smoke-utf8.csv")));
        assert.ok(fs.existsSync(path.join(env.NANOZH_OUT, "plots", "00-smoke-utf8.html")));
      }
      if (f === "06-model.ipynb") checkModelNotebook(env.NANOZH_OUT);
      if (f === "07-pretraining.ipynb") checkPretrainingNotebook(env.NANOZH_OUT);
      if (f === "08-chat-sft.ipynb") checkChatNotebook(env.NANOZH_OUT);
      if (f === "09-ceval-cmmlu.ipynb") checkEvalNotebook(env.NANOZH_OUT);
      if (f === "10-scale-out.ipynb") checkScaleOutNotebook(env.NANOZH_OUT);
    });
  }
}
