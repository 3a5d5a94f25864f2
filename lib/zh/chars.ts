// Character classes for Chinese / Chinese–English text, on UTF-16 code units (fast, no allocation).
// Supplementary-plane Han (CJK Ext. B+, U+20000–U+3FFFF) arrives as a surrogate pair; `isHanAt`
// recognises it at the high surrogate so that counters can step by two.

/** Han ideograph in the BMP: CJK Unified (+Ext. A), Compatibility Ideographs, 〇. */
export function isHanCode(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    c === 0x3007
  );
}

/** High surrogate of a supplementary Han code point (U+20000–U+3FFFF: planes 2 and 3). */
export function isHanHighSurrogate(c: number): boolean {
  return c >= 0xd840 && c <= 0xd8bf;
}

/** True when the code point starting at `s[i]` is Han. */
export function isHanAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return isHanCode(c) || isHanHighSurrogate(c);
}

/** ASCII letter, Latin-1/Latin Extended letter, or full-width Latin letter. */
export function isLatinCode(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
    (c >= 0xff21 && c <= 0xff3a) ||
    (c >= 0xff41 && c <= 0xff5a)
  );
}

export function isDigitCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
}

export function isWhitespaceCode(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3000 || c === 0xa0 || c === 0x0b || c === 0x0c || (c >= 0x2000 && c <= 0x200a);
}

/** Punctuation: ASCII punctuation, General Punctuation, CJK Symbols and Punctuation, full-width
 * forms' punctuation, CJK compatibility / small form variants. */
export function isPunctCode(c: number): boolean {
  if (c < 0x80) return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
  return (
    (c >= 0x3001 && c <= 0x3003) ||
    (c >= 0x3008 && c <= 0x3011) ||
    (c >= 0x3014 && c <= 0x301f) ||
    c === 0x30fb ||
    (c >= 0x2010 && c <= 0x2027) ||
    (c >= 0x2030 && c <= 0x205e) ||
    (c >= 0xff01 && c <= 0xff0f) ||
    (c >= 0xff1a && c <= 0xff20) ||
    (c >= 0xff3b && c <= 0xff40) ||
    (c >= 0xff5b && c <= 0xff65) ||
    (c >= 0xfe10 && c <= 0xfe1f) ||
    (c >= 0xfe30 && c <= 0xfe6f) ||
    c === 0xa1 || c === 0xa7 || c === 0xab || c === 0xb6 || c === 0xb7 || c === 0xbb || c === 0xbf
  );
}

/** CJK-side character for line joining: Han, CJK symbols/punctuation, full-width forms. Curly quotes,
 * dashes and ellipses are shared with English and so are not CJK-side on their own. */
export function isCjkSideCode(c: number): boolean {
  return isHanCode(c) || isHanHighSurrogate(c) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef);
}
