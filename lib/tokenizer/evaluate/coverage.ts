// Coverage of the most common Han characters as single tokens (guide §2.2 "coverage ≈ 80–90%").
//
// Ranking: jieba's dictionary (../shared/data/dicts/jieba/jieba.dict.utf8, `word freq pos` lines)
// gives word frequencies from a large Chinese corpus. A character's frequency is the sum, over the
// words containing it, of the word's frequency times the character's occurrences in the word (妈妈
// with freq f adds 2f to 妈) — the character frequency of text written with those words. Han
// characters only (\p{Script=Han}); ties by code point. This approximates, and is not, the official
// 现代汉语常用字表 (2,500 common + 1,000 less common = 3,500 characters).
//
// A character is covered when its UTF-8 bytes are one mergeable token: a pre-token that is itself a
// token encodes as that token (tiktoken), so encodeOrdinary(char) is then one id (the test twin).
import fs from "node:fs";
import path from "node:path";
import type { Tokenizer } from "../tokenizer";
import { sharedDataDir } from "../../util/paths";

export const JIEBA_DICT = path.join("dicts", "jieba", "jieba.dict.utf8");

export interface HanRanking {
  /** characters, most frequent first */
  chars: string[];
  /** frequency of each character (same order) */
  freqs: number[];
  /** where the ranking comes from */
  source: string;
}

const HAN_CHAR = /\p{Script=Han}/u;

/** Rank characters by frequency from (char, weight) pairs. */
export function rankChars(counts: Map<string, number>, source: string): HanRanking {
  const list = [...counts].sort((a, b) => b[1] - a[1] || a[0].codePointAt(0)! - b[0].codePointAt(0)!);
  return { chars: list.map((e) => e[0]), freqs: list.map((e) => e[1]), source };
}

/** Han character frequencies from jieba dictionary text (`word freq [pos]` per line). Errors name the line. */
export function hanFrequencyFromDict(text: string, file = "jieba.dict.utf8"): Map<string, number> {
  const counts = new Map<string, number>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const parts = line.split(/\s+/);
    const freq = Number(parts[1]);
    if (parts.length < 2 || !Number.isFinite(freq) || freq < 0) throw new Error(`${file}:${i + 1}: expected "word freq [pos]", got ${JSON.stringify(line.slice(0, 60))}`);
    for (const ch of parts[0]) if (HAN_CHAR.test(ch)) counts.set(ch, (counts.get(ch) ?? 0) + freq);
  }
  return counts;
}

/** Han character frequencies counted in texts (the fallback when the jieba dictionary is absent). */
export function hanFrequencyFromTexts(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of texts) for (const ch of t) if (HAN_CHAR.test(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return counts;
}

/** The jieba-dictionary ranking from ../shared/data, or null when that file is absent. */
export function jiebaHanRanking(dictFile: string = path.join(sharedDataDir(), JIEBA_DICT)): HanRanking | null {
  if (!fs.existsSync(dictFile)) return null;
  return rankChars(hanFrequencyFromDict(fs.readFileSync(dictFile, "utf8"), dictFile), `jieba dictionary (${path.basename(dictFile)}), word-frequency weighted`);
}

export interface HanCoverage {
  tokenizer: string;
  /** characters checked (the top N of the ranking) */
  chars: number;
  /** characters that are one token */
  single: number;
  singleShare: number;
  /** the same weighted by character frequency (share of Han text, by the ranking's frequencies) */
  weightedShare: number;
  /** characters needing 2 and 3+ tokens (byte fallback) */
  two: number;
  threePlus: number;
  /** mean tokens per character */
  tokensPerChar: number;
  /** single-token share of the top 500, 1000, 2500 and all N */
  byTier: { top: number; single: number; share: number }[];
  /** up to 20 of the most frequent characters that are not one token */
  missing: string[];
}

const TIERS = [500, 1000, 2500];

/** Coverage of the top `n` characters of a ranking. */
export function hanCoverage(tok: Tokenizer, ranking: HanRanking, n = 3500): HanCoverage {
  const chars = ranking.chars.slice(0, n);
  const freqs = ranking.freqs.slice(0, n);
  let single = 0;
  let two = 0;
  let threePlus = 0;
  let tokens = 0;
  let wAll = 0;
  let wSingle = 0;
  const singleAt: boolean[] = [];
  const missing: string[] = [];
  chars.forEach((ch, i) => {
    const k = tok.encodeOrdinary(ch).length;
    tokens += k;
    wAll += freqs[i];
    singleAt.push(k === 1);
    if (k === 1) {
      single++;
      wSingle += freqs[i];
    } else {
      if (k === 2) two++;
      else threePlus++;
      if (missing.length < 20) missing.push(ch);
    }
  });
  const byTier = [...TIERS.filter((t) => t < chars.length), chars.length].map((top) => {
    const s = singleAt.slice(0, top).filter(Boolean).length;
    return { top, single: s, share: top ? s / top : 0 };
  });
  return {
    tokenizer: tok.name,
    chars: chars.length,
    single,
    singleShare: chars.length ? single / chars.length : 0,
    weightedShare: wAll ? wSingle / wAll : 0,
    two,
    threePlus,
    tokensPerChar: chars.length ? tokens / chars.length : 0,
    byTier,
    missing,
  };
}

/** Reference twin of the single-token test: the character's bytes are a mergeable token. */
export function isSingleTokenByBytes(tok: Tokenizer, ch: string): boolean {
  const want = Buffer.from(ch, "utf8");
  return tok.mergeableTokens().some((t) => t.length === want.length && Buffer.compare(Buffer.from(t.buffer, t.byteOffset, t.length), want) === 0);
}

/**
 * The ranking without some characters (e.g. mojibake): jieba's dictionary carries single-character
 * entries such as 涓 (12,958) and 锛 (12,605) — UTF-8 text once decoded as GBK (中 → 涓…, ， → 锛…) —
 * that rank inside the top 3,500 yet never occur in real Chinese text.
 */
export function filterRanking(ranking: HanRanking, keep: (ch: string) => boolean, note: string): { ranking: HanRanking; dropped: string[] } {
  const chars: string[] = [];
  const freqs: number[] = [];
  const dropped: string[] = [];
  ranking.chars.forEach((ch, i) => {
    if (keep(ch)) {
      chars.push(ch);
      freqs.push(ranking.freqs[i]);
    } else dropped.push(ch);
  });
  return { ranking: { chars, freqs, source: `${ranking.source}, ${note}` }, dropped };
}

/** Characters of the top `n` that occur fewer than `minCount` times in reference texts (mojibake suspects). */
export function absentFromTexts(ranking: HanRanking, texts: Iterable<string>, n = 3500, minCount = 1): string[] {
  const counts = hanFrequencyFromTexts(texts);
  return ranking.chars.slice(0, n).filter((ch) => (counts.get(ch) ?? 0) < minCount);
}
