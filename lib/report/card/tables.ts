// Tables from out/tables/ for the card: read a notebook's CSV back (numbers as numbers, so they print
// humanised as in the notebook) with the title from its .md twin, pick the run mode's variant, render.
import fs from "node:fs";
import path from "node:path";
import { parseCsv } from "../../data/csv";
import { toMarkdown } from "../tableFormat";
import type { RunMode } from "../mode";
import type { LoadedTable } from "./types";

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** A CSV cell back as showTable had it: numbers as numbers, an empty cell as null (not a string). */
function cellValue(s: string): string | number | null {
  return s === "" ? null : NUMBER.test(s) ? Number(s) : s;
}

/** Read out/tables/<stem>.csv (and the **title** line of <stem>.md when there). Errors name the file and line. */
export function loadTable(outDir: string, stem: string): LoadedTable {
  const csvFile = path.join(outDir, "tables", `${stem}.csv`);
  const records = parseCsv(fs.readFileSync(csvFile, "utf8"), csvFile);
  if (records.length === 0) throw new Error(`${csvFile}: empty (no header line)`);
  const columns = records[0].fields;
  const rows = records.slice(1).map((r) => {
    if (r.fields.length !== columns.length) throw new Error(`${csvFile}:${r.line}: ${r.fields.length} fields, the header has ${columns.length}`);
    const row: Record<string, string | number | null> = {};
    columns.forEach((c, i) => (row[c] = cellValue(r.fields[i])));
    return row;
  });
  const table: LoadedTable = { stem, file: `tables/${stem}.csv`, columns, rows };
  const mdFile = path.join(outDir, "tables", `${stem}.md`);
  if (fs.existsSync(mdFile)) {
    const first = fs.readFileSync(mdFile, "utf8").split("\n", 1)[0];
    const m = /^\*\*(.*)\*\*$/.exec(first.trim());
    if (m) table.title = m[1].replace(/\\([\\|])/g, "$1");
  }
  return table;
}

/** The stems a base name may be saved under: `<name>-<mode>` (notebooks that depend on the mode), `<name>`. */
export function tableStems(name: string, mode: RunMode): string[] {
  const other: RunMode = mode === "small" ? "full" : "small";
  return [`${name}-${mode}`, name, `${name}-${other}`];
}

/** The run mode's variant of a table, else the plain one, else the other mode's. */
export function pickTable(tables: Record<string, LoadedTable>, name: string, mode: RunMode): LoadedTable | undefined {
  for (const stem of tableStems(name, mode)) if (tables[stem]) return tables[stem];
  return undefined;
}

export interface BlockOptions {
  /** Columns to show, by header; those the CSV lacks are left out (all columns when none match). */
  columns?: string[];
  where?: (row: Record<string, string | number | null>) => boolean;
  maxRows?: number;
  /** Replaces the table's own title. */
  title?: string;
}

/** A table as Markdown with its title and source file; "" when no row passes `where`. */
export function tableBlock(t: LoadedTable, opts: BlockOptions = {}): string {
  const have = (opts.columns ?? []).filter((c) => t.columns.includes(c));
  const columns = have.length ? have : t.columns;
  const rows = opts.where ? t.rows.filter(opts.where) : t.rows;
  if (rows.length === 0) return "";
  const max = opts.maxRows ?? Infinity;
  const shown = rows.slice(0, max);
  const more = rows.length > shown.length ? `, first ${shown.length} of ${rows.length} rows` : "";
  const title = opts.title ?? t.title;
  return toMarkdown(shown, columns, title) + `\n<sub>${t.file}${more}</sub>\n`;
}
