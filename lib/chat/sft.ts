// nanochat v1's chat stages on the pretraining trainer (nanochat-reference §6): start from a base model
// folder, train on the config's chat mixture and write a new model folder.
//   mode sft (scripts/chat_sft.py): masked loss (assistant tokens), LR init_lr_frac (0.02) × base, → 0 linearly
//   mode mid (scripts/mid_train.py): every token, packed rows, LR 1.0 × base for 80% of the run, then → 0
// Runs on the pretraining run loop (lib/train/runLoop.ts). The engine (lib/engines: ORT, this thread or worker threads) starts from the base weights with a FRESH optimizer
// state; Muon momentum ramps as in base training. Validation: the masked mean loss (nats per assistant
// token) and its bits per byte on held-out conversations, at step 0, every eval_every and at the end.
// Writes `out` (refused when it exists, unless --overwrite on an earlier run folder): the model
// (model.safetensors, config.json with stage/base_model/steps, tokenizer/), summary.json and log.csv,
// staged beside it and swapped in only when complete (lib/train/runFolder), so a failed or killed run
// leaves the earlier folder as it was.
import fs from "node:fs";
import path from "node:path";
import type { NanozhConfig } from "../config";
import { type GPTConfig, type NamedArrays, readModelConfig, TOKENIZER_DIR } from "../model";
import { readModelFolder, saveWeights } from "../model/io";
import type { Tokenizer } from "../tokenizer/tokenizer";
import { checkBackendName, checkStepEngineName } from "../engines";
import { openStepEngine, type EngineFactory } from "../train/loop";
import { checkRunFolder, openRunFolder, type RunFolder, type RunFolderOptions } from "../train/runFolder";
import { newRunState, runLoop } from "../train/runLoop";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomicWrite";
import { assertOutApartFromInputs } from "../util/pathChecks";
import { InterruptedError, watchInterrupts, type InterruptWatch } from "../util/interrupt";
import { formatDuration } from "../util/progress";
import { acquireRunLock } from "../util/runLock";
import type { ChatTaskStats } from "./mixture";
import { sftData } from "./sftData";
import { chatValLoss } from "./sftEval";
import { chatLrMultiplier, type ChatMode } from "./sftSchedule";
import { chatSettings, type ChatSettings } from "./sftSettings";
import { statusLine } from "../util/tslab";

export interface SftOptions {
  /** the base model folder (model.safetensors, config.json, tokenizer/) */
  model: string;
  /** the output folder (becomes a model folder) */
  out: string;
  mode?: ChatMode;
  backend?: string;
  /** "auto" (default: ORT when it loads), "ort", "local", "workers", "workers:N", or a factory (lib/train engineByName) */
  engine?: string | EngineFactory;
  /** ORT intra-op threads (the ort engine; default: the measured fastest), or the worker count of "workers" */
  threads?: number;
  overwrite?: boolean;
  numIterations?: number;
  log?: (line: string) => void;
  onLog?: (e: SftEvent) => void;
  /** ms between progress lines (default 1000; the first and last steps always print) */
  progressMs?: number;
}

export interface SftLogRow {
  step: number;
  /** mean training loss of the step; null on the step-0 evaluation row */
  loss: number | null;
  lrm: number;
  /** input positions processed so far (padding included) */
  tokens: number;
  /** targets that took a loss so far */
  trained_tokens: number;
  seconds: number;
  val_loss?: number;
  val_bpb?: number;
}

export interface SftSummary {
  stage: ChatMode;
  config: string;
  config_file: string;
  base_model: string;
  out: string;
  steps: number;
  num_iterations: number;
  device_batch_size: number;
  grad_accum: number;
  seq_len: number;
  init_lr_frac: number;
  /** masked mean loss (nats per assistant token) on the held-out conversations; null without any */
  val_loss_before: number | null;
  val_loss_after: number | null;
  val_bpb_before: number | null;
  val_bpb_after: number | null;
  final_loss: number | null;
  per_task: ChatTaskStats[];
  train_conversations: number;
  val_conversations: number;
  dropped_conversations: number;
  truncated_conversations: number;
  tokens: number;
  trained_tokens: number;
  tokens_per_s: number;
  train_seconds: number;
  seconds: number;
  backend: string;
  engine: string;
  /** threads the engine computed on (absent in summaries written before it was recorded) */
  engine_threads?: number;
}

export type SftEvent =
  | { kind: "start"; settings: ChatSettings; backend: string; engine: string }
  | { kind: "step"; step: number; loss: number; lrm: number; tokensPerS: number; etaSeconds: number }
  | { kind: "eval"; step: number; val_loss: number; val_bpb: number }
  | { kind: "done"; summary: SftSummary };

