// Per-GPU memory estimate for nanochat v1 base training (bf16 autocast, torch.compile, SDPA/flash).
// Every term is listed with its bytes so a reader can see where the memory goes:
//   weights      fp32 master copies, except wte which v1 stores in bf16: 4·(P − wte) + 2·wte
//   gradients    same dtype as their parameters: 4·(P − wte) + 2·wte
//   adamw        wte and lm_head, 2 moments each in the parameter's dtype (torch zeros_like):
//                2·(2·wte) + 2·(4·lm_head), sharded over the GPUs (v1 DistAdamW is ZeRO-2)
//   muon         one fp32 momentum buffer per block matrix: 4·transformer, sharded over the GPUs
//                (v1 DistMuon gives each matrix to one owner rank)
//   activations  saved for backward, bf16, per token per layer 12·d values:
//                  attention: residual x into the norm (d), norm(x) into c_q/c_k/c_v (d),
//                             q, k, v after RoPE and QK-norm into SDPA (d + 2·kv_dim),
//                             SDPA output into c_proj (d); plus SDPA's fp32 logsumexp (4·n_head bytes).
//                             Flash/SDPA stores no T×T matrix.
//                  MLP:       residual x into the norm (d), norm(x) into c_fc (d), c_fc output (4d);
//                             relu² is recomputed from it (compile fuses pointwise ops).
//                plus once per token: embedding output and the final norm's input/output (3d), and a
//                backward transient of one layer's recomputed relu² and its gradient (8d).
//   logits       bf16 lm_head output (2·V bytes/token) and the fp32 softcapped logits
//                15·tanh(z/15) fed to cross-entropy (4·V bytes/token); the fused backward reuses them.
//   overhead     1 GiB of CUDA context / cuBLAS / NCCL workspaces + 5% of the rest for allocator
//                fragmentation.
// Calibrated against the device_batch_size nanochat and the guide use on 80 GB: d20 → 32, d26 → 16,
// d32 → 8 (guide §1.4), and d10 → 16 on a 24 GB card (guide §1.3 example 2). It is an estimate, not a
// measurement: treat a margin under ~10% as "try it".
import { modelShape, padVocab, withWidth, type WidthOverrides } from "./model";
import { paramCount } from "./params";

const GIB = 1024 ** 3;
export const DEVICE_BATCH_CANDIDATES = [32, 16, 8, 4, 2, 1] as const;

export interface MemoryInput {
  depth: number;
  vocabSize?: number;
  seqLen?: number;
  deviceBatchSize: number;
  /** GPUs sharing the optimizer state (ZeRO-style); default 1 */
  gpus?: number;
  /** a width other than nanochat's 64·depth */
  width?: WidthOverrides;
  /** nanochat's vocabulary padding (lib/sizing/size SizeInput.padVocabTo) */
  padVocabTo?: number;
}

export interface MemoryTerm {
  name: "weights" | "gradients" | "adamw" | "muon" | "activations" | "logits" | "overhead";
  bytes: number;
  note: string;
}

export interface MemoryEstimate {
  depth: number;
  vocab_size: number;
  seq_len: number;
  device_batch_size: number;
  gpus: number;
  terms: MemoryTerm[];
  total_bytes: number;
  total_gib: number;
}

export function memoryEstimate(m: MemoryInput): MemoryEstimate {
  const shape = padVocab(withWidth(modelShape(m.depth, m.vocabSize, m.seqLen), m.width), m.padVocabTo);
  const gpus = m.gpus ?? 1;
  if (!Number.isInteger(m.deviceBatchSize) || m.deviceBatchSize <= 0) throw new Error(`device_batch_size must be a positive integer, got ${m.deviceBatchSize}`);
  if (!Number.isInteger(gpus) || gpus <= 0) throw new Error(`gpus must be a positive integer, got ${gpus}`);
  const p = paramCount(shape);
  const d = shape.n_embd;
  const kv = shape.n_kv_head * shape.head_dim;
  const V = shape.vocab_size;
  const tokens = m.deviceBatchSize * shape.max_seq_len;

  const nonWte = p.total - p.wte;
  const weights = 4 * nonWte + 2 * p.wte;
  const gradients = weights;
  const adamw = (2 * 2 * p.wte + 2 * 4 * p.lm_head) / gpus;
  const muon = (4 * p.transformer) / gpus;
  const perLayerPerToken = 2 * (d + d + (d + 2 * kv) + d) + 4 * shape.n_head + 2 * (d + d + 4 * d);
  const activations = tokens * (shape.n_layer * perLayerPerToken + 2 * 3 * d + 2 * 8 * d);
  const logits = tokens * V * (2 + 4);
  const subtotal = weights + gradients + adamw + muon + activations + logits;
  const overhead = GIB + 0.05 * subtotal;
  const terms: MemoryTerm[] = [
    { name: "weights", bytes: weights, note: "fp32 master weights, wte in bf16" },
    { name: "gradients", bytes: gradients, note: "same dtype as the weights" },
    { name: "adamw", bytes: adamw, note: `2 moments for wte (bf16) and lm_head (fp32), ÷ ${gpus} GPU(s)` },
    { name: "muon", bytes: muon, note: `fp32 momentum per block matrix, ÷ ${gpus} GPU(s)` },
    { name: "activations", bytes: activations, note: `bf16, ${perLayerPerToken} B/token/layer × ${shape.n_layer} layers × ${tokens} tokens (+ embeddings, final norm, one-layer backward transient)` },
    { name: "logits", bytes: logits, note: `B·T·V: bf16 lm_head output + fp32 softcapped logits (6 B × ${V} × ${tokens})` },
    { name: "overhead", bytes: overhead, note: "1 GiB CUDA context + 5% fragmentation" },
  ];
  const total = subtotal + overhead;
  return {
    depth: m.depth,
    vocab_size: V,
    seq_len: shape.max_seq_len,
    device_batch_size: m.deviceBatchSize,
    gpus,
    terms,
    total_bytes: total,
    total_gib: total / GIB,
  };
}

