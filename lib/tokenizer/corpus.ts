// Small text readers for tokenizer training, evaluation and tests.
// - Training inputs: .txt (one document per paragraph — blank-line separated — or per line when
//   the file's first MiB has no blank line), .jsonl (the "text" field, else every string field),
//   .json (every string field).
// - Shared data domains (../shared/data): every text file, every JSON string field.
import fs from "node:fs";
import path from "node:path";
import { decodeUtf8Counted, noInvalidUtf8, Utf8StreamDecoder, type InvalidUtf8 } from "../util/utf8Stream";

export interface TextDoc {
  file: string;
  text: string;
}

/** Every string value in a parsed JSON value, depth first. */
export function jsonStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") {
    if (value.length > 0) out.push(value);
  } else if (Array.isArray(value)) for (const v of value) jsonStrings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) jsonStrings(v, out);
  return out;
}

/** Lines of a text file, streamed in 1 MiB reads (no trailing "\n" or "\r"; a leading BOM dropped).
 * Invalid UTF-8 becomes U+FFFD and is added to `invalid` (count, byte offset of the file's first). */
export function* readLines(file: string, invalid?: InvalidUtf8): Generator<string> {
  const fd = fs.openSync(file, "r");
  const dec = new Utf8StreamDecoder();
  try {
    const buf = Buffer.alloc(1 << 20);
    let carry = "";
    let first = true;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let text = dec.decode(buf.subarray(0, n));
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      const parts = (carry + text).split("\n");
      carry = parts.pop()!;
      for (const p of parts) yield p.endsWith("\r") ? p.slice(0, -1) : p;
    }
    let rest = carry + dec.end();
    if (first && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
    if (rest.length > 0) yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
  } finally {
    fs.closeSync(fd);
    if (invalid && dec.invalid.count > 0) {
      if (invalid.firstOffset < 0) invalid.firstOffset = dec.invalid.firstOffset;
      invalid.count += dec.invalid.count;
    }
  }
}

const BLANK = /^[ \t\u3000]*$/;

/** True when the file's first MiB has a blank line (then documents are paragraphs). */
function hasBlankLine(file: string): boolean {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(1 << 20);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return /\n[ \t\u3000]*\r?\n/.test(buf.subarray(0, n).toString("utf8"));
  } finally {
    fs.closeSync(fd);
  }
}

export interface ReadDocsOptions {
  /** JSONL: the field holding the text (default "text"). */
  textField?: string;
  /** Called once per file that had invalid UTF-8 (replaced by U+FFFD), when reading of it ends. */
  onInvalidUtf8?: (file: string, bad: InvalidUtf8) => void;
}

/**
 * Documents of one file (see header), streamed: memory does not grow with the file (except .json,
 * one JSON value read whole). Errors name the file and line.
 */
export function* readDocs(file: string, opts: ReadDocsOptions = {}): Generator<string> {
  const bad = noInvalidUtf8();
  try {
    yield* docsOf(file, opts, bad);
  } finally {
    if (bad.count > 0) opts.onInvalidUtf8?.(file, bad);
  }
}

function* docsOf(file: string, opts: ReadDocsOptions, bad: InvalidUtf8): Generator<string> {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".jsonl") {
    let lineNo = 0;
    const field = opts.textField ?? "text";
    for (const raw of readLines(file, bad)) {
      lineNo++;
      const line = raw.trim();
      if (!line) continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch (err) {
        throw new Error(`${file}:${lineNo}: not JSON (${(err as Error).message})`);
      }
      if (v && typeof v === "object" && typeof (v as Record<string, unknown>)[field] === "string") yield (v as Record<string, string>)[field];
      else for (const s of jsonStrings(v)) yield s;
    }
  } else if (ext === ".json") {
    let v: unknown;
    const { text, invalid } = decodeUtf8Counted(fs.readFileSync(file));
    if (invalid.count > 0) Object.assign(bad, invalid);
    try {
      v = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (err) {
      throw new Error(`${file}: not JSON (${(err as Error).message})`);
    }
    for (const s of jsonStrings(v)) yield s;
  } else if (hasBlankLine(file)) {
    // paragraphs: runs of lines separated by blank (whitespace-only) lines
    let para: string[] = [];
    for (const line of readLines(file, bad)) {
      if (BLANK.test(line)) {
        if (para.length > 0) {
          const d = para.join("\n");
          if (d.trim().length > 0) yield d;
          para = [];
        }
      } else para.push(line);
    }
    if (para.length > 0) {
      const d = para.join("\n");
      if (d.trim().length > 0) yield d;
    }
  } else {
    for (const line of readLines(file, bad)) if (line.trim().length > 0) yield line;
  }
}

/** The text domains of the shared data folder, as folder names. */
export const SHARED_TEXT_DOMAINS = ["zh_text", "zh_trad", "english", "math_zh", "parallel", "sft"] as const;

const TEXT_EXT = new Set([".txt", ".csv", ".tsv", ".json", ".jsonl", ".utf8", ".md"]);

/** All text files under a folder, sorted (LICENSE files skipped). */
export function listTextFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (TEXT_EXT.has(path.extname(e.name).toLowerCase())) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * The texts of a shared domain: JSON(L) string fields one by one; plain text files cut at line ends
 * into pieces of about `pieceChars` characters (so every byte of the file is covered exactly once).
 */
export function* domainTexts(dir: string, pieceChars = 4000): Generator<TextDoc> {
  for (const file of listTextFiles(dir)) {
    const ext = path.extname(file).toLowerCase();
    const raw = fs.readFileSync(file, "utf8");
    if (ext === ".json" || ext === ".jsonl") {
      let values: unknown[];
      try {
        values = ext === ".json" ? [JSON.parse(raw)] : raw.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
      } catch {
        values = [raw];
      }
      for (const v of values) for (const s of jsonStrings(v)) yield { file, text: s };
    } else {
      let start = 0;
      while (start < raw.length) {
        let end = Math.min(raw.length, start + pieceChars);
        if (end < raw.length) {
          const nl = raw.indexOf("\n", end);
          end = nl < 0 ? raw.length : nl + 1;
        }
        yield { file, text: raw.slice(start, end) };
        start = end;
      }
    }
  }
}
