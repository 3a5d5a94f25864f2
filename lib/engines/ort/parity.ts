// `nanozh parity --fixture F --engine ort`: the ORT engine against nanochat's own numbers, with the checks
// and tolerances of the tfjs engine's parity (lib/engines/parityChecks.ts, shared): logits, loss and per-token
// loss from the training graph's forward, every gradient from its hand-derived backward, weights after steps 1
// and 2 of AdamW + Muon (optim.ts), and greedy tokens through the ORT inference engine with and without a KV cache.
// This file is the ORT side of those checks.
import type { NamedArrays } from "../../model/namedArrays";
import { argmax } from "../../model/sample";
import { checkParity } from "../parityChecks";
import type { ParityResult } from "../parityFixture";
import { generateTokens } from "../generate";
import { prefill } from "../inference";
import { OrtInferenceEngine } from "./inference";
import { OrtOptimizers } from "./optim";
import { DEFAULT_ORT_TRAIN_THREADS, OrtStepEngine } from "./stepEngine";

const plain = (w: NamedArrays) => new Map([...w].map(([k, v]) => [k, v.data.slice()]));

export function runOrtParity(fixtureFile: string, threads = DEFAULT_ORT_TRAIN_THREADS): Promise<ParityResult> {
  return checkParity(fixtureFile, ({ f, batch, opt }) => {
    const c = f.config;
    const engine = new OrtStepEngine(c, { seed: 0, lrs: opt.lrs, threads });
    const optim = new OrtOptimizers(c, opt.lrs, threads);
    const load = (params: NamedArrays) => engine.setState({ params, optimizer: new Map() }, f.file);
    return {
      backend: `onnxruntime-node cpu (${threads} thread${threads > 1 ? "s" : ""})`,
      async forward() {
        await load(f.weights());
        return engine.forward(batch.idx, batch.targets, batch.B, batch.T);
      },
      async trainStep(weights) {
        await load(weights);
        const { loss, grads } = await engine.lossAndGrads(batch);
        const after = plain(weights);
        await optim.step(after, grads, 1, opt.momentum);
        return { loss, grads, after };
      },
      async freeRun() {
        await load(f.weights());
        for (let k = 0; k < 2; k++) await engine.step([batch], 1, opt.momentum);
        return plain((await engine.getState()).params);
      },
      async optimizerOnly(grads) {
        const o = new OrtOptimizers(c, opt.lrs, threads);
        const after = plain(f.weights());
        await o.step(after, plain(grads), 1, opt.momentum);
        await o.dispose();
        return after;
      },
      async greedy(prompt, maxTokens) {
        const infer = new OrtInferenceEngine(c, f.weights(), { threads, source: f.file });
        const cached: number[] = [];
        for await (const t of generateTokens(infer, prompt, { maxTokens, temperature: 0 })) cached.push(t);
        const uncached: number[] = [];
        const ids = [...prompt];
        for (let k = 0; k < maxTokens; k++) {
          const { cache, logits } = await prefill(infer, Int32Array.from(ids), ids.length, "last");
          cache.dispose();
          const next = argmax(logits);
          uncached.push(next);
          ids.push(next);
        }
        infer.dispose();
        return { cached, uncached };
      },
      async dispose() {
        await optim.dispose();
        await engine.dispose();
      },
    };
  });
}
