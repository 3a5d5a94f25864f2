// Streaming readers for the CLI and benchmarks: lines of a file (UTF-8), and JSONL records with
// file:line in every error. Used until lib/data's readers are available to this stage.
import fs from "node:fs";
import path from "node:path";
import { Utf8StreamDecoder, type InvalidUtf8 } from "../util/utf8Stream";
import { removeStaleTempsOf } from "../util/tempFiles";

/** Lines of a UTF-8 file, read in chunks (the file is never held whole). \r\n endings are trimmed;
 * a leading BOM is dropped. Invalid UTF-8 becomes U+FFFD and is added to `invalid` (count, first offset). */
export function* readLines(file: string, chunkBytes = 1 << 20, invalid?: InvalidUtf8): Generator<string> {
  const fd = fs.openSync(file, "r");
  const buf = Buffer.alloc(chunkBytes);
  const decoder = new Utf8StreamDecoder();
  let rest = "";
  let first = true;
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, chunkBytes, null);
      if (n === 0) break;
      rest += decoder.decode(buf.subarray(0, n));
      if (first && rest.length > 0) {
        if (rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
        first = false;
      }
      let start = 0;
      for (;;) {
        const nl = rest.indexOf("\n", start);
        if (nl < 0) break;
        let line = rest.slice(start, nl);
        if (line.endsWith("\r")) line = line.slice(0, -1);
        yield line;
        start = nl + 1;
      }
      rest = rest.slice(start);
    }
    rest += decoder.end();
    if (first && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
    if (rest.length > 0) yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
  } finally {
    fs.closeSync(fd);
    if (invalid && decoder.invalid.count > 0) {
      if (invalid.firstOffset < 0) invalid.firstOffset = decoder.invalid.firstOffset;
      invalid.count += decoder.invalid.count;
    }
  }
}

export interface JsonlRecord {
  /** 1-based line number in the file. */
  line: number;
  value: Record<string, unknown>;
}

export interface JsonlReadOptions {
  /** Skip malformed lines (count them in `onBad`) instead of throwing. */
  skipBad?: boolean;
  onBad?: (line: number, message: string) => void;
  /** Invalid UTF-8 met (replaced by U+FFFD) is added here. */
  invalidUtf8?: InvalidUtf8;
}

/** Records of a JSONL file; blank lines are skipped; a malformed line throws `file:line: …` unless skipBad. */
export function* readJsonl(file: string, options: JsonlReadOptions = {}): Generator<JsonlRecord> {
  let lineNo = 0;
  for (const line of readLines(file, undefined, options.invalidUtf8)) {
    lineNo++;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not a JSON object");
    } catch (err) {
      const msg = `${file}:${lineNo}: malformed JSONL (${(err as Error).message})`;
      if (!options.skipBad) throw new Error(msg);
      options.onBad?.(lineNo, msg);
      continue;
    }
    yield { line: lineNo, value: value as Record<string, unknown> };
  }
}

/** The text field of a record; throws `file:line: field …` when missing or not a string. */
export function textField(rec: JsonlRecord, field: string, file: string): string {
  const v = rec.value[field];
  if (typeof v !== "string") throw new Error(`${file}:${rec.line}: field '${field}' ${v === undefined ? "is missing" : "is not a string"}`);
  return v;
}

/** Write lines to `file` atomically: to a temporary file beside it, then fsync and rename on
 * `commit()`; `abort()` removes the temporary file. Memory holds one buffer, not the output. */
export class AtomicLineWriter {
  readonly file: string;
  private readonly tmp: string;
  private fd: number;
  private buf: string[] = [];
  private bufChars = 0;
  lines = 0;

  constructor(file: string) {
    this.file = file;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    removeStaleTempsOf(file); // left by a killed run (its pid is dead)
    this.tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${Date.now().toString(36)}`);
    this.fd = fs.openSync(this.tmp, "w");
  }

  write(line: string): void {
    this.buf.push(line);
    this.bufChars += line.length + 1;
    this.lines++;
    if (this.bufChars > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buf.length === 0) return;
    fs.writeSync(this.fd, this.buf.join("\n") + "\n");
    this.buf = [];
    this.bufChars = 0;
  }

  commit(): void {
    this.flush();
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    fs.renameSync(this.tmp, this.file);
  }

  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.tmp, { force: true });
  }
}
