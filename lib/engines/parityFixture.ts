// Parity with nanochat's own code (fixtures/README.md), the part every engine shares: a fixture holds
// weights, a batch, and what nanochat computed from them — logits, loss, per-token loss, gradients, weights
// after two optimizer steps, and greedy tokens. The shape comes from the fixture's __metadata__.config, so
// any fixture of the format works. The checks themselves: parityChecks.ts, run per engine by tfjs/parity.ts
// and ort/parity.ts.
import type { GPTConfig } from "../model/config";
import { validateConfig } from "../model/config";
import type { NamedArrays } from "../model/namedArrays";
import { paramSpecs } from "../model/params";
import { type SafeTensor, readSafetensors } from "../model/safetensors";
import { NANOCHAT_ADAMW, NS_COEFFS, NS_STEPS } from "./optimizerSettings";

export const PARITY_TOLERANCES = { logits: 1e-4, loss: 1e-4, grad_rel: 1e-3, step: 1e-4 };
/**
 * AdamW with eps 1e-10 moves an entry by ≈ lr·g/(|g| + 1e-10): for a gradient entry that is tiny against its
 * tensor's largest (float32 round-off of sums that cancel, in torch and here alike), the update follows the
 * round-off. Entries with 0 < |g| < ILL_CONDITIONED_REL · max|g| are reported apart from the step check.
 */
export const ILL_CONDITIONED_REL = 1e-5;

export interface ParityResult {
  fixture: string;
  config: GPTConfig;
  backend: string;
  logits_max_abs_err: number;
  loss_abs_err: number;
  loss_per_token_max_abs_err: number;
  grad_max_rel_err: number;
  grad_worst_tensor: string;
  /** weights after the optimizer step, all entries except the ill-conditioned AdamW ones */
  step1_max_abs_err: number;
  /** step 2 from nanochat's step-1 weights (our optimizer state) */
  step2_max_abs_err: number;
  /** step 1 over every entry; step 2 over every entry and free-running (from our own step-1 weights) */
  step1_max_abs_err_all: number;
  step2_max_abs_err_all: number;
  /** how many AdamW entries were ill-conditioned (see ILL_CONDITIONED_REL) */
  step_ill_conditioned_entries: number;
  /** our optimizers applied to nanochat's own gradients (expected.grad.*): optimizer math alone, every entry */
  optimizer_only_step1_max_abs_err: number;
  step1_loss_before_abs_err: number | null;
  step2_loss_before_abs_err: number | null;
  greedy: number[];
  expected_greedy: number[];
  greedy_match: boolean;
  greedy_nocache_match: boolean;
  tolerances: typeof PARITY_TOLERANCES;
  failures: string[];
  ok: boolean;
}

export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

