// JSON files holding one top-level array, streamed: a small scanner finds where each element of the
// array ends (tracking strings, escapes and nesting), and each element is parsed on its own, so the
// file is never held whole in memory. Elements: strings (the text) or objects (text at `field`).
import type { Doc, ReadOptions, ReadStats } from "./types";
import { getPath } from "./types";
import { readTextChunks, noteEmptyFile } from "./utf8";
import { bad } from "./readText";

export interface JsonElement {
  json: string;
  /** 0-based index in the array. */
  index: number;
  /** 1-based line where the element starts. */
  line: number;
}

/** Splits a streamed top-level JSON array into the source text of its elements. */
export class JsonArraySplitter {
  private state: "before" | "inArray" | "done" = "before";
  private depth = 0; // nesting inside the current element
  private inString = false;
  private escape = false;
  private parts: string[] = [];
  private started = false;
  private index = 0;
  private line = 1;
  private elementLine = 1;

  constructor(private readonly file = "<json>") {}

  push(chunk: string): JsonElement[] {
    const out: JsonElement[] = [];
    let segStart = this.started ? 0 : -1; // start in this chunk of the current element's text
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.state === "before") {
        if (c === 91) this.state = "inArray";
        else if (!isSpace(c)) throw new Error(`${this.file}:${this.line}: expected a JSON array ('[') at the top level`);
        continue;
      }
      if (this.state === "done") {
        if (!isSpace(c)) throw new Error(`${this.file}:${this.line}: unexpected text after the closing ']'`);
        continue;
      }
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (this.depth === 0 && (c === 44 || c === 93)) {
        // element boundary
        if (segStart >= 0) this.parts.push(chunk.slice(segStart, i));
        segStart = -1;
        const json = this.parts.join("").trim();
        this.parts = [];
        if (json) out.push({ json, index: this.index++, line: this.elementLine });
        else if (c === 44) throw new Error(`${this.file}:${this.line}: empty array element`);
        this.started = false;
        if (c === 93) this.state = "done";
        continue;
      }
      if (!this.started) {
        if (isSpace(c)) continue;
        this.started = true;
        this.elementLine = this.line;
        segStart = i;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) this.depth--;
    }
    if (segStart >= 0) this.parts.push(chunk.slice(segStart));
    return out;
  }

  end(): void {
    if (this.state === "before") throw new Error(`${this.file}: no JSON array found`);
    if (this.state !== "done") throw new Error(`${this.file}:${this.line}: JSON array not closed (missing ']')`);
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** JSON array file: each element a string, or an object whose `field` (dotted path, default `text`) is the text. */
export async function* readJsonFile(file: string, opts: ReadOptions, stats: ReadStats): AsyncGenerator<Doc> {
  const field = opts.field ?? "text";
  const splitter = new JsonArraySplitter(file);
  let any = false;
  for await (const chunk of readTextChunks(file, opts, stats)) {
    any = true;
    for (const el of splitter.push(chunk)) {
      let value: unknown;
      try {
        value = JSON.parse(el.json);
      } catch (err) {
        bad(opts, stats, `${file}:${el.line}: element ${el.index}: malformed JSON (${(err as Error).message})`);
        continue;
      }
      const t = typeof value === "string" ? value : getPath(value, field);
      if (typeof t !== "string") {
        bad(opts, stats, `${file}:${el.line}: element ${el.index}: field '${field}' is ${t === undefined ? "missing" : "not a string"}`);
        continue;
      }
      if (t.trim()) yield { text: t, source: file, line: el.line, row: el.index };
      else stats.emptyDocs++;
    }
  }
  if (!any) {
    noteEmptyFile(file, opts, stats);
    return;
  }
  splitter.end();
}
