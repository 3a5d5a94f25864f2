import { test } from "node:test";
import assert from "node:assert/strict";
import {
  benjaminiHochbergAdjust,
  binomialPValue,
  holmAdjust,
  constantAnswerBest,
  letterCounts,
  letterDistribution,
  letterShares,
  significanceThreshold,
  wilsonInterval,
} from "../../lib/eval/stats";
import type { Letter, MCQuestion } from "../../lib/eval/types";

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

// Reference twin: the exact two-sided p-value at p = 1/4 with integers only. P(X = i) = C(n,i)·3^(n−i) / 4^n,
// so comparing outcomes' probabilities is comparing the integer weights C(n,i)·3^(n−i).
function exactPValueQuarter(k: number, n: number): number {
  const weights: bigint[] = [];
  let c = 1n; // C(n, i)
  for (let i = 0; i <= n; i++) {
    weights.push(c * 3n ** BigInt(n - i));
    c = (c * BigInt(n - i)) / BigInt(i + 1);
  }
  let sum = 0n;
  for (const w of weights) if (w <= weights[k]) sum += w;
  const scale = 10n ** 30n;
  return Number((sum * scale) / 4n ** BigInt(n)) / 1e30;
}

test("binomialPValue equals the exact BigInt sum for every k at small n", () => {
  for (const n of [1, 2, 3, 4, 7, 10, 25, 60]) {
    for (let k = 0; k <= n; k++) close(binomialPValue(k, n), exactPValueQuarter(k, n), 1e-9, `n=${n} k=${k}`);
  }
  for (const k of [50, 60, 75, 76, 90, 100, 120]) close(binomialPValue(k, 300), exactPValueQuarter(k, 300), 1e-9, `n=300 k=${k}`);
});

test("binomialPValue at C-EVAL val and CMMLU test sizes agrees with the BigInt twin and scipy's binomtest", () => {
  // The twin at n = 1346 (C-EVAL val) is still quick with BigInt.
  for (const k of [300, 337, 351, 370, 380]) close(binomialPValue(k, 1346), exactPValueQuarter(k, 1346), 1e-9, `n=1346 k=${k}`);
  // scipy 1.17.1 binomtest(k, n, 0.25).pvalue, recorded.
  close(binomialPValue(30, 100), 0.24907145667188746, 1e-9, "30/100");
  close(binomialPValue(351, 1346), 0.36143860105469383, 1e-9, "351/1346");
  close(binomialPValue(2900, 11582), 0.9230727103751131, 1e-8, "2900/11582");
  close(binomialPValue(3000, 11582), 0.02562716760814983, 1e-9, "3000/11582");
  close(binomialPValue(0, 10), 0.07604122161865237, 1e-12, "0/10");
  assert.equal(binomialPValue(0, 0), 1);
  assert.throws(() => binomialPValue(5, 4), /k must be/);
  assert.throws(() => binomialPValue(1.5, 4), /k must be/);
});

test("Wilson interval: hand-computed values, scipy's, and the edges", () => {
  // k=30, n=100, z=2 by hand: p̂=.3, centre=(.3+.02)/1.04=.3076923, half=(2/1.04)·√(.0021+.0001)=.0902004
  const [lo, hi] = wilsonInterval(30, 100, 2);
  close(lo, 0.3076923 - 0.0902004, 1e-6, "lo");
  close(hi, 0.3076923 + 0.0902004, 1e-6, "hi");
  // k=0, n=10, z=2: centre=(0+.2)/1.4=.1428571, half=(2/1.4)·√(0+.01)=.1428571 → [0, .2857143]
  const [lo0, hi0] = wilsonInterval(0, 10, 2);
  close(lo0, 0, 1e-12, "lo0");
  close(hi0, 0.2857143, 1e-6, "hi0");
  // scipy binomtest(...).proportion_ci(method="wilson") uses z = Φ⁻¹(.975).
  const z = 1.959963984540054;
  const [a, b] = wilsonInterval(351, 1346, z);
  close(a, 0.23802142523315017, 1e-12, "351/1346 lo");
  close(b, 0.28488550891699915, 1e-12, "351/1346 hi");
  const [c, d] = wilsonInterval(3000, 11582, z);
  close(c, 0.2511248263928084, 1e-12, "3000/11582 lo");
  close(d, 0.2670802155249512, 1e-12, "3000/11582 hi");
  assert.deepEqual(wilsonInterval(0, 0), [0, 1]);
  const [e, f] = wilsonInterval(10, 10);
  assert.ok(e > 0.6 && f === 1, `${e} ${f}`);
});

