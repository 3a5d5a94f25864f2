// One rule for nanochat's vocabulary padding: v1 (the published tables lib/sizing reproduces) never padded; from
// f1bf69d on — the kit's pinned 507d542 included — GPT pads wte and lm_head to a multiple of 64 rows
// (nanochat-reference.md §1a/§1b; lib/export/importNanochat unpadVocab drops exactly those rows). A config is a
// plan for the pinned nanochat, so its summary and its kit count the padded model: what base_train prints.
import { test } from "node:test";
import assert from "node:assert/strict";
import { configSummary, loadConfig, memoryForConfig, shardPlanForConfig, sizeForConfig } from "../../lib/config";
import { kitPlan } from "../../lib/export/kitReadme";
import { memoryEstimate, modelShape, padVocab, paddedVocabSize, paramCount, paramsForDepth, sizeModel, NANOCHAT_VOCAB_MULTIPLE } from "../../lib/sizing";

test("paddedVocabSize: the next multiple of 64; a multiple stays", () => {
  assert.equal(NANOCHAT_VOCAB_MULTIPLE, 64);
  assert.equal(paddedVocabSize(50_000), 50_048);
  assert.equal(paddedVocabSize(40_000), 40_000);
  assert.equal(paddedVocabSize(30_000), 30_016);
  assert.equal(paddedVocabSize(65_536), 65_536);
  assert.equal(paddedVocabSize(320), 320);
  assert.throws(() => paddedVocabSize(50_000, 0), /vocab padding multiple must be a positive integer/);
  assert.equal(padVocab(modelShape(20, 50_000), undefined).vocab_rows, undefined);
});

test("d20 at vocab 50,000, ratio 25: v1 521,216,000 / 24,853; padded (nanochat 507d542) 521,338,880 / 24,859", () => {
  // 2·50,048·1,280 + 12·20·1,280² = 128,122,880 + 393,216,000; floor(25 · 521,338,880 / 524,288) = 24,859
  const v1 = sizeModel({ depth: 20, vocabSize: 50_000, ratio: 25 });
  const padded = sizeModel({ depth: 20, vocabSize: 50_000, ratio: 25, padVocabTo: NANOCHAT_VOCAB_MULTIPLE });
  assert.equal(v1.params.total, 521_216_000);
  assert.equal(v1.iterations, 24_853);
  assert.equal(padded.params.total, 521_338_880);
  assert.equal(padded.iterations, 24_859);
  assert.equal(padded.params.wte, 50_048 * 1_280);
  assert.equal(padded.params.lm_head, 50_048 * 1_280);
  assert.equal(padded.vocab_size, 50_000, "the tokenizer's vocabulary is unchanged; only the rows are padded");
  // FLOPs count the padded lm_head (estimate_flops counts every parameter but wte)
  assert.equal(padded.flops_per_token - v1.flops_per_token, 6 * 48 * 1_280);
  // memory: the padded rows are weights, gradients and optimizer state
  assert.ok(memoryEstimate({ depth: 20, vocabSize: 50_000, deviceBatchSize: 32, padVocabTo: 64 }).total_bytes > memoryEstimate({ depth: 20, vocabSize: 50_000, deviceBatchSize: 32 }).total_bytes);
});

test("the v1 published numbers are untouched: a multiple of 64 pads to itself, and no padding without padVocabTo", () => {
  assert.equal(paramsForDepth(20).total, 560_988_160);
  assert.equal(paramsForDepth(20, 50_000).total, 521_216_000);
  assert.equal(paramCount(padVocab(modelShape(20), 64)).total, 560_988_160);
  assert.equal(paramCount(padVocab(modelShape(16, 40_000), 64)).total, 283_246_592);
});

test("configs and kits plan the padded model: d20-bilingual 521,338,880 parameters, 24,859 iterations", () => {
  const cfg = loadConfig("configs/d20-bilingual.yaml");
  assert.equal(cfg.model.vocab_size, 50_000);
  const s = configSummary(cfg);
  assert.equal(Math.round(s.params_m * 1e6), 521_338_880);
  assert.equal(s.iterations, 24_859);
  assert.equal(sizeForConfig(cfg)!.params.total, 521_338_880);
  assert.equal(shardPlanForConfig(cfg).params, 521_338_880);
  assert.equal(memoryForConfig(cfg).estimate.total_bytes, memoryEstimate({ depth: 20, vocabSize: 50_000, seqLen: cfg.model.max_seq_len, deviceBatchSize: cfg.training.device_batch_size, gpus: cfg.hardware.gpus, padVocabTo: 64 }).total_bytes);
  const kit = kitPlan(cfg, { gpusPerNode: 8, nodes: 1 });
  assert.equal(kit.params, 521_338_880);
  assert.equal(kit.iterations, 24_859);
  assert.equal(kit.scale.find((r) => r.depth === 20)?.iterations, 24_859);
  // d16-chinese's 40,000 is a multiple of 64: the same count either way
  assert.equal(Math.round(configSummary(loadConfig("configs/d16-chinese.yaml")).params_m * 1e6), 283_246_592);
});
