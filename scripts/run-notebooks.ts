// npm start — execute the notebooks headless (no Python, no Jupyter) and write them, with their
// outputs, to out/notebooks/<name>.ipynb (nbformat 4.5).
//
//   npm start                          every notebooks/NN-*.ipynb, in order
//   npm start -- 00-smoke 03           only these (file name, stem, or NN prefix)
//   NANOZH_MODE=full npm start         the full run on ../shared/data (notebooks read runMode())
//   npm start -- --nbconvert           the same through Jupyter: nbconvert + the nanozh kernel
//   options: --out-dir=DIR (default out/notebooks), --timeout=SECONDS per cell (default 1800)
//
// Each notebook's wall clock and status go to <out-dir>/timings.json (atomically, at its start and end;
// a partial run keeps the other notebooks' entries), and at the end, also after failures or a partial
// run, the report card out/report.md is rebuilt from out/ (lib/report/card; `nanozh report` does the same).
//
// Headless, each notebook runs in its own child process with a fresh tslab executor (tslab's own
// TypeScript converter, so cells type-check as in Jupyter) and the repository root as working
// directory, exactly like the nanozh kernel (scripts/tslab-kernel.cjs). Output capture follows
// tslab's kernel (node_modules/tslab/dist/jupyter.js): process.stdout/stderr.write become stream
// outputs, and tslab.display.* arrive through jupyter.lastWriteDisplayData as display_data.
// A cell error stops its notebook; the others still run; the exit status is non-zero at the end.
import { fork, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import util from "node:util";
import { outDir, repoRoot } from "../lib/util/paths";
import { writeJsonAtomic } from "../lib/util/atomicWrite";
import { formatDuration } from "../lib/util/progress";
import { runMode } from "../lib/report/mode";
import { captureEnvironment, readTimings, TimingsRecorder, writeReportCard, type Timings } from "../lib/report/card";

type MultilineString = string | string[];
type MimeBundle = Record<string, MultilineString>;
type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: MultilineString }
  | { output_type: "display_data"; data: MimeBundle; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; execution_count: number; data: MimeBundle; metadata: Record<string, unknown> }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

interface Cell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: MultilineString;
  metadata: Record<string, unknown>;
  outputs?: Output[];
  execution_count?: number | null;
  attachments?: unknown;
}

interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** What a failed notebook reports: file, cell (0-based among all cells), error. */
interface Failure {
  notebook: string;
  cell: number;
  cellId?: string;
  ename: string;
  evalue: string;
}

type ChildMessage = { type: "cell"; index: number; total: number } | { type: "done"; failure?: Failure };

const KERNELSPEC = { name: "nanozh", display_name: "TypeScript (nanochat-zh)", language: "typescript" };
const LANGUAGE_INFO = { name: "typescript", file_extension: ".ts", mimetype: "text/typescript", codemirror_mode: { name: "javascript", typescript: true } };

function joinSource(s: MultilineString): string {
  return Array.isArray(s) ? s.join("") : s;
}

/** Jupyter's on-disk form: a list of lines, each keeping its "\n". */
function splitLines(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function toBundle(data: Record<string, string | Uint8Array>): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, v] of Object.entries(data)) {
    const s = typeof v === "string" ? v : Buffer.from(v).toString("base64");
    out[mime] = mime.startsWith("text/") ? splitLines(s) : s;
  }
  return out;
}

/** Read and check a notebook; give every cell an id (nbformat 4.5). */
function readNotebook(file: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
  } catch (e) {
    throw new Error(`${file}: not a readable notebook JSON: ${(e as Error).message}`);
  }
  if (nb.nbformat !== 4 || !Array.isArray(nb.cells)) throw new Error(`${file}: expected nbformat 4 with a cells list`);
  const seen = new Set<string>();
  nb.cells.forEach((cell, i) => {
    if (!cell.id || !/^[a-zA-Z0-9-_]{1,64}$/.test(cell.id) || seen.has(cell.id)) cell.id = crypto.createHash("sha1").update(`${file}:${i}:${joinSource(cell.source)}`).digest("hex").slice(0, 12);
    seen.add(cell.id);
    cell.metadata = cell.metadata ?? {};
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
  });
  nb.nbformat_minor = Math.max(nb.nbformat_minor ?? 0, 5);
  nb.metadata = { ...nb.metadata, kernelspec: KERNELSPEC, language_info: { ...LANGUAGE_INFO, ...((nb.metadata?.language_info as object) ?? {}) } };
  return nb;
}

