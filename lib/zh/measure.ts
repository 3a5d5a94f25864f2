// Script / language measures of a document: shares of Han, Latin, digits, punctuation, whitespace
// and other characters, and a zh / en / mixed / other label.
import { isDigitCode, isHanCode, isHanHighSurrogate, isLatinCode, isPunctCode, isWhitespaceCode } from "./chars";

export interface ScriptCounts {
  /** Code points in total (a surrogate pair counts once). */
  chars: number;
  han: number;
  latin: number;
  digit: number;
  punct: number;
  space: number;
  other: number;
}

export interface ScriptRatios {
  han: number;
  latin: number;
  digit: number;
  punct: number;
  space: number;
  other: number;
}

export type LanguageLabel = "zh" | "en" | "mixed" | "other";

/** Thresholds of `languageLabel`. Shares are over letters (Han + Latin); the letter share is over
 * non-whitespace characters. One Han character carries about as much as a 3–4 letter English word,
 * which is why zh needs only half of the letters while en needs nine tenths. */
export interface LanguageThresholds {
  /** Below this share of letters among non-space characters the document is `other` (tables, numbers, symbols). */
  minLetterShare: number;
  /** Han / (Han + Latin) at or above this → zh. */
  zhMinHanShare: number;
  /** Han / (Han + Latin) at or below this → en (Latin script). */
  enMaxHanShare: number;
}

export const DEFAULT_LANGUAGE_THRESHOLDS: LanguageThresholds = { minLetterShare: 0.25, zhMinHanShare: 0.5, enMaxHanShare: 0.1 };

// Class of every BMP code unit, from the predicates in chars.ts, built once (64 KiB): counting is
// then one table load per character. 0 han, 1 latin, 2 digit, 3 punct, 4 space, 5 other,
// 6 high surrogate of supplementary Han, 7 other high surrogate.
const CLASS = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  CLASS[c] = isHanCode(c) ? 0 : isLatinCode(c) ? 1 : isDigitCode(c) ? 2 : isWhitespaceCode(c) ? 4 : isPunctCode(c) ? 3 : isHanHighSurrogate(c) ? 6 : c >= 0xd800 && c <= 0xdbff ? 7 : 5;
}

const K = new Int32Array(8);

export function countScripts(text: string): ScriptCounts {
  const k = K;
  k.fill(0);
  const n = text.length;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    const cls = CLASS[text.charCodeAt(i)];
    k[cls]++;
    if (cls >= 6) {
      if (i + 1 < n) {
        i++; // a surrogate pair is one code point (the low surrogate is not looked at)
        pairs++;
      } else {
        k[cls]--; // a lone high surrogate at the end
        k[5]++;
      }
    }
  }
  return { chars: n - pairs, han: k[0] + k[6], latin: k[1], digit: k[2], punct: k[3], space: k[4], other: k[5] + k[7] };
}

export function scriptRatios(counts: ScriptCounts): ScriptRatios {
  const d = Math.max(counts.chars, 1);
  return { han: counts.han / d, latin: counts.latin / d, digit: counts.digit / d, punct: counts.punct / d, space: counts.space / d, other: counts.other / d };
}

export function languageLabel(counts: ScriptCounts, t: LanguageThresholds = DEFAULT_LANGUAGE_THRESHOLDS): LanguageLabel {
  const letters = counts.han + counts.latin;
  const nonSpace = counts.chars - counts.space;
  if (nonSpace === 0 || letters / nonSpace < t.minLetterShare) return "other";
  const hanShare = counts.han / letters;
  if (hanShare >= t.zhMinHanShare) return "zh";
  if (hanShare <= t.enMaxHanShare) return "en";
  return "mixed";
}

export interface ScriptProfile extends ScriptCounts {
  ratios: ScriptRatios;
  label: LanguageLabel;
}

/** Counts, ratios (over all code points) and the language label of one document. */
export function scriptProfile(text: string, t: LanguageThresholds = DEFAULT_LANGUAGE_THRESHOLDS): ScriptProfile {
  const c = countScripts(text);
  // fields listed, not spread: object spread costs ~1.5 µs here, more than counting a short review
  return { chars: c.chars, han: c.han, latin: c.latin, digit: c.digit, punct: c.punct, space: c.space, other: c.other, ratios: scriptRatios(c), label: languageLabel(c, t) };
}

/** Per-document Han and Latin shares (over all code points) and the language-label counts of a
 * collection of documents: what a script-ratio histogram and a label table are drawn from. */
export interface ScriptSummary {
  docs: number;
  chars: number;
  hanRatio: number[];
  latinRatio: number[];
  labels: Record<LanguageLabel, number>;
}

export function summarizeScripts(texts: Iterable<string>, t: LanguageThresholds = DEFAULT_LANGUAGE_THRESHOLDS): ScriptSummary {
  const s: ScriptSummary = { docs: 0, chars: 0, hanRatio: [], latinRatio: [], labels: { zh: 0, en: 0, mixed: 0, other: 0 } };
  for (const text of texts) {
    const c = countScripts(text);
    const d = Math.max(c.chars, 1);
    s.docs++;
    s.chars += c.chars;
    s.hanRatio.push(c.han / d);
    s.latinRatio.push(c.latin / d);
    s.labels[languageLabel(c, t)]++;
  }
  return s;
}