export const maxAbs = (a: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

export function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export interface Fixture {
  file: string;
  config: GPTConfig;
  meta: Record<string, string>;
  get(name: string, shape?: number[]): SafeTensor;
  has(name: string): boolean;
  weights(prefix?: string): NamedArrays;
}

function parseJsonMeta(file: string, meta: Record<string, string>, key: string): unknown {
  if (!(key in meta)) throw new Error(`${file}: __metadata__ has no '${key}'`);
  try {
    return JSON.parse(meta[key]);
  } catch (e) {
    throw new Error(`${file}: __metadata__.${key} is not JSON (${(e as Error).message})`);
  }
}

/** Read a fixture: every tensor name known, every needed tensor present with its shape. */
export function readFixture(file: string): Fixture {
  const st = readSafetensors(file);
  const config = validateConfig(parseJsonMeta(file, st.metadata, "config"), `${file} __metadata__.config`);
  const specs = paramSpecs(config);
  const pnames = specs.map((s) => s.name);
  const known = new Set<string>(["input.idx", "input.targets", "input.prompt", "expected.logits", "expected.loss", "expected.loss_per_token", "expected.greedy"]);
  for (const n of pnames) for (const p of ["", "expected.grad.", "expected.step1.", "expected.step2."]) known.add(p + n);
  known.add("expected.step1.loss_before").add("expected.step2.loss_before");
  for (const name of st.tensors.keys()) if (!known.has(name)) throw new Error(`${file}: unknown tensor '${name}' (not a parameter of the configured model nor a fixture field)`);
  const get = (name: string, shape?: number[]): SafeTensor => {
    const t = st.tensors.get(name);
    if (!t) throw new Error(`${file}: missing tensor '${name}'`);
    if (shape && !sameNumbers(t.shape, shape)) throw new Error(`${file}: tensor '${name}' has shape [${t.shape}], expected [${shape}]`);
    return t;
  };
  const weights = (prefix = ""): NamedArrays => {
    const w: NamedArrays = new Map();
    for (const s of specs) {
      const t = get(prefix + s.name, s.shape);
      if (!(t.data instanceof Float32Array)) throw new Error(`${file}: tensor '${prefix + s.name}' must be a float tensor, got ${t.dtype}`);
      w.set(s.name, { shape: t.shape, data: t.data });
    }
    return w;
  };
  return { file, config, meta: st.metadata, get, has: (n) => st.tensors.has(n), weights };
}

export function intTensor(f: Fixture, name: string): SafeTensor & { data: Int32Array } {
  const t = f.get(name);
  if (!(t.data instanceof Int32Array)) throw new Error(`${f.file}: tensor '${name}' must be I32 or I64, got ${t.dtype}`);
  return { ...t, data: t.data };
}

/** Optimizer settings from the fixture, refusing ones this implementation does not have. */
export function fixtureOptimizer(f: Fixture): { lrs: { embedding_lr: number; unembedding_lr: number; matrix_lr: number; weight_decay: number }; momentum: number } {
  const o = parseJsonMeta(f.file, f.meta, "optimizer") as Record<string, unknown>;
  const num = (k: string): number => {
    if (typeof o[k] !== "number") throw new Error(`${f.file}: __metadata__.optimizer.${k} must be a number`);
    return o[k] as number;
  };
  const same = (k: string, ours: unknown) => {
    if (k in o && JSON.stringify(o[k]) !== JSON.stringify(ours)) throw new Error(`${f.file}: __metadata__.optimizer.${k} = ${JSON.stringify(o[k])}, this implementation uses ${JSON.stringify(ours)}`);
  };
  same("adamw_betas", NANOCHAT_ADAMW.betas);
  same("adamw_eps", NANOCHAT_ADAMW.eps);
  same("ns_coefficients", NS_COEFFS);
  same("ns_steps", NS_STEPS);
  same("nesterov", true);
  return {
    lrs: { embedding_lr: num("embedding_lr"), unembedding_lr: num("unembedding_lr"), matrix_lr: num("matrix_lr"), weight_decay: "weight_decay" in o ? num("weight_decay") : 0 },
    momentum: num("muon_momentum"),
  };
}

export interface LogitsComparison {
  model: string;
  expected: string;
  backend: string;
  logits_max_abs_err: number;
  tolerance: number;
  ok: boolean;
}

/** input.idx [B, T] and expected.logits [B, T, V] of an expected-logits file, checked against the vocab. */
export function readExpectedLogits(expectedFile: string, vocabSize: number): { idx: Int32Array; B: number; T: number; logits: Float32Array } {
  const st = readSafetensors(expectedFile);
  const idxT = st.tensors.get("input.idx");
  const expT = st.tensors.get("expected.logits");
  if (!idxT) throw new Error(`${expectedFile}: missing tensor 'input.idx'`);
  if (!expT) throw new Error(`${expectedFile}: missing tensor 'expected.logits'`);
  if (!(idxT.data instanceof Int32Array) || idxT.shape.length !== 2) throw new Error(`${expectedFile}: tensor 'input.idx' must be integer [B, T], got ${idxT.dtype} [${idxT.shape}]`);
  const [B, T] = idxT.shape;
  if (!sameNumbers(expT.shape, [B, T, vocabSize]) || !(expT.data instanceof Float32Array))
    throw new Error(`${expectedFile}: tensor 'expected.logits' has shape [${expT.shape}], the model gives [${[B, T, vocabSize]}]`);
  idxT.data.forEach((t, i) => {
    if (t < 0 || t >= vocabSize) throw new Error(`${expectedFile}: tensor 'input.idx' element ${i} = ${t} is outside the vocab [0, ${vocabSize})`);
  });
  return { idx: idxT.data, B, T, logits: expT.data };
}

