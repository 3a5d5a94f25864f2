// lib/engines' front door: which engine each choice gives, what it says about itself, and the errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkEngineChoice, engineLine, loadInferenceEngine, prefill } from "../../../lib/engines";
import { type GPTConfig, paramSpecs } from "../../../lib/model";
import { Rng } from "../../../lib/model/rng";

const cfg: GPTConfig = { sequence_len: 8, vocab_size: 20, n_layer: 1, n_head: 2, n_kv_head: 1, n_embd: 16 };
const rng = new Rng(2);
const weights = new Map(paramSpecs(cfg).map((s) => [s.name, { shape: [...s.shape], data: rng.normals(s.shape[0] * s.shape[1], 0.4) }]));
const model = { config: cfg, weights, source: "test weights" };

test("auto and ort give the ORT engine with the threads asked for; local and workers the tfjs engine; same logits", async () => {
  const auto = await loadInferenceEngine(model, { engine: "auto", threads: 2 });
  assert.deepEqual({ engine: auto.info.engine, threads: auto.info.threads }, { engine: "ort", threads: 2 });
  assert.match(engineLine(auto), /^engine ort \(onnxruntime-node cpu\), 2 threads — auto: onnxruntime-node loaded$/);
  const ort = await loadInferenceEngine(model, { engine: "ort" });
  assert.equal(ort.info.engine, "ort");
  const local = await loadInferenceEngine(model, { engine: "local", backend: "cpu" });
  assert.deepEqual({ engine: local.info.engine, backend: local.info.backend, threads: local.info.threads }, { engine: "tfjs", backend: "cpu", threads: 1 });
  const workers = await loadInferenceEngine(model, { engine: "workers", backend: "cpu" });
  assert.match(workers.info.note ?? "", /inference has no worker engine/);
  const ids = Int32Array.from([1, 5, 7, 19, 0]);
  const a = await prefill(ort, ids, 5, "all");
  const b = await prefill(local, ids, 5, "all");
  a.logits.forEach((x, i) => assert.ok(Math.abs(x - b.logits[i]) <= 1e-4 * Math.max(1, Math.abs(b.logits[i])), `logit ${i}`));
  await assert.rejects(ort.step(b.cache, Int32Array.of(1)), /ORT engine: this cache belongs to another engine/);
  for (const e of [auto, ort, local, workers]) e.dispose();
});

test("an unknown engine name is refused with the valid ones", async () => {
  assert.throws(() => checkEngineChoice("gpu"), /--engine: unknown engine 'gpu'; valid: auto, ort, local, workers/);
  await assert.rejects(loadInferenceEngine(model, { engine: "fast" as never }), /unknown engine 'fast'/);
});
