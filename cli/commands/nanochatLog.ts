// nanozh nanochat-log — nanochat's base_train output (and report.md) read into tables and plots.
import fs from "node:fs";
import path from "node:path";
// Options and help: cli/specs/nanochat.ts (NANOCHAT_LOG).
import { printJson } from "../args";
import { parse } from "../spec";
import { NANOCHAT_LOG } from "../specs/nanochat";
// the parsers' own files, not the lib/export front door: that one loads the model stack (seconds) for the kit and import
import { logSummaryRows, parseBaseTrainLog } from "../../lib/export/nanochatLog";
import { metricsRows, parseNanochatReport, type NanochatReport } from "../../lib/export/nanochatReport";
import { leftOutText, writeNanochatLogFiles } from "../../lib/export/nanochatLogWrite";
import { toText } from "../../lib/report";
import { outDir } from "../../lib/util/paths";

export async function run(argv: string[]): Promise<number> {
  const args = parse(NANOCHAT_LOG, argv);
  if (!args) return 0;
  const values = args.values;
  const file = args.positionals[0];
  if (!fs.existsSync(file)) throw new Error(`${file}: no such log file`);
  const log = parseBaseTrainLog(fs.readFileSync(file, "utf8"));
  let report: NanochatReport | undefined;
  if (values.report !== undefined) {
    if (!fs.existsSync(values.report)) throw new Error(`--report: ${values.report}: no such file`);
    report = parseNanochatReport(fs.readFileSync(values.report, "utf8"), values.report);
  }
  if (!log.steps.length && !log.evals.length) throw new Error(`${file}: no base_train step or validation lines among ${log.lines} lines (is it nanochat's base_train output?)`);
  const dir = values.out !== undefined ? path.resolve(values.out) : outDir("nanochat-log", path.basename(file).replace(/\.[^.]*$/, ""));
  const written = writeNanochatLogFiles(dir, log, report);
  if (values.json) {
    printJson({ log, report, written });
    return 0;
  }
  process.stdout.write(toText(logSummaryRows(log), undefined, { title: `${file}: ${log.steps.length} steps, ${log.evals.length} validation bpb, ${log.core.length} CORE` }));
  for (const m of log.malformed) process.stderr.write(`${file}:${m.line}: skipped (${m.why}): ${m.text}\n`);
  if (report) process.stdout.write(toText(metricsRows(report), undefined, { title: `${values.report}: final metrics${report.wallClock ? `, total wall clock ${report.wallClock}` : ""}` }));
  if (report?.leftOut.length) process.stdout.write(leftOutText(report));
  process.stdout.write(`wrote ${written.length} files to ${dir}\n`);
  return 0;
}
