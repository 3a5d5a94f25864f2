// The StepEngine (lib/engines/stepEngine.ts) on this thread's tfjs backend: the autodiff reference twin of
// the ORT engine; lib/engines/tfjs/workerEngine runs the same interface over worker threads.
import * as tf from "@tensorflow/tfjs";
import type { GPTConfig } from "../../model/config";
import { GPT } from "./gpt";
import type { EngineOptions, MicroBatch, StepEngine, StepResult, TrainState } from "../stepEngine";
import { setupOptimizers, type Optimizers } from "./optimizers";
import { backendName, measuredMatmulPeakFlops } from "./backend";

export type { EngineOptions, MicroBatch, StepEngine, StepResult, TrainState } from "../stepEngine";

/** Σ ‖g‖² over every gradient, as one number. */
export function globalGradNorm(grads: Iterable<tf.Tensor>): number {
  const sq = tf.tidy(() => {
    let total: tf.Tensor = tf.scalar(0);
    for (const g of grads) total = tf.add(total, tf.sum(tf.square(g)));
    return total;
  });
  const v = sq.dataSync()[0];
  sq.dispose();
  return Math.sqrt(v);
}

export class LocalEngine implements StepEngine {
  readonly name = "local";
  readonly threadCount = 1;
  /** the tfjs backend this thread runs (initialised before the engine: createStepEngine does it) */
  readonly backend: string;
  readonly model: GPT;
  private readonly opt: Optimizers;

  constructor(cfg: GPTConfig, opts: EngineOptions) {
    this.model = new GPT(cfg, { seed: opts.seed ?? 42 });
    this.opt = setupOptimizers(this.model, opts.lrs);
    this.backend = backendName();
  }

  matmulPeakFlops(): Promise<number> {
    return measuredMatmulPeakFlops();
  }

  async step(micro: MicroBatch[], lrm: number, momentum: number, gradClip = 0): Promise<StepResult> {
    if (micro.length === 0) throw new Error("engine.step: no micro-batches");
    let acc: Map<string, tf.Tensor> | null = null;
    let lossSum = 0;
    for (const m of micro) {
      const idx = tf.tensor2d(m.idx, [m.B, m.T], "int32");
      const tg = tf.tensor2d(m.targets, [m.B, m.T], "int32");
      const { loss, grads } = this.model.lossAndGrads(idx, tg);
      idx.dispose();
      tg.dispose();
      lossSum += (await loss.data())[0];
      loss.dispose();
      if (!acc) acc = grads;
      else {
        for (const [name, g] of grads) {
          const prev = acc.get(name)!;
          acc.set(name, tf.add(prev, g));
          prev.dispose();
          g.dispose();
        }
      }
    }
    const grads = acc!;
    if (micro.length > 1) scaleInPlace(grads, 1 / micro.length);
    let gradNorm: number | undefined;
    if (gradClip > 0) {
      gradNorm = globalGradNorm(grads.values());
      const coef = gradClip / (gradNorm + 1e-6);
      if (coef < 1) scaleInPlace(grads, coef);
    }
    this.opt.step(grads, lrm, momentum);
    for (const g of grads.values()) g.dispose();
    return { loss: lossSum / micro.length, gradNorm };
  }

  async evalLossPerToken(idx: Int32Array, targets: Int32Array, B: number, T: number): Promise<Float32Array> {
    const i = tf.tensor2d(idx, [B, T], "int32");
    const t = tf.tensor2d(targets, [B, T], "int32");
    const loss = this.model.loss(i, t, "none");
    i.dispose();
    t.dispose();
    const out = (await loss.data()) as Float32Array;
    loss.dispose();
    return out;
  }

  async getState(): Promise<TrainState> {
    return { params: this.model.getWeights(), optimizer: this.opt.state() };
  }

  async setState(s: TrainState, source = "train state"): Promise<void> {
    this.model.setWeights(s.params, `${source}: weights`);
    this.opt.loadState(s.optimizer, `${source}: optimizer state`);
  }

  async dispose(): Promise<void> {
    this.opt.dispose();
    this.model.dispose();
  }
}

function scaleInPlace(grads: Map<string, tf.Tensor>, s: number): void {
  for (const [name, g] of grads) {
    grads.set(name, tf.mul(g, s));
    g.dispose();
  }
}
