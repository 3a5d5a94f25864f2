// Plotly figures (plain {data, layout} objects for lib/report's showPlot) of shards against the mix.
import type { MixPoint } from "./series";

export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

export interface MixSeries {
  /** legend text, e.g. "guide: zh 2.8, en 4.8 chars/token" */
  label: string;
  points: readonly MixPoint[];
  /** Plotly line dash: "solid" (default), "dash", "dot" … */
  dash?: string;
}

const PALETTE = ["#222222", "#4c78a8", "#f58518", "#e45756", "#54a24b", "#b279a2", "#9d755d"];

/**
 * Shards (left) and parquet download in GB (right) against language A's share of the training tokens,
 * one line per chars/token assumption. `title` says what is fixed (depth, vocab, ratio).
 */
export function shardsVsMixFigure(series: readonly MixSeries[], opts: { title: string; langA?: string; langB?: string; width?: number; height?: number }): Figure {
  if (series.length === 0) throw new Error("shardsVsMixFigure: no series to plot");
  const a = opts.langA ?? "zh";
  const b = opts.langB ?? "en";
  const xTitle = `${a} share of the training tokens (the rest ${b})`;
  const data = series.flatMap((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const x = s.points.map((p) => p.weight_a);
    return [
      { type: "scatter", mode: "lines+markers", name: s.label, legendgroup: s.label, x, y: s.points.map((p) => p.shards), line: { color, dash: s.dash ?? "solid" } },
      { type: "scatter", mode: "lines+markers", name: s.label, legendgroup: s.label, showlegend: false, x, y: s.points.map((p) => p.download_bytes / 1e9), line: { color, dash: s.dash ?? "solid" }, xaxis: "x2", yaxis: "y2" },
    ];
  });
  return {
    data,
    layout: {
      title: { text: opts.title },
      xaxis: { title: { text: xTitle }, domain: [0, 0.45], range: [-0.02, 1.02], tickformat: ".0%" },
      xaxis2: { title: { text: xTitle }, domain: [0.55, 1], range: [-0.02, 1.02], tickformat: ".0%", anchor: "y2" },
      yaxis: { title: { text: "shards (250M characters each)" }, rangemode: "tozero" },
      yaxis2: { title: { text: "parquet download (GB)" }, rangemode: "tozero", anchor: "x2" },
      legend: { orientation: "h", y: -0.25 },
      margin: { t: 80 },
      width: opts.width ?? 1000,
      height: opts.height ?? 540,
    },
  };
}
