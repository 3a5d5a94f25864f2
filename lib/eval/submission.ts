// The C-EVAL test submission file (eval-reference §1 "Test submission", the README's "How to Submit" and
// submission_example.json): UTF-8 JSON {"<subject_handle>": {"<id as string>": "A", …}, …}, uploaded at
// cevalbenchmark.com. Test answers are not public, so this file is the only way to get a test score.
import { writeJsonAtomic } from "../util/atomicWrite";
import type { QuestionResult } from "./results";
import type { Benchmark, Letter, Split } from "./types";
import { LETTERS } from "./types";

export type CevalSubmission = Record<string, Record<string, Letter>>;

export interface SubmissionOptions {
  /** Subject handles the file must cover (all 52 for a real submission); an error names the missing ones. */
  expectSubjects?: string[];
}

/** Build the submission object: every scored subject, each question's predicted letter keyed by its id. */
export function cevalSubmission(run: { benchmark: Benchmark; split: Split }, questions: QuestionResult[], opts: SubmissionOptions = {}): CevalSubmission {
  if (run.benchmark !== "ceval") throw new Error(`cevalSubmission: only C-EVAL has a submission format (got benchmark ${run.benchmark})`);
  if (run.split !== "test") throw new Error(`cevalSubmission: the submission is for the test split; this run is on '${run.split}' (score val/dev locally)`);
  if (questions.length === 0) throw new Error("cevalSubmission: no questions");
  const out: CevalSubmission = {};
  questions.forEach((q, i) => {
    const where = `questions[${i}] (${q.subject} #${q.id})`;
    if (!q.subject) throw new Error(`${where}: field subject is empty`);
    if (typeof q.id !== "string" || q.id === "") throw new Error(`${where}: field id must be a non-empty string`);
    if (!LETTERS.includes(q.pred)) throw new Error(`${where}: pred ${JSON.stringify(q.pred)} is not A–D`);
    const subject = (out[q.subject] ??= {});
    if (q.id in subject) throw new Error(`${where}: id appears twice in subject ${q.subject}`);
    subject[q.id] = q.pred;
  });
  if (opts.expectSubjects) {
    const missing = opts.expectSubjects.filter((s) => !(s in out));
    if (missing.length > 0) throw new Error(`cevalSubmission: ${missing.length} of ${opts.expectSubjects.length} subjects have no predictions: ${missing.join(", ")}`);
    const extra = Object.keys(out).filter((s) => !opts.expectSubjects!.includes(s));
    if (extra.length > 0) throw new Error(`cevalSubmission: subjects not in the expected list: ${extra.join(", ")}`);
  }
  return out;
}

/** Write the submission JSON (UTF-8, atomically) to `file`; returns the object written. */
export function writeCevalSubmission(file: string, run: { benchmark: Benchmark; split: Split }, questions: QuestionResult[], opts: SubmissionOptions = {}): CevalSubmission {
  const sub = cevalSubmission(run, questions, opts);
  writeJsonAtomic(file, sub);
  return sub;
}
