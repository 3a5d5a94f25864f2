// nanozh report — rebuild the report card out/report.md from what the notebooks and commands left in out/.
import fs from "node:fs";
import path from "node:path";
import { parseOptions } from "../args";
import { buildReportCard, readReportInputs } from "../../lib/report/card";
import { writeFileAtomic } from "../../lib/util/atomicWrite";
import { outDir, repoRoot } from "../../lib/util/paths";

const USAGE = `usage: nanozh report [--out-dir DIR] [--print]

  Rebuilds DIR/report.md (written atomically) from DIR's tables, model/summary.json, the chat
  fine-tuning summary, eval/*.json and notebooks/timings.json; stages with no files say "not run".
  --out-dir DIR   the results folder (default: $NANOZH_OUT or out/)
  --print         print the Markdown instead of the path`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    "out-dir": { type: "string" },
    print: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const dir = values["out-dir"] !== undefined ? path.resolve(values["out-dir"]) : outDir();
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`--out-dir: ${dir} is not a folder`);
  const markdown = buildReportCard(readReportInputs(dir, { root: repoRoot() }));
  const file = path.join(dir, "report.md");
  writeFileAtomic(file, markdown);
  process.stdout.write(values.print ? markdown : file + "\n");
  return 0;
}
