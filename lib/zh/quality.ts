// Quality rules for Chinese and English web text, after C4 (Raffel et al. 2020, §2.2) and Gopher
// (Rae et al. 2021, appendix A), adapted to Chinese: lengths in characters, not words; repetition
// n-grams over characters; a Han ratio; Chinese function characters in place of English stop words.
// Each rule is a small named function returning null (pass) or the measured value and threshold.
import { charTokens, dupNgramCharFraction, repetitionFirstPass, topNgram, wordTokens, type TokenStream } from "./ngrams";
import { countSpamTerms } from "./boilerplate";
import { scriptProfile, type LanguageLabel, type ScriptProfile } from "./measure";

/** All thresholds, with defaults in `DEFAULT_QUALITY`. */
export interface QualityConfig {
  /** Fewer non-whitespace characters than this → drop (C4 counts sentences/words; we count characters). */
  minChars: number;
  /** Language labels (see measure.ts) that are kept. */
  languages: LanguageLabel[];
  /** For zh documents: Han characters / non-whitespace characters below this → drop (tables, numbers, links). */
  minHanRatio: number;
  /** Characters outside Han/Latin/digit/punctuation/whitespace (emoji, box drawing, private use,
   * control, mojibake) / all characters above this → drop. */
  maxOtherRatio: number;
  maxDigitRatio: number;
  maxPunctRatio: number;
  /** Gopher: ('#' + ellipses) per word above this → drop. A Chinese "word" is 1.5 characters. */
  maxSymbolPerWord: number;
  /** Gopher: share of lines starting with a bullet above this → drop. */
  maxBulletLineFrac: number;
  /** Gopher: share of lines ending with an ellipsis above this → drop. */
  maxEllipsisLineFrac: number;
  /** C4 keeps only lines ending in terminal punctuation; we drop a document of `minLinesForLineRules`
   * or more lines when fewer than this share of its characters are in such lines (menus, title lists).
   * The bullet, ellipsis and terminal-punctuation rules apply only to documents with that many lines. */
  minTerminalLineCharFrac: number;
  minLinesForLineRules: number;
  /** C4: a curly bracket means code or a template → drop. */
  rejectCurlyBrace: boolean;
  /** At least this many distinct function words: Chinese 的了是在和有不这也就都而与对中…, English (Gopher) the be to of and that have with. */
  minStopWords: number;
  /** Gopher repetition: duplicate lines / paragraphs (by count and by characters). */
  maxDupLineFrac: number;
  maxDupLineCharFrac: number;
  maxDupParaFrac: number;
  maxDupParaCharFrac: number;
  /** Gopher: top n-gram character fraction, English: word n-grams n = 2, 3, 4 with Gopher's thresholds. */
  maxTopNgramFracWords: Record<number, number>;
  /** Gopher: duplicated n-gram character fraction, English: word n-grams n = 5 … 10, Gopher's thresholds. */
  maxDupNgramFracWords: Record<number, number>;
  /** Chinese and mixed text: the same measures over character n-grams. A Chinese word is about 1.5
   * characters, so Gopher's word n becomes ⌊1.5·n⌉ characters (2,3,4 → 3,5,6 and 5…10 → 8,9,11,12,14,15).
   * Top n-gram thresholds are Gopher's; duplicate n-gram thresholds are the 99th percentile of
   * Chinese Wikipedia paragraphs (cmrc2018, 1,104 paragraphs: 0.379 0.349 0.278 0.245 0.210 0.210),
   * since Gopher's (0.15…0.10) at these n drop 122 of those 1,104 paragraphs (11%; ours drop 22, 2%):
   * short encyclopaedia paragraphs repeat names. */
  maxTopNgramFracChars: Record<number, number>;
  maxDupNgramFracChars: Record<number, number>;
  /** More gambling/SEO spam-term occurrences than this → drop. */
  maxSpamHits: number;
  /** SEO obfuscation that splices pinyin after Han characters ("烟(yan)台市(shi)"): more such
   * annotations than this → drop. */
  maxPinyinAnnotations: number;
  /** Gopher, English only: mean word length outside [min, max] → drop; share of words with a letter below. */
  minMeanWordLength: number;
  maxMeanWordLength: number;
  minAlphaWordFrac: number;
}

