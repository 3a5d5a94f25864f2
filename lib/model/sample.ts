// Picking the next token from a row of logits, as nanochat's generate: top-k keeps logits ≥ the k-th largest,
// temperature 0 is argmax (first maximum), otherwise softmax(logits / temperature) sampled with a seeded Rng.
import type { Rng } from "./rng";

export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Index of the first NaN or ±Infinity in `row`, or -1. */
export function firstNonFinite(row: ArrayLike<number>): number {
  for (let i = 0; i < row.length; i++) if (!Number.isFinite(row[i])) return i;
  return -1;
}

/**
 * Throw when a row of logits holds NaN or ±Infinity (weights or activations that are not finite): no token
 * can be picked from it. `where` names the step (e.g. "generated token 3").
 */
export function assertFiniteLogits(row: ArrayLike<number>, where: string): void {
  const i = firstNonFinite(row);
  if (i >= 0)
    throw new Error(`${where}: the logits are not finite (logit ${i} of ${row.length} is ${row[i]}); the model's weights or activations hold NaN/Infinity — check model.safetensors (a diverged or corrupt model)`);
}

export function sampleToken(row: ArrayLike<number>, temperature: number, topK: number | undefined, rng: Rng): number {
  const V = row.length;
  assertFiniteLogits(row, "sampling");
  let cut = -Infinity;
  if (topK !== undefined && topK < V) {
    if (!Number.isInteger(topK) || topK < 1) throw new Error(`top-k must be a positive integer, got ${topK}`);
    cut = Array.from(row).sort((a, b) => b - a)[topK - 1];
  }
  if (temperature === 0) {
    let best = -1;
    for (let i = 0; i < V; i++) if (row[i] >= cut && (best < 0 || row[i] > row[best])) best = i;
    return best;
  }
  if (!(temperature > 0)) throw new Error(`temperature must be ≥ 0, got ${temperature}`);
  let mx = -Infinity;
  for (let i = 0; i < V; i++) if (row[i] >= cut && row[i] > mx) mx = row[i];
  const p = new Float64Array(V);
  let sum = 0;
  for (let i = 0; i < V; i++) if (row[i] >= cut) sum += p[i] = Math.exp((row[i] - mx) / temperature);
  let u = rng.next() * sum;
  let last = 0;
  for (let i = 0; i < V; i++) {
    if (p[i] === 0) continue;
    last = i;
    u -= p[i];
    if (u < 0) return i;
  }
  return last;
}

/** How to generate: token budget, temperature and top-k (nanochat's sampling), seed, stop tokens. */
export interface GenerateOptions {
  maxTokens: number;
  /** 0 = greedy; default 1 (nanochat's default) */
  temperature?: number;
  topK?: number;
  /** sampling seed; default 42 (nanochat) */
  seed?: number;
  /** generation stops when one of these is produced (the stop token is not yielded) */
  stopIds?: number[];
}
