// lib/util/runLock.ts and lib/util/interrupt.ts: one live run per folder; interrupts seen by watches.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { acquireRunLock, runLockFile } from "../../lib/util/runLock";
import { requestInterrupt, watchInterrupts } from "../../lib/util/interrupt";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-runlock-"));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("a second run into a held folder is refused in the same process; release frees it", () => {
  const dir = path.join(tmp, "a", "model");
  const lock = acquireRunLock(dir, "train");
  assert.equal(lock.file, path.join(tmp, "a", ".model.lock"));
  assert.equal(JSON.parse(fs.readFileSync(lock.file, "utf8")).pid, process.pid);
  assert.throws(() => acquireRunLock(dir, "train"), new RegExp(`a run is already writing this folder: an earlier train in this same process \\(PID ${process.pid}`));
  // the lock sits beside the folder: replacing the folder keeps it
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(dir, { recursive: true });
  assert.ok(fs.existsSync(lock.file));
  lock.release();
  assert.ok(!fs.existsSync(lock.file));
  acquireRunLock(dir, "sft").release();
});

test("a lock naming a live process is refused with its PID; one naming a dead process is taken over", async () => {
  const dir = path.join(tmp, "b");
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  try {
    fs.writeFileSync(runLockFile(dir), JSON.stringify({ pid: child.pid, host: os.hostname(), command: "train", started: "then" }));
    assert.throws(() => acquireRunLock(dir, "train"), new RegExp(`train PID ${child.pid} on .*delete the lock file .*\\.b\\.lock`));
  } finally {
    child.kill("SIGKILL");
  }
  await new Promise((r) => child.once("exit", r));
  // kill -9 left the lock behind: its PID is gone now
  const lock = acquireRunLock(dir, "train");
  assert.equal(JSON.parse(fs.readFileSync(lock.file, "utf8")).pid, process.pid);
  lock.release();
  // our own PID in a lock we do not hold (an earlier failure in this process): stale too
  fs.writeFileSync(runLockFile(dir), JSON.stringify({ pid: process.pid, host: os.hostname(), command: "train", started: "then" }));
  acquireRunLock(dir, "train").release();
});

test("a lock held by another process is released when that process exits normally", () => {
  const dir = path.join(tmp, "c");
  const code = `import(${JSON.stringify(new URL("../../lib/util/runLock.ts", import.meta.url).href)}).then((m) => { m.acquireRunLock(${JSON.stringify(dir)}, "train"); process.stdout.write("held"); });`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "held");
  assert.ok(!fs.existsSync(runLockFile(dir)), "exit removes the lock");
});

test("an interrupt is seen by the watches live when it arrives, not by later ones", () => {
  const before = watchInterrupts();
  assert.equal(before.requested, false);
  assert.equal(requestInterrupt(), 1, "one live watch");
  assert.equal(before.requested, true);
  before.close();
  before.close();
  const after = watchInterrupts();
  assert.equal(after.requested, false);
  after.close();
  assert.equal(requestInterrupt(), 0);
});
