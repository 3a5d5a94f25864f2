// A config's training block resolved into what the loop runs (nanochat v1 base_train, reference §2):
// the model shape (nanochat's depth rule unless model.n_embd/n_head/n_kv_head override it, for tests
// and CPU toys), gradient accumulation, the horizon (num_iterations, else target_param_data_ratio ·
// total params // total_batch_size), the LR schedule, clipping, evaluation and sampling cadence.
import type { NanozhConfig } from "../config";
import { configForDepth, validateConfig, type GPTConfig } from "../model";
import { iterationsForRatio, paramCount, flopsPerToken, type ModelShape } from "../sizing";
import { NANOCHAT_V1_SCHEDULE, type LrSchedule } from "./schedule";

export interface TrainSettings {
  model: GPTConfig;
  seed: number;
  deviceBatch: number;
  seqLen: number;
  totalBatch: number;
  gradAccum: number;
  numIterations: number;
  /** which rule set numIterations */
  horizon: "num_iterations" | "target_param_data_ratio";
  schedule: LrSchedule;
  /** 0 disables */
  gradClip: number;
  lrs: { embedding_lr: number; unembedding_lr: number; matrix_lr: number };
  evalEvery: number;
  evalTokens: number;
  /** -1 disables */
  sampleEvery: number;
  /** -1: only the final checkpoint */
  saveEvery: number;
  params: number;
  flopsPerToken: number;
}

/** lib/sizing's shape for a GPT config (for its parameter and FLOPs counts). */
export function shapeOf(c: GPTConfig): ModelShape {
  return {
    depth: c.n_layer,
    n_layer: c.n_layer,
    n_embd: c.n_embd,
    n_head: c.n_head,
    n_kv_head: c.n_kv_head,
    head_dim: c.n_embd / c.n_head,
    vocab_size: c.vocab_size,
    max_seq_len: c.sequence_len,
  };
}

/** The GPT shape a config asks for. */
export function gptConfigFor(cfg: Pick<NanozhConfig, "model" | "file">): GPTConfig {
  const m = cfg.model;
  const base = configForDepth(m.depth, m.vocab_size, m.max_seq_len);
  const n_embd = m.n_embd ?? base.n_embd;
  const n_head = m.n_head ?? (m.n_embd !== undefined ? Math.max(1, Math.ceil(n_embd / 128)) : base.n_head);
  return validateConfig({ ...base, n_embd, n_head, n_kv_head: m.n_kv_head ?? n_head }, `${cfg.file}: model`);
}

export function trainSettings(cfg: NanozhConfig, overrides: { numIterations?: number } = {}): TrainSettings {
  const model = gptConfigFor(cfg);
  const t = cfg.training;
  const B = t.device_batch_size;
  const T = cfg.model.max_seq_len;
  if (t.total_batch_size % (B * T) !== 0)
    throw new Error(`${cfg.file}: training.total_batch_size ${t.total_batch_size} is not a multiple of device_batch_size·max_seq_len = ${B}·${T}`);
  const shape = shapeOf(model);
  const params = paramCount(shape).total;
  let numIterations: number;
  let horizon: TrainSettings["horizon"];
  if (overrides.numIterations !== undefined || t.num_iterations > 0) {
    numIterations = overrides.numIterations ?? t.num_iterations;
    horizon = "num_iterations";
  } else {
    numIterations = iterationsForRatio(params, t.target_param_data_ratio, t.total_batch_size);
    horizon = "target_param_data_ratio";
    if (numIterations < 1)
      throw new Error(`${cfg.file}: training.target_param_data_ratio ${t.target_param_data_ratio} · ${params} params is less than one step of ${t.total_batch_size} tokens`);
  }
  return {
    model,
    seed: t.seed ?? 42,
    deviceBatch: B,
    seqLen: T,
    totalBatch: t.total_batch_size,
    gradAccum: t.total_batch_size / (B * T),
    numIterations,
    horizon,
    schedule: {
      numIterations,
      warmupRatio: t.warmup_ratio ?? NANOCHAT_V1_SCHEDULE.warmupRatio,
      warmdownRatio: t.warmdown_ratio ?? NANOCHAT_V1_SCHEDULE.warmdownRatio,
      finalLrFrac: t.final_lr_frac ?? NANOCHAT_V1_SCHEDULE.finalLrFrac,
    },
    gradClip: t.grad_clip ?? 1.0,
    lrs: { embedding_lr: t.embedding_lr, unembedding_lr: t.unembedding_lr, matrix_lr: t.matrix_lr },
    evalEvery: t.eval_every,
    evalTokens: t.eval_tokens ?? 20 * t.total_batch_size,
    sampleEvery: t.sample_every,
    saveEvery: t.save_every ?? -1,
    params,
    flopsPerToken: flopsPerToken(shape, T),
  };
}
