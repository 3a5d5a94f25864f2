// A nanochat base_train log as Plotly figures (lib/report PlotFigure): training loss with validation bpb,
// and throughput (tokens/s with MFU). Step rows come from parseBaseTrainLog.
import type { PlotFigure } from "../report";
import type { NanochatLog } from "./nanochatLog";

const LEGEND = { orientation: "h", y: -0.2 };

/** Training loss (smoothed, nats/token) on the left axis; validation bpb on the right. */
export function nanochatLossFigure(log: NanochatLog, title = "nanochat base_train: loss and validation bpb"): PlotFigure {
  const steps = log.steps.filter((r) => Number.isFinite(r.loss));
  return {
    data: [
      { type: "scatter", mode: "lines", name: "train loss (smoothed, nats/token)", x: steps.map((r) => r.step), y: steps.map((r) => r.loss), yaxis: "y" },
      { type: "scatter", mode: "lines+markers", name: "val bpb", x: log.evals.map((r) => r.step), y: log.evals.map((r) => r.val_bpb), yaxis: "y2" },
    ],
    layout: {
      title: { text: title },
      xaxis: { title: { text: "step" } },
      yaxis: { title: { text: "train loss (nats/token)" } },
      yaxis2: { title: { text: "validation bits per byte" }, overlaying: "y", side: "right" },
      legend: LEGEND,
      width: 900,
      height: 500,
    },
  };
}

/** Tokens per second (all ranks) on the left axis, MFU (%) on the right. */
export function nanochatThroughputFigure(log: NanochatLog, title = "nanochat base_train: tokens/s and MFU"): PlotFigure {
  return {
    data: [
      { type: "scatter", mode: "lines", name: "tokens/s", x: log.steps.map((r) => r.step), y: log.steps.map((r) => r.tok_per_s), yaxis: "y" },
      { type: "scatter", mode: "lines", name: "MFU %", x: log.steps.map((r) => r.step), y: log.steps.map((r) => r.mfu), yaxis: "y2", line: { dash: "dot" } },
    ],
    layout: {
      title: { text: title },
      xaxis: { title: { text: "step" } },
      yaxis: { title: { text: "tokens/s" }, rangemode: "tozero" },
      yaxis2: { title: { text: "MFU (%)" }, overlaying: "y", side: "right", rangemode: "tozero" },
      legend: LEGEND,
      width: 900,
      height: 500,
    },
  };
}

/** CORE metric over the steps where base_train measured it. */
export function nanochatCoreFigure(log: NanochatLog, title = "nanochat base_train: CORE metric"): PlotFigure {
  return {
    data: [{ type: "scatter", mode: "lines+markers", name: "CORE", x: log.core.map((r) => r.step), y: log.core.map((r) => r.core) }],
    layout: { title: { text: title }, xaxis: { title: { text: "step" } }, yaxis: { title: { text: "CORE (centered accuracy)" } }, width: 900, height: 400 },
  };
}

/** The figures a log supports, named for files: loss (always), throughput (steps logged), core (CORE lines). */
export function nanochatFigures(log: NanochatLog): { name: string; figure: PlotFigure }[] {
  const out: { name: string; figure: PlotFigure }[] = [];
  if (log.steps.length || log.evals.length) out.push({ name: "loss", figure: nanochatLossFigure(log) });
  if (log.steps.length) out.push({ name: "throughput", figure: nanochatThroughputFigure(log) });
  if (log.core.length) out.push({ name: "core", figure: nanochatCoreFigure(log) });
  return out;
}
