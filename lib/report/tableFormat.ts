// Table rendering, pure: rows of records → CSV (RFC 4180), GitHub Markdown, HTML and aligned text.
// Display cells are humanised (thousands separators, 4 significant digits); CSV cells stay raw.

/** A table row: any object (interfaces included); its own enumerable properties are the cells. */
export type Row = object;

export interface ColumnSpec<K extends string = string> {
  /** Property of each row. */
  key: K;
  /** Header text; default the key. */
  label?: string;
  /** Fixed decimals for numbers in display (CSV keeps the raw value). */
  digits?: number;
}

export type Column<K extends string = string> = K | ColumnSpec<K>;

function cellOf(row: Row, key: string): unknown {
  return (row as Record<string, unknown>)[key];
}

/** Resolve column specs: given ones, else the union of row keys in first-seen order. */
export function resolveColumns(rows: readonly Row[], columns?: readonly Column[]): ColumnSpec[] {
  if (columns && columns.length > 0) return columns.map((c) => (typeof c === "string" ? { key: c } : c));
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) seen.add(k);
  return Array.from(seen, (key) => ({ key }));
}

/** A cell as the CSV stores it: numbers at full precision, no separators; null/undefined empty. */
export function rawCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v) ?? String(v);
}

/**
 * A number for people: integers with thousands separators, others to about 4 significant digits — so from 1,000 up
 * a fraction is rounded away (a planned 15,649,787,084.8 characters prints as 15,649,787,085: counts read as counts).
 * Integers beyond 2^53 (e.g. training FLOPs) are not exact in a double: their trailing digits are float
 * noise, so they print in scientific form ("3.850e+20") instead of as 21 digits that look exact.
 */
export function formatNumber(n: number, digits?: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "∞" : "-∞";
  if (Math.abs(n) > Number.MAX_SAFE_INTEGER) return n.toExponential(3);
  if (digits !== undefined) return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  const a = Math.abs(n);
  if (a >= 1e15 || a < 1e-4) return n.toExponential(3);
  if (a >= 1000) return Math.round(n).toLocaleString("en-US");
  return n.toLocaleString("en-US", { maximumSignificantDigits: 4, useGrouping: false });
}

/** A cell as a person reads it. */
export function displayCell(v: unknown, spec?: ColumnSpec): string {
  if (typeof v === "number") return formatNumber(v, spec?.digits);
  if (typeof v === "bigint") return v.toLocaleString("en-US");
  return rawCell(v);
}

function isNumeric(rows: readonly Row[], key: string): boolean {
  let any = false;
  for (const r of rows) {
    const v = cellOf(r, key);
    if (v === null || v === undefined) continue;
    if (typeof v !== "number" && typeof v !== "bigint") return false;
    any = true;
  }
  return any;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV: header line, CRLF line ends, quotes doubled, fields with , " CR LF quoted. */
export function toCsv(rows: readonly Row[], columns?: readonly Column[]): string {
  const cols = resolveColumns(rows, columns);
  const lines = [cols.map((c) => csvField(c.label ?? c.key)).join(",")];
  for (const row of rows) lines.push(cols.map((c) => csvField(rawCell(cellOf(row, c.key)))).join(","));
  return lines.join("\r\n") + "\r\n";
}

function mdCell(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r\n|\r|\n/g, "<br>");
}

/** GitHub Markdown table; numeric columns right-aligned; `|`, `\` and newlines escaped. */
export function toMarkdown(rows: readonly Row[], columns?: readonly Column[], title?: string): string {
  const cols = resolveColumns(rows, columns);
  const out: string[] = [];
  if (title) out.push(`**${mdCell(title)}**`, "");
  out.push("| " + cols.map((c) => mdCell(c.label ?? c.key)).join(" | ") + " |");
  out.push("|" + cols.map((c) => (isNumeric(rows, c.key) ? " ---: " : " --- ")).join("|") + "|");
  for (const row of rows) out.push("| " + cols.map((c) => mdCell(displayCell(cellOf(row, c.key), c))).join(" | ") + " |");
  return out.join("\n") + "\n";
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** An HTML table (first `maxRows` rows, with a note on the rest). */
export function toHtml(rows: readonly Row[], columns?: readonly Column[], opts: { title?: string; maxRows?: number; note?: string } = {}): string {
  const cols = resolveColumns(rows, columns);
  const numeric = cols.map((c) => isNumeric(rows, c.key));
  const max = opts.maxRows ?? Infinity;
  const cell = (s: string) => escapeHtml(s).replace(/\r\n|\r|\n/g, "<br>");
  const out: string[] = ['<table class="nanozh-table">'];
  if (opts.title) out.push(`<caption style="caption-side:top;text-align:left;font-weight:bold">${cell(opts.title)}</caption>`);
  out.push("<thead><tr>" + cols.map((c, i) => `<th style="text-align:${numeric[i] ? "right" : "left"}">${cell(c.label ?? c.key)}</th>`).join("") + "</tr></thead>");
  out.push("<tbody>");
  rows.slice(0, max).forEach((row) => {
    out.push("<tr>" + cols.map((c, i) => `<td style="text-align:${numeric[i] ? "right" : "left"}">${cell(displayCell(cellOf(row, c.key), c))}</td>`).join("") + "</tr>");
  });
  out.push("</tbody></table>");
  const notes: string[] = [];
  if (rows.length > max) notes.push(`showing ${max.toLocaleString("en-US")} of ${rows.length.toLocaleString("en-US")} rows`);
  if (opts.note) notes.push(opts.note);
  if (notes.length) out.push(`<p style="font-size:smaller">${cell(notes.join("; "))}</p>`);
  return out.join("\n");
}

/** Terminal width of a string: East Asian wide and fullwidth characters count 2. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** An aligned plain-text table for terminals (first `maxRows` rows). */
export function toText(rows: readonly Row[], columns?: readonly Column[], opts: { title?: string; maxRows?: number } = {}): string {
  const cols = resolveColumns(rows, columns);
  const numeric = cols.map((c) => isNumeric(rows, c.key));
  const max = opts.maxRows ?? Infinity;
  const flat = (s: string) => s.replace(/\r\n|\r|\n/g, " ⏎ ");
  const grid = [cols.map((c) => flat(c.label ?? c.key)), ...rows.slice(0, max).map((r) => cols.map((c) => flat(displayCell(cellOf(r, c.key), c))))];
  const widths = cols.map((_, i) => Math.max(...grid.map((line) => textWidth(line[i]))));
  const pad = (s: string, i: number) => {
    const fill = " ".repeat(widths[i] - textWidth(s));
    return numeric[i] ? fill + s : s + fill;
  };
  const lines = grid.map((line) => line.map(pad).join("  ").trimEnd());
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  if (opts.title) lines.unshift(opts.title);
  if (rows.length > max) lines.push(`… ${(rows.length - max).toLocaleString("en-US")} more rows`);
  return lines.join("\n") + "\n";
}
