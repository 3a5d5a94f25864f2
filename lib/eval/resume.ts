// The per-question results file of an evaluation run (jsonl), written as the run goes so that a run that
// dies keeps what it scored and `resume` continues from it:
//   line 1   {"kind":"header","format":…,"benchmark":…,"split":…,"shots":…,"style":…,"model":…,"limit_per_subject":…}
//   then per subject, in one append: {"kind":"question",…QuestionResult} × n, {"kind":"subject_done","subject":…,"n":n}
// A subject counts only once its subject_done line is there with all n questions; a torn last line (a crash
// mid-append) or a subject without its marker is dropped, and the file is rewritten (atomically) without it.
import fs from "node:fs";
import { writeFileAtomic } from "../util/atomicWrite";
import { type FileIdentity, identityChange } from "../util/fileIdentity";
import type { QuestionResult } from "./results";

export const RESULTS_FORMAT = "nanozh-eval-questions-v1";

/** What must match for a results file to be continued. */
export interface RunHeader {
  benchmark: string;
  split: string;
  shots: number;
  style: string;
  model: string;
  limit_per_subject: number | null;
  /** the model folder's weights when the run started (size, mtime, SHA-256); absent for a model in memory */
  weights?: FileIdentity;
}

const HEADER_FIELDS: (keyof RunHeader)[] = ["benchmark", "split", "shots", "style", "model", "limit_per_subject"];

function headerLine(h: RunHeader): string {
  return JSON.stringify({ kind: "header", format: RESULTS_FORMAT, ...h }) + "\n";
}

function subjectLines(subject: string, results: QuestionResult[]): string {
  return results.map((r) => JSON.stringify({ kind: "question", ...r }) + "\n").join("") + JSON.stringify({ kind: "subject_done", subject, n: results.length }) + "\n";
}

/** Complete subjects of an existing results file (subject → its results, file order); checks the header. */
export function readResultsFile(file: string, expect: RunHeader): Map<string, QuestionResult[]> {
  const text = fs.readFileSync(file, "utf8");
  const lines = text.split("\n");
  // the piece after the last "\n" is a torn write (or empty): never complete
  lines.pop();
  if (lines.length === 0) throw new Error(`${file}: no header line (not a results file of nanozh eval)`);
  let head: Record<string, unknown>;
  try {
    head = JSON.parse(lines[0]);
  } catch {
    throw new Error(`${file}:1: the header line is not JSON`);
  }
  if (head.kind !== "header" || head.format !== RESULTS_FORMAT) throw new Error(`${file}:1: not a results file of nanozh eval (format ${JSON.stringify(head.format)}, expected ${RESULTS_FORMAT})`);
  for (const f of HEADER_FIELDS)
    if (head[f] !== expect[f])
      throw new Error(`${file}:1: written by a different run: ${f} ${JSON.stringify(head[f])}, this run has ${JSON.stringify(expect[f])} (use another output folder, or run without --resume to start over)`);
  checkWeights(file, head.weights as FileIdentity | undefined, expect);
  const done = new Map<string, QuestionResult[]>();
  let pending: QuestionResult[] = [];
  for (let i = 1; i < lines.length; i++) {
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(lines[i]);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON (the file was edited or damaged)`);
    }
    if (rec.kind === "question") {
      const { kind: _kind, ...r } = rec;
      pending.push(r as unknown as QuestionResult);
    } else if (rec.kind === "subject_done") {
      const subject = String(rec.subject);
      if (pending.length === rec.n && pending.every((r) => r.subject === subject)) done.set(subject, pending);
      pending = [];
    } else throw new Error(`${file}:${i + 1}: unknown record kind ${JSON.stringify(rec.kind)}`);
  }
  return done;
}

/** A results file continues only on the weights it was started with: the same path may now hold others. */
function checkWeights(file: string, was: FileIdentity | undefined, expect: RunHeader): void {
  const now = expect.weights;
  if (!now) return;
  const again = "run without --resume to score every subject again on these weights, or give another results file";
  if (!was || typeof was.sha256 !== "string")
    throw new Error(`${file}:1: holds no record of the weights it scored (an older nanozh eval), so it cannot be told apart from ${now.file} as it is now; ${again}`);
  const change = identityChange(was, now);
  if (change) throw new Error(`${file}:1: the weights at ${now.file} changed since these results were scored (${change}); mixing their scores would be wrong — ${again}`);
}

/** Start a results file: a new one, or (resume) the complete subjects of the old one, rewritten atomically. */
export function startResultsFile(file: string, header: RunHeader, resume: boolean): Map<string, QuestionResult[]> {
  const done = resume && fs.existsSync(file) ? readResultsFile(file, header) : new Map<string, QuestionResult[]>();
  if (!resume && fs.existsSync(file)) fs.rmSync(file); // a fresh run: the old results go
  writeFileAtomic(file, headerLine(header) + [...done].map(([s, rs]) => subjectLines(s, rs)).join(""));
  return done;
}

/** Append one subject's results as complete lines in a single write, flushed to disk. */
export function appendSubject(file: string, subject: string, results: QuestionResult[]): void {
  const fd = fs.openSync(file, "a");
  try {
    fs.writeSync(fd, subjectLines(subject, results));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
