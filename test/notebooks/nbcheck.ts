// Helpers for the notebook tests: run scripts/run-notebooks.ts, read and check its output.
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "../../lib/util/paths";

export const root = repoRoot();

export interface RunResult {
  status: number | null;
  stderr: string;
  stdout: string;
}

/** Run the notebook runner (through tsx, as `npm start` does) with extra env. */
export function runNotebooks(args: string[], env: Record<string, string>): RunResult {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "run-notebooks.ts"), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 256 << 20,
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

export interface NbOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  execution_count?: number | null;
}
export interface NbCell {
  id: string;
  cell_type: string;
  source: string | string[];
  outputs?: NbOutput[];
  execution_count?: number | null;
}
export interface Nb {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name: string } };
  cells: NbCell[];
}

export const text = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join("") : s ?? "");

/** Read an executed notebook and check the nbformat 4.5 structure the runner promises. */
export function readExecuted(file: string): Nb {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as Nb;
  assert.equal(nb.nbformat, 4, `${file}: nbformat`);
  assert.ok(nb.nbformat_minor >= 5, `${file}: nbformat_minor ${nb.nbformat_minor} < 5 (cell ids)`);
  const ids = new Set<string>();
  for (const c of nb.cells) {
    assert.match(c.id, /^[a-zA-Z0-9-_]{1,64}$/, `${file}: cell id`);
    assert.ok(!ids.has(c.id), `${file}: duplicate cell id ${c.id}`);
    ids.add(c.id);
    if (c.cell_type !== "code") continue;
    assert.ok(Array.isArray(c.outputs), `${file}: code cell ${c.id} without outputs`);
    for (const o of c.outputs!) {
      assert.ok(["stream", "display_data", "execute_result", "error"].includes(o.output_type), `${file}: output_type ${o.output_type}`);
      if (o.output_type === "stream") assert.ok(o.name === "stdout" || o.name === "stderr");
      if (o.output_type === "error") assert.ok(typeof o.ename === "string" && typeof o.evalue === "string" && Array.isArray(o.traceback));
    }
  }
  return nb;
}

/** Errors recorded in a notebook, as "cell N: ename: evalue". */
export function notebookErrors(nb: Nb): string[] {
  return nb.cells.flatMap((c, i) => (c.outputs ?? []).filter((o) => o.output_type === "error").map((o) => `cell ${i}: ${o.ename}: ${o.evalue}`));
}

let pythonChecked: string | null | undefined;
/** /usr/bin/python3 (or python3) with nbformat, for the official schema check; null if none. */
export function nbformatPython(): string | null {
  if (pythonChecked === undefined) {
    pythonChecked = ["/usr/bin/python3", "python3"].find((py) => spawnSync(py, ["-c", "import nbformat"], { stdio: "ignore" }).status === 0) ?? null;
  }
  return pythonChecked;
}

/** Validate against the nbformat JSON schema when Python's nbformat is present. */
export function validateWithNbformat(file: string): void {
  const py = nbformatPython();
  if (!py) return;
  const r = spawnSync(py, ["-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT))", file], { encoding: "utf8" });
  assert.equal(r.status, 0, `${file} is not valid nbformat:\n${r.stderr}`);
}

/** A Python that can run nbconvert with nbclient, or null. */
export function jupyterPython(): string | null {
  return [process.env.NANOZH_PYTHON, "python3", "/usr/bin/python3"]
    .filter((p): p is string => !!p)
    .find((py) => spawnSync(py, ["-c", "import nbconvert, nbclient, jupyter_client"], { stdio: "ignore" }).status === 0) ?? null;
}

/** Write a throwaway notebook of code cells. */
export function writeNotebook(file: string, sources: string[], tags: string[][] = []): void {
  const cells = sources.map((source, i) => ({ cell_type: "code", metadata: tags[i] ? { tags: tags[i] } : {}, source, outputs: [], execution_count: null }));
  fs.writeFileSync(file, JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 4 }));
}
