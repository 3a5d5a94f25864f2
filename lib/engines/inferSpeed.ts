// Inference speed of a nanochat-v1 shape on an engine, the same work as ../shared/bench/torch_infer_bench.py
// (its same-run peer): random weights; a 16-token warm-up; a 256-token prompt (prefill, logits of the last
// position); 15 greedy tokens with the KV cache; then 0-shot multiple-choice scoring: a 40-token subject
// prefix once into a KV cache and N questions of 150 tokens continued from it, the log-probabilities of four
// letters at each question's end — the better of one question at a time and all N as one batch (as the peer).
import { configForDepth, type GPTConfig } from "../model/config";
import type { NamedArrays } from "../model/namedArrays";
import { paramSpecs } from "../model/params";
import { Rng } from "../model/rng";
import { argmax } from "../model/sample";
import { type EngineChoice, type InferenceEngine, prefill } from "./inference";
import { loadInferenceEngine } from "./open";

export interface InferSpeedOptions {
  depth: number;
  vocab: number;
  questions: number;
  engine?: EngineChoice;
  threads?: number;
  backend?: string;
}

export interface InferSpeed {
  engine: string;
  backend: string;
  threads: number;
  depth: number;
  vocab: number;
  params: number;
  questions: number;
  prompt_256_seconds: number;
  generate_tokens_per_s: number;
  score_questions_per_s: number;
  /** which scoring pass was faster: "one at a time" or "batch of N" */
  score_mode: string;
  peak_rss_mb: number;
}

/** The peer's shape: width 64·depth, heads ⌈width/128⌉, MHA (lib/model configForDepth). */
export function benchConfig(depth: number, vocab: number): GPTConfig {
  return configForDepth(depth, vocab, 2048);
}

/** Random N(0, 1/√fan_in) weights, as the peer's (speed does not depend on the values). */
export function randomWeights(cfg: GPTConfig, seed = 0): NamedArrays {
  const rng = new Rng(seed);
  const w: NamedArrays = new Map();
  for (const s of paramSpecs(cfg)) {
    const std = s.kind === "embedding" ? 1 : 1 / Math.sqrt(s.shape[1]);
    w.set(s.name, { shape: [...s.shape], data: rng.normals(s.shape[0] * s.shape[1], std) });
  }
  return w;
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

export async function measureInferSpeed(o: InferSpeedOptions): Promise<InferSpeed> {
  const cfg = benchConfig(o.depth, o.vocab);
  const weights = randomWeights(cfg);
  const engine = await loadInferenceEngine({ config: cfg, weights, source: "random weights" }, { engine: o.engine, threads: o.threads, backend: o.backend });
  try {
    return await measure(engine, cfg, o);
  } finally {
    engine.dispose();
  }
}

async function measure(engine: InferenceEngine, cfg: GPTConfig, o: InferSpeedOptions): Promise<InferSpeed> {
  const V = cfg.vocab_size;
  const rng = new Rng(1);
  const ids = (n: number) => Int32Array.from({ length: n }, () => 1 + Math.floor(rng.next() * (V - 2)));
  const prompt = ids(256);
  (await prefill(engine, prompt.subarray(0, 16), 16)).cache.dispose(); // warm-up

  const t0 = performance.now();
  const { cache, logits } = await prefill(engine, prompt, 256, "last");
  const promptS = seconds(t0);

  let tok = argmax(logits);
  const g0 = performance.now();
  for (let i = 0; i < 15; i++) tok = argmax(await engine.step(cache, Int32Array.of(tok)));
  const genTps = 15 / seconds(g0);
  cache.dispose();

  const pre = await prefill(engine, ids(40), 40, "last");
  const qs = ids(o.questions * 150);
  const letters = [65, 66, 67, 68];
  const readsFor = (rows: number) => Array.from({ length: rows }, (_, row) => letters.map((target) => ({ row, pos: 149, target }))).flat();
  const s0 = performance.now();
  for (let q = 0; q < o.questions; q++) await engine.logProbs(pre.cache, qs.subarray(q * 150, (q + 1) * 150), 150, readsFor(1));
  const oneS = seconds(s0);
  const b0 = performance.now();
  await engine.logProbs(pre.cache, qs, 150, readsFor(o.questions));
  const batchS = seconds(b0);
  pre.cache.dispose();

  return {
    engine: engine.info.engine,
    backend: engine.info.backend,
    threads: engine.info.threads,
    depth: o.depth,
    vocab: V,
    params: paramSpecs(cfg).reduce((n, s) => n + s.shape[0] * s.shape[1], 0),
    questions: o.questions,
    prompt_256_seconds: promptS,
    generate_tokens_per_s: genTps,
    score_questions_per_s: o.questions / Math.min(oneS, batchS),
    score_mode: oneS <= batchS ? "one at a time" : `batch of ${o.questions}`,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
}
