// A saved model is a folder: model.safetensors (weights under nanochat state_dict names, float32),
// config.json ({format, model_config, ...meta}) and, when known, tokenizer/ (lib/tokenizer's folder format).
// The folder is staged beside its final place and swapped in whole (lib/util/dirSwap), so a reader never sees
// half a model.
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../util/atomicWrite";
import { commitDir, discardDir, recoverDir, stageDir } from "../util/dirSwap";
import { loadTokenizer, saveTokenizer } from "../tokenizer/formats";
import type { Tokenizer } from "../tokenizer/tokenizer";
import { type GPTConfig, validateConfig } from "./config";
import { type NamedArrays, shapeSize } from "./namedArrays";
import { checkWeights } from "./params";
import { readSafetensors, serializeSafetensors } from "./safetensors";

export const MODEL_FILE = "model.safetensors";
export const CONFIG_FILE = "config.json";
export const TOKENIZER_DIR = "tokenizer";
export const MODEL_FORMAT = "nanochat-zh-model-v1";

export interface SaveModelOptions {
  /** a tokenizer folder to copy into dir/tokenizer */
  tokenizerDir?: string;
  /** or a tokenizer to save there */
  tokenizer?: Tokenizer;
  /** extra fields for config.json (step, val_bpb, …) */
  extraMeta?: Record<string, unknown>;
  /**
   * `dir` is also a run folder (summary.json, log.csv, checkpoint/, …): only the files this save writes are
   * replaced, the others kept. Default: the whole folder is replaced.
   */
  keepOtherFiles?: boolean;
}

export interface SaveWeightsOptions extends SaveModelOptions {
  /** lines about a recovered interrupted swap */
  log?: (line: string) => void;
}

/**
 * A model folder from plain arrays: no tfjs tensors are needed (an imported 2 GB nanochat checkpoint is not
 * copied into tensors and back). Staged beside `dir` and swapped in whole (lib/util/dirSwap).
 */
export function saveWeights(dir: string, config: GPTConfig, weights: NamedArrays, opts: SaveWeightsOptions = {}): void {
  const final = path.resolve(dir);
  checkWeights(config, weights, final);
  if (opts.tokenizerDir) loadTokenizer(opts.tokenizerDir); // refuse to copy a broken tokenizer folder
  for (const line of recoverDir(final)) opts.log?.(line);
  const staging = stageDir(final);
  try {
    writeFileAtomic(path.join(staging, MODEL_FILE), serializeSafetensors(weights, { format: MODEL_FORMAT }));
    let numParams = 0;
    for (const w of weights.values()) numParams += shapeSize(w.shape);
    const meta = { format: MODEL_FORMAT, model_config: config, num_params: numParams, ...(opts.extraMeta ?? {}) };
    writeFileAtomic(path.join(staging, CONFIG_FILE), JSON.stringify(meta, null, 2) + "\n");
    if (opts.tokenizerDir) fs.cpSync(opts.tokenizerDir, path.join(staging, TOKENIZER_DIR), { recursive: true });
    else if (opts.tokenizer) saveTokenizer(path.join(staging, TOKENIZER_DIR), opts.tokenizer);
    const written = new Set([MODEL_FILE, CONFIG_FILE, ...(opts.tokenizerDir || opts.tokenizer ? [TOKENIZER_DIR] : [])]);
    commitDir(staging, final, { owned: opts.keepOtherFiles ? (n) => written.has(n) : () => true });
  } catch (err) {
    discardDir(staging);
    throw err;
  }
}

/** Read and check config.json (plain GPTConfig or {model_config}). */
export function readModelConfig(dir: string): { config: GPTConfig; meta: Record<string, unknown> } {
  const file = path.join(dir, CONFIG_FILE);
  if (!fs.existsSync(file)) throw new Error(`${file}: not found (a model folder holds ${MODEL_FILE} and ${CONFIG_FILE})`);
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const raw = typeof meta === "object" && meta !== null && "model_config" in meta ? meta.model_config : meta;
  return { config: validateConfig(raw, `${file} model_config`), meta };
}

/** Float weights from a safetensors file (F32/BF16/F16), checked against the config. */
export function readWeights(file: string, config: GPTConfig): NamedArrays {
  const st = readSafetensors(file);
  const w: NamedArrays = new Map();
  for (const [name, t] of st.tensors) {
    if (!(t.data instanceof Float32Array)) throw new Error(`${file}: tensor '${name}' has dtype ${t.dtype}, weights must be F32, BF16 or F16`);
    w.set(name, { shape: t.shape, data: t.data });
  }
  checkWeights(config, w, file);
  return w;
}

/** Throw when a weight holds NaN or ±Infinity, naming the tensor and the first bad element (a diverged or corrupt model). */
export function assertFiniteWeights(weights: NamedArrays, file: string): void {
  for (const [name, t] of weights) {
    const d = t.data;
    for (let i = 0; i < d.length; i++)
      if (!Number.isFinite(d[i]))
        throw new Error(`${file}: tensor '${name}' is not finite (element ${i} of ${d.length} is ${d[i]}); the weights are unusable (a diverged run or a corrupt file) — use an earlier checkpoint or retrain`);
  }
}

/** A model folder as plain arrays (no engine): config, checked finite weights, tokenizer when present. */
export interface ModelFolder {
  config: GPTConfig;
  meta: Record<string, unknown>;
  weights: NamedArrays;
  tokenizer?: Tokenizer;
  /** the weights file, for errors */
  file: string;
}

export function readModelFolder(dir: string): ModelFolder {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir}: model folder not found`);
  const { config, meta } = readModelConfig(dir);
  const file = path.join(dir, MODEL_FILE);
  if (!fs.existsSync(file)) throw new Error(`${file}: not found`);
  let tokenizer: Tokenizer | undefined;
  const tdir = path.join(dir, TOKENIZER_DIR);
  // the tokenizer first (cheap): every command that loads a model folder refuses a pair that does not match
  if (fs.existsSync(tdir)) {
    tokenizer = loadTokenizer(tdir);
    if (tokenizer.nVocab !== config.vocab_size)
      throw new Error(
        `${tdir}: tokenizer has ${tokenizer.nVocab.toLocaleString("en-US")} tokens but ${path.join(dir, CONFIG_FILE)} vocab_size is ${config.vocab_size.toLocaleString("en-US")}; ` +
          `a model folder needs the tokenizer it was trained with — copy that one into ${tdir}`,
      );
  }
  const weights = readWeights(file, config);
  assertFiniteWeights(weights, file);
  return { config, meta, weights, tokenizer, file };
}
