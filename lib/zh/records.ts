// Documents of an input file for the commands: JSONL records (a text field) or, for any other
// extension, one document per non-empty line of text.
import { readJsonl, readLines, textField } from "./lines";
import type { InvalidUtf8 } from "../util/utf8Stream";

export interface InputDoc {
  line: number;
  /** The JSON record (JSONL input) or { [field]: line } (text input). */
  record: Record<string, unknown>;
  text: string;
}

export interface InputOptions {
  field?: string;
  skipBad?: boolean;
  onBad?: (line: number, message: string) => void;
  /** Invalid UTF-8 met (replaced by U+FFFD) is added here: count and byte offset of the first. */
  invalidUtf8?: InvalidUtf8;
}

export function isJsonlPath(file: string): boolean {
  return /\.(jsonl|ndjson|json)$/i.test(file);
}

export function* readInputDocs(file: string, options: InputOptions = {}): Generator<InputDoc> {
  const field = options.field ?? "text";
  if (!isJsonlPath(file)) {
    let line = 0;
    for (const l of readLines(file, undefined, options.invalidUtf8)) {
      line++;
      if (l.trim() !== "") yield { line, record: { [field]: l }, text: l };
    }
    return;
  }
  for (const rec of readJsonl(file, { skipBad: options.skipBad, onBad: options.onBad, invalidUtf8: options.invalidUtf8 })) {
    let text: string;
    try {
      text = textField(rec, field, file);
    } catch (err) {
      if (!options.skipBad) throw err;
      options.onBad?.(rec.line, (err as Error).message);
      continue;
    }
    yield { line: rec.line, record: rec.value, text };
  }
}
