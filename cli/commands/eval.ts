// nanozh eval — C-EVAL / CMMLU scores of a model folder: prompts as the official code builds them, the
// log-likelihood of each answer letter, per-subject and per-category tables with 95% intervals.
// Options and help: cli/specs/eval.ts (EVAL).
import fs from "node:fs";
import path from "node:path";
import { printJson } from "../args";
import { parse, UsageError } from "../spec";
import { EVAL } from "../specs/eval";
import { evalMarkdown, evaluate, loadSubjects, writeCevalSubmission, writeEvalResult } from "../../lib/eval";
import type { Benchmark, PromptStyle, ScorerName, Split } from "../../lib/eval";
import { outDir, sharedDataDir } from "../../lib/util/paths";

function defaultData(benchmark: Benchmark): string {
  const dir = path.join(sharedDataDir(), benchmark);
  if (fs.existsSync(dir)) return dir;
  throw new Error(`--data not given and ${dir} not found; point --data at a ${benchmark} folder in the official layout` +
    (benchmark === "ceval" ? " (the bundled practice set: --data data/ceval-practice)" : ""));
}

export async function run(argv: string[]): Promise<number> {
  const args = parse(EVAL, argv);
  if (!args) return 0;
  const values = args.values;
  const benchmark: Benchmark = args.positionals[0] as Benchmark;
  const modelDir = values.model;
  const dataDir = path.resolve(values.data ?? defaultData(benchmark));
  const split: Split = values.split ?? (benchmark === "ceval" ? "val" : "test");
  const shots = Number(values.shots) as 0 | 5;
  const style: PromptStyle = values.style;
  const scorer: ScorerName = values.scorer;
  const subjects = values.subjects?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const name = `${benchmark}-${split}-${shots}shot-${style}`;
  const out = values.out ? path.resolve(values.out) : undefined;
  if (values.resume && !out) throw new UsageError("--resume needs --out (the folder holding the run to continue)");
  if (values.resume && values.overwrite) throw new UsageError("--resume and --overwrite contradict each other");
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
    batchSize: values["batch-size"],
    subjects,
    limitPerSubject: values.limit,
    resultsFile,
    resume: values.resume,
    engine: values.engine,
    threads: values.threads,
    backend: values.backend,
  });
  if (result.engine) process.stderr.write(`scored on engine ${result.engine.engine} (${result.engine.backend}), ${result.engine.threads} thread${result.engine.threads === 1 ? "" : "s"}\n`);
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
