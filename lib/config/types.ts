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

export type ChatTaskFormat = "customjson" | "alpaca" | "sharegpt" | "oasst" | "pairs" | "mc-dev";

/** One task of the chat mixture (lib/chat ChatTaskSpec's fields). */
export interface ChatTaskConfig {
  name: string;
  format: ChatTaskFormat;
  /** as written in the file */
  path: string;
  /** absolute: relative paths resolved against the repository root */
  resolved_path: string;
  /** share of the training conversations */
  weight: number;
  directions?: "both" | "zh-en" | "en-zh";
  limit?: number;
  benchmark?: "ceval" | "cmmlu";
}

/** The optional chat block: fine-tuning a base model on conversations (lib/chat sft). */
export interface ChatConfig {
  mode: "sft" | "mid";
  num_iterations: number;
  device_batch_size: number;
  target_examples_per_step: number;
  max_seq_len: number;
  /** absent → by mode (CHAT_INIT_LR_FRAC: sft 0.02, mid 1.0), so --mode picks its own */
  init_lr_frac?: number;
  eval_every: number;
  /** cap on held-out conversations per evaluation; absent → all */
  eval_conversations?: number;
  val_share: number;
  seed: number;
  tasks: ChatTaskConfig[];
}

export interface NanozhConfig {
  name: string;
  description: string;
  model: ModelConfig;
  training: TrainingConfig;
  hardware: HardwareConfig;
  tokenizer: TokenizerConfig;
  data: DataConfig;
  /** absent when the config has no chat block */
  chat?: ChatConfig;
  /** the label errors use (path relative to the repository root when inside it) */
  file: string;
}
