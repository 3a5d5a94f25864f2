// RFC 4180 CSV, streaming: quoted fields may hold commas, newlines and doubled quotes; CRLF or LF
// record ends; a BOM is dropped by the UTF-8 layer. Records are emitted with the line they start on.
// Lenient where Python's csv module is: a quote inside an unquoted field, or text after a closing
// quote, is kept as literal text. An unterminated quote is an error naming where it opened.
import type { Doc, ReadOptions, ReadStats } from "./types";
import { readTextChunks, noteEmptyFile } from "./utf8";
import { bad } from "./readText";

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts. */
  line: number;
}

export class CsvParser {
  private fields: string[] = [];
  private field = "";
  private inQuotes = false;
  private afterQuote = false; // just saw a quote inside a quoted field: either "" or the closing quote
  private pendingCR = false;
  private fieldStarted = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 0;

  constructor(private readonly file = "<csv>") {}

  /** Feed a chunk; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.inQuotes) {
        if (this.afterQuote) {
          this.afterQuote = false;
          if (chunk.charCodeAt(i) === 34) {
            this.field += '"';
            i++;
            continue;
          }
          this.inQuotes = false; // that quote closed the field; fall through to unquoted handling
          continue;
        }
        const q = chunk.indexOf('"', i);
        const end = q < 0 ? n : q;
        const piece = chunk.slice(i, end);
        this.field += piece;
        this.line += countNewlines(piece);
        if (q < 0) break;
        this.afterQuote = true;
        i = q + 1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === 10) {
          i++;
          this.line++;
          this.endRecord(out);
          continue;
        }
        this.field += "\r"; // a lone CR inside a field is data
      }
      if (c === 44) {
        this.fields.push(this.field);
        this.field = "";
        this.fieldStarted = false;
        i++;
      } else if (c === 10) {
        this.line++;
        i++;
        this.endRecord(out);
      } else if (c === 13) {
        this.pendingCR = true;
        i++;
      } else if (c === 34 && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
        this.quoteLine = this.line;
        i++;
      } else {
        // run of plain characters up to the next special one
        let j = i;
        while (j < n) {
          const d = chunk.charCodeAt(j);
          if (d === 44 || d === 10 || d === 13) break;
          j++;
        }
        this.field += chunk.slice(i, j);
        this.fieldStarted = true;
        i = j;
      }
    }
    return out;
  }

  /** End of input: the last record (if any). Throws on an unterminated quoted field. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.inQuotes && !this.afterQuote) {
      throw new Error(`${this.file}:${this.quoteLine}: unterminated quoted field (the quote opened on line ${this.quoteLine} is never closed)`);
    }
    this.inQuotes = false;
    this.afterQuote = false;
    if (this.pendingCR) this.pendingCR = false;
    if (this.fields.length > 0 || this.field.length > 0 || this.fieldStarted) this.endRecord(out);
    return out;
  }

  private endRecord(out: CsvRecord[]): void {
    this.fields.push(this.field);
    const rec = { fields: this.fields, line: this.recordLine };
    this.fields = [];
    this.field = "";
    this.fieldStarted = false;
    this.recordLine = this.line;
    // a blank line (one empty field) is not a record
    if (!(rec.fields.length === 1 && rec.fields[0] === "")) out.push(rec);
  }
}

function countNewlines(s: string): number {
  let k = 0;
  for (let p = s.indexOf("\n"); p >= 0; p = s.indexOf("\n", p + 1)) k++;
  return k;
}

/** Parse a whole CSV string (tests, small files). */
export function parseCsv(text: string, file = "<csv>"): CsvRecord[] {
  const p = new CsvParser(file);
  return [...p.push(text), ...p.end()];
}

/** Records of a CSV file, streaming. */
export async function* readCsvRecords(file: string, opts: ReadOptions, stats: ReadStats): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(file);
  let any = false;
  for await (const chunk of readTextChunks(file, opts, stats)) {
    any = true;
    for (const r of parser.push(chunk)) yield r;
  }
  if (!any) noteEmptyFile(file, opts, stats);
  for (const r of parser.end()) yield r;
}

/** CSV with a header row: the text of column `field` (default `text`) of each record. */
export async function* readCsvFile(file: string, opts: ReadOptions, stats: ReadStats): AsyncGenerator<Doc> {
  const field = opts.field ?? "text";
  let col = -1;
  let header: string[] | undefined;
  let row = 0;
  for await (const rec of readCsvRecords(file, opts, stats)) {
    if (!header) {
      header = rec.fields;
      col = header.indexOf(field);
      if (col < 0) throw new Error(`${file}:${rec.line}: no column '${field}' in header [${header.join(", ")}]`);
      continue;
    }
    const text = rec.fields[col];
    if (text === undefined) {
      bad(opts, stats, `${file}:${rec.line}: record has ${rec.fields.length} fields, column '${field}' is #${col + 1}`);
      row++;
      continue;
    }
    if (text.trim()) yield { text, source: file, line: rec.line, row };
    else stats.emptyDocs++;
    row++;
  }
}
