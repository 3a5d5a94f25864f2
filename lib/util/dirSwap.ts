// A folder written as a whole (a tokenizer's three files, a set of shards and its manifest): the
// files go into a staging folder beside the final one, and only a complete set is swapped in. A run
// killed while writing leaves the old folder as it was and nothing new under the final name; its
// staging folder (`.<name>.tmp-<pid>-…`, pid dead) is removed by the next run.
//
// The swap: when the final folder holds only files of the set (and temporaries), two renames —
// final → `.<name>.old-<pid>-…`, staging → final — then the old folder is removed. A run killed
// between the two renames leaves no final folder and the old one aside; the next run puts it back.
// When the final folder also holds other files, they stay: the set's files are replaced one by one
// (old ones not in the new set removed first, the `last` file — the manifest — moved in last).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describeWriteError, makeDir } from "./makeDir";
import { parseTempName, pidAlive, removeStaleTempsOf, tempPathFor } from "./tempFiles";

const OLD = /^\.(.+)\.old-(\d+)-[0-9a-z]+$/;

/** Follow a symbolic link at `final` so the swap replaces the folder it points to, not the link. */
function realFinal(final: string): string {
  const abs = path.resolve(final);
  try {
    return fs.lstatSync(abs).isSymbolicLink() ? fs.realpathSync(abs) : abs;
  } catch {
    return abs;
  }
}

/**
 * Undo what a killed swap left beside `final`: an old folder set aside by a dead process is put back
 * when `final` is missing, else removed; dead staging folders and temporaries are removed.
 * Returns one line per action (for a note on stderr).
 */
export function recoverDir(final: string): string[] {
  const abs = realFinal(final);
  const dir = path.dirname(abs);
  const base = path.basename(abs);
  const notes: string[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return notes;
  }
  for (const name of names) {
    const m = OLD.exec(name);
    if (!m || m[1] !== base || pidAlive(Number(m[2]))) continue;
    const p = path.join(dir, name);
    if (!fs.existsSync(abs)) {
      fs.renameSync(p, abs);
      notes.push(`${abs}: restored from ${name} (a run was killed while swapping it)`);
    } else {
      fs.rmSync(p, { recursive: true, force: true });
      notes.push(`${p}: removed (left by a killed run)`);
    }
  }
  for (const p of removeStaleTempsOf(abs)) notes.push(`${p}: removed (left by a killed run)`);
  return notes;
}

/** A fresh, empty staging folder beside `final` (after recoverDir). */
export function stageDir(final: string): string {
  const abs = realFinal(final);
  makeDir(path.dirname(abs));
  const staging = tempPathFor(abs);
  try {
    fs.mkdirSync(staging);
  } catch (err) {
    throw describeWriteError(err, abs, "cannot stage a new copy beside it");
  }
  return staging;
}

/** Remove a staging folder (the write failed; the final folder is untouched). */
export function discardDir(staging: string): void {
  fs.rmSync(staging, { recursive: true, force: true });
}

export interface CommitOptions {
  /** Names of files that belong to the set (old ones are replaced or removed). */
  owned: (name: string) => boolean;
  /** The file moved in last when files are moved one by one (the set's index: manifest.json). */
  last?: string;
}

/** Swap the complete set in `staging` in as `final` (see the header); `staging` is gone afterwards. */
export function commitDir(staging: string, final: string, opts: CommitOptions): void {
  const abs = realFinal(final);
  if (!fs.existsSync(abs)) {
    fs.renameSync(staging, abs);
    return;
  }
  if (!fs.statSync(abs).isDirectory()) throw new Error(`${abs} is a file, not a folder`);
  const present = fs.readdirSync(abs);
  const foreign = present.filter((n) => !opts.owned(n) && parseTempName(n) === null);
  if (foreign.length === 0) {
    const aside = path.join(path.dirname(abs), `.${path.basename(abs)}.old-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
    fs.renameSync(abs, aside);
    fs.renameSync(staging, abs);
    fs.rmSync(aside, { recursive: true, force: true });
    return;
  }
  const incoming = fs.readdirSync(staging).sort((a, b) => (a === opts.last ? 1 : b === opts.last ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const keep = new Set(incoming);
  if (opts.last !== undefined) fs.rmSync(path.join(abs, opts.last), { force: true }); // no index over a mixed set
  for (const n of present) if (opts.owned(n) && !keep.has(n)) fs.rmSync(path.join(abs, n), { force: true });
  for (const n of incoming) fs.renameSync(path.join(staging, n), path.join(abs, n));
  fs.rmdirSync(staging);
}
