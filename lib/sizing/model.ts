// Model shape from depth, nanochat v1 (nanochat-reference.md §1a; guide §1.1 "design rules"):
// n_embd = 64·depth, n_head = max(1, ceil(n_embd/128)) so head_dim = 128, n_kv_head = n_head (MHA),
// seq 2048, untied wte / lm_head, RMSNorm without weights, no biases.

export const NANOCHAT_V1_VOCAB = 65_536;
export const NANOCHAT_V1_SEQ_LEN = 2048;
export const ASPECT_RATIO = 64;
export const HEAD_DIM = 128;
/**
 * nanochat pads wte and lm_head to a multiple of 64 rows from f1bf69d (2025-12-09) on, so at the kit's pinned
 * 507d542 (`pad_vocab_size_to=64`; logits are sliced back to vocab_size); v1, whose formulas and published numbers
 * lib/sizing reproduces by default, never padded (nanochat-reference.md §1a, §1b). Plans of a run on the pinned
 * nanochat (lib/config's configSummary, the kit) pass this as padVocabTo.
 */
export const NANOCHAT_VOCAB_MULTIPLE = 64;

export interface ModelShape {
  depth: number;
  n_layer: number;
  n_embd: number;
  n_head: number;
  n_kv_head: number;
  head_dim: number;
  vocab_size: number;
  max_seq_len: number;
  /** rows of wte and lm_head when nanochat pads the vocabulary (padVocab); absent: vocab_size rows (v1) */
  vocab_rows?: number;
}

/** vocab rounded up to a multiple (nanochat's padded vocab: 50,000 → 50,048 at 64). */
export function paddedVocabSize(vocabSize: number, multiple: number = NANOCHAT_VOCAB_MULTIPLE): number {
  checkPositiveInteger(vocabSize, "vocab size");
  checkPositiveInteger(multiple, "vocab padding multiple");
  return Math.ceil(vocabSize / multiple) * multiple;
}

/** The shape with wte and lm_head padded to a multiple of rows, as nanochat ≥ f1bf69d builds it; undefined: unchanged. */
export function padVocab(shape: ModelShape, multiple: number | undefined): ModelShape {
  if (multiple === undefined) return shape;
  return { ...shape, vocab_rows: paddedVocabSize(shape.vocab_size, multiple) };
}

/** Rows of wte and lm_head: the padded vocabulary where the shape has one. */
export function vocabRows(shape: ModelShape): number {
  return shape.vocab_rows ?? shape.vocab_size;
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

