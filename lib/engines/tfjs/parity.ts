// Parity with nanochat's own code (fixtures/README.md): a fixture holds weights, a batch, and what nanochat
// computed from them — logits, loss, per-token loss, gradients, weights after two optimizer steps, and greedy
// tokens. The shape comes from the fixture's __metadata__.config, so any fixture of the format works.
// This file runs the checks on the tfjs engine (the reference twin); the fixture reading and the verdict
// are lib/engines/parityFixture.ts, shared with the ORT engine's checks.
import * as tf from "@tensorflow/tfjs";
import { generate, generateNoCache } from "./generate";
import { paramSpecs } from "../../model/params";
import { GPT } from "./gpt";
import { loadModel } from "./modelFolder";
import { setupOptimizers } from "./optimizers";
import { ILL_CONDITIONED_REL, type LogitsComparison, type ParityResult, PARITY_TOLERANCES, fixtureOptimizer, intTensor, maxAbs, maxAbsDiff, readExpectedLogits, readFixture, sameNumbers, withVerdict } from "../parityFixture";

export { ILL_CONDITIONED_REL, PARITY_TOLERANCES, readFixture, type LogitsComparison, type ParityResult } from "../parityFixture";

/** Run every check of a fixture on the current tfjs backend. */
export function runParity(fixtureFile: string): ParityResult {
  const f = readFixture(fixtureFile);
  const c = f.config;
  const idxT = intTensor(f, "input.idx");
  if (idxT.shape.length !== 2) throw new Error(`${f.file}: tensor 'input.idx' must be [B, T], got [${idxT.shape}]`);
  const [B, T] = idxT.shape;
  const tgtT = intTensor(f, "input.targets");
  f.get("input.targets", [B, T]);
  const expLogits = f.get("expected.logits", [B, T, c.vocab_size]).data;
  const expLoss = f.get("expected.loss").data[0];
  const expPer = f.get("expected.loss_per_token", [B, T]).data;
  const opt = fixtureOptimizer(f);
  const tol = PARITY_TOLERANCES;

  const model = new GPT(c, { weights: f.weights(), source: f.file });
  const idx = tf.tensor2d(idxT.data, [B, T], "int32");
  const tgt = tf.tensor2d(tgtT.data, [B, T], "int32");
  try {
    const logits = model.forward(idx);
    const logits_max_abs_err = maxAbsDiff(logits.dataSync(), expLogits);
    logits.dispose();
    const lossT = model.loss(idx, tgt);
    const loss_abs_err = Math.abs(lossT.dataSync()[0] - expLoss);
    lossT.dispose();
    const perT = model.loss(idx, tgt, "none");
    const loss_per_token_max_abs_err = maxAbsDiff(perT.dataSync(), expPer);
    perT.dispose();

    // gradients, then two optimizer steps on the same batch. Step 2 starts from nanochat's step-1 weights
    // (our optimizer state kept), so a round-off-led entry of step 1 (see ILL_CONDITIONED_REL) does not leak
    // into every weight of step 2 through the forward pass; the free-running error is reported beside it.
    const optim = setupOptimizers(model, opt.lrs);
    let grad_max_rel_err = 0;
    let grad_worst_tensor = "";
    const ill = new Map<string, Uint8Array>();
    let illCount = 0;
    const stepErr = { 1: [0, 0], 2: [0, 0] } as Record<1 | 2, [number, number]>;
    const lossBefore: Record<1 | 2, number | null> = { 1: null, 2: null };
    const exp1 = f.weights("expected.step1.");
    for (const step of [1, 2] as const) {
      if (step === 2) model.setWeights(exp1, f.file);
      const { loss, grads } = model.lossAndGrads(idx, tgt);
      const lb = `expected.step${step}.loss_before`;
      if (f.has(lb)) lossBefore[step] = Math.abs(loss.dataSync()[0] - f.get(lb).data[0]);
      loss.dispose();
      for (const s of paramSpecs(c)) {
        const adam = s.name === "transformer.wte.weight" || s.name === "lm_head.weight";
        // step 1: nanochat's gradient; step 2: ours (the fixture has no step-2 gradients), ill only if step 1 was too
        const e = step === 1 ? f.get("expected.grad." + s.name, s.shape).data : grads.get(s.name)!.dataSync();
        const m = maxAbs(e);
        if (step === 1) {
          const rel = maxAbsDiff(grads.get(s.name)!.dataSync(), e) / (m || 1);
          if (rel > grad_max_rel_err || !grad_worst_tensor) [grad_max_rel_err, grad_worst_tensor] = [rel, s.name];
        }
        if (!adam) continue;
        const prev = ill.get(s.name);
        const mask = new Uint8Array(e.length);
        for (let i = 0; i < e.length; i++) {
          const tiny = e[i] !== 0 && Math.abs(e[i]) < ILL_CONDITIONED_REL * m;
          if (tiny && (!prev || prev[i])) (mask[i] = 1), step === 1 && illCount++;
        }
        ill.set(s.name, mask);
      }
      optim.step(grads, 1, opt.momentum);
      for (const g of grads.values()) g.dispose();
      const expW = f.weights(`expected.step${step}.`);
      for (const [name, v] of model.params) {
        const ours = v.dataSync();
        const e = expW.get(name)!.data;
        const mask = ill.get(name);
        for (let i = 0; i < ours.length; i++) {
          const d = Math.abs(ours[i] - e[i]);
          if (!mask || !mask[i]) stepErr[step][0] = Math.max(stepErr[step][0], d);
          if (step === 1) stepErr[1][1] = Math.max(stepErr[1][1], d);
        }
      }
    }
    // free-running step 2: step 1 as we computed it, then step 2 from there (a fresh optimizer replays step 1)
    {
      const free = new GPT(c, { weights: f.weights(), source: f.file });
      const o = setupOptimizers(free, opt.lrs);
      for (let k = 0; k < 2; k++) {
        const { loss, grads } = free.lossAndGrads(idx, tgt);
        loss.dispose();
        o.step(grads, 1, opt.momentum);
        for (const g of grads.values()) g.dispose();
      }
      const e2 = f.weights("expected.step2.");
      for (const [name, v] of free.params) stepErr[2][1] = Math.max(stepErr[2][1], maxAbsDiff(v.dataSync(), e2.get(name)!.data));
      o.dispose();
      free.dispose();
    }
    optim.dispose();

    // the optimizer alone, on nanochat's gradients
    const fresh = new GPT(c, { weights: f.weights(), source: f.file });
    const o2 = setupOptimizers(fresh, opt.lrs);
    const eg = new Map<string, tf.Tensor>();
    for (const s of paramSpecs(c)) eg.set(s.name, tf.tensor(f.get("expected.grad." + s.name).data, s.shape, "float32"));
    o2.step(eg, 1, opt.momentum);
    let optimizer_only_step1_max_abs_err = 0;
    for (const [name, v] of fresh.params) optimizer_only_step1_max_abs_err = Math.max(optimizer_only_step1_max_abs_err, maxAbsDiff(v.dataSync(), exp1.get(name)!.data));
    for (const t of eg.values()) t.dispose();
    o2.dispose();

    // greedy decoding from the fixture's weights (the original ones: fresh was stepped, so reload)
    fresh.setWeights(f.weights(), f.file);
    const prompt = Array.from(intTensor(f, "input.prompt").data);
    const expected_greedy = Array.from(intTensor(f, "expected.greedy").data);
    const gopts = { maxTokens: expected_greedy.length, temperature: 0 };
    const greedy = [...generate(fresh, prompt, gopts)];
    const greedyNoCache = [...generateNoCache(fresh, prompt, gopts)];
    fresh.dispose();
    const greedy_match = sameNumbers(greedy, expected_greedy);
    const greedy_nocache_match = sameNumbers(greedyNoCache, expected_greedy);

    return withVerdict({
      fixture: f.file,
      config: c,
      backend: tf.getBackend(),
      logits_max_abs_err,
      loss_abs_err,
      loss_per_token_max_abs_err,
      grad_max_rel_err,
      grad_worst_tensor,
      step1_max_abs_err: stepErr[1][0],
      step2_max_abs_err: stepErr[2][0],
      step1_max_abs_err_all: stepErr[1][1],
      step2_max_abs_err_all: stepErr[2][1],
      step_ill_conditioned_entries: illCount,
      optimizer_only_step1_max_abs_err,
      step1_loss_before_abs_err: lossBefore[1],
      step2_loss_before_abs_err: lossBefore[2],
      greedy,
      expected_greedy,
      greedy_match,
      greedy_nocache_match,
      tolerances: tol,
      failures: [],
      ok: false,
    }, greedyNoCache);
  } finally {
    idx.dispose();
    tgt.dispose();
    model.dispose();
  }
}

/** A saved model's logits on the expected file's input.idx against its expected.logits. */
export function compareModelLogits(modelDir: string, expectedFile: string): LogitsComparison {
  const { model, config } = loadModel(modelDir);
  try {
    const e = readExpectedLogits(expectedFile, config.vocab_size);
    const idx = tf.tensor2d(e.idx, [e.B, e.T], "int32");
    const logits = model.forward(idx);
    const err = maxAbsDiff(logits.dataSync(), e.logits);
    idx.dispose();
    logits.dispose();
    return { model: modelDir, expected: expectedFile, backend: tf.getBackend(), logits_max_abs_err: err, tolerance: PARITY_TOLERANCES.logits, ok: err <= PARITY_TOLERANCES.logits };
  } finally {
    model.dispose();
  }
}
