// Table and figure helpers the notebooks call (01-model-sizing): each checked against the plain
// function it flattens, so a notebook table never disagrees with the library.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  checkGuideMemoryAdvice, compareGuideTable, deviceBatchFitRows, deviceBatchThatFits, flopsFigure, flopsPerToken, flopsPerTokenParts,
  guideComparisonRows, guideDisagreements, hoursText, memoryEstimate, memoryRows, modelShape, paramParts, paramsFigure, recommend, recommendRows,
  sizeModel, timeCostFigure, usesGuideRules, GUIDE_TABLE_1_2,
} from "../../lib/sizing";

test("paramParts: the parts add up to 2·V·d + 12·L·d², with the formulas", () => {
  for (const [depth, vocab] of [[4, 65_536], [20, 65_536], [16, 40_000], [8, 30_000]] as const) {
    const shape = modelShape(depth, vocab);
    const parts = paramParts(shape);
    const total = parts.find((p) => p.part === "total")!;
    const d = 64 * depth;
    assert.equal(total.count, 2 * vocab * d + 12 * depth * d * d);
    assert.equal(parts.filter((p) => p.part !== "total").reduce((a, p) => a + p.count, 0), total.count);
    assert.equal(total.share, 1);
  }
  const d20 = Object.fromEntries(paramParts(modelShape(20)).map((p) => [p.part, p]));
  assert.equal(d20["wte (token embedding)"].count, 83_886_080);
  assert.equal(d20["attention"].count, 20 * 4 * 1280 ** 2);
  assert.match(d20["MLP"].formula, /20 × 8·1280²/);
});

test("flopsPerTokenParts sums to flopsPerToken (its plain twin)", () => {
  for (const depth of [2, 4, 10, 20, 32]) {
    for (const seq of [256, 1024, 2048]) {
      const shape = modelShape(depth, 50_000, seq);
      const parts = flopsPerTokenParts(shape);
      assert.equal(parts.total, flopsPerToken(shape));
      assert.equal(parts.matmul_flops + parts.attention_flops, parts.total);
      assert.equal(parts.attention_flops, 12 * depth * 64 * depth * seq);
    }
  }
});

test("§1.2 comparison rows mark each guide cell with its errata item", () => {
  const rows = Object.fromEntries(guideComparisonRows().map((r) => [r.depth, r]));
  assert.equal(rows.d4.params_guide, "~37M ✓");
  assert.equal(rows.d6.params_guide, "~56M ✗ e2");
  assert.equal(rows.d20.shards_guide, "240 ✓");
  assert.equal(rows.d32.shards_guide, "720 ✗ e4");
  assert.equal(rows.d26.time_guide, "~12hr ✗ e5");
  assert.equal(rows.d4.time_guide, "~15min ✗ (not in errata)");
  assert.equal(rows.d16.shards_computed, 142);
  const dis = guideDisagreements();
  const cells = compareGuideTable().flatMap((r) => r.cells);
  assert.equal(dis.length, cells.filter((c) => !c.agrees).length);
  assert.ok(dis.every((d) => d.note !== ""));
  assert.deepEqual(dis.filter((d) => d.column === "params_m").map((d) => d.depth), ["d6", "d8", "d10", "d12", "d16", "d26"]); // errata item 2
});

test("usesGuideRules: only the guide's §1.2 settings", () => {
  assert.equal(usesGuideRules(sizeModel({ depth: 20 })), true);
  assert.equal(usesGuideRules(sizeModel({ depth: 20, vocabSize: 40_000 })), false);
  assert.equal(usesGuideRules(sizeModel({ depth: 20, ratio: 25 })), false);
  assert.equal(usesGuideRules(sizeModel({ depth: 20, gpus: 4 })), false);
});

