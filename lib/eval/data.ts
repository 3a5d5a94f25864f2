// C-EVAL and CMMLU in their official CSV layouts (eval-reference §1, §3).
//   C-EVAL: <dir>/subject_mapping.json {handle: [English, 中文, category]}, <dir>/{dev,val,test}/<handle>_<split>.csv
//           with header id,question,A,B,C,D,answer[,explanation] (test: no answer column in the public release).
//   CMMLU:  <dir>/subject_mapping.json {subjects: {handle: {name_zh, subcategories, category, china_specific}}},
//           <dir>/{dev,test}/<handle>.csv with header ,Question,A,B,C,D,Answer (test has answers).
// Question and option text is kept exactly as in the file: the official code does not strip (lm-eval does;
// that is a prompt-style concern, lib/eval/prompts.ts).
import fs from "node:fs";
import path from "node:path";
import { parseCsv } from "../data/csv";
import { CATEGORIES, isLetter, type Benchmark, type Category, type MCQuestion, type Split, type Subject } from "./types";

/** The eight C-EVAL Hard subjects (C-EVAL README; eval-reference §1). */
export const CEVAL_HARD: readonly string[] = [
  "advanced_mathematics",
  "discrete_mathematics",
  "probability_and_statistics",
  "college_chemistry",
  "college_physics",
  "high_school_mathematics",
  "high_school_chemistry",
  "high_school_physics",
];

/** Splits each benchmark publishes. */
export const SPLITS: Record<Benchmark, readonly Split[]> = { ceval: ["dev", "val", "test"], cmmlu: ["dev", "test"] };

export const MAPPING_FILE = "subject_mapping.json";

