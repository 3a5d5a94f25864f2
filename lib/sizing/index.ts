// Front door of the sizing stage: model shape, parameters, FLOPs, horizon, time, cost, memory,
// the guide's §1.2 table beside the computed one, §1.4 per-size defaults and §5.2's decision tree.
export { modelShape, withWidth, checkDepth, padVocab, paddedVocabSize, vocabRows, NANOCHAT_V1_VOCAB, NANOCHAT_V1_SEQ_LEN, NANOCHAT_VOCAB_MULTIPLE, type ModelShape, type WidthOverrides } from "./model";
export { paramCount, paramsForDepth, paramParts, type ParamCount, type ParamPart } from "./params";
export { flopsPerToken, flopsPerTokenParts, type FlopsParts } from "./flops";
export { tokensForRatio, iterationsForRatio, gradAccumSteps, NANOCHAT_V1_TOTAL_BATCH, NANOCHAT_V1_RATIO } from "./horizon";
export { GPUS, lookupGpu, type GpuSpec } from "./gpus";
export { trainingSeconds, trainingHours, costUsd, GUIDE_MFU, GUIDE_USD_PER_GPU_HOUR, type TimeInput } from "./time";
export { sizeModel, type SizeInput, type SizeReport } from "./size";
export { checkSizeLimits, MAX_DEPTH, MIN_VOCAB, MAX_VOCAB } from "./limits";
export { memoryEstimate, deviceBatchThatFits, DEVICE_BATCH_CANDIDATES, memoryRows, deviceBatchFitRows, type MemoryInput, type MemoryEstimate, type MemoryTerm, type DeviceBatchFit, type MemoryRow, type Card } from "./memory";
export { GUIDE_MEMORY_ADVICE, checkGuideMemoryAdvice, type GuideMemoryAdvice, type GuideMemoryCheck } from "./guideMemory";
export { GUIDE_TABLE_1_2, GUIDE_RULES, guideShards, computeGuideRow, compareGuideTable, guideComparisonRows, guideDisagreements, cellMark, hoursText, usesGuideRules, type GuideRow, type ComputedGuideRow, type ComparedRow, type Cell, type GuideColumn, type GuideComparisonRow, type GuideDisagreement } from "./guideTable";
export { paramsFigure, flopsFigure, timeCostFigure, type Figure, type SweepAxis, type SweepFigureOptions } from "./figures";
export { trainingDefaultsForDepth, depthBand, NANOCHAT_V1_TRAINING, type TrainingDefaults, type DepthBand } from "./defaults";
export { recommend, recommendRows, budgetBand, CORPUS_PLANS, PURPOSE_BANDS, PURPOSE_HOURS, MIN_DEVICE_BATCH, type RecommendInput, type Recommendation, type Corpus, type Purpose, type CorpusPlan, type Candidate, type RecommendScenario, type RecommendRow } from "./recommend";
