// nanochat v1's optimizer constants (reference §2), shared by every engine: the learning rates of
// setup_optimizers, torch AdamW's betas/eps as nanochat sets them, and Muon's Newton–Schulz coefficients.

export interface OptimizerLRs {
  embedding_lr: number;
  unembedding_lr: number;
  matrix_lr: number;
  /** AdamW weight decay; nanochat v1 uses 0 */
  weight_decay?: number;
}

export const NANOCHAT_V1_LRS: OptimizerLRs = { embedding_lr: 0.2, unembedding_lr: 0.004, matrix_lr: 0.02, weight_decay: 0 };

export interface AdamWOptions {
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

export const NANOCHAT_ADAMW: AdamWOptions = { betas: [0.8, 0.95], eps: 1e-10, weightDecay: 0 };

/** the quintic Newton–Schulz iteration's (a, b, c) and step count (nanochat/muon.py) */
export const NS_COEFFS: [number, number, number] = [3.4445, -4.775, 2.0315];
export const NS_STEPS = 5;
