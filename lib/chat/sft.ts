// nanochat v1's chat stages on the pretraining trainer (nanochat-reference §6): start from a base model
// folder, train on the config's chat mixture and write a new model folder.
//   mode sft (scripts/chat_sft.py): masked loss (assistant tokens), LR init_lr_frac (0.02) × base, → 0 linearly
//   mode mid (scripts/mid_train.py): every token, packed rows, LR 1.0 × base for 80% of the run, then → 0
// The engine (lib/train: this thread or worker threads) starts from the base weights with a FRESH optimizer
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
import { GPT, loadModel, saveModel } from "../engines/tfjs";
import type { Tokenizer } from "../tokenizer/tokenizer";
import { initBackend } from "../engines/tfjs/backend";
import { engineByName, type EngineFactory } from "../train/loop";
import { checkRunFolder, openRunFolder, type RunFolder, type RunFolderOptions } from "../train/runFolder";
import { muonMomentum } from "../train/schedule";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomicWrite";
import { assertOutApartFromInputs } from "../util/pathChecks";
import { InterruptedError, watchInterrupts, type InterruptWatch } from "../util/interrupt";
import { formatDuration } from "../util/progress";
import { acquireRunLock } from "../util/runLock";
import type { ChatBatch } from "./batches";
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
  /** "auto" (default), "local", "workers", "workers:N", or a factory (lib/train engineByName) */
  engine?: string | EngineFactory;
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

function countTrained(targets: Int32Array): number {
  let n = 0;
  for (let i = 0; i < targets.length; i++) if (targets[i] >= 0) n++;
  return n;
}

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
  const backend = await initBackend(opts.backend);
  const base = loadModel(baseDir);
  const baseWeights = base.model.getWeights();
  base.model.dispose();
  const tok = base.tokenizer!;
  const data = sftData(tok, settings, log);
  for (const p of data.perTask)
    log(`task ${p.name} (${p.format}): ${p.available} conversations, ${p.val} held out, ${p.train} in training (weight ${p.weight.toFixed(2)}, ${p.epochs.toFixed(2)} epochs)`);
  const folder = openRunFolder(out, { ...folderOpts, log });
  try {
    return await sftInFolder(cfg, opts, interrupt, { folder, baseDir, modelCfg, settings, backend, baseWeights, tok, data, t0, log });
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
  backend: string;
  baseWeights: NamedArrays;
  tok: Tokenizer;
  data: ReturnType<typeof sftData>;
  t0: number;
  log: (line: string) => void;
}

