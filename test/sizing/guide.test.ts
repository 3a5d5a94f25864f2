import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { compareGuideTable, computeGuideRow, GUIDE_TABLE_1_2, guideShards, trainingDefaultsForDepth } from "../../lib/sizing";
import { repoRoot } from "../../lib/util/paths";

test("the §1.2 transcription is the guide's table", () => {
  assert.deepEqual(GUIDE_TABLE_1_2.map((r) => r.depth), [4, 6, 8, 10, 12, 16, 20, 26, 32]);
  assert.deepEqual(GUIDE_TABLE_1_2.map((r) => r.params_m), [37, 56, 82, 112, 149, 268, 561, 1200, 1900]);
  assert.deepEqual(GUIDE_TABLE_1_2.map((r) => r.tokens_b), [0.74, 1.12, 1.64, 2.24, 2.98, 5.36, 11.2, 24, 38]);
  assert.deepEqual(GUIDE_TABLE_1_2.map((r) => r.shards), [8, 12, 18, 24, 32, 58, 240, 480, 720]);
  assert.deepEqual(GUIDE_TABLE_1_2.map((r) => r.time_text), ["~15min", "~25min", "~35min", "~50min", "~1.2hr", "~2hr", "~4hr", "~12hr", "~33hr"]);
  assert.deepEqual(GUIDE_TABLE_1_2.map((r) => r.cost_usd), [6, 10, 14, 20, 29, 48, 96, 288, 792]);
  // the guide's cost column is its time column × $24/h
  for (const r of GUIDE_TABLE_1_2) assert.ok(Math.abs(r.hours * 24 - r.cost_usd) <= 0.5, `d${r.depth}`);
});

test("computed rows: both time methods side by side", () => {
  // d4: the guide's §1.3 example 1 computes 52 s with 6·P (at its rounded 37M); exact P gives 51 s
  const d4 = computeGuideRow(4);
  assert.equal(Math.round(d4.hours_6p * 3600), 51);
  const twin = (6 * 36_700_160 * 1400 * 524_288) / (989e12 * 8 * 0.4);
  assert.ok(Math.abs(d4.hours_6p * 3600 - twin) < 1e-6);
  assert.equal(d4.cost_usd_6p, d4.hours_6p * 24);
  // nanochat's estimate leaves out wte (most of d4) and adds attention: smaller at d4, larger at d32
  assert.ok(d4.hours < d4.hours_6p);
  const d32 = computeGuideRow(32);
  assert.ok(d32.hours > d32.hours_6p);
});

test("computed rows: the guide's own shard rule, §1.3 time, $24/h", () => {
  assert.equal(guideShards(734_003_200), 16); // errata item 4: d4 needs 16, not 8
  assert.deepEqual(compareGuideTable().map((r) => r.computed.shards), [16, 26, 39, 57, 79, 142, 237, 458, 794]);
  const d20 = computeGuideRow(20);
  assert.equal(d20.params_m, 560.98816);
  assert.equal(d20.hours.toFixed(3), "3.439");
  assert.equal(d20.cost_usd.toFixed(2), "82.53");
});

