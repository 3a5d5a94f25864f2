// nanochat v1's base_train loop (nanochat-reference.md §2) for one process:
//   for step in 0..N:  eval val bpb (step 0, every eval_every, the last) · samples (every sample_every,
//   the last) · stop at N · grad_accum micro-batches → one optimizer step with lrm(step) and Muon momentum
// Writes into the run folder `out`: summary.json (every run, also one stopped early), log.csv,
// samples.md, checkpoint/ (save_every, --max-steps, NaN, the end) and the final model
// (model.safetensors, config.json, tokenizer/); the loss/bpb curves go to out/plots/train-<config>-<run folder>.html.
// Seeded: the same config, data and backend give the same losses; --resume continues an interrupted
// run so its losses equal an uninterrupted one's.
import fs from "node:fs";
import path from "node:path";
import type { NanozhConfig } from "../config";
import { GPT, saveModel } from "../engines/tfjs";
import { initBackend, measuredMatmulPeakFlops } from "../engines/tfjs/backend";
import { InterruptedError, watchInterrupts, type InterruptWatch } from "../util/interrupt";
import { formatDuration, progress } from "../util/progress";
import { acquireRunLock } from "../util/runLock";
import { BpbAccumulator } from "./bpb";
import { loadCheckpoint, saveCheckpoint, type CheckpointMeta, type LogRow } from "./checkpoint";
import type { EngineOptions, StepEngine } from "../engines/tfjs/localEngine";
import { checkStepEngineName, createStepEngine } from "../engines/stepEngines";
import { makeLoader, START, validationBatches } from "./loader";
import { NgramCounts, ngramBaselines, type NgramBpb } from "./ngramBaseline";
import { checkRunFolder, openRunFolder, type RunFolder } from "./runFolder";
import { checkRunTokenizer, dataForRun, tokenizerForRun } from "./runInputs";
import type { DocSource } from "./docSource";
import { getTokenizer } from "../tokenizer";
import { greedySamples, SAMPLE_PROMPTS, type Sample } from "./samples";
import { lrMultiplier, muonMomentum } from "./schedule";
import { trainSettings, type TrainSettings } from "./settings";
import { curvesFileFor, runTotals, writeRunFiles, type TrainSummary } from "./summary";
import { statusLine } from "../util/tslab";

export type { TrainSummary } from "./summary";

/** The n-gram baselines are fitted on at most this many training tokens (the run's first ones). */
export const BASELINE_MAX_TOKENS = 20_000_000;

export type EngineFactory = (s: { model: TrainSettings["model"] } & EngineOptions) => Promise<StepEngine>;

export interface TrainOptions {
  /** the run folder */
  out: string;
  resume?: boolean;
  overwrite?: boolean;
  /** tfjs backend (lib/model initBackend): tfjs-node-gpu | wasm | cpu; default: the best that loads */
  backend?: string;
  /** stop after this many steps in all (a checkpoint is written; --resume continues); the schedule stays the full run's */
  maxSteps?: number;
  /** override the config's horizon */
  numIterations?: number;
  /** tokenizer folder or built-in name; default <out>/tokenizer, trained when missing */
  tokenizer?: string;
  /** shard folder or .txt/.jsonl files; default the config's data (runInputs.ts) */
  data?: string | string[];
  /** "auto" (default: workers:2 on wasm with two cores, else local), "local", "workers", "workers:N", or a factory */
  engine?: string | EngineFactory;
  prompts?: readonly string[];
  onLog?: (e: TrainEvent) => void;
  /** progress and messages (default stderr) */
  log?: (line: string) => void;
  /** ms between progress lines (default 1000; the first, eval and last steps always print) */
  progressMs?: number;
}

export type TrainEvent =
  | { kind: "start"; settings: TrainSettings; backend: string; engine: string; baselines: NgramBpb; peakFlops: number; resumedAt: number }
  | { kind: "step"; step: number; loss: number; lossEma: number; lrm: number; tokensPerS: number; mfu: number; etaSeconds: number; gradNorm?: number }
  | { kind: "eval"; step: number; val_bpb: number }
  | { kind: "sample"; step: number; samples: Sample[] }
  | { kind: "checkpoint"; step: number; dir: string }
  | { kind: "done"; summary: TrainSummary };


