#!/usr/bin/env node
// The "nanozh" Jupyter kernel: tslab, started in the notebook's own nanochat-zh clone.
// Jupyter runs: node scripts/tslab-kernel.cjs kernel --config-path {connection_file}
// (scripts/install-kernel.mjs writes that kernelspec). CommonJS on purpose: no tsx, no loader, so
// modules resolve exactly as tslab resolves them.
//
// What tslab 1.0.22 does not do for this repository, done here (node_modules stays untouched, so
// `npm ci` keeps all of it):
// 1. Working directory. tslab compiles cells with rootDir = process.cwd(), and notebooks import
//    "./lib/<stage>". Jupyter starts a kernel in the notebook's folder, so the kernel runs in the
//    clone that holds the notebook (the first nanochat-zh package.json above that folder) — with
//    that clone's own launcher and tslab — and only falls back to this launcher's clone for a
//    notebook outside every clone. One kernel name then serves every clone (issue 15 item 11).
// 2. Directory imports. tslab's require() of compiled local modules looks only for "<path>.js", so
//    "./lib/report" (→ lib/report/index.ts) would fail at run time; "<dir>.js" aliases fix that.
// 3. Stack traces. Library modules are emitted as CommonJS with inline source maps and Node's
//    source-map support is on, so traces name lib/<stage>/<file>.ts and its lines.
// 4. Protocol. Every execution publishes execute_input with its execution_count (nbconvert takes
//    the cell's count from it); a failed cell publishes an `error` output and its execute_reply
//    carries ename/evalue/traceback.
// 5. Interrupt. tslab's Interrupt returns the cell at once while its async work runs on. Runs that
//    watch for interrupts (lib/util/interrupt.ts: train, sft) are told and stop after their current
//    step, and the cell waits for that; a second Interrupt returns the cell at once.
// 6. The first cell that imports the library type-checks it (5–20 s); a line says so while it runs.
// 7. A failed parameters cell makes the cells after it fail at once, naming it, until it runs again.
// scripts/run-notebooks.ts uses the same converter set headless.
"use strict";
const fs = require("fs");
const path = require("path");

const PACKAGE_NAME = "nanochat-zh";

/** The nanochat-zh clone holding `from` (the first package.json named nanochat-zh above it), or undefined. */
function findRepoRoot(from) {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, "utf8")).name === PACKAGE_NAME) return dir;
      } catch (e) {
        // not ours; keep walking
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

const ownRoot = findRepoRoot(__dirname);
if (!ownRoot) throw new Error(`tslab-kernel: no ${PACKAGE_NAME} package.json above ${__dirname}`);

/** Where a kernel started in `cwd` runs: the clone holding cwd (the notebook's folder), else this launcher's. */
function kernelRoot(cwd) {
  return findRepoRoot(cwd) || ownRoot;
}

const tslabDistOf = (root) => path.join(root, "node_modules", "tslab", "dist");

/** TypeScript as tslab bundles it (same compiler as the type check). */
function tslabTypescript(root) {
  return require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDistOf(root)] }));
}

/**
 * CommonJS with an inline source map for a library .ts file, or undefined for anything else
 * (notebook cells, node_modules, .js files). Per file, as tsx does for the CLI and tests
 * (tsconfig has isolatedModules), so the library runs the same in a notebook.
 */
function compileLibraryFile(ts, root, jsPath) {
  const rel = path.relative(root, jsPath);
  if (rel.startsWith("..") || path.isAbsolute(rel) || rel.split(path.sep).includes("node_modules")) return undefined;
  const stem = jsPath.slice(0, -".js".length);
  const tsPath = [stem + ".ts", stem + ".tsx"].find((p) => fs.existsSync(p));
  if (!tsPath) return undefined;
  return ts.transpileModule(fs.readFileSync(tsPath, "utf8"), {
    fileName: tsPath,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      resolveJsonModule: true,
      inlineSourceMap: true,
      newLine: ts.NewLineKind.LineFeed,
    },
  }).outputText;
}

/**
 * Wrap a tslab converter: "<dir>.js" aliases for every compiled "<dir>/index.js" (directory
 * imports), library modules with source maps, and `afterConvert(seconds)` after each convert.
 */
function withDirectoryImports(conv, opts = {}) {
  const root = opts.root || ownRoot;
  let ts;
  const convert = conv.convert;
  conv.convert = function (prevDecl, src) {
    const t0 = Date.now();
    const res = convert.call(this, prevDecl, src);
    if (res && res.sideOutputs) {
      ts = ts || tslabTypescript(root);
      for (const out of res.sideOutputs) {
        if (!out.path.endsWith(".js")) continue;
        const js = compileLibraryFile(ts, root, out.path);
        if (js !== undefined) out.data = js;
      }
      const have = new Set(res.sideOutputs.map((o) => o.path));
      for (const out of res.sideOutputs.slice()) {
        if (path.basename(out.path) !== "index.js") continue;
        const dir = path.dirname(out.path);
        const alias = dir + ".js";
        if (have.has(alias)) continue;
        have.add(alias);
        res.sideOutputs.push({ path: alias, data: `module.exports = require(${JSON.stringify("./" + path.basename(dir) + "/index")});\n` });
      }
    }
    if (opts.afterConvert) opts.afterConvert((Date.now() - t0) / 1000);
    return res;
  };
  return conv;
}

