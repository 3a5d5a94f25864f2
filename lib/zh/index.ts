// lib/zh — Chinese text normalisation, cleaning, dedup and segmentation: the front door.
export { OPENCC_CONFIGS, isOpenCCConfig, openccConverter, convertScript, type OpenCCConfig } from "./script";
export { normalizeWidth, DEFAULT_WIDTH, type WidthOptions } from "./width";
export { cleanHygiene, joinWrappedLines, normalizeNewlines, stripInvisibles, countInvisibles, DEFAULT_HYGIENE, type HygieneOptions } from "./hygiene";
export { makeNormalizer, normalizeText, CORPUS_NORMALIZE, type NormalizeOptions } from "./normalize";
export { scriptProfile, countScripts, languageLabel, DEFAULT_LANGUAGE_THRESHOLDS, type ScriptProfile, type LanguageLabel, type LanguageThresholds } from "./measure";
export { DEFAULT_QUALITY, QUALITY_RULES, type QualityConfig, type RuleFailure } from "./quality";
export { makeCleaner, cleanDocument, CleanStats, resolveQualityConfig, type CleanOptions, type CleanResult } from "./clean";
export { removeBoilerplateLines, isBoilerplateLine, countSpamTerms, SPAM_TERMS } from "./boilerplate";
export { MinHasher, estimateJaccard, type MinHashOptions } from "./minhash";
export { LshIndex, optimalBandsRows, candidateProbability, type BandsRows } from "./lsh";
export { Deduper, dedupTexts, type DedupOptions, type DedupVerdict, type DedupStats } from "./dedup";
export { segmentWords, segmentWithOffsets, addUserWords, loadUserDict, tagWords, wordLengthDistribution, type SegmentMode, type SegmentOptions } from "./segment";
export { evaluateWebNoisy, type WebEvalResult } from "./webEval";
export { readLines, readJsonl, AtomicLineWriter } from "./lines";
export { loadOpenCCCases, runOpenCCCases, type OpenCCCaseReport } from "./openccCases";
export { scanUtf8, type Utf8Scan } from "./utf8scan";
export { readInputDocs, type InputDoc } from "./records";