export class NonFiniteLossError extends Error {}

/** An engine by name through the engine front door (lib/engines/stepEngines.ts: auto = ORT when
 *  onnxruntime-node loads, else workers:2 on wasm with two cores, else local; ort, local, workers[:N]). */
export function engineByName(name: string, backend?: string): EngineFactory {
  checkStepEngineName(name);
  return (s) => createStepEngine(name, { model: s.model, seed: s.seed, lrs: s.lrs, backend });
}

/**
 * Train into `opts.out`, one live run per folder (a second run into it is refused while the first
 * steps: lib/util/runLock.ts). A Jupyter Interrupt stops the run after its current step, with a
 * checkpoint to resume from (lib/util/interrupt.ts).
 */
export async function train(cfg: NanozhConfig, opts: TrainOptions): Promise<TrainSummary> {
  const lock = acquireRunLock(path.resolve(opts.out), "train");
  const interrupt = watchInterrupts();
  try {
    return await trainLocked(cfg, opts, interrupt);
  } finally {
    interrupt.close();
    lock.release();
  }
}

/**
 * Every input (the folder's rules, --data, --tokenizer and its vocabulary) is checked before anything is
 * written; an earlier run replaced with --overwrite stays until the new run is complete (lib/train/runFolder:
 * staged beside it, swapped in at the end — or at --max-steps / an interrupt, when it can be resumed).
 */
async function trainLocked(cfg: NanozhConfig, opts: TrainOptions, interrupt: InterruptWatch): Promise<TrainSummary> {
  const log = opts.log ?? statusLine;
  const finalOut = path.resolve(opts.out);
  const settings = trainSettings(cfg, { numIterations: opts.numIterations });
  if (opts.maxSteps !== undefined && (!Number.isInteger(opts.maxSteps) || opts.maxSteps < 1)) throw new Error(`--max-steps: must be a positive integer, got ${opts.maxSteps}`);
  const folderOpts = { resume: opts.resume, overwrite: opts.overwrite, command: "train", log };
  checkRunFolder(finalOut, folderOpts);
  const explicitData = opts.data === undefined ? undefined : await dataForRun(cfg, finalOut, opts.data, log);
  if (opts.tokenizer !== undefined) checkRunTokenizer(cfg, getTokenizer(opts.tokenizer), opts.tokenizer);
  const backend = await initBackend(opts.backend);
  const folder = openRunFolder(finalOut, folderOpts);
  try {
    return await trainInFolder(cfg, opts, interrupt, { folder, settings, backend, explicitData, log });
  } catch (err) {
    if (folder.staged && err instanceof Error) {
      if (err instanceof InterruptedError && fs.existsSync(path.join(folder.work, "checkpoint"))) {
        folder.commit(); // resumable, as a --max-steps stop
        err.message = err.message.split(folder.work).join(finalOut);
        throw err;
      }
      if (err instanceof NonFiniteLossError) {
        err.message += `. The earlier run in ${finalOut} is unchanged; this run's files stay in ${folder.work} until the next run there`;
        throw err;
      }
    }
    folder.discard();
    throw err;
  }
}

interface TrainContext {
  folder: RunFolder;
  settings: TrainSettings;
  backend: string;
  explicitData?: DocSource;
  log: (line: string) => void;
}

