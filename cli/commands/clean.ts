// nanozh clean: quality filters over a JSONL (or text) file; kept and rejected documents (with the
// rule, measured value and threshold), counts per rule on stdout. Outputs are written atomically.
// Options and help: cli/specs/data.ts (CLEAN).
import { parse } from "../spec";
import { CLEAN } from "../specs/data";
import { CleanStats, CORPUS_NORMALIZE, makeCleaner, makeNormalizer } from "../../lib/zh/index";
import { AtomicLineWriter } from "../../lib/zh/lines";
import { progress } from "../../lib/util/progress";
import { readInputDocs } from "../../lib/zh/records";
import { invalidUtf8Message, noInvalidUtf8 } from "../../lib/util/utf8Stream";
import { assertDistinctPaths, requireInputFile, requireNotFolder } from "../../lib/util/pathChecks";

export async function run(argv: string[]): Promise<number> {
  const args = parse(CLEAN, argv);
  if (!args) return 0;
  const values = args.values;
  const input = values.in;
  const outFile = values.out;
  const rejectsFile = values.rejects;
  requireInputFile(input, "--in");
  requireNotFolder(outFile, "--out");
  requireNotFolder(rejectsFile, "--rejects");
  // before anything is opened: an output that is the input or the other output would lose documents
  assertDistinctPaths([{ option: "--in", path: input }, { option: "--out", path: outFile }, { option: "--rejects", path: rejectsFile }]);
  const field = values.field;
  const kept = new AtomicLineWriter(outFile);
  const rejects = new AtomicLineWriter(rejectsFile);
  const normalize = values.normalize ? makeNormalizer(CORPUS_NORMALIZE) : (t: string) => t;
  const clean = makeCleaner();
  const stats = new CleanStats();
  let bad = 0;
  const invalidUtf8 = noInvalidUtf8();
  const prog = progress({ label: "nanozh clean", unit: "docs" });
  try {
    for (const doc of readInputDocs(input, { field, skipBad: values["skip-bad"], onBad: () => bad++, invalidUtf8 })) {
      const r = clean(normalize(doc.text));
      stats.add(r);
      prog.tick();
      if (r.kept) kept.write(JSON.stringify({ ...doc.record, [field]: r.text }));
      else rejects.write(JSON.stringify({ ...doc.record, reject: { ...r.failure, line: doc.line } }));
    }
    kept.commit();
    rejects.commit();
    prog.done();
    if (invalidUtf8.count > 0) process.stderr.write(`nanozh clean: ${invalidUtf8Message(input, invalidUtf8)}\n`);
  } catch (err) {
    kept.abort();
    rejects.abort();
    throw err;
  }
  const s = stats.toJSON();
  const lines = [`documents ${s.docs}  kept ${s.kept}  rejected ${s.rejected}  boilerplate lines removed ${s.boilerplateLines}${bad ? `  malformed lines skipped ${bad}` : ""}`, "rule                  dropped"];
  for (const [rule, n] of Object.entries(s.byRule).sort((a, b) => b[1] - a[1])) lines.push(`${rule.padEnd(22)}${String(n).padStart(7)}`);
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