export const DEFAULT_QUALITY: QualityConfig = {
  minChars: 50,
  languages: ["zh", "en", "mixed"],
  minHanRatio: 0.3,
  maxOtherRatio: 0.1,
  maxDigitRatio: 0.25,
  maxPunctRatio: 0.3,
  maxSymbolPerWord: 0.1,
  maxBulletLineFrac: 0.9,
  maxEllipsisLineFrac: 0.3,
  minTerminalLineCharFrac: 0.5,
  minLinesForLineRules: 3,
  rejectCurlyBrace: true,
  minStopWords: 2,
  maxDupLineFrac: 0.3,
  maxDupLineCharFrac: 0.2,
  maxDupParaFrac: 0.3,
  maxDupParaCharFrac: 0.2,
  maxTopNgramFracWords: { 2: 0.2, 3: 0.18, 4: 0.16 },
  maxDupNgramFracWords: { 5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.1 },
  maxTopNgramFracChars: { 3: 0.2, 5: 0.18, 6: 0.16 },
  maxDupNgramFracChars: { 8: 0.38, 9: 0.35, 11: 0.28, 12: 0.25, 14: 0.21, 15: 0.21 },
  maxSpamHits: 2,
  maxPinyinAnnotations: 2,
  minMeanWordLength: 3,
  maxMeanWordLength: 10,
  minAlphaWordFrac: 0.8,
};

const SHARED_TOKENS = { buf: new Int32Array(4096) };

/** What a document is measured by, computed once and lazily. */
export class DocFeatures {
  readonly text: string;
  private _profile?: ScriptProfile;
  private _lines?: string[];
  private _tokens?: TokenStream;
  private _words?: string[];
  constructor(text: string) {
    this.text = text;
  }
  get profile(): ScriptProfile {
    return (this._profile ??= scriptProfile(this.text));
  }
  get nonSpace(): number {
    return this.profile.chars - this.profile.space;
  }
  get isEnglish(): boolean {
    return this.profile.label === "en";
  }
  /** Non-empty lines, trimmed. */
  get lines(): string[] {
    return (this._lines ??= this.text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0));
  }
  get words(): string[] {
    return (this._words ??= this.text.split(/\s+/).filter((w) => w.length > 0));
  }
  /** Characters for Chinese and mixed text, words for English. Character ids live in a buffer
   * shared by all DocFeatures (no allocation per document): valid until another document's tokens
   * are computed, which is all the rules need. */
  get tokens(): TokenStream {
    return (this._tokens ??= this.isEnglish ? wordTokens(this.text) : charTokens(this.text, SHARED_TOKENS));
  }
}

export interface RuleFailure {
  rule: string;
  value: number | string;
  threshold: number | string;
}

export type QualityRule = (d: DocFeatures, c: QualityConfig) => RuleFailure | null;

const sortedCache = new WeakMap<Record<number, number>, (readonly [number, number])[]>();

/** A threshold map as [n, threshold] sorted by n, computed once per map object. */
function sortedThresholds(m: Record<number, number>): (readonly [number, number])[] {
  let e = sortedCache.get(m);
  if (!e) {
    e = Object.entries(m).map(([n, t]) => [Number(n), t] as const).sort((a, b) => a[0] - b[0]);
    sortedCache.set(m, e);
  }
  return e;
}

const fail = (rule: string, value: number | string, threshold: number | string): RuleFailure => ({
  rule,
  value: typeof value === "number" ? Math.round(value * 10000) / 10000 : value,
  threshold,
});

