#!/usr/bin/env node
// Register the "nanozh" Jupyter kernel: tslab run by scripts/tslab-kernel.cjs with the repository
// root as working directory (notebooks import library code as "./lib/<stage>"). The launcher starts
// in the clone that holds the notebook, so one registration serves every clone on the machine.
//
//   node scripts/install-kernel.mjs                 per-user (or system-wide as root), via jupyter
//   node scripts/install-kernel.mjs --sys-prefix    into the active conda env / virtualenv
//   node scripts/install-kernel.mjs --prefix=P      into P/share/jupyter/kernels/nanozh
//   node scripts/install-kernel.mjs --dir=D         into D/kernels/nanozh (use with JUPYTER_PATH=D); no Python needed
//   --python=PY    the Python whose jupyter_client installs it (default: python3 on PATH, then /usr/bin/python3)
//   --print        only print kernel.json
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const NAME = "nanozh";
const here = path.dirname(fileURLToPath(import.meta.url));
const launcher = path.join(here, "tslab-kernel.cjs");

export function kernelJson() {
  return {
    // Absolute paths: Jupyter may be started where neither node nor the repo is on PATH or cwd.
    argv: [process.execPath, launcher, "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (nanochat-zh)",
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { repository: path.dirname(here) },
  };
}

function writeSpec(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(kernelJson(), null, 2) + "\n");
  return dir;
}

function hasJupyterClient(py) {
  return spawnSync(py, ["-c", "import jupyter_client"], { stdio: "ignore" }).status === 0;
}

function main(argv) {
  const opt = { user: false, sysPrefix: false, prefix: undefined, dir: undefined, python: undefined, print: false };
  for (const a of argv) {
    if (a === "--user") opt.user = true;
    else if (a === "--sys-prefix") opt.sysPrefix = true;
    else if (a.startsWith("--prefix=")) opt.prefix = path.resolve(a.slice(9));
    else if (a.startsWith("--dir=")) opt.dir = path.resolve(a.slice(6));
    else if (a.startsWith("--python=")) opt.python = a.slice(9);
    else if (a === "--print") opt.print = true;
    else if (a === "--help" || a === "-h") {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1).filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith("//"))).map((l) => l.replace(/^\/\/ ?/, "")).join("\n"));
      return 0;
    } else {
      console.error(`install-kernel: unknown option ${a} (see --help)`);
      return 2;
    }
  }
  if (opt.print) {
    console.log(JSON.stringify(kernelJson(), null, 2));
    return 0;
  }
  if (!fs.existsSync(path.join(path.dirname(here), "node_modules", "tslab", "dist", "main.js"))) {
    console.error("install-kernel: node_modules/tslab is missing; run npm ci first");
    return 1;
  }
  if (opt.dir) {
    const dir = writeSpec(path.join(opt.dir, "kernels", NAME));
    console.log(`installed kernelspec ${NAME} in ${dir} (use JUPYTER_PATH=${opt.dir})`);
    return 0;
  }
  const python = opt.python ?? ["python3", "/usr/bin/python3", "python"].find(hasJupyterClient);
  if (!python || !hasJupyterClient(python)) {
    if (opt.sysPrefix || opt.prefix) {
      console.error("install-kernel: no Python with jupyter_client found (pass --python=...)");
      return 1;
    }
    // Jupyter's per-user data folder, without asking Python.
    const base =
      process.platform === "darwin" ? path.join(os.homedir(), "Library", "Jupyter")
      : process.platform === "win32" ? path.join(process.env.APPDATA ?? os.homedir(), "jupyter")
      : path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), ".local", "share"), "jupyter");
    const dir = writeSpec(path.join(base, "kernels", NAME));
    console.log(`installed kernelspec ${NAME} in ${dir} (no jupyter_client found; wrote it directly)`);
    return 0;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-kernelspec-"));
  try {
    const spec = writeSpec(path.join(tmp, NAME));
    const args = ["-m", "jupyter_client.kernelspecapp", "install", spec, `--name=${NAME}`];
    if (opt.sysPrefix) args.push("--sys-prefix");
    else if (opt.prefix) args.push(`--prefix=${opt.prefix}`);
    else if (opt.user || process.getuid?.() !== 0) args.push("--user");
    const r = spawnSync(python, args, { stdio: "inherit" });
    if (r.status !== 0) {
      console.error(`install-kernel: ${python} ${args.join(" ")} failed`);
      return 1;
    }
    return 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.exit(main(process.argv.slice(2)));
