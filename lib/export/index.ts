// Front door of the export stage: hand a config's run to nanochat (a run kit: shards, tokenizer.pkl,
// token_bytes.pt, conversations, run.sh, README) and bring nanochat's results back.
//   const kit = await exportNanochatKit({ config: "configs/d16-chinese.yaml", out: "out/kit-d16", mode: "small" })
export { exportNanochatKit, toCustomJson, kitConversations, SMALL_MAX_CHARS, SMALL_TRAIN_SHARDS, SMALL_TOKENIZER_CHARS, type KitOptions, type KitSummary } from "./kit";
export { kitPlan, kitReadme, SINGLE_GPU, SINGLE_GPU_USD_PER_HOUR, SCALE_DEPTHS, type KitPlan, type ScaleRow, type SingleGpuPlan } from "./kitReadme";
export { runScript, kitSteps, sftDeviceBatch, sftExamplesPerStep, type KitStep } from "./runScript";
export { checkKitConfig, checkKitTokenizer, checkKitShards, kitConfigProblems, kitTokenizerProblems, kitShardProblems, nanochatShape, KitError, type KitTopology } from "./kitChecks";
export {
  NANOCHAT_COMMIT,
  NANOCHAT_COMMIT_SHORT,
  NANOCHAT_COMMIT_DATE,
  NANOCHAT_REPO_URL,
  NANOCHAT_PIN_REASONS,
  NANOCHAT_SCRIPTS,
  NANOCHAT_LAYOUT,
  NANOCHAT_SPEEDRUN,
  configuratorFlag,
  pyLiteralType,
  pyFloat,
  type NanochatScript,
  type ScriptFlags,
  type ScriptKey,
  type PyType,
} from "./nanochatFlags";
// (other lib/export files — pickle, torchZip, tokenBytes, unpickle, torchLoad, importNanochat, nanochatLog — add their export lines below)
export { importNanochat, findCheckpoint, stripOrigMod, weightsFromStateDict, type ImportOptions, type ImportResult } from "./importNanochat";
export { readTorchStateDict, readTorchPickle, STORAGE_DTYPES, type TorchTensor, type TorchDtype, type ReadTorchOptions } from "./torchLoad";
export { readTiktokenPickle, parseTiktokenPickle, tokenizerFromTiktoken, tokenizerFromPickle, patternNameOf } from "./tiktokenRead";
export { unpickle, PyTuple, PyGlobal, type GlobalHandler, type UnpickleOptions } from "./unpickle";
export { ZipReader, fastCrc32, type ZipMember } from "./zipRead";
export { parseBaseTrainLog, parseStepLine, logSummaryRows, type NanochatLog, type NanochatStep, type NanochatEval, type NanochatCore, type NanochatCoreTask, type NanochatLogSummary } from "./nanochatLog";
export { parseNanochatReport, metricsRows, reportItems, type NanochatReport, type ReportSection, type ReportMetric, type ReportItem, type ReportTable } from "./nanochatReport";
export { nanochatFigures, nanochatLossFigure, nanochatThroughputFigure, nanochatCoreFigure } from "./nanochatFigures";
export { writeNanochatLogFiles, stepRows, coreTaskRows } from "./nanochatLogWrite";
