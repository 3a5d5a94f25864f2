// nanochat's report.md (nanochat/report.py, `python -m nanochat.report generate`; present from 3a5e0bc until
// f10bd75 removed it) read into sections and the final metrics table. Its shape at those commits:
//   "# nanochat training report", "Generated: …", "## Environment" with "### Git Information" / "### Hardware" /
//   "### Software" / "### Bloat" lists, "Run started: …", "---", then one "## <Section>" per stage file
//   (Tokenizer training, Tokenizer evaluation, Base model training, Base model loss, Base model evaluation,
//   Midtraining, Chat evaluation mid, Chat SFT, Chat evaluation sft, Chat RL, Chat evaluation rl), each with
//   "timestamp: …" and "- key: value" items (floats with 4 decimals, ints ≥ 10000 with commas) or Markdown tables,
//   and last "## Summary": the bloat list, the table "| Metric | BASE | MID | SFT | RL |" (missing values "-"),
//   and "Total wall clock time: 3h51m" (or "unknown").

export interface ReportItem {
  key: string;
  value: string;
}

export interface ReportTable {
  header: string[];
  rows: string[][];
}

export interface ReportSection {
  title: string;
  /** 1 for "#", 2 for "##", 3 for "###". */
  level: number;
  /** 1-based line of the heading. */
  line: number;
  timestamp?: string;
  items: ReportItem[];
  tables: ReportTable[];
  /** Other non-empty lines, as written. */
  text: string[];
}

/** One row of the final metrics table; a stage's value is null where the report has "-". */
export interface ReportMetric {
  metric: string;
  values: Record<string, number | null>;
}

export interface NanochatReport {
  sections: ReportSection[];
  /** Column names of the final table after "Metric", lower-cased (base, mid, sft, rl). */
  stages: string[];
  metrics: ReportMetric[];
  /** "3h51m" as written, or undefined when the report has no such line / says "unknown". */
  wallClock?: string;
  wallClockMinutes?: number;
  /** Parts of the report that could not be read (a truncated file: the Summary table, the wall clock, a row cut short), and why. */
  leftOut: { part: string; why: string }[];
}

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
}

const isSeparator = (line: string) => /^\|[\s|:-]+\|$/.test(line.trim()) && line.includes("-");

/** report.md → sections, the final metrics table and the total wall clock time. `source` names the file in errors. */
export function parseNanochatReport(md: string, source = "report.md"): NanochatReport {
  const lines = md.split(/\r\n|\r|\n/);
  const sections: ReportSection[] = [];
  const report: NanochatReport = { sections, stages: [], metrics: [], leftOut: [] };
  let lastLine = lines.length - 1;
  while (lastLine >= 0 && lines[lastLine].trim() === "") lastLine--;
  let current: ReportSection = { title: "", level: 0, line: 1, items: [], tables: [], text: [] };
  let table: ReportTable | undefined;
  let tableLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trimEnd();
    if (!line.trim().startsWith("|")) table = undefined;
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      if (current.level > 0 || current.items.length || current.text.length || current.tables.length) sections.push(current);
      current = { title: h[2].trim(), level: h[1].length, line: i + 1, items: [], tables: [], text: [] };
      continue;
    }
    const t = line.trim();
    if (t === "") continue;
    if (t.startsWith("|")) {
      if (!table) {
        table = { header: cells(t), rows: [] };
        tableLine = i + 1;
        current.tables.push(table);
      } else if (!isSeparator(t)) {
        const row = cells(t);
        if (row.length !== table.header.length) {
          const msg = `table row has ${row.length} cells, its header (line ${tableLine}) ${table.header.length}`;
          if (i !== lastLine || row.length > table.header.length) throw new Error(`${source}:${i + 1}: ${msg}`);
          // the file's last line: a write cut short
          report.leftOut.push({ part: `${source}:${i + 1}: the row "${row[0]}"`, why: `${msg} (the file ends there: truncated?)` });
          continue;
        }
        table.rows.push(row);
      }
      continue;
    }
    const ts = /^timestamp:\s*(.*)$/.exec(t);
    if (ts && current.timestamp === undefined) {
      current.timestamp = ts[1];
      continue;
    }
    const item = /^- ([^:]+):\s?(.*)$/.exec(t);
    if (item) {
      current.items.push({ key: item[1].trim(), value: item[2].trim() });
      continue;
    }
    const wall = /^Total wall clock time:\s*(.*)$/.exec(t);
    if (wall) {
      const hm = /^(\d+)h(\d+)m$/.exec(wall[1]);
      if (hm) {
        report.wallClock = wall[1];
        report.wallClockMinutes = Number(hm[1]) * 60 + Number(hm[2]);
      }
    }
    current.text.push(t);
  }
  sections.push(current);
  const metricsTable = sections.flatMap((s) => s.tables).find((tb) => tb.header[0] === "Metric");
  if (metricsTable) {
    report.stages = metricsTable.header.slice(1).map((s) => s.toLowerCase());
    report.metrics = metricsTable.rows.map((r) => ({
      metric: r[0],
      values: Object.fromEntries(report.stages.map((s, j) => [s, metricValue(r[j + 1])])),
    }));
  } else report.leftOut.push({ part: `${source}: the final metrics table ("## Summary", "| Metric | BASE | …")`, why: "not in the file (truncated, or written before the run finished?)" });
  if (report.wallClock === undefined && !lines.some((l) => /^Total wall clock time:\s*unknown\s*$/.test(l.trim())))
    report.leftOut.push({ part: `${source}: "Total wall clock time"`, why: "not in the file (truncated?)" });
  return report;
}

/** "0.2219" → 0.2219, "-" → null; anything else is kept only when it reads as a number. */
function metricValue(s: string): number | null {
  const t = s.trim().replace(/%$/, "");
  if (t === "-" || t === "") return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** The final metrics table as flat rows {metric, base, mid, sft, rl} for showTable / CSV. */
export function metricsRows(report: NanochatReport): Record<string, string | number | null>[] {
  return report.metrics.map((m) => ({ metric: m.metric, ...m.values }));
}

/** A section's "- key: value" items by title (first match), e.g. reportItems(r, "Base model training"). */
export function reportItems(report: NanochatReport, title: string): Map<string, string> {
  const s = report.sections.find((x) => x.title === title);
  return new Map((s?.items ?? []).map((it) => [it.key, it.value]));
}
