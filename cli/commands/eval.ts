// nanozh eval — C-EVAL / CMMLU scores of a model folder: prompts as the official code builds them, the
// log-likelihood of each answer letter, per-subject and per-category tables with 95% intervals.
import fs from "node:fs";
import path from "node:path";
import { numberOption, parseOptions, printJson, requireOption } from "../args";
import { BENCHMARKS, evalMarkdown, evaluate, loadSubjects, PROMPT_STYLES, SCORER_NAMES, writeCevalSubmission, writeEvalResult } from "../../lib/eval";
import type { Benchmark, PromptStyle, ScorerName, Split } from "../../lib/eval";
import { outDir, sharedDataDir } from "../../lib/util/paths";

const USAGE = `usage: nanozh eval ceval|cmmlu --model DIR [options]

  --model DIR            a model folder (model.safetensors, config.json, tokenizer/)
  --data DIR             the benchmark's folder in the official layout (subject_mapping.json, dev/, val/, test/);
                         default ../shared/data/ceval (or cmmlu) when present. The repository bundles a tiny
                         practice set in C-EVAL's layout: --data data/ceval-practice
  --split val|test|dev   default val (C-EVAL), test (CMMLU, which has no val)
  --shots 0|5            exemplars from the first dev rows (default 0); whole shots are dropped, oldest first,
                         when a prompt does not fit the model's context (counted as fewer_shots)
  --style NAME           official (default: the benchmark's own code) | lm-eval (lm-evaluation-harness's
                         strings, " A" continuations) | chat (nanochat's chat turns, for fine-tuned models)
  --scorer NAME          prefix (default: the subject's shared prefix in a KV cache, questions batched) |
                         full (the reference: every prompt run whole; same scores, slower)
  --batch-size N         rows per forward pass of the prefix scorer (default 16 on tfjs-node-gpu, 4 on CPU)
  --subjects a,b         only these subject handles
  --limit N              only the first N questions of each subject (small mode)
  --out DIR              write <name>.json, .md, -subjects.csv, -questions.jsonl and the category plot there,
                         and keep per-question progress in <name>-run.jsonl as the run goes
                         (<name> = <benchmark>-<split>-<shots>shot-<style>)
  --resume               continue the run kept in --out (subjects already scored are skipped)
  --overwrite            start over although --out holds an unfinished run
  --backend NAME         tfjs-node-gpu | wasm | cpu
  --json                 print the result as JSON (n, accuracy, macro_accuracy, per_category, per_subject,
                         ci95, random_baseline, fewer_shots, …) instead of the Markdown tables

C-EVAL test has no public answers: its run writes the official submission file submission/<name>.json in --out
(or out/eval/). Progress (questions/s, ETA) goes to stderr.`;

function defaultData(benchmark: Benchmark): string {
  const dir = path.join(sharedDataDir(), benchmark);
  if (fs.existsSync(dir)) return dir;
  throw new Error(`--data not given and ${dir} not found; point --data at a ${benchmark} folder in the official layout` +
    (benchmark === "ceval" ? " (the bundled practice set: --data data/ceval-practice)" : ""));
}

function oneOf<T extends string>(raw: string | undefined, flag: string, known: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!(known as readonly string[]).includes(raw)) throw new Error(`--${flag}: '${raw}' is not one of ${known.join(", ")}`);
  return raw as T;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      model: { type: "string" },
      data: { type: "string" },
      split: { type: "string" },
      shots: { type: "string" },
      style: { type: "string" },
      scorer: { type: "string" },
      "batch-size": { type: "string" },
      subjects: { type: "string" },
      limit: { type: "string" },
      out: { type: "string" },
      resume: { type: "boolean" },
      overwrite: { type: "boolean" },
      backend: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length !== 1) throw new Error(`expected one benchmark, ceval or cmmlu (see nanozh eval --help)`);
  const benchmark = oneOf(positionals[0], "benchmark", BENCHMARKS)!;
  const modelDir = requireOption(values.model, "model");
  const dataDir = path.resolve(values.data ?? defaultData(benchmark));
  const split = oneOf<Split>(values.split, "split", ["val", "test", "dev"]) ?? (benchmark === "ceval" ? "val" : "test");
  const shots = Number(oneOf(values.shots, "shots", ["0", "5"]) ?? "0") as 0 | 5;
  const style = oneOf<PromptStyle>(values.style, "style", PROMPT_STYLES) ?? "official";
  const scorer = oneOf<ScorerName>(values.scorer, "scorer", SCORER_NAMES) ?? "prefix";
  const subjects = values.subjects?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const name = `${benchmark}-${split}-${shots}shot-${style}`;
  const out = values.out ? path.resolve(values.out) : undefined;
  if (values.resume && !out) throw new Error("--resume needs --out (the folder holding the run to continue)");
  if (values.resume && values.overwrite) throw new Error("--resume and --overwrite contradict each other");
  const resultsFile = out ? path.join(out, `${name}-run.jsonl`) : undefined;
  if (resultsFile && fs.existsSync(resultsFile) && !values.resume && !values.overwrite)
    throw new Error(`${resultsFile} holds an earlier run: --resume to continue it, --overwrite to start over`);
  const { result, questions } = await evaluate({
    benchmark,
    dataDir,
    split,
    shots,
    style,
    modelDir,
    scorer,
    batchSize: numberOption(values["batch-size"], "batch-size", { integer: true, positive: true }),
    subjects,
    limitPerSubject: numberOption(values.limit, "limit", { integer: true, positive: true }),
    resultsFile,
    resume: values.resume,
    backend: values.backend,
  });
  if (out) {
    const files = await writeEvalResult(out, name, result, questions);
    process.stderr.write(`wrote ${files.json}, ${path.basename(files.md)}, ${path.basename(files.subjectsCsv)}, ${path.basename(files.questionsJsonl)}\n`);
  }
  if (benchmark === "ceval" && split === "test") {
    // in a subfolder: out/eval/*.json are EvalResults to the report card (lib/report/card/read.ts)
    const file = path.join(out ?? outDir("eval"), "submission", `${name}.json`);
    // a full run covers every subject of the mapping; a partial one (--subjects/--limit) is for checking only
    const expectSubjects = subjects || values.limit ? undefined : loadSubjects(benchmark, dataDir).map((s) => s.handle);
    writeCevalSubmission(file, { benchmark, split }, questions, { expectSubjects });
    process.stderr.write(`wrote the C-EVAL test submission ${file}${expectSubjects ? "" : " (partial: not every subject/question)"}\n`);
  }
  if (values.json) printJson(result);
  else process.stdout.write(evalMarkdown(result));
  return 0;
}
