// Before / after excerpts for showing what a normalisation step does to real text: the first
// document the step changes, cut around the first change, with invisible characters made visible.

export interface ChangeExample {
  /** Position of the document among the texts looked at (0-based). */
  index: number;
  before: string;
  after: string;
  /** Characters (UTF-16 code units) that differ between the whole document before and after. */
  changedLength: number;
}

/** Code point at a UTF-16 index does not start in the middle of a surrogate pair. */
function alignStart(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return i > 0 && c >= 0xdc00 && c <= 0xdfff ? i - 1 : i;
}

/** Cut `s` to at most `maxChars` code points, marking the cut with "…". */
export function truncateChars(s: string, maxChars: number): string {
  const cps = [...s];
  return cps.length <= maxChars ? s : cps.slice(0, maxChars).join("") + "…";
}

/** The first text that `transform` changes, as excerpts of `windowChars` code points starting
 * `contextChars` before the first differing character; undefined when no text changes. */
export function firstChange(texts: Iterable<string>, transform: (text: string) => string, windowChars = 48, contextChars = 8): ChangeExample | undefined {
  let index = 0;
  for (const text of texts) {
    const out = transform(text);
    if (out !== text) {
      let p = 0;
      while (p < text.length && p < out.length && text.charCodeAt(p) === out.charCodeAt(p)) p++;
      let q = 0; // common suffix, not overlapping the prefix
      while (q < text.length - p && q < out.length - p && text.charCodeAt(text.length - 1 - q) === out.charCodeAt(out.length - 1 - q)) q++;
      const start = alignStart(text, Math.max(0, p - contextChars));
      const cut = (s: string) => {
        const cps = [...s.slice(start)];
        return cps.slice(0, windowChars).join("") + (cps.length > windowChars ? "…" : "");
      };
      return { index, before: cut(text), after: cut(out), changedLength: Math.max(text.length, out.length) - p - q };
    }
    index++;
  }
  return undefined;
}

const NAMED: Record<number, string> = {
  0x0a: "⏎",
  0x0d: "␍",
  0x09: "⇥",
  0x3000: "□",
  0x00a0: "⍽",
  0xfeff: "⟨BOM⟩",
  0x200b: "⟨ZWSP⟩",
  0x200c: "⟨ZWNJ⟩",
  0x200d: "⟨ZWJ⟩",
  0x2060: "⟨WJ⟩",
  0x00ad: "⟨SHY⟩",
};

/** Whitespace and invisible characters as visible marks: ⏎ newline, ␍ CR, ⇥ tab, □ ideographic
 * space U+3000, ⍽ no-break space, · space (when `spaces`), ⟨BOM⟩ ⟨ZWSP⟩ …, other controls and
 * format characters as ⟨U+XXXX⟩. For tables of before/after examples. */
export function showInvisibles(s: string, spaces = true): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (NAMED[c] !== undefined) out += NAMED[c];
    else if (c === 0x20) out += spaces ? "·" : " ";
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || /\p{Cf}/u.test(ch)) out += `⟨U+${c.toString(16).toUpperCase().padStart(4, "0")}⟩`;
    else out += ch;
  }
  return out;
}
