// How far is a multiple-choice score from guessing? Wilson intervals, the exact two-sided binomial test
// against p = 0.25, the gold-letter distribution and what a constant answer would score
// (eval-reference §5 "Letter bias near chance"; the C-Eval tutorial's "5 points per subject, 2 over the set").
import { LETTERS } from "./types";
import type { Letter, MCQuestion } from "./types";

/** Wilson score interval for k successes in n trials (z = 1.96: 95%). n = 0 carries no information: [0, 1]. */
export function wilsonInterval(k: number, n: number, z = 1.96): [number, number] {
  checkCounts(k, n, "wilsonInterval");
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

function checkCounts(k: number, n: number, fn: string): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${fn}: n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new Error(`${fn}: k must be an integer in [0, n=${n}], got ${k}`);
}

/** log(i!) for i = 0..n, by a running sum of logs (exact enough: absolute error ~1e-9 at n = 11,582). */
function logFactorials(n: number): Float64Array {
  const lf = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) lf[i] = lf[i - 1] + Math.log(i);
  return lf;
}

/** log P(X = i) for X ~ Binomial(n, p), i = 0..n. */
export function binomialLogPmf(n: number, p: number): Float64Array {
  if (!(p > 0 && p < 1)) throw new Error(`binomialLogPmf: p must be in (0, 1), got ${p}`);
  const lf = logFactorials(n);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const out = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) out[i] = lf[n] - lf[i] - lf[n - i] + i * lp + (n - i) * lq;
  return out;
}

/**
 * Exact two-sided binomial p-value of k successes in n trials against success probability p: the total
 * probability of every outcome no more likely than the observed one (R's binom.test, scipy's binomtest,
 * with their 1e-7 relative tolerance for ties). Log space, so n = 11,582 (CMMLU test) works.
 */
export function binomialPValue(k: number, n: number, p = 0.25): number {
  checkCounts(k, n, "binomialPValue");
  if (n === 0) return 1;
  const logPmf = binomialLogPmf(n, p);
  const limit = logPmf[k] + Math.log1p(1e-7);
  let sum = 0;
  for (let i = 0; i <= n; i++) if (logPmf[i] <= limit) sum += Math.exp(logPmf[i]);
  return Math.min(1, sum);
}

/** Score thresholds for n questions: the fewest correct answers (and the most, below chance) that differ from p at level alpha. */
export interface SignificanceThreshold {
  n: number;
  alpha: number;
  /** Smallest accuracy above p with p-value < alpha (null if none exists, e.g. tiny n). */
  above: number | null;
  /** Largest accuracy below p with p-value < alpha (null if none). */
  below: number | null;
  /** (above − p) in percentage points: "a score must beat 25% by this much". */
  points_above: number | null;
}

/**
 * What the exact binomial test needs at this n. The C-Eval tutorial's rule of thumb: a subject of 200–300
 * questions needs > 5 points, the whole set > 2; this gives the exact number for any n.
 */
export function significanceThreshold(n: number, p = 0.25, alpha = 0.05): SignificanceThreshold {
  checkCounts(0, n, "significanceThreshold");
  const logPmf = n > 0 ? binomialLogPmf(n, p) : new Float64Array(1);
  const pValueAt = (k: number): number => {
    const limit = logPmf[k] + Math.log1p(1e-7);
    let sum = 0;
    for (let i = 0; i <= n; i++) if (logPmf[i] <= limit) sum += Math.exp(logPmf[i]);
    return sum;
  };
  let above: number | null = null;
  for (let k = Math.ceil(n * p); k <= n && n > 0; k++) {
    if (k / n > p && pValueAt(k) < alpha) {
      above = k / n;
      break;
    }
  }
  let below: number | null = null;
  for (let k = Math.floor(n * p); k >= 0 && n > 0; k--) {
    if (k / n < p && pValueAt(k) < alpha) {
      below = k / n;
      break;
    }
  }
  return { n, alpha, above, below, points_above: above === null ? null : 100 * (above - p) };
}

/** Counts of each letter (undefined entries, e.g. test questions without gold, are skipped). */
export function letterCounts(letters: Iterable<Letter | undefined>): Record<Letter, number> {
  const counts: Record<Letter, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const l of letters) {
    if (l === undefined) continue;
    if (!(l in counts)) throw new Error(`letterCounts: not a letter A–D: ${JSON.stringify(l)}`);
    counts[l]++;
  }
  return counts;
}

/** Counts → shares summing to 1 (all zero when there are no letters). */
export function letterShares(counts: Record<Letter, number>): Record<Letter, number> {
  const total = LETTERS.reduce((s, l) => s + counts[l], 0);
  const out: Record<Letter, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const l of LETTERS) out[l] = total > 0 ? counts[l] / total : 0;
  return out;
}

/** Share of each gold letter over the questions that have one (error if none has: test split without answers). */
export function letterDistribution(qs: MCQuestion[]): Record<Letter, number> {
  const counts = letterCounts(qs.map((q) => q.answer));
  if (LETTERS.every((l) => counts[l] === 0)) throw new Error(`letterDistribution: none of the ${qs.length} questions has a gold answer`);
  return letterShares(counts);
}

/** The best a model that always answers one letter could score: the largest letter share (first letter on ties). */
export function constantAnswerBest(shares: Record<Letter, number>): { letter: Letter; accuracy: number } {
  let best: Letter = LETTERS[0];
  for (const l of LETTERS) if (shares[l] > shares[best]) best = l;
  return { letter: best, accuracy: shares[best] };
}

// ---- Many subjects, many tests ----------------------------------------------------------------------
// 52 C-EVAL subjects each tested at 5% give ~2.6 "significant" subjects by chance alone, so a per-subject
// p-value must be adjusted for the number of tests before a subject is called better than guessing.
// Both adjustments are R's p.adjust (method "holm", "BH"): adjusted p-values, compared with alpha as is.

function checkPValues(p: readonly number[], fn: string): void {
  p.forEach((x, i) => {
    if (!(x >= 0 && x <= 1)) throw new Error(`${fn}: p-values must lie in [0, 1], got ${x} at index ${i}`);
  });
}

/**
 * Holm's step-down adjustment (family-wise error rate): sort ascending, the i-th smallest (1-based) becomes
 * max over j ≤ i of min(1, (m − j + 1)·p(j)). Returned in the input order. Every Holm-adjusted p ≥ the raw p.
 */
export function holmAdjust(p: readonly number[]): number[] {
  checkPValues(p, "holmAdjust");
  const m = p.length;
  const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p[idx]));
    out[idx] = running;
  });
  return out;
}

/**
 * Benjamini–Hochberg step-up adjustment (false discovery rate): sort ascending, the i-th smallest becomes
 * min over j ≥ i of min(1, m·p(j) / j). Returned in the input order. Never above Holm's.
 */
export function benjaminiHochbergAdjust(p: readonly number[]): number[] {
  checkPValues(p, "benjaminiHochbergAdjust");
  const m = p.length;
  const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  const out = new Array<number>(m);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const idx = order[rank];
    running = Math.min(running, Math.min(1, (m * p[idx]) / (rank + 1)));
    out[idx] = running;
  }
  return out;
}
