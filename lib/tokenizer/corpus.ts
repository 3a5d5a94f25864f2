// Small text readers for tokenizer training, evaluation and tests.
// - Training inputs: .txt (one document per paragraph — blank-line separated — or per line when
//   the file has no blank lines), .jsonl (the "text" field, else every string field), .json (every
//   string field).
// - Shared data domains (../shared/data): every text file, every JSON string field.
import fs from "node:fs";
import path from "node:path";

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

/** Documents of one file (see header). Errors name the file and line. */
export function* readDocs(file: string, opts: { textField?: string } = {}): Generator<string> {
  const ext = path.extname(file).toLowerCase();
  const raw = fs.readFileSync(file, "utf8");
  if (ext === ".jsonl") {
    const lines = raw.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (!line) continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch (err) {
        throw new Error(`${file}:${i + 1}: not JSON (${(err as Error).message})`);
      }
      const field = opts.textField ?? "text";
      if (v && typeof v === "object" && typeof (v as Record<string, unknown>)[field] === "string") yield (v as Record<string, string>)[field];
      else for (const s of jsonStrings(v)) yield s;
    }
  } else if (ext === ".json") {
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (err) {
      throw new Error(`${file}: not JSON (${(err as Error).message})`);
    }
    for (const s of jsonStrings(v)) yield s;
  } else {
    const text = raw.replace(/\r\n/g, "\n");
    const sep = /\n\s*\n/.test(text) ? /\n[ \t\u3000]*\n+/ : /\n/;
    for (const d of text.split(sep)) if (d.trim().length > 0) yield d;
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
