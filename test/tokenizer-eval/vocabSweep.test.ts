// The vocabulary where our chars/token curve meets a reference's, and what it costs in parameters.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeMatch, vocabCost, vocabForCharsPerToken } from "../../lib/tokenizer/evaluate/vocabSweep";
import { paramsForDepth } from "../../lib/sizing/params";

const curve = [
  { vocab: 16_384, charsPerToken: 1.2 },
  { vocab: 32_768, charsPerToken: 1.4 },
  { vocab: 65_536, charsPerToken: 1.6 },
];

describe("vocabForCharsPerToken", () => {
  it("interpolates linearly in log(vocab) between the trained sizes around the target", () => {
    const m = vocabForCharsPerToken(curve, 1.3);
    assert.equal(m.how, "interpolated");
    assert.ok(Math.abs(m.vocab! - Math.sqrt(16_384 * 32_768)) < 1e-6);
    assert.ok(Math.abs(vocabForCharsPerToken(curve, 1.4).vocab! - 32_768) < 1e-6);
  });
  it("extends the last segment past the largest size, and says so", () => {
    const m = vocabForCharsPerToken(curve, 1.8);
    assert.equal(m.how, "extrapolated");
    assert.ok(Math.abs(m.vocab! - 131_072) < 1e-6);
    assert.deepEqual(vocabForCharsPerToken(curve, 1.0), { vocab: 16_384, how: "at or below the smallest" });
    assert.deepEqual(vocabForCharsPerToken([{ vocab: 1, charsPerToken: 2 }, { vocab: 2, charsPerToken: 1.9 }], 3), { vocab: null, how: "not reached" });
  });
});

describe("describeMatch", () => {
  it("says where the match lies: between trained sizes, beyond the largest, or at the smallest", () => {
    assert.equal(describeMatch(vocabForCharsPerToken(curve, 1.4), curve), "≈32,768 (interpolated)");
    assert.equal(describeMatch(vocabForCharsPerToken(curve, 1.8), curve), "beyond 65,536 (≈131,072 extrapolated)");
    assert.equal(describeMatch(vocabForCharsPerToken(curve, 1.0), curve), "≤16,384 (at or below the smallest trained)");
    assert.match(describeMatch({ vocab: null, how: "not reached" }, curve), /^not reached/);
  });
});

describe("vocabCost", () => {
  it("is the embedding plus the untied head of lib/sizing's model at that depth", () => {
    for (const depth of [16, 20]) {
      const c = vocabCost(151_669, depth);
      const p = paramsForDepth(depth, 151_669);
      assert.equal(c.embedHead, p.wte + p.lm_head);
      assert.ok(c.share > 0 && c.share < 1);
      assert.ok(vocabCost(32_768, depth).embedHead < c.embedHead);
    }
  });
});
