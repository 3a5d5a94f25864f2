// Plotly figures (plain {data, layout} objects, shown by lib/report's showPlot) of a size sweep:
// parameters by part, FLOPs per token, training hours and cost, against depth or against vocab size.
// The guide's §1.2 values can be overlaid as markers where the sweep uses the guide's own settings.
import type { GuideRow } from "./guideTable";
import type { SizeReport } from "./size";

export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

export type SweepAxis = "depth" | "vocab";

export interface SweepFigureOptions {
  /** the guide's §1.2 rows to overlay (depth sweeps only; pass them only when the settings are the guide's) */
  guide?: readonly GuideRow[];
  width?: number;
  height?: number;
}

const COLORS = { wte: "#4c78a8", lm_head: "#72b7b2", attention: "#f58518", mlp: "#e45756", guide: "#222222", total: "#54a24b" };

function xValues(reports: readonly SizeReport[], by: SweepAxis): number[] {
  return reports.map((r) => (by === "depth" ? r.depth : r.vocab_size));
}

function vocabLabel(v: number): string {
  return v % 1024 === 0 ? `${v / 1024}k` : `${(v / 1000).toFixed(0)}k`;
}

/** Category labels ("d4", "32k"), for bars: a log axis would give bars of uneven width. */
function xLabels(reports: readonly SizeReport[], by: SweepAxis): string[] {
  return reports.map((r) => (by === "depth" ? `d${r.depth}` : `${vocabLabel(r.vocab_size)} (${r.vocab_size.toLocaleString("en-US")})`));
}

function xAxis(reports: readonly SizeReport[], by: SweepAxis): Record<string, unknown> {
  if (by === "depth") return { title: { text: "depth (n_layer; n_embd = 64·depth)" }, tickvals: xValues(reports, by), ticktext: reports.map((r) => `d${r.depth}`) };
  return {
    title: { text: "vocabulary size (tokens, log scale)" },
    type: "log",
    tickvals: xValues(reports, by),
    ticktext: reports.map((r) => vocabLabel(r.vocab_size)),
  };
}

/** What is held fixed in a sweep, for the title: "vocab 65,536" or "d20". */
function fixedText(reports: readonly SizeReport[], by: SweepAxis): string {
  const r = reports[0];
  if (!r) return "";
  return by === "depth" ? `vocab ${r.vocab_size.toLocaleString("en-US")}` : `d${r.depth} (n_embd ${r.n_embd})`;
}

function checkSweep(reports: readonly SizeReport[], what: string): void {
  if (reports.length === 0) throw new Error(`${what}: no sizes to plot`);
}

/** Stacked parameters by part (millions), and the embeddings' share on a second axis. */
export function paramsFigure(reports: readonly SizeReport[], by: SweepAxis, opts: SweepFigureOptions = {}): Figure {
  checkSweep(reports, "paramsFigure");
  const x = xLabels(reports, by);
  const M = (v: number) => v / 1e6;
  const bar = (name: string, y: number[], color: string) => ({ type: "bar", name, x, y, marker: { color } });
  const data: Record<string, unknown>[] = [
    bar("wte (token embedding)", reports.map((r) => M(r.params.wte)), COLORS.wte),
    bar("lm_head (untied)", reports.map((r) => M(r.params.lm_head)), COLORS.lm_head),
    bar("attention (4·d² per layer)", reports.map((r) => M(r.n_layer * r.params.attention_per_layer)), COLORS.attention),
    bar("MLP (8·d² per layer)", reports.map((r) => M(r.n_layer * r.params.mlp_per_layer)), COLORS.mlp),
    {
      type: "scatter",
      mode: "lines+markers",
      name: "wte + lm_head share (right axis)",
      x,
      y: reports.map((r) => (100 * (r.params.wte + r.params.lm_head)) / r.params.total),
      yaxis: "y2",
      line: { color: "#555", dash: "dot" },
    },
  ];
  if (opts.guide && by === "depth")
    data.push({ type: "scatter", mode: "markers", name: "guide §1.2 as printed", x: opts.guide.map((g) => `d${g.depth}`), y: opts.guide.map((g) => g.params_m), marker: { symbol: "x", size: 10, color: COLORS.guide } });
  return {
    data,
    layout: {
      title: { text: `参数构成 Parameters by part vs ${by === "depth" ? "depth" : "vocabulary size"} — ${fixedText(reports, by)}` },
      barmode: "stack",
      xaxis: { type: "category", title: { text: by === "depth" ? "depth (n_layer; n_embd = 64·depth)" : "vocabulary size (tokens)" } },
      yaxis: { title: { text: "parameters (millions)" }, rangemode: "tozero" },
      yaxis2: { title: { text: "embedding share of all parameters (%)" }, overlaying: "y", side: "right", range: [0, 100], tickvals: [0, 20, 40, 60, 80, 100], showgrid: false },
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 60, r: 80 },
      width: opts.width ?? 900,
      height: opts.height ?? 520,
    },
  };
}

