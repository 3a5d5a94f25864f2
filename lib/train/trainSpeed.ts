// Training speed on random tokens: full steps (forward, backward, AdamW + Muon) of a given shape on a
// given engine, after untimed warm-up steps. What `nanozh bench train` and bench/train-speed.ts report.
import { initBackend, measuredMatmulPeakFlops } from "../model/backend";
import type { GPTConfig } from "../model/config";
import { LocalEngine, type MicroBatch, type StepEngine } from "./engine";
import { NANOCHAT_V1_LRS } from "./optimizers";
import { WorkerEngine } from "./workerEngine";

export type EngineKind = "local" | "workers";

export interface TrainSpeedOptions {
  cfg: GPTConfig;
  /** rows per step (one micro-batch of B × sequence_len tokens) */
  batch: number;
  steps?: number;
  warmup?: number;
  backend?: string;
  engine?: EngineKind;
  workers?: number;
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

export async function measureTrainSpeed(o: TrainSpeedOptions): Promise<TrainSpeedResult> {
  const backend = await initBackend(o.backend, { quiet: true });
  const kind = o.engine ?? "local";
  const steps = o.steps ?? 3;
  const warmup = o.warmup ?? 1;
  const T = o.cfg.sequence_len;
  const opts = { seed: o.seed ?? 42, lrs: NANOCHAT_V1_LRS };
  const engine: StepEngine =
    kind === "workers" ? await WorkerEngine.start(o.cfg, { ...opts, workers: o.workers ?? 2, backend }) : new LocalEngine(o.cfg, opts);
  const threads = kind === "workers" ? (o.workers ?? 2) : 1;
  const stepSeconds: number[] = [];
  const losses: number[] = [];
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
  } finally {
    await engine.dispose();
  }
  const tokensPerStep = o.batch * T;
  const total = stepSeconds.reduce((a, b) => a + b, 0);
  const tokensPerS = (tokensPerStep * stepSeconds.length) / total;
  const peak = await measuredMatmulPeakFlops();
  const fpt = trainFlopsPerToken(o.cfg);
  return {
    tokens_per_s: tokensPerS,
    backend,
    engine: kind === "workers" ? `workers×${threads}` : "local",
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
