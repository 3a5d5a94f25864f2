import { test } from "node:test";
import assert from "node:assert/strict";
import { BYTES_PER_CHAR, parseMix, planShards, scenarioPlans, shardsVsMix } from "../../lib/plan";
import { paramsForDepth } from "../../lib/sizing";

test("guide §4 scenarios from the guide's own inputs: 67, 191, 14 shards", () => {
  const plans = Object.fromEntries(scenarioPlans().map((p) => [p.scenario.name, p]));
  const d16 = plans["d16-chinese"];
  assert.equal(d16.asPrinted.tokens, 5.95e9);
  assert.ok(Math.abs(d16.asPrinted.chars - 16.66e9) < 1);
  assert.equal(d16.asPrinted.shards, 67);
  assert.equal(plans["d20-bilingual"].asPrinted.tokens, 13.25e9);
  assert.equal(plans["d20-bilingual"].asPrinted.chars, 47.7e9);
  assert.equal(plans["d20-bilingual"].asPrinted.shards, 191);
  assert.equal(plans["d8-single-gpu"].asPrinted.chars, 3.5e9);
  assert.equal(plans["d8-single-gpu"].asPrinted.shards, 14);
  for (const p of Object.values(plans)) assert.equal(p.asPrinted.shards, p.scenario.guideShards);
});

test("the same scenarios with the true parameter counts (errata 9): 80, 188, 12 shards", () => {
  const plans = Object.fromEntries(scenarioPlans().map((p) => [p.scenario.name, p.recomputed]));
  assert.equal(plans["d16-chinese"].params, 283_246_592);
  assert.equal(plans["d16-chinese"].tokens, 7_081_164_800);
  assert.equal(plans["d16-chinese"].shards, 80);
  assert.equal(plans["d20-bilingual"].params, 521_216_000);
  assert.equal(plans["d20-bilingual"].shards, 188);
  assert.equal(plans["d8-single-gpu"].params, 55_885_824);
  assert.equal(plans["d8-single-gpu"].shards, 12);
  // with the default 10% headroom
  assert.deepEqual(scenarioPlans(0.1).map((p) => p.recomputed.shards), [88, 207, 13]);
});

test("tokens → chars → bytes → shards with a margin; the guide's §1.3 d4 example", () => {
  // guide §1.3 example 1: 740M tokens × 4.8 = 3.552B chars = 14.2 shards; +10% → 16
  const p = planShards({ tokens: 740e6, charsPerToken: 4.8, lang: "en", margin: 0.1 });
  assert.equal(p.chars, 3_552_000_000);
  assert.equal(p.bytes, 3_552_000_000);
  assert.equal(p.shards_exact.toFixed(4), "15.6288");
  assert.equal(p.shards, 16);
  assert.equal(planShards({ tokens: 740e6, charsPerToken: 4.8, margin: 0 }).shards, 15);
  // download: 0.4 × bytes × (1 + margin), ≈100 MB per English shard
  assert.equal(Math.round(planShards({ tokens: 250e6 / 4.8, charsPerToken: 4.8, lang: "en", margin: 0 }).download_bytes), 100_000_000);
  // depth input = ratio × exact params
  const d = planShards({ depth: 20, ratio: 20, charsPerToken: 4.8 });
  assert.equal(d.tokens, 20 * paramsForDepth(20).total);
  assert.equal(d.shards, 237);
});

test("a mixture by tokens keeps chars and bytes apart per language", () => {
  const p = planShards({ tokens: 1e9, mix: parseMix("zh=0.7:1.4,en=0.3:4.8"), margin: 0.1 });
  const [zh, en] = p.parts;
  assert.equal(zh.tokens, 7e8);
  assert.ok(Math.abs(zh.chars - 9.8e8) < 1e-3);
  assert.equal(zh.bytes, zh.chars * BYTES_PER_CHAR.zh);
  assert.equal(en.tokens, 3e8);
  assert.ok(Math.abs(en.chars - 1.44e9) < 1e-3);
  assert.equal(en.bytes, en.chars);
  assert.ok(Math.abs(p.chars - 2.42e9) < 1e-3);
  assert.equal(p.shards, Math.ceil((2.42e9 * 1.1) / 250e6)); // 11
  assert.equal(p.shards, 11);
  assert.equal(p.chars_per_token.toFixed(2), "2.42");
  assert.deepEqual([zh.shards_alone, en.shards_alone], [5, 7]);
  // explicit bytes per char
  assert.equal(parseMix("zh=1:1.4:3")[0].bytesPerChar, 3);
});

test("shards against the mix ratio, for a plot", () => {
  const s = shardsVsMix({ depth: 16, vocabSize: 40_000, ratio: 25, margin: 0, a: { lang: "zh", charsPerToken: 1.4 }, b: { lang: "en", charsPerToken: 4.8 }, steps: 4 });
  assert.deepEqual(s.map((x) => x.weight_a), [0, 0.25, 0.5, 0.75, 1]);
  const tokens = 25 * 283_246_592;
  assert.equal(s[0].shards, Math.ceil((tokens * 4.8) / 250e6));
  assert.equal(s[4].shards, Math.ceil((tokens * 1.4) / 250e6));
  for (let i = 1; i < s.length; i++) assert.ok(s[i].chars < s[i - 1].chars);
  assert.ok(s[4].bytes > s[4].chars * 2.8); // Chinese: ~3 bytes per char
});

test("bad input is a clear error", () => {
  assert.throws(() => parseMix("zh=0.7:1.4,en=0.2:4.8"), /must sum to 1, got 0.9/);
  assert.throws(() => parseMix("zh=0.7"), /is not lang=weight:charsPerToken/);
  assert.throws(() => parseMix("zh=a:1.4,en=0.3:4.8"), /weight 'a' is not a number/);
  assert.throws(() => parseMix("zh=0.5:1.4,zh=0.5:1.4"), /appears twice/);
  assert.throws(() => parseMix("zh=1:0"), /chars per token must be a positive number/);
  assert.throws(() => planShards({ charsPerToken: 4.8 }), /give tokens, or a depth/);
  assert.throws(() => planShards({ tokens: 1e9 }), /chars per token must be a positive number/);
  assert.throws(() => planShards({ tokens: 1e9, depth: 20, charsPerToken: 4 }), /not both/);
  assert.throws(() => planShards({ tokens: 1e9, charsPerToken: 4, margin: -0.1 }), /margin must be/);
  assert.throws(() => planShards({ depth: 7, charsPerToken: 4 }), /depth must be even/);
});
