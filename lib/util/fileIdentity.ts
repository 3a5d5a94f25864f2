// What a file was when a long run read it: size, modification time and a SHA-256 of its bytes, so a run
// continued later (eval --resume) can tell that the file at the same path now holds something else.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface FileIdentity {
  file: string;
  bytes: number;
  /** modification time, ISO 8601 */
  modified: string;
  sha256: string;
}

/** Size, mtime and SHA-256 of `file` (read in 16 MiB pieces: about a second per GB). */
export function fileIdentity(file: string): FileIdentity {
  const abs = path.resolve(file);
  const st = fs.statSync(abs);
  const hash = crypto.createHash("sha256");
  const fd = fs.openSync(abs, "r");
  try {
    const buf = Buffer.allocUnsafe(16 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return { file: abs, bytes: st.size, modified: st.mtime.toISOString(), sha256: hash.digest("hex") };
}

/** What differs between two identities of the same path ("size 10 → 12 bytes, modified … → …, content (SHA-256) …"); empty when the content is the same. */
export function identityChange(was: FileIdentity, now: FileIdentity): string {
  if (was.sha256 === now.sha256) return "";
  const parts: string[] = [];
  if (was.bytes !== now.bytes) parts.push(`size ${was.bytes.toLocaleString("en-US")} → ${now.bytes.toLocaleString("en-US")} bytes`);
  if (was.modified !== now.modified) parts.push(`modified ${was.modified} → ${now.modified}`);
  parts.push(`SHA-256 ${was.sha256.slice(0, 12)}… → ${now.sha256.slice(0, 12)}…`);
  return parts.join(", ");
}