async function sftInFolder(cfg: NanozhConfig, opts: SftOptions, interrupt: InterruptWatch, ctx: SftContext): Promise<SftSummary> {
  const { folder, baseDir, modelCfg, settings, backend, baseWeights, tok, data, t0, log } = ctx;
  const emit = (e: SftEvent) => opts.onLog?.(e);
  const { mode, numIterations: N, deviceBatch: B, seqLen: T, gradAccum } = settings;
  const out = folder.out;
  const work = folder.work;
  const tokDir = path.join(baseDir, TOKENIZER_DIR);
  const factory = typeof opts.engine === "function" ? opts.engine : engineByName(opts.engine ?? "auto", backend);
  const engine = await factory({ model: modelCfg, seed: settings.seed, lrs: settings.lrs });
  try {
    const fresh = await engine.getState();
    await engine.setState({ params: baseWeights, optimizer: fresh.optimizer }, baseDir);
    log(
      `${mode} ${cfg.name}: ${N} steps × ${gradAccum}×${B} ${mode === "sft" ? "conversations" : "packed rows"} of ≤ ${T} tokens from ${baseDir}, ` +
        `init_lr_frac ${settings.initLrFrac}, ${data.valConversations} validation conversations, backend ${backend}, engine ${engine.name} (${engine.threadCount} thread${engine.threadCount > 1 ? "s" : ""})`,
    );
    emit({ kind: "start", settings, backend, engine: engine.name });

    const tokenBytes = tok.tokenBytes();
    const evaluate = (batches: ChatBatch[]) => chatValLoss(engine, batches, tokenBytes);

    const rows: SftLogRow[] = [];
    let step = 0;
    let tokens = 0;
    let trained = 0;
    let trainSeconds = 0;
    let lossEmaAcc = 0;
    let dtEma = 0;
    let lastPrint = 0;
    const evals: { step: number; loss: number; bpb: number }[] = [];
    for (;;) {
      const last = step === N;
      if (last || step % settings.evalEvery === 0) {
        const v = await evaluate(data.val);
        if (v) {
          const row = rows.find((r) => r.step === step);
          if (row) Object.assign(row, { val_loss: v.loss, val_bpb: v.bpb });
          else rows.push({ step, loss: null, lrm: chatLrMultiplier(mode, step, N, settings.initLrFrac), tokens, trained_tokens: trained, seconds: trainSeconds, val_loss: v.loss, val_bpb: v.bpb });
          evals.push({ step, loss: v.loss, bpb: v.bpb });
          log(`step ${step}/${N}: val loss ${v.loss.toFixed(4)} nats/assistant token, ${v.bpb.toFixed(4)} bpb`);
          emit({ kind: "eval", step, val_loss: v.loss, val_bpb: v.bpb });
        }
      }
      if (last) break;
      if (interrupt.requested) {
        // the staged run is discarded (sft has no --resume): --out stays as it was
        throw new InterruptedError(`${mode}: interrupted at step ${step}/${N}; no model written, ${out} unchanged; run it again to start over`);
      }
      const ts = Date.now();
      const micro = data.train.slice(step * gradAccum, (step + 1) * gradAccum);
      const lrm = chatLrMultiplier(mode, step, N, settings.initLrFrac);
      const r = await engine.step(micro, lrm, muonMomentum(step), settings.gradClip);
      const dt = (Date.now() - ts) / 1000;
      step++;
      const stepTokens = micro.reduce((a, m) => a + m.B * m.T, 0);
      tokens += stepTokens;
      trained += micro.reduce((a, m) => a + countTrained(m.targets), 0);
      trainSeconds += dt;
      rows.push({ step, loss: r.loss, lrm, tokens, trained_tokens: trained, seconds: trainSeconds });
      if (!Number.isFinite(r.loss)) {
        writeFileAtomic(path.join(work, "log.csv"), sftLogCsv(rows));
        throw new NonFiniteSftLossError(
          `step ${step}: the training loss is ${r.loss}; stopped, no model written (try a lower chat.init_lr_frac); the log so far is in ${path.join(work, "log.csv")} ` +
            `(removed by the next run into ${out}; ${out} itself is unchanged)`,
        );
      }
      lossEmaAcc = 0.9 * lossEmaAcc + 0.1 * r.loss;
      const lossEma = lossEmaAcc / (1 - Math.pow(0.9, step));
      dtEma = dtEma === 0 ? dt : 0.9 * dtEma + 0.1 * dt;
      const tokensPerS = stepTokens / dt;
      const eta = dtEma * (N - step);
      emit({ kind: "step", step, loss: r.loss, lrm, tokensPerS, etaSeconds: eta });
      const now = Date.now();
      if (step === 1 || step === N || now - lastPrint >= (opts.progressMs ?? 1000)) {
        lastPrint = now;
        log(
          `step ${String(step).padStart(String(N).length, "0")}/${N} (${((100 * step) / N).toFixed(1)}%) | loss ${lossEma.toFixed(4)} | lrm ${lrm.toFixed(4)} | ` +
            `${Math.round(tokensPerS).toLocaleString("en-US")} tok/s | ${(dt * 1000).toFixed(0)} ms | ETA ${formatDuration(eta)}`,
        );
      }
    }

    const first = evals.length ? evals[0] : undefined;
    const final = evals.length ? evals[evals.length - 1] : undefined;
    const lastLoss = rows.length ? rows[rows.length - 1].loss : null;
    const summary: SftSummary = {
      stage: mode,
      config: cfg.name,
      config_file: cfg.file,
      base_model: baseDir,
      out,
      steps: step,
      num_iterations: N,
      device_batch_size: B,
      grad_accum: gradAccum,
      seq_len: T,
      init_lr_frac: settings.initLrFrac,
      val_loss_before: first ? first.loss : null,
      val_loss_after: final ? final.loss : null,
      val_bpb_before: first ? first.bpb : null,
      val_bpb_after: final ? final.bpb : null,
      final_loss: lastLoss,
      per_task: data.perTask,
      train_conversations: data.trainConversations,
      val_conversations: data.valConversations,
      dropped_conversations: data.dropped,
      truncated_conversations: data.truncated,
      tokens,
      trained_tokens: trained,
      tokens_per_s: trainSeconds > 0 ? tokens / trainSeconds : 0,
      train_seconds: trainSeconds,
      seconds: 0,
      backend,
      engine: engine.name,
      engine_threads: engine.threadCount,
    };
    const weights = (await engine.getState()).params;
    const m = new GPT(modelCfg, { weights, source: "engine state" });
    try {
      // the out folder is also the model folder: the model, its config and the base model's tokenizer replace theirs, the run's files stay
      saveModel(work, m, { tokenizerDir: tokDir, extraMeta: { stage: mode, base_model: baseDir, config: cfg.name, steps: step, val_loss: summary.val_loss_after, val_bpb: summary.val_bpb_after }, keepOtherFiles: true });
    } finally {
      m.dispose();
    }
    summary.seconds = (Date.now() - t0) / 1000;
    writeFileAtomic(path.join(work, "log.csv"), sftLogCsv(rows));
    writeJsonAtomic(path.join(work, "summary.json"), summary);
    folder.commit();
    log(
      `${mode} done: ${step} steps in ${formatDuration(summary.train_seconds)} (${Math.round(summary.tokens_per_s).toLocaleString("en-US")} tok/s), ` +
        `val loss ${fmt(summary.val_loss_before)} → ${fmt(summary.val_loss_after)}; model in ${out}`,
    );
    emit({ kind: "done", summary });
    return summary;
  } finally {
    await engine.dispose();
  }
}

const fmt = (v: number | null) => (v === null ? "–" : v.toFixed(4));

