// Named split patterns (pre-tokenisation), in their original fancy-regex form (what tiktoken,
// rustbpe and tokenizer.json carry) plus the compiled JS equivalent (./regex).
import { compileSplitPattern } from "./regex";

/** nanochat's SPLIT_PATTERN (reference §4): GPT-4's pattern with \p{N}{1,2}. */
export const NANOCHAT_PATTERN =
  "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}+|\\p{N}{1,2}| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+";
/** cl100k_base as shipped with the tiktoken / js-tiktoken npm packages. */
export const CL100K_PATTERN =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
/** cl100k_base as written in Python tiktoken ≥ 0.7 (possessive form). */
export const CL100K_PY_PATTERN =
  "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}++|\\p{N}{1,3}+| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*+|\\s++$|\\s*[\\r\\n]|\\s+(?!\\S)|\\s";
/** o200k_base as shipped with the tiktoken npm package. */
export const O200K_PATTERN =
  "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
/** GPT-2 (r50k). */
export const GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
/** nanochat's pattern with every Han character its own pre-token (an alternative to measure). */
export const HAN_CHAR_PATTERN =
  "'(?i:[sdmt]|ll|ve|re)|\\p{Han}|[^\\r\\n\\p{L}\\p{N}]?+[^\\P{L}\\p{Han}]+|\\p{N}{1,2}| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+";

export type PatternName = "nanochat" | "cl100k" | "cl100k-py" | "o200k" | "gpt2" | "han-char" | "jieba";
export const PATTERN_NAMES: PatternName[] = ["nanochat", "cl100k", "cl100k-py", "o200k", "gpt2", "han-char", "jieba"];

export interface PatternInfo {
  /** "tokenizer.json": a Hugging Face file's own pre-tokeniser (./hfPretokenize), not a named pattern. */
  name: PatternName | "tokenizer.json";
  /** The fancy-regex source (for jieba: the base regex applied before jieba cuts Han runs). */
  source: string;
  /** True when `source` alone reproduces the split (tiktoken / tokenizer.json can encode identically). */
  regexExact: boolean;
  /** Where the pattern comes from. */
  origin: string;
}

const INFO: Record<PatternName, PatternInfo> = {
  nanochat: { name: "nanochat", source: NANOCHAT_PATTERN, regexExact: true, origin: "nanochat/tokenizer.py SPLIT_PATTERN" },
  cl100k: { name: "cl100k", source: CL100K_PATTERN, regexExact: true, origin: "tiktoken npm cl100k_base" },
  "cl100k-py": { name: "cl100k-py", source: CL100K_PY_PATTERN, regexExact: true, origin: "tiktoken (Python ≥0.7) cl100k_base" },
  o200k: { name: "o200k", source: O200K_PATTERN, regexExact: true, origin: "tiktoken npm o200k_base" },
  gpt2: { name: "gpt2", source: GPT2_PATTERN, regexExact: true, origin: "tiktoken gpt2 / r50k_base" },
  "han-char": { name: "han-char", source: HAN_CHAR_PATTERN, regexExact: true, origin: "nanochat-zh: nanochat pattern, one pre-token per Han character" },
  jieba: {
    name: "jieba",
    source: NANOCHAT_PATTERN,
    regexExact: false,
    origin: "nanochat-zh: nanochat pattern, then Han runs cut into jieba-wasm words (not expressible as a regex)",
  },
};

export function patternInfo(name: string): PatternInfo {
  const info = (INFO as Record<string, PatternInfo | undefined>)[name];
  if (!info) throw new Error(`unknown pattern '${name}' (known: ${PATTERN_NAMES.join(", ")})`);
  return info;
}

const compiled = new Map<string, RegExp>();
/** The compiled JS regex for a fancy-regex source (cached; callers must reset lastIndex). */
export function splitRegex(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = compileSplitPattern(source);
    compiled.set(source, re);
  }
  return re;
}

/** Split text into pre-tokens with a fancy-regex source (the reference splitter). */
export function splitWithRegex(source: string, text: string): string[] {
  const re = new RegExp(splitRegex(source).source, "gv");
  const out: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push(m[0]);
  return out;
}