// ---------------------------------------------------------------- child: one notebook, one executor

interface TslabConsole {
  log(message?: unknown, ...rest: unknown[]): void;
  error(message?: unknown, ...rest: unknown[]): void;
}
interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  interrupt(): void;
  close(): void;
}
interface TslabDisplayData {
  data: Record<string, string | Uint8Array>;
  metadata?: Record<string, unknown>;
  transient?: { display_id?: string };
}

async function runOneNotebook(nbFile: string, outFile: string, timeoutS: number): Promise<Failure | undefined> {
  const root = repoRoot();
  process.chdir(root);
  const label = path.basename(nbFile, ".ipynb");
  const nb = readNotebook(nbFile);
  const req = createRequire(path.join(root, "package.json"));
  const { createExecutor } = req("tslab/dist/executor") as { createExecutor: (root: string, convs: unknown, c: TslabConsole) => TslabExecutor };
  // Same converter set as the kernel (directory-import fix), so headless runs behave like Jupyter.
  const { createConverterSet, describeFailure } = req("./scripts/tslab-kernel.cjs") as {
    createConverterSet: (js: boolean) => unknown;
    describeFailure: (errorArgs: unknown[][]) => { ename: string; evalue: string; traceback: string[] };
  };
  const jupyter = req("tslab/dist/jupyter") as { lastWriteDisplayData: ((d: TslabDisplayData, update: boolean) => void) | null };
  // A headless run compiles each file once, so it needs no file watching. tslab's TypeScript watch host
  // would otherwise react to any edit under lib/ during the run (an editor saving, a formatter, another
  // checkout tool) by scheduling a rebuild, and tslab then throws "Unexpected pending rebuildTimer" at the
  // next cell. The kernel (Jupyter) keeps its watchers: there an edited lib file should be picked up.
  const tsForTslab = req("@tslab/typescript-for-tslab") as { sys: { watchFile?: unknown; watchDirectory?: unknown } };
  const noWatch = () => ({ close: () => undefined });
  tsForTslab.sys.watchFile = noWatch;
  tsForTslab.sys.watchDirectory = noWatch;

  // Where captured output goes: the outputs of the running cell, else the real terminal.
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  const note = (line: string) => realErr(line + "\n");
  let outputs: Output[] | null = null;
  let execCount = 0;
  let errorArgs: unknown[][] = [];
  let asyncError: unknown;
  const displays = new Map<string, { list: Output[]; index: number }>();

  const stream = (name: "stdout" | "stderr", text: string) => {
    if (!outputs) return void (name === "stdout" ? realOut(text) : realErr(text));
    const last = outputs[outputs.length - 1];
    if (last && last.output_type === "stream" && last.name === name) last.text = joinSource(last.text) + text;
    else outputs.push({ output_type: "stream", name, text });
  };
  const hook = (name: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array, enc?: unknown, cb?: unknown) => {
      stream(name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const done = typeof enc === "function" ? enc : cb;
      if (typeof done === "function") (done as () => void)();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = hook("stdout");
  process.stderr.write = hook("stderr");
  jupyter.lastWriteDisplayData = (d, update) => {
    if (!outputs) return;
    const out: Output = { output_type: "display_data", data: toBundle(d.data), metadata: (d.metadata as Record<string, unknown>) ?? {} };
    const id = d.transient?.display_id;
    const prev = id ? displays.get(id) : undefined;
    if (update && prev) prev.list[prev.index] = out;
    else {
      outputs.push(out);
      if (id) displays.set(id, { list: outputs, index: outputs.length - 1 });
    }
  };
  process.on("unhandledRejection", (e) => (asyncError = asyncError ?? e));
  process.on("uncaughtException", (e) => (asyncError = asyncError ?? e));

  const convs = createConverterSet(false);
  const tsConsole: TslabConsole = {
    log: (value: unknown) => {
      const text = typeof value === "string" ? value : util.inspect(value, { depth: 4, colors: false });
      outputs?.push({ output_type: "execute_result", execution_count: execCount, data: { "text/plain": splitLines(text) }, metadata: {} });
    },
    error: (...args: unknown[]) => errorArgs.push(args),
  };
  const executor = createExecutor(root, convs, tsConsole);
  const save = () => writeJsonAtomic(outFile, nb);

  const codeCells = nb.cells.map((c, i) => [c, i] as const).filter(([c]) => c.cell_type === "code");
  let failure: Failure | undefined;
  const started = Date.now();
  save(); // a notebook that never finishes a cell still leaves its (cleared) file behind
  for (const [n, [cell, index]] of codeCells.entries()) {
    process.send?.({ type: "cell", index, total: nb.cells.length } satisfies ChildMessage);
    const t0 = Date.now();
    outputs = cell.outputs = [];
    cell.execution_count = ++execCount;
    errorArgs = [];
    const src = joinSource(cell.source);
    let ok = true;
    if (src.trim() !== "") {
      const timer = setTimeout(() => executor.interrupt(), timeoutS * 1000);
      ok = await executor.execute(src);
      clearTimeout(timer);
    }
    if (asyncError !== undefined) {
      errorArgs.push([asyncError]);
      asyncError = undefined;
      ok = false;
    }
    const secs = (Date.now() - t0) / 1000;
    if (!ok) {
      const err: Extract<Output, { output_type: "error" }> = { output_type: "error", ...describeFailure(errorArgs) };
      if (err.ename === "Error" && err.evalue === "Interrupted asynchronously") {
        err.ename = "TimeoutError";
        err.evalue = `cell timed out after ${timeoutS} s (interrupted)`;
      }
      outputs.push(err);
      const tags = (cell.metadata.tags as string[] | undefined) ?? [];
      if (!tags.includes("raises-exception")) failure = { notebook: nbFile, cell: index, cellId: cell.id, ename: err.ename, evalue: err.evalue };
    } else if (errorArgs.length) {
      stream("stderr", errorArgs.map((a) => util.format(...a)).join("\n") + "\n");
    }
    for (const o of outputs) if (o.output_type === "stream") o.text = splitLines(joinSource(o.text));
    outputs = null;
    save();
    const firstLine = (src.split("\n").find((l) => l.trim() && !l.trim().startsWith("//")) ?? "").trim();
    const snippet = firstLine.length > 50 ? firstLine.slice(0, 49) + "…" : firstLine;
    note(`[${label}] cell ${n + 1}/${codeCells.length} (#${index}) ${failure ? "FAILED" : "ok"} ${secs.toFixed(1)}s  ${snippet}`);
    if (failure) break;
  }
  note(`[${label}] ${failure ? "failed" : "done"} in ${formatDuration((Date.now() - started) / 1000)} → ${path.relative(root, outFile)}`);
  executor.close();
  return failure;
}

// ---------------------------------------------------------------- parent

/** notebooks/NN-*.ipynb in order, or those the arguments name (path, file name, stem, or NN). */
function selectNotebooks(root: string, names: string[]): string[] {
  const dir = path.join(root, "notebooks");
  const all = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort() : [];
  if (names.length === 0) return all.map((f) => path.join(dir, f));
  return names.map((name) => {
    if (name.endsWith(".ipynb") && fs.existsSync(name)) return path.resolve(name);
    const hit = all.filter((f) => f === name || f === `${name}.ipynb` || f.startsWith(`${name}-`));
    if (hit.length !== 1) throw new Error(`${name}: ${hit.length ? `matches ${hit.join(", ")}` : "no notebook in notebooks/ matches"}`);
    return path.join(dir, hit[0]);
  });
}

function runHeadless(nbFile: string, outFile: string, timeoutS: number): Promise<Failure | undefined> {
  return new Promise((resolve) => {
    const self = fileURLToPath(import.meta.url);
    // Only tsx's ESM hooks, not its require() hook: the notebook's require() calls must resolve as
    // in the kernel (a .ts file that tslab did not compile must fail here too, not load via tsx).
    const tsxEsm = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
    const child = fork(self, ["--child", nbFile, outFile, String(timeoutS)], {
      cwd: repoRoot(),
      execArgv: ["--import", tsxEsm],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let cell = -1;
    let result: Failure | undefined;
    let finished = false;
    let killedForTime = false;
    let timer: NodeJS.Timeout | undefined;
    // In-process interrupts cannot stop a cell that blocks the event loop: kill it a bit later.
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        killedForTime = true;
        child.kill("SIGKILL");
      }, (timeoutS + 10) * 1000);
    };
    child.on("message", (m: ChildMessage) => {
      if (m.type === "cell") {
        cell = m.index;
        arm();
      } else if (m.type === "done") {
        finished = true;
        result = m.failure;
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (finished && code === 0) return resolve(result);
      const evalue = killedForTime ? `cell blocked for more than ${timeoutS} s; killed` : `runner process exited (${signal ?? code})`;
      resolve(result ?? { notebook: nbFile, cell: Math.max(cell, 0), ename: killedForTime ? "Timeout" : "Crash", evalue });
    });
  });
}

/** A Python that has nbconvert and nbclient: $NANOZH_PYTHON, python3 on PATH, /usr/bin/python3. */
function findJupyterPython(): string | undefined {
  const candidates = [process.env.NANOZH_PYTHON, "python3", "/usr/bin/python3"].filter((p): p is string => !!p);
  return candidates.find((py) => spawnSync(py, ["-c", "import nbconvert, nbclient, jupyter_client"], { stdio: "ignore" }).status === 0);
}

/** A private kernelspec folder (for JUPYTER_PATH) holding "nanozh", written by install-kernel. */
function privateKernelDir(root: string, python: string): string {
  const dir = outDir("jupyter");
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "install-kernel.mjs"), `--dir=${dir}`, `--python=${python}`], { stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error(`scripts/install-kernel.mjs --dir=${dir} failed`);
  return dir;
}

function runNbconvert(nbFile: string, outDirPath: string, timeoutS: number, python: string, jupyterPath: string): Failure | undefined {
  const label = path.basename(nbFile, ".ipynb");
  const t0 = Date.now();
  process.stderr.write(`[${label}] jupyter nbconvert --execute (kernel nanozh)\n`);
  const env = { ...process.env, JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter), PYDEVD_DISABLE_FILE_VALIDATION: "1" };
  const args = ["-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=nanozh", `--ExecutePreprocessor.timeout=${timeoutS}`, "--output-dir", outDirPath, nbFile];
  const r = spawnSync(python, args, { cwd: repoRoot(), env, encoding: "utf8", stdio: ["ignore", "inherit", "pipe"], maxBuffer: 64 << 20 });
  const secs = formatDuration((Date.now() - t0) / 1000);
  if (r.status === 0) {
    process.stderr.write(`[${label}] done in ${secs} → ${path.relative(repoRoot(), path.join(outDirPath, path.basename(nbFile)))}\n`);
    return undefined;
  }
  process.stderr.write(r.stderr ?? "");
  const stderr = r.stderr ?? "";
  // nbclient's CellExecutionError quotes the failing cell source; find it among the cells.
  const nb = readNotebook(nbFile);
  const idx = nb.cells.findIndex((c) => c.cell_type === "code" && joinSource(c.source).trim() !== "" && stderr.includes(joinSource(c.source).trim().split("\n")[0]));
  const lastLine = stderr.trim().split("\n").filter((l) => l.trim()).pop() ?? `exit ${r.status}`;
  return { notebook: nbFile, cell: idx, ename: "CellExecutionError", evalue: lastLine };
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "--child") {
    const [nbFile, outFile, timeout] = argv.slice(1);
    let failure: Failure | undefined;
    try {
      failure = await runOneNotebook(nbFile, outFile, Number(timeout));
    } catch (e) {
      // The runner itself failed (not a cell): report it as this notebook's failure, with the stack.
      const err = e as Error;
      fs.writeSync(2, `run-notebooks (child): ${err.stack ?? err.message}\n`);
      failure = { notebook: nbFile, cell: -1, ename: "RunnerError", evalue: err.message };
    }
    await new Promise<void>((r) => (process.send ? process.send({ type: "done", failure } satisfies ChildMessage, () => r()) : r()));
    return 0;
  }
  let nbconvert = false;
  let timeoutS = 1800;
  let out: string | undefined;
  const names: string[] = [];
  for (const a of argv) {
    if (a === "--nbconvert") nbconvert = true;
    else if (a.startsWith("--timeout=")) timeoutS = Number(a.slice(10));
    else if (a.startsWith("--out-dir=")) out = path.resolve(a.slice(10));
    else if (a === "--help" || a === "-h") {
      process.stdout.write("usage: npm start -- [--nbconvert] [--out-dir=DIR] [--timeout=SECONDS] [notebook ...]\n  NANOZH_MODE=small|full (default small)\n");
      return 0;
    } else if (a.startsWith("-")) throw new Error(`unknown option ${a} (see --help)`);
    else names.push(a);
  }
  if (!(timeoutS > 0)) throw new Error("--timeout: expected a positive number of seconds");
  const root = repoRoot();
  const mode = runMode();
  const notebooks = selectNotebooks(root, names);
  if (notebooks.length === 0) throw new Error(`no notebooks/NN-*.ipynb in ${root}`);
  const dest = out ?? outDir("notebooks");
  fs.mkdirSync(dest, { recursive: true });
  process.stderr.write(`running ${notebooks.length} notebook(s), NANOZH_MODE=${mode}, ${nbconvert ? "through jupyter nbconvert" : "headless"} → ${path.relative(root, dest) || dest}\n`);

  let python: string | undefined;
  let jupyterPath = "";
  if (nbconvert) {
    python = findJupyterPython();
    if (!python) throw new Error("--nbconvert: no Python with nbconvert and nbclient (set NANOZH_PYTHON, or install jupyter)");
    jupyterPath = privateKernelDir(root, python);
  }
  const timings = startTimings(path.join(dest, "timings.json"), mode, python ? "nbconvert" : "headless", root);
  const failures: Failure[] = [];
  for (const nb of notebooks) {
    const stem = path.basename(nb, ".ipynb");
    timings.begin(stem);
    const f = python ? runNbconvert(nb, dest, timeoutS, python, jupyterPath) : await runHeadless(nb, path.join(dest, path.basename(nb)), timeoutS);
    timings.end(stem, f ? "failed" : "ok", f ? `cell index ${f.cell}: ${f.ename}: ${f.evalue.split("\n")[0]}` : undefined);
    if (f) failures.push(f);
  }
  timings.finish();
  for (const f of failures) process.stderr.write(`FAILED ${path.relative(root, f.notebook)} cell index ${f.cell}${f.cellId ? ` (id ${f.cellId})` : ""}: ${f.ename}: ${f.evalue.split("\n")[0]}\n`);
  process.stderr.write(`${notebooks.length - failures.length}/${notebooks.length} notebooks ran without errors\n`);
  const reportOk = writeReport(root, dest);
  return failures.length || !reportOk ? 1 : 0;
}