/** Chinese function characters standing in for Gopher's English stop words (rule stop_words). */
export const ZH_STOP = "的了是在和有不这也就都而与对中".split("");
const EN_STOP = ["the", "be", "to", "of", "and", "that", "have", "with"];
const BULLET_RE = /^[•●·▪■◆◇★☆\-*>・‣◦]/;
const ELLIPSIS_END_RE = /(…|\.\.\.)$/;
const TERMINAL_END_RE = /[。！？!?…．.」』”"'’）)》]$/;

/** Newlines in `text`, counting stops once `limit` is reached. */
function newlineCount(text: string, limit = 1 << 30): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0 && n < limit; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

function dupFractions(items: string[]): { frac: number; charFrac: number } {
  const seen = new Set<string>();
  let dup = 0, dupChars = 0, chars = 0;
  for (const it of items) {
    chars += it.length;
    if (seen.has(it)) {
      dup++;
      dupChars += it.length;
    } else seen.add(it);
  }
  return { frac: items.length ? dup / items.length : 0, charFrac: chars ? dupChars / chars : 0 };
}

export const minChars: QualityRule = (d, c) => (d.nonSpace < c.minChars ? fail("min_chars", d.nonSpace, c.minChars) : null);

export const language: QualityRule = (d, c) => (c.languages.includes(d.profile.label) ? null : fail("language", d.profile.label, c.languages.join("|")));

export const hanRatio: QualityRule = (d, c) => {
  if (d.profile.label !== "zh") return null;
  const r = d.profile.han / Math.max(d.nonSpace, 1);
  return r < c.minHanRatio ? fail("han_ratio", r, c.minHanRatio) : null;
};

export const otherRatio: QualityRule = (d, c) => (d.profile.ratios.other > c.maxOtherRatio ? fail("other_ratio", d.profile.ratios.other, c.maxOtherRatio) : null);
export const digitRatio: QualityRule = (d, c) => (d.profile.ratios.digit > c.maxDigitRatio ? fail("digit_ratio", d.profile.ratios.digit, c.maxDigitRatio) : null);
export const punctRatio: QualityRule = (d, c) => (d.profile.ratios.punct > c.maxPunctRatio ? fail("punct_ratio", d.profile.ratios.punct, c.maxPunctRatio) : null);

export const symbolRatio: QualityRule = (d, c) => {
  const m = d.text.match(/#|……|…|\.\.\./g);
  if (!m) return null;
  const words = d.isEnglish ? d.words.length : d.nonSpace / 1.5;
  const r = m.length / Math.max(words, 1);
  return r > c.maxSymbolPerWord ? fail("symbol_ratio", r, c.maxSymbolPerWord) : null;
};

/** The document's lines when it has enough for the line rules, else null (newlines are counted
 * first, cheaply, so short documents never split into lines). */
function linesForLineRules(d: DocFeatures, c: QualityConfig): string[] | null {
  if (newlineCount(d.text, c.minLinesForLineRules) + 1 < c.minLinesForLineRules) return null;
  const lines = d.lines;
  return lines.length < c.minLinesForLineRules ? null : lines;
}

export const bulletLines: QualityRule = (d, c) => {
  const lines = linesForLineRules(d, c);
  if (!lines) return null;
  const r = lines.filter((l) => BULLET_RE.test(l)).length / lines.length;
  return r > c.maxBulletLineFrac ? fail("bullet_lines", r, c.maxBulletLineFrac) : null;
};

export const ellipsisLines: QualityRule = (d, c) => {
  const lines = linesForLineRules(d, c);
  if (!lines) return null;
  const r = lines.filter((l) => ELLIPSIS_END_RE.test(l)).length / lines.length;
  return r > c.maxEllipsisLineFrac ? fail("ellipsis_lines", r, c.maxEllipsisLineFrac) : null;
};

export const terminalPunct: QualityRule = (d, c) => {
  const lines = linesForLineRules(d, c);
  if (!lines) return null;
  let chars = 0, term = 0;
  for (const l of lines) {
    chars += l.length;
    if (TERMINAL_END_RE.test(l)) term += l.length;
  }
  const r = term / Math.max(chars, 1);
  return r < c.minTerminalLineCharFrac ? fail("terminal_punct", r, c.minTerminalLineCharFrac) : null;
};

export const curlyBrace: QualityRule = (d, c) => (c.rejectCurlyBrace && d.text.includes("{") ? fail("curly_brace", 1, 0) : null);

export const stopWords: QualityRule = (d, c) => {
  let n = 0;
  if (d.isEnglish) {
    const set = new Set(d.words.map((w) => w.toLowerCase()));
    for (const w of EN_STOP) if (set.has(w)) n++;
  } else
    for (const ch of ZH_STOP) {
      if (d.text.includes(ch)) n++;
      if (n >= c.minStopWords) return null; // enough; no need to scan for the rest
    }
  return n < c.minStopWords ? fail("stop_words", n, c.minStopWords) : null;
};

export const dupLines: QualityRule = (d, c) => {
  if (d.text.indexOf("\n") < 0) return null; // one line cannot repeat
  const { frac, charFrac } = dupFractions(d.lines);
  if (frac > c.maxDupLineFrac) return fail("dup_lines", frac, c.maxDupLineFrac);
  if (charFrac > c.maxDupLineCharFrac) return fail("dup_line_chars", charFrac, c.maxDupLineCharFrac);
  return null;
};

export const dupParagraphs: QualityRule = (d, c) => {
  if (!/\n\s*\n/.test(d.text)) return null; // one paragraph cannot repeat
  const paras = d.text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 0);
  const { frac, charFrac } = dupFractions(paras);
  if (frac > c.maxDupParaFrac) return fail("dup_paras", frac, c.maxDupParaFrac);
  if (charFrac > c.maxDupParaCharFrac) return fail("dup_para_chars", charFrac, c.maxDupParaCharFrac);
  return null;
};

/** Character tokens (Chinese, mixed): the first top n-gram and the first duplicate n-gram are
 * counted in one fused pass (`repetitionFirstPass`); the rest of each rule then runs as below only
 * if needed. Same results as topNgrams then dupNgrams. */
export const repetition: QualityRule = (d, c) => {
  if (d.isEnglish) return topNgrams(d, c) ?? dupNgrams(d, c);
  const top = sortedThresholds(c.maxTopNgramFracChars);
  const dup = sortedThresholds(c.maxDupNgramFracChars);
  if (top.length === 0 || dup.length === 0) return topNgrams(d, c) ?? dupNgrams(d, c);
  const tokens = d.tokens;
  const first = repetitionFirstPass(tokens, top[0][0], dup[0][0]);
  if (first.topFrac > top[0][1]) return fail(`top_${top[0][0]}gram`, first.topFrac, top[0][1]);
  let bound = first.topCount;
  for (let i = 1; i < top.length; i++) {
    const [n, max] = top[i];
    if (tokens.count > 0 && (bound * n) / tokens.count <= max) continue;
    const r = topNgram(tokens, n);
    if (r.frac > max) return fail(`top_${n}gram`, r.frac, max);
    bound = Math.min(bound, r.count);
  }
  let minThreshold = Infinity;
  for (const e of dup) minThreshold = Math.min(minThreshold, e[1]);
  if (first.dupFrac > dup[0][1]) return fail(`dup_${dup[0][0]}gram`, first.dupFrac, dup[0][1]);
  if (first.dupFrac <= minThreshold) return null;
  for (let i = 1; i < dup.length; i++) {
    const [n, max] = dup[i];
    const r = dupNgramCharFraction(tokens, n);
    if (r > max) return fail(`dup_${n}gram`, r, max);
    if (r <= minThreshold) return null;
  }
  return null;
};

/** For character tokens the top n-gram count cannot grow with n (each occurrence of an n-gram
 * starts with an occurrence of its shorter prefix), so frac(n) ≤ count(n₀)·n / chars: when that bound
 * is within the threshold the larger n are not counted. */
export const topNgrams: QualityRule = (d, c) => {
  const entries = sortedThresholds(d.isEnglish ? c.maxTopNgramFracWords : c.maxTopNgramFracChars);
  const tokens = d.tokens;
  let bound = Infinity; // the top count at a smaller n bounds the larger n (character tokens)
  for (const [n, max] of entries) {
    if (!tokens.lens && tokens.count > 0 && (bound * n) / tokens.count <= max) continue;
    const r = topNgram(tokens, n);
    if (r.frac > max) return fail(`top_${n}gram`, r.frac, max);
    bound = Math.min(bound, r.count);
  }
  return null;
};

/** Duplicated n-gram fractions shrink as n grows (a repeated (n+1)-gram contains a repeated
 * n-gram) while the thresholds shrink too, so once a fraction is at or below the smallest
 * threshold the larger n cannot fail and are skipped (thresholds must not grow with n). */
export const dupNgrams: QualityRule = (d, c) => {
  const entries = sortedThresholds(d.isEnglish ? c.maxDupNgramFracWords : c.maxDupNgramFracChars);
  let minThreshold = Infinity;
  for (const e of entries) minThreshold = Math.min(minThreshold, e[1]);
  for (const [n, max] of entries) {
    const r = dupNgramCharFraction(d.tokens, n);
    if (r > max) return fail(`dup_${n}gram`, r, max);
    if (r <= minThreshold) return null;
  }
  return null;
};

export const spam: QualityRule = (d, c) => {
  const s = countSpamTerms(d.text);
  return s.hits > c.maxSpamHits ? fail("spam", s.hits, c.maxSpamHits) : null;
};

export const pinyinAnnotations: QualityRule = (d, c) => {
  // find the parenthesis first (a fast scan), then look at the character before it
  const text = d.text;
  const re = /[(（][a-z]{1,6}[1-5]?[)）]/g;
  let n = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const c = text.charCodeAt(m.index - 1);
    if (c >= 0x4e00 && c <= 0x9fff) n++;
  }
  return n > c.maxPinyinAnnotations ? fail("pinyin_annotations", n, c.maxPinyinAnnotations) : null;
};

