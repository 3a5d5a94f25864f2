// Parity with nanochat's own code (fixtures/README.md): a fixture holds weights, a batch, and what nanochat
// computed from them — logits, loss, per-token loss, gradients, weights after two optimizer steps, and greedy
// tokens. The shape comes from the fixture's __metadata__.config, so any fixture of the format works.
// This file is the tfjs engine's side of the checks (the reference twin): forward, a training step, the
// optimizer alone and greedy decoding on a GPT; the checks, the fixture reading and the verdict are
// lib/engines/parityChecks.ts and lib/engines/parityFixture.ts, shared with the ORT engine.
import * as tf from "@tensorflow/tfjs";
import { generate, generateNoCache } from "./generate";
import { GPT } from "./gpt";
import { loadModel } from "./modelFolder";
import { type Optimizers, setupOptimizers } from "./optimizers";
import { type ParityArrays, checkParity } from "../parityChecks";
import { type LogitsComparison, type ParityResult, PARITY_TOLERANCES, maxAbsDiff, readExpectedLogits } from "../parityFixture";

export { ILL_CONDITIONED_REL, PARITY_TOLERANCES, readFixture, type LogitsComparison, type ParityResult } from "../parityFixture";

/** A tensor's values, the tensor disposed. */
const read = (t: tf.Tensor) => {
  const d = t.dataSync();
  t.dispose();
  return d;
};
const weightsOf = (m: GPT): ParityArrays => new Map([...m.params].map(([name, v]) => [name, v.dataSync()]));

/** Run every check of a fixture on the current tfjs backend. */
export function runParity(fixtureFile: string): Promise<ParityResult> {
  return checkParity(fixtureFile, ({ f, batch, opt }) => {
    const c = f.config;
    const model = new GPT(c, { weights: f.weights(), source: f.file });
    const optim = setupOptimizers(model, opt.lrs);
    const idx = tf.tensor2d(batch.idx, [batch.B, batch.T], "int32");
    const tgt = tf.tensor2d(batch.targets, [batch.B, batch.T], "int32");
    const trainStep = (m: GPT, o: Optimizers) => {
      const { loss, grads } = m.lossAndGrads(idx, tgt);
      o.step(grads, 1, opt.momentum);
      return { loss: read(loss)[0], grads: new Map([...grads].map(([name, g]) => [name, read(g)])), after: weightsOf(m) };
    };
    /** `run` on a GPT at the fixture's weights with a fresh optimizer, both disposed after. */
    const fresh = (run: (m: GPT, o: Optimizers) => ParityArrays): ParityArrays => {
      const m = new GPT(c, { weights: f.weights(), source: f.file });
      const o = setupOptimizers(m, opt.lrs);
      try {
        return run(m, o);
      } finally {
        o.dispose();
        m.dispose();
      }
    };
    return {
      backend: tf.getBackend(),
      forward: async () => ({ logits: read(model.forward(idx)), loss: read(model.loss(idx, tgt))[0], perToken: read(model.loss(idx, tgt, "none")) }),
      async trainStep(weights) {
        model.setWeights(weights, f.file);
        return trainStep(model, optim);
      },
      // a fresh optimizer replays step 1, then step 2 from our own step-1 weights
      freeRun: async () =>
        fresh((m, o) => {
          trainStep(m, o);
          return trainStep(m, o).after;
        }),
      optimizerOnly: async (grads) =>
        fresh((m, o) => {
          const eg = new Map([...grads].map(([name, g]) => [name, tf.tensor(g.data, g.shape, "float32")]));
          o.step(eg, 1, opt.momentum);
          tf.dispose([...eg.values()]);
          return weightsOf(m);
        }),
      async greedy(prompt, maxTokens) {
        model.setWeights(f.weights(), f.file);
        const gopts = { maxTokens, temperature: 0 };
        return { cached: [...generate(model, prompt, gopts)], uncached: [...generateNoCache(model, prompt, gopts)] };
      },
      async dispose() {
        idx.dispose();
        tgt.dispose();
        optim.dispose();
        model.dispose();
      },
    };
  });
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
