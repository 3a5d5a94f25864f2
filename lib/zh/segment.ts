// Word segmentation through jieba-wasm (jieba-rs compiled to WebAssembly). Its Node build is
// CommonJS and initialises itself synchronously on require (it reads its .wasm beside it), so it is
// loaded with a require rooted at the repository: the same code works under tsx and in tslab.
// The API exposes: cut (precise, HMM switch), cut_all (full), cut_for_search (search, HMM switch),
// tokenize (with offsets), tag (POS), add_word (user dictionary, one word at a time), with_dict.
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "../util/paths";

interface JiebaToken {
  word: string;
  start: number;
  end: number;
}

interface JiebaModule {
  cut(text: string, hmm?: boolean | null): string[];
  cut_all(text: string): string[];
  cut_for_search(text: string, hmm?: boolean | null): string[];
  tokenize(text: string, mode: string, hmm?: boolean | null): JiebaToken[];
  add_word(word: string, freq?: number | null, tag?: string | null): number;
  tag(sentence: string, hmm?: boolean | null): { word: string; tag: string }[];
}

let jieba: JiebaModule | undefined;

function load(): JiebaModule {
  if (!jieba) {
    const req = createRequire(path.join(repoRoot(), "package.json"));
    // the Node build explicitly: the package's "import" condition points at the browser build
    jieba = req("jieba-wasm/node") as JiebaModule;
  }
  return jieba;
}

export type SegmentMode = "precise" | "full" | "search";

export interface SegmentOptions {
  /** precise (default): the most likely split; full: every dictionary word; search: precise plus
   * the sub-words of long words (for indexes). */
  mode?: SegmentMode;
  /** Use the HMM for words missing from the dictionary (precise and search modes). Default true. */
  hmm?: boolean;
}

/** Split Chinese text into words. Whitespace tokens are kept as jieba returns them. */
export function segmentWords(text: string, options: SegmentOptions = {}): string[] {
  const j = load();
  const hmm = options.hmm ?? true;
  switch (options.mode ?? "precise") {
    case "full":
      return j.cut_all(text);
    case "search":
      return j.cut_for_search(text, hmm);
    default:
      return j.cut(text, hmm);
  }
}

/** Words with their character offsets (precise or search mode). */
export function segmentWithOffsets(text: string, options: { mode?: "precise" | "search"; hmm?: boolean } = {}): JiebaToken[] {
  return load().tokenize(text, options.mode === "search" ? "search" : "default", options.hmm ?? true);
}

/** Add words to jieba's dictionary for this process (a user dictionary); `freq` optional. Note the
 * dictionary is process-wide. Lines of a user dictionary file are `word [freq] [tag]`. */
export function addUserWords(words: Iterable<string | { word: string; freq?: number; tag?: string }>): number {
  const j = load();
  let n = 0;
  for (const w of words) {
    if (typeof w === "string") j.add_word(w);
    else j.add_word(w.word, w.freq ?? null, w.tag ?? null);
    n++;
  }
  return n;
}

/** Parse a jieba user-dictionary text (`word [freq] [tag]` per line) and add it. */
export function loadUserDict(text: string): number {
  const entries = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith("#"))
    .map((l) => {
      const [word, freq, tag] = l.split(/\s+/);
      return { word, freq: freq !== undefined && /^\d+$/.test(freq) ? Number(freq) : undefined, tag: freq !== undefined && !/^\d+$/.test(freq) ? freq : tag };
    });
  return addUserWords(entries);
}

/** Part-of-speech tags (jieba's tag set). */
export function tagWords(text: string, hmm = true): { word: string; tag: string }[] {
  return load().tag(text, hmm);
}

/** Word-length distribution (in characters, code points) over the segmented words of `texts`,
 * whitespace and punctuation-only tokens excluded: counts[len] and the mean. */
export function wordLengthDistribution(texts: Iterable<string>, options: SegmentOptions = {}): { counts: Record<number, number>; words: number; meanChars: number } {
  const counts: Record<number, number> = {};
  let words = 0;
  let chars = 0;
  for (const t of texts) {
    for (const w of segmentWords(t, options)) {
      if (!/[\p{L}\p{N}]/u.test(w)) continue;
      const len = [...w].length;
      counts[len] = (counts[len] ?? 0) + 1;
      words++;
      chars += len;
    }
  }
  return { counts, words, meanChars: words ? chars / words : 0 };
}
