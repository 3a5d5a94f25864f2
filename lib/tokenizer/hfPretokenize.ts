// A Hugging Face `Split` pre-tokeniser, or a `Sequence` of them (DeepSeek-V3: digits in threes, then
// runs of CJK, then a GPT-4-like pattern), with behaviour "Isolated": every match is a piece and so
// is the text between matches (tiktoken drops unmatched text; a Split keeps it). Each Split cuts
// the pieces of the one before. Regexes go through ./regex (fancy-regex/Oniguruma → JS, \s = White_Space).
import type { PatternInfo } from "./patterns";
import type { Pretokenizer } from "./pretokenize";
import { compileSplitPattern } from "./regex";

export class SplitSequence implements Pretokenizer {
  readonly info: PatternInfo;
  private readonly sticky: RegExp[];
  private readonly search: RegExp[];

  /** `sources`: each Split's regex (Oniguruma syntax, as tokenizer.json holds it), applied in order. */
  constructor(readonly sources: string[], origin: string) {
    if (sources.length === 0) throw new Error("a Split sequence needs at least one regex");
    const js = sources.map((s) => compileSplitPattern(s).source);
    this.sticky = js.map((s) => new RegExp(s, "yv"));
    this.search = js.map((s) => new RegExp(s, "gv"));
    this.info = { name: "tokenizer.json", source: sources.join("  ⟶  "), regexExact: false, origin };
  }

  forEach(text: string, fn: (piece: string) => void): void {
    this.cut(text, 0, fn);
  }

  /** Isolated split of `text` by regex `k`, each piece handed on to regex k + 1 (or to `fn` after the last). */
  private cut(text: string, k: number, fn: (piece: string) => void): void {
    if (k === this.sticky.length) {
      if (text.length > 0) fn(text);
      return;
    }
    const sticky = this.sticky[k];
    const search = this.search[k];
    const emit = (s: string): void => this.cut(s, k + 1, fn);
    const n = text.length;
    let pos = 0;
    let gapStart = 0;
    while (pos < n) {
      // the common case: a match right here (the GPT-4-like patterns match everywhere)
      sticky.lastIndex = pos;
      let start = pos;
      let end = -1;
      if (sticky.test(text)) end = sticky.lastIndex;
      else {
        search.lastIndex = pos;
        const m = search.exec(text);
        if (m === null) break;
        start = m.index;
        end = start + m[0].length;
      }
      if (end === start) {
        pos = start + 1; // empty match: skipped, as Hugging Face does
        continue;
      }
      if (start > gapStart) emit(text.slice(gapStart, start));
      emit(text.slice(start, end));
      pos = gapStart = end;
    }
    if (gapStart < n) emit(text.slice(gapStart));
  }

  split(text: string): string[] {
    const out: string[] = [];
    this.forEach(text, (p) => out.push(p));
    return out;
  }
}
