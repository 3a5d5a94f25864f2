// lib/tokenizer/evaluate — how good is a tokenizer on Chinese and English? (guide §2, §3.2, §4.4)
//   const set = evalSet(runMode(), hasSharedData());                     // domains + where they live
//   const samples = set.domains.map((d) => domainSample(d, { baseDir: set.baseDir, maxChars: 200_000 }));
//   const ms = measureAll([{ label: "cl100k_base", tokenizer: getTokenizer("cl100k_base"), kind: "reference" }], samples);
//   wideTable(ms, "charsPerToken"); poolMeasurements(ms); vocabProfile(tok); hanCoverage(tok, jiebaHanRanking()!)
//   checkClaims(GUIDE_CLAIMS, {...})                                       // the guide's numbers beside ours
//   trainTokenizerSet({...}) / loadTokenizerSet(mode)                      // notebook 04's tokenizers
export { isCompleteUtf8, utf8Shape, charStarts, type Utf8Shape } from "./utf8";
export { vocabProfile, tokenLabel, learnedTokens, longestHanTokens, type VocabProfile } from "./vocab";
export { vocabForCharsPerToken, vocabCost, describeMatch, type SweepPoint, type VocabMatch, type VocabCost } from "./vocabSweep";
export { textStats, countCodePoints, partialIdMask, type TextStats } from "./textStats";
export { hanCoverage, jiebaHanRanking, filterRanking, absentFromTexts, hanFrequencyFromDict, hanFrequencyFromTexts, rankChars, isSingleTokenByBytes, JIEBA_DICT, type HanRanking, type HanCoverage } from "./coverage";
export {
  SHARED_EVAL_DOMAINS,
  SHARED_TRAIN_EXTRA,
  BUNDLED_EVAL_DOMAINS,
  bundledCorpusDir,
  domainDocuments,
  domainSample,
  splitDocuments,
  isHeldout,
  strideSample,
  evalSet,
  type EvalDomain,
  type DomainReader,
  type DomainSample,
  type EvalSet,
  type Split,
} from "./domains";
export { trainingMix, waterFill, type TrainingMix, type MixPart } from "./mix";
export { prefixTokenizer, trainVocabLadder, type Ladder, type LadderEntry } from "./ladder";
export { trainTokenizerSet, loadTokenizerSet, tokenizerName, manifestFile, defaultSetOptions, DEFAULT_VOCAB_SIZES, DEFAULT_PATTERNS, type TokenizerSet, type TokenizerSetOptions, type TokenizerSetEntry, type TokenizerSetManifest } from "./tokenizerSet";
export { measureAll, poolMeasurements, mixPooled, wideTable, longTable, type NamedTokenizer, type Measurement, type Pooled } from "./compare";
export { GUIDE_CLAIMS, checkClaims, verdict, nearestVocab, type GuideClaim, type ClaimRow, type ClaimInputs, type ClaimSubject } from "./claims";
