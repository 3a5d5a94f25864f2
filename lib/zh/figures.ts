// Plotly figures (plain data; lib/report's showPlot draws them) for the Chinese-text measurements:
// script-ratio histograms, drop reasons of the cleaner, jieba word-length distributions.

/** The shape of lib/report's PlotFigure (plain Plotly traces and layout). */
export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

/** Percentage of `values` (shares in [0, 1]) in each of the bins [0, w), [w, 2w), …, the last bin
 * closed at 1. Returns the bin centres and the percentages. */
export function histogramPercent(values: readonly number[], binWidth = 0.05): { centers: number[]; percent: number[] } {
  const bins = Math.round(1 / binWidth);
  if (!(bins >= 1 && Math.abs(bins * binWidth - 1) < 1e-9)) throw new Error(`binWidth must divide 1, got ${binWidth}`);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor(v * bins + 1e-9)))]++;
  return { centers: counts.map((_, i) => (i + 0.5) / bins), percent: counts.map((c) => (values.length ? (100 * c) / values.length : 0)) };
}

/** Two panels, Han share and Latin share per document: one frequency polygon per source (the
 * percentage of that source's documents in each 5% bin), so sources of different sizes compare and
 * five sources stay readable where overlaid bars would not. */
export function scriptHistogramFigure(series: { name: string; han: number[]; latin: number[] }[], opts: { title: string; binWidth?: number }): Figure {
  const w = opts.binWidth ?? 0.05;
  const data: Record<string, unknown>[] = [];
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const common = { type: "scatter", mode: "lines+markers", name: `${s.name} (${s.han.length.toLocaleString("en-US")} docs)`, legendgroup: s.name, line: { color, width: 2 }, marker: { color, size: 5 } };
    const han = histogramPercent(s.han, w);
    const latin = histogramPercent(s.latin, w);
    data.push({ ...common, x: han.centers, y: han.percent, xaxis: "x", yaxis: "y" });
    data.push({ ...common, x: latin.centers, y: latin.percent, xaxis: "x2", yaxis: "y2", showlegend: false });
  });
  return {
    data,
    layout: {
      title: { text: opts.title },
      grid: { rows: 1, columns: 2, pattern: "independent" },
      xaxis: { title: { text: `Han characters / all characters of the document (汉字占比; ${Math.round(w * 100)}% bins)` }, range: [0, 1], tickformat: ".0%" },
      xaxis2: { title: { text: `Latin letters / all characters of the document (拉丁字母占比; ${Math.round(w * 100)}% bins)` }, range: [0, 1], tickformat: ".0%" },
      yaxis: { title: { text: "documents (% of the source)" }, rangemode: "tozero" },
      yaxis2: { title: { text: "documents (% of the source)" }, rangemode: "tozero" },
      legend: { orientation: "h", y: -0.22 },
      width: 1100,
      height: 520,
      margin: { t: 70, b: 130 },
    },
  };
}

/** Horizontal bars: documents dropped per rule (most first), with the kept count in the title. */
export function dropReasonsFigure(byRule: Record<string, number>, opts: { title: string; docs: number; kept: number }): Figure {
  const rules = Object.entries(byRule).sort((a, b) => a[1] - b[1]);
  return {
    data: [{ type: "bar", orientation: "h", x: rules.map((r) => r[1]), y: rules.map((r) => r[0]), text: rules.map((r) => String(r[1])), textposition: "outside", marker: { color: "#d62728" }, cliponaxis: false }],
    layout: {
      title: { text: `${opts.title}<br><sup>${opts.docs.toLocaleString("en-US")} documents: ${opts.kept.toLocaleString("en-US")} kept, ${(opts.docs - opts.kept).toLocaleString("en-US")} dropped</sup>` },
      xaxis: { title: { text: "documents dropped (first failing rule)" }, rangemode: "tozero" },
      yaxis: { title: { text: "rule" }, automargin: true },
      width: 900,
      height: Math.max(320, 120 + 32 * rules.length),
      margin: { t: 80, r: 60 },
    },
  };
}

/** Grouped bars: share of words (%) by length in characters, lengths ≥ maxLen pooled. */
export function wordLengthFigure(series: { name: string; counts: Record<number, number>; words: number; meanChars: number }[], opts: { title: string; maxLen?: number }): Figure {
  const maxLen = opts.maxLen ?? 6;
  const labels = Array.from({ length: maxLen }, (_, i) => (i + 1 < maxLen ? `${i + 1}` : `≥${maxLen}`));
  const data = series.map((s, i) => {
    const y = labels.map(() => 0);
    for (const [len, n] of Object.entries(s.counts)) y[Math.min(Number(len), maxLen) - 1] += n;
    return { type: "bar", name: `${s.name} (${s.words.toLocaleString("en-US")} words, mean ${s.meanChars.toFixed(2)} chars)`, x: labels, y: y.map((v) => (s.words ? (100 * v) / s.words : 0)), marker: { color: COLORS[i % COLORS.length] } };
  });
  return {
    data,
    layout: {
      title: { text: opts.title },
      barmode: "group",
      xaxis: { title: { text: "word length (characters, 字)" }, type: "category" },
      yaxis: { title: { text: "share of words (%)" }, rangemode: "tozero" },
      legend: { orientation: "h", y: -0.2 },
      width: 900,
      height: 500,
      margin: { b: 120 },
    },
  };
}
