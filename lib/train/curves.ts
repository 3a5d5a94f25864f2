// The run's log as a table (log.csv) and as loss / bits-per-byte curves (a Plotly figure for lib/report),
// with the unigram and bigram baselines drawn as flat lines beside the validation bpb.
import type { PlotFigure } from "../report";
import { toCsv } from "../report";
import type { LogRow } from "./checkpoint";

export const LOG_COLUMNS = ["step", "loss", "lrm", "tokens", "seconds", "val_bpb"] as const;

export function logCsv(rows: readonly LogRow[]): string {
  return toCsv(rows.map((r) => ({ step: r.step, loss: r.loss ?? "", lrm: r.lrm, tokens: r.tokens, seconds: +r.seconds.toFixed(3), val_bpb: r.val_bpb ?? "" })), [...LOG_COLUMNS]);
}

export interface Baselines {
  unigram_bpb: number;
  bigram_bpb: number;
}

/** Training loss (nats/token) on the left axis, validation bpb and the n-gram baselines on the right. */
export function trainingCurves(rows: readonly LogRow[], baselines?: Baselines, title = "pretraining"): PlotFigure {
  const train = rows.filter((r) => r.loss !== null && Number.isFinite(r.loss));
  const evals = rows.filter((r) => r.val_bpb !== undefined);
  const steps = rows.map((r) => r.step);
  const x0 = steps.length ? Math.min(...steps) : 0;
  const x1 = steps.length ? Math.max(...steps) : 1;
  const data: Record<string, unknown>[] = [
    { type: "scatter", mode: "lines", name: "train loss (nats/token)", x: train.map((r) => r.step), y: train.map((r) => r.loss), yaxis: "y" },
    { type: "scatter", mode: "lines+markers", name: "val bpb", x: evals.map((r) => r.step), y: evals.map((r) => r.val_bpb), yaxis: "y2" },
  ];
  if (baselines) {
    for (const [name, v, dash] of [["unigram bpb", baselines.unigram_bpb, "dot"], ["bigram bpb", baselines.bigram_bpb, "dash"]] as const)
      data.push({ type: "scatter", mode: "lines", name, x: [x0, x1], y: [v, v], yaxis: "y2", line: { dash } });
  }
  return {
    data,
    layout: {
      title: { text: title },
      xaxis: { title: { text: "step" } },
      yaxis: { title: { text: "train loss (nats/token)" } },
      yaxis2: { title: { text: "bits per byte" }, overlaying: "y", side: "right" },
      legend: { orientation: "h", y: -0.2 },
      width: 900,
      height: 500,
    },
  };
}
