// One live run per output folder. A lock file beside the folder (`.<name>.lock` in its parent, so
// that replacing the folder keeps it) names the holder's PID, host and command. A second run — in
// another process, or the same Jupyter kernel running the cell again while the first run still
// steps — is refused with the holder's PID. A lock left by a process that no longer exists on this
// host (kill -9, a crashed kernel) is stale and taken over.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeDir } from "./makeDir";

interface LockInfo {
  pid: number;
  host: string;
  command: string;
  started: string;
}

export interface RunLock {
  readonly file: string;
  release(): void;
}

/** Lock files this process holds (a lock naming our PID that is not here is stale). */
const held = new Map<string, LockInfo>();
let exitHook = false;

export function runLockFile(dir: string): string {
  const abs = path.resolve(dir);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // exists, not ours to signal
  }
}

function readLock(file: string): LockInfo | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LockInfo>;
    return typeof v.pid === "number" && typeof v.host === "string" ? { pid: v.pid, host: v.host, command: String(v.command ?? "?"), started: String(v.started ?? "?") } : undefined;
  } catch {
    return undefined; // unreadable or half-written: treated as stale below
  }
}

/** Is the lock's holder a live run? (Unknown hosts count as live: we cannot look.) */
function isLive(info: LockInfo | undefined): info is LockInfo {
  if (!info) return false;
  if (info.host !== os.hostname()) return true;
  if (info.pid === process.pid) return false; // our PID but not in `held`: left by an earlier failure
  return alive(info.pid);
}

/**
 * Take the lock for a run writing `dir` (`what` names the command, e.g. "train"); throws naming the
 * holder when a live run has it. Release it in `finally`; process exit releases it too.
 */
export function acquireRunLock(dir: string, what: string): RunLock {
  const file = runLockFile(dir);
  const mine = held.get(file);
  if (mine) throw refused(dir, file, mine, true);
  try {
    makeDir(path.dirname(file)); // not mkdirSync(recursive): it spins forever under /proc
  } catch (e) {
    throw new Error(`${what}: cannot create ${path.dirname(file)} for the run lock: ${(e as Error).message}`);
  }
  const info: LockInfo = { pid: process.pid, host: os.hostname(), command: what, started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info) + "\n", { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new Error(`${what}: cannot write the run lock ${file}: ${(e as Error).message}`);
      const other = readLock(file);
      if (isLive(other)) throw refused(dir, file, other, other.pid === process.pid);
      if (attempt >= 3) throw new Error(`${what}: cannot take the run lock ${file} (another run keeps replacing it)`);
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  held.set(file, info);
  if (!exitHook) {
    exitHook = true;
    process.on("exit", () => {
      for (const f of held.keys()) fs.rmSync(f, { force: true });
    });
  }
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      held.delete(file);
      if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}

function refused(dir: string, file: string, info: LockInfo, sameProcess: boolean): Error {
  const who = sameProcess
    ? `an earlier ${info.command} in this same process (PID ${info.pid}; in Jupyter: the cell run before, still stepping — interrupt it, or wait for it to stop)`
    : `${info.command} PID ${info.pid} on ${info.host}, started ${info.started}`;
  return new Error(
    `${dir}: a run is already writing this folder: ${who}. Wait for it, stop it, or choose another output folder; ` +
      `if no such run is alive, delete the lock file ${file}`,
  );
}
