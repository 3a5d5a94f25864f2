import { test } from "node:test";
import assert from "node:assert/strict";
import { flopsPerToken, iterationsForRatio, modelShape, paramCount, paramsForDepth, sizeModel, tokensForRatio } from "../../lib/sizing";

// nanochat-reference.md §1a, v1 table (V = 65,536, T = 2048, ratio 20, batch 524,288)
const V1 = [
  { L: 4, d: 256, heads: 2, params: 36_700_160, flops: 1.447e8, iters: 1_400, tokensB: 0.734 },
  { L: 6, d: 384, heads: 3, params: 60_948_480, flops: 2.7132e8, iters: 2_325, tokensB: 1.219 },
  { L: 8, d: 512, heads: 4, params: 92_274_688, flops: 4.5298e8, iters: 3_520, tokensB: 1.845 },
  { L: 10, d: 640, heads: 5, params: 133_038_080, flops: 7.0386e8, iters: 5_075, tokensB: 2.661 },
  { L: 12, d: 768, heads: 6, params: 185_597_952, flops: 1.0381e9, iters: 7_080, tokensB: 3.712 },
  { L: 16, d: 1024, heads: 8, params: 335_544_320, flops: 2.0133e9, iters: 12_800, tokensB: 6.711 },
  { L: 20, d: 1280, heads: 10, params: 560_988_160, flops: 3.4918e9, iters: 21_400, tokensB: 11.22 },
  { L: 26, d: 1664, heads: 13, params: 1_081_999_360, flops: 6.9009e9, iters: 41_275, tokensB: 21.64 },
  { L: 32, d: 2048, heads: 16, params: 1_879_048_192, flops: 1.208e10, iters: 71_680, tokensB: 37.58 },
];

// nanochat-reference.md §1a, other vocab sizes under the v1 formula
const OTHER_VOCAB: Record<number, [number, number, number]> = {
  4: [19_922_944, 23_625_728, 28_745_728],
  6: [35_782_656, 41_336_832, 49_016_832],
  8: [58_720_256, 66_125_824, 76_365_824],
  10: [91_095_040, 100_352_000, 113_152_000],
  12: [135_266_304, 146_374_656, 161_734_656],
  16: [268_435_456, 283_246_592, 303_726_592],
  20: [477_102_080, 495_616_000, 521_216_000],
  26: [972_947_456, 997_015_552, 1_030_295_552],
  32: [1_744_830_464, 1_774_452_736, 1_815_412_736],
};

test("published v1 anchors: d20, d16, d32, d20 at vocab 40,000", () => {
  const d20 = sizeModel({ depth: 20 });
  assert.equal(d20.params.total, 560_988_160);
  assert.equal(d20.flops_per_token.toExponential(6), "3.491758e+9");
  assert.equal(d20.iterations, 21_400);
  assert.equal(paramsForDepth(16).total, 335_544_320);
  const d32 = sizeModel({ depth: 32 });
  assert.equal(d32.params.total, 1_879_048_192);
  assert.equal(d32.flops_per_token.toExponential(6), "1.207960e+10");
  assert.equal(d32.iterations, 71_680);
  assert.equal(paramsForDepth(20, 40_000).total, 495_616_000);
});

test("the whole v1 table: shape, params, FLOPs/token, iterations, tokens", () => {
  for (const r of V1) {
    const s = sizeModel({ depth: r.L });
    assert.equal(s.n_embd, r.d, `d${r.L} n_embd`);
    assert.equal(s.n_head, r.heads, `d${r.L} heads`);
    assert.equal(s.n_kv_head, r.heads);
    assert.equal(s.head_dim, 128);
    assert.equal(s.params.total, r.params, `d${r.L} params`);
    assert.equal(Number(s.flops_per_token.toPrecision(5)), r.flops, `d${r.L} FLOPs`);
    assert.equal(s.iterations, r.iters, `d${r.L} iters`);
    assert.equal(Number((s.tokens / 1e9).toPrecision(4)), r.tokensB, `d${r.L} tokens`);
  }
});

test("the other-vocab table (32,768 / 40,000 / 50,000) and ΔP = 2·d·ΔV", () => {
  for (const [L, counts] of Object.entries(OTHER_VOCAB)) {
    [32_768, 40_000, 50_000].forEach((V, i) => assert.equal(paramsForDepth(Number(L), V).total, counts[i], `d${L} V${V}`));
    const d = Number(L) * 64;
    assert.equal(paramsForDepth(Number(L), 40_000).total - paramsForDepth(Number(L), 32_768).total, 2 * d * (40_000 - 32_768));
  }
});

test("parts add up and agree with the plain formula twin 2·V·d + 12·L·d²", () => {
  for (let L = 2; L <= 40; L += 2) {
    for (const V of [4096, 30_000, 65_536]) {
      const p = paramsForDepth(L, V);
      const d = 64 * L;
      assert.equal(p.total, 2 * V * d + 12 * L * d * d);
      assert.equal(p.wte + p.lm_head + p.transformer, p.total);
      assert.equal(p.attention_per_layer, 4 * d * d);
      assert.equal(p.mlp_per_layer, 8 * d * d);
      assert.equal(p.transformer, L * p.per_layer);
      const shape = modelShape(L, V);
      assert.equal(flopsPerToken(shape), 6 * (12 * L * d * d + V * d) + 12 * L * d * 2048);
    }
  }
  const d4 = paramCount(modelShape(4));
  assert.deepEqual([d4.wte, d4.lm_head, d4.transformer], [16_777_216, 16_777_216, 3_145_728]); // guide §1.3 example 1
});

test("tokens and iterations at other ratios and batches", () => {
  assert.equal(tokensForRatio(560_988_160, 25), 14_024_704_000);
  assert.equal(iterationsForRatio(560_988_160, 25, 524_288), 26_750);
  assert.equal(iterationsForRatio(560_988_160, 20, 1_048_576), 10_700);
  // guide §4.3: 1.4B tokens at 131,072 per step need 10,682 steps (errata 10); floor gives 10,681 full steps
  assert.equal(iterationsForRatio(70e6, 20, 131_072), 10_681);
  assert.equal(sizeModel({ depth: 8, vocabSize: 30_000, totalBatchTokens: 131_072, numIterations: 10_000 }).tokens_trained, 1_310_720_000);
});

test("bad depth and vocab are clear errors", () => {
  assert.throws(() => modelShape(5), /depth must be even, got 5/);
  assert.throws(() => modelShape(0), /depth must be positive/);
  assert.throws(() => modelShape(-4), /depth must be positive/);
  assert.throws(() => modelShape(7.5), /depth must be an integer/);
  assert.throws(() => modelShape(Number.NaN), /depth must be a number/);
  assert.throws(() => paramsForDepth(20, 0), /vocab size must be a positive integer/);
  assert.throws(() => paramsForDepth(20, 1.5), /vocab size must be a positive integer/);
  assert.throws(() => paramsForDepth(20, -65_536), /vocab size must be a positive integer/);
  assert.throws(() => tokensForRatio(1e6, 0), /ratio must be a positive number/);
});
