// One evaluation run: a model on a benchmark split, subject by subject — prompts (prompts.ts), tokens fitted
// to the model's context (encode.ts), log-likelihood scores (score.ts), the summary (results.ts). Per-question
// results go to a jsonl file after each subject (resume.ts) so a run that dies keeps them and can resume.
//   const { result } = await evaluate({ benchmark: "ceval", dataDir, split: "val", shots: 5, style: "official", modelDir: "out/model" })
import fs from "node:fs";
import path from "node:path";
import { loadInferenceEngine, type ModelSource, openModelFolder } from "../engines";
import type { EngineChoice, InferenceEngine } from "../engines/inference";
import { MODEL_FILE } from "../model/io";
import { type FileIdentity, fileIdentity } from "../util/fileIdentity";
import type { Tokenizer } from "../tokenizer/tokenizer";
import { progress } from "../util/progress";
import { loadSplit, loadSubjects, splitFile } from "./data";
import { encodePrompt } from "./encode";
import { buildPrompt, PROMPT_STYLES, type PromptStyle } from "./prompts";
import { appendSubject, startResultsFile, type RunHeader } from "./resume";
import { type EvalResult, type QuestionResult, summarize } from "./results";
import { type ChoiceScorer, FullPromptScorer, PrefixCachedScorer, pickLetter } from "./score";
import type { Benchmark, MCQuestion, Split } from "./types";
import { statusLine } from "../util/tslab";

export type ScorerName = "prefix" | "full";
export const SCORER_NAMES: readonly ScorerName[] = ["prefix", "full"];

export interface EvaluateOptions {
  benchmark: Benchmark;
  /** the benchmark's folder: subject_mapping.json, dev/, val/, test/ */
  dataDir: string;
  split: Split;
  shots: 0 | 5;
  style: PromptStyle;
  /** a model folder (model.safetensors, config.json, tokenizer/) … */
  modelDir?: string;
  /** … or a model in memory (its name goes into the results) */
  model?: { source: ModelSource; tok: Tokenizer; name?: string };
  /** "prefix" (default: KV cache of the shared prefix, batched) or "full" (the reference, one prompt at a time) */
  scorer?: ScorerName;
  /** rows per forward pass of the prefix scorer (default: 8 on ORT; tfjs 16 on a GPU backend, 4 on CPU; see prefixScorer.ts) */
  batchSize?: number;
  /** jsonl of per-question results, appended after each subject */
  resultsFile?: string;
  /** continue `resultsFile`: subjects complete in it are not scored again */
  resume?: boolean;
  /** subject handles (default: every subject of subject_mapping.json) */
  subjects?: string[];
  /** only the first N questions of each subject (small mode) */
  limitPerSubject?: number;
  /** tokens a prompt may use (default: the model's sequence_len); longer prompts drop shots */
  contextTokens?: number;
  /** inference engine (lib/engines; default auto: ORT when onnxruntime-node loads, else tfjs) */
  engine?: EngineChoice;
  /** ORT intra-op threads (default: the engine's measured fastest) */
  threads?: number;
  /** tfjs backend when the tfjs engine runs (default: the first that starts) */
  backend?: string;
  /** progress lines (default stderr) */
  log?: (line: string) => void;
}

export interface EvaluateOutput {
  result: EvalResult;
  questions: QuestionResult[];
}

function checkOptions(o: EvaluateOptions): void {
  if (o.shots !== 0 && o.shots !== 5) throw new Error(`evaluate: shots must be 0 or 5, got ${String(o.shots)}`);
  if (!PROMPT_STYLES.includes(o.style)) throw new Error(`evaluate: unknown prompt style '${String(o.style)}' (known: ${PROMPT_STYLES.join(", ")})`);
  if (o.scorer !== undefined && !SCORER_NAMES.includes(o.scorer)) throw new Error(`evaluate: unknown scorer '${String(o.scorer)}' (known: ${SCORER_NAMES.join(", ")})`);
  if (o.shots > 0 && o.split === "dev") throw new Error(`evaluate: ${o.shots}-shot on the dev split would score the exemplars themselves (use --shots 0 on dev)`);
  if ((o.modelDir === undefined) === (o.model === undefined)) throw new Error("evaluate: give exactly one of modelDir and model");
  if (o.limitPerSubject !== undefined && (!Number.isInteger(o.limitPerSubject) || o.limitPerSubject < 1))
    throw new Error(`evaluate: limitPerSubject must be a positive integer, got ${o.limitPerSubject}`);
  if (o.resume && !o.resultsFile) throw new Error("evaluate: resume needs a resultsFile to continue");
}

