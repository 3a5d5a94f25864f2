// Shared by the chat readers: the records of a JSON-array or JSONL file, each with the place it came
// from ("file:line"), and field checks whose errors name file, line, element and field.
import fs from "node:fs";
import { JsonArraySplitter } from "../../data/readJson";

export interface JsonRecord {
  value: unknown;
  /** "file:line" (line where the record starts) */
  where: string;
  /** 0-based record index (array element, or non-empty JSONL line) */
  index: number;
}

function readUtf8(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`${file}: file not found`);
  const text = fs.readFileSync(file, "utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Lines of a UTF-8 text file with their 1-based numbers (\r\n trimmed). */
export function textLines(file: string): { line: number; text: string }[] {
  const lines = readUtf8(file).split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.map((t, i) => ({ line: i + 1, text: t.endsWith("\r") ? t.slice(0, -1) : t }));
}

/** JSONL: one JSON value per non-empty line. */
export function jsonlRecords(file: string): JsonRecord[] {
  const out: JsonRecord[] = [];
  for (const { line, text } of textLines(file)) {
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new Error(`${file}:${line}: malformed JSON (${(err as Error).message})`);
    }
    out.push({ value, where: `${file}:${line}`, index: out.length });
  }
  return out;
}

/** A file holding one top-level JSON array: its elements, each with the line it starts on. */
export function jsonArrayRecords(file: string): JsonRecord[] {
  const splitter = new JsonArraySplitter(file);
  const out: JsonRecord[] = [];
  for (const el of splitter.push(readUtf8(file))) {
    let value: unknown;
    try {
      value = JSON.parse(el.json);
    } catch (err) {
      throw new Error(`${file}:${el.line}: element ${el.index}: malformed JSON (${(err as Error).message})`);
    }
    out.push({ value, where: `${file}:${el.line}`, index: el.index });
  }
  splitter.end();
  return out;
}

/** JSONL or a JSON array, told apart by the first non-blank character ('[' → array). */
export function jsonOrJsonlRecords(file: string): JsonRecord[] {
  const head = readUtf8(file).trimStart();
  return head.startsWith("[") ? jsonArrayRecords(file) : jsonlRecords(file);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The record as an object, or an error naming where it is. */
export function recordObject(r: JsonRecord, what: string): Record<string, unknown> {
  if (!isObject(r.value)) throw new Error(`${r.where}: element ${r.index}: expected ${what} (a JSON object), got ${describe(r.value)}`);
  return r.value;
}

/** A required string field. */
export function stringField(o: Record<string, unknown>, field: string, where: string): string {
  const v = o[field];
  if (typeof v !== "string") throw new Error(`${where}: field '${field}' is ${v === undefined ? "missing" : `not a string (${describe(v)})`}`);
  return v;
}

/** An optional string field: undefined when absent or null. */
export function optionalString(o: Record<string, unknown>, field: string, where: string): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new Error(`${where}: field '${field}' is not a string (${describe(v)})`);
  return v;
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`.slice(0, 60);
}
