// nanochat v1's base_train (nanochat-reference.md §2) for one process, on the run loop it shares with
// fine-tuning (runLoop.ts): validation is val bpb (step 0, every eval_every, the last), samples every
// sample_every and at the end, grad_accum micro-batches from the loader make one optimizer step with
// lrm(step) and Muon momentum, checkpoints every save_every.
// Writes into the run folder `out`: summary.json (every run, also one stopped early), log.csv,
// samples.md, checkpoint/ (save_every, --max-steps, NaN, the end) and the final model
// (model.safetensors, config.json, tokenizer/); the loss/bpb curves go to out/plots/train-<config>-<run folder>.html.
// Seeded: the same config, data and backend give the same losses; --resume continues an interrupted
// run so its losses equal an uninterrupted one's.
import fs from "node:fs";
import path from "node:path";
import type { NanozhConfig } from "../config";
import { checkBackendName, checkStepEngineName, createStepEngine, inferenceEngineFromStep, initTfjsBackend, type EngineOptions, type StepEngine } from "../engines";
import { saveWeights } from "../model/io";
import { InterruptedError, watchInterrupts, type InterruptWatch } from "../util/interrupt";
import { formatDuration, progress } from "../util/progress";
import { acquireRunLock } from "../util/runLock";
import { BpbAccumulator } from "./bpb";
import { loadCheckpoint, saveCheckpoint, type CheckpointMeta, type LogRow } from "./checkpoint";
import { makeLoader, START, validationBatches, type Batch } from "./loader";
import { NgramCounts, ngramBaselines, type NgramBpb } from "./ngramBaseline";
import { checkRunFolder, openRunFolder, type RunFolder } from "./runFolder";
import { checkRunTokenizer, dataForRun, tokenizerForRun } from "./runInputs";
import type { DocSource } from "./docSource";
import { getTokenizer } from "../tokenizer";
import { greedySamples, SAMPLE_PROMPTS, type Sample } from "./samples";
import { lrMultiplier } from "./schedule";
import { newRunState, runLoop, type RunState } from "./runLoop";
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
  /** tfjs backend for the tfjs engines (lib/engines/tfjs/backend): tfjs-node-gpu | wasm | cpu; default: the best that loads; the ORT engine does not use it */
  backend?: string;
  /** stop after this many steps in all (a checkpoint is written; --resume continues); the schedule stays the full run's */
  maxSteps?: number;
  /** override the config's horizon */
  numIterations?: number;
  /** tokenizer folder or built-in name; default <out>/tokenizer, trained when missing */
  tokenizer?: string;
  /** shard folder or .txt/.jsonl files; default the config's data (runInputs.ts) */
  data?: string | string[];
  /** "auto" (default: ORT when onnxruntime-node loads, else workers:2 on wasm with two cores, else local), "ort", "local", "workers", "workers:N", or a factory */
  engine?: string | EngineFactory;
  /** ORT intra-op threads (the ort engine; default: the measured fastest), or the worker count of "workers" */
  threads?: number;
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
 *  onnxruntime-node loads, else workers:2 on wasm with two cores, else local; ort, local, workers[:N]).
 *  `backend`: the tfjs backend, started only when a tfjs engine runs. */
export function engineByName(name: string, backend?: string, threads?: number): EngineFactory {
  checkStepEngineName(name);
  return (s) => createStepEngine(name, { model: s.model, seed: s.seed, lrs: s.lrs, backend, threads });
}

