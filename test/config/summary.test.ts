import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { paramsForDepth } from "../../lib/sizing";
import { paramSpecs } from "../../lib/model";
import { gptConfigFor } from "../../lib/train";
import { configFiles, configSummary, loadConfig, memoryForConfig, shardPlanForConfig, sizeForConfig } from "../../lib/config";

test("configFiles lists configs/*.yaml; configSummary restates size, memory and shards", () => {
  const files = configFiles();
  assert.ok(files.length >= 4);
  assert.deepEqual(files.map((f) => path.basename(f)), [...files.map((f) => path.basename(f))].sort());
  for (const f of files) {
    const cfg = loadConfig(f);
    const s = configSummary(cfg);
    const plan = shardPlanForConfig(cfg);
    const size = sizeForConfig(cfg);
    assert.equal(s.shards, plan.shards, f);
    // the model the trainer builds for this config (its width overrides included), counted tensor by tensor, plus the
    // rows nanochat at the kit's pinned commit pads wte and lm_head with (vocab → a multiple of 64; none for 4,096 or 40,000)
    const gcfg = gptConfigFor(cfg);
    const modelParams = paramSpecs(gcfg).reduce((n, p) => n + p.shape[0] * p.shape[1], 0);
    const padRows = Math.ceil(cfg.model.vocab_size / 64) * 64 - cfg.model.vocab_size;
    assert.equal(s.params_m, (modelParams + 2 * padRows * gcfg.n_embd) / 1e6, f);
    if (cfg.model.n_embd === undefined) assert.equal(s.params_m, paramsForDepth(cfg.model.depth, cfg.model.vocab_size + padRows).total / 1e6);
    assert.equal(s.grad_accum, memoryForConfig(cfg).grad_accum);
    if (size) assert.equal(s.hours, size.hours);
    else assert.equal(s.hours, null);
  }
  const d16 = configSummary(loadConfig(files.find((f) => f.endsWith("d16-chinese.yaml"))!));
  assert.equal(d16.params_m, 283.246592);
  assert.equal(d16.hardware, "8× H100 SXM");
  const tiny = loadConfig(files.find((f) => f.endsWith("cpu-tiny.yaml"))!);
  const cpu = configSummary(tiny);
  assert.equal(cpu.hardware, "CPU");
  assert.equal(cpu.cost_usd, null);
  assert.equal(cpu.iterations, tiny.training.num_iterations);
  // d4 × 128 wide (configs/cpu-tiny.yaml model.n_embd), not nanochat's 256: wte + lm_head + 4 blocks of 12·128²
  assert.equal(cpu.params_m, (2 * tiny.model.vocab_size * 128 + 4 * 12 * 128 * 128) / 1e6);
});

test("shardPlanForConfig plans the tokens the run trains: a fixed num_iterations overrides the ratio", () => {
  const files = configFiles();
  const cpu = loadConfig(files.find((f) => f.endsWith("cpu-tiny.yaml"))!);
  assert.equal(shardPlanForConfig(cpu).tokens, cpu.training.num_iterations * 2048);
  const d8 = loadConfig(files.find((f) => f.endsWith("d8-single-gpu.yaml"))!);
  assert.equal(shardPlanForConfig(d8).tokens, 10_000 * 131_072); // 1.31B, not the 1.12B ratio target (errata 10)
  const free = { ...d8, training: { ...d8.training, num_iterations: -1 } };
  // v1's 55,885,824 (errata 9) with vocab 30,000 padded to 30,016 as the pinned nanochat builds it: + 2·16·512
  assert.equal(shardPlanForConfig(free).tokens, 20 * (55_885_824 + 2 * 16 * 512));
  assert.equal(configSummary(d8).tokens_trained_b, 1.31072);
});