/** tslab's ConverterSet (dist/main.js ConverterSetImpl) with our converter wrapper; source maps on. */
function createConverterSet(jsKernel = false, opts = {}) {
  const root = opts.root || ownRoot;
  process.setSourceMapsEnabled(true);
  const { createConverter } = require(path.join(tslabDistOf(root), "converter.js"));
  let node;
  let browser;
  return {
    get node() {
      return (node = node || withDirectoryImports(createConverter({ isJS: jsKernel, isBrowser: false }), opts));
    },
    get browser() {
      return (browser = browser || withDirectoryImports(createConverter({ isJS: jsKernel, isBrowser: true }), opts));
    },
    close() {
      if (node) node.close();
      if (browser) browser.close();
    },
  };
}

/**
 * What a failed cell was, from the arguments tslab's executor passed to console.error: a thrown
 * value (runtime error) or "%s%d:%d - %s" lines (type errors). → {ename, evalue, traceback}.
 */
function describeFailure(errorArgs) {
  const util = require("util");
  const thrown = errorArgs.find((a) => a.length === 1 && typeof a[0] !== "string");
  if (thrown) {
    const e = thrown[0];
    if (e instanceof Error) {
      const internal = /node_modules[\\/]tslab[\\/]|node:(internal|vm)|scripts[\\/](run-notebooks|tslab-kernel)/;
      const traceback = String(e.stack || `${e.name}: ${e.message}`).split("\n").filter((l) => !internal.test(l));
      return { ename: e.name || "Error", evalue: e.message, traceback };
    }
    return { ename: "Error", evalue: util.inspect(e), traceback: [`thrown: ${util.inspect(e)}`] };
  }
  const lines = errorArgs.map((a) => util.format(...a));
  const typeErrors = errorArgs.length > 0 && errorArgs.every((a) => a[0] === "%s%d:%d - %s");
  return {
    ename: typeErrors ? "TypeScriptError" : "Error",
    evalue: lines.join("\n") || "cell failed",
    traceback: lines.length ? lines : ["cell failed"],
  };
}

/** The connection file from `kernel --config-path F`, `--config-path=F`, or a lone path. */
function configPathFrom(argv) {
  const args = argv[0] === "kernel" ? argv.slice(1) : argv;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--config-path" && i + 1 < args.length) return args[i + 1];
    if (args[i].startsWith("--config-path=")) return args[i].slice("--config-path=".length);
  }
  if (args.length === 1 && !args[0].startsWith("-")) return args[0];
  throw new Error("usage: tslab-kernel.cjs kernel --config-path <connection_file>");
}

/** The interrupt record lib/util/interrupt.ts reads (same key: INTERRUPT_KEY there). */
function interruptRecord() {
  const key = Symbol.for("nanochat-zh.interrupts");
  return (globalThis[key] = globalThis[key] || { count: 0, live: 0 });
}

/** The line that marks a notebook's parameters cell ("// ------ parameters: change these …"). */
const PARAMS_MARK = /^\s*\/\/\s*-+\s*parameters:/m;

const PUBLISH_INPUT = Symbol("nanozh.publishExecuteInput");
const PUBLISH_ERROR = Symbol("nanozh.publishError");

