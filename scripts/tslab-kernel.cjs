#!/usr/bin/env node
// The "nanozh" Jupyter kernel: tslab, started with the repository root as working directory.
// Jupyter runs: node scripts/tslab-kernel.cjs kernel --config-path {connection_file}
// (scripts/install-kernel.mjs writes that kernelspec). CommonJS on purpose: no tsx, no loader, so
// modules resolve exactly as tslab resolves them.
//
// Two things tslab 1.0.22 gets wrong for this repository, fixed here:
// 1. It compiles cells with rootDir = process.cwd(): a kernel started in notebooks/ cannot import
//    ../lib/*.ts. So we chdir to the repository root; notebooks import "./lib/<stage>".
// 2. Its require() of compiled local modules looks only for "<path>.js", so a directory import
//    ("./lib/report" → lib/report/index.ts) type-checks but fails at run time with "Cannot find
//    module". createConverterSet() adds "<dir>.js" → "./<dir>/index" aliases to the compiled
//    outputs. We therefore build the kernel as tslab's startKernel() does (dist/main.js), with our
//    converter set; scripts/run-notebooks.ts uses the same set headless.
"use strict";
const fs = require("fs");
const path = require("path");

function repoRoot(from) {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, "utf8")).name === "nanochat-zh") return dir;
      } catch (e) {
        // not ours; keep walking
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`tslab-kernel: no nanochat-zh package.json above ${from}`);
  }
}

const root = repoRoot(__dirname);
const tslabDist = path.join(root, "node_modules", "tslab", "dist");

/** Add "<dir>.js" aliases for every compiled "<dir>/index.js" so directory imports load. */
function withDirectoryImports(conv) {
  const convert = conv.convert;
  conv.convert = function (prevDecl, src) {
    const res = convert.call(this, prevDecl, src);
    if (res && res.sideOutputs) {
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
    return res;
  };
  return conv;
}

/** tslab's ConverterSet (dist/main.js ConverterSetImpl) with directory-import aliases. */
function createConverterSet(jsKernel = false) {
  const { createConverter } = require(path.join(tslabDist, "converter.js"));
  let node;
  let browser;
  return {
    get node() {
      return (node = node || withDirectoryImports(createConverter({ isJS: jsKernel, isBrowser: false })));
    },
    get browser() {
      return (browser = browser || withDirectoryImports(createConverter({ isJS: jsKernel, isBrowser: true })));
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

function startKernel(configPath) {
  if (!fs.existsSync(path.join(tslabDist, "main.js"))) {
    console.error(`tslab-kernel: ${tslabDist} is missing; run npm ci in ${root}`);
    process.exit(1);
  }
  process.chdir(root);
  const { createExecutor } = require(path.join(tslabDist, "executor.js"));
  const { ZmqServer, JupyterHandlerImpl } = require(path.join(tslabDist, "jupyter.js"));
  const convs = createConverterSet(false);
  convs.node; // warm the TypeScript program before the first cell, as tslab does
  // Remember what a failing cell printed, so the execute_reply carries ename/evalue/traceback as
  // the protocol asks (tslab leaves them out; nbconvert then reports an empty "<Error>:").
  let errorArgs = [];
  const executor = createExecutor(process.cwd(), convs, {
    log: console.log,
    error: (...args) => {
      errorArgs.push(args);
      console.error(...args);
    },
  });
  const handler = new JupyterHandlerImpl(executor, false);
  const handleExecute = handler.handleExecute;
  handler.handleExecute = async function (req, writeStream, writeDisplayData) {
    errorArgs = [];
    const reply = await handleExecute.call(this, req, writeStream, writeDisplayData);
    if (reply.status === "error") Object.assign(reply, describeFailure(errorArgs));
    return reply;
  };
  const server = new ZmqServer(handler, configPath);
  process.on("SIGINT", () => executor.interrupt());
  process.on("uncaughtException", (err) => console.error("UncaughtException:", err));
  process.on("unhandledRejection", (reason) => console.error("UnhandledPromiseRejection:", reason));
  server.init();
}

module.exports = { repoRoot: () => root, createConverterSet, withDirectoryImports, describeFailure };

if (require.main === module) startKernel(path.resolve(configPathFrom(process.argv.slice(2))));
