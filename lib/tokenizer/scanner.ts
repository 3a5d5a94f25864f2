// A hand-written pre-tokeniser for GPT-4's pattern family (nanochat's, with \p{N}{1,2}, and
// tiktoken's cl100k, with \p{N}{1,3}) — the regex is its reference twin (test/tokenizer/scanner.test.ts).
// Alternatives, tried in order at each position (leftmost-first, as both regex engines do):
//   1 '(?i:[sdmt]|ll|ve|re)          2 [^\r\n\p{L}\p{N}]?\p{L}+      3 \p{N}{1,K}
//   4  ?[^\s\p{L}\p{N}]+[\r\n]*       5 \s*[\r\n]  (cl100k: \s*[\r\n]+ — the same match)
//   6 \s+(?!\S)                       7 \s+
// Character classes come from the pinned (Unicode 16) regexes, tabulated once per code point.
import { pinClass } from "./unicodePin";
import { WHITE_SPACE } from "./regex";

const L = 1;
const N = 2;
const W = 4;
const DONE = 128;

let bmp: Uint8Array | null = null;
const astral = new Uint8Array(0x110000 - 0x10000);
let reL: RegExp;
let reN: RegExp;
let reW: RegExp;

function classify(ch: string): number {
  return DONE | (reL.test(ch) ? L : 0) | (reN.test(ch) ? N : 0) | (reW.test(ch) ? W : 0);
}

function tables(): Uint8Array {
  if (bmp) return bmp;
  reL = new RegExp(`^${pinClass("[\\p{L}]")}$`, "v");
  reN = new RegExp(`^${pinClass("[\\p{N}]")}$`, "v");
  reW = new RegExp(`^[${WHITE_SPACE}]$`, "v");
  const t = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) t[c] = c >= 0xd800 && c <= 0xdfff ? DONE : classify(String.fromCharCode(c));
  bmp = t;
  return t;
}

function astralClass(cp: number): number {
  let v = astral[cp - 0x10000];
  if (v === 0) {
    v = classify(String.fromCodePoint(cp));
    astral[cp - 0x10000] = v;
  }
  return v;
}

const APOS = 0x27;

/** Lower-case ASCII letter of a UTF-16 unit (also ſ → s), or 0. */
function lowerAscii(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c + 32;
  if (c >= 0x61 && c <= 0x7a) return c;
  if (c === 0x17f) return 0x73; // ſ folds to s
  return 0;
}

/** Length of a contraction at i ('s 't 'd 'm 're 've 'll, any case), or 0. */
function contraction(text: string, i: number): number {
  if (text.charCodeAt(i) !== APOS) return 0;
  const a = lowerAscii(text.charCodeAt(i + 1));
  if (a === 0x73 || a === 0x74 || a === 0x64 || a === 0x6d) return 2;
  const b = lowerAscii(text.charCodeAt(i + 2));
  if ((a === 0x6c && b === 0x6c) || (a === 0x76 && b === 0x65) || (a === 0x72 && b === 0x65)) return 3;
  return 0;
}

/**
 * Call `fn(start, end)` for each pre-token of `text` (well-formed UTF-16) under the GPT-4-family
 * pattern with numbers in runs of at most `maxDigits`.
 */
export function scanGpt4Family(text: string, maxDigits: number, fn: (start: number, end: number) => void): void {
  const t = tables();
  const n = text.length;
  // class and width (1 or 2 units) of the code point at i
  let w = 1;
  const cls = (i: number): number => {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        w = 2;
        return astralClass(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
      }
    }
    w = 1;
    return t[c];
  };
  let i = 0;
  while (i < n) {
    const start = i;
    // 1: contractions
    const k = contraction(text, i);
    if (k > 0) {
      fn(start, i + k);
      i += k;
      continue;
    }
    const c0 = text.charCodeAt(i);
    const k0 = cls(i);
    const w0 = w;
    // 2: optional non-letter/non-number/non-newline, then letters
    if (k0 & L) {
      i += w0;
      while (i < n && cls(i) & L) i += w;
      fn(start, i);
      continue;
    }
    if (!(k0 & N) && c0 !== 0x0d && c0 !== 0x0a && i + w0 < n && cls(i + w0) & L) {
      i += w0;
      while (i < n && cls(i) & L) i += w;
      fn(start, i);
      continue;
    }
    // 3: numbers, at most maxDigits
    if (k0 & N) {
      i += w0;
      let d = 1;
      while (d < maxDigits && i < n && cls(i) & N) {
        i += w;
        d++;
      }
      fn(start, i);
      continue;
    }
    // 4: optional space, then others (not whitespace, letter, number), then newlines
    let j = i;
    if (c0 === 0x20 && j + 1 < n) j++;
    if (j < n && (j > i || !(k0 & W))) {
      const kj = cls(j);
      if (!(kj & (L | N | W))) {
        j += w;
        while (j < n && !(cls(j) & (L | N | W))) j += w;
        while (j < n && (text.charCodeAt(j) === 0x0d || text.charCodeAt(j) === 0x0a)) j++;
        fn(start, j);
        i = j;
        continue;
      }
    }
    // 5-7: whitespace (every remaining code point is whitespace)
    let e = i;
    let lastNl = -1;
    while (e < n && cls(e) & W) {
      const c = text.charCodeAt(e);
      if (c === 0x0d || c === 0x0a) lastNl = e;
      e += w;
    }
    if (e === i) {
      // not reachable for well-formed text (every code point is L, N, W or other); keep progress
      fn(start, i + w0);
      i += w0;
      continue;
    }
    if (lastNl >= 0) e = lastNl + 1; // 5: up to the last newline of the run
    else if (e < n && e - i >= 2) e -= 1; // 6: leave the last space to prefix the next token
    // (whitespace is BMP-only, so e - 1 is a code point boundary)
    fn(start, e);
    i = e;
  }
}
