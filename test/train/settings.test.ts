import { test } from "node:test";
import assert from "node:assert/strict";
import { parseConfig, loadConfig, validateConfig } from "../../lib/config";
import { configForDepth } from "../../lib/model";
import { paramCount } from "../../lib/sizing";
import { gptConfigFor, shapeOf, trainSettings } from "../../lib/train/settings";
import path from "node:path";
import { repoRoot } from "../../lib/util/paths";

const base = (model: string, training = "") => `name: s
model: { depth: 4, vocab_size: 512, max_seq_len: 64${model} }
training: { total_batch_size: 1024, device_batch_size: 4, target_param_data_ratio: 20${training || ", num_iterations: -1"} }
hardware: { gpu: cpu, gpus: 0 }
tokenizer: { vocab_size: 512 }
data:
  mix: [{ lang: en, weight: 1, chars_per_token: 3 }]
  sources: [{ name: en, lang: en, weight: 1, format: txt, path: "x.txt" }]
`;

test("settings: nanochat's depth rule by default; horizon from the ratio over total params; grad accum", () => {
  const cfg = parseConfig(base(""), "s.yaml");
  const s = trainSettings(cfg);
  assert.deepEqual(s.model, configForDepth(4, 512, 64));
  const P = paramCount(shapeOf(s.model)).total;
  assert.equal(s.params, P);
  assert.equal(s.numIterations, Math.floor((20 * P) / 1024));
  assert.equal(s.horizon, "target_param_data_ratio");
  assert.equal(s.gradAccum, 1024 / (4 * 64));
  assert.deepEqual(
    { w: s.schedule.warmupRatio, d: s.schedule.warmdownRatio, f: s.schedule.finalLrFrac, clip: s.gradClip, seed: s.seed, evalTokens: s.evalTokens },
    { w: 0, d: 0.2, f: 0, clip: 1, seed: 42, evalTokens: 20 * 1024 },
  );
  const t = trainSettings(parseConfig(base("", ", num_iterations: 7, warmdown_ratio: 0.5, grad_clip: 0, seed: 3"), "s.yaml"));
  assert.equal(t.numIterations, 7);
  assert.equal(t.horizon, "num_iterations");
  assert.equal(t.schedule.warmdownRatio, 0.5);
  assert.equal(t.gradClip, 0);
  assert.equal(t.seed, 3);
  assert.equal(trainSettings(cfg, { numIterations: 5 }).numIterations, 5);
});

test("settings: explicit n_embd / n_head / n_kv_head for tiny models, validated with the field and line", () => {
  const s = gptConfigFor(parseConfig(base(", n_embd: 64, n_head: 4, n_kv_head: 2"), "s.yaml"));
  assert.deepEqual({ e: s.n_embd, h: s.n_head, kv: s.n_kv_head, L: s.n_layer }, { e: 64, h: 4, kv: 2, L: 4 });
  assert.equal(gptConfigFor(parseConfig(base(", n_embd: 128"), "s.yaml")).n_head, 1);
  assert.throws(() => parseConfig(base(", n_embd: 100, n_head: 3"), "s.yaml"), /s\.yaml: model\.n_head: n_embd 100 is not divisible by n_head 3 \(line 2\)/);
  assert.throws(() => parseConfig(base(", n_embd: 96, n_head: 32"), "s.yaml"), /head_dim n_embd\/n_head = 3 must be even/);
  assert.throws(() => parseConfig(base(", n_embd: 64, n_head: 4, n_kv_head: 3"), "s.yaml"), /model\.n_kv_head: must divide n_head \(4\), got 3/);
  assert.throws(() => parseConfig(base(", n_embd: 0"), "s.yaml"), /model\.n_embd: must be >= 1/);
  assert.throws(() => parseConfig(base("", ", warmdown_ratio: 2"), "s.yaml"), /training\.warmdown_ratio: must be <= 1/);
});

test("settings: the shipped cpu-tiny config resolves (its shards folder too)", () => {
  const cfg = loadConfig(path.join(repoRoot(), "configs", "cpu-tiny.yaml"));
  const s = trainSettings(cfg);
  assert.equal(s.gradAccum, cfg.training.total_batch_size / (cfg.training.device_batch_size * cfg.model.max_seq_len));
  assert.ok(s.numIterations > 0);
  if (cfg.data.shards) assert.equal(cfg.data.resolved_shards, path.resolve(repoRoot(), cfg.data.shards));
  assert.throws(() => validateConfig({ ...JSON.parse(JSON.stringify({ name: "x", model: { depth: 2, vocab_size: 300 }, tokenizer: { vocab_size: 300 }, data: { mix: [{ lang: "en", weight: 1, chars_per_token: 3 }], sources: [{ name: "a", lang: "en", weight: 1, format: "txt", path: "a" }], shards: "" } })) }, "x"), /data\.shards/);
});
