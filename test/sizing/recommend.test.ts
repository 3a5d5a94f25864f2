import { test } from "node:test";
import assert from "node:assert/strict";
import { deviceBatchThatFits, MIN_DEVICE_BATCH, PURPOSE_HOURS, recommend, sizeModel } from "../../lib/sizing";

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

test("own RTX 4090, learning: time and the card's memory are budgets too (guide §4.3 says d8)", () => {
  const own = { budgetUsd: 0, gpu: "RTX 4090", gpus: 1, corpus: "zh" as const, purpose: "learn" as const, usdPerGpuHour: 0 };
  const r = recommend(own);
  // $0 never binds on a free card; the default learning budget of 4 h does: d10 takes 6.4 h
  assert.equal(r.hours_budget, PURPOSE_HOURS.learn);
  assert.equal(r.hours_budget_source, "default for the purpose");
  assert.deepEqual([r.mode, r.depth, r.device_batch_size], ["gpu", 8, 16]);
  assert.ok(r.hours! <= 4);
  const d10 = sizeModel({ depth: 10, vocabSize: 40_000, ratio: 25, gpu: "RTX 4090", gpus: 1, usdPerGpuHour: 0 });
  assert.ok(d10.hours > 4, "d10 is over the time budget");
  assert.ok(r.reasons.some((x) => x.includes("d10 takes 6.4 h > the 4 h time budget")));
  assert.ok(r.candidates.every((c) => c.fits_money && !c.fits_time));
  // a given time budget moves the answer; 55 h buys d16 (memory allows it at batch 8)
  const day = recommend({ ...own, hours: 8 });
  assert.deepEqual([day.depth, day.hours_budget_source], [10, "given"]);
  assert.equal(recommend({ ...own, hours: 60 }).depth, 16);
});

test("the card's memory binds: a depth that fits only below device_batch_size 8 is not recommended", () => {
  const r = recommend({ budgetUsd: 0, gpu: "RTX 4090", gpus: 1, corpus: "zh", purpose: "production", usdPerGpuHour: 0, hours: 1e6 });
  const twin = (d: number) => deviceBatchThatFits(24, { depth: d, vocabSize: 40_000, gpus: 1 }).device_batch_size;
  for (const c of r.candidates) assert.equal(c.fits_memory, (twin(c.depth) ?? 0) >= MIN_DEVICE_BATCH, `d${c.depth}`);
  assert.equal(r.depth, 20);
  assert.equal(twin(22)! < MIN_DEVICE_BATCH, true);
  assert.ok(r.reasons.some((x) => x.includes("d22 fits 24 GiB only at device_batch_size 4 < 8")));
  // an H100 (80 GiB) holds the same depths at larger batches
  const big = recommend({ budgetUsd: 0, gpu: "H100", gpus: 1, corpus: "zh", purpose: "production", usdPerGpuHour: 0, hours: 1e6 });
  assert.ok(big.depth > r.depth);
});

test("time budget: bad values are errors", () => {
  assert.throws(() => recommend({ budgetUsd: 10, gpu: "H100", gpus: 8, corpus: "zh", purpose: "learn", hours: 0 }), /hours \(time budget\) must be/);
  assert.throws(() => recommend({ budgetUsd: 10, gpu: "H100", gpus: 8, corpus: "zh", purpose: "learn", hours: Number.NaN }), /hours \(time budget\) must be/);
});
