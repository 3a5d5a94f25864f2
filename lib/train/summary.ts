// What every run leaves behind: summary.json (the numbers a notebook or README quotes), log.csv (every
// step), and the loss / bits-per-byte curves as a Plotly page under out/plots (one shared plotly bundle
// there, not 4.8 MB in every model folder).
import path from "node:path";
import { plotHtml } from "../report";
import { ensurePlotlyBundle } from "../report/plot";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomicWrite";
import { outDir } from "../util/paths";
import type { LogRow } from "./checkpoint";
import { logCsv, trainingCurves, type Baselines } from "./curves";
import type { Sample } from "./samples";
import type { TrainSettings } from "./settings";

export interface TrainSummary {
  config: string;
  config_file: string;
  status: "complete" | "stopped at --max-steps" | "stopped: non-finite loss" | "stopped: interrupted";
  steps: number;
  num_iterations: number;
  horizon: TrainSettings["horizon"];
  tokens: number;
  seconds: number;
  train_seconds: number;
  tokens_per_s: number;
  mfu_percent: number;
  peak_flops: number;
  val_bpb: number | null;
  min_val_bpb: number | null;
  unigram_bpb: number;
  bigram_bpb: number;
  final_loss: number | null;
  backend: string;
  engine: string;
  /** threads the engine computed on (absent in summaries written before it was recorded) */
  engine_threads?: number;
  params: number;
  model: TrainSettings["model"];
  device_batch_size: number;
  total_batch_size: number;
  grad_accum: number;
  seed: number;
  tokenizer: string | null;
  data: string;
  samples: Sample[];
  /** loss and bpb curves (Plotly page under out/plots) */
  curves_html: string;
}

/**
 * out/plots/train-<config>-<run folder>.html: one page per run, so two runs of one config (notebook 07's vocabulary
 * and depth comparisons, two `nanozh train --out` folders) do not overwrite each other's curves.
 */
export function curvesFileFor(configName: string, runDir: string): string {
  return path.join(outDir("plots"), `train-${configName}-${path.basename(path.resolve(runDir))}.html`);
}

/** Throughput and losses from the log: tokens/s over training time only (evaluations and samples excluded). */
export function runTotals(rows: readonly LogRow[], t: { tokens: number; trainSeconds: number; flopsPerToken: number; peakFlops: number }) {
  const evals = rows.filter((r) => r.val_bpb !== undefined).map((r) => r.val_bpb!);
  const last = rows.length ? rows[rows.length - 1] : undefined;
  return {
    tokens: t.tokens,
    train_seconds: t.trainSeconds,
    tokens_per_s: t.trainSeconds > 0 ? t.tokens / t.trainSeconds : 0,
    mfu_percent: t.trainSeconds > 0 ? (100 * t.flopsPerToken * t.tokens) / t.trainSeconds / t.peakFlops : 0,
    peak_flops: t.peakFlops,
    val_bpb: evals.length ? evals[evals.length - 1] : null,
    min_val_bpb: evals.length ? Math.min(...evals) : null,
    final_loss: last ? last.loss : null,
  };
}

export function writeRunFiles(out: string, summary: TrainSummary, rows: readonly LogRow[], baselines: Baselines): void {
  writeFileAtomic(path.join(out, "log.csv"), logCsv(rows));
  ensurePlotlyBundle(path.dirname(summary.curves_html));
  writeFileAtomic(summary.curves_html, plotHtml(trainingCurves(rows, baselines, `${summary.config}: loss and val bpb`), `${summary.config} curves`));
  writeJsonAtomic(path.join(out, "summary.json"), summary);
}
