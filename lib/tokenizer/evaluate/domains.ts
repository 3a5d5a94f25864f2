// Evaluation domains: deterministic document samples per domain from ../shared/data (full mode) or
// the bundled corpus data/corpus/{zh,en}/*.txt (small mode), each split into a training part and a
// held-out part by document index, so notebook 04 trains on one and notebook 05 measures the other.
import fs from "node:fs";
import path from "node:path";
import { parseCsv } from "../../data/csv";
import { bundledDataDir, sharedDataDir } from "../../util/paths";
import { jsonStrings, listTextFiles, readDocs } from "../corpus";

/** How a domain's files become documents. */
export type DomainReader =
  | { kind: "docs" } //                         .txt paragraphs or lines (lib/tokenizer readDocs)
  | { kind: "tsv-column"; column: number } //   one document per line, one tab-separated column
  | { kind: "csv-column"; column: string } //   one document per CSV record, one named column
  | { kind: "jsonl-field"; field: string } //   one document per JSON line, one string field
  | { kind: "poems" }; //                       chinese-poetry JSON: each entry's `paragraphs` joined by "\n"

export interface EvalDomain {
  name: string;
  label: string;
  /** "zh" Simplified, "zh-Hant" Traditional, "lzh" Classical, "en" */
  lang: string;
  /** language pool for per-language figures (shard plans, the guide's claims), or null to keep out */
  pool: "zh" | "en" | null;
  /** files or folders, relative to the base folder (shared data or the bundled corpus) */
  paths: string[];
  reader: DomainReader;
  /** file names to skip (exact base names) */
  skip?: string[];
}

const docs: DomainReader = { kind: "docs" };

/** The shared-data domains (../shared/data/README.md). */
export const SHARED_EVAL_DOMAINS: readonly EvalDomain[] = [
  { name: "zh_wiki", label: "Wikipedia zh", lang: "zh", pool: "zh", paths: ["zh_text/wiki_zh_cmrc2018/cmrc2018_paragraphs_zh.txt"], reader: docs },
  { name: "zh_news", label: "news titles (THUCNews)", lang: "zh", pool: "zh", paths: ["zh_text/thucnews_titles/dev.txt", "zh_text/thucnews_titles/test.txt"], reader: { kind: "tsv-column", column: 0 } },
  { name: "zh_luxun", label: "Lu Xun", lang: "zh", pool: "zh", paths: ["zh_text/luxun"], reader: docs },
  {
    name: "zh_poetry",
    label: "classical poetry",
    lang: "lzh",
    pool: null,
    paths: ["zh_text/classical_chinese_poetry"],
    reader: { kind: "poems" },
    // Traditional-script files (全唐诗, the traditional 三字经) stay out: this domain is Classical Chinese in Simplified script
    skip: ["全唐诗__poet.tang.0.json", "全唐诗__poet.tang.1000.json", "全唐诗__poet.tang.2000.json", "蒙学__sanzijing-traditional.json"],
  },
  { name: "zh_reviews", label: "reviews", lang: "zh", pool: "zh", paths: ["zh_text/reviews"], reader: { kind: "csv-column", column: "review" } },
  { name: "zh_web", label: "noisy web zh", lang: "zh", pool: "zh", paths: ["zh_text/web_noisy_chinesewebtext/cc2021-43_cleared1.jsonl"], reader: { kind: "jsonl-field", field: "raw_content" } },
  { name: "zh_trad", label: "Traditional (Wikipedia zh-TW)", lang: "zh-Hant", pool: null, paths: ["zh_trad/wiki_zhtw_drcd/drcd_paragraphs_zhtw.txt"], reader: docs },
  { name: "en_prose", label: "English prose (Gutenberg)", lang: "en", pool: "en", paths: ["english/gutenberg_raw"], reader: docs },
  { name: "en_web", label: "web English (C4)", lang: "en", pool: "en", paths: ["english/c4_demo.jsonl"], reader: { kind: "jsonl-field", field: "text" } },
  { name: "zh_math", label: "math word problems zh", lang: "zh", pool: null, paths: ["math_zh/ape210k_test.jsonl", "math_zh/ape210k_valid.jsonl"], reader: { kind: "jsonl-field", field: "original_text" } },
];