test("disagreements are marked beyond 2% with the errata item that covers them", () => {
  const rows = Object.fromEntries(compareGuideTable().map((r) => [r.depth, r]));
  const cell = (d: number, c: string) => rows[d].cells.find((x) => x.column === c)!;
  // errata 2: params; d4, d20, d32 agree
  assert.equal(cell(4, "params_m").agrees, true);
  assert.equal(cell(20, "params_m").agrees, true);
  assert.equal(cell(32, "params_m").agrees, true);
  for (const d of [6, 8, 10, 12, 16, 26]) assert.deepEqual([cell(d, "params_m").agrees, cell(d, "params_m").errata], [false, [2]], `d${d}`);
  // errata 4: shards; d20's 240 is within 2% of 237
  assert.equal(cell(20, "shards").agrees, true);
  for (const d of [4, 6, 8, 10, 12, 16, 26, 32]) assert.deepEqual(cell(d, "shards").errata, [4], `d${d}`);
  // errata 5: d26 and d32 times (and costs)
  assert.deepEqual(cell(26, "hours").errata, [5]);
  assert.deepEqual(cell(32, "cost_usd").errata, [5]);
  // not in the errata: the small models' times are far above §1.3's method
  assert.equal(cell(16, "hours").agrees, false);
  assert.deepEqual(cell(16, "hours").errata, []);
  assert.match(cell(4, "hours").note, /not in the errata: the guide's time is 17\.6× its own §1\.3 method \(6·P\) and 26\.8× nanochat's estimate_flops/);
  // errata 5's 15.2 h and 38 h are 6·P on the guide's own parameter figures; the note says so
  assert.match(cell(26, "hours").note, /guide's own 1200M parameters: 15\.2 h/);
  assert.match(cell(32, "hours").note, /guide's own 1900M parameters: 38\.0 h/);
  assert.equal(cell(20, "params_m").note, "");
  assert.equal(rows[4].cells.find((x) => x.column === "n_embd")!.agrees, true);
  for (const r of Object.values(rows)) for (const c of ["n_embd", "n_head"]) assert.equal(r.cells.find((x) => x.column === c)!.agrees, true);
});

test("guide §1.4 training settings by depth band", () => {
  const d4 = trainingDefaultsForDepth(4);
  assert.deepEqual([d4.band, d4.device_batch_size, d4.max_seq_len, d4.eval_every, d4.core_metric_every, d4.sample_every], ["d4-d8", 32, 1024, 100, 500, 500]);
  const d12 = trainingDefaultsForDepth(12);
  assert.deepEqual([d12.band, d12.device_batch_size, d12.max_seq_len, d12.eval_every, d12.core_metric_every, d12.sample_every], ["d10-d16", 32, 2048, 250, 1000, 1000]);
  const d20 = trainingDefaultsForDepth(20);
  assert.deepEqual([d20.band, d20.device_batch_size, d20.core_metric_every, d20.sample_every], ["d20-d26", 32, 2000, 2000]);
  assert.equal(trainingDefaultsForDepth(26).device_batch_size, 16);
  assert.equal(trainingDefaultsForDepth(22).device_batch_size, 16);
  const d32 = trainingDefaultsForDepth(32);
  assert.deepEqual([d32.band, d32.device_batch_size, d32.max_seq_len, d32.eval_every, d32.core_metric_every], ["d32+", 8, 2048, 250, 2000]);
  assert.equal(trainingDefaultsForDepth(2).band, "d4-d8");
  assert.equal(trainingDefaultsForDepth(18).band, "d20-d26");
  for (const d of [4, 12, 20, 32]) assert.deepEqual([trainingDefaultsForDepth(d).total_batch_size, trainingDefaultsForDepth(d).num_iterations], [524_288, -1]);
  assert.throws(() => trainingDefaultsForDepth(9), /depth must be even/);
});

test("the README's range for the d4–d20 times not in the errata is what compareGuideTable computes", () => {
  const rows = compareGuideTable().filter((r) => r.guide.depth <= 20);
  const range = (f: (r: (typeof rows)[number]) => number) => {
    const xs = rows.map(f);
    return `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}×`;
  };
  const by6p = range((r) => r.guide.hours / r.computed.hours_6p);
  const byNanochat = range((r) => r.guide.hours / r.computed.hours);
  assert.equal(by6p, "1.2–17.6×");
  const readme = fs.readFileSync(path.join(repoRoot(), "README.md"), "utf8");
  assert.ok(readme.includes(`${by6p} the guide's own §1.3 method, 6·P; ${byNanochat} nanochat's estimate_flops`), `README should say ${by6p} (6·P) and ${byNanochat} (nanochat)`);
});
