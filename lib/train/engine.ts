// One optimizer step of nanochat's base_train (reference §2) behind an interface, so the loop does not
// care where the maths runs: LocalEngine runs it on this thread's tfjs backend; lib/train/workerEngine
// runs the same interface over worker threads. A step: the gradient of each micro-batch (device batch),
// averaged (nanochat divides each micro-loss by grad_accum before backward, so the sum is the mean),
// optional clipping of the global norm (torch clip_grad_norm_: × max_norm/(norm + 1e-6) when that is
// < 1), then AdamW (wte, lm_head) and Muon (block matrices) with the step's LR multiplier and momentum.
import * as tf from "@tensorflow/tfjs";
import { GPT, type GPTConfig, type NamedArrays } from "../model";
import { setupOptimizers, type Optimizers } from "./optimizers";

export interface MicroBatch {
  /** int32 [B·T] row-major */
  idx: Int32Array;
  targets: Int32Array;
  B: number;
  T: number;
}

export interface TrainState {
  /** model weights by nanochat state_dict name */
  params: NamedArrays;
  /** optimizer buffers (AdamW moments and step, Muon momentum) */
  optimizer: NamedArrays;
}

export interface StepResult {
  /** mean training loss over the micro-batches (nats per token) */
  loss: number;
  /** global gradient norm before clipping (computed when clipping) */
  gradNorm?: number;
}

export interface StepEngine {
  readonly name: string;
  /** threads computing (MFU counts the matmul peak of each; summary.json and the start line say it) */
  readonly threadCount: number;
  /** this engine's plain-matmul FLOP/s per thread when its kernels are not tfjs's (the MFU denominator) */
  matmulPeakFlops?(): Promise<number>;
  step(micro: MicroBatch[], lrm: number, momentum: number, gradClip?: number): Promise<StepResult>;
  /** per-token loss in nats, [B·T] */
  evalLossPerToken(idx: Int32Array, targets: Int32Array, B: number, T: number): Promise<Float32Array>;
  getState(): Promise<TrainState>;
  /** `source` (a checkpoint folder) is named in errors */
  setState(s: TrainState, source?: string): Promise<void>;
  dispose(): Promise<void>;
}

export interface EngineOptions {
  seed?: number;
  lrs: { embedding_lr: number; unembedding_lr: number; matrix_lr: number };
}

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
  readonly model: GPT;
  private readonly opt: Optimizers;

  constructor(cfg: GPTConfig, opts: EngineOptions) {
    this.model = new GPT(cfg, { seed: opts.seed ?? 42 });
    this.opt = setupOptimizers(this.model, opts.lrs);
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
