// nanochat v1 base_train schedules (nanochat-reference.md §2): the learning-rate multiplier with
// warmup and warmdown ratios and a final fraction, and Muon's momentum ramp 0.85 → 0.95 over 300 steps.

export interface LrSchedule {
  /** total optimizer steps N */
  numIterations: number;
  /** share of N spent warming up linearly from 1/warmup to 1 (nanochat v1: 0) */
  warmupRatio: number;
  /** share of N at the end spent decaying linearly to finalLrFrac (nanochat v1: 0.2) */
  warmdownRatio: number;
  /** multiplier reached at the last step (nanochat v1: 0) */
  finalLrFrac: number;
}

export const NANOCHAT_V1_SCHEDULE = { warmupRatio: 0, warmdownRatio: 0.2, finalLrFrac: 0 } as const;

/** Python's round(): halves go to the even neighbour (round(0.5) = 0, round(2.5) = 2). */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** get_lr_multiplier(it) of nanochat v1 base_train, step `it` counted from 0. */
export function lrMultiplier(it: number, s: LrSchedule): number {
  const warmup = pyRound(s.warmupRatio * s.numIterations);
  const warmdown = pyRound(s.warmdownRatio * s.numIterations);
  if (it < warmup) return (it + 1) / warmup;
  if (it <= s.numIterations - warmdown) return 1.0;
  const progress = (s.numIterations - it) / warmdown;
  return progress * 1.0 + (1 - progress) * s.finalLrFrac;
}

/** get_muon_momentum(it) of nanochat v1: linear 0.85 → 0.95 over the first `rampSteps` (300) steps. */
export function muonMomentum(it: number, rampSteps = 300): number {
  const frac = Math.min(it / rampSteps, 1);
  return (1 - frac) * 0.85 + frac * 0.95;
}
