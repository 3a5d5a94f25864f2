// The card's model sections: pretraining (out/model/summary.json, notebook 07), its samples, and the
// chat fine-tuning run (notebook 08). Pure: ReportInputs in, Markdown out.
import { formatDuration } from "../../util/progress";
import { toMarkdown } from "../tableFormat";
import { code, kvTable, notRun, num, obj, outRelative, section, str, trainingEngineText } from "./format";
import { pickTable, tableBlock } from "./tables";
import type { JsonRecord, ReportInputs } from "./types";

export const TRAINING_TABLES = ["07-val-bpb", "07-compare"] as const;

/** Where the final val bpb sits against the counting baselines (all three read from the summary). */
export function bpbVerdict(bpb: number | undefined, unigram: number | undefined, bigram: number | undefined): string | undefined {
  if (bpb === undefined || unigram === undefined || bigram === undefined) return undefined;
  if (bpb < bigram) return `${bpb.toFixed(4)} bpb: below the bigram (${bigram.toFixed(4)}) and unigram (${unigram.toFixed(4)}) baselines`;
  if (bpb < unigram) return `${bpb.toFixed(4)} bpb: below the unigram baseline (${unigram.toFixed(4)}), not yet the bigram one (${bigram.toFixed(4)})`;
  return `${bpb.toFixed(4)} bpb: not below the unigram baseline (${unigram.toFixed(4)})`;
}

function modelShape(m: JsonRecord | undefined): string | undefined {
  const L = num(m, "n_layer");
  const d = num(m, "n_embd");
  if (L === undefined || d === undefined) return undefined;
  const parts = [`d${L} × ${d}`];
  const h = num(m, "n_head");
  const kv = num(m, "n_kv_head");
  if (h !== undefined) parts.push(`${h} head${h === 1 ? "" : "s"}${kv !== undefined && kv !== h ? ` (${kv} kv)` : ""}`);
  const v = num(m, "vocab_size");
  if (v !== undefined) parts.push(`vocab ${v.toLocaleString("en-US")}`);
  const T = num(m, "sequence_len");
  if (T !== undefined) parts.push(`context ${T.toLocaleString("en-US")}`);
  return parts.join(", ");
}

function curvesLinks(inputs: ReportInputs, s: JsonRecord): string {
  const out: string[] = [];
  if (inputs.plots.includes("07-curves.png")) out.push("![training loss and validation bpb](plots/07-curves.png)", "");
  const html = inputs.plots.includes("07-curves.html") ? "plots/07-curves.html" : str(s, "curves_html") ? outRelative(inputs.outDir, str(s, "curves_html")!) : undefined;
  if (html) out.push(`Interactive curves: [${html}](${html}).`);
  return out.join("\n");
}

export function trainingSection(inputs: ReportInputs): string {
  if (!inputs.train) return section("Training", [notRun(inputs, "07", "no model/summary.json")]);
  const s = inputs.train.data;
  const params = num(s, "params");
  const tokens = num(s, "tokens");
  const steps = num(s, "steps");
  const iters = num(s, "num_iterations");
  const peak = num(s, "peak_flops");
  const mfu = num(s, "mfu_percent");
  const trainS = num(s, "train_seconds");
  const allS = num(s, "seconds");
  const B = num(s, "device_batch_size");
  const accum = num(s, "grad_accum");
  const total = num(s, "total_batch_size");
  const rows: [string, string | number | undefined][] = [
    ["config", str(s, "config") ? `${str(s, "config")}${str(s, "config_file") ? ` (${str(s, "config_file")})` : ""}` : undefined],
    ["status", str(s, "status")],
    ["model", modelShape(obj(s, "model"))],
    ["parameters", params],
    ["steps", steps !== undefined ? (iters !== undefined && iters !== steps ? `${steps.toLocaleString("en-US")} of ${iters.toLocaleString("en-US")}` : steps) : undefined],
    ["batch (tokens per step)", total !== undefined ? `${total.toLocaleString("en-US")}${B !== undefined ? ` (device batch ${B}${accum !== undefined ? `, grad accum ${accum}` : ""})` : ""}` : undefined],
    ["tokens trained", tokens],
    ["tokens per parameter", tokens !== undefined && params ? (tokens / params).toFixed(3) : undefined],
    ["training time", trainS !== undefined ? `${formatDuration(trainS)} (${trainS.toFixed(1)} s)` : undefined],
    ["wall clock with evaluation and sampling", allS !== undefined ? `${formatDuration(allS)} (${allS.toFixed(1)} s)` : undefined],
    ["tokens/s", num(s, "tokens_per_s") !== undefined ? Math.round(num(s, "tokens_per_s")!) : undefined],
    ["MFU", mfu !== undefined ? `${mfu.toFixed(1)}%${peak !== undefined ? ` of the measured ${(peak / 1e9).toFixed(1)} GFLOP/s matmul peak` : ""}` : undefined],
    ["engine", trainingEngineText(s)],
    ["final training loss", num(s, "final_loss")],
    ["final val bpb", num(s, "val_bpb")],
    ["best val bpb", num(s, "min_val_bpb")],
    ["unigram baseline bpb", num(s, "unigram_bpb")],
    ["bigram baseline bpb", num(s, "bigram_bpb")],
  ];
  const body = [`From ${code("model/summary.json")}.`, kvTable(rows)];
  const verdict = bpbVerdict(num(s, "val_bpb"), num(s, "unigram_bpb"), num(s, "bigram_bpb"));
  if (verdict) body.push(`**Final validation: ${verdict}.**`);
  const bpb = pickTable(inputs.tables, "07-val-bpb", inputs.mode);
  if (bpb) body.push(tableBlock(bpb));
  body.push(curvesLinks(inputs, s));
  const compare = pickTable(inputs.tables, "07-compare", inputs.mode);
  if (compare) body.push(tableBlock(compare));
  return section("Training", body);
}

/** Prompt/completion pairs from a summary's `samples` list (entries without both strings are left out). */
export function sampleRows(samples: unknown): { prompt: string; completion: string }[] {
  if (!Array.isArray(samples)) return [];
  const flat = (t: string) => t.replace(/\r?\n/g, "⏎");
  return samples
    .filter((x): x is { prompt: string; completion: string } => !!x && typeof x === "object" && typeof (x as JsonRecord).prompt === "string" && typeof (x as JsonRecord).completion === "string")
    .map((x) => ({ prompt: flat(x.prompt), completion: flat(x.completion) }));
}

export function samplesSection(inputs: ReportInputs): string {
  if (!inputs.train) return section("Samples", [notRun(inputs, "07", "no model/summary.json")]);
  const rows = sampleRows(inputs.train.data.samples);
  const body: string[] = [];
  if (rows.length) body.push(toMarkdown(rows, [{ key: "prompt" }, { key: "completion" }], "The pretrained model's continuations at the end of training (⏎ = newline)"), `<sub>model/summary.json</sub>`);
  else body.push("_No samples in model/summary.json._");
  if (inputs.trainSamplesMd) body.push(`Samples at every sampling step: [${inputs.trainSamplesMd}](${inputs.trainSamplesMd}).`);
  return section("Samples", body);
}
