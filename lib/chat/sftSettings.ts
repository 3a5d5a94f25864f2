// A config's chat block resolved into what the fine-tuning loop runs (lib/chat/sft.ts), checked against
// the base model it starts from: the sequence length cannot exceed the model's context.
import { CHAT_INIT_LR_FRAC, type ChatTaskConfig, type NanozhConfig } from "../config";
import type { GPTConfig } from "../model";
import type { ChatMode } from "./sftSchedule";

export interface ChatSettings {
  mode: ChatMode;
  numIterations: number;
  /** rows per micro-batch (conversations in sft mode, packed rows in mid mode) */
  deviceBatch: number;
  /** micro-batches per optimizer step (target_examples_per_step / device_batch_size) */
  gradAccum: number;
  seqLen: number;
  initLrFrac: number;
  lrs: { embedding_lr: number; unembedding_lr: number; matrix_lr: number };
  gradClip: number;
  evalEvery: number;
  evalConversations?: number;
  valShare: number;
  seed: number;
  tasks: ChatTaskConfig[];
}

export interface ChatOverrides {
  mode?: ChatMode;
  numIterations?: number;
}

export function chatSettings(cfg: NanozhConfig, model: GPTConfig, over: ChatOverrides = {}, modelLabel = "the base model"): ChatSettings {
  const c = cfg.chat;
  if (!c) throw new Error(`${cfg.file}: no chat block (nanozh sft needs chat: {num_iterations, tasks, …}; see configs/cpu-tiny.yaml)`);
  const mode = over.mode ?? c.mode;
  if (mode !== "sft" && mode !== "mid") throw new Error(`--mode: must be sft or mid, got '${String(mode)}'`);
  const numIterations = over.numIterations ?? c.num_iterations;
  if (!Number.isInteger(numIterations) || numIterations < 1) throw new Error(`--num-iterations: must be a positive integer, got ${numIterations}`);
  if (c.max_seq_len > model.sequence_len)
    throw new Error(`${cfg.file}: chat.max_seq_len ${c.max_seq_len} exceeds ${modelLabel}'s sequence_len ${model.sequence_len}`);
  const t = cfg.training;
  return {
    mode,
    numIterations,
    deviceBatch: c.device_batch_size,
    gradAccum: c.target_examples_per_step / c.device_batch_size,
    seqLen: c.max_seq_len,
    initLrFrac: c.init_lr_frac ?? CHAT_INIT_LR_FRAC[mode],
    lrs: { embedding_lr: t.embedding_lr, unembedding_lr: t.unembedding_lr, matrix_lr: t.matrix_lr },
    gradClip: t.grad_clip ?? 1.0,
    evalEvery: c.eval_every,
    evalConversations: c.eval_conversations,
    valShare: c.val_share,
    seed: c.seed,
    tasks: c.tasks,
  };
}
