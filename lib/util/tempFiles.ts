// Temporary names beside a final path, and the clean-up of those a killed run left behind.
// Every atomic writer in the project names its temporary `.<final name>.tmp-<pid>-<tag>` (a file,
// or a folder for a whole set) in the final path's folder, so a later run can tell whose it was:
// a temporary whose process is no longer alive is garbage; one whose process is alive is left alone.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const TEMP = /^\.(.+)\.tmp-(\d+)-[0-9a-z]+$/;

/** A fresh temporary name beside `final` (same folder, so a rename into place is atomic). */
export function tempPathFor(final: string): string {
  return path.join(path.dirname(final), `.${path.basename(final)}.tmp-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
}

/** The final name and writer's pid of a temporary name, or null when `name` is not one. */
export function parseTempName(name: string): { final: string; pid: number } | null {
  const m = TEMP.exec(name);
  return m ? { final: m[1], pid: Number(m[2]) } : null;
}

/** True while a process with this pid exists (EPERM: it exists but is not ours). */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Remove the temporaries in `dir` whose writer is dead (files and folders), for every final name or
 * only those `match` accepts. Returns the paths removed. A missing folder removes nothing.
 */
export function removeStaleTemps(dir: string, match: (finalName: string) => boolean = () => true): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const t = parseTempName(name);
    if (!t || !match(t.final) || pidAlive(t.pid)) continue;
    const p = path.join(dir, name);
    fs.rmSync(p, { recursive: true, force: true });
    removed.push(p);
  }
  return removed;
}

/** Remove the dead writers' temporaries of one final path (`.<name>.tmp-<pid>-…` beside it). */
export function removeStaleTempsOf(final: string): string[] {
  const base = path.basename(final);
  return removeStaleTemps(path.dirname(final), (f) => f === base);
}
