// Validation hold-out helpers for the mixture: how many val documents per source, and which.
import type { Rng } from "./rng";

/** k distinct integers from [0, n), seeded (Floyd's algorithm). */
export function sampleIndices(n: number, k: number, rng: Rng): Set<number> {
  const out = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = Math.floor(rng() * (j + 1));
    out.add(out.has(t) ? j : t);
  }
  return out;
}

/** Split `total` into integer parts ∝ weights (largest remainder), each part capped at caps[i]. */
export function apportion(total: number, weights: number[], caps: number[]): number[] {
  const exact = weights.map((w) => w * total);
  const parts = exact.map((x, i) => Math.min(Math.floor(x), caps[i]));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  while (left > 0) {
    let moved = false;
    for (const [, i] of order) {
      if (left > 0 && parts[i] < caps[i]) {
        parts[i]++;
        left--;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return parts;
}
