// lib/tokenizer — byte-level BPE the nanochat way (reference §4), tiktoken-identical encoding.
//   const tok = trainBpe(docs, { vocabSize: 32768 }).tokenizer;  saveTokenizer("out/tok", tok)
//   const ids = tok.encodeOrdinary("你好世界");  tok.decode(ids)
//   const gpt4 = getTokenizer("cl100k_base")
import fs from "node:fs";
import path from "node:path";
import { builtinTokenizer, isBuiltin } from "./builtin";
import { HF_FILE, loadTokenizer, META_FILE, TIKTOKEN_FILE } from "./formats";
import { hfPackageTokenizer, isHfPackageName } from "./hfPackages";
import { loadHfTokenizerJson } from "./hfTokenizerJson";
import type { Tokenizer } from "./tokenizer";

export { Tokenizer, StreamDecoder, type EncodeOptions, type TokenizerSpec } from "./tokenizer";
export { trainBpe, countChunks, learnMerges, tokensFromMerges, capCodePoints, type TrainOptions, type TrainResult, type TrainStats } from "./train";
export {
  saveTokenizer,
  loadTokenizer,
  tiktokenText,
  parseTiktoken,
  huggingFaceJson,
  tokenizerMeta,
  recoverMerges,
  bytesToUnicode,
  TIKTOKEN_FILE,
  HF_FILE,
  META_FILE,
  TOKENIZER_FILES,
  tokenizerFilesIn,
  type TokenizerMeta,
  type TrainingSummary,
} from "./formats";
export { builtinTokenizer, BUILTIN_NAMES, type BuiltinName } from "./builtin";
export { PATTERN_NAMES, patternInfo, splitWithRegex, NANOCHAT_PATTERN, type PatternName, type PatternInfo } from "./patterns";
export { pretokenizer, type Pretokenizer } from "./pretokenize";
export { toJsPattern, WHITE_SPACE } from "./regex";
export { NANOCHAT_SPECIALS, LANG_SPECIALS, specialsList, type SpecialsName } from "./specials";
export { readDocs, domainTexts, listTextFiles, jsonStrings, SHARED_TEXT_DOMAINS } from "./corpus";
export { compressionStats, type CompressionStats } from "./stats";
export { tokenizerFromHfJson, loadHfTokenizerJson } from "./hfTokenizerJson";
export { HF_PACKAGES, HF_PACKAGE_NAMES, hfPackageTokenizer, hfPackageFile, tokenizerInstalled, type HfPackageName } from "./hfPackages";
export { SplitSequence } from "./hfPretokenize";

/**
 * What a tokenizer folder holds: "ours" (meta.json or tokenizer.tiktoken — saveTokenizer's folder,
 * checked whole by loadTokenizer), "huggingface" (a tokenizer.json and neither of ours: a Hugging Face
 * model folder as people download it), or null (none of them).
 */
export function tokenizerFolderKind(dir: string): "ours" | "huggingface" | null {
  if (fs.existsSync(path.join(dir, META_FILE)) || fs.existsSync(path.join(dir, TIKTOKEN_FILE))) return "ours";
  if (fs.existsSync(path.join(dir, HF_FILE))) return "huggingface";
  return null;
}

/** A tokenizer folder: ours (loadTokenizer), else its tokenizer.json through our reader, else an error naming what was looked for. */
export function loadTokenizerFolder(dir: string): Tokenizer {
  const kind = tokenizerFolderKind(dir);
  if (kind === "ours") return loadTokenizer(dir);
  if (kind === "huggingface") return loadHfTokenizerJson(path.join(dir, HF_FILE), dir);
  throw new Error(
    `tokenizer folder ${dir}: holds no tokenizer — looked for ${META_FILE} + ${TIKTOKEN_FILE} (a tokenizer trained here) and ${HF_FILE} (a Hugging Face model folder); found neither`,
  );
}

/** A built-in name (gpt2, cl100k_base, o200k_base), a shipped model's (qwen3, deepseek_v3), a tokenizer folder (ours, or a Hugging Face model folder with tokenizer.json) or a Hugging Face tokenizer.json. */
export function getTokenizer(nameOrDir: string): Tokenizer {
  if (isBuiltin(nameOrDir)) return builtinTokenizer(nameOrDir);
  if (isHfPackageName(nameOrDir)) return hfPackageTokenizer(nameOrDir);
  if (fs.existsSync(nameOrDir) && fs.statSync(nameOrDir).isDirectory()) return loadTokenizerFolder(nameOrDir);
  if (nameOrDir.endsWith(".json") && fs.existsSync(nameOrDir)) return loadHfTokenizerJson(nameOrDir);
  throw new Error(`tokenizer '${nameOrDir}': neither a built-in (gpt2, cl100k_base, o200k_base, qwen3, deepseek_v3) nor a tokenizer folder or Hugging Face tokenizer.json file`);
}
