// nanozh report — rebuild the report card out/report.md from what the notebooks and commands left in out/.
import fs from "node:fs";
import path from "node:path";
// Options and help: cli/specs/nanochat.ts (REPORT).
import { parse } from "../spec";
import { REPORT } from "../specs/nanochat";
import { buildReportCard, readReportInputs } from "../../lib/report/card";
import { writeFileAtomic } from "../../lib/util/atomicWrite";
import { outDir, repoRoot } from "../../lib/util/paths";

export async function run(argv: string[]): Promise<number> {
  const args = parse(REPORT, argv);
  if (!args) return 0;
  const values = args.values;
  const dir = values["out-dir"] !== undefined ? path.resolve(values["out-dir"]) : outDir();
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`--out-dir: ${dir} is not a folder`);
  const markdown = buildReportCard(readReportInputs(dir, { root: repoRoot() }));
  const file = path.join(dir, "report.md");
  writeFileAtomic(file, markdown);
  process.stdout.write(values.print ? markdown : file + "\n");
  return 0;
}
