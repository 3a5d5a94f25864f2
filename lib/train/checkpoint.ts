// Checkpoints: a folder written atomically (files into a temporary folder, then renamed over the old
// one), holding everything a run needs to continue exactly where it stopped:
//   model.safetensors      weights (nanochat state_dict names)
//   optimizer.safetensors  AdamW moments and step counts, Muon momentum buffers
//   state.json             step, loader position (with its leftover tokens), RNG state, model config,
//                          tokens and seconds so far, the loss EMA and the log rows so far
// loadCheckpoint checks every file (missing, truncated, another model shape) and names it in errors.
import fs from "node:fs";
import path from "node:path";
import { readSafetensors, writeSafetensors, type GPTConfig, type NamedArrays } from "../model";
import { writeJsonAtomic } from "../util/atomicWrite";
import { commitDir, discardDir, recoverDir, stageDir } from "../util/dirSwap";
import type { LoaderState } from "./loader";
import type { TrainState } from "../engines/stepEngine";

export const CHECKPOINT_FORMAT = "nanochat-zh-checkpoint";
export const WEIGHTS_FILE = "model.safetensors";
export const OPTIMIZER_FILE = "optimizer.safetensors";
export const STATE_FILE = "state.json";
const CHECKPOINT_FILES = [WEIGHTS_FILE, OPTIMIZER_FILE, STATE_FILE];

export interface LogRow {
  step: number;
  /** mean training loss of the step (nats/token); null on the row of the evaluation before step 1 */
  loss: number | null;
  lrm: number;
  tokens: number;
  seconds: number;
  /** present on evaluation steps */
  val_bpb?: number;
}

export interface CheckpointMeta {
  format: typeof CHECKPOINT_FORMAT;
  /** optimizer steps done */
  step: number;
  model: GPTConfig;
  loader: LoaderState;
  /** the run's randomness: initialisation seed (training itself draws no random numbers: no dropout, greedy samples) */
  rng: { seed: number };
  tokens: number;
  seconds: number;
  /** debiased-EMA accumulator of the training loss (nanochat β = 0.9) */
  lossEma: number;
  log: LogRow[];
  /** anything else the run wants back (config file, tokenizer folder, horizon) */
  run: Record<string, unknown>;
}

export interface Checkpoint {
  meta: CheckpointMeta;
  state: TrainState;
}

function toWrite(a: NamedArrays): Map<string, { shape: number[]; data: Float32Array }> {
  return new Map([...a].map(([k, v]) => [k, { shape: v.shape, data: v.data }]));
}

/** Write `dir` atomically: nothing of an older checkpoint there is lost unless the new one is complete
 *  (lib/util/dirSwap: staged beside it, swapped in whole; what a killed swap left is recovered first). */
export function saveCheckpoint(dir: string, ckpt: Checkpoint): void {
  for (const line of recoverDir(dir)) process.stderr.write(line + "\n");
  const staging = stageDir(dir);
  try {
    writeSafetensors(path.join(staging, WEIGHTS_FILE), toWrite(ckpt.state.params), { format: "pt" });
    writeSafetensors(path.join(staging, OPTIMIZER_FILE), toWrite(ckpt.state.optimizer));
    writeJsonAtomic(path.join(staging, STATE_FILE), ckpt.meta);
    commitDir(staging, dir, { owned: (n) => CHECKPOINT_FILES.includes(n), last: STATE_FILE });
  } catch (e) {
    discardDir(staging);
    throw e;
  }
}

function floatArrays(file: string): NamedArrays {
  const { tensors } = readSafetensors(file);
  const out: NamedArrays = new Map();
  for (const [name, t] of tensors) {
    if (!(t.data instanceof Float32Array)) throw new Error(`${file}: tensor '${name}' is ${t.dtype}, expected a float tensor`);
    out.set(name, { shape: t.shape, data: t.data });
  }
  return out;
}

function need(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`${file}: not found (incomplete checkpoint)`);
  return file;
}

/**
 * Read a checkpoint folder. With `expect`, the model shape must match (an error names the field);
 * weight names and shapes are checked again when the engine takes them.
 */
export function loadCheckpoint(dir: string, expect?: GPTConfig): Checkpoint {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir}: no checkpoint folder`);
  const stateFile = need(path.join(dir, STATE_FILE));
  let meta: CheckpointMeta;
  try {
    meta = JSON.parse(fs.readFileSync(stateFile, "utf8")) as CheckpointMeta;
  } catch (e) {
    throw new Error(`${stateFile}: not valid JSON (truncated?): ${(e as Error).message}`);
  }
  if (meta.format !== CHECKPOINT_FORMAT) throw new Error(`${stateFile}: format is ${JSON.stringify(meta.format)}, expected '${CHECKPOINT_FORMAT}'`);
  for (const f of ["step", "tokens", "seconds", "lossEma"] as const)
    if (typeof meta[f] !== "number") throw new Error(`${stateFile}: field '${f}' missing or not a number`);
  if (!meta.loader || !Array.isArray(meta.loader.leftover)) throw new Error(`${stateFile}: field 'loader' missing or malformed`);
  if (!meta.model) throw new Error(`${stateFile}: field 'model' missing`);
  if (expect) {
    for (const k of Object.keys(expect) as (keyof GPTConfig)[])
      if (meta.model[k] !== expect[k]) throw new Error(`${stateFile}: checkpoint is from another model shape: model.${String(k)} = ${meta.model[k]}, this run has ${expect[k]}`);
  }
  const params = floatArrays(need(path.join(dir, WEIGHTS_FILE)));
  const optimizer = floatArrays(need(path.join(dir, OPTIMIZER_FILE)));
  return { meta, state: { params, optimizer } };
}