test("memoryRows and deviceBatchFitRows agree with memoryEstimate and deviceBatchThatFits", () => {
  const rows = memoryRows([8, 20], [32, 8], { vocabSize: 50_000, seqLen: 2048, gpus: 8 });
  assert.equal(rows.length, 4);
  for (const r of rows) {
    const e = memoryEstimate({ depth: r.depth, deviceBatchSize: r.device_batch_size, vocabSize: 50_000, seqLen: 2048, gpus: 8 });
    assert.equal(r.total_gib, e.total_gib);
    const sum = r.weights_gib + r.gradients_gib + r.adamw_gib + r.muon_gib + r.activations_gib + r.logits_gib + r.overhead_gib;
    assert.ok(Math.abs(sum - r.total_gib) < 1e-9);
  }
  const cards = [{ label: "80", memoryGib: 80, gpus: 8 }, { label: "24", memoryGib: 24, gpus: 1 }];
  const fits = deviceBatchFitRows([20, 26, 32], cards);
  for (const [i, depth] of [20, 26, 32].entries()) {
    assert.equal(fits[i].depth, `d${depth}`);
    assert.equal(fits[i]["80"], deviceBatchThatFits(80, { depth, gpus: 8 }).device_batch_size);
    assert.equal(fits[i]["24"], deviceBatchThatFits(24, { depth, gpus: 1 }).device_batch_size);
  }
  assert.deepEqual(fits.map((r) => r["80"]), [32, 16, 8]); // guide §1.4
});

test("the guide's device_batch_size advice: §4.3 is cautious, §4.4's 24 × 3072 breaks grad accumulation", () => {
  const checks = checkGuideMemoryAdvice();
  const s43 = checks.find((c) => c.source === "§4.3")!;
  assert.equal(s43.fits, true);
  assert.equal(s43.grad_accum, 16);
  assert.equal(s43.largest_fitting, 32);
  const bad = checks.find((c) => c.source === "§4.4 Chinese" && c.setting.includes("seq 3072"))!;
  assert.equal(bad.grad_accum, null);
  assert.match(bad.verdict, /^✗ total_batch_size 524,288 is not a multiple of 24·3072·8/);
  for (const c of checks.filter((x) => x.source.startsWith("§1.4"))) assert.equal(c.fits, true, c.setting);
});

test("recommendRows flattens recommend()", () => {
  const input = { name: "x", budgetUsd: 100, gpu: "H100", gpus: 8, corpus: "mixed" as const, purpose: "prototype" as const };
  const [row] = recommendRows([input]);
  const r = recommend(input);
  assert.equal(row.depth, `d${r.depth}`);
  assert.equal(row.cost_usd, r.cost_usd);
  assert.equal(row.reasons.split("\n").length, r.reasons.length);
  assert.equal(recommendRows([{ ...input, gpu: null, gpus: 0 }])[0].hardware, "CPU");
});

test("sweep figures: stacked parts sum to the parameters; guide overlay only when asked", () => {
  const sweep = [4, 8, 20].map((depth) => sizeModel({ depth }));
  const fig = paramsFigure(sweep, "depth");
  const bars = fig.data.filter((t) => t.type === "bar");
  assert.equal(bars.length, 4);
  sweep.forEach((s, i) => {
    const sum = bars.reduce((a, t) => a + (t.y as number[])[i], 0);
    assert.ok(Math.abs(sum - s.params.total / 1e6) < 1e-9);
  });
  assert.equal(paramsFigure(sweep, "depth", { guide: GUIDE_TABLE_1_2 }).data.length, fig.data.length + 1);
  assert.equal(timeCostFigure(sweep, "depth").data.length, 2);
  assert.equal(timeCostFigure(sweep, "depth", { guide: GUIDE_TABLE_1_2 }).data.length, 4);
  const flops = flopsFigure([16_384, 65_536].map((v) => sizeModel({ depth: 12, vocabSize: v })), "vocab");
  assert.deepEqual(flops.data[0].y, [16_384, 65_536].map((v) => sizeModel({ depth: 12, vocabSize: v }).flops_per_token));
  assert.equal((flops.layout.xaxis as { type: string }).type, "log");
  assert.throws(() => paramsFigure([], "depth"), /no sizes/);
});

test("hoursText", () => {
  assert.equal(hoursText(0.0093), "0.6 min");
  assert.equal(hoursText(50 / 60), "50 min");
  assert.equal(hoursText(3.44), "3.4 h");
});