/** Extra English for training only (not an evaluation domain). */
export const SHARED_TRAIN_EXTRA: readonly EvalDomain[] = [
  { name: "en_shakespeare", label: "Shakespeare", lang: "en", pool: "en", paths: ["english/tinyshakespeare.txt"], reader: docs },
];

const zhFiles = (names: string[]) => names.map((n) => `zh/${n}.txt`);
const enFiles = (names: string[]) => names.map((n) => `en/${n}.txt`);

/** The bundled corpus (data/corpus) grouped into domains, paths relative to data/corpus. */
export const BUNDLED_EVAL_DOMAINS: readonly EvalDomain[] = [
  {
    name: "zh_prose",
    label: "zh prose (bundled)",
    lang: "zh",
    pool: "zh",
    paths: zhFiles(["01_language_models", "02_everyday", "03_science_history", "07_essays", "08_how_things_work", "09_stories", "10_questions_answers", "11_places_and_seasons", "12_work_and_study", "13_data_notes"]),
    reader: docs,
  },
  { name: "zh_web", label: "noisy web zh (bundled)", lang: "zh", pool: "zh", paths: zhFiles(["05_noisy_web"]), reader: docs },
  { name: "zh_trad", label: "Traditional (bundled)", lang: "zh-Hant", pool: null, paths: zhFiles(["04_traditional"]), reader: docs },
  { name: "zh_code_math", label: "code & math zh (bundled)", lang: "zh", pool: null, paths: zhFiles(["06_code_math"]), reader: docs },
  {
    name: "en_prose",
    label: "English prose (bundled)",
    lang: "en",
    pool: "en",
    paths: enFiles(["01_language_models", "02_essays", "03_science", "06_how_things_work", "07_stories", "08_questions_answers", "09_history", "10_data_notes"]),
    reader: docs,
  },
  { name: "en_web", label: "web English (bundled)", lang: "en", pool: "en", paths: enFiles(["05_noisy_web"]), reader: docs },
  { name: "en_code_math", label: "code & math en (bundled)", lang: "en", pool: null, paths: enFiles(["04_code_math"]), reader: docs },
];

/** The folder a domain list's paths are relative to. */
export function bundledCorpusDir(): string {
  return path.join(bundledDataDir(), "corpus");
}

function filesOf(base: string, d: EvalDomain): string[] {
  const skip = new Set(d.skip ?? []);
  return d.paths.flatMap((p) => {
    const full = path.resolve(base, p);
    if (!fs.existsSync(full)) throw new Error(`domain ${d.name}: ${full} not found`);
    const files = fs.statSync(full).isDirectory() ? listTextFiles(full) : [full];
    return files.filter((f) => !skip.has(path.basename(f)) && !/LICENSE/i.test(path.basename(f)));
  });
}

function fileDocs(file: string, reader: DomainReader): string[] {
  switch (reader.kind) {
    case "docs":
      return [...readDocs(file)];
    case "tsv-column":
      return fs
        .readFileSync(file, "utf8")
        .split(/\r?\n/)
        .map((l) => l.split("\t")[reader.column] ?? "")
        .filter((s) => s.trim() !== "");
    case "csv-column": {
      const records = parseCsv(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""), file);
      if (records.length === 0) return [];
      const col = records[0].fields.indexOf(reader.column);
      if (col < 0) throw new Error(`${file}:1: no column '${reader.column}' in header ${records[0].fields.join(",")}`);
      return records
        .slice(1)
        .map((r) => (r.fields[col] ?? "").replace(/^\uFEFF/, ""))
        .filter((s) => s.trim() !== "");
    }
    case "jsonl-field": {
      const out: string[] = [];
      fs.readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (!line.trim()) return;
          let v: Record<string, unknown>;
          try {
            v = JSON.parse(line) as Record<string, unknown>;
          } catch (err) {
            throw new Error(`${file}:${i + 1}: not JSON (${(err as Error).message})`);
          }
          const s = v[reader.field];
          if (typeof s !== "string") throw new Error(`${file}:${i + 1}: field '${reader.field}' missing or not a string`);
          if (s.trim()) out.push(s);
        });
      return out;
    }
    case "poems": {
      let v: unknown;
      try {
        v = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch (err) {
        throw new Error(`${file}: not JSON (${(err as Error).message})`);
      }
      const entries = Array.isArray(v) ? v : [v];
      return entries
        .map((e) => {
          const o = e as Record<string, unknown>;
          const body = o.paragraphs ?? o.content ?? o.para;
          return Array.isArray(body) ? jsonStrings(body).join("\n") : jsonStrings(e).filter((s) => /\p{Script=Han}/u.test(s)).join("\n");
        })
        .filter((s) => s.trim() !== "");
    }
  }
}

