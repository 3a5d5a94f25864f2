// nanochat's base_train stdout (what `torchrun … -m scripts.base_train` prints on rank 0) read into rows.
// Formats read from karpathy/nanochat's scripts/base_train.py print0 lines; they drift, so every variant
// seen between 3a5e0bc (v1) and f10bd75 (the commit that removed report.md) is accepted:
//   3a5e0bc…:  "step 00010/01000 (1.00%) | loss: 5.123456 | lrm: 1.00 | dt: 512.34ms | tok/sec: 1,023,456 | mfu: 41.23 | total time: 0.09m"
//   c6b7ab7…:  "… | loss: … | grad norm: 0.8123 | lrm: …" (only when grad clipping is on; removed in 061f83c)
//   9d4c9b7…:  "… | total time: 0.09m | eta: 12.3m"
//   2f09686…:  "… | tok/sec: … | bf16_mfu: 41.23 | epoch: 1 | total time: …"
//   "Step 00250 | Validation bpb: 0.9123" (4 decimals; 6 from 2f09686), "Step 00250 | CORE metric: 0.1234",
//   the CORE tasks from base_eval.evaluate_model: "Evaluating: hellaswag (10-shot, type: multiple_choice)... accuracy: 0.2600 | centered: 0.0133 | time: 1.23s",
//   the setup lines ("Number of parameters: 560,988,160", …) and the last three: "Peak memory usage: 75422.02MiB",
//   "Total training time: 181.12m", "Minimum validation bpb: 0.8123".
// Lines not recognised (samples, warnings, banners) are skipped and counted.

/** One training step as base_train prints it every step. */
export interface NanochatStep {
  step: number;
  total: number;
  pct: number;
  loss: number;
  lrm: number;
  dt_ms: number;
  tok_per_s: number;
  /** Model FLOPs utilisation in percent ("mfu", or "bf16_mfu" from 2f09686). */
  mfu: number;
  total_minutes: number;
  grad_norm?: number;
  epoch?: number;
  eta_minutes?: number;
}

export interface NanochatEval {
  step: number;
  val_bpb: number;
}

export interface NanochatCoreTask {
  task: string;
  shots: number;
  type: string;
  accuracy: number;
  centered: number;
  seconds: number;
}

export interface NanochatCore {
  step: number;
  core: number;
  /** The per-task lines printed just before this CORE line (empty when the log does not have them). */
  tasks: NanochatCoreTask[];
}

/** The setup lines printed before training and the three lines printed after it; absent keys were not in the log. */
export interface NanochatLogSummary {
  vocab_size?: number;
  num_layers?: number;
  model_dim?: number;
  num_heads?: number;
  num_kv_heads?: number;
  device_batch_size?: number;
  max_seq_len?: number;
  tokens_per_microbatch?: number;
  total_batch_size?: number;
  grad_accum_steps?: number;
  params?: number;
  flops_per_token?: number;
  num_iterations?: number;
  /** How base_train chose num_iterations: "user", "target FLOPs" or "target data:param ratio". */
  iterations_from?: string;
  total_tokens?: number;
  tokens_params_ratio?: number;
  total_flops?: number;
  resumed_from_step?: number;
  peak_memory_mib?: number;
  total_training_minutes?: number;
  min_val_bpb?: number;
}

export interface NanochatLog {
  steps: NanochatStep[];
  evals: NanochatEval[];
  core: NanochatCore[];
  summary: NanochatLogSummary;
  lines: number;
  /** Non-empty lines no pattern matched. */
  unrecognised: number;
  /** Lines that looked like a step/eval line but could not be read, with their 1-based line number and why. */
  malformed: { line: number; text: string; why: string }[];
}

/** "1,023,456" / "5.12" / "nan" → number; undefined when it is not a number. */
function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim().replace(/,/g, "");
  if (/^[-+]?nan$/i.test(t)) return NaN;
  if (/^[-+]?inf(inity)?$/i.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  return Number(t);
}

