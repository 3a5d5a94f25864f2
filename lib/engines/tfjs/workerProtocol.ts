// Messages between WorkerEngine (main thread) and its workers (workerEntry.ts).
import type { GPTConfig } from "../../model/config";
import type { AllReduceBuffers } from "./allReduce";
import type { TrainState } from "./localEngine";
import type { OptimizerLRs } from "./optimizers";

/** One worker's rows of one micro-batch; `scale` = 1 / (non-ignored targets in the whole micro-batch). */
export interface MicroSlice {
  idx: Int32Array;
  targets: Int32Array;
  B: number;
  T: number;
  scale: number;
}

export type WorkerRequest =
  | { type: "init"; id: number; cfg: GPTConfig; seed: number; lrs: OptimizerLRs; backend?: string; buffers: AllReduceBuffers; rank: number }
  | { type: "step"; id: number; micro: MicroSlice[]; lrm: number; momentum: number; gradClip: number }
  | { type: "eval"; id: number; idx: Int32Array; targets: Int32Array; B: number; T: number }
  | { type: "getState"; id: number; weights: boolean }
  | { type: "setState"; id: number; state: TrainState }
  | { type: "dispose"; id: number };

export interface StepReply {
  /** Σ over micro-batches of scale × (sum of this worker's per-token losses) */
  lossPart: number;
  gradNorm?: number;
  /** live tensors in this worker after the step (flat across steps: no leaks) */
  numTensors: number;
}

export type WorkerReply =
  | { id: number; ok: true; value?: unknown }
  | { id: number; ok: false; error: string };
