// install-kernel writes a kernelspec that Jupyter lists (fast; part of `npm test`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { jupyterPython, root } from "./nbcheck";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-kernel-"));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const python = jupyterPython();

test("install-kernel --dir writes a nanozh kernelspec that Jupyter lists", () => {
  const dir = path.join(tmp, "jupyter");
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "install-kernel.mjs"), `--dir=${dir}`], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const spec = JSON.parse(fs.readFileSync(path.join(dir, "kernels", "nanozh", "kernel.json"), "utf8"));
  assert.equal(spec.display_name, "TypeScript (nanochat-zh)");
  assert.equal(spec.language, "typescript");
  assert.ok(path.isAbsolute(spec.argv[0]) && path.isAbsolute(spec.argv[1]));
  assert.equal(spec.argv[1], path.join(root, "scripts", "tslab-kernel.cjs"));
  assert.deepEqual(spec.argv.slice(2), ["kernel", "--config-path", "{connection_file}"]);
  if (python) {
    const list = spawnSync(python, ["-m", "jupyter_client.kernelspecapp", "list", "--json"], { encoding: "utf8", env: { ...process.env, JUPYTER_PATH: dir } });
    assert.equal(list.status, 0, list.stderr);
    assert.equal(JSON.parse(list.stdout).kernelspecs.nanozh.resource_dir, path.join(dir, "kernels", "nanozh"));
  }
});
