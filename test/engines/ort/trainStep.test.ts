// The ORT StepEngine: whole optimizer steps (gradient mean over micro-batches, global-norm clipping, AdamW +
// Muon) equal the tfjs LocalEngine's; --resume through getState/setState is bit-exact; bad state is refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import type { GPTConfig } from "../../../lib/model";
import { Rng } from "../../../lib/model/rng";
import { OrtStepEngine } from "../../../lib/engines/ort/stepEngine";
import { LocalEngine, type MicroBatch } from "../../../lib/engines/tfjs/localEngine";

await tf.setBackend("cpu");

const CFG: GPTConfig = { sequence_len: 8, vocab_size: 40, n_layer: 2, n_head: 2, n_kv_head: 1, n_embd: 32 };
const LRS = { embedding_lr: 0.2, unembedding_lr: 0.004, matrix_lr: 0.02 };

function batch(B: number, T: number, seed: number): MicroBatch {
  let s = seed;
  const r = () => (s = (s * 16807) % 2147483647) % CFG.vocab_size;
  return { idx: Int32Array.from({ length: B * T }, r), targets: Int32Array.from({ length: B * T }, r), B, T };
}

const ort1 = () => new OrtStepEngine(CFG, { seed: 5, lrs: LRS, threads: 1 });

test("ORT engine: two steps (2 micro-batches, clipping) equal the tfjs engine's: loss, grad norm, weights, optimizer state", async () => {
  const a = ort1();
  const b = new LocalEngine(CFG, { seed: 5, lrs: LRS });
  // random weights, so that every tensor has a gradient (nanochat zero-inits c_proj and lm_head)
  const before = (await a.getState()).params;
  const rng = new Rng(8);
  for (const v of before.values()) v.data = rng.normals(v.data.length, 0.2);
  await a.setState({ params: before, optimizer: new Map() });
  await b.setState({ params: before, optimizer: new Map() });
  for (let s = 0; s < 2; s++) {
    const micro = [batch(2, 8, 10 + s), batch(2, 8, 20 + s)];
    const ra = await a.step(micro, 0.9, 0.85 + 0.01 * s, 0.5);
    const rb = await b.step(micro, 0.9, 0.85 + 0.01 * s, 0.5);
    assert.ok(Math.abs(ra.loss - rb.loss) < 1e-5, `step ${s + 1} loss ${ra.loss} vs ${rb.loss}`);
    assert.ok(Math.abs(ra.gradNorm! - rb.gradNorm!) < 1e-5 * rb.gradNorm!, `step ${s + 1} grad norm ${ra.gradNorm} vs ${rb.gradNorm}`);
    assert.ok(rb.gradNorm! > 0.5, "the clip is active");
  }
  const sa = await a.getState();
  const sb = await b.getState();
  for (const [name, v] of sb.params) {
    const o = sa.params.get(name)!.data;
    let d = 0;
    let moved = 0;
    for (let i = 0; i < o.length; i++) (d = Math.max(d, Math.abs(o[i] - v.data[i]))), (moved = Math.max(moved, Math.abs(o[i] - before.get(name)!.data[i])));
    assert.ok(d < 1e-5, `${name}: weights differ by ${d}`);
    assert.ok(moved > 1e-4, `${name}: the steps moved it`);
  }
  assert.deepEqual([...sa.optimizer.keys()].sort(), [...sb.optimizer.keys()].sort());
  for (const [k, v] of sb.optimizer) {
    const o = sa.optimizer.get(k)!;
    assert.deepEqual(o.shape, v.shape, k);
    let d = 0;
    let m = 0;
    for (let i = 0; i < o.data.length; i++) (d = Math.max(d, Math.abs(o.data[i] - v.data[i]))), (m = Math.max(m, Math.abs(v.data[i])));
    assert.ok(d <= 1e-4 * (m || 1), `${k}: differs by ${d} (largest ${m})`);
  }
  await a.dispose();
  await b.dispose();
});

test("ORT engine: steps 1..4 straight equal steps 1..2, getState/setState into a new engine, steps 3..4 (bit-exact)", async () => {
  const batches = [1, 2, 3, 4].map((s) => [batch(2, 8, 100 + s)]);
  const straight = ort1();
  const lossesA: number[] = [];
  for (const [i, m] of batches.entries()) lossesA.push((await straight.step(m, 1, 0.85 + 0.02 * i, 1.0)).loss);
  const first = ort1();
  const lossesB: number[] = [];
  for (const [i, m] of batches.slice(0, 2).entries()) lossesB.push((await first.step(m, 1, 0.85 + 0.02 * i, 1.0)).loss);
  const saved = await first.getState();
  await first.dispose();
  const resumed = new OrtStepEngine(CFG, { seed: 99, lrs: LRS, threads: 1 });
  await resumed.setState(saved, "test checkpoint");
  for (const [i, m] of batches.slice(2).entries()) lossesB.push((await resumed.step(m, 1, 0.85 + 0.02 * (i + 2), 1.0)).loss);
  assert.deepEqual(lossesB, lossesA);
  const sa = await straight.getState();
  const sb = await resumed.getState();
  for (const part of ["params", "optimizer"] as const) {
    assert.deepEqual([...sb[part].keys()], [...sa[part].keys()]);
    for (const [k, v] of sa[part]) assert.ok(Buffer.compare(Buffer.from(v.data.buffer), Buffer.from(sb[part].get(k)!.data.buffer)) === 0, `${part} ${k} differs`);
  }
  await straight.dispose();
  await resumed.dispose();
});

test("ORT engine: setState refuses a wrong shape or an unknown optimizer entry, naming the source and tensor", async () => {
  const e = ort1();
  const s = await e.getState();
  const bad = new Map(s.params);
  bad.set("lm_head.weight", { shape: [3, 3], data: new Float32Array(9) });
  await assert.rejects(e.setState({ params: bad, optimizer: new Map() }, "ck/"), /ck\/: weights: tensor 'lm_head.weight' has 9 values/);
  const opt = new Map([["muon.momentum_buffer.nope", { shape: [1], data: new Float32Array(1) }]]);
  await assert.rejects(e.setState({ params: s.params, optimizer: opt }, "ck/"), /ck\/: optimizer state: 'muon.momentum_buffer.nope' names unknown parameter 'nope'/);
  await assert.rejects(e.evalLossPerToken(Int32Array.of(0, 40), Int32Array.of(1, 1), 1, 2), /token id 40 at 1 is outside the vocab \[0, 40\)/);
  await e.dispose();
});

test("createStepEngine: auto and ort give the ORT engine here, local the tfjs one; unknown names are refused", async () => {
  const { createStepEngine } = await import("../../../lib/engines");
  const auto = await createStepEngine("auto", { model: CFG, seed: 1, lrs: LRS, threads: 1 });
  assert.equal(auto.name, "ort");
  assert.equal(auto.threadCount, 1);
  await auto.dispose();
  const local = await createStepEngine("local", { model: CFG, seed: 1, lrs: LRS, backend: "cpu" });
  assert.equal(local.name, "local");
  assert.equal(local.threadCount, 1);
  await local.dispose();
  await assert.rejects(createStepEngine("gpu", { model: CFG, lrs: LRS }), /--engine: unknown engine 'gpu'; valid: auto, ort, local, workers, workers:N/);
});
