// Full-width / half-width normalisation, only the mappings we mean (no blanket NFKC: NFKC would
// rewrite ㈠ → (一), ℃ → °C, ① → 1, and CJK compatibility ideographs → unified ones).
import { isHanCode, isHanHighSurrogate } from "./chars";

export interface WidthOptions {
  /** Full-width A–Z, a–z, 0–9 (U+FF10–FF19, FF21–FF3A, FF41–FF5A) → ASCII. Default true. */
  alnum?: boolean;
  /** U+3000 ideographic space → ' ', except at the start of a line (that is indentation; see
   * hygiene). Default true. */
  space?: boolean;
  /** Full-width ASCII punctuation → half-width: symbols (＃＄％＆＊＋－／＜＝＞＠＼＾＿｀｜) always;
   * sentence punctuation (，．！？：；（）…) only on lines without Han, so Chinese punctuation stays
   * full-width inside Chinese text. Default true. */
  punct?: boolean;
  /** Half-width , . ! ? : ; between two Han characters (spaces after it allowed) → ，。！？：；.
   * Off by default: it touches text the writer typed. */
  punctBetweenHan?: boolean;
}

export const DEFAULT_WIDTH: Required<WidthOptions> = { alnum: true, space: true, punct: true, punctBetweenHan: false };

/** Full-width symbols that Chinese typesetting also writes half-width. */
const ALWAYS_HALF = new Set("＃＄％＆＊＋－／＜＝＞＠＼＾＿｀｜".split("").map((c) => c.charCodeAt(0)));
const TO_FULL: Record<string, string> = { ",": "，", ".": "。", "!": "！", "?": "？", ":": "：", ";": "；" };

function hasHan(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (isHanCode(c) || isHanHighSurrogate(c)) return true;
  }
  return false;
}

function isHanBefore(s: string, i: number): boolean {
  if (i < 0) return false;
  const c = s.charCodeAt(i);
  // a low surrogate: look at its high surrogate
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) return isHanHighSurrogate(s.charCodeAt(i - 1));
  return isHanCode(c);
}

/** Resolve options once (for per-document use: `normalizeWidthWith`). */
export function resolveWidthOptions(options: WidthOptions = {}): Required<WidthOptions> {
  return { ...DEFAULT_WIDTH, ...options };
}

// Characters that change whenever their option is on (full-width letters, digits, U+3000, symbols)…
const CHANGES_RE = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\uff03-\uff06\uff0a\uff0b\uff0d\uff0f\uff1c-\uff20\uff3c\uff3e-\uff40\uff5c]/;
// …and a line holding full-width punctuation but no Han (its punctuation becomes half-width).
const HANLESS_PUNCT_LINE_RE = /^[^\n\u3400-\u9fff\uf900-\ufaff\u3007\ud840-\ud8bf]*[\uff01-\uff5e][^\n\u3400-\u9fff\uf900-\ufaff\u3007\ud840-\ud8bf]*$/m;

/** Apply the width mappings line by line. Text without any full-width form is returned as is. */
export function normalizeWidth(text: string, options: WidthOptions = {}): string {
  return normalizeWidthWith(text, resolveWidthOptions(options));
}

export function normalizeWidthWith(text: string, o: Required<WidthOptions>): string {
  const needFull = (o.alnum || o.space || o.punct) && /[\u3000\uff01-\uff5e]/.test(text) && (CHANGES_RE.test(text) || (o.punct && HANLESS_PUNCT_LINE_RE.test(text)));
  const needHalf = o.punctBetweenHan && /[,.!?:;]/.test(text);
  if (!needFull && !needHalf) return text;
  let out = "";
  let last = 0; // text[last..i) not yet copied
  let lineStart = 0;
  let lineHasHan = -1; // -1 = not computed for this line
  let inIndent = true; // only spaces / U+3000 / tabs so far on this line
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      lineStart = i + 1;
      lineHasHan = -1;
      inIndent = true;
      continue;
    }
    const atIndent = inIndent;
    if (c !== 0x3000 && c !== 0x20 && c !== 0x09) inIndent = false;
    let rep: string | undefined;
    let skipTo = i + 1;
    if (c >= 0xff01 && c <= 0xff5e) {
      const isAlnum = (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);
      if (isAlnum) {
        if (o.alnum) rep = String.fromCharCode(c - 0xfee0);
      } else if (o.punct) {
        if (ALWAYS_HALF.has(c)) rep = String.fromCharCode(c - 0xfee0);
        else {
          if (lineHasHan < 0) {
            let e = text.indexOf("\n", lineStart);
            if (e < 0) e = n;
            lineHasHan = hasHan(text, lineStart, e) ? 1 : 0;
          }
          if (lineHasHan === 0) rep = String.fromCharCode(c - 0xfee0);
        }
      }
    } else if (c === 0x3000) {
      if (o.space && !atIndent) rep = " ";
    } else if (needHalf && c < 0x40 && TO_FULL[text[i]] !== undefined && isHanBefore(text, i - 1)) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) === 0x20) j++;
      if (j < n && (isHanCode(text.charCodeAt(j)) || isHanHighSurrogate(text.charCodeAt(j)))) {
        rep = TO_FULL[text[i]];
        skipTo = j;
      }
    }
    if (rep !== undefined) {
      out += text.slice(last, i) + rep;
      last = skipTo;
      i = skipTo - 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}
