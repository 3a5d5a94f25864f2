// nanochat v1's setup_optimizers (reference §2): AdamW for lm_head (unembedding_lr) and wte (embedding_lr),
// both × (n_embd/768)^-0.5, betas 0.8/0.95, eps 1e-10, wd 0; Muon (matrix_lr, Nesterov, 5 NS steps) for every
// transformer.h matrix. LRs are multiplied by the schedule's lrMultiplier each step.
import type * as tf from "@tensorflow/tfjs";
import type { GPT } from "./gpt";
import type { NamedArrays } from "../../model/namedArrays";
import { NANOCHAT_V1_LRS, type OptimizerLRs } from "../optimizerSettings";
import { AdamW, NANOCHAT_ADAMW } from "./adamw";
import { Muon, NS_STEPS } from "./muon";

export type { NamedArrays } from "../../model/namedArrays";

export { type OptimizerLRs, NANOCHAT_V1_LRS } from "../optimizerSettings";

export interface Optimizers {
  adamw: AdamW;
  muon: Muon;
  /** (n_embd/768)^-0.5, the AdamW LR scale */
  dmodelLrScale: number;
  /** One step of both optimizers. Grads (by parameter name) are read, not disposed. */
  step(grads: Map<string, tf.Tensor>, lrMultiplier: number, muonMomentum: number): void;
  state(): NamedArrays;
  loadState(s: NamedArrays, source?: string): void;
  dispose(): void;
}

export function setupOptimizers(model: GPT, lrs: OptimizerLRs = NANOCHAT_V1_LRS): Optimizers {
  const dmodelLrScale = Math.pow(model.config.n_embd / 768, -0.5);
  const names = [...model.params.keys()];
  const matrices = names.filter((n) => n.startsWith("transformer.h."));
  const rest = names.filter((n) => !n.startsWith("transformer.h."));
  if (!rest.includes("lm_head.weight") || !rest.includes("transformer.wte.weight") || rest.length !== 2)
    throw new Error(`setupOptimizers: expected exactly wte and lm_head outside the blocks, got ${rest.join(", ")}`);
  const adamw = new AdamW(
    [
      { names: ["lm_head.weight"], lr: lrs.unembedding_lr * dmodelLrScale },
      { names: ["transformer.wte.weight"], lr: lrs.embedding_lr * dmodelLrScale },
    ],
    { ...NANOCHAT_ADAMW, weightDecay: lrs.weight_decay ?? 0 },
  );
  const muon = new Muon(matrices, { lr: lrs.matrix_lr, nesterov: true, nsSteps: NS_STEPS });
  return {
    adamw,
    muon,
    dmodelLrScale,
    step(grads, lrMultiplier, muonMomentum) {
      adamw.step(model.params, grads, lrMultiplier);
      muon.step(model.params, grads, lrMultiplier, muonMomentum);
    },
    state() {
      return new Map([...adamw.state(), ...muon.state()]);
    },
    loadState(s, source = "optimizer state") {
      for (const k of s.keys())
        if (!k.startsWith("adamw.") && !k.startsWith("muon.")) throw new Error(`${source}: unknown optimizer state entry '${k}'`);
      adamw.loadState(s, model.params, source);
      muon.loadState(s, model.params, source);
    },
    dispose() {
      adamw.dispose();
      muon.dispose();
    },
  };
}
