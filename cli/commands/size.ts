// nanozh size: parameters, FLOPs, horizon, time, cost and memory for a depth (nanochat v1 formulas).
// Options and help: cli/specs/sizing.ts (SIZE).
import { printJson } from "../args";
import { parse, UsageError } from "../spec";
import { SIZE } from "../specs/sizing";
import { loadConfig, widthOf } from "../../lib/config";
import {
  compareGuideTable,
  deviceBatchThatFits,
  gradAccumSteps,
  GUIDE_RULES,
  lookupGpu,
  memoryEstimate,
  sizeModel,
  trainingDefaultsForDepth,
  NANOCHAT_VOCAB_MULTIPLE,
  type SizeReport,
} from "../../lib/sizing";

/** 1234567 → "1,234,567"; non-integers keep `digits` decimals. Beyond a double's exact integers
 * (2^53, with the decimals) scientific form, "1.2346e+23", never a float-rounded "123,456,…,000". */
export function fmtNum(x: number, digits = 0): string {
  if (Math.abs(x) * 10 ** digits > Number.MAX_SAFE_INTEGER) return x.toExponential(4);
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Aligned text table: first column left, the rest right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function fmtHours(h: number): string {
  return h < 1 ? `${fmtNum(h * 60, 1)} min` : `${fmtNum(h, 2)} h`;
}

function guide(json: boolean): number {
  const rows = compareGuideTable();
  if (json) {
    printJson({ rules: GUIDE_RULES, rows });
    return 0;
  }
  const mark = (r: (typeof rows)[number], col: string, text: string) => {
    const c = r.cells.find((x) => x.column === col);
    return c && !c.agrees ? `${text} ✗${c.errata.length ? "e" + c.errata.join(",") : "*"}` : text;
  };
  const body = rows.map((r) => [
    `d${r.depth}`,
    mark(r, "params_m", `${r.guide.params_m}`),
    fmtNum(r.computed.params_m, 1),
    mark(r, "tokens_b", `${r.guide.tokens_b}`),
    fmtNum(r.computed.tokens_b, 3),
    mark(r, "shards", `${r.guide.shards}`),
    `${r.computed.shards}`,
    mark(r, "hours", r.guide.time_text),
    fmtHours(r.computed.hours),
    mark(r, "cost_usd", `$${r.guide.cost_usd}`),
    `$${fmtNum(r.computed.cost_usd, 2)}`,
  ]);
  process.stdout.write(
    "Guide §1.2 (as printed) beside nanochat v1's formulas (V 65,536, ratio 20, 4.8 chars/token, +10% shards, 8×H100 at 40% MFU, $24/h)\n\n" +
      table(["depth", "guide M", "params M", "guide B", "tokens B", "guide", "shards", "guide", "time", "guide", "cost"], body) +
      `\n\n✗ = differs by more than ${GUIDE_RULES.tolerance * 100}% (the guide prints 2–3 significant figures); eN = guide-errata.md item N; * = not in the errata\n`,
  );
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const args = parse(SIZE, argv);
  if (!args) return 0;
  const v = args.values;
  if (v.guide) return guide(!!v.json);

  const cfg = v.config ? loadConfig(v.config) : undefined;
  const depth = v.depth ?? cfg?.model.depth;
  if (depth === undefined) throw new UsageError("--depth is required (or --config FILE)");
  const cfgGpu = cfg && cfg.hardware.gpu !== "cpu" ? cfg.hardware.gpu : undefined;
  const onCpu = !v.gpu && cfg?.hardware.gpu === "cpu";
  const gpus = v.gpus ?? (onCpu ? 1 : cfg?.hardware.gpus ?? 8);
  const report: SizeReport = sizeModel({
    depth,
    vocabSize: v.vocab ?? cfg?.model.vocab_size,
    ratio: v.ratio ?? cfg?.training.target_param_data_ratio,
    totalBatchTokens: v["total-batch"] ?? cfg?.training.total_batch_size,
    seqLen: v.seq ?? cfg?.model.max_seq_len,
    gpu: v.gpu ?? cfgGpu,
    gpus,
    mfu: v.mfu ?? cfg?.hardware.mfu,
    usdPerGpuHour: v.price ?? cfg?.hardware.usd_per_gpu_hour,
    numIterations: v.iterations ?? cfg?.training.num_iterations,
    // the config's own width and heads apply to the config's own depth
    ...(cfg && depth === cfg.model.depth ? { width: widthOf(cfg) } : {}),
    // a config plans a run of the kit's pinned nanochat, which pads the vocabulary (lib/config derive.ts); --depth alone is v1
    ...(cfg ? { padVocabTo: NANOCHAT_VOCAB_MULTIPLE } : {}),
  });

  const explicitBatch = v["device-batch"];
  const deviceBatch = explicitBatch ?? cfg?.training.device_batch_size ?? trainingDefaultsForDepth(depth).device_batch_size;
  let gradAccum: number | null = null;
  let gradAccumError: string | null = null;
  try {
    gradAccum = gradAccumSteps(report.total_batch_size, deviceBatch, report.max_seq_len, report.gpus);
  } catch (e) {
    if (explicitBatch !== undefined) throw e;
    gradAccumError = (e as Error).message;
  }
  const memArgs = { depth, vocabSize: report.vocab_size, seqLen: report.max_seq_len, gpus: report.gpus, ...(cfg ? { padVocabTo: NANOCHAT_VOCAB_MULTIPLE } : {}) };
  const est = memoryEstimate({ ...memArgs, deviceBatchSize: deviceBatch });
  const gpuMem = lookupGpu(report.gpu).memory_gib;
  const fit = (gib: number) => deviceBatchThatFits(gib, memArgs).device_batch_size;
  const memory = {
    device_batch_size: deviceBatch,
    grad_accum: gradAccum,
    grad_accum_error: gradAccumError,
    estimate_gib: est.total_gib,
    terms_gib: Object.fromEntries(est.terms.map((t) => [t.name, t.bytes / 1024 ** 3])),
    fits_80gb: fit(80),
    fits_24gb: fit(24),
    fits_gpu: onCpu ? null : fit(gpuMem),
  };
  const out = { ...report, ...(onCpu ? { gpu: "cpu", hours: null, cost_usd: null } : {}), memory };

  if (v.json) {
    printJson(out);
    return 0;
  }
  const p = report.params;
  const lines = [
    `d${depth}: n_layer ${report.n_layer}, n_embd ${report.n_embd}, n_head ${report.n_head} (kv ${report.n_kv_head}, head_dim ${report.head_dim}), vocab ${fmtNum(report.vocab_size)}, seq ${report.max_seq_len}`,
    "",
    table(
      ["parameters", "count", "share"],
      [
        ["wte (token embedding)", fmtNum(p.wte), `${fmtNum((100 * p.wte) / p.total, 1)}%`],
        ["lm_head (untied)", fmtNum(p.lm_head), `${fmtNum((100 * p.lm_head) / p.total, 1)}%`],
        [`attention (${report.n_layer} × ${fmtNum(p.attention_per_layer)})`, fmtNum(p.attention_per_layer * report.n_layer), `${fmtNum((100 * p.attention_per_layer * report.n_layer) / p.total, 1)}%`],
        [`MLP (${report.n_layer} × ${fmtNum(p.mlp_per_layer)})`, fmtNum(p.mlp_per_layer * report.n_layer), `${fmtNum((100 * p.mlp_per_layer * report.n_layer) / p.total, 1)}%`],
        ["transformer (blocks)", fmtNum(p.transformer), `${fmtNum((100 * p.transformer) / p.total, 1)}%`],
        ["total", fmtNum(p.total), "100.0%"],
      ],
    ),
    "",
    table(
      ["training", "value"],
      [
        ["FLOPs per token", report.flops_per_token.toExponential(6)],
        [`tokens (ratio ${report.ratio})`, fmtNum(report.tokens)],
        [`iterations (batch ${fmtNum(report.total_batch_size)})`, fmtNum(report.iterations)],
        ["tokens trained", fmtNum(report.tokens_trained)],
        ["total FLOPs", report.total_flops.toExponential(4)],
        ...(onCpu
          ? [["hardware", "cpu (no time estimate: the GPU table has no CPU)"]]
          : [
              ["hardware", `${report.gpus}× ${report.gpu}, MFU ${report.mfu}`],
              ["time", fmtHours(report.hours)],
              [`cost ($${report.usd_per_gpu_hour}/GPU-h × ${report.gpus})`, `$${fmtNum(report.cost_usd, 2)}`],
            ]),
      ],
    ),
    "",
    table(
      [`memory per GPU (device_batch_size ${deviceBatch}, seq ${report.max_seq_len})`, "GiB"],
      [...est.terms.map((t) => [t.name, fmtNum(t.bytes / 1024 ** 3, 2)]), ["total (estimate)", fmtNum(est.total_gib, 2)]],
    ),
    gradAccum !== null ? `grad_accum = ${fmtNum(report.total_batch_size)} / (${deviceBatch}·${report.max_seq_len}·${report.gpus}) = ${gradAccum}` : `grad_accum: ${gradAccumError}`,
    `largest device_batch_size that fits: 80 GiB → ${memory.fits_80gb ?? "none"}, 24 GiB → ${memory.fits_24gb ?? "none"}` +
      (onCpu ? "" : `, ${report.gpu} (${gpuMem} GiB) → ${memory.fits_gpu ?? "none"}`),
  ];
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
