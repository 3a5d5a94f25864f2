// The training engine on onnxruntime-node: the StepEngine interface (lib/engines/tfjs/localEngine.ts) over one ORT
// graph per micro-batch shape giving the loss and every gradient (train/trainGraph.ts), the gradient mean
// over micro-batches, optional global-norm clipping (torch clip_grad_norm_: × max/(norm + 1e-6) when < 1)
// and nanochat's AdamW + Muon on plain arrays (optim.ts). Weights live here as Float32Arrays.
import type * as ort from "onnxruntime-node";
import type { GPTConfig } from "../../model/config";
import type { NamedArrays } from "../../model/namedArrays";
import { initWeights, paramSpecs } from "../../model/params";
import type { EngineOptions, MicroBatch, StepEngine, StepResult, TrainState } from "../stepEngine";
import { OrtOptimizers } from "./optim";
import { ortMatmulPeakFlops } from "./peak";
import { createSession, runSession, type NamedTensor } from "./session";
import { buildTrainGraph, GRAD_PREFIX } from "./train/trainGraph";

/**
 * Two, measured on the shared 2-vCPU machine (L4 d256 V8192 T256 B8, 2026-12-07, other work running):
 * at load ~19 two threads gave 192 tok/s, one 83; at load 5–9, in back-to-back pairs, two won 3 of 5
 * (best 1,024 tok/s against one thread's 576 a minute apart; one thread's best was 847). ORT's 1024² matmul
 * also gains on two (81 → 113 GFLOP/s, quiet, issue 14). Re-measure on a quiet machine with
 * `nanozh bench train --engine ort --threads N` or bench/train-speed.ts.
 */
export const DEFAULT_ORT_TRAIN_THREADS = 2;

export interface OrtEngineOptions extends EngineOptions {
  /** ORT intra-op threads; default DEFAULT_ORT_TRAIN_THREADS */
  threads?: number;
}

export class OrtStepEngine implements StepEngine {
  readonly name = "ort";
  readonly backend = "onnxruntime-node cpu";
  readonly threadCount: number;
  private readonly params = new Map<string, Float32Array>();
  private readonly opt: OrtOptimizers;
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();

  constructor(
    readonly cfg: GPTConfig,
    opts: OrtEngineOptions,
  ) {
    this.threadCount = opts.threads ?? DEFAULT_ORT_TRAIN_THREADS;
    if (!Number.isInteger(this.threadCount) || this.threadCount < 1) throw new Error(`ort engine: threads must be a positive integer, got ${opts.threads}`);
    for (const [name, data] of initWeights(cfg, opts.seed ?? 42)) this.params.set(name, data);
    this.opt = new OrtOptimizers(cfg, opts.lrs, this.threadCount);
  }

  private session(mode: "train" | "eval", B: number, T: number, logits = false): Promise<ort.InferenceSession> {
    const key = `${mode}|${B}|${T}|${logits}`;
    let s = this.sessions.get(key);
    if (!s) {
      const g = buildTrainGraph(this.cfg, { B, T, mode, logits });
      s = createSession(g.toBytes(), g.name, { threads: this.threadCount, spin: false });
      this.sessions.set(key, s);
      s.catch(() => this.sessions.delete(key));
    }
    return s;
  }

  private feeds(idx: Int32Array, targets: Int32Array, B: number, T: number): Record<string, NamedTensor> {
    if (idx.length !== B * T || targets.length !== B * T) throw new Error(`ort engine: idx (${idx.length}) and targets (${targets.length}) must hold B×T = ${B}×${T} ids`);
    if (T > this.cfg.sequence_len * 10) throw new Error(`ort engine: sequence of ${T} tokens is longer than the rotary table (${this.cfg.sequence_len * 10})`);
    const V = this.cfg.vocab_size;
    for (let i = 0; i < idx.length; i++)
      if (idx[i] < 0 || idx[i] >= V) throw new Error(`ort engine: token id ${idx[i]} at ${i} is outside the vocab [0, ${V})`);
    const f: Record<string, NamedTensor> = { idx: { data: idx, dims: [B, T] }, targets: { data: targets, dims: [B, T] } };
    for (const s of paramSpecs(this.cfg)) f[s.name] = { data: this.params.get(s.name)!, dims: s.shape };
    return f;
  }

