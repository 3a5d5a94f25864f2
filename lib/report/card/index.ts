// The report card, out/report.md, in the spirit of nanochat v1's report: environment, sizing and data
// plan, corpus, tokenizer, training against the n-gram baselines, samples, chat fine-tuning, C-EVAL /
// CMMLU with confidence intervals, scale-out with nanochat (plans, kits, A.1 flags, import), wall clock per stage. Every number is read from out/; a stage
// whose files are missing says "not run" and names its notebook.
//   buildReportCard(readReportInputs(out, {root}))  the Markdown (pure)
//   writeReportCard(out, {root})                     out/report.md, written atomically; returns the path
import path from "node:path";
import { writeFileAtomic } from "../../util/atomicWrite";
import { chatSection } from "./chat";
import { evalSection, wallClockSection } from "./evalSection";
import { section } from "./format";
import { corpusSection, environmentSection, sizingSection, tokenizerSection } from "./pipeline";
import { readReportInputs, type ReadOptions } from "./read";
import { scaleOutSection } from "./scaleOut";
import { samplesSection, trainingSection } from "./training";
import type { ReportInputs } from "./types";

export { readReportInputs, findSftSummary, PLANNED_NOTEBOOKS } from "./read";
export { captureEnvironment } from "./environment";
export { readTimings, TimingsRecorder } from "./timings";
export type { ReportInputs, Timings, NotebookTiming, EnvironmentInfo, LoadedTable } from "./types";

export function buildReportCard(inputs: ReportInputs): string {
  const parts = [
    `# nanochat-zh report card\n\nBuilt ${inputs.generated} from \`${inputs.outDir}\` (run mode **${inputs.mode}**). ` +
      "Every number below comes from a file in that folder, named under each table (or is a ratio of such numbers); " +
      "links are relative to it. Rebuild it with `nanozh report`.\n",
    environmentSection(inputs),
    sizingSection(inputs),
    corpusSection(inputs),
    tokenizerSection(inputs),
    trainingSection(inputs),
    samplesSection(inputs),
    chatSection(inputs),
    evalSection(inputs),
    scaleOutSection(inputs),
    wallClockSection(inputs),
  ];
  if (inputs.skipped.length) parts.push(section("Files left out", inputs.skipped.map((s) => `- \`${s.file}\`: ${s.why}`)));
  return parts.join("\n");
}

/** Rebuild <outDir>/report.md from <outDir>; returns its path. */
export function writeReportCard(outDir: string, opts: ReadOptions): string {
  const file = path.join(outDir, "report.md");
  writeFileAtomic(file, buildReportCard(readReportInputs(outDir, opts)));
  return file;
}