export function sftLogCsv(rows: readonly SftLogRow[]): string {
  const cols = ["step", "loss", "lrm", "tokens", "trained_tokens", "seconds", "val_loss", "val_bpb"] as const;
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
  return [cols.join(","), ...rows.map((r) => cols.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}

/**
 * Fine-tune into `opts.out`, one live run per folder (lib/util/runLock.ts); a Jupyter Interrupt stops
 * it after the current step, writing no model (lib/util/interrupt.ts).
 */
export async function sft(cfg: NanozhConfig, opts: SftOptions): Promise<SftSummary> {
  const lock = acquireRunLock(path.resolve(opts.out), "sft");
  const interrupt = watchInterrupts();
  try {
    return await sftLocked(cfg, opts, interrupt);
  } finally {
    interrupt.close();
    lock.release();
  }
}

async function sftLocked(cfg: NanozhConfig, opts: SftOptions, interrupt: InterruptWatch): Promise<SftSummary> {
  const log = opts.log ?? statusLine;
  const t0 = Date.now();
  const baseDir = path.resolve(opts.model);
  const out = path.resolve(opts.out);
  // cheap checks first: the config's chat block, the base model's folder and tokenizer
  const { config: modelCfg } = readModelConfig(baseDir);
  const settings = chatSettings(cfg, modelCfg, { mode: opts.mode, numIterations: opts.numIterations }, baseDir);
  const tokDir = path.join(baseDir, TOKENIZER_DIR);
  if (!fs.existsSync(tokDir)) throw new Error(`${baseDir}: no ${TOKENIZER_DIR}/ folder beside the model; fine-tuning needs the tokenizer the model was trained with`);
  if (path.relative(baseDir, out) === "") throw new Error(`${out}: --out must differ from --model`);
  assertOutApartFromInputs({ option: "--out", path: out }, [{ option: "--model", path: baseDir, allowInside: true }]);
  // sft has no --resume; every run is staged beside --out and swapped in complete, so a failed or killed run
  // (even with --overwrite) leaves the earlier folder as it was
  const folderOpts: RunFolderOptions = { overwrite: opts.overwrite, command: "sft", canResume: false, stageFresh: true };
  checkRunFolder(out, folderOpts);
  if (opts.backend !== undefined) checkBackendName(opts.backend);
  if (typeof opts.engine === "string") checkStepEngineName(opts.engine);
  const base = readModelFolder(baseDir);
  const baseWeights = base.weights;
  const tok = base.tokenizer!;
  const data = sftData(tok, settings, log);
  for (const p of data.perTask)
    log(`task ${p.name} (${p.format}): ${p.available} conversations, ${p.val} held out, ${p.train} in training (weight ${p.weight.toFixed(2)}, ${p.epochs.toFixed(2)} epochs)`);
  const folder = openRunFolder(out, { ...folderOpts, log });
  try {
    return await sftInFolder(cfg, opts, interrupt, { folder, baseDir, modelCfg, settings, baseWeights, tok, data, t0, log });
  } catch (err) {
    if (!(err instanceof NonFiniteSftLossError)) folder.discard();
    throw err;
  }
}

class NonFiniteSftLossError extends Error {}

interface SftContext {
  folder: RunFolder;
  baseDir: string;
  modelCfg: GPTConfig;
  settings: ChatSettings;
  baseWeights: NamedArrays;
  tok: Tokenizer;
  data: ReturnType<typeof sftData>;
  t0: number;
  log: (line: string) => void;
}

async function sftInFolder(cfg: NanozhConfig, opts: SftOptions, interrupt: InterruptWatch, ctx: SftContext): Promise<SftSummary> {
  const { folder, baseDir, modelCfg, settings, baseWeights, tok, data, t0, log } = ctx;
  const emit = (e: SftEvent) => opts.onLog?.(e);
  const { mode, numIterations: N, deviceBatch: B, seqLen: T, gradAccum } = settings;
  const out = folder.out;
  const work = folder.work;
  const tokDir = path.join(baseDir, TOKENIZER_DIR);
  const engine = await openStepEngine(opts.engine, opts.backend, { model: modelCfg, seed: settings.seed, lrs: settings.lrs }, opts.threads);
  try {
    const fresh = await engine.getState();
    await engine.setState({ params: baseWeights, optimizer: fresh.optimizer }, baseDir);
    log(
      `${mode} ${cfg.name}: ${N} steps × ${gradAccum}×${B} ${mode === "sft" ? "conversations" : "packed rows"} of ≤ ${T} tokens from ${baseDir}, ` +
        `init_lr_frac ${settings.initLrFrac}, ${data.valConversations} validation conversations, backend ${engine.backend}, engine ${engine.name} (${engine.threadCount} thread${engine.threadCount > 1 ? "s" : ""})`,
    );
    emit({ kind: "start", settings, backend: engine.backend, engine: engine.name });

    const tokenBytes = tok.tokenBytes();
    const st = newRunState<SftLogRow>();
    await runLoop(st, {
      engine,
      numIterations: N,
      evalEvery: settings.evalEvery,
      gradClip: settings.gradClip,
      interrupt,
      progressMs: opts.progressMs,
      lrm: (step) => chatLrMultiplier(mode, step, N, settings.initLrFrac),
      microBatches: async (step) => data.train.slice(step * gradAccum, (step + 1) * gradAccum),
      row: (s, loss, lrm) => ({ step: s.step, loss, lrm, tokens: s.tokens, trained_tokens: s.trainedTokens, seconds: s.trainSeconds }),
      validate: async (s) => {
        const v = await chatValLoss(engine, data.val, tokenBytes);
        if (!v) return null;
        log(`step ${s.step}/${N}: val loss ${v.loss.toFixed(4)} nats/assistant token, ${v.bpb.toFixed(4)} bpb`);
        emit({ kind: "eval", step: s.step, val_loss: v.loss, val_bpb: v.bpb });
        return { val_loss: v.loss, val_bpb: v.bpb };
      },
      onInterrupt: async (s) => {
        // the staged run is discarded (sft has no --resume): --out stays as it was
        throw new InterruptedError(`${mode}: interrupted at step ${s.step}/${N}; no model written, ${out} unchanged; run it again to start over`);
      },
      onNonFinite: async (s, loss) => {
        writeFileAtomic(path.join(work, "log.csv"), sftLogCsv(s.rows));
        throw new NonFiniteSftLossError(
          `step ${s.step}: the training loss is ${loss}; stopped, no model written (try a lower chat.init_lr_frac); the log so far is in ${path.join(work, "log.csv")} ` +
            `(removed by the next run into ${out}; ${out} itself is unchanged)`,
        );
      },
      onStep: (_s, r) => {
        emit({ kind: "step", step: r.step, loss: r.loss, lrm: r.lrm, tokensPerS: r.tokensPerS, etaSeconds: r.etaSeconds });
        if (r.print)
          log(
            `step ${String(r.step).padStart(String(N).length, "0")}/${N} (${((100 * r.step) / N).toFixed(1)}%) | loss ${r.lossEma.toFixed(4)} | lrm ${r.lrm.toFixed(4)} | ` +
              `${Math.round(r.tokensPerS).toLocaleString("en-US")} tok/s | ${(r.dt * 1000).toFixed(0)} ms | ETA ${formatDuration(r.etaSeconds)}`,
          );
      },
    });

    const evals = st.rows.filter((r) => r.val_loss !== undefined);
    const first = evals.length ? evals[0] : undefined;
    const final = evals.length ? evals[evals.length - 1] : undefined;
    const lastLoss = st.rows.length ? st.rows[st.rows.length - 1].loss : null;
    const summary: SftSummary = {
      stage: mode,
      config: cfg.name,
      config_file: cfg.file,
      base_model: baseDir,
      out,
      steps: st.step,
      num_iterations: N,
      device_batch_size: B,
      grad_accum: gradAccum,
      seq_len: T,
      init_lr_frac: settings.initLrFrac,
      val_loss_before: first ? first.val_loss! : null,
      val_loss_after: final ? final.val_loss! : null,
      val_bpb_before: first ? first.val_bpb! : null,
      val_bpb_after: final ? final.val_bpb! : null,
      final_loss: lastLoss,
      per_task: data.perTask,
      train_conversations: data.trainConversations,
      val_conversations: data.valConversations,
      dropped_conversations: data.dropped,
      truncated_conversations: data.truncated,
      tokens: st.tokens,
      trained_tokens: st.trainedTokens,
      tokens_per_s: st.trainSeconds > 0 ? st.tokens / st.trainSeconds : 0,
      train_seconds: st.trainSeconds,
      seconds: 0,
      backend: engine.backend,
      engine: engine.name,
      engine_threads: engine.threadCount,
    };
    // the out folder is also the model folder: the model, its config and the base model's tokenizer replace theirs, the run's files stay
    saveWeights(work, modelCfg, (await engine.getState()).params, {
      tokenizerDir: tokDir,
      extraMeta: { stage: mode, base_model: baseDir, config: cfg.name, steps: st.step, val_loss: summary.val_loss_after, val_bpb: summary.val_bpb_after },
      keepOtherFiles: true,
    });
    summary.seconds = (Date.now() - t0) / 1000;
    writeFileAtomic(path.join(work, "log.csv"), sftLogCsv(st.rows));
    writeJsonAtomic(path.join(work, "summary.json"), summary);
    folder.commit();
    log(
      `${mode} done: ${st.step} steps in ${formatDuration(summary.train_seconds)} (${Math.round(summary.tokens_per_s).toLocaleString("en-US")} tok/s), ` +
        `val loss ${fmt(summary.val_loss_before)} → ${fmt(summary.val_loss_after)}; model in ${out}`,
    );
    emit({ kind: "done", summary });
    return summary;
  } finally {
    await engine.dispose();
  }
}

const fmt = (v: number | null) => (v === null ? "–" : v.toFixed(4));