async function trainInFolder(cfg: NanozhConfig, opts: TrainOptions, interrupt: InterruptWatch, ctx: TrainContext): Promise<TrainSummary> {
  const { folder, settings, backend, log } = ctx;
  const emit = (e: TrainEvent) => opts.onLog?.(e);
  // where this run writes: a staging folder while it replaces an earlier run (folder.out is the final name)
  const out = folder.work;
  const t0 = Date.now();

  const source = ctx.explicitData ?? (await dataForRun(cfg, out, undefined, log));
  const { tokenizer: tok, dir: tokDir, bos } = await tokenizerForRun(cfg, out, source, opts.tokenizer, log);
  const recordedTokDir = folder.final(tokDir);
  const recordedData = folder.final(source.where);
  const tokenBytes = tok.tokenBytes();
  const { deviceBatch: B, seqLen: T, gradAccum, numIterations: N } = settings;

  const valBatches = await validationBatches(source, tok, bos, B, T, Math.max(1, Math.ceil(settings.evalTokens / (B * T))));
  const baselineBatches = Math.max(1, Math.min(N * gradAccum, Math.floor(BASELINE_MAX_TOKENS / (B * T))));
  const counts = new NgramCounts(settings.model.vocab_size);
  {
    const l = makeLoader(source, tok, bos, { B, T });
    const p = progress({ label: "n-gram baselines", total: baselineBatches * B * T, unit: "tokens", write: log, intervalMs: 5000 });
    for (let i = 0; i < baselineBatches; i++) {
      const b = await l.next();
      counts.add(b.inputs, b.targets);
      p.tick(B * T);
    }
  }
  const baselines = ngramBaselines(counts, valBatches.map((b) => ({ inputs: b.inputs, targets: b.targets })), tokenBytes);
  log(`baselines on ${valBatches.length * B * T} validation tokens: unigram ${baselines.unigram_bpb.toFixed(4)} bpb, bigram ${baselines.bigram_bpb.toFixed(4)} bpb (fitted on ${counts.total.toLocaleString("en-US")} training tokens)`);

  if (interrupt.requested) throw new InterruptedError(`train: interrupted before the first step; ${out} holds no checkpoint yet`);
  const factory = typeof opts.engine === "function" ? opts.engine : engineByName(opts.engine ?? "auto", backend);
  const engine = await factory({ model: settings.model, seed: settings.seed, lrs: settings.lrs });
  const engineName = engine.name;
  try {
    let step = 0;
    let tokens = 0;
    let trainSeconds = 0;
    let lossEmaAcc = 0;
    let rows: LogRow[] = [];
    let loaderState = START;
    const ckptDir = path.join(out, "checkpoint");
    if (opts.resume) {
      const ck = loadCheckpoint(ckptDir, settings.model);
      await engine.setState(ck.state, ckptDir);
      step = ck.meta.step;
      tokens = ck.meta.tokens;
      trainSeconds = ck.meta.seconds;
      lossEmaAcc = ck.meta.lossEma;
      rows = ck.meta.log;
      loaderState = ck.meta.loader;
      if (ck.meta.run.num_iterations !== N)
        throw new Error(`${path.join(ckptDir, "state.json")}: the checkpoint's run has ${String(ck.meta.run.num_iterations)} iterations, this one ${N} (same config and --num-iterations needed to resume)`);
      log(`resuming ${out} at step ${step}/${N}`);
    }
    const loader = makeLoader(source, tok, bos, { B, T, state: loaderState });
    // the plain-matmul peak on one thread (the engine's own kernels', else the tfjs backend's), times the threads the engine computes on
    const engineThreads = engine.threadCount;
    const peakFlops = (engine.matmulPeakFlops ? await engine.matmulPeakFlops() : await measuredMatmulPeakFlops()) * engineThreads;
    log(
      `train ${cfg.name}: ${settings.params.toLocaleString("en-US")} params (L${settings.model.n_layer} d${settings.model.n_embd} h${settings.model.n_head}), ${N} steps × ${settings.totalBatch} tokens ` +
        `(device batch ${B}×${T}, grad accum ${gradAccum}), backend ${backend}, engine ${engineName} (${engineThreads} thread${engineThreads > 1 ? "s" : ""}), peak ${(peakFlops / 1e9).toFixed(1)} GFLOP/s`,
    );
    emit({ kind: "start", settings, backend, engine: engineName, baselines, peakFlops, resumedAt: step });

    const makeMeta = (): CheckpointMeta => ({
      format: "nanochat-zh-checkpoint",
      step,
      model: settings.model,
      loader: loader.state(),
      rng: { seed: settings.seed },
      tokens,
      seconds: trainSeconds,
      lossEma: lossEmaAcc,
      log: rows,
      run: { config: cfg.name, config_file: cfg.file, num_iterations: N, tokenizer: recordedTokDir, data: recordedData },
    });
    const checkpoint = async (dir = ckptDir) => {
      saveCheckpoint(dir, { meta: makeMeta(), state: await engine.getState() });
      emit({ kind: "checkpoint", step, dir });
    };
    const withModel = async <R>(f: (m: GPT) => Promise<R>): Promise<R> => {
      const m = new GPT(settings.model, { weights: (await engine.getState()).params, source: "engine state" });
      try {
        return await f(m);
      } finally {
        m.dispose();
      }
    };
    const evalBpb = async (): Promise<number> => {
      const acc = new BpbAccumulator(tokenBytes);
      for (const b of valBatches) acc.add(await engine.evalLossPerToken(b.inputs, b.targets, B, T), b.targets);
      return acc.bpb();
    };
    let samples: Sample[] = [];
    const curvesFile = curvesFileFor(cfg.name, folder.out);
    const writeOutputs = (status: TrainSummary["status"]): TrainSummary => {
      const summary: TrainSummary = {
        ...runTotals(rows, { tokens, trainSeconds, flopsPerToken: settings.flopsPerToken, peakFlops }),
        config: cfg.name,
        config_file: cfg.file,
        status,
        steps: step,
        num_iterations: N,
        horizon: settings.horizon,
        seconds: (Date.now() - t0) / 1000,
        unigram_bpb: baselines.unigram_bpb,
        bigram_bpb: baselines.bigram_bpb,
        backend,
        engine: engineName,
        engine_threads: engineThreads,
        params: settings.params,
        model: settings.model,
        device_batch_size: B,
        total_batch_size: settings.totalBatch,
        grad_accum: gradAccum,
        seed: settings.seed,
        tokenizer: recordedTokDir,
        data: recordedData,
        samples,
        curves_html: curvesFile,
      };
      writeRunFiles(out, summary, rows, baselines);
      return summary;
    };
    const sampleNow = async () => {
      samples = await withModel((m) => greedySamples(m, tok, bos, opts.prompts ?? SAMPLE_PROMPTS));
      const md = [`# samples at step ${step}`, "", ...samples.map((s) => `- **${s.prompt}**${s.completion.replace(/\n/g, "⏎")}`)].join("\n") + "\n";
      fs.appendFileSync(path.join(out, "samples.md"), md + "\n");
      for (const s of samples) log(`sample @${step}: ${s.prompt}|${s.completion.replace(/\n/g, "⏎")}`);
      emit({ kind: "sample", step, samples });
    };

    let lastPrint = 0;
    let dtEma = 0;
    for (;;) {
      if (interrupt.requested) {
        await checkpoint();
        writeOutputs("stopped: interrupted");
        log(`interrupted at step ${step}/${N}; checkpoint saved, continue with resume (CLI: --resume)`);
        throw new InterruptedError(`train: interrupted at step ${step}/${N}; the checkpoint is in ${ckptDir} (continue with resume: true, CLI --resume)`);
      }
      const lastStep = step === N;
      if (lastStep || step % settings.evalEvery === 0) {
        const bpb = await evalBpb();
        // the eval belongs to the row of the step it follows (step 0: a row of its own before training)
        const row = rows.find((r) => r.step === step);
        if (row) row.val_bpb = bpb;
        else rows.push({ step, loss: null, lrm: lrMultiplier(Math.min(step, N - 1), settings.schedule), tokens, seconds: trainSeconds, val_bpb: bpb });
        log(`step ${step}/${N}: val bpb ${bpb.toFixed(4)} (unigram ${baselines.unigram_bpb.toFixed(4)}, bigram ${baselines.bigram_bpb.toFixed(4)})`);
        emit({ kind: "eval", step, val_bpb: bpb });
      }
      if (settings.sampleEvery > 0 && (lastStep || (step > 0 && step % settings.sampleEvery === 0))) await sampleNow();
      if (lastStep) break;
      if (opts.maxSteps !== undefined && step >= opts.maxSteps) {
        await checkpoint();
        const s = writeOutputs("stopped at --max-steps");
        folder.commit();
        log(`stopped at step ${step}/${N} (--max-steps); continue with --resume`);
        emit({ kind: "done", summary: s });
        return s;
      }

      const ts = Date.now();
      const micro = [];
      for (let k = 0; k < gradAccum; k++) {
        const b = await loader.next();
        micro.push({ idx: b.inputs, targets: b.targets, B, T });
      }
      const lrm = lrMultiplier(step, settings.schedule);
      const mom = muonMomentum(step);
      const r = await engine.step(micro, lrm, mom, settings.gradClip);
      const dt = (Date.now() - ts) / 1000;
      step++;
      tokens += settings.totalBatch;
      trainSeconds += dt;
      rows.push({ step, loss: r.loss, lrm, tokens, seconds: trainSeconds });
      if (!Number.isFinite(r.loss)) {
        const bad = path.join(out, "checkpoint-nonfinite");
        await checkpoint(bad);
        writeOutputs("stopped: non-finite loss");
        throw new NonFiniteLossError(
          `step ${step}: the training loss is ${r.loss}; stopped. The state after this step is in ${bad}` +
            (fs.existsSync(ckptDir) ? `, the last good checkpoint in ${ckptDir}` : "") +
            ` (try a lower learning rate or grad_clip)`,
        );
      }
      lossEmaAcc = 0.9 * lossEmaAcc + 0.1 * r.loss;
      const lossEma = lossEmaAcc / (1 - Math.pow(0.9, step));
      dtEma = dtEma === 0 ? dt : 0.9 * dtEma + 0.1 * dt;
      const tokensPerS = settings.totalBatch / dt;
      const mfu = (100 * settings.flopsPerToken * tokensPerS) / peakFlops;
      const eta = dtEma * (N - step);
      emit({ kind: "step", step, loss: r.loss, lossEma, lrm, tokensPerS, mfu, etaSeconds: eta, gradNorm: r.gradNorm });
      const now = Date.now();
      if (step === 1 || step === N || now - lastPrint >= (opts.progressMs ?? 1000)) {
        lastPrint = now;
        log(
          `step ${String(step).padStart(String(N).length, "0")}/${N} (${((100 * step) / N).toFixed(1)}%) | loss ${lossEma.toFixed(4)} | lrm ${lrm.toFixed(2)} | ` +
            `dt ${(dt * 1000).toFixed(0)}ms | tok/s ${Math.round(tokensPerS).toLocaleString("en-US")} | mfu ${mfu.toFixed(1)}% | ${loader.position()} | ` +
            `total ${formatDuration(trainSeconds)} | eta ${formatDuration(eta)}`,
        );
      }
      if (settings.saveEvery > 0 && step % settings.saveEvery === 0 && step < N) await checkpoint();
    }

    await checkpoint();
    // the run folder is also the model folder: the tokenizer is already in <out>/tokenizer, the run's files stay
    await withModel(async (m) => saveModel(out, m, { extraMeta: { config: cfg.name, steps: step, tokens }, keepOtherFiles: true }));
    const summary = writeOutputs("complete");
    folder.commit();
    log(
      `done: ${step} steps, ${tokens.toLocaleString("en-US")} tokens in ${formatDuration(trainSeconds)} (${Math.round(summary.tokens_per_s)} tok/s); ` +
        `val bpb ${summary.val_bpb?.toFixed(4)} vs unigram ${baselines.unigram_bpb.toFixed(4)} / bigram ${baselines.bigram_bpb.toFixed(4)}; model in ${folder.out}`,
    );
    emit({ kind: "done", summary });
    return summary;
  } finally {
    await engine.dispose();
  }
}
