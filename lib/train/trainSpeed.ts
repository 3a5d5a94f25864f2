// Training speed on random tokens: full steps (forward, backward, AdamW + Muon) of a given shape on a
// given engine, after untimed warm-up steps. What `nanozh bench train` and bench/train-speed.ts report.
import os from "node:os";
import { paramSpecs } from "../model/params";
import type { GPTConfig } from "../model/config";
import { checkBackendName, createStepEngine, type MicroBatch } from "../engines";
import { NANOCHAT_V1_LRS } from "../engines/optimizerSettings";

export type EngineKind = "local" | "workers" | "ort" | "auto";

export interface TrainSpeedOptions {
  cfg: GPTConfig;
  /** rows per step (one micro-batch of B × sequence_len tokens) */
  batch: number;
  steps?: number;
  warmup?: number;
  backend?: string;
  engine?: EngineKind;
  workers?: number;
  /** ORT intra-op threads (--engine ort/auto; default the engine's measured fastest) */
  threads?: number;
  seed?: number;
  /** called after each timed step */
  onStep?: (i: number, seconds: number, loss: number) => void;
}

export interface TrainSpeedResult {
  tokens_per_s: number;
  backend: string;
  engine: string;
  /** model FLOPs utilisation: achieved / (measured plain-matmul peak × threads computing) */
  mfu: number;
  peak_rss_mb: number;
  step_seconds: number[];
  tokens_per_step: number;
  flops_per_token: number;
  matmul_peak_gflops: number;
  threads: number;
  losses: number[];
  shape: GPTConfig & { batch: number };
}

/** nanochat's estimate_flops: 6·(matmul weights) + 12·L·n_head·head_dim·T per trained token. */
export function trainFlopsPerToken(c: GPTConfig): number {
  const d = c.n_embd;
  const hd = d / c.n_head;
  const kv = c.n_kv_head * hd;
  const block = d * d + 2 * kv * d + d * d + 8 * d * d;
  const matmulParams = c.n_layer * block + c.vocab_size * d;
  return 6 * matmulParams + 12 * c.n_layer * c.n_head * hd * c.sequence_len;
}

/** Seeded random tokens for one micro-batch (xorshift; the bench needs no real text). */
export function randomBatch(B: number, T: number, vocab: number, seed: number): MicroBatch {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % vocab;
  };
  const stream = Int32Array.from({ length: B * T + 1 }, next);
  return { idx: stream.slice(0, B * T), targets: stream.slice(1, B * T + 1), B, T };
}

/** Elements one Float32Array can hold (V8: 2^32). */
export const MAX_TYPED_ARRAY = 2 ** 32;

/**
 * Refuse a shape that cannot be allocated before trying (a raw "Invalid typed array length" names nothing):
 * every weight and the logits must fit one typed array, and weights + gradients + AdamW moments (16 bytes
 * per parameter) plus the logits and their gradient (8 bytes per element) must fit this machine's memory.
 */
export function checkBenchShape(cfg: GPTConfig, batch: number, totalMemBytes = os.totalmem()): void {
  const fmt = (n: number) => n.toLocaleString("en-US");
  const gb = (b: number) => `${(b / 1e9).toFixed(1)} GB`;
  let params = 0;
  for (const p of paramSpecs(cfg)) {
    const n = p.shape[0] * p.shape[1];
    params += n;
    if (n > MAX_TYPED_ARRAY)
      throw new Error(`${p.name} would hold ${fmt(p.shape[0])} × ${fmt(p.shape[1])} = ${fmt(n)} floats, more than one typed array can (${fmt(MAX_TYPED_ARRAY)}); lower --vocab or --n-embd`);
  }
  const logits = batch * cfg.sequence_len * cfg.vocab_size;
  if (logits > MAX_TYPED_ARRAY)
    throw new Error(`the logits would hold --batch ${fmt(batch)} × --seq ${fmt(cfg.sequence_len)} × --vocab ${fmt(cfg.vocab_size)} = ${fmt(logits)} floats, more than one typed array can (${fmt(MAX_TYPED_ARRAY)}); lower --batch, --seq or --vocab`);
  const bytes = 16 * params + 8 * logits;
  if (bytes > totalMemBytes)
    throw new Error(`this shape needs at least ${gb(bytes)} (${fmt(params)} parameters × 16 bytes for weights, gradients and AdamW moments, plus the logits), more than this machine's ${gb(totalMemBytes)}; lower --vocab, --n-embd, --n-layer, --seq or --batch`);
}

export async function measureTrainSpeed(o: TrainSpeedOptions): Promise<TrainSpeedResult> {
  checkBenchShape(o.cfg, o.batch); // before any allocation
  const kind = o.engine ?? "local";
  if (o.backend !== undefined) checkBackendName(o.backend);
  const steps = o.steps ?? 3;
  const warmup = o.warmup ?? 1;
  const T = o.cfg.sequence_len;
  const engine = await createStepEngine(kind === "workers" ? `workers:${o.workers ?? 2}` : kind, {
    model: o.cfg,
    seed: o.seed ?? 42,
    lrs: NANOCHAT_V1_LRS,
    // the tfjs backend matters to the tfjs engines only (createStepEngine starts it for them); the ORT engine runs its own kernels
    backend: o.backend,
    threads: o.threads,
  });
  const threads = engine.threadCount;
  const backend = engine.backend;
  const stepSeconds: number[] = [];
  const losses: number[] = [];
  let peak = 0;
  try {
    for (let i = 0; i < warmup + steps; i++) {
      const micro = [randomBatch(o.batch, T, o.cfg.vocab_size, 1000 + i)];
      const t0 = performance.now();
      const r = await engine.step(micro, 1, 0.85);
      const s = (performance.now() - t0) / 1000;
      if (i >= warmup) {
        stepSeconds.push(s);
        losses.push(r.loss);
        o.onStep?.(i - warmup, s, r.loss);
      }
    }
    peak = await engine.matmulPeakFlops();
  } finally {
    await engine.dispose();
  }
  const tokensPerStep = o.batch * T;
  const total = stepSeconds.reduce((a, b) => a + b, 0);
  const tokensPerS = (tokensPerStep * stepSeconds.length) / total;
  const fpt = trainFlopsPerToken(o.cfg);
  return {
    tokens_per_s: tokensPerS,
    backend,
    engine: engine.name,
    mfu: (tokensPerS * fpt) / (peak * threads),
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    step_seconds: stepSeconds,
    tokens_per_step: tokensPerStep,
    flops_per_token: fpt,
    matmul_peak_gflops: peak / 1e9,
    threads,
    losses,
    shape: { ...o.cfg, batch: o.batch },
  };
}
