// The ORT training graph's loss, per-token loss and hand-derived gradients against the tfjs engine's
// autodiff (lib/model GPT + tf.variableGrads) on random weights and small shapes: MHA, GQA, MQA, odd
// sequence lengths, ignored targets. Each gradient within 1e-4 of its tensor's largest entry.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type GPTConfig } from "../../../lib/model";
import { GPT } from "../../../lib/engines/tfjs";
import { Rng } from "../../../lib/model/rng";
import { OrtStepEngine } from "../../../lib/engines/ort/stepEngine";
import { NANOCHAT_V1_LRS } from "../../../lib/engines/tfjs/optimizers";

await tf.setBackend("cpu");

interface Case {
  label: string;
  cfg: GPTConfig;
  B: number;
  T: number;
  ignore: number;
}

const CASES: Case[] = [
  { label: "MHA 2 heads, T 8", cfg: { sequence_len: 8, vocab_size: 23, n_layer: 2, n_head: 2, n_kv_head: 2, n_embd: 16 }, B: 2, T: 8, ignore: 0 },
  { label: "GQA 4 heads / 2 kv, odd T 7, ignored targets", cfg: { sequence_len: 8, vocab_size: 19, n_layer: 2, n_head: 4, n_kv_head: 2, n_embd: 32 }, B: 2, T: 7, ignore: 0.3 },
  { label: "MQA 3 heads / 1 kv, odd T 5, B 3, ignored targets", cfg: { sequence_len: 6, vocab_size: 29, n_layer: 1, n_head: 3, n_kv_head: 1, n_embd: 24 }, B: 3, T: 5, ignore: 0.2 },
  { label: "MHA 1 head, T 1", cfg: { sequence_len: 4, vocab_size: 11, n_layer: 1, n_head: 1, n_kv_head: 1, n_embd: 8 }, B: 2, T: 1, ignore: 0 },
];

function relErr(ours: Float32Array, ref: Float32Array): number {
  let m = 0;
  let d = 0;
  for (let i = 0; i < ref.length; i++) {
    m = Math.max(m, Math.abs(ref[i]));
    d = Math.max(d, Math.abs(ours[i] - ref[i]));
  }
  return d / (m || 1);
}

for (const c of CASES) {
  test(`ORT training graph: loss and every gradient equal tfjs autodiff (${c.label})`, async () => {
    const { cfg, B, T } = c;
    const rng = new Rng(11);
    // random weights: nanochat's zero-initialised c_proj and lm_head would hide errors
    const model = new GPT(cfg, { seed: 3 });
    const w = model.getWeights();
    for (const a of w.values()) a.data = rng.normals(a.data.length, 0.3);
    model.setWeights(w);
    const idx = Int32Array.from({ length: B * T }, () => Math.floor(rng.next() * cfg.vocab_size));
    const targets = Int32Array.from({ length: B * T }, () => (rng.next() < c.ignore ? -1 : Math.floor(rng.next() * cfg.vocab_size)));
    targets[0] = 1; // at least one counted target
    if (c.ignore > 0) targets[B * T - 1] = -1;

    const engine = new OrtStepEngine(cfg, { seed: 3, lrs: NANOCHAT_V1_LRS, threads: 1 });
    await engine.setState({ params: w, optimizer: new Map() });
    const ours = await engine.lossAndGrads({ idx, targets, B, T });
    const fw = await engine.forward(idx, targets, B, T);
    const perEval = await engine.evalLossPerToken(idx, targets, B, T);

    const ti = tf.tensor2d(idx, [B, T], "int32");
    const tt = tf.tensor2d(targets, [B, T], "int32");
    const ref = model.lossAndGrads(ti, tt);
    const refLoss = ref.loss.dataSync()[0];
    const refPer = model.loss(ti, tt, "none").dataSync() as Float32Array;
    const refLogits = model.forward(ti).dataSync() as Float32Array;

    assert.ok(Math.abs(ours.loss - refLoss) < 1e-5, `loss ${ours.loss} vs tfjs ${refLoss}`);
    assert.ok(Math.abs(fw.loss - refLoss) < 1e-5, `eval loss ${fw.loss} vs tfjs ${refLoss}`);
    assert.ok(relErr(fw.logits, refLogits) < 1e-5, `logits rel err ${relErr(fw.logits, refLogits)}`);
    assert.ok(relErr(perEval, refPer) < 1e-5, `per-token loss rel err ${relErr(perEval, refPer)}`);
    for (let i = 0; i < B * T; i++) if (targets[i] < 0) assert.equal(perEval[i], 0, `ignored target ${i} has loss 0`);
    assert.equal(ref.grads.size, ours.grads.size);
    for (const [name, g] of ref.grads) {
      const r = g.dataSync() as Float32Array;
      const o = ours.grads.get(name);
      assert.ok(o, `no ORT gradient for ${name}`);
      assert.equal(o.length, r.length, name);
      // with one position the softmax has one key: q and k do not move the loss
      if (T > 1 || !/c_[qk]\.weight$/.test(name)) assert.ok(Math.max(...r.map(Math.abs)) > 0, `${name}: the reference gradient is not all zero`);
      const e = relErr(o, r);
      assert.ok(e <= 1e-4, `${name}: gradient max err ${e.toExponential(2)} of its largest entry`);
    }
    for (const g of ref.grads.values()) g.dispose();
    ref.loss.dispose();
    ti.dispose();
    tt.dispose();
    model.dispose();
    await engine.dispose();
  });
}