test("significanceThreshold: the exact test's version of the tutorial's 5-points-per-subject, 2-over-the-set", () => {
  for (const n of [250, 1346, 11582]) {
    const t = significanceThreshold(n);
    assert.ok(t.above !== null && t.below !== null);
    const kAbove = Math.round(t.above * n);
    const kBelow = Math.round(t.below * n);
    assert.ok(binomialPValue(kAbove, n) < 0.05, `n=${n}: p(${kAbove}) < .05`);
    assert.ok(binomialPValue(kAbove - 1, n) >= 0.05, `n=${n}: p(${kAbove - 1}) >= .05`);
    assert.ok(binomialPValue(kBelow, n) < 0.05 && binomialPValue(kBelow + 1, n) >= 0.05, `n=${n} below`);
  }
  const subject = significanceThreshold(250).points_above!;
  const set = significanceThreshold(1346).points_above!;
  assert.ok(subject > 5 && subject < 6.5, `250 questions need ${subject} points`);
  assert.ok(set > 2 && set < 3, `1346 questions need ${set} points`);
  assert.equal(significanceThreshold(2).above, null); // 2/2 has p = 1/16 > .05
});

test("letter counts, shares, gold distribution and the best constant answer", () => {
  const q = (answer?: Letter): MCQuestion => ({
    benchmark: "ceval", subject: "s", split: "val", id: "0", question: "?", choices: ["1", "2", "3", "4"], answer, file: "f.csv", row: 2, line: 3,
  });
  const qs = [q("A"), q("B"), q("B"), q("D"), q(undefined)];
  assert.deepEqual(letterCounts(qs.map((x) => x.answer)), { A: 1, B: 2, C: 0, D: 1 });
  assert.deepEqual(letterDistribution(qs), { A: 0.25, B: 0.5, C: 0, D: 0.25 });
  assert.deepEqual(constantAnswerBest(letterShares({ A: 3, B: 3, C: 1, D: 1 })), { letter: "A", accuracy: 0.375 });
  assert.deepEqual(constantAnswerBest({ A: 0.2, B: 0.2, C: 0.2, D: 0.4 }), { letter: "D", accuracy: 0.4 });
  assert.throws(() => letterDistribution([q(undefined)]), /none of the 1 questions/);
  assert.throws(() => letterCounts(["E" as Letter]), /not a letter/);
});

test("Holm and Benjamini–Hochberg adjustments: R's p.adjust example, hand-computed values and scipy's BH", () => {
  const near = (got: number[], want: number[], what: string) => got.forEach((g, i) => close(g, want[i], 1e-12, `${what}[${i}]`));
  // R's ?p.adjust-style textbook case: p = .01 … .05. Holm by hand: .01·5, .02·4, .03·3 → .05, .08, .09; .04·2 = .08 and
  // .05·1 = .05 stay at the running maximum .09. BH: m·p(i)/i = .05 for every i.
  near(holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]), [0.05, 0.08, 0.09, 0.09, 0.09], "holm");
  near(benjaminiHochbergAdjust([0.01, 0.02, 0.03, 0.04, 0.05]), [0.05, 0.05, 0.05, 0.05, 0.05], "bh");
  // Unsorted, with a tie, back in input order. Holm by hand (sorted .0001 .0023 .012 .04 .04 .3 .5 .9, multipliers 8…1):
  // .0008, .0161, .072, .2, max(.2, .16) = .2, .9, min(1, 1) = 1, max(1, .9) = 1.
  const p = [0.0023, 0.04, 0.3, 0.012, 0.9, 0.04, 0.0001, 0.5];
  near(holmAdjust(p), [0.0161, 0.2, 0.9, 0.072, 1, 0.2, 0.0008, 1], "holm unsorted");
  // scipy 1.17.1 false_discovery_control(p, method="bh"), recorded.
  near(benjaminiHochbergAdjust(p), [0.0092, 0.064, 0.4, 0.032, 0.9, 0.064, 0.0008, 0.5714285714285714], "bh unsorted");
  // 52 subjects: the notebook-09 case, one subject at p = 0.0023 among 51 at chance. Holm multiplies the smallest by 52.
  const many = [0.0023, ...Array.from({ length: 51 }, (_, i) => 0.05 + (0.95 * i) / 50)];
  close(holmAdjust(many)[0], Math.min(1, 52 * 0.0023), 1e-12, "holm 52");
  close(benjaminiHochbergAdjust(many)[0], 52 * 0.0023, 1e-12, "bh 52 (alone at rank 1, below every later m·p/i)");
  assert.deepEqual(holmAdjust([]), []);
  assert.deepEqual(benjaminiHochbergAdjust([0.3]), [0.3]);
  for (const adj of [holmAdjust, benjaminiHochbergAdjust]) {
    assert.throws(() => adj([0.1, NaN]), /must lie in \[0, 1\], got NaN at index 1/);
    assert.throws(() => adj([1.5]), /got 1.5/);
  }
});
