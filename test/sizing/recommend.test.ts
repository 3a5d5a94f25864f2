import { test } from "node:test";
import assert from "node:assert/strict";
import { recommend, sizeModel } from "../../lib/sizing";

test("largest depth of purpose ∩ budget band whose cost fits", () => {
  const r = recommend({ budgetUsd: 100, gpu: "H100", gpus: 8, corpus: "zh", purpose: "prototype" });
  assert.equal(r.mode, "gpu");
  assert.equal(r.depth, 20);
  assert.equal(r.within_band, true);
  assert.deepEqual([r.vocab_size, r.ratio, r.mix], [40_000, 25, { zh: 0.75, en: 0.25 }]);
  const twin = sizeModel({ depth: 20, vocabSize: 40_000, ratio: 25, gpu: "H100", gpus: 8 });
  assert.equal(r.cost_usd, twin.cost_usd);
  assert.equal(r.hours, twin.hours);
  assert.equal(r.cost_usd.toFixed(2), "86.01");
  assert.deepEqual(r.candidates.map((c) => [c.depth, c.fits]), [[16, true], [18, true], [20, true]]);
  assert.ok(r.reasons.some((x) => x.includes("§5.2")));
});

test("budget decides within the band; corpus sets vocab, ratio and mix", () => {
  const r = recommend({ budgetUsd: 80, gpu: "h100", gpus: 8, corpus: "en", purpose: "prototype" });
  assert.equal(r.depth, 18); // d20 at vocab 65,536 costs $82.53 > $80
  assert.deepEqual([r.vocab_size, r.ratio, r.mix], [65_536, 20, { zh: 0, en: 1 }]);
  const m = recommend({ budgetUsd: 300, gpu: "H100", gpus: 8, corpus: "mixed", purpose: "production" });
  assert.deepEqual([m.depth, m.vocab_size, m.ratio, m.mix], [24, 50_000, 22, { zh: 0.5, en: 0.5 }]);
  assert.equal(m.cost_usd.toFixed(2), "210.16");
});

test("no depth in the band fits: say so and suggest the best that fits", () => {
  const r = recommend({ budgetUsd: 30, gpu: "H100", gpus: 8, corpus: "en", purpose: "production" });
  assert.equal(r.within_band, false);
  assert.equal(r.depth, 16);
  assert.ok(r.reasons.some((x) => x.startsWith("no depth in d20–d32 fits")));
  assert.ok(r.reasons.some((x) => x.startsWith("suggested instead: d16")));
  const broke = recommend({ budgetUsd: 0.1, gpu: "H100", gpus: 8, corpus: "en", purpose: "learn" });
  assert.equal(broke.mode, "cpu");
  assert.equal(broke.depth, 4);
  assert.ok(broke.reasons.some((x) => x.includes("CPU")));
});

test("no GPU: CPU-only d4–d6", () => {
  const r = recommend({ budgetUsd: 0, gpus: 0, corpus: "zh", purpose: "learn" });
  assert.deepEqual([r.mode, r.depth, r.hours, r.cost_usd, r.gpu], ["cpu", 4, null, 0, null]);
  assert.ok(r.reasons[0].includes("d4–d6"));
});

test("bands that do not overlap fall back to the purpose band; a single GPU is slower, same bill", () => {
  const r = recommend({ budgetUsd: 1000, gpu: "H100", gpus: 8, corpus: "zh", purpose: "learn" });
  assert.equal(r.depth, 16);
  assert.ok(r.reasons.some((x) => x.includes("do not overlap")));
  const one = recommend({ budgetUsd: 100, gpu: "4090", gpus: 1, corpus: "zh", purpose: "prototype" });
  assert.equal(one.gpu, "RTX 4090");
  assert.ok(one.reasons.some((x) => x.includes("assumes 8 GPUs")));
});

test("bad input", () => {
  assert.throws(() => recommend({ budgetUsd: -1, gpu: "H100", gpus: 8, corpus: "zh", purpose: "learn" }), /budget must be/);
  assert.throws(() => recommend({ budgetUsd: 10, gpu: "H100", gpus: 8, corpus: "fr" as never, purpose: "learn" }), /corpus must be one of/);
  assert.throws(() => recommend({ budgetUsd: 10, gpu: "H100", gpus: 8, corpus: "zh", purpose: "fun" as never }), /purpose must be one of/);
  assert.throws(() => recommend({ budgetUsd: 10, gpu: "K80", gpus: 8, corpus: "zh", purpose: "learn" }), /unknown GPU/);
});
