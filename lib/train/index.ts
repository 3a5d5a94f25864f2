// lib/train — nanochat v1's pretraining (reference §2, §3, §5) on any engine (lib/engines):
//   const summary = await train(loadConfig("configs/cpu-tiny.yaml"), { out: "out/model" })
//   runLoop(state, settings)                                  the run loop train and sft (lib/chat) share
//   lrMultiplier(step, schedule), muonMomentum(step)         the schedules
//   makeLoader(source, tok, bos, {B, T})                      BOS-prefixed token stream, B·T+1 per batch
//   bitsPerByte(loss, targets, tok.tokenBytes())              the tokenizer-fair metric
//   ngramBaselines(counts, valBatches, tokenBytes)            unigram / bigram bpb beside the network
//   loadCheckpoint(dir)                                       a run's checkpoint, checked
export { train, engineByName, NonFiniteLossError, BASELINE_MAX_TOKENS, type TrainOptions, type TrainEvent, type TrainSummary, type EngineFactory } from "./loop";
export { trainSettings, gptConfigFor, shapeOf, type TrainSettings } from "./settings";
export { lrMultiplier, muonMomentum, pyRound, NANOCHAT_V1_SCHEDULE, type LrSchedule } from "./schedule";
export { TokenLoader, makeLoader, validationBatches, START, type LoaderState, type Batch, type LoaderOptions, type TextEncoderLike } from "./loader";
export { openDocSource, shardsSource, textSource, type DocSource, type DocShard } from "./docSource";
export { bitsPerByte, BpbAccumulator } from "./bpb";
export { NgramCounts, ngramBaselines, type NgramBpb } from "./ngramBaseline";
export { saveCheckpoint, loadCheckpoint, CHECKPOINT_FORMAT, type Checkpoint, type CheckpointMeta, type LogRow } from "./checkpoint";
export { trainingCurves, logCsv, type Baselines } from "./curves";
export { runLoop, newRunState, lossEma, type RunState, type RunRow, type RunLoopSettings, type StepReport } from "./runLoop";
export { greedySamples, SAMPLE_PROMPTS, type Sample } from "./samples";
export { dataForRun, tokenizerForRun, BOS, type RunTokenizer } from "./runInputs";
export { checkRunFolder, openRunFolder, RUN_MARK, type RunFolder } from "./runFolder";
export { measureTrainSpeed, trainFlopsPerToken, randomBatch, type TrainSpeedOptions, type TrainSpeedResult, type EngineKind } from "./trainSpeed";
export { type StepEngine, type MicroBatch, type TrainState, type StepResult, type EngineOptions } from "../engines/stepEngine";
export { NANOCHAT_V1_LRS, NANOCHAT_ADAMW, NS_COEFFS, NS_STEPS, type OptimizerLRs, type AdamWOptions } from "../engines/optimizerSettings";
export { PARITY_TOLERANCES, ILL_CONDITIONED_REL, readFixture, type ParityResult, type LogitsComparison } from "../engines/parityFixture";
