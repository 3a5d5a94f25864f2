// Atomic file writes: write to a temporary file in the same folder, fsync, then rename.
// A crash never leaves a half-written file under its final name, and the temporaries a killed
// writer left beside the file (its pid no longer alive) are removed by the next write.
import fs from "node:fs";
import path from "node:path";
import { describeWriteError, makeDir } from "./makeDir";
import { removeStaleTempsOf, tempPathFor } from "./tempFiles";

/** Write bytes or text to `file` atomically (creates parent folders). Errors name `file` (ENOSPC, EROFS, EACCES…). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  makeDir(path.dirname(file));
  removeStaleTempsOf(file);
  const tmp = tempPathFor(file);
  let fd: number;
  try {
    fd = fs.openSync(tmp, "w");
  } catch (err) {
    throw describeWriteError(err, file);
  }
  try {
    // in chunks: one write() takes at most 2 GiB (a d20 model.safetensors is 2.2 GB) and may write less than asked
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    for (let off = 0; off < bytes.length; ) off += fs.writeSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 30));
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw describeWriteError(err, file);
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw describeWriteError(err, file);
  }
}

/** Write JSON (pretty, trailing newline) atomically. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n");
}
