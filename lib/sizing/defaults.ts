// Per-size training settings, guide §1.4 ("Recommended Training Configurations"), by depth band.
// The guide gives four bands with gaps; we close them so every even depth has a band:
//   tiny   d2–d8   (guide "d4-d8"; d2 joins it: it is the CPU toy size)
//   small  d10–d16
//   medium d18–d26 (guide "d20-d26"; d18 sits between 16 and 20 and shares d20's settings)
//   large  d28+    (guide "d32+")
// device_batch_size in the medium band: the guide says 32 for d20 and 16 for d26; for d22–d24 we take
// the memory estimate's answer (lib/sizing/memory: d22 at 32 needs ≈81.5 GiB > 80), so 16 from d22 up.
// The guide gives no sample_every for d32+: nanochat v1's default 2000 is used (nanochat-reference.md §2).
import { checkDepth } from "./model";

export type DepthBand = "d4-d8" | "d10-d16" | "d20-d26" | "d32+";

export interface TrainingDefaults {
  band: DepthBand;
  device_batch_size: number;
  total_batch_size: number;
  max_seq_len: number;
  num_iterations: number;
  eval_every: number;
  core_metric_every: number;
  sample_every: number;
  target_param_data_ratio: number;
  matrix_lr: number;
  embedding_lr: number;
  unembedding_lr: number;
}

/** nanochat v1 base_train defaults (nanochat-reference.md §2) that do not vary by size. */
export const NANOCHAT_V1_TRAINING = {
  total_batch_size: 524_288,
  num_iterations: -1,
  target_param_data_ratio: 20,
  matrix_lr: 0.02,
  embedding_lr: 0.2,
  unembedding_lr: 0.004,
} as const;

export function depthBand(depth: number): DepthBand {
  checkDepth(depth);
  if (depth <= 8) return "d4-d8";
  if (depth <= 16) return "d10-d16";
  if (depth <= 26) return "d20-d26";
  return "d32+";
}

export function trainingDefaultsForDepth(depth: number): TrainingDefaults {
  const band = depthBand(depth);
  const base = { band, ...NANOCHAT_V1_TRAINING };
  switch (band) {
    case "d4-d8":
      return { ...base, device_batch_size: 32, max_seq_len: 1024, eval_every: 100, core_metric_every: 500, sample_every: 500 };
    case "d10-d16":
      return { ...base, device_batch_size: 32, max_seq_len: 2048, eval_every: 250, core_metric_every: 1000, sample_every: 1000 };
    case "d20-d26":
      return { ...base, device_batch_size: depth <= 20 ? 32 : 16, max_seq_len: 2048, eval_every: 250, core_metric_every: 2000, sample_every: 2000 };
    case "d32+":
      return { ...base, device_batch_size: 8, max_seq_len: 2048, eval_every: 250, core_metric_every: 2000, sample_every: 2000 };
  }
}