export const englishWords: QualityRule = (d, c) => {
  if (!d.isEnglish) return null;
  const words = d.words;
  if (words.length === 0) return null;
  let len = 0, alpha = 0;
  for (const w of words) {
    len += w.length;
    if (/[a-zA-Z]/.test(w)) alpha++;
  }
  const mean = len / words.length;
  if (mean < c.minMeanWordLength) return fail("mean_word_length", mean, c.minMeanWordLength);
  if (mean > c.maxMeanWordLength) return fail("mean_word_length", mean, c.maxMeanWordLength);
  const a = alpha / words.length;
  return a < c.minAlphaWordFrac ? fail("alpha_words", a, c.minAlphaWordFrac) : null;
};

/** The rules in the order they run (cheap first); the first failure drops the document. */
export const QUALITY_RULES: readonly { name: string; check: QualityRule }[] = [
  { name: "min_chars", check: minChars },
  { name: "language", check: language },
  { name: "han_ratio", check: hanRatio },
  { name: "other_ratio", check: otherRatio },
  { name: "digit_ratio", check: digitRatio },
  { name: "punct_ratio", check: punctRatio },
  { name: "symbol_ratio", check: symbolRatio },
  { name: "curly_brace", check: curlyBrace },
  { name: "spam", check: spam },
  { name: "pinyin_annotations", check: pinyinAnnotations },
  { name: "stop_words", check: stopWords },
  { name: "english_words", check: englishWords },
  { name: "bullet_lines", check: bulletLines },
  { name: "ellipsis_lines", check: ellipsisLines },
  { name: "terminal_punct", check: terminalPunct },
  { name: "dup_lines", check: dupLines },
  { name: "dup_paragraphs", check: dupParagraphs },
  // top_ngrams then dup_ngrams, fused for character tokens
  { name: "repetition", check: repetition },
];