/** All documents of a domain, in file order (files sorted). */
export function domainDocuments(d: EvalDomain, baseDir: string): string[] {
  return filesOf(baseDir, d).flatMap((f) => fileDocs(f, d.reader));
}

export type Split = "train" | "heldout" | "all";

/** Held-out rule: every 10th document (index 9, 19, …); a domain with fewer than 10 documents holds out its last. */
export function isHeldout(index: number, count: number): boolean {
  return count < 10 ? index === count - 1 : index % 10 === 9;
}

export function splitDocuments(all: readonly string[], split: Split): string[] {
  if (split === "all") return [...all];
  return all.filter((_, i) => isHeldout(i, all.length) === (split === "heldout"));
}

/**
 * Deterministic sample of at most `maxChars` code units: documents evenly spaced over the whole list
 * (a fraction maxChars ÷ total of them, e.g. every 2.5th), skipping one that would overflow the budget.
 */
export function strideSample(list: readonly string[], maxChars: number): string[] {
  const total = list.reduce((a, d) => a + d.length, 0);
  if (total <= maxChars) return [...list];
  const step = total / maxChars;
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < list.length; i++) {
    if (Math.floor((i + 1) / step) === Math.floor(i / step)) continue;
    const d = list[i];
    if (used + d.length > maxChars) continue;
    out.push(d);
    used += d.length;
  }
  if (out.length === 0 && list.length > 0) out.push(list[0].slice(0, maxChars)); // one huge document: its head
  return out;
}

export interface DomainSample {
  domain: EvalDomain;
  split: Split;
  texts: string[];
  /** documents in the split before sampling */
  available: number;
}

/** A domain's documents of one split, sampled to at most `maxChars`. */
export function domainSample(d: EvalDomain, opts: { baseDir: string; split?: Split; maxChars?: number }): DomainSample {
  const split = opts.split ?? "heldout";
  const part = splitDocuments(domainDocuments(d, opts.baseDir), split);
  return { domain: d, split, texts: opts.maxChars ? strideSample(part, opts.maxChars) : part, available: part.length };
}

export interface EvalSet {
  /** where the texts come from, in words */
  source: string;
  baseDir: string;
  domains: readonly EvalDomain[];
  /** "shared" (../shared/data) or "bundled" (data/corpus) */
  kind: "shared" | "bundled";
}

/**
 * The domains for a run mode: full → ../shared/data (falling back to the bundled corpus, said in
 * `source`, when it is absent); small → the bundled corpus.
 */
export function evalSet(mode: "small" | "full", hasShared: boolean): EvalSet {
  if (mode === "full" && hasShared) return { source: "../shared/data", baseDir: sharedDataDir(), domains: SHARED_EVAL_DOMAINS, kind: "shared" };
  return {
    source: mode === "full" ? "the bundled corpus data/corpus (../shared/data is absent)" : "the bundled corpus data/corpus",
    baseDir: bundledCorpusDir(),
    domains: BUNDLED_EVAL_DOMAINS,
    kind: "bundled",
  };
}
