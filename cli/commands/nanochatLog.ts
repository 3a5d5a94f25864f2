// nanozh nanochat-log — nanochat's base_train output (and report.md) read into tables and plots.
import fs from "node:fs";
import path from "node:path";
import { parseOptions, printJson } from "../args";
// the parsers' own files, not the lib/export front door: that one loads the model stack (seconds) for the kit and import
import { logSummaryRows, parseBaseTrainLog } from "../../lib/export/nanochatLog";
import { metricsRows, parseNanochatReport, type NanochatReport } from "../../lib/export/nanochatReport";
import { writeNanochatLogFiles } from "../../lib/export/nanochatLogWrite";
import { toText } from "../../lib/report";
import { outDir } from "../../lib/util/paths";

const USAGE = `usage: nanozh nanochat-log FILE [--report REPORT_MD] [--json] [--out DIR]

  Reads the stdout of nanochat's base_train (torchrun … -m scripts.base_train > FILE; any nanochat version
  from v1 3a5e0bc on) into step, validation-bpb and CORE tables, and optionally the run's report.md
  (its final | Metric | BASE | MID | SFT | RL | table). Lines it does not recognise are skipped and counted.
  --report FILE  nanochat's report.md ($NANOCHAT_BASE_DIR/report/report.md)
  --json         print everything parsed as JSON instead of the summary
  --out DIR      write steps/evals/core/summary/metrics .csv + .md and loss/throughput/core .html
                 (default: out/nanochat-log/<FILE's name>)`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    { report: { type: "string" }, json: { type: "boolean" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
    true,
  );
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`nanozh nanochat-log: expected one log FILE, got ${positionals.length}\n\n${USAGE}\n`);
    return 2;
  }
  const file = positionals[0];
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
  process.stdout.write(`wrote ${written.length} files to ${dir}\n`);
  return 0;
}
