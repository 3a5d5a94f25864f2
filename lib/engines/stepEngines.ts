// The training half of the engine front door: a StepEngine by name. auto = the ORT engine when
// onnxruntime-node loads (native MLAS kernels, lib/engines/ort/stepEngine.ts), else the tfjs choice
// (workers:2 on wasm with two cores, else this thread); ort, local, workers, workers:N name one.
// Engines load lazily, so a caller of one never loads the other's runtime.
import os from "node:os";
import type { GPTConfig } from "../model/config";
import type { StepEngine } from "./stepEngine";
import type { OptimizerLRs } from "./optimizerSettings";
import { ortLoadError } from "./ortAvailable";

export const STEP_ENGINE_NAMES = "auto, ort, local, workers, workers:N";

export interface StepEngineRequest {
  model: GPTConfig;
  seed?: number;
  lrs: OptimizerLRs;
  /** the tfjs backend for the tfjs engines (lib/engines/tfjs/backend's names; default: the first that starts); started here only when a tfjs engine runs */
  backend?: string;
  /** ORT intra-op threads (default: DEFAULT_ORT_TRAIN_THREADS, the measured fastest) */
  threads?: number;
  /** where "auto" says what it chose (default stderr) */
  log?: (line: string) => void;
}

/** The tfjs engine auto picks: both cores when there are two and the backend is wasm (1.6× one thread there). */
export function autoTfjsEngineName(backend: string): string {
  return backend === "wasm" && os.availableParallelism() >= 2 ? "workers:2" : "local";
}

/** Refuses an unknown name before any work starts. */
export function checkStepEngineName(kind: string): void {
  if (!["auto", "ort", "local"].includes(kind) && !/^workers(?::[1-9]\d*)?$/.test(kind)) throw new Error(`--engine: unknown engine '${kind}'; valid: ${STEP_ENGINE_NAMES}`);
}

/**
 * The tfjs backend is started only for a tfjs engine (local: on this thread; workers: in each worker and
 * on this thread, which measures the matmul peak); the ORT engine runs its own kernels.
 */
export async function createStepEngine(kind: string, r: StepEngineRequest): Promise<StepEngine> {
  const opts = { seed: r.seed, lrs: r.lrs };
  if (kind === "auto" || kind === "ort") {
    const why = await ortLoadError();
    if (why === null) {
      const { OrtStepEngine } = await import("./ort/stepEngine");
      return new OrtStepEngine(r.model, { ...opts, threads: r.threads });
    }
    if (kind === "ort") throw new Error(`--engine ort: onnxruntime-node does not load here (${why})`);
    const { initBackend } = await import("./tfjs/backend");
    const fallback = autoTfjsEngineName(await initBackend(r.backend, { quiet: true }));
    (r.log ?? ((l: string) => process.stderr.write(l + "\n")))(`engine: onnxruntime-node does not load (${why}); training on the tfjs engine (${fallback}), several times slower`);
    return createStepEngine(fallback, r);
  }
  if (r.threads !== undefined && kind === "local" && r.threads !== 1) throw new Error(`--threads ${r.threads}: the local engine runs on one thread (use --engine workers:N or ort)`);
  if (kind === "local") {
    const { initBackend } = await import("./tfjs/backend");
    await initBackend(r.backend, { quiet: true });
    const { LocalEngine } = await import("./tfjs/localEngine");
    return new LocalEngine(r.model, opts);
  }
  const m = /^workers(?::(\d+))?$/.exec(kind);
  if (m) {
    const { WorkerEngine } = await import("./tfjs/workerEngine");
    const workers = m[1] === undefined ? (r.threads ?? 2) : Number(m[1]);
    return WorkerEngine.start(r.model, { ...opts, backend: r.backend, workers });
  }
  checkStepEngineName(kind);
  throw new Error(`--engine: unknown engine '${kind}'`);
}