/** Run the kernel for the clone at `root` (this launcher's code; tslab from that clone). */
function startKernel(configPath, root = ownRoot) {
  const tslabDist = tslabDistOf(root);
  if (!fs.existsSync(path.join(tslabDist, "main.js"))) {
    console.error(`tslab-kernel: ${tslabDist} is missing; run npm ci in ${root}`);
    process.exit(1);
  }
  process.chdir(root);
  const { createExecutor } = require(path.join(tslabDist, "executor.js"));
  const { ZmqServer, JupyterHandlerImpl } = require(path.join(tslabDist, "jupyter.js"));

  // (6) a line while the first importing cell type-checks, replaced by its time when done
  let typeCheckNote;
  const convs = createConverterSet(false, {
    root,
    afterConvert(seconds) {
      if (!typeCheckNote) return;
      const { show } = typeCheckNote;
      typeCheckNote = undefined;
      show(`Type-checked this cell and the library it imports in ${seconds.toFixed(1)} s (first cell only).`, true);
    },
  });
  convs.node; // warm the TypeScript program before the first cell, as tslab does
  let firstImport = true;

  // Collect what tslab reports as errors: a failed cell becomes an `error` output and an
  // execute_reply with ename/evalue/traceback, as the protocol asks (tslab only prints to stderr,
  // so nbconvert reported an empty "<Error>:" and the trace showed as a stderr stream).
  let errorArgs = [];
  const executor = createExecutor(process.cwd(), convs, {
    log: console.log,
    error: (...args) => errorArgs.push(args),
  });
  const handler = new JupyterHandlerImpl(executor, false);

  // (5) Interrupt: runs that watch for it stop after their current step; the cell waits for them.
  let gentleInterrupt = false;
  process.on("SIGINT", () => {
    const record = interruptRecord();
    record.count++;
    if (record.live > 0 && !gentleInterrupt) {
      gentleInterrupt = true;
      process.stdout.write("Interrupt: the run stops after its current step (interrupt again to return at once).\n");
    } else executor.interrupt();
  });

  // (7) After the parameters cell failed, later cells would run on its stale or half-set values
  // and fail far from the cause; they fail at once instead, naming that cell, until it runs.
  let paramsFailure;
  const handleExecuteImpl = handler.handleExecuteImpl;
  handler.handleExecuteImpl = async function (req, writeStream, writeDisplayData) {
    const count = this.execCount + 1; // tslab's next count (it increments inside handleExecuteImpl)
    if (req[PUBLISH_INPUT]) req[PUBLISH_INPUT](count);
    const isParams = PARAMS_MARK.test(req.code || "");
    if (paramsFailure && !isParams && (req.code || "").trim() !== "") {
      const message =
        `the parameters cell (In [${paramsFailure.count}]) failed: ${paramsFailure.evalue}. ` +
        "Fix the parameters and run that cell again; this cell did not run.";
      req = { ...req, code: `throw Object.assign(new Error(${JSON.stringify(message)}), { name: "ParametersError", stack: ${JSON.stringify("ParametersError: " + message)} });` };
    }
    if (firstImport && /^\s*import\b/m.test(req.code || "")) {
      firstImport = false;
      const id = `nanozh-typecheck-${process.pid}`;
      const show = (text, update) => writeDisplayData({ data: { "text/plain": text }, metadata: {}, transient: { display_id: id } }, update);
      show("Type-checking this cell and the library it imports (first cell only, about 5–20 s)…", false);
      typeCheckNote = { show };
    }
    try {
      const done = await handleExecuteImpl.call(this, req, writeStream, writeDisplayData);
      if (isParams) paramsFailure = undefined;
      return done;
    } catch (e) {
      if (isParams) paramsFailure = { count, evalue: describeFailure(errorArgs).evalue.split("\n")[0] };
      throw e;
    } finally {
      gentleInterrupt = false;
      typeCheckNote = undefined;
    }
  };
  const handleExecute = handler.handleExecute;
  handler.handleExecute = async function (req, writeStream, writeDisplayData) {
    errorArgs = [];
    const reply = await handleExecute.call(this, req, writeStream, writeDisplayData);
    if (reply.status === "error") {
      const failure = describeFailure(errorArgs);
      Object.assign(reply, failure);
      if (req[PUBLISH_ERROR]) req[PUBLISH_ERROR](failure);
      else writeStream("stderr", failure.traceback.join("\n") + "\n");
    } else if (errorArgs.length) {
      // diagnostics of a cell that still ran (e.g. a //@module cell)
      writeStream("stderr", errorArgs.map((a) => require("util").format(...a)).join("\n") + "\n");
    }
    errorArgs = [];
    return reply;
  };

  const server = new ZmqServer(handler, configPath);
  // (4) execute_input on iopub, with the count, before the cell's outputs
  const serverExecute = server.handleExecute;
  server.handleExecute = function (sock, msg) {
    Object.defineProperty(msg.content, PUBLISH_INPUT, {
      value: (count) => {
        const input = msg.createReply();
        input.header.msg_type = "execute_input";
        input.content = { code: msg.content.code, execution_count: count };
        input.signAndSend(this.connInfo.key, this.iopub);
      },
    });
    Object.defineProperty(msg.content, PUBLISH_ERROR, {
      value: (failure) => {
        const out = msg.createReply();
        out.header.msg_type = "error";
        out.content = failure;
        out.signAndSend(this.connInfo.key, this.iopub);
      },
    });
    return serverExecute.call(this, sock, msg);
  };
  process.on("uncaughtException", (err) => console.error("UncaughtException:", err));
  process.on("unhandledRejection", (reason) => console.error("UnhandledPromiseRejection:", reason));
  server.init();
}

/** Start the kernel for the notebook's clone: that clone's own launcher when it has one that can. */
function main(argv) {
  const configPath = path.resolve(configPathFrom(argv));
  const root = kernelRoot(process.cwd());
  if (root !== ownRoot) {
    const theirs = path.join(root, "scripts", "tslab-kernel.cjs");
    const mod = fs.existsSync(theirs) ? require(theirs) : undefined;
    if (mod && typeof mod.startKernel === "function") return mod.startKernel(configPath, root);
  }
  return startKernel(configPath, root);
}

module.exports = { repoRoot: () => ownRoot, findRepoRoot, kernelRoot, createConverterSet, withDirectoryImports, describeFailure, startKernel };

if (require.main === module) main(process.argv.slice(2));
