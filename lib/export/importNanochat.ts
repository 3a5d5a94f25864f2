// A nanochat checkpoint (base_checkpoints/d20/model_000650.pt + meta_000650.json, nanochat-formats.md §2)
// imported as one of our model folders (lib/model's saveWeights, the plain-array writer behind saveModel): meta.model_config → GPTConfig, the state dict
// read by torchLoad (wte bf16 → f32), `_orig_mod.` prefixes stripped, every name and shape checked.
// The tokenizer comes from --tokenizer: our tokenizer folder, nanochat's tokenizer.pkl, or a folder holding it.
import fs from "node:fs";
import path from "node:path";
import { type GPTConfig, type NamedArrays, checkWeights, shapeSize, validateConfig } from "../model";
import { CONFIG_FILE, MODEL_FILE, saveWeights, TOKENIZER_DIR } from "../model/io";
import { loadTokenizer } from "../tokenizer/formats";
import type { Tokenizer } from "../tokenizer/tokenizer";
import { assertOnlyOwnedEntries, assertOutApartFromInputs } from "../util/pathChecks";
import { progress } from "../util/progress";
import { readTorchStateDict } from "./torchLoad";
import { tokenizerFromPickle } from "./tiktokenRead";
import { statusLine } from "../util/tslab";

export interface ImportOptions {
  /** a checkpoint folder (model_<step>.pt + meta_<step>.json) or a model_<step>.pt file */
  checkpoint: string;
  /** default: the latest step in the folder */
  step?: number;
  out: string;
  /** our tokenizer folder, a tokenizer.pkl, or a folder holding tokenizer.pkl (or tokenizer/tokenizer.pkl) */
  tokenizer?: string;
  overwrite?: boolean;
  log?: (line: string) => void;
}

export interface ImportResult {
  out: string;
  step: number;
  config: GPTConfig;
  params: number;
  /** model file read */
  modelFile: string;
  /** where the tokenizer came from, or null when the model was written without one */
  tokenizer: string | null;
  seconds: number;
}

/** What an import writes into --out (anything else there makes --overwrite refuse). */
const IMPORT_ENTRIES = new Set([MODEL_FILE, CONFIG_FILE, TOKENIZER_DIR]);

const MODEL_RE = /^model_(\d+)\.pt$/;
const META_RE = /^meta_(\d+)\.json$/;

/** The model and meta files of a checkpoint folder for a step (latest when absent). */
export function findCheckpoint(checkpoint: string, step?: number): { modelFile: string; metaFile: string; step: number } {
  if (!fs.existsSync(checkpoint)) throw new Error(`${checkpoint}: checkpoint not found`);
  let dir = checkpoint;
  if (fs.statSync(checkpoint).isFile()) {
    const m = MODEL_RE.exec(path.basename(checkpoint));
    if (!m) throw new Error(`${checkpoint}: not a model_<step>.pt file`);
    if (step !== undefined && Number(m[1]) !== step) throw new Error(`${checkpoint}: is step ${Number(m[1])}, --step says ${step}`);
    dir = path.dirname(checkpoint);
    step = Number(m[1]);
  }
  const names = fs.readdirSync(dir);
  const models = new Map<number, string>();
  const metas = new Map<number, string>();
  for (const n of names) {
    const a = MODEL_RE.exec(n);
    if (a) models.set(Number(a[1]), n);
    const b = META_RE.exec(n);
    if (b) metas.set(Number(b[1]), n);
  }
  const list = (m: Map<number, string>) => ([...m.keys()].sort((x, y) => x - y).join(", ") || "none");
  if (models.size === 0) throw new Error(`${dir}: no model_<step>.pt here (a nanochat checkpoint folder such as base_checkpoints/d20)`);
  const s = step ?? Math.max(...models.keys());
  if (!models.has(s)) throw new Error(`${dir}: no model file for step ${s} (model steps: ${list(models)})`);
  if (!metas.has(s)) throw new Error(`${dir}: no meta_${String(s).padStart(6, "0")}.json for step ${s}, which holds the model_config (meta steps: ${list(metas)})`);
  return { modelFile: path.join(dir, models.get(s)!), metaFile: path.join(dir, metas.get(s)!), step: s };
}

function readMeta(file: string): Record<string, unknown> {
  let meta: unknown;
  try {
    meta = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof meta !== "object" || meta === null || Array.isArray(meta)) throw new Error(`${file}: not a JSON object`);
  if (!("model_config" in meta)) throw new Error(`${file}: no 'model_config' (nanochat's save_checkpoint writes it)`);
  return meta as Record<string, unknown>;
}

/** `_orig_mod.` (torch.compile's wrapper) removed as a prefix — nanochat's lstrip would also eat leading letters. */
export function stripOrigMod(name: string): string {
  while (name.startsWith("_orig_mod.")) name = name.slice("_orig_mod.".length);
  return name;
}

/** A state dict as float weights under our names, checked against the config. */
export function weightsFromStateDict(sd: Map<string, { dtype: string; shape: number[]; data: Float32Array | Int32Array | BigInt64Array }>, config: GPTConfig, source: string): NamedArrays {
  const w: NamedArrays = new Map();
  for (const [raw, t] of sd) {
    const name = stripOrigMod(raw);
    if (w.has(name)) throw new Error(`${source}: tensor '${name}' appears twice (with and without _orig_mod.)`);
    if (!(t.data instanceof Float32Array)) throw new Error(`${source}: tensor '${raw}' has dtype ${t.dtype}; weights must be float32, bfloat16 or float16`);
    w.set(name, { shape: t.shape, data: t.data });
  }
  unpadVocab(w, config, source);
  checkWeights(config, w, source);
  return w;
}

