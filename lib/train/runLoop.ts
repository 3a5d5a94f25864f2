// The one run loop of pretraining (lib/train/loop.ts, nanochat base_train) and fine-tuning (lib/chat/sft.ts,
// chat_sft / mid_train), nanochat-reference §2 and §6. Each pass:
//   interrupt? → validate (step 0, every eval_every, the last) → samples (every sample_every, the last)
//   → stop at N (or --max-steps) → one optimizer step: micro-batches, lrm(step), Muon momentum(step)
//   → a log row, the loss EMA, the progress line → checkpoint (every save_every)
// What differs between the two runs is in RunLoopSettings (the schedule, where micro-batches come from,
// what validation computes, what a row holds, samples and checkpoints or none, what an interrupt or a
// non-finite loss leaves); what the run has done so far is one RunState, which a checkpoint saves and
// --resume restores.
import { countTargets, type MicroBatch, type StepEngine } from "../engines/stepEngine";
import type { InterruptWatch } from "../util/interrupt";
import { muonMomentum } from "./schedule";

/** The fields every log row has (log.csv; pretraining adds val_bpb, fine-tuning trained_tokens, val_loss, val_bpb). */
export interface RunRow {
  step: number;
  /** mean training loss of the step; null on an evaluation row of its own (step 0) */
  loss: number | null;
  lrm: number;
  tokens: number;
  seconds: number;
}

/** Everything the run has done so far: what a checkpoint holds and --resume starts from. */
export interface RunState<Row extends RunRow> {
  step: number;
  /** input positions processed (padding included) */
  tokens: number;
  /** targets that took a loss */
  trainedTokens: number;
  /** seconds spent in optimizer steps */
  trainSeconds: number;
  /** the loss EMA's accumulator (β 0.9, debiased when read: lossEma) */
  lossEmaAcc: number;
  rows: Row[];
  /** EMA of the step time (for the ETA) and when the last progress line printed (ms); not checkpointed */
  dtEma: number;
  lastPrint: number;
}

export function newRunState<Row extends RunRow>(from: Partial<Pick<RunState<Row>, "step" | "tokens" | "trainedTokens" | "trainSeconds" | "lossEmaAcc" | "rows">> = {}): RunState<Row> {
  return { step: 0, tokens: 0, trainedTokens: 0, trainSeconds: 0, lossEmaAcc: 0, rows: [], ...from, dtEma: 0, lastPrint: 0 };
}

/** nanochat's debiased EMA of the training loss (β 0.9) after `step` steps. */
export function lossEma(s: Pick<RunState<RunRow>, "lossEmaAcc" | "step">): number {
  return s.lossEmaAcc / (1 - Math.pow(0.9, s.step));
}

/** One optimizer step, as the progress line and the step event show it. */
export interface StepReport {
  step: number;
  loss: number;
  lossEma: number;
  lrm: number;
  /** seconds of this step */
  dt: number;
  tokensPerS: number;
  etaSeconds: number;
  gradNorm?: number;
  /** a progress line is due (the first and last steps, then every progressMs) */
  print: boolean;
}

export interface RunLoopSettings<Row extends RunRow> {
  engine: StepEngine;
  numIterations: number;
  evalEvery: number;
  gradClip?: number;
  interrupt: InterruptWatch;
  /** the LR multiplier of a step (nanochat's lrm) */
  lrm(step: number): number;
  /** the micro-batches of a step (their mean gradient is one optimizer step) */
  microBatches(step: number): Promise<MicroBatch[]>;
  /** a log row from the state (after a step, or for an evaluation row of its own with loss null) */
  row(s: RunState<Row>, loss: number | null, lrm: number): Row;
  /** the validation fields of the row at s.step (it logs and emits them), or null when there is nothing to validate on */
  validate(s: RunState<Row>): Promise<Partial<Row> | null>;
  /** 0 or absent: no samples */
  sampleEvery?: number;
  sample?(s: RunState<Row>): Promise<void>;
  /** 0 or absent: no checkpoints but the ones the caller writes */
  checkpointEvery?: number;
  checkpoint?(s: RunState<Row>): Promise<void>;
  /** stop (with "max-steps") when this many steps are done */
  maxSteps?: number;
  /** an interrupt was requested: leave what the run keeps, then throw */
  onInterrupt(s: RunState<Row>): Promise<never>;
  /** the step's loss is NaN or infinite (its row is in s.rows): leave what the run keeps, then throw */
  onNonFinite(s: RunState<Row>, loss: number): Promise<never>;
  /** after every step: the event and, when r.print, the progress line */
  onStep(s: RunState<Row>, r: StepReport): void;
  /** ms between progress lines (default 1000) */
  progressMs?: number;
}

/** Runs from `s` (mutated as it goes) until step N ("complete") or --max-steps ("max-steps"). */
export async function runLoop<Row extends RunRow>(s: RunState<Row>, o: RunLoopSettings<Row>): Promise<"complete" | "max-steps"> {
  const N = o.numIterations;
  for (;;) {
    if (o.interrupt.requested) await o.onInterrupt(s);
    const last = s.step === N;
    if (last || s.step % o.evalEvery === 0) await validateInto(s, o);
    if (o.sample && (o.sampleEvery ?? 0) > 0 && (last || (s.step > 0 && s.step % o.sampleEvery! === 0))) await o.sample(s);
    if (last) return "complete";
    if (o.maxSteps !== undefined && s.step >= o.maxSteps) return "max-steps";
    await optimizerStep(s, o);
    if (o.checkpoint && (o.checkpointEvery ?? 0) > 0 && s.step % o.checkpointEvery! === 0 && s.step < N) await o.checkpoint(s);
  }
}

/** The evaluation belongs to the row of the step it follows (step 0: a row of its own before training). */
async function validateInto<Row extends RunRow>(s: RunState<Row>, o: RunLoopSettings<Row>): Promise<void> {
  const v = await o.validate(s);
  if (!v) return;
  const row = s.rows.find((r) => r.step === s.step);
  if (row) Object.assign(row, v);
  else s.rows.push({ ...o.row(s, null, o.lrm(Math.min(s.step, o.numIterations - 1))), ...v });
}

async function optimizerStep<Row extends RunRow>(s: RunState<Row>, o: RunLoopSettings<Row>): Promise<void> {
  const N = o.numIterations;
  const ts = Date.now();
  const micro = await o.microBatches(s.step);
  const lrm = o.lrm(s.step);
  const r = await o.engine.step(micro, lrm, muonMomentum(s.step), o.gradClip);
  const dt = (Date.now() - ts) / 1000;
  const stepTokens = micro.reduce((a, m) => a + m.B * m.T, 0);
  s.step++;
  s.tokens += stepTokens;
  s.trainedTokens += micro.reduce((a, m) => a + countTargets(m.targets), 0);
  s.trainSeconds += dt;
  s.rows.push(o.row(s, r.loss, lrm));
  if (!Number.isFinite(r.loss)) await o.onNonFinite(s, r.loss);
  s.lossEmaAcc = 0.9 * s.lossEmaAcc + 0.1 * r.loss;
  s.dtEma = s.dtEma === 0 ? dt : 0.9 * s.dtEma + 0.1 * dt;
  const now = Date.now();
  const print = s.step === 1 || s.step === N || now - s.lastPrint >= (o.progressMs ?? 1000);
  if (print) s.lastPrint = now;
  o.onStep(s, { step: s.step, loss: r.loss, lossEma: lossEma(s), lrm, dt, tokensPerS: stepTokens / dt, etaSeconds: s.dtEma * (N - s.step), gradNorm: r.gradNorm, print });
}