const STEP = /^step (\d+)\/(\d+) \(([-\d.]+)%\) \| (.*)$/;
const VAL = /^Step (\d+) \| Validation bpb: (\S+)$/;
const CORE = /^Step (\d+) \| CORE metric: (\S+)$/;
const TASK = /^Evaluating: (.+) \((\d+)-shot, type: ([^)]+)\)\.\.\. accuracy: (\S+) \| centered: (\S+) \| time: (\S+)s$/;
// torchrun --tee prefixes each line with "[default0]:"; strip such a prefix.
const RANK_PREFIX = /^\[[\w-]*\d+\]:/;

/** Setup/final lines: pattern → what it sets. */
const SUMMARY_LINES: [RegExp, (m: RegExpMatchArray, s: NanochatLogSummary) => boolean][] = [
  [/^Vocab size: ([\d,]+)$/, (m, s) => set(s, "vocab_size", m[1])],
  [/^num_layers: (\d+)$/, (m, s) => set(s, "num_layers", m[1])],
  [/^model_dim: (\d+)$/, (m, s) => set(s, "model_dim", m[1])],
  [/^num_heads: (\d+)$/, (m, s) => set(s, "num_heads", m[1])],
  [/^num_kv_heads: (\d+)$/, (m, s) => set(s, "num_kv_heads", m[1])],
  [/^Tokens \/ micro-batch \/ rank: (\d+) x (\d+) = [\d,]+$/, (m, s) => set(s, "device_batch_size", m[1]) && set(s, "max_seq_len", m[2])],
  [/^Tokens \/ micro-batch: ([\d,]+)$/, (m, s) => set(s, "tokens_per_microbatch", m[1])],
  [/^Total batch size ([\d,]+) => gradient accumulation steps: (\d+)$/, (m, s) => set(s, "total_batch_size", m[1]) && set(s, "grad_accum_steps", m[2])],
  [/^Number of parameters: ([\d,]+)/, (m, s) => set(s, "params", m[1])],
  [/^Estimated FLOPs per token: (\S+)$/, (m, s) => set(s, "flops_per_token", m[1])],
  [/^Using user-provided number of iterations: ([\d,]+)$/, (m, s) => set(s, "num_iterations", m[1]) && ((s.iterations_from = "user"), true)],
  [/^Calculated number of iterations from (target FLOPs|target data:param ratio): ([\d,]+)$/, (m, s) => set(s, "num_iterations", m[2]) && ((s.iterations_from = m[1]), true)],
  [/^Total number of training tokens: ([\d,]+)$/, (m, s) => set(s, "total_tokens", m[1])],
  [/^Tokens : Params ratio: (\S+)$/, (m, s) => set(s, "tokens_params_ratio", m[1])],
  [/^Total training FLOPs estimate: (\S+)$/, (m, s) => set(s, "total_flops", m[1])],
  [/^Resuming optimization from step (\d+)$/, (m, s) => set(s, "resumed_from_step", m[1])],
  [/^Peak memory usage: (\S+)MiB$/, (m, s) => set(s, "peak_memory_mib", m[1])],
  [/^Total training time: (\S+)m$/, (m, s) => set(s, "total_training_minutes", m[1])],
  [/^Minimum validation bpb: (\S+)$/, (m, s) => set(s, "min_val_bpb", m[1])],
];

type NumericKey = { [K in keyof NanochatLogSummary]-?: NanochatLogSummary[K] extends number | undefined ? K : never }[keyof NanochatLogSummary];

function set(s: NanochatLogSummary, key: NumericKey, text: string): boolean {
  const v = num(text);
  if (v === undefined) return false;
  s[key] = v;
  return true;
}

/** The "key: value" fields after the step counter, e.g. {loss: "5.12", "tok/sec": "1,023", dt: "512.34ms"}. */
function stepFields(rest: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of rest.split("|")) {
    const p = part.trim();
    const colon = p.indexOf(":");
    if (colon > 0) fields.set(p.slice(0, colon).trim(), p.slice(colon + 1).trim());
  }
  return fields;
}

