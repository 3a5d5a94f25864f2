// Model shape from depth, nanochat v1 (nanochat-reference.md §1a; guide §1.1 "design rules"):
// n_embd = 64·depth, n_head = max(1, ceil(n_embd/128)) so head_dim = 128, n_kv_head = n_head (MHA),
// seq 2048, untied wte / lm_head, RMSNorm without weights, no biases.

export const NANOCHAT_V1_VOCAB = 65_536;
export const NANOCHAT_V1_SEQ_LEN = 2048;
export const ASPECT_RATIO = 64;
export const HEAD_DIM = 128;

export interface ModelShape {
  depth: number;
  n_layer: number;
  n_embd: number;
  n_head: number;
  n_kv_head: number;
  head_dim: number;
  vocab_size: number;
  max_seq_len: number;
}

/** Depth must be a positive even integer: odd depths give a fractional head_dim in nanochat v1 (d5 → 320/3). */
export function checkDepth(depth: number): number {
  if (typeof depth !== "number" || !Number.isFinite(depth)) throw new Error(`depth must be a number, got ${String(depth)}`);
  if (!Number.isInteger(depth)) throw new Error(`depth must be an integer, got ${depth}`);
  if (depth <= 0) throw new Error(`depth must be positive, got ${depth}`);
  if (depth % 2 !== 0)
    throw new Error(`depth must be even, got ${depth} (n_embd = ${64 * depth} does not split into 128-wide heads; nanochat asserts)`);
  return depth;
}

export function checkPositiveInteger(value: number, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0)
    throw new Error(`${what} must be a positive integer, got ${String(value)}`);
  return value;
}

/** nanochat v1's model shape for a depth (vocab 65,536 and seq 2048 unless given). */
export function modelShape(depth: number, vocabSize: number = NANOCHAT_V1_VOCAB, maxSeqLen: number = NANOCHAT_V1_SEQ_LEN): ModelShape {
  checkDepth(depth);
  checkPositiveInteger(vocabSize, "vocab size");
  checkPositiveInteger(maxSeqLen, "max_seq_len");
  const n_embd = depth * ASPECT_RATIO;
  const n_head = Math.max(1, Math.ceil(n_embd / HEAD_DIM));
  if (n_embd % n_head !== 0) throw new Error(`n_embd ${n_embd} is not divisible by n_head ${n_head}`);
  return {
    depth,
    n_layer: depth,
    n_embd,
    n_head,
    n_kv_head: n_head,
    head_dim: n_embd / n_head,
    vocab_size: vocabSize,
    max_seq_len: maxSeqLen,
  };
}

/** A config's model.n_embd / n_head / n_kv_head (CPU toys); heads default to ⌈n_embd / 128⌉ when only the width is set. */
export interface WidthOverrides {
  nEmbd?: number;
  nHead?: number;
  nKvHead?: number;
}

/** nanochat's shape for the depth, with a config's width and heads where it sets them (lib/train gptConfigFor's rule). */
export function withWidth(shape: ModelShape, s: WidthOverrides = {}): ModelShape {
  if (s.nEmbd === undefined && s.nHead === undefined && s.nKvHead === undefined) return shape;
  const n_embd = s.nEmbd ?? shape.n_embd;
  const n_head = s.nHead ?? (s.nEmbd !== undefined ? Math.max(1, Math.ceil(n_embd / 128)) : shape.n_head);
  const n_kv_head = s.nKvHead ?? n_head;
  if (n_embd % n_head !== 0) throw new Error(`n_embd ${n_embd} is not divisible by n_head ${n_head}`);
  if (n_head % n_kv_head !== 0) throw new Error(`n_head ${n_head} is not divisible by n_kv_head ${n_kv_head}`);
  return { ...shape, n_embd, n_head, n_kv_head, head_dim: n_embd / n_head };
}

