// Text hygiene: invisible and control characters, newlines, spaces, indentation, hard-wrapped lines.
import { isCjkSideCode } from "./chars";

export interface HygieneOptions {
  /** \r\n and \r (and U+2028/U+2029) → \n. Default true. */
  newlines?: boolean;
  /** Remove BOM / zero-width / bidi marks / soft hyphen / control characters (C0 except \t \n, DEL, C1).
   * ZWJ and ZWNJ are kept: they carry meaning in emoji sequences. Default true. */
  invisibles?: boolean;
  /** Collapse runs of spaces (and NBSP) to one space and drop trailing spaces on each line. Default true. */
  spaces?: boolean;
  /** Remove indentation (spaces, tabs, U+3000) at the start of lines. Default true. */
  indentation?: boolean;
  /** Collapse three or more newlines to one blank line, trim the ends. Default true. */
  blankLines?: boolean;
}

export const DEFAULT_HYGIENE: Required<HygieneOptions> = { newlines: true, invisibles: true, spaces: true, indentation: true, blankLines: true };

// U+FEFF BOM / ZWNBSP, U+200B ZWSP, U+2060 word joiner, U+200E/F LRM/RLM, U+202A–202E and
// U+2066–2069 bidi embeddings/isolates, U+00AD soft hyphen, U+180E Mongolian vowel separator;
// C0 controls except \t (09) and \n (0A); DEL; C1 controls.
const INVISIBLES = /[\ufeff\u200b\u2060\u200e\u200f\u202a-\u202e\u2066-\u2069\u00ad\u180e\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Count of characters `stripInvisibles` would remove (for reports). */
export function countInvisibles(text: string): number {
  const m = text.match(INVISIBLES);
  return m ? m.length : 0;
}

export function normalizeNewlines(text: string): string {
  return text.indexOf("\r") < 0 && !/[\u2028\u2029]/.test(text) ? text : text.replace(/\r\n?|[\u2028\u2029]/g, "\n");
}

export function stripInvisibles(text: string): string {
  return text.replace(INVISIBLES, "");
}

export function collapseSpaces(text: string): string {
  return text.replace(/[ \u00a0]{2,}|\u00a0/g, " ").replace(/[ \t]+(?=\n|$)/g, "");
}

export function stripIndentation(text: string): string {
  return text.replace(/^[ \t\u3000]+/gm, "");
}

export function collapseBlankLines(text: string): string {
  return text.replace(/\n(?:[ \t\u3000]*\n){2,}/g, "\n\n").trim();
}

/** All hygiene steps that `options` turns on, in a safe order (newlines first: the later steps are
 * line-based). */
export function cleanHygiene(text: string, options: HygieneOptions = {}): string {
  const o = { ...DEFAULT_HYGIENE, ...options };
  let t = text;
  if (o.newlines) t = normalizeNewlines(t);
  if (o.invisibles) t = stripInvisibles(t);
  if (o.indentation) t = stripIndentation(t);
  if (o.spaces) t = collapseSpaces(t);
  if (o.blankLines) t = collapseBlankLines(t);
  return t;
}

function isIndented(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 0x20 || c === 0x09 || c === 0x3000;
}

function isBlank(line: string): boolean {
  return /^[ \t\u3000]*$/.test(line);
}

/** Marks shared by Chinese and English prose: dashes, ellipses, curly quotes. */
function isSharedMark(c: number): boolean {
  return c === 0x2014 || c === 0x2026 || c === 0x2013 || (c >= 0x2018 && c <= 0x201f);
}

/** '' between a and b when the nearest character on either side that is not a shared mark is
 * CJK ("——" and "……" split over two lines rejoin whole); otherwise a space. */
function joinsWithoutSpace(a: string, b: string): boolean {
  let i = a.length - 1;
  while (i > 0 && isSharedMark(a.charCodeAt(i))) i--;
  let ca = a.charCodeAt(i);
  if (ca >= 0xdc00 && ca <= 0xdfff && i > 0) ca = a.charCodeAt(i - 1);
  let j = 0;
  while (j < b.length - 1 && isSharedMark(b.charCodeAt(j))) j++;
  const cb = b.charCodeAt(j);
  return isCjkSideCode(ca) || isCjkSideCode(cb);
}

/** Join hard-wrapped lines of prose. A paragraph starts after a blank line or on an indented line
 * (spaces / U+3000 at the start, as in Lu Xun's files); other lines continue the line before. The
 * join is '' when either side is CJK (Han, CJK or full-width punctuation; dashes, ellipses and curly
 * quotes are looked past) and ' ' otherwise, so
 * "北京\n大学" → "北京大学" but "hard\nwrapped" → "hard wrapped". A line that ends in '-' after a letter
 * is joined with a space too (we do not guess whether the hyphen is a line-break hyphen). Expects \n
 * newlines (run after `normalizeNewlines`). */
export function joinWrappedLines(text: string): string {
  const joiner = new WrappedLineJoiner();
  const out: string[] = [];
  for (const line of text.split("\n")) joiner.push(line, out);
  joiner.end(out);
  return out.join("\n");
}

/** `joinWrappedLines` one line at a time (for streams): holds only the paragraph being joined. */
export class WrappedLineJoiner {
  private cur: string | undefined;

  /** Take the next input line; lines that are complete are appended to `out`. */
  push(line: string, out: string[]): void {
    if (isBlank(line)) {
      if (this.cur !== undefined) out.push(this.cur);
      this.cur = undefined;
      out.push(line);
      return;
    }
    if (this.cur === undefined || isIndented(line)) {
      if (this.cur !== undefined) out.push(this.cur);
      this.cur = line;
      return;
    }
    const a = this.cur.replace(/[ \t]+$/, "");
    const b = line.replace(/^[ \t]+/, "");
    this.cur = joinsWithoutSpace(a, b) ? a + b : a + " " + b;
  }

  /** End of input: the paragraph being joined. */
  end(out: string[]): void {
    if (this.cur !== undefined) out.push(this.cur);
    this.cur = undefined;
  }
}

/** The inverse of `joinWrappedLines`, for demonstrations and tests: each non-blank line becomes a
 * paragraph that starts with `indent` and is cut every `widthChars` code points (the layout of Lu
 * Xun's files: two U+3000 and a hard line break every ~36 characters). Blank lines stay. */
export function hardWrap(text: string, widthChars = 36, indent = "\u3000\u3000"): string {
  if (!(Number.isInteger(widthChars) && widthChars > 0)) throw new Error(`hardWrap: widthChars must be a positive integer, got ${widthChars}`);
  return text
    .split("\n")
    .map((line) => {
      if (isBlank(line)) return line;
      const chars = [...(indent + line.replace(/^[ \t\u3000]+/, ""))];
      const out: string[] = [];
      for (let i = 0; i < chars.length; i += widthChars) out.push(chars.slice(i, i + widthChars).join(""));
      return out.join("\n");
    })
    .join("\n");
}
