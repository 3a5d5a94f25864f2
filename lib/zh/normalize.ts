// One normaliser from the parts: script conversion, width, hygiene, joining hard-wrapped lines.
// Only what the options ask for is done: `{ script: "t2s" }` converts the script and nothing else.
import { collapseBlankLines, collapseSpaces, DEFAULT_HYGIENE, joinWrappedLines, normalizeNewlines, stripIndentation, stripInvisibles, type HygieneOptions } from "./hygiene";
import { openccConverter, type OpenCCConfig } from "./script";
import { normalizeWidthWith, resolveWidthOptions, type WidthOptions } from "./width";

export interface NormalizeOptions {
  /** OpenCC config for script conversion (`t2s`, `s2t`, `s2tw`, `s2twp`, `s2hk`, …); none by default. */
  script?: OpenCCConfig;
  /** Width mappings: true for the defaults of `normalizeWidth`, or its options. */
  width?: boolean | WidthOptions;
  /** Hygiene: true for all steps of `cleanHygiene`, or its options. */
  hygiene?: boolean | HygieneOptions;
  /** Join hard-wrapped lines (`joinWrappedLines`); runs before indentation is removed. */
  joinLines?: boolean;
}

/** The pipeline a corpus usually wants: t2s, width, hygiene (no line joining: web text has real lines). */
export const CORPUS_NORMALIZE: NormalizeOptions = { script: "t2s", width: true, hygiene: true };

/** Matches wherever some hygiene step has work: a CR or line/paragraph separator, an invisible or
 * control character, a NBSP, whitespace at the start or end of the text or of a line, two spaces,
 * or a blank line. Kept in step with hygiene.ts (the tests compare with and without this shortcut). */
export const HYGIENE_WORK_RE =
  /[\r\u2028\u2029\ufeff\u200b\u2060\u200e\u200f\u202a-\u202e\u2066-\u2069\u00ad\u180e\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00a0]|^\s|\s$|\n[ \t\u3000]|[ \t]\n|  |\n\n/;

/** Build a normaliser once (converter looked up, options resolved) and call it per document. */
export function makeNormalizer(options: NormalizeOptions): (text: string) => string {
  const convert = options.script ? openccConverter(options.script) : undefined;
  const widthOpts = options.width === true ? resolveWidthOptions() : options.width ? resolveWidthOptions(options.width) : undefined;
  const h: Required<HygieneOptions> | undefined =
    options.hygiene === true ? DEFAULT_HYGIENE : options.hygiene ? { ...DEFAULT_HYGIENE, ...options.hygiene } : undefined;
  const join = options.joinLines === true;
  return (text: string): string => {
    let t = text;
    // one scan for "anything hygiene could change"; most single-line documents have nothing
    let dirty = h !== undefined && HYGIENE_WORK_RE.test(t);
    if (join || (dirty && h!.newlines)) t = normalizeNewlines(t);
    if (dirty && h!.invisibles) t = stripInvisibles(t);
    if (join) t = joinWrappedLines(t);
    if (convert) t = convert(t);
    if (widthOpts) {
      const w = normalizeWidthWith(t, widthOpts);
      // width can create work (U+3000 → ' ' next to a space): look again only when it changed something
      if (w !== t && h && !dirty) dirty = HYGIENE_WORK_RE.test(w);
      t = w;
    }
    if (h && dirty) {
      if (h.indentation) t = stripIndentation(t);
      if (h.spaces) t = collapseSpaces(t);
      if (h.blankLines) t = collapseBlankLines(t);
    }
    return t;
  };
}

/** Normalise one text; for many texts build the function once with `makeNormalizer`. */
export function normalizeText(text: string, options: NormalizeOptions): string {
  return makeNormalizer(options)(text);
}