/** One step line → a row, or the reason it could not be read. */
export function parseStepLine(text: string): NanochatStep | string {
  const m = STEP.exec(text);
  if (!m) return "not a step line";
  const f = stepFields(m[4]);
  const unit = (key: string, suffix: string): number | undefined => {
    const v = f.get(key);
    return v !== undefined && v.endsWith(suffix) ? num(v.slice(0, v.length - suffix.length)) : undefined;
  };
  const row = {
    step: Number(m[1]),
    total: Number(m[2]),
    pct: num(m[3]),
    loss: num(f.get("loss")),
    lrm: num(f.get("lrm")),
    dt_ms: unit("dt", "ms"),
    tok_per_s: num(f.get("tok/sec")),
    mfu: num(f.get("mfu") ?? f.get("bf16_mfu")),
    total_minutes: unit("total time", "m"),
  };
  const missing = Object.entries(row).filter(([, v]) => v === undefined).map(([k]) => k);
  if (missing.length) return `no readable ${missing.join(", ")}`;
  const step = row as NanochatStep;
  const gradNorm = num(f.get("grad norm"));
  if (gradNorm !== undefined) step.grad_norm = gradNorm;
  const epoch = num(f.get("epoch"));
  if (epoch !== undefined) step.epoch = epoch;
  const eta = unit("eta", "m");
  if (eta !== undefined) step.eta_minutes = eta;
  return step;
}

/** base_train's stdout → steps, validation bpb, CORE results and the summary lines. */
export function parseBaseTrainLog(text: string): NanochatLog {
  const log: NanochatLog = { steps: [], evals: [], core: [], summary: {}, lines: 0, unrecognised: 0, malformed: [] };
  let pendingTasks: NanochatCoreTask[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(RANK_PREFIX, "").trim();
    if (line === "") continue;
    log.lines++;
    const bad = (why: string) => log.malformed.push({ line: i + 1, text: line, why });
    if (line.startsWith("step ") && STEP.test(line)) {
      const r = parseStepLine(line);
      if (typeof r === "string") bad(r);
      else log.steps.push(r);
      continue;
    }
    let m = VAL.exec(line);
    if (m) {
      const v = num(m[2]);
      if (v === undefined) bad(`validation bpb '${m[2]}' is not a number`);
      else log.evals.push({ step: Number(m[1]), val_bpb: v });
      continue;
    }
    m = CORE.exec(line);
    if (m) {
      const v = num(m[2]);
      if (v === undefined) bad(`CORE metric '${m[2]}' is not a number`);
      else log.core.push({ step: Number(m[1]), core: v, tasks: pendingTasks });
      pendingTasks = [];
      continue;
    }
    m = TASK.exec(line);
    if (m) {
      const [accuracy, centered, seconds] = [num(m[4]), num(m[5]), num(m[6])];
      if (accuracy === undefined || centered === undefined || seconds === undefined) bad("CORE task line with a value that is not a number");
      else pendingTasks.push({ task: m[1], shots: Number(m[2]), type: m[3], accuracy, centered, seconds });
      continue;
    }
    if (SUMMARY_LINES.some(([re, apply]) => {
      const sm = re.exec(line);
      return sm !== null && apply(sm, log.summary);
    })) continue;
    log.unrecognised++;
  }
  return log;
}

/** The summary as rows {key, value} for a table (only the keys the log had). */
export function logSummaryRows(log: NanochatLog): { key: string; value: number | string }[] {
  const s = log.summary;
  const rows: { key: string; value: number | string }[] = Object.entries(s).map(([key, value]) => ({ key, value: value as number | string }));
  const last = log.steps[log.steps.length - 1];
  if (last) {
    const tail = log.steps.slice(Math.floor(log.steps.length / 2));
    const mean = (f: (r: NanochatStep) => number) => tail.reduce((a, r) => a + f(r), 0) / tail.length;
    rows.push({ key: "steps_logged", value: log.steps.length }, { key: "last_step", value: `${last.step}/${last.total}` }, { key: "last_loss", value: last.loss });
    rows.push({ key: "mean_tok_per_s_second_half", value: Math.round(mean((r) => r.tok_per_s)) }, { key: "mean_mfu_second_half", value: +mean((r) => r.mfu).toFixed(2) });
  }
  if (log.evals.length) rows.push({ key: "last_val_bpb", value: log.evals[log.evals.length - 1].val_bpb });
  if (log.core.length) rows.push({ key: "last_core", value: log.core[log.core.length - 1].core });
  rows.push({ key: "unrecognised_lines", value: log.unrecognised }, { key: "malformed_lines", value: log.malformed.length });
  return rows;
}