export interface DeviceBatchFit {
  memory_gib: number;
  /** the largest of 32, 16, 8, 4, 2, 1 that fits, or null when even 1 does not */
  device_batch_size: number | null;
  estimates: { device_batch_size: number; total_gib: number; fits: boolean }[];
}

/** Which device_batch_size (32, 16, 8, 4, 2, 1) fits a card of `memoryGib`. */
export function deviceBatchThatFits(memoryGib: number, m: Omit<MemoryInput, "deviceBatchSize">): DeviceBatchFit {
  if (!(memoryGib > 0)) throw new Error(`GPU memory must be > 0 GiB, got ${memoryGib}`);
  const estimates = DEVICE_BATCH_CANDIDATES.map((b) => {
    const e = memoryEstimate({ ...m, deviceBatchSize: b });
    return { device_batch_size: b, total_gib: e.total_gib, fits: e.total_gib <= memoryGib };
  });
  const first = estimates.find((e) => e.fits);
  return { memory_gib: memoryGib, device_batch_size: first ? first.device_batch_size : null, estimates };
}

/** One (depth, device_batch_size) memory estimate, flat for a table: each term in GiB. */
export interface MemoryRow {
  depth: number;
  device_batch_size: number;
  weights_gib: number;
  gradients_gib: number;
  adamw_gib: number;
  muon_gib: number;
  activations_gib: number;
  logits_gib: number;
  overhead_gib: number;
  total_gib: number;
}

/** Memory estimates by term for every depth × device_batch_size. */
export function memoryRows(depths: readonly number[], deviceBatchSizes: readonly number[], m: Omit<MemoryInput, "depth" | "deviceBatchSize"> = {}): MemoryRow[] {
  return depths.flatMap((depth) =>
    deviceBatchSizes.map((deviceBatchSize) => {
      const e = memoryEstimate({ ...m, depth, deviceBatchSize });
      const gib = (name: MemoryTerm["name"]) => (e.terms.find((t) => t.name === name) as MemoryTerm).bytes / GIB;
      return {
        depth,
        device_batch_size: deviceBatchSize,
        weights_gib: gib("weights"),
        gradients_gib: gib("gradients"),
        adamw_gib: gib("adamw"),
        muon_gib: gib("muon"),
        activations_gib: gib("activations"),
        logits_gib: gib("logits"),
        overhead_gib: gib("overhead"),
        total_gib: e.total_gib,
      };
    }),
  );
}

export interface Card {
  /** column label, e.g. "80 GB ×8" */
  label: string;
  memoryGib: number;
  /** GPUs sharing the optimizer state */
  gpus: number;
}

/**
 * The largest device_batch_size (32 … 1) that fits each card, per depth, and the estimate at that size:
 * {depth, "80 GB ×8": 32, "80 GB ×8 GiB": 74.0, …}; null where even 1 does not fit.
 */
export function deviceBatchFitRows(depths: readonly number[], cards: readonly Card[], m: Omit<MemoryInput, "depth" | "deviceBatchSize" | "gpus"> = {}): Record<string, number | string | null>[] {
  return depths.map((depth) => {
    const row: Record<string, number | string | null> = { depth: `d${depth}` };
    for (const card of cards) {
      const fit = deviceBatchThatFits(card.memoryGib, { ...m, depth, gpus: card.gpus });
      const at = fit.estimates.find((e) => e.device_batch_size === fit.device_batch_size);
      row[card.label] = fit.device_batch_size;
      row[`${card.label}: GiB`] = at ? at.total_gib : null;
    }
    return row;
  });
}
