// FLOPs per token as nanochat v1's estimate_flops (nanochat-reference.md §1a):
// 6·(P − wte) + 12·L·n_head·head_dim·T. The lm_head is counted (a matmul), wte is a lookup and is not;
// the 12·L·d·T term is attention's QKᵀ and AV at full causal context T.
import type { ModelShape } from "./model";
import { paramCount } from "./params";

export interface FlopsParts {
  /** parameters that take part in a matmul: P − wte */
  matmul_params: number;
  /** 6·(P − wte): forward 2 + backward 4 FLOPs per matmul weight */
  matmul_flops: number;
  /** 12·L·n_head·head_dim·T: QKᵀ and AV, forward and backward, at context T */
  attention_flops: number;
  seq_len: number;
  total: number;
}

/** The two terms of nanochat's FLOPs/token estimate, and their sum. */
export function flopsPerTokenParts(shape: ModelShape, seqLen: number = shape.max_seq_len): FlopsParts {
  const p = paramCount(shape);
  const matmul_params = p.total - p.wte;
  const matmul_flops = 6 * matmul_params;
  const attention_flops = 12 * shape.n_layer * shape.n_head * shape.head_dim * seqLen;
  return { matmul_params, matmul_flops, attention_flops, seq_len: seqLen, total: matmul_flops + attention_flops };
}

export function flopsPerToken(shape: ModelShape, seqLen: number = shape.max_seq_len): number {
  const p = paramCount(shape);
  return 6 * (p.total - p.wte) + 12 * shape.n_layer * shape.n_head * shape.head_dim * seqLen;
}