/** FLOPs per token (log axis): the total and its two terms, 6·(P − wte) and 12·L·d·T. */
export function flopsFigure(reports: readonly SizeReport[], by: SweepAxis, opts: SweepFigureOptions = {}): Figure {
  checkSweep(reports, "flopsFigure");
  const x = xValues(reports, by);
  const line = (name: string, y: number[], color: string, dash = "solid") => ({ type: "scatter", mode: "lines+markers", name, x, y, line: { color, dash } });
  const T = reports[0].max_seq_len;
  const data = [
    line("total FLOPs/token", reports.map((r) => r.flops_per_token), COLORS.total),
    line("6·(P − wte): matmuls, forward + backward", reports.map((r) => 6 * (r.params.total - r.params.wte)), COLORS.attention, "dash"),
    line(`12·L·d·T: attention scores at T = ${T}`, reports.map((r) => r.flops_per_token - 6 * (r.params.total - r.params.wte)), COLORS.wte, "dot"),
  ];
  return {
    data,
    layout: {
      title: { text: `每 token 训练 FLOPs · Training FLOPs per token vs ${by === "depth" ? "depth" : "vocabulary size"} — ${fixedText(reports, by)}, seq ${T}` },
      xaxis: xAxis(reports, by),
      yaxis: { title: { text: "FLOPs per token (log scale)" }, type: "log", exponentformat: "power" },
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 60 },
      width: opts.width ?? 900,
      height: opts.height ?? 500,
    },
  };
}

/** Training hours (left panel) and cost in USD (right panel), both on log axes. */
export function timeCostFigure(reports: readonly SizeReport[], by: SweepAxis, opts: SweepFigureOptions = {}): Figure {
  checkSweep(reports, "timeCostFigure");
  const r0 = reports[0];
  const x = xValues(reports, by);
  const ax = xAxis(reports, by);
  const data: Record<string, unknown>[] = [
    { type: "scatter", mode: "lines+markers", name: "training time (hours)", x, y: reports.map((r) => r.hours), line: { color: COLORS.wte } },
    { type: "scatter", mode: "lines+markers", name: "cost (USD)", x, y: reports.map((r) => r.cost_usd), line: { color: COLORS.mlp }, xaxis: "x2", yaxis: "y2" },
  ];
  if (opts.guide && by === "depth") {
    const g = opts.guide;
    const marker = { symbol: "x", size: 10, color: COLORS.guide };
    data.push({ type: "scatter", mode: "markers", name: "guide §1.2 as printed", x: g.map((r) => r.depth), y: g.map((r) => r.hours), marker });
    data.push({ type: "scatter", mode: "markers", name: "guide §1.2 as printed", showlegend: false, x: g.map((r) => r.depth), y: g.map((r) => r.cost_usd), marker, xaxis: "x2", yaxis: "y2" });
  }
  const how = `${r0.gpus}× ${r0.gpu}, MFU ${Math.round(r0.mfu * 100)}%, $${r0.usd_per_gpu_hour}/GPU-h, ${r0.ratio} tokens/param`;
  return {
    data,
    layout: {
      title: { text: `训练时间与成本 · Training time and cost vs ${by === "depth" ? "depth" : "vocabulary size"} — ${fixedText(reports, by)}<br><sup>${how}</sup>` },
      xaxis: { ...ax, domain: [0, 0.45] },
      xaxis2: { ...ax, domain: [0.55, 1], anchor: "y2" },
      yaxis: { title: { text: "training time (hours, log scale)" }, type: "log" },
      yaxis2: { title: { text: "cost (USD, log scale)" }, type: "log", anchor: "x2" },
      legend: { orientation: "h", y: -0.22 },
      margin: { t: 80 },
      width: opts.width ?? 1000,
      height: opts.height ?? 500,
    },
  };
}
