// Parity with nanochat's own code (fixtures/README.md): a fixture holds weights, a batch, and what nanochat
// computed from them — logits, loss, per-token loss, gradients, weights after two optimizer steps, and greedy
// tokens. The shape comes from the fixture's __metadata__.config, so any fixture of the format works.
// It lives in lib/train, not lib/model, because the step checks need the optimizers.
import * as tf from "@tensorflow/tfjs";
import { type GPTConfig, GPT, type NamedArrays, type SafeTensor, generate, generateNoCache, loadModel, paramSpecs, readSafetensors, validateConfig } from "../model";
import { NANOCHAT_ADAMW } from "./adamw";
import { NS_COEFFS, NS_STEPS } from "./muon";
import { setupOptimizers } from "./optimizers";

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

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
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

export function intTensor(f: Fixture, name: string): SafeTensor {
  const t = f.get(name);
  if (!(t.data instanceof Int32Array)) throw new Error(`${f.file}: tensor '${name}' must be I32 or I64, got ${t.dtype}`);
  return t;
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

/** Fills `failures` and `ok` from the measured errors against PARITY_TOLERANCES (every engine's parity uses this). */
export function withVerdict(r: ParityResult, greedyNoCache: readonly number[]): ParityResult {
  const failures: string[] = [];
  const tol = PARITY_TOLERANCES;
  const check = (name: string, v: number, t: number) => {
    if (!(v <= t)) failures.push(`${name} = ${v.toExponential(3)} > ${t}`);
  };
  check("logits_max_abs_err", r.logits_max_abs_err, tol.logits);
  check("loss_abs_err", r.loss_abs_err, tol.loss);
  check("loss_per_token_max_abs_err", r.loss_per_token_max_abs_err, tol.loss);
  check("grad_max_rel_err", r.grad_max_rel_err, tol.grad_rel);
  check("step1_max_abs_err", r.step1_max_abs_err, tol.step);
  check("step2_max_abs_err", r.step2_max_abs_err, tol.step);
  check("optimizer_only_step1_max_abs_err", r.optimizer_only_step1_max_abs_err, tol.step);
  if (r.step1_loss_before_abs_err !== null) check("step1_loss_before_abs_err", r.step1_loss_before_abs_err, tol.loss);
  if (r.step2_loss_before_abs_err !== null) check("step2_loss_before_abs_err", r.step2_loss_before_abs_err, tol.loss);
  if (!r.greedy_match) failures.push(`greedy (KV cache) ${JSON.stringify(r.greedy)} ≠ expected ${JSON.stringify(r.expected_greedy)}`);
  if (!r.greedy_nocache_match) failures.push(`greedy (no cache) ${JSON.stringify(greedyNoCache)} ≠ expected ${JSON.stringify(r.expected_greedy)}`);
  return { ...r, tolerances: tol, failures, ok: failures.length === 0 };
}

/** Run every check of a fixture on the current tfjs backend. */
export function runParity(fixtureFile: string): ParityResult {
  const f = readFixture(fixtureFile);
  const c = f.config;
  const idxT = intTensor(f, "input.idx");
  if (idxT.shape.length !== 2) throw new Error(`${f.file}: tensor 'input.idx' must be [B, T], got [${idxT.shape}]`);
  const [B, T] = idxT.shape;
  const tgtT = intTensor(f, "input.targets");
  f.get("input.targets", [B, T]);
  const expLogits = f.get("expected.logits", [B, T, c.vocab_size]).data;
  const expLoss = f.get("expected.loss").data[0];
  const expPer = f.get("expected.loss_per_token", [B, T]).data;
  const opt = fixtureOptimizer(f);
  const tol = PARITY_TOLERANCES;

  const model = new GPT(c, { weights: f.weights(), source: f.file });
  const idx = tf.tensor2d(idxT.data, [B, T], "int32");
  const tgt = tf.tensor2d(tgtT.data, [B, T], "int32");
  try {
    const logits = model.forward(idx);
    const logits_max_abs_err = maxAbsDiff(logits.dataSync(), expLogits);
    logits.dispose();
    const lossT = model.loss(idx, tgt);
    const loss_abs_err = Math.abs(lossT.dataSync()[0] - expLoss);
    lossT.dispose();
    const perT = model.loss(idx, tgt, "none");
    const loss_per_token_max_abs_err = maxAbsDiff(perT.dataSync(), expPer);
    perT.dispose();

    // gradients, then two optimizer steps on the same batch. Step 2 starts from nanochat's step-1 weights
    // (our optimizer state kept), so a round-off-led entry of step 1 (see ILL_CONDITIONED_REL) does not leak
    // into every weight of step 2 through the forward pass; the free-running error is reported beside it.
    const optim = setupOptimizers(model, opt.lrs);
    let grad_max_rel_err = 0;
    let grad_worst_tensor = "";
    const ill = new Map<string, Uint8Array>();
    let illCount = 0;
    const stepErr = { 1: [0, 0], 2: [0, 0] } as Record<1 | 2, [number, number]>;
    const lossBefore: Record<1 | 2, number | null> = { 1: null, 2: null };
    const exp1 = f.weights("expected.step1.");
    for (const step of [1, 2] as const) {
      if (step === 2) model.setWeights(exp1, f.file);
      const { loss, grads } = model.lossAndGrads(idx, tgt);
      const lb = `expected.step${step}.loss_before`;
      if (f.has(lb)) lossBefore[step] = Math.abs(loss.dataSync()[0] - f.get(lb).data[0]);
      loss.dispose();
      for (const s of paramSpecs(c)) {
        const adam = s.name === "transformer.wte.weight" || s.name === "lm_head.weight";
        // step 1: nanochat's gradient; step 2: ours (the fixture has no step-2 gradients), ill only if step 1 was too
        const e = step === 1 ? f.get("expected.grad." + s.name, s.shape).data : grads.get(s.name)!.dataSync();
        const m = maxAbs(e);
        if (step === 1) {
          const rel = maxAbsDiff(grads.get(s.name)!.dataSync(), e) / (m || 1);
          if (rel > grad_max_rel_err || !grad_worst_tensor) [grad_max_rel_err, grad_worst_tensor] = [rel, s.name];
        }
        if (!adam) continue;
        const prev = ill.get(s.name);
        const mask = new Uint8Array(e.length);
        for (let i = 0; i < e.length; i++) {
          const tiny = e[i] !== 0 && Math.abs(e[i]) < ILL_CONDITIONED_REL * m;
          if (tiny && (!prev || prev[i])) (mask[i] = 1), step === 1 && illCount++;
        }
        ill.set(s.name, mask);
      }
      optim.step(grads, 1, opt.momentum);
      for (const g of grads.values()) g.dispose();
      const expW = f.weights(`expected.step${step}.`);
      for (const [name, v] of model.params) {
        const ours = v.dataSync();
        const e = expW.get(name)!.data;
        const mask = ill.get(name);
        for (let i = 0; i < ours.length; i++) {
          const d = Math.abs(ours[i] - e[i]);
          if (!mask || !mask[i]) stepErr[step][0] = Math.max(stepErr[step][0], d);
          if (step === 1) stepErr[1][1] = Math.max(stepErr[1][1], d);
        }
      }
    }
    // free-running step 2: step 1 as we computed it, then step 2 from there (a fresh optimizer replays step 1)
    {
      const free = new GPT(c, { weights: f.weights(), source: f.file });
      const o = setupOptimizers(free, opt.lrs);
      for (let k = 0; k < 2; k++) {
        const { loss, grads } = free.lossAndGrads(idx, tgt);
        loss.dispose();
        o.step(grads, 1, opt.momentum);
        for (const g of grads.values()) g.dispose();
      }
      const e2 = f.weights("expected.step2.");
      for (const [name, v] of free.params) stepErr[2][1] = Math.max(stepErr[2][1], maxAbsDiff(v.dataSync(), e2.get(name)!.data));
      o.dispose();
      free.dispose();
    }
    optim.dispose();

    // the optimizer alone, on nanochat's gradients
    const fresh = new GPT(c, { weights: f.weights(), source: f.file });
    const o2 = setupOptimizers(fresh, opt.lrs);
    const eg = new Map<string, tf.Tensor>();
    for (const s of paramSpecs(c)) eg.set(s.name, tf.tensor(f.get("expected.grad." + s.name).data, s.shape, "float32"));
    o2.step(eg, 1, opt.momentum);
    let optimizer_only_step1_max_abs_err = 0;
    for (const [name, v] of fresh.params) optimizer_only_step1_max_abs_err = Math.max(optimizer_only_step1_max_abs_err, maxAbsDiff(v.dataSync(), exp1.get(name)!.data));
    for (const t of eg.values()) t.dispose();
    o2.dispose();

    // greedy decoding from the fixture's weights (the original ones: fresh was stepped, so reload)
    fresh.setWeights(f.weights(), f.file);
    const prompt = Array.from(intTensor(f, "input.prompt").data);
    const expected_greedy = Array.from(intTensor(f, "expected.greedy").data);
    const gopts = { maxTokens: expected_greedy.length, temperature: 0 };
    const greedy = [...generate(fresh, prompt, gopts)];
    const greedyNoCache = [...generateNoCache(fresh, prompt, gopts)];
    fresh.dispose();
    const greedy_match = sameNumbers(greedy, expected_greedy);
    const greedy_nocache_match = sameNumbers(greedyNoCache, expected_greedy);

    return withVerdict({
      fixture: f.file,
      config: c,
      backend: tf.getBackend(),
      logits_max_abs_err,
      loss_abs_err,
      loss_per_token_max_abs_err,
      grad_max_rel_err,
      grad_worst_tensor,
      step1_max_abs_err: stepErr[1][0],
      step2_max_abs_err: stepErr[2][0],
      step1_max_abs_err_all: stepErr[1][1],
      step2_max_abs_err_all: stepErr[2][1],
      step_ill_conditioned_entries: illCount,
      optimizer_only_step1_max_abs_err,
      step1_loss_before_abs_err: lossBefore[1],
      step2_loss_before_abs_err: lossBefore[2],
      greedy,
      expected_greedy,
      greedy_match,
      greedy_nocache_match,
      tolerances: tol,
      failures: [],
      ok: false,
    }, greedyNoCache);
  } finally {
    idx.dispose();
    tgt.dispose();
    model.dispose();
  }
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

/** A saved model's logits on the expected file's input.idx against its expected.logits. */
export function compareModelLogits(modelDir: string, expectedFile: string): LogitsComparison {
  const { model, config } = loadModel(modelDir);
  try {
    const e = readExpectedLogits(expectedFile, config.vocab_size);
    const idx = tf.tensor2d(e.idx, [e.B, e.T], "int32");
    const logits = model.forward(idx);
    const err = maxAbsDiff(logits.dataSync(), e.logits);
    idx.dispose();
    logits.dispose();
    return { model: modelDir, expected: expectedFile, backend: tf.getBackend(), logits_max_abs_err: err, tolerance: PARITY_TOLERANCES.logits, ok: err <= PARITY_TOLERANCES.logits };
  } finally {
    model.dispose();
  }
}
