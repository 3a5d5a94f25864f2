// nanozh clean: quality filters over a JSONL (or text) file; kept and rejected documents (with the
// rule, measured value and threshold), counts per rule on stdout. Outputs are written atomically.
import { parseOptions, requireOption } from "../args";
import { CleanStats, CORPUS_NORMALIZE, makeCleaner, makeNormalizer } from "../../lib/zh/index";
import { AtomicLineWriter } from "../../lib/zh/lines";
import { progress } from "../../lib/util/progress";
import { readInputDocs } from "../../lib/zh/records";
import { invalidUtf8Message, noInvalidUtf8 } from "../../lib/util/utf8Stream";
import { assertDistinctPaths, requireInputFile, requireNotFolder } from "../../lib/util/pathChecks";

const HELP = `usage: nanozh clean --in FILE [--field text] --out KEPT.jsonl --rejects REJECTS.jsonl [--normalize] [--skip-bad]
  --in FILE        JSONL (one object per line) or text (one document per line)
  --field NAME     the text field of JSONL records (default text)
  --normalize      normalise first (t2s, width, hygiene)
  --skip-bad       skip malformed lines (counted) instead of stopping at file:line`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    in: { type: "string" },
    field: { type: "string", default: "text" },
    out: { type: "string" },
    rejects: { type: "string" },
    normalize: { type: "boolean" },
    "skip-bad": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(HELP + "\n");
    return 0;
  }
  const input = requireOption(values.in, "in");
  const outFile = requireOption(values.out, "out");
  const rejectsFile = requireOption(values.rejects, "rejects");
  requireInputFile(input, "--in");
  requireNotFolder(outFile, "--out");
  requireNotFolder(rejectsFile, "--rejects");
  // before anything is opened: an output that is the input or the other output would lose documents
  assertDistinctPaths([{ option: "--in", path: input }, { option: "--out", path: outFile }, { option: "--rejects", path: rejectsFile }]);
  const field = values.field ?? "text";
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
