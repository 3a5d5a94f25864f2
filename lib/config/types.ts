// Typed view of a config after defaults are applied (field names as in the YAML: snake_case).

export type SourceFormat = "txt" | "jsonl" | "csv" | "json" | "parquet";

export interface ModelConfig {
  depth: number;
  vocab_size: number;
  max_seq_len: number;
  /** explicit shape overrides (tests, CPU toys); absent → nanochat's depth rule */
  n_embd?: number;
  n_head?: number;
  n_kv_head?: number;
}

export interface TrainingConfig {
  target_param_data_ratio: number;
  total_batch_size: number;
  device_batch_size: number;
  eval_every: number;
  core_metric_every: number;
  sample_every: number;
  matrix_lr: number;
  embedding_lr: number;
  unembedding_lr: number;
  num_iterations: number;
  /** trainer settings; absent → nanochat v1's (lib/train/settings.ts) */
  warmup_ratio?: number;
  warmdown_ratio?: number;
  final_lr_frac?: number;
  grad_clip?: number;
  eval_tokens?: number;
  save_every?: number;
  seed?: number;
}

export interface HardwareConfig {
  /** canonical GPU name (lib/sizing GPUS) or "cpu" */
  gpu: string;
  gpus: number;
  mfu: number;
  usd_per_gpu_hour: number;
}

export interface TokenizerConfig {
  vocab_size: number;
  pattern: string;
  specials: string | string[];
  max_chars: number;
  doc_cap: number;
}

export interface MixEntry {
  lang: string;
  /** share of the training tokens */
  weight: number;
  chars_per_token: number;
  bytes_per_char?: number;
}

export interface SourceEntry {
  name: string;
  lang: string;
  /** share of the corpus characters */
  weight: number;
  format: SourceFormat;
  /** as written in the file */
  path: string;
  /** absolute: relative paths resolved against the repository root */
  resolved_path: string;
  field?: string;
}

export interface DataConfig {
  chars_per_shard: number;
  margin: number;
  seed: number;
  mix: MixEntry[];
  sources: SourceEntry[];
  val_docs: number;
  /** shard folder for training, as written */
  shards?: string;
  /** absolute shard folder */
  resolved_shards?: string;
}

export interface NanozhConfig {
  name: string;
  description: string;
  model: ModelConfig;
  training: TrainingConfig;
  hardware: HardwareConfig;
  tokenizer: TokenizerConfig;
  data: DataConfig;
  /** the label errors use (path relative to the repository root when inside it) */
  file: string;
}
