// One normaliser from the parts: script conversion, width, hygiene, joining hard-wrapped lines.
// Only what the options ask for is done: `{ script: "t2s" }` converts the script and nothing else.
import { collapseBlankLines, collapseSpaces, DEFAULT_HYGIENE, joinWrappedLines, normalizeNewlines, stripIndentation, stripInvisibles, type HygieneOptions } from "./hygiene";
import { openccConverter, type OpenCCConfig } from "./script";
import { normalizeWidth, type WidthOptions } from "./width";

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

/** Build a normaliser once (converter looked up, options resolved) and call it per document. */
export function makeNormalizer(options: NormalizeOptions): (text: string) => string {
  const convert = options.script ? openccConverter(options.script) : undefined;
  const widthOpts: WidthOptions | undefined = options.width === true ? {} : options.width || undefined;
  const h: Required<HygieneOptions> | undefined =
    options.hygiene === true ? DEFAULT_HYGIENE : options.hygiene ? { ...DEFAULT_HYGIENE, ...options.hygiene } : undefined;
  const join = options.joinLines === true;
  return (text: string): string => {
    let t = text;
    if (join || h?.newlines) t = normalizeNewlines(t);
    if (h?.invisibles) t = stripInvisibles(t);
    if (join) t = joinWrappedLines(t);
    if (convert) t = convert(t);
    if (widthOpts) t = normalizeWidth(t, widthOpts);
    if (h?.indentation) t = stripIndentation(t);
    if (h?.spaces) t = collapseSpaces(t);
    if (h?.blankLines) t = collapseBlankLines(t);
    return t;
  };
}

/** Normalise one text; for many texts build the function once with `makeNormalizer`. */
export function normalizeText(text: string, options: NormalizeOptions): string {
  return makeNormalizer(options)(text);
}