async function openModel(o: EvaluateOptions): Promise<{ engine: InferenceEngine; tok: Tokenizer; name: string; weights?: FileIdentity }> {
  const choice = { engine: o.engine, threads: o.threads, backend: o.backend };
  if (o.model) return { engine: await loadInferenceEngine(o.model.source, choice), tok: o.model.tok, name: o.model.name ?? "in-memory model" };
  const dir = path.resolve(o.modelDir!);
  // recorded in the results file (only when there is one) so --resume refuses weights that changed since
  const weights = o.resultsFile && fs.existsSync(path.join(dir, MODEL_FILE)) ? fileIdentity(path.join(dir, MODEL_FILE)) : undefined;
  const opened = await openModelFolder(dir, choice);
  if (!opened.tokenizer) {
    opened.engine.dispose();
    throw new Error(`${dir}: the model folder has no tokenizer/ (needed to encode the prompts; save the model with its tokenizer)`);
  }
  return { engine: opened.engine, tok: opened.tokenizer, name: dir, weights };
}

/** Dev exemplars of each subject for k-shot; a subject without enough is an error naming it and its file. */
function loadShots(o: EvaluateOptions, handles: string[]): Map<string, MCQuestion[]> {
  const out = new Map<string, MCQuestion[]>();
  if (o.shots === 0) return out;
  for (const h of handles) {
    const file = splitFile(o.benchmark, o.dataDir, "dev", h);
    if (!fs.existsSync(file)) throw new Error(`subject '${h}': ${o.shots}-shot needs dev exemplars, ${file} not found`);
    const dev = loadSplit(o.benchmark, o.dataDir, "dev", [h]).get(h)!;
    if (dev.length < o.shots) throw new Error(`subject '${h}': ${o.shots}-shot needs ${o.shots} dev exemplars, ${file} has ${dev.length}`);
    out.set(h, dev.slice(0, o.shots));
  }
  return out;
}

/** Evaluate a model on a benchmark split; see EvaluateOptions. */
export async function evaluate(o: EvaluateOptions): Promise<EvaluateOutput> {
  checkOptions(o);
  const allSubjects = loadSubjects(o.benchmark, o.dataDir);
  const handles = o.subjects ?? allSubjects.map((s) => s.handle);
  const split = loadSplit(o.benchmark, o.dataDir, o.split, handles); // errors name an unknown subject or a missing file
  const subjects = handles.map((h) => allSubjects.find((s) => s.handle === h)!);
  const shots = loadShots(o, handles);
  const m = await openModel(o);
  try {
    const context = o.contextTokens ?? m.engine.config.sequence_len;
    const header: RunHeader = { benchmark: o.benchmark, split: o.split, shots: o.shots, style: o.style, model: m.name, limit_per_subject: o.limitPerSubject ?? null, ...(m.weights ? { weights: m.weights } : {}) };
    const done = o.resultsFile ? startResultsFile(o.resultsFile, header, o.resume ?? false) : new Map<string, QuestionResult[]>();
    const todo = subjects.filter((s) => !done.has(s.handle));
    const questionsOf = (h: string) => split.get(h)!.slice(0, o.limitPerSubject ?? Infinity);
    const total = todo.reduce((n, s) => n + questionsOf(s.handle).length, 0);
    const log = o.log ?? statusLine;
    const kept = subjects.filter((s) => done.has(s.handle));
    if (kept.length) log(`resuming ${o.resultsFile}: ${kept.length} subjects (${kept.reduce((n, s) => n + done.get(s.handle)!.length, 0)} questions) already scored`);
    const scorer: ChoiceScorer = o.scorer === "full" ? new FullPromptScorer(m.engine) : new PrefixCachedScorer(m.engine, { batchSize: o.batchSize });
    const bar = progress({ label: `${o.benchmark} ${o.split} ${o.shots}-shot (${scorer.name})`, total, unit: "questions", write: log });
    const t0 = performance.now();
    for (const s of todo) {
      const qs = questionsOf(s.handle);
      const items = qs.map((q) => encodePrompt(m.tok, buildPrompt(o.benchmark, o.style, s, shots.get(s.handle) ?? [], q), context));
      const ll = await scorer.score(items, (n) => bar.tick(n));
      const results = qs.map((q, i): QuestionResult => {
        const pred = pickLetter(ll[i]);
        const r: QuestionResult = { subject: s.handle, id: q.id, pred, ll: ll[i], shotsUsed: items[i].shotsUsed, overContext: items[i].overContext };
        if (q.answer !== undefined) {
          r.gold = q.answer;
          r.correct = pred === q.answer;
        }
        return r;
      });
      if (o.resultsFile) appendSubject(o.resultsFile, s.handle, results);
      done.set(s.handle, results);
    }
    bar.done();
    const seconds = (performance.now() - t0) / 1000;
    const questions = subjects.flatMap((s) => done.get(s.handle)!);
    const result = summarize(questions, subjects, {
      benchmark: o.benchmark,
      split: o.split,
      shots: o.shots,
      style: o.style,
      model: m.name,
      data: path.relative(process.cwd(), path.resolve(o.dataDir)) || ".",
      seconds: total > 0 ? seconds : undefined, // this run's scoring time (resumed subjects are not in it)
      questions_per_s: total > 0 && seconds > 0 ? total / seconds : undefined,
    });
    result.engine = m.engine.info;
    return { result, questions };
  } finally {
    m.engine.dispose();
  }
}
