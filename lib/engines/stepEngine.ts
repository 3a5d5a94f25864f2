// The training interface every engine implements (house.md, "Engines"): one optimizer step of nanochat's
// base_train (reference §2) on plain arrays, so the loop does not care where the maths runs. A step: the
// gradient of each micro-batch (device batch), averaged (nanochat divides each micro-loss by grad_accum
// before backward, so the sum is the mean), optional clipping of the global norm (torch clip_grad_norm_:
// × max_norm/(norm + 1e-6) when that is < 1), then AdamW (wte, lm_head) and Muon (block matrices) with the
// step's LR multiplier and momentum. Engines: lib/engines/tfjs (local, workers), lib/engines/ort.
import type { NamedArrays } from "../model/namedArrays";

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
  /** the kernels underneath: "onnxruntime-node cpu" or the tfjs backend ("wasm", "cpu", "tfjs-node-gpu"); summary.json's `backend` */
  readonly backend: string;
  /** threads computing (MFU counts the matmul peak of each; summary.json and the start line say it) */
  readonly threadCount: number;
  /** this engine's plain-matmul FLOP/s on one of its threads (the MFU denominator, times threadCount) */
  matmulPeakFlops(): Promise<number>;
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

/** Targets that take a loss (ignored targets are negative). */
export function countTargets(targets: Int32Array): number {
  let n = 0;
  for (let i = 0; i < targets.length; i++) if (targets[i] >= 0) n++;
  return n;
}
