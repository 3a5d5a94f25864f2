// Pre-tokenisers: a split pattern applied to text, calling back with each pre-token (chunk).
// Regex patterns use their compiled JS form; `jieba` applies nanochat's regex, then cuts each run
// of Han characters into jieba-wasm words (other characters of the chunk stay together).
import { segmentWords } from "../zh/segment";
import { patternInfo, splitRegex, type PatternInfo } from "./patterns";
import { scanGpt4Family } from "./scanner";

/** Patterns with a hand-written scanner (./scanner): max digits per number pre-token. */
export const SCANNER_DIGITS: Record<string, number> = { nanochat: 2, cl100k: 3 };

export interface Pretokenizer {
  readonly info: PatternInfo;
  /** Call `fn` with each pre-token of `text`, in order; their concatenation is `text`. */
  forEach(text: string, fn: (piece: string) => void): void;
  /** The pre-tokens as an array. */
  split(text: string): string[];
}

/** A fresh RegExp (own lastIndex) for a pattern source. */
export function freshRegex(source: string): RegExp {
  return new RegExp(splitRegex(source).source, "gv");
}

class RegexPretokenizer implements Pretokenizer {
  readonly re: RegExp;
  constructor(readonly info: PatternInfo) {
    this.re = freshRegex(info.source);
  }
  forEach(text: string, fn: (piece: string) => void): void {
    const digits = SCANNER_DIGITS[this.info.name];
    if (digits !== undefined) {
      scanGpt4Family(text, digits, (s, e) => fn(text.slice(s, e)));
      return;
    }
    const re = this.re;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) fn(m[0]);
  }
  split(text: string): string[] {
    const out: string[] = [];
    this.forEach(text, (p) => out.push(p));
    return out;
  }
}

type CutFn = (text: string) => string[];
/** jieba-wasm precise mode with HMM, through the zh stage's wrapper (lib/zh/segment). */
const jiebaCut: CutFn = (text) => segmentWords(text, { mode: "precise", hmm: true });

const HAN_RUN = /\p{Script=Han}+/gu;
const HAS_HAN = /\p{Script=Han}/u;

class JiebaPretokenizer implements Pretokenizer {
  private base: RegexPretokenizer;
  private cut: CutFn;
  constructor(readonly info: PatternInfo) {
    this.base = new RegexPretokenizer(patternInfo("nanochat"));
    this.cut = jiebaCut;
  }
  forEach(text: string, fn: (piece: string) => void): void {
    this.base.forEach(text, (chunk) => {
      if (!HAS_HAN.test(chunk)) return fn(chunk);
      let last = 0;
      HAN_RUN.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = HAN_RUN.exec(chunk)) !== null) {
        if (m.index > last) fn(chunk.slice(last, m.index));
        for (const w of this.cut(m[0])) if (w.length > 0) fn(w);
        last = m.index + m[0].length;
      }
      if (last < chunk.length) fn(chunk.slice(last));
    });
  }
  split(text: string): string[] {
    const out: string[] = [];
    this.forEach(text, (p) => out.push(p));
    return out;
  }
}

export function pretokenizer(name: string): Pretokenizer {
  const info = patternInfo(name);
  return info.regexExact ? new RegexPretokenizer(info) : new JiebaPretokenizer(info);
}

/** The regex of a pretokenizer when it is a plain regex one (the encoder inlines its loop). */
export function regexOf(p: Pretokenizer): RegExp | null {
  return p instanceof RegexPretokenizer ? p.re : null;
}