  /** Loss, per-token loss and gradients of one batch at the current weights (gradients by parameter name). */
  async lossAndGrads(m: MicroBatch): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
    const out = await runSession(await this.session("train", m.B, m.T), this.feeds(m.idx, m.targets, m.B, m.T));
    const grads = new Map<string, Float32Array>();
    for (const name of this.params.keys()) grads.set(name, out[GRAD_PREFIX + name].data as Float32Array);
    return { loss: (out.loss.data as Float32Array)[0], grads };
  }

  async step(micro: MicroBatch[], lrm: number, momentum: number, gradClip = 0): Promise<StepResult> {
    if (micro.length === 0) throw new Error("ort engine step: no micro-batches");
    let lossSum = 0;
    let acc: Map<string, Float32Array> | null = null;
    for (const m of micro) {
      const r = await this.lossAndGrads(m);
      lossSum += r.loss;
      if (!acc) acc = r.grads;
      else
        for (const [name, g] of r.grads) {
          const a = acc.get(name)!;
          for (let i = 0; i < a.length; i++) a[i] += g[i];
        }
    }
    const grads = acc!;
    if (micro.length > 1) scaleAll(grads, 1 / micro.length);
    let gradNorm: number | undefined;
    if (gradClip > 0) {
      let sq = 0;
      for (const g of grads.values()) for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
      gradNorm = Math.sqrt(sq);
      const coef = gradClip / (gradNorm + 1e-6);
      if (coef < 1) scaleAll(grads, coef);
    }
    await this.opt.step(this.params, grads, lrm, momentum);
    return { loss: lossSum / micro.length, gradNorm };
  }

  matmulPeakFlops(): Promise<number> {
    return ortMatmulPeakFlops(this.threadCount);
  }

  async evalLossPerToken(idx: Int32Array, targets: Int32Array, B: number, T: number): Promise<Float32Array> {
    const out = await runSession(await this.session("eval", B, T), this.feeds(idx, targets, B, T), ["loss_per_token"]);
    return out.loss_per_token.data as Float32Array;
  }

  /** Soft-capped logits [B·T·V], the mean loss and the per-token loss (parity checks). */
  async forward(idx: Int32Array, targets: Int32Array, B: number, T: number): Promise<{ logits: Float32Array; loss: number; perToken: Float32Array }> {
    const out = await runSession(await this.session("eval", B, T, true), this.feeds(idx, targets, B, T));
    return { logits: out.logits.data as Float32Array, loss: (out.loss.data as Float32Array)[0], perToken: out.loss_per_token.data as Float32Array };
  }

  async getState(): Promise<TrainState> {
    const params: NamedArrays = new Map();
    for (const s of paramSpecs(this.cfg)) params.set(s.name, { shape: [...s.shape], data: this.params.get(s.name)!.slice() });
    return { params, optimizer: this.opt.state() };
  }

  async setState(s: TrainState, source = "train state"): Promise<void> {
    const specs = paramSpecs(this.cfg);
    const known = new Set(specs.map((x) => x.name));
    for (const name of s.params.keys()) if (!known.has(name)) throw new Error(`${source}: weights: unknown tensor '${name}' (not a parameter of this model)`);
    for (const sp of specs) {
      const a = s.params.get(sp.name);
      if (!a) throw new Error(`${source}: weights: missing tensor '${sp.name}' [${sp.shape}]`);
      if (a.data.length !== sp.shape[0] * sp.shape[1]) throw new Error(`${source}: weights: tensor '${sp.name}' has ${a.data.length} values, shape [${sp.shape}] needs ${sp.shape[0] * sp.shape[1]}`);
    }
    this.opt.loadState(s.optimizer, `${source}: optimizer state`);
    for (const sp of specs) this.params.set(sp.name, s.params.get(sp.name)!.data.slice());
  }

  async dispose(): Promise<void> {
    for (const s of this.sessions.values()) await (await s).release().catch(() => undefined);
    this.sessions.clear();
    await this.opt.dispose();
  }
}

function scaleAll(grads: Map<string, Float32Array>, s: number): void {
  for (const g of grads.values()) for (let i = 0; i < g.length; i++) g[i] *= s;
}
