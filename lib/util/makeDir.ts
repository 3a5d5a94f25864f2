// Creating folders with errors a person can act on. Node 20's `mkdirSync(p, {recursive: true})` loops
// forever when the filesystem answers ENOENT for a folder whose parent exists (/proc, some FUSE mounts:
// `train --out /proc/x` spun at 100% CPU), and a plain mkdir's "ENOENT … mkdir" says nothing about a
// read-only filesystem or a missing permission. makeDir creates one level at a time from the nearest
// existing ancestor and names the folder and the reason.
import fs from "node:fs";
import path from "node:path";

/** A filesystem error (from writing `file`) as a sentence naming the path and what to do. */
export function describeWriteError(err: unknown, file: string, what = "cannot write"): Error {
  const e = err as NodeJS.ErrnoException;
  const code = e?.code;
  const why: Record<string, string> = {
    EROFS: "the filesystem is read-only; choose a folder on a writable disk",
    EACCES: "permission denied; choose a folder you can write to, or change its permissions",
    EPERM: "operation not permitted (a read-only or system folder?); choose a folder you can write to",
    ENOSPC: "no space left on the device; free some space or choose another disk",
    EDQUOT: "disk quota exceeded; free some space or choose another disk",
    ENOTDIR: "a part of the path is a file, not a folder",
    EEXIST: "a file of that name is in the way",
    ENOENT: "the filesystem refuses to create it (a virtual filesystem such as /proc or /sys, or a read-only mount); choose a folder on a writable disk",
  };
  if (code && why[code]) {
    const out = new Error(`${file}: ${what} (${code}): ${why[code]}`);
    (out as NodeJS.ErrnoException).code = code;
    return out;
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** Create `dir` and its missing parents; throws an error naming the folder that could not be made and why. */
export function makeDir(dir: string): void {
  const abs = path.resolve(dir);
  const missing: string[] = [];
  let p = abs;
  for (;;) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw describeWriteError(err, p, "cannot create the folder");
    }
    if (st) {
      if (!st.isDirectory()) throw new Error(`${p}: is a file, not a folder; cannot create ${abs} inside it`);
      break;
    }
    missing.unshift(p);
    const parent = path.dirname(p);
    if (parent === p) break;
    p = parent;
  }
  for (const m of missing) {
    try {
      fs.mkdirSync(m);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST" && fs.statSync(m).isDirectory()) continue; // made meanwhile
      throw describeWriteError(err, m, "cannot create the folder");
    }
  }
}
