// Parity with nanochat's own code, the checks themselves: every engine runs the same ones through a small
// adapter (ParityEngine: forward, a training step, the optimizer alone, greedy decoding) and this file does the
// bookkeeping once — forward errors, gradient errors, the ill-conditioned AdamW entries, step-1 and step-2
// weights, the free-running pair of steps, greedy tokens and the verdict. The adapters: tfjs/parity.ts, ort/parity.ts.
import type { NamedArrays } from "../model/namedArrays";
import { paramSpecs } from "../model/params";
import type { MicroBatch } from "./stepEngine";
import { type Fixture, ILL_CONDITIONED_REL, PARITY_TOLERANCES, type ParityResult, fixtureOptimizer, intTensor, maxAbs, maxAbsDiff, readFixture, sameNumbers } from "./parityFixture";

/** Weights (or gradients) by parameter name, as an engine hands them back. */
export type ParityArrays = Map<string, ArrayLike<number>>;

/** What an engine gets to run the checks: the fixture, its batch (input.idx / input.targets) and its optimizer settings. */
export interface ParityInputs {
  f: Fixture;
  batch: MicroBatch;
  opt: ReturnType<typeof fixtureOptimizer>;
}

/** One engine under the parity checks; every method runs on the fixture's batch. */
export interface ParityEngine {
  backend: string;
  /** Logits, mean loss and per-token loss at the fixture's weights. */
  forward(): Promise<{ logits: ArrayLike<number>; loss: number; perToken: ArrayLike<number> }>;
  /** At these weights: the loss and every gradient, then one optimizer step on them (optimizer state kept from the previous call); the weights after. */
  trainStep(weights: NamedArrays): Promise<{ loss: number; grads: ParityArrays; after: ParityArrays }>;
  /** Two training steps from the fixture's weights with a fresh optimizer; the weights after. */
  freeRun(): Promise<ParityArrays>;
  /** A fresh optimizer's step from the fixture's weights on these gradients; the weights after. */
  optimizerOnly(grads: NamedArrays): Promise<ParityArrays>;
  /** Greedy tokens from the fixture's weights, through a KV cache and recomputing the prefix. */
  greedy(prompt: number[], maxTokens: number): Promise<{ cached: number[]; uncached: number[] }>;
  dispose(): Promise<void>;
}

/** Run every check of a fixture on the engine that `open` makes. */
export async function checkParity(fixtureFile: string, open: (p: ParityInputs) => ParityEngine): Promise<ParityResult> {
  const f = readFixture(fixtureFile);
  const c = f.config;
  const idxT = intTensor(f, "input.idx");
  if (idxT.shape.length !== 2) throw new Error(`${f.file}: tensor 'input.idx' must be [B, T], got [${idxT.shape}]`);
  const [B, T] = idxT.shape;
  const targets = intTensor(f, "input.targets").data;
  f.get("input.targets", [B, T]);
  const expLogits = f.get("expected.logits", [B, T, c.vocab_size]).data;
  const expLoss = f.get("expected.loss").data[0];
  const expPer = f.get("expected.loss_per_token", [B, T]).data;
  const engine = open({ f, batch: { idx: idxT.data, targets, B, T }, opt: fixtureOptimizer(f) });
  try {
    const fw = await engine.forward();

    // gradients, then two optimizer steps on the same batch. Step 2 starts from nanochat's step-1 weights
    // (our optimizer state kept), so a round-off-led entry of step 1 (see ILL_CONDITIONED_REL) does not leak
    // into every weight of step 2 through the forward pass; the free-running error is reported beside it.
    let grad_max_rel_err = 0;
    let grad_worst_tensor = "";
    const ill = new Map<string, Uint8Array>();
    let illCount = 0;
    const stepErr = { 1: [0, 0], 2: [0, 0] } as Record<1 | 2, [number, number]>;
    const lossBefore: Record<1 | 2, number | null> = { 1: null, 2: null };
    for (const step of [1, 2] as const) {
      const { loss, grads, after } = await engine.trainStep(f.weights(step === 1 ? "" : "expected.step1."));
      const lb = `expected.step${step}.loss_before`;
      if (f.has(lb)) lossBefore[step] = Math.abs(loss - f.get(lb).data[0]);
      for (const s of paramSpecs(c)) {
        // step 1: nanochat's gradient; step 2: ours (the fixture has no step-2 gradients), ill only if step 1 was too
        const e = step === 1 ? f.get("expected.grad." + s.name, s.shape).data : grads.get(s.name)!;
        const m = maxAbs(e);
        if (step === 1) {
          const rel = maxAbsDiff(grads.get(s.name)!, e) / (m || 1);
          if (rel > grad_max_rel_err || !grad_worst_tensor) [grad_max_rel_err, grad_worst_tensor] = [rel, s.name];
        }
        if (s.name !== "transformer.wte.weight" && s.name !== "lm_head.weight") continue; // AdamW's tensors
        const prev = ill.get(s.name);
        const mask = new Uint8Array(e.length);
        for (let i = 0; i < e.length; i++) {
          const tiny = e[i] !== 0 && Math.abs(e[i]) < ILL_CONDITIONED_REL * m;
          if (tiny && (!prev || prev[i])) (mask[i] = 1), step === 1 && illCount++;
        }
        ill.set(s.name, mask);
      }
      const expW = f.weights(`expected.step${step}.`);
      for (const [name, ours] of after) {
        const e = expW.get(name)!.data;
        const mask = ill.get(name);
        for (let i = 0; i < ours.length; i++) {
          const d = Math.abs(ours[i] - e[i]);
          if (!mask || !mask[i]) stepErr[step][0] = Math.max(stepErr[step][0], d);
          if (step === 1) stepErr[1][1] = Math.max(stepErr[1][1], d);
        }
      }
    }
    // free-running step 2: step 1 as we computed it, then step 2 from there
    const e2 = f.weights("expected.step2.");
    for (const [name, v] of await engine.freeRun()) stepErr[2][1] = Math.max(stepErr[2][1], maxAbsDiff(v, e2.get(name)!.data));

    // the optimizer alone, on nanochat's gradients
    const exp1 = f.weights("expected.step1.");
    let optimizer_only_step1_max_abs_err = 0;
    for (const [name, v] of await engine.optimizerOnly(f.weights("expected.grad.")))
      optimizer_only_step1_max_abs_err = Math.max(optimizer_only_step1_max_abs_err, maxAbsDiff(v, exp1.get(name)!.data));

    // greedy decoding from the fixture's weights
    const prompt = Array.from(intTensor(f, "input.prompt").data);
    const expected_greedy = Array.from(intTensor(f, "expected.greedy").data);
    const { cached: greedy, uncached } = await engine.greedy(prompt, expected_greedy.length);

    const r = {
      fixture: f.file,
      config: c,
      backend: engine.backend,
      logits_max_abs_err: maxAbsDiff(fw.logits, expLogits),
      loss_abs_err: Math.abs(fw.loss - expLoss),
      loss_per_token_max_abs_err: maxAbsDiff(fw.perToken, expPer),
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
      greedy_match: sameNumbers(greedy, expected_greedy),
      greedy_nocache_match: sameNumbers(uncached, expected_greedy),
    };
    return { ...r, tolerances: PARITY_TOLERANCES, ...verdict(r, uncached) };
  } finally {
    await engine.dispose();
  }
}

/** `failures` and `ok` from the measured errors against PARITY_TOLERANCES. */
function verdict(r: Omit<ParityResult, "tolerances" | "failures" | "ok">, greedyNoCache: readonly number[]): { failures: string[]; ok: boolean } {
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
  return { failures, ok: failures.length === 0 };
}
