// The model's shape under nanochat's GPTConfig names (nanochat-reference.md §1a).
import { modelShape } from "../sizing/model";

export interface GPTConfig {
  sequence_len: number;
  vocab_size: number;
  n_layer: number;
  n_head: number;
  n_kv_head: number;
  n_embd: number;
}

export const CONFIG_FIELDS = ["sequence_len", "vocab_size", "n_layer", "n_head", "n_kv_head", "n_embd"] as const;

/** nanochat v1 config for a depth: n_embd = 64·depth, heads = ceil(n_embd/128), MHA (lib/sizing's modelShape). */
export function configForDepth(depth: number, vocabSize: number, sequenceLen: number): GPTConfig {
  const s = modelShape(depth, vocabSize, sequenceLen);
  return {
    sequence_len: s.max_seq_len,
    vocab_size: s.vocab_size,
    n_layer: s.n_layer,
    n_head: s.n_head,
    n_kv_head: s.n_kv_head,
    n_embd: s.n_embd,
  };
}

/** Head width n_embd / n_head. */
export function headDim(c: GPTConfig): number {
  return c.n_embd / c.n_head;
}

/** Check every field; `where` names the source (a file or a flag) in the error. Returns a clean copy. */
export function validateConfig(c: unknown, where: string): GPTConfig {
  if (typeof c !== "object" || c === null || Array.isArray(c)) throw new Error(`${where}: model config must be an object`);
  const o = c as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const f of CONFIG_FIELDS) {
    const v = o[f];
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) throw new Error(`${where}: ${f} must be a positive integer, got ${JSON.stringify(v)}`);
    out[f] = v;
  }
  const cfg = out as unknown as GPTConfig;
  if (cfg.n_embd % cfg.n_head !== 0) throw new Error(`${where}: n_embd ${cfg.n_embd} is not divisible by n_head ${cfg.n_head}`);
  if (headDim(cfg) % 2 !== 0) throw new Error(`${where}: head_dim ${headDim(cfg)} must be even for rotary embeddings`);
  if (cfg.n_kv_head > cfg.n_head) throw new Error(`${where}: n_kv_head ${cfg.n_kv_head} must be ≤ n_head ${cfg.n_head}`);
  if (cfg.n_head % cfg.n_kv_head !== 0) throw new Error(`${where}: n_head ${cfg.n_head} must be a multiple of n_kv_head ${cfg.n_kv_head}`);
  return cfg;
}
