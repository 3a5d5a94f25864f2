// `nanozh parity --fixture F --engine ort`: the ORT engine against nanochat's own numbers, with the checks
// and tolerances of the tfjs engine's parity (lib/engines/tfjs/parity.ts): logits, loss and per-token loss from the
// training graph's forward, every gradient from its hand-derived backward, weights after steps 1 and 2 of
// AdamW + Muon (optim.ts), and greedy tokens through the ORT inference engine with and without a KV cache.
import type { NamedArrays } from "../../model/namedArrays";
import { paramSpecs } from "../../model/params";
import { argmax } from "../../model/sample";
import { ILL_CONDITIONED_REL, PARITY_TOLERANCES, type ParityResult, fixtureOptimizer, intTensor, maxAbs, maxAbsDiff, readFixture, sameNumbers, withVerdict } from "../parityFixture";
import { generateTokens } from "../generate";
import { prefill } from "../inference";
import { OrtInferenceEngine } from "./inference";
import { OrtOptimizers } from "./optim";
import { DEFAULT_ORT_TRAIN_THREADS, OrtStepEngine } from "./stepEngine";

const plain = (w: NamedArrays) => new Map([...w].map(([k, v]) => [k, v.data.slice()]));

export async function runOrtParity(fixtureFile: string, threads = DEFAULT_ORT_TRAIN_THREADS): Promise<ParityResult> {
  const f = readFixture(fixtureFile);
  const c = f.config;
  const idxT = intTensor(f, "input.idx");
  if (idxT.shape.length !== 2) throw new Error(`${f.file}: tensor 'input.idx' must be [B, T], got [${idxT.shape}]`);
  const [B, T] = idxT.shape;
  const idx = idxT.data as Int32Array;
  const tgt = intTensor(f, "input.targets").data as Int32Array;
  f.get("input.targets", [B, T]);
  const opt = fixtureOptimizer(f);
  const specs = paramSpecs(c);
  const isAdam = (n: string) => n === "transformer.wte.weight" || n === "lm_head.weight";
  const engine = new OrtStepEngine(c, { seed: 0, lrs: opt.lrs, threads });
  const optim = new OrtOptimizers(c, opt.lrs, threads);
  try {
    await engine.setState({ params: f.weights(), optimizer: new Map() }, f.file);
    const fw = await engine.forward(idx, tgt, B, T);
    const logits_max_abs_err = maxAbsDiff(fw.logits, f.get("expected.logits", [B, T, c.vocab_size]).data);
    const loss_abs_err = Math.abs(fw.loss - f.get("expected.loss").data[0]);
    const loss_per_token_max_abs_err = maxAbsDiff(fw.perToken, f.get("expected.loss_per_token", [B, T]).data);

    // two steps on the same batch; step 2 starts from nanochat's step-1 weights with our optimizer state
    // (the ill-conditioned AdamW entries of step 1 must not leak into step 2; see ILL_CONDITIONED_REL)
    let grad_max_rel_err = 0;
    let grad_worst_tensor = "";
    let illCount = 0;
    const ill = new Map<string, Uint8Array>();
    const stepErr = { 1: [0, 0], 2: [0, 0] } as Record<1 | 2, [number, number]>;
    const lossBefore: Record<1 | 2, number | null> = { 1: null, 2: null };
    for (const step of [1, 2] as const) {
      const params = plain(step === 1 ? f.weights() : f.weights("expected.step1."));
      await engine.setState({ params: f.weights(step === 1 ? "" : "expected.step1."), optimizer: new Map() }, f.file);
      const { loss, grads } = await engine.lossAndGrads({ idx, targets: tgt, B, T });
      const lb = `expected.step${step}.loss_before`;
      if (f.has(lb)) lossBefore[step] = Math.abs(loss - f.get(lb).data[0]);
      for (const s of specs) {
        const e = step === 1 ? f.get("expected.grad." + s.name, s.shape).data : grads.get(s.name)!;
        const m = maxAbs(e);
        if (step === 1) {
          const rel = maxAbsDiff(grads.get(s.name)!, e) / (m || 1);
          if (rel > grad_max_rel_err || !grad_worst_tensor) [grad_max_rel_err, grad_worst_tensor] = [rel, s.name];
        }
        if (!isAdam(s.name)) continue;
        const prev = ill.get(s.name);
        const mask = new Uint8Array(e.length);
        for (let i = 0; i < e.length; i++) {
          const tiny = e[i] !== 0 && Math.abs(e[i]) < ILL_CONDITIONED_REL * m;
          if (tiny && (!prev || prev[i])) (mask[i] = 1), step === 1 && illCount++;
        }
        ill.set(s.name, mask);
      }
      await optim.step(params, grads, 1, opt.momentum);
      const expW = f.weights(`expected.step${step}.`);
      for (const [name, ours] of params) {
        const e = expW.get(name)!.data;
        const mask = ill.get(name);
        for (let i = 0; i < ours.length; i++) {
          const d = Math.abs(ours[i] - e[i]);
          if (!mask || !mask[i]) stepErr[step][0] = Math.max(stepErr[step][0], d);
          if (step === 1) stepErr[1][1] = Math.max(stepErr[1][1], d);
        }
      }
    }
    // free-running: two engine steps from the fixture's weights
    await engine.setState({ params: f.weights(), optimizer: new Map() }, f.file);
    for (let k = 0; k < 2; k++) await engine.step([{ idx, targets: tgt, B, T }], 1, opt.momentum);
    const free = (await engine.getState()).params;
    const e2 = f.weights("expected.step2.");
    for (const [name, v] of free) stepErr[2][1] = Math.max(stepErr[2][1], maxAbsDiff(v.data, e2.get(name)!.data));

    // the optimizer alone on nanochat's gradients
    const o2 = new OrtOptimizers(c, opt.lrs, threads);
    const p2 = plain(f.weights());
    await o2.step(p2, new Map(specs.map((s) => [s.name, f.get("expected.grad." + s.name).data as Float32Array])), 1, opt.momentum);
    await o2.dispose();
    const exp1 = f.weights("expected.step1.");
    let optimizer_only_step1_max_abs_err = 0;
    for (const [name, v] of p2) optimizer_only_step1_max_abs_err = Math.max(optimizer_only_step1_max_abs_err, maxAbsDiff(v, exp1.get(name)!.data));

    // greedy decoding from the fixture's weights on the ORT inference engine
    const prompt = Array.from(intTensor(f, "input.prompt").data);
    const expected_greedy = Array.from(intTensor(f, "expected.greedy").data);
    const infer = new OrtInferenceEngine(c, f.weights(), { threads, source: f.file });
    const greedy: number[] = [];
    for await (const t of generateTokens(infer, prompt, { maxTokens: expected_greedy.length, temperature: 0 })) greedy.push(t);
    const greedyNoCache: number[] = [];
    const ids = [...prompt];
    for (let k = 0; k < expected_greedy.length; k++) {
      const { cache, logits } = await prefill(infer, Int32Array.from(ids), ids.length, "last");
      cache.dispose();
      const next = argmax(logits);
      greedyNoCache.push(next);
      ids.push(next);
    }
    infer.dispose();
    return withVerdict(
      {
        fixture: f.file,
        config: c,
        backend: `onnxruntime-node cpu (${threads} thread${threads > 1 ? "s" : ""})`,
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
        greedy_match: sameNumbers(greedy, expected_greedy),
        greedy_nocache_match: sameNumbers(greedyNoCache, expected_greedy),
        tolerances: PARITY_TOLERANCES,
        failures: [],
        ok: false,
      },
      greedyNoCache,
    );
  } finally {
    await optim.dispose();
    await engine.dispose();
  }
}