/** The run's step engine: by name, or a caller's factory (which may build a tfjs engine itself: the tfjs backend is started for it). */
export async function openStepEngine(engine: string | EngineFactory | undefined, backend: string | undefined, s: Parameters<EngineFactory>[0], threads?: number): Promise<StepEngine> {
  if (typeof engine !== "function") return engineByName(engine ?? "auto", backend, threads)(s);
  if (threads !== undefined) throw new Error("threads: not used with an engine factory (the factory builds the engine)");
  await initTfjsBackend(backend);
  return engine(s);
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
  if (opts.backend !== undefined) checkBackendName(opts.backend);
  if (typeof opts.engine === "string") checkStepEngineName(opts.engine);
  const folder = openRunFolder(finalOut, folderOpts);
  try {
    return await trainInFolder(cfg, opts, interrupt, { folder, settings, explicitData, log });
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
  explicitData?: DocSource;
  log: (line: string) => void;
}


/** The n-gram baselines beside the network: fitted on the run's first training tokens, scored on the validation batches. */
async function fitBaselines(source: DocSource, tok: Parameters<typeof makeLoader>[1], bos: number, settings: TrainSettings, valBatches: Batch[], tokenBytes: Int32Array, log: (line: string) => void): Promise<NgramBpb> {
  const { deviceBatch: B, seqLen: T, gradAccum, numIterations: N } = settings;
  const batches = Math.max(1, Math.min(N * gradAccum, Math.floor(BASELINE_MAX_TOKENS / (B * T))));
  const counts = new NgramCounts(settings.model.vocab_size);
  const l = makeLoader(source, tok, bos, { B, T });
  const p = progress({ label: "n-gram baselines", total: batches * B * T, unit: "tokens", write: log, intervalMs: 5000 });
  for (let i = 0; i < batches; i++) {
    const b = await l.next();
    counts.add(b.inputs, b.targets);
    p.tick(B * T);
  }
  const baselines = ngramBaselines(counts, valBatches.map((b) => ({ inputs: b.inputs, targets: b.targets })), tokenBytes);
  log(`baselines on ${valBatches.length * B * T} validation tokens: unigram ${baselines.unigram_bpb.toFixed(4)} bpb, bigram ${baselines.bigram_bpb.toFixed(4)} bpb (fitted on ${counts.total.toLocaleString("en-US")} training tokens)`);
  return baselines;
}

async function trainInFolder(cfg: NanozhConfig, opts: TrainOptions, interrupt: InterruptWatch, ctx: TrainContext): Promise<TrainSummary> {
  const { folder, settings, log } = ctx;
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
  const baselines = await fitBaselines(source, tok, bos, settings, valBatches, tokenBytes, log);

  if (interrupt.requested) throw new InterruptedError(`train: interrupted before the first step; ${out} holds no checkpoint yet`);
  const engine = await openStepEngine(opts.engine, opts.backend, { model: settings.model, seed: settings.seed, lrs: settings.lrs }, opts.threads);
  try {
    const ckptDir = path.join(out, "checkpoint");
    const st = newRunState<LogRow>();
    let loaderState = START;
    if (opts.resume) {
      const ck = loadCheckpoint(ckptDir, settings.model);
      await engine.setState(ck.state, ckptDir);
      Object.assign(st, { step: ck.meta.step, tokens: ck.meta.tokens, trainSeconds: ck.meta.seconds, lossEmaAcc: ck.meta.lossEma, rows: ck.meta.log });
      loaderState = ck.meta.loader;
      if (ck.meta.run.num_iterations !== N)
        throw new Error(`${path.join(ckptDir, "state.json")}: the checkpoint's run has ${String(ck.meta.run.num_iterations)} iterations, this one ${N} (same config and --num-iterations needed to resume)`);
      log(`resuming ${out} at step ${st.step}/${N}`);
    }
    const loader = makeLoader(source, tok, bos, { B, T, state: loaderState });
    // the plain-matmul peak on one of the engine's threads, times the threads it computes on
    const threads = engine.threadCount;
    const peakFlops = (await engine.matmulPeakFlops()) * threads;
    log(
      `train ${cfg.name}: ${settings.params.toLocaleString("en-US")} params (L${settings.model.n_layer} d${settings.model.n_embd} h${settings.model.n_head}), ${N} steps × ${settings.totalBatch} tokens ` +
        `(device batch ${B}×${T}, grad accum ${gradAccum}), backend ${engine.backend}, engine ${engine.name} (${threads} thread${threads > 1 ? "s" : ""}), peak ${(peakFlops / 1e9).toFixed(1)} GFLOP/s`,
    );
    emit({ kind: "start", settings, backend: engine.backend, engine: engine.name, baselines, peakFlops, resumedAt: st.step });

    const checkpoint = async (s: RunState<LogRow>, dir = ckptDir) => {
      const meta: CheckpointMeta = {
        format: "nanochat-zh-checkpoint",
        step: s.step,
        model: settings.model,
        loader: loader.state(),
        rng: { seed: settings.seed },
        tokens: s.tokens,
        seconds: s.trainSeconds,
        lossEma: s.lossEmaAcc,
        log: s.rows,
        run: { config: cfg.name, config_file: cfg.file, num_iterations: N, tokenizer: recordedTokDir, data: recordedData },
      };
      saveCheckpoint(dir, { meta, state: await engine.getState() });
      emit({ kind: "checkpoint", step: s.step, dir });
    };
    let samples: Sample[] = [];
    const curvesFile = curvesFileFor(cfg.name, folder.out);
    const writeOutputs = (s: RunState<LogRow>, status: TrainSummary["status"]): TrainSummary => {
      const summary: TrainSummary = {
        ...runTotals(s.rows, { tokens: s.tokens, trainSeconds: s.trainSeconds, flopsPerToken: settings.flopsPerToken, peakFlops }),
        config: cfg.name,
        config_file: cfg.file,
        status,
        steps: s.step,
        num_iterations: N,
        horizon: settings.horizon,
        seconds: (Date.now() - t0) / 1000,
        unigram_bpb: baselines.unigram_bpb,
        bigram_bpb: baselines.bigram_bpb,
        backend: engine.backend,
        engine: engine.name,
        engine_threads: threads,
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
      writeRunFiles(out, summary, s.rows, baselines);
      return summary;
    };

    const end = await runLoop(st, {
      engine,
      numIterations: N,
      evalEvery: settings.evalEvery,
      gradClip: settings.gradClip,
      interrupt,
      progressMs: opts.progressMs,
      lrm: (step) => lrMultiplier(step, settings.schedule),
      microBatches: async () => {
        const micro = [];
        for (let k = 0; k < gradAccum; k++) {
          const b = await loader.next();
          micro.push({ idx: b.inputs, targets: b.targets, B, T });
        }
        return micro;
      },
      row: (s, loss, lrm) => ({ step: s.step, loss, lrm, tokens: s.tokens, seconds: s.trainSeconds }),
      validate: async (s) => {
        const acc = new BpbAccumulator(tokenBytes);
        for (const b of valBatches) acc.add(await engine.evalLossPerToken(b.inputs, b.targets, B, T), b.targets);
        const bpb = acc.bpb();
        log(`step ${s.step}/${N}: val bpb ${bpb.toFixed(4)} (unigram ${baselines.unigram_bpb.toFixed(4)}, bigram ${baselines.bigram_bpb.toFixed(4)})`);
        emit({ kind: "eval", step: s.step, val_bpb: bpb });
        return { val_bpb: bpb };
      },
      sampleEvery: settings.sampleEvery,
      sample: async (s) => {
        // on an inference engine of the step engine's kind, opened on the current weights and closed after
        const inference = await inferenceEngineFromStep(engine, settings.model);
        try {
          samples = await greedySamples(inference, tok, bos, opts.prompts ?? SAMPLE_PROMPTS);
        } finally {
          inference.dispose();
        }
        const md = [`# samples at step ${s.step}`, "", ...samples.map((x) => `- **${x.prompt}**${x.completion.replace(/\n/g, "⏎")}`)].join("\n") + "\n";
        fs.appendFileSync(path.join(out, "samples.md"), md + "\n");
        for (const x of samples) log(`sample @${s.step}: ${x.prompt}|${x.completion.replace(/\n/g, "⏎")}`);
        emit({ kind: "sample", step: s.step, samples });
      },
      checkpointEvery: settings.saveEvery,
      checkpoint,
      maxSteps: opts.maxSteps,
      onInterrupt: async (s) => {
        await checkpoint(s);
        writeOutputs(s, "stopped: interrupted");
        log(`interrupted at step ${s.step}/${N}; checkpoint saved, continue with resume (CLI: --resume)`);
        throw new InterruptedError(`train: interrupted at step ${s.step}/${N}; the checkpoint is in ${ckptDir} (continue with resume: true, CLI --resume)`);
      },
      onNonFinite: async (s, loss) => {
        const bad = path.join(out, "checkpoint-nonfinite");
        await checkpoint(s, bad);
        writeOutputs(s, "stopped: non-finite loss");
        throw new NonFiniteLossError(
          `step ${s.step}: the training loss is ${loss}; stopped. The state after this step is in ${bad}` +
            (fs.existsSync(ckptDir) ? `, the last good checkpoint in ${ckptDir}` : "") +
            ` (try a lower learning rate or grad_clip)`,
        );
      },
      onStep: (s, r) => {
        const mfu = (100 * settings.flopsPerToken * r.tokensPerS) / peakFlops;
        emit({ kind: "step", step: r.step, loss: r.loss, lossEma: r.lossEma, lrm: r.lrm, tokensPerS: r.tokensPerS, mfu, etaSeconds: r.etaSeconds, gradNorm: r.gradNorm });
        if (r.print)
          log(
            `step ${String(r.step).padStart(String(N).length, "0")}/${N} (${((100 * r.step) / N).toFixed(1)}%) | loss ${r.lossEma.toFixed(4)} | lrm ${r.lrm.toFixed(2)} | ` +
              `dt ${(r.dt * 1000).toFixed(0)}ms | tok/s ${Math.round(r.tokensPerS).toLocaleString("en-US")} | mfu ${mfu.toFixed(1)}% | ${loader.position()} | ` +
              `total ${formatDuration(s.trainSeconds)} | eta ${formatDuration(r.etaSeconds)}`,
          );
      },
    });

    await checkpoint(st);
    if (end === "max-steps") {
      const s = writeOutputs(st, "stopped at --max-steps");
      folder.commit();
      log(`stopped at step ${st.step}/${N} (--max-steps); continue with --resume`);
      emit({ kind: "done", summary: s });
      return s;
    }
    // the run folder is also the model folder: the tokenizer is already in <out>/tokenizer, the run's files stay
    saveWeights(out, settings.model, (await engine.getState()).params, { extraMeta: { config: cfg.name, steps: st.step, tokens: st.tokens }, keepOtherFiles: true });
    const summary = writeOutputs(st, "complete");
    folder.commit();
    log(
      `done: ${st.step} steps, ${st.tokens.toLocaleString("en-US")} tokens in ${formatDuration(st.trainSeconds)} (${Math.round(summary.tokens_per_s)} tok/s); ` +
        `val bpb ${summary.val_bpb?.toFixed(4)} vs unigram ${baselines.unigram_bpb.toFixed(4)} / bigram ${baselines.bigram_bpb.toFixed(4)}; model in ${folder.out}`,
    );
    emit({ kind: "done", summary });
    return summary;
  } finally {
    await engine.dispose();
  }
}
