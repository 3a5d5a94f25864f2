// showTable: display a table in the notebook (plain text elsewhere) and save it as CSV and Markdown.
import path from "node:path";
import { outDir } from "../util/paths";
import { writeFileAtomic } from "../util/atomicWrite";
import { checkOutputName, inNotebook, showHtml } from "./notebook";
import { Column, Row, toCsv, toHtml, toMarkdown, toText } from "./tableFormat";

export interface TableOptions<T extends Row = Row> {
  /** File stem: out/tables/<name>.csv and .md (overwritten on every run). */
  name: string;
  title?: string;
  /** Which columns, in order (default: all keys, first-seen order); names or {key, label, digits}. */
  columns?: Column<Extract<keyof T, string>>[];
  /** Rows shown in the notebook (files always hold all rows). Default 50. */
  maxRows?: number;
}

export interface TablePaths {
  csv: string;
  md: string;
}

/** Show `rows` and save out/tables/<name>.csv (RFC 4180, UTF-8, no BOM) and <name>.md. */
export function showTable<T extends Row>(rows: readonly T[], opts: TableOptions<T>): TablePaths {
  const name = checkOutputName(opts.name, "showTable");
  if (!Array.isArray(rows)) throw new Error(`showTable(${name}): rows must be an array of objects`);
  const dir = outDir("tables");
  const paths = { csv: path.join(dir, `${name}.csv`), md: path.join(dir, `${name}.md`) };
  writeFileAtomic(paths.csv, toCsv(rows, opts.columns));
  writeFileAtomic(paths.md, toMarkdown(rows, opts.columns, opts.title));
  const maxRows = opts.maxRows ?? 50;
  const text = toText(rows, opts.columns, { title: opts.title, maxRows });
  if (inNotebook()) showHtml(toHtml(rows, opts.columns, { title: opts.title, maxRows }), text);
  else process.stdout.write(text);
  return savedFiles(paths);
}

/** A path as shown to people: relative to the working directory when inside it. */
export function relativeOut(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

/**
 * The paths, printed briefly: tslab echoes a cell's last value, and `saved: out/tables/x.csv, …`
 * reads better under a table than the object dump.
 */
export function savedFiles<T extends object>(paths: T): T {
  const list = () => Object.values(paths).filter((v): v is string => typeof v === "string").map(relativeOut).join(", ");
  Object.defineProperty(paths, Symbol.for("nodejs.util.inspect.custom"), { value: () => `saved: ${list()}`, enumerable: false });
  return paths;
}
