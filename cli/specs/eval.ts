// The spec of nanozh eval (C-EVAL / CMMLU).
import type { Benchmark, PromptStyle, ScorerName } from "../../lib/eval";
import { BACKEND, INFER_ENGINE, JSON_OUT, MODEL, OVERWRITE } from "../options";
import { command } from "../spec";

// the lists live in lib/eval (BENCHMARKS, PROMPT_STYLES, SCORER_NAMES); test/cli/spec.test.ts checks they agree
export const EVAL_BENCHMARKS = ["ceval", "cmmlu"] as const satisfies readonly Benchmark[];
export const EVAL_STYLES = ["official", "lm-eval", "chat"] as const satisfies readonly PromptStyle[];
export const EVAL_SCORERS = ["prefix", "full"] as const satisfies readonly ScorerName[];

export const EVAL = command({
  name: "eval",
  summary: "C-EVAL / CMMLU: log-likelihood scores per subject and category, 95% intervals, vs 25% guessing",
  positionals: [{ name: "benchmark", choices: EVAL_BENCHMARKS, help: "the benchmark" }],
  options: {
    ...MODEL,
    data: {
      type: "path",
      arg: "DIR",
      help:
        "the benchmark's folder in the official layout (subject_mapping.json, dev/, val/, test/);\n" +
        "default ../shared/data/ceval (or cmmlu) when present. The repository bundles a tiny\n" +
        "practice set in C-EVAL's layout: --data data/ceval-practice",
    },
    split: { type: "enum", choices: ["val", "test", "dev"], help: "default val (C-EVAL), test (CMMLU, which has no val)" },
    shots: {
      type: "enum",
      choices: ["0", "5"],
      default: "0",
      help:
        "exemplars from the first dev rows (default 0); whole shots are dropped, oldest first,\n" +
        "when a prompt does not fit the model's context (counted as fewer_shots)",
    },
    style: {
      type: "enum",
      arg: "NAME",
      choices: EVAL_STYLES,
      default: "official",
      help:
        "official (default: the benchmark's own code) | lm-eval (lm-evaluation-harness's\n" +
        'strings, " A" continuations) | chat (nanochat\'s chat turns, for fine-tuned models)',
    },
    scorer: {
      type: "enum",
      arg: "NAME",
      choices: EVAL_SCORERS,
      default: "prefix",
      help:
        "prefix (default: the subject's shared prefix in a KV cache, questions batched) |\n" +
        "full (the reference: every prompt run whole; same scores, slower)",
    },
    "batch-size": { type: "int", min: 1, max: 4096, help: "rows per forward pass of the prefix scorer (default 8 on ort; tfjs: 16 on tfjs-node-gpu, 4 on CPU)" },
    subjects: { type: "string", arg: "a,b", help: "only these subject handles" },
    limit: { type: "int", min: 1, max: 1e9, help: "only the first N questions of each subject (small mode)" },
    out: {
      type: "path",
      arg: "DIR",
      help:
        "write <name>.json, .md, -subjects.csv, -questions.jsonl and the category plot there,\n" +
        "and keep per-question progress in <name>-run.jsonl as the run goes\n" +
        "(<name> = <benchmark>-<split>-<shots>shot-<style>)",
    },
    resume: { type: "boolean", help: "continue the run kept in --out (subjects already scored are skipped)" },
    overwrite: { ...OVERWRITE.overwrite, help: "start over although --out holds an unfinished run" },
    ...INFER_ENGINE,
    ...BACKEND,
    json: {
      ...JSON_OUT.json,
      help:
        "print the result as JSON (n, accuracy, macro_accuracy, per_category, per_subject,\n" +
        "ci95, random_baseline, fewer_shots, …) instead of the Markdown tables",
    },
  },
  notes:
    "C-EVAL test has no public answers: its run writes the official submission file submission/<name>.json in --out\n" +
    "(or out/eval/). Progress (questions/s, ETA) goes to stderr.",
});
