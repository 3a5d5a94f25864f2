// What a config implies, through the sizing and plan front doors: each takes only the parts it needs.
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "../util/paths";
import { planShards, type ShardPlan } from "../plan";
import { deviceBatchThatFits, gradAccumSteps, lookupGpu, memoryEstimate, modelShape, padVocab, paramCount, sizeModel, withWidth, NANOCHAT_VOCAB_MULTIPLE, type WidthOverrides, type DeviceBatchFit, type MemoryEstimate, type SizeReport } from "../sizing";
import type { NanozhConfig } from "./types";

/** The config's width overrides (model.n_embd / n_head / n_kv_head), in lib/sizing's shape. */
export function widthOf(cfg: Pick<NanozhConfig, "model">): WidthOverrides {
  return { nEmbd: cfg.model.n_embd, nHead: cfg.model.n_head, nKvHead: cfg.model.n_kv_head };
}

// A config describes a run of nanochat at the kit's pinned commit (lib/export), which pads wte and lm_head to a
// multiple of 64 rows: every count below uses that padded vocabulary, so the plan's parameters and iterations are
// what base_train prints (d20 at vocab 50,000: 521,338,880 and 24,859 at ratio 25, not v1's 521,216,000 / 24,853).
// This toolkit's own trainer (lib/train) builds the unpadded twin: the padded rows never reach a prediction.

/** Size, FLOPs, horizon, time and cost on the configured GPUs; null for a CPU config (the GPU table has no CPU). */
export function sizeForConfig(cfg: Pick<NanozhConfig, "model" | "training" | "hardware">): SizeReport | null {
  if (cfg.hardware.gpu === "cpu") return null;
  return sizeModel({
    depth: cfg.model.depth,
    vocabSize: cfg.model.vocab_size,
    seqLen: cfg.model.max_seq_len,
    ratio: cfg.training.target_param_data_ratio,
    totalBatchTokens: cfg.training.total_batch_size,
    gpu: cfg.hardware.gpu,
    gpus: cfg.hardware.gpus,
    mfu: cfg.hardware.mfu,
    usdPerGpuHour: cfg.hardware.usd_per_gpu_hour,
    numIterations: cfg.training.num_iterations,
    width: widthOf(cfg),
    padVocabTo: NANOCHAT_VOCAB_MULTIPLE,
  });
}

/**
 * Shards for the config's data, split by data.mix (weights by tokens). The tokens are what the run trains:
 * num_iterations · total_batch_size when the config fixes num_iterations (nanochat's first horizon rule,
 * nanochat-reference.md §2: it overrides the ratio), else target_param_data_ratio · params.
 */
export function shardPlanForConfig(cfg: Pick<NanozhConfig, "model" | "training" | "data">): ShardPlan {
  const common = {
    mix: cfg.data.mix.map((m) => ({ lang: m.lang, weight: m.weight, charsPerToken: m.chars_per_token, bytesPerChar: m.bytes_per_char })),
    margin: cfg.data.margin,
    charsPerShard: cfg.data.chars_per_shard,
  };
  if (cfg.training.num_iterations > 0) return planShards({ tokens: cfg.training.num_iterations * cfg.training.total_batch_size, ...common });
  return planShards({ depth: cfg.model.depth, vocabSize: cfg.model.vocab_size, ratio: cfg.training.target_param_data_ratio, padVocabTo: NANOCHAT_VOCAB_MULTIPLE, ...common });
}

export interface ConfigMemory {
  estimate: MemoryEstimate;
  grad_accum: number;
  /** which device_batch_size fits the configured GPU (null for cpu) */
  fit: DeviceBatchFit | null;
}

export function memoryForConfig(cfg: Pick<NanozhConfig, "model" | "training" | "hardware">): ConfigMemory {
  const gpus = Math.max(1, cfg.hardware.gpus);
  const m = { depth: cfg.model.depth, vocabSize: cfg.model.vocab_size, seqLen: cfg.model.max_seq_len, gpus, width: widthOf(cfg), padVocabTo: NANOCHAT_VOCAB_MULTIPLE };
  return {
    estimate: memoryEstimate({ ...m, deviceBatchSize: cfg.training.device_batch_size }),
    grad_accum: gradAccumSteps(cfg.training.total_batch_size, cfg.training.device_batch_size, cfg.model.max_seq_len, gpus),
    fit: cfg.hardware.gpu === "cpu" ? null : deviceBatchThatFits(lookupGpu(cfg.hardware.gpu).memory_gib, m),
  };
}

/** configs/*.yaml (or another folder's), sorted by name. */
export function configFiles(dir: string = path.join(repoRoot(), "configs")): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .sort()
    .map((f) => path.join(dir, f));
}

/** What a config implies, in one flat row: size, horizon, time and cost, memory, shards. */
export interface ConfigSummary {
  config: string;
  depth: number;
  vocab_size: number;
  max_seq_len: number;
  params_m: number;
  ratio: number;
  /** target tokens, ratio · params */
  tokens_b: number;
  /** fixed num_iterations, or nanochat's ratio-derived count; null on CPU without a fixed count */
  iterations: number | null;
  /** iterations · total_batch_size, what nanochat trains */
  tokens_trained_b: number | null;
  hardware: string;
  hours: number | null;
  cost_usd: number | null;
  device_batch_size: number;
  grad_accum: number;
  memory_gib: number;
  /** the largest device_batch_size that fits the configured GPU (null on CPU) */
  largest_fitting_batch: number | null;
  chars_per_token: number;
  /** shards for the tokens the run trains (shardPlanForConfig) */
  shards: number;
  chars_per_shard: number;
  download_gb: number;
}

export function configSummary(cfg: NanozhConfig): ConfigSummary {
  const size = sizeForConfig(cfg);
  const plan = shardPlanForConfig(cfg);
  const mem = memoryForConfig(cfg);
  const cpu = cfg.hardware.gpu === "cpu";
  const params = paramCount(padVocab(withWidth(modelShape(cfg.model.depth, cfg.model.vocab_size, cfg.model.max_seq_len), widthOf(cfg)), NANOCHAT_VOCAB_MULTIPLE)).total;
  return {
    config: cfg.name,
    depth: cfg.model.depth,
    vocab_size: cfg.model.vocab_size,
    max_seq_len: cfg.model.max_seq_len,
    params_m: params / 1e6,
    ratio: cfg.training.target_param_data_ratio,
    tokens_b: (params * cfg.training.target_param_data_ratio) / 1e9,
    iterations: size ? size.iterations : cfg.training.num_iterations > 0 ? cfg.training.num_iterations : null,
    tokens_trained_b: size ? size.tokens_trained / 1e9 : cfg.training.num_iterations > 0 ? (cfg.training.num_iterations * cfg.training.total_batch_size) / 1e9 : null,
    hardware: cpu ? "CPU" : `${cfg.hardware.gpus}× ${cfg.hardware.gpu}`,
    hours: size ? size.hours : null,
    cost_usd: size ? size.cost_usd : null,
    device_batch_size: cfg.training.device_batch_size,
    grad_accum: mem.grad_accum,
    memory_gib: mem.estimate.total_gib,
    largest_fitting_batch: mem.fit ? mem.fit.device_batch_size : null,
    chars_per_token: plan.chars_per_token,
    shards: plan.shards,
    chars_per_shard: plan.chars_per_shard,
    download_gb: plan.download_bytes / 1e9,
  };
}
