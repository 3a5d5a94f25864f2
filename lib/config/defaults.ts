// Defaults for fields a config leaves out. Training fields come from trainingDefaultsForDepth
// (guide §1.4 by depth band, nanochat v1 base_train otherwise); tokenizer from nanochat v1 tok_train
// (doc_cap 10,000; max_chars 2B as the speedrun passes, nanochat-reference.md); hardware is the
// guide's 8×H100 at 40% MFU and $3/GPU-h ($24/h per node); data is nanochat's 250M-char shards.
import { trainingDefaultsForDepth } from "../sizing";
import type { HardwareConfig, TrainingConfig } from "./types";

export const HARDWARE_DEFAULTS: HardwareConfig = { gpu: "H100 SXM", gpus: 8, mfu: 0.4, usd_per_gpu_hour: 3.0 };
export const TOKENIZER_DEFAULTS = { pattern: "nanochat", specials: "nanochat", max_chars: 2_000_000_000, doc_cap: 10_000 } as const;
export const DATA_DEFAULTS = { chars_per_shard: 250_000_000, margin: 0.1, seed: 42, val_docs: 1024 } as const;
/** chat block (nanochat v1 chat_sft: init_lr_frac 0.02, eval every 100 steps; mid_train: init_lr_frac 1.0);
 *  device_batch_size defaults to training's, max_seq_len to model's. */
export const CHAT_DEFAULTS = { mode: "sft", eval_every: 100, val_share: 0.05, seed: 42 } as const;
export const CHAT_INIT_LR_FRAC = { sft: 0.02, mid: 1.0 } as const;

export function trainingDefaults(depth: number): TrainingConfig & { max_seq_len: number } {
  const { band: _band, ...t } = trainingDefaultsForDepth(depth);
  return t;
}
