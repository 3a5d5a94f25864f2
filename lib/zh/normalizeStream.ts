// `makeNormalizer` for a stream: text goes in chunk by chunk and comes out line by line, with the
// same result as normalising the whole text at once (the tests compare both on real files). Memory
// holds one line (with `joinLines`, one paragraph) plus a run of blank lines.
//
// Why line by line is exact: every step is line-local except three, handled here with state:
// newlines (a \r\n split over two reads), joining wrapped lines (a paragraph), and collapsing blank
// lines with the trim of the whole text's ends (a run of blank lines; whitespace at the end is held
// back until something that is not whitespace follows).
import {
  collapseSpaces,
  DEFAULT_HYGIENE,
  normalizeNewlines,
  stripIndentation,
  stripInvisibles,
  WrappedLineJoiner,
  type HygieneOptions,
} from "./hygiene";
import type { NormalizeOptions } from "./normalize";
import { openccConverter } from "./script";
import { normalizeWidthWith, resolveWidthOptions } from "./width";

const BLANK = /^[ \t\u3000]*$/;

export class NormalizeStream {
  private readonly convert?: (t: string) => string;
  private readonly widthOpts?: ReturnType<typeof resolveWidthOptions>;
  private readonly h?: Required<HygieneOptions>;
  private readonly join?: WrappedLineJoiner;
  private readonly newlines: boolean;
  /** Raw text after the last \n seen. */
  private partial = "";
  /** Lines out so far (the first has no "\n" before it). */
  private linesOut = 0;
  /** Blank lines waiting for the next non-blank one (collapse). */
  private blanks: string[] = [];
  /** Trim: nothing but whitespace written so far / whitespace held back at the end. */
  private started = false;
  private heldSpace = "";
  private readonly scratch: string[] = [];

  constructor(options: NormalizeOptions) {
    this.convert = options.script ? openccConverter(options.script) : undefined;
    this.widthOpts = options.width === true ? resolveWidthOptions() : options.width ? resolveWidthOptions(options.width) : undefined;
    this.h = options.hygiene === true ? DEFAULT_HYGIENE : options.hygiene ? { ...DEFAULT_HYGIENE, ...options.hygiene } : undefined;
    this.join = options.joinLines === true ? new WrappedLineJoiner() : undefined;
    this.newlines = this.join !== undefined || (this.h !== undefined && this.h.newlines);
  }

  /** Feed decoded text; returns the output that is final so far. */
  push(text: string): string {
    let out = "";
    let data = this.partial + text;
    let start = 0;
    for (;;) {
      const nl = data.indexOf("\n", start);
      if (nl < 0) break;
      out += this.rawLine(data.slice(start, nl), true);
      start = nl + 1;
    }
    this.partial = data.slice(start);
    data = "";
    return out;
  }

  /** End of input: the rest of the output. */
  end(): string {
    let out = this.rawLine(this.partial, false);
    this.partial = "";
    if (this.join) {
      const lines = this.scratch;
      lines.length = 0;
      this.join.end(lines);
      for (const l of lines) out += this.finished(l);
    }
    // trailing blank lines and whitespace: removed by the final trim (collapse) or written as they are
    if (!this.trims()) for (const b of this.blanks) out += this.emit(b);
    this.blanks = [];
    this.heldSpace = "";
    return out;
  }

  private trims(): boolean {
    return this.h !== undefined && this.h.blankLines;
  }

  /** One line of input as split at \n; `endedByNewline`: a \n followed it (so a final \r was \r\n). */
  private rawLine(line: string, endedByNewline: boolean): string {
    let out = "";
    if (!this.newlines) return this.afterNewlines(line);
    let l = endedByNewline && line.endsWith("\r") ? line.slice(0, -1) : line;
    l = normalizeNewlines(l);
    if (l.indexOf("\n") < 0) return this.afterNewlines(l);
    for (const sub of l.split("\n")) out += this.afterNewlines(sub);
    return out;
  }

  private afterNewlines(line: string): string {
    const l = this.h && this.h.invisibles ? stripInvisibles(line) : line;
    if (!this.join) return this.finished(l);
    const lines = this.scratch;
    lines.length = 0;
    this.join.push(l, lines);
    let out = "";
    for (const j of lines) out += this.finished(j);
    return out;
  }

  /** The line-local steps (script, width, indentation, spaces), then collapse and trim. */
  private finished(line: string): string {
    let t = line;
    if (this.convert) t = this.convert(t);
    if (this.widthOpts) t = normalizeWidthWith(t, this.widthOpts);
    if (this.h) {
      if (this.h.indentation) t = stripIndentation(t);
      if (this.h.spaces) t = collapseSpaces(t);
    }
    if (!this.trims()) return this.emit(t);
    // collapseBlankLines: a run of two or more blank lines becomes one empty line
    if (BLANK.test(t)) {
      this.blanks.push(t);
      return "";
    }
    let out = "";
    if (this.blanks.length >= 2) out += this.emit("");
    else for (const b of this.blanks) out += this.emit(b);
    this.blanks = [];
    return out + this.emit(t);
  }

  /** Write a line (after a "\n" unless it is the first); with trimming, hold back trailing whitespace. */
  private emit(line: string): string {
    let s = this.linesOut++ === 0 ? line : "\n" + line;
    if (!this.trims()) return s;
    if (!this.started) {
      s = s.replace(/^\s+/, "");
      if (s === "") return "";
      this.started = true;
    }
    const m = /\s+$/.exec(s);
    if (m && m.index === 0) {
      this.heldSpace += s;
      return "";
    }
    const out = this.heldSpace + (m ? s.slice(0, m.index) : s);
    this.heldSpace = m ? m[0] : "";
    return out;
  }
}

/** Normalise text arriving in pieces (any iterable of strings), yielding output as it becomes final. */
export function* normalizeChunks(chunks: Iterable<string>, options: NormalizeOptions): Generator<string> {
  const s = new NormalizeStream(options);
  for (const c of chunks) {
    const out = s.push(c);
    if (out) yield out;
  }
  const rest = s.end();
  if (rest) yield rest;
}
