// lib/tokenizer — byte-level BPE the nanochat way (reference §4), tiktoken-identical encoding.
//   const tok = trainBpe(docs, { vocabSize: 32768 }).tokenizer;  saveTokenizer("out/tok", tok)
//   const ids = tok.encodeOrdinary("你好世界");  tok.decode(ids)
//   const gpt4 = getTokenizer("cl100k_base")
import fs from "node:fs";
import { builtinTokenizer, isBuiltin } from "./builtin";
import { loadTokenizer } from "./formats";
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

/** A built-in name (gpt2, cl100k_base, o200k_base) or a tokenizer folder. */
export function getTokenizer(nameOrDir: string): Tokenizer {
  if (isBuiltin(nameOrDir)) return builtinTokenizer(nameOrDir);
  if (fs.existsSync(nameOrDir) && fs.statSync(nameOrDir).isDirectory()) return loadTokenizer(nameOrDir);
  throw new Error(`tokenizer '${nameOrDir}': neither a built-in (gpt2, cl100k_base, o200k_base) nor a tokenizer folder`);
}