/** The names of the two [vocab, n_embd] tensors. */
const VOCAB_ROWS = ["transformer.wte.weight", "lm_head.weight"] as const;

/**
 * Later nanochat (bc51da8, so the kit's pinned 507d542) pads wte and lm_head to a multiple of 64 rows and slices the
 * logits back to vocab_size: the padded rows never reach a prediction, so dropping them gives the same model.
 * Only exactly that padding is dropped; any other row count is left for checkWeights to name.
 */
export function unpadVocab(w: NamedArrays, config: GPTConfig, source: string): void {
  const padded = Math.ceil(config.vocab_size / 64) * 64;
  if (padded === config.vocab_size) return;
  for (const name of VOCAB_ROWS) {
    const t = w.get(name);
    if (!t || t.shape.length !== 2 || t.shape[0] !== padded || t.shape[1] !== config.n_embd) continue;
    w.set(name, { shape: [config.vocab_size, t.shape[1]], data: t.data.slice(0, config.vocab_size * t.shape[1]) });
  }
  const rows = VOCAB_ROWS.map((n) => w.get(n)?.shape[0]);
  if (rows[0] !== rows[1]) throw new Error(`${source}: wte has ${rows[0]} rows and lm_head ${rows[1]}; vocab_size is ${config.vocab_size}`);
}

/** Where a tokenizer comes from: our folder (meta.json) or a nanochat pickle. */
function resolveTokenizer(spec: string): { dir?: string; tokenizer: Tokenizer; from: string } {
  if (!fs.existsSync(spec)) throw new Error(`--tokenizer ${spec}: not found`);
  if (fs.statSync(spec).isFile()) return { tokenizer: tokenizerFromPickle(spec), from: spec };
  const candidates = [spec, path.join(spec, "tokenizer")];
  for (const d of candidates) {
    if (fs.existsSync(path.join(d, "meta.json")) && fs.existsSync(path.join(d, "tokenizer.tiktoken"))) return { dir: d, tokenizer: loadTokenizer(d), from: d };
    const pkl = path.join(d, "tokenizer.pkl");
    if (fs.existsSync(pkl)) return { tokenizer: tokenizerFromPickle(pkl), from: pkl };
  }
  throw new Error(`--tokenizer ${spec}: neither a tokenizer folder (meta.json + tokenizer.tiktoken) nor a folder with tokenizer.pkl or tokenizer/tokenizer.pkl`);
}

export async function importNanochat(opts: ImportOptions): Promise<ImportResult> {
  const t0 = Date.now();
  const log = opts.log ?? statusLine;
  const out = path.resolve(opts.out);
  if (fs.existsSync(out) && !opts.overwrite) throw new Error(`${out}: already exists (pass --overwrite to replace it)`);
  // --out is replaced whole: never a folder that is, holds or lies inside what is read, nor one holding other files
  assertOutApartFromInputs({ option: "--out", path: opts.out }, [{ option: "--checkpoint", path: opts.checkpoint }, opts.tokenizer === undefined ? undefined : { option: "--tokenizer", path: opts.tokenizer, allowInside: true }]);
  assertOnlyOwnedEntries(out, { owned: (n) => IMPORT_ENTRIES.has(n), writer: "an import", replaces: "model folders (model.safetensors, config.json, tokenizer/)", hint: "a training run's or a checkpoint's files?", elsewhere: "import into a new folder" });
  const { modelFile, metaFile, step } = findCheckpoint(opts.checkpoint, opts.step);
  const meta = readMeta(metaFile);
  const config = validateConfig(meta.model_config, `${metaFile} model_config`);
  // the tokenizer is checked before the (long) weight read
  const tok = opts.tokenizer ? resolveTokenizer(opts.tokenizer) : null;
  if (tok && tok.tokenizer.nVocab > config.vocab_size)
    throw new Error(`${tok.from}: tokenizer has ${tok.tokenizer.nVocab} tokens but ${metaFile} vocab_size is ${config.vocab_size}`);
  if (tok && tok.tokenizer.nVocab < config.vocab_size)
    throw new Error(`${tok.from}: tokenizer has ${tok.tokenizer.nVocab} tokens but ${metaFile} vocab_size is ${config.vocab_size}; a model folder needs its own tokenizer (nanochat refuses the pair too) — pass the tokenizer the checkpoint was trained with`);
  const fileMB = fs.statSync(modelFile).size / 1e6;
  const bar = progress({ label: `reading ${path.basename(modelFile)}`, total: fileMB, unit: "MB", write: log });
  const sd = readTorchStateDict(modelFile, { onStorage: (b) => bar.tick(b / 1e6) });
  bar.done();
  const weights = weightsFromStateDict(sd, config, modelFile);
  sd.clear();
  const extraMeta = {
    imported_from: { format: "nanochat v1 checkpoint", model_file: path.resolve(modelFile), meta_file: path.resolve(metaFile), tokenizer: tok?.from ?? null },
    step,
    ...(typeof meta.val_bpb === "number" ? { val_bpb: meta.val_bpb } : {}),
    ...(meta.user_config !== undefined ? { nanochat_user_config: meta.user_config } : {}),
  };
  saveWeights(out, config, weights, { tokenizerDir: tok?.dir, tokenizer: tok?.dir ? undefined : tok?.tokenizer, extraMeta, log });
  if (!tok) log(`note: ${out} has no tokenizer (pass --tokenizer DIR|tokenizer.pkl); sampling and chat need one`);
  let params = 0;
  for (const w of weights.values()) params += shapeSize(w.shape);
  return { out, step, config, params, modelFile, tokenizer: tok?.from ?? null, seconds: (Date.now() - t0) / 1000 };
}
