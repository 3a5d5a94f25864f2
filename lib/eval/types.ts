// The vocabulary of the C-EVAL / CMMLU harness (eval-reference §1, §3): benchmarks, answer letters,
// the four categories, subjects and multiple-choice questions as read from the official CSV layouts.

export type Benchmark = "ceval" | "cmmlu";
export const BENCHMARKS: readonly Benchmark[] = ["ceval", "cmmlu"];

export type Letter = "A" | "B" | "C" | "D";
export const LETTERS: readonly Letter[] = ["A", "B", "C", "D"];

export type Category = "STEM" | "Social Science" | "Humanities" | "Other";
export const CATEGORIES: readonly Category[] = ["STEM", "Social Science", "Humanities", "Other"];

export type Split = "dev" | "val" | "test";

export interface Subject {
  /** The file-name handle, e.g. `computer_network` (C-EVAL) or `agronomy` (CMMLU). */
  handle: string;
  nameEn: string;
  /** The Chinese name that goes into the prompt header (C-EVAL field [1]; CMMLU `name_zh`). */
  nameZh: string;
  category: Category;
  /** One of the eight C-EVAL Hard subjects (always false for CMMLU). */
  hard: boolean;
  /** CMMLU only: the overlapping "China specific" column (eval-reference §3). */
  chinaSpecific?: boolean;
}

export interface MCQuestion {
  benchmark: Benchmark;
  /** Subject handle. */
  subject: string;
  split: Split;
  /** The CSV's id column (C-EVAL `id`, CMMLU's unnamed first column), as text. */
  id: string;
  /** Question text exactly as in the CSV (not stripped: the official code does not strip). */
  question: string;
  choices: [string, string, string, string];
  /** Gold letter; absent where the split has no answers (C-EVAL test). */
  answer?: Letter;
  /** C-EVAL dev only: the worked explanation (CoT exemplars). */
  explanation?: string;
  /** The CSV file it came from. */
  file: string;
  /** 0-based position among the file's data records (the header is not counted). */
  row: number;
  /** 1-based line of the file on which the record starts (quoted fields may span lines). */
  line: number;
}

export function isLetter(s: string): s is Letter {
  return s === "A" || s === "B" || s === "C" || s === "D";
}