/** Per-notebook wall clock into timings.json, keeping the entries of notebooks this run leaves out. */
function startTimings(file: string, mode: Timings["mode"], runner: Timings["runner"], root: string): TimingsRecorder {
  let previous: Timings | undefined;
  try {
    previous = readTimings(file);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}; starting it afresh\n`);
  }
  return new TimingsRecorder(file, { mode, runner, environment: captureEnvironment(root) }, previous);
}

/** out/report.md from out/, after every run; false (and the reason on stderr) when it could not be built. */
function writeReport(root: string, dest: string): boolean {
  const out = outDir();
  if (path.resolve(dest) !== path.resolve(out, "notebooks")) process.stderr.write(`note: the report card reads ${path.relative(root, path.join(out, "notebooks", "timings.json"))}, not ${path.join(dest, "timings.json")}\n`);
  try {
    const file = writeReportCard(out, { root });
    process.stderr.write(`report card → ${path.relative(root, file) || file}\n`);
    return true;
  } catch (e) {
    process.stderr.write(`report card: ${process.env.NANOZH_DEBUG ? (e as Error).stack : (e as Error).message}\n`);
    return false;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    // fs.writeSync: in the child, process.stderr.write is hooked into the running cell's outputs.
    fs.writeSync(2, `run-notebooks: ${process.env.NANOZH_DEBUG ? e.stack : e.message}\n`);
    process.exit(2);
  },
);
