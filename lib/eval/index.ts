// lib/eval — C-EVAL and CMMLU: official data layouts, prompts character for character, log-likelihood scoring.
//   const subjects = loadSubjects("ceval", dir);  const val = loadSplit("ceval", dir, "val");  const dev = loadSplit("ceval", dir, "dev")
//   const p = buildPrompt("ceval", "official", subjects[0], firstShots(dev.get(h), 5, h), val.get(h)![0]);  promptText(p)
//   const enc = encodePrompt(tok, p, model.config.sequence_len)   // shared prefix + question + A–D continuations
export { BENCHMARKS, LETTERS, CATEGORIES, isLetter, type Benchmark, type Letter, type Category, type Split, type Subject, type MCQuestion } from "./types";
export { loadSubjects, loadSplit, readQuestionFile, splitFile, allQuestions, CEVAL_HARD, SPLITS, MAPPING_FILE } from "./data";
export {
  buildPrompt,
  promptText,
  chatConversation,
  firstShots,
  cevalHeader,
  cmmluHeader,
  cevalItem,
  cmmluItem,
  lmEvalItem,
  chatItem,
  chatSystem,
  pyStrip,
  PROMPT_STYLES,
  type PromptStyle,
  type BuiltPrompt,
} from "./prompts";
export { encodePrompt, bosId, BOS_TEXT, type EncodedPrompt } from "./encode";
// (other lib/eval files — score, stats, results, run, write, submission, frames — add their export lines below)
export { wilsonInterval, binomialPValue, binomialLogPmf, significanceThreshold, letterCounts, letterShares, letterDistribution, constantAnswerBest, holmAdjust, benjaminiHochbergAdjust, type SignificanceThreshold } from "./stats";
export { summarize, RANDOM_BASELINE, ALPHA, type QuestionResult, type EvalResult, type EvalMeta, type SubjectRow, type GroupSummary } from "./results";
export { writeEvalResult, evalMarkdown, subjectsCsv, categoryFigure, verdictSentence, type WriteEvalOptions, type EvalFiles } from "./write";
export { cevalSubmission, writeCevalSubmission, type CevalSubmission, type SubmissionOptions } from "./submission";
export { pickLetter, FullPromptScorer, PrefixCachedScorer, type ChoiceScorer, type PrefixScorerOptions } from "./score";
export { evaluate, SCORER_NAMES, type ScorerName, type EvaluateOptions, type EvaluateOutput } from "./run";
export { readResultsFile, RESULTS_FORMAT, type RunHeader } from "./resume";
// danfojs DataFrames (subjectFrame, categoryFrame) are in ./frames, imported directly: danfojs loads TensorFlow.js and
// more on import (seconds), which the CLI should not pay.