function readJsonFile(file: string): unknown {
  if (!fs.existsSync(file)) throw new Error(`${file}: subject mapping not found`);
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

function checkCategory(value: unknown, file: string, handle: string): Category {
  if (typeof value === "string" && (CATEGORIES as readonly string[]).includes(value)) return value as Category;
  throw new Error(`${file}: subject '${handle}': category ${JSON.stringify(value)} is not one of ${CATEGORIES.join(", ")}`);
}

/** "college_programming" → "College Programming" (CMMLU's mapping has no English names; its handles are English). */
function titleOf(handle: string): string {
  return handle
    .split("_")
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join(" ");
}

/** The subjects of a benchmark from `<dir>/subject_mapping.json`, in the file's order. */
export function loadSubjects(benchmark: Benchmark, dir: string): Subject[] {
  const file = path.join(dir, MAPPING_FILE);
  const json = readJsonFile(file);
  const out: Subject[] = [];
  if (benchmark === "ceval") {
    if (!json || typeof json !== "object" || Array.isArray(json)) throw new Error(`${file}: expected an object {handle: [English, 中文, category]}`);
    for (const [handle, v] of Object.entries(json as Record<string, unknown>)) {
      if (!Array.isArray(v) || v.length < 3 || typeof v[0] !== "string" || typeof v[1] !== "string")
        throw new Error(`${file}: subject '${handle}': expected [English, 中文, category], got ${JSON.stringify(v)}`);
      out.push({ handle, nameEn: v[0], nameZh: v[1], category: checkCategory(v[2], file, handle), hard: CEVAL_HARD.includes(handle) });
    }
  } else {
    const subjects = (json as { subjects?: unknown } | null)?.subjects;
    if (!subjects || typeof subjects !== "object" || Array.isArray(subjects)) throw new Error(`${file}: expected {"subjects": {handle: {name_zh, category, …}}}`);
    for (const [handle, v] of Object.entries(subjects as Record<string, unknown>)) {
      const s = v as { name_zh?: unknown; category?: unknown; china_specific?: unknown; name_en?: unknown } | null;
      if (!s || typeof s.name_zh !== "string") throw new Error(`${file}: subject '${handle}': missing field name_zh`);
      out.push({
        handle,
        nameEn: typeof s.name_en === "string" ? s.name_en : titleOf(handle),
        nameZh: s.name_zh,
        category: checkCategory(s.category, file, handle),
        hard: false,
        chinaSpecific: s.china_specific === true,
      });
    }
  }
  if (out.length === 0) throw new Error(`${file}: no subjects`);
  return out;
}

/** Where one subject's split lives. */
export function splitFile(benchmark: Benchmark, dir: string, split: Split, handle: string): string {
  return benchmark === "ceval" ? path.join(dir, split, `${handle}_${split}.csv`) : path.join(dir, split, `${handle}.csv`);
}

interface Columns {
  id: number;
  question: number;
  options: [number, number, number, number];
  answer: number; // −1: no answer column (allowed only for C-EVAL test)
  explanation: number;
}

function columns(benchmark: Benchmark, split: Split, header: string[], file: string): Columns {
  const names =
    benchmark === "ceval"
      ? { id: "id", question: "question", opts: ["A", "B", "C", "D"], answer: "answer" }
      : { id: "", question: "Question", opts: ["A", "B", "C", "D"], answer: "Answer" };
  const col = (name: string, required: boolean): number => {
    const i = header.indexOf(name);
    if (i < 0 && required) throw new Error(`${file}:1: no column '${name}' in header [${header.join(",")}]`);
    return i;
  };
  const answerOptional = benchmark === "ceval" && split === "test";
  return {
    id: col(names.id, true),
    question: col(names.question, true),
    options: names.opts.map((o) => col(o, true)) as [number, number, number, number],
    answer: col(names.answer, !answerOptional),
    explanation: benchmark === "ceval" ? header.indexOf("explanation") : -1,
  };
}

/** The questions of one CSV file (one subject, one split). */
export function readQuestionFile(benchmark: Benchmark, file: string, split: Split, subject: string): MCQuestion[] {
  if (!fs.existsSync(file)) throw new Error(`${file}: no ${split} file for subject '${subject}'`);
  let text = fs.readFileSync(file, "utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records = parseCsv(text, file);
  if (records.length === 0) throw new Error(`${file}: empty file (expected a header row)`);
  const header = records[0].fields;
  const c = columns(benchmark, split, header, file);
  const out: MCQuestion[] = [];
  for (let r = 1; r < records.length; r++) {
    const { fields, line } = records[r];
    const row = r - 1;
    if (fields.length !== header.length)
      throw new Error(`${file}:${line}: row ${row} has ${fields.length} fields, the header has ${header.length}`);
    const q: MCQuestion = {
      benchmark,
      subject,
      split,
      id: fields[c.id],
      question: fields[c.question],
      choices: [fields[c.options[0]], fields[c.options[1]], fields[c.options[2]], fields[c.options[3]]],
      file,
      row,
      line,
    };
    if (c.answer >= 0) {
      const a = fields[c.answer];
      if (isLetter(a)) q.answer = a;
      else if (!(a === "" && split === "test" && benchmark === "ceval"))
        throw new Error(`${file}:${line}: row ${row} (id ${q.id}): answer ${JSON.stringify(a)} is not one of A, B, C, D`);
    }
    if (c.explanation >= 0 && fields[c.explanation] !== "") q.explanation = fields[c.explanation];
    out.push(q);
  }
  // a header and nothing else would score as "0 questions" and look like a run
  if (out.length === 0)
    throw new Error(`${file}: a header row and no questions (subject '${subject}', ${split} split); restore the file, or leave the subject out (--subjects)`);
  return out;
}

/**
 * One split of a benchmark: subject handle → its questions in file order. `subjects` (handles) defaults
 * to every subject of the mapping, in its order; an unknown handle or a missing file is an error.
 */
export function loadSplit(benchmark: Benchmark, dir: string, split: Split, subjects?: string[]): Map<string, MCQuestion[]> {
  if (!SPLITS[benchmark].includes(split)) throw new Error(`${benchmark} has no '${split}' split (it has ${SPLITS[benchmark].join(", ")})`);
  const known = loadSubjects(benchmark, dir);
  const handles = subjects ?? known.map((s) => s.handle);
  const knownSet = new Set(known.map((s) => s.handle));
  for (const h of handles)
    if (!knownSet.has(h)) throw new Error(`${path.join(dir, MAPPING_FILE)}: unknown ${benchmark} subject '${h}'`);
  const out = new Map<string, MCQuestion[]>();
  for (const h of handles) out.set(h, readQuestionFile(benchmark, splitFile(benchmark, dir, split, h), split, h));
  return out;
}

/** All questions of a loaded split, subjects in order. */
export function allQuestions(split: Map<string, MCQuestion[]>): MCQuestion[] {
  return [...split.values()].flat();
}
