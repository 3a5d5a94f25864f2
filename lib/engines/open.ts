// Opening a model on an inference engine: the choice (auto = ORT when onnxruntime-node loads, else the tfjs
// GPT), model folders, and the inference engine that matches a training engine. Re-exported by index.ts.
import type { GPTConfig } from "../model/config";
import { readModelFolder } from "../model/io";
import type { Tokenizer } from "../tokenizer/tokenizer";
import type { GPT } from "./tfjs/gpt";
import type { NamedArrays } from "../model/namedArrays";
import type { StepEngine } from "./stepEngine";
import { ENGINE_CHOICES, type EngineChoice, type InferenceEngine } from "./inference";
import { ortLoadError } from "./ortAvailable";

/** A model to run: its config and weights (used in place by ORT), or a tfjs GPT already built. */
export type ModelSource = { config: GPTConfig; weights: NamedArrays; source?: string } | { model: GPT; source?: string };

export interface InferenceEngineOptions {
  engine?: EngineChoice;
  /** ORT intra-op threads (default: the measured fastest, DEFAULT_ORT_INFER_THREADS) */
  threads?: number;
  /** tfjs backend when the tfjs engine runs (lib/engines/tfjs/backend's names; default: its own choice) */
  backend?: string;
}

export function checkEngineChoice(name: string, flag = "--engine"): EngineChoice {
  if ((ENGINE_CHOICES as readonly string[]).includes(name)) return name as EngineChoice;
  throw new Error(`${flag}: unknown engine '${name}'; valid: ${ENGINE_CHOICES.join(", ")}`);
}


export async function loadInferenceEngine(m: ModelSource, opts: InferenceEngineOptions = {}): Promise<InferenceEngine> {
  const choice = opts.engine ?? "auto";
  checkEngineChoice(choice);
  if (choice === "ort" || choice === "auto") {
    const why = await ortLoadError();
    if (why === null) {
      const { OrtInferenceEngine } = await import("./ort/inference");
      const { config, weights } = "model" in m ? { config: m.model.config, weights: m.model.getWeights() } : m;
      const e = new OrtInferenceEngine(config, weights, { threads: opts.threads, source: m.source });
      if (choice === "auto") e.info.note = "auto: onnxruntime-node loaded";
      return e;
    }
    if (choice === "ort") throw new Error(`--engine ort: onnxruntime-node does not load here (${why})`);
    process.stderr.write(`engine: onnxruntime-node does not load (${why}); running the tfjs engine, which is several times slower\n`);
    return tfjsEngine(m, opts, `auto: onnxruntime-node does not load (${why})`);
  }
  const note = choice === "workers" ? "workers: inference has no worker engine; the tfjs engine runs on this thread" : undefined;
  return tfjsEngine(m, opts, note);
}

async function tfjsEngine(m: ModelSource, opts: InferenceEngineOptions, note?: string): Promise<InferenceEngine> {
  if (opts.threads !== undefined && opts.threads !== 1) process.stderr.write(`engine: --threads ${opts.threads} ignored: the tfjs engine runs on one thread\n`);
  const { initBackend } = await import("./tfjs/backend");
  await initBackend(opts.backend, { quiet: true });
  const { GPT } = await import("./tfjs/gpt");
  const { TfjsInferenceEngine } = await import("./tfjs/inference");
  if ("model" in m) return new TfjsInferenceEngine(m.model, note);
  return new TfjsInferenceEngine(new GPT(m.config, { weights: m.weights, source: m.source }), note, true);
}

/** A model folder opened on an engine: the engine, its tokenizer (when the folder has one) and config.json's fields. */
export async function openModelFolder(dir: string, opts: InferenceEngineOptions = {}): Promise<{ engine: InferenceEngine; tokenizer?: Tokenizer; meta: Record<string, unknown> }> {
  const f = readModelFolder(dir);
  const engine = await loadInferenceEngine({ config: f.config, weights: f.weights, source: f.file }, opts);
  return { engine, tokenizer: f.tokenizer, meta: f.meta };
}

/** One line for a command's output: "engine ort (onnxruntime-node cpu), 1 thread". */
export function engineLine(e: InferenceEngine): string {
  const i = e.info;
  return `engine ${i.engine} (${i.backend}), ${i.threads} thread${i.threads === 1 ? "" : "s"}${i.note ? ` — ${i.note}` : ""}`;
}

/** The inference engine that matches a training engine's name (auto, ort, local, workers, workers:N). */
export function inferenceChoiceFor(stepEngine: string): EngineChoice {
  const base = stepEngine.split(":")[0];
  return checkEngineChoice(base, "engine");
}

/**
 * An inference engine on a step engine's current weights, of the same kind: the ORT step engine → ORT
 * inference on as many threads, a tfjs one (local, workers) → the tfjs engine on its backend. The caller
 * disposes it (the step engine is left as it is).
 */
export async function inferenceEngineFromStep(engine: StepEngine, config: GPTConfig): Promise<InferenceEngine> {
  const { params } = await engine.getState();
  const opts: InferenceEngineOptions = engine.name === "ort" ? { engine: "ort", threads: engine.threadCount } : { engine: "local", backend: engine.backend };
  return loadInferenceEngine({ config, weights: params, source: "engine state" }, opts);
}

/**
 * Start the tfjs backend (lib/engines/tfjs/backend; `name` forces one) for a caller that builds a tfjs engine
 * itself (a train/sft engine factory); the engines made here start it themselves. Returns its name.
 */
export async function initTfjsBackend(name?: string): Promise<string> {
  const { initBackend } = await import("./tfjs/backend");
  return initBackend(name, { quiet: true });
}
