// Cross-checks against the real Python readers (pickle, pickletools, zipfile, torch.load). They run
// with /usr/bin/python3 (Debian's; python3-torch 1.13 there) or $NANOZH_PYTHON, and skip with a
// message where the interpreter or torch is missing.
//   test("…", { skip: pythonSkip() }, () => { const out = runPython(SCRIPT, [file]); … })
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const cache = new Map<string, boolean>();

/** The interpreter to use: $NANOZH_PYTHON, else /usr/bin/python3. */
export function pythonPath(): string {
  return process.env.NANOZH_PYTHON ?? "/usr/bin/python3";
}

function canRun(code: string): boolean {
  const py = pythonPath();
  const key = `${py}\u0000${code}`;
  let ok = cache.get(key);
  if (ok === undefined) {
    ok = fs.existsSync(py) && spawnSync(py, ["-c", code], { stdio: "ignore", timeout: 120_000 }).status === 0;
    cache.set(key, ok);
  }
  return ok;
}

/** The python path when it runs, else null. */
export function python(): string | null {
  return canRun("import pickle, pickletools, zipfile, json, hashlib") ? pythonPath() : null;
}

/** The python path when it imports torch, else null. */
export function pythonWithTorch(): string | null {
  return canRun("import torch") ? pythonPath() : null;
}

/** For node:test's `skip`: false when python runs, else why the check is skipped. */
export function pythonSkip(): string | false {
  return python() ? false : `python not found or not runnable at ${pythonPath()} (set NANOZH_PYTHON); Python cross-check skipped`;
}

/** For node:test's `skip`: false when python imports torch, else why the check is skipped. */
export function torchSkip(): string | false {
  return pythonWithTorch() ? false : `python with torch not found at ${pythonPath()} (apt-get install python3-torch, or set NANOZH_PYTHON); torch cross-check skipped`;
}

/** Run `script` with `args` (sys.argv[1:]); returns stdout. Throws with stderr when it fails. */
export function runPython(script: string, args: string[] = []): string {
  const py = pythonPath();
  const r = spawnSync(py, ["-c", script, ...args], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 300_000,
    env: { ...process.env, PYTHONHASHSEED: "0", PYTHONDONTWRITEBYTECODE: "1", PYTHONIOENCODING: "utf-8" },
  });
  if (r.error) throw new Error(`${py}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${py} exited with ${r.status ?? r.signal}:\n${r.stderr}`);
  return r.stdout;
}
