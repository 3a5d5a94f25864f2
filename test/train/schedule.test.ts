import { test } from "node:test";
import assert from "node:assert/strict";
import { lrMultiplier, muonMomentum, pyRound } from "../../lib/train/schedule";

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

test("pyRound rounds halves to even like Python's round()", () => {
  assert.deepEqual([0.5, 1.5, 2.5, 3.5, 2.4, 2.6, 12.5].map(pyRound), [0, 2, 2, 4, 2, 3, 12]);
});

test("lrMultiplier: nanochat v1 defaults (no warmup, last 20% to 0), hand values", () => {
  const s = { numIterations: 100, warmupRatio: 0, warmdownRatio: 0.2, finalLrFrac: 0 };
  close(lrMultiplier(0, s), 1);
  close(lrMultiplier(80, s), 1); // it ≤ N − warmdown
  close(lrMultiplier(81, s), 0.95); // (100 − 81)/20
  close(lrMultiplier(90, s), 0.5);
  close(lrMultiplier(99, s), 0.05);
});

test("lrMultiplier: warmup (it+1)/warmup and a final fraction", () => {
  const s = { numIterations: 100, warmupRatio: 0.1, warmdownRatio: 0.2, finalLrFrac: 0.1 };
  close(lrMultiplier(0, s), 0.1);
  close(lrMultiplier(4, s), 0.5);
  close(lrMultiplier(9, s), 1);
  close(lrMultiplier(10, s), 1);
  close(lrMultiplier(90, s), 0.5 + 0.5 * 0.1);
  close(lrMultiplier(100, s), 0.1);
  // warmdown of round(0.2 · 12) = round(2.4) = 2 steps: 1 up to it = 10, then 0.5 at 11
  close(lrMultiplier(10, { ...s, numIterations: 12, warmupRatio: 0 }), 1);
  close(lrMultiplier(11, { ...s, numIterations: 12, warmupRatio: 0, finalLrFrac: 0 }), 0.5);
});

test("muonMomentum: 0.85 → 0.95 linearly over 300 steps, then flat", () => {
  close(muonMomentum(0), 0.85);
  close(muonMomentum(150), 0.9);
  close(muonMomentum(300), 0.95);
  close(muonMomentum(5000), 0.95);
  close(muonMomentum(30), 0.86);
});
